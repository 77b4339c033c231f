/* claim.h - claims: checkable statements in each document, clustered across documents
 * so that paraphrases of one fact form one claim, with their support in independent sources.
 *
 * A mention is a sentence (or a ';'-clause) that names an entity, a quantity, a date or an
 * attribution; questions, headings, boilerplate and comment-form text are not mentions.
 * Each mention carries a normalised key (content stems, entities, quantities with unit and
 * scale, dates, polarity, speaker). Clustering compares the *context* of mentions (stems,
 * entities, units and what is counted) and never the quantity values, dates or polarity, so
 * "earned $650 million in 2013" and "earned $800 million in 2013" land in one claim: the
 * parsed values stay on each mention for contradiction detection (relation.c), which this
 * module does not do (an equal value is extra evidence for clustering only; a figure agrees
 * with a rounder one within its stated rounding, "398" / "about 400"). Paraphrases with
 * other words match through a built-in table of general news synonyms and WordNet
 * synonyms and derivations of their content words (lexicon.h), outside asides. Workload:
 * detail mode only (a few hundred documents at most), a few thousand mentions: an
 * inverted index over rare features, then pairwise verification.
 *
 * Ownership: inputs are borrowed for the call only; everything reachable from a clm_set
 * (records, strings, arrays) belongs to it and lives until clm_set_free().
 */
#ifndef OVERLAP_CLAIM_H
#define OVERLAP_CLAIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/err.h"
#include "overlap/tokenize.h"

/* ---- options and input ---- */

typedef struct clm_opts {
	bool stem;          /* content words keyed by Snowball stems (else normalised words) */
	double threshold;   /* similarity (0..1] to put two mentions in one claim; 0 = default */
	/* Per document, its story (topic.h), or NULL: mentions of two stories never share a
	 * claim. In a pile of many stories, 740 of 3,270 shared claims on all of dev-news
	 * joined two stories, most on a shared name or stock phrase. Borrowed for the call. */
	const uint32_t *story;
	/* Threads for the clustering's candidate pairs (0 or 1: the calling thread only); the
	 * claims are the same for any count. */
	unsigned threads;
} clm_opts;

/* One document. text is the original bytes; toks its tokens (tok_run on the same bytes),
 * or NULL and clm_build tokenises it. */
typedef struct clm_doc {
	const char *id;      /* for messages only; may be NULL */
	const uint8_t *text;
	size_t nbytes;
	const tok_list *toks;
	/* Publication date when known (0 when not): a date the text gives without a year
	 * ("in early May") takes it from here when dates are compared (relation.c). */
	int16_t year;
	int8_t month, day;
} clm_doc;

/* ---- parsed parts of a mention ---- */

enum clm_unit {
	CLM_UNIT_NONE = 0,  /* a bare number ("in 12 cases" keeps noun "case") */
	CLM_UNIT_COUNT,     /* a count of something: noun says what ("106 countries") */
	CLM_UNIT_PERCENT,   /* "88 percent", "88%" (value 88) */
	CLM_UNIT_USD,       /* "$60 billion", "60 billion dollars" */
	CLM_UNIT_EUR,
	CLM_UNIT_GBP,
	CLM_UNIT_RUB,
	CLM_UNIT_OTHER_CUR, /* another currency word (yen, yuan, francs ...) */
};

/* A quantity. value is scaled: "$60 billion" = 6e10, "400 million users" = 4e8.
 * Ranges ("10 to 20", "10-20") have value = low end and value_hi = high end, else
 * value_hi == value. */
typedef struct clm_quantity {
	double value, value_hi;
	uint32_t start, end;  /* byte span of the quantity text in the document */
	uint8_t unit;         /* enum clm_unit */
	int8_t bound;         /* -1 "under/less than/up to", +1 "over/more than/at least", 0 exact or "about" */
	bool approx;          /* "about", "nearly", "some", "roughly", "as many as" */
	const char *noun;     /* stem of what is counted or measured ("countri", "user",
	                       * "revenu"...), NUL-terminated, or NULL when none was found */
	const char *unit_name;/* "USD", "percent", "count", ... (NUL-terminated, static) */
} clm_quantity;

/* A date or a year ("September 29", "in 2013", "April 2024", "June 2025"). Unknown parts
 * are 0. Relative words (yesterday, last week) are not dates. */
typedef struct clm_date {
	int16_t year;   /* 1900..2100 or 0 */
	int8_t month;   /* 1..12 or 0 */
	int8_t day;     /* 1..31 or 0 */
	uint32_t start, end;
} clm_date;

