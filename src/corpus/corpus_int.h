/* corpus_int.h - the reader's parts, shared by the files of src/corpus/ (and the tests).
 *
 * corpus.c is the reader (the folder walk, the file list, passes and selections: the API of
 * corpus.h). It uses leaf parts that never call back into it:
 *   corpus_source.c  one byte source (fd or memory, gzip under a cap) and byte checks
 *   corpus_batch.c   small files read in batches through io_uring
 *   corpus_jsonl.c   JSON Lines: lines cut from a source, one line parsed into a document
 *   doc_title.c      a display title for a text without one
 *   corpus_doc.c     the document record's text buffer and clearing
 * Leaves return what went wrong (a phrase, a code); only the reader warns.
 * crp_read_buffer runs the exact per-file path of crp_next (gzip detection and inflation
 * under the cap, binary and empty checks, JSON Lines or whole-file document) over bytes
 * already in memory, so a fuzzer can drive it without touching the file system.
 * Not part of the public API: the CLI and the pipeline use corpus.h only.
 */
#ifndef OVERLAP_CORPUS_INT_H
#define OVERLAP_CORPUS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <zlib.h>

#ifdef OVL_HAVE_URING
#include <liburing.h>
#endif

#include "overlap/corpus.h"

/* Read size for files and compressed input: 64 KiB holds a typical article in one read. */
#define CRP_CHUNK ((size_t)64 * 1024)
/* Binary sniffing looks at the first 8 KiB, like grep and git do. */
#define CRP_SNIFF_BYTES ((size_t)8192)

/* ASCII white space within a line. */
static inline bool crp_is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* ---- corpus_source.c ------------------------------------------------------------- */

/* One byte source: raw bytes from an fd or memory, optionally inflated. */
typedef struct crp_src {
	int fd; /* -1 when reading memory */
	const uint8_t *mem;
	size_t mem_len, mem_pos;
	uint8_t *raw; /* CRP_CHUNK bytes (the caller's): compressed input, or the first bytes */
	size_t raw_len, raw_pos;
	bool raw_eof;
	bool gz, zinit, gz_end, trailing;
	z_stream zs;
	size_t total_out, cap;
	char err[256]; /* set on failure, without ", skipped" */
} crp_src;

/* Start s on fd (>= 0, owned from now on: crp_src_close closes it) or, with fd -1, on
 * mem[0..mem_len) (borrowed). size: the file's size when known (a regular file), else -1.
 * raw: CRP_CHUNK bytes of the caller's; cap: inflated bytes allowed. Reads the first bytes
 * and starts zlib when they are the gzip magic.
 * @return 0, or -1 with s->err set (the caller still calls crp_src_close). */
int crp_src_begin(crp_src *s, int fd, const uint8_t *mem, size_t mem_len, int64_t size,
		  uint8_t *raw, size_t cap);
/* Up to n raw (not inflated) bytes. @return count, 0 at end, -1 on a read error. */
ssize_t crp_src_raw_read(crp_src *s, uint8_t *dst, size_t n);
/* Up to n decoded bytes. @return count, 0 at the end, -1 on error (s->err set). */
ssize_t crp_src_read(crp_src *s, uint8_t *dst, size_t n);
/* Fill dst with n bytes unless the source ends first. @return count or -1. */
ssize_t crp_src_read_full(crp_src *s, uint8_t *dst, size_t n);
/* Close the fd and zlib; s is then an empty source (fd -1). */
void crp_src_close(crp_src *s);

/* Binary: a NUL or too many control bytes in the first CRP_SNIFF_BYTES, or the signature of
 * an image or archive. */
bool crp_looks_binary(const uint8_t *t, size_t n);
/* A letter or digit (any script), or an undecodable byte, in t[0..n). */
bool crp_has_content(const uint8_t *t, size_t n);
/* errno as a lowercase phrase ("not found", "permission denied", ...). */
void crp_errno_text(int err, char *buf, size_t n);
/* A size as "64 KiB", "1 MiB" or "1000 bytes". */
void crp_size_text(size_t n, char *buf, size_t bufsz);

/* ---- corpus_batch.c -------------------------------------------------------------- */

/* Files in one batch, and the bytes read of each: a file that fills its CRP_BATCH_BUF is
 * read the usual way. 64 x 32 KiB = 2 MiB of buffers. */
#define CRP_BATCH_FILES 64
#define CRP_BATCH_BUF ((size_t)32 * 1024)

