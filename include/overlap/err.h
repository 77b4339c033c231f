/* err.h - error codes and the per-run error context shared by every engine module.
 *
 * Engine functions return 0 or a negative code from enum ovl_err and never print.
 * Where a caller needs to know *which* file and *what* went wrong, the function takes an
 * err_ctx and fills it with err_set(); the CLI turns it into `overlap: PATH: message`.
 * Warnings (a document skipped, bytes replaced) go through an ovl_warn_fn callback so the
 * engine stays silent and the CLI decides how to show them.
 */
#ifndef OVERLAP_ERR_H
#define OVERLAP_ERR_H

#include <stddef.h>

enum ovl_err {
	OVL_OK = 0,
	OVL_EIO = -1,      /* a read or write failed (errno in the message) */
	OVL_EINPUT = -2,   /* the input is malformed or unusable */
	OVL_EUSAGE = -3,   /* a parameter is out of range */
	OVL_ETOOBIG = -4,  /* a size cap was hit (inflated gzip, line, document) */
	OVL_EEMPTY = -5,   /* nothing to work on (no documents, no tokens) */
	OVL_EINTR = -6,    /* interrupted by a signal; nothing was committed */
};

/* What went wrong, for the one line the CLI prints. path may be empty. */
typedef struct err_ctx {
	char path[1024];
	char msg[1024];
	int code;
} err_ctx;

/* Called for a problem that does not stop the run: path is the file (or "FILE:LINE"),
 * msg one lowercase phrase without a trailing newline. */
typedef void (*ovl_warn_fn)(void *ud, const char *path, const char *msg);

/* Text for an error code; never NULL. */
const char *err_str(int code);

/* Fill ctx (which may be NULL: then nothing happens) and return code, so callers can write
 * `return err_set(e, OVL_EINPUT, path, "bad line %zu", n);`. path may be NULL. */
int err_set(err_ctx *ctx, int code, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Propagate a negative code. */
#define TRY(expr)                       \
	do {                                \
		int try_rc_ = (expr);           \
		if (try_rc_ < 0) return try_rc_; \
	} while (0)

#endif
