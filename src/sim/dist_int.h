/* dist_int.h - what the files of the distributed similarity stage share (dist.c: the
 * context, collective steps, parts, pass 1, input order and the API; dist_docs.c: documents,
 * ids and callbacks on process 0; dist_cand.c: candidates; dist_pairs.c: all-pairs mode,
 * routing and verification). Private: only src/sim/dist*.c include it. Records cross
 * processes as bytes in the sender's layout: every process of a job runs the same binary on
 * the same kind of machine.
 */
#ifndef OVERLAP_DIST_INT_H
#define OVERLAP_DIST_INT_H

#include <mpi.h>
#include <stdbool.h>
#include <string.h>

#include "overlap/dist.h"
#include "overlap/lsh.h"
#include "overlap/mem.h"
#include "overlap/shingle.h"
#include "overlap/strbuf.h"

/* ---- types ---- */

struct dist_ctx {
	MPI_Comm comm;
	int rank, size;
	ovl_warn_fn warn;
	void *warn_ud;
	sbuf warnings;           /* processes > 0: "path\0msg\0" until gathered */
	bool collect;            /* keep warnings (from the first pass on: the inputs' walk is
				  * the same on every process, and process 0 says its problems) */
	bool entered;            /* process 0 reached dist_sim_run */
	dist_stats st;
};

/* One process's documents of pass 1, in input order. */
typedef struct local_docs {
	size_t n, cap;
	uint32_t *gidx;          /* index in the whole input (after ordering) */
	uint32_t *sigs;          /* n * nperm */
	size_t sigs_cap;
	uint32_t *skeys;         /* distinct containment-sample keys a document, CSR */
	uint64_t *soff;
	size_t skeys_cap, soff_cap;
	sbuf meta;               /* packed metadata records */
	uint64_t *moff;          /* record i is meta[moff[i] .. moff[i+1]) */
	size_t moff_cap;
	uint64_t *sets;          /* exact sets while all-pairs is possible, CSR */
	uint64_t *set_off;
	size_t sets_cap, set_off_cap;
	bool keep_sets;
} local_docs;

/* A growing list of 64-bit values (pairs a << 32 | b, keys key << 32 | document). */
typedef struct u64vec {
	uint64_t *p;
	size_t n, cap;
} u64vec;

/* Which process holds each document: runs of consecutive document indexes, as
 * (first << 32 | process), sorted; the same table on every process. */
typedef struct dist_owners {
	uint64_t *run;
	size_t n;
} dist_owners;

typedef struct pass1 {
	dist_ctx *dc;
	crp_reader *r;
	const sim_opts *o;
	const dist_hooks *h;
	shg_opts so;
	shg_buf buf;
	uint64_t *stmp;          /* sample keys of one document, then the distinct ones */
	size_t stmp_cap;
	shg_table stab;          /* for the distinct ones */
	size_t stab_cap;
	uint64_t *sdist;
	size_t sdist_cap;
	uint64_t *scratch;       /* shg_count_distinct's table */
	size_t scratch_cap;
	sbuf work;
} pass1;

/* ---- records as bytes ---- */

static inline void pk_u32(sbuf *b, uint32_t v) { sb_add(b, (const char *)&v, sizeof v); }
static inline void pk_u64(sbuf *b, uint64_t v) { sb_add(b, (const char *)&v, sizeof v); }
static inline void pk_str(sbuf *b, const char *s)
{
	if (!s) {
		pk_u32(b, UINT32_MAX);
		return;
	}
	size_t n = strlen(s);
	pk_u32(b, (uint32_t)n);
	sb_add(b, s, n);
}

typedef struct upk {
	const uint8_t *p, *end;
	bool bad;
} upk;

static inline bool up_take(upk *u, void *dst, size_t n)
{
	if (u->bad || (size_t)(u->end - u->p) < n) {
		u->bad = true;
		if (dst)
			memset(dst, 0, n);
		return false;
	}
	if (dst)
		memcpy(dst, u->p, n);
	u->p += n;
	return true;
}
static inline uint32_t up_u32(upk *u) { uint32_t v = 0; up_take(u, &v, sizeof v); return v; }
static inline uint64_t up_u64(upk *u) { uint64_t v = 0; up_take(u, &v, sizeof v); return v; }
static inline char *up_str(upk *u)
{
	uint32_t n = up_u32(u);
	if (n == UINT32_MAX || u->bad)
		return NULL;
	if ((size_t)(u->end - u->p) < n) {
		u->bad = true;
		return NULL;
	}
	char *s = xstrndup((const char *)u->p, n);
	u->p += n;
	return s;
}

/* ---- shared steps ---- */

double dist_now(void);
/* Every process learns whether any failed (rc < 0): the lowest failing rank's code and
 * message reach all, in e. @return that code, or 0. */
int dist_agree(dist_ctx *dc, int rc, err_ctx *e);
/* Alltoallv of bytes: out[off[k] .. off[k+1]) to process k; *in (owned) with in_off
 * (owned, size + 1 entries). @return 0 or OVL_ETOOBIG (agreed). */
int dist_exchange(dist_ctx *dc, const sbuf *out, const uint64_t *off, uint8_t **in,
		  uint64_t **in_off, err_ctx *e);
/* Gatherv of bytes on process 0: *all and *all_off there (owned). @return 0 or <0 (agreed). */
int dist_gather(dist_ctx *dc, const char *p, uint64_t n, uint8_t **all, uint64_t **all_off,
		err_ctx *e);
/* Records of sz bytes, record k to process dest[k]; *in (owned) gets *nin records. Takes
 * recs and dest (malloc'ed) and frees them once packed. */
int dist_route(dist_ctx *dc, void *recs, uint32_t *dest, size_t n, size_t sz,
	       void **in, size_t *nin, err_ctx *e);
/* Local index of global document g, or -1. */
long dist_local_of(const local_docs *L, uint32_t g);
/* The owners' table from every process's documents (L->gidx). @return 0 or <0 (agreed). */
int dist_owners_build(dist_ctx *dc, const local_docs *L, dist_owners *ow, err_ctx *e);
/* The process holding document g. */
uint32_t dist_owner_of(const dist_owners *ow, uint32_t g);

/* dist_docs.c */
int dist_gather_texts(dist_ctx *dc, crp_reader *r, const local_docs *L, uint64_t ndocs,
		      uint8_t ***texts, size_t **lens, err_ctx *e);
int dist_commit_docs(dist_ctx *dc, const sim_opts *o, const dist_hooks *h, sim_result *res,
		     const uint8_t *all, uint64_t nall, uint64_t ndocs, uint8_t **texts,
		     size_t *lens, err_ctx *e);

/* dist_pairs.c */
int dist_all_pairs(dist_ctx *dc, crp_reader *r, const sim_opts *o, pass1 *c, local_docs *L,
		   sim_result *res, err_ctx *e);
/* Verify candidates (a << 32 | b on any process, repeats allowed; cands freed). */
int dist_verify(dist_ctx *dc, crp_reader *r, const sim_opts *o, pass1 *c,
		const local_docs *L, const dist_owners *ow, u64vec *cands, sim_result *res,
		err_ctx *e);

/* dist_cand.c: candidates, appended to *cands (any process, repeats allowed) */
int dist_lsh_candidates(dist_ctx *dc, const sim_opts *o, const lsh_plan *plan,
			const local_docs *L, u64vec *cands, err_ctx *e);
int dist_containment_candidates(dist_ctx *dc, const sim_opts *o, const local_docs *L,
				const dist_owners *ow, u64vec *cands, err_ctx *e);

#endif
