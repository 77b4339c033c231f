/* corpus.c - PATH arguments -> a stream of documents (see corpus.h).
 *
 * Folders are expanded once at crp_open into a sorted file list (names only, a few bytes
 * per file); documents are then read lazily, one file (or one JSON Lines line) at a time,
 * so memory follows the largest document, not the corpus. Every byte source goes through
 * one small reader (raw fd or memory -> optional zlib inflate under a cap -> caller), so
 * gzip bombs, truncation and corruption are handled in one place.
 * It does NOT decode, normalise or deduplicate (tokenize.c and the pipeline do).
 * Workload: a few to tens of thousands of news articles of 1-100 KB; rare JSONL dumps of GBs.
 */
#include "overlap/corpus.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zlib.h>

#include "corpus_int.h"
#include "overlap/mem.h"

/* ---- tuning ---------------------------------------------------------------------- */

/* Default caps: 1 GiB is far above any real article or JSONL line, and still fits RAM. */
#define DEFAULT_MAX_INFLATE ((size_t)1 << 30)
#define DEFAULT_MAX_DOC ((size_t)1 << 30)
/* Read size for files and compressed input: 64 KiB holds a typical article in one read. */
#define CHUNK ((size_t)64 * 1024)
/* Binary sniffing looks at the first 8 KiB, like grep and git do. */
#define SNIFF_BYTES ((size_t)8192)
/* More than 30% control bytes in the sniff window: binary (text has ~0% besides \t\n\r\f). */
#define CTRL_PERCENT 30
/* Titles are for display in reports; 200 bytes is two lines of a headline. */
#define TITLE_MAX 200

/* ---- types ----------------------------------------------------------------------- */

typedef struct fentry {
	char *path;
	const uint8_t *mem; /* non-NULL: an in-memory file (crp_read_buffer) */
	size_t mem_len;
} fentry;

/* One byte source: raw bytes from an fd or memory, optionally inflated. */
typedef struct src {
	int fd; /* -1 when reading memory */
	const uint8_t *mem;
	size_t mem_len, mem_pos;
	uint8_t *raw; /* CHUNK bytes: compressed input, or the first plain bytes */
	size_t raw_len, raw_pos;
	bool raw_eof;
	bool gz, zinit, gz_end, trailing;
	z_stream zs;
	size_t total_out, cap;
	char err[256]; /* set on failure, without ", skipped" */
} src;

struct crp_reader {
	crp_opts o;
	fentry *files;
	size_t nfiles, files_cap;
	size_t next;  /* index of the next file to open */
	unsigned pass; /* 0 on the first pass; warnings are given on that pass only */
	/* the file being read */
	bool open, jsonl;
	const fentry *cur;
	off_t cur_size; /* st_size for regular files, -1 otherwise */
	src s;
	uint8_t *cbuf; /* decoded chunk for line reading */
	size_t cpos, clen;
	uint8_t *line;
	size_t line_len, line_cap;
	size_t lineno;
};

typedef struct devino {
	dev_t dev;
	ino_t ino;
} devino;

typedef struct walker {
	crp_reader *r;
	devino *seen; /* every folder entered */
	size_t nseen, seen_cap;
	devino *stack; /* folders on the current path */
	size_t depth, stack_cap;
} walker;

/* ---- helpers --------------------------------------------------------------------- */

static void warnf(const crp_reader *r, const char *path, size_t line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void warnf(const crp_reader *r, const char *path, size_t line, const char *fmt, ...)
{
	if (!r->o.warn || r->pass > 0)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line) {
		char *p = xasprintf("%s:%zu", path, line);
		r->o.warn(r->o.warn_ud, p, msg);
		free(p);
	} else {
		r->o.warn(r->o.warn_ud, path, msg);
	}
}

