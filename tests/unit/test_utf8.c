/* test_utf8.c - strict decoder: well-formed ranges of Unicode Table 3-7, maximal-subpart
 * replacement (the examples of Unicode §3.9 / Table 3-8), encode round trip against a
 * naive model, and BOM handling in the tokenizer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "overlap/tokenize.h"
#include "overlap/utf8.h"

/* Decode all of s[0..n) into cps/bads; @return number of decoded units. */
static size_t decode_all(const uint8_t *s, size_t n, int32_t *cps, int *bads, size_t max)
{
	size_t i = 0, k = 0;
	while (i < n && k < max) {
		bool bad;
		size_t l = utf8_decode(s + i, n - i, &cps[k], &bad);
		assert_true(l >= 1 && l <= 4 && l <= n - i);
		bads[k++] = bad;
		i += l;
	}
	return k;
}

static void expect(const char *bytes, size_t n, const int32_t *want, size_t nwant)
{
	int32_t cps[64];
	int bads[64];
	size_t k = decode_all((const uint8_t *)bytes, n, cps, bads, 64);
	assert_int_equal(k, nwant);
	size_t nbad = 0;
	for (size_t j = 0; j < k; j++) {
		assert_int_equal(cps[j], want[j]);
		assert_int_equal(bads[j], want[j] == UTF8_REPLACEMENT);
		nbad += bads[j];
	}
	assert_int_equal(utf8_count_invalid((const uint8_t *)bytes, n), nbad);
}

#define R UTF8_REPLACEMENT

static void test_valid(void **state)
{
	(void)state;
	const int32_t w1[] = { 'a', 0xE9, 0x20AC, 0x1F600, 0x10FFFF, 0xFFFF, 0xD7FF, 0xE000 };
	expect("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\xEF\xBF\xBF"
	       "\xED\x9F\xBF\xEE\x80\x80", 23, w1, 8);
	/* NUL is a valid code point and consumes one byte */
	const int32_t w2[] = { 'x', 0, 'y' };
	expect("x\0y", 3, w2, 3);
	/* the BOM decodes as U+FEFF (valid; the tokenizer treats it as a separator) */
	const int32_t w3[] = { 0xFEFF, 'A' };
	expect("\xEF\xBB\xBF" "A", 4, w3, 2);
}

static void test_overlong(void **state)
{
	(void)state;
	/* C0/C1 can never start a sequence: each byte is its own subpart */
	const int32_t w1[] = { R, R, R, R };
	expect("\xC0\xAF\xC1\x81", 4, w1, 4);
	/* E0 80..9F: E0 alone is the maximal subpart, then stray continuations */
	const int32_t w2[] = { R, R, R };
	expect("\xE0\x80\xAF", 3, w2, 3);
	/* F0 80..8F: overlong 4-byte */
	const int32_t w3[] = { R, R, R, R };
	expect("\xF0\x80\x80\xAF", 4, w3, 4);
}

static void test_surrogates_and_range(void **state)
{
	(void)state;
	/* ED A0 80 = U+D800: ED is the subpart, A0 and 80 are strays */
	const int32_t w1[] = { R, R, R, 'z' };
	expect("\xED\xA0\x80z", 4, w1, 4);
	/* F4 90 80 80 = U+110000 */
	const int32_t w2[] = { R, R, R, R };
	expect("\xF4\x90\x80\x80", 4, w2, 4);
	/* F5..FF never start a sequence */
	const int32_t w3[] = { R, R, R, R };
	expect("\xF5\xF8\xFE\xFF", 4, w3, 4);
}

static void test_truncated(void **state)
{
	(void)state;
	/* Unicode Table 3-8 style: a valid prefix counts as one replacement */
	const int32_t w1[] = { R, 'a' };
	expect("\xE2\x82" "a", 3, w1, 2);
	const int32_t w2[] = { R, 'b' };
	expect("\xF0\x9F\x98" "b", 4, w2, 2);
	/* truncated at the end of the buffer: no read past n */
	const int32_t w3[] = { 'c', R };
	expect("c\xF0\x9F\x98", 4, w3, 2);
	const int32_t w4[] = { R };
	expect("\xC3", 1, w4, 1);
	/* the example of Unicode 3.9 (U+0061 F1 80 80 E1 80 C2 62 80 63 80 BF 64) */
	const int32_t w5[] = { 'a', R, R, R, 'b', R, 'c', R, R, 'd' };
	expect("a\xF1\x80\x80\xE1\x80\xC2" "b\x80" "c\x80\xBF" "d", 13, w5, 10);
}

