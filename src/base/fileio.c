/* fileio.c - atomic output files (see fileio.h).
 *
 * Workload: a handful of files per run, so simplicity wins: a fixed table of in-flight
 * temporary names (MAX_INFLIGHT) that a signal handler can walk without locks or malloc.
 */
#include "overlap/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "overlap/mem.h"

#define MAX_INFLIGHT 64
#define TMP_NAME_MAX 4096

/* Written before use, cleared after; the handler only reads names whose flag is set. */
static char inflight_name[MAX_INFLIGHT][TMP_NAME_MAX];
static volatile sig_atomic_t inflight_used[MAX_INFLIGHT];

static int register_tmp(const char *tmp)
{
	if (strlen(tmp) >= TMP_NAME_MAX)
		return -1;
	for (int i = 0; i < MAX_INFLIGHT; i++) {
		if (!inflight_used[i]) {
			memcpy(inflight_name[i], tmp, strlen(tmp) + 1);
			/* the name must be complete before the handler can see the flag */
			atomic_signal_fence(memory_order_seq_cst);
			inflight_used[i] = 1;
			return i;
		}
	}
	return -1;
}

static void unregister_tmp(int slot)
{
	if (slot >= 0 && slot < MAX_INFLIGHT)
		inflight_used[slot] = 0;
}

/* The run folder of an uncommitted fio_rundir (one per process is enough: one run). */
static char rundir_name[TMP_NAME_MAX];
static volatile sig_atomic_t rundir_used;

/* Remove the files of a flat folder and the folder, with system calls only (a signal
 * handler may not call opendir or malloc): getdents64 on an O_DIRECTORY descriptor. */
static void remove_flat_dir_raw(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		char buf[4096] __attribute__((aligned(8)));
		for (;;) {
			long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
			if (n <= 0)
				break;
			for (long off = 0; off < n;) {
				/* struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name */
				unsigned short reclen;
				memcpy(&reclen, buf + off + 16, sizeof reclen);
				const char *name = buf + off + 19;
				if (!(name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))))
					unlinkat(fd, name, 0);
				off += reclen;
			}
		}
		close(fd);
	}
	rmdir(dir);
}

void fio_remove_temps(void)
{
	for (int i = 0; i < MAX_INFLIGHT; i++)
		if (inflight_used[i])
			unlink(inflight_name[i]);
	if (rundir_used)
		remove_flat_dir_raw(rundir_name);
}

int fio_atomic_open(const char *path, fio_atomic *a, err_ctx *e)
{
	memset(a, 0, sizeof *a);
	a->slot = -1;
	a->path = xstrdup(path);
	a->tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = open(a->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		int err = errno;
		free(a->path);
		free(a->tmp);
		a->path = a->tmp = NULL;
		return err_set(e, OVL_EIO, path, "cannot create: %s", strerror(err));
	}
	a->slot = register_tmp(a->tmp);
	a->fp = fdopen(fd, "w");
	if (!a->fp) {
		int err = errno;
		close(fd);
		fio_atomic_abort(a);
		return err_set(e, OVL_EIO, path, "cannot open: %s", strerror(err));
	}
	return 0;
}

void fio_atomic_abort(fio_atomic *a)
{
	if (a->fp) {
		fclose(a->fp);
		a->fp = NULL;
	}
	if (a->tmp) {
		unlink(a->tmp);
		unregister_tmp(a->slot);
		a->slot = -1;
	}
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
}

int fio_atomic_commit(fio_atomic *a, err_ctx *e)
{
	if (!a->fp) /* failed open, or already committed/aborted: fflush(NULL) would flush all */
		return err_set(e, OVL_EIO, a->path, "cannot write: file is not open");
	int err = 0;
	errno = 0;
	if (fflush(a->fp) != 0 || ferror(a->fp))
		err = errno ? errno : EIO;
	if (!err && fsync(fileno(a->fp)) != 0 && errno != EINVAL)
		err = errno;
	if (fclose(a->fp) != 0 && !err)
		err = errno ? errno : EIO;
	a->fp = NULL;
	if (!err && rename(a->tmp, a->path) != 0)
		err = errno;
	if (err) {
		err_set(e, OVL_EIO, a->path, "cannot write: %s", strerror(err));
		fio_atomic_abort(a);
		return OVL_EIO;
	}
	unregister_tmp(a->slot);
	a->slot = -1;
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	return 0;
}

int fio_write_file(const char *path, const void *data, size_t nbytes, err_ctx *e)
{
	fio_atomic a;
	TRY(fio_atomic_open(path, &a, e));
	errno = 0;
	if (nbytes && fwrite(data, 1, nbytes, a.fp) != nbytes) {
		int err = errno ? errno : EIO;
		fio_atomic_abort(&a);
		return err_set(e, OVL_EIO, path, "cannot write: %s", strerror(err));
	}
	return fio_atomic_commit(&a, e);
}

