/* test_fileio.c - atomic output files: a reader sees the old file or the new one, never half,
 * and failures leave the earlier file and no temporary behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "overlap/fileio.h"
#include "overlap/mem.h"
#include "testutil.h"

/* ---- helpers --------------------------------------------------------------------- */

/* Whole file as a NUL-terminated string; NULL when it cannot be opened. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0, k;
	char *b = xmalloc(cap + 1);
	while ((k = fread(b + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			cap *= 2;
			b = xrealloc(b, cap + 1);
		}
	}
	fclose(f);
	b[n] = '\0';
	return b;
}

/* Number of entries of dir whose name contains ".tmp." (temporaries left behind). */
static int count_temps(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".tmp."))
			n++;
	closedir(d);
	return n;
}

/* A real article, so the content is not a toy string. */
static char *article(void)
{
	const char *root = getenv("OVL_SOURCE_ROOT");
	if (!root)
		root = OVL_SOURCE_ROOT;
	char *p = xasprintf("%s/corpus/000_a7004b4e3752436e.txt", root);
	char *t = slurp(p);
	assert_non_null(t);
	free(p);
	return t;
}

/* ---- tests ----------------------------------------------------------------------- */

static void test_commit_replaces(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("fileio");
	char *path = xasprintf("%s/report.json", dir);
	char *text = article();
	err_ctx e = {0};

	assert_int_equal(fio_write_file(path, "old\n", 4, &e), 0);
	fio_atomic a;
	assert_int_equal(fio_atomic_open(path, &a, &e), 0);
	assert_non_null(a.fp);
	assert_int_equal(fputs(text, a.fp) >= 0, 1);
	/* before commit: the old file is whole, and the new bytes sit in a temporary */
	char *now = slurp(path);
	assert_string_equal(now, "old\n");
	free(now);
	assert_int_equal(count_temps(dir), 1);

	assert_int_equal(fio_atomic_commit(&a, &e), 0);
	now = slurp(path);
	assert_string_equal(now, text);
	free(now);
	assert_int_equal(count_temps(dir), 0);
	assert_null(a.fp);
	assert_int_equal(fio_atomic_commit(&a, &e), OVL_EIO); /* twice: an error, no crash */
	fio_atomic_abort(&a); /* safe after commit, and must not remove the committed file */
	now = slurp(path);
	assert_non_null(now);
	assert_string_equal(now, text);
	free(now);

	/* fio_write_file also replaces, and an empty buffer gives an empty file */
	assert_int_equal(fio_write_file(path, "", 0, &e), 0);
	now = slurp(path);
	assert_string_equal(now, "");
	free(now);

	free(text);
	free(path);
	tu_rm_rf(dir);
	free(dir);
}

static void test_abort_keeps_earlier(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("fileio");
	char *path = xasprintf("%s/chart.gp", dir);
	char *text = article();
	err_ctx e = {0};

	assert_int_equal(fio_write_file(path, text, strlen(text), &e), 0);
	fio_atomic a;
	assert_int_equal(fio_atomic_open(path, &a, &e), 0);
	fputs("half a file", a.fp);
	fflush(a.fp);
	fio_atomic_abort(&a);
	char *now = slurp(path);
	assert_string_equal(now, text);
	free(now);
	assert_int_equal(count_temps(dir), 0);
	fio_atomic_abort(&a); /* twice: no-op */

	/* abort with no earlier file leaves nothing */
	char *fresh = xasprintf("%s/new.html", dir);
	assert_int_equal(fio_atomic_open(fresh, &a, &e), 0);
	fputs("<html>", a.fp);
	fio_atomic_abort(&a);
	assert_int_equal(access(fresh, F_OK), -1);
	assert_int_equal(count_temps(dir), 0);

	free(fresh);
	free(text);
	free(path);
	tu_rm_rf(dir);
	free(dir);
}

static void test_remove_temps(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("fileio");
	char *p1 = xasprintf("%s/a.json", dir), *p2 = xasprintf("%s/b.json", dir);
	err_ctx e = {0};
	fio_atomic a1, a2;
	assert_int_equal(fio_atomic_open(p1, &a1, &e), 0);
	assert_int_equal(fio_atomic_open(p2, &a2, &e), 0);
	assert_int_equal(count_temps(dir), 2);
	fio_remove_temps(); /* what the signal handler does */
	assert_int_equal(count_temps(dir), 0);
	fio_atomic_abort(&a1);
	fio_atomic_abort(&a2);
	assert_int_equal(access(p1, F_OK), -1);
	assert_int_equal(access(p2, F_OK), -1);

	/* a committed file is no longer a temporary: remove_temps leaves it */
	assert_int_equal(fio_write_file(p1, "x", 1, &e), 0);
	fio_remove_temps();
	assert_int_equal(access(p1, F_OK), 0);
	free(p1);
	free(p2);
	tu_rm_rf(dir);
	free(dir);
}

