/* pipeline_int.h - what pipeline.c (the stages in order) and pipeline_pairs.c (the pair
 * list and the independent sources) share. Internal to the pipeline.
 */
#ifndef OVERLAP_PIPELINE_INT_H
#define OVERLAP_PIPELINE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/pipeline.h"

/* qsort comparator of pl_pair by (a, b). */
int plp_cmp(const void *x, const void *y);
/* Index of pair (a, b) (either order) in v[0..n), sorted by (a, b), or -1. */
long plp_find(const pl_pair *v, size_t n, uint32_t a, uint32_t b);
/* Append pair (a, b) as (min, max), zeroed otherwise; a == b is not a pair. */
void plp_push(pl_pair **v, size_t *n, size_t *cap, uint32_t a, uint32_t b);
/* Whether v[0..n) is in (a, b) order. */
bool plp_sorted(const pl_pair *v, size_t n);
/* Sort by (a, b) and fold duplicates (keeping similarity figures where present). */
void plp_unique(pl_pair *v, size_t *n);
/* A document's index by id or path, or -1. */
long plp_doc_lookup(const sim_result *s, const char *key);
/* Topical similarity and story of every pair of r (none without stories). */
void plp_stories(pl_result *r);
/* r->source_group: documents that repeat each other, or share a JSONL "source", are one
 * independent source; groups numbered by their first document. */
void plp_source_groups(pl_result *r);

#endif
