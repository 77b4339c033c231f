/* report_json_int.h - what report_json.c shares with report_json_stream.c (not public).
 *
 * The streamed writer writes documents[] and pairs[] itself but builds the trees of the
 * entries it does not stream (detail-mode documents, pairs with passages or claims) with
 * these, so both writers give the same keys in the same order.
 */
#ifndef OVERLAP_REPORT_JSON_INT_H
#define OVERLAP_REPORT_JSON_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/pipeline.h"

/* x rounded to 6 decimals, as every real of the report. */
json_t *rpt_jnum(double x);
/* Whether document i has a date. */
bool rpt_jdated(const pl_result *r, uint32_t i);
/* {"value", "from": "jsonl"|"text", "start", "end" (text only)} or null. */
json_t *rpt_jdate(const pl_result *r, size_t i);
/* The earliest dated document of story s (stories[s].first), or -1 when none is dated. */
long rpt_story_first(const pl_result *r, size_t s);
/* Document i as in documents[] (with its claims in detail mode with claims). */
json_t *rpt_jdoc(const pl_result *r, size_t i);
/* Listed pair i as in pairs[], with its claims and relation; *next_pid as rpt_json_pair. */
json_t *rpt_jpair_full(const pl_result *r, size_t i, size_t *next_pid);
/* "%.17g" of x into b (>= 32 bytes) without printf, for 1e-6 < x < 1 (report_json_stream.c).
 * @return the length, or 0 when x is out of that range. */
size_t rpt_g17_unit(double x, char *b);
/* jansson's dump flags for report.json: compact (one line) unless pretty. */
size_t rpt_jdump_flags(bool pretty);

#endif
