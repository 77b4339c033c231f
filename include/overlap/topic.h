/* topic.h - topical similarity of documents (is this the same story?) and stories.
 *
 * Terms of a document are the Snowball stems of its content words (stop words, numbers and
 * one-letter words out) plus its named entities (runs of capitalised words, not a lone
 * sentence-initial word). Weights are IDF with boolean tf, ln((N + TPC_PRIOR_DOCS) / df)
 * raised to TPC_IDF_POWER, doubled for a term first met in the document's lead (its first
 * words); the topical similarity of two documents is the cosine of their weight vectors.
 * Up to exact_max documents every pair is scored exactly (an inverted index adds up the
 * products term by term); above, only candidate pairs sharing rare terms are, each
 * scored exactly. Stories are average-linkage agglomerative clusters of the similarities,
 * cut at story_cut; then stories of one or two articles join the closest larger story by
 * centroid cosine (attach); in a corpus of one topic (no group of three or more articles
 * stands apart from the largest story) every story close enough to the largest joins it. It does not stem (stem.h does) and does not decide pair
 * relations (relation.c reads the story of each side); tpc_doc_scan and tpc_doc_words take
 * the words of tok_word_spans (tokenize.h) and hand only stretches of non-ASCII words to
 * tok_run.
 */
#ifndef OVERLAP_TOPIC_H
#define OVERLAP_TOPIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/stem.h"
#include "overlap/tokenize.h"

/* One term of a document. name is the term's display form: the normalised word for a stem,
 * the original words for an entity (tpc_doc.names + name_off, name_len bytes). */
typedef struct tpc_term {
	uint64_t key;        /* stem key, or entity key (never equal to a stem key by salt) */
	uint32_t tf;         /* occurrences in the document */
	uint32_t name_off;
	uint16_t name_len;
	uint8_t entity;      /* 1 for a named entity */
	uint8_t lead;        /* 1 when first seen among the document's first words (its lead) */
} tpc_term;

/* Terms of one document, one entry a key, in order of first occurrence. Owns v, names
 * and scratch; clear with tpc_doc_clear(). Zero-initialise before use. */
typedef struct tpc_doc {
	tpc_term *v;
	size_t n;
	char *names;
	size_t names_nbytes, names_cap, cap;
	uint32_t *slots;     /* scratch: dedup table */
	size_t slots_cap;
	uint8_t *content;    /* scratch: content-word flag per token */
	size_t content_cap;
} tpc_doc;

typedef struct tpc_opts {
	double pair_min;     /* report pairs whose similarity is at least this */
	double story_cut;    /* average-linkage merges stop below this similarity */
	double attach;       /* a story of 1-2 articles joins the closest larger one when their
			      * centroids' cosine is at least this; 0 = never */
	size_t exact_max;    /* every pair scored up to this many documents; candidates above */
	unsigned threads;    /* 0 = all cores; results do not depend on it */
} tpc_opts;

tpc_opts tpc_opts_default(void);

/* Terms of one tokenised document: toks (tokenize.h) with keys[i] the match key of token i
 * (stems, stem.h; or word hashes), text the original bytes the spans point into. stop, when
 * not NULL, answers the stop-word test by hash (stem_is_stop_hash; faster), else
 * stem_is_stop. out is overwritten (buffers reused). Empty input gives no terms.
 * @return 0, or OVL_EUSAGE on a NULL pointer with toks->n > 0. */
int tpc_doc_terms(const tok_list *toks, const uint64_t *keys, const uint8_t *text,
		  size_t nbytes, const stem_ctx *stop, tpc_doc *out);

void tpc_doc_clear(tpc_doc *d); /* NULL is a no-op */

/* The same terms from the text alone, without a token list: the words' hashes and spans
 * from tok_word_spans (the sketch tokeniser), a stem (stem_key) only for the first
 * occurrence of a content word, entities found on the way. For every text it gives what tok_run +
 * stem_keys + tpc_doc_terms give (a unit test compares them), at a fraction of the cost.
 * sc is per-thread scratch (tpc_scan_new), st a stemmer context used for stems and the
 * stop-word test. @return 0, OVL_EUSAGE (NULL pointers), OVL_ETOOBIG (4 GiB text). */
typedef struct tpc_scan tpc_scan;
tpc_scan *tpc_scan_new(void);                       /* never NULL */
void tpc_scan_free(tpc_scan *sc);                   /* NULL is a no-op */
int tpc_doc_scan(tpc_scan *sc, stem_ctx *st, const uint8_t *text, size_t nbytes, tpc_doc *out);

/* tpc_doc_scan from the text's words as tok_word_spans gave them (n hashes and spans),
 * for a caller that tokenised the text already (the similarity stage's pass 1): the text
 * is not tokenised again, only the stretches with non-ASCII words (by tok_run).
 * @return 0, OVL_EUSAGE (NULL pointers, a span outside the text), OVL_ETOOBIG. */
int tpc_doc_words(tpc_scan *sc, stem_ctx *st, const uint8_t *text, size_t nbytes,
		  const uint64_t *hashes, const uint64_t *spans, size_t n, tpc_doc *out);

typedef struct tpc_pair {
	uint32_t a, b;       /* document indices, a < b */
	float sim;           /* cosine in [0, 1] */
} tpc_pair;

typedef struct tpc_story {
	uint32_t *docs;      /* document indices, ascending */
	size_t ndocs;
	char *label;         /* top terms and entities, comma separated, NUL-terminated */
} tpc_story;

typedef struct tpc_result {
	tpc_pair *pairs;     /* similarity >= pair_min, sorted by (a, b) */
	size_t npairs;
	bool exact;          /* every pair was scored */
	uint64_t ncandidates;/* pairs scored */
	uint32_t *story;     /* per document: index into stories */
	tpc_story *stories;  /* largest first, ties by first document */
	size_t nstories;
} tpc_result;

/* Similarities and stories of docs[0..n) (borrowed). Every document is in exactly one
 * story (a document like no other is a story alone). Output is the same for any thread
 * count. @return 0 and *out (free with tpc_result_free), or OVL_EUSAGE (NULL pointers,
 * cut or pair_min outside [0, 1]). n == 0 gives an empty result. */
int tpc_run(const tpc_doc *docs, size_t n, const tpc_opts *o, tpc_result **out);

/* The same from a stream: documents are added one by one (their terms copied into a
 * compact index: ~8 bytes a distinct term of a document, names once per corpus term), so a
 * caller that sees each document once need not keep its terms. */
typedef struct tpc_index tpc_index;

tpc_index *tpc_index_new(void);                     /* never NULL */
void tpc_index_free(tpc_index *ix);                 /* NULL is a no-op */
/* Append d as the next document. @return 0, OVL_EUSAGE, or OVL_ETOOBIG (4 billion). */
int tpc_index_add(tpc_index *ix, const tpc_doc *d);
size_t tpc_index_ndocs(const tpc_index *ix);
/* tpc_run over the documents added so far (ix is not changed). */
int tpc_index_run(const tpc_index *ix, const tpc_opts *o, tpc_result **out);

/* Similarity of a and b as reported (0 when the pair is below pair_min or a == b). */
double tpc_sim(const tpc_result *r, uint32_t a, uint32_t b);

void tpc_result_free(tpc_result *r); /* NULL is a no-op */

#endif
