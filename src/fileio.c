/* fileio.c - atomic output files (see fileio.h).
 *
 * Workload: a handful of files per run, so simplicity wins: a fixed table of in-flight
 * temporary names (MAX_INFLIGHT) that a signal handler can walk without locks or malloc.
 */
#include "overlap/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

void fio_remove_temps(void)
{
	for (int i = 0; i < MAX_INFLIGHT; i++)
		if (inflight_used[i])
			unlink(inflight_name[i]);
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
