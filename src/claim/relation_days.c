/* relation_days.c - days named relative to an article: "on Friday", "yesterday", "last
 * Tuesday", compared between two articles that tell one event (relation_int.h).
 *
 * News dates most events by weekday, not by calendar date: "was arrested on Friday",
 * "died yesterday". claim_parse.c reads calendar dates only ("May 12", "in 2013"), so two
 * articles that put one arrest on Thursday and on Friday showed no conflict. Here a
 * mention's day expression becomes a day:
 *   - with the article's publication date (clm_doc year, month, day), a calendar day: the
 *     latest such weekday on or before the article's date ("on Friday" in an article of
 *     Saturday 7 March 2015 is 6 March), "yesterday" the day before, "today" and
 *     "tonight" the day itself; it is then compared with the other side's calendar dates
 *     too;
 *   - without one, a weekday only, compared with another weekday: articles of one story
 *     are written within days of the event, so "Thursday" and "Friday" for the same event
 *     are two days ("yesterday" without a date is not compared).
 * A pair is compared only when it is about one event, by the tests of the lead-date pass:
 * a shared name (or its last word: "Putin"), three content words shared both ways (an event
 * noun and its verb of another stem, and the event's object, count as one each), the
 * words beside each day shared, the day asserted (not a bound, forecast or quote), not two
 * people's events, and one event the days date: the same verb, or an event noun bound to
 * the day ("Sunday during a speech" / "a speech ... on Friday"; a closed list of nouns, each
 * matching itself or its verb: "spoke ... on Friday"). A day the
 * other side also states anywhere in the sentence is not in dispute. It does not read
 * "next week", "last week", "last month" (spans, not days), times of day, or weekdays
 * that are part of a name ("Mail on Sunday", "Sunday Times"), and it does not print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/lexicon.h"
#include "overlap/mem.h"
#include "overlap/pubdate.h"
#include "overlap/util.h"
#include "relation_int.h"

/* ---- tuning (shared with the lead-date pass, relation_dates.c) ---- */

/* Content words (stems or WordNet synonyms) the two sentences share, each way. */
#define DAY_SHARED_MIN 3

/* Words each way around the day that must be shared by the two sides (the words of the
 * event the day dates: "arrested on Friday" / "arrested late Thursday"), and how many. */
#define DAY_WINDOW 5
#define DAY_CONTEXT_MIN 1

/* A name in more mentions with a day than this does not pair them ("U.S."). */
#define DAY_POST_MAX 200

/* ---- reading a day ---- */

typedef struct day_expr {
	int wday;          /* 0 Sunday .. 6 Saturday, or -1 */
	int rel;           /* 0 none, 1 today/tonight, 2 yesterday */
	uint32_t start, end;
} day_expr;

static const char *const wdays[] = {"sunday", "monday", "tuesday", "wednesday",
				    "thursday", "friday", "saturday"};

static int wday_of(const char *w)
{
	for (int i = 0; i < 7; i++)
		if (strcmp(w, wdays[i]) == 0)
			return i;
	return -1;
}

static bool word_is(const fct_stmt *st, size_t i, const char *const *set)
{
	if (i >= st->n)
		return false;
	const char *w = st->str + st->w[i].norm;
	for (size_t k = 0; set[k]; k++)
		if (strcmp(w, set[k]) == 0)
			return true;
	return false;
}

static bool upper_at(const clm_doc *d, uint32_t off)
{
	return off < d->nbytes && d->text[off] >= 'A' && d->text[off] <= 'Z';
}

/* The first day expression of statement st (a mention of document d) that dates an event,
 * or false. Weekdays must be capitalised in the text; "every Friday", "next Friday",
 * "Fridays", "Friday's" paper, a weekday before a capitalised word ("Sunday Times") or
 * after "Mail on" are not days of an event. */
