/* relation_dates.c - dates and ages in conflict: one event dated differently, one
 * person's age stated differently (relation.h; called by rel_contradictions_story).
 *
 * Inside a claim cluster two dates conflict when the event around them is the same (its
 * words shared near both dates), both dates are stated (not a bound, a forecast or a
 * quotation), both name the same people, and the parts both give differ; a year left out
 * is the article's own (its publication date). Across clusters only dates that open their
 * sentences are compared, since those date the whole sentence. Ages are read from "32-year-
 * old Fan Lung", "Feng, 30", with the person matched by full name or surname. It does not
 * compare figures, polarity or denials (relation.c, denial.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xxhash.h>

#include "overlap/mem.h"
#include "overlap/util.h"
#include "relation_int.h"

/* ---- tuning ---- */

/* Dates: the mentions must share the event's content words at least this much: two
 * sentences on one person's two different meetings scored 0.35 in corpus/, restatements
 * of one event 0.8 and more in tests/data/relations. */
#define DATE_SIM_MIN 0.40

/* ... or, for a date inside a sentence about something else ("the maker, founded in 1998
 * by Sergei Markov, opened an office"), a similarity of at least DATE_SIM_LOW (a claim's
 * loosest paraphrase) when the words around the date on each side (the EVENT_WINDOW nearest
 * content words either way) share EVENT_SHARED_MIN with the other mention: the event
 * itself ("founded", "Helsinki", "Markov") is restated, not only the subject. Measured:
 * one founding restated in a sentence about an office opening shares 4 each way; "opened
 * an office in Tallinn in May 2015" beside the founding sentence shares 1. */
#define DATE_SIM_LOW 0.25
#define EVENT_WINDOW 4
#define EVENT_SHARED_MIN 3

/* Dates: the words around the two dates (DATE_WINDOW each way, in their segments) must
 * share DATE_CONTEXT_MIN: "went missing in Syria while reporting in July, 2013" vs "went
 * missing in Syria on Aug. 3, 2013" share "missing", "Syria"; "wrote in a 2013 essay" vs
 * "kidnapped with him in Libya in 2011" share only "wrote" (one is the other's event). */
#define DATE_WINDOW 4
#define DATE_CONTEXT_MIN 2

/* Lead dates ("In March 2017, U.S. intelligence officials said ..." vs "In early May six
 * U.S. intelligence ... chiefs were asked ..."): a date that opens its sentence dates the
 * sentence's whole event, so two such sentences in different claims are compared when
 * they tell one event: LEAD_SHARED_MIN content words (stems or WordNet synonyms) shared
 * both ways, one named entity at least, and no two different full names (James Foley's
 * and Steven Sotloff's kidnappings share every other word). A name key in more than
 * LEAD_POST_MAX dated mentions ("U.S.") does not pair them. */
#define LEAD_SHARED_MIN 3
#define LEAD_POST_MAX 200
/* ---- dates ---- */

/* Whether two dates of one event disagree: both give a year and the years differ; or the
 * same year and both give a month, months differ (then days likewise); or neither gives a
 * year and both give a full month and day that differ. A side that omits a part is less
 * precise, never contradictory ("in 2013" vs "in September 2013"), and a month without a
 * year beside a dated month may be another year's ("May 12" vs "April 2024"). */
static bool date_differs(const clm_date *x, const clm_date *y)
{
	if (x->year && y->year) {
		if (x->year != y->year)
			return true;
		if (x->month && y->month && x->month != y->month)
			return true;
		return x->month && x->month == y->month && x->day && y->day && x->day != y->day;
	}
	if (!x->year && !y->year && x->month && y->month && x->day && y->day)
		return x->month != y->month || x->day != y->day;
	/* A bare month beside a dated one ("in August" vs "July, 2012") is not compared:
	 * tried on dev-news, all three such reports were two events ("in August" was the
	 * video, "July, 2012" the kidnapping). */
	return false;
}

