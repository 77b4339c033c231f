/* minhash.c - MinHash signatures by one-permutation hashing + optimal densification.
 *
 * Why this scheme: end to end (tokenise + shingle + sketch) must reach 200 MB/s per thread.
 * Measured with the block tokeniser, `bench_sim --kernels 60` on the 92 MB real-prose bench
 * corpus (one thread, best of 3 by CPU time; 2026-12-02, load ~6 on 2 cores): tokenise
 * 1,077 MB/s, + shingles 865, + OPH sketch 730, + classic 128 multiply-shift minimums
 * instead 146. OPH does one multiply per shingle whatever nperm is (~1-2 ns); the classic
 * loop costs nperm operations per shingle even vectorised (AVX2 target clone), i.e. 5x the
 * tokeniser and shingling together.
 * Densification (Shrivastava 2017, "optimal"): an empty bin i copies the value of the first
 * non-empty bin on its own seeded probe sequence; two documents probe identically, so the
 * collision probability of bin i stays the Jaccard similarity. Estimator error is checked
 * against exact Jaccard in tests/unit/test_minhash.c (MAE <= 1.5/sqrt(nperm)).
 */
#include "overlap/minhash.h"

#include <string.h>

#include "hash.h"

/* Probe sequence salt, so densification probes are independent of the binning hash. */
#define MH_PROBE_SALT 0xd1b54a32d192ed03ULL

void mh_sketch(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed, uint32_t *sig)
{
	for (unsigned j = 0; j < nperm; j++)
		sig[j] = MH_EMPTY;
	if (n == 0)
		return;
	mh_kernel_oph(h, n, nperm, seed, sig);

	uint64_t empty[MH_MAX_NPERM / 64];
	unsigned nempty = 0;
	memset(empty, 0, sizeof empty);
	for (unsigned j = 0; j < nperm; j++)
		if (sig[j] == MH_EMPTY) {
			empty[j / 64] |= 1ULL << (j % 64);
			nempty++;
		}
	if (nempty == 0)
		return;
	/* At least one bin is filled (n > 0), so every probe sequence ends: each probe hits a
	 * filled bin with probability >= 1/nperm. */
	for (unsigned j = 0; j < nperm; j++) {
		if (!(empty[j / 64] >> (j % 64) & 1))
			continue;
		for (uint64_t attempt = 1;; attempt++) {
			uint64_t x = hash_mix64(seed ^ MH_PROBE_SALT ^ ((uint64_t)j << 32 | attempt));
			uint32_t k = hash_range32((uint32_t)(x >> 32), nperm);
			if (!(empty[k / 64] >> (k % 64) & 1)) {
				sig[j] = sig[k];
				break;
			}
		}
	}
}

void mh_sketch_classic(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed,
		       uint32_t *sig)
{
	for (unsigned j = 0; j < nperm; j++)
		sig[j] = MH_EMPTY;
	mh_kernel_classic(h, n, nperm, seed, sig);
}

double mh_jaccard(const uint32_t *a, const uint32_t *b, unsigned nperm)
{
	if (nperm == 0 || mh_is_empty(a, nperm) || mh_is_empty(b, nperm))
		return 0.0;
	unsigned eq = 0;
	for (unsigned j = 0; j < nperm; j++)
		eq += a[j] == b[j];
	return (double)eq / nperm;
}

bool mh_is_empty(const uint32_t *sig, unsigned nperm)
{
	/* A non-empty set fills every position after densification. */
	return nperm == 0 || sig[0] == MH_EMPTY;
}
