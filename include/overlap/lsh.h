/* lsh.h - locality-sensitive hashing of MinHash signatures: the band/row plan, its S-curve,
 * and an index that turns band collisions into candidate pairs.
 *
 * A pair of Jaccard s shares at least one of b bands of r rows with probability
 * 1-(1-s^r)^b. The plan minimises the weighted false-positive area below the threshold plus
 * the false-negative area above it (weights in lsh.c). The index stores one 32-bit key per
 * band per document (4*b bytes/doc: 128 MB for 1M documents at b = 32) and pairs documents
 * band by band with a sort, so memory stays linear. It does NOT verify pairs (candidates.c).
 */
#ifndef OVERLAP_LSH_H
#define OVERLAP_LSH_H

#include <stddef.h>
#include <stdint.h>

/* The band/row split chosen for a threshold. */
typedef struct lsh_plan {
	unsigned bands, rows;   /* bands * rows <= nperm */
	unsigned nperm;         /* signature length the plan was made for */
	double threshold;       /* the Jaccard threshold asked for */
	double fp_area, fn_area;/* integrated false-positive / false-negative probability */
} lsh_plan;

/* Choose bands x rows for threshold (0, 1] and nperm signatures (1..4096), minimising
 * LSH_FP_WEIGHT * fp_area + LSH_FN_WEIGHT * fn_area. @return 0, or OVL_EUSAGE. */
int lsh_plan_choose(double threshold, unsigned nperm, lsh_plan *out);

/* Probability that a pair of Jaccard s (0..1) becomes a candidate: 1-(1-s^r)^b. */
double lsh_prob(const lsh_plan *p, double s);

/* The S-curve's steepest point, (1/b)^(1/r): the effective threshold. */
double lsh_threshold_eff(const lsh_plan *p);

/* The weights behind lsh_plan_choose, for reports. */
double lsh_fp_weight(void);
double lsh_fn_weight(void);

/* The band keys of signature sig[0..plan->nperm) into keys[0..plan->bands): the keys
 * lsh_add files the document under (key j hashes rows j*r .. j*r+r-1, seeded with j).
 * For stores that keep the index elsewhere (src/archive/); equal keys, same bucket. */
void lsh_band_keys(const lsh_plan *plan, const uint32_t *sig, uint32_t *keys);
/* Key j alone (band by band: src/sim/dist_cand.c). */
uint32_t lsh_band_key(const lsh_plan *plan, const uint32_t *sig, unsigned j);

/* Buckets with more documents than this are skipped by lsh_pairs (LSH_MAX_BUCKET). */
size_t lsh_max_bucket(void);

typedef struct lsh_index lsh_index;

/* New empty index for plan (copied). Free with lsh_free(). */
lsh_index *lsh_new(const lsh_plan *plan);

/* Add document doc (ids need not be dense but must be distinct) with signature
 * sig[0..plan->nperm). Do not add empty signatures: they would all collide. */
void lsh_add(lsh_index *ix, uint32_t doc, const uint32_t *sig);

/* An index over n documents whose band keys were computed already (lsh_band_keys):
 * docs[0..n), strictly increasing, with keys[i * plan->bands ..] those of docs[i]. Both
 * arrays are borrowed, not copied: they must outlive the index (lsh_free leaves them), and
 * lsh_add must not be called on it. The same pairs as lsh_add of each signature. */
lsh_index *lsh_new_keys(const lsh_plan *plan, const uint32_t *docs, const uint32_t *keys,
			size_t n);

/* Number of documents added. */
size_t lsh_size(const lsh_index *ix);

/* Candidate pairs: every pair sharing a band key, as (a << 32 | b) with a < b, sorted,
 * without repeats, into *pairs (caller frees; NULL when none). Buckets with more than
 * LSH_MAX_BUCKET documents are skipped and counted in *nskipped (may be NULL).
 * The index can still be used afterwards. @return the number of pairs. */
size_t lsh_pairs(const lsh_index *ix, uint64_t **pairs, uint64_t *nskipped);
/* The same on `threads` threads (0 or 1: the caller's), one band at a time each; the
 * result does not depend on the thread count. */
size_t lsh_pairs_mt(const lsh_index *ix, unsigned threads, uint64_t **pairs,
		    uint64_t *nskipped);

void lsh_free(lsh_index *ix); /* NULL is a no-op */

#endif
