/* report_matrix.c - the view of a report matrix both heatmaps draw (see report_matrix.h).
 *
 * Input: one N x N matrix of the report (N <= matrix_max, 200 by default, at most 5,000),
 * its ids and titles, and report.stories when present. Output: rows in an order that puts
 * similar documents together, a colour scale over the off-diagonal values (the 1.0
 * diagonal would otherwise take the whole scale: on independently written news the largest
 * real value is often ~0.15), short labels that stay distinct, and past
 * RPT_MATRIX_DOCS_MAX documents a story- or cluster-level matrix. It does not draw (the
 * gnuplot and HTML writers do). Cost: the greedy seriation is O(N^2), 25 M steps at 5,000.
 */
#include "overlap/report_matrix.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/mem.h"

/* Seriated neighbours less similar than this share of the largest value start a new
 * cluster. A first choice, checked by eye only: on the first 1,000 dev-news articles it
 * gives 39 clusters of 9-36 articles whose labels read as one story each, plus 343 in
 * "other"; not yet measured against the story labels. */
#define CLUSTER_CUT_SHARE 0.25
/* ...and never below this absolute value (a matrix of near-zeros is not clusters). */
#define CLUSTER_CUT_MIN 0.05

/* Copy of s cut after max_cp code points with an ellipsis; control characters blanked. */
static char *shorten(const char *s, size_t max_cp)
{
	size_t n = strlen(s), ncp = 0, i = 0;
	for (; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (ncp == max_cp)
				break;
			ncp++;
		}
	}
	char *out = xmalloc(i + 4);
	for (size_t k = 0; k < i; k++)
		out[k] = ((unsigned char)s[k] < 0x20 || s[k] == 0x7f) ? ' ' : s[k];
	if (i < n) {
		memcpy(out + i, "\xE2\x80\xA6", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

/* Title of matrix row i: matrix.titles[i], else the document's title, else its id. */
static const char *row_title(const rpt_view *v, const json_t *matrix, size_t i)
{
	const char *t = json_string_value(json_array_get(json_object_get(matrix, "titles"), i));
	if (t && *t)
		return t;
	const char *id = json_string_value(json_array_get(json_object_get(matrix, "ids"), i));
	if (id) {
		const char *dt = rpt_str(rpt_view_doc(v, id), "title", "");
		return *dt ? dt : id;
	}
	return "?";
}

static const char *row_id(const json_t *matrix, size_t i)
{
	const char *id = json_string_value(json_array_get(json_object_get(matrix, "ids"), i));
	return id ? id : "";
}

/* Greedy seriation of the rows in todo[0..m): each next row is the one most similar to the
 * last placed; a new chain starts at the row with the strongest remaining pair. */
static void seriate(const double *M, size_t n, size_t *todo, size_t m)
{
	bool *used = xcalloc(m ? m : 1, sizeof *used);
	size_t *out = xcalloc(m ? m : 1, sizeof *out);
	double *rowmax = xcalloc(m ? m : 1, sizeof *rowmax);
	for (size_t a = 0; a < m; a++)
		for (size_t b = 0; b < m; b++) {
			double x = M[todo[a] * n + todo[b]];
			if (a != b && x == x && x > rowmax[a])
				rowmax[a] = x;
		}
	size_t last = 0;
	for (size_t k = 0; k < m; k++) {
		size_t best = m;
		double bv = 0;
		if (k > 0)
			for (size_t b = 0; b < m; b++) {
				double x = M[todo[last] * n + todo[b]];
				if (!used[b] && x == x && x > bv) {
					bv = x;
					best = b;
				}
			}
		if (best == m) { /* start a chain: the strongest remaining row */
			double rv = -1;
			for (size_t b = 0; b < m; b++)
				if (!used[b] && rowmax[b] > rv) {
					rv = rowmax[b];
					best = b;
				}
		}
		used[best] = true;
		out[k] = todo[best];
		last = best;
	}
	memcpy(todo, out, m * sizeof *todo);
	free(used);
	free(out);
	free(rowmax);
}

/* Matrix index of the document with this id, or -1. */
static long find_row(const json_t *matrix, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (strcmp(row_id(matrix, i), id) == 0)
			return (long)i;
	return -1;
}

typedef struct group {
	size_t start, len; /* a run of order[] */
	const char *story; /* story label, or NULL */
} group;

static int group_size_cmp(const void *x, const void *y)
{
	const group *a = x, *b = y;
	if (a->len != b->len)
		return a->len > b->len ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

static int group_start_cmp(const void *x, const void *y)
{
	const group *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Make labels distinct: every label shared by several rows gets " · ID", and one still
 * shared after that gets " #ROW". O(n^2) string compares, n <= RPT_MATRIX_DOCS_MAX. */
static void distinct_labels(char **label, char **ids, size_t n)
{
	bool *dup = xcalloc(n ? n : 1, sizeof *dup);
	for (int pass = 0; pass < 2; pass++) {
		memset(dup, 0, n * sizeof *dup);
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (strcmp(label[i], label[j]) == 0)
					dup[i] = dup[j] = true;
		for (size_t i = 0; i < n; i++) {
			if (!dup[i])
				continue;
			char *id = shorten(ids[i] ? ids[i] : "", 16);
			char *nl = pass == 0 ? xasprintf("%s \xC2\xB7 %s", label[i], id)
					     : xasprintf("%s #%zu", label[i], i + 1);
			free(id);
			free(label[i]);
			label[i] = nl;
		}
	}
	free(dup);
}

/* What rpt_mview_build's phases share. */
typedef struct mbuild {
	size_t n;           /* documents in the matrix */
	double *M;          /* n x n values clamped to 0..1, NaN where none */
	double vmax_doc;    /* largest value off the diagonal */
	size_t *order;      /* matrix rows in drawing order */
	group *groups;      /* runs of order: stories, then (grouped views) clusters */
	size_t ng, rest;    /* groups so far; order[rest..] are the rows of no story */
	const char **titles, **ids; /* per order position (borrowed from the report) */
	size_t label_chars;
} mbuild;

/* values as numbers (M) and their largest value between two documents. */
static void load_values(const json_t *values, mbuild *mb)
{
	size_t n = mb->n;
	mb->M = xcalloc(n * n, sizeof *mb->M);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			const json_t *x = json_array_get(json_array_get(values, i), j);
			double v = json_is_number(x) ? json_number_value(x) : NAN;
			if (v == v)
				v = v < 0 ? 0 : v > 1 ? 1 : v;
			mb->M[i * n + j] = v;
			if (i != j && v == v && v > mb->vmax_doc)
				mb->vmax_doc = v;
		}
}

/* Order: stories first (in report order, each seriated, each a group), then the rest
 * seriated; titles and ids in that order. @return whether stories placed any row. */
static bool order_rows(const rpt_view *view, const json_t *matrix, mbuild *mb)
{
	size_t n = mb->n, no = 0;
	mb->order = xcalloc(n, sizeof *mb->order);
	bool *placed = xcalloc(n, sizeof *placed);
	const json_t *stories = json_object_get(rpt_view_json(view), "stories");
	size_t nst = json_array_size(stories);
	mb->groups = xcalloc(n + nst + 1, sizeof *mb->groups);
	for (size_t s = 0; s < nst; s++) {
		const json_t *st = json_array_get(stories, s);
		size_t begin = no, k;
		json_t *d;
		json_array_foreach(json_object_get(st, "documents"), k, d) {
			long r = find_row(matrix, n, json_string_value(d));
			if (r >= 0 && !placed[r]) {
				placed[r] = true;
				mb->order[no++] = (size_t)r;
			}
		}
		if (no > begin) {
			seriate(mb->M, n, mb->order + begin, no - begin);
			const char *lab = rpt_str(st, "label", NULL);
			mb->groups[mb->ng++] = (group){begin, no - begin,
				lab && *lab ? lab : rpt_str(st, "id", NULL)};
		}
	}
	mb->rest = no;
	for (size_t i = 0; i < n; i++)
		if (!placed[i])
			mb->order[no++] = i;
	assert(no == n); /* every row placed once: order is a permutation */
	seriate(mb->M, n, mb->order + mb->rest, n - mb->rest);
	free(placed);
	mb->titles = xcalloc(n, sizeof *mb->titles);
	mb->ids = xcalloc(n, sizeof *mb->ids);
	for (size_t k = 0; k < n; k++) {
		mb->titles[k] = row_title(view, matrix, mb->order[k]);
		mb->ids[k] = row_id(matrix, mb->order[k]);
	}
	return mb->ng > 0;
}

/* Blank the control characters of a hover text. */
static void blank_controls(char *p)
{
	for (; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

/* The document-level view: a row per document, the diagonal masked; mv takes order. */
static void doc_view(mbuild *mb, rpt_mview *mv)
{
	size_t n = mb->n;
	mv->n = n;
	mv->doc = mb->order;
	mb->order = NULL;
	mv->v = xcalloc(n * n, sizeof *mv->v);
	mv->label = xcalloc(n, sizeof *mv->label);
	mv->tip = xcalloc(n, sizeof *mv->tip);
	for (size_t a = 0; a < n; a++) {
		for (size_t b = 0; b < n; b++)
			mv->v[a * n + b] = a == b ? NAN : mb->M[mv->doc[a] * n + mv->doc[b]];
		mv->label[a] = shorten(mb->titles[a], mb->label_chars);
		mv->tip[a] = xasprintf("%s (%s)", mb->titles[a], mb->ids[a]);
		blank_controls(mv->tip[a]);
	}
	distinct_labels(mv->label, (char **)mb->ids, n);
	mv->vmax = mb->vmax_doc > 0 ? mb->vmax_doc : 1;
}

/* Groups: the stories, then clusters of the seriated rest (cut where neighbours are far
 * apart), the largest RPT_MATRIX_GROUPS_MAX - 1 kept, the rest "other". Fills gof (order
 * position -> group). @return the number of groups, *other_len the rows in "other". */
static size_t make_groups(mbuild *mb, size_t *gof, size_t *other_len)
{
	size_t n = mb->n, ng = mb->ng;
	group *groups = mb->groups;
	double cut = fmax(CLUSTER_CUT_MIN, CLUSTER_CUT_SHARE * mb->vmax_doc);
	for (size_t k = mb->rest; k < n; k++) {
		bool join = k > mb->rest && mb->M[mb->order[k - 1] * n + mb->order[k]] >= cut;
		if (join)
			groups[ng - 1].len++;
		else
			groups[ng++] = (group){k, 1, NULL};
	}
	*other_len = 0;
	if (ng > RPT_MATRIX_GROUPS_MAX) {
		qsort(groups, ng, sizeof *groups, group_size_cmp);
		for (size_t g = RPT_MATRIX_GROUPS_MAX - 1; g < ng; g++)
			*other_len += groups[g].len;
		ng = RPT_MATRIX_GROUPS_MAX - 1;
		qsort(groups, ng, sizeof *groups, group_start_cmp);
	}
	size_t G = ng + (*other_len > 0);
	for (size_t k = 0; k < n; k++)
		gof[k] = G - 1; /* "other" unless a kept group claims it */
	for (size_t g = 0; g < ng; g++)
		for (size_t k = groups[g].start; k < groups[g].start + groups[g].len; k++)
			gof[k] = g;
	mb->ng = ng;
	return G;
}

/* The story/cluster-level view: a row per group, each cell the mean over its documents. */
static void group_view(mbuild *mb, rpt_mview *mv)
{
	size_t n = mb->n, other_len;
	size_t *gof = xcalloc(n, sizeof *gof);
	size_t G = make_groups(mb, gof, &other_len);
	const group *groups = mb->groups;
	double *sum = xcalloc(G * G, sizeof *sum);
	size_t *cnt = xcalloc(G * G, sizeof *cnt);
	size_t *gsize = xcalloc(G, sizeof *gsize);
	size_t *gfirst = xcalloc(G, sizeof *gfirst);
	for (size_t g = 0; g < G; g++)
		gfirst[g] = SIZE_MAX;
	for (size_t a = 0; a < n; a++) {
		gsize[gof[a]]++;
		if (gfirst[gof[a]] == SIZE_MAX)
			gfirst[gof[a]] = a;
		for (size_t b = 0; b < n; b++) {
			double x = mb->M[mb->order[a] * n + mb->order[b]];
			if (a == b || x != x)
				continue;
			sum[gof[a] * G + gof[b]] += x;
			cnt[gof[a] * G + gof[b]]++;
		}
	}
	mv->grouped = true;
	mv->n = G;
	mv->v = xcalloc(G * G, sizeof *mv->v);
	mv->label = xcalloc(G, sizeof *mv->label);
	mv->tip = xcalloc(G, sizeof *mv->tip);
	char **gids = xcalloc(G, sizeof *gids);
	double vmax = 0;
	for (size_t g = 0; g < G; g++) {
		for (size_t h = 0; h < G; h++) {
			double x = cnt[g * G + h] ? sum[g * G + h] / (double)cnt[g * G + h] : NAN;
			mv->v[g * G + h] = x;
			if (x == x && x > vmax)
				vmax = x;
		}
		bool other = other_len && g == G - 1;
		assert(gfirst[g] != SIZE_MAX); /* every group has a row */
		const char *first = mb->titles[gfirst[g]];
		const char *name = other ? "other documents" : groups[g].story ? groups[g].story : first;
		char *s = shorten(name, mb->label_chars);
		mv->label[g] = xasprintf("%s (%zu)", s, gsize[g]);
		free(s);
		mv->tip[g] = other ? xasprintf("%zu documents in small clusters", gsize[g])
			: groups[g].story ? xasprintf("story %s: %zu documents", groups[g].story,
				gsize[g])
			: xasprintf("%zu document%s like: %s", gsize[g], gsize[g] == 1 ? "" : "s", first);
		blank_controls(mv->tip[g]);
		gids[g] = (char *)mb->ids[gfirst[g] == SIZE_MAX ? 0 : gfirst[g]];
	}
	distinct_labels(mv->label, gids, G);
	mv->vmax = vmax > 0 ? vmax : 1;
	free(gids);
	free(sum);
	free(cnt);
	free(gsize);
	free(gfirst);
	free(gof);
}

int rpt_mview_build(const rpt_view *view, const json_t *matrix, const json_t *values,
	size_t label_chars, rpt_mview *mv)
{
	memset(mv, 0, sizeof *mv);
	size_t n = json_array_size(values);
	if (!rpt_matrix_ok(values, n))
		return -1;
	mbuild mb = {.n = n, .label_chars = label_chars < 8 ? 8 : label_chars};
	load_values(values, &mb);
	mv->by_story = order_rows(view, matrix, &mb);
	mv->ndocs = n;
	if (n <= RPT_MATRIX_DOCS_MAX)
		doc_view(&mb, mv);
	else
		group_view(&mb, mv);
	free(mb.titles);
	free(mb.ids);
	free(mb.groups);
	free(mb.order);
	free(mb.M);
	return 0;
}

void rpt_mview_free(rpt_mview *mv)
{
	if (!mv)
		return;
	for (size_t i = 0; i < mv->n; i++) {
		if (mv->label)
			free(mv->label[i]);
		if (mv->tip)
			free(mv->tip[i]);
	}
	free(mv->label);
	free(mv->tip);
	free(mv->v);
	free(mv->doc);
	memset(mv, 0, sizeof *mv);
}
