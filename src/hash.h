/* hash.h - the small hash functions shared by shingle, minhash, lsh and candidates
 * (static inline: each is a few instructions on the hot path). XXH3 comes inlined from
 * libxxhash's header so short inputs (8k bytes of word hashes) skip a call. */
#ifndef OVERLAP_HASH_H
#define OVERLAP_HASH_H

#include <stddef.h>
#include <stdint.h>

#ifndef XXH_INLINE_ALL
#define XXH_INLINE_ALL
#endif
#include <xxhash.h>

/* Bijective 64-bit finaliser (splitmix64 / Stafford mix 13): every output bit depends on
 * every input bit, so its high and low halves can be used as independent hashes. */
static inline uint64_t hash_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* XXH3-64 of bytes with a seed. */
static inline uint64_t hash_bytes(const void *p, size_t nbytes, uint64_t seed)
{
	return XXH3_64bits_withSeed(p, nbytes, seed);
}

/* Uniform index in [0, n) from 32 random bits (Lemire's multiply-shift, no division). */
static inline uint32_t hash_range32(uint32_t x, uint32_t n)
{
	return (uint32_t)(((uint64_t)x * n) >> 32);
}

#endif