static bool find_day(const clm_doc *d, const fct_stmt *st, day_expr *out)
{
	static const char *const not_before[] = {"every", "next", "coming", "each", "until",
						 "till", "since", "by", "before", "after", NULL};
	static const char *const papers[] = {"mail", "express", "post", "mirror", "times",
					     "telegraph", "people", "star", "independent", NULL};
	for (size_t i = 0; i < st->n; i++) {
		const char *w = st->str + st->w[i].norm;
		day_expr e = {-1, 0, st->w[i].start, st->w[i].end};
		if (strcmp(w, "yesterday") == 0)
			e.rel = 2;
		else if (strcmp(w, "today") == 0 || strcmp(w, "tonight") == 0)
			e.rel = 1;
		else if ((e.wday = wday_of(w)) < 0)
			continue;
		if (i > 0 && word_is(st, i - 1, not_before))
			continue;
		if (e.wday >= 0) {
			if (!upper_at(d, st->w[i].start))
				continue;
			/* a possessive or plural: "Friday's edition", "on Fridays" */
			uint32_t e1 = st->w[i].end;
			if (e1 < d->nbytes && (d->text[e1] == '\'' || d->text[e1] == 's'))
				continue;
			if (i + 1 < st->n && upper_at(d, st->w[i + 1].start) &&
			    st->w[i + 1].start == st->w[i].end + 1)
				continue;
			if (i >= 2 && word_is(st, i - 1, (const char *const[]){"on", NULL}) &&
			    word_is(st, i - 2, papers))
				continue;
		}
		*out = e;
		return true;
	}
	return false;
}

static long days_of(int y, int m, int d)
{
	return (long)pdt_days_from_civil(y, m, d);
}

static void civil_of(long z, int *y, int *m, int *d)
{
	int64_t yy;
	pdt_civil_from_days(z, &yy, m, d);
	*y = (int)yy;
}

static bool has_pubdate(const clm_doc *d)
{
	return d->year && d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31;
}

/* The calendar day of e in document d (days since 1970), or a negative number when the
 * document has no publication date. */
