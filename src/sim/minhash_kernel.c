/* minhash_kernel.c - the MinHash inner loops, isolated so they can be timed and checked
 * (STYLE.md #11). mh_kernel_oph is the production kernel: one XOR, one multiply and one
 * compare per shingle. mh_kernel_classic is the textbook nperm-hash loop, vectorised with target
 * clones, kept to measure against (bench_sim --scheme classic) and checked against
 * mh_kernel_classic_ref. Neither allocates; both only lower values of a preset signature.
 */
#include "overlap/minhash.h"

#include "compiler.h"
#include "hash.h"

/* Largest value a shingle can store: MH_EMPTY marks an empty bin. */
#define MH_VALUE_MAX (MH_EMPTY - 1u)

void mh_kernel_oph(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed, uint32_t *sig)
{
	/* Inputs are already uniform 64-bit hashes (shingle.c finalises them with a mixer), so
	 * XOR with a seed-derived key is enough; re-mixing each value cost ~25% of the
	 * kernel. */
	uint64_t key = hash_mix64(seed ^ 0x2545f4914f6cdd1dULL);
	for (size_t i = 0; i < n; i++) {
		uint64_t x = h[i] ^ key;
		uint32_t bin = hash_range32((uint32_t)(x >> 32), nperm);
		uint32_t val = (uint32_t)x;
		val = val > MH_VALUE_MAX ? MH_VALUE_MAX : val;
		/* Unconditional store: about half the compares succeed on a ~500-shingle
		 * document, so a branch here was mispredicted at random (measured 2x slower). */
		uint32_t cur = sig[bin];
		sig[bin] = val < cur ? val : cur;
	}
}

/* Coefficients of hash j: odd multiplier a_j and offset b_j from the seed. */
static void classic_coef(uint64_t seed, unsigned j, uint64_t *a, uint64_t *b)
{
	*a = hash_mix64(seed ^ (0x9e3779b97f4a7c15ULL * (2u * j + 1u))) | 1u;
	*b = hash_mix64(seed + 0x632be59bd9b4e019ULL * (2u * j + 2u));
}

#define CLASSIC_CHUNK 64 /* permutations per inner block: coefficients stay in L1 */

#define CLASSIC_BODY                                                                    \
	for (unsigned j0 = 0; j0 < nperm; j0 += CLASSIC_CHUNK) {                        \
		unsigned m = nperm - j0 < CLASSIC_CHUNK ? nperm - j0 : CLASSIC_CHUNK;  \
		uint64_t a[CLASSIC_CHUNK], b[CLASSIC_CHUNK];                            \
		uint32_t s[CLASSIC_CHUNK];                                              \
		for (unsigned j = 0; j < m; j++) {                                      \
			classic_coef(seed, j0 + j, &a[j], &b[j]);                       \
			s[j] = sig[j0 + j];                                             \
		}                                                                       \
		for (size_t i = 0; i < n; i++) {                                        \
			uint64_t x = h[i];                                              \
			for (unsigned j = 0; j < m; j++) {                              \
				uint32_t v = (uint32_t)((a[j] * x + b[j]) >> 32);       \
				v = v > MH_VALUE_MAX ? MH_VALUE_MAX : v;                \
				s[j] = v < s[j] ? v : s[j];                             \
			}                                                               \
		}                                                                       \
		for (unsigned j = 0; j < m; j++)                                        \
			sig[j0 + j] = s[j];                                             \
	}

OVL_TARGET_CLONES
void mh_kernel_classic(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed,
		       uint32_t *sig)
{
	CLASSIC_BODY
}

void mh_kernel_classic_ref(const uint64_t *h, size_t n, unsigned nperm, uint64_t seed,
			   uint32_t *sig)
{
	CLASSIC_BODY
}
