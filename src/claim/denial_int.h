/* denial_int.h - what denial_read.c (reading a mention) and denial.c (matching denials
 * to statements) share: a mention as read, the reader's scratch space. Not a public API.
 */
#ifndef OVERLAP_DENIAL_INT_H
#define OVERLAP_DENIAL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/claim.h"
#include "overlap/lexicon.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"

/* A mention states a fact only with at least this many content words; a statement and a
 * denial must share as many (denial.c). */
#define SHARED_MIN 3

/* Words kept after a denied predicate, and before it in its clause (mread.obj). */
#define OBJ_MAX 4
#define SUBJ_MAX 2

#define WT_SLOTS 1024 /* power of two, over twice the list */

typedef struct wtab {
	uint64_t key[WT_SLOTS];
	uint16_t bits[WT_SLOTS];
} wtab;

/* M_REPORTS: a statement a rumour word hedges ("was reportedly blurred", "appears to
 * have seen"): it tells the story without vouching for it, and is set against a denial
 * like a statement. */
enum { M_DENIAL = 1, M_STATES = 2, M_REPORTS = 4 };

typedef struct mread {
	uint8_t role;                /* M_DENIAL / M_STATES */
	bool loose;                  /* calls something false, targeted or not */
	bool cue_attr;               /* its cue only describes a noun (find_cue) */
	bool rumour;                 /* tells a rumour: purporting, allegedly, claimed */
	bool anaphor;                /* opens on "the/this/that report, story, rumour ...": what
				      * it calls false was told before it */
	bool pronoun;                /* calls a pronoun false ("that was not the case"): what
				      * it calls false is the sentence before, and only that */
	bool expects;                /* tells an expectation ("was expected to lead to"):
				      * a pronoun's verdict after it ("That was not the case.")
				      * says it was let down, not that a story is false */
	bool said;                   /* names what it calls false ("falsely claimed that the
				      * castration would ...", "no blurring of Mrs. Obama"):
				      * only a statement of its denied predicate counts */
	uint32_t cue_start, cue_end; /* absolute byte span of the denial cue */
	uint32_t hedge_start, hedge_end; /* M_REPORTS: its first hedge word's span */
	uint32_t f0, nf;             /* content stems: pool[f0 .. f0 + nf), sorted, distinct */
	uint32_t n0, nn;             /* non-name content stems: pool[n0 .. n0 + nn) */
	uint64_t pred;               /* a denial's denied predicate: the stem hash of the
				      * first inflected verb after the cue ("denied claims
				      * that it has agreed ..."), or 0 */
	uint64_t obj[SUBJ_MAX + OBJ_MAX]; /* stem hashes of its subject's and object's words */
	uint8_t nobj;
	uint64_t tpred;              /* a told rumour's verb: the first inflected verb after
				      * its hedge ("allegedly blurred Michelle Obama's face"),
				      * or 0 */
	uint64_t tobj[OBJ_MAX];      /* stem hashes of the words after it, names too ... */
	uint8_t ntobj;
	uint8_t tobj_name;           /* ... bit i set: tobj[i] is a name's word */
} mread;

typedef struct scratch {
	wtab words;
	stem_ctx *stem;
	tok_list toks;
	uint64_t *pool;
	size_t npool, poolcap;
	unsigned *bits; /* per token of the current mention */
	size_t bitscap;
	lex_ctx *lex;
} scratch;

static inline const char *dnl_tok_word(const tok_list *t, size_t i, size_t *n)
{
	*n = t->v[i].norm_len;
	return t->norm + t->v[i].norm_off;
}

/* A new scratch (word table, stemmer, WordNet); dnl_scratch_free releases it. */
scratch *dnl_scratch_new(void);
void dnl_scratch_free(scratch *s);

/* Reads mention m of document d into r (its words go to s->pool). */
void dnl_read_mention(scratch *s, const clm_doc *d, const clm_mention *m, mread *r);

/* Whether document d has an un-negated denial cue word anywhere. */
bool dnl_calls_false(scratch *s, const clm_doc *d);

#endif
