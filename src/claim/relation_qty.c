/* relation_qty.c - figures of one fact stated differently by two sources (relation_int.h).
 *
 * Two mentions of one claim cluster (or of one fact, by the same-fact index) are compared
 * figure by figure: of one kind (a count of the same noun, money, a percentage, an age), in
 * text order, anchored to the same words around them (fact.c), after the guards measured
 * on real news (docs/eval/): rounding within the figures' significant digits, "about" and
 * "nearly", bounds ("more than", "up to"), another year or period on either side, a
 * total against a part, a name read as a counted noun. It does not decide which claims
 * to compare (relation.c) and does not compare dates (relation_dates.c).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "overlap/fact.h"
#include "overlap/mem.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"
#include "overlap/util.h"
#include "relation_int.h"

/* ---- tuning ---- */

/* Two exact figures disagree only when they differ by more than this share of the larger:
 * news rounds freely ("$650 million" for 648), and a 10% gap is beyond any rounding of a
 * figure quoted with two significant digits. */
#define QTY_TOL 0.10

/* With "about", "nearly", "some" on either side the tolerance widens to this. */
#define QTY_TOL_APPROX 0.15

/* When one side names no measured noun (money is usually "earned $X", with no noun after
 * the number), the two mentions must be at least this similar in context (claim keys,
 * clm_mention_similarity): the threshold of a paraphrase (claim.c measured paraphrases at
 * 0.3-0.6), so two figures in a loose cluster are not compared. */
#define QTY_SIM_MIN 0.30

/* Figures: the content words around each figure (QTY_WINDOW each way, in its segment)
 * must share QTY_CONTEXT_MIN with the other's: "killed 13,000 civilians" vs "some 2,000
 * civilians reportedly killed" share "killed"; "5 meters deep" vs "300 meters from the
 * hotel" share nothing. On dev-news this removed 50 of 66 quantity reports, all false. */
#define QTY_WINDOW 4
#define QTY_CONTEXT_MIN 2

/* ---- figures ---- */

/* Significant digits of the number written in text[s, e): leading zeros never count,
 * trailing zeros of an integer do not ("650" is two digits, "1.50" three). A number
 * written in words ("two million") counts the digits of value. @return 1 at least. */
static int sig_digits(const clm_doc *docs, size_t ndocs, uint32_t d, const clm_quantity *q)
{
	int sig = 0;
	if (rel_span_ok(docs, ndocs, d, q->start, q->end)) {
		const uint8_t *t = docs[d].text;
		uint32_t i = q->start;
		while (i < q->end && !isdigit(t[i]))
			i++;
		char dg[64];
		int nd = 0, dot = -1;
		for (; i < q->end && nd < 63; i++) {
			if (isdigit(t[i]))
				dg[nd++] = (char)t[i];
			else if (t[i] == '.' && dot < 0 && i + 1 < q->end && isdigit(t[i + 1]))
				dot = nd;
			else if (t[i] != ',')
				break;
		}
		int b = 0, e = nd;
		while (b < e && dg[b] == '0')
			b++;
		if (dot < 0)
			while (e > b && dg[e - 1] == '0')
				e--;
		sig = e - b;
	}
	if (sig == 0) {
		/* words, or no digits found: digits of the value without trailing zeros */
		double v = fabs(q->value);
		if (v >= 1 && v < 1e18) {
			char buf[32];
			snprintf(buf, sizeof buf, "%.0f", v);
			int e = (int)strlen(buf);
			while (e > 1 && buf[e - 1] == '0')
				e--;
			sig = e;
		}
	}
	return sig > 0 ? sig : 1;
}

/* ---- quantities ---- */

/* Whether the two quantities may state one measured thing: same unit (a bare number never
 * qualifies) and the same counted noun when both name one. */
static bool qty_comparable(const clm_quantity *x, const clm_quantity *y, bool ctx_close)
{
	if (x->unit != y->unit || x->unit == CLM_UNIT_NONE)
		return false;
	if (x->noun && y->noun)
		return strcmp(x->noun, y->noun) == 0;
	/* a count always has a noun; money and percentages often have none: then only a close
	 * context says they measure one thing */
	return x->unit != CLM_UNIT_COUNT && ctx_close;
}

/* Whether the number written for q has a thousands group of other than three digits
 * ("$10,00", a typo for $10,000 or $10.00; "1,5" in a European decimal): the value read
 * is no reliable figure. */
