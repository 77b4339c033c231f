/* corpus_jsonl.c - JSON Lines: cutting a byte source into lines, and one line into a
 * document (crp_lines_*, crp_jsonl_parse in corpus_int.h).
 *
 * Workload: dumps of GBs (1M lines of ~3 KB, read twice in LSH mode). Lines are cut from a
 * 1 MiB buffer in place (only a partial last line is moved), and a line's "text" string is
 * decoded here, exactly as jansson would, instead of by jansson (which ran at ~40 MB/s and
 * was 80% of the profile): see "JSON Lines fast path"; flat lines need no jansson at all
 * ("JSON Lines without jansson"). Lines outside those subsets take jansson's path, so
 * documents and warnings are jansson's either way. It does not open files, choose lines
 * (corpus.c does) or warn: a skipped line comes back with its reason.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "corpus_int.h"
#include "overlap/mem.h"
#include "overlap/utf8.h"

/* ---- cutting lines ------------------------------------------------------------------ */

/* Next line into L->line / L->line_len (without '\n'; it points into L->buf and stays valid
 * until the next call). Lines longer than max_doc_bytes are skipped without being held.
 * @return 1 a line, 2 a line over the cap, 0 end, -1 source error. */
int crp_lines_next(crp_lines *L, crp_src *s, size_t limit)
{
	bool too_long = false;
	for (;;) {
		size_t avail = L->len - L->pos;
		const uint8_t *start = L->buf + L->pos;
		const uint8_t *nl = NULL;
		if (avail > L->scan)
			nl = memchr(start + L->scan, '\n', avail - L->scan);
		if (nl || (L->eof && avail > 0)) {
			size_t len = nl ? (size_t)(nl - start) : avail;
			L->line_off = L->base + L->pos;
			L->pos += len + (nl ? 1 : 0);
			L->scan = 0;
			L->lineno++;
			if (too_long || len > limit)
				return 2;
			L->line = start;
			L->line_len = len;
			return 1;
		}
		if (L->eof) {
			if (!too_long)
				return 0;
			L->lineno++; /* a dropped over-long last line without '\n' */
			return 2;
		}
		/* No newline in [pos, len): keep the partial line, unless it is already over
		 * the cap (then drop it and remember), and read more behind it. */
		if (avail > limit) {
			too_long = true;
			avail = 0;
		}
		if (L->pos > 0 && avail > 0)
			memmove(L->buf, L->buf + L->pos, avail);
		L->base += L->len - avail; /* what was before buf + len - avail is gone */
		L->pos = 0;
		L->len = avail;
		L->scan = avail;
		if (L->len == L->cap) {
			/* a line longer than the buffer: grow towards limit + 1 bytes */
			size_t ncap = L->cap > (limit + 1) / 2 ? limit + 1 : L->cap * 2;
			L->buf = xrealloc(L->buf, ncap);
			L->cap = ncap;
		}
		ssize_t k = crp_src_read(s, L->buf + L->len, L->cap - L->len);
		if (k < 0)
			return -1;
		if (k == 0)
			L->eof = true;
		L->len += (size_t)k;
	}
}

/* Go straight to line `line`, which starts at decoded offset off, when that is ahead:
 * inside the buffer by moving the cursor, past it (a plain file: no gzip) by seeking, so
 * the lines in between are neither read nor scanned. Otherwise nothing (the caller scans). */
void crp_lines_jump(crp_lines *L, crp_src *s, size_t line, uint64_t off)
{
	if (line <= L->lineno + 1 || off < L->base + L->pos)
		return;
	if (off <= L->base + L->len) {
		L->pos = (size_t)(off - L->base);
		L->scan = 0;
		L->lineno = line - 1;
		return;
	}
	if (s->fd < 0 || s->gz || off > (uint64_t)INT64_MAX ||
	    lseek(s->fd, (off_t)off, SEEK_SET) != (off_t)off)
		return;
	s->raw_pos = s->raw_len = 0;
	s->raw_eof = false;
	L->pos = L->len = L->scan = 0;
	L->eof = false;
	L->base = off;
	L->lineno = line - 1;
}


/* ---- JSON Lines fast path ---------------------------------------------------------- */