int fio_mkdirs(const char *dir, err_ctx *e)
{
	if (!dir || !dir[0]) /* the loop below starts at p + 1 */
		return err_set(e, OVL_EIO, "", "cannot create folder: empty name");
	char *p = xstrdup(dir);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				int err = errno;
				err_set(e, OVL_EIO, p, "cannot create folder: %s", strerror(err));
				free(p);
				return OVL_EIO;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	struct stat st;
	int rc = 0;
	if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
		rc = err_set(e, OVL_EIO, p, "not a folder");
	else if (access(p, W_OK) != 0)
		rc = err_set(e, OVL_EIO, p, "folder is not writable: %s", strerror(errno));
	free(p);
	return rc;
}

/* ---- one run, one folder ------------------------------------------------------------------ */

int fio_is_output_name(const char *name)
{
	static const char *const exact[] = {"report.json", "report.html"};
	static const char *const ext[] = {".png", ".svg", ".gp", ".dat", ".tsv"};
	for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
		if (strcmp(name, exact[i]) == 0)
			return 1;
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
		size_t k = strlen(ext[i]);
		if (n > k && strcmp(name + n - k, ext[i]) == 0)
			return 1;
	}
	/* a temporary of an earlier version's interrupted run: NAME.tmp.PID */
	return strstr(name, ".tmp.") != NULL;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* parent folder and base name of p (no trailing slash); both owned by the caller. */
static void split_path(const char *p, char **parent, char **base)
{
	const char *slash = strrchr(p, '/');
	if (!slash) {
		*parent = xstrdup(".");
		*base = xstrdup(p);
	} else {
		*parent = slash == p ? xstrdup("/") : xstrndup(p, (size_t)(slash - p));
		*base = xstrdup(slash + 1);
	}
}

/* Remove run folders an earlier, killed run left beside out (we hold the lock). */
static void remove_stale_runs(const char *parent, const char *base)
{
	DIR *d = opendir(parent);
	if (!d)
		return;
	char *prefix = xasprintf(".%s.run-", base);
	size_t np = strlen(prefix);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, np) != 0)
			continue;
		char *p = xasprintf("%s/%s", parent, de->d_name);
		remove_tree(p);
		free(p);
	}
	closedir(d);
	free(prefix);
}

