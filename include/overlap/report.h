/* report.h - charts (gnuplot) and the self-contained HTML page, rendered from a report view.
 *
 * Input is a rpt_view (report_view.h) of the json_t docs/json.md describes, fresh or loaded
 * from a saved, old, partial or hostile report.json: every key optional, every string
 * untrusted; nothing is recomputed. gnuplot runs without a shell (fork/execv of the program,
 * searched in rpt_chart_opts.search_path unless its name holds a '/', in the output folder,
 * the script on its stdin through a socket, killed after the time limit); document text
 * reaches a script only in single-quoted strings with ' made U+2019 (gnuplot's '' escape
 * is never used), control bytes made spaces and characters cairo cannot draw made '?',
 * where gnuplot expands nothing. Every output file goes through fileio.h (whole or not at
 * all).
 */
#ifndef OVERLAP_REPORT_H
#define OVERLAP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "overlap/err.h"
#include "overlap/report_view.h"

typedef struct rpt_chart_opts {
	const char *gnuplot; /* program name (searched in search_path) or path; NULL: "gnuplot" */
	const char *search_path; /* folders to search, ':'-separated like $PATH (the engine reads
				  * no environment: the CLI passes it); NULL or "": the folders
				  * /usr/local/bin, /usr/bin and /bin */
	int timeout_s;       /* per gnuplot run; <= 0: RPT_GNUPLOT_TIMEOUT_S */
	ovl_warn_fn warn;    /* for "gnuplot not found" and skipped charts; may be NULL */
	void *warn_ud;
} rpt_chart_opts;

/* The claims chart has a bar per document: past this many documents the bars are a blur
 * and the image outgrows what cairo can draw (32,767 pixels, ~4,000 bars), so it is not
 * drawn; report.json and report.html still give every document's claims. */
#define RPT_CLAIMS_CHART_MAX 500

/* Story timelines drawn: the largest stories first; each is a gnuplot run (~0.3 s). */
#define RPT_TIMELINE_MAX 12

typedef struct rpt_chart_info {
	bool gnuplot_missing; /* the .gp/.dat were written but no image was rendered */
	bool matrix_skipped;  /* report.matrix was null or unusable: no heatmap */
	bool claims_skipped;  /* more than RPT_CLAIMS_CHART_MAX documents: no claims chart */
	size_t ntimelines;    /* story timelines drawn (timeline_S<k>) */
	char **files;         /* paths written (outdir/name), in order; owned, see _free */
	size_t nfiles;
} rpt_chart_info;

/* Write the charts of report into outdir (created if missing):
 *   matrix.{gp,dat,png,svg}            heatmap of matrix.values (matrix.measure)
 *   matrix_<measure>.{gp,dat,png,svg}  one per entry of matrix.measures
 *   claims.{gp,dat,png,svg}            per document: shared vs single-source claims,
 *                                      contradictions marked
 *   timeline_S<k>.{gp,dat,png,svg}     story k (stories[k-1]) with two or more documents,
 *                                      one dated: documents over time, undated ones listed,
 *                                      arrows from the first to the later of each repeat or
 *                                      extend pair (RPT_TIMELINE_MAX largest stories)
 * The .gp files use names relative to outdir (`cd outdir && gnuplot matrix.gp` renders).
 * When gnuplot cannot be found or executed, the .gp/.dat files are still written, one
 * warning says how to render them, info->gnuplot_missing is set, and 0 is returned.
 * o may be NULL (defaults); info may be NULL, else it is filled (free with
 * rpt_chart_info_free, also after a failure).
 * @return 0; OVL_EIO when a file cannot be written or gnuplot fails, exits non-zero or
 *         times out (e names the chart and carries gnuplot's first error line);
 *         OVL_EINPUT when report is NULL. An earlier complete image survives. */
int rpt_charts(const rpt_view *report, const char *outdir, const rpt_chart_opts *o,
	rpt_chart_info *info, err_ctx *e);

/* Release info's file list; info may be NULL; zeroes it. */
void rpt_chart_info_free(rpt_chart_info *info);

/* Write the HTML page of report to path, atomically: one self-contained file (inline CSS,
 * no script, a Content-Security-Policy that forbids any network or script), with the
 * documents, the matrix as inline SVG, pairs in the one ranking of rpt_view_ranked
 * (strongest overlap first) with their passages side by side (differing words in
 * <mark>), claims, contradictions and the
 * articles (when documents[].text is present) with anchors id="d<doc index>-<byte start>"
 * at every passage and mention. Missing keys are skipped; every report string is escaped.
 * The header's date is written (seconds since 1970, UTC), or now when written < 0: the
 * engine reads no environment, the CLI passes SOURCE_DATE_EPOCH in for reproducible pages.
 * @return 0; OVL_EINPUT when report is NULL; OVL_EIO (e filled). */
int rpt_html(const rpt_view *report, const char *path, int64_t written, err_ctx *e);

/* Default time limit of one gnuplot run, in seconds: a 200-document heatmap renders in
 * about a second, so a run this long is a hung or runaway gnuplot. */
#define RPT_GNUPLOT_TIMEOUT_S 60

#endif
