/* cmocka_filter.c - linked into every unit test: CMOCKA_TEST_FILTER=PATTERN runs only the
 * cases whose name matches PATTERN (cmocka's glob, e.g. "test_rank*"). cmocka reads that
 * variable itself only from 1.1.6 on; Debian's 1.1.5 has cmocka_set_test_filter(), which a
 * constructor calls before main, so no test's main has to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

__attribute__((constructor)) static void cmocka_filter_from_env(void)
{
	const char *f = getenv("CMOCKA_TEST_FILTER");
	if (f && *f)
		cmocka_set_test_filter(f);
}