/* 0 when out is absent or a folder overlap may replace; else e filled. */
static int check_out(const char *out, err_ctx *e)
{
	struct stat st;
	if (lstat(out, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		return err_set(e, OVL_EIO, out, "cannot use as output folder: %s", strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return err_set(e, OVL_EIO, out, "not a folder");
	char *real = realpath(out, NULL), *cwd = realpath(".", NULL);
	int same = real && (strcmp(real, "/") == 0 || (cwd && strcmp(real, cwd) == 0));
	free(real);
	free(cwd);
	if (same)
		return err_set(e, OVL_EIO, out, "the output folder cannot be the current or the "
			"root folder: each run replaces it whole; give a folder of its own");
	DIR *d = opendir(out);
	if (!d)
		return err_set(e, OVL_EIO, out, "cannot read folder: %s", strerror(errno));
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || fio_is_output_name(n))
			continue;
		rc = err_set(e, OVL_EIO, out, "holds files overlap did not write (%s); each run "
			"replaces the output folder whole, so give a new or empty one", n);
		break;
	}
	closedir(d);
	return rc;
}

int fio_rundir_begin(const char *out, fio_rundir *rd, err_ctx *e)
{
	memset(rd, 0, sizeof *rd);
	rd->lock_fd = -1;
	rd->slot = -1;
	if (!out || !*out)
		return err_set(e, OVL_EIO, "", "no output folder given");
	char *o = xstrdup(out);
	size_t n = strlen(o);
	while (n > 1 && o[n - 1] == '/')
		o[--n] = '\0';
	char *parent, *base;
	split_path(o, &parent, &base);
	int rc = 0;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(o, "/") == 0) {
		rc = err_set(e, OVL_EIO, out, "the output folder cannot be the current or the root "
			"folder: each run replaces it whole; give a folder of its own");
		goto fail;
	}
	if ((rc = fio_mkdirs(parent, e)) < 0)
		goto fail;
	char *lock = xasprintf("%s/.%s.lock", parent, base);
	rd->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (rd->lock_fd < 0) {
		rc = err_set(e, OVL_EIO, lock, "cannot create lock file: %s", strerror(errno));
		free(lock);
		goto fail;
	}
	if (flock(rd->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		int err = errno;
		char pid[32] = "";
		ssize_t k = pread(rd->lock_fd, pid, sizeof pid - 1, 0);
		pid[k > 0 ? k : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		if (err == EWOULDBLOCK && pid[0])
			rc = err_set(e, OVL_EIO, out, "another overlap run (process %s) is writing this "
				"folder; wait for it to end, or give another --out", pid);
		else if (err == EWOULDBLOCK)
			rc = err_set(e, OVL_EIO, out, "another overlap run is writing this folder; wait "
				"for it to end, or give another --out");
		else
			rc = err_set(e, OVL_EIO, lock, "cannot lock: %s", strerror(err));
		free(lock);
		goto fail;
	}
	free(lock);
	char pidline[32];
	int pl = snprintf(pidline, sizeof pidline, "%ld\n", (long)getpid());
	if (ftruncate(rd->lock_fd, 0) == 0 && pwrite(rd->lock_fd, pidline, (size_t)pl, 0) < 0) {
		/* the pid is only for the message of a second run; the lock holds without it */
	}
	if ((rc = check_out(o, e)) < 0)
		goto fail;
	remove_stale_runs(parent, base);
	rd->dir = xasprintf("%s/.%s.run-XXXXXX", parent, base);
	if (!mkdtemp(rd->dir)) {
		rc = err_set(e, OVL_EIO, parent, "cannot create a run folder: %s", strerror(errno));
		free(rd->dir);
		rd->dir = NULL;
		goto fail;
	}
	chmod(rd->dir, 0755); /* mkdtemp makes 0700; the output folder is meant to be read */
	if (strlen(rd->dir) < TMP_NAME_MAX && !rundir_used) {
		memcpy(rundir_name, rd->dir, strlen(rd->dir) + 1);
		atomic_signal_fence(memory_order_seq_cst);
		rundir_used = 1;
		rd->slot = 0;
	}
	rd->out = o;
	free(parent);
	free(base);
	return 0;
fail:
	if (rd->lock_fd >= 0)
		close(rd->lock_fd);
	rd->lock_fd = -1;
	free(o);
	free(parent);
	free(base);
	return rc;
}

static void fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static void rundir_release(fio_rundir *rd)
{
	if (rd->slot >= 0)
		rundir_used = 0;
	rd->slot = -1;
	if (rd->lock_fd >= 0)
		close(rd->lock_fd);
	rd->lock_fd = -1;
	free(rd->dir);
	free(rd->out);
	rd->dir = rd->out = NULL;
}

int fio_rundir_commit(fio_rundir *rd, err_ctx *e)
{
	if (!rd->dir)
		return err_set(e, OVL_EIO, rd->out ? rd->out : "", "no run folder to commit");
	fsync_path(rd->dir);
	char *parent, *base;
	split_path(rd->out, &parent, &base);
	struct stat st;
	int rc = 0;
	if (lstat(rd->out, &st) != 0 && errno == ENOENT) {
		if (rename(rd->dir, rd->out) != 0)
			rc = err_set(e, OVL_EIO, rd->out, "cannot move the new outputs in place: %s",
				strerror(errno));
	} else if (renameat2(AT_FDCWD, rd->dir, AT_FDCWD, rd->out, RENAME_EXCHANGE) == 0) {
		/* rd->dir now holds the earlier set */
		if (rd->slot >= 0)
			rundir_used = 0;
		remove_tree(rd->dir);
	} else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
		/* A file system without RENAME_EXCHANGE: move the earlier set aside first. For the
		 * instant between the two renames OUT is missing, never mixed; a crash there
		 * leaves the earlier set in .OUT.run-old-PID (the next run removes it). */
		char *old = xasprintf("%s/.%s.run-old-%ld", parent, base, (long)getpid());
		if (rename(rd->out, old) != 0) {
			rc = err_set(e, OVL_EIO, rd->out, "cannot replace: %s", strerror(errno));
		} else if (rename(rd->dir, rd->out) != 0) {
			rc = err_set(e, OVL_EIO, rd->out, "cannot move the new outputs in place: %s",
				strerror(errno));
			if (rename(old, rd->out) != 0) {
				/* leave old where the next run's clean-up finds it */
			}
		} else {
			remove_tree(old);
		}
		free(old);
	} else {
		rc = err_set(e, OVL_EIO, rd->out, "cannot replace: %s", strerror(errno));
	}
	if (rc < 0) {
		remove_tree(rd->dir);
	} else {
		fsync_path(parent);
	}
	free(parent);
	free(base);
	rundir_release(rd);
	return rc;
}

void fio_rundir_abort(fio_rundir *rd)
{
	if (rd->dir)
		remove_tree(rd->dir);
	rundir_release(rd);
}
