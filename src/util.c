/* util.c - the uint64_t comparator and the monotonic clock (see util.h).
 *
 * Shared by claims, boilerplate, the charts' gnuplot deadline and the CLI's progress line;
 * it does nothing else (no allocation, no I/O).
 */
#include "overlap/util.h"

#include <stdint.h>
#include <time.h>

int util_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

double util_mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
