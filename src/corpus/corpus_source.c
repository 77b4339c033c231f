/* corpus_source.c - one byte source: a file descriptor or bytes in memory, inflated
 * through zlib when it starts with the gzip magic, under a cap (see crp_src in corpus_int.h).
 *
 * Every document's bytes come through here, so gzip bombs (the cap), truncation, corrupt
 * data, concatenated members and trailing garbage are handled in one place; failures leave
 * a phrase in s->err for the caller's warning. Also the checks on what bytes hold (binary,
 * no letters) and the wording of errno and sizes in warnings. It does not open files, cut
 * lines or parse JSON (corpus.c and corpus_jsonl.c do) and never warns by itself.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "corpus_int.h"

/* ---- tuning ---------------------------------------------------------------------- */

/* More than 30% control bytes in the sniff window: binary (text has ~0% besides \t\n\r\f). */
#define CTRL_PERCENT 30

/* ---- what bytes hold, and words for warnings --------------------------------------- */

/* errno as a lowercase phrase ("not found", "permission denied", ...). */
void crp_errno_text(int err, char *buf, size_t n)
{
	if (err == ENOENT) {
		snprintf(buf, n, "not found");
		return;
	}
	snprintf(buf, n, "%s", strerror(err));
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

void crp_size_text(size_t n, char *buf, size_t bufsz)
{
	const size_t kib = 1024, mib = kib * 1024;
	if (n >= mib && n % mib == 0)
		snprintf(buf, bufsz, "%zu MiB", n / mib);
	else if (n >= kib && n % kib == 0)
		snprintf(buf, bufsz, "%zu KiB", n / kib);
	else
		snprintf(buf, bufsz, "%zu bytes", n);
}

/* Control bytes in t[0..n): < 0x20 except \t \n \f \r (0x09, 0x0a, 0x0c, 0x0d), and DEL;
 * SIZE_MAX when a NUL is among them. One pass, 16 bytes at a time with SSE2 (the NUL test
 * and a count that gcc vectorised had been two passes, ~2% of a run on the reading thread),
 * byte by byte for the tail and elsewhere. */
static size_t count_control(const uint8_t *t, size_t n)
{
	size_t ctrl = 0, i = 0;
#if defined(__SSE2__)
	const __m128i c1f = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f), zero = _mm_setzero_si128();
	const __m128i tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n'), ff = _mm_set1_epi8('\f'),
		      cr = _mm_set1_epi8('\r');
	while (i + 16 <= n) {
		/* byte-wide counts (0xFF is -1) for up to 255 blocks, then summed (sad) */
		__m128i acc = zero, nul = zero;
		for (unsigned k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
			nul = _mm_or_si128(nul, _mm_cmpeq_epi8(x, zero));
			/* x <= 0x1f unsigned, minus the four allowed, plus DEL */
			__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, c1f), x);
			__m128i ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(x, nl)),
						  _mm_or_si128(_mm_cmpeq_epi8(x, ff), _mm_cmpeq_epi8(x, cr)));
			acc = _mm_sub_epi8(acc, _mm_or_si128(_mm_andnot_si128(ok, low), _mm_cmpeq_epi8(x, del)));
		}
		if (_mm_movemask_epi8(nul))
			return SIZE_MAX;
		__m128i sum = _mm_sad_epu8(acc, zero);
		ctrl += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_extract_epi16(sum, 4);
	}
#endif
	for (; i < n; i++) {
		uint8_t c = t[i];
		if (c == 0)
			return SIZE_MAX;
		bool ok = c == '\t' || c == '\n' || c == '\f' || c == '\r';
		ctrl += (c < 0x20 && !ok) || c == 0x7f;
	}
	return ctrl;
}

/* NUL in the window, too many control bytes, or an image/archive signature, in the first
 * CRP_SNIFF_BYTES at most. */
