/* fuzz_jsonl.c - libFuzzer target for the JSON Lines reader (corpus_jsonl.c: lines cut from
 * the byte source and parsed).
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

#include "../unit/crp_trace.h"
#include "corpus/corpus_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FUZZ_MAX_DOC = 4096, FUZZ_MAX_INFLATE = 1 << 20 };

static void check_warn(void *ud, const char *path, const char *msg)
{
	size_t n = strlen(msg);
	if (!path || strncmp(path, "fuzz.jsonl", 10) != 0 || n == 0 || msg[n - 1] == '\n')
		abort();
	crp_trace_warn(ud, path, msg);
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
	crp_trace_doc(ud, d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	crp_trace fast = { 0 }, ref = { 0 };
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
