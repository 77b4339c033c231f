/* compiler.h - the only place for compiler-specific hints (STYLE.md #11). Each hint is used
 * only where a benchmark showed a gain. */
#ifndef OVERLAP_COMPILER_H
#define OVERLAP_COMPILER_H

/* Build a function for AVX2 and for the baseline and pick at load time (gcc ifunc).
 * Only on x86-64 gcc with ifunc support; elsewhere a plain function. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && \
	!defined(__SANITIZE_ADDRESS__)
#define OVL_TARGET_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define OVL_TARGET_CLONES
#endif

/* Inline a function into each caller, so that a caller passing a constant (a NULL pointer)
 * gets a copy without the code that depends on it. */
#if defined(__GNUC__)
#define OVL_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define OVL_ALWAYS_INLINE inline
#endif

#if defined(__GNUC__)
#define OVL_LIKELY(x) __builtin_expect(!!(x), 1)
#define OVL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define OVL_LIKELY(x) (x)
#define OVL_UNLIKELY(x) (x)
#endif

/* Ask for the cache line of p ahead of a random access (a read, kept in all levels). */
#if defined(__GNUC__)
#define OVL_PREFETCH(p) __builtin_prefetch((p), 0, 3)
#else
#define OVL_PREFETCH(p) ((void)(p))
#endif

#endif
