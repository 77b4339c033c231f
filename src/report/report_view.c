/* report_view.c - the one read side of a report tree (see report_view.h).
 *
 * Input: a report json_t, fresh or loaded from a file anyone may have edited. Output: a
 * view that answers "the document with this id", "is the matrix usable", "the pairs in
 * ranked order" the same way for the charts, the page and the terminal. It renders and
 * prints nothing (report_gnuplot.c, report_html.c and cli/commands.c do).
 * Workload: up to ~100,000 documents and their pairs; a page of that size looked each
 * pair's ids up by scanning (85% of its run), hence the hash index, built once in O(n).
 * A fresh run of a million documents gives its documents through a source instead
 * (rpt_view_new_source): the page and charts read a few hundred of them, and building all
 * their trees was most of the run's report phase.
 */
#include "overlap/report_view.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "overlap/mem.h"

/* ---- types ------------------------------------------------------------------------- */

struct rpt_view {
	const json_t *report;    /* borrowed */
	const json_t *docs;      /* report.documents (an array, or NULL) */
	size_t ndocs;
	size_t ntexts;           /* documents with a "text" string */
	rpt_doc_source src;      /* src.doc set: documents come from it, not from docs */
	json_t **built;          /* src.doc's documents, built when first asked for (owned) */
	uint32_t *ix;            /* open addressing over docs by id: index + 1, 0 = free */
	size_t ixcap;            /* a power of two, at least twice ndocs */
	const json_t *mvalues;   /* report.matrix.values when usable, else NULL */
	size_t mn;
	size_t *ranked;          /* report.pairs indices in ranking order */
	size_t npairs;
};

/* ---- tuning ------------------------------------------------------------------------ */

/* A measure name becomes part of a file name: [a-z0-9_] only, this long at most. */
#define MEASURE_NAME_MAX 40

static const rpt_measure MEASURES[] = {
	{"jaccard", "Shingle Jaccard similarity", true},
	{"containment", "Shingle containment (max of both directions)", true},
	{"passage_coverage", "Shared-passage coverage (max of both sides)", true},
	{"shared_claims", "Shared claims (share of the smaller document's claims)", true},
	{"topical", "Topical similarity (TF-IDF cosine of stems and names)", false},
};

static const char *const RELATIONS[RPT_NRELATIONS] = {"repeat", "contradict", "extend",
	"related", "unrelated"};

/* ---- getters ----------------------------------------------------------------------- */

const char *rpt_str(const json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : dflt;
}

double rpt_num(const json_t *o, const char *key, double dflt)
{
	const json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : dflt;
}

/* ---- documents --------------------------------------------------------------------- */

static const char *doc_id(const rpt_view *v, size_t i)
{
	if (v->src.doc && v->src.id) {
		const char *id = v->src.id(v->src.ctx, i);
		if (id)
			return id;
	}
	return rpt_str(rpt_view_doc_at(v, i), "id", NULL);
}

static size_t id_slot(const char *id, size_t cap)
{
	return (size_t)hash_bytes(id, strlen(id), 0) & (cap - 1);
}

/* Every document with a string id, the first of repeated ids winning (as a scan would). */
static void index_docs(rpt_view *v)
{
	v->ixcap = 16;
	while (v->ixcap < 2 * v->ndocs)
		v->ixcap *= 2;
	v->ix = xcalloc(v->ixcap, sizeof *v->ix);
	for (size_t i = 0; i < v->ndocs && i < UINT32_MAX; i++) {
		const char *id = doc_id(v, i);
		if (!id)
			continue;
		size_t k = id_slot(id, v->ixcap);
		while (v->ix[k] && strcmp(doc_id(v, v->ix[k] - 1), id) != 0)
			k = (k + 1) & (v->ixcap - 1);
		if (!v->ix[k])
			v->ix[k] = (uint32_t)i + 1;
	}
}

long rpt_view_doc_index(const rpt_view *v, const char *id)
{
	if (!id || !v->ix)
		return -1;
	size_t k = id_slot(id, v->ixcap);
	while (v->ix[k]) {
		assert(v->ix[k] - 1 < v->ndocs);
		if (strcmp(doc_id(v, v->ix[k] - 1), id) == 0)
			return (long)v->ix[k] - 1;
		k = (k + 1) & (v->ixcap - 1);
	}
	return -1;
}

const json_t *rpt_view_doc(const rpt_view *v, const char *id)
{
	long i = rpt_view_doc_index(v, id);
	return i < 0 ? NULL : rpt_view_doc_at(v, (size_t)i);
}

size_t rpt_view_ndocs(const rpt_view *v)
{
	return v->ndocs;
}

const json_t *rpt_view_doc_at(const rpt_view *v, size_t i)
{
	if (!v->src.doc)
		return json_array_get(v->docs, i);
	if (i >= v->ndocs)
		return NULL;
	if (!v->built[i])
		v->built[i] = v->src.doc(v->src.ctx, i);
	return v->built[i];
}

size_t rpt_view_ntexts(const rpt_view *v)
{
	return v->ntexts;
}

const json_t *rpt_view_json(const rpt_view *v)
{
	return v->report;
}

/* ---- matrix and measures ------------------------------------------------------------ */

