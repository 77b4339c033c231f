/* util.c - the uint64_t comparator, sorted distinct keys, postings, a seen-once list and
 * the monotonic clock (see util.h).
 *
 * Shared by claims, relations, denials, boilerplate, the charts' gnuplot deadline and the
 * CLI's progress line; it does nothing else (no I/O; only the seen-once list allocates).
 */
#include "overlap/util.h"
#include "overlap/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int util_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

size_t util_uniq_u64(uint64_t *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, util_cmp_u64);
	size_t u = 1;
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[u - 1])
			v[u++] = v[i];
	return u;
}

/* One binary search for both element types. */
#define UTIL_FIND(T, find, has)                            \
	long find(const T *v, size_t n, T x)               \
	{                                                  \
		size_t lo = 0, hi = n;                     \
		while (lo < hi) {                          \
			size_t mid = lo + (hi - lo) / 2;   \
			if (v[mid] < x)                    \
				lo = mid + 1;              \
			else                               \
				hi = mid;                  \
		}                                          \
		return lo < n && v[lo] == x ? (long)lo : -1; \
	}                                                  \
	bool has(const T *v, size_t n, T x)                \
	{                                                  \
		return find(v, n, x) >= 0;                 \
	}
UTIL_FIND(uint64_t, util_find_u64, util_has_u64)
UTIL_FIND(uint32_t, util_find_u32, util_has_u32)

int util_cmp_post(const void *a, const void *b)
{
	const util_post *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return (x->m > y->m) - (x->m < y->m);
}

size_t util_post_lower(const util_post *v, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool util_word_in(const char *w, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
			return true;
	return false;
}

bool util_str_in(const char *s, const char *const *list)
{
	return util_word_in(s, strlen(s), list);
}

double util_mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool util_first_time(uint64_t **v, size_t *n, size_t *cap, uint64_t key)
{
	for (size_t j = 0; j < *n; j++)
		if ((*v)[j] == key)
			return false;
	XGROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = key;
	return true;
}

size_t util_dquote(const uint8_t *t, size_t at, size_t end, char *kind)
{
	if (at < end && t[at] == '"') {
		*kind = '"';
		return 1;
	}
	if (at + 2 < end && t[at] == 0xE2 && t[at + 1] == 0x80 &&
	    (t[at + 2] == 0x9C || t[at + 2] == 0x9D)) {
		*kind = t[at + 2] == 0x9C ? 'o' : 'c';
		return 3;
	}
	return 0;
}
