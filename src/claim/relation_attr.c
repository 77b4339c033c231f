/* relation_attr.c - attributes of one person or thing stated differently by two sources:
 * the rank in a title ("Assistant executive engineer A.K Verma" vs "Verma, an executive
 * engineer at the Central Public Works Department") and a colour (relation_int.h).
 *
 * A title is read where news binds it to a name: just before it ("Urban Development
 * Minister Venkaiah Naidu", "electrical engineer AK Verma", "Executive Engineer
 * (Electrical), A K Verma") or as an appositive after it ("Verma, an executive engineer
 * at ..."), and only when its last word is a title noun of the list below. One person is
 * the same last name, with the same initial when both give a first name or initials. Two
 * titles are exclusive only when they are one title but for a rank word ("assistant",
 * "deputy", "vice", "associate"): an assistant executive engineer is not an executive
 * engineer, but an "electrical engineer" is a refinement of "engineer", not another
 * value, and "former", "acting" or "as a ..." (a past or passing role) is never compared.
 * A statement opening with "He" or "She" ("He had risen to the rank of executive
 * engineer by 1990", "She is a deputy director") gives the title of the last name with an
 * honorific ("Mr Verma") in the sentence before; a rank reached by a change ("risen to",
 * "promoted to") holds from a time on, so it is compared only at a year both give.
 * Colours of one named thing: a colour word before a name ("a gold Bugatti Veyron"), or
 * before "the <noun>" read as a name of its sentence or the one before ("... a Bugatti
 * Veyron supercar ... Yobs targeted the silver-coloured car"), only when exactly one of
 * those names is given a colour by name somewhere; never when a document gives the thing
 * both colours by name (its "the silver car" is then another car). "black" and "white"
 * are not read (they as often describe people).
 * Ages are relation_dates.c's. Workload: a few facts a document, grouped by last word of
 * the name, so pairs are compared only within a name. It does not print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/mem.h"
#include "overlap/util.h"
#include "relation_int.h"

/* ---- tuning ---- */

/* Words of a title, at most (news titles: "Deputy Chief Executive Officer"). */
#define TITLE_MAX 5

/* A last name in more titles than this (over all documents) is too common to pair on. */
#define ATTR_POST_MAX 200

/* ---- word lists ---- */

/* Nouns that end a title. */
static const char *const title_heads[] = {
	"engineer", "minister", "president", "director", "officer", "secretary", "chairman",
	"chairwoman", "manager", "editor", "commissioner", "inspector", "superintendent",
	"governor", "mayor", "spokesman", "spokeswoman", "spokesperson", "professor",
	"judge", "prosecutor", "ambassador", "treasurer", "administrator", "supervisor",
	"executive", "chief", "principal", "dean", "chancellor", "attorney", "coach",
	"producer", "controller", "registrar", "auditor", "consul", "counsel", "librarian",
	NULL};

/* Words that make another rank of the same title. */
static const char *const rank_words[] = {"assistant", "deputy", "vice", "associate", NULL};

/* Words that make a title a past, future or passing role: never compared. */
static const char *const role_words[] = {"former", "ex", "then", "acting", "interim",
					 "retired", "late", "future", "incoming", "outgoing",
					 "designate", "elect", NULL};

/* Words that cannot be in a title (they end it when reading back or on). */
static const char *const stop_words[] = {"a", "an", "the", "of", "at", "in", "on", "for",
					 "with", "by", "to", "from", "and", "or", "as", "who",
					 "which", "that", "said", "says", "told", "his", "her",
					 "their", "its", "against", "under", "over", "about",
					 "after", "before", "into", "during", "been", "being",
					 "was", "were", "is", "are", "has", "had", "have", "be",
					 "when", "while", "where", "then", "also", "now", NULL};

static bool title_head(const char *w)
{
	return util_str_in(w, title_heads);
}

/* ---- reading titles ---- */

enum attr_what { ATTR_TITLE = 0, ATTR_COLOUR = 1, ATTR_NONE = 2 /* dropped */ };