/* jansson builds every string byte by byte (~40 MB/s here) and a news line is ~97% "text".
 * So crp_jsonl_parse first scans the line for the top-level "text" member and decodes its string
 * itself, accepting only a subset of what jansson accepts (strict UTF-8, the JSON escapes,
 * no \u0000, no control byte or DEL) and decoding it as jansson does; jansson then parses
 * the line with that string emptied (id, title, metadata: small). Anything else (an
 * escaped or repeated key, a "text" we would not accept, any jansson error) takes the
 * plain jansson path on the original line, so documents and warnings stay exactly jansson's.
 * The split is sound because the emptied span is one whole, valid string token: the rest
 * of the line tokenises identically with it or with "". */

static size_t js_ws(const char *t, size_t n, size_t i)
{
	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* t[i] == '"': index after the closing quote, or 0 when unterminated. *esc: a '\\' seen. */
static size_t js_str_end(const char *t, size_t n, size_t i, bool *esc)
{
	for (i++; i < n; i++) {
		if (t[i] == '"')
			return i + 1;
		if (t[i] == '\\') {
			*esc = true;
			i++;
		}
	}
	return 0;
}

/* Index after the value starting at t[i] (not validated: jansson does that), or 0. */
static size_t js_skip_value(const char *t, size_t n, size_t i)
{
	bool esc;
	if (i >= n)
		return 0;
	if (t[i] == '"')
		return js_str_end(t, n, i, &esc);
	if (t[i] == '{' || t[i] == '[') {
		size_t depth = 0;
		while (i < n) {
			char c = t[i];
			if (c == '"') {
				i = js_str_end(t, n, i, &esc);
				if (i == 0)
					return 0;
				continue;
			}
			if (c == '{' || c == '[') {
				depth++;
			} else if (c == '}' || c == ']') {
				if (--depth == 0)
					return i + 1;
			}
			i++;
		}
		return 0;
	}
	size_t st = i;
	while (i < n && !strchr(" \t\n\r,}]", t[i]))
		i++;
	return i > st ? i : 0;
}

/* After an object member's value at *i: a ',' and another member (1, *i at its key), the
 * closing '}' (0, *i on it), or anything else (-1). */
static int js_next_member(const char *t, size_t n, size_t *i)
{
	*i = js_ws(t, n, *i);
	if (*i < n && t[*i] == ',') {
		*i = js_ws(t, n, *i + 1);
		return 1;
	}
	return *i < n && t[*i] == '}' ? 0 : -1;
}

static int js_hex4(const uint8_t *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		uint8_t c = p[k];
		int d = c >= '0' && c <= '9' ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Decode the JSON string starting at t[i] == '"' into out (room for n - i bytes: decoding
 * never lengthens). @return the index after the closing quote and *outn, or 0 when the
 * string is outside the accepted subset (see above). */
static size_t js_decode_str(const uint8_t *t, size_t n, size_t i, uint8_t *out, size_t *outn)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	size_t o = 0;
	for (i++; i < n;) {
#if defined(__SSE2__)
		/* 16 bytes at a time: stored whole, kept up to the first byte that is not plain
		 * (< 0x20 or >= 0x80 as signed bytes, DEL, '"', '\\'). The store cannot pass the
		 * buffer: the output is never longer than the input read, and each caller's
		 * buffer has room for the rest of the line from the string's start. */
		while (n - i >= 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
			__m128i bad = _mm_or_si128(
				_mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
					     _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f))),
				_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
					     _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
			unsigned mk = (unsigned)_mm_movemask_epi8(bad);
			_mm_storeu_si128((__m128i *)(void *)(out + o), x);
			if (mk) {
				unsigned k = (unsigned)__builtin_ctz(mk);
				o += k;
				i += k;
				break;
			}
			o += 16;
			i += 16;
		}
#endif
		/* 8 plain bytes at a time: none < 0x20, >= 0x7f, '"' or '\\' (exact zero-byte
		 * tests; the bytes are copied in memory order, so byte order does not matter) */
		while (n - i >= 8) {
			uint64_t x;
			memcpy(&x, t + i, 8);
			uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\'), d = x ^ (ones * 0x7f);
			uint64_t bad = ((x - ones * 0x20) & ~x) | x | ((q - ones) & ~q) |
				       ((b - ones) & ~b) | ((d - ones) & ~d);
			if (bad & high)
				break;
			memcpy(out + o, &x, 8);
			o += 8;
			i += 8;
		}
		if (i >= n)
			break;
		uint8_t c = t[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			out[o++] = c;
			i++;
			continue;
		}
		if (c == '"') {
			*outn = o;
			return i + 1;
		}
		if (c >= 0x80) {
			int32_t cp;
			bool bad;
			size_t k = utf8_decode(t + i, n - i, &cp, &bad);
			if (bad)
				return 0;
			memcpy(out + o, t + i, k);
			o += k;
			i += k;
			continue;
		}
		if (c != '\\' || i + 1 >= n) /* control byte or DEL */
			return 0;
		uint8_t e = t[i + 1];
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			static const char map[] = "\"\\/\b\f\n\r\t";
			out[o++] = (uint8_t)map[simple - "\"\\/bfnrt"];
			i += 2;
			continue;
		}
		if (e != 'u' || n - i < 6)
			return 0;
		int32_t cp = js_hex4(t + i + 2);
		i += 6;
		if (cp <= 0 || (cp >= 0xdc00 && cp <= 0xdfff))
			return 0;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (n - i < 6 || t[i] != '\\' || t[i + 1] != 'u')
				return 0;
			int32_t lo = js_hex4(t + i + 2);
			if (lo < 0xdc00 || lo > 0xdfff)
				return 0;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			i += 6;
		}
		o += utf8_encode(cp, out + o);
	}
	return 0;
}

