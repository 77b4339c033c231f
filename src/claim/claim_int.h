/* claim_int.h - internals shared by claim.c (mention extraction), claim_parse.c (parsing
 * of quantities, dates, entities, polarity, speaker) and claim_cluster.c (clustering and
 * support). Not a public header: tests include it to check the parsers directly.
 */
#ifndef OVERLAP_CLAIM_INT_H
#define OVERLAP_CLAIM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/claim.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"

/* ---- string pool: NUL-terminated copies owned by the set ---- */

typedef struct clm_pool {
	char **v;
	size_t n, cap;
} clm_pool;

const char *clmp_strdup(clm_pool *p, const char *s, size_t n);
void clmp_pool_free(clm_pool *p);

/* ---- a clause being analysed ---- */

/* Token range [t0, t1) of one clause of one document; tokens of the whole document. */
typedef struct clm_clause {
	const uint8_t *text;   /* whole document */
	size_t nbytes;
	const tok_list *t;
	size_t t0, t1;         /* token range */
	uint32_t start, end;   /* byte span of the clause */
	bool sent_start;       /* t0 is the first token of its sentence */
} clm_clause;

/* Normalised form of token i. */
static inline const char *clmp_tok_str(const tok_list *t, size_t i, size_t *n)
{
	*n = t->v[i].norm_len;
	return t->norm + t->v[i].norm_off;
}

/* Whether token i has normalised form s (NUL-terminated). */
bool clmp_tok_is(const tok_list *t, size_t i, const char *s);

/* Whether token i's normalised form is one of list (NULL-terminated). */
bool clmp_tok_in(const tok_list *t, size_t i, const char *const *list);

/* Whether token i is the "s" of a possessive or the "t" of "n't" (preceded by an
 * apostrophe ' or U+2019 right after the previous token). */
bool clmp_tok_after_apostrophe(const clm_clause *c, size_t i);

/* Whether only spaces / tabs lie between tokens i and i+1 (no punctuation, no newline). */
bool clmp_gap_blank(const clm_clause *c, size_t i);

/* ---- parsers (claim_parse.c) ---- */

/* Quantities of the clause, appended to *v (capacity *cap, count *n). Tokens used by a
 * quantity get used[i - c->t0] = 1 (used has c->t1 - c->t0 entries). Nouns are stemmed
 * with sc (or kept as words when sc is NULL) and copied into pool. Years are not
 * quantities (clmp_dates takes them). Call clmp_dates first so years are marked. */
void clmp_quantities(const clm_clause *c, stem_ctx *sc, clm_pool *pool, uint8_t *used,
		     clm_quantity **v, size_t *n, size_t *cap);

/* Dates and years of the clause, appended like clmp_quantities, marking used tokens. */
void clmp_dates(const clm_clause *c, uint8_t *used, clm_date **v, size_t *n, size_t *cap);

/* Polarity of the clause: CLM_NEGATED when a negation (not, no, never, n't, nor, none,
 * nothing, neither) or a denial (denied, dismissed, rejected, refuted, baseless,
 * groundless, unfounded, unjustified) occurs; *cue_start, *cue_end its byte span. */
int clmp_polarity(const clm_clause *c, uint32_t *cue_start, uint32_t *cue_end);

/* Whether token i only says yes or no (negation, denial or confirmation words): such
 * words are not context for clustering. */
bool clmp_is_polarity_word(const tok_list *t, size_t i);

/* Whether token i takes a stance on a statement (denied, dismissed, confirmed...): such a
 * clause attributes a position, so it is checkable like "X said". */
bool clmp_is_stance_word(const tok_list *t, size_t i);

/* Attribution of the clause: the token range [*s0, *s1) of who says it ("X said",
 * "said X", "according to X", "X told Y"). @return true when found. */
bool clmp_speaker(const clm_clause *c, size_t *s0, size_t *s1);

/* Whether token i is an attribution verb (said, says, told, according, stated, wrote...). */
bool clmp_is_attribution(const tok_list *t, size_t i);

/* Month number (1..12) of a normalised word ("september", "sept", "sep"), else 0. */
int clmp_month(const char *w, size_t n);

/* Parse a number from text[b..e): digits with ',' thousands groups and one decimal
 * point. *pe gets the end byte, *had_comma whether a thousands comma was read.
 * @return false when no digit at b. */
bool clmp_parse_number(const uint8_t *text, uint32_t b, uint32_t e, double *val, uint32_t *pe,
		       bool *had_comma);

/* Value of a number word ("two".."ninety", "dozen", "hundred"), else -1. "one" counts
 * only with a scale word after it, so it returns -1 here. */
double clmp_number_word(const char *w, size_t n);

/* Scale of a scale word ("thousand" 1e3, "million"/"mn"/"m" 1e6, "billion"/"bn" 1e9,
 * "trillion"/"tn" 1e12), else 0. */
double clmp_scale_word(const char *w, size_t n);