static long day_resolved(const clm_doc *d, const day_expr *e)
{
	if (!has_pubdate(d))
		return -1;
	long pub = days_of(d->year, d->month, d->day);
	if (e->rel == 1)
		return pub;
	if (e->rel == 2)
		return pub - 1;
	int pw = (int)(((pub % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
	return pub - ((pw - e->wday + 7) % 7);
}

/* Whether calendar day z is one of the dates of mention m (resolved as relation_dates.c
 * does: parts the text leaves out agree). */
static bool day_among_dates(const clm_mention *m, long z)
{
	int y, mo, d;
	civil_of(z, &y, &mo, &d);
	for (size_t i = 0; i < m->ndates; i++) {
		const clm_date *x = &m->dates[i];
		if (!x->month)
			continue;
		if ((!x->year || x->year == y) && x->month == mo && (!x->day || x->day == d))
			return true;
	}
	return false;
}

/* A day in mention m's calendar dates that is not z (a full date that contradicts the
 * day), or NULL. */
static const clm_date *date_against(const clm_mention *m, long z)
{
	int y, mo, d;
	civil_of(z, &y, &mo, &d);
	for (size_t i = 0; i < m->ndates; i++) {
		const clm_date *x = &m->dates[i];
		if (x->month && x->day && (!x->year || x->year == y) && (x->month != mo || x->day != d))
			return x;
	}
	return NULL;
}

static void day_text(long z, char *out, size_t cap)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int y, m, d;
	civil_of(z, &y, &m, &d);
	snprintf(out, cap, "%d %s %d", d, mon[m - 1], y);
}

typedef struct day_side {
	const clm_mention *m;
	const fct_stmt *st;
	day_expr e;
	long z; /* calendar day, or < 0 */
} day_side;

/* The verb the day dates: the nearest content word before it (at most GOV_BACK content
 * words, names not counted,
 * across "on", "late", "night" and the like), or else the word just after it ("officials
 * Friday announced"), when it is an inflected verb WordNet knows ("released", "took"); its
 * index, or -1. A reporting verb dates a statement, not the event ("the Pentagon said
 * Friday"): -1. "A video released Tuesday" dates the release; "intelligence agencies on
 * Wednesday verified" the verification, another event of the same story. */
#define GOV_BACK 4

/* Word i of st as a dating verb: 1 an inflected verb WordNet knows ("released", "took",
 * not "taking" or "reports"), -1 a reporting verb (it dates a statement), 0 neither. */
static int verb_at(lex_ctx *lx, const fct_stmt *st, size_t i)
{
	const fct_word *x = &st->w[i];
	const char *w = st->str + x->norm;
	size_t n = strlen(w);
	if (x->flags & FCT_SPEECH)
		return -1;
	if (!(x->flags & FCT_CONTENT) || (x->flags & FCT_NUM))
		return 0;
	return lex_inflected_verb(lx, w, n) ? 1 : 0;
}
static long governing_verb(lex_ctx *lx, const fct_stmt *st, const day_expr *e)
{
	static const char *const skip[] = {"on", "late", "early", "last", "this", "night",
					   "morning", "afternoon", "evening", NULL};
	size_t di = st->n;
	for (size_t i = 0; i < st->n; i++)
		if (st->w[i].start == e->start) {
			di = i;
			break;
		}
	if (di == st->n)
		return -1;
	/* before the day: the nearest inflected verb within GOV_BACK words, across names and
	 * nouns ("passed very close to Earth on Sunday") */
	for (size_t i = di, seen = 0; i > 0 && seen < GOV_BACK;) {
		i--;
		if (word_is(st, i, skip))
			continue;
		/* names and function words do not count towards the distance */
		if ((st->w[i].flags & FCT_CONTENT) && !(st->w[i].flags & FCT_UPPER))
			seen++;
		int v = verb_at(lx, st, i);
		if (v < 0)
			return -1;
		if (v > 0)
			return (long)i;
	}
	/* after it, only right after and with nothing between ("officials Friday announced") */
	if (di + 1 < st->n && st->w[di + 1].start == st->w[di].end + 1 &&
	    verb_at(lx, st, di + 1) > 0)
		return (long)(di + 1);
	return -1;
}

/* Whether the two days date the same verb: equal stems, lemmas or WordNet synonyms
 * ("released" / "posted" is not; "announced" / "announcement" is, by stem). */
static bool same_verb(lex_ctx *lx, const day_side *a, const day_side *b)
{
	long i = governing_verb(lx, a->st, &a->e), k = governing_verb(lx, b->st, &b->e);
	if (i < 0 || k < 0)
		return false;
	const fct_word *x = &a->st->w[i], *y = &b->st->w[k];
	const char *sx = a->st->str + x->stem, *sy = b->st->str + y->stem;
	if (strcmp(sx, sy) == 0 || (x->lemma && y->lemma && strcmp(x->lemma, y->lemma) == 0))
		return true;
	const char *lx1 = x->lemma ? x->lemma : a->st->str + x->norm;
	const char *ly1 = y->lemma ? y->lemma : b->st->str + y->norm;
	return lex_synonyms(lx, lx1, strlen(lx1), ly1, strlen(ly1));
}

/* ---- the event a day dates, named by a noun ---- */

/* A day is as often bound to an event noun as to a verb: "Sunday during a speech", "the
 * unveiling of a monument in Moscow on Friday". News names events with a small set of
 * nouns; these are the ones whose every use is one happening at one time (a "video" or a
 * "report" is a thing that lasts, and is left out). A noun counts within EVENT_WINDOW
 * content words of the day, each way (as GOV_BACK for a verb, plus one: a noun phrase
 * puts an adjective or two between). */
#define EVENT_WINDOW 5

static const char *const event_nouns[] = {
	"speech", "unveiling", "dedication", "ceremony", "inauguration",
	"funeral", "wedding", "meeting", "summit", "conference", "interview", "rally",
	"protest", "parade", "concert", "match", "attack", "shooting", "bombing", "explosion",
	"blast", "crash", "collision", "election", "referendum", "hearing", "trial", "verdict",
	"visit", "flight", "launch", "announcement", "debate", "raid", "arrest", "earthquake",
	"robbery", "murder", "killing", "stabbing", "accident", "premiere", "auction",
	"performance", "appearance", "briefing", "vigil", NULL};

/* Whether word i of st is an event noun (singular or plural in the text). */
static bool event_noun_at(const fct_stmt *st, size_t i)
{
	const char *w = st->str + st->w[i].norm;
	size_t n = strlen(w);
	for (size_t k = 0; event_nouns[k]; k++) {
		size_t m = strlen(event_nouns[k]);
		if ((n == m || (n == m + 1 && w[m] == 's')) && memcmp(w, event_nouns[k], m) == 0)
			return true;
	}
	return false;
}

/* Word index of day e in st, or st->n. */
static size_t day_index(const fct_stmt *st, const day_expr *e)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->w[i].start == e->start)
			return i;
	return st->n;
}

