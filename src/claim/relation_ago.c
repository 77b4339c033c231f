/* relation_ago.c - a year given as "N years ago" against a year stated for the same event:
 * "Charges were clearly established six years ago" (an article of 8 January 2015: 2009)
 * vs "The inquiry report, establishing the charges was submitted in July, 2007"
 * (relation_int.h).
 *
 * claim_parse.c reads calendar dates only, so a year counted back from the article was
 * never compared. Here "N years ago" (N in digits or words, 1 to 99) becomes the year of
 * the article's publication date (clm_doc.year) less N, and dates the verb before it
 * (an inflected verb WordNet knows, at most AGO_BACK content words back; a reporting verb
 * dates a statement, not the event). Another source's mention states the same event when
 * it has a word of that verb's lemma ("established" / "establishing") with a stated year
 * within AGO_NEAR words of it, and the two share a word around the verb (its subject or
 * object: "charges"). "N years ago" is counted loosely (a year and a month is "a year
 * ago", 24 years and a month "25 years"), so the years must differ by AGO_SLACK + 1 or
 * more; "about", "nearly", "more than" N years ago are not compared, nor bounds, forecasts
 * and quotations (rel_date_asserted). Workload: a few "ago" phrases a story, each set
 * against the dated mentions; it does not print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/lexicon.h"
#include "overlap/mem.h"
#include "overlap/util.h"
#include "relation_int.h"

/* ---- tuning ---- */

/* Content words back from "N years ago" to the verb it dates ("was established six years
 * ago", "established the charges six years ago"). */
#define AGO_BACK 3

/* Words between the other side's verb and its year ("establishing the charges was
 * submitted in July, 2007": five). */
#define AGO_NEAR 8

/* Words each way of each verb searched for a word both share (its subject or object). */
#define AGO_CONTEXT 3

/* Years "N years ago" may be off by: counted from another day of the year, rounded. */
#define AGO_SLACK 1

static const char *const small_numbers[] = {
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
	"eighteen", "nineteen", "twenty", NULL};

/* Words before N that make it approximate or a bound. */
static const char *const loose[] = {"about", "around", "nearly", "almost", "some", "over",
				    "than", "least", "roughly", "approximately", "just", "under",
				    "few", "several", "many", NULL};

typedef struct ago_fact {
	uint32_t mention;
	int year;                 /* the article's year less N */
	size_t verb;              /* word index of the verb it dates */
	uint32_t s, e;            /* "N years ago" in the document */
} ago_fact;

static const char *W(const fct_stmt *st, size_t i)
{
	return st->str + st->w[i].norm;
}

/* N of word i ("six", "25"), or 0. */
static int number_at(const fct_stmt *st, size_t i)
{
	const char *w = W(st, i);
	for (int k = 0; small_numbers[k]; k++)
		if (strcmp(w, small_numbers[k]) == 0)
			return k + 1;
	if (!(st->w[i].flags & FCT_NUM) || strlen(w) > 2)
		return 0;
	int n = 0;
	for (const char *p = w; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		n = n * 10 + (*p - '0');
	}
	return n;
}

/* The verb word i dates, looking back at most AGO_BACK content words: an inflected verb
 * WordNet knows; -1 when there is none or it is a reporting verb. */
static long verb_before(lex_ctx *lx, const fct_stmt *st, size_t i)
{
	for (size_t k = i, seen = 0; k > 0 && seen < AGO_BACK;) {
		k--;
		const fct_word *x = &st->w[k];
		if (x->seg != st->w[i].seg)
			return -1;
		if (x->flags & FCT_SPEECH)
			return -1;
		if (!(x->flags & FCT_CONTENT) || (x->flags & FCT_NUM))
			continue;
		seen++;
		const char *w = W(st, k);
		if (!(x->flags & FCT_UPPER) && lex_inflected_verb(lx, w, strlen(w)))
			return (long)k;
	}
	return -1;
}

/* "N years ago" in statement st of mention cm (document d, dated), as a fact. */
static bool find_ago(lex_ctx *lx, const clm_doc *docs, size_t ndocs, const clm_mention *cm,
		     const fct_stmt *st, uint32_t m, ago_fact *out)
{
	const clm_doc *d = &docs[cm->doc];
	if (!d->year)
		return false;
	for (size_t i = 1; i + 2 < st->n; i++) {
		if (strcmp(W(st, i + 1), "years") != 0 || strcmp(W(st, i + 2), "ago") != 0)
			continue;
		int n = number_at(st, i);
		if (n < 1 || n > 99 || util_str_in(W(st, i - 1), loose))
			continue;
		long v = verb_before(lx, st, i);
		if (v < 0)
			continue;
		clm_date span = {0, 0, 0, st->w[i].start, st->w[i + 2].end};
		if (!rel_date_asserted(docs, ndocs, cm, st, &span))
			continue;
		*out = (ago_fact){m, d->year - n, (size_t)v, st->w[i].start, st->w[i + 2].end};
		return true;
	}
	return false;
}

/* Whether the words within AGO_CONTEXT of word i of a and of word j of b share one (a
 * content word, not a name, not the verbs themselves). */
static bool share_near(const fct_stmt *a, size_t i, const fct_stmt *b, size_t j)
{
	for (size_t x = i > AGO_CONTEXT ? i - AGO_CONTEXT : 0; x < a->n && x <= i + AGO_CONTEXT; x++) {
		uint8_t f = a->w[x].flags;
		if (x == i || !(f & FCT_CONTENT) || (f & (FCT_NUM | FCT_UPPER | FCT_CUE)))
			continue;
		for (size_t y = j > AGO_CONTEXT ? j - AGO_CONTEXT : 0; y < b->n && y <= j + AGO_CONTEXT;
		     y++)
			if (y != j && !(b->w[y].flags & FCT_NUM) &&
			    strcmp(a->str + a->w[x].stem, b->str + b->w[y].stem) == 0)
				return true;
	}
	return false;
}

