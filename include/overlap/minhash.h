/* minhash.h - MinHash signatures: nperm 32-bit values per shingle set whose agreement rate
 * estimates Jaccard similarity.
 *
 * Scheme: one-permutation hashing (one hash per shingle picks a bin and a value, the bin keeps
 * its minimum) with optimal densification (Shrivastava 2017) for empty bins: O(1) work per
 * shingle instead of O(nperm), which is what makes >= 200 MB/s end to end possible (see
 * minhash.c for the measurement). It does NOT shingle (shingle.c) nor band (lsh.c).
 * Signatures depend only on the shingle set and the seed: never on threads or order.
 */
#ifndef OVERLAP_MINHASH_H
#define OVERLAP_MINHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MH_DEFAULT_NPERM 128u
#define MH_MAX_NPERM 4096u
#define MH_EMPTY UINT32_MAX /* every value of the signature of an empty set */

/* Signature of shingles h[0..n) (any order, repeats allowed) into sig[0..nperm). The h must
 * be uniform 64-bit hashes (shingle.c's are): their bits pick the bin and the value.
 * nperm in 1..MH_MAX_NPERM. An empty set (n == 0) gives all MH_EMPTY. */
void mh_sketch(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed, uint32_t *sig);

/* Estimated Jaccard: share of equal positions. Two empty signatures give 0. */
double mh_jaccard(const uint32_t *a, const uint32_t *b, unsigned nperm);

/* True when sig is the signature of an empty set. */
bool mh_is_empty(const uint32_t *sig, unsigned nperm);

/* ---- kernels (minhash_kernel.c), exposed for tests and bench ---- */

/* One-permutation binning: sig must be preset to MH_EMPTY; for each shingle, XOR with a
 * seed-derived key, bin = high 32 bits * nperm >> 32, value = low 32 bits (capped below MH_EMPTY);
 * keep the minimum per bin. No densification. */
void mh_kernel_oph(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed, uint32_t *sig);
/* Classic MinHash with nperm multiply-shift hashes (a_i * x + b_i) >> 32 per shingle,
 * vectorised; kept for the benchmark comparison (bench_sim --scheme classic). sig preset
 * to MH_EMPTY. */
void mh_kernel_classic(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed,
		       uint32_t *sig);
/* Plain-C reference of mh_kernel_classic (no target clones); tests compare the two. */
void mh_kernel_classic_ref(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed,
			   uint32_t *sig);
/* Classic MinHash signature (mh_kernel_classic on a fresh signature). */
void mh_sketch_classic(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed,
		       uint32_t *sig);

#endif