/* The event nouns day e of st is bound to, as word indices into ev (at most EVENT_MAX):
 * before the day, those within EVENT_WINDOW content words (names and function words do
 * not count: "a speech unveiling a World War One monument in Moscow on Friday") with no
 * inflected verb between (in "students marched on Tuesday after a night of protests" the
 * day dates the march); after it, only in a phrase the day opens with "during" or "at"
 * ("Sunday during a speech unveiling a monument"), up to the segment's end. @return their
 * number. */
#define EVENT_MAX 16

/* Words each way of an event word that make its object ("unveiling a monument"). */
#define EVENT_OBJ_WINDOW 3

static size_t event_nouns_of(lex_ctx *lx, const fct_stmt *st, const day_expr *e, size_t *ev)
{
	size_t di = day_index(st, e), n = 0;
	if (di == st->n)
		return 0;
	for (size_t i = di, seen = 0; i > 0 && seen < EVENT_WINDOW && n < EVENT_MAX;) {
		i--;
		if (event_noun_at(st, i))
			ev[n++] = i;
		else if (verb_at(lx, st, i) != 0)
			break;
		if ((st->w[i].flags & FCT_CONTENT) && !(st->w[i].flags & FCT_UPPER))
			seen++;
	}
	if (!word_is(st, di + 1, (const char *const[]){"during", "at", NULL}))
		return n;
	for (size_t i = di + 2, seen = 0; i < st->n && seen < EVENT_WINDOW && n < EVENT_MAX &&
					  st->w[i].seg == st->w[di + 1].seg; i++) {
		if (event_noun_at(st, i))
			ev[n++] = i;
		if ((st->w[i].flags & FCT_CONTENT) && !(st->w[i].flags & FCT_UPPER))
			seen++;
	}
	return n;
}

/* Event nouns whose verb has another stem ("speech" is what one gives who "spoke"): the
 * noun and the verb's lemma. The other nouns of the list share their verb's stem
 * ("unveiling"/"unveil", "dedication"/"dedicate"). */
static const char *const event_verbs[][2] = {
	{"speech", "speak"}, {"flight", "fly"}, {"explosion", "explode"},
	{"collision", "collide"}, {"robbery", "rob"},
};

/* Whether word i of x (an event noun) and word j of y name one event: one stem, or the
 * noun and its verb of event_verbs (by the verb's WordNet lemma: "spoke" -> "speak"). */
static bool event_match(lex_ctx *lx, const fct_stmt *x, size_t i, const fct_stmt *y, size_t j)
{
	if (strcmp(x->str + x->w[i].stem, y->str + y->w[j].stem) == 0)
		return true;
	const char *nx = x->str + x->w[i].norm, *wy = y->str + y->w[j].norm;
	const char *ly = lex_lemma(lx, wy, strlen(wy));
	for (size_t k = 0; k < sizeof event_verbs / sizeof *event_verbs; k++)
		if (strncmp(nx, event_verbs[k][0], strlen(event_verbs[k][0])) == 0 &&
		    strlen(nx) <= strlen(event_verbs[k][0]) + 1 && strcmp(ly, event_verbs[k][1]) == 0)
			return true;
	return false;
}

