/* strbuf.c - growable string (see strbuf.h). */
#include "overlap/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/mem.h"

void sb_add(sbuf *b, const char *s, size_t n)
{
	XGROW(b->p, b->cap, b->n + n + 1);
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void sb_puts(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len <= 0)
		return;
	XGROW(b->p, b->cap, b->n + (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)len;
}

void sb_free(sbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}
