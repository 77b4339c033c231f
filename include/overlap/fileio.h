/* fileio.h - output files that appear whole or not at all.
 *
 * Every output (report.json, charts, report.html) is written to a temporary name in the
 * destination folder ("NAME.tmp.PID"), flushed, fsync'ed and renamed over NAME, so an
 * earlier complete file survives a failed or interrupted run, and a reader never sees half
 * a file. Temporary names in flight are kept in a small process-wide table so the CLI's
 * signal handler can remove them (fio_remove_temps is async-signal-safe). This table is
 * the one piece of global state in the engine, and the reason is signals.
 * It does not read inputs (corpus.c does).
 */
#ifndef OVERLAP_FILEIO_H
#define OVERLAP_FILEIO_H

#include <stddef.h>
#include <stdio.h>

#include "overlap/err.h"

typedef struct fio_atomic {
	FILE *fp;   /* write here */
	char *path; /* final name */
	char *tmp;  /* temporary name */
	int slot;   /* index in the in-flight table, -1 when not registered */
} fio_atomic;

/* Create the temporary file for path. @return 0, or OVL_EIO with e filled. */
int fio_atomic_open(const char *path, fio_atomic *a, err_ctx *e);

/* Flush, fsync, close and rename over the final name. On any failure the temporary is
 * removed and the final name is untouched. @return 0 or OVL_EIO (e filled). */
int fio_atomic_commit(fio_atomic *a, err_ctx *e);

/* Close and remove the temporary; the final name is untouched. Safe after commit. */
void fio_atomic_abort(fio_atomic *a);

/* Whole buffer to path, atomically. @return 0 or OVL_EIO. */
int fio_write_file(const char *path, const void *data, size_t nbytes, err_ctx *e);

/* Create dir (and parents) if missing. @return 0 or OVL_EIO. */
int fio_mkdirs(const char *dir, err_ctx *e);

/* Remove every temporary still in flight. Async-signal-safe. */
void fio_remove_temps(void);

#endif