/* The year mention b (statement sb) states within AGO_NEAR words of a word of the verb's
 * lemma, when the two share a word around the verb: its clm_date, or NULL. */
static const clm_date *dated_same_event(lex_ctx *lx, const fct_stmt *sa, size_t verb,
					const clm_mention *b, const fct_stmt *sb)
{
	const char *va = W(sa, verb);
	const char *la = lex_lemma(lx, va, strlen(va));
	for (size_t j = 0; j < sb->n; j++) {
		if (!(sb->w[j].flags & FCT_CONTENT) || (sb->w[j].flags & (FCT_UPPER | FCT_NUM)))
			continue;
		const char *w = W(sb, j);
		if (strcmp(lex_lemma(lx, w, strlen(w)), la) != 0 || !share_near(sa, verb, sb, j))
			continue;
		for (size_t k = 0; k < b->ndates; k++) {
			const clm_date *dt = &b->dates[k];
			if (!dt->year)
				continue;
			size_t at = sb->n;
			for (size_t q = 0; q < sb->n && at == sb->n; q++)
				if (sb->w[q].start >= dt->start)
					at = q;
			if (at < sb->n && (at > j ? at - j : j - at) <= AGO_NEAR)
				return dt;
		}
	}
	return NULL;
}

void rel_ago_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs, size_t ndocs,
		  bool same_source, rel_contradiction **v, size_t *nv, size_t *cap)
{
	size_t nm = clm_mention_count(claims), na = 0, acap = 0;
	ago_fact *ago = NULL;
	lex_ctx *lx = NULL;
	for (size_t m = 0; m < nm; m++) {
		const clm_mention *cm = clm_mention_at(claims, m);
		if (cm->doc >= ndocs || !docs[cm->doc].year)
			continue;
		const fct_stmt *st = rel_stmt_of(sc, claims, docs, ndocs, (uint32_t)m);
		if (!st || st->question)
			continue;
		if (!lx)
			lx = lex_new();
		ago_fact f;
		if (find_ago(lx, docs, ndocs, cm, st, (uint32_t)m, &f)) {
			XGROW(ago, acap, na + 1);
			ago[na++] = f;
		}
	}
	uint64_t *done = NULL; /* document pairs reported */
	size_t ndone = 0, dcap = 0;
	for (size_t i = 0; i < na; i++) {
		const clm_mention *pa = clm_mention_at(claims, ago[i].mention);
		const fct_stmt *sa = rel_stmt_of(sc, claims, docs, ndocs, ago[i].mention);
		for (size_t m = 0; m < nm; m++) {
			const clm_mention *pb = clm_mention_at(claims, m);
			if (!pb->ndates || pb->doc == pa->doc ||
			    (!same_source && clm_doc_source(claims, pa->doc) == clm_doc_source(claims, pb->doc)))
				continue;
			const fct_stmt *sb = rel_stmt_of(sc, claims, docs, ndocs, (uint32_t)m);
			if (!sb || sb->question)
				continue;
			const clm_date *dt = dated_same_event(lx, sa, ago[i].verb, pb, sb);
			if (!dt || abs(dt->year - ago[i].year) <= AGO_SLACK ||
			    !rel_date_asserted(docs, ndocs, pb, sb, dt) || rel_other_people(pa, pb))
				continue;
			uint32_t da = pa->doc < pb->doc ? pa->doc : pb->doc;
			uint32_t db = pa->doc < pb->doc ? pb->doc : pa->doc;
			uint64_t dp = (uint64_t)da << 32 | db;
			bool seen = false;
			for (size_t k = 0; k < ndone && !seen; k++)
				seen = done[k] == dp;
			if (seen)
				continue;
			char qa[QUOTE_MAX + 8], qb[QUOTE_MAX + 8], reason[256];
			rel_quote(docs, ndocs, pa->doc, ago[i].s, ago[i].e, qa, sizeof qa);
			rel_quote(docs, ndocs, pb->doc, dt->start, dt->end, qb, sizeof qb);
			const char *vw = W(sa, ago[i].verb);
			bool a_first = pa->doc < pb->doc;
			if (a_first)
				snprintf(reason, sizeof reason,
					 "\"%s\" (%d, from the article's date) vs \"%s\" for the same "
					 "event (%s)", qa, ago[i].year, qb, lex_lemma(lx, vw, strlen(vw)));
			else
				snprintf(reason, sizeof reason,
					 "\"%s\" vs \"%s\" (%d, from the article's date) for the same "
					 "event (%s)", qb, qa, ago[i].year, lex_lemma(lx, vw, strlen(vw)));
			if (a_first)
				rel_add_contra(v, nv, cap, REL_DATE, pa->claim, ago[i].mention,
					       (uint32_t)m, reason, ago[i].s, ago[i].e, dt->start,
					       dt->end, "date");
			else
				rel_add_contra(v, nv, cap, REL_DATE, pb->claim, (uint32_t)m,
					       ago[i].mention, reason, dt->start, dt->end, ago[i].s,
					       ago[i].e, "date");
			XGROW(done, dcap, ndone + 1);
			done[ndone++] = dp;
		}
	}
	free(done);
	free(ago);
	lex_free(lx);
}
