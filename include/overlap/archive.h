/* archive.h - one SQLite file of documents (metadata, content hash, MinHash signature, LSH
 * band and containment-sample postings, zlib text or shingle set) to add to day by day and
 * query: which stored documents a new one repeats, with analyze's exact figures.
 * Workload: millions of ~3 KB articles; an add is ~105 B-tree inserts a document, a query
 * ~40 lookups plus exact verification of a few candidates (all documents up to scan_max).
 * It does NOT print or build JSON (src/cli/archive_cmd.c does). Ownership: arc is opaque
 * (arc_open/arc_close); arc_answer and arc_stats own their contents (*_clear frees them).
 */
#ifndef OVERLAP_ARCHIVE_H
#define OVERLAP_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/align.h"
#include "overlap/corpus.h"
#include "overlap/err.h"
#include "overlap/lsh.h"
#include "overlap/relation.h"

/* Schema version this build writes and reads (PRAGMA user_version). */
#define ARC_SCHEMA_VERSION 1

/* The settings that shape the index; stored in the archive at its first add. */
typedef struct arc_settings {
	unsigned shingle_k;     /* words per shingle */
	unsigned char_ngrams;   /* 0 = word shingles, else characters per shingle */
	unsigned nperm;         /* MinHash signature length */
	uint64_t seed;          /* hash seed */
	double threshold;       /* Jaccard threshold (chooses bands x rows) */
	double containment;     /* containment threshold (> 1 disables it) */
	uint64_t scan_max;      /* up to this many documents a query verifies every one */
	uint64_t gen_docs;      /* document numbers per generation of posting tables */
	unsigned bands, rows;   /* the LSH plan (derived from threshold and nperm) */
} arc_settings;

/* The defaults of `analyze` (sim_opts_default), with the plan filled in. */
arc_settings arc_settings_default(void);

/* Fill s->bands and s->rows from threshold and nperm. @return 0 or OVL_EUSAGE. */
int arc_settings_plan(arc_settings *s);

/* "shingle 5, perm 128, seed 1, threshold 0.30, containment 0.50, scan-max 5000" */
void arc_settings_describe(const arc_settings *s, char *buf, size_t cap);

typedef struct arc arc;

enum arc_open_mode {
	ARC_READ = 0,   /* query, stats, check: the file must be an archive */
	ARC_WRITE = 1,  /* remove: the file must be an archive */
	ARC_CREATE = 2, /* add: an absent or empty file becomes a new archive */
};

/* Open path. busy_ms: how long a writer waits for another writer before giving up.
 * A missing file (unless ARC_CREATE), a file that is not SQLite (truncated header, text,
 * gzip...), an SQLite file of another program, a damaged file, a schema newer than
 * ARC_SCHEMA_VERSION or an older one this build cannot migrate: OVL_EINPUT with one line
 * in e. @return 0 and *out, or a negative ovl_err. */
int arc_open(const char *path, int mode, unsigned busy_ms, arc **out, err_ctx *e);

void arc_close(arc *a); /* NULL is a no-op */

/* The stored settings into *s. @return true, or false when nothing was added yet. */
bool arc_get_settings(const arc *a, arc_settings *s);

/* ---- add ---- */

typedef struct arc_add_opts {
	arc_settings set;       /* used for a new archive; must equal the stored ones otherwise */
	bool settings_given;    /* false: take the stored settings (set used only when new) */
	bool store_text;        /* keep the text (zlib); else keep the shingle set */
	size_t batch_docs;      /* documents per transaction (0 = ARC_BATCH_DOCS) */
	unsigned threads;       /* shingling/sketching threads (0 = all cores) */
	ovl_warn_fn warn;       /* "replaced: content changed", invalid UTF-8 ... (may be NULL) */
	/* After each committed transaction: documents committed so far in this call. */
	void (*on_commit)(void *ud, uint64_t committed);
	void *ud;
} arc_add_opts;

typedef struct arc_add_stats {
	uint64_t seen;          /* documents read */
	uint64_t added;         /* new ids */
	uint64_t replaced;      /* known id, changed content */
	uint64_t unchanged;     /* known id, same content: skipped */
	uint64_t batches;       /* transactions committed */
} arc_add_stats;

/* Add every document of r, in transactions of batch_docs documents. A document whose id and
 * content hash are already stored is skipped; one whose id is stored with other content
 * replaces it (a warning says so). Settings differing from the stored ones: OVL_EUSAGE with
 * both listed. Another writer holding the archive past busy_ms: OVL_EIO "archive is busy".
 * What was committed before an error stays. *st (may be NULL) counts what was done.
 * @return 0, or a negative ovl_err with e filled. */
int arc_add(arc *a, crp_reader *r, const arc_add_opts *o, arc_add_stats *st, err_ctx *e);

/* arc_add over documents in memory (borrowed; copied per batch), e.g. text read from
 * standard input. Same contract as arc_add. */
