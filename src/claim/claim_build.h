/* claim_build.h - the state clm_build keeps while it reads documents (claim.c, pass A) and
 * then turns mentions into keys and features (claim_keys.c, pass B). Private to those two
 * files; claim_parse.c and claim_cluster.c see only claim_int.h.
 */
#ifndef OVERLAP_CLAIM_BUILD_H
#define OVERLAP_CLAIM_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "claim_int.h"
#include "overlap/fact.h"
#include "overlap/lexicon.h"

/* ---- build state ---- */

typedef struct bword {
	const char *w; /* lower-case (normalised) word, folded for names; in pool */
	uint16_t n;
	int32_t ent;   /* entity index (global) it belongs to, or -1 */
	bool aside;    /* content word inside a subordinate or relative clause (fct.h) */
} bword;

typedef struct bent {
	uint32_t start, end;
	size_t w0, nw; /* words in bents_w */
} bent;

typedef struct bment {
	size_t w0, nw;   /* content words in words */
	size_t e0, ne;   /* entities in ents */
	size_t sp0, nsp; /* speaker words in spw */
	uint32_t subj_start, subj_end; /* the statement's subject (fct_svo_read), or 0,0 */
} bment;

typedef struct build {
	clm_set *s;
	stem_ctx *sc;
	bword *words; size_t nwords, wcap;
	bent *ents; size_t nents, entcap;
	bword *entw; size_t nentw, entwcap;
	bword *spw; size_t nspw, spwcap;
	bment *bm; size_t nbm, bmcap;
	uint8_t *used; size_t usedcap;
	uint64_t *known; size_t nknown, knowncap; /* capitalised mid-sentence words of a doc */
	fct_ctx *fct;    /* reads each mention's subject; NULL without stemming */
	lex_ctx *lex;    /* WordNet concepts of content words; NULL without stemming */
	fct_stmt st;     /* scratch statement */
} build;

/* Pass B, once every document is read: entity words mapped to their most frequent
 * one-edit neighbour across the corpus, then each mention's entity keys, stems, value and
 * date features (sorted, distinct), the WordNet concepts of its content words and its
 * speaker key (claim_keys.c). */
void clmk_finish_keys(build *b);

#endif