/* Parse the line t[0..n) with its top-level "text" string decoded by js_decode_str into
 * doc's text buffer (NUL-terminated, *tn bytes; doc->nbytes is left alone).
 * @return the jansson root (its "text" is ""), or NULL when the plain jansson path must be
 * taken (the buffer's contents are then undefined). */
static json_t *parse_fast(crp_jsonl *jp, const char *t, size_t n, crp_doc *doc, size_t *tn)
{
	size_t i = js_ws(t, n, 0), vs = 0, ve = 0;
	uint8_t *dec = NULL;
	if (i >= n || t[i] != '{')
		return NULL;
	i = js_ws(t, n, i + 1);
	for (;;) {
		bool esc = false;
		if (i >= n || t[i] != '"')
			goto slow;
		size_t ke = js_str_end(t, n, i, &esc);
		if (ke == 0 || esc)
			goto slow;
		bool is_text = ke - i == 6 && memcmp(t + i, "\"text\"", 6) == 0;
		i = js_ws(t, n, ke);
		if (i >= n || t[i] != ':')
			goto slow;
		i = js_ws(t, n, i + 1);
		if (is_text) {
			if (dec || i >= n || t[i] != '"')
				goto slow;
			dec = crp_doc_text_buffer(doc, n - i + 1);
			vs = i;
			ve = js_decode_str((const uint8_t *)t, n, i, dec, tn);
			i = ve;
		} else {
			i = js_skip_value(t, n, i);
		}
		if (i == 0)
			goto slow;
		int more = js_next_member(t, n, &i);
		if (more < 0)
			goto slow;
		if (more == 0)
			break;
	}
	if (!dec)
		goto slow;
	size_t m = vs + 2 + (n - ve);
	if (m > jp->scratch_cap)
		XGROW(jp->scratch, jp->scratch_cap, m);
	memcpy(jp->scratch, t, vs);
	memcpy(jp->scratch + vs, "\"\"", 2);
	memcpy(jp->scratch + vs + 2, t + ve, n - ve);
	json_error_t jerr;
	json_t *root = json_loadb(jp->scratch, m, 0, &jerr);
	if (!root)
		goto slow;
	dec[*tn] = '\0';
	return root;
slow:
	return NULL;
}

/* ---- JSON Lines without jansson -------------------------------------------------------
 * A news line is a flat object: a few string members (id, title, source, date, url, text),
 * perhaps integers or true/false/null. Building a jansson tree for the small members,
 * dumping it again as the metadata and freeing it was about a quarter of reading a 1M-line
 * dump. parse_flat reads such a line completely by itself and writes the metadata the
 * way jansson's compact, key-sorted dump does; it accepts a subset of jansson's JSON: keys
 * of printable ASCII without escapes, each once; strings js_decode_str accepts; integers
 * without leading zeros of at most 18 digits (not "-0"); true, false, null; nothing after
 * the closing brace but whitespace. Any other line (nested values, reals, escaped keys...)
 * goes to parse_fast and jansson as before, so documents and warnings do not change (the
 * tests and the JSONL fuzz target compare every line both ways). */

#define FLAT_MAX_MEMBERS 64

typedef struct flat_member {
	size_t key, klen;  /* the key: t[key .. key + klen), without quotes */
	char type;         /* 's' string, 'i' integer, 't' true, 'f' false, 'n' null */
	size_t val, vlen;  /* 's': decoded bytes in jp->scratch; else the token in t */
} flat_member;

