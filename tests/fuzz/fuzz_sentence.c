/* fuzz_sentence.c - libFuzzer target for sent_split: spans in bounds, ordered, non-empty,
 * trimmed of ASCII white space, valid kinds, and the same result on a second call with
 * the reused buffer. CHECK aborts (works in NDEBUG builds too). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/sentence.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_ws(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sent *v = NULL;
	size_t cap = 0;
	size_t n = sent_split(data, size, &v, &cap);
	CHECK(n <= cap || n == 0);
	for (size_t i = 0; i < n; i++) {
		CHECK(v[i].start < v[i].end);
		CHECK(v[i].end <= size);
		CHECK(i == 0 || v[i - 1].end <= v[i].start);
		CHECK(!is_ws(data[v[i].start]) && !is_ws(data[v[i].end - 1]));
		CHECK(v[i].kind <= SENT_QUESTION);
	}
	sent *copy = NULL;
	if (n) {
		copy = malloc(n * sizeof *copy);
		CHECK(copy);
		memcpy(copy, v, n * sizeof *copy);
	}
	size_t n2 = sent_split(data, size, &v, &cap);
	CHECK(n2 == n);
	for (size_t i = 0; i < n; i++)
		CHECK(v[i].start == copy[i].start && v[i].end == copy[i].end &&
		      v[i].kind == copy[i].kind);
	free(copy);
	free(v);
	return 0;
}
