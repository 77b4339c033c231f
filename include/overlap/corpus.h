/* corpus.h - turns PATH arguments into a stream of documents (id, original bytes, metadata).
 *
 * Input: files and folders. Folders are walked recursively in byte-wise sorted order
 * (symlinked folders followed once; loops detected); inside folders only .txt, .md, .jsonl
 * (each optionally .gz) are taken, a file named explicitly is taken whatever its name.
 * gzip is detected by its magic bytes, not by name, and inflated with zlib under a cap.
 * JSON Lines: one {"id":..., "text":...} object a line; other fields are kept as metadata.
 * It does NOT decode or normalise text (tokenize.c does) and keeps no document after
 * handing it out: the caller streams, so memory does not grow with corpus bytes.
 * Problems with one document or file are warnings (callback) and the stream goes on.
 * Small regular files are read in batches through io_uring where the build has liburing and
 * the system allows it (crp_opts.no_batch turns it off; the CLI sets it from the environment
 * variable OVERLAP_NO_URING); documents and warnings are the same either way.
 */
#ifndef OVERLAP_CORPUS_H
#define OVERLAP_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/err.h"

typedef struct crp_opts {
	size_t max_inflate;   /* cap on inflated bytes of one gzip file; 0 = default (1 GiB) */
	size_t max_doc_bytes; /* cap on one document / JSONL line; 0 = default (1 GiB) */
	ovl_warn_fn warn;     /* may be NULL */
	void *warn_ud;
	bool no_batch;        /* read files one by one, never in io_uring batches; default false */
	bool jsonl_reference; /* tests: every JSON Lines line through jansson alone (the reference
			       * the faster paths must match byte for byte); default false */
} crp_opts;

/* One document. Every pointer is owned by the struct and freed by crp_doc_clear(). */
typedef struct crp_doc {
	char *id;           /* file name without directory and extensions, or JSONL "id" */
	char *path;         /* the file it came from, as given / walked */
	size_t line;        /* 1-based JSONL line number; 0 for a whole-file document */
	uint8_t *text;      /* original bytes (inflated), NUL-terminated for convenience */
	size_t nbytes;      /* length of text without the terminating NUL */
	char *title;        /* JSONL "title"; else the first line if it looks like a headline
			     * (<= 150 bytes), a byline ("By ...") skipped, else the first
			     * sentence cut to <= 100 bytes ending in "…"; NULL if blank */
	char *source;       /* JSONL "source" (outlet), or NULL */
	char *date;         /* JSONL "date", or NULL */
	char *url;          /* JSONL "url", or NULL */
	char *meta_json;    /* compact JSON object of every JSONL field but "text", or NULL */
	size_t text_cap;    /* bytes allocated at text: crp_next() reuses the buffer */
	size_t index;       /* 0-based position in the stream of the first pass (see crp_select) */
	bool title_later;   /* title left for the caller to make (crp_titles_later) */
} crp_doc;

typedef struct crp_reader crp_reader;

/* Prepare to read paths (borrowed for the reader's lifetime). Expands folders now, so a
 * missing path or unreadable folder is reported (warning) here. Fails only on bad options.
 * @return 0 and *out (free with crp_free), or a negative ovl_err with e filled. */
int crp_open(const char *const *paths, size_t npaths, const crp_opts *opts,
	     crp_reader **out, err_ctx *e);

/* Next document into *doc (cleared first, its text buffer kept for reuse; the caller
 * clears it after use). *doc must be zero-initialised (crp_doc d = {0}) or hold a document
 * from an earlier call; at the end of the stream it may still hold a spare text buffer.
 * Reusing one crp_doc (or crp_doc_recycle()) saves an allocation, and page faults on fresh
 * memory, per document.
 * Empty documents, binary files, unreadable files, broken JSONL lines, bad gzip: a warning
 * through opts->warn and the reader moves on.
 * @return 1 a document, 0 end of stream, <0 a fatal error (e filled). */
int crp_next(crp_reader *r, crp_doc *doc, err_ctx *e);

/* Start the stream again from the first document (for a second pass). Same order.
 * Warnings are given on the first pass only, so a second pass does not repeat them. */
void crp_rewind(crp_reader *r);

/* For the pass begun by the last crp_rewind only: hand out just the documents whose index
 * i (doc->index: their position in the first pass) has want[i] != 0 (i < n; the rest are
 * not wanted), with those indices. Files whose documents are all unwanted are not opened,
 * a JSON Lines line of an unwanted document is not parsed (only found by its line number),
 * and files or lines that gave no document on the first pass are not looked at again.
 * Documents handed out under a selection carry no title (NULL): such a pass is for the
 * text (making titles was ~7% of a run on small files). want is borrowed until the next
 * crp_rewind, which ends the selection. Call after the first pass has run to its end. */
void crp_select(crp_reader *r, const uint8_t *want, size_t n);

/* From now on, leave the title a document would be given by crp_make_title NULL and set
 * doc->title_later instead: the caller makes it (on its worker threads: titles were ~2% of
 * a run, on the thread that reads). A JSONL "title" is still the reader's. */
void crp_titles_later(crp_reader *r);

/* The title crp_next gives a document without a JSONL "title" (see crp_doc.title), made
 * from its text t[0..n): owned by the caller, NULL when blank. */
char *crp_make_title(const uint8_t *t, size_t n);

/* Number of files the reader will visit (after folder expansion). */
size_t crp_nfiles(const crp_reader *r);

/* ---- distributed runs (sim/dist.c): each process reads its part of the inputs ---- */

/* What file f is, for cutting the inputs into parts. */
typedef struct crp_file_info {
	const char *path;   /* borrowed from the reader */
	bool splittable;    /* a JSON Lines regular file, not gzip: may be cut at line ends */
	uint64_t nbytes;    /* its size when splittable */
} crp_file_info;

/* Fill *out for file f (< crp_nfiles). Looks at the file's first bytes. @return 0 or
 * OVL_EUSAGE (no such file). An unreadable file is simply not splittable. */
int crp_file_info_get(const crp_reader *r, size_t f, crp_file_info *out);

/* Bytes [lo, hi) of file f: *nnl gets the number of '\n' in them and *first_start the
 * first offset p in [lo, hi) where a line starts (p == 0 or byte p-1 is '\n'), hi when
 * none. @return 0, or OVL_EIO (cannot read; *nnl and *first_start then say nothing). */
int crp_file_scan(const crp_reader *r, size_t f, uint64_t lo, uint64_t hi, uint64_t *nnl,
		  uint64_t *first_start);

/* The part of one file a reader hands out. */
typedef struct crp_part {
	bool take;          /* false: the file is another process's, never opened */
	uint64_t start, end;/* JSON Lines: the lines starting in [start, end) (start at a line
			     * start); a whole file: 0, UINT64_MAX */
	size_t line;        /* 1-based number of the line at start */
} crp_part;

/* Hand out only parts[f] of each file f (crp_nfiles entries, copied; NULL: everything).
 * Call before the first crp_next. Warnings about a whole file (binary, empty, unreadable)
 * are given only by the reader whose part starts at 0; document indices (crp_select) count
 * this reader's documents. */
void crp_set_parts(crp_reader *r, const crp_part *parts);

/* Documents file f gave on the first pass (this reader's part of it). */
size_t crp_file_ndocs(const crp_reader *r, size_t f);

void crp_doc_clear(crp_doc *doc);
/* Free the document's strings but keep its text buffer for the next crp_next() into it
 * (text then holds no document: nbytes is 0). */
void crp_doc_recycle(crp_doc *doc);
void crp_free(crp_reader *r); /* NULL is a no-op */

#endif