/* Date x of a mention in document doc, with the year the text leaves out taken from the
 * document's publication date when known: the article's year, or the year before for a
 * month after the article's ("in December" in an article of January 2015 is December
 * 2014). */
static clm_date date_resolved(const clm_doc *docs, size_t ndocs, uint32_t doc,
			      const clm_date *x)
{
	clm_date r = *x;
	if (r.year || !r.month || doc >= ndocs || !docs[doc].year || !docs[doc].month)
		return r;
	r.year = docs[doc].year;
	if (r.month > docs[doc].month)
		r.year--;
	return r;
}

static bool date_has(const clm_date *d)
{
	return d->year || d->month;
}


static bool has_stem(const clm_mention *m, const char *w, size_t n)
{
	for (size_t i = 0; i < m->nstems; i++)
		if (strlen(m->stems[i]) == n && memcmp(m->stems[i], w, n) == 0)
			return true;
	return false;
}

/* Content words among the EVENT_WINDOW nearest on each side of date d of mention m that
 * the other mention also has (as a stem or, when claims were built without stemming, as
 * a word). */
static size_t event_shared(rel_scratch *sc, const clm_doc *docs, size_t ndocs,
			   const clm_mention *m, const clm_date *d, const clm_mention *other)
{
	if (!rel_span_ok(docs, ndocs, m->doc, m->start, m->end) || d->start < m->start ||
	    d->end > m->end || d->end <= d->start)
		return 0;
	if (tok_run(docs[m->doc].text + m->start, m->end - m->start, &sc->toks) < 0)
		return 0;
	if (!sc->stem)
		sc->stem = stem_new();
	const tok_list *t = &sc->toks;
	uint32_t ds = d->start - m->start, de = d->end - m->start;
	size_t d0 = SIZE_MAX, d1 = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].start >= ds && t->v[i].end <= de) {
			if (d0 == SIZE_MAX)
				d0 = i;
			d1 = i;
		}
	if (d0 == SIZE_MAX)
		return 0;
	/* EVENT_WINDOW content words on each side; stop words and numbers do not count */
	size_t shared = 0;
	for (int dir = -1; dir <= 1; dir += 2) {
		size_t seen = 0;
		for (size_t i = dir < 0 ? d0 : d1; seen < EVENT_WINDOW;) {
			if (dir < 0 ? i == 0 : i + 1 >= t->n)
				break;
			i = dir < 0 ? i - 1 : i + 1;
			const char *w = t->norm + t->v[i].norm_off;
			size_t n = t->v[i].norm_len;
			if ((t->v[i].flags & TOK_DIGIT) || n < 3 || stem_is_stop(w, n))
				continue;
			seen++;
			size_t sn;
			const char *st = stem_word(sc->stem, w, n, &sn);
			if (has_stem(other, st, sn) || has_stem(other, w, n))
				shared++;
		}
	}
	return shared;
}

/* Whether date d of mention m (statement st) is stated as the date of something that
 * happened: not a bound ("since at least 2012", "by March", "before May"), not a
 * forecast ("could be announced in mid-2015", "is expected in May": a modal within a
 * few words), not inside a
 * quotation (a hoax's text quoted by two debunkers dates two hoaxes). Measured on
 * dev-news: each of these was a false date conflict (docs/eval/). */