/* Transliteration-tolerant form of a name word into out (cap >= n + 1 bytes): final
 * "ey" -> "ei", final "iy"/"ii" -> "i", final "yy"->"y". @return its length. */
size_t clmp_fold_name(const char *w, size_t n, char *out);

/* Whether a and b are at most one edit apart (insert, delete, substitute, swap). */
bool clmp_edit1(const char *a, size_t na, const char *b, size_t nb);

/* Whether w is a corporate suffix dropped from entity keys (lab, labs, inc, ltd, llc,
 * corp, corporation, co, plc, gmbh, sa, ag). */
bool clmp_corp_suffix(const char *w, size_t n);

/* Whether the capitalised word w cannot name anything by itself at a sentence start
 * or anywhere (stop words, months, weekdays, "according"...). */
bool clmp_not_entity_word(const char *w, size_t n);

/* ---- the set ---- */

/* Offsets of one mention's parts in the set's storage, fixed up into pointers at the end. */
typedef struct clm_moff {
	size_t q0, nq, d0, nd, e0, ne, s0, ns, f0, nf;
	size_t j0, nj; /* subject name-word features in subj, sorted */
	size_t c0, nc; /* concept entries in con, sorted */
} clm_moff;

struct clm_set {
	size_t ndocs;
	clm_mention *m;       /* mentions, by (doc, start) */
	size_t nm, mcap;
	clm_moff *moff;       /* parallel to m while building */
	clm_claim *c;         /* claims */
	size_t nc;
	clm_quantity *q; size_t nq, qcap;
	clm_date *d; size_t nd, dcap;
	clm_entity *e; size_t ne, ecap;
	const char **stems; size_t nstems, stemcap;
	uint64_t *feat; size_t nfeat, featcap; /* per mention: sorted distinct feature hashes */
	double *featw;                          /* idf weight of each feat entry */
	uint64_t *subj; size_t nsubj, subjcap;  /* per mention: features of the name words of
	                                         * its subject (who the statement is about) */
	double *msum;                           /* per mention: sum of its context feature
	                                         * weights (values excluded) */
	double *csum;                           /* per mention: weight of its content words
	                                         * that have concepts (a bound on what the
	                                         * concept pass can add) */
	uint64_t *con; size_t ncon, concap;     /* per mention: WordNet concepts of its content
	                                         * words, CLM_CONCEPT(id, k) with k the word's
	                                         * index in the mention's features, sorted */
	uint32_t *cm;         /* claim mention lists (claims point into it) */
	uint32_t *cd;         /* claim document lists */
	uint32_t *dc_off, *dc;    /* per doc claims: dc[dc_off[d] .. dc_off[d+1]) */
	uint32_t *ds_off, *ds;    /* per doc single-source claims */
	uint32_t *doc_source; /* dense 1-based source number of each doc */
	double threshold;
	double rare_w;         /* feature weight from which a name word is rare */
	clm_pool pool;
};

/* Cluster the mentions of s (features and weights filled) into claims, fill claim
 * lists, per-document lists and support. source_group may be NULL. (claim_cluster.c) */
void clmc_cluster(clm_set *s, const uint32_t *source_group, const uint32_t *story,
		  unsigned threads);

/* Feature kinds, in the low 2 bits of a feature hash: plain content-word stems (what
 * happened), whole entity keys, stems of words inside names and role words (who), and
 * quantity units. Only words and units are evidence that two mentions state one fact;
 * names are evidence only when several are shared (claim_cluster.c). */
enum { CLM_FK_WORD = 0, CLM_FK_ENTITY = 1, CLM_FK_NAMEWORD = 2, CLM_FK_UNIT = 3 };
#define CLM_FEAT(h, kind) (((uint64_t)(h) & ~15ULL) | (uint64_t)(kind))
/* Bit 2 marks role words ("chief", "head") among name words: who, but no name. */
#define CLM_FEAT_ROLE_BIT 4ULL
/* Bit 3 marks values (a quantity's value with its unit, a date's year or month and day),
 * kind CLM_FK_UNIT. Values never count in the context similarity (clmc_similarity), so
 * two mentions of one fact with different figures still match; an *equal* value is extra
 * evidence for clustering only ("$3.1 billion" / "3.1 billion dollars"). */
#define CLM_FEAT_VALUE_BIT 8ULL
static inline bool clmc_feature_is_value(uint64_t f) { return (f & CLM_FEAT_VALUE_BIT) != 0; }
static inline unsigned clmc_feature_kind(uint64_t f) { return (unsigned)(f & 3u); }

/* A concept entry: WordNet concept id (lex_concepts) above, the index of the content word's
 * feature within its mention's features below. */
#define CLM_CONCEPT(id, k) (((uint64_t)(id) << 16) | (uint64_t)(k))
#define CLM_CONCEPT_ID(e) ((uint32_t)((e) >> 16))
#define CLM_CONCEPT_K(e) ((size_t)((e) & 0xffffu))

/* Weighted similarity of mentions i and j (claim_cluster.c). */
double clmc_similarity(const clm_set *s, size_t i, size_t j);

#endif
