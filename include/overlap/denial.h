/* denial.h - one article calls a story false, another states it: a conflict between the
 * articles that no figure, date or negated predicate shows.
 *
 * Rumour stories are disputed this way. One article states what happened ("The small town
 * of Purdon, Texas has been quarantined after a family of five tested positive for the
 * Ebola virus"); another says the report is false ("The bogus report says: ...", "This
 * report is entirely false", "Boko Haram has denied claims by Nigeria's government that
 * it has agreed to a ceasefire"). Read over the mentions of a claim set:
 *   - a denial is a mention whose cue has a target: a story, report, claim or video called
 *     false, fake, a hoax, satire ("the story is fake", "a fake news site", "a hoax report
 *     claimed that"), claims or reports a party denied, dismissed or refuted, "no
 *     evidence that", "not true"; a cue that describes a thing ("a fake ID", "made up
 *     of") or is itself negated ("not a hoax") is not one;
 *   - a statement is a mention of a document that calls nothing false anywhere, that
 *     neither negates, declines nor doubts (may, whether, if); one that tells the story
 *     on a source's word or as a rumour ("reportedly agreed", "users have reported that",
 *     "police said") reports it, and is set against a denial like a statement, with its
 *     hedge word in the evidence;
 *   - the two are about one fact when the statement holds most of the denial's words
 *     (IDF-weighted over the mentions) and at least two of its non-name words.
 * Each denying document is set against the statement that matches it best, and against
 * other documents' statements that state the denied predicate itself with a word of its
 * object ("denied claims that it has agreed to a ceasefire" / "have agreed a ceasefire"),
 * or that state what the denying article tells as the rumour in the sentences around the
 * denial ("Footage uploaded to YouTube claimed to show the incident": the same words, or
 * the same claim), at most PER_DENIER documents (denial.c). It does not decide which side is
 * right, and does not read figures, dates or negated predicates (relation.c does).
 */
#ifndef OVERLAP_DENIAL_H
#define OVERLAP_DENIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/claim.h"

typedef struct dnl_finding {
	uint32_t statement;          /* mention index: the side that states the fact */
	uint32_t denial;             /* mention index: the side that calls it false */
	uint32_t cue_start, cue_end; /* the cue's byte span in the denial's document */
	double score;                /* IDF-weighted share of the denial's words stated, 0..1 */
	char about[48];              /* the most specific shared words, space-separated */
	uint32_t hedge_start, hedge_end; /* the statement hedges: its hedge word's byte span
					  * ("reportedly", "said"); both 0 when it does not */
} dnl_finding;

/* Denials against statements among the mentions of claims (docs as given to clm_build).
 * Documents of one source group (clm_doc_source) are not set against each other unless
 * same_source, nor documents of two stories when story is given (story[d] per
 * document; NULL: one story). *out (caller frees; NULL when none) gets *n findings
 * ordered by the denial's mention index. claims NULL gives none. @return 0. */
int dnl_find(const clm_set *claims, const clm_doc *docs, size_t ndocs, bool same_source,
	     const uint32_t *story, dnl_finding **out, size_t *n);

#endif
