/* relation.h - contradictions between sources, and what each pair of documents is to the
 * other: a repeat, an extension (which one adds), a contradiction, related or unrelated.
 *
 * Input: claim clusters (claim.h: mentions with parsed quantities, dates, polarity) and,
 * per pair, the document-level evidence (shingle containment, passages with coverage).
 * Contradictions are rare and costly when wrong, so precision comes before recall: two
 * mentions in one claim cluster, from different independent sources, that state the same
 * measured thing (same unit and noun, same year or event) with another value, another
 * date for the same event, or opposite polarity. Not contradictions: figures for different
 * years, rounding and bounds ("over $650 million" vs "$650 million"), one side more
 * precise, transliterations. It does not extract or cluster claims (claim*.c does).
 */
#ifndef OVERLAP_RELATION_H
#define OVERLAP_RELATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/align.h"
#include "overlap/claim.h"

/* REL_DENIAL: one side calls the story or claim false ("hoax", "denied reports that"),
 * the other states it (denial.h). */
/* REL_ATTRIBUTE: an attribute of one person or thing stated otherwise (a title's rank, a
 * colour; relation_attr.c). */
enum rel_kind { REL_QUANTITY = 0, REL_DATE = 1, REL_POLARITY = 2, REL_ANTONYM = 3, REL_DENIAL = 4,
		REL_ATTRIBUTE = 5 };

typedef struct rel_contradiction {
	uint8_t kind;            /* enum rel_kind */
	uint32_t claim;          /* claim cluster both mentions are in */
	uint32_t mention_a;      /* mention indices (clm_mention_at); mention_a's doc < mention_b's */
	uint32_t mention_b;
	char reason[256];        /* one line, e.g. "$650 million vs $800 million (revenue, 2013)" */
	/* The evidence: the two values set against each other (a figure, a date, the negated
	 * and the affirmed predicate, two antonyms) as byte spans in each mention's document,
	 * and what both sides are about (the counted noun, the event's or predicate's word). */
	uint32_t va_start, va_end;   /* in mention_a's document */
	uint32_t vb_start, vb_end;   /* in mention_b's document */
	char about[48];
} rel_contradiction;

/* All contradictions, sorted by (doc a, start a, doc b, start b, kind). docs are the
 * documents given to clm_build (for quoting values in the reason; NULL or a span out of
 * range quotes "?"). Two mentions give at most one contradiction of each kind. Mentions of
 * documents in one source group (clm_doc_source) are never compared. The reason quotes the
 * values from the texts on one line: "$650 million" vs "$800 million" for the same USD
 * figure in 2013; "2,400 people" vs "3,100 people" for the same count; "March 1998" vs
 * "March 2001" for the same event; b negates ("denied") the statement a affirms.
 * claims NULL gives none. *out allocated (NULL when none), caller frees.
 * @return 0. */
int rel_contradictions(const clm_set *claims, const clm_doc *docs, size_t ndocs,
		       rel_contradiction **out, size_t *n);

/* rel_contradictions, and with same_source also between different documents of one
 * source group: an edited copy (one group by containment) whose figures, dates or
 * polarity were changed disagrees with its original. Same contract otherwise. */
int rel_contradictions_ex(const clm_set *claims, const clm_doc *docs, size_t ndocs,
			  bool same_source, rel_contradiction **out, size_t *n);

/* rel_contradictions_ex, and with story (NULL: all documents one story) two documents
 * are compared only when story[a] == story[b]: in a pile of many stories, two figures,
 * dates or denials from two stories are two facts (measured on all of dev-news at once:
 * 142 of 413 reports crossed stories, almost all false). */
int rel_contradictions_story(const clm_set *claims, const clm_doc *docs, size_t ndocs,
			     bool same_source, const uint32_t *story, rel_contradiction **out,
			     size_t *n);

enum rel_label { REL_REPEAT = 0, REL_EXTEND, REL_CONTRADICT, REL_RELATED, REL_UNRELATED };

/* Document-level evidence of one pair, as the pipeline has it. */
typedef struct rel_pair_in {
	uint32_t a, b;                /* document indices, a < b */
	uint32_t words_a, words_b;    /* words in each document */
	double jaccard, cont_ab, cont_ba; /* shingle similarity */
	double cov_a, cov_b;          /* share of each document inside shared passages */
	const aln_passage *passages;  /* may be NULL */
	size_t npassages;
	uint8_t story;                /* enum rel_story: whether a and b tell one story (topic.h);
				       * it decides related vs unrelated when known */
} rel_pair_in;

/* REL_STORY_UNKNOWN (0, a zeroed rel_pair_in): related when a passage, a shared claim or
 * containment links the pair, as before stories existed. */
enum rel_story { REL_STORY_UNKNOWN = 0, REL_STORY_SAME, REL_STORY_OTHER };

/* The relation of one pair, each score with its evidence. Evidence is given as indices:
 * passages into rel_pair_in.passages, claims into the claim set, contradictions into the
 * array from rel_contradictions. Owned arrays, freed by rel_relation_clear. */
typedef struct rel_relation {
	uint8_t label;                /* enum rel_label */
	double repeat, extend, contradict; /* scores in 0..1 */
	int64_t extender;             /* document index that adds to the other when extend
				       * >= the extend threshold (always set for label extend),
				       * else -1 */
	uint32_t *passages; size_t npassages;          /* non-boilerplate passages */
	uint32_t *shared; size_t nshared;              /* claims both make */
	uint32_t *new_a; size_t nnew_a;                /* claims only a makes */
	uint32_t *new_b; size_t nnew_b;                /* claims only b makes */
	uint32_t *contradictions; size_t ncontradictions;
} rel_relation;

/* Score and label one pair (formulas at the top of relation.c). claims may be NULL (then
 * only document evidence counts and no contradiction is attributed); contra is the array
 * from rel_contradictions on the same claims (may be NULL when ncontra is 0). out is
 * overwritten (not cleared first): call rel_relation_clear on it before reuse.
 * @return 0. */
int rel_pair(const rel_pair_in *in, const clm_set *claims, const rel_contradiction *contra,
	     size_t ncontra, rel_relation *out);

void rel_relation_clear(rel_relation *r);

/* "repeat", "extend", ... */
const char *rel_label_name(uint8_t label);
const char *rel_kind_name(uint8_t kind);

#endif
