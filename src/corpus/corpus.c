/* corpus.c - PATH arguments -> a stream of documents (see corpus.h).
 *
 * Folders are expanded once at crp_open into a sorted file list (names only, a few bytes
 * per file); documents are then read lazily, one file (or one JSON Lines line) at a time,
 * so memory follows the largest document, not the corpus. Small regular files are read 64
 * at a time through io_uring when it is there (two system calls per 64 files instead of
 * four per file), then handed out one by one exactly as if read alone. Every byte source
 * goes through one small reader (raw fd or memory -> optional zlib inflate under a cap ->
 * caller), so gzip bombs, truncation and corruption are handled in one place.
 * It does NOT decode, normalise or deduplicate (tokenize.c and the pipeline do).
 * Workload: a few to tens of thousands of news articles of 1-100 KB; JSONL dumps of GBs
 * (1M lines of ~3 KB, read twice in LSH mode). So JSON Lines are cut from a 1 MiB buffer
 * in place and the "text" string is decoded here, exactly, instead of by jansson (which
 * ran at ~40 MB/s and was 80% of the profile); see "JSON Lines fast path"; flat lines need
 * no jansson at all ("JSON Lines without jansson"). The first pass records where each
 * document came from (file, JSONL line and offset), so a later pass can read only the
 * documents it selects (crp_select).
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

#ifdef OVL_HAVE_URING
#include <liburing.h>
/* Memcheck cannot see the kernel fill buffers through the ring: tell it (a no-op outside
 * valgrind; only where valgrind's header is installed, as it is for scripts/test.sh). */
#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define OVL_MARK_DEFINED(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#endif
#endif
#endif
#ifndef OVL_MARK_DEFINED
#define OVL_MARK_DEFINED(p, n) ((void)(p), (void)(n))
#endif

#include "corpus_int.h"
#include "overlap/mem.h"
#include "overlap/sentence.h"
#include "overlap/utf8.h"

/* ---- tuning ---------------------------------------------------------------------- */

/* Default caps: 1 GiB is far above any real article or JSONL line, and still fits RAM. */
#define DEFAULT_MAX_INFLATE ((size_t)1 << 30)
#define DEFAULT_MAX_DOC ((size_t)1 << 30)
/* Read size for files and compressed input: 64 KiB holds a typical article in one read. */
#define CHUNK ((size_t)64 * 1024)
/* JSON Lines read buffer: lines are parsed in place, and only the partial line at the end
 * of the buffer is moved to its front before the next read, so 1 MiB (~300 lines of 3 KB)
 * makes that move and the read call negligible. It grows to the longest line (<= cap). */
#define LINE_BUF ((size_t)1 << 20)
/* Binary sniffing looks at the first 8 KiB, like grep and git do. */
#define SNIFF_BYTES ((size_t)8192)
/* More than 30% control bytes in the sniff window: binary (text has ~0% besides \t\n\r\f). */
#define CTRL_PERCENT 30
/* Titles are for display in reports (see make_title). A first line up to 150 bytes without
 * final punctuation is a headline (news headlines run 40-120 bytes); a line of at most 10
 * words and 80 bytes is one even with punctuation ("Is Kaspersky safe?"). */
#define TITLE_HEADING_MAX 150
#define TITLE_SHORT_WORDS 10
#define TITLE_SHORT_BYTES 80
/* A title made from the first sentence is at most 100 bytes including the "…": one line
 * in a report table. */
#define TITLE_SENTENCE_MAX 100
/* A byline ("By Andrei Soldatov and Irina Borogan") has at most 8 words. */
#define BYLINE_WORDS 8
/* A first line shorter than this is never taken for the start of a hard-wrapped paragraph. */
#define TITLE_WRAP_MIN 40
/* Bytes looked at: the first lines, and the first paragraph given to the sentence splitter. */
#define TITLE_SCAN_MAX ((size_t)64 * 1024)
#define TITLE_PARA_MAX ((size_t)2048)
/* Batched reading (io_uring): up to URING_FILES files are opened in one system call, then
 * read and closed in another, instead of four system calls each (open, fstat, read, close:
 * ~1.2 us apiece on a VM, 40% of the sketch pass on 4 KB files). A file that fills its
 * URING_BUF bytes is read the usual way. 64 x 32 KiB = 2 MiB of buffers. */
#define URING_FILES 64
#define URING_BUF ((size_t)32 * 1024)

/* ---- types ----------------------------------------------------------------------- */

typedef struct fentry {
	char *path;
	const uint8_t *mem; /* non-NULL: an in-memory file (crp_read_buffer) */
	size_t mem_len;
	bool regular;       /* known to be a regular file (walk or stat): batch reading is safe */
	size_t first_doc;   /* index of its first document on the first pass */
	size_t ndocs;       /* documents it gave on the first pass */
} fentry;

/* This process's part of each file in a distributed run (crp_set_parts); NULL: all. */
typedef crp_part fpart;

/* Files read ahead in one batch (see URING_FILES). */
typedef struct batchread {
#ifdef OVL_HAVE_URING
	struct io_uring ring;
#endif
	int state;          /* 0 not tried, 1 ready, -1 unavailable: files are read one by one */
	bool ring_up;       /* the ring exists (torn down at crp_free, before buf is freed) */
	uint8_t *buf;       /* URING_FILES * URING_BUF */
	size_t first, n;    /* files [first, first + n) are in the batch */
	int32_t len[URING_FILES]; /* bytes of file first + k, or -1: read it the usual way */
} batchread;

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
	uint8_t *raw;  /* CHUNK bytes, the byte source's raw buffer (reused across files) */
	uint8_t *cbuf; /* JSON Lines: decoded bytes; [cpos, clen) not yet handed out */
	size_t cpos, clen, ccap;
	size_t cscan;  /* bytes after cpos already known to hold no '\n' */
	bool ceof;     /* the source is exhausted: clen is final */
	const uint8_t *line; /* the current line, inside cbuf */
	size_t line_len;
	size_t lineno;
	char *scratch; /* the line with its "text" string emptied (parse_line fast path) */
	size_t scratch_cap;
	batchread br;  /* small files read ahead in batches */
	/* document indices (crp_select): the first pass records where each document came
	 * from, so a later pass can go straight to the wanted ones */
	size_t seq;          /* documents handed out on this pass */
	size_t cur_file;     /* index of the file open or being read */
	size_t *doc_line;    /* per document of the first pass: JSONL line, 0 for a file */
	uint64_t *doc_off;   /* per document of the first pass: byte offset of its JSONL line
			      * in the (decoded) file */
	size_t doc_off_cap;
	uint64_t cbase;      /* JSON Lines: offset in the decoded file of cbuf[0] */
	uint64_t line_off;   /* offset of the current line */
	size_t ndocs0, doc_line_cap;
	const uint8_t *want; /* selection of this pass, or NULL */
	size_t nwant;
	size_t sel_i;        /* JSON Lines under a selection: next document index of the file */
	/* the folder of the last file opened, kept open: files are opened relative to it,
	 * so the kernel walks one path component instead of every one (~5% of reading) */
	int dirfd;     /* -1: none */
	char *dir;     /* its path as given (without the trailing '/') */
	size_t dir_len, dir_cap;
	fpart *parts;  /* crp_set_parts: per file, the part this reader hands out; NULL: all */
	uint64_t part_end; /* JSON Lines: lines starting at or past this offset are not ours */
	bool quiet;    /* opening a file whose part starts past 0: another process warns */
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
	if (!r->o.warn || r->pass > 0 || r->quiet)
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

