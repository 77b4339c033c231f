/* test_mem.c - growable arrays: xgrow and the large-array variant xbig_grow keep their
 * contents across growth (xbig_grow moves mappings with mremap on Linux), give at least
 * the capacity asked for, shrink in place (xbig_shrink) and free cleanly; xjoin joins
 * per-item arrays in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "overlap/mem.h"

/* Grow in uneven steps to ~24 MB, writing each new element and checking every old one at
 * each step (a lost or shifted page would show as a wrong value). */
static void test_big_grow_keeps_contents(void **state)
{
	(void)state;
	uint32_t *v = NULL;
	size_t cap = 0, n = 0;
	const size_t steps[] = { 1, 7, 1000, 65536, 524289, 1u << 20, 3u << 20, 6u << 20 };
	for (size_t s = 0; s < sizeof steps / sizeof *steps; s++) {
		XBIG_GROW(v, cap, steps[s]);
		assert_non_null(v);
		assert_true(cap >= steps[s]);
		for (size_t i = 0; i < n; i++)
			if (v[i] != (uint32_t)(i * 2654435761u))
				fail_msg("element %zu changed after growing to %zu", i, steps[s]);
		for (; n < steps[s]; n++)
			v[n] = (uint32_t)(n * 2654435761u);
	}
	/* asking for less than the capacity changes nothing */
	uint32_t *same = v;
	size_t cap_before = cap;
	XBIG_GROW(v, cap, 10);
	assert_ptr_equal(v, same);
	assert_int_equal(cap, cap_before);
	XBIG_FREE(v, cap);
	XBIG_FREE((uint32_t *)NULL, 0); /* NULL is a no-op */
}

/* xbig_shrink keeps the first elements where they are, leaves a capacity of at least what
 * is kept, and the array can grow and be freed afterwards. */
static void test_big_shrink(void **state)
{
	(void)state;
	uint64_t *v = NULL;
	size_t cap = 0;
	XBIG_GROW(v, cap, 3u << 20); /* 24 MB */
	for (size_t i = 0; i < (3u << 20); i++)
		v[i] = i * 0x9e3779b97f4a7c15ull;
	uint64_t *at = v;
	const size_t keeps[] = { 1u << 20, 300000, 5, 0 };
	for (size_t k = 0; k < sizeof keeps / sizeof *keeps; k++) {
		XBIG_SHRINK(v, cap, keeps[k]);
		assert_ptr_equal(v, at);
		assert_true(cap >= keeps[k] && cap > 0);
		for (size_t i = 0; i < keeps[k]; i++)
			if (v[i] != i * 0x9e3779b97f4a7c15ull)
				fail_msg("element %zu changed after shrinking to %zu", i, keeps[k]);
	}
	XBIG_GROW(v, cap, 2u << 20);
	assert_true(cap >= (2u << 20));
	v[(2u << 20) - 1] = 1;
	assert_int_equal(v[0], 0);
	XBIG_FREE(v, cap);
	XBIG_SHRINK((uint64_t *)NULL, cap, 0); /* NULL is a no-op */
}

static void test_grow(void **state)
{
	(void)state;
	uint64_t *v = NULL;
	size_t cap = 0;
	for (size_t n = 1; n <= 100000; n = n * 3 + 1) {
		XGROW(v, cap, n);
		assert_true(cap >= n);
		v[n - 1] = n;
	}
	assert_int_equal(v[0], 1);
	assert_int_equal(v[3], 4);
	free(v);
}

/* Per-item results joined in item order, empty items skipped, every part freed (ASan
 * reports a leak otherwise), NULL for no elements at all. */
static void test_join(void **state)
{
	(void)state;
	int *parts[4] = { NULL, NULL, NULL, NULL };
	size_t n[4] = { 2, 0, 3, 0 };
	parts[0] = xmalloc(2 * sizeof(int));
	parts[0][0] = 1, parts[0][1] = 2;
	parts[2] = xmalloc(3 * sizeof(int));
	parts[2][0] = 3, parts[2][1] = 4, parts[2][2] = 5;
	size_t total = 99;
	int *v = xjoin((void **)parts, n, 4, sizeof *v, &total);
	assert_int_equal(total, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(v[i], i + 1);
	for (int i = 0; i < 4; i++)
		assert_null(parts[i]);
	free(v);
	size_t none[2] = { 0, 0 };
	int *empty[2] = { NULL, NULL };
	assert_null(xjoin((void **)empty, none, 2, sizeof(int), &total));
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big_grow_keeps_contents),
		cmocka_unit_test(test_big_shrink),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