bool rel_date_asserted(const clm_doc *docs, size_t ndocs, const clm_mention *m,
			  const fct_stmt *st, const clm_date *d)
{
	static const char *const bound[] = {"since", "until", "till", "before", "after", "by",
					    "least", "earliest", "latest", "as", NULL};
	static const char *const modal[] = {"could", "may", "might", "would", "expected",
					    "likely", "rumored", "rumoured", "planned", NULL};
	if (!st || !rel_span_ok(docs, ndocs, m->doc, m->start, m->end))
		return false;
	size_t first = st->n;
	for (size_t i = 0; i < st->n; i++)
		if (st->w[i].start >= d->start) {
			first = i;
			break;
		}
	for (size_t i = first; i-- > 0 && i + 3 >= first;) {
		const char *w = st->str + st->w[i].norm;
		for (size_t k = 0; bound[k]; k++)
			if (strcmp(w, bound[k]) == 0)
				return false;
	}
	/* a modal near the date (five words before, four after) makes it a forecast; one
	 * further on belongs to what was said ("said they would not install") */
	for (size_t i = first > 5 ? first - 5 : 0; i < st->n && i < first + 8; i++) {
		bool in_date = false;
		for (size_t k = 0; k < m->ndates && !in_date; k++)
			in_date = st->w[i].start >= m->dates[k].start && st->w[i].end <= m->dates[k].end;
		if (in_date)
			continue;
		const char *w = st->str + st->w[i].norm;
		for (size_t k = 0; modal[k]; k++)
			if (strcmp(w, modal[k]) == 0)
				return false;
	}
	/* inside a quotation: an odd number of straight quotes before it, or an opening
	 * curly quote not closed */
	const uint8_t *t = docs[m->doc].text;
	int straight = 0, curly = 0;
	for (uint32_t i = m->start; i < d->start; i++) {
		char kind;
		if (!util_dquote(t, i, d->start, &kind))
			continue;
		if (kind == '"')
			straight ^= 1;
		else
			curly = kind == 'o';
	}
	return !straight && !curly;
}

/* Whether a and b each name a person (a name of two words or more) the other does not:
 * two different people's events. */
static bool same_person_words(const char *x, const char *y);

uint64_t rel_name_key(const char *norm)
{
	return XXH3_64bits(norm, strlen(norm)); /* as claim_keys.c keys an entity */
}

bool rel_other_people(const clm_mention *a, const clm_mention *b)
{
	bool only_a = false, only_b = false;
	for (int side = 0; side < 2; side++) {
		const clm_mention *x = side ? b : a, *y = side ? a : b;
		for (size_t i = 0; i < x->nentities; i++) {
			if (!strchr(x->entities[i].norm, ' '))
				continue;
			bool found = false;
			/* "vladimir putin" is in "russian president vladimir putin" */
			for (size_t k = 0; k < y->nentities && !found; k++)
				found = y->entities[k].key == x->entities[i].key ||
					same_person_words(x->entities[i].norm, y->entities[k].norm);
			if (!found)
				*(side ? &only_b : &only_a) = true;
		}
	}
	return only_a && only_b;
}

finding rel_date_conflict(rel_scratch *sc, const clm_doc *docs, size_t ndocs,
			     const clm_mention *a, const fct_stmt *sa, const clm_mention *b,
			     const fct_stmt *sb, double sim)
{
	finding f;
	memset(&f, 0, sizeof f);
	if (sim < DATE_SIM_LOW || !a->ndates || a->ndates != b->ndates || rel_other_people(a, b))
		return f;
	for (size_t i = 0; i < a->ndates; i++) {
		const clm_date *x = &a->dates[i], *y = &b->dates[i];
		clm_date rx = date_resolved(docs, ndocs, a->doc, x);
		clm_date ry = date_resolved(docs, ndocs, b->doc, y);
		if (!date_has(x) || !date_has(y) || !date_differs(&rx, &ry))
			continue;
		/* a date equal to any date on the other side is the same date, reordered */
		bool same = false;
		for (size_t k = 0; k < b->ndates && !same; k++) {
			clm_date rk = date_resolved(docs, ndocs, b->doc, &b->dates[k]);
			same = !date_differs(&rx, &rk);
		}
		for (size_t k = 0; k < a->ndates && !same; k++) {
			clm_date rk = date_resolved(docs, ndocs, a->doc, &a->dates[k]);
			same = !date_differs(&rk, &ry);
		}
		if (same)
			continue;
		if (sim < DATE_SIM_MIN &&
		    (event_shared(sc, docs, ndocs, a, x, b) < EVENT_SHARED_MIN ||
		     event_shared(sc, docs, ndocs, b, y, a) < EVENT_SHARED_MIN))
			continue;
		if (!sa || !sb ||
		    fct_context_shared(sc->fct, sa, x->start, x->end, sb, y->start, y->end, NULL,
				       DATE_WINDOW) < DATE_CONTEXT_MIN)
			continue;
		if (!rel_date_asserted(docs, ndocs, a, sa, x) || !rel_date_asserted(docs, ndocs, b, sb, y))
			continue;
		f.found = true;
		f.xs = x->start;
		f.xe = x->end;
		f.ys = y->start;
		f.ye = y->end;
		snprintf(f.ctx, sizeof f.ctx, "for the same event");
		return f;
	}
	return f;
}

