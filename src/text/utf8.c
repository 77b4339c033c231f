/* utf8.c - strict UTF-8 decoding with maximal-subpart replacement (see utf8.h).
 *
 * Input is untrusted: every read is bounded by n. The well-formed byte sequences are those
 * of Unicode Table 3-7; an ill-formed sequence is replaced per maximal subpart, i.e. a
 * valid lead byte plus the continuation bytes that could still belong to a valid sequence
 * count as one replacement, and the first byte that breaks the pattern starts afresh.
 * Hot callers (tokenize.c) test for ASCII before calling; this file has no tables.
 */
#include "overlap/utf8.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* Second-byte range allowed after lead byte b0 (Table 3-7); other continuations are
 * always 0x80..0xBF. Sets *len to the full sequence length. @return false for a byte
 * that cannot start a sequence (0x80..0xC1, 0xF5..0xFF). */
static bool lead_info(uint8_t b0, size_t *len, uint8_t *lo, uint8_t *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (b0 >= 0xC2 && b0 <= 0xDF) {
		*len = 2;
	} else if (b0 >= 0xE0 && b0 <= 0xEF) {
		*len = 3;
		if (b0 == 0xE0)
			*lo = 0xA0; /* below: overlong */
		else if (b0 == 0xED)
			*hi = 0x9F; /* above: surrogates */
	} else if (b0 >= 0xF0 && b0 <= 0xF4) {
		*len = 4;
		if (b0 == 0xF0)
			*lo = 0x90; /* below: overlong */
		else if (b0 == 0xF4)
			*hi = 0x8F; /* above: > U+10FFFF */
	} else {
		return false;
	}
	return true;
}

/* ---- API -------------------------------------------------------------------------- */

size_t utf8_decode(const uint8_t *s, size_t n, int32_t *cp, bool *bad)
{
	uint8_t b0 = s[0];
	if (b0 < 0x80) {
		*cp = b0;
		*bad = false;
		return 1;
	}
	size_t len;
	uint8_t lo, hi;
	if (!lead_info(b0, &len, &lo, &hi)) {
		*cp = UTF8_REPLACEMENT;
		*bad = true;
		return 1;
	}
	int32_t v = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
	for (size_t k = 1; k < len; k++) {
		if (k >= n || s[k] < lo || s[k] > hi) {
			/* maximal subpart: the lead plus the k-1 continuations that fit */
			*cp = UTF8_REPLACEMENT;
			*bad = true;
			return k;
		}
		v = (v << 6) | (s[k] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	*bad = false;
	return len;
}

size_t utf8_count_invalid(const uint8_t *s, size_t n)
{
	size_t nbad = 0, i = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		int32_t cp;
		bool bad;
		i += utf8_decode(s + i, n - i, &cp, &bad);
		nbad += bad;
	}
	return nbad;
}

size_t utf8_encode(int32_t cp, uint8_t *out)
{
	/* Unencodable values (negative, surrogates, > U+10FFFF) become U+FFFD so the output
	 * is always valid UTF-8. */
	if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = UTF8_REPLACEMENT;
	uint32_t u = (uint32_t)cp;
	if (u < 0x80) {
		out[0] = (uint8_t)u;
		return 1;
	}
	if (u < 0x800) {
		out[0] = (uint8_t)(0xC0 | (u >> 6));
		out[1] = (uint8_t)(0x80 | (u & 0x3F));
		return 2;
	}
	if (u < 0x10000) {
		out[0] = (uint8_t)(0xE0 | (u >> 12));
		out[1] = (uint8_t)(0x80 | ((u >> 6) & 0x3F));
		out[2] = (uint8_t)(0x80 | (u & 0x3F));
		return 3;
	}
	out[0] = (uint8_t)(0xF0 | (u >> 18));
	out[1] = (uint8_t)(0x80 | ((u >> 12) & 0x3F));
	out[2] = (uint8_t)(0x80 | ((u >> 6) & 0x3F));
	out[3] = (uint8_t)(0x80 | (u & 0x3F));
	return 4;
}
