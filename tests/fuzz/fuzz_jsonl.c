/* fuzz_jsonl.c - libFuzzer target for the JSON Lines reader of corpus.c.
 *
 * The input is the contents of a file named "fuzz.jsonl" (gzip detected by content, so
 * compressed inputs reach the same path). A small max_doc_bytes exercises the long-line
 * skip. Every delivered document is checked against the crp_doc contract; a violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corpus_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FUZZ_MAX_DOC = 4096, FUZZ_MAX_INFLATE = 1 << 20 };

static void check_warn(void *ud, const char *path, const char *msg)
{
	(void)ud;
	size_t n = strlen(msg);
	if (!path || strncmp(path, "fuzz.jsonl", 10) != 0 || n == 0 || msg[n - 1] == '\n')
		abort();
}

static int check_doc(void *ud, const crp_doc *d)
{
	(void)ud;
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
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	crp_opts o = {.max_inflate = FUZZ_MAX_INFLATE, .max_doc_bytes = FUZZ_MAX_DOC,
		      .warn = check_warn};
	if (crp_read_buffer("fuzz.jsonl", data, size, &o, check_doc, NULL) < 0)
		abort();
	return 0;
}