/* ---- ages: an attribute of one person ---- */

/* One stated age: "32-year-old Fan Lung", "his 21-year-old wife, Feng", "Jun Feng, 30,",
 * "Feng (30)". */
typedef struct age_fact {
	uint32_t mention;
	uint32_t doc;
	int age;
	uint32_t vs, ve;        /* the age's byte span */
	char name[64];          /* the name as written words, lower case, space-separated */
} age_fact;

/* Words that start a capitalised run but name nobody. */
static bool not_a_name(const char *w, size_t n)
{
	static const char *const t[] = {"mr", "mrs", "ms", "dr", "miss", "sir", "local", "the",
					"a", "an", "his", "her", "their", "police", "officer",
					"mother", "father", NULL};
	for (size_t i = 0; t[i]; i++)
		if (strlen(t[i]) == n && memcmp(t[i], w, n) == 0)
			return true;
	return false;
}

/* The capitalised run starting at token k (titles skipped) into name; @return its end. */
static size_t name_run(const tok_list *t, const uint8_t *text, size_t k, size_t lim, char *name,
		       size_t cap)
{
	size_t o = 0, e = k;
	name[0] = '\0';
	for (; e < lim && e < k + 4; e++) {
		const tok *w = &t->v[e];
		if (!(w->flags & TOK_UPPER) || (w->flags & TOK_DIGIT))
			break;
		if (e > k && !(text[w->start - 1] == ' ' || text[w->start - 1] == '-'))
			break; /* a comma or a stop between two capitalised words ends the name */
		const char *nw = t->norm + w->norm_off;
		if (not_a_name(nw, w->norm_len))
			continue;
		if (o + w->norm_len + 2 >= cap)
			break;
		if (o)
			name[o++] = ' ';
		memcpy(name + o, nw, w->norm_len);
		o += w->norm_len;
		name[o] = '\0';
	}
	return e;
}

static int small_int(const tok_list *t, size_t i)
{
	const tok *w = &t->v[i];
	if (w->norm_len > 3)
		return -1;
	int v = 0;
	for (size_t k = 0; k < w->norm_len; k++) {
		char ch = t->norm[w->norm_off + k];
		if (ch < '0' || ch > '9')
			return -1;
		v = v * 10 + (ch - '0');
	}
	return v >= 1 && v <= 110 ? v : -1;
}

