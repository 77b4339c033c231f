/* pubdate.c - ISO 8601 / RFC 2822 dates and datelines (see pubdate.h).
 *
 * Hand-written parsers over byte ranges: no locale, no strptime (whose %b depends on the
 * locale and whose zone handling varies), no allocation. A dateline is searched in the
 * first PDT_LEAD_BYTES bytes only: later dates in an article are events it reports, not
 * when it was published. Even there a date counts only where a dateline stands (its own
 * line or byline field, after a place or a label, before a separator): most dates of an
 * opening sentence are events ("disappeared in Syria on November 22, 2012"). It does not
 * warn or print.
 */
#include "overlap/pubdate.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "overlap/err.h"

/* ---- calendar ---- */

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int64_t y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
int64_t pdt_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void pdt_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool valid_ymd(int64_t y, int m, int d)
{
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m);
}

/* ---- scanning helpers ---- */

typedef struct cur {
	const char *p, *e;
} cur;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

static void skip_blank(cur *c)
{
	while (c->p < c->e && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
		c->p++;
}

/* Exactly ndig digits (or 1..ndig when exact is false). */
static bool num(cur *c, int ndig, bool exact, int64_t *out)
{
	int64_t v = 0;
	int k = 0;
	while (k < ndig && c->p < c->e && is_digit(*c->p)) {
		v = v * 10 + (*c->p++ - '0');
		k++;
	}
	if (k == 0 || (exact && k != ndig))
		return false;
	if (c->p < c->e && is_digit(*c->p))
		return false;
	*out = v;
	return true;
}

static bool lit(cur *c, char ch)
{
	if (c->p < c->e && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static const char *const months[] = { "january", "february", "march", "april", "may", "june",
				      "july", "august", "september", "october", "november",
				      "december" };

/* A month name (full, or its first three letters, "Sept" too, optional '.'). @return 1-12 or 0. */
static int month_name(cur *c)
{
	const char *s = c->p;
	size_t n = 0;
	while (s + n < c->e && is_alpha(s[n]))
		n++;
	if (n < 3 || n > 9)
		return 0;
	/* called for every word of each document's opening bytes: lengths from a table, and
	 * a word whose first letter starts no month is refused before any comparison */
	static const uint8_t month_len[] = { 7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8 };
	char first = (char)(s[0] | 0x20);
	/* bit k: some month starts with 'a' + k (a d f j m n o s); first is a letter */
	if (!((0x47229u >> (first - 'a')) & 1u))
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t full = month_len[m];
		if (months[m][0] != first)
			continue;
		bool ok = n == full || n == 3 || (m == 8 && n == 4);
		if (!ok || n > full)
			continue;
		size_t k = 0;
		while (k < n && (s[k] | 0x20) == months[m][k])
			k++;
		if (k == n) {
			c->p = s + n;
			if (n < full)
				lit(c, '.');
			return m + 1;
		}
	}
	return 0;
}

/* ---- zones ---- */

static bool zone(cur *c, int64_t *off_s)
{
	*off_s = 0;
	if (c->p >= c->e)
		return true;
	if (*c->p == 'Z' || *c->p == 'z') {
		c->p++;
		return true;
	}
	if (*c->p == '+' || *c->p == '-') {
		int sign = *c->p++ == '-' ? -1 : 1;
		int dig[4], nd = 0;
		while (c->p < c->e && nd < 4) {
			if (is_digit(*c->p))
				dig[nd++] = *c->p++ - '0';
			else if (*c->p == ':' && nd == 2)
				c->p++;
			else
				break;
		}
		if (nd != 2 && nd != 4)
			return false;
		int64_t hh = dig[0] * 10 + dig[1], mm = nd == 4 ? dig[2] * 10 + dig[3] : 0;
		if (hh > 23 || mm > 59)
			return false;
		*off_s = sign * (hh * 3600 + mm * 60);
		return true;
	}
	static const struct { const char *name; int hours; } z[] = {
		{ "UTC", 0 }, { "GMT", 0 }, { "UT", 0 }, { "EST", -5 }, { "EDT", -4 },
		{ "CST", -6 }, { "CDT", -5 }, { "MST", -7 }, { "MDT", -6 }, { "PST", -8 },
		{ "PDT", -7 },
	};
	size_t n = 0;
	while (c->p + n < c->e && is_alpha(c->p[n]))
		n++;
	for (size_t i = 0; i < sizeof z / sizeof *z; i++)
		if (n == strlen(z[i].name) && strncmp(c->p, z[i].name, n) == 0) {
			c->p += n;
			*off_s = (int64_t)z[i].hours * 3600;
			return true;
		}
	return false;
}

/* hh:mm[:ss[.frac]] */
static bool clock_time(cur *c, int64_t *secs)
{
	int64_t hh, mm, ss = 0;
	if (!num(c, 2, false, &hh) || !lit(c, ':') || !num(c, 2, true, &mm))
		return false;
	if (lit(c, ':')) {
		if (!num(c, 2, true, &ss))
			return false;
		if (lit(c, '.') || lit(c, ','))
			while (c->p < c->e && is_digit(*c->p))
				c->p++;
	}
	if (hh > 23 || mm > 59 || ss > 60)
		return false;
	*secs = hh * 3600 + mm * 60 + (ss == 60 ? 59 : ss);
	return true;
}

static int finish(cur *c, int64_t y, int m, int d, bool have_time, int64_t secs, int64_t off,
		  pdt_date *out)
{
	skip_blank(c);
	if (c->p != c->e || !valid_ymd(y, m, d))
		return OVL_EINPUT;
	memset(out, 0, sizeof *out);
	out->t = pdt_days_from_civil(y, m, d) * 86400 + secs - off;
	out->from = PDT_JSONL;
	out->precision = have_time ? PDT_SECOND : PDT_DAY;
	return 0;
}

static int parse_iso(cur c, pdt_date *out)
{
	int64_t y, mo, d, secs = 0, off = 0;
	if (!num(&c, 4, true, &y) || !lit(&c, '-') || !num(&c, 2, true, &mo) || !lit(&c, '-') ||
	    !num(&c, 2, true, &d))
		return OVL_EINPUT;
	bool have_time = false;
	if (c.p < c.e && (*c.p == 'T' || *c.p == 't' || *c.p == ' ')) {
		cur save = c;
		c.p++;
		if (clock_time(&c, &secs)) {
			have_time = true;
			skip_blank(&c);
			if (!zone(&c, &off))
				return OVL_EINPUT;
		} else {
			c = save;
		}
	}
	return finish(&c, y, (int)mo, (int)d, have_time, secs, off, out);
}

static int parse_rfc2822(cur c, pdt_date *out)
{
	/* optional day name and comma */
	const char *s = c.p;
	while (c.p < c.e && is_alpha(*c.p))
		c.p++;
	if (c.p > s) {
		if (!lit(&c, ','))
			return OVL_EINPUT;
	}
	skip_blank(&c);
	int64_t d, y, secs = 0, off = 0;
	if (!num(&c, 2, false, &d))
		return OVL_EINPUT;
	skip_blank(&c);
	int m = month_name(&c);
	if (!m)
		return OVL_EINPUT;
	skip_blank(&c);
	if (!num(&c, 4, true, &y))
		return OVL_EINPUT;
	skip_blank(&c);
	bool have_time = false;
	if (c.p < c.e) {
		if (!clock_time(&c, &secs))
			return OVL_EINPUT;
		have_time = true;
		skip_blank(&c);
		if (!zone(&c, &off))
			return OVL_EINPUT;
	}
	return finish(&c, y, m, (int)d, have_time, secs, off, out);
}

int pdt_parse(const char *s, size_t n, pdt_date *out)
{
	if (!s || !out)
		return OVL_EUSAGE;
	cur c = { s, s + n };
	skip_blank(&c);
	if (c.p < c.e && is_digit(*c.p) && c.e - c.p >= 10 && c.p[4] == '-')
		return parse_iso(c, out);
	return parse_rfc2822(c, out);
}

/* ---- datelines ---- */

/* Whether the three letters at s begin a month name, case-insensitively (every form
 * month_name accepts does). */
static bool month_prefix(const char *s)
{
	uint32_t k = (uint32_t)(uint8_t)(s[0] | 0x20) << 16 | (uint32_t)(uint8_t)(s[1] | 0x20) << 8 |
		     (uint32_t)(uint8_t)(s[2] | 0x20);
	for (int m = 0; m < 12; m++) {
		const char *p = months[m];
		if (k == ((uint32_t)(uint8_t)p[0] << 16 | (uint32_t)(uint8_t)p[1] << 8 | (uint8_t)p[2]))
			return true;
	}
	return false;
}

/* A full date starting at text[i]: "Month D, YYYY", "D Month YYYY" or "YYYY-MM-DD".
 * @return true with the day number and span end. */
static bool date_at(const char *t, size_t n, size_t i, int64_t *day, size_t *end)
{
	if (i > 0 && (is_alpha(t[i - 1]) || is_digit(t[i - 1])))
		return false;
	cur c = { t + i, t + n };
	int64_t y, d, mo;
	int m;
	if (is_digit(t[i])) {
		cur c2 = c;
		if (num(&c2, 4, true, &y) && lit(&c2, '-') && num(&c2, 2, true, &mo) &&
		    lit(&c2, '-') && num(&c2, 2, true, &d) && valid_ymd(y, (int)mo, (int)d)) {
			*day = pdt_days_from_civil(y, (int)mo, (int)d);
			*end = (size_t)(c2.p - t);
			return true;
		}
		if (!num(&c, 2, false, &d))
			return false;
		lit(&c, ' ');
		if (!(m = month_name(&c)) || !lit(&c, ' ') || !num(&c, 4, true, &y))
			return false;
	} else {
		if (!(m = month_name(&c)))
			return false;
		skip_blank(&c);
		if (!num(&c, 2, false, &d))
			return false;
		/* "August 19th, 2014" */
		if (c.e - c.p >= 2 && is_alpha(c.p[0]) && is_alpha(c.p[1]))
			c.p += 2;
		if (!lit(&c, ','))
			return false;
		skip_blank(&c);
		if (!num(&c, 4, true, &y))
			return false;
	}
	if (!valid_ymd(y, m, (int)d))
		return false;
	*day = pdt_days_from_civil(y, m, (int)d);
	*end = (size_t)(c.p - t);
	return true;
}

/* Lowercase words a dateline's line may hold before its date: labels ("Posted on", "Last
 * updated at") and clock words. Any other lowercase word makes the line a sentence. */
static bool dateline_label(const char *w, size_t n)
{
	static const char *const labels[] = { "published", "posted", "updated", "modified",
					      "created", "last", "first", "date", "dated", "on",
					      "at", "by", "am", "pm", "a", "p", "m" };
	for (size_t k = 0; k < sizeof labels / sizeof *labels; k++)
		if (strlen(labels[k]) == n && !memcmp(labels[k], w, n))
			return true;
	return false;
}

/* Whether w (n letters, any case) is a preposition that puts a date inside a sentence ("On
 * March 3, 2024, ferries ran", "disappeared on November 22, 2012"). */
static bool date_preposition(const char *w, size_t n)
{
	static const char *const preps[] = { "on", "in", "at", "since", "until", "till", "from",
					     "before", "after", "by", "during", "of", "to",
					     "through", "around", "about", "between", "and", "or",
					     "as", "for", "than" };
	char low[8];
	if (n > sizeof low)
		return false;
	for (size_t k = 0; k < n; k++)
		low[k] = (char)(w[k] | 0x20);
	for (size_t k = 0; k < sizeof preps / sizeof *preps; k++)
		if (strlen(preps[k]) == n && !memcmp(preps[k], low, n))
			return true;
	return false;
}

/* Most words a dateline's line holds before its date ("By Jane Doe | Monday 08 September
 * 2014"). */
#define DATELINE_WORDS_BEFORE 8

/* Whether the date at t[s..e) stands where a publication date stands, not inside a
 * sentence that reports an event: what precedes it on its line (in its '|' field) is a
 * place or a byline (capitalised words, a time) or a label ("Published", "Posted on"), at
 * most DATELINE_WORDS_BEFORE words, no year, no @handle (the signature of a quoted social
 * media post, dated when it was posted), and not a preposition unless a label precedes
 * it; and what follows it is the end of the line or a separator (a dash, ':', '|', '(',
 * ')', '.', ", " and a time, "by"), not the rest of a sentence ("September 11, 2001,
 * terrorist attacks"). "LINDENPORT, March 3, 2024 - Ferries ran", "Monday 08 September
 * 2014" and "Posted 2014-08-19 by staff" are datelines; "Foley disappeared in Syria on
 * November 22, 2012" and "On Nov. 22, 2012, Foley was kidnapped" are not. */
static bool dateline_at(const char *t, size_t n, size_t s, size_t e)
{
	size_t ls = s;
	/* "By: Press Trust of India | New Delhi | Posted: January 8, 2015": the fields of a
	 * byline; only the date's own field is read */
	while (ls > 0 && t[ls - 1] != '\n' && t[ls - 1] != '\r' && t[ls - 1] != '|')
		ls--;
	/* the words before the date on its line */
	size_t nw = 0;
	const char *last = NULL, *prev = NULL;
	size_t last_n = 0, prev_n = 0;
	for (size_t i = ls; i < s;) {
		if (!is_alpha(t[i]) && !is_digit(t[i])) {
			i++;
			continue;
		}
		size_t j = i;
		bool digits = true;
		while (j < s && (is_alpha(t[j]) || is_digit(t[j]))) {
			digits = digits && is_digit(t[j]);
			j++;
		}
		const char *w = t + i;
		size_t wn = j - i;
		if (i > ls && t[i - 1] == '@')
			return false; /* "— Jack Moore (@JFXM) January 27, 2015": a quoted post */
		if (++nw > DATELINE_WORDS_BEFORE)
			return false;
		if (digits && wn == 4)
			return false; /* a year: another date on the line */
		if (!digits && !(w[0] >= 'A' && w[0] <= 'Z') && !dateline_label(w, wn))
			return false; /* a lowercase word: a sentence */
		prev = last;
		prev_n = last_n;
		last = w;
		last_n = wn;
		i = j;
	}
	if (last && date_preposition(last, last_n)) {
		/* "Posted on March 3" is a label; "On March 3" and "Foley, on March 3" are not */
		char low[16];
		size_t k = 0;
		for (; prev && k < prev_n && k < sizeof low; k++)
			low[k] = (char)(prev[k] | 0x20);
		if (!prev || prev_n > sizeof low || !dateline_label(low, k) ||
		    date_preposition(low, k))
			return false;
	}
	/* what follows the date */
	size_t a = e;
	while (a < n && (t[a] == ' ' || t[a] == '\t'))
		a++;
	if (a >= n)
		return true;
	unsigned char c = (unsigned char)t[a];
	if (c == '\n' || c == '\r' || c == '-' || c == ':' || c == '|' || c == '(' ||
	    c == ')' || c == '[' || c == '.' || c == '/' || is_digit((char)c))
		return true;
	if (c == 0xe2 && a + 2 < n && (unsigned char)t[a + 1] == 0x80) {
		unsigned char d = (unsigned char)t[a + 2];
		return d == 0x93 || d == 0x94 || d == 0xa2; /* en dash, em dash, bullet */
	}
	if (c == ',') {
		/* "March 3, 2024, 10:04 AM" */
		a++;
		while (a < n && (t[a] == ' ' || t[a] == '\t'))
			a++;
		return a < n && is_digit(t[a]);
	}
	return n - a >= 3 && (t[a] | 0x20) == 'b' && (t[a + 1] | 0x20) == 'y' &&
	       !is_alpha(t[a + 2]) && !is_digit(t[a + 2]);
}

/* Lead byte classes for pdt_from_text: letter or digit, digit, a month name's first letter
 * (a d f j m n o s, either case). */
enum { LB_ALNUM = 1, LB_DIGIT = 2, LB_INITIAL = 4 };

static const uint8_t *lead_class(void)
{
#define R4(b) b, b, b, b
#define R16(b) R4(b), R4(b), R4(b), R4(b)
#define D (LB_ALNUM | LB_DIGIT)
#define A LB_ALNUM
#define I (LB_ALNUM | LB_INITIAL)
	/* A..O, P..Z, then the same in lower case: a d f j m n o s are initials */
	static const uint8_t cls[256] = {
		R16(0), R16(0), R16(0),
		D, D, D, D, D, D, D, D, D, D, 0, 0, 0, 0, 0, 0,
		0, I, A, A, I, A, I, A, A, A, I, A, A, I, I, I,
		A, A, A, I, A, A, A, A, A, A, A, 0, 0, 0, 0, 0,
		0, I, A, A, I, A, I, A, A, A, I, A, A, I, I, I,
		A, A, A, I, A, A, A, A, A, A, A, 0, 0, 0, 0, 0,
		R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0),
	};
#undef R4
#undef R16
#undef D
#undef A
#undef I
	return cls;
}

/* Whether the two letters at s (both letters) can begin a month name: ja fe ma ap ju au se
 * oc no de, case-insensitively; bit (second - 'a') of the first letter's row. */
static bool month_bigram(const char *s)
{
	static const uint32_t second[26] = {
		['a' - 'a'] = 1u << ('p' - 'a') | 1u << ('u' - 'a'),
		['d' - 'a'] = 1u << ('e' - 'a'),
		['f' - 'a'] = 1u << ('e' - 'a'),
		['j' - 'a'] = 1u << ('a' - 'a') | 1u << ('u' - 'a'),
		['m' - 'a'] = 1u << ('a' - 'a'),
		['n' - 'a'] = 1u << ('o' - 'a'),
		['o' - 'a'] = 1u << ('c' - 'a'),
		['s' - 'a'] = 1u << ('e' - 'a'),
	};
	return (second[(s[0] | 0x20) - 'a'] >> ((s[1] | 0x20) - 'a')) & 1u;
}

/* Called for every document: most of its cost was a mispredicted branch or two per word of
 * the lead. The lead's word starts (a letter or digit after anything else) are found as bit
 * masks without a branch per byte, and only those that can start a date (a digit, or a
 * month name's first two letters) are looked at; the tests from there are as before. A date
 * ends after a digit, so the byte after it starts no word that could have been skipped. */
int pdt_from_text(const uint8_t *text, size_t nbytes, pdt_date *out)
{
	if (!text || !out)
		return OVL_EUSAGE;
	const char *t = (const char *)text;
	const uint8_t *cls = lead_class();
	size_t n = nbytes < PDT_LEAD_BYTES ? nbytes : PDT_LEAD_BYTES;
	bool found = false;
	int64_t day = 0;
	size_t s0 = 0, e0 = 0, next = 0; /* next: the first byte after the last date */
	bool prev_alnum = false;         /* the byte before the current block */
	for (size_t blk = 0; blk < n; blk += 64) {
		size_t m = n - blk < 64 ? n - blk : 64;
		uint64_t alnum = 0, cand = 0;
		size_t j = 0;
#if defined(__SSE2__)
		for (; j + 16 <= m; j += 16) {
			/* bytes >= 0x80 are negative: in no range below */
			__m128i x = _mm_loadu_si128((const __m128i *)(text + blk + j));
			__m128i l = _mm_or_si128(x, _mm_set1_epi8(0x20));
			__m128i dig = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
						    _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
			__m128i let = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)),
						    _mm_cmplt_epi8(l, _mm_set1_epi8('z' + 1)));
			__m128i ini = _mm_or_si128(
				_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(l, _mm_set1_epi8('a')),
							  _mm_cmpeq_epi8(l, _mm_set1_epi8('d'))),
					     _mm_or_si128(_mm_cmpeq_epi8(l, _mm_set1_epi8('f')),
							  _mm_cmpeq_epi8(l, _mm_set1_epi8('j')))),
				_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(l, _mm_set1_epi8('m')),
							  _mm_cmpeq_epi8(l, _mm_set1_epi8('n'))),
					     _mm_or_si128(_mm_cmpeq_epi8(l, _mm_set1_epi8('o')),
							  _mm_cmpeq_epi8(l, _mm_set1_epi8('s')))));
			alnum |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(dig, let)) << j;
			cand |= (uint64_t)(uint16_t)_mm_movemask_epi8(
					_mm_or_si128(dig, _mm_and_si128(ini, let))) << j;
		}
