/* pipeline.h - runs the stages in order and holds everything a report needs.
 *
 * corpus -> similarity (tokenise, shingle, MinHash, all-pairs or LSH, exact verification)
 * (topic terms during the same pass) -> topical similarity and stories -> for corpora up to
 * detail_max documents: tokens with spans, boilerplate by story, passages (align), claims,
 * relations. Only this module knows the order; each stage stays testable alone.
 * It does not write files or print (report_*.c and the CLI do). Memory: document texts
 * are kept only in detail mode; larger corpora are streamed twice by the similarity stage.
 */
#ifndef OVERLAP_PIPELINE_H
#define OVERLAP_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/align.h"
#include "overlap/claim.h"
#include "overlap/corpus.h"
#include "overlap/err.h"
#include "overlap/relation.h"
#include "overlap/pubdate.h"
#include "overlap/similarity.h"
#include "overlap/tokenize.h"
#include "overlap/topic.h"

typedef struct pl_config {
	unsigned threads;        /* worker threads of every stage; 0 = all cores. pl_run turns it
				  * into a count once (pl_threads) and gives it to each stage:
				  * sim.threads and tpc.threads are not read */
	sim_opts sim;            /* shingles, MinHash, LSH, thresholds */
	crp_opts crp;            /* reader caps and switches (its warn is set from warn below) */
	aln_opts aln;            /* passage alignment */
	bool stem;               /* Snowball stems for passage seeds and claim keys */
	double boilerplate_df;   /* 0: off; else also boilerplate: a seed n-gram in this share of
				  * all documents (the corpus-size dependent rule of old) */
	unsigned boilerplate_stories; /* a seed n-gram in this many stories is boilerplate */
	tpc_opts tpc;            /* topical similarity and stories */
	bool stories;            /* compute them (default true) */
	size_t topic_max;        /* ...up to this many documents */
	size_t detail_max;       /* passages + claims for corpora up to this many documents */
	size_t align_all_max;    /* align every pair up to this many documents, else similar pairs */
	size_t matrix_max;       /* N x N matrices up to this many documents */
	const char *const *pair_keys; /* align only these: 2*npair_keys ids or paths, in pairs */
	size_t npair_keys;
	const char *pairs_file;  /* the file pair_keys were read from (the CLI reads it), for
				  * report.json and messages; NULL: none */
	const size_t *pair_lines;/* with pairs_file: each pair's line in it, for messages */
	bool claims;             /* extract claims (detail mode) */
	struct dist_ctx *dist;   /* an MPI job (dist.h): the similarity stage on all its processes,
				  * and pl_run gives *out only on process 0; NULL: this process */
	/* The one place of the callbacks: pl_run gives them to the stages (crp.warn, sim's
	 * progress), so those fields of crp and sim are not read. May be NULL. */
	ovl_warn_fn warn;        /* warnings */
	void (*progress)(void *ud, const char *phase, uint64_t done, uint64_t total);
	void *ud;
} pl_config;

/* Defaults every option starts from (documented in README and --help). */
pl_config pl_config_default(void);

/* One document kept for detail work. */
typedef struct pl_text {
	uint8_t *text;     /* original bytes (owned) */
	size_t nbytes;
	tok_list toks;     /* tokens with spans */
	uint64_t *keys;    /* match keys (stems or words), toks.n */
	uint8_t *common;   /* boilerplate flags, toks.n */
} pl_text;

typedef struct pl_pair {
	uint32_t a, b;            /* document indices, a < b */
	double jaccard, jaccard_est, cont_ab, cont_ba;
	bool have_sim;            /* the similarity stage reported this pair */
	aln_passage *passages;    /* owned */
	size_t npassages;
	struct pl_marks *marks;  /* npassages entries: differing words of each passage */
	bool listed;              /* reported in report.json pairs[] (see pl_run) */
	bool requested;           /* named in cfg->pair_keys: always listed, even unrelated */
	double topical;           /* topical similarity (tpc_sim) */
	bool same_story;          /* both documents are in one story */
	bool have_rel;            /* rel is filled (detail mode with claims) */
	rel_relation rel;         /* repeat / extend / contradict / related / unrelated */
	double cov_a, cov_b;      /* passage coverage of each side (non-boilerplate passages) */
	size_t first_passage_id;  /* P-number of passages[0] in the report */
} pl_pair;

/* Differing-word spans of one passage, for display. */
typedef struct pl_marks {
	uint32_t *a, *b;          /* [start, end) byte pairs, 2*na / 2*nb values */
	size_t na, nb;
} pl_marks;

typedef struct pl_result {
	sim_result *sim;          /* documents and verified pairs */
	bool detail;              /* texts, passages, claims computed */
	pl_text *texts;           /* sim->ndocs entries in detail mode, else NULL */
	pl_pair *pairs;           /* reported pairs, sorted by (a, b) */
	size_t npairs;
	uint32_t *source_group;   /* per document: independent-source group (detail mode) */
	uint32_t nsource_groups;
	clm_doc *clm_docs;        /* the documents as given to clm_build (detail mode) */
	clm_set *claims;          /* NULL unless detail mode with claims */
	tpc_result *topic;        /* topical similarity and stories, NULL when off */
	double seconds_topic;     /* wall seconds pl_run waited for tpc_index_run (terms are
				   * made during sketching; on 2+ threads it runs beside the
				   * similarity stage's candidates and verification) */
	pdt_date *dates;          /* per document: JSONL date, or (detail mode) a dateline;
				   * from == PDT_NONE when undated */
	rel_contradiction *contra;/* contradictions between sources */
	size_t ncontra;
	double seconds_detail;
} pl_result;

/* cfg->threads as a count of threads: all cores for 0. */
unsigned pl_threads(const pl_config *cfg);

/* Run everything over paths (borrowed). @return 0 and *out (free with pl_result_free),
 * or a negative ovl_err with e filled (no documents: OVL_EEMPTY). */
int pl_run(const pl_config *cfg, const char *const *paths, size_t npaths, pl_result **out,
	   err_ctx *e);

void pl_result_free(pl_result *r);

/* Index of the pair (a, b) in r->pairs (any order of a and b), or -1. */
long pl_find_pair(const pl_result *r, uint32_t a, uint32_t b);

#endif
