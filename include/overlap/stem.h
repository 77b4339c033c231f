/* stem.h - English Snowball stems of normalised words, as 64-bit match keys, and an
 * English stop-word test.
 *
 * A thin wrapper over libstemmer ("english", UTF-8). A stem_ctx holds one sb_stemmer, which
 * is not thread-safe: use one context per thread. Keys are cached per word hash (news text
 * repeats a small vocabulary), so stem_keys costs a hash lookup per token in steady state.
 * It does not tokenise or normalise (tokenize.h does); it expects normalised (case-folded)
 * words. Words with digits are not stemmed.
 */
#ifndef OVERLAP_STEM_H
#define OVERLAP_STEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/tokenize.h"

typedef struct stem_ctx stem_ctx;

#define STEM_MAX_WORD 255

/* New English stemmer context. Never NULL (aborts on OOM like xmalloc; libstemmer failing
 * to create the English stemmer is treated the same way). Free with stem_free(). */
stem_ctx *stem_new(void);

void stem_free(stem_ctx *ctx); /* NULL is a no-op */

/* Stem of the normalised word w[0..n), NUL-terminated, length in *out_n. It points into
 * ctx and stays valid until the next call on ctx. n == 0 gives an empty stem. Words longer
 * than STEM_MAX_WORD bytes are returned unchanged (pointer to w itself, not terminated).
 * @return the stem bytes (never NULL). */
const char *stem_word(stem_ctx *ctx, const char *w, size_t n, size_t *out_n);

/* keys[i] = XXH3-64 (seed 0) of the stem of t->v[i]'s normalised form, for i < t->n;
 * tokens with a digit (TOK_DIGIT) keep t->v[i].hash. keys must hold t->n entries.
 * A word whose stem is itself gets the same key as its tok.hash. Empty list: nothing. */
void stem_keys(stem_ctx *ctx, const tok_list *t, uint64_t *keys);

/* The key of one normalised word w[0..n) whose tok_word_hash is hash (the stem_keys value
 * of a token without digits), through the same cache. */
uint64_t stem_key(stem_ctx *ctx, uint64_t hash, const char *w, size_t n);

/* Whether the normalised (lower-case) word w[0..n) is an English stop word (a fixed list
 * of about 170 function words: articles, pronouns, auxiliaries, prepositions,
 * conjunctions). Thread-safe, no context. */
bool stem_is_stop(const char *w, size_t n);

/* Same test on a token hash: whether h equals XXH3-64 of a stop word. Hashes of the
 * list are computed once per ctx. */
bool stem_is_stop_hash(const stem_ctx *ctx, uint64_t h);

#endif
