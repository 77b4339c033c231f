/* corpus_int.h - internals of corpus.c for the fuzz targets and unit tests.
 *
 * crp_read_buffer runs the exact per-file path of crp_next (gzip detection and inflation
 * under the cap, binary and empty checks, JSON Lines or whole-file document) over bytes
 * already in memory, so a fuzzer can drive it without touching the file system.
 * Not part of the public API: the CLI and the pipeline use corpus.h only.
 */
#ifndef OVERLAP_CORPUS_INT_H
#define OVERLAP_CORPUS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "overlap/corpus.h"

/* Called once per document; doc is valid only during the call. Return non-zero to stop. */
typedef int (*crp_doc_fn)(void *ud, const crp_doc *doc);

/* Treat data[0..nbytes) as the contents of a file called name (its extension decides JSON
 * Lines vs one whole-file document, as for a file named on the command line) and hand
 * every document to fn (which may be NULL). data is borrowed. Warnings go to opts->warn.
 * @return the number of documents delivered (>= 0), or a negative ovl_err for bad options. */
int crp_read_buffer(const char *name, const uint8_t *data, size_t nbytes, const crp_opts *opts,
		    crp_doc_fn fn, void *ud);

#endif
