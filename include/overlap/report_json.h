/* report_json.h - the report as a JSON document (schema: docs/json.md).
 *
 * Builds a jansson tree from a pipeline result, and writes it atomically. Charts and the
 * HTML page (report.h) render from this tree, never from the pipeline, so a saved report
 * renders the same as a fresh one. It does not compute anything the pipeline did not.
 */
#ifndef OVERLAP_REPORT_JSON_H
#define OVERLAP_REPORT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/err.h"
#include "overlap/pipeline.h"
#include "overlap/report_view.h"

/* The whole report. Caller owns the result (json_decref). Never NULL. */
json_t *rpt_json_build(const pl_result *r, const pl_config *cfg, const char *version);

/* The report without its large arrays: "documents", "pairs" and "stories" (when there are
 * stories) are empty arrays (every other key, the summary's counts included, is final).
 * rpt_json_build is this plus rpt_json_fill. Caller owns the result. Never NULL. */
json_t *rpt_json_build_head(const pl_result *r, const pl_config *cfg, const char *version);

/* Fill head's empty "documents", "pairs" and "stories" arrays from r (the result head was
 * built from). */
void rpt_json_fill(json_t *head, const pl_result *r);
/* Fill head's empty "stories" array alone (no-op without stories): what the summary, the
 * charts and the page read of them. Building it (7,586 stories on the 92 MB benchmark
 * corpus) was a third of writing report.json, which streams them instead. */
void rpt_json_fill_stories(json_t *head, const pl_result *r);
/* Fill head's empty "pairs" array alone. The charts, the page and the summary of a fresh
 * run read documents[] through a view (rpt_view_new_source over rpt_json_doc_source), which
 * builds only the few hundred documents they show: the trees of a million documents were
 * most of such a run's report phase and a gigabyte of its memory. */
void rpt_json_fill_pairs(json_t *head, const pl_result *r);
/* r's documents[] as a view's source: documents[i] built (rpt_json_fill's tree of it) when
 * first read. r must outlive the view. */
rpt_doc_source rpt_json_doc_source(const pl_result *r);

/* Write report.json from a head (rpt_json_build_head, possibly annotated by the caller)
 * and the result it was built from, without building documents[], pairs[] and stories[] as
 * trees (they are written from r, whether head's are filled or not):
 * the same bytes as rpt_json_write(head after rpt_json_fill, compact), in a fraction of
 * the time and memory, the entries of a similarity-only run formatted on `threads`
 * threads (0 or 1: the calling thread alone). Atomic like rpt_json_write. @return 0 or
 * OVL_EIO (e filled). */
int rpt_json_stream(const json_t *head, const pl_result *r, unsigned threads, const char *path,
		    err_ctx *e);

/* The pieces of a pair object, shared with `overlap query --json` so that both write a
 * pair the same way. The figures of a pair into o, as pairs[] holds them: jaccard,
 * jaccard_estimate, containment_ab, containment_ba, passage_coverage {a, b}, each rounded
 * to 6 decimals. */
void rpt_json_put_figures(json_t *o, double jaccard, double jaccard_est, double cont_ab,
			  double cont_ba, double cov_a, double cov_b);
/* A relation object holding its "label" and "scores" {repeat, extend, contradict}; the
 * caller adds "extender" and the rest. Caller owns the result. */
json_t *rpt_json_relation(const rel_relation *rl);
/* A passage object as pairs[].passages[] holds it: "id" ("P" + id), the byte spans,
 * "a_text" / "b_text" when that side's document text is given (NULL: not) and holds the
 * span, the word counts, "score" and "boilerplate". Caller owns the result. */
json_t *rpt_json_passage(const aln_passage *p, size_t id, const uint8_t *a_doc,
			 size_t a_nbytes, const uint8_t *b_doc, size_t b_nbytes);

/* One pair object as in pairs[] (for `overlap passages --json`). */
json_t *rpt_json_pair(const pl_result *r, size_t pair_index, size_t *next_passage_id);

/* A JSON string for untrusted document bytes: invalid UTF-8 bytes become '?', one byte for
 * one, so byte offsets into the original stay valid in the JSON text. Never NULL. */
json_t *rpt_json_text(const uint8_t *s, size_t nbytes);

/* One entry of report.info, {key, message, option}: something a limit or an option left
 * out. option is the command-line option that changes it, or NULL. New reference. */
json_t *rpt_json_info_item(const char *key, const char *option, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Write report to path atomically (temporary name, then rename), keys in order, on one
 * line (compact) or indented by one space a level (pretty), ending in a newline.
 * @return 0 or OVL_EIO (e filled). */
int rpt_json_write(const json_t *report, const char *path, bool pretty, err_ctx *e);

/* Load a saved report. @return 0 and *out, or OVL_EINPUT / OVL_EIO with e filled. */
int rpt_json_load(const char *path, json_t **out, err_ctx *e);

#endif
