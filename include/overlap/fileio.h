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

/* Remove every temporary still in flight, and the run folder of an uncommitted
 * fio_rundir with the files in it. Async-signal-safe. */
void fio_remove_temps(void);

/* ---- one run, one folder ---------------------------------------------------------------
 * A run writes every output into a fresh folder beside the output folder OUT
 * (".OUT.run-XXXXXX" in OUT's parent) and swaps it in at the end with one
 * renameat2(RENAME_EXCHANGE), so after any exit, crash, signal or full disk OUT holds the
 * complete earlier set or the complete new set, never a mix, never a stale chart. A lock
 * file beside OUT (".OUT.lock", flock) keeps a second run from writing the same OUT at the
 * same time; run folders left by a killed run are removed by the next run under the lock.
 * OUT must be a new folder, an empty one, or one holding only files overlap writes
 * (report.*, *.png, *.svg, *.gp, *.dat, *.tsv): a folder of other files is refused, never
 * swapped away. */
typedef struct fio_rundir {
	char *out;   /* the output folder as given, trailing slashes removed */
	char *dir;   /* the run folder: write here */
	int lock_fd; /* held until commit or abort */
	int slot;    /* registration for fio_remove_temps, -1 when none */
} fio_rundir;

/* Take the lock of out, check it, clean earlier runs' leftovers and create the run folder.
 * @return 0; OVL_EIO (e filled: another run holds the lock, out is a file, holds other
 *         files, is the current folder, cannot be created). rd needs no cleanup then. */
int fio_rundir_begin(const char *out, fio_rundir *rd, err_ctx *e);

/* Swap the run folder in as out (the earlier set is removed) and release the lock.
 * @return 0, or OVL_EIO with out untouched and the run folder removed. */
int fio_rundir_commit(fio_rundir *rd, err_ctx *e);

/* Remove the run folder and release the lock; out is untouched. Safe after commit. */
void fio_rundir_abort(fio_rundir *rd);

/* Whether name is a file overlap writes into an output folder. */
int fio_is_output_name(const char *name);

#endif
