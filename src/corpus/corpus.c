/* corpus.c - PATH arguments -> a stream of documents (see corpus.h): the reader.
 *
 * Folders are expanded once at crp_open into a sorted file list (names only, a few bytes
 * per file); documents are then read lazily, one file (or one JSON Lines line) at a time,
 * so memory follows the largest document, not the corpus. This file walks folders, opens
 * files, runs passes and selections and gives every warning; its parts are leaves in
 * src/corpus/ that never call back into it (corpus_int.h lists them): the byte source
 * (gzip under a cap), batched reading through io_uring, JSON Lines, display titles.
 * It does NOT tokenise, normalise or deduplicate text (tokenize.c and the pipeline do);
 * the only decoding here is of JSON strings, in corpus_jsonl.c.
 * Workload: a few to tens of thousands of news articles of 1-100 KB; JSONL dumps of GBs
 * (1M lines of ~3 KB, read twice in LSH mode). The first pass records where each
 * document came from (file, JSONL line and offset), so a later pass can read only the
 * documents it selects (crp_select).
 */
#include "overlap/corpus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "corpus_int.h"
#include "hash.h"
#include "overlap/mem.h"

/* ---- tuning ---------------------------------------------------------------------- */

/* Default caps: 1 GiB is far above any real article or JSONL line, and still fits RAM. */
#define DEFAULT_MAX_INFLATE ((size_t)1 << 30)
#define DEFAULT_MAX_DOC ((size_t)1 << 30)
/* JSON Lines read buffer: lines are parsed in place, and only the partial line at the end
 * of the buffer is moved to its front before the next read, so 256 KiB (~80 lines of 3 KB)
 * makes that move and the read call negligible, and what read() copies is still in L2 when
 * the line is cut and decoded (1 MiB, a whole L2 here: 300k lines of 3 KB took 5.3-6.3 s
 * of CPU on one thread against 5.1-5.8 s, 7 runs each alternated). It grows to the longest
 * line (<= cap). */
#define LINE_BUF ((size_t)1 << 18)

/* ---- types ----------------------------------------------------------------------- */

typedef struct fentry {
	char *path;
	const uint8_t *mem; /* non-NULL: an in-memory file (crp_read_buffer) */
	size_t mem_len;
	bool regular;       /* known to be a regular file (walk or stat): batch reading is safe */
	dev_t dev;          /* named by an argument: its device and inode (ino 0: not known) */
	ino_t ino;
	size_t first_doc;   /* index of its first document on the first pass */
	size_t ndocs;       /* documents it gave on the first pass */
} fentry;

/* This process's part of each file in a distributed run (crp_set_parts); NULL: all. */
typedef crp_part fpart;

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
	crp_src s;
	uint8_t *raw;  /* CRP_CHUNK bytes, the byte source's raw buffer (reused across files) */
	crp_lines lines; /* JSON Lines: the open file cut into lines */
	crp_jsonl jp;  /* JSON Lines: the parser's scratch */
	crp_batch br;  /* small files read ahead in batches */
	/* document indices (crp_select): the first pass records where each document came
	 * from, so a later pass can go straight to the wanted ones */
	size_t seq;          /* documents handed out on this pass */
	size_t cur_file;     /* index of the file open or being read */
	size_t *doc_line;    /* per document of the first pass: JSONL line, 0 for a file */
	uint64_t *doc_off;   /* per document of the first pass: byte offset of its JSONL line
			      * in the (decoded) file */
	size_t doc_off_cap;
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


/* ---- reading one file ------------------------------------------------------------ */