/* The lower-case content words of st within EVENT_OBJ_WINDOW content words after its word
 * i, in its segment (the object of an event word: "unveiling a monument", "dedication of
 * a new monument"; a name there is a place or a person, not what the event is of), into
 * v. @return their number. */
static size_t object_words(const fct_stmt *st, size_t i, size_t *v)
{
	size_t n = 0;
	for (size_t k = i + 1; k < st->n && n < EVENT_OBJ_WINDOW && st->w[k].seg == st->w[i].seg;
	     k++) {
		uint8_t f = st->w[k].flags;
		if (!(f & FCT_CONTENT) || (f & (FCT_NUM | FCT_CUE | FCT_SPEECH)))
			continue;
		if (f & FCT_UPPER)
			break;
		v[n++] = k;
	}
	return n;
}

/* Whether event words wa of a and wb of b have one object: a word of one stem or WordNet
 * synonyms among the words after each ("monument" / "monument", "memorial"). */
static bool same_object(lex_ctx *lx, const fct_stmt *a, size_t wa, const fct_stmt *b,
			size_t wb)
{
	size_t va[EVENT_OBJ_WINDOW], vb[EVENT_OBJ_WINDOW];
	size_t na = object_words(a, wa, va), nb = object_words(b, wb, vb);
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++) {
			const char *x = a->str + a->w[va[i]].norm, *y = b->str + b->w[vb[j]].norm;
			if (strcmp(a->str + a->w[va[i]].stem, b->str + b->w[vb[j]].stem) == 0 ||
			    lex_synonyms(lx, x, strlen(x), y, strlen(y)))
				return true;
		}
	return false;
}

/* Whether the two sides bind their days to one event named by a noun: an event noun of
 * each day with one stem, or an event noun of one day that names the verb the other
 * day dates ("unveiled a monument last Friday" / "Sunday during a speech unveiling a
 * monument": "unveil"; "spoke ... on Friday" / "Sunday during a speech", event_verbs).
 * Stems and that table only: the nouns are a closed list, and a synonym of one ("talk"
 * for "speech") is as often another event. *derived tells whether the match was a noun
 * and its verb of another stem (a shared word fct_stmt_shared does not count). */
static bool same_event_noun(lex_ctx *lx, const day_side *a, const day_side *b, bool *derived,
			    size_t *wa, size_t *wb)
{
	*derived = false;
	bool found = false;
	const day_side *s[2] = {a, b};
	size_t ev[2][EVENT_MAX + 1], nev[2];
	for (int k = 0; k < 2; k++) {
		nev[k] = event_nouns_of(lx, s[k]->st, &s[k]->e, ev[k]);
		long gv = governing_verb(lx, s[k]->st, &s[k]->e);
		if (gv >= 0)
			ev[k][nev[k]++] = (size_t)gv; /* last: never a noun of its own */
	}
	for (int k = 0; k < 2; k++) {
		const fct_stmt *x = s[k]->st, *y = s[1 - k]->st;
		for (size_t i = 0; i < nev[k]; i++) {
			if (!event_noun_at(x, ev[k][i]))
				continue;
			for (size_t j = 0; j < nev[1 - k]; j++)
				if (event_match(lx, x, ev[k][i], y, ev[1 - k][j])) {
					if (!found) {
						*(k ? wb : wa) = ev[k][i];
						*(k ? wa : wb) = ev[1 - k][j];
					}
					found = true;
					*derived |= strcmp(x->str + x->w[ev[k][i]].stem,
							   y->str + y->w[ev[1 - k][j]].stem) != 0;
				}
		}
	}
	return found;
}

/* ---- the pass ---- */


/* Whether the two sides state days of one event that differ; the reason line into
 * reason and the spans into *f. */