typedef struct attr_fact {
	uint32_t mention, doc;
	uint8_t what;             /* enum attr_what */
	bool coref;               /* a colour of "the <noun>", its name found before it */
	bool pronoun;             /* a title of "he" or "she", its name found before it */
	bool reached;             /* a rank reached ("risen to the rank of", "promoted to") */
	uint32_t ps, pe;          /* the pronoun's span */
	uint64_t key;             /* hash of the last word of the name */
	char name[48];            /* the name as read, lower case, words joined by ' ' */
	char title[64];           /* the title or the colour, lower case */
	uint32_t ts, te;          /* the title's or colour's span in the document */
	uint32_t ns, ne;          /* the name's span */
} attr_fact;

static const char *W(const fct_stmt *st, size_t i)
{
	return st->str + st->w[i].norm;
}

static bool cap_at(const clm_doc *d, const fct_stmt *st, size_t i)
{
	uint32_t o = st->w[i].start;
	return o < d->nbytes && d->text[o] >= 'A' && d->text[o] <= 'Z';
}

/* Whether only characters of ok lie between words i and i + 1. */
static bool gap_only(const clm_doc *d, const fct_stmt *st, size_t i, const char *ok)
{
	if (i + 1 >= st->n)
		return false;
	for (uint32_t b = st->w[i].end; b < st->w[i + 1].start; b++)
		if (b >= d->nbytes || !strchr(ok, d->text[b]))
			return false;
	return true;
}

/* Whether word i may be in a title: a word of letters, not a stop word, not in
 * parentheses. */
static bool title_word(const fct_stmt *st, size_t i)
{
	const char *w = W(st, i);
	if (!w[0] || util_str_in(w, stop_words) || (st->w[i].flags & (FCT_NUM | FCT_SPEECH)) ||
	    st->w[i].paren)
		return false;
	for (const char *p = w; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && *p != '-')
			return false;
	return true;
}

/* Whether word i can open a name: capitalised, of letters and dots ("A.K"), not in
 * parentheses and not a word of a title. */
static bool name_start(const clm_doc *d, const fct_stmt *st, size_t i)
{
	const char *w = W(st, i);
	/* an initial: "A K Verma", "A. Verma" */
	bool initial = w[0] && !w[1] && i + 1 < st->n && cap_at(d, st, i + 1) &&
		       gap_only(d, st, i, " .") && !util_str_in(W(st, i + 1), stop_words);
	if (!cap_at(d, st, i) || st->w[i].paren || (st->w[i].flags & FCT_NUM) ||
	    (!initial && util_str_in(w, stop_words)) || title_head(w) ||
	    util_str_in(w, rank_words) ||
	    util_str_in(w, role_words))
		return false;
	for (const char *p = w; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && *p != '.' && *p != '-')
			return false;
	return w[0] != '\0';
}

/* Words [lo, hi) of st joined into out, lower case. */
static void join_words(const fct_stmt *st, size_t lo, size_t hi, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = lo; i < hi && n + 1 < cap; i++) {
		int k = snprintf(out + n, cap - n, "%s%s", n ? " " : "", W(st, i));
		if (k < 0 || (size_t)k >= cap - n)
			break;
		n += (size_t)k;
	}
}

/* Whether the title words [lo, hi) make a title to compare: its last word a title noun,
 * no word of a passing role, not opened by "as" ("joined as an assistant engineer"). */
static bool title_ok(const fct_stmt *st, size_t lo, size_t hi)
{
	if (hi <= lo || !title_head(W(st, hi - 1)))
		return false;
	for (size_t i = lo; i < hi; i++)
		if (util_str_in(W(st, i), role_words))
			return false;
	size_t b = lo;
	while (b > 0 && (util_str_in(W(st, b - 1), (const char *const[]){"a", "an", "the", NULL})))
		b--;
	return !(b > 0 && strcmp(W(st, b - 1), "as") == 0);
}