static void close_cur(crp_reader *r)
{
	crp_src_close(&r->s);
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


/* ---- batched reading (corpus_batch.c) --------------------------------------------- */

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

/* Make files [from, from + n) the batch, each opened relative to the cached folder when it
 * is in it. */
static void batch_load(crp_reader *r, size_t from, size_t n)
{
	int dirfd[CRP_BATCH_FILES];
	const char *name[CRP_BATCH_FILES];
	bool first = true;
	for (size_t k = 0; k < n; k++) {
		name[k] = NULL;
		dirfd[k] = AT_FDCWD;
		if (!batchable(r, from + k))
			continue;
		const char *path = r->files[from + k].path;
		if (first)
			dir_cache(r, path);
		first = false;
		const char *rel = in_dir(r, path);
		dirfd[k] = rel ? r->dirfd : AT_FDCWD;
		name[k] = rel ? rel : path;
	}
	crp_batch_load(&r->br, from, n, dirfd, name);
}

/* The bytes of file i when a batch read holds them, else NULL. Starts a new batch when i
 * is past the current one. */
static const uint8_t *batch_get(crp_reader *r, size_t i, size_t *len)
{
	if (!crp_batch_ready(&r->br, r->o.no_batch) || !batchable(r, i))
		return NULL;
	if (!crp_batch_holds(&r->br, i))
		batch_load(r, i, r->nfiles - i < CRP_BATCH_FILES ? r->nfiles - i : CRP_BATCH_FILES);
	return crp_batch_get(&r->br, i, len);
}

/* Open f, sniff gzip. For JSON Lines also read the first chunk and check for binary.
 * @return 0 (r->open set), or -1 after a warning. */
static int open_cur_all(crp_reader *r, const fentry *f)
{
	r->cur_size = -1;
	bool known;
	stem_len(base_name(f->path), &known, &r->jsonl);
	size_t blen = 0;
	const uint8_t *bytes = f->mem ? NULL : batch_get(r, (size_t)(f - r->files), &blen);
	const uint8_t *mem = NULL;
	size_t mem_len = 0;
	int fd = -1;
	if (f->mem || bytes) {
		/* in memory: crp_read_buffer's bytes, or read in a batch (batch_get) */
		mem = f->mem ? f->mem : bytes;
		mem_len = f->mem ? f->mem_len : blen;
		r->cur_size = (off_t)mem_len;
	} else {
		fd = open_file(r, f->path);
		if (fd < 0) {
			char buf[128];
			crp_errno_text(errno, buf, sizeof buf);
			warnf(r, f->path, 0, "%s", buf);
			return -1;
		}
		struct stat st;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			r->cur_size = st.st_size;
	}
	r->cur = f;
	r->open = true;
	if (crp_src_begin(&r->s, fd, mem, mem_len, fd >= 0 ? (int64_t)r->cur_size : -1, r->raw,
			  r->o.max_inflate) < 0) {
		warnf(r, f->path, 0, "%s, skipped", r->s.err);
		close_cur(r);
		return -1;
	}
	if (!r->jsonl)
		return 0;
	crp_lines *ls = &r->lines;
	ls->pos = ls->scan = 0;
	ls->eof = false;
	ls->lineno = 0;
	ls->base = 0;
	ssize_t k = crp_src_read_full(&r->s, ls->buf, CRP_CHUNK);
	if (k < 0) {
		warnf(r, f->path, 0, "%s, skipped", r->s.err);
		close_cur(r);
		return -1;
	}
	ls->len = (size_t)k;
	if (ls->len == 0) {
		warnf(r, f->path, 0, "empty file, skipped");
		close_cur(r);
		return -1;
	}
	if (crp_looks_binary(ls->buf, ls->len)) {
		warnf(r, f->path, 0, "binary file, skipped");
		close_cur(r);
		return -1;
	}
	return 0;
}

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
		crp_lines_jump(&r->lines, &r->s, p->line, p->start);
		if (r->lines.lineno + 1 != p->line || r->lines.base + r->lines.pos != p->start) {
			close_cur(r); /* cannot reach the part (gzip, a pipe): not ours to read */
			return -1;
		}
	}
	return rc;
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
	crp_src *s = &r->s;
	size_t limit = r->o.max_doc_bytes;
	char cap[32];
	crp_size_text(limit, cap, sizeof cap);
	if (!s->gz && r->cur_size >= 0 && (uint64_t)r->cur_size > (uint64_t)limit) {
		warnf(r, path, 0, "document larger than the %s cap, skipped", cap);
		return 0;
	}
	/* Plain regular file: its size is known, so one buffer usually suffices; the buffer
	 * is the one doc already holds when it is large enough. On a skip it stays in doc. */
	size_t bcap = CRP_CHUNK;
	if (!s->gz && r->cur_size >= 0)
		bcap = (size_t)r->cur_size + 1;
	if (bcap > limit + 1)
		bcap = limit + 1;
	if (doc->text && doc->text_cap > bcap + 1)
		bcap = doc->text_cap - 1;
	uint8_t *buf = crp_doc_text_buffer(doc, bcap + 1);
	size_t len = 0;
	bool sniffed = false;
	for (;;) {
		if (len == bcap) {
			bcap = bcap > (limit + 1) / 2 ? limit + 1 : bcap * 2;
			buf = doc->text = xrealloc(buf, bcap + 1);
			doc->text_cap = bcap + 1;
		}
		ssize_t k = crp_src_read(s, buf + len, bcap - len);
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
		if (!sniffed && len >= CRP_SNIFF_BYTES) {
			sniffed = true;
			if (crp_looks_binary(buf, len)) {
				warnf(r, path, 0, "binary file, skipped");
				return 0;
			}
		}
	}
	if (!sniffed && crp_looks_binary(buf, len)) {
		warnf(r, path, 0, "binary file, skipped");
		return 0;
	}
	if (!crp_has_content(buf, len)) {
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
	if (r->want)
		doc->title = NULL;
	else if (r->jp.titles_later)
		doc->title_later = true;
	else
		doc->title = crp_make_title(buf, len);
	return 1;
}

