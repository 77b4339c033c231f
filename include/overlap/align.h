/* align.h - shared passages between two documents, copied or reworded, with exact spans.
 *
 * Input: the two documents' tokens (tokenize.h) and per-token match keys (normalised word
 * hashes, or Snowball stem hashes with stemming on). Seeds are short n-grams of keys shared
 * by both sides; seeds are chained along diagonals, extended and merged by an edit-tolerant
 * local alignment confined to a band around the chain. It never runs dynamic programming
 * over the whole n x m grid. It does not decide what is boilerplate corpus-wide
 * (boilerplate.h does); it only marks passages whose seeds the caller flagged as common.
 */
#ifndef OVERLAP_ALIGN_H
#define OVERLAP_ALIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/tokenize.h"

/* Tuning. Defaults come from aln_opts_default(); each is explained in align.c. */
typedef struct aln_opts {
	unsigned seed_n;      /* seed n-gram length in words */
	unsigned min_words;   /* shortest passage reported (words on the shorter side) */
	double min_score;     /* lowest share of aligned words for a passage */
	unsigned max_gap;     /* largest run of unaligned words inside one passage */
	unsigned band;        /* half-width of the alignment band around a seed chain */
} aln_opts;

aln_opts aln_opts_default(void);

typedef struct aln_prep aln_prep;

/* One side of an alignment. All pointers are borrowed. */
typedef struct aln_doc {
	const uint8_t *text;   /* original bytes */
	size_t nbytes;
	const tok_list *toks;  /* its tokens */
	const uint64_t *keys;  /* toks->n match keys (hash of stem or normalised word) */
	const uint8_t *common; /* toks->n flags, 1 where the seed n-gram starting at that token
				  is boilerplate (recurs across many documents); may be NULL */
	const aln_prep *prep;  /* its per-document arrays from aln_prepare, or NULL (then each
				  aln_pair computes them again) */
} aln_doc;

/* Per-document arrays of the aligner (stop-word flags, spelling skeletons, seed n-grams):
 * a document aligned with many others gets them once (aln_prepare) instead of once per
 * pair, which was over a third of the detail stage on 2,000 documents. Owned; free with
 * aln_prep_free. */
struct aln_prep {
	uint8_t *stop;
	uint64_t *skel, *gram;
	uint32_t *gend;
	uint32_t n;        /* tokens they were made for */
	unsigned seed_n;   /* seed length they were made for */
};

/* Compute d's arrays for options o into *out (d->prep is ignored). */
void aln_prepare(const aln_opts *o, const aln_doc *d, aln_prep *out);

void aln_prep_free(aln_prep *p); /* NULL is a no-op; *p is zeroed */

typedef struct aln_passage {
	uint32_t a_tok0, a_tok1; /* token range [tok0, tok1) in a */
	uint32_t b_tok0, b_tok1; /* token range in b */
	uint32_t a_start, a_end; /* byte span in a's original text (first token start, last token end) */
	uint32_t b_start, b_end;
	uint32_t matched;        /* aligned equal words */
	uint32_t a_words, b_words;
	double score;            /* 2*matched / (a_words + b_words) */
	bool boilerplate;        /* mostly made of seeds flagged common */
} aln_passage;

/* Passages shared by a and b, sorted by a_start, non-overlapping on each side.
 * *out is allocated (caller frees; NULL when none).
 * @return 0 (also when none found), or a negative ovl_err on bad arguments. */
int aln_pair(const aln_opts *opts, const aln_doc *a, const aln_doc *b, aln_passage **out,
	     size_t *npassages);

/* Per-token seed n-gram hashes, the grams aln_pair seeds on and boilerplate.h counts:
 * grams[i] != 0 when token i is a content word (not a stop word, stem.h) and the
 * opts->seed_n content words starting at it (stop words in between are skipped, within a
 * short span) all exist; the hash combines their keys. grams[i] == 0 otherwise.
 * keys and grams hold toks->n entries.
 * @return 0, or OVL_EUSAGE when opts->seed_n is 0 or above ALN_MAX_SEED_N. */
#define ALN_MAX_SEED_N 8
int aln_grams(const aln_opts *opts, const tok_list *toks, const uint64_t *keys,
	      uint64_t *grams);

/* Whether word i of a and word j of b count as the same word in an alignment: equal keys,
 * or equal spelling skeletons (colour/color, organise/organize, Sergei/Sergey: vowels
 * dropped after the first letter, z->s, doubled letters collapsed, a final s dropped) for
 * alphabetic words of 4+ letters whose lengths differ by <= 2. Indices must be in range. */
bool aln_word_match(const aln_doc *a, uint32_t i, const aln_doc *b, uint32_t j);

/* Share (0..1) of a document's nwords words inside the non-boilerplate passages p[0..np),
 * on side a (side_a) or b: passages never overlap on one side (aln_pair guarantees it).
 * nwords 0 gives 0. */
double aln_coverage(const aln_passage *p, size_t np, bool side_a, size_t nwords);

/* Word-level alignment of one passage, for display: the token indices (in a, in b) of
 * words that have no equal partner. *a_diff / *b_diff are allocated (caller frees).
 * @return 0. */
int aln_diff(const aln_doc *a, const aln_doc *b, const aln_passage *p, uint32_t **a_diff,
	     size_t *na, uint32_t **b_diff, size_t *nb);

#endif