static void test_stray_continuation(void **state)
{
	(void)state;
	const int32_t w1[] = { R, R, 'x', R };
	expect("\x80\xBF" "x\xA0", 4, w1, 4);
	/* a new lead byte interrupts a sequence and starts afresh */
	const int32_t w2[] = { R, 0xE9 };
	expect("\xE2\xC3\xA9", 3, w2, 2);
}

/* Every code point encodes and decodes back; non-scalars encode as U+FFFD. */
static void test_encode_roundtrip(void **state)
{
	(void)state;
	uint8_t buf[4];
	for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
		size_t l = utf8_encode(cp, buf);
		int32_t back;
		bool bad;
		size_t m = utf8_decode(buf, l, &back, &bad);
		assert_int_equal(m, l);
		assert_false(bad);
		if (cp >= 0xD800 && cp <= 0xDFFF)
			assert_int_equal(back, R);
		else
			assert_int_equal(back, cp);
		size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if (!(cp >= 0xD800 && cp <= 0xDFFF))
			assert_int_equal(l, want);
	}
	assert_int_equal(utf8_encode(0x110000, buf), 3);
	assert_int_equal(utf8_encode(-1, buf), 3);
}

/* Naive model of Table 3-7: is s[0..n) exactly one well-formed sequence? Every 4-byte string
 * of boundary bytes must decode consistently with it. */
static bool model_valid(const uint8_t *s, size_t n)
{
	if (n == 1)
		return s[0] < 0x80;
	uint8_t b0 = s[0], b1 = s[1];
	bool c1 = b1 >= 0x80 && b1 <= 0xBF;
	if (n == 2)
		return b0 >= 0xC2 && b0 <= 0xDF && c1;
	bool c2 = s[2] >= 0x80 && s[2] <= 0xBF;
	if (n == 3) {
		if (!c2)
			return false;
		if (b0 == 0xE0) return b1 >= 0xA0 && b1 <= 0xBF;
		if (b0 == 0xED) return b1 >= 0x80 && b1 <= 0x9F;
		return b0 >= 0xE1 && b0 <= 0xEF && c1;
	}
	bool c3 = s[3] >= 0x80 && s[3] <= 0xBF;
	if (!c2 || !c3)
		return false;
	if (b0 == 0xF0) return b1 >= 0x90 && b1 <= 0xBF;
	if (b0 == 0xF4) return b1 >= 0x80 && b1 <= 0x8F;
	return b0 >= 0xF1 && b0 <= 0xF3 && c1;
}

/* s[0..m) (m >= 2) is the start of some well-formed sequence: complete it with 0x80. */
static bool model_prefix(const uint8_t *s, size_t m)
{
	uint8_t t[4];
	memcpy(t, s, m);
	for (size_t full = m; full <= 4; full++) {
		for (size_t j = m; j < full; j++)
			t[j] = 0x80;
		if (model_valid(t, full))
			return true;
	}
	return false;
}

static void test_against_model(void **state)
{
	(void)state;
	const uint8_t pick[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
				 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0,
				 0xF1, 0xF3, 0xF4, 0xF5, 0xFF };
	const size_t np = sizeof pick;
	uint8_t s[4];
	for (size_t a = 0; a < np; a++)
		for (size_t b = 0; b < np; b++)
			for (size_t c = 0; c < np; c++)
				for (size_t d = 0; d < np; d++) {
					s[0] = pick[a]; s[1] = pick[b]; s[2] = pick[c]; s[3] = pick[d];
					int32_t cp;
					bool bad;
					size_t l = utf8_decode(s, 4, &cp, &bad);
					assert_int_equal(bad, !model_valid(s, l));
					if (!bad)
						continue;
					/* maximal subpart: the longest prefix that some valid
					 * sequence starts with, or one byte */
					size_t want = 1;
					for (size_t m = 2; m <= 3; m++) {
						if (!model_prefix(s, m))
							break;
						want = m;
					}
					assert_int_equal(l, want);
				}
}

/* A UTF-8 BOM at the start of a file must not glue itself to the first word. */
static void test_bom_in_tokenizer(void **state)
{
	(void)state;
	const char *t = "\xEF\xBB\xBFHello world";
	tok_list tl = { 0 };
	assert_int_equal(tok_run((const uint8_t *)t, strlen(t), &tl), 0);
	assert_int_equal(tl.n, 2);
	assert_int_equal(tl.v[0].start, 3);
	assert_int_equal(tl.v[0].norm_len, 5);
	assert_memory_equal(tl.norm + tl.v[0].norm_off, "hello", 5);
	assert_int_equal(tl.nbad, 0);
	tok_list_free(&tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_surrogates_and_range),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_stray_continuation),
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_against_model),
		cmocka_unit_test(test_bom_in_tokenizer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