/* Ages stated in text[start, end) of document doc (tokens in sc->toks), appended to *v. */
static void find_ages(rel_scratch *sc, const uint8_t *text, uint32_t start, uint32_t end,
		      uint32_t mention, uint32_t doc, age_fact **v, size_t *n, size_t *cap)
{
	if (tok_run(text + start, end - start, &sc->toks) < 0)
		return;
	const tok_list *t = &sc->toks;
	const uint8_t *s = text + start;
	for (size_t i = 0; i < t->n; i++) {
		int age = small_int(t, i);
		if (age < 0)
			continue;
		age_fact f;
		memset(&f, 0, sizeof f);
		f.mention = mention;
		f.doc = doc;
		f.age = age;
		f.vs = start + t->v[i].start;
		f.ve = start + t->v[i].end;
		bool yo = i + 2 < t->n && t->v[i + 1].norm_len == 4 &&
			  memcmp(t->norm + t->v[i + 1].norm_off, "year", 4) == 0 &&
			  t->v[i + 2].norm_len == 3 && memcmp(t->norm + t->v[i + 2].norm_off, "old", 3) == 0 &&
			  s[t->v[i].end] == '-';
		if (yo) {
			f.ve = start + t->v[i + 2].end;
			/* "32-year-old Fan Lung", "21-year-old wife, Feng": a name within three
			 * words after */
			for (size_t k = i + 3; k < t->n && k <= i + 5 && !f.name[0]; k++)
				if (t->v[k].flags & TOK_UPPER)
					name_run(t, s, k, t->n, f.name, sizeof f.name);
			/* "Fan Lung, a 32-year-old ...": the name right before */
			if (!f.name[0] && i >= 2) {
				size_t k = i;
				while (k > 0 && k + 2 > i && !(t->v[k - 1].flags & TOK_UPPER))
					k--;
				if (k > 0 && (t->v[k - 1].flags & TOK_UPPER) && s[t->v[k - 1].end] == ',') {
					size_t b = k - 1;
					while (b > 0 && (t->v[b - 1].flags & TOK_UPPER) && s[t->v[b - 1].end] == ' ')
						b--;
					name_run(t, s, b, k, f.name, sizeof f.name);
				}
			}
		} else {
			/* "Jun Feng, 30," / "Feng, 30." / "Feng (30)" */
			uint32_t a = t->v[i].start, z = t->v[i].end;
			bool comma = a >= 2 && s[a - 1] == ' ' && s[a - 2] == ',';
			bool paren = a >= 1 && s[a - 1] == '(' && z < end - start && s[z] == ')';
			bool close = z >= end - start || s[z] == ',' || s[z] == '.' || s[z] == ')';
			if (!(comma || paren) || !close || i == 0 || !(t->v[i - 1].flags & TOK_UPPER))
				continue;
			size_t b = i - 1;
			while (b > 0 && (t->v[b - 1].flags & TOK_UPPER) &&
			       (s[t->v[b - 1].end] == ' ' || s[t->v[b - 1].end] == '-'))
				b--;
			name_run(t, s, b, i, f.name, sizeof f.name);
		}
		if (!f.name[0])
			continue;
		XGROW(*v, *cap, *n + 1);
		(*v)[(*n)++] = f;
	}
}

/* Whether two names name one person: equal, or the shorter is the surname (last word)
 * of the longer ("feng" / "jun feng", "bibeau" / "michael zehaf bibeau"), else every word
 * of the shorter is in the longer; a lone first word or a family name shared by two
 * people ("castro" / "fidel castro odinga", "kim" / "kim yo jong") is not enough. */
static bool same_person(const char *x, const char *y)
{
	if (strlen(x) > strlen(y)) {
		const char *t = x;
		x = y;
		y = t;
	}
	if (!strchr(x, ' ')) {
		const char *last = strrchr(y, ' ');
		return strcmp(x, last ? last + 1 : y) == 0;
	}
	return same_person_words(x, y);
}

static bool same_person_words(const char *x, const char *y)
{
	if (strlen(x) > strlen(y)) {
		const char *t = x;
		x = y;
		y = t;
	}
	char buf[64];
	snprintf(buf, sizeof buf, "%s", x);
	for (char *w = strtok(buf, " "); w; w = strtok(NULL, " ")) {
		size_t n = strlen(w);
		bool found = false;
		for (const char *p = y; *p && !found; ) {
			size_t m = strcspn(p, " ");
			found = m == n && memcmp(p, w, n) == 0;
			p += m;
			while (*p == ' ')
				p++;
		}
		if (!found)
			return false;
	}
	return true;
}

/* ---- lead dates: one event dated differently ---- */

/* Whether date d opens statement s: only "in", "on", "early", "late", "mid", "during",
 * "the", "but", "and" before it, two words at most. */
