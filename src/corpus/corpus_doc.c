/* corpus_doc.c - the document record (crp_doc): its reusable text buffer and clearing.
 *
 * A reader hands out one document at a time into the caller's crp_doc, whose text buffer
 * is reused from document to document (an allocation and the page faults of fresh memory
 * saved per document). It does not read anything: corpus.c and corpus_jsonl.c fill it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_int.h"
#include "overlap/mem.h"

/* A text buffer of at least n bytes in doc, reusing the one it holds when large enough
 * (contents not kept). A new buffer is rounded up to a power of two (at least 4 KiB), so
 * a reused doc settles after a few sizes instead of reallocating for each larger one. */
uint8_t *crp_doc_text_buffer(crp_doc *doc, size_t n)
{
	if (!doc->text || doc->text_cap < n) {
		size_t c = 4096;
		while (c < n && c <= SIZE_MAX / 2)
			c *= 2;
		if (c < n)
			c = n;
		free(doc->text);
		doc->text = xmalloc(c);
		doc->text_cap = c;
	}
	return doc->text;
}

static void doc_release(crp_doc *doc, bool keep_text)
{
	uint8_t *text = keep_text ? doc->text : NULL;
	size_t text_cap = keep_text && text ? doc->text_cap : 0;
	free(doc->id);
	free(doc->path);
	if (!keep_text)
		free(doc->text);
	free(doc->title);
	free(doc->source);
	free(doc->date);
	free(doc->url);
	free(doc->meta_json);
	memset(doc, 0, sizeof *doc);
	doc->text = text;
	doc->text_cap = text_cap;
}

void crp_doc_clear(crp_doc *doc) { doc_release(doc, false); }

void crp_doc_recycle(crp_doc *doc) { doc_release(doc, true); }
