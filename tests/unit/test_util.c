/* test_util.c - the shared helpers of util.h that decide what text means: the double
 * quotation marks (util_dquote) that claim, fact and date code read quotations by. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "overlap/util.h"

static size_t dq(const char *s, size_t at, size_t end, char *kind)
{
	*kind = 0;
	return util_dquote((const uint8_t *)s, at, end, kind);
}

static void test_dquote(void **state)
{
	(void)state;
	char k;
	const char *s = "a \"b\" \xE2\x80\x9C" "c\xE2\x80\x9D 'd' \xE2\x80\x98" "e";
	size_t n = strlen(s);
	assert_int_equal(dq(s, 0, n, &k), 0);
	assert_int_equal(dq(s, 2, n, &k), 1);
	assert_int_equal(k, '"');
	assert_int_equal(dq(s, 6, n, &k), 3); /* “ opens */
	assert_int_equal(k, 'o');
	assert_int_equal(dq(s, 10, n, &k), 3); /* ” closes */
	assert_int_equal(k, 'c');
	assert_int_equal(dq(s, 14, n, &k), 0); /* a single quote is none */
	assert_int_equal(dq(s, 18, n, &k), 0); /* nor is ‘ */
	/* the end bounds the read: a curly mark cut by it, or a mark at it, is none */
	assert_int_equal(dq(s, 6, 8, &k), 0);
	assert_int_equal(dq(s, 2, 2, &k), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dquote),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
