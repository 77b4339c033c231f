/* shingle.h - shingle sets of a document: 64-bit hashes of word k-grams or character n-grams.
 *
 * Word shingles combine the k word hashes of tok_hashes() (a rolling polynomial finalised by
 * a seeded mixer; XXH3 for a document shorter than k words);
 * a document with fewer than k words gives one shingle of all its words, none if it has no
 * word (the benchmark's shingle.py rule). Character n-grams run over tok_normalize() text.
 * It does NOT sketch (minhash.c) nor compare beyond exact sorted-set intersection.
 * Workload: ~500 shingles per news article, millions of documents; the hot path is a few
 * multiplies per word, so sets come out unsorted and sorting is a separate, optional step.
 */
#ifndef OVERLAP_SHINGLE_H
#define OVERLAP_SHINGLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How shingles are formed. */
typedef struct shg_opts {
	unsigned k;          /* words per shingle (word mode), 1..SHG_MAX_K */
	unsigned char_ngrams;/* 0 = word shingles; else characters per shingle */
	uint64_t seed;       /* run seed: the same seed gives the same hashes */
} shg_opts;

#define SHG_MAX_K 64u
#define SHG_MAX_NGRAM 64u

/* Reusable scratch for one document (one per thread). Zero-initialise; shg_buf_free(). */
typedef struct shg_buf {
	uint64_t *words;      /* word hashes of the last document */
	size_t words_cap;
	uint64_t *v;          /* shingle hashes of the last document */
	size_t n, cap;        /* n shingles (unsorted, with repeats, until shg_sort_unique) */
	size_t nwords;        /* words in the last document */
	size_t nbad;          /* invalid UTF-8 subparts in the last document */
	uint64_t *spans;      /* shg_doc_spans: the words' spans (tok_word_spans) */
	size_t spans_cap;
} shg_buf;

/* Word k-shingles of word hashes wh[0..nwords) into out, which holds at least
 * shg_words_cap(nwords, k) values. Shingles come in text order, repeats kept.
 * @return number written (0 when nwords == 0). */
size_t shg_words(const uint64_t *wh, size_t nwords, unsigned k, uint64_t seed, uint64_t *out);
size_t shg_words_cap(size_t nwords, unsigned k);

/* Character n-grams (n code points, UTF-8 lead bytes counted) of normalised text
 * s[0..nbytes), leading/trailing spaces ignored; fewer than n characters give one shingle,
 * none for empty text. out holds at least nbytes values. @return number written. */
size_t shg_chars(const uint8_t *s, size_t nbytes, unsigned n, uint64_t seed, uint64_t *out);

/* Shingles of a whole document text[0..nbytes) into buf->v (previous contents dropped):
 * tokenises with tok_hashes() (word mode) or tok_normalize() (character mode).
 * The set is NOT sorted; call shg_sort_unique(buf->v, buf->n) for the exact set.
 * @return buf->n. */
size_t shg_doc(const uint8_t *text, size_t nbytes, const shg_opts *o, shg_buf *buf);
/* shg_doc with the words' spans in buf->spans beside their hashes in buf->words
 * (tok_word_spans: text under 4 GiB), for a caller that looks at the words too. */
size_t shg_doc_spans(const uint8_t *text, size_t nbytes, const shg_opts *o, shg_buf *buf);

/* Sort v ascending and drop repeats. @return the new count. */
size_t shg_sort_unique(uint64_t *v, size_t n);

/* Sort v[0..n) ascending (radix for large n). Used by lsh.c and candidates.c as well. */
void shg_sort_u64(uint64_t *v, size_t n);

/* Sort v[0..n) by bits 32..63 only, stably (values with equal high halves keep their
 * order), on `threads` threads (0 or 1: the caller's); tmp has room for n values. For
 * (key << 32 | doc) lists filled in document order: 3 passes instead of 8.
 * @return the sorted array: v or tmp (the other holds garbage). */
uint64_t *shg_sort_hi32(uint64_t *v, uint64_t *tmp, size_t n, unsigned threads);

/* Number of distinct values in v[0..n) (any order), without sorting: an open-addressing
 * table in *scratch (capacity *cap, grown as needed; caller frees). ~3x cheaper than
 * shg_sort_unique for a news article, for when only the count is needed. */
size_t shg_count_distinct(const uint64_t *v, size_t n, uint64_t **scratch, size_t *cap);

/* |A ∩ B| of two sorted, repeat-free sets. Either may be empty. */
size_t shg_intersect(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* A set of 64-bit values as an open-addressing table (linear probing, 0 marks a free slot,
 * the value 0 is a flag), for exact intersections without sorting. */
typedef struct shg_table {
	uint64_t *slot;  /* 2^bits slots; owned by whoever built it (shg_table_build's *slot) */
	unsigned bits;
	bool zero;       /* the value 0 is in the set */
} shg_table;

/* Builds in t the set of v[0..n) (any order, repeats allowed) in a table of at least
 * slots_per_value * n slots (a power of two; t->slot is grown as needed, capacity in *cap,
 * the caller frees it), and writes its distinct values to out (room for n) in first-seen
 * order. @return the number of distinct values (0 for n == 0). */
size_t shg_table_build(shg_table *t, size_t *cap, unsigned slots_per_value, const uint64_t *v,
		       size_t n, uint64_t *out);

/* How many of v[0..n) (repeat-free) are in t: |V ∩ T|, equal to shg_intersect of the two
 * sorted sets. */
size_t shg_table_count(const shg_table *t, const uint64_t *v, size_t n);

void shg_buf_free(shg_buf *b); /* NULL is a no-op */

#endif