static void add_fact(attr_fact **v, size_t *n, size_t *cap, const fct_stmt *st,
		     uint32_t mention, uint32_t doc, size_t n0, size_t n1, size_t t0, size_t t1)
{
	attr_fact f;
	memset(&f, 0, sizeof f);
	f.mention = mention;
	f.doc = doc;
	join_words(st, n0, n1, f.name, sizeof f.name);
	join_words(st, t0, t1, f.title, sizeof f.title);
	const char *last = W(st, n1 - 1);
	f.key = rel_name_key(last);
	f.ns = st->w[n0].start;
	f.ne = st->w[n1 - 1].end;
	f.ts = st->w[t0].start;
	f.te = st->w[t1 - 1].end;
	XGROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = f;
}

/* The titles bound to names in statement st of document d (mention m). */
static void find_titles(const clm_doc *d, const fct_stmt *st, uint32_t m, attr_fact **v,
			size_t *n, size_t *cap)
{
	for (size_t i = 0; i < st->n;) {
		if (!name_start(d, st, i)) {
			i++;
			continue;
		}
		/* a name: capitalised words joined by blanks, dots or hyphens ("A.K Verma") */
		size_t p = i, q = i + 1;
		while (q < st->n && cap_at(d, st, q) && gap_only(d, st, q - 1, " .-") &&
		       !title_head(W(st, q)) && !st->w[q].paren)
			q++;
		i = q;
		if (strlen(W(st, q - 1)) < 2)
			continue;
		/* a title before it, across "(Electrical)," */
		size_t b = p;
		while (b > 0 && st->w[b - 1].paren)
			b--;
		size_t hi = b, lo = b;
		if (hi > 0 && gap_only(d, st, hi - 1, " ,()")) {
			while (lo > 0 && hi - lo < TITLE_MAX && title_word(st, lo - 1) &&
			       (lo == hi || gap_only(d, st, lo - 1, " -")))
				lo--;
			if (title_ok(st, lo, hi))
				add_fact(v, n, cap, st, m, 0, p, q, lo, hi);
		}
		/* an appositive after it: "Verma, an executive engineer at ..." */
		if (q < st->n && gap_only(d, st, q - 1, ", ") && d->text[st->w[q - 1].end] == ',' &&
		    util_str_in(W(st, q), (const char *const[]){"a", "an", "the", NULL})) {
			size_t t0 = q + 1, t1 = t0;
			while (t1 < st->n && t1 - t0 < TITLE_MAX && title_word(st, t1) &&
			       (t1 == t0 || gap_only(d, st, t1 - 1, " -")))
				t1++;
			if (title_ok(st, t0, t1))
				add_fact(v, n, cap, st, m, 0, p, q, t0, t1);
		}
	}
}

/* ---- titles said of "he" or "she" ---- */

/* Bytes before a statement searched for the person its opening pronoun stands for. */
#define PRONOUN_BACK 300

static const char *const honorifics[] = {"mr", "mrs", "ms", "dr", "miss", NULL};

/* Whether t[b, e) is a word of honorifics (any case). */
static bool honorific_at(const uint8_t *t, uint32_t b, uint32_t e)
{
	char w[8];
	if (e - b >= sizeof w)
		return false;
	for (uint32_t i = b; i < e; i++)
		w[i - b] = (char)(t[i] | 0x20);
	w[e - b] = '\0';
	return util_str_in(w, honorifics);
}