static bool misgrouped(const clm_doc *docs, size_t ndocs, uint32_t d, const clm_quantity *q)
{
	if (!rel_span_ok(docs, ndocs, d, q->start, q->end))
		return false;
	const uint8_t *t = docs[d].text;
	/* the parser may have stopped at the bad group: read the digits and commas on */
	uint32_t e = q->end;
	while (e + 1 < docs[d].nbytes && (isdigit(t[e]) || (t[e] == ',' && isdigit(t[e + 1]))))
		e++;
	for (uint32_t i = q->start + 1; i + 1 < e; i++) {
		if (t[i] != ',' || !isdigit(t[i - 1]) || !isdigit(t[i + 1]))
			continue;
		uint32_t k = i + 1;
		while (k < docs[d].nbytes && isdigit(t[k]))
			k++;
		if (k - i - 1 != 3)
			return true;
	}
	return false;
}

/* Whether x (of document dx) and y (of dy) can both be true. Each is an interval: exact
 * [value, value_hi], "over X" [X, inf), "under X" (-inf, X]; approximate values widen by
 * the tolerance. Separated intervals are still consistent within the tolerance, and two
 * exact values that agree at the less precise side's significant digits are the same
 * figure ("1.5 billion" vs "1.52 billion"). */
static bool qty_consistent(const clm_doc *docs, size_t ndocs, uint32_t dx, const clm_quantity *x,
			   uint32_t dy, const clm_quantity *y)
{
	if (!isfinite(x->value) || !isfinite(y->value) || !isfinite(x->value_hi) ||
	    !isfinite(y->value_hi))
		return true; /* no judgement on a figure the parser could not hold */
	if (misgrouped(docs, ndocs, dx, x) || misgrouped(docs, ndocs, dy, y))
		return true; /* nor on one its writer mistyped */
	double tol = (x->approx || y->approx) ? QTY_TOL_APPROX : QTY_TOL;
	double xlo = x->value, xhi = x->value_hi < x->value ? x->value : x->value_hi;
	double ylo = y->value, yhi = y->value_hi < y->value ? y->value : y->value_hi;
	if (x->bound > 0)
		xhi = INFINITY;
	else if (x->bound < 0)
		xlo = -INFINITY;
	if (y->bound > 0)
		yhi = INFINITY;
	else if (y->bound < 0)
		ylo = -INFINITY;

	if (xhi >= ylo && yhi >= xlo)
		return true; /* overlap */
	double lo_end, hi_end; /* the gap between the intervals */
	if (xhi < ylo) {
		lo_end = xhi;
		hi_end = ylo;
	} else {
		lo_end = yhi;
		hi_end = xlo;
	}
	double big = fmax(fabs(lo_end), fabs(hi_end));
	if (big <= 0 || (hi_end - lo_end) <= tol * big)
		return true;
	if (x->bound == 0 && y->bound == 0 && x->value == x->value_hi && y->value == y->value_hi) {
		int s = sig_digits(docs, ndocs, dx, x);
		int t = sig_digits(docs, ndocs, dy, y);
		if (t < s)
			s = t;
		double m = fmax(fabs(x->value), fabs(y->value));
		double p = pow(10.0, floor(log10(m)) - s + 1);
		if (round(x->value / p) == round(y->value / p))
			return true;
	}
	return false;
}

/* Distinct years a mention states, into ys (cap 8). @return their number. */
static size_t mention_years(const clm_mention *m, int16_t *ys)
{
	size_t n = 0;
	for (size_t i = 0; i < m->ndates && n < 8; i++) {
		int16_t y = m->dates[i].year;
		if (!y)
			continue;
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= ys[k] == y;
		if (!seen)
			ys[n++] = y;
	}
	return n;
}

/* Whether the mention's text names a period relative to now ("last year", "this quarter",
 * "a year earlier"): then its figure may belong to another year than a dated one. */
