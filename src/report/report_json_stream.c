/* report_json_stream.c - report.json written straight from a pipeline result
 * (rpt_json_stream, see report_json.h), in the bytes jansson's compact dump of
 * report_json.c's tree would give.
 *
 * Only documents[] and pairs[] are streamed: they are nearly all of a large report, and as
 * trees they were a third of a run's CPU. The head (parameters, matrix, stories, claims)
 * is report_json.c's tree, dumped by jansson. It does not decide what a report holds:
 * report_json.c does, and a unit test compares the two writers byte for byte.
 */
#include "overlap/report_json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/fileio.h"
#include "overlap/mem.h"
#include "overlap/pool.h"
#include "overlap/utf8.h"
#include "report_json_int.h"

/* ---- streamed writing ----------------------------------------------------------------------
 * report.json of a large run is mostly documents[] and pairs[] (1M documents: ~300 MB); as a
 * jansson tree they cost ~1 KB of allocations a document and a third of the run's CPU. Here
 * they are written straight from the pipeline result into a buffer, in exactly the bytes
 * jansson's compact dump gives (a unit test compares the two): strings escaped as jansson
 * does, reals as %.17g with ".0" added to integral values, keys in the order rpt_jdoc and
 * rpt_json_pair set them. Pairs with passages or claims, and documents in detail mode, are
 * built as one small tree each and dumped by jansson, then freed. */

#define JW_BUF ((size_t)1 << 20)

/* Texts of recent reals k / 10^6, by k mod JW_MEMO_SLOTS: a large report repeats values
 * (200,000 pairs of near-copies: 1M reals, most of them a few hundred values), and a hit
 * is a copy of 24 bytes; 1 MB a thread, its pages taken from the kernel as they are touched. */
#define JW_MEMO_SLOTS ((size_t)1 << 15)

typedef struct jw_memo {
	uint32_t k1;    /* k + 1; 0: empty */
	uint8_t len;
	char text[27];
} jw_memo;

typedef struct jw {
	FILE *fp;   /* NULL: a chunk in memory (buf grows, capacity cap), written later */
	char *buf;
	size_t n, cap;
	bool err;
	jw_memo *memo; /* borrowed: one per thread, NULL until the first real */
} jw;

static void jw_flush(jw *w)
{
	if (w->n && fwrite(w->buf, 1, w->n, w->fp) != w->n)
		w->err = true;
	w->n = 0;
}

static void jw_put(jw *w, const char *s, size_t n)
{
	if (!w->fp) {
		if (w->n + n > w->cap)
			XGROW(w->buf, w->cap, w->n + n);
		memcpy(w->buf + w->n, s, n);
		w->n += n;
		return;
	}
	if (w->n + n > JW_BUF) {
		jw_flush(w);
		if (n > JW_BUF) {
			if (fwrite(s, 1, n, w->fp) != n)
				w->err = true;
			return;
		}
	}
	memcpy(w->buf + w->n, s, n);
	w->n += n;
}

static void jw_lit(jw *w, const char *s) { jw_put(w, s, strlen(s)); }

static int jw_dump_cb(const char *buf, size_t size, void *data)
{
	jw_put(data, buf, size);
	return 0;
}

/* A jansson value, compact, as it appears inside the compact dump of its parent. */
static void jw_value(jw *w, const json_t *v)
{
	if (json_dump_callback(v, jw_dump_cb, w, rpt_jdump_flags(false) | JSON_ENCODE_ANY) != 0)
		w->err = true;
}

/* Length of the UTF-8 sequence at s[0..n) when jansson accepts it (RFC 3629: no overlong
 * forms, no surrogates, at most U+10FFFF), else 0. */
static size_t jw_utf8_len(const uint8_t *s, size_t n)
{
	uint8_t c = s[0];
	size_t len;
	uint32_t v;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		len = 2;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		v = c & 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return len;
}

/* A JSON string for s[0..n) as rpt_json_text + jansson's dump make it: bytes utf8_decode
 * calls invalid become '?', one for one; a result jansson would refuse is written "". */
