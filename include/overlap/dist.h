/* dist.h - the similarity stage across the processes of an MPI job (mpirun -np N).
 *
 * Each process reads its part of the inputs (whole files by a stable hash of their path,
 * JSON Lines files cut into byte ranges at line ends), sketches its documents, and the
 * processes exchange LSH band keys and containment samples (MPI_Alltoallv) so that each key
 * lives on one process; candidate pairs are formed there and verified on the process that
 * read the second document, the first one's shingle set shipped to it. Process 0 gathers
 * the documents' metadata (in input order), runs the caller's per-document callbacks, and
 * gets a sim_result byte for byte the one sim_run gives. It does not print (the CLI does),
 * does not start or end MPI (the CLI calls MPI_Init/MPI_Finalize), and builds only with MPI
 * (meson -Dmpi); this header compiles without it.
 */
#ifndef OVERLAP_DIST_H
#define OVERLAP_DIST_H

#include <stddef.h>
#include <stdint.h>

#include "overlap/corpus.h"
#include "overlap/err.h"
#include "overlap/similarity.h"
#include "overlap/strbuf.h"
#include "overlap/topic.h"

/* The job's processes, as one context per process. Opaque. */
typedef struct dist_ctx dist_ctx;

/* A context over every process of the job (MPI_COMM_WORLD, duplicated). MPI must be
 * initialised. Free with dist_free (before MPI_Finalize). */
dist_ctx *dist_new(void);
void dist_free(dist_ctx *dc); /* NULL is a no-op */

int dist_rank(const dist_ctx *dc);   /* 0 .. dist_size-1; process 0 writes the report */
int dist_size(const dist_ctx *dc);

/* Warnings: on process 0 they go to warn(ud, ...) at once; on the others dist_warn (an
 * ovl_warn_fn whose ud is the context) keeps them, and dist_sim_run hands them to process
 * 0's warn after the first pass, in process order. */
void dist_set_warn(dist_ctx *dc, ovl_warn_fn warn, void *ud);
void dist_warn(void *dc, const char *path, const char *msg);

/* What the caller's per-document work needs besides sim_opts. */
typedef struct dist_hooks {
	/* sim_opts.doc_work runs on the process that read the document (with the document's
	 * index among that process's documents, never more than its index in the input);
	 * its result crosses to process 0 as bytes: pack appends them to out, unpack makes
	 * an owned result again (for on_doc_work; NULL allowed). Both NULL: results are
	 * dropped and on_doc_work gets NULL. */
	void (*pack)(void *ud, const void *result, sbuf *out);
	void *(*unpack)(void *ud, const uint8_t *p, size_t n);
	/* sim_opts.on_doc gets doc->text only when the corpus has at most this many documents
	 * (they are read a second time and sent to process 0); otherwise doc->text is NULL
	 * and doc->nbytes still the document's size. */
	size_t text_max;
} dist_hooks;

/* Traffic and memory of this process's last dist_sim_run, for --timings and bench/. */
typedef struct dist_stats {
	uint64_t bytes_sent;      /* payload this process sent to others (all exchanges) */
	uint64_t bytes_gathered;  /* of which to process 0 (metadata, pairs, sets) */
	uint64_t docs_local;      /* documents this process read */
	uint64_t docs_total;
	uint64_t candidates;      /* pairs this process verified */
	double seconds_sketch, seconds_candidates, seconds_verify;
} dist_stats;
void dist_stats_get(const dist_ctx *dc, dist_stats *out);

/* sim_run over the processes of dc: collective, every process calls it with a reader over
 * the same paths and the same options. On process 0, *out is what sim_run(r, o) would give
 * (documents, pairs, mode, plan; timings are this run's) and o's callbacks are called as
 * sim_run calls them, in input order; on the others *out is NULL. r is restricted to this
 * process's part (crp_set_parts). Each process works on one thread (run one a core).
 * @return 0, or the same negative ovl_err on every process, with e filled with the message
 * of the lowest-ranked process that failed (sim_run's errors; OVL_ETOOBIG when one exchange
 * between two processes would pass 2 GiB). */
int dist_sim_run(dist_ctx *dc, crp_reader *r, const sim_opts *o, const dist_hooks *h,
		 sim_result **out, err_ctx *e);

/* Every process, after its run: a process that never called dist_sim_run (process 0 with a
 * bad output folder, every process with a bad path) takes part in the one broadcast
 * dist_sim_run starts with, so the others, waiting there, return an error instead of
 * waiting forever. No-op when dist_sim_run was called. */
void dist_cancel(dist_ctx *dc);

/* Topic terms as bytes and back (for dist_hooks of a pipeline that makes them). */
void dist_pack_terms(const tpc_doc *d, sbuf *out);
/* @return bytes used, 0 when p[0..n) is not a packed tpc_doc; *d is then cleared. */
size_t dist_unpack_terms(const uint8_t *p, size_t n, tpc_doc *d);

#endif