static bool relative_period(const clm_doc *docs, size_t ndocs, const clm_mention *m)
{
	if (!rel_span_ok(docs, ndocs, m->doc, m->start, m->end))
		return false;
	/* "<pre> <period>" always relative; "a/the <period> <post>" only with a post word */
	static const char *const pre[] = {"last ", "this ", "next ", "previous ", "past ",
					  "prior ", "current ", "fiscal ", NULL};
	static const char *const art[] = {"a ", "the ", NULL};
	static const char *const per[] = {"year", "quarter", "month", NULL};
	static const char *const post[] = {" earlier", " ago", " before", NULL};
	const char *t = (const char *)docs[m->doc].text + m->start;
	size_t n = m->end - m->start;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && isalpha((unsigned char)t[i - 1]))
			continue;
		for (int kind = 0; kind < 2; kind++) {
			const char *const *lead = kind ? art : pre;
			for (size_t p = 0; lead[p]; p++) {
				size_t pl = strlen(lead[p]);
				if (i + pl > n || strncasecmp(t + i, lead[p], pl) != 0)
					continue;
				for (size_t q = 0; per[q]; q++) {
					size_t at = i + pl, ql = strlen(per[q]);
					if (at + ql > n || strncasecmp(t + at, per[q], ql) != 0)
						continue;
					if (!kind)
						return true;
					at += ql;
					for (size_t r = 0; post[r]; r++) {
						size_t rl = strlen(post[r]);
						if (at + rl <= n && strncasecmp(t + at, post[r], rl) == 0)
							return true;
					}
				}
			}
		}
	}
	return false;
}

/* Whether the two mentions refer to the same period: their stated years agree (same set),
 * or neither states one, or one states none and names no relative period either. */
static bool same_period(const clm_doc *docs, size_t ndocs, const clm_mention *a,
			const clm_mention *b)
{
	int16_t ya[8], yb[8];
	size_t na = mention_years(a, ya), nb = mention_years(b, yb);
	if (relative_period(docs, ndocs, a) != relative_period(docs, ndocs, b))
		return false; /* "killed this year" vs "killed in the years since 2009" */
	if (na && nb) {
		if (na != nb)
			return false;
		for (size_t i = 0; i < na; i++) {
			bool f = false;
			for (size_t k = 0; k < nb; k++)
				f |= ya[i] == yb[k];
			if (!f)
				return false;
		}
		return true;
	}
	/* "held for 635 days" vs "held for 44 days in 2011": two spells */
	return !na && !nb;
}

/* End of q's quote: q->end, or the end of the word right after it when that word is the
 * counted noun (its stem is a prefix of it: "2,400 people"), so the reason reads whole. */
static uint32_t noun_end(const clm_doc *docs, size_t ndocs, uint32_t d, const clm_quantity *q)
{
	if (!q->noun || !rel_span_ok(docs, ndocs, d, q->start, q->end))
		return q->end;
	const uint8_t *t = docs[d].text;
	size_t nb = docs[d].nbytes, sl = strlen(q->noun);
	uint32_t i = q->end;
	while (i < nb && i < q->end + 2 && (t[i] == ' ' || t[i] == '-'))
		i++;
	uint32_t w = i;
	while (i < nb && i - w < 40 && isalpha(t[i]))
		i++;
	if (i > w && i - w >= sl && strncasecmp((const char *)t + w, q->noun, sl) == 0)
		return i;
	return q->end;
}

/* Start of the word ending right before byte i of text (blanks skipped), or i. */
static uint32_t word_before(const uint8_t *t, uint32_t lo, uint32_t i)
{
	uint32_t e = i;
	while (e > lo && t[e - 1] == ' ')
		e--;
	uint32_t b = e;
	while (b > lo && isalpha(t[b - 1]) && e - b < 24)
		b--;
	return b < e ? b : i;
}

/* Start of q's quote: q->start, or the start of its qualifier ("over", "more than", "at
 * least", "about", "as many as") when it has a bound or is approximate, so the reason
 * shows why the figure was read as a range. lo is the mention start. */
static uint32_t qualifier_start(const clm_doc *docs, size_t ndocs, uint32_t d, uint32_t lo,
				const clm_quantity *q)
{
	if ((!q->bound && !q->approx) || !rel_span_ok(docs, ndocs, d, q->start, q->end) ||
	    q->start < lo)
		return q->start;
	const uint8_t *t = docs[d].text;
	uint32_t b = word_before(t, lo, q->start);
	for (int k = 0; k < 2 && b < q->start; k++) {
		/* the first word of a two- or three-word qualifier */
		size_t n = 0;
		while (b + n < q->start && isalpha(t[b + n]))
			n++;
		bool joined = (n == 4 && strncasecmp((const char *)t + b, "than", 4) == 0) ||
			      (n == 5 && strncasecmp((const char *)t + b, "least", 5) == 0) ||
			      (n == 2 && strncasecmp((const char *)t + b, "to", 2) == 0) ||
			      (n == 2 && strncasecmp((const char *)t + b, "as", 2) == 0) ||
			      (n == 4 && strncasecmp((const char *)t + b, "many", 4) == 0);
		if (!joined)
			break;
		uint32_t p = word_before(t, lo, b);
		if (p == b)
			break;
		b = p;
	}
	return b;
}