static void jw_text(jw *w, const uint8_t *s, size_t n)
{
	/* the common case, plain ASCII without quotes, backslashes or control bytes */
	size_t i = 0;
	while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
		i++;
	if (i == n) {
		jw_put(w, "\"", 1);
		jw_put(w, (const char *)s, n);
		jw_put(w, "\"", 1);
		return;
	}
	uint8_t *t = xmalloc(n + 1);
	i = 0;
	while (i < n) {
		int32_t cp;
		bool bad;
		size_t len = utf8_decode(s + i, n - i, &cp, &bad);
		if (bad)
			memset(t + i, '?', len);
		else
			memcpy(t + i, s + i, len);
		i += len;
	}
	for (i = 0; i < n;) {
		size_t len = jw_utf8_len(t + i, n - i);
		if (len == 0) {
			free(t);
			jw_put(w, "\"\"", 2);
			return;
		}
		i += len;
	}
	jw_put(w, "\"", 1);
	size_t run = 0;
	for (i = 0; i < n; i++) {
		uint8_t c = t[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jw_put(w, (const char *)t + run, i - run);
		run = i + 1;
		char esc[8];
		switch (c) {
		case '\\': jw_put(w, "\\\\", 2); break;
		case '"': jw_put(w, "\\\"", 2); break;
		case '\b': jw_put(w, "\\b", 2); break;
		case '\f': jw_put(w, "\\f", 2); break;
		case '\n': jw_put(w, "\\n", 2); break;
		case '\r': jw_put(w, "\\r", 2); break;
		case '\t': jw_put(w, "\\t", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", c);
			jw_put(w, esc, 6);
		}
	}
	jw_put(w, (const char *)t + run, n - run);
	jw_put(w, "\"", 1);
	free(t);
}

static void jw_str(jw *w, const char *s)
{
	if (s)
		jw_text(w, (const uint8_t *)s, strlen(s));
	else
		jw_put(w, "null", 4);
}

/* v in decimal, as "%lld" prints it (four a document: snprintf was ~1% of a run). */
static void jw_int(jw *w, long long v)
{
	char b[24];
	size_t at = sizeof b;
	/* the magnitude as unsigned, so that LLONG_MIN has one */
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		b[--at] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		b[--at] = '-';
	jw_put(w, b + at, sizeof b - at);
}

/* Reals in the report are k / 10^6 for an integer k (rpt_jnum() rounds to 6 decimals), most
 * in [0, 1], and a large report holds millions (1M pairs: 7M). "%.17g" costs ~0.3 us; a
 * memo of all 10^6 + 1 texts cost a page fault per new value (a fifth of writing a 5 MB
 * report) and 24 MB. rpt_g17_unit writes the same text exactly with integer arithmetic
 * (~50 ns), behind a small cache of recent values (jw_memo). */

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 jw_u128; /* gcc and clang on 64-bit targets */

/* 10^p as a 128-bit integer, p <= 38 (two 64-bit factors: no loop, no 128-bit literal). */
static jw_u128 pow10_u128(unsigned p)
{
	static const uint64_t p10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
		100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
		10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
		100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
	};
	unsigned a = p < 19 ? p : 19;
	return (jw_u128)p10[a] * p10[p - a];
}

/* "%.17g" of x for 1e-6 < x < 1, as glibc prints it: x = m / 2^q exactly (m < 2^53,
 * q <= 73), its 17 significant digits rounded from the exact value (ties to even) with
 * 128-bit integers (m * 10^22 < 2^127), then %g's style and trailing-zero rules. Checked
 * against snprintf for every k / 10^6 (test_report_json). @return the length, or 0 when x
 * is out of range. */
size_t rpt_g17_unit(double x, char *b)
{
	if (!(x > 1e-6 && x < 1.0)) /* the double 1e-6 is below 10^-6, and needs 10^23 */
		return 0;
	uint64_t bits;
	memcpy(&bits, &x, sizeof bits);
	int e2 = (int)(bits >> 52) - 1022; /* x = m 2^(e2 - 53), a normal number here */
	uint64_t m = (bits & (((uint64_t)1 << 52) - 1)) | (uint64_t)1 << 52;
	unsigned q = (unsigned)(53 - e2);
	const jw_u128 lo = pow10_u128(16), hi = pow10_u128(17), one = (jw_u128)1 << q;
	/* X0: the exponent of the exact value, 10^X0 <= x < 10^(X0 + 1), -6 <= X0 <= -1 */
	int X = (int)floor((e2 - 1) * 0.30102999566398120); /* log10(2^(e2 - 1)): within one */
	X = X > -1 ? -1 : X < -6 ? -6 : X;
	while (X > -6 && (jw_u128)m * pow10_u128((unsigned)-X) < one)
		X--;
	while (X < -1 && (jw_u128)m * pow10_u128((unsigned)(-X - 1)) >= one)
		X++;
	/* 17 digits from the exact value, ties to even; rounding up to 10^17 moves X */
	jw_u128 N = (jw_u128)m * pow10_u128((unsigned)(16 - X));
	jw_u128 D = N >> q, rem = N - (D << q), half = one >> 1;
	if (rem > half || (rem == half && (D & 1)))
		D++;
	if (D == hi) {
		D = lo;
		X++;
	}
	if (D < lo || D > hi)
		return 0; /* cannot happen: left to snprintf */
	char dig[17];
	uint64_t d64 = (uint64_t)D; /* < 10^17: 64-bit division, not a libgcc 128-bit call */
	for (int k = 16; k >= 0; k--) {
		dig[k] = (char)('0' + (int)(d64 % 10));
		d64 /= 10;
	}
	int nd = 17; /* %g drops trailing zeros */
	while (nd > 1 && dig[nd - 1] == '0')
		nd--;
	size_t n = 0;
	if (X < -4) { /* d.ddde-XX */
		b[n++] = dig[0];
		if (nd > 1) {
			b[n++] = '.';
			memcpy(b + n, dig + 1, (size_t)nd - 1);
			n += (size_t)nd - 1;
		}
		n += (size_t)sprintf(b + n, "e-%02d", -X);
	} else if (X < 0) { /* 0.000ddd */
		b[n++] = '0';
		b[n++] = '.';
		for (int z = 0; z < -X - 1; z++)
			b[n++] = '0';
		memcpy(b + n, dig, (size_t)nd);
		n += (size_t)nd;
	} else { /* X == 0: x rounded up to 1 */
		b[n++] = dig[0];
		if (nd > 1) {
			b[n++] = '.';
			memcpy(b + n, dig + 1, (size_t)nd - 1);
			n += (size_t)nd - 1;
		}
	}
	b[n] = '\0';
	return n;
}
#else
size_t rpt_g17_unit(double x, char *b)
{
	(void)x;
	(void)b;
	return 0; /* no 128-bit integers: snprintf does it */
}
#endif

/* x as jansson dumps a real, into b (48 bytes): "%.17g", ".0" when that has neither '.'
 * nor 'e', and the exponent without '+' or leading zeros. @return its length (0: error). */
static size_t real_text(double x, char *b)
{
	if ((x == 0.0 && !signbit(x)) || x == 1.0) { /* most frequent of all (coverage, copies) */
		memcpy(b, x == 0.0 ? "0.0" : "1.0", 4);
		return 3;
	}
	size_t fast = rpt_g17_unit(x, b);
	if (fast && b[1] == '.') /* "0.ddd": neither ".0" nor an exponent to fix */
		return fast;
	int k = fast ? (int)fast : snprintf(b, 48, "%.17g", x);
	if (k < 0 || k >= 48 - 3)
		return 0;
	size_t len = (size_t)k;
	if (!strchr(b, '.') && !strchr(b, 'e')) {
		b[len++] = '.';
		b[len++] = '0';
		b[len] = '\0';
	}
	char *start = strchr(b, 'e');
	if (start) {
		start++;
		char *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - b) + 1);
			len -= (size_t)(end - start);
		}
	}
	return len;
}

