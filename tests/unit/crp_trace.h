/* crp_trace.h - everything a corpus reader run delivered, as one string: each document's
 * fields and each warning, in order, every value with its length. Two runs over the same
 * input (the reader's own JSON Lines parsing, and jansson alone: crp_opts.jsonl_reference)
 * must give the same bytes; tests/unit/test_corpus.c and tests/fuzz/fuzz_jsonl.c compare
 * them. Header-only (static inline), free of cmocka so the fuzz target can use it; out of
 * memory aborts. Free t->s when done.
 */
#ifndef OVERLAP_CRP_TRACE_H
#define OVERLAP_CRP_TRACE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/corpus.h"

typedef struct crp_trace {
	char *s;      /* NUL-terminated once anything was added */
	size_t n, cap;
} crp_trace;

/* Append "WHAT N:" and the N bytes of v. */
static inline void crp_trace_add(crp_trace *t, const char *what, const char *v, size_t n)
{
	size_t need = t->n + strlen(what) + n + 32;
	if (need > t->cap) {
		t->cap = need * 2;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	t->n += (size_t)snprintf(t->s + t->n, t->cap - t->n, "%s %zu:", what, n);
	memcpy(t->s + t->n, v, n);
	t->n += n;
	t->s[t->n] = '\0';
}

/* Append a string, "(null)" for NULL. */
static inline void crp_trace_str(crp_trace *t, const char *what, const char *v)
{
	crp_trace_add(t, what, v ? v : "(null)", v ? strlen(v) : 6);
}

/* A warning (an ovl_warn_fn's arguments). */
static inline void crp_trace_warn(crp_trace *t, const char *path, const char *msg)
{
	crp_trace_str(t, "warn", path);
	crp_trace_str(t, "msg", msg);
}

/* A document: line, id, title, source, date, url, metadata and text. */
static inline void crp_trace_doc(crp_trace *t, const crp_doc *d)
{
	char line[32];
	snprintf(line, sizeof line, "%zu", d->line);
	crp_trace_str(t, "line", line);
	crp_trace_str(t, "id", d->id);
	crp_trace_str(t, "title", d->title);
	crp_trace_str(t, "source", d->source);
	crp_trace_str(t, "date", d->date);
	crp_trace_str(t, "url", d->url);
	crp_trace_str(t, "meta", d->meta_json);
	crp_trace_add(t, "text", (const char *)d->text, d->nbytes);
}

#endif