static bool letter(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The person a statement opening with "He" or "She" at byte off of d stands for: the last
 * name with an honorific ("Mr Verma", "Dr. Lee") in the sentence before it (a plain name
 * may be a place or a company; an honorific names a person). Its last word's span into
 * *ns, *ne. @return whether there is one. */
static bool pronoun_person(const clm_doc *d, uint32_t off, uint32_t *ns, uint32_t *ne)
{
	const uint8_t *t = d->text;
	uint32_t lo = off > PRONOUN_BACK ? off - PRONOUN_BACK : 0, b = off;
	while (b > lo && (t[b - 1] == ' ' || t[b - 1] == '\n' || t[b - 1] == '\r'))
		b--;
	if (b > lo && (t[b - 1] == '.' || t[b - 1] == '!' || t[b - 1] == '?'))
		b--;
	uint32_t end = b;
	/* back to the start of that sentence: a line break, or ". " after no honorific */
	while (b > lo && t[b - 1] != '\n') {
		if ((t[b - 1] == '.' || t[b - 1] == '!' || t[b - 1] == '?') && t[b] == ' ') {
			uint32_t w = b - 1;
			while (w > lo && letter(t[w - 1]))
				w--;
			if (!honorific_at(t, w, b - 1) && b - 1 - w > 1)
				break;
		}
		b--;
	}
	bool found = false;
	for (uint32_t i = b; i < end; i++) {
		if (!letter(t[i]) || (i > 0 && letter(t[i - 1])))
			continue;
		uint32_t e = i;
		while (e < end && letter(t[e]))
			e++;
		if (!honorific_at(t, i, e))
			continue;
		uint32_t p = e;
		if (p < end && t[p] == '.')
			p++;
		if (p < end && t[p] == ' ')
			p++;
		uint32_t q = p;
		/* the name after it: capitalised words; the last one is the family name */
		while (q < end && t[q] >= 'A' && t[q] <= 'Z') {
			uint32_t z = q;
			while (z < end && (letter(t[z]) || t[z] == '-'))
				z++;
			if (z - q < 2)
				break;
			*ns = q;
			*ne = z;
			found = true;
			if (z + 1 < end && t[z] == ' ' && t[z + 1] >= 'A' && t[z + 1] <= 'Z')
				q = z + 1;
			else
				break;
		}
	}
	return found;
}

/* A title statement st of document d (mention m) gives "he" or "she", its opening word: "He
 * had risen to the rank of executive engineer", "She was promoted to deputy director",
 * "He is a deputy director at ...", bound to the person pronoun_person finds. */
static void find_pronoun_title(const clm_doc *d, const fct_stmt *st, uint32_t m,
			       uint32_t mstart, attr_fact **v, size_t *n, size_t *cap)
{
	if (st->n < 4 || !util_str_in(W(st, 0), (const char *const[]){"he", "she", NULL}))
		return;
	static const char *const change[] = {"risen", "rose", "rise", "promoted", "elevated",
					     "appointed", "named", "made", NULL};
	size_t t0 = 0;
	bool reached = false;
	if (util_str_in(W(st, 1), (const char *const[]){"is", "was", NULL}) &&
	    util_str_in(W(st, 2), (const char *const[]){"a", "an", NULL}))
		t0 = 3;
	for (size_t k = 1; !t0 && k + 2 < st->n && st->w[k].seg == st->w[0].seg; k++) {
		if (util_str_in(W(st, k), (const char *const[]){"rank", "post", "position", NULL}) &&
		    strcmp(W(st, k + 1), "of") == 0)
			t0 = k + 2;
		else if (strcmp(W(st, k), "promoted") == 0 && strcmp(W(st, k + 1), "to") == 0)
			t0 = k + 2;
	}
	/* a rank reached by a change ("had risen to the rank of") holds from some time on */
	for (size_t k = 1; k < t0; k++)
		reached |= util_str_in(W(st, k), change);
	while (t0 && t0 < st->n && util_str_in(W(st, t0), (const char *const[]){"a", "an", "the", NULL}))
		t0++;
	if (!t0 || t0 >= st->n)
		return;
	size_t t1 = t0;
	while (t1 < st->n && t1 - t0 < TITLE_MAX && title_word(st, t1) && !cap_at(d, st, t1) &&
	       (t1 == t0 || gap_only(d, st, t1 - 1, " -")))
		t1++;
	/* the title ends the phrase: "the rank of executive engineer by 1990", not "of
	 * engineer training" */
	while (t1 > t0 && !title_head(W(st, t1 - 1)))
		t1--;
	uint32_t ns, ne;
	if (t1 == t0 || !title_ok(st, t0, t1) || !pronoun_person(d, mstart, &ns, &ne))
		return;
	attr_fact f;
	memset(&f, 0, sizeof f);
	f.mention = m;
	f.pronoun = true;
	f.reached = reached;
	f.ps = st->w[0].start;
	f.pe = st->w[0].end;
	size_t k = 0;
	for (uint32_t b = ns; b < ne && k + 1 < sizeof f.name; b++)
		f.name[k++] = (char)(d->text[b] | 0x20);
	f.name[k] = '\0';
	f.key = rel_name_key(f.name);
	join_words(st, t0, t1, f.title, sizeof f.title);
	f.ns = ns;
	f.ne = ne;
	f.ts = st->w[t0].start;
	f.te = st->w[t1 - 1].end;
	XGROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = f;
}

/* ---- reading colours ---- */

/* Colours of things. "black" and "white" are left out: before a noun they as often say
 * who a person is as what colour a thing has. */
static const char *const colours[] = {"red", "blue", "green", "yellow", "silver", "gold",
				      "golden", "grey", "gray", "pink", "purple", "orange",
				      "brown", "maroon", "beige", "turquoise", NULL};

/* The colour word i of st names, as one spelling ("golden" is "gold", "gray" "grey"), or
 * NULL; *next is the word after it and "-coloured". */
static const char *colour_at(const clm_doc *d, const fct_stmt *st, size_t i, size_t *next)
{
	const char *w = W(st, i), *dash = strchr(w, '-');
	*next = i + 1;
	if (cap_at(d, st, i))
		return NULL;
	if (dash && (!strcmp(dash, "-coloured") || !strcmp(dash, "-colored"))) {
		/* one word "silver-coloured" */
		for (size_t k = 0; colours[k]; k++)
			if ((size_t)(dash - w) == strlen(colours[k]) &&
			    !strncmp(w, colours[k], (size_t)(dash - w)))
				return !strcmp(colours[k], "golden") ? "gold"
				       : !strcmp(colours[k], "gray") ? "grey" : colours[k];
		return NULL;
	}
	if (!util_str_in(w, colours))
		return NULL;
	if (i + 1 < st->n && gap_only(d, st, i, "-") &&
	    util_str_in(W(st, i + 1), (const char *const[]){"coloured", "colored", NULL}))
		*next = i + 2;
	return !strcmp(w, "golden") ? "gold" : !strcmp(w, "gray") ? "grey" : w;
}

/* Names "the <noun>" at byte off of document d may stand for: the capitalised words before
 * it, in its sentence and the one before, that do not open a sentence ("The owner of a
 * Bugatti Veyron supercar ... Vandals targeted the silver-coloured car": Bugatti, Veyron).
 * Which of them is the thing is decided when comparing: the one another document gives a
 * colour by name. Their spans into s[], e[] (at most REF_MAX, nearest first). @return
 * their number. */
#define REF_MAX 8

static size_t referents_before(const clm_doc *d, uint32_t off, uint32_t *s, uint32_t *e)
{
	const uint8_t *t = d->text;
	int ends = 0;
	size_t n = 0;
	uint32_t b = off;
	while (b > 0 && ends < 2 && n < REF_MAX) {
		b--;
		if (t[b] == '\n' || ((t[b] == '.' || t[b] == '!' || t[b] == '?') && b + 1 < off &&
				       (t[b + 1] == ' ' || t[b + 1] == '\n'))) {
			ends++; /* a blank line or ".\n\n" ends one sentence */
			while (b > 0 && (t[b - 1] == '\n' || t[b - 1] == ' ' || t[b - 1] == '\r'))
				b--;
			if (b > 0 && (t[b - 1] == '.' || t[b - 1] == '!' || t[b - 1] == '?'))
				b--;
			continue;
		}
		if (!(t[b] >= 'A' && t[b] <= 'Z') || (b > 0 && ((t[b - 1] >= 'a' && t[b - 1] <= 'z') ||
							       (t[b - 1] >= 'A' && t[b - 1] <= 'Z'))))
			continue;
		/* a capitalised word at b: not after a sentence end or at the text's start */
		uint32_t p = b;
		while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '"'))
			p--;
		if (p == 0 || t[p - 1] == '.' || t[p - 1] == '!' || t[p - 1] == '?' ||
		    t[p - 1] == '\n' || t[p - 1] == ':')
			continue;
		uint32_t z = b;
		while (z < off && ((t[z] >= 'a' && t[z] <= 'z') || (t[z] >= 'A' && t[z] <= 'Z')))
			z++;
		if (z - b < 2)
			continue;
		s[n] = b;
		e[n++] = z;
	}
	return n;
}