/* ---- JSON Lines (corpus_jsonl.c) -------------------------------------------------- */

/* The current line of the open JSONL file -> doc. @return 1 a document, 0 skipped (blank
 * or warned). */
static int parse_line(crp_reader *r, crp_doc *doc)
{
	char why[512];
	size_t ln = r->lines.lineno;
	int rc = crp_jsonl_parse(&r->jp, (const char *)r->lines.line, r->lines.line_len, ln,
				 r->o.jsonl_reference, !r->want, doc, why, sizeof why);
	if (rc < 0)
		warnf(r, r->cur->path, ln, "%s", why);
	if (rc != 1)
		return 0;
	doc->path = xstrdup(r->cur->path);
	doc->line = ln;
	return 1;
}

/* The next line of the open JSON Lines file (crp_lines_next), or 0 (the end) when it
 * starts in another process's part. */
static int lines_next(crp_reader *r)
{
	if (r->lines.base + r->lines.pos >= r->part_end)
		return 0;
	return crp_lines_next(&r->lines, &r->s, r->o.max_doc_bytes);
}

/* Next document of the open JSONL file. @return 1 a document, 0 the file is finished. */
static int jsonl_next(crp_reader *r, crp_doc *doc)
{
	const char *path = r->cur->path;
	for (;;) {
		int lr = lines_next(r);
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
			crp_size_text(r->o.max_doc_bytes, cap, sizeof cap);
			warnf(r, path, r->lines.lineno, "line longer than the %s cap, skipped", cap);
			continue;
		}
		if (parse_line(r, doc) == 1)
			return 1;
	}
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
		crp_lines_jump(&r->lines, &r->s, target, r->doc_off[r->sel_i]);
		int lr = 0;
		while (r->lines.lineno < target) {
			lr = lines_next(r);
			if (lr <= 0)
				return 0;
		}
		size_t idx = r->sel_i++;
		if (r->lines.lineno == target && lr == 1 && parse_line(r, doc) == 1) {
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
		crp_errno_text(errno, buf, sizeof buf);
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
			crp_errno_text(errno, buf, sizeof buf);
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
	r->lines.cap = LINE_BUF;
	r->lines.buf = xmalloc(r->lines.cap);
	r->raw = xmalloc(CRP_CHUNK);
	r->s.fd = -1;
	return r;
}

/* The path p with repeated slashes and "./" segments dropped, into a new string:
 * "./corpus//a.txt", ".//corpus/a.txt" and "corpus/a.txt" name one file. */
static char *path_key(const char *p)
{
	size_t n = strlen(p), k = 0;
	char *c = xmalloc(n + 1), *out = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) /* "a//b" -> "a/b" */
		if (!(p[i] == '/' && k && c[k - 1] == '/'))
			c[k++] = p[i];
	c[k] = '\0';
	size_t m = 0;
	for (size_t i = 0; i < k;) {
		/* "./" at the start or after a slash; a lone trailing "." is kept */
		if ((i == 0 || c[i - 1] == '/') && c[i] == '.' && c[i + 1] == '/') {
			i += 2;
			continue;
		}
		out[m++] = c[i++];
	}
	out[m] = '\0';
	free(c);
	return out;
}

/* A file named twice (by two arguments, or as an argument and inside a folder argument:
 * "corpus/ corpus/a.txt", "a.txt ./a.txt", "/abs/corpus corpus/a.txt") is read once, at its
 * first place, with a warning: keys[i] is file i's path through its argument's real path
 * (file_keys); files named by argument are also told apart by device and inode ("a.txt"
 * and a link to it). Folders are walked without a stat() per file, so a file reached
 * through a symlink inside a folder is not caught. O(files); frees keys. */