/* Whether the figure q of mention m is bound to something a figure cannot be compared on:
 * a name read as the counted noun ("dad-of-five Fan Lung"), a clock time ("18:18 GMT",
 * read as 18 GMT), or page furniture such as a ticker ("HPQ +2.00%"). */
static bool qty_unbound(const clm_doc *docs, size_t ndocs, const clm_mention *m,
			const clm_quantity *q)
{
	static const char *const clock[] = {"gmt", "utc", "am", "pm", "et", "edt", "est",
					    "bst", "pst", "pdt", "cet", "cest", "ist", "aest",
					    "aedt", "jst", "hrs", "hour", NULL};
	if (q->noun)
		for (size_t i = 0; clock[i]; i++)
			if (strcmp(q->noun, clock[i]) == 0)
				return true;
	if (!rel_span_ok(docs, ndocs, m->doc, q->start, q->end))
		return true;
	const uint8_t *t = docs[m->doc].text;
	size_t nb = docs[m->doc].nbytes;
	if ((q->start > 0 && (t[q->start - 1] == ':' || t[q->start - 1] == '+' ||
			      t[q->start - 1] == '/')) ||
	    (q->end < nb && (t[q->end] == ':' || t[q->end] == '/')))
		return true; /* a clock time, a ticker, a fraction ("6 1/2 feet") */
	/* "a four-minute video", "a 12-meter crater": a figure made an attribute of the next
	 * noun, not a measure of the statement's own fact */
	if (q->end < nb && t[q->end] == '-' && q->end + 1 < nb && isalpha(t[q->end + 1]))
		return true;
	for (uint32_t k = q->start; k + 1 < q->end; k++)
		if (t[k] == '-' && isdigit(t[k - (k > q->start)]) && isalpha(t[k + 1]))
			return true;
	/* the word after the figure, when it is the noun, must not be a name */
	uint32_t i = q->end;
	while (i < nb && i < q->end + 2 && (t[i] == ' ' || t[i] == '-'))
		i++;
	if (q->noun && i < nb && isupper(t[i]) && i + 1 < nb && islower(t[i + 1]))
		return true;
	return false;
}

/* Whether value x (of any unit) of one side is stated anywhere on the other side: then
 * the two figures are a total and its part ("at least 10 gunshots - a cluster of six"
 * vs "six gunshots followed by four more"), not two answers to one question. */
static bool value_stated(const clm_quantity *x, const clm_mention *other)
{
	for (size_t v = 0; v < other->nquantities; v++) {
		const clm_quantity *y = &other->quantities[v];
		double big = fmax(fabs(x->value), fabs(y->value));
		if (big > 0 && fabs(x->value - y->value) <= 0.01 * big)
			return true;
	}
	return false;
}

/* Whether figures x (in a) and y (in b) are anchored to the same fact: both bound to what
 * they count, neither stated on the other side, and the words around each (same segment)
 * share QTY_CONTEXT_MIN. */
static bool qty_anchored(rel_scratch *sc, const clm_doc *docs, size_t ndocs,
			 const clm_mention *a, const clm_quantity *x, const fct_stmt *sa,
			 const clm_mention *b, const clm_quantity *y, const fct_stmt *sb)
{
	if (!sa || !sb || qty_unbound(docs, ndocs, a, x) || qty_unbound(docs, ndocs, b, y))
		return false;
	/* "Libya, where he was once held captive for 44 days": a figure of another event */
	if (fct_span_subordinate(sa, x->start, x->end) || fct_span_subordinate(sb, y->start, y->end))
		return false;
	if (value_stated(x, b) || value_stated(y, a))
		return false;
	const char *noun = x->noun ? x->noun : y->noun;
	return fct_context_shared(sc->fct, sa, x->start, noun_end(docs, ndocs, a->doc, x), sb,
				  y->start, noun_end(docs, ndocs, b->doc, y), noun,
				  QTY_WINDOW) >= QTY_CONTEXT_MIN;
}

/* The word of mention m's text that stem (a Snowball stem, NUL-terminated) came from,
 * lower-cased, into buf (cap bytes): "package" for "packag"; the stem itself when no word
 * of the mention starts with it; NULL for a NULL stem. */