static void jw_real(jw *w, double x)
{
	char b[48];
	double kd = round(x * 1e6);
	if (w->memo && x >= 0.0 && x <= 1.0 && !signbit(x) && kd / 1e6 == x) {
		uint32_t k = (uint32_t)kd; /* <= 10^6 */
		jw_memo *m = &w->memo[k & (JW_MEMO_SLOTS - 1)];
		if (m->k1 != k + 1) {
			size_t len = real_text(x, b);
			if (len == 0 || len >= sizeof m->text) {
				w->err |= len == 0;
				jw_put(w, b, len);
				return;
			}
			m->k1 = k + 1;
			m->len = (uint8_t)len;
			memcpy(m->text, b, len);
		}
		jw_put(w, m->text, m->len);
		return;
	}
	size_t len = real_text(x, b);
	if (len == 0)
		w->err = true;
	jw_put(w, b, len);
}

/* ,"key":rpt_jnum(x) - or nothing when x is not finite (json_real refuses it, so the tree has
 * no such key). first: no comma before. */
static void jw_num_field(jw *w, const char *key, double x, bool first)
{
	double v = round(x * 1e6) / 1e6;
	if (!isfinite(v))
		return;
	if (!first)
		jw_put(w, ",", 1);
	jw_put(w, "\"", 1);
	jw_lit(w, key);
	jw_put(w, "\":", 2);
	jw_real(w, v);
}

