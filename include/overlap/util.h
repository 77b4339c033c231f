/* util.h - the small helpers several modules need: a qsort/bsearch comparator for
 * uint64_t, sorted distinct keys and membership, postings (a key and the item it points at) with their
 * comparator and lower bound, a monotonic clock, word lists and double quotation marks. One definition each (util.c), so no
 * module keeps a copy. Nothing here allocates, prints or reads the environment.
 */
#ifndef OVERLAP_UTIL_H
#define OVERLAP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* qsort/bsearch comparator of two uint64_t: ascending. @return -1, 0 or 1. */
int util_cmp_u64(const void *a, const void *b);

/* Sort v[0..n) ascending and drop repeats. @return the number kept. */
size_t util_uniq_u64(uint64_t *v, size_t n);

/* Index of x in the ascending array v[0..n) (binary search; the first of equal ones), or
 * -1; and whether it is there. */
long util_find_u64(const uint64_t *v, size_t n, uint64_t x);
long util_find_u32(const uint32_t *v, size_t n, uint32_t x);
bool util_has_u64(const uint64_t *v, size_t n, uint64_t x);
bool util_has_u32(const uint32_t *v, size_t n, uint32_t x);

/* Whether key is seen the first time: not yet in the unsorted list (*v)[0..*n), to which
 * it is then appended (growing *v, *cap). For the few pairs a pass reports once each; a
 * linear search. */
bool util_first_time(uint64_t **v, size_t *n, size_t *cap, uint64_t key);

/* A posting of an inverted index: a key (a feature's or word's hash) and the item it
 * points at (a mention, a document). */
typedef struct util_post {
	uint64_t h;
	uint32_t m;
} util_post;

/* qsort comparator of util_post: by key, then item. */
int util_cmp_post(const void *a, const void *b);

/* Index of the first posting of v[0..n) (sorted by key) whose key is >= h (n if none). */
size_t util_post_lower(const util_post *v, size_t n, uint64_t h);

/* Seconds on the monotonic clock (CLOCK_MONOTONIC): for durations and deadlines only,
 * never for a date. */
double util_mono_s(void);

/* Whether the word w[0..n) (not NUL-terminated) is one of list, a NULL-terminated array of
 * strings, matched exactly. */
bool util_word_in(const char *w, size_t n, const char *const *list);
/* The same for a NUL-terminated string. */
bool util_str_in(const char *s, const char *const *list);

/* The double quotation mark starting at t[at] (t readable below end): its length in bytes
 * (1 for '"', 3 for the UTF-8 “ and ”), 0 for none; *kind gets '"' (straight, opens or
 * closes), 'o' (“, opens) or 'c' (”, closes). */
size_t util_dquote(const uint8_t *t, size_t at, size_t end, char *kind);

#endif