static bool date_leads(const fct_stmt *s, const clm_date *d)
{
	static const char *const ok[] = {"in", "on", "early", "late", "mid", "during", "the",
					 "but", "and", NULL};
	size_t before = 0;
	for (size_t i = 0; i < s->n && s->w[i].end <= d->start; i++) {
		const char *w = s->str + s->w[i].norm;
		bool fine = false;
		for (size_t k = 0; ok[k] && !fine; k++)
			fine = strcmp(w, ok[k]) == 0;
		if (!fine || ++before > 2)
			return false;
	}
	return true;
}

/* Months that cannot both be the date of one event: both stated and different, in one
 * year or where one side leaves the year out ("early May" in an article about 2017). */
static bool month_differs(const clm_date *x, const clm_date *y)
{
	if (!x->month || !y->month || x->month == y->month)
		return false;
	return x->year == y->year || !x->year || !y->year;
}

/* The lead date of mention m (its first date when that opens the sentence and names a
 * month), or NULL. */
static const clm_date *lead_date(const clm_mention *m, const fct_stmt *st)
{
	if (!st || st->question || !m->ndates || !m->dates[0].month)
		return NULL;
	return date_leads(st, &m->dates[0]) ? &m->dates[0] : NULL;
}

/* Start of date d's quote: with the "early", "late" or "mid" before it ("early May"). */
static uint32_t date_quote_start(const clm_doc *docs, size_t ndocs, uint32_t doc, uint32_t start)
{
	static const char *const q[] = {"early ", "late ", "mid-", "mid ", NULL};
	if (doc >= ndocs || start > docs[doc].nbytes)
		return start;
	const uint8_t *t = docs[doc].text;
	for (size_t i = 0; q[i]; i++) {
		size_t n = strlen(q[i]);
		if (start >= n && strncasecmp((const char *)t + start - n, q[i], n) == 0)
			return start - (uint32_t)n;
	}
	return start;
}

void rel_lead_date_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
			   size_t ndocs, bool same_source, rel_contradiction **v, size_t *nv,
			   size_t *cap)
{
	/* postings (entity key, mention) of every mention with a lead date */
	util_post *post = NULL;
	size_t np = 0, pcap = 0;
	size_t nm = clm_mention_count(claims);
	for (size_t m = 0; m < nm; m++) {
		const clm_mention *cm = clm_mention_at(claims, m);
		if (!cm->ndates || !cm->nentities)
			continue;
		if (!lead_date(cm, rel_stmt_of(sc, claims, docs, ndocs, (uint32_t)m)))
			continue;
		for (size_t i = 0; i < cm->nentities; i++) {
			XGROW(post, pcap, np + 1);
			post[np].h = cm->entities[i].key;
			post[np].m = (uint32_t)m;
			np++;
		}
	}
	uint64_t *pairs = NULL;
	size_t npairs = rel_post_pairs(post, np, LEAD_POST_MAX, &pairs);
	free(post);
	for (size_t k = 0; k < npairs; k++) {
		uint32_t ia, ib;
		const clm_mention *pa, *pb;
		if (!rel_pair_at(claims, pairs[k], same_source, &ia, &ib, &pa, &pb))
			continue;
		const fct_stmt *sa = rel_stmt_of(sc, claims, docs, ndocs, ia);
		const fct_stmt *sb = rel_stmt_of(sc, claims, docs, ndocs, ib);
		const clm_date *x = lead_date(pa, sa), *y = lead_date(pb, sb);
		if (!x || !y)
			continue;
		clm_date rx = date_resolved(docs, ndocs, pa->doc, x);
		clm_date ry = date_resolved(docs, ndocs, pb->doc, y);
		if (!(month_differs(&rx, &ry) || date_differs(&rx, &ry)) || rel_other_people(pa, pb) ||
		    !rel_date_asserted(docs, ndocs, pa, sa, x) || !rel_date_asserted(docs, ndocs, pb, sb, y))
			continue;
		/* a date the other side states anywhere is not in dispute */
		bool same = false;
		for (size_t i = 0; i < pb->ndates && !same; i++) {
			clm_date ri = date_resolved(docs, ndocs, pb->doc, &pb->dates[i]);
			same = !date_differs(&rx, &ri) && !month_differs(&rx, &ri);
		}
		for (size_t i = 0; i < pa->ndates && !same; i++) {
			clm_date ri = date_resolved(docs, ndocs, pa->doc, &pa->dates[i]);
			same = !date_differs(&ri, &ry) && !month_differs(&ri, &ry);
		}
		if (same)
			continue;
		unsigned na, nb;
		unsigned sab = fct_stmt_shared(sc->fct, sa, sb, &na);
		unsigned sba = fct_stmt_shared(sc->fct, sb, sa, &nb);
		if (sab < LEAD_SHARED_MIN || sba < LEAD_SHARED_MIN)
			continue;
		char qx[QUOTE_MAX + 8], qy[QUOTE_MAX + 8], reason[256];
		uint32_t xs = date_quote_start(docs, ndocs, pa->doc, x->start);
		uint32_t ys = date_quote_start(docs, ndocs, pb->doc, y->start);
		rel_quote(docs, ndocs, pa->doc, xs, x->end, qx, sizeof qx);
		rel_quote(docs, ndocs, pb->doc, ys, y->end, qy, sizeof qy);
		snprintf(reason, sizeof reason,
			 "\"%s\" vs \"%s\" for the same event (%u of its words shared)", qx, qy,
			 sab < sba ? sab : sba);
		rel_add_contra(v, nv, cap, REL_DATE, pa->claim, ia, ib, reason, xs, x->end, ys, y->end,
			   "date");
	}
	free(pairs);
}

