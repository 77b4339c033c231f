/* fuzz_tokenize.c - libFuzzer target for the text layer: utf8_decode bounds and counts,
 * tok_run span/normal-form invariants, tok_hashes == tok_run hashes, tok_normalize.
 * Checks use CHECK (abort), not assert, so they also run in NDEBUG builds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/tokenize.h"
#include "overlap/utf8.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* decoder: every step consumes 1..4 bytes inside the buffer, and the number of
	 * bad steps equals utf8_count_invalid; valid code points re-encode to the same bytes */
	size_t i = 0, nbad = 0;
	while (i < size) {
		int32_t cp;
		bool bad;
		size_t l = utf8_decode(data + i, size - i, &cp, &bad);
		CHECK(l >= 1 && l <= 4 && l <= size - i);
		if (bad) {
			CHECK(cp == UTF8_REPLACEMENT);
			nbad++;
		} else {
			uint8_t enc[4];
			CHECK(utf8_encode(cp, enc) == l && memcmp(enc, data + i, l) == 0);
		}
		i += l;
	}
	CHECK(utf8_count_invalid(data, size) == nbad);

	tok_list tl = { 0 };
	CHECK(tok_run(data, size, &tl) == 0);
	CHECK(tl.nbad == nbad);
	for (size_t k = 0; k < tl.n; k++) {
		const tok *t = &tl.v[k];
		CHECK(t->start < t->end && t->end <= size);
		CHECK(k == 0 || tl.v[k - 1].end <= t->start);
		CHECK(t->norm_len > 0 && (size_t)t->norm_off + t->norm_len <= tl.norm_nbytes);
		CHECK(t->hash == tok_word_hash(tl.norm + t->norm_off, t->norm_len));
		/* the normal form is valid UTF-8 */
		CHECK(utf8_count_invalid((const uint8_t *)tl.norm + t->norm_off, t->norm_len) == 0);
	}

	uint64_t *h = NULL;
	size_t cap = 0, hbad = 0;
	size_t nh = tok_hashes(data, size, &h, &cap, &hbad);
	CHECK(nh == tl.n);
	CHECK(hbad == nbad);
	for (size_t k = 0; k < nh; k++)
		CHECK(h[k] == tl.v[k].hash);
	free(h);

	/* tok_normalize: the words' normal forms joined by single spaces */
	size_t on = 0;
	char *norm = tok_normalize(data, size, &on);
	CHECK(norm[on] == '\0');
	size_t pos = 0;
	for (size_t k = 0; k < tl.n; k++) {
		const tok *t = &tl.v[k];
		if (k) {
			CHECK(pos < on && norm[pos] == ' ');
			pos++;
		}
		CHECK(pos + t->norm_len <= on);
		CHECK(memcmp(norm + pos, tl.norm + t->norm_off, t->norm_len) == 0);
		pos += t->norm_len;
	}
	CHECK(pos == on);
	free(norm);
	tok_list_free(&tl);
	return 0;
}