/* The literal lit at t[i] followed by a delimiter: index after it, or 0. */
static size_t flat_lit(const char *t, size_t n, size_t i, const char *lit)
{
	size_t k = strlen(lit);
	if (n - i < k || memcmp(t + i, lit, k) != 0)
		return 0;
	if (i + k < n && !strchr(" \t\n\r,}", t[i + k]))
		return 0;
	return i + k;
}

/* An integer token at t[i] as jansson reads and prints it unchanged: index after it, or 0. */
static size_t flat_int(const char *t, size_t n, size_t i)
{
	size_t st = i;
	if (i < n && t[i] == '-')
		i++;
	size_t d0 = i;
	while (i < n && t[i] >= '0' && t[i] <= '9')
		i++;
	size_t nd = i - d0;
	if (nd == 0 || nd > 18 || (nd > 1 && t[d0] == '0') || (t[st] == '-' && t[d0] == '0'))
		return 0;
	if (i < n && !strchr(" \t\n\r,}", t[i]))
		return 0; /* a fraction, an exponent or garbage: jansson's business */
	return i;
}

/* Append s[0..n) (valid UTF-8, no NUL) to *out as jansson dumps a string. */
static void flat_put_str(char **out, size_t *len, size_t *cap, const char *s, size_t n)
{
	XGROW(*out, *cap, *len + 6 * n + 3);
	char *o = *out + *len;
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		uint8_t c = (uint8_t)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			*o++ = (char)c;
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			o += sprintf(o, "u%04X", c);
		}
	}
	*o++ = '"';
	*len = (size_t)(o - *out);
}

/* Parse line t[0..n) by itself (see above): the "text" string decoded into doc's text
 * buffer (NUL-terminated, *tn bytes), the other members into m[0..*nm), strings decoded
 * into jp->scratch. @return true, or false when the line is outside the subset. */
static bool parse_flat(crp_jsonl *jp, const char *t, size_t n, crp_doc *doc, size_t *tn,
		       flat_member *m, size_t *nm)
{
	size_t i = js_ws(t, n, 0), k = 0, sc = 0;
	bool have_text = false;
	if (i >= n || t[i] != '{')
		return false;
	i = js_ws(t, n, i + 1);
	if (i < n && t[i] == '}')
		return false; /* no "text": jansson words the warning */
	/* decoded strings never outgrow their tokens: n bytes of scratch hold them all */
	if (n + 1 > jp->scratch_cap)
		XGROW(jp->scratch, jp->scratch_cap, n + 1);
	for (;;) {
		if (i >= n || t[i] != '"')
			return false;
		size_t ks = i + 1, ke = ks;
		while (ke < n && t[ke] != '"') {
			uint8_t c = (uint8_t)t[ke];
			if (c < 0x20 || c >= 0x7f || c == '\\')
				return false;
			ke++;
		}
		if (ke >= n)
			return false;
		size_t klen = ke - ks;
		bool is_text = klen == 4 && memcmp(t + ks, "text", 4) == 0;
		if (is_text ? have_text : false)
			return false;
		for (size_t j = 0; j < k; j++)
			if (m[j].klen == klen && memcmp(t + m[j].key, t + ks, klen) == 0)
				return false;
		i = js_ws(t, n, ke + 1);
		if (i >= n || t[i] != ':')
			return false;
		i = js_ws(t, n, i + 1);
		if (i >= n)
			return false;
		if (is_text) {
			if (t[i] != '"')
				return false;
			uint8_t *dec = crp_doc_text_buffer(doc, n - i + 1);
			i = js_decode_str((const uint8_t *)t, n, i, dec, tn);
			if (i == 0)
				return false;
			have_text = true;
		} else {
			if (k == FLAT_MAX_MEMBERS)
				return false;
			flat_member *f = &m[k++];
			f->key = ks;
			f->klen = klen;
			size_t e = 0;
			if (t[i] == '"') {
				size_t dn = 0;
				e = js_decode_str((const uint8_t *)t, n, i, (uint8_t *)jp->scratch + sc, &dn);
				f->type = 's';
				f->val = sc;
				f->vlen = dn;
				sc += dn;
			} else if (t[i] == '-' || (t[i] >= '0' && t[i] <= '9')) {
				e = flat_int(t, n, i);
				f->type = 'i';
			} else if (t[i] == 't') {
				e = flat_lit(t, n, i, "true");
				f->type = 't';
			} else if (t[i] == 'f') {
				e = flat_lit(t, n, i, "false");
				f->type = 'f';
			} else if (t[i] == 'n') {
				e = flat_lit(t, n, i, "null");
				f->type = 'n';
			}
			if (e == 0)
				return false;
			if (f->type != 's') {
				f->val = i;
				f->vlen = e - i;
			}
			i = e;
		}
		int more = js_next_member(t, n, &i);
		if (more < 0)
			return false;
		if (more == 0)
			break;
	}
	if (!have_text || js_ws(t, n, i + 1) != n)
		return false;
	doc->text[*tn] = '\0';
	*nm = k;
	return true;
}

