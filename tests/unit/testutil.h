/* testutil.h - small helpers shared by the unit tests (cmocka): reading fixture files from
 * the source tree, and making edited copies of text. Header-only (static inline) so each test stays one translation unit. */
#ifndef OVERLAP_TESTUTIL_H
#define OVERLAP_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

/* The source tree: $OVL_SOURCE_ROOT (set by meson test), else the compiled-in path. */
static inline const char *tu_root(void)
{
	const char *r = getenv("OVL_SOURCE_ROOT");
	return r && *r ? r : OVL_SOURCE_ROOT;
}

/* Whole file, NUL-terminated (the NUL is not counted in *n); fails the test when the file
 * cannot be read. Caller frees. */
static inline char *tu_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (len < 0)
		fail_msg("cannot size %s", path);
	char *b = malloc((size_t)len + 1);
	assert_non_null(b);
	size_t got = fread(b, 1, (size_t)len, f);
	fclose(f);
	assert_int_equal(got, (size_t)len);
	b[got] = '\0';
	if (n)
		*n = got;
	return b;
}

/* A file below the source tree, e.g. tu_read_source("corpus/000_a7004b4e3752436e.txt"). */
static inline char *tu_read_source(const char *rel, size_t *n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", tu_root(), rel);
	return tu_slurp(path, n);
}

/* A file of corpus/ by name. */
static inline char *tu_read_corpus(const char *name, size_t *n)
{
	char rel[1024];
	snprintf(rel, sizeof rel, "corpus/%s", name);
	return tu_read_source(rel, n);
}

/* s with every k-th space-separated word dropped (a reworded copy). Caller frees. */
static inline char *tu_drop_words(const char *s, size_t n, unsigned k, size_t *out_n)
{
	char *o = malloc(n + 1);
	assert_non_null(o);
	size_t w = 0, word = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == ' ' || s[i] == '\n') {
			o[w++] = s[i++];
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\n')
			j++;
		if (++word % k != 0) {
			memcpy(o + w, s + i, j - i);
			w += j - i;
		}
		i = j;
	}
	*out_n = w;
	return o;
}

/* A new folder /tmp/ovl_<tag>_XXXXXX; fails the test when it cannot be made. Caller frees. */
static inline char *tu_mkdtemp(const char *tag)
{
	char tmpl[256];
	snprintf(tmpl, sizeof tmpl, "/tmp/ovl_%s_XXXXXX", tag);
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	char *out = strdup(d);
	assert_non_null(out);
	return out;
}

/* Remove path and everything below it, unreadable folders included (tests chmod some). */
static inline void tu_rm_rf(const char *path)
{
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", path, path);
	assert_int_equal(system(cmd), 0);
}

/* Write data[0..n) to dir/name; fails the test on any error. */
static inline void tu_write_file(const char *dir, const char *name, const void *data, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

#endif
