/* stem.c - Snowball English stems as match keys, and the stop-word list (see stem.h).
 *
 * Workload: every token of every aligned document gets a key; news vocabulary is small
 * (a few thousand distinct words per corpus), so keys are memoised in a direct-mapped
 * cache keyed by the token's normalised-form hash and the stemmer runs once per distinct
 * word in steady state. It does not decide which words to seed on (align.c does).
 */
#include "overlap/stem.h"

#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/mem.h"

/* ---- tuning ---- */

/* Direct-mapped key cache slots (power of two). 16384 slots x 16 bytes = 256 KiB per
 * context: holds the vocabulary of a typical news corpus (5,000-15,000 distinct words)
 * with few collisions, and a collision only costs one re-stem. */
#define STEM_CACHE_SLOTS 16384u

/* Stop-word hash set slots (power of two, > 2x the list). */
#define STOP_SET_SLOTS 512u

/* ---- types ---- */

struct stem_ctx {
	struct sb_stemmer *sb;
	uint64_t cache_h[STEM_CACHE_SLOTS];   /* tok hash in this slot; 0 = empty */
	uint64_t cache_key[STEM_CACHE_SLOTS]; /* its stem key */
	uint64_t stop_set[STOP_SET_SLOTS];    /* tok_word_hash of stop words; 0 = empty */
};

/* Sorted by bytes (memcmp order, shorter first on a common prefix) for binary search.
 * Function words only: no word here carries topic, so an n-gram made only of them is not
 * evidence of shared text. "s", "t", "d", "ll", "m", "re", "ve", "don" are the pieces
 * the tokenizer leaves from contractions and possessives ("Russia's" -> "russia" "s"). */
static const char *const stop_words[] = {
	"a", "about", "above", "after", "again", "against", "all", "also", "although", "am",
	"amid", "among", "an", "and", "any", "are", "as", "at", "be", "because", "been",
	"before", "being", "below", "between", "both", "but", "by", "can", "could", "d", "did",
	"do", "does", "doing", "don", "down", "during", "each", "few", "for", "from", "further",
	"had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
	"himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its",
	"itself", "just", "ll", "m", "may", "me", "might", "more", "most", "must", "my",
	"myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "onto", "or",
	"other", "our", "ours", "ourselves", "out", "over", "own", "per", "re", "s", "same",
	"shall", "she", "should", "since", "so", "some", "such", "t", "than", "that", "the",
	"their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
	"those", "though", "through", "to", "too", "toward", "towards", "under", "unless",
	"until", "up", "upon", "ve", "very", "via", "was", "we", "were", "what", "when",
	"where", "whereas", "whether", "which", "while", "who", "whom", "whose", "why", "will",
	"with", "within", "without", "would", "yet", "you", "your", "yours", "yourself",
	"yourselves",
};
#define N_STOP (sizeof(stop_words) / sizeof(stop_words[0]))

/* ---- helpers ---- */

static int cmp_word(const char *w, size_t n, const char *s)
{
	size_t sn = strlen(s);
	int c = memcmp(w, s, n < sn ? n : sn);
	if (c)
		return c;
	return (n > sn) - (n < sn);
}

static uint64_t key_of(stem_ctx *ctx, const char *w, size_t n)
{
	size_t sn;
	const char *s = stem_word(ctx, w, n, &sn);
	return tok_word_hash(s, sn);
}

/* ---- API ---- */

stem_ctx *stem_new(void)
{
	stem_ctx *ctx = xcalloc(1, sizeof(*ctx));
	ctx->sb = sb_stemmer_new("english", "UTF_8");
	if (!ctx->sb) {
		/* Only fails on OOM (the english UTF-8 stemmer is always built in). */
		fprintf(stderr, "overlap: out of memory creating the stemmer\n");
		abort();
	}
	for (size_t i = 0; i < N_STOP; i++) {
		uint64_t h = tok_word_hash(stop_words[i], strlen(stop_words[i]));
		size_t slot = (size_t)h & (STOP_SET_SLOTS - 1);
		while (ctx->stop_set[slot])
			slot = (slot + 1) & (STOP_SET_SLOTS - 1);
		ctx->stop_set[slot] = h;
	}
	return ctx;
}

void stem_free(stem_ctx *ctx)
{
	if (!ctx)
		return;
	sb_stemmer_delete(ctx->sb);
	free(ctx);
}

const char *stem_word(stem_ctx *ctx, const char *w, size_t n, size_t *out_n)
{
	if (n == 0) {
		*out_n = 0;
		return "";
	}
	if (n > STEM_MAX_WORD) {
		*out_n = n;
		return w;
	}
	const sb_symbol *s = sb_stemmer_stem(ctx->sb, (const sb_symbol *)w, (int)n);
	if (!s) { /* libstemmer returns NULL only on OOM */
		fprintf(stderr, "overlap: out of memory stemming a word\n");
		abort();
	}
	*out_n = (size_t)sb_stemmer_length(ctx->sb);
	return (const char *)s;
}

uint64_t stem_key(stem_ctx *ctx, uint64_t hash, const char *w, size_t n)
{
	size_t slot = (size_t)(hash ^ (hash >> 29)) & (STEM_CACHE_SLOTS - 1);
	if (hash && ctx->cache_h[slot] == hash)
		return ctx->cache_key[slot];
	uint64_t key = key_of(ctx, w, n);
	ctx->cache_h[slot] = hash;
	ctx->cache_key[slot] = key;
	return key;
}

void stem_keys(stem_ctx *ctx, const tok_list *t, uint64_t *keys)
{
	for (size_t i = 0; i < t->n; i++) {
		const tok *k = &t->v[i];
		keys[i] = (k->flags & TOK_DIGIT) ? k->hash
						 : stem_key(ctx, k->hash, t->norm + k->norm_off, k->norm_len);
	}
}

bool stem_is_stop(const char *w, size_t n)
{
	if (n == 0 || n > 10)
		return false;
	size_t lo = 0, hi = N_STOP;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_word(w, n, stop_words[mid]);
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

bool stem_is_stop_hash(const stem_ctx *ctx, uint64_t h)
{
	if (!h)
		return false;
	size_t slot = (size_t)h & (STOP_SET_SLOTS - 1);
	while (ctx->stop_set[slot]) {
		if (ctx->stop_set[slot] == h)
			return true;
		slot = (slot + 1) & (STOP_SET_SLOTS - 1);
	}
	return false;
}
