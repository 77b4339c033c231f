/* pipeline_pairs.c - the pipeline's pair list (sorted by document pair, without repeats)
 * and the independent sources that copies and one outlet's articles make (pipeline_int.h).
 * It runs no stage and does not print.
 */
#include <stdlib.h>
#include <string.h>

#include "overlap/mem.h"
#include "overlap/topic.h"
#include "pipeline_int.h"

/* ---- tuning ---- */

/* Near-copies count as one source when either document is mostly the other: containment
 * of word 5-grams this high does not happen between independent write-ups, while
 * syndicated copies with a changed headline or trimmed ending stay well above it. */
#define PL_COPY_CONTAINMENT 0.8
/* ...or when shared passages cover most of the shorter document. */
#define PL_COPY_COVERAGE 0.7

/* ---- pair lists ---------------------------------------------------------------------- */

int plp_cmp(const void *x, const void *y)
{
	const pl_pair *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

/* Binary search in v[0..n), sorted by (a, b). */
long plp_find(const pl_pair *v, size_t n, uint32_t a, uint32_t b)
{
	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const pl_pair *p = &v[mid];
		if (p->a == a && p->b == b)
			return (long)mid;
		if (p->a < a || (p->a == a && p->b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long pl_find_pair(const pl_result *r, uint32_t a, uint32_t b)
{
	return plp_find(r->pairs, r->npairs, a, b);
}

void plp_push(pl_pair **v, size_t *n, size_t *cap, uint32_t a, uint32_t b)
{
	if (a == b)
		return;
	XGROW(*v, *cap, *n + 1);
	pl_pair *p = &(*v)[(*n)++];
	memset(p, 0, sizeof *p);
	p->a = a < b ? a : b;
	p->b = a < b ? b : a;
}

/* Whether v[0..n) is in (a, b) order: qsort on 1M sorted pairs of this size is ~1 s. */
bool plp_sorted(const pl_pair *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (plp_cmp(&v[i - 1], &v[i]) > 0)
			return false;
	return true;
}

/* Sort by (a, b) and fold duplicates (keeping similarity figures where present). */
void plp_unique(pl_pair *v, size_t *n)
{
	if (!*n)
		return;
	if (!plp_sorted(v, *n)) /* the similarity stage's pairs come sorted already */
		qsort(v, *n, sizeof *v, plp_cmp);
	size_t w = 0;
	for (size_t i = 0; i < *n; i++) {
		if (w && v[w - 1].a == v[i].a && v[w - 1].b == v[i].b) {
			if (v[i].have_sim && !v[w - 1].have_sim)
				v[w - 1] = v[i];
			continue;
		}
		v[w++] = v[i];
	}
	*n = w;
}

/* Map an id or a path to a document index, or -1. */
long plp_doc_lookup(const sim_result *s, const char *key)
{
	for (size_t i = 0; i < s->ndocs; i++)
		if (strcmp(s->docs[i].id, key) == 0)
			return (long)i;
	for (size_t i = 0; i < s->ndocs; i++)
		if (strcmp(s->docs[i].path, key) == 0)
			return (long)i;
	return -1;
}

/* Topical similarity and story of every pair (none without stories). */
void plp_stories(pl_result *r)
{
	for (size_t i = 0; r->topic && i < r->npairs; i++) {
		pl_pair *p = &r->pairs[i];
		p->topical = tpc_sim(r->topic, p->a, p->b);
		p->same_story = r->topic->story[p->a] == r->topic->story[p->b];
	}
}

/* ---- independent sources --------------------------------------------------------------- */

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	if (a != b)
		parent[a < b ? b : a] = a < b ? a : b; /* smallest index is the root: stable */
}

/* Documents that repeat each other, or come from the same outlet (JSONL "source"), are one
 * independent source. Groups are numbered by their first document. */
void plp_source_groups(pl_result *r)
{
	size_t n = r->sim->ndocs;
	uint32_t *parent = xmalloc(n * sizeof *parent);
	for (size_t i = 0; i < n; i++)
		parent[i] = (uint32_t)i;
	for (size_t i = 0; i < r->npairs; i++) {
		const pl_pair *p = &r->pairs[i];
		double cont = p->cont_ab > p->cont_ba ? p->cont_ab : p->cont_ba;
		double cov = p->cov_a > p->cov_b ? p->cov_a : p->cov_b;
		if (cont >= PL_COPY_CONTAINMENT || cov >= PL_COPY_COVERAGE)
			uf_union(parent, p->a, p->b);
	}
	for (size_t i = 0; i < n; i++) {
		const char *si = r->sim->docs[i].source;
		if (!si || !*si)
			continue;
		for (size_t j = 0; j < i; j++) {
			const char *sj = r->sim->docs[j].source;
			if (sj && strcmp(si, sj) == 0) {
				uf_union(parent, (uint32_t)i, (uint32_t)j);
				break;
			}
		}
	}
	r->source_group = xmalloc(n * sizeof *r->source_group);
	uint32_t *num = xmalloc(n * sizeof *num);
	uint32_t groups = 0;
	for (size_t i = 0; i < n; i++)
		num[i] = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		uint32_t root = uf_find(parent, (uint32_t)i);
		if (num[root] == UINT32_MAX)
			num[root] = groups++;
		r->source_group[i] = num[root];
	}
	r->nsource_groups = groups;
	free(num);
	free(parent);
}

