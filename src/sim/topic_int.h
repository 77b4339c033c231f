/* topic_int.h - internals shared by topic.c (weights, the term index, pair scoring),
 * topic_terms.c (a document's terms) and topic_story.c (average linkage, attachment, labels).
 * Not a public header: only src/sim/topic*.c include it.
 */
#ifndef OVERLAP_TOPIC_INT_H
#define OVERLAP_TOPIC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/topic.h"


typedef struct tw {
	uint32_t term;
	float w;
} tw;

typedef struct vocab {
	struct vocab_slot { uint64_t key; uint32_t id; } *slots; /* open addressing, key 0 =
			      * free (a real key 0 is mapped to 1); key and id in one cache line */
	size_t cap;
	uint32_t n;
	uint32_t *df;
	uint32_t *name_off;  /* display name: first occurrence, in names */
	uint16_t *name_len;
	uint8_t *entity;
	size_t tcap;
	char *names;
	size_t names_nbytes, names_cap;
} vocab;

/* The streaming index: vocabulary and each document's (term, lead flag) list, CSR. */
struct tpc_index {
	vocab voc;
	uint32_t *term;      /* every document's terms (ids), n of them, room for term_cap */
	uint8_t *lead;       /* their lead flags, room for lead_cap */
	size_t *off;         /* ndocs + 1 */
	size_t n, term_cap, lead_cap, off_cap, ndocs;
	bool term_big, lead_big; /* past TPC_HUGE_BYTES: an xbig_grow mapping (topic.c) */
};

/* Weighted unit vectors of every document and the postings of every term. */
typedef struct model {
	size_t n;
	const vocab *voc_p;
	tw *vec;             /* all vectors, CSR by document, unit length; sorted by term in
			      * exact mode, in the index's order in candidate mode */
	size_t *voff;        /* n + 1 */
	uint32_t *pdoc;      /* postings, CSR by term, documents ascending; candidate mode: of
			      * the rare terms only (df 2 to TPC_RARE_DF), others empty */
	float *pw;
	size_t *poff;        /* nterms + 1 */
	/* candidate mode only (else NULL / 0): each vector's common terms (df over the rare
	 * bar), renumbered 0..ncommon-1, CSR by document */
	tw *cvec;
	size_t *coff;        /* n + 1 */
	uint32_t ncommon;
	/* candidate mode only: each document's rare-term entries, CSR by document (roff, n + 1),
	 * each its own posting's index << 6 | how many postings of the term follow it (< 64,
	 * as df <= TPC_RARE_DF) */
	uint64_t *rent;
	size_t *roff;
} model;

/* Stories of the m->n documents from the reported pairs r->pairs (sorted by (a, b)): fills
 * r->story, r->stories (largest first) and their labels, by average linkage cut at
 * o->story_cut, then attachment of small stories at o->attach, then the one-topic rule
 * (a corpus of one topic keeps its weakly linked articles: topic_story.c). Parts run on
 * o->threads threads (0: all cores); nothing depends on their count. */
void tpc_stories_build(const model *m, const tpc_opts *o, tpc_result *r);

#endif