bool crp_looks_binary(const uint8_t *t, size_t n)
{
	static const struct {
		const char *sig;
		size_t len;
	} magic[] = {
		{"\x89PNG\r\n\x1a\n", 8}, {"\xff\xd8\xff", 3}, {"GIF87a", 6}, {"GIF89a", 6},
		{"%PDF-", 5},            {"PK\x03\x04", 4},   {"PK\x05\x06", 4},
	};
	for (size_t i = 0; i < sizeof magic / sizeof *magic; i++)
		if (n >= magic[i].len && memcmp(t, magic[i].sig, magic[i].len) == 0)
			return true;
	if (n > CRP_SNIFF_BYTES)
		n = CRP_SNIFF_BYTES;
	size_t ctrl = count_control(t, n);
	return ctrl == SIZE_MAX || ctrl * 100 > n * CTRL_PERCENT;
}

/* True when the text holds a letter or digit (any script). Undecodable bytes count as
 * content: they may be letters in a legacy encoding, and tokenize.c decides about them. */
bool crp_has_content(const uint8_t *t, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (t[i] < 0x80) {
			if (isalnum(t[i]))
				return true;
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(t + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			return true;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
			return true;
		default:
			break;
		}
		i += (size_t)k;
	}
	return false;
}

static void src_fail(crp_src *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void src_fail(crp_src *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
}

/* Up to n raw bytes. @return count, 0 at end, -1 on a read error (s->err set). */
ssize_t crp_src_raw_read(crp_src *s, uint8_t *dst, size_t n)
{
	if (s->fd < 0) {
		size_t k = s->mem_len - s->mem_pos;
		if (k > n)
			k = n;
		if (k)
			memcpy(dst, s->mem + s->mem_pos, k);
		s->mem_pos += k;
		return (ssize_t)k;
	}
	for (;;) {
		ssize_t k = read(s->fd, dst, n);
		if (k >= 0)
			return k;
		if (errno != EINTR) {
			char buf[128];
			crp_errno_text(errno, buf, sizeof buf);
			src_fail(s, "read error: %s", buf);
			return -1;
		}
	}
}

/* Move unread compressed bytes to the front of raw and read more behind them. */
static int gz_refill(crp_src *s)
{
	if (s->zs.avail_in && s->zs.next_in != s->raw)
		memmove(s->raw, s->zs.next_in, s->zs.avail_in);
	s->zs.next_in = s->raw;
	ssize_t k = crp_src_raw_read(s, s->raw + s->zs.avail_in, CRP_CHUNK - s->zs.avail_in);
	if (k < 0)
		return -1;
	if (k == 0)
		s->raw_eof = true;
	s->zs.avail_in += (uInt)k;
	return 0;
}

/* Inflate up to n bytes. Concatenated members are inflated in turn (gzip -c a b > c);
 * anything after the last member that is not a gzip header is ignored (s->trailing).
 * @return count, 0 at the end, -1 on truncation, corruption or the cap (s->err set). */
static ssize_t gz_read(crp_src *s, uint8_t *dst, size_t n)
{
	size_t got = 0;
	int stalls = 0;
	while (got < n && !s->gz_end) {
		if (s->zs.avail_in == 0 && !s->raw_eof && gz_refill(s) < 0)
			return -1;
		size_t room = n - got, left = s->cap - s->total_out;
		if (room > left)
			room = left + 1; /* one byte past the cap proves it is crossed */
		if (room > UINT_MAX)
			room = UINT_MAX;
		uInt in_before = s->zs.avail_in;
		s->zs.next_out = dst + got;
		s->zs.avail_out = (uInt)room;
		int zr = inflate(&s->zs, Z_NO_FLUSH);
		size_t made = room - s->zs.avail_out;
		got += made;
		s->total_out += made;
		if (s->total_out > s->cap) {
			char cap[32];
			crp_size_text(s->cap, cap, sizeof cap);
			src_fail(s, "gzip inflates past the %s cap", cap);
			return -1;
		}
		if (zr == Z_STREAM_END) {
			while (s->zs.avail_in < 2 && !s->raw_eof)
				if (gz_refill(s) < 0)
					return -1;
			if (s->zs.avail_in == 0) {
				s->gz_end = true;
			} else if (s->zs.avail_in >= 2 && s->zs.next_in[0] == 0x1f &&
				   s->zs.next_in[1] == 0x8b) {
				inflateReset(&s->zs);
			} else {
				s->trailing = true;
				s->gz_end = true;
			}
			continue;
		}
		if (zr == Z_OK || zr == Z_BUF_ERROR) {
			if (s->zs.avail_in == 0 && s->raw_eof && (zr == Z_BUF_ERROR || made == 0)) {
				src_fail(s, "gzip data truncated");
				return -1;
			}
			/* zlib promises progress when it has input and room; guard anyway. */
			stalls = (made == 0 && s->zs.avail_in == in_before) ? stalls + 1 : 0;
			if (stalls > 2) {
				src_fail(s, "corrupt gzip data: no progress");
				return -1;
			}
			continue;
		}
		src_fail(s, "corrupt gzip data: %s", s->zs.msg ? s->zs.msg : "unknown error");
		return -1;
	}
	return (ssize_t)got;
}

/* Up to n decoded bytes. @return count, 0 at the end, -1 on error (s->err set). */
ssize_t crp_src_read(crp_src *s, uint8_t *dst, size_t n)
{
	if (s->gz)
		return gz_read(s, dst, n);
	if (s->raw_pos < s->raw_len) {
		size_t k = s->raw_len - s->raw_pos;
		if (k > n)
			k = n;
		memcpy(dst, s->raw + s->raw_pos, k);
		s->raw_pos += k;
		return (ssize_t)k;
	}
	if (s->raw_eof)
		return 0;
	return crp_src_raw_read(s, dst, n);
}

/* Fill dst with n bytes unless the source ends first. @return count or -1. */
ssize_t crp_src_read_full(crp_src *s, uint8_t *dst, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = crp_src_read(s, dst + got, n - got);
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

void crp_src_close(crp_src *s)
{
	if (s->zinit)
		inflateEnd(&s->zs);
	if (s->fd >= 0)
		close(s->fd);
	memset(s, 0, sizeof *s); /* s->raw belongs to the reader */
	s->fd = -1;
}

int crp_src_begin(crp_src *s, int fd, const uint8_t *mem, size_t mem_len, int64_t size,
		  uint8_t *raw, size_t cap)
{
	memset(s, 0, sizeof *s);
	s->fd = fd;
	s->mem = mem;
	s->mem_len = mem_len;
	s->cap = cap;
	s->raw = raw;
	/* Two bytes tell gzip; from a file, read a whole chunk while at it. Bytes in memory
	 * are only peeked at, so they are later copied once, straight to the document. */
	while (s->raw_len < 2) {
		ssize_t k = crp_src_raw_read(s, s->raw + s->raw_len,
					     (s->fd < 0 ? 2 : CRP_CHUNK) - s->raw_len);
		if (k < 0)
			return -1;
		if (k == 0) {
			s->raw_eof = true;
			break;
		}
		s->raw_len += (size_t)k;
	}
	/* A regular file read short and exactly to its fstat size is at its end: remember it,
	 * so the common small file costs no second read() that returns 0. */
	if (s->fd >= 0 && size >= 0 && s->raw_len < CRP_CHUNK && (uint64_t)s->raw_len == (uint64_t)size)
		s->raw_eof = true;
	if (s->raw_len >= 2 && s->raw[0] == 0x1f && s->raw[1] == 0x8b) {
		/* 15 + 32: maximum window, gzip or zlib header detected automatically. */
		if (inflateInit2(&s->zs, 15 + 32) != Z_OK) {
			src_fail(s, "cannot start zlib");
			return -1;
		}
		s->gz = s->zinit = true;
		s->zs.next_in = s->raw;
		s->zs.avail_in = (uInt)s->raw_len;
	}
	return 0;
}
