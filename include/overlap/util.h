/* util.h - the two small helpers several modules need: a qsort/bsearch comparator for
 * uint64_t and a monotonic clock. One definition each (util.c), so no module keeps a copy.
 * Nothing here allocates, prints or reads the environment.
 */
#ifndef OVERLAP_UTIL_H
#define OVERLAP_UTIL_H

/* qsort/bsearch comparator of two uint64_t: ascending. @return -1, 0 or 1. */
int util_cmp_u64(const void *a, const void *b);

/* Seconds on the monotonic clock (CLOCK_MONOTONIC): for durations and deadlines only,
 * never for a date. */
double util_mono_s(void);

#endif