static void drop_repeated_files(crp_reader *r, char **keys)
{
	size_t cap = 16;
	while (cap < 2 * r->nfiles)
		cap <<= 1;
	char **tab = xcalloc(cap, sizeof *tab);
	size_t *itab = xcalloc(cap, sizeof *itab); /* kept index + 1 of a file with an inode */
	size_t k = 0;
	for (size_t i = 0; i < r->nfiles; i++) {
		fentry f = r->files[i];
		char *key = keys[i];
		size_t h = (size_t)hash_bytes(key, strlen(key), 0x5eed) & (cap - 1);
		bool dup = false;
		while (tab[h] && !(dup = !strcmp(tab[h], key)))
			h = (h + 1) & (cap - 1);
		size_t hi = 0;
		if (!dup && f.ino) {
			uint64_t id[2] = { (uint64_t)f.dev, (uint64_t)f.ino };
			hi = (size_t)hash_bytes(id, sizeof id, 0x1e0d) & (cap - 1);
			while (itab[hi] && !(dup = r->files[itab[hi] - 1].dev == f.dev &&
						   r->files[itab[hi] - 1].ino == f.ino))
				hi = (hi + 1) & (cap - 1);
		}
		if (dup) {
			warnf(r, f.path, 0, "named twice, read once");
			free(f.path);
			free(key);
			continue;
		}
		tab[h] = key;
		r->files[k++] = f;
		if (f.ino)
			itab[hi] = k;
	}
	for (size_t h = 0; h < cap; h++)
		free(tab[h]);
	free(tab);
	free(itab);
	free(keys);
	r->nfiles = k;
}

/* The key of each file of r for drop_repeated_files (owned, array and strings): its path
 * with the argument it came through (arg_of[i]) replaced by that argument's real path when
 * it has one, then path_key. */
static char **file_keys(const crp_reader *r, const char *const *paths, const size_t *arg_of,
			char *const *real)
{
	char **keys = xmalloc((r->nfiles ? r->nfiles : 1) * sizeof *keys);
	for (size_t i = 0; i < r->nfiles; i++) {
		const char *p = r->files[i].path, *arg = paths[arg_of[i]], *rp = real[arg_of[i]];
		size_t an = strlen(arg);
		if (rp && !strncmp(p, arg, an)) {
			char *full = xasprintf("%s%s%s", rp, p[an] && p[an] != '/' ? "/" : "", p + an);
			keys[i] = path_key(full);
			free(full);
		} else {
			keys[i] = path_key(p);
		}
	}
	return keys;
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
	/* per file, the argument it came through; per argument, its real path (files named
	 * twice by two spellings of one path are read once: drop_repeated_files) */
	size_t *arg_of = NULL, arg_cap = 0;
	char **real = xcalloc(npaths ? npaths : 1, sizeof *real);
	for (size_t i = 0; i < npaths; i++) {
		size_t before = r->nfiles;
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			char buf[128];
			crp_errno_text(errno, buf, sizeof buf);
			warnf(r, paths[i], 0, "%s", buf);
		} else if (S_ISDIR(st.st_mode)) {
			walk(&w, paths[i], &st);
		} else {
			/* named explicitly: taken whatever its name (a FIFO or device too) */
			add_file(r, paths[i], NULL, 0, S_ISREG(st.st_mode));
			r->files[r->nfiles - 1].dev = st.st_dev;
			r->files[r->nfiles - 1].ino = st.st_ino;
		}
		if (r->nfiles > before) {
			real[i] = realpath(paths[i], NULL); /* NULL: the path as given */
			XGROW(arg_of, arg_cap, r->nfiles);
			for (size_t f = before; f < r->nfiles; f++)
				arg_of[f] = i;
		}
	}
	if (r->nfiles)
		drop_repeated_files(r, file_keys(r, paths, arg_of, real));
	for (size_t i = 0; i < npaths; i++)
		free(real[i]);
	free(real);
	free(arg_of);
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
		r->doc_off[r->ndocs0] = doc->line ? r->lines.line_off : 0;
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

void crp_titles_later(crp_reader *r)
{
	r->jp.titles_later = true;
}

size_t crp_nfiles(const crp_reader *r)
{
	return r->nfiles;
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
	free(r->lines.buf);
	free(r->raw);
	crp_jsonl_free(&r->jp);
	free(r->doc_line);
	free(r->parts);
	free(r->doc_off);
	if (r->dirfd >= 0)
		close(r->dirfd);
	free(r->dir);
	crp_batch_free(&r->br);
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
