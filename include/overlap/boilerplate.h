/* boilerplate.h - corpus-wide document frequency of seed n-grams, and marking of the
 * tokens whose gram recurs across many documents (site furniture: comment forms,
 * "read also" links, one outlet's bylines), for aln_doc.common.
 *
 * Each document counts once per distinct gram (aln_grams() gives the grams, so the grams
 * counted are exactly the ones the aligner seeds on). Counting is exact up to
 * BLP_EXACT_DOCS documents; beyond that it is lossy counting (Manku-Motwani) that drops
 * rare grams every BLP_EXACT_DOCS documents, so memory stays proportional to the grams of
 * ~BLP_EXACT_DOCS documents plus the frequent ones, and a count is low by at most
 * ndocs / BLP_EXACT_DOCS. It does not align or decide passage scores (align.c does).
 */
#ifndef OVERLAP_BOILERPLATE_H
#define OVERLAP_BOILERPLATE_H

#include <stddef.h>
#include <stdint.h>

/* Default document-frequency cut: a gram in >= 30% of documents (and >= BLP_MIN_DOCS) is
 * boilerplate. In a corpus from a few outlets, one outlet's furniture recurs in its own
 * share of the documents (often 20-50%), while a news phrase shared by a story cluster
 * stays in a few documents; 0.3 sits between. */
#define BLP_DF_FRAC_DEFAULT 0.3
/* Never call a gram boilerplate when fewer documents than this hold it: two or three
 * articles sharing a passage is reuse, which is what the aligner must report. */
#define BLP_MIN_DOCS 3
#define BLP_EXACT_DOCS 256

typedef struct blp_index blp_index;

/* Empty index. Never NULL. Free with blp_free(). */
blp_index *blp_new(void);

void blp_free(blp_index *ix); /* NULL is a no-op */

/* Count one document's grams (grams[i] == 0 = no gram at i; duplicates inside the
 * document count once). n == 0 counts an empty document.
 * @return 0, or OVL_EUSAGE when ix is NULL or grams is NULL with n > 0. */
int blp_add_doc(blp_index *ix, const uint64_t *grams, size_t n);

/* Documents counted so far. */
size_t blp_ndocs(const blp_index *ix);

/* Documents holding gram g (a lower bound past BLP_EXACT_DOCS documents). */
uint32_t blp_df(const blp_index *ix, uint64_t g);

/* common[i] = 1 when grams[i] != 0 and blp_df(grams[i]) >= max(BLP_MIN_DOCS,
 * df_frac * ndocs), else 0. common holds n entries.
 * @return 0, or OVL_EUSAGE when df_frac is not in (0, 1] or a pointer is NULL with n > 0. */
int blp_mark(const blp_index *ix, double df_frac, const uint64_t *grams, size_t n,
	     uint8_t *common);

/* common[i] = 1 when grams[i] != 0 and blp_df(grams[i]) >= min_count, else 0: an absolute
 * count, for counting units (stories) whose number must not move the cut. common holds n
 * entries. @return 0, or OVL_EUSAGE when min_count is 0 or a pointer is NULL with n > 0. */
int blp_mark_count(const blp_index *ix, uint32_t min_count, const uint64_t *grams, size_t n,
		   uint8_t *common);

/* Default story count: a seed gram found in articles of this many different stories is
 * boilerplate (site furniture, disclaimers, sign-up lines recur whatever the story; text
 * shared inside one story is duplicated reporting). Two stories can share a quote or a
 * background paragraph; three unrelated stories sharing a phrase is furniture. */
#define BLP_MIN_STORIES 3

#endif