static bool days_conflict(const clm_doc *docs, const day_side *a, const day_side *b,
			  char *reason, size_t cap, finding *f)
{
	char qa[QUOTE_MAX + 8], qb[QUOTE_MAX + 8], da[32], db[32];
	f->xs = a->e.start;
	f->xe = a->e.end;
	f->ys = b->e.start;
	f->ye = b->e.end;
	/* one weekday on both sides is one day, whatever the dates say: a publication date
	 * read from the text can be another event's date */
	if (a->e.wday >= 0 && a->e.wday == b->e.wday)
		return false;
	if (a->z >= 0 && b->z >= 0) {
		if (a->z == b->z || day_among_dates(b->m, a->z) || day_among_dates(a->m, b->z))
			return false;
		day_text(a->z, da, sizeof da);
		day_text(b->z, db, sizeof db);
		snprintf(qa, sizeof qa, "%.*s", (int)(a->e.end - a->e.start),
			 (const char *)docs[a->m->doc].text + a->e.start);
		snprintf(qb, sizeof qb, "%.*s", (int)(b->e.end - b->e.start),
			 (const char *)docs[b->m->doc].text + b->e.start);
		snprintf(reason, cap, "\"%s\" (%s) vs \"%s\" (%s) for the same event", qa, da, qb,
			 db);
		return true;
	}
	/* two weekdays, one of them without a calendar day: a resolved day keeps its weekday */
	if (a->e.wday >= 0 && b->e.wday >= 0 && (a->z < 0 || b->z < 0)) {
		if (a->e.wday == b->e.wday)
			return false;
		/* the other weekday anywhere in the sentence: not in dispute */
		for (int side = 0; side < 2; side++) {
			const day_side *x = side ? b : a, *y = side ? a : b;
			for (size_t i = 0; i < x->st->n; i++)
				if (wday_of(x->st->str + x->st->w[i].norm) == y->e.wday)
					return false;
		}
		static const char *const names[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
						    "Thursday", "Friday", "Saturday"};
		snprintf(reason, cap, "\"%s\" vs \"%s\" for the same event (weekdays)",
			 names[a->e.wday], names[b->e.wday]);
		return true;
	}
	/* one calendar day against the other side's full date */
	const day_side *x = a->z >= 0 ? a : b, *y = a->z >= 0 ? b : a;
	if (x->z < 0)
		return false;
	const clm_date *c = date_against(y->m, x->z);
	if (!c || day_among_dates(y->m, x->z))
		return false;
	day_text(x->z, da, sizeof da);
	snprintf(qa, sizeof qa, "%.*s", (int)(x->e.end - x->e.start),
		 (const char *)docs[x->m->doc].text + x->e.start);
	snprintf(qb, sizeof qb, "%.*s", (int)(c->end - c->start),
		 (const char *)docs[y->m->doc].text + c->start);
	if (x == a) {
		f->ys = c->start;
		f->ye = c->end;
		snprintf(reason, cap, "\"%s\" (%s) vs \"%s\" for the same event", qa, da, qb);
	} else {
		f->xs = c->start;
		f->xe = c->end;
		snprintf(reason, cap, "\"%s\" vs \"%s\" (%s) for the same event", qb, qa, da);
	}
	return true;
}

/* Mention mi as a side: its day expression, or else its first full calendar date (month
 * and day) for comparing with a resolved day of the other side. */
static bool day_side_of(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
			size_t ndocs, uint32_t mi, day_side *s)
{
	s->m = clm_mention_at(claims, mi);
	if (s->m->doc >= ndocs)
		return false;
	s->st = rel_stmt_of(sc, claims, docs, ndocs, mi);
	if (!s->st || s->st->question)
		return false;
	if (find_day(&docs[s->m->doc], s->st, &s->e)) {
		s->z = day_resolved(&docs[s->m->doc], &s->e);
		return s->z >= 0 || s->e.wday >= 0;
	}
	for (size_t i = 0; i < s->m->ndates; i++)
		if (s->m->dates[i].month && s->m->dates[i].day) {
			s->e = (day_expr){-1, 0, s->m->dates[i].start, s->m->dates[i].end};
			s->z = -1;
			return true;
		}
	return false;
}