/* The member called key, or NULL. */
static const flat_member *flat_get(const char *t, const flat_member *m, size_t nm,
				   const char *key)
{
	size_t kl = strlen(key);
	for (size_t j = 0; j < nm; j++)
		if (m[j].klen == kl && memcmp(t + m[j].key, key, kl) == 0)
			return &m[j];
	return NULL;
}

/* A string member's value as a new string, or NULL (absent or not a string). */
static char *flat_string(const crp_jsonl *jp, const char *t, const flat_member *m, size_t nm,
			 const char *key)
{
	const flat_member *f = flat_get(t, m, nm, key);
	return f && f->type == 's' ? xstrndup(jp->scratch + f->val, f->vlen) : NULL;
}

static int flat_key_cmp(const char *t, const flat_member *a, const flat_member *b)
{
	size_t k = a->klen < b->klen ? a->klen : b->klen;
	int c = memcmp(t + a->key, t + b->key, k);
	return c ? c : (a->klen > b->klen) - (a->klen < b->klen);
}

/* The metadata as jansson's JSON_COMPACT | JSON_SORT_KEYS dump of the members. Owned. */
static char *flat_meta(const crp_jsonl *jp, const char *t, flat_member *m, size_t nm)
{
	for (size_t j = 1; j < nm; j++) /* insertion sort: a handful of keys */
		for (size_t q = j; q > 0 && flat_key_cmp(t, &m[q - 1], &m[q]) > 0; q--) {
			flat_member x = m[q];
			m[q] = m[q - 1];
			m[q - 1] = x;
		}
	char *out = NULL;
	size_t len = 0, cap = 0;
	XGROW(out, cap, 64);
	out[len++] = '{';
	for (size_t j = 0; j < nm; j++) {
		if (j)
			out[len++] = ',';
		flat_put_str(&out, &len, &cap, t + m[j].key, m[j].klen);
		XGROW(out, cap, len + 2 + m[j].vlen);
		out[len++] = ':';
		if (m[j].type == 's') {
			flat_put_str(&out, &len, &cap, jp->scratch + m[j].val, m[j].vlen);
		} else {
			memcpy(out + len, t + m[j].val, m[j].vlen);
			len += m[j].vlen;
		}
		XGROW(out, cap, len + 2);
	}
	out[len++] = '}';
	out[len] = '\0';
	return out;
}


/* ---- one line -> one document ------------------------------------------------------- */