static void add_colour(attr_fact **v, size_t *n, size_t *cap, const clm_doc *d,
		       uint32_t mention, const char *colour, uint32_t cs, uint32_t ce,
		       uint32_t ns, uint32_t ne, bool coref)
{
	attr_fact f;
	memset(&f, 0, sizeof f);
	f.mention = mention;
	f.what = ATTR_COLOUR;
	f.coref = coref;
	snprintf(f.title, sizeof f.title, "%s", colour);
	/* the key is the name's last word, lower case (as fact.c normalises words) */
	uint32_t ls = ne;
	while (ls > ns && d->text[ls - 1] != ' ')
		ls--;
	size_t k = 0;
	for (uint32_t b = ls; b < ne && k + 1 < sizeof f.name; b++)
		f.name[k++] = (char)(d->text[b] >= 'A' && d->text[b] <= 'Z' ? d->text[b] + 32
									     : d->text[b]);
	f.name[k] = '\0';
	f.key = rel_name_key(f.name);
	f.ts = cs;
	f.te = ce;
	f.ns = ns;
	f.ne = ne;
	XGROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = f;
}

/* The colours statement st of document d (mention m) gives to a named thing ("a gold
 * Bugatti Veyron") or to "the <noun>" after a name ("the silver-coloured car"). */
