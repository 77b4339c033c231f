/* stance.h - for a claim (a headline, a tweet) and a document: does the document support
 * the claim, deny it, only discuss it, or is it about something else?
 *
 * Input: documents added to an index (their bytes are copied), then claims as text.
 * Relatedness is the IDF-weighted share of the claim's stems (and numbers) found in the
 * document, and in its best-matching sentence; IDF comes from the indexed documents.
 * Among related pairs the stance is read from the sentences most similar to the claim and
 * from the whole document: denial cues, hedging cues, negation against the claim's own
 * polarity, and the claim's numbers against the document's. A claim that asks ("...?") or
 * only hedges ("may", "reportedly") asserts nothing to deny and is never denied. The
 * evidence is those sentences as byte spans, with the cues that fired in each.
 * It does NOT read files, print, or know ids (the caller maps indices to ids). Workload:
 * 1,000 claims x 1,000 articles in a few seconds: an inverted index gives each claim the
 * documents sharing a term, and only those get the sentence-level reading.
 */
#ifndef OVERLAP_STANCE_H
#define OVERLAP_STANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum stn_stance {
	STN_UNRELATED = 0, /* about something else */
	STN_DISCUSSES = 1, /* reports or mentions the claim without taking a side */
	STN_SUPPORTS = 2,  /* states the claim as true */
	STN_DENIES = 3,    /* debunks or denies the claim */
};
#define STN_NSTANCES 4

/* Cue kinds; each cue word of stance.c's short lists has one. */
enum stn_cue_kind {
	STN_CUE_DENY = 0,     /* debunked, hoax, fake, false, denied, "no evidence", ... */
	STN_CUE_HEDGE = 1,    /* reportedly, allegedly, claims, unconfirmed, rumour, ... */
	STN_CUE_NEGATION = 2, /* not, no, never, n't ... */
	STN_CUE_NUMBER = 3,   /* a number of the claim missing where the document gives others */
	STN_CUE_DENY_VERB = 4,/* denied, denies, refuted: someone denies (news reports denials) */
	STN_CUE_ATTRIB = 5,   /* believed, suspected, likely, "according to", sources, whether: a
			       * report attributed or held in doubt */
};

#define STN_MAX_EVIDENCE 3 /* evidence sentences kept per check */
#define STN_MAX_CUES 6     /* cue ids kept per evidence sentence */

/* The signals the stance is read from, kept with each check so a user (or bench/) can see
 * why. All are in [0, 1]. */
enum stn_signal {
	STN_SIG_COVER = 0,     /* IDF-weighted share of claim terms found in the document */
	STN_SIG_BEST,          /* ...found in the best-matching sentence */
	STN_SIG_LEAD,          /* ...found in the first two sentences */
	STN_SIG_DENY_NEAR,     /* denial cues in the matching sentences (saturating) */
	STN_SIG_DENY_DOC,      /* denial cues in the whole document (saturating) */
	STN_SIG_HEDGE_NEAR,    /* hedging cues in the matching sentences (saturating) */
	STN_SIG_HEDGE_DOC,     /* share of the document's sentences with a hedging cue */
	STN_SIG_NEG_FLIP,      /* best sentence negated where the claim is not, or the reverse */
	STN_SIG_CLAIM_DENY,    /* the claim itself says hoax / false / not (its polarity) */
	STN_SIG_CLAIM_HEDGE,   /* the claim itself hedges or asks (reportedly, may, '?') */
	STN_SIG_NUM_MATCH,     /* share of the claim's numbers found in the document */
	STN_SIG_NUM_CLASH,     /* claim numbers missing while the matching sentences give others */
	STN_SIG_DENY_LEAD,     /* a denial cue in the first three sentences */
	STN_SIG_HEDGE_LEAD,    /* a hedging cue in the first three sentences */
	STN_SIG_NEG_LEAD,      /* negations in the first three sentences (saturating) */
	STN_SIG_DENY_MENTION,  /* denial cues in any sentence that mentions the claim */
	STN_SIG_NEG_NEAR,      /* negations in the matching sentences (saturating) */
	STN_SIG_DENY_VERB_NEAR,/* denial verbs (denied, refuted) in the matching sentences */
	STN_SIG_DENY_VERB_DOC, /* denial verbs in the whole document */
	STN_SIG_NEG_TERM,      /* a claim word negated ("has not been stolen") where the claim is mentioned */
	STN_SIG_ATTRIB_NEAR,   /* attribution / doubt cues in the matching sentences (saturating) */
	STN_SIG_ATTRIB_DOC,    /* attribution / doubt cues in the whole document (saturating) */
	STN_NSIGNALS
};

