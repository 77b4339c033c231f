/* fact_int.h - what fact.c (reading a statement, comparing two) and fact_svo.c (its
 * subject, predicate and object) share: the context's layout, the word-list bits, the
 * word accessors and three comparison helpers. Internal to the fact module.
 */
#ifndef OVERLAP_FACT_INT_H
#define OVERLAP_FACT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/fact.h"
#include "overlap/lexicon.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"

/* Which lists a word is in, as bits: each word of a statement is looked up once, in a hash
 * table of all the lists (a statement is read once per run, and its words are tested
 * against these lists dozens of times). */
enum {
	L_NEG = 1u << 0, L_PRIV = 1u << 1, L_TO = 1u << 2, L_STOP = 1u << 3, L_DENY = 1u << 4,
	L_SKIP = 1u << 5, L_INEXT = 1u << 6, L_IPREV = 1u << 7, L_SUB = 1u << 8,
	L_OPEN = 1u << 9, L_FORM = 1u << 10, L_SPEECH = 1u << 11, L_UN = 1u << 12,
	L_AUX = 1u << 13, L_LIGHT = 1u << 14, L_FIG = 1u << 15,
};

#define LIST_SLOTS 1024 /* power of two, over twice the ~350 list words */

struct fct_ctx {
	stem_ctx *stem;
	lex_ctx *lex;
	tok_list toks;
	const char *lw[LIST_SLOTS]; /* list words, open addressing by hash */
	uint32_t lm[LIST_SLOTS];    /* their list bits */
};

/* The normalised form and the stem of word i of s. */
static inline const char *W(const fct_stmt *s, size_t i)
{
	return s->str + s->w[i].norm;
}

static inline const char *S(const fct_stmt *s, size_t i)
{
	return s->str + s->w[i].stem;
}

/* Same stem or WordNet synonyms: the test for context words. */
bool fctx_same_word(fct_ctx *c, const fct_stmt *a, size_t i, const fct_stmt *b, size_t j);

/* Whether word k of s counts as context (a content word, no figure, cue or reporting verb). */
bool fctx_counts_as_context(const fct_stmt *s, size_t k);

/* Words lo..hi-1 of s (normalised) joined by spaces into out[0..cap), cut at a whole word. */
void fctx_words_text(const fct_stmt *s, size_t lo, size_t hi, char *out, size_t cap);

/* Whether names na of a and nb of b are the same: as many words, each with the same stem. */
bool fctx_same_name(const fct_stmt *a, const fct_named *na, const fct_stmt *b,
		    const fct_named *nb);

/* A polarity conflict over a name na of a and nb of b, one of them negated: out filled as
 * fct_polarity_conflict's (the negated side's cue, both spans from head to the name's end,
 * what: the name). @return true. */
bool fctx_named_conflict(const fct_stmt *a, const fct_named *na, const fct_stmt *b,
			 const fct_named *nb, fct_conflict *out);

/* Words of s covering [s0, e0): first and one-past-last index, or false when none. */
bool fctx_span_words(const fct_stmt *s, uint32_t s0, uint32_t e0, size_t *lo, size_t *hi);

#endif