/* errno as a lowercase phrase ("not found", "permission denied", ...). */
static void errno_text(int err, char *buf, size_t n)
{
	if (err == ENOENT) {
		snprintf(buf, n, "not found");
		return;
	}
	snprintf(buf, n, "%s", strerror(err));
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

static void size_text(size_t n, char *buf, size_t bufsz)
{
	const size_t kib = 1024, mib = kib * 1024;
	if (n >= mib && n % mib == 0)
		snprintf(buf, bufsz, "%zu MiB", n / mib);
	else if (n >= kib && n % kib == 0)
		snprintf(buf, bufsz, "%zu KiB", n / kib);
	else
		snprintf(buf, bufsz, "%zu bytes", n);
}

static bool ends_with_ci(const char *s, size_t n, const char *suf)
{
	size_t m = strlen(suf);
	return n > m && strncasecmp(s + n - m, suf, m) == 0;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

/* Length of name without ".gz" and then one known text extension; *known tells whether
 * such an extension was there, *jsonl whether it was a JSON Lines one. */
static size_t stem_len(const char *name, bool *known, bool *jsonl)
{
	static const char *const text_ext[] = {".txt", ".md"};
	static const char *const jsonl_ext[] = {".jsonl", ".ndjson"};
	size_t n = strlen(name);
	*known = *jsonl = false;
	if (ends_with_ci(name, n, ".gz"))
		n -= 3;
	for (size_t i = 0; i < sizeof text_ext / sizeof *text_ext; i++)
		if (ends_with_ci(name, n, text_ext[i])) {
			*known = true;
			return n - strlen(text_ext[i]);
		}
	for (size_t i = 0; i < sizeof jsonl_ext / sizeof *jsonl_ext; i++)
		if (ends_with_ci(name, n, jsonl_ext[i])) {
			*known = *jsonl = true;
			return n - strlen(jsonl_ext[i]);
		}
	return n;
}

/* NUL in the window, too many control bytes, or an image/archive signature. */
static bool looks_binary(const uint8_t *t, size_t n)
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
	if (n > SNIFF_BYTES)
		n = SNIFF_BYTES;
	size_t ctrl = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = t[i];
		if (c == 0)
			return true;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f)
			ctrl++;
	}
	return ctrl * 100 > n * CTRL_PERCENT;
}

/* True when the text holds a letter or digit (any script). Undecodable bytes count as
 * content: they may be letters in a legacy encoding, and tokenize.c decides about them. */
static bool has_content(const uint8_t *t, size_t n)
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

static bool is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Bytes of white space (ASCII, or a Unicode space separator such as NO-BREAK SPACE, or a
 * BOM) starting at t[0], or 0. */
static size_t space_at(const uint8_t *t, size_t n)
{
	if (n == 0)
		return 0;
	if (t[0] < 0x80)
		return is_space(t[0]) ? 1 : 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate(t, (utf8proc_ssize_t)n, &cp);
	if (k <= 0)
		return 0;
	if (cp == 0xfeff || cp == 0x200b || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS)
		return (size_t)k;
	return 0;
}

/* Bytes of white space ending at t[n - 1], or 0. */
static size_t space_before(const uint8_t *t, size_t n)
{
	size_t back = 1;
	while (back < 4 && back < n && (t[n - back] & 0xc0) == 0x80)
		back++;
	return space_at(t + n - back, back) == back ? back : 0;
}

/* First non-blank line, trimmed, without a leading BOM, cut at a UTF-8 boundary to at most
 * TITLE_MAX bytes and at a NUL. NULL when there is no such line. */
static char *make_title(const uint8_t *t, size_t n)
{
	size_t i = 0;
	if (n >= 3 && t[0] == 0xef && t[1] == 0xbb && t[2] == 0xbf)
		i = 3;
	while (i < n) {
		const uint8_t *nl = memchr(t + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - t) : n;
		size_t a = i, b = e, k;
		while (a < b && (k = space_at(t + a, b - a)) > 0)
			a += k;
		while (b > a && (k = space_before(t + a, b - a)) > 0)
			b -= k;
		if (b > a) {
			size_t len = b - a;
			const uint8_t *nul = memchr(t + a, 0, len);
			if (nul)
				len = (size_t)(nul - (t + a));
			if (len > TITLE_MAX) {
				len = TITLE_MAX;
				/* t[a + len] is the first byte left out; back up over a split character
				 * (at most 3 continuation bytes in valid UTF-8). */
				for (int step = 0; step < 3 && len > 0 && (t[a + len] & 0xc0) == 0x80; step++)
					len--;
			}
			while (len > 0 && (k = space_before(t + a, len)) > 0)
				len -= k;
			if (len == 0)
				return NULL;
			return xstrndup((const char *)t + a, len);
		}
		i = e + 1;
	}
	return NULL;
}

/* ---- byte source ----------------------------------------------------------------- */

static void src_fail(src *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void src_fail(src *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
}

/* Up to n raw bytes. @return count, 0 at end, -1 on a read error (s->err set). */
static ssize_t raw_read(src *s, uint8_t *dst, size_t n)
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
			errno_text(errno, buf, sizeof buf);
			src_fail(s, "read error: %s", buf);
			return -1;
		}
	}
}

