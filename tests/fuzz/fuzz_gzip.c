/* fuzz_gzip.c - libFuzzer target for the byte source (corpus_source.c) as the reader drives
 * it: gzip sniffing, inflation of concatenated members under a small cap (so bombs end
 * fast), truncation and corruption, then the binary/empty checks and the title of a
 * whole-file document.
 * Every delivered document is checked against the crp_doc contract; a violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/corpus_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FUZZ_MAX_INFLATE = 256 * 1024, FUZZ_MAX_DOC = 1 << 20, TITLE_MAX = 200 };

static void check_warn(void *ud, const char *path, const char *msg)
{
	(void)ud;
	size_t n = strlen(msg);
	if (!path || strcmp(path, "fuzz.txt.gz") != 0 || n == 0 || msg[n - 1] == '\n')
		abort();
}

static int check_doc(void *ud, const crp_doc *d)
{
	(void)ud;
	if (!d->id || strcmp(d->id, "fuzz") != 0 || d->line != 0 || !d->text)
		abort();
	if (d->text[d->nbytes] != '\0' || d->nbytes > FUZZ_MAX_INFLATE)
		abort();
	if (d->source || d->date || d->url || d->meta_json)
		abort();
	if (d->title) {
		size_t n = strlen(d->title);
		if (n == 0 || n > TITLE_MAX || (n >= 3 && memcmp(d->title, "\xef\xbb\xbf", 3) == 0))
			abort();
		if (d->title[0] == ' ' || d->title[n - 1] == ' ')
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	crp_opts o = {.max_inflate = FUZZ_MAX_INFLATE, .max_doc_bytes = FUZZ_MAX_DOC,
		      .warn = check_warn};
	if (crp_read_buffer("fuzz.txt.gz", data, size, &o, check_doc, NULL) < 0)
		abort();
	return 0;
}