void rel_day_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs, size_t ndocs,
		  bool same_source, rel_contradiction **v, size_t *nv, size_t *cap)
{
	size_t nm = clm_mention_count(claims);
	util_post *post = NULL;
	size_t np = 0, pcap = 0;
	for (size_t m = 0; m < nm; m++) {
		const clm_mention *cm = clm_mention_at(claims, m);
		day_side s;
		if (!cm->nentities || !day_side_of(sc, claims, docs, ndocs, (uint32_t)m, &s))
			continue;
		for (size_t i = 0; i < cm->nentities; i++) {
			XGROW(post, pcap, np + 2);
			post[np++] = (util_post){cm->entities[i].key, (uint32_t)m};
			/* and by its last word: "Putin" / "Russian President Vladimir Putin"
			 * (rel_other_people still keeps two people's events apart) */
			const char *sp = strrchr(cm->entities[i].norm, ' ');
			if (sp)
				post[np++] = (util_post){rel_name_key(sp + 1), (uint32_t)m};
		}
	}
	uint64_t *pairs = NULL;
	size_t npairs = rel_post_pairs(post, np, DAY_POST_MAX, &pairs);
	free(post);
	lex_ctx *lx = npairs ? lex_new() : NULL;
	uint64_t *done = NULL; /* document pairs already reported: one report a pair */
	size_t ndone = 0, dcap = 0;
	for (size_t k = 0; k < npairs; k++) {
		uint32_t ia, ib;
		const clm_mention *pa, *pb;
		if (!rel_pair_at(claims, pairs[k], same_source, &ia, &ib, &pa, &pb))
			continue;
		uint64_t dp = (uint64_t)pa->doc << 32 | pb->doc;
		bool seen = false;
		for (size_t i = 0; i < ndone && !seen; i++)
			seen = done[i] == dp;
		if (seen)
			continue;
		day_side a, b;
		if (!day_side_of(sc, claims, docs, ndocs, ia, &a) ||
		    !day_side_of(sc, claims, docs, ndocs, ib, &b) || rel_other_people(pa, pb))
			continue;
		char reason[256];
		finding f;
		memset(&f, 0, sizeof f);
		if ((a.z < 0 && a.e.wday < 0 && b.z < 0) || (b.z < 0 && b.e.wday < 0 && a.z < 0))
			continue; /* a calendar date against an unresolved day */
		bool derived = false, noun = false;
		size_t wa = 0, wb = 0;
		if (!days_conflict(docs, &a, &b, reason, sizeof reason, &f) ||
		    (!same_verb(lx, &a, &b) &&
		     !(noun = same_event_noun(lx, &a, &b, &derived, &wa, &wb))))
			continue;
		/* a noun and its verb of another stem ("speech"/"spoke") are one shared word,
		 * and so is the event's own object ("a speech unveiling a monument" / "spoke at
		 * the dedication of a new monument") */
		unsigned more = derived;
		if (noun && same_object(lx, a.st, wa, b.st, wb))
			more++;
		if (fct_stmt_shared(sc->fct, a.st, b.st, NULL) + more < DAY_SHARED_MIN ||
		    fct_stmt_shared(sc->fct, b.st, a.st, NULL) + more < DAY_SHARED_MIN)
			continue;
		if (fct_context_shared(sc->fct, a.st, a.e.start, a.e.end, b.st, b.e.start, b.e.end,
				       NULL, DAY_WINDOW) < DAY_CONTEXT_MIN)
			continue;
		clm_date ca = {0, 0, 0, a.e.start, a.e.end}, cb = {0, 0, 0, b.e.start, b.e.end};
		if (!rel_date_asserted(docs, ndocs, pa, a.st, &ca) ||
		    !rel_date_asserted(docs, ndocs, pb, b.st, &cb))
			continue;
		rel_add_contra(v, nv, cap, REL_DATE, pa->claim, ia, ib, reason, f.xs, f.xe, f.ys,
			       f.ye, "date");
		XGROW(done, dcap, ndone + 1);
		done[ndone++] = dp;
	}
	free(done);
	lex_free(lx);
	free(pairs);
}
