/* similarity.h - from a stream of documents to verified similar pairs.
 *
 * Pass 1 reads the stream in batches on the calling thread; worker threads tokenise, shingle
 * and sketch (MinHash) each document into slots indexed by document, so results are
 * byte-identical for any thread count. Up to all_pairs_max documents the exact shingle sets
 * are kept and every pair is found exactly; above, LSH bands (Jaccard) plus sampled
 * containment give candidates and a second pass over the stream recomputes shingle sets only
 * for documents in candidate pairs: memory grows with documents (~1 KB each), not bytes.
 * It does NOT align passages or read files itself (corpus.c streams them).
 */
#ifndef OVERLAP_SIMILARITY_H
#define OVERLAP_SIMILARITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/corpus.h"
#include "overlap/err.h"
#include "overlap/lsh.h"

struct sim_doc;

typedef struct sim_opts {
	unsigned shingle_k;       /* words per shingle (default 5) */
	unsigned char_ngrams;     /* 0 = word shingles (default); else characters per shingle */
	unsigned nperm;           /* MinHash signature length (default 128) */
	uint64_t seed;            /* run seed (default 1) */
	double threshold;         /* Jaccard threshold (default 0.3) */
	double containment;       /* containment threshold (default 0.5; > 1 disables) */
	unsigned threads;         /* 0 = all cores */
	size_t all_pairs_max;     /* exact all-pairs up to this many documents (default 5000) */
	bool keep_all_overlapping;/* all-pairs mode: every pair sharing a shingle */
	/* Called once per document, in input order, on the calling thread, while doc is alive
	 * (the caller may keep doc->text by copying it). May be NULL. */
	void (*on_doc)(void *ud, uint32_t idx, const crp_doc *doc, const struct sim_doc *info);
	/* Optional extra per-document work on the worker threads in pass 1 (e.g. the terms of
	 * topical similarity, so they cost no extra pass): doc_work(ud, idx, doc, worker) with
	 * worker in [0, threads) returns an owned result (may be NULL), given in input order on
	 * the calling thread to on_doc_work(ud, idx, result), which takes ownership; results of
	 * documents never committed (a failed run) go to doc_work_free. All NULL: none. */
	void *(*doc_work)(void *ud, uint32_t idx, const crp_doc *doc, unsigned worker);
	/* doc_work with the document's words as pass 1 tokenised them: n word hashes and their
	 * spans (tok_word_spans), valid during the call (NULL, 0 for a text of 4 GiB or more).
	 * When set, called instead of doc_work. */
	void *(*doc_words)(void *ud, uint32_t idx, const crp_doc *doc, const uint64_t *hashes,
			   const uint64_t *spans, size_t n, unsigned worker);
	/* doc_words only for documents idx < doc_words_max, doc_work for the others, whose
	 * words' spans are then not kept (0: no limit). */
	size_t doc_words_max;
	void (*on_doc_work)(void *ud, uint32_t idx, void *result);
	void (*doc_work_free)(void *ud, void *result);
	/* Progress: phase "sketch" (done = bytes read, total 0 = unknown), "candidates",
	 * "verify" (done/total documents). May be NULL. */
	void (*progress)(void *ud, const char *phase, uint64_t done, uint64_t total);
	void *ud;
} sim_opts;

/* The defaults above. */
sim_opts sim_opts_default(void);

/* One document as seen by the engine. Strings are owned copies (NULL when absent). */
typedef struct sim_doc {
	char *id, *path, *title, *source, *meta_json;
	size_t line;              /* JSONL line, 0 for a whole file */
	uint64_t nbytes;          /* original bytes */
	uint32_t nwords;          /* words (tok_hashes) */
	uint32_t nshingles;       /* distinct shingles (capped at UINT32_MAX) */
	uint32_t nbad;            /* invalid UTF-8 subparts */
} sim_doc;

/* A reported pair. cont_ab = |A∩B|/|A|: how much of a is found in b. */
typedef struct sim_pair {
	uint32_t a, b;            /* document indices, a < b */
	double jaccard;           /* exact, over shingle sets */
	double jaccard_est;       /* MinHash estimate */
	double cont_ab, cont_ba;
} sim_pair;

typedef struct sim_result {
	sim_doc *docs;
	size_t ndocs;
	sim_pair *pairs;          /* sorted by (a, b) */
	size_t npairs;
	bool all_pairs;           /* exact all-pairs mode was used */
	lsh_plan plan;            /* the LSH plan (also filled in all-pairs mode, for reports) */
	uint64_t ncandidates;     /* pairs verified (all-pairs: pairs sharing a shingle) */
	double seconds_sketch, seconds_candidates, seconds_verify;
} sim_result;

/* Whether o is valid (shingle size, n-grams, permutations, threshold, containment).
 * @return 0 or OVL_EUSAGE with a message in e. */
int sim_check_opts(const sim_opts *o, err_ctx *e);

/* id prefixed by the last k folders of path ("b/story" for k = 1 and "x/a/b/story.txt"),
 * or NULL when path has fewer than k folders. Owned by the caller. For ids that two
 * documents share (the similarity stage and its MPI twin name documents alike). */
char *sim_folder_qualified_id(const char *path, const char *id, size_t k);

/* Renames document sd (index idx) to its folder-qualified id, with the fewest folders that
 * make it unique, inserting it with insert(ud, idx) at each try (which returns the index of
 * a document already holding the id, or -1). @return as insert for the last try. */
long sim_qualify_id(sim_doc *sd, uint32_t idx, long (*insert)(void *ud, uint32_t idx),
		    void *ud);

/* Run the engine over the stream r (rewound and read twice in LSH mode).
 * Reported pairs: jaccard >= threshold or max(cont_ab, cont_ba) >= containment (or any
 * shared shingle with keep_all_overlapping in all-pairs mode); empty documents never pair.
 * @return 0 and *out (free with sim_result_free), or OVL_EUSAGE (bad options), OVL_EINPUT
 * (duplicate id: "duplicate id 'x' (also in PATH[:LINE])"; stream changed between passes),
 * OVL_EEMPTY (no documents), or a reader error; e filled. */
int sim_run(crp_reader *r, const sim_opts *o, sim_result **out, err_ctx *e);

void sim_result_free(sim_result *r); /* NULL is a no-op */

#endif