/* Move unread compressed bytes to the front of raw and read more behind them. */
static int gz_refill(src *s)
{
	if (s->zs.avail_in && s->zs.next_in != s->raw)
		memmove(s->raw, s->zs.next_in, s->zs.avail_in);
	s->zs.next_in = s->raw;
	ssize_t k = raw_read(s, s->raw + s->zs.avail_in, CHUNK - s->zs.avail_in);
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
static ssize_t gz_read(src *s, uint8_t *dst, size_t n)
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
			size_text(s->cap, cap, sizeof cap);
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
static ssize_t src_read(src *s, uint8_t *dst, size_t n)
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
	return raw_read(s, dst, n);
}

/* Fill dst with n bytes unless the source ends first. @return count or -1. */
static ssize_t src_read_full(src *s, uint8_t *dst, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = src_read(s, dst + got, n - got);
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static void src_close(src *s)
{
	if (s->zinit)
		inflateEnd(&s->zs);
	if (s->fd >= 0)
		close(s->fd);
	free(s->raw);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}

/* ---- reading one file ------------------------------------------------------------ */

static void close_cur(crp_reader *r)
{
	src_close(&r->s);
	r->open = false;
	r->cur = NULL;
}

/* Open f, sniff gzip. For JSON Lines also read the first chunk and check for binary.
 * @return 0 (r->open set), or -1 after a warning. */
static int open_cur(crp_reader *r, const fentry *f)
{
	src *s = &r->s;
	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->cap = r->o.max_inflate;
	r->cur_size = -1;
	bool known;
	stem_len(base_name(f->path), &known, &r->jsonl);
	if (f->mem) {
		s->mem = f->mem;
		s->mem_len = f->mem_len;
		r->cur_size = (off_t)f->mem_len;
	} else {
		s->fd = open(f->path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0) {
			char buf[128];
			errno_text(errno, buf, sizeof buf);
			warnf(r, f->path, 0, "%s", buf);
			return -1;
		}
		struct stat st;
		if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode))
			r->cur_size = st.st_size;
	}
	r->cur = f;
	r->open = true;
	s->raw = xmalloc(CHUNK);
	while (s->raw_len < 2) {
		ssize_t k = raw_read(s, s->raw + s->raw_len, CHUNK - s->raw_len);
		if (k < 0) {
			warnf(r, f->path, 0, "%s, skipped", s->err);
			close_cur(r);
			return -1;
		}
		if (k == 0) {
			s->raw_eof = true;
			break;
		}
		s->raw_len += (size_t)k;
	}
	if (s->raw_len >= 2 && s->raw[0] == 0x1f && s->raw[1] == 0x8b) {
		/* 15 + 32: maximum window, gzip or zlib header detected automatically. */
		if (inflateInit2(&s->zs, 15 + 32) != Z_OK) {
			warnf(r, f->path, 0, "cannot start zlib, skipped");
			close_cur(r);
			return -1;
		}
		s->gz = s->zinit = true;
		s->zs.next_in = s->raw;
		s->zs.avail_in = (uInt)s->raw_len;
	}
	if (!r->jsonl)
		return 0;
	r->cpos = 0;
	r->lineno = 0;
	ssize_t k = src_read_full(s, r->cbuf, CHUNK);
	if (k < 0) {
		warnf(r, f->path, 0, "%s, skipped", s->err);
		close_cur(r);
		return -1;
	}
	r->clen = (size_t)k;
	if (r->clen == 0) {
		warnf(r, f->path, 0, "empty file, skipped");
		close_cur(r);
		return -1;
	}
	if (looks_binary(r->cbuf, r->clen)) {
		warnf(r, f->path, 0, "binary file, skipped");
		close_cur(r);
		return -1;
	}
	return 0;
}

static char *file_id(const char *path)
{
	const char *b = base_name(path);
	bool known, jsonl;
	size_t n = stem_len(b, &known, &jsonl);
	if (n == 0)
		n = strlen(b);
	if (n == 0) /* path ends in '/': cannot happen for a file, but stay total */
		return xstrdup(path);
	return xstrndup(b, n);
}