/* Ages of one person stated differently by two sources. */
void rel_age_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs, size_t ndocs,
		     bool same_source, rel_contradiction **v, size_t *nv, size_t *cap)
{
	/* ages of one person: "his 21-year-old wife, Feng" vs "Feng, 30" (a year apart is
	 * a birthday, not a conflict) */
	age_fact *ages = NULL;
	size_t nages = 0, agecap = 0;
	for (size_t m = 0; m < clm_mention_count(claims); m++) {
		const clm_mention *cm = clm_mention_at(claims, m);
		if (rel_span_ok(docs, ndocs, cm->doc, cm->start, cm->end))
			find_ages(sc, docs[cm->doc].text, cm->start, cm->end, (uint32_t)m, cm->doc,
				  &ages, &nages, &agecap);
	}
	for (size_t i = 0; i < nages; i++)
		for (size_t k = i + 1; k < nages; k++) {
			const age_fact *x = &ages[i], *y = &ages[k];
			if (x->doc == y->doc || abs(x->age - y->age) <= 1 || !same_person(x->name, y->name))
				continue;
			if (!same_source && clm_doc_source(claims, x->doc) == clm_doc_source(claims, y->doc))
				continue;
			if (x->doc > y->doc) {
				const age_fact *t = x;
				x = y;
				y = t;
			}
			char qx[QUOTE_MAX + 8], qy[QUOTE_MAX + 8], reason[256];
			rel_quote(docs, ndocs, x->doc, x->vs, x->ve, qx, sizeof qx);
			rel_quote(docs, ndocs, y->doc, y->vs, y->ve, qy, sizeof qy);
			snprintf(reason, sizeof reason, "\"%s\" vs \"%s\" for the age of %s", qx, qy,
				 strlen(x->name) < strlen(y->name) ? y->name : x->name);
			rel_add_contra(v, nv, cap, REL_QUANTITY,
				   clm_mention_at(claims, x->mention)->claim, x->mention, y->mention,
				   reason, x->vs, x->ve, y->vs, y->ve, "age");
		}
	free(ages);
}