static void find_colours(const clm_doc *d, const fct_stmt *st, uint32_t m, attr_fact **v,
			 size_t *n, size_t *cap)
{
	for (size_t i = 0; i < st->n; i++) {
		size_t j;
		const char *c = colour_at(d, st, i, &j);
		if (!c || j >= st->n || !gap_only(d, st, j - 1, " -"))
			continue;
		uint32_t cs = st->w[i].start, ce = st->w[j - 1].end;
		if (name_start(d, st, j)) {
			size_t q = j + 1;
			while (q < st->n && cap_at(d, st, q) && gap_only(d, st, q - 1, " -"))
				q++;
			add_colour(v, n, cap, d, m, c, cs, ce, st->w[j].start, st->w[q - 1].end, false);
		} else if (i > 0 && !strcmp(W(st, i - 1), "the") && !cap_at(d, st, j) &&
			   title_word(st, j)) {
			uint32_t rs[REF_MAX], re[REF_MAX];
			size_t nr = referents_before(d, st->w[i - 1].start, rs, re);
			for (size_t r = 0; r < nr; r++)
				add_colour(v, n, cap, d, m, c, cs, ce, rs[r], re[r], true);
		}
	}
}

/* ---- comparing ---- */

/* Whether two names name one person: the same last word, and when both have a word
 * before it, the same first letter ("ak verma" / "a k verma" / "verma"). */
static bool same_name(const char *x, const char *y)
{
	const char *lx = strrchr(x, ' '), *ly = strrchr(y, ' ');
	if (strcmp(lx ? lx + 1 : x, ly ? ly + 1 : y) != 0)
		return false;
	return !lx || !ly || x[0] == y[0];
}

/* Whether titles x and y are one title but for rank words, with other rank words. A
 * ladder of police and army ranks ("Sgt." vs "Inspector") was tried and dropped: on
 * dev-news both its reports were one man's office ("sergeant-at-arms") against his past
 * rank ("Inspector Vickers ... at the time"). */
static bool other_rank(const char *x, const char *y)
{
	char bx[64], by[64], rx[64] = "", ry[64] = "";
	const char *src[2] = {x, y};
	char *rest[2] = {bx, by}, *rank[2] = {rx, ry};
	for (int s = 0; s < 2; s++) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s", src[s]);
		rest[s][0] = '\0';
		for (char *save = NULL, *w = strtok_r(buf, " -", &save); w;
		     w = strtok_r(NULL, " -", &save)) {
			char *into = util_str_in(w, rank_words) ? rank[s] : rest[s];
			size_t n = strlen(into);
			snprintf(into + n, 64 - n, "%s%s", n ? " " : "", w);
		}
	}
	return strcmp(bx, by) == 0 && strcmp(rx, ry) != 0;
}