/* Document i, exactly as doc_json dumps (similarity-only runs; others go through it). */
static void jw_doc(jw *w, const pl_result *r, size_t i)
{
	const sim_doc *d = &r->sim->docs[i];
	jw_lit(w, "{\"id\":");
	jw_str(w, d->id);
	jw_lit(w, ",\"path\":");
	jw_str(w, d->path);
	jw_lit(w, ",\"line\":");
	jw_int(w, (long long)d->line);
	jw_lit(w, ",\"title\":");
	jw_str(w, d->title ? d->title : d->id);
	jw_lit(w, ",\"bytes\":");
	jw_int(w, (long long)d->nbytes);
	jw_lit(w, ",\"words\":");
	jw_int(w, d->nwords);
	jw_lit(w, ",\"shingles\":");
	jw_int(w, d->nshingles);
	jw_lit(w, ",\"invalid_utf8\":");
	jw_int(w, d->nbad);
	jw_lit(w, ",\"metadata\":");
	/* meta_json is jansson's own compact dump (corpus.c), which loading and dumping again
	 * reproduces byte for byte: copied as it is */
	if (d->meta_json && d->meta_json[0] == '{')
		jw_lit(w, d->meta_json);
	else
		jw_lit(w, "{}");
	jw_lit(w, ",\"date\":");
	if (rpt_jdated(r, (uint32_t)i)) {
		json_t *dj = rpt_jdate(r, i);
		jw_value(w, dj);
		json_decref(dj);
	} else {
		jw_lit(w, "null");
	}
	if (r->topic) {
		char sid[40];
		int k = snprintf(sid, sizeof sid, ",\"story\":\"S%u\"", r->topic->story[i] + 1);
		jw_put(w, sid, (size_t)k);
	}
	jw_put(w, "}", 1);
}

/* stories[] entries, exactly as report_json.c's stories_fill dumps them. */
static void jw_stories(jw *w, const pl_result *r)
{
	for (size_t s = 0; s < r->topic->nstories; s++) {
		const tpc_story *st = &r->topic->stories[s];
		char sid[64];
		int k = snprintf(sid, sizeof sid, "%s{\"id\":\"S%zu\",\"documents\":[", s ? "," : "",
				 s + 1);
		jw_put(w, sid, (size_t)k);
		for (size_t i = 0; i < st->ndocs; i++) {
			if (i)
				jw_put(w, ",", 1);
			jw_str(w, r->sim->docs[st->docs[i]].id);
		}
		jw_lit(w, "],\"label\":");
		jw_text(w, (const uint8_t *)(st->label ? st->label : ""), st->label ? strlen(st->label) : 0);
		jw_lit(w, ",\"first\":");
		long first = rpt_story_first(r, s);
		jw_str(w, first < 0 ? NULL : r->sim->docs[first].id);
		jw_put(w, "}", 1);
	}
}

