/* fact.h - same-fact anchoring: what a statement says about what, so that two statements
 * are compared only when they are about one fact.
 *
 * A statement (a sentence or clause of a document) is read into words with their stems,
 * segments (runs between , ; : ( ) and dashes), negation cues and what each cue scopes
 * over: the predicate word it governs, only in the statement's own clause (not in a
 * relative clause or aside, not "not only", "not far", "not ... but", "or not", not a
 * reporting formula such as "did not comment"). On two statements it answers:
 *   - polarity conflict: a predicate negated on one side and affirmed on the other (by
 *     lemma or WordNet synonym), or WordNet antonyms (rose/fell, confirmed/denied), with
 *     the words around the predicate shared on both sides (the same subject and object);
 *   - context shared around two spans (a figure, a date): how many content words near each
 *     one the other also has near its own, so "5 meters deep" is not set against "300
 *     meters from the hotel".
 * It does not extract claims or decide what is a contradiction overall (relation.c does).
 *
 * Ownership: a fct_ctx owns its stemmer, lexicon and scratch; a fct_stmt owns its arrays
 * (free with fct_stmt_free). Text is borrowed for the call.
 */
#ifndef OVERLAP_FACT_H
#define OVERLAP_FACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fct_ctx fct_ctx;

enum fct_flags {
	FCT_CONTENT = 1u << 0, /* a content word (not a stop word, two letters or more) */
	FCT_UPPER = 1u << 1,   /* capitalised in the text, not sentence-initial */
	FCT_NUM = 1u << 2,     /* has a digit */
	FCT_CUE = 1u << 3,     /* a negation or denial cue (valid or not) */
	FCT_NEGATED = 1u << 4, /* a valid cue scopes over this word */
	FCT_NEARCUE = 1u << 5, /* a cue (any) stands at most three words before, same segment */
	FCT_SPEECH = 1u << 6,  /* a reporting verb (said, told, according): no fact's content */
	FCT_SUBORD = 1u << 7,  /* in a relative, subordinate or attitude clause ("fears that") */
};

typedef struct fct_word {
	uint32_t start, end; /* byte span in the document */
	uint32_t norm;       /* offset of the normalised word (NUL-terminated) in fct_stmt.str */
	uint32_t stem;       /* offset of its stem in fct_stmt.str */
	int32_t pred;        /* for a valid cue: index of the word it negates; else -1 */
	uint16_t seg;        /* segment number within the statement */
	uint8_t flags;       /* enum fct_flags */
	bool paren;          /* inside parentheses (an aside) */
	bool joined;         /* joined to the word before by a hyphen alone ("al-Baghdadi") */
	uint32_t lists;      /* fact.c's word lists the word is in (cues, auxiliaries, ...) */
	const char *lemma;   /* WordNet lemma of a content word (owned by the fct_ctx), else the
			      * normalised word; valid until the next parse into this statement */
} fct_word;

/* One statement. Zero-initialise before the first fct_stmt_parse; reusable. */
typedef struct fct_stmt {
	fct_word *w;
	size_t n, cap;
	char *str;
	size_t nstr, strcap;
	bool question;       /* ends with '?' */
	bool has_deny;       /* has a denial verb ("denied", "dismissed") */
	bool has_neg;        /* has a negation cue (with a scope or not) */
} fct_stmt;

enum fct_kind { FCT_NEGATION = 0, FCT_ANTONYM = 1 };

/* A polarity conflict between statements a and b. */
typedef struct fct_conflict {
	uint8_t kind;            /* enum fct_kind */
	bool cue_in_a;           /* the negation (or the first antonym) is in a */
	uint32_t cue_start, cue_end; /* the cue's byte span (in a when cue_in_a, else in b) */
	uint32_t pa_start, pa_end;   /* the predicate in a */
	uint32_t pb_start, pb_end;   /* the predicate in b */
	unsigned shared;         /* context words the two sides share around the predicate */
	char what[48];           /* the predicate's lemma (for negation) or "x/y" (antonyms) */
} fct_conflict;

/* New context (stemmer, WordNet lexicon). Never NULL (aborts on OOM). */
fct_ctx *fct_new(void);

void fct_free(fct_ctx *c); /* NULL is a no-op */

/* Read text[start, end) of a document of nbytes bytes into out (previous contents
 * dropped). An empty or out-of-range span gives an empty statement.
 * @return 0, or OVL_ETOOBIG for a span the tokeniser refuses (out is then empty). */
int fct_stmt_parse(fct_ctx *c, const uint8_t *text, size_t nbytes, uint32_t start,
		   uint32_t end, fct_stmt *out);

void fct_stmt_free(fct_stmt *s); /* NULL is a no-op */

/* Whether a and b state one predicate with opposite polarity about the same thing (see
 * the top of this header). On true, *out describes the first conflict found. Questions
 * never conflict. */