int arc_add_docs(arc *a, const crp_doc *docs, size_t n, const arc_add_opts *o,
		 arc_add_stats *st, err_ctx *e);

/* Remove the document with this id. @return 1 removed, 0 no such id, <0 error. */
int arc_remove(arc *a, const char *id, err_ctx *e);

/* ---- query ---- */

typedef struct arc_query_opts {
	bool passages;          /* align passages (needs stored text on the archive side) */
	bool claims;            /* claims of the query and its matches: shared, new,
				 * contradictions, and the relation judged with them (needs passages) */
	bool stem;              /* Snowball stems as passage keys (as analyze) */
	aln_opts aln;
} arc_query_opts;

arc_query_opts arc_query_opts_default(void);

/* A claim's place: byte spans of its mention in the query (a) and in the archived text (b);
 * a side where the claim is not made is 0, 0. */
typedef struct arc_claim_span {
	uint32_t a_start, a_end, b_start, b_end;
} arc_claim_span;

/* A contradiction between the query (a) and the archived document (b). */
typedef struct arc_contra {
	uint8_t kind;                /* enum rel_kind */
	char reason[256];            /* one line, as in report.json */
	arc_claim_span span;
} arc_contra;

/* One archived document a query document overlaps. a = the query document, b = this one. */
typedef struct arc_match {
	char *id, *title, *source, *date, *url, *path; /* owned; NULL when absent */
	double jaccard;              /* exact, over shingle sets */
	double jaccard_est;          /* MinHash estimate */
	double cont_ab, cont_ba;     /* |A∩B|/|A|, |A∩B|/|B| */
	uint32_t words_b;            /* words in b */
	aln_passage *passages;       /* owned; a_* spans in the query, b_* in the archived text */
	size_t npassages;
	double cov_a, cov_b;         /* share of each side inside non-boilerplate passages */
	rel_relation rel;            /* repeat/extend/contradict/...: with claims when opts.claims
				      * (its claim indices refer to a set already freed: use the
				      * spans below), else document evidence only; rel.extender
				      * is 0 the query, 1 this document, -1 neither */
	bool have_claims;            /* claims were compared */
	arc_claim_span *shared;      /* claims both make */
	size_t nshared;
	arc_claim_span *new_a;       /* claims only the query makes (a spans) */
	size_t nnew_a;
	arc_claim_span *new_b;       /* claims only the archived document makes (b spans) */
	size_t nnew_b;
	arc_contra *contra;          /* contradictions between the two */
	size_t ncontra;
	int first;                   /* by date: -1 unknown or same day, 0 the query, 1 this one */
	uint8_t *text;               /* archived text (owned), NULL when only shingles are kept */
	size_t nbytes;
} arc_match;

typedef struct arc_answer {
	arc_match *m;                /* strongest first: max(jaccard, containments), then id */
	size_t n;
	uint32_t words_a;            /* words in the query document */
	uint64_t ncandidates;        /* archived documents verified */
	bool scanned;                /* every archived document was verified (small archive) */
	bool self;                   /* a document with q's id is archived: q itself, skipped */
} arc_answer;

/* The archived documents q overlaps: exact jaccard >= threshold or a containment >=
 * containment (the stored settings), as analyze reports pairs. A stored document with q's
 * id is q itself and is left out. An empty archive answers nothing. *out is overwritten
 * (call arc_answer_clear before reuse). @return 0, or a negative ovl_err with e filled. */
int arc_query(arc *a, const crp_doc *q, const arc_query_opts *o, arc_answer *out, err_ctx *e);

void arc_answer_clear(arc_answer *ans);

/* ---- stats and check ---- */

typedef struct arc_stats {
	uint64_t docs, docs_text, docs_empty;
	uint64_t text_bytes;         /* original bytes of stored documents */
	uint64_t ztext_bytes;        /* stored (zlib) text bytes */
	uint64_t set_bytes;          /* stored shingle-set bytes (--no-text documents) */
	uint64_t band_rows, sample_rows;
	uint64_t file_bytes, wal_bytes;
	int schema;
	bool have_settings;
	arc_settings set;
	char *oldest_date, *newest_date; /* owned; NULL when no document has a date */
} arc_stats;

/* Everything above; reads every document row (seconds for a million documents). */
int arc_get_stats(arc *a, arc_stats *st, err_ctx *e);

/* Number of documents, from the id index only (milliseconds). @return 0 or <0. */
int arc_count(arc *a, uint64_t *n, err_ctx *e);
void arc_stats_clear(arc_stats *st);

/* PRAGMA integrity_check, then the index's own invariants for every document (signature
 * length, text inflating to its size and hash, shingle count, each band and sample key
 * filed under it, no posting of a missing document). Each problem found is one line
 * through warn. *nproblems gets their number. @return 0 (also when problems were found),
 * or a negative ovl_err when the check itself could not run. */
int arc_check(arc *a, ovl_warn_fn warn, void *ud, uint64_t *nproblems, err_ctx *e);

#endif