/* Pair i without passages or claims, exactly as rpt_json_pair dumps. */
static void jw_pair(jw *w, const pl_result *r, size_t i)
{
	const pl_pair *p = &r->pairs[i];
	jw_lit(w, "{\"a\":");
	jw_str(w, r->sim->docs[p->a].id);
	jw_lit(w, ",\"b\":");
	jw_str(w, r->sim->docs[p->b].id);
	jw_num_field(w, "jaccard", p->jaccard, false);
	jw_num_field(w, "jaccard_estimate", p->jaccard_est, false);
	jw_num_field(w, "containment_ab", p->cont_ab, false);
	jw_num_field(w, "containment_ba", p->cont_ba, false);
	jw_lit(w, ",\"passage_coverage\":{");
	bool have_a = isfinite(round(p->cov_a * 1e6) / 1e6);
	jw_num_field(w, "a", p->cov_a, true);
	jw_num_field(w, "b", p->cov_b, !have_a);
	jw_put(w, "}", 1);
	if (rpt_jdated(r, p->a) && rpt_jdated(r, p->b)) {
		/* the rule of rpt_json_pair */
		int64_t ta = r->dates[p->a].t, tb = r->dates[p->b].t;
		bool day = r->dates[p->a].precision == PDT_DAY || r->dates[p->b].precision == PDT_DAY;
		if (day) {
			ta = (ta >= 0 ? ta : ta - 86399) / 86400 * 86400;
			tb = (tb >= 0 ? tb : tb - 86399) / 86400 * 86400;
		}
		int64_t lag = ta < tb ? tb - ta : ta - tb;
		jw_lit(w, ",\"first\":");
		if (lag == 0)
			jw_lit(w, "null");
		else
			jw_str(w, r->sim->docs[ta < tb ? p->a : p->b].id);
		jw_lit(w, ",\"lag_seconds\":");
		jw_int(w, (long long)lag);
	} else {
		jw_lit(w, ",\"first\":null,\"lag_seconds\":null");
	}
	if (r->topic) {
		jw_num_field(w, "topical", p->topical, false);
		jw_lit(w, p->same_story ? ",\"same_story\":true" : ",\"same_story\":false");
	}
	jw_lit(w, ",\"passages\":[]}");
}

/* ---- entries on threads ----------------------------------------------------------------
 * A similarity-only run's documents and pairs are formatted in chunks on all threads, a
 * window of chunks at a time (memory: a few MB), and written in order: the same bytes. */

/* Items a chunk, at most; a window is JW_WINDOW chunks a thread. */
#define JW_CHUNK_MAX 2048
#define JW_WINDOW 2

typedef struct chunk_job {
	const pl_result *r;
	jw_memo **memo;  /* per worker */
	bool pairs;      /* pairs[] (listed pairs) instead of documents[] */
	size_t first, per, end; /* items first + c * per .. of this window, up to end */
	jw *out;         /* per chunk of the window: its text, each entry after a comma */
} chunk_job;

static void format_chunk(void *ud, size_t c, unsigned worker)
{
	(void)worker;
	chunk_job *j = ud;
	jw *w = &j->out[c];
	w->n = 0;
	if (!j->memo[worker])
		j->memo[worker] = xcalloc(JW_MEMO_SLOTS, sizeof *j->memo[worker]);
	w->memo = j->memo[worker];
	size_t lo = j->first + c * j->per, hi = lo + j->per < j->end ? lo + j->per : j->end;
	for (size_t i = lo; i < hi; i++) {
		if (j->pairs && !j->r->pairs[i].listed)
			continue;
		jw_put(w, ",", 1);
		if (j->pairs)
			jw_pair(w, j->r, i);
		else
			jw_doc(w, j->r, i);
	}
}

/* documents[] or pairs[] on this thread, one entry at a time, straight into the file's
 * buffer; trees: entries as trees dumped by jansson (detail mode and claims: entries with
 * passages, claims and relations; passage ids run across pairs). */