bool fct_polarity_conflict(fct_ctx *c, const fct_stmt *a, const fct_stmt *b,
			   fct_conflict *out);

/* Content words near the span [as, ae) of a (the nearest `window` each way, in its
 * segment) that b also has near [bs, be): stems equal or WordNet synonyms; numbers,
 * cues, reporting verbs and the word whose stem is skip (may be NULL) do not count.
 * @return their number. */
unsigned fct_context_shared(fct_ctx *c, const fct_stmt *a, uint32_t as, uint32_t ae,
			    const fct_stmt *b, uint32_t bs, uint32_t be, const char *skip,
			    unsigned window);

/* Content words of a (each distinct stem once; names, numbers, cues and reporting verbs
 * do not count: the event's own words) that b also has anywhere: stems equal or WordNet synonyms. *na (may be NULL) gets
 * how many a has. For "is this sentence about the same event" when the value sits in its
 * own segment ("In March 2017, U.S. intelligence officials said ..."). */
unsigned fct_stmt_shared(fct_ctx *c, const fct_stmt *a, const fct_stmt *b, unsigned *na);

/* What a statement says, read without a parser: the predicate is the first verb after a
 * subject (a verb WordNet knows, after an auxiliary or inflected: "has agreed", "killed",
 * "will release"), reporting verbs excepted; the subject is the words before it in its
 * clause, the object the words after it in its segment (at most FCT_OBJECT_MAX). Spans are
 * byte offsets in the document; absent parts are 0,0. */
#define FCT_OBJECT_MAX 10
typedef struct fct_svo {
	bool found;
	uint32_t subj_start, subj_end;
	uint32_t pred_start, pred_end;
	uint32_t obj_start, obj_end;
	char predicate[48];     /* the predicate's lemma */
	bool negated;           /* a valid negation scopes over it */
} fct_svo;

/* @return whether a predicate was found (out->found). */
bool fct_svo_read(fct_ctx *c, const fct_stmt *s, fct_svo *out);

/* Whether the predicates at byte pa of a and pb of b (documents ta and tb, whose text
 * the words index) have one subject that is a name and nothing else: the words before
 * each in its clause, past auxiliaries, the negation and "already"/"still", are the same
 * one to three capitalised words ("Comcast doesn't monitor" / "Comcast already
 * monitors"). A subject in other words ("the company") or with more words is not read. */
bool fct_same_name_subject(const fct_stmt *a, uint32_t pa, const uint8_t *ta,
			   const fct_stmt *b, uint32_t pb, const uint8_t *tb);

/* Lemma of word i of s (i < s->n), NUL-terminated, owned by c ("played" -> "play"). For
 * indexing statements by predicate. */
const char *fct_lemma(fct_ctx *c, const fct_stmt *s, size_t i);

/* Whether the span [s0, e0) of s lies in a relative, subordinate or attitude clause
 * ("Libya, where he was once held for 44 days"; "fears that ..."). */
bool fct_span_subordinate(const fct_stmt *s, uint32_t s0, uint32_t e0);

/* A name a statement states or denies: the word where its phrase starts (`head`), the name's
 * words, and the negation cue's byte span when negated. Word indices into the statement.
 * fct_identity and fct_exist are this, read two ways. */
typedef struct fct_named {
	bool found, negated;
	uint32_t head, name_lo, name_hi;
	uint32_t cue_start, cue_end;
} fct_named;

/* An identity statement: a copula ("is", "was": the head), maybe a negation right after it,
 * and a full name (two capitalised words or more) that ends its clause (fact_identity.c). */
typedef fct_named fct_identity;

/* @return whether s states an identity (out->found); the first one when several. */
bool fct_identity_read(const fct_stmt *s, fct_identity *out);

/* An identity in a and its negation in b (or the reverse): the same name, and subjects
 * that share a content word. out as fct_polarity_conflict's (what: the name). */
bool fct_identity_conflict(fct_ctx *c, const fct_stmt *a, const fct_stmt *b,
			   fct_conflict *out);

/* A person introduced by name in a role: an indefinite noun phrase (its determiner: the
 * head), then "named NAME" or "identified [only] as NAME", or its denial by a negated
 * existence verb ("nor do we employ a team member named Kelly", "there is no agent named
 * Kelly") (fact_exist.c). */
typedef fct_named fct_exist;

/* @return whether s introduces or denies a person by name (out->found); the first. */
bool fct_exist_read(const fct_stmt *s, fct_exist *out);

/* A person introduced in a and denied to exist in b (or the reverse): the same name.
 * out as fct_polarity_conflict's (what: the name). */
bool fct_exist_conflict(fct_ctx *c, const fct_stmt *a, const fct_stmt *b, fct_conflict *out);

#endif