/* The whole (inflated) file as one document. @return 1 a document, 0 skipped (warned). */
static int read_plain(crp_reader *r, crp_doc *doc)
{
	const char *path = r->cur->path;
	src *s = &r->s;
	size_t limit = r->o.max_doc_bytes;
	char cap[32];
	size_text(limit, cap, sizeof cap);
	if (!s->gz && r->cur_size >= 0 && (uint64_t)r->cur_size > (uint64_t)limit) {
		warnf(r, path, 0, "document larger than the %s cap, skipped", cap);
		return 0;
	}
	/* Plain regular file: its size is known, so one allocation usually suffices. */
	size_t bcap = CHUNK;
	if (!s->gz && r->cur_size >= 0)
		bcap = (size_t)r->cur_size + 1;
	if (bcap > limit + 1)
		bcap = limit + 1;
	uint8_t *buf = xmalloc(bcap + 1);
	size_t len = 0;
	bool sniffed = false;
	for (;;) {
		if (len == bcap) {
			bcap = bcap > (limit + 1) / 2 ? limit + 1 : bcap * 2;
			buf = xrealloc(buf, bcap + 1);
		}
		ssize_t k = src_read(s, buf + len, bcap - len);
		if (k < 0) {
			warnf(r, path, 0, "%s, skipped", s->err);
			free(buf);
			return 0;
		}
		if (k == 0)
			break;
		len += (size_t)k;
		if (len > limit) {
			warnf(r, path, 0, "document larger than the %s cap, skipped", cap);
			free(buf);
			return 0;
		}
		if (!sniffed && len >= SNIFF_BYTES) {
			sniffed = true;
			if (looks_binary(buf, len)) {
				warnf(r, path, 0, "binary file, skipped");
				free(buf);
				return 0;
			}
		}
	}
	if (!sniffed && looks_binary(buf, len)) {
		warnf(r, path, 0, "binary file, skipped");
		free(buf);
		return 0;
	}
	if (!has_content(buf, len)) {
		warnf(r, path, 0, "empty document, skipped");
		free(buf);
		return 0;
	}
	if (s->trailing)
		warnf(r, path, 0, "trailing garbage after gzip data ignored");
	buf[len] = '\0';
	doc->id = file_id(path);
	doc->path = xstrdup(path);
	doc->line = 0;
	doc->text = buf;
	doc->nbytes = len;
	doc->title = make_title(buf, len);
	return 1;
}

/* Next line into r->line (without '\n'). Lines longer than max_doc_bytes are skipped
 * without being held. @return 1 a line, 2 a line over the cap, 0 end, -1 source error. */