/* NUL in the window, too many control bytes, or an image/archive signature. One pass over
 * at most SNIFF_BYTES: memchr for NUL, then a branch-free count that gcc vectorises (this
 * ran once per file and was 10-35% of reading a folder of articles as a per-byte branch). */
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
	if (memchr(t, 0, n))
		return true;
	/* control bytes: < 0x20 except \t \n \f \r (0x09, 0x0a, 0x0c, 0x0d), and DEL */
	size_t ctrl = 0;
	for (size_t i = 0; i < n;) {
		/* byte-wide counts over blocks of 255 bytes: 16 or 32 lanes per instruction */
		size_t end = n - i > 255 ? i + 255 : n;
		uint8_t cnt = 0;
		for (; i < end; i++) {
			uint8_t c = t[i];
			uint8_t low = c < 0x20;
			uint8_t ok = (c == '\t') | (c == '\n') | (c == '\f') | (c == '\r');
			cnt = (uint8_t)(cnt + ((low & (ok ^ 1)) | (c == 0x7f)));
		}
		ctrl += cnt;
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

/* The next line of t[*i..n) holding more than white space, trimmed: [*a, *b). *i moves past
 * it. @return false when no such line is left. */
static bool next_text_line(const uint8_t *t, size_t n, size_t *i, size_t *a, size_t *b)
{
	while (*i < n) {
		const uint8_t *nl = memchr(t + *i, '\n', n - *i);
		size_t e = nl ? (size_t)(nl - t) : n;
		size_t x = *i, y = e, k;
		*i = nl ? e + 1 : n;
		while (x < y && (k = space_at(t + x, y - x)) > 0)
			x += k;
		while (y > x && (k = space_before(t + x, y - x)) > 0)
			y -= k;
		if (y > x) {
			*a = x;
			*b = y;
			return true;
		}
	}
	return false;
}

static size_t count_words(const uint8_t *t, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += !is_space(t[i]) && (i == 0 || is_space(t[i - 1]));
	return w;
}

/* Ends with . ! ? (or … ), possibly followed by closing quotes or brackets. */
static bool ends_sentence(const uint8_t *t, size_t n)
{
	for (;;) {
		if (n >= 3 && (memcmp(t + n - 3, "\xe2\x80\x9d", 3) == 0 || /* ” */
			       memcmp(t + n - 3, "\xe2\x80\x99", 3) == 0)) { /* ’ */
			n -= 3;
		} else if (n >= 2 && memcmp(t + n - 2, "\xc2\xbb", 2) == 0) { /* » */
			n -= 2;
		} else if (n >= 1 && strchr("\"')]", t[n - 1]) && t[n - 1]) {
			n -= 1;
		} else {
			break;
		}
	}
	if (n >= 3 && memcmp(t + n - 3, "\xe2\x80\xa6", 3) == 0)
		return true;
	return n >= 1 && (t[n - 1] == '.' || t[n - 1] == '!' || t[n - 1] == '?');
}

/* "By Andrei Soldatov and Irina Borogan", "Von Anna Schmidt", "Par Jean Dupont": By, Von or
 * Par (any case), then a word starting with a capital (or a non-ASCII letter), at most
 * BYLINE_WORDS words, no final sentence punctuation. */
static bool is_byline(const uint8_t *t, size_t n)
{
	size_t k;
	if (n >= 3 && strncasecmp((const char *)t, "by ", 3) == 0)
		k = 3;
	else if (n >= 4 && (strncasecmp((const char *)t, "von ", 4) == 0 ||
			    strncasecmp((const char *)t, "par ", 4) == 0))
		k = 4;
	else
		return false;
	while (k < n && is_space(t[k]))
		k++;
	if (k == n || !((t[k] >= 'A' && t[k] <= 'Z') || t[k] >= 0x80))
		return false;
	return count_words(t, n) <= BYLINE_WORDS && !ends_sentence(t, n);
}

/* Copy t[0..n) with every run of white space (line breaks, NO-BREAK SPACE and other
 * Unicode spaces included) as one ASCII space. */
static char *collapse_space(const uint8_t *t, size_t n, size_t *outn)
{
	char *o = xmalloc(n + 4); /* + room for "…" and the NUL */
	size_t m = 0, k;
	for (size_t i = 0; i < n;) {
		k = t[i] == '\n' ? 1 : space_at(t + i, n - i);
		if (k > 0) {
			if (m > 0 && o[m - 1] != ' ')
				o[m++] = ' ';
			i += k;
			continue;
		}
		o[m++] = (char)t[i++];
	}
	while (m > 0 && o[m - 1] == ' ')
		m--;
	o[m] = '\0';
	*outn = m;
	return o;
}

/* A display title for a text without one:
 *  - a leading BOM and blank lines are skipped, and so is a first line that is a byline;
 *  - the first line is the title when it looks like a headline (TITLE_HEADING_MAX bytes
 *    without final punctuation, or TITLE_SHORT_WORDS words in TITLE_SHORT_BYTES bytes);
 *  - otherwise the first sentence of the first paragraph (sentence.c), its line breaks
 *    made spaces, cut at a word boundary (or, in one giant word, at a character boundary)
 *    to at most TITLE_SENTENCE_MAX bytes ending in "…".
 * The text is cut at a NUL first. NULL when there is no non-blank line. */
static char *make_title(const uint8_t *t, size_t n)
{
	if (n > TITLE_SCAN_MAX)
		n = TITLE_SCAN_MAX;
	const uint8_t *nul = memchr(t, 0, n);
	if (nul)
		n = (size_t)(nul - t);
	size_t i = 0, a, b;
	if (n >= 3 && t[0] == 0xef && t[1] == 0xbb && t[2] == 0xbf)
		i = 3;
	if (!next_text_line(t, n, &i, &a, &b))
		return NULL;
	if (is_byline(t + a, b - a)) {
		size_t a2, b2;
		if (next_text_line(t, n, &i, &a2, &b2)) {
			a = a2;
			b = b2;
		}
	}
	size_t len = b - a, m;
	/* A hard-wrapped paragraph is not a headline: its first line ends with a comma, or the
	 * line right after it goes on in lower case (checked for lines of more than
	 * TITLE_WRAP_MIN bytes: wrapped prose fills 60-80 columns, a "# heading" does not). */
	size_t na, nb, ni = i;
	bool wrapped = t[b - 1] == ',' || t[b - 1] == ';';
	if (!wrapped && len > TITLE_WRAP_MIN && next_text_line(t, n, &ni, &na, &nb) && t[na] >= 'a' && t[na] <= 'z') {
		size_t nls = 0; /* line breaks between the two lines: 1 = adjacent */
		for (size_t k = b; k < na; k++)
			nls += t[k] == '\n';
		wrapped = nls == 1;
	}
	if (!wrapped &&
	    ((len <= TITLE_HEADING_MAX && !ends_sentence(t + a, len)) ||
	     (len <= TITLE_SHORT_BYTES && count_words(t + a, len) <= TITLE_SHORT_WORDS)))
		return collapse_space(t + a, len, &m);

	/* The first paragraph: up to a blank line, at most TITLE_PARA_MAX bytes. */
	size_t pe = b, j = b;
	while (pe - a < TITLE_PARA_MAX && j < n) {
		const uint8_t *nl = memchr(t + j, '\n', n - j);
		size_t e = nl ? (size_t)(nl - t) : n;
		size_t x = j, k;
		while (x < e && (k = space_at(t + x, e - x)) > 0)
			x += k;
		if (x == e && j > b) /* a blank line (j > b: not the end of the first line) */
			break;
		pe = e;
		j = nl ? e + 1 : n;
	}
	if (pe - a > TITLE_PARA_MAX)
		pe = a + TITLE_PARA_MAX;
	sent *sv = NULL;
	size_t scap = 0;
	size_t ss = 0, se = len;
	if (sent_split(t + a, pe - a, &sv, &scap) > 0) {
		ss = sv[0].start;
		se = sv[0].end;
	}
	free(sv);
	char *o = collapse_space(t + a + ss, se - ss, &m);
	if (m <= TITLE_SENTENCE_MAX)
		return o;
	size_t cut = TITLE_SENTENCE_MAX - 3; /* room for "…" */
	size_t sp = cut;
	while (sp > 0 && o[sp] != ' ')
		sp--;
	if (sp > 0) {
		cut = sp;
	} else {
		/* o[cut] is the first byte left out: back up over a split character */
		for (int step = 0; step < 3 && cut > 0 && ((uint8_t)o[cut] & 0xc0) == 0x80; step++)
			cut--;
	}
	while (cut > 0 && strchr(" ,;:", o[cut - 1]))
		cut--;
	memcpy(o + cut, "\xe2\x80\xa6", 4); /* "…" and the NUL */
	return o;
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
	if (s->raw_eof)
		return 0;
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
	memset(s, 0, sizeof *s); /* s->raw belongs to the reader */
	s->fd = -1;
}

/* ---- reading one file ------------------------------------------------------------ */

static void close_cur(crp_reader *r)
{
	src_close(&r->s);
	r->open = false;
	r->cur = NULL;
}

/* Length of path's folder part (before its last '/'), or 0 when it has none that a file
 * could be opened relative to ("name", "/name", "dir/"). */
static size_t dir_part(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash != path && slash[1] != '\0' ? (size_t)(slash - path) : 0;
}

/* The name to open path by relative to r->dirfd when path is in that folder, else NULL. */
static const char *in_dir(const crp_reader *r, const char *path)
{
	size_t dl = dir_part(path);
	if (r->dirfd < 0 || dl == 0 || r->dir_len != dl || memcmp(r->dir, path, dl) != 0)
		return NULL;
	return path + dl + 1;
}

/* Keep path's folder open in r->dirfd (files in it are then opened relative to it). */
static void dir_cache(crp_reader *r, const char *path)
{
	size_t dl = dir_part(path);
	if (dl == 0 || in_dir(r, path))
		return;
	if (r->dirfd >= 0)
		close(r->dirfd);
	XGROW(r->dir, r->dir_cap, dl + 1);
	memcpy(r->dir, path, dl);
	r->dir[dl] = '\0';
	r->dir_len = dl;
#ifdef O_PATH
	r->dirfd = open(r->dir, O_PATH | O_DIRECTORY | O_CLOEXEC); /* needs no read right */
#else
	r->dirfd = open(r->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#endif
}

/* Open a file for reading, relative to the cached folder fd when it is the same folder. */
static int open_file(crp_reader *r, const char *path)
{
	dir_cache(r, path);
	const char *rel = in_dir(r, path);
	return rel ? openat(r->dirfd, rel, O_RDONLY | O_CLOEXEC) : open(path, O_RDONLY | O_CLOEXEC);
}

/* Whether a pass with a selection (crp_select) needs file f at all; always without one. */
static bool file_wanted(const crp_reader *r, const fentry *f)
{
	if (r->parts && !r->parts[f - r->files].take)
		return false;
	if (!r->want)
		return true;
	for (size_t i = f->first_doc; i < f->first_doc + f->ndocs && i < r->nwant; i++)
		if (r->want[i])
			return true;
	return false;
}

/* ---- batched reading -------------------------------------------------------------- */

#ifdef OVL_HAVE_URING
/* Whether file i can be read in a batch: a regular file on disk that is not JSON Lines
 * (those are streamed). */
static bool batchable(const crp_reader *r, size_t i)
{
	const fentry *f = &r->files[i];
	if (f->mem || !f->regular || !file_wanted(r, f))
		return false;
	bool known, jsonl;
	stem_len(base_name(f->path), &known, &jsonl);
	return !jsonl;
}

/* Submit what is queued and reap `want` completions: res[user_data] = result.
 * @return false when the ring failed (the caller gives up batching). */
static bool ring_run(struct io_uring *ring, unsigned want, int32_t *res, size_t nres)
{
	int rc;
	do
		rc = io_uring_submit(ring);
	while (rc == -EINTR);
	if (rc < 0 || (unsigned)rc != want)
		return false;
	unsigned got = 0;
	while (got < want) {
		struct io_uring_cqe *cqe;
		do
			rc = io_uring_wait_cqe(ring, &cqe);
		while (rc == -EINTR); /* a signal while waiting: the operations go on */
		if (rc != 0)
			return false;
		if (cqe->user_data < nres)
			res[cqe->user_data] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
		got++;
	}
	return true;
}

/* Read files [from, from + n) into the batch. Files that cannot be opened, fail to read or
 * fill their buffer get len -1 and are read the usual way (with the usual warnings). */
static void batch_load(crp_reader *r, size_t from, size_t n)
{
	batchread *b = &r->br;
	int32_t fd[URING_FILES], res[2 * URING_FILES];
	unsigned nopen = 0;
	b->first = from;
	b->n = n;
	/* round 1: open every batchable file (relative to the cached folder when in it) */
	for (size_t k = 0; k < n; k++) {
		b->len[k] = -1;
		fd[k] = -1;
		if (!batchable(r, from + k))
			continue;
		const char *path = r->files[from + k].path;
		if (nopen == 0)
			dir_cache(r, path);
		const char *rel = in_dir(r, path);
		struct io_uring_sqe *sqe = io_uring_get_sqe(&b->ring);
		if (!sqe)
			break;
		io_uring_prep_openat(sqe, rel ? r->dirfd : AT_FDCWD, rel ? rel : path,
				     O_RDONLY | O_CLOEXEC, 0);
		sqe->user_data = k;
		res[k] = -1;
		nopen++;
	}
	if (nopen == 0)
		return;
	if (!ring_run(&b->ring, nopen, res, n)) {
		b->state = -1;
		return;
	}
	/* round 2: read each opened file whole (up to URING_BUF) and close it; a hard link
	 * keeps the close after the read even when the read is short */
	unsigned nops = 0;
	for (size_t k = 0; k < n; k++) {
		if (!batchable(r, from + k) || res[k] < 0)
			continue;
		fd[k] = res[k];
		struct io_uring_sqe *rd = io_uring_get_sqe(&b->ring);
		struct io_uring_sqe *cl = rd ? io_uring_get_sqe(&b->ring) : NULL;
		if (!cl) { /* cannot happen with a ring of 2 * URING_FILES entries */
			close(fd[k]);
			continue;
		}
		io_uring_prep_read(rd, fd[k], b->buf + k * URING_BUF, (unsigned)URING_BUF, 0);
		rd->flags |= IOSQE_IO_HARDLINK;
		rd->user_data = k;
		io_uring_prep_close(cl, fd[k]);
		cl->user_data = URING_FILES + k;
		res[k] = -1;
		nops += 2;
	}
	if (nops == 0)
		return;
	if (!ring_run(&b->ring, nops, res, 2 * URING_FILES)) {
		/* The ring is broken (it does not happen in practice): read one by one from now
		 * on. Files it opened may stay open (at most URING_FILES, once): closing them here
		 * could close a descriptor that one of its own close operations already freed
		 * and something else reused. Every len is still -1 (set in round 1). */
		b->state = -1;
		return;
	}
	for (size_t k = 0; k < n; k++)
		if (fd[k] >= 0 && res[k] >= 0 && (size_t)res[k] < URING_BUF) {
			b->len[k] = res[k]; /* short read of a regular file: all of it */
			OVL_MARK_DEFINED(b->buf + k * URING_BUF, (size_t)res[k]);
		}
}
#endif

/* The bytes of file i when a batch read holds them, else NULL. Starts a new batch when i
 * is past the current one. */
static const uint8_t *batch_get(crp_reader *r, size_t i, size_t *len)
{
#ifdef OVL_HAVE_URING
	batchread *b = &r->br;
	if (b->state == 0) {
		const char *off = getenv("OVERLAP_NO_URING");
		b->state = -1;
		if (!(off && *off && strcmp(off, "0") != 0) &&
		    io_uring_queue_init(2 * URING_FILES, &b->ring, 0) == 0) {
			b->buf = xmalloc(URING_FILES * URING_BUF);
			b->state = 1;
			b->ring_up = true;
		}
	}
	if (b->state != 1 || !batchable(r, i))
		return NULL;
	if (i < b->first || i >= b->first + b->n) {
		size_t n = r->nfiles - i < URING_FILES ? r->nfiles - i : URING_FILES;
		batch_load(r, i, n);
		if (b->state != 1)
			return NULL;
	}
	int32_t l = b->len[i - b->first];
	if (l < 0)
		return NULL;
	*len = (size_t)l;
	return b->buf + (i - b->first) * URING_BUF;
#else
	(void)r;
	(void)i;
	(void)len;
	return NULL;
#endif
}

/* Open f, sniff gzip. For JSON Lines also read the first chunk and check for binary.
 * @return 0 (r->open set), or -1 after a warning. */
static int open_cur_all(crp_reader *r, const fentry *f);
static void jsonl_jump(crp_reader *r, size_t line, uint64_t off);

/* Open f for reading; in a distributed run, only this reader's part of it (crp_set_parts):
 * a JSON Lines part starting past 0 goes straight to its first line, and problems of the
 * whole file (binary, unreadable) are said by the process holding its start alone. */
static int open_cur(crp_reader *r, const fentry *f)
{
	const fpart *p = r->parts ? &r->parts[f - r->files] : NULL;
	r->part_end = p ? p->end : UINT64_MAX;
	r->quiet = p && p->start > 0;
	int rc = open_cur_all(r, f);
	r->quiet = false;
	if (rc == 0 && r->jsonl && p && p->start > 0) {
		jsonl_jump(r, p->line, p->start);
		if (r->lineno + 1 != p->line || r->cbase + r->cpos != p->start) {
			close_cur(r); /* cannot reach the part (gzip, a pipe): not ours to read */
			return -1;
		}
	}
	return rc;
}

static int open_cur_all(crp_reader *r, const fentry *f)
{
	src *s = &r->s;
	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->cap = r->o.max_inflate;
	r->cur_size = -1;
	bool known;
	stem_len(base_name(f->path), &known, &r->jsonl);
	size_t blen = 0;
	const uint8_t *bytes = f->mem ? NULL : batch_get(r, (size_t)(f - r->files), &blen);
	if (f->mem || bytes) {
		/* in memory: crp_read_buffer's bytes, or read in a batch (batch_get) */
		s->mem = f->mem ? f->mem : bytes;
		s->mem_len = f->mem ? f->mem_len : blen;
		r->cur_size = (off_t)s->mem_len;
	} else {
		s->fd = open_file(r, f->path);
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
	s->raw = r->raw;
	/* Two bytes tell gzip; from a file, read a whole chunk while at it. Bytes in memory
	 * are only peeked at, so they are later copied once, straight to the document. */
	while (s->raw_len < 2) {
		ssize_t k = raw_read(s, s->raw + s->raw_len, (s->fd < 0 ? 2 : CHUNK) - s->raw_len);
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
	/* A regular file read short and exactly to its fstat size is at its end: remember it,
	 * so the common small file costs no second read() that returns 0. */
	if (s->fd >= 0 && r->cur_size >= 0 && s->raw_len < CHUNK &&
	    (uint64_t)s->raw_len == (uint64_t)r->cur_size)
		s->raw_eof = true;
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
	r->cscan = 0;
	r->ceof = false;
	r->lineno = 0;
	r->cbase = 0;
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

/* A text buffer of at least n bytes in doc, reusing the one it holds when large enough
 * (contents not kept). A new buffer is rounded up to a power of two (at least 4 KiB), so
 * a reused doc settles after a few sizes instead of reallocating for each larger one. */
static uint8_t *doc_text_buffer(crp_doc *doc, size_t n)
{
	if (!doc->text || doc->text_cap < n) {
		size_t c = 4096;
		while (c < n && c <= SIZE_MAX / 2)
			c *= 2;
		if (c < n)
			c = n;
		free(doc->text);
		doc->text = xmalloc(c);
		doc->text_cap = c;
	}
	return doc->text;
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
	/* Plain regular file: its size is known, so one buffer usually suffices; the buffer
	 * is the one doc already holds when it is large enough. On a skip it stays in doc. */
	size_t bcap = CHUNK;
	if (!s->gz && r->cur_size >= 0)
		bcap = (size_t)r->cur_size + 1;
	if (bcap > limit + 1)
		bcap = limit + 1;
	if (doc->text && doc->text_cap > bcap + 1)
		bcap = doc->text_cap - 1;
	uint8_t *buf = doc_text_buffer(doc, bcap + 1);
	size_t len = 0;
	bool sniffed = false;
	for (;;) {
		if (len == bcap) {
			bcap = bcap > (limit + 1) / 2 ? limit + 1 : bcap * 2;
			buf = doc->text = xrealloc(buf, bcap + 1);
			doc->text_cap = bcap + 1;
		}
		ssize_t k = src_read(s, buf + len, bcap - len);
		if (k < 0) {
			warnf(r, path, 0, "%s, skipped", s->err);
			return 0;
		}
		if (k == 0)
			break;
		len += (size_t)k;
		if (len > limit) {
			warnf(r, path, 0, "document larger than the %s cap, skipped", cap);
			return 0;
		}
		if (!sniffed && len >= SNIFF_BYTES) {
			sniffed = true;
			if (looks_binary(buf, len)) {
				warnf(r, path, 0, "binary file, skipped");
				return 0;
			}
		}
	}
	if (!sniffed && looks_binary(buf, len)) {
		warnf(r, path, 0, "binary file, skipped");
		return 0;
	}
	if (!has_content(buf, len)) {
		warnf(r, path, 0, "empty document, skipped");
		return 0;
	}
	if (s->trailing)
		warnf(r, path, 0, "trailing garbage after gzip data ignored");
	buf[len] = '\0';
	doc->id = file_id(path);
	doc->path = xstrdup(path);
	doc->line = 0;
	doc->nbytes = len;
	doc->title = r->want ? NULL : make_title(buf, len);
	return 1;
}

/* Next line into r->line / r->line_len (without '\n'; it points into cbuf and stays valid
 * until the next call). Lines longer than max_doc_bytes are skipped without being held.
 * @return 1 a line, 2 a line over the cap, 0 end, -1 source error. */
static int next_line(crp_reader *r)
{
	size_t limit = r->o.max_doc_bytes;
	bool too_long = false;
	if (r->cbase + r->cpos >= r->part_end)
		return 0; /* the next line starts in another process's part */
	for (;;) {
		size_t avail = r->clen - r->cpos;
		const uint8_t *start = r->cbuf + r->cpos;
		const uint8_t *nl = NULL;
		if (avail > r->cscan)
			nl = memchr(start + r->cscan, '\n', avail - r->cscan);
		if (nl || (r->ceof && avail > 0)) {
			size_t len = nl ? (size_t)(nl - start) : avail;
			r->line_off = r->cbase + r->cpos;
			r->cpos += len + (nl ? 1 : 0);
			r->cscan = 0;
			r->lineno++;
			if (too_long || len > limit)
				return 2;
			r->line = start;
			r->line_len = len;
			return 1;
		}
		if (r->ceof) {
			if (!too_long)
				return 0;
			r->lineno++; /* a dropped over-long last line without '\n' */
			return 2;
		}
		/* No newline in [cpos, clen): keep the partial line, unless it is already over
		 * the cap (then drop it and remember), and read more behind it. */
		if (avail > limit) {
			too_long = true;
			avail = 0;
		}
		if (r->cpos > 0 && avail > 0)
			memmove(r->cbuf, r->cbuf + r->cpos, avail);
		r->cbase += r->clen - avail; /* what was before cbuf + clen - avail is gone */
		r->cpos = 0;
		r->clen = avail;
		r->cscan = avail;
		if (r->clen == r->ccap) {
			/* a line longer than the buffer: grow towards limit + 1 bytes */
			size_t ncap = r->ccap > (limit + 1) / 2 ? limit + 1 : r->ccap * 2;
			r->cbuf = xrealloc(r->cbuf, ncap);
			r->ccap = ncap;
		}
		ssize_t k = src_read(&r->s, r->cbuf + r->clen, r->ccap - r->clen);
		if (k < 0)
			return -1;
		if (k == 0)
			r->ceof = true;
		r->clen += (size_t)k;
	}
}

static char *opt_string(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* ---- JSON Lines fast path ---------------------------------------------------------- */

/* jansson builds every string byte by byte (~40 MB/s here) and a news line is ~97% "text".
 * So parse_line first scans the line for the top-level "text" member and decodes its string
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
static json_t *parse_fast(crp_reader *r, const char *t, size_t n, crp_doc *doc, size_t *tn)
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
			dec = doc_text_buffer(doc, n - i + 1);
			vs = i;
			ve = js_decode_str((const uint8_t *)t, n, i, dec, tn);
			i = ve;
		} else {
			i = js_skip_value(t, n, i);
		}
		if (i == 0)
			goto slow;
		i = js_ws(t, n, i);
		if (i < n && t[i] == ',') {
			i = js_ws(t, n, i + 1);
			continue;
		}
		if (i < n && t[i] == '}')
			break;
		goto slow;
	}
	if (!dec)
		goto slow;
	size_t m = vs + 2 + (n - ve);
	if (m > r->scratch_cap)
		XGROW(r->scratch, r->scratch_cap, m);
	memcpy(r->scratch, t, vs);
	memcpy(r->scratch + vs, "\"\"", 2);
	memcpy(r->scratch + vs + 2, t + ve, n - ve);
	json_error_t jerr;
	json_t *root = json_loadb(r->scratch, m, 0, &jerr);
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
	size_t val, vlen;  /* 's': decoded bytes in r->scratch; else the token in t */
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
 * into r->scratch. @return true, or false when the line is outside the subset. */
static bool parse_flat(crp_reader *r, const char *t, size_t n, crp_doc *doc, size_t *tn,
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
	if (n + 1 > r->scratch_cap)
		XGROW(r->scratch, r->scratch_cap, n + 1);
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
			uint8_t *dec = doc_text_buffer(doc, n - i + 1);
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
				e = js_decode_str((const uint8_t *)t, n, i, (uint8_t *)r->scratch + sc, &dn);
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
		i = js_ws(t, n, i);
		if (i < n && t[i] == ',') {
			i = js_ws(t, n, i + 1);
			continue;
		}
		if (i < n && t[i] == '}')
			break;
		return false;
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
static char *flat_string(const crp_reader *r, const char *t, const flat_member *m, size_t nm,
			 const char *key)
{
	const flat_member *f = flat_get(t, m, nm, key);
	return f && f->type == 's' ? xstrndup(r->scratch + f->val, f->vlen) : NULL;
}

static int flat_key_cmp(const char *t, const flat_member *a, const flat_member *b)
{
	size_t k = a->klen < b->klen ? a->klen : b->klen;
	int c = memcmp(t + a->key, t + b->key, k);
	return c ? c : (a->klen > b->klen) - (a->klen < b->klen);
}

/* The metadata as jansson's JSON_COMPACT | JSON_SORT_KEYS dump of the members. Owned. */
static char *flat_meta(const crp_reader *r, const char *t, flat_member *m, size_t nm)
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
			flat_put_str(&out, &len, &cap, r->scratch + m[j].val, m[j].vlen);
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

/* parse_line for a line parse_flat took. @return as parse_line. */
static int parse_line_flat(crp_reader *r, crp_doc *doc, const char *t, size_t tn,
			   flat_member *m, size_t nm)
{
	const char *path = r->cur->path;
	size_t ln = r->lineno;
	const flat_member *id = flat_get(t, m, nm, "id");
	char *ids = NULL;
	if (id && id->type == 's') {
		ids = xstrndup(r->scratch + id->val, id->vlen);
	} else if (id && id->type == 'i') {
		ids = xstrndup(t + id->val, id->vlen); /* as "%lld" prints it: canonical digits */
	} else {
		warnf(r, path, ln, "%s \"id\", skipped", id ? "non-string" : "missing");
		return 0;
	}
	if (ids[0] == '\0') {
		warnf(r, path, ln, "empty \"id\", skipped");
		free(ids);
		return 0;
	}
	if (!has_content(doc->text, tn)) {
		warnf(r, path, ln, "empty document, skipped");
		free(ids);
		return 0;
	}
	doc->id = ids;
	doc->path = xstrdup(path);
	doc->line = ln;
	doc->nbytes = tn;
	doc->title = r->want ? NULL : flat_string(r, t, m, nm, "title");
	if (!doc->title && !r->want)
		doc->title = make_title(doc->text, tn);
	doc->source = flat_string(r, t, m, nm, "source");
	doc->date = flat_string(r, t, m, nm, "date");
	doc->url = flat_string(r, t, m, nm, "url");
	doc->meta_json = flat_meta(r, t, m, nm);
	return 1;
}

/* One JSONL line -> doc. @return 1 a document, 0 skipped (blank or warned). */
static int parse_line(crp_reader *r, crp_doc *doc)
{
	const char *path = r->cur->path;
	size_t ln = r->lineno;
	const char *t = (const char *)r->line;
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
	size_t fast_n = 0;
	if (!r->o.jsonl_reference) {
		flat_member m[FLAT_MAX_MEMBERS];
		size_t nm = 0;
		if (parse_flat(r, t, n, doc, &fast_n, m, &nm))
			return parse_line_flat(r, doc, t, fast_n, m, nm);
	}
	json_t *root = r->o.jsonl_reference ? NULL : parse_fast(r, t, n, doc, &fast_n);
	const uint8_t *fast_text = root ? doc->text : NULL; /* decoded in place */
	if (!root) {
		json_error_t jerr;
		root = json_loadb(t, n, 0, &jerr);
		if (!root) {
			warnf(r, path, ln, "invalid JSON: %s (column %d), skipped", jerr.text,
			      jerr.column);
			return 0;
		}
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
	const uint8_t *tv = fast_text ? fast_text : (const uint8_t *)json_string_value(text);
	size_t tn = fast_text ? fast_n : json_string_length(text);
	if (!has_content(tv, tn)) {
		warnf(r, path, ln, "empty document, skipped");
		free(ids);
		goto out;
	}
	doc->id = ids;
	doc->path = xstrdup(path);
	doc->line = ln;
	if (!fast_text) {
		memcpy(doc_text_buffer(doc, tn + 1), tv, tn);
		doc->text[tn] = '\0';
	}
	doc->nbytes = tn;
	doc->title = r->want ? NULL : opt_string(root, "title");
	if (!doc->title && !r->want)
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

/* Go straight to line `line`, which starts at decoded offset off, when that is ahead:
 * inside the buffer by moving the cursor, past it (a plain file: no gzip) by seeking, so
 * the lines in between are neither read nor scanned. Otherwise nothing (the caller scans). */
static void jsonl_jump(crp_reader *r, size_t line, uint64_t off)
{
	if (line <= r->lineno + 1 || off < r->cbase + r->cpos)
		return;
	if (off <= r->cbase + r->clen) {
		r->cpos = (size_t)(off - r->cbase);
		r->cscan = 0;
		r->lineno = line - 1;
		return;
	}
	src *s = &r->s;
	if (s->fd < 0 || s->gz || off > (uint64_t)INT64_MAX ||
	    lseek(s->fd, (off_t)off, SEEK_SET) != (off_t)off)
		return;
	s->raw_pos = s->raw_len = 0;
	s->raw_eof = false;
	r->cpos = r->clen = r->cscan = 0;
	r->ceof = false;
	r->cbase = off;
	r->lineno = line - 1;
}

/* Next wanted document of the open JSONL file under a selection: lines before it are only
 * counted (every line is still scanned for its '\n'), not parsed. No warnings: this is a
 * later pass. @return 1 a document (doc->index set), 0 the file is finished for us. */
static int jsonl_next_selected(crp_reader *r, crp_doc *doc)
{
	const fentry *f = &r->files[r->cur_file];
	size_t end = f->first_doc + f->ndocs;
	while (r->sel_i < end) {
		if (r->sel_i >= r->nwant || !r->want[r->sel_i]) {
			r->sel_i++;
			continue;
		}
		size_t target = r->doc_line[r->sel_i];
		jsonl_jump(r, target, r->doc_off[r->sel_i]);
		int lr = 0;
		while (r->lineno < target) {
			lr = next_line(r);
			if (lr <= 0)
				return 0;
		}
		size_t idx = r->sel_i++;
		if (r->lineno == target && lr == 1 && parse_line(r, doc) == 1) {
			doc->index = idx;
			return 1;
		}
		/* the line no longer gives a document (the input changed): the caller finds
		 * one document missing */
	}
	return 0;
}

/* ---- folder walk ----------------------------------------------------------------- */

static void add_file(crp_reader *r, const char *path, const uint8_t *mem, size_t mem_len,
		     bool regular)
{
	XGROW(r->files, r->files_cap, r->nfiles + 1);
	r->files[r->nfiles] = (fentry){ .path = xstrdup(path), .mem = mem, .mem_len = mem_len,
					.regular = regular };
	r->nfiles++;
}

static bool devino_in(const devino *v, size_t n, const struct stat *st)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].dev == st->st_dev && v[i].ino == st->st_ino)
			return true;
	return false;
}

/* Folder entries are stored as one type byte ('f' regular file, '?' anything else or
 * unknown) followed by the name; they sort by name. */
static int cmp_entry(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
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
#ifdef DT_REG
		char type = de->d_type == DT_REG ? 'f' : '?';
#else
		char type = '?';
#endif
		names[nnames++] = xasprintf("%c%s", type, de->d_name);
	}
	closedir(d);
	if (nnames)
		qsort(names, nnames, sizeof *names, cmp_entry);

	size_t dlen = strlen(dir);
	bool slash = dlen > 0 && dir[dlen - 1] == '/';
	for (size_t i = 0; i < nnames; i++) {
		const char *name = names[i] + 1;
		char *full = xasprintf("%s%s%s", dir, slash ? "" : "/", name);
		struct stat cst;
		bool known, jsonl;
		if (names[i][0] == 'f') {
			/* a regular file by its directory entry: no stat() (one system call per
			 * file, ~10% of reading a folder of articles) */
			stem_len(name, &known, &jsonl);
			if (known)
				add_file(r, full, NULL, 0, true);
		} else if (stat(full, &cst) != 0) {
			char buf[128];
			errno_text(errno, buf, sizeof buf);
			warnf(r, full, 0, "%s", buf);
		} else if (S_ISDIR(cst.st_mode)) {
			walk(w, full, &cst);
		} else if (S_ISREG(cst.st_mode)) {
			stem_len(name, &known, &jsonl);
			if (known)
				add_file(r, full, NULL, 0, true);
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
	r->dirfd = -1;
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
	r->ccap = LINE_BUF;
	r->cbuf = xmalloc(r->ccap);
	r->raw = xmalloc(CHUNK);
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
			/* named explicitly: taken whatever its name (a FIFO or device too) */
			add_file(r, paths[i], NULL, 0, S_ISREG(st.st_mode));
		}
	}
	free(w.seen);
	free(w.stack);
	*out = r;
	return 0;
}

/* A document is handed out: give it its index and, on the first pass, remember where it
 * came from. */
static void deliver(crp_reader *r, crp_doc *doc, bool indexed)
{
	if (r->pass == 0) {
		XGROW(r->doc_line, r->doc_line_cap, r->ndocs0 + 1);
		XGROW(r->doc_off, r->doc_off_cap, r->ndocs0 + 1);
		r->doc_off[r->ndocs0] = doc->line ? r->line_off : 0;
		r->doc_line[r->ndocs0++] = doc->line;
		r->files[r->cur_file].ndocs++;
	}
	if (!indexed)
		doc->index = r->seq;
	r->seq++;
}

int crp_next(crp_reader *r, crp_doc *doc, err_ctx *e)
{
	(void)e; /* every problem so far is per file: a warning, never fatal */
	crp_doc_recycle(doc);
	for (;;) {
		if (r->open) {
			if (r->want ? jsonl_next_selected(r, doc) == 1 : jsonl_next(r, doc) == 1) {
				deliver(r, doc, r->want != NULL);
				return 1;
			}
			close_cur(r);
			continue;
		}
		if (r->next >= r->nfiles)
			return 0;
		size_t fi = r->next++;
		fentry *f = &r->files[fi];
		r->cur_file = fi;
		if (r->pass == 0) {
			f->first_doc = r->ndocs0;
			f->ndocs = 0;
		}
		if (r->parts && !r->parts[fi].take)
			continue; /* another process's file */
		if (r->pass > 0 && r->want && !file_wanted(r, f))
			continue;
		if (open_cur(r, f) != 0)
			continue;
		r->sel_i = f->first_doc;
		if (r->jsonl)
			continue;
		int rc = read_plain(r, doc);
		close_cur(r);
		if (rc == 1) {
			if (r->want)
				doc->index = f->first_doc;
			deliver(r, doc, r->want != NULL);
			return 1;
		}
	}
}

void crp_rewind(crp_reader *r)
{
	if (r->open)
		close_cur(r);
	r->br.n = 0; /* the next pass reads its batches afresh */
	r->next = 0;
	r->seq = 0;
	r->want = NULL;
	r->nwant = 0;
	r->pass++;
}

void crp_select(crp_reader *r, const uint8_t *want, size_t n)
{
	r->want = want;
	r->nwant = n;
	r->br.n = 0;
}

size_t crp_nfiles(const crp_reader *r)
{
	return r->nfiles;
}

static void doc_release(crp_doc *doc, bool keep_text)
{
	uint8_t *text = keep_text ? doc->text : NULL;
	size_t text_cap = keep_text && text ? doc->text_cap : 0;
	free(doc->id);
	free(doc->path);
	if (!keep_text)
		free(doc->text);
	free(doc->title);
	free(doc->source);
	free(doc->date);
	free(doc->url);
	free(doc->meta_json);
	memset(doc, 0, sizeof *doc);
	doc->text = text;
	doc->text_cap = text_cap;
}

void crp_doc_clear(crp_doc *doc) { doc_release(doc, false); }

void crp_doc_recycle(crp_doc *doc) { doc_release(doc, true); }

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
	free(r->raw);
	free(r->scratch);
	free(r->doc_line);
	free(r->doc_off);
	free(r->parts);
	if (r->dirfd >= 0)
		close(r->dirfd);
	free(r->dir);
#ifdef OVL_HAVE_URING
	if (r->br.ring_up)
		io_uring_queue_exit(&r->br.ring);
	/* After a ring failure, reads may still be in flight (the kernel ends them after
	 * the ring's close returns): leave their buffer be rather than free it under them. */
	if (!(r->br.ring_up && r->br.state == -1))
#endif
		free(r->br.buf);
	free(r);
}

int crp_read_buffer(const char *name, const uint8_t *data, size_t nbytes, const crp_opts *opts,
		    crp_doc_fn fn, void *ud)
{
	if (!name || (!data && nbytes))
		return OVL_EUSAGE;
	static const uint8_t empty[1] = {0};
	crp_reader *r = reader_new(opts);
	add_file(r, name, data ? data : empty, nbytes, false);
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

/* ---- distributed runs ------------------------------------------------------------- */

int crp_file_info_get(const crp_reader *r, size_t f, crp_file_info *out)
{
	memset(out, 0, sizeof *out);
	if (f >= r->nfiles)
		return OVL_EUSAGE;
	const fentry *fe = &r->files[f];
	out->path = fe->path;
	bool known, jsonl;
	stem_len(base_name(fe->path), &known, &jsonl);
	if (!jsonl || fe->mem)
		return 0;
	int fd = open(fe->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	uint8_t magic[2];
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && pread(fd, magic, 2, 0) == 2 &&
	    !(magic[0] == 0x1f && magic[1] == 0x8b)) {
		out->splittable = true;
		out->nbytes = (uint64_t)st.st_size;
	}
	close(fd);
	return 0;
}

int crp_file_scan(const crp_reader *r, size_t f, uint64_t lo, uint64_t hi, uint64_t *nnl,
		  uint64_t *first_start)
{
	*nnl = 0;
	*first_start = hi;
	if (f >= r->nfiles || lo >= hi)
		return lo >= hi ? 0 : OVL_EUSAGE;
	int fd = open(r->files[f].path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return OVL_EIO;
	enum { SCAN_CHUNK = 1 << 20 };
	uint8_t *buf = xmalloc(SCAN_CHUNK);
	bool found = lo == 0;
	if (found)
		*first_start = 0;
	uint64_t pos = lo == 0 ? 0 : lo - 1; /* the byte before lo says whether a line starts at lo */
	int rc = 0;
	while (pos < hi) {
		size_t want = hi - pos < SCAN_CHUNK ? (size_t)(hi - pos) : SCAN_CHUNK;
		ssize_t k = pread(fd, buf, want, (off_t)pos);
		if (k <= 0) {
			rc = k < 0 ? OVL_EIO : 0; /* shorter than hi: the file shrank */
			break;
		}
		for (const uint8_t *p = buf, *end = buf + k; p < end;) {
			const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				break;
			uint64_t at = pos + (uint64_t)(nl - buf);
			if (at >= lo)
				(*nnl)++;
			if (!found && at + 1 >= lo) {
				found = true;
				*first_start = at + 1 < hi ? at + 1 : hi;
			}
			p = nl + 1;
		}
		pos += (uint64_t)k;
	}
	free(buf);
	close(fd);
	return rc;
}

void crp_set_parts(crp_reader *r, const crp_part *parts)
{
	free(r->parts);
	r->parts = NULL;
	if (!parts)
		return;
	r->parts = xmalloc((r->nfiles ? r->nfiles : 1) * sizeof *r->parts);
	memcpy(r->parts, parts, r->nfiles * sizeof *r->parts);
}

size_t crp_file_ndocs(const crp_reader *r, size_t f)
{
	return f < r->nfiles ? r->files[f].ndocs : 0;
}