/* A named entity: a run of capitalised words (or a known alias such as "U.S."). key is
 * case and transliteration tolerant ("Sergei"/"Sergey", "Kaspersky Lab"/"Kaspersky Labs",
 * one edit in words of 7+ letters): equal keys mean the same name. */
typedef struct clm_entity {
	uint32_t start, end;  /* byte span in the document */
	uint64_t key;
	const char *norm;     /* normalised form, NUL-terminated ("sergei naryshkin") */
} clm_entity;

enum clm_polarity { CLM_AFFIRMED = 0, CLM_NEGATED = 1 };

/* One mention: a sentence or clause of one document. */
typedef struct clm_mention {
	uint32_t doc;            /* index into the docs given to clm_build */
	uint32_t start, end;     /* byte span [start, end) in that document */
	uint32_t claim;          /* index of its claim (clm_claim_at) */
	uint8_t polarity;        /* enum clm_polarity */
	uint32_t neg_start, neg_end; /* span of the negation / denial cue when negated, else 0,0 */
	const char *speaker;     /* normalised attribution ("kaspersky", "treasury offici"),
	                          * NUL-terminated, or NULL when none */
	uint32_t speaker_start, speaker_end; /* its byte span, 0,0 when none */
	const clm_quantity *quantities; size_t nquantities; /* in text order */
	const clm_date *dates;   size_t ndates;             /* in text order */
	const clm_entity *entities; size_t nentities;       /* in text order, distinct keys */
	const char *const *stems; size_t nstems; /* content-word stems, sorted, distinct */
} clm_mention;

/* One claim (cluster of mentions). */
typedef struct clm_claim {
	const uint32_t *mentions; size_t nmentions; /* mention indices, by (doc, start) */
	const uint32_t *docs; size_t ndocs;         /* distinct documents, ascending */
	uint32_t sources;     /* independent sources among docs (distinct source groups) */
	bool single_source;   /* sources == 1 */
} clm_claim;

typedef struct clm_set clm_set;

/* ---- API ---- */

/* Find the mentions of every document, cluster them into claims and count their support.
 * source_group[i] is the independent-source group of document i (documents in one group
 * are copies of one article or share a JSONL source); NULL means every document is its
 * own source. o may be NULL (defaults). ndocs == 0 gives an empty set.
 * Claims are numbered in order of their first mention (document order, then offset).
 * @return 0 and *out (free with clm_set_free), or OVL_EUSAGE (bad options, e filled) or
 *         OVL_ETOOBIG (a document of 4 GiB or more). */
int clm_build(const clm_opts *o, const clm_doc *docs, size_t ndocs,
	      const uint32_t *source_group, clm_set **out, err_ctx *e);

void clm_set_free(clm_set *s); /* NULL is a no-op */

size_t clm_count(const clm_set *s);                          /* claims */
const clm_claim *clm_claim_at(const clm_set *s, size_t i);   /* i < clm_count */
/* Mentions are numbered in document order: those of document d come after those of every
 * earlier document. */
size_t clm_mention_count(const clm_set *s);
const clm_mention *clm_mention_at(const clm_set *s, size_t i); /* i < clm_mention_count */
size_t clm_doc_count(const clm_set *s);

/* Independent-source number of doc: 1, 2, ... numbered by first appearance in document
 * order (the report shows it as "S<n>"). @return 0 when doc is out of range. */
uint32_t clm_doc_source(const clm_set *s, uint32_t doc);

/* Claims document doc makes (ascending claim indices) into *ids (borrowed from s).
 * @return their number (0 for a document without claims or doc out of range). */
size_t clm_doc_claims(const clm_set *s, uint32_t doc, const uint32_t **ids);

/* Claims only doc's independent source makes (single_source claims with a mention in doc),
 * ascending, borrowed. @return their number. */
size_t clm_doc_single_source(const clm_set *s, uint32_t doc, const uint32_t **ids);

/* Claims both a and b make, ascending, into a new array *ids (caller frees; NULL when
 * none). @return their number. */
size_t clm_pair_shared(const clm_set *s, uint32_t a, uint32_t b, uint32_t **ids);

/* Similarity (0..1) of the keys of two mentions as clustering sees it (context only:
 * values, dates and polarity do not count). For diagnostics and tests. */
double clm_mention_similarity(const clm_set *s, size_t m1, size_t m2);

#endif