static int next_line(crp_reader *r)
{
	size_t limit = r->o.max_doc_bytes;
	bool any = false, too_long = false;
	r->line_len = 0;
	for (;;) {
		if (r->cpos == r->clen) {
			ssize_t k = src_read_full(&r->s, r->cbuf, CHUNK);
			if (k < 0)
				return -1;
			r->cpos = 0;
			r->clen = (size_t)k;
			if (k == 0) {
				if (!any)
					return 0;
				break;
			}
		}
		any = true;
		const uint8_t *start = r->cbuf + r->cpos;
		size_t avail = r->clen - r->cpos;
		const uint8_t *nl = memchr(start, '\n', avail);
		size_t take = nl ? (size_t)(nl - start) : avail;
		if (!too_long) {
			if (take > limit - r->line_len) {
				too_long = true;
			} else {
				if (r->line_len + take + 1 > r->line_cap)
					XGROW(r->line, r->line_cap, r->line_len + take + 1);
				memcpy(r->line + r->line_len, start, take);
				r->line_len += take;
			}
		}
		r->cpos += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	r->lineno++;
	if (too_long)
		return 2;
	r->line[r->line_len] = '\0';
	return 1;
}

static char *opt_string(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* One JSONL line -> doc. @return 1 a document, 0 skipped (blank or warned). */
static int parse_line(crp_reader *r, crp_doc *doc)
{
	const char *path = r->cur->path;
	size_t ln = r->lineno;
	char *t = (char *)r->line;
	size_t n = r->line_len;
	if (ln == 1 && n >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0) {
		t += 3;
		n -= 3;
	}
	size_t a = 0;
	while (a < n && (is_space((uint8_t)t[a])))
		a++;
	if (a == n)
		return 0;
	json_error_t jerr;
	json_t *root = json_loadb(t, n, 0, &jerr);
	if (!root) {
		warnf(r, path, ln, "invalid JSON: %s (column %d), skipped", jerr.text, jerr.column);
		return 0;
	}
	int rc = 0;
	if (!json_is_object(root)) {
		warnf(r, path, ln, "not a JSON object, skipped");
		goto out;
	}
	json_t *text = json_object_get(root, "text");
	if (!json_is_string(text)) {
		warnf(r, path, ln, "%s \"text\", skipped", text ? "non-string" : "missing");
		goto out;
	}
	json_t *id = json_object_get(root, "id");
	char *ids = NULL;
	if (json_is_string(id)) {
		ids = xstrdup(json_string_value(id));
	} else if (json_is_integer(id)) {
		ids = xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(id));
	} else if (json_is_real(id)) {
		double v = json_real_value(id);
		/* 2^53: beyond it a double no longer holds every integer exactly. */
		if (v > -9007199254740992.0 && v < 9007199254740992.0 && v == (double)(long long)v)
			ids = xasprintf("%lld", (long long)v);
		else {
			/* shortest of 15 or 17 digits that reads back as the same double */
			ids = xasprintf("%.15g", v);
			if (strtod(ids, NULL) != v) {
				free(ids);
				ids = xasprintf("%.17g", v);
			}
		}
	} else {
		warnf(r, path, ln, "%s \"id\", skipped", id ? "non-string" : "missing");
		goto out;
	}
	if (ids[0] == '\0') {
		warnf(r, path, ln, "empty \"id\", skipped");
		free(ids);
		goto out;
	}
	const uint8_t *tv = (const uint8_t *)json_string_value(text);
	size_t tn = json_string_length(text);
	if (!has_content(tv, tn)) {
		warnf(r, path, ln, "empty document, skipped");
		free(ids);
		goto out;
	}
	doc->id = ids;
	doc->path = xstrdup(path);
	doc->line = ln;
	doc->text = xmalloc(tn + 1);
	memcpy(doc->text, tv, tn);
	doc->text[tn] = '\0';
	doc->nbytes = tn;
	doc->title = opt_string(root, "title");
	if (!doc->title)
		doc->title = make_title(doc->text, tn);
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

/* Next document of the open JSONL file. @return 1 a document, 0 the file is finished. */
static int jsonl_next(crp_reader *r, crp_doc *doc)
{
	const char *path = r->cur->path;
	for (;;) {
		int lr = next_line(r);
		if (lr == 0) {
			if (r->s.trailing)
				warnf(r, path, 0, "trailing garbage after gzip data ignored");
			return 0;
		}
		if (lr < 0) {
			warnf(r, path, 0, "%s, rest of file skipped", r->s.err);
			return 0;
		}
		if (lr == 2) {
			char cap[32];
			size_text(r->o.max_doc_bytes, cap, sizeof cap);
			warnf(r, path, r->lineno, "line longer than the %s cap, skipped", cap);
			continue;
		}
		if (parse_line(r, doc) == 1)
			return 1;
	}
}

/* ---- folder walk ----------------------------------------------------------------- */

static void add_file(crp_reader *r, const char *path, const uint8_t *mem, size_t mem_len)
{
	XGROW(r->files, r->files_cap, r->nfiles + 1);
	r->files[r->nfiles].path = xstrdup(path);
	r->files[r->nfiles].mem = mem;
	r->files[r->nfiles].mem_len = mem_len;
	r->nfiles++;
}

static bool devino_in(const devino *v, size_t n, const struct stat *st)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].dev == st->st_dev && v[i].ino == st->st_ino)
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(walker *w, const char *dir, const struct stat *st)
{
	crp_reader *r = w->r;
	if (devino_in(w->stack, w->depth, st)) {
		warnf(r, dir, 0, "symlink loop, not followed");
		return;
	}
	if (devino_in(w->seen, w->nseen, st)) {
		warnf(r, dir, 0, "folder already visited, not followed");
		return;
	}
	DIR *d = opendir(dir);
	if (!d) {
		char buf[128];
		errno_text(errno, buf, sizeof buf);
		warnf(r, dir, 0, "%s", buf);
		return;
	}
	XGROW(w->seen, w->seen_cap, w->nseen + 1);
	w->seen[w->nseen++] = (devino){st->st_dev, st->st_ino};
	XGROW(w->stack, w->stack_cap, w->depth + 1);
	w->stack[w->depth++] = (devino){st->st_dev, st->st_ino};

	char **names = NULL;
	size_t nnames = 0, names_cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') /* hidden files, "." and ".." */
			continue;
		XGROW(names, names_cap, nnames + 1);
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nnames)
		qsort(names, nnames, sizeof *names, cmp_str);

	size_t dlen = strlen(dir);
	bool slash = dlen > 0 && dir[dlen - 1] == '/';
	for (size_t i = 0; i < nnames; i++) {
		char *full = xasprintf("%s%s%s", dir, slash ? "" : "/", names[i]);
		struct stat cst;
		if (stat(full, &cst) != 0) {
			char buf[128];
			errno_text(errno, buf, sizeof buf);
			warnf(r, full, 0, "%s", buf);
		} else if (S_ISDIR(cst.st_mode)) {
			walk(w, full, &cst);
		} else if (S_ISREG(cst.st_mode)) {
			bool known, jsonl;
			stem_len(names[i], &known, &jsonl);
			if (known)
				add_file(r, full, NULL, 0);
		}
		free(full);
		free(names[i]);
	}
	free(names);
	w->depth--;
}