typedef struct stn_evidence {
	uint32_t start, end;          /* byte span of the sentence in the document */
	float match;                  /* IDF-weighted share of claim terms in it */
	uint8_t ncues;                /* cue ids that fired in it (stn_cue_word / stn_cue_kind) */
	uint8_t cues[STN_MAX_CUES];
} stn_evidence;

typedef struct stn_check {
	uint32_t claim, doc;          /* indices: claim in the caller's array, doc in the index */
	uint8_t stance;               /* enum stn_stance */
	uint8_t nev;                  /* evidence sentences, best first */
	float score;                  /* confidence in the stance, 0..1 (unrelated: 1 - relatedness) */
	float related;                /* relatedness, 0..1; >= stn_related_threshold() is related */
	float sig[STN_NSIGNALS];      /* the signals, for the curious */
	stn_evidence ev[STN_MAX_EVIDENCE];
} stn_check;

/* A claim: borrowed text (UTF-8 bytes, not NUL-terminated). */
typedef struct stn_claim {
	const uint8_t *text;
	size_t nbytes;
} stn_claim;

/* A (claim, document) pair to check, by indices. */
typedef struct stn_pair {
	uint32_t claim, doc;
} stn_pair;

typedef struct stn_index stn_index;

/* New empty index (aborts on OOM). Free with stn_index_free(). */
stn_index *stn_index_new(void);
void stn_index_free(stn_index *x); /* NULL is a no-op */

/* Add a document (its bytes are copied; text of 4 GiB or more is stored empty). Its index
 * is the number of documents added before it. Not after stn_index_finish(). */
void stn_index_add(stn_index *x, const uint8_t *text, size_t nbytes);

/* Tokenise, stem, split sentences and build the inverted index and IDF, on up to `threads`
 * threads (0 = 1). Results do not depend on the thread count. Call once, before checks. */
void stn_index_finish(stn_index *x, unsigned threads);

size_t stn_index_ndocs(const stn_index *x);

/* The document's bytes as added; *nbytes gets the length. */
const uint8_t *stn_index_text(const stn_index *x, size_t doc, size_t *nbytes);

/* Check claims against the finished index.
 * With npairs > 0: exactly the listed pairs, in the order given, every one in *out even
 * when unrelated (indices must be in range: claim < nclaims, doc < ndocs).
 * With npairs == 0: every claim against every document; *out holds the related checks
 * (and the unrelated ones too when keep_unrelated), by claim then document.
 * *out (caller frees with free()) gets *nout checks; it is NULL when there are none.
 * Deterministic for any thread count. */
void stn_check_run(const stn_index *x, const stn_claim *claims, size_t nclaims,
		   const stn_pair *pairs, size_t npairs, bool keep_unrelated, unsigned threads,
		   stn_check **out, size_t *nout);

/* Whether the claim has at least one word (letters or digits) to check: an empty or
 * punctuation-only claim has none. */
bool stn_claim_has_words(const uint8_t *text, size_t nbytes);

/* "supports", "denies", "discusses", "unrelated"; "?" out of range. */
const char *stn_stance_name(int stance);
/* A cue's word as listed ("debunked", "no evidence", ...), and its enum stn_cue_kind;
 * "?" / -1 out of range. */
const char *stn_cue_word(int cue);
int stn_cue_kind(int cue);
/* Name of a signal ("cover", "deny_near", ...); "?" out of range. */
const char *stn_signal_name(int sig);
/* The relatedness a pair needs to count as related. */
double stn_related_threshold(void);

#endif
