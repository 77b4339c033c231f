/* mem.c - aborting allocators (see mem.h). The only place that handles ENOMEM. */
#include "overlap/mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