static void test_unwritable(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("fileio");
	err_ctx e = {0};
	fio_atomic a;

	/* folder missing */
	char *missing = xasprintf("%s/no/such/report.json", dir);
	assert_int_equal(fio_atomic_open(missing, &a, &e), OVL_EIO);
	assert_string_equal(e.path, missing);
	assert_non_null(strstr(e.msg, "No such file or directory"));
	assert_null(a.fp);
	assert_null(a.tmp);
	fio_atomic_abort(&a); /* safe after a failed open */
	assert_int_equal(fio_write_file(missing, "x", 1, &e), OVL_EIO);

	/* a file where a folder should be: fails even for root */
	char *file = xasprintf("%s/plain", dir);
	assert_int_equal(fio_write_file(file, "x", 1, &e), 0);
	char *under = xasprintf("%s/plain/report.json", dir);
	memset(&e, 0, sizeof e);
	assert_int_equal(fio_write_file(under, "x", 1, &e), OVL_EIO);
	assert_non_null(strstr(e.msg, "Not a directory"));

	/* the final name is a non-empty folder: commit fails, the temporary is removed */
	char *sub = xasprintf("%s/sub", dir);
	assert_int_equal(fio_mkdirs(sub, &e), 0);
	char *inner = xasprintf("%s/sub/keep", dir);
	assert_int_equal(fio_write_file(inner, "k", 1, &e), 0);
	assert_int_equal(fio_atomic_open(sub, &a, &e), 0);
	fputs("data", a.fp);
	memset(&e, 0, sizeof e);
	assert_int_equal(fio_atomic_commit(&a, &e), OVL_EIO);
	assert_string_equal(e.path, sub);
	assert_int_equal(count_temps(dir), 0);
	assert_int_equal(access(inner, F_OK), 0);

	/* a read-only folder (root ignores the permission bits, so only as a normal user) */
	if (geteuid() != 0) {
		char *ro = xasprintf("%s/ro", dir);
		assert_int_equal(mkdir(ro, 0555), 0);
		char *rofile = xasprintf("%s/ro/out.json", dir);
		assert_int_equal(fio_write_file(rofile, "x", 1, &e), OVL_EIO);
		assert_non_null(strstr(e.msg, "Permission denied"));
		assert_int_equal(fio_mkdirs(ro, &e), OVL_EIO);
		assert_non_null(strstr(e.msg, "not writable"));
		chmod(ro, 0755);
		free(rofile);
		free(ro);
	}

	free(inner);
	free(sub);
	free(under);
	free(file);
	free(missing);
	tu_rm_rf(dir);
	free(dir);
}

static void test_mkdirs(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("fileio");
	err_ctx e = {0};
	struct stat st;

	char *deep = xasprintf("%s/out/charts/2024/", dir);
	assert_int_equal(fio_mkdirs(deep, &e), 0);
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(fio_mkdirs(deep, &e), 0); /* exists: fine */

	char *dbl = xasprintf("%s//x//y", dir);
	assert_int_equal(fio_mkdirs(dbl, &e), 0);
	char *y = xasprintf("%s/x/y", dir);
	assert_int_equal(stat(y, &st), 0);

	/* a file on the way or at the end */
	char *file = xasprintf("%s/f", dir);
	assert_int_equal(fio_write_file(file, "x", 1, &e), 0);
	memset(&e, 0, sizeof e);
	assert_int_equal(fio_mkdirs(file, &e), OVL_EIO);
	assert_non_null(strstr(e.msg, "not a folder"));
	char *below = xasprintf("%s/f/g/h", dir);
	memset(&e, 0, sizeof e);
	assert_int_equal(fio_mkdirs(below, &e), OVL_EIO);
	assert_non_null(strstr(e.msg, "cannot create folder"));
	assert_int_equal(e.code, OVL_EIO);

	/* degenerate names */
	assert_int_equal(fio_mkdirs("", &e), OVL_EIO);
	assert_int_equal(fio_mkdirs("/", &e), geteuid() == 0 ? 0 : OVL_EIO);

	/* relative path, from inside the temp folder */
	char *cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(fio_mkdirs(".", &e), 0);
	assert_int_equal(fio_mkdirs("rel/a", &e), 0);
	assert_int_equal(stat("rel/a", &st), 0);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);

	free(below);
	free(file);
	free(y);
	free(dbl);
	free(deep);
	tu_rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_replaces),
		cmocka_unit_test(test_abort_keeps_earlier),
		cmocka_unit_test(test_remove_temps),
		cmocka_unit_test(test_unwritable),
		cmocka_unit_test(test_mkdirs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
