/* fuzz_jsonl.c - libFuzzer target for the JSON Lines reader of corpus.c.
 *
 * The input is the contents of a file named "fuzz.jsonl" (gzip detected by content, so
 * compressed inputs reach the same path). A small max_doc_bytes exercises the long-line
 * skip. Every delivered document is checked against the crp_doc contract, and the input is
 * read twice: by the reader's own JSON parsing and by jansson alone (crp_opts
 * jsonl_reference); any difference in documents or warnings aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corpus/corpus_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FUZZ_MAX_DOC = 4096, FUZZ_MAX_INFLATE = 1 << 20 };

/* Everything a run delivered, as one string: documents' fields and the warnings, in order. */
typedef struct trace {
	char *s;
	size_t n, cap;
} trace;

static void add(trace *t, const char *what, const char *v, size_t n)
{
	size_t wl = strlen(what);
	if (t->n + wl + n + 32 > t->cap) {
		t->cap = (t->n + wl + n + 32) * 2;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	t->n += (size_t)snprintf(t->s + t->n, t->cap - t->n, "%s %zu:", what, n);
	memcpy(t->s + t->n, v, n);
	t->n += n;
}

static void add_str(trace *t, const char *what, const char *v)
{
	add(t, what, v ? v : "(null)", v ? strlen(v) : 6);
}

static void check_warn(void *ud, const char *path, const char *msg)
{
	size_t n = strlen(msg);
	if (!path || strncmp(path, "fuzz.jsonl", 10) != 0 || n == 0 || msg[n - 1] == '\n')
		abort();
	add_str(ud, "warn", path);
	add_str(ud, "msg", msg);
}

static int check_doc(void *ud, const crp_doc *d)
{
	if (!d->id || !d->id[0] || !d->path || strcmp(d->path, "fuzz.jsonl") != 0)
		abort();
	if (d->line == 0 || !d->text || d->text[d->nbytes] != '\0' || d->nbytes > FUZZ_MAX_DOC)
		abort();
	if (!d->meta_json)
		abort();
	json_error_t jerr;
	json_t *m = json_loads(d->meta_json, 0, &jerr);
	if (!json_is_object(m) || json_object_get(m, "text") || !json_object_get(m, "id"))
		abort();
	json_decref(m);
	char line[32];
	snprintf(line, sizeof line, "%zu", d->line);
	add_str(ud, "line", line);
	add_str(ud, "id", d->id);
	add_str(ud, "title", d->title);
	add_str(ud, "source", d->source);
	add_str(ud, "date", d->date);
	add_str(ud, "url", d->url);
	add_str(ud, "meta", d->meta_json);
	add(ud, "text", (const char *)d->text, d->nbytes);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	trace fast = { 0 }, ref = { 0 };
	crp_opts o = {.max_inflate = FUZZ_MAX_INFLATE, .max_doc_bytes = FUZZ_MAX_DOC,
		      .warn = check_warn, .warn_ud = &fast};
	if (crp_read_buffer("fuzz.jsonl", data, size, &o, check_doc, &fast) < 0)
		abort();
	o.warn_ud = &ref;
	o.jsonl_reference = true;
	if (crp_read_buffer("fuzz.jsonl", data, size, &o, check_doc, &ref) < 0)
		abort();
	if (fast.n != ref.n || (fast.n && memcmp(fast.s, ref.s, fast.n) != 0))
		abort();
	free(fast.s);
	free(ref.s);
	return 0;
}