#endif
		for (; j < m; j++) {
			uint64_t c = cls[text[blk + j]];
			alnum |= (c & LB_ALNUM) << j;
			cand |= (uint64_t)((c >> 1) != 0) << j; /* digit or initial */
		}
		uint64_t starts = alnum & ~(alnum << 1 | (uint64_t)prev_alnum);
		prev_alnum = (alnum >> (m - 1)) & 1;
		for (uint64_t todo = starts & cand; todo; todo &= todo - 1) {
			size_t i = blk + (size_t)__builtin_ctzll(todo);
			if (i < next)
				continue;
			if (is_digit(t[i])) {
				/* digits start a date only as "YYYY-" or as a day of one or two
				 * digits before a month name */
				size_t w = i + 1;
				while (w < nbytes && is_digit(t[w]))
					w++;
				size_t nd = w - i;
				bool iso = nd == 4 && w < nbytes && t[w] == '-';
				bool dmon = nd <= 2 && w < nbytes &&
					   (is_alpha(t[w]) ||
					    (t[w] == ' ' && w + 1 < nbytes && is_alpha(t[w + 1])));
				if (!iso && !dmon)
					continue;
			} else {
				/* a word can start a date only as a month name: 3..9 letters */
				if (i + 2 >= nbytes || !is_alpha(t[i + 1]) || !month_bigram(t + i))
					continue;
				size_t w = i + 1;
				while (w < nbytes && is_alpha(t[w]))
					w++;
				if (w - i < 3 || w - i > 9 || !month_prefix(t + i))
					continue;
			}
			int64_t d;
			size_t end;
			/* the date may run a few bytes past the lead; nbytes bounds it */
			if (!date_at(t, nbytes, i, &d, &end))
				continue;
			next = end;
			if (!dateline_at(t, nbytes, i, end))
				continue; /* an event the article reports */
			if (found && d != day)
				return OVL_EINPUT; /* two different dates: not a dateline */
			if (!found) {
				day = d;
				s0 = i;
				e0 = end;
			}
			found = true;
		}
	}
	if (!found || e0 > UINT32_MAX)
		return OVL_EINPUT;
	memset(out, 0, sizeof *out);
	out->t = day * 86400;
	out->from = PDT_TEXT;
	out->precision = PDT_DAY;
	out->start = (uint32_t)s0;
	out->end = (uint32_t)e0;
	return 0;
}

void pdt_format(const pdt_date *d, char *buf, size_t cap)
{
	int64_t days = d->t >= 0 ? d->t / 86400 : -((-d->t + 86399) / 86400);
	int64_t secs = d->t - days * 86400;
	int64_t y;
	int m, dd;
	pdt_civil_from_days(days, &y, &m, &dd);
	if (d->precision == PDT_DAY)
		snprintf(buf, cap, "%04lld-%02d-%02d", (long long)y, m, dd);
	else
		snprintf(buf, cap, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, dd,
			 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}
