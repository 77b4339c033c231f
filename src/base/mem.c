/* mem.c - aborting allocators (see mem.h). The only place that handles ENOMEM. */
#include "overlap/mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

static void oom(size_t nbytes)
{
	fprintf(stderr, "overlap: out of memory allocating %zu bytes\n", nbytes);
	abort();
}

void *xmalloc(size_t nbytes)
{
	void *p = malloc(nbytes ? nbytes : 1);
	if (!p)
		oom(nbytes);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t nbytes)
{
	void *q = realloc(p, nbytes ? nbytes : 1);
	if (!q)
		oom(nbytes);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void xgrow(void **p, size_t *cap, size_t need, size_t elsz)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / elsz)
			oom(SIZE_MAX);
		c *= 2;
	}
	*p = xrealloc(*p, c * elsz);
	*cap = c;
}

void *xjoin(void **parts, const size_t *n, size_t nparts, size_t elsz, size_t *total)
{
	size_t t = 0;
	for (size_t i = 0; i < nparts; i++) {
		if (n[i] > SIZE_MAX - t)
			oom(SIZE_MAX);
		t += n[i];
	}
	if (elsz && t > SIZE_MAX / elsz)
		oom(SIZE_MAX);
	char *v = t ? xmalloc(t * elsz) : NULL;
	size_t at = 0;
	for (size_t i = 0; i < nparts; i++) {
		if (n[i])
			memcpy(v + at * elsz, parts[i], n[i] * elsz);
		at += n[i];
		free(parts[i]);
		parts[i] = NULL;
	}
	*total = t;
	return v;
}

/* ---- large arrays ---- */

/* Not under AddressSanitizer: malloc'd arrays keep its bounds checks in the test build. */
#if defined(__linux__) && defined(MREMAP_MAYMOVE) && defined(MADV_HUGEPAGE) &&                \
	!defined(__SANITIZE_ADDRESS__)
#define MEM_BIG_MMAP 1
#define MEM_HUGE ((size_t)2 << 20)

static size_t big_bytes(size_t cap, size_t elsz)
{
	size_t b = cap * elsz;
	return (b + MEM_HUGE - 1) & ~(MEM_HUGE - 1);
}
#endif

void xbig_grow(void **p, size_t *cap, size_t need, size_t elsz)
{
	if (need <= *cap)
		return;
#ifdef MEM_BIG_MMAP
	size_t c = *cap ? *cap : MEM_HUGE / elsz;
	while (c < need) {
		if (c > SIZE_MAX / 4 / elsz)
			oom(SIZE_MAX);
		c *= 2;
	}
	size_t nb = big_bytes(c, elsz);
	void *q;
	if (*p)
		q = mremap(*p, big_bytes(*cap, elsz), nb, MREMAP_MAYMOVE);
	else
		q = mmap(NULL, nb, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED)
		oom(nb);
	(void)madvise(q, nb, MADV_HUGEPAGE); /* fails harmlessly where THP is off */
	*p = q;
	*cap = c;
#else
	xgrow(p, cap, need, elsz);
#endif
}

void xbig_shrink(void *p, size_t *cap, size_t keep, size_t elsz)
{
	if (!p || keep >= *cap)
		return;
#ifdef MEM_BIG_MMAP
	size_t c = *cap;
	while (c / 2 >= keep && c / 2 >= MEM_HUGE / elsz)
		c /= 2;
	if (c < *cap && munmap((char *)p + big_bytes(c, elsz),
			       big_bytes(*cap, elsz) - big_bytes(c, elsz)) == 0)
		*cap = c;
#else
	(void)elsz; /* a malloc'd array keeps its size: realloc might move it */
#endif
}

void xbig_free(void *p, size_t cap, size_t elsz)
{
	if (!p)
		return;
#ifdef MEM_BIG_MMAP
	munmap(p, big_bytes(cap, elsz));
#else
	(void)cap;
	(void)elsz;
	free(p);
#endif
}