/* ---- API ------------------------------------------------------------------------- */

static crp_reader *reader_new(const crp_opts *opts)
{
	crp_reader *r = xcalloc(1, sizeof *r);
	if (opts)
		r->o = *opts;
	if (r->o.max_inflate == 0)
		r->o.max_inflate = DEFAULT_MAX_INFLATE;
	if (r->o.max_doc_bytes == 0)
		r->o.max_doc_bytes = DEFAULT_MAX_DOC;
	/* keep limit + 1 and doubling free of overflow */
	if (r->o.max_doc_bytes > SIZE_MAX / 4)
		r->o.max_doc_bytes = SIZE_MAX / 4;
	if (r->o.max_inflate > SIZE_MAX / 4)
		r->o.max_inflate = SIZE_MAX / 4;
	r->cbuf = xmalloc(CHUNK);
	r->s.fd = -1;
	return r;
}

int crp_open(const char *const *paths, size_t npaths, const crp_opts *opts,
	     crp_reader **out, err_ctx *e)
{
	if (!out || (npaths && !paths))
		return err_set(e, OVL_EUSAGE, NULL, "crp_open: no paths");
	*out = NULL;
	for (size_t i = 0; i < npaths; i++)
		if (!paths[i] || !paths[i][0])
			return err_set(e, OVL_EUSAGE, NULL, "empty path argument");
	crp_reader *r = reader_new(opts);
	walker w = {.r = r};
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			char buf[128];
			errno_text(errno, buf, sizeof buf);
			warnf(r, paths[i], 0, "%s", buf);
		} else if (S_ISDIR(st.st_mode)) {
			walk(&w, paths[i], &st);
		} else {
			add_file(r, paths[i], NULL, 0); /* named explicitly: taken whatever its name */
		}
	}
	free(w.seen);
	free(w.stack);
	*out = r;
	return 0;
}

int crp_next(crp_reader *r, crp_doc *doc, err_ctx *e)
{
	(void)e; /* every problem so far is per file: a warning, never fatal */
	crp_doc_clear(doc);
	for (;;) {
		if (r->open) {
			if (jsonl_next(r, doc) == 1)
				return 1;
			close_cur(r);
			continue;
		}
		if (r->next >= r->nfiles)
			return 0;
		const fentry *f = &r->files[r->next++];
		if (open_cur(r, f) != 0)
			continue;
		if (r->jsonl)
			continue;
		int rc = read_plain(r, doc);
		close_cur(r);
		if (rc == 1)
			return 1;
	}
}

void crp_rewind(crp_reader *r)
{
	if (r->open)
		close_cur(r);
	r->next = 0;
	r->pass++;
}

size_t crp_nfiles(const crp_reader *r)
{
	return r->nfiles;
}

void crp_doc_clear(crp_doc *doc)
{
	free(doc->id);
	free(doc->path);
	free(doc->text);
	free(doc->title);
	free(doc->source);
	free(doc->date);
	free(doc->url);
	free(doc->meta_json);
	memset(doc, 0, sizeof *doc);
}

void crp_free(crp_reader *r)
{
	if (!r)
		return;
	if (r->open)
		close_cur(r);
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i].path);
	free(r->files);
	free(r->cbuf);
	free(r->line);
	free(r);
}

int crp_read_buffer(const char *name, const uint8_t *data, size_t nbytes, const crp_opts *opts,
		    crp_doc_fn fn, void *ud)
{
	if (!name || (!data && nbytes))
		return OVL_EUSAGE;
	static const uint8_t empty[1] = {0};
	crp_reader *r = reader_new(opts);
	add_file(r, name, data ? data : empty, nbytes);
	crp_doc d = {0};
	int n = 0;
	while (crp_next(r, &d, NULL) == 1) {
		n++;
		if (fn && fn(ud, &d) != 0)
			break;
	}
	crp_doc_clear(&d);
	crp_free(r);
	return n;
}