/* Whether document doc gives the thing of key the colour c by its name, among the nf
 * facts f ("the <noun>" read as the thing may be another thing). */
static bool doc_has_colour(const attr_fact *f, size_t nf, uint64_t key, uint32_t doc,
			   const char *c)
{
	for (size_t i = 0; i < nf; i++)
		if (f[i].key == key && f[i].doc == doc && f[i].what == ATTR_COLOUR &&
		    !f[i].coref && !strcmp(f[i].title, c))
			return true;
	return false;
}

/* Whether facts x and y (of one key, among the nf facts f) cannot both be true. */
static bool facts_conflict(const attr_fact *f, size_t nf, const attr_fact *x,
			   const attr_fact *y)
{
	if (x->doc == y->doc || x->what != y->what || x->what == ATTR_NONE)
		return false;
	if (x->what == ATTR_TITLE)
		return same_name(x->name, y->name) && other_rank(x->title, y->title);
	/* colours: one side names the thing; the same name; two colours; and neither
	 * document gives the thing the other's colour too (then it speaks of two things:
	 * "a gold Bugatti Veyron ... the silver car parked behind him") */
	if ((x->coref && y->coref) || strcmp(x->name, y->name) != 0 || !strcmp(x->title, y->title))
		return false;
	return !doc_has_colour(f, nf, x->key, x->doc, y->title) &&
	       !doc_has_colour(f, nf, x->key, y->doc, x->title);
}

/* "the <noun>" may stand for any name before it: it is read as the one thing some
 * document gives a colour by name, and not at all when there are two such ("a Bugatti
 * Veyron and a Ford Focus ... the silver car"). Facts of one "the <noun>" are adjacent
 * in f (before sorting). */
static void drop_ambiguous(attr_fact *f, size_t nf)
{
	uint64_t *named = NULL;
	size_t nn = 0;
	for (size_t i = 0; i < nf; i++)
		if (f[i].what == ATTR_COLOUR && !f[i].coref) {
			named = xrealloc(named, (nn + 1) * sizeof *named);
			named[nn++] = f[i].key;
		}
	for (size_t lo = 0, hi; lo < nf; lo = hi) {
		for (hi = lo + 1; hi < nf && f[lo].coref && f[hi].coref &&
				  f[hi].mention == f[lo].mention && f[hi].ts == f[lo].ts;
		     hi++)
			;
		if (!f[lo].coref)
			continue;
		size_t hits = 0;
		for (size_t i = lo; i < hi; i++) {
			bool hit = false;
			for (size_t k = 0; k < nn && !hit; k++)
				hit = named[k] == f[i].key;
			/* a name said twice before it is one candidate */
			for (size_t k = lo; k < i && hit; k++)
				hit = f[k].key != f[i].key;
			hits += hit;
		}
		if (hits > 1)
			for (size_t i = lo; i < hi; i++)
				f[i].what = ATTR_NONE;
	}
	free(named);
}

/* Whether mentions a and b state one year. */
static bool share_year(const clm_mention *a, const clm_mention *b)
{
	for (size_t i = 0; i < a->ndates; i++)
		for (size_t k = 0; k < b->ndates; k++)
			if (a->dates[i].year && a->dates[i].year == b->dates[k].year)
				return true;
	return false;
}

