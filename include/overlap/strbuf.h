/* strbuf.h - a growable NUL-terminated byte string, for writers that build text (gnuplot
 * scripts, HTML) before writing it atomically. Growth aborts on OOM like xmalloc.
 * It does no escaping: each writer quotes for its own language.
 */
#ifndef OVERLAP_STRBUF_H
#define OVERLAP_STRBUF_H

#include <stddef.h>

typedef struct sbuf {
	char *p;       /* NUL-terminated once anything was added; NULL while empty */
	size_t n, cap; /* bytes used (without the NUL), bytes allocated */
} sbuf;

/* Append n bytes of s (NUL bytes included). */
void sb_add(sbuf *b, const char *s, size_t n);
/* Append the NUL-terminated s. */
void sb_puts(sbuf *b, const char *s);
/* Append printf-formatted text. */
void sb_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Release the buffer; b is empty again. */
void sb_free(sbuf *b);

#endif