/* Write the reason a line is skipped. @return -1. */
static int skipped(char *why, size_t whysz, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int skipped(char *why, size_t whysz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
	return -1;
}

static char *opt_string(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* crp_jsonl_parse for a line parse_flat took (its text is in doc's buffer, tn bytes). */
/* A line without "title": the title made from the text, or left to the caller. */
static void made_title(const crp_jsonl *jp, crp_doc *doc, size_t tn)
{
	if (jp->titles_later)
		doc->title_later = true;
	else
		doc->title = crp_make_title(doc->text, tn);
}

static int parse_line_flat(crp_jsonl *jp, crp_doc *doc, const char *t, size_t tn,
			   flat_member *m, size_t nm, bool want_title, char *why, size_t whysz)
{
	const flat_member *id = flat_get(t, m, nm, "id");
	char *ids = NULL;
	if (id && id->type == 's')
		ids = xstrndup(jp->scratch + id->val, id->vlen);
	else if (id && id->type == 'i')
		ids = xstrndup(t + id->val, id->vlen); /* as "%lld" prints it: canonical digits */
	else
		return skipped(why, whysz, "%s \"id\", skipped", id ? "non-string" : "missing");
	if (ids[0] == '\0') {
		free(ids);
		return skipped(why, whysz, "empty \"id\", skipped");
	}
	if (!crp_has_content(doc->text, tn)) {
		free(ids);
		return skipped(why, whysz, "empty document, skipped");
	}
	doc->id = ids;
	doc->nbytes = tn;
	doc->title = want_title ? flat_string(jp, t, m, nm, "title") : NULL;
	if (!doc->title && want_title)
		made_title(jp, doc, tn);
	doc->source = flat_string(jp, t, m, nm, "source");
	doc->date = flat_string(jp, t, m, nm, "date");
	doc->url = flat_string(jp, t, m, nm, "url");
	doc->meta_json = flat_meta(jp, t, m, nm);
	return 1;
}

/* A JSONL "id" as a string: a string as it is, a number in its shortest exact digits.
 * @return an owned string, or NULL when id is absent or of another type. */
static char *id_string(const json_t *id)
{
	if (json_is_string(id))
		return xstrdup(json_string_value(id));
	if (json_is_integer(id))
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(id));
	if (!json_is_real(id))
		return NULL;
	double v = json_real_value(id);
	/* 2^53: beyond it a double no longer holds every integer exactly. */
	if (v > -9007199254740992.0 && v < 9007199254740992.0 && v == (double)(long long)v)
		return xasprintf("%lld", (long long)v);
	/* shortest of 15 or 17 digits that reads back as the same double */
	char *ids = xasprintf("%.15g", v);
	if (strtod(ids, NULL) != v) {
		free(ids);
		ids = xasprintf("%.17g", v);
	}
	return ids;
}

int crp_jsonl_parse(crp_jsonl *jp, const char *t, size_t n, size_t lineno, bool reference,
		    bool want_title, crp_doc *doc, char *why, size_t whysz)
{
	if (lineno == 1 && n >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0) {
		t += 3;
		n -= 3;
	}
	size_t a = 0;
	while (a < n && (crp_is_space((uint8_t)t[a])))
		a++;
	if (a == n)
		return 0;
	size_t fast_n = 0;
	if (!reference) {
		flat_member m[FLAT_MAX_MEMBERS];
		size_t nm = 0;
		if (parse_flat(jp, t, n, doc, &fast_n, m, &nm))
			return parse_line_flat(jp, doc, t, fast_n, m, nm, want_title, why, whysz);
	}
	json_t *root = reference ? NULL : parse_fast(jp, t, n, doc, &fast_n);
	const uint8_t *fast_text = root ? doc->text : NULL; /* decoded in place */
	if (!root) {
		json_error_t jerr;
		root = json_loadb(t, n, 0, &jerr);
		if (!root)
			return skipped(why, whysz, "invalid JSON: %s (column %d), skipped", jerr.text,
				       jerr.column);
	}
	int rc;
	json_t *text = json_object_get(root, "text");
	json_t *id = json_object_get(root, "id");
	char *ids = NULL;
	if (!json_is_object(root)) {
		rc = skipped(why, whysz, "not a JSON object, skipped");
		goto out;
	}
	if (!json_is_string(text)) {
		rc = skipped(why, whysz, "%s \"text\", skipped", text ? "non-string" : "missing");
		goto out;
	}
	ids = id_string(id);
	if (!ids) {
		rc = skipped(why, whysz, "%s \"id\", skipped", id ? "non-string" : "missing");
		goto out;
	}
	if (ids[0] == '\0') {
		free(ids);
		rc = skipped(why, whysz, "empty \"id\", skipped");
		goto out;
	}
	const uint8_t *tv = fast_text ? fast_text : (const uint8_t *)json_string_value(text);
	size_t tn = fast_text ? fast_n : json_string_length(text);
	if (!crp_has_content(tv, tn)) {
		free(ids);
		rc = skipped(why, whysz, "empty document, skipped");
		goto out;
	}
	doc->id = ids;
	if (!fast_text) {
		memcpy(crp_doc_text_buffer(doc, tn + 1), tv, tn);
		doc->text[tn] = '\0';
	}
	doc->nbytes = tn;
	doc->title = want_title ? opt_string(root, "title") : NULL;
	if (!doc->title && want_title)
		made_title(jp, doc, tn);
	doc->source = opt_string(root, "source");
	doc->date = opt_string(root, "date");
	doc->url = opt_string(root, "url");
	json_object_del(root, "text");
	char *meta = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	doc->meta_json = meta ? xstrdup(meta) : NULL;
	free(meta);
	rc = 1;
out:
	json_decref(root);
	return rc;
}

void crp_jsonl_free(crp_jsonl *jp)
{
	free(jp->scratch);
	jp->scratch = NULL;
	jp->scratch_cap = 0;
}