static const char *surface_of(const clm_doc *docs, size_t ndocs, const clm_mention *m,
			      const char *stem, char *buf, size_t cap)
{
	if (!stem)
		return NULL;
	size_t sn = strlen(stem);
	if (!sn || !rel_span_ok(docs, ndocs, m->doc, m->start, m->end))
		return stem;
	const uint8_t *t = docs[m->doc].text;
	for (size_t p = m->start; p + sn <= m->end; p++) {
		if ((p > m->start && isalnum(t[p - 1])) || strncasecmp((const char *)t + p, stem, sn))
			continue;
		size_t e = p + sn;
		while (e < m->end && isalpha(t[e]))
			e++;
		if (e < m->end && (isdigit(t[e]) || t[e] >= 0x80))
			continue; /* part of a longer token: not this word */
		if (e - p + 1 > cap)
			return stem;
		for (size_t k = p; k < e; k++)
			buf[k - p] = (char)tolower(t[k]);
		buf[e - p] = '\0';
		return buf;
	}
	return stem;
}

/* Quantity disagreement between mentions a and b: for every unit/noun kind the two share,
 * both sides must state the same number of such figures, paired in text order; a pair
 * disagrees only when each figure is inconsistent with every figure of that kind on the
 * other side (so a reordered list is not a conflict). *comparable tells whether any
 * figures were comparable at all (then dates in the mentions are periods, not events). */
finding rel_qty_conflict(rel_scratch *sc, const clm_doc *docs, size_t ndocs,
			    const clm_mention *a, const fct_stmt *sa, const clm_mention *b,
			    const fct_stmt *sb, double sim, bool *comparable)
{
	finding f;
	memset(&f, 0, sizeof f);
	*comparable = false;
	bool close = sim >= QTY_SIM_MIN;
	bool period = same_period(docs, ndocs, a, b);
	for (size_t i = 0; i < a->nquantities && !f.found; i++) {
		const clm_quantity *x = &a->quantities[i];
		/* figures of x's kind, in order, on both sides; kind = comparable with x */
		size_t ka = 0, kb = 0, rank = 0, pick = SIZE_MAX;
		for (size_t u = 0; u < a->nquantities; u++) {
			if (!qty_comparable(x, &a->quantities[u], true))
				continue;
			if (u == i)
				rank = ka;
			ka++;
		}
		for (size_t v = 0; v < b->nquantities; v++) {
			if (!qty_comparable(x, &b->quantities[v], close))
				continue;
			if (kb == rank)
				pick = v;
			kb++;
		}
		if (kb)
			*comparable = true;
		if (!kb || ka != kb || pick == SIZE_MAX || !period)
			continue;
		const clm_quantity *y = &b->quantities[pick];
		bool ok = false;
		for (size_t v = 0; v < b->nquantities && !ok; v++)
			if (qty_comparable(x, &b->quantities[v], close))
				ok = qty_consistent(docs, ndocs, a->doc, x, b->doc, &b->quantities[v]);
		for (size_t u = 0; u < a->nquantities && !ok; u++)
			if (qty_comparable(y, &a->quantities[u], close))
				ok = qty_consistent(docs, ndocs, a->doc, &a->quantities[u], b->doc, y);
		if (ok || !qty_anchored(sc, docs, ndocs, a, x, sa, b, y, sb))
			continue;
		f.found = true;
		f.qa = x;
		f.qb = y;
		f.xs = qualifier_start(docs, ndocs, a->doc, a->start, x);
		f.xe = noun_end(docs, ndocs, a->doc, x);
		f.ys = qualifier_start(docs, ndocs, b->doc, b->start, y);
		f.ye = noun_end(docs, ndocs, b->doc, y);
		/* the counted word is quoted with the figure; the stem is no reader's word: the
		 * word it came from is named ("package" for "packag") */
		char word[48];
		const char *what = (f.xe > x->end || f.ye > y->end) ? "count"
				   : x->noun ? surface_of(docs, ndocs, a, x->noun, word, sizeof word)
					     : surface_of(docs, ndocs, b, y->noun, word, sizeof word);
		int16_t ys[8];
		size_t ny = mention_years(a, ys);
		if (!ny)
			ny = mention_years(b, ys);
		if (what && ny)
			snprintf(f.ctx, sizeof f.ctx, "for the same %s in %d", what, ys[0]);
		else if (what)
			snprintf(f.ctx, sizeof f.ctx, "for the same %s", what);
		else if (ny)
			snprintf(f.ctx, sizeof f.ctx, "for the same %s figure in %d",
				 x->unit_name ? x->unit_name : "figure", ys[0]);
		else
			snprintf(f.ctx, sizeof f.ctx, "for the same %s figure",
				 x->unit_name ? x->unit_name : "figure");
	}
	return f;
}

