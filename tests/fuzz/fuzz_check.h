/* fuzz_check.h - CHECK(cond) for the libFuzzer targets: prints the failed condition and
 * aborts, so that libFuzzer keeps the input as a crash. Unlike assert it also works in
 * NDEBUG builds. */
#ifndef OVERLAP_FUZZ_CHECK_H
#define OVERLAP_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(c)                                                              \
	do {                                                                      \
		if (!(c)) {                                                           \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
			abort();                                                          \
		}                                                                     \
	} while (0)

#endif