bool rpt_matrix_ok(const json_t *m, size_t n)
{
	if (!json_is_array(m) || json_array_size(m) != n || n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		const json_t *row = json_array_get(m, i);
		if (!json_is_array(row) || json_array_size(row) != n)
			return false;
	}
	return true;
}

const json_t *rpt_view_matrix(const rpt_view *v, size_t *n)
{
	*n = v->mn;
	return v->mvalues;
}

static void check_matrix(rpt_view *v)
{
	const json_t *matrix = json_object_get(v->report, "matrix");
	const json_t *values = json_object_get(matrix, "values");
	size_t n = json_array_size(values);
	size_t nids = json_array_size(json_object_get(matrix, "ids"));
	if (json_is_object(matrix) && rpt_matrix_ok(values, n) && (nids == 0 || nids == n)) {
		v->mvalues = values;
		v->mn = n;
	}
}

const rpt_measure *rpt_measure_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof MEASURES / sizeof MEASURES[0]; i++)
		if (strcmp(name, MEASURES[i].name) == 0)
			return &MEASURES[i];
	return NULL;
}

bool rpt_measure_name_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return false;
	return n > 0 && n <= MEASURE_NAME_MAX;
}

/* ---- the pair ranking --------------------------------------------------------------- */

int rpt_relation_rank(const char *label)
{
	for (int i = 0; label && i < RPT_NRELATIONS; i++)
		if (strcmp(label, RELATIONS[i]) == 0)
			return i;
	return RPT_NRELATIONS;
}

const char *rpt_relation_name(int rank)
{
	return rank >= 0 && rank < RPT_NRELATIONS ? RELATIONS[rank] : "other";
}

double rpt_pair_overlap(const json_t *p)
{
	static const char *const keys[] = {"jaccard", "containment_ab", "containment_ba"};
	double best = 0;
	for (size_t i = 0; i < 3; i++)
		best = fmax(best, rpt_num(p, keys[i], 0));
	const json_t *pc = json_object_get(p, "passage_coverage");
	best = fmax(best, rpt_num(pc, "a", 0));
	best = fmax(best, rpt_num(pc, "b", 0));
	return best > 1 ? 1 : best;
}

typedef struct pair_key {
	double score; /* rpt_pair_overlap, larger first */
	double tie;   /* Jaccard, larger first: among equal overlaps, closer copies */
	int rank;     /* relation rank, smaller first */
	size_t idx;   /* report order last: the sort is total */
} pair_key;

static int pair_cmp(const void *x, const void *y)
{
	const pair_key *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->tie != b->tie)
		return a->tie > b->tie ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void rank_pairs(rpt_view *v)
{
	const json_t *pairs = json_object_get(v->report, "pairs");
	v->npairs = json_array_size(pairs);
	if (!v->npairs)
		return;
	pair_key *keys = xcalloc(v->npairs, sizeof *keys);
	for (size_t i = 0; i < v->npairs; i++) {
		const json_t *p = json_array_get(pairs, i);
		keys[i] = (pair_key){rpt_pair_overlap(p), rpt_num(p, "jaccard", 0),
			rpt_relation_rank(rpt_str(json_object_get(p, "relation"), "label", NULL)), i};
	}
	qsort(keys, v->npairs, sizeof *keys, pair_cmp);
	v->ranked = xcalloc(v->npairs, sizeof *v->ranked);
	for (size_t i = 0; i < v->npairs; i++)
		v->ranked[i] = keys[i].idx;
	free(keys);
}

const size_t *rpt_view_ranked(const rpt_view *v, size_t *n)
{
	*n = v->npairs;
	return v->ranked;
}

/* ---- API --------------------------------------------------------------------------- */

/* What either constructor does once its documents are known: index, matrix, ranking. */
static int finish(rpt_view *v, rpt_view **out)
{
	index_docs(v);
	check_matrix(v);
	rank_pairs(v);
	*out = v;
	return 0;
}

int rpt_view_new(const json_t *report, rpt_view **out, err_ctx *e)
{
	*out = NULL;
	if (!json_is_object(report))
		return err_set(e, OVL_EINPUT, NULL, "report is not a JSON object");
	rpt_view *v = xcalloc(1, sizeof *v);
	v->report = report;
	v->docs = json_object_get(report, "documents");
	v->ndocs = json_array_size(v->docs);
	size_t i;
	json_t *d;
	json_array_foreach(v->docs, i, d)
		v->ntexts += json_is_string(json_object_get(d, "text"));
	return finish(v, out);
}

int rpt_view_new_source(const json_t *report, const rpt_doc_source *src, rpt_view **out,
			err_ctx *e)
{
	*out = NULL;
	if (!json_is_object(report))
		return err_set(e, OVL_EINPUT, NULL, "report is not a JSON object");
	assert(src && src->doc);
	rpt_view *v = xcalloc(1, sizeof *v);
	v->report = report;
	v->src = *src;
	v->ndocs = src->ndocs;
	v->ntexts = src->ntexts;
	v->built = xcalloc(v->ndocs ? v->ndocs : 1, sizeof *v->built);
	return finish(v, out);
}

void rpt_view_free(rpt_view *v)
{
	if (!v)
		return;
	for (size_t i = 0; v->built && i < v->ndocs; i++)
		json_decref(v->built[i]);
	free(v->built);
	free(v->ix);
	free(v->ranked);
	free(v);
}
