/* report_matrix.h - what the heatmaps show of report.matrix: order, scale, labels, and a
 * story or cluster level past the size where document cells are readable.
 *
 * Shared by the gnuplot charts and the HTML page so both draw the same picture. Input is a
 * report json_t (docs/json.md; any key may be missing or hostile) and one N x N matrix of
 * it; nothing is recomputed from texts. The view owns all its memory (rpt_mview_free).
 */
#ifndef OVERLAP_REPORT_MATRIX_H
#define OVERLAP_REPORT_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "overlap/report_view.h"

/* Past this many documents a cell is under ~10 px in a 640 px chart and labels overlap: the
 * chart shows stories (or clusters) instead, each cell the mean over its documents. */
#define RPT_MATRIX_DOCS_MAX 60
/* At most this many rows in the story/cluster chart; smaller groups go to "other". */
#define RPT_MATRIX_GROUPS_MAX 40

typedef struct rpt_mview {
	size_t n;          /* rows (and columns) drawn */
	bool grouped;      /* rows are stories/clusters, not documents */
	bool by_story;     /* the order or the groups come from report.stories */
	double *v;         /* n x n values drawn, row-major; NaN where there is none or on a
			    * document-level diagonal (masked: it is 1 by definition) */
	double vmax;       /* largest value drawn (the colour scale spans 0..vmax); > 0 */
	char **label;      /* n labels, short and distinct (UTF-8, not escaped) */
	char **tip;        /* n longer labels (full title and id, or group size), for hovers */
	size_t *doc;       /* document-level: the matrix index of row i; else NULL */
	size_t ndocs;      /* documents in the matrix */
} rpt_mview;

/* Build the view of values (an N x N JSON array of numbers or nulls; N from matrix.ids or
 * the array) for the report of v. label_chars caps label length in code points (>= 8).
 * Document order: by story when report.stories lists stories, else a seriation (each next
 * document the one most similar to the last placed, starting from the strongest pair), so
 * similar documents sit together. @return 0, or -1 when values is not a square matrix. */
int rpt_mview_build(const rpt_view *v, const json_t *matrix, const json_t *values,
	size_t label_chars, rpt_mview *mv);

void rpt_mview_free(rpt_mview *mv);

#endif