static void stream_serial(jw *w, const pl_result *r, bool pairs, bool trees)
{
	size_t next_pid = 1;
	bool any = false;
	size_t n = pairs ? r->npairs : r->sim->ndocs;
	for (size_t i = 0; i < n && !w->err; i++) {
		if (pairs && !r->pairs[i].listed)
			continue;
		if (any)
			jw_put(w, ",", 1);
		any = true;
		json_t *v;
		if (trees && !pairs)
			v = rpt_jdoc(r, i);
		else if (trees && (r->pairs[i].npassages || r->claims))
			v = rpt_jpair_full(r, i, &next_pid);
		else {
			(pairs ? jw_pair : jw_doc)(w, r, i);
			continue;
		}
		jw_value(w, v);
		json_decref(v);
	}
}

/* Entries 0..n of documents[] or pairs[] of a similarity-only run into w, between the
 * brackets, formatted on threads. */
static void stream_entries(jw *w, const pl_result *r, bool pairs, size_t n, unsigned threads)
{
	if (threads <= 1) {
		stream_serial(w, r, pairs, false);
		return;
	}
	size_t per = n / ((size_t)threads * 8);
	per = per < 1 ? 1 : per > JW_CHUNK_MAX ? JW_CHUNK_MAX : per;
	size_t nwin = (size_t)threads * JW_WINDOW;
	chunk_job j = { .r = r, .pairs = pairs, .per = per, .end = n,
			.out = xcalloc(nwin, sizeof *j.out), .memo = xcalloc(threads, sizeof *j.memo) };
	bool any = false;
	for (j.first = 0; j.first < n && !w->err; j.first += nwin * per) {
		size_t nc = (n - j.first + per - 1) / per;
		nc = nc < nwin ? nc : nwin;
		pool_for(nc, threads, format_chunk, &j);
		for (size_t c = 0; c < nc; c++) {
			jw *o = &j.out[c];
			w->err |= o->err;
			if (o->n == 0)
				continue;
			/* every entry came after a comma: not the first of the array */
			jw_put(w, o->buf + (any ? 0 : 1), o->n - (any ? 0 : 1));
			any = true;
		}
	}
	for (size_t c = 0; c < nwin; c++)
		free(j.out[c].buf);
	free(j.out);
	for (unsigned t = 0; t < threads; t++)
		free(j.memo[t]);
	free(j.memo);
}

int rpt_json_stream(const json_t *head, const pl_result *r, unsigned threads, const char *path,
		    err_ctx *e)
{
	fio_atomic a;
	TRY(fio_atomic_open(path, &a, e));
	jw w = { .fp = a.fp, .buf = xmalloc(JW_BUF), .memo = xcalloc(JW_MEMO_SLOTS, sizeof *w.memo) };
	errno = 0;
	jw_put(&w, "{", 1);
	bool first = true, trees = r->detail || r->claims;
	for (void *it = json_object_iter((json_t *)head); it && !w.err;
	     it = json_object_iter_next((json_t *)head, it)) {
		const char *key = json_object_iter_key(it);
		if (!first)
			jw_put(&w, ",", 1);
		first = false;
		jw_str(&w, key);
		jw_put(&w, ":", 1);
		bool docs = strcmp(key, "documents") == 0, pairs = strcmp(key, "pairs") == 0;
		if (r->topic && strcmp(key, "stories") == 0) {
			jw_put(&w, "[", 1);
			jw_stories(&w, r);
			jw_put(&w, "]", 1);
		} else if (docs || pairs) {
			jw_put(&w, "[", 1);
			if (trees)
				stream_serial(&w, r, pairs, true);
			else
				stream_entries(&w, r, pairs, pairs ? r->npairs : r->sim->ndocs, threads);
			jw_put(&w, "]", 1);
		} else {
			jw_value(&w, json_object_iter_value(it));
		}
	}
	jw_put(&w, "}\n", 2);
	jw_flush(&w);
	free(w.buf);
	free(w.memo);
	if (w.err || ferror(a.fp)) {
		int err = errno ? errno : EIO;
		fio_atomic_abort(&a);
		return err_set(e, OVL_EIO, path, "cannot write: %s", strerror(err));
	}
	return fio_atomic_commit(&a, e);
}
