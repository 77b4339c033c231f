/* boilerplate.c - document frequency of seed grams and boilerplate marking (see
 * boilerplate.h).
 *
 * Workload: up to tens of thousands of documents of ~500-5,000 words, so up to ~10^7
 * distinct grams, almost all in one document. An open-addressing table (key, count,
 * delta) with lossy counting keeps only grams that recur. Per document the grams are
 * sorted and deduplicated first (O(n log n), n = document words). No printing.
 */
#include "overlap/boilerplate.h"

#include <stdlib.h>
#include <string.h>

#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/util.h"

/* ---- tuning ---- */

/* Initial table slots (power of two); grows at 50% load, which keeps linear probes short
 * for 64-bit hashed keys. */
#define BLP_INIT_SLOTS 4096u

/* ---- types ---- */

typedef struct blp_slot {
	uint64_t key;   /* gram hash; 0 = empty */
	uint32_t count; /* documents seen holding it since it was (re)inserted */
	uint32_t delta; /* lossy counting: max documents missed before insertion */
} blp_slot;

struct blp_index {
	blp_slot *t;
	size_t cap, used;
	size_t ndocs;
	uint64_t *tmp; /* per-document dedup buffer */
	size_t tmp_cap;
};

/* ---- helpers ---- */

static size_t slot_of(uint64_t k, size_t cap)
{
	return (size_t)((k ^ (k >> 31)) * 0x9e3779b97f4a7c15ull >> 17) & (cap - 1);
}

static void rehash(blp_index *ix, size_t ncap)
{
	blp_slot *nt = xcalloc(ncap, sizeof(*nt));
	for (size_t i = 0; i < ix->cap; i++) {
		if (!ix->t[i].key)
			continue;
		size_t s = slot_of(ix->t[i].key, ncap);
		while (nt[s].key)
			s = (s + 1) & (ncap - 1);
		nt[s] = ix->t[i];
	}
	free(ix->t);
	ix->t = nt;
	ix->cap = ncap;
}

/* Lossy counting: at the end of bucket b (every BLP_EXACT_DOCS documents) drop grams with
 * count + delta <= b. Rebuilding the table also clears linear-probe chains. */
static void prune(blp_index *ix)
{
	uint32_t b = (uint32_t)(ix->ndocs / BLP_EXACT_DOCS);
	size_t keep = 0;
	for (size_t i = 0; i < ix->cap; i++) {
		blp_slot *s = &ix->t[i];
		if (!s->key)
			continue;
		if ((uint64_t)s->count + s->delta <= b)
			s->key = 0;
		else
			keep++;
	}
	size_t ncap = BLP_INIT_SLOTS;
	while (ncap < 2 * keep + 2)
		ncap <<= 1;
	ix->used = keep;
	rehash(ix, ncap);
}

static const blp_slot *find(const blp_index *ix, uint64_t k)
{
	size_t s = slot_of(k, ix->cap);
	while (ix->t[s].key) {
		if (ix->t[s].key == k)
			return &ix->t[s];
		s = (s + 1) & (ix->cap - 1);
	}
	return NULL;
}

/* ---- API ---- */

blp_index *blp_new(void)
{
	blp_index *ix = xcalloc(1, sizeof(*ix));
	ix->cap = BLP_INIT_SLOTS;
	ix->t = xcalloc(ix->cap, sizeof(*ix->t));
	return ix;
}

void blp_free(blp_index *ix)
{
	if (!ix)
		return;
	free(ix->t);
	free(ix->tmp);
	free(ix);
}

int blp_add_doc(blp_index *ix, const uint64_t *grams, size_t n)
{
	if (!ix || (!grams && n))
		return OVL_EUSAGE;
	size_t m = 0;
	XGROW(ix->tmp, ix->tmp_cap, n + 1);
	for (size_t i = 0; i < n; i++)
		if (grams[i])
			ix->tmp[m++] = grams[i];
	if (m > 1)
		qsort(ix->tmp, m, sizeof(uint64_t), util_cmp_u64);
	uint32_t bucket = (uint32_t)(ix->ndocs / BLP_EXACT_DOCS);
	for (size_t i = 0; i < m; i++) {
		uint64_t k = ix->tmp[i];
		if (i && k == ix->tmp[i - 1])
			continue;
		if (2 * (ix->used + 1) > ix->cap)
			rehash(ix, ix->cap * 2);
		size_t s = slot_of(k, ix->cap);
		while (ix->t[s].key && ix->t[s].key != k)
			s = (s + 1) & (ix->cap - 1);
		if (!ix->t[s].key) {
			ix->t[s].key = k;
			ix->t[s].count = 0;
			ix->t[s].delta = bucket;
			ix->used++;
		}
		if (ix->t[s].count < UINT32_MAX)
			ix->t[s].count++;
	}
	ix->ndocs++;
	if (ix->ndocs % BLP_EXACT_DOCS == 0)
		prune(ix);
	return 0;
}

size_t blp_ndocs(const blp_index *ix)
{
	return ix ? ix->ndocs : 0;
}

uint32_t blp_df(const blp_index *ix, uint64_t g)
{
	if (!ix || !g)
		return 0;
	const blp_slot *s = find(ix, g);
	return s ? s->count : 0;
}

int blp_mark(const blp_index *ix, double df_frac, const uint64_t *grams, size_t n,
	     uint8_t *common)
{
	if (!ix || ((!grams || !common) && n) || !(df_frac > 0 && df_frac <= 1))
		return OVL_EUSAGE;
	double cut = df_frac * (double)ix->ndocs;
	if (cut < BLP_MIN_DOCS)
		cut = BLP_MIN_DOCS;
	for (size_t i = 0; i < n; i++)
		common[i] = grams[i] && (double)blp_df(ix, grams[i]) >= cut;
	return 0;
}

int blp_mark_count(const blp_index *ix, uint32_t min_count, const uint64_t *grams, size_t n,
		   uint8_t *common)
{
	if (!ix || ((!grams || !common) && n) || !min_count)
		return OVL_EUSAGE;
	for (size_t i = 0; i < n; i++)
		common[i] = grams[i] && blp_df(ix, grams[i]) >= min_count;
	return 0;
}
