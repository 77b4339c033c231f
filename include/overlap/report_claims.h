/* report_claims.h - the claim parts of report.json (docs/json.md): the top-level `claims`
 * array, per document `claims`, `single_source_claims` and `source`, per pair
 * `shared_claims`, and the claim counts of `summary`.
 *
 * It only turns a clm_set into jansson values; it does not decide what is a claim
 * (claim.c) nor write files (report_json.c does). Claim ids are "C1", "C2", ... in the
 * set's claim order; source ids "S1", "S2", ... by first appearance.
 */
#ifndef OVERLAP_REPORT_CLAIMS_H
#define OVERLAP_REPORT_CLAIMS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/claim.h"

/* The `claims` array: one object per claim {id, text, key, mentions, documents, sources,
 * single_source}. docs/ndocs must be the documents given to clm_build (same order; their
 * texts give the mention text, invalid bytes shown as '?' (rpt_json_text); ids name the documents,
 * "doc<N>" when NULL). s NULL: an empty array.
 * @return a new reference (never NULL; aborts on OOM like xmalloc). */
json_t *rpt_claims_json(const clm_set *s, const clm_doc *docs, size_t ndocs);

/* Add `claims` (number), `single_source_claims` (ids) and `source` ("S<n>") to the
 * document object obj of document doc. s NULL: claims 0, empty list, source "S<doc+1>".
 * @return 0, or OVL_EUSAGE when obj is not an object. */
int rpt_doc_claims_add(json_t *obj, const clm_set *s, uint32_t doc);

/* The `shared_claims` array of ids for the pair (a, b). s NULL: an empty array.
 * @return a new reference (never NULL). */
json_t *rpt_pair_shared_claims_json(const clm_set *s, uint32_t a, uint32_t b);

/* Whether documents a and b share at least one claim (the `pairs` listing rule in
 * detail mode). @return 1 or 0 (0 when s is NULL). */
int rpt_pair_shares_claim(const clm_set *s, uint32_t a, uint32_t b);

/* Claim counts for `summary`: total claims, claims with sources >= 2 (shared_claims)
 * and single-source claims. Any pointer may be NULL. s NULL: all 0. */
void rpt_claims_summary(const clm_set *s, size_t *claims, size_t *shared, size_t *single);

#endif
