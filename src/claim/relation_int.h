/* relation_int.h - what relation.c (figures, polarity, denials, the pair relation) and
 * relation_dates.c (dates, lead dates, ages) share: the scratch of one
 * rel_contradictions call, a finding's spans, quoting a span for a reason line, a mention
 * read as a statement, and adding a contradiction. Internal to the relation stage.
 */
#ifndef OVERLAP_RELATION_INT_H
#define OVERLAP_RELATION_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "overlap/claim.h"
#include "overlap/fact.h"
#include "overlap/relation.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"
#include "overlap/util.h"

/* Longest quoted value in a reason line (bytes); a reason must stay one short line. */
#define QUOTE_MAX 64

/* Scratch of one rel_contradictions call: a stemmer and a token list for the event-window
 * test, and each mention read as a statement (fact.h) on first use. */
typedef struct rel_scratch {
	stem_ctx *stem;
	tok_list toks;
	fct_ctx *fct;
	fct_stmt *stmt;   /* per mention index */
	uint8_t *parsed;  /* per mention: 0 not yet, 1 read, 2 unreadable */
	size_t nstmt;
} rel_scratch;

typedef struct finding {
	bool found;
	uint32_t xs, xe, ys, ye; /* quoted spans in a and b */
	const clm_quantity *qa, *qb;
	char ctx[96];
} finding;

/* Whether [s, e) is a valid span of doc d. */
bool rel_span_ok(const clm_doc *docs, size_t ndocs, uint32_t d, uint32_t s, uint32_t e);

/* text[s, e) of document d into out (cap bytes, NUL-terminated) on one line, cut at
 * QUOTE_MAX with "..."; an unusable span gives "?". */
void rel_quote(const clm_doc *docs, size_t ndocs, uint32_t d, uint32_t s, uint32_t e,
	       char *out, size_t cap);

/* Pairs of mentions that share a key among the np postings (sorted here), as
 * (smaller << 32 | larger), distinct and ascending, into *out (caller frees; NULL when
 * none); a key in more than post_max postings pairs nothing. @return the count. */
size_t rel_post_pairs(util_post *post, size_t np, size_t post_max, uint64_t **out);

/* Pair (from rel_post_pairs) as its two mentions in document order (rel_by_doc); false
 * when they are of one document, or of one source group unless same_source. */
bool rel_pair_at(const clm_set *claims, uint64_t pair, bool same_source, uint32_t *ia,
		 uint32_t *ib, const clm_mention **pa, const clm_mention **pb);

/* Mention mi of claims as a statement, read on first use; NULL when unreadable. */
const fct_stmt *rel_stmt_of(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
			    size_t ndocs, uint32_t mi);

/* Append one contradiction to *v (grown as needed). */
void rel_add_contra(rel_contradiction **v, size_t *n, size_t *cap, uint8_t kind,
		    uint32_t claim, uint32_t ma, uint32_t mb, const char *reason, uint32_t xs,
		    uint32_t xe, uint32_t ys, uint32_t ye, const char *about);

/* Mentions *ia and *ib and their records in document order: a's document first. */
void rel_by_doc(const clm_set *claims, uint32_t *ia, uint32_t *ib, const clm_mention **pa,
		const clm_mention **pb);

/* ---- relation_dates.c ---- */

/* Two mentions of one claim cluster (a's document first) dated differently for one event:
 * the spans of the two dates, or found == false. */
finding rel_date_conflict(rel_scratch *sc, const clm_doc *docs, size_t ndocs,
			  const clm_mention *a, const fct_stmt *sa, const clm_mention *b,
			  const fct_stmt *sb, double sim);

/* Sentences opened by a date, in any two claims, telling one event with other months. */
void rel_lead_date_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
			size_t ndocs, bool same_source, rel_contradiction **v, size_t *nv,
			size_t *cap);

/* One person's age stated differently by two sources. */
/* Figures of mentions a and b (statements sa, sb; context similarity sim) that cannot
 * both be true (relation_qty.c). *comparable tells whether any figures were comparable at
 * all (then the mentions' dates are periods, not events). */
finding rel_qty_conflict(rel_scratch *sc, const clm_doc *docs, size_t ndocs,
			 const clm_mention *a, const fct_stmt *sa, const clm_mention *b,
			 const fct_stmt *sb, double sim, bool *comparable);

/* Whether date d of mention m (statement st) is stated as the date of something that
 * happened: not a bound ("since 2012", "by March"), a forecast (a modal near it) or inside
 * a quotation. */
bool rel_date_asserted(const clm_doc *docs, size_t ndocs, const clm_mention *m,
		       const fct_stmt *st, const clm_date *d);

/* Whether a and b each name a person (two words or more) the other does not: two
 * people's events. */
bool rel_other_people(const clm_mention *a, const clm_mention *b);

/* The entity key (clm_entity.key) a normalised name would have: "putin" for the last
 * word of "vladimir putin". */
uint64_t rel_name_key(const char *norm);

/* Days named relative to an article ("on Friday", "yesterday") of one event stated
 * differently by two sources (relation_days.c). */
void rel_day_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs, size_t ndocs,
		  bool same_source, rel_contradiction **v, size_t *nv, size_t *cap);

/* Attributes of one person stated otherwise by two sources: a title's rank
 * (relation_attr.c). */
void rel_attr_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs, size_t ndocs,
		   bool same_source, rel_contradiction **v, size_t *nv, size_t *cap);

/* One phone number given two ways (one digit apart) by two sources after the same phone
 * noun ("helpline at ...", relation_phone.c). */
void rel_phone_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
		    size_t ndocs, bool same_source, rel_contradiction **v, size_t *nv,
		    size_t *cap);

/* A year given as "N years ago" (from the article's date) against another source's year
 * for the same event (relation_ago.c). */
void rel_ago_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs, size_t ndocs,
		  bool same_source, rel_contradiction **v, size_t *nv, size_t *cap);

void rel_age_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs, size_t ndocs,
		  bool same_source, rel_contradiction **v, size_t *nv, size_t *cap);

#endif
