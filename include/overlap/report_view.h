/* report_view.h - the one read side of a report tree (docs/json.md) for the charts, the
 * page and the terminal. A report may be fresh or a saved, old, partial or hostile file, so
 * every key is optional and of any type. The view checks it once (an object; the matrix
 * square), indexes documents by id, holds the measure table and ranks the pairs once.
 * One getter convention: rpt_str()/rpt_num() give the value of the right type, else the
 * caller's default. It borrows the report (which must outlive it) and owns only its index
 * and ranking. It renders and prints nothing.
 */
#ifndef OVERLAP_REPORT_VIEW_H
#define OVERLAP_REPORT_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "overlap/err.h"

typedef struct rpt_view rpt_view;

/* Check report and build its view: documents indexed by id (the first of repeated ids
 * wins), the main matrix checked, the pairs ranked (rpt_view_ranked).
 * @return 0 and *out (free with rpt_view_free); OVL_EINPUT (e filled, *out NULL) when
 *         report is not a JSON object. */
int rpt_view_new(const json_t *report, rpt_view **out, err_ctx *e);

/* Where a view takes documents[] from when the report tree does not hold them: a fresh
 * run's result, whose million document trees nobody reads whole. doc(ctx, i) builds
 * documents[i] as the tree would hold it (a new reference; the view keeps it); id(ctx, i)
 * gives its "id" string without building it, or NULL when only the built object can tell
 * (id may be NULL: the view then builds every document to index them). */
typedef struct rpt_doc_source {
	size_t ndocs;
	size_t ntexts; /* how many of the documents carry a "text" string */
	json_t *(*doc)(void *ctx, size_t i);
	const char *(*id)(void *ctx, size_t i);
	void *ctx;     /* must outlive the view */
} rpt_doc_source;

/* rpt_view_new over report, its documents taken from src (report.documents is not read).
 * Every getter answers as rpt_view_new would over the report with those documents in it. */
int rpt_view_new_source(const json_t *report, const rpt_doc_source *src, rpt_view **out,
			err_ctx *e);

/* Release v; NULL is a no-op. The report itself is not touched. */
void rpt_view_free(rpt_view *v);

/* The report the view reads (borrowed). */
const json_t *rpt_view_json(const rpt_view *v);

/* report.documents[i], or NULL past the end. */
size_t rpt_view_ndocs(const rpt_view *v);
const json_t *rpt_view_doc_at(const rpt_view *v, size_t i);
/* How many documents carry a "text" string (the page's articles; 0 without detail mode). */
size_t rpt_view_ntexts(const rpt_view *v);

/* Index in report.documents of the first document whose id is id, or -1 (id NULL, or no
 * such document). O(1) expected. */
long rpt_view_doc_index(const rpt_view *v, const char *id);

/* The document object with this id, or NULL. */
const json_t *rpt_view_doc(const rpt_view *v, const char *id);

/* ---- getters: the one convention -------------------------------------------------------- */

/* o[key] when o is an object and o[key] a string, else dflt. */
const char *rpt_str(const json_t *o, const char *key, const char *dflt);

/* o[key] when o is an object and o[key] a number, else dflt. jansson never holds NaN, so
 * dflt NAN tells a missing number from any real one. */
double rpt_num(const json_t *o, const char *key, double dflt);

/* ---- the matrix ------------------------------------------------------------------------ */

/* Whether m is an n x n array of arrays (cells may be numbers or null), n > 0. */
bool rpt_matrix_ok(const json_t *m, size_t n);

/* report.matrix.values when report.matrix is an object whose values pass rpt_matrix_ok and
 * whose ids (if any) number as many; *n set to its size. NULL and *n = 0 otherwise. */
const json_t *rpt_view_matrix(const rpt_view *v, size_t *n);

/* A matrix measure: its key in report.json and how a chart titles it. */
typedef struct rpt_measure {
	const char *name;  /* matrix.measure / a key of matrix.measures */
	const char *title; /* chart title, capitalised; the page writes it lower-case */
	bool page_titled;  /* false: the page shows the bare name. topical is the one such
			    * measure today (the page predates it); kept so issue 16's
			    * refactor leaves report.html byte-identical */
} rpt_measure;

/* The table entry of measure name, or NULL for NULL or an unknown name. */
const rpt_measure *rpt_measure_find(const char *name);

/* Whether name can be part of a file name (matrix_<name>.png): [a-z0-9_], 1-40 bytes. */
bool rpt_measure_name_ok(const char *name);

/* ---- the pair ranking ----------------------------------------------------------------- */

/* The one pair ranking, shared by the terminal summary and the page: strongest overlap
 * first, where a pair's overlap (rpt_pair_overlap) is the largest of its Jaccard, either
 * containment and either passage coverage; ties go by Jaccard (closer copies first), then
 * relation (repeat, contradict, extend, related, unrelated, none), then report.pairs order.
 * @return the indices of report.pairs in that order (borrowed: lives as long as v), *n set
 *         to their number; NULL and *n = 0 when there are no pairs. */
const size_t *rpt_view_ranked(const rpt_view *v, size_t *n);

/* Relations in ranking order: repeat, contradict, extend, related, unrelated. */
#define RPT_NRELATIONS 5
/* The rank of a relation label (0 repeat .. 4 unrelated), RPT_NRELATIONS for NULL or any
 * other label; rpt_relation_name(rank) gives the label back, "other" past the table. */
int rpt_relation_rank(const char *label);
const char *rpt_relation_name(int rank);

/* A pair's overlap in 0..1 (see rpt_view_ranked); 0 for keys missing. */
double rpt_pair_overlap(const json_t *pair);

#endif