/* Files read ahead in one batch. Zero-initialised: not started. */
typedef struct crp_batch {
#ifdef OVL_HAVE_URING
	struct io_uring ring;
#endif
	int state;          /* 0 not tried, 1 ready, -1 unavailable: files are read one by one */
	bool ring_up;       /* the ring exists (torn down by crp_batch_free, before buf is freed) */
	uint8_t *buf;       /* CRP_BATCH_FILES * CRP_BATCH_BUF */
	size_t first, n;    /* files [first, first + n) are in the batch */
	int32_t len[CRP_BATCH_FILES]; /* bytes of file first + k, or -1: read it the usual way */
} crp_batch;

/* Start the ring on the first call (not when off). @return whether batches can be read. */
bool crp_batch_ready(crp_batch *b, bool off);
/* Whether file i is in the current batch (read or left out). */
bool crp_batch_holds(const crp_batch *b, size_t i);
/* Make files [first, first + n) (n <= CRP_BATCH_FILES) the batch: file first + k is opened
 * as name[k] relative to dirfd[k] (a folder's fd or AT_FDCWD) and read whole, or left out
 * when name[k] is NULL. A ring failure makes b unavailable (crp_batch_ready false). */
void crp_batch_load(crp_batch *b, size_t first, size_t n, const int *dirfd,
		    const char *const *name);
/* The bytes of file i (*len of them) when the batch holds them, else NULL. */
const uint8_t *crp_batch_get(const crp_batch *b, size_t i, size_t *len);
void crp_batch_free(crp_batch *b);

/* ---- corpus_jsonl.c -------------------------------------------------------------- */

/* A source cut into lines. buf[pos, len) is read and not handed out; base is the offset in
 * the decoded file of buf[0]. Set buf/cap once, the rest to 0 at each file. */
typedef struct crp_lines {
	uint8_t *buf;
	size_t pos, len, cap;
	size_t scan;         /* bytes after pos already known to hold no '\n' */
	bool eof;            /* the source is exhausted: len is final */
	uint64_t base;
	const uint8_t *line; /* the current line, inside buf */
	size_t line_len;
	size_t lineno;       /* 1-based number of the current line */
	uint64_t line_off;   /* offset of the current line in the decoded file */
} crp_lines;

/* Next line into L->line / L->line_len (without '\n'). Lines longer than limit bytes are
 * skipped without being held. @return 1 a line, 2 a line over the cap, 0 end, -1 a source
 * error (s->err). */
int crp_lines_next(crp_lines *L, crp_src *s, size_t limit);
/* Make line `line`, at decoded offset off, the next one when it is ahead (see there). */
void crp_lines_jump(crp_lines *L, crp_src *s, size_t line, uint64_t off);

/* The parser's scratch space, kept across lines. Zero-initialised; crp_jsonl_free. */
typedef struct crp_jsonl {
	char *scratch;
	size_t scratch_cap;
	bool titles_later;  /* crp_titles_later: set doc->title_later instead of a made title */
} crp_jsonl;

/* One JSON Lines line t[0..n) (line number lineno: a BOM is skipped on line 1) into doc:
 * id, text (in doc's buffer), nbytes, title (only when want_title: JSONL "title", else
 * crp_make_title), source, date, url, meta_json. doc->path and doc->line are the caller's.
 * reference: jansson alone (the tests' model of the fast paths).
 * @return 1 a document, 0 a blank line, -1 skipped: why holds the warning ("..., skipped"). */
int crp_jsonl_parse(crp_jsonl *j, const char *t, size_t n, size_t lineno, bool reference,
		    bool want_title, crp_doc *doc, char *why, size_t whysz);
void crp_jsonl_free(crp_jsonl *j);

/* ---- doc_title.c, corpus_doc.c --------------------------------------------------- */

/* crp_make_title (corpus.h, doc_title.c) makes the display title of a text without one. */
/* A text buffer of at least n bytes in doc, reusing the one it holds when large enough
 * (contents not kept). */
uint8_t *crp_doc_text_buffer(crp_doc *doc, size_t n);

/* ---- corpus.c -------------------------------------------------------------------- */

/* Called once per document; doc is valid only during the call. Return non-zero to stop. */
typedef int (*crp_doc_fn)(void *ud, const crp_doc *doc);

/* Treat data[0..nbytes) as the contents of a file called name (its extension decides JSON
 * Lines vs one whole-file document, as for a file named on the command line) and hand
 * every document to fn (which may be NULL). data is borrowed. Warnings go to opts->warn.
 * @return the number of documents delivered (>= 0), or a negative ovl_err for bad options. */
int crp_read_buffer(const char *name, const uint8_t *data, size_t nbytes, const crp_opts *opts,
		    crp_doc_fn fn, void *ud);

#endif