/* Add the contradiction of facts x and y (x's document first), with its evidence. */
static void add_attr(const clm_set *claims, const clm_doc *docs, size_t ndocs,
		     const attr_fact *x, const attr_fact *y, rel_contradiction **v, size_t *nv,
		     size_t *cap)
{
	char qx[QUOTE_MAX + 8], qy[QUOTE_MAX + 8], nm[QUOTE_MAX + 8], reason[256], about[48];
	rel_quote(docs, ndocs, x->doc, x->ts, x->te, qx, sizeof qx);
	rel_quote(docs, ndocs, y->doc, y->ts, y->te, qy, sizeof qy);
	/* the name as the text writes it: the longer, or the side that names the thing */
	const attr_fact *z = x->what == ATTR_COLOUR ? (x->coref ? y : x)
			     : strlen(x->name) >= strlen(y->name) ? x : y;
	rel_quote(docs, ndocs, z->doc, z->ns, z->ne, nm, sizeof nm);
	const char *what = x->what == ATTR_TITLE ? "title" : "colour";
	const attr_fact *pr = x->pronoun ? x : y->pronoun ? y : NULL;
	char via[QUOTE_MAX + 48] = "";
	if (pr) {
		char who[QUOTE_MAX + 4], pro[8];
		rel_quote(docs, ndocs, pr->doc, pr->ns, pr->ne, who, sizeof who);
		rel_quote(docs, ndocs, pr->doc, pr->ps, pr->pe, pro, sizeof pro);
		snprintf(via, sizeof via, " (\"%s\" in %s read as %s)", pro, pr == x ? "a" : "b", who);
	}
	snprintf(reason, sizeof reason, "\"%s\" vs \"%s\" for the %s of %s", qx, qy, what, nm);
	size_t rn = strlen(reason), vn = strlen(via);
	if (rn + vn < sizeof reason) /* else the reason goes without it, never cut */
		memcpy(reason + rn, via, vn + 1);
	snprintf(about, sizeof about, "%s of %.37s", what, nm);
	rel_add_contra(v, nv, cap, REL_ATTRIBUTE, clm_mention_at(claims, x->mention)->claim,
		       x->mention, y->mention, reason, x->ts, x->te, y->ts, y->te, about);
}

void rel_attr_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs, size_t ndocs,
		   bool same_source, rel_contradiction **v, size_t *nv, size_t *cap)
{
	attr_fact *f = NULL;
	size_t nf = 0, fcap = 0;
	for (size_t m = 0; m < clm_mention_count(claims); m++) {
		const clm_mention *cm = clm_mention_at(claims, m);
		const fct_stmt *st = rel_stmt_of(sc, claims, docs, ndocs, (uint32_t)m);
		if (!st || st->question || cm->doc >= ndocs)
			continue;
		size_t from = nf;
		find_titles(&docs[cm->doc], st, (uint32_t)m, &f, &nf, &fcap);
		find_pronoun_title(&docs[cm->doc], st, (uint32_t)m, cm->start, &f, &nf, &fcap);
		find_colours(&docs[cm->doc], st, (uint32_t)m, &f, &nf, &fcap);
		for (size_t i = from; i < nf; i++)
			f[i].doc = cm->doc;
	}
	drop_ambiguous(f, nf);
	/* pairs of facts of one name */
	util_post *post = nf ? xmalloc(nf * sizeof *post) : NULL;
	for (size_t i = 0; i < nf; i++)
		post[i] = (util_post){f[i].key, (uint32_t)i};
	uint64_t *pairs = NULL;
	size_t npairs = rel_post_pairs(post, nf, ATTR_POST_MAX, &pairs);
	free(post);
	uint64_t *done = NULL; /* (kind, doc a, doc b) reported: one report a pair and kind */
	size_t ndone = 0, dcap = 0;
	for (size_t k = 0; k < npairs; k++) {
		const attr_fact *x = &f[pairs[k] >> 32], *y = &f[(uint32_t)pairs[k]];
		/* a rank reached by a change is compared only at a year both statements give:
		 * "had risen to the rank of executive engineer by 1990" / "Assistant executive
		 * engineer Verma went on leave in 1990" */
		if ((x->reached || y->reached) &&
		    !share_year(clm_mention_at(claims, x->mention), clm_mention_at(claims, y->mention)))
			continue;
		if (!facts_conflict(f, nf, x, y) ||
		    (!same_source && clm_doc_source(claims, x->doc) == clm_doc_source(claims, y->doc)))
			continue;
		if (x->doc > y->doc) {
			const attr_fact *t = x;
			x = y;
			y = t;
		}
		uint64_t dp = (uint64_t)x->what << 62 | (uint64_t)x->doc << 31 | y->doc;
		if (!util_first_time(&done, &ndone, &dcap, dp))
			continue;
		add_attr(claims, docs, ndocs, x, y, v, nv, cap);
	}
	free(done);
	free(pairs);
	free(f);
}
