/* align_int.h - what align.c (seeds, chains, passages) shares with align_sw.c (the banded
 * Smith-Waterman alignment and the LCS of a passage). Not public.
 */
#ifndef OVERLAP_ALIGN_INT_H
#define OVERLAP_ALIGN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/align.h"

/* Passages up to this many cells (a words x b words) get an exact full LCS for their
 * matched count; longer ones a banded LCS around their diagonal (4M cells ~ 2,000 x
 * 2,000 words, ~10 ms). */
#define LCS_FULL_MAX_CELLS (4u << 20)
#define LCS_BAND_EXTRA 64u

/* One document as the aligner sees it. */
typedef struct side {
	uint32_t n;
	const tok *v;
	const char *norm;
	const uint64_t *key;
	const uint8_t *common;
	uint8_t *stop;   /* 1 = stop word */
	uint64_t *skel;  /* spelling skeleton hash, 0 = none */
	uint64_t *gram;  /* seed gram hash, 0 = none */
	uint32_t *gend;  /* token index one past the gram's last word */
	bool owned;      /* the four arrays above are this side's (else the document's prep) */
} side;

typedef struct seed {
	uint32_t i, j; /* gram start in a, in b */
} seed;

/* Whether word i of a and word j of b match: the same key, or the same spelling skeleton
 * and lengths within 2 (see aln_word_match). */
static inline bool side_match(const side *a, uint32_t i, const side *b, uint32_t j)
{
	if (a->key[i] == b->key[j])
		return true;
	if (!a->skel[i] || a->skel[i] != b->skel[j])
		return false;
	int d = (int)a->v[i].norm_len - (int)b->v[j].norm_len;
	return d >= -2 && d <= 2;
}

/* A chain of seeds, ascending in i and j: the path a banded alignment follows. */
typedef struct path {
	const seed *pt; /* chain seeds, ascending in i and j */
	size_t n;
} path;

/* The alignment's work space, reused across chains; free its arrays with free(). */
typedef struct swbuf {
	int32_t *h;   /* rows x w scores */
	uint8_t *tb;  /* rows x w traceback: 0 stop, 1 diag, 2 up (gap in b), 3 left */
	uint32_t *org; /* rows x w: a index where the local alignment through the cell starts */
	size_t ocap;
	int64_t *lo;  /* first b index of each row's window */
	size_t cap, rcap;
	uint32_t *ai, *bj; /* aligned equal pairs of the traceback */
	size_t acap, bcap;
} swbuf;

/* Banded local alignment of a[r0, r1) around path p (band words either side); the aligned
 * equal pairs of the best alignment go to buf->ai/bj (ascending), their number to
 * *npairs. @return its score, 0 when there is none (see align_sw.c). */
int32_t aln_band_sw(const side *a, const side *b, const path *p, uint32_t r0, uint32_t r1,
		    unsigned band, swbuf *buf, size_t *npairs);
/* Exact LCS length of a[a0,a1) and b[b0,b1) under side_match (banded when very long). */
uint32_t aln_span_lcs(const side *a, uint32_t a0, uint32_t a1, const side *b, uint32_t b0,
		      uint32_t b1);

#endif
