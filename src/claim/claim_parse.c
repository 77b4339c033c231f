/* claim_parse.c - parsers for the parts of a claim key: quantities with unit and scale,
 * dates and years, polarity cues, the speaker of an attribution, and the word-level rules
 * behind entity keys (transliteration folding, one-edit tolerance, corporate suffixes).
 *
 * Input is one clause as a token range over the document's tokens plus the original
 * bytes (numbers like "100,000" and "$1.5bn" are read from the bytes, since the tokenizer
 * splits them). It does not decide whether a clause is a claim (claim.c) nor compare
 * mentions (claim_cluster.c). Every read is bounded by the clause or the document.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "claim_int.h"
#include "overlap/mem.h"
#include "overlap/util.h"

/* ---- tuning ---- */

/* Longest counted-noun phrase read after a number ("seven top Russian cyber-companies"):
 * news writes at most three modifiers before the noun. */
#define NOUN_RUN_MAX 4

/* Longest speaker phrase ("CSTO Secretary-General Imangali Tasmagambetov" is 5 words). */
#define SPEAKER_MAX 6

/* ---- string pool ---- */

const char *clmp_strdup(clm_pool *p, const char *s, size_t n)
{
	XGROW(p->v, p->cap, p->n + 1);
	char *d = xstrndup(s, n);
	p->v[p->n++] = d;
	return d;
}

void clmp_pool_free(clm_pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

/* ---- token helpers ---- */

static bool word_eq(const char *w, size_t n, const char *s)
{
	size_t sn = strlen(s);
	return n == sn && memcmp(w, s, n) == 0;
}

bool clmp_tok_is(const tok_list *t, size_t i, const char *s)
{
	size_t n;
	const char *w = clmp_tok_str(t, i, &n);
	return word_eq(w, n, s);
}

bool clmp_tok_in(const tok_list *t, size_t i, const char *const *list)
{
	size_t n;
	const char *w = clmp_tok_str(t, i, &n);
	return util_word_in(w, n, list);
}

static bool tok_alpha_only(const tok_list *t, size_t i)
{
	return (t->v[i].flags & TOK_ALPHA) && !(t->v[i].flags & TOK_DIGIT);
}

bool clmp_tok_after_apostrophe(const clm_clause *c, size_t i)
{
	if (i == 0 || i <= c->t0)
		return false;
	uint32_t s = c->t->v[i].start, pe = c->t->v[i - 1].end;
	if (s == pe + 1 && c->text[pe] == '\'')
		return true;
	if (s == pe + 3 && (uint8_t)c->text[pe] == 0xE2 && (uint8_t)c->text[pe + 1] == 0x80 &&
	    (uint8_t)c->text[pe + 2] == 0x99)
		return true;
	return false;
}

bool clmp_gap_blank(const clm_clause *c, size_t i)
{
	if (i + 1 >= c->t->n)
		return false;
	for (uint32_t b = c->t->v[i].end; b < c->t->v[i + 1].start; b++)
		if (c->text[b] != ' ' && c->text[b] != '\t')
			return false;
	return true;
}

/* Gap made only of blanks and hyphens (ASCII '-', U+2010, U+2011): "cyber-companies". */
static bool gap_blank_or_hyphen(const clm_clause *c, size_t i)
{
	if (i + 1 >= c->t->n)
		return false;
	uint32_t b = c->t->v[i].end, e = c->t->v[i + 1].start;
	while (b < e) {
		uint8_t ch = c->text[b];
		if (ch == ' ' || ch == '\t' || ch == '-') {
			b++;
		} else if (ch == 0xE2 && b + 2 < e && c->text[b + 1] == 0x80 &&
			   (c->text[b + 2] == 0x90 || c->text[b + 2] == 0x91)) {
			b += 3;
		} else {
			return false;
		}
	}
	return true;
}

/* ---- word lists ---- */

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};
static const char *const month_abbr[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

int clmp_month(const char *w, size_t n)
{
	for (int m = 0; m < 12; m++)
		if (word_eq(w, n, month_names[m]) || word_eq(w, n, month_abbr[m]))
			return m + 1;
	if (word_eq(w, n, "sept"))
		return 9;
	return 0;
}

double clmp_number_word(const char *w, size_t n)
{
	static const char *const small[] = {
		"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
		"seventeen", "eighteen", "nineteen",
	};
	static const char *const tens[] = {
		"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
	};
	for (int i = 2; i < 20; i++)
		if (word_eq(w, n, small[i]))
			return i;
	for (int i = 0; i < 8; i++)
		if (word_eq(w, n, tens[i]))
			return 20 + 10 * i;
	if (word_eq(w, n, "dozen"))
		return 12;
	if (word_eq(w, n, "hundred"))
		return 100;
	return -1;
}

double clmp_scale_word(const char *w, size_t n)
{
	if (word_eq(w, n, "thousand") || word_eq(w, n, "k"))
		return 1e3;
	if (word_eq(w, n, "million") || word_eq(w, n, "mn") || word_eq(w, n, "m") ||
	    word_eq(w, n, "mln"))
		return 1e6;
	if (word_eq(w, n, "billion") || word_eq(w, n, "bn") || word_eq(w, n, "b") ||
	    word_eq(w, n, "bln"))
		return 1e9;
	if (word_eq(w, n, "trillion") || word_eq(w, n, "tn"))
		return 1e12;
	return 0;
}

size_t clmp_fold_name(const char *w, size_t n, char *out)
{
	memcpy(out, w, n);
	out[n] = 0;
	if (n >= 4) {
		char a = out[n - 2], b = out[n - 1];
		if (a == 'e' && b == 'y') { /* Sergey -> sergei, Andrey -> andrei */
			out[n - 1] = 'i';
		} else if ((a == 'i' && b == 'y') || (a == 'i' && b == 'i') ||
			   (a == 'y' && b == 'y')) { /* Dmitriy/Dmitrii -> dmitri */
			out[n - 2] = 'i';
			n--;
			out[n] = 0;
		}
	}
	return n;
}

bool clmp_edit1(const char *a, size_t na, const char *b, size_t nb)
{
	if (na > nb) {
		const char *t = a;
		a = b;
		b = t;
		size_t tn = na;
		na = nb;
		nb = tn;
	}
	if (nb - na > 1)
		return false;
	size_t i = 0;
	while (i < na && a[i] == b[i])
		i++;
	if (i == na)
		return true; /* equal, or b has one extra char at the end */
	if (na == nb) {
		/* substitution at i, or transposition of i and i+1 */
		if (memcmp(a + i + 1, b + i + 1, na - i - 1) == 0)
			return true;
		return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       memcmp(a + i + 2, b + i + 2, na - i - 2) == 0;
	}
	/* b has one inserted char at i */
	return memcmp(a + i, b + i + 1, na - i) == 0;
}

bool clmp_corp_suffix(const char *w, size_t n)
{
	static const char *const sfx[] = {
		"lab", "labs", "inc", "ltd", "llc", "corp", "corporation", "co", "plc",
		"gmbh", "ag", "sa", "limited", "incorporated", NULL,
	};
	return util_word_in(w, n, sfx);
}

bool clmp_not_entity_word(const char *w, size_t n)
{
	static const char *const extra[] = {
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"according", "however", "meanwhile", "moreover", "although", "despite",
		"following", "since", "under", "after", "yet", "still", "even", "last", "next",
		"many", "several", "some", "most", "few", "every", "another", "other", "one",
		"mr", "mrs", "ms", "dr", "sir", "also", "just", "like", "unlike", "instead",
		"indeed", "then", "there", "here", "today", "yesterday", "tomorrow", "now",
		"earlier", "later", "first", "second", "third", "finally", "additionally",
		"notably", "paradoxically", "meanwhile", "sorry", "yes", "no", "left", "given",
		"only", "in", "for", "as", "while", "because", "when", "if", "what", "who",
		"all", "both", "each", "any", "such", "these", "those", "this", "that", NULL,
	};
	if (n == 0)
		return true;
	if (stem_is_stop(w, n) || util_word_in(w, n, extra))
		return true;
	if (clmp_month(w, n) && n > 3)
		return true;
	return false;
}

/* ---- numbers ---- */

bool clmp_parse_number(const uint8_t *text, uint32_t b, uint32_t e, double *val, uint32_t *pe,
		       bool *had_comma)
{
	uint32_t p = b;
	double v = 0;
	*had_comma = false;
	if (p >= e || text[p] < '0' || text[p] > '9')
		return false;
	while (p < e) {
		if (text[p] >= '0' && text[p] <= '9') {
			v = v * 10 + (text[p] - '0');
			p++;
		} else if (text[p] == ',' && p + 3 < e && text[p + 1] >= '0' && text[p + 1] <= '9' &&
			   text[p + 2] >= '0' && text[p + 2] <= '9' && text[p + 3] >= '0' &&
			   text[p + 3] <= '9' && (p + 4 >= e || text[p + 4] < '0' || text[p + 4] > '9')) {
			*had_comma = true;
			p++;
		} else {
			break;
		}
	}
	if (p + 1 < e && text[p] == '.' && text[p + 1] >= '0' && text[p + 1] <= '9') {
		double f = 0.1;
		p++;
		while (p < e && text[p] >= '0' && text[p] <= '9') {
			v += f * (text[p] - '0');
			f /= 10;
			p++;
		}
	}
	*val = v;
	*pe = p;
	return true;
}

static const char *unit_name_of(int u)
{
	switch (u) {
	case CLM_UNIT_COUNT: return "count";
	case CLM_UNIT_PERCENT: return "percent";
	case CLM_UNIT_USD: return "USD";
	case CLM_UNIT_EUR: return "EUR";
	case CLM_UNIT_GBP: return "GBP";
	case CLM_UNIT_RUB: return "RUB";
	case CLM_UNIT_OTHER_CUR: return "currency";
	default: return "number";
	}
}

/* Currency sign just before byte b (skipping nothing): $, US$, €, £, ₽. */
static int currency_before(const uint8_t *text, uint32_t lo, uint32_t b)
{
	if (b >= lo + 1 && text[b - 1] == '$')
		return CLM_UNIT_USD;
	if (b >= lo + 2 && text[b - 2] == 0xC2 && text[b - 1] == 0xA3)
		return CLM_UNIT_GBP;
	if (b >= lo + 3 && text[b - 3] == 0xE2 && text[b - 2] == 0x82) {
		if (text[b - 1] == 0xAC)
			return CLM_UNIT_EUR;
		if (text[b - 1] == 0xBD)
			return CLM_UNIT_RUB;
	}
	return CLM_UNIT_NONE;
}

static int currency_word(const char *w, size_t n)
{
	static const char *const usd[] = {"dollar", "dollars", "usd", NULL};
	static const char *const eur[] = {"euro", "euros", "eur", NULL};
	static const char *const gbp[] = {"pound", "pounds", "gbp", "sterling", NULL};
	static const char *const rub[] = {"ruble", "rubles", "rouble", "roubles", "rub", NULL};
	static const char *const oth[] = {"yen", "yuan", "renminbi", "franc", "francs",
					  "rupee", "rupees", "won", "lira", NULL};
	if (util_word_in(w, n, usd))
		return CLM_UNIT_USD;
	if (util_word_in(w, n, eur))
		return CLM_UNIT_EUR;
	if (util_word_in(w, n, gbp))
		return CLM_UNIT_GBP;
	if (util_word_in(w, n, rub))
		return CLM_UNIT_RUB;
	if (util_word_in(w, n, oth))
		return CLM_UNIT_OTHER_CUR;
	return CLM_UNIT_NONE;
}

/* Bound and approximation words before token i (exclusive), within the clause. */
static void qualifiers_before(const clm_clause *c, size_t i, int8_t *bound, bool *approx)
{
	static const char *const over[] = {"over", "above", "exceeding", NULL};
	static const char *const under[] = {"under", "below", NULL};
	static const char *const apx[] = {"about", "around", "nearly", "almost", "roughly",
					  "approximately", "some", "circa", "estimated", NULL};
	const tok_list *t = c->t;
	*bound = 0;
	*approx = false;
	if (i <= c->t0)
		return;
	size_t p = i - 1;
	if (clmp_tok_in(t, p, over)) {
		*bound = 1;
	} else if (clmp_tok_in(t, p, under)) {
		*bound = -1;
	} else if (clmp_tok_in(t, p, apx)) {
		*approx = true;
	} else if (clmp_tok_is(t, p, "than") && p > c->t0) {
		if (clmp_tok_is(t, p - 1, "more") || clmp_tok_is(t, p - 1, "greater"))
			*bound = 1;
		else if (clmp_tok_is(t, p - 1, "less") || clmp_tok_is(t, p - 1, "fewer"))
			*bound = -1;
	} else if (clmp_tok_is(t, p, "least") && p > c->t0 && clmp_tok_is(t, p - 1, "at")) {
		*bound = 1;
	} else if (clmp_tok_is(t, p, "to") && p > c->t0 && clmp_tok_is(t, p - 1, "up")) {
		*bound = -1;
	} else if (clmp_tok_is(t, p, "as") && p > c->t0 + 1 && clmp_tok_is(t, p - 1, "many") &&
		   clmp_tok_is(t, p - 2, "as")) {
		*approx = true;
	}
}

/* Gap after a capital letter of an abbreviation: "U.S. ", "U.K." */
static bool abbrev_gap(const clm_clause *c, size_t i)
{
	const tok *a = &c->t->v[i];
	if (i + 1 >= c->t->n || a->end - a->start != 1 || !(a->flags & TOK_UPPER))
		return false;
	uint32_t b = a->end, e = c->t->v[i + 1].start;
	if (b >= e || c->text[b] != '.')
		return false;
	for (b++; b < e; b++)
		if (c->text[b] != ' ')
			return false;
	return true;
}

/* Counted noun after token j: a run of content words joined by blanks or hyphens, ending
 * at the first plural-looking word. [*n0, *n1) the run; @return the noun token or SIZE_MAX. */
static size_t noun_after(const clm_clause *c, size_t j)
{
	const tok_list *t = c->t;
	size_t noun = SIZE_MAX;
	size_t k = j + 1;
	for (size_t cnt = 0; cnt < NOUN_RUN_MAX && k < c->t1; cnt++, k++) {
		if (!gap_blank_or_hyphen(c, k - 1) && !abbrev_gap(c, k - 1))
			break;
		if (!tok_alpha_only(t, k))
			break;
		size_t n;
		const char *w = clmp_tok_str(t, k, &n);
		if (n == 1 && (t->v[k].flags & TOK_UPPER))
			continue; /* "six U.S. intelligence chiefs": letters of an abbreviation */
		bool caps = (t->v[k].flags & TOK_ALLCAPS) != 0; /* "IT professionals" */
		if (n < 2 || (!caps && stem_is_stop(w, n)) || clmp_is_attribution(t, k) ||
		    clmp_month(w, n))
			break;
		noun = k;
		if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
			break;
	}
	return noun;
}

static void push_quantity(const clm_clause *c, stem_ctx *sc, clm_pool *pool, clm_quantity q,
			  size_t noun, clm_quantity **v, size_t *n, size_t *cap)
{
	q.noun = NULL;
	if (noun != SIZE_MAX) {
		size_t wn;
		const char *w = clmp_tok_str(c->t, noun, &wn);
		if (sc) {
			size_t sn;
			const char *s = stem_word(sc, w, wn, &sn);
			q.noun = clmp_strdup(pool, s, sn);
		} else {
			q.noun = clmp_strdup(pool, w, wn);
		}
	}
	if (q.unit == CLM_UNIT_NONE && q.noun)
		q.unit = CLM_UNIT_COUNT;
	q.unit_name = unit_name_of(q.unit);
	XGROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = q;
}

/* A figure being read: the quantity, the last token of its number part, where its text
 * ends, and the scale its words give ("60 billion"). */
typedef struct qread {
	clm_quantity q;
	size_t j;
	uint32_t qend;
	double scale;
} qread;

/* The number at token i (digits, "5m", a number word, "one million"), into r; false when
 * there is none (a name like "G20", an ordinal, "dozens of"). */
static bool number_at(const clm_clause *c, size_t i, qread *r)
{
	const tok_list *t = c->t;
	const tok *tk = &t->v[i];
	size_t wn;
	const char *w = clmp_tok_str(t, i, &wn);
	if (tk->flags & TOK_DIGIT) {
		const uint8_t ch = c->text[tk->start];
		if (ch < '0' || ch > '9')
			return false; /* "G20", "F-16" style names */
		double val;
		uint32_t pe;
		bool comma;
		if (!clmp_parse_number(c->text, tk->start, c->end, &val, &pe, &comma))
			return false;
		while (r->j + 1 < c->t1 && t->v[r->j + 1].start < pe)
			r->j++;
		if (t->v[r->j].end > pe) {
			/* letters glued to the digits: "5m", "2bn", "14th" */
			/* the normal form can be shorter than the bytes (a fold, a dropped mark):
			 * the suffix is at most the whole word */
			size_t sn = t->v[r->j].end - pe;
			if (sn > wn)
				sn = wn;
			const char *sfx = w + (wn - sn);
			if (r->j != i) {
				sn = t->v[r->j].end - pe;
				size_t jn;
				const char *jw = clmp_tok_str(t, r->j, &jn);
				sfx = jw + (jn >= sn ? jn - sn : 0);
				sn = jn >= sn ? sn : jn;
			}
			double sc2 = clmp_scale_word(sfx, sn);
			if (sc2 == 0)
				return false; /* ordinals, codes */
			r->scale = sc2;
		}
		r->q.value = val;
		r->qend = t->v[r->j].end;
	} else {
		double val = clmp_number_word(w, wn);
		bool one = word_eq(w, wn, "one") || word_eq(w, wn, "a");
		if (val < 0 && !one)
			return false;
		if (one) {
			/* "one million", "a billion" only */
			if (i + 1 >= c->t1 || !clmp_gap_blank(c, i))
				return false;
			size_t nn;
			const char *nw = clmp_tok_str(t, i + 1, &nn);
			if (clmp_scale_word(nw, nn) < 1e3 || nn < 5)
				return false;
			val = 1;
		}
		if (word_eq(w, wn, "dozen") || word_eq(w, wn, "hundred")) {
			/* "dozens of" / "hundreds of" are not counts; "a dozen" is */
			if (i > c->t0 && !clmp_tok_is(t, i - 1, "a"))
				return false;
		}
		r->q.value = val;
	}
	return true;
}

/* A scale word after the number ("60 billion", "400 million"). */
static void scale_after(const clm_clause *c, qread *r)
{
	const tok_list *t = c->t;
	/* r->scale word after: "60 billion", "400 million" */
	if (r->j + 1 < c->t1 && r->scale == 1 && gap_blank_or_hyphen(c, r->j)) {
		size_t sn;
		const char *sw = clmp_tok_str(t, r->j + 1, &sn);
		double s2 = clmp_scale_word(sw, sn);
		/* bare "m"/"b"/"k" only when glued ("$5m"), handled above */
		if (s2 > 0 && sn > 2) {
			r->scale = s2;
			r->j++;
			r->qend = t->v[r->j].end;
		}
	}
}

/* The currency before the number ("$60", "US$", "€5", "USD 5"). */
static void currency_before_number(const clm_clause *c, size_t i, uint8_t *used, qread *r)
{
	const tok_list *t = c->t;
	const tok *tk = &t->v[i];
	r->q.unit = (uint8_t)currency_before(c->text, c->start, tk->start);
	if (r->q.unit != CLM_UNIT_NONE) {
		uint32_t s = tk->start - 1;
		while (s > c->start && (c->text[s] & 0xC0) == 0x80)
			s--;
		if (s >= c->start + 2 && c->text[s - 1] == 'S' && c->text[s - 2] == 'U')
			s -= 2;
		r->q.start = s;
	} else if (i > c->t0 && clmp_gap_blank(c, i - 1)) {
		size_t pn;
		const char *pw = clmp_tok_str(t, i - 1, &pn);
		if (pn == 3 && currency_word(pw, pn) != CLM_UNIT_NONE) {
			r->q.unit = (uint8_t)currency_word(pw, pn);
			r->q.start = t->v[i - 1].start;
			used[i - 1 - c->t0] = 1;
		}
	}
}

/* A range's upper end ("10 to 20", "10-20", "between 10 and 20"). */
static void range_after(const clm_clause *c, size_t i, const uint8_t *used, qread *r)
{
	const tok_list *t = c->t;
	if (r->j + 1 < c->t1) {
		size_t k = SIZE_MAX;
		if (clmp_tok_is(t, r->j + 1, "to") && r->j + 2 < c->t1 && clmp_gap_blank(c, r->j) &&
		    clmp_gap_blank(c, r->j + 1))
			k = r->j + 2;
		else if (gap_blank_or_hyphen(c, r->j) && !clmp_gap_blank(c, r->j))
			k = r->j + 1;
		else if (clmp_tok_is(t, r->j + 1, "and") && i > c->t0 + 1 &&
			 clmp_tok_is(t, i - 1, "between") && r->j + 2 < c->t1)
			k = r->j + 2;
		if (k != SIZE_MAX && (t->v[k].flags & TOK_DIGIT) && !used[k - c->t0] &&
		    c->text[t->v[k].start] >= '0' && c->text[t->v[k].start] <= '9') {
			double hv;
			uint32_t hpe;
			bool hc;
			if (clmp_parse_number(c->text, t->v[k].start, c->end, &hv, &hpe, &hc) &&
			    t->v[k].end == hpe) {
				size_t jj = k;
				double hs = r->scale;
				if (jj + 1 < c->t1 && clmp_gap_blank(c, jj)) {
					size_t sn;
					const char *sw = clmp_tok_str(t, jj + 1, &sn);
					if (clmp_scale_word(sw, sn) > 0 && sn > 2) {
						hs = clmp_scale_word(sw, sn);
						jj++;
					}
				}
				if (hv * hs >= r->q.value) {
					r->q.value_hi = hv * hs;
					r->j = jj;
					r->qend = t->v[r->j].end;
				}
			}
		}
	}
}

/* The unit after the number ("%", "percent", "per cent", currency words). */
static void unit_after(const clm_clause *c, qread *r)
{
	const tok_list *t = c->t;
	if (r->qend < c->end && c->text[r->qend] == '%') {
		r->q.unit = CLM_UNIT_PERCENT;
		r->qend++;
	} else if (r->j + 1 < c->t1 && clmp_gap_blank(c, r->j)) {
		size_t un;
		const char *uw = clmp_tok_str(t, r->j + 1, &un);
		if (word_eq(uw, un, "percent") || word_eq(uw, un, "pct")) {
			r->q.unit = CLM_UNIT_PERCENT;
			r->j++;
		} else if (word_eq(uw, un, "per") && r->j + 2 < c->t1 &&
			   clmp_tok_is(t, r->j + 2, "cent")) {
			r->q.unit = CLM_UNIT_PERCENT;
			r->j += 2;
		} else if (r->q.unit == CLM_UNIT_NONE && currency_word(uw, un)) {
			r->q.unit = (uint8_t)currency_word(uw, un);
			r->j++;
		}
		r->qend = t->v[r->j].end > r->qend ? t->v[r->j].end : r->qend;
	}
}

void clmp_quantities(const clm_clause *c, stem_ctx *sc, clm_pool *pool, uint8_t *used,
		     clm_quantity **v, size_t *n, size_t *cap)
{
	const tok_list *t = c->t;
	for (size_t i = c->t0; i < c->t1; i++) {
		if (used[i - c->t0])
			continue;
		const tok *tk = &t->v[i];
		qread r;
		memset(&r, 0, sizeof r);
		r.j = i; /* last token of the number part */
		r.qend = tk->end;
		r.scale = 1;
		if (!number_at(c, i, &r))
			continue;
		scale_after(c, &r);
		r.q.value *= r.scale;
		r.q.value_hi = r.q.value;
		r.q.start = tk->start;
		currency_before_number(c, i, used, &r);
		range_after(c, i, used, &r);
		unit_after(c, &r);
		r.q.end = r.qend;
		qualifiers_before(c, i, &r.q.bound, &r.q.approx);
		for (size_t u = i; u <= r.j; u++)
			used[u - c->t0] = 1;
		size_t noun = noun_after(c, r.j);
		push_quantity(c, sc, pool, r.q, noun, v, n, cap);
		i = r.j;
	}
}

/* ---- dates ---- */

static int small_int(const clm_clause *c, size_t i, int lo, int hi)
{
	const tok *tk = &c->t->v[i];
	if (!(tk->flags & TOK_DIGIT))
		return -1;
	int v = 0;
	uint32_t b = tk->start, k = 0;
	while (b < tk->end && c->text[b] >= '0' && c->text[b] <= '9' && k < 5) {
		v = v * 10 + (c->text[b] - '0');
		b++;
		k++;
	}
	if (k == 0 || k > 4)
		return -1;
	/* digits then only an ordinal suffix */
	if (b < tk->end) {
		size_t sn = tk->end - b;
		const char *s = (const char *)c->text + b;
		if (!(sn == 2 && (!memcmp(s, "st", 2) || !memcmp(s, "nd", 2) || !memcmp(s, "rd", 2) ||
				  !memcmp(s, "th", 2))))
			return -1;
	}
	return v >= lo && v <= hi ? v : -1;
}

/* A 4-digit year token 1900..2100 that is not part of a larger number. */
static int year_at(const clm_clause *c, size_t i)
{
	const tok *tk = &c->t->v[i];
	if (tk->end - tk->start != 4 || !(tk->flags & TOK_DIGIT) || (tk->flags & TOK_ALPHA))
		return -1;
	int y = small_int(c, i, 1900, 2100);
	if (y < 0)
		return -1;
	uint32_t e = tk->end;
	if (e + 1 < c->nbytes && (c->text[e] == ',' || c->text[e] == '.') &&
	    c->text[e + 1] >= '0' && c->text[e + 1] <= '9')
		return -1; /* 2,000 / 2013.5 */
	if (tk->start > 0 && (c->text[tk->start - 1] == ',' || c->text[tk->start - 1] == '.') &&
	    tk->start >= 2 && c->text[tk->start - 2] >= '0' && c->text[tk->start - 2] <= '9')
		return -1;
	if (currency_before(c->text, c->start, tk->start) != CLM_UNIT_NONE)
		return -1;
	if (e < c->nbytes && c->text[e] == '%')
		return -1;
	if (i + 1 < c->t1 && clmp_gap_blank(c, i)) {
		size_t n;
		const char *w = clmp_tok_str(c->t, i + 1, &n);
		if (clmp_scale_word(w, n) > 0 && n > 2)
			return -1;
		if (word_eq(w, n, "percent"))
			return -1;
	}
	return y;
}

static void push_date(clm_date d, clm_date **v, size_t *n, size_t *cap)
{
	XGROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = d;
}

void clmp_dates(const clm_clause *c, uint8_t *used, clm_date **v, size_t *n, size_t *cap)
{
	const tok_list *t = c->t;
	for (size_t i = c->t0; i < c->t1; i++) {
		if (used[i - c->t0])
			continue;
		size_t wn;
		const char *w = clmp_tok_str(t, i, &wn);
		int mon = (t->v[i].flags & TOK_UPPER) ? clmp_month(w, wn) : 0;
		if (mon) {
			/* "May" is also a verb: a date only next to a number or after in/early/late */
			bool may = word_eq(w, wn, "may");
			clm_date d = {0, (int8_t)mon, 0, t->v[i].start, t->v[i].end};
			size_t j = i;
			/* "29 September" */
			if (i > c->t0 && !used[i - 1 - c->t0] && clmp_gap_blank(c, i - 1)) {
				int day = small_int(c, i - 1, 1, 31);
				if (day > 0) {
					d.day = (int8_t)day;
					d.start = t->v[i - 1].start;
					used[i - 1 - c->t0] = 1;
				}
			}
			/* "September 29" */
			if (!d.day && j + 1 < c->t1 && (clmp_gap_blank(c, j) || c->text[t->v[j].end] == '.')) {
				int day = small_int(c, j + 1, 1, 31);
				if (day > 0 && t->v[j + 1].end - t->v[j + 1].start <= 4) {
					d.day = (int8_t)day;
					j++;
				}
			}
			/* ", 2024" or " 2024" */
			if (j + 1 < c->t1) {
				uint32_t g0 = t->v[j].end, g1 = t->v[j + 1].start;
				bool ok = true;
				for (uint32_t b = g0; b < g1; b++)
					if (c->text[b] != ' ' && c->text[b] != ',' && c->text[b] != '.')
						ok = false;
				int y = ok ? year_at(c, j + 1) : -1;
				if (y > 0) {
					d.year = (int16_t)y;
					j++;
				}
			}
			if (may && !d.day && !d.year) {
				bool ctx = i > c->t0 && (clmp_tok_is(t, i - 1, "in") ||
							 clmp_tok_is(t, i - 1, "early") ||
							 clmp_tok_is(t, i - 1, "late") ||
							 clmp_tok_is(t, i - 1, "mid") ||
							 clmp_tok_is(t, i - 1, "since") ||
							 clmp_tok_is(t, i - 1, "until"));
				if (!ctx)
					continue;
			}
			d.end = t->v[j].end;
			for (size_t u = i; u <= j; u++)
				used[u - c->t0] = 1;
			push_date(d, v, n, cap);
			i = j;
			continue;
		}
		int y = year_at(c, i);
		if (y > 0) {
			clm_date d = {(int16_t)y, 0, 0, t->v[i].start, t->v[i].end};
			used[i - c->t0] = 1;
			push_date(d, v, n, cap);
		}
	}
}

/* ---- polarity ---- */

static const char *const neg[] = {"not", "no", "never", "nor", "none", "nothing",
				  "neither", "nobody", "cannot", NULL};
static const char *const deny[] = {
	"deny", "denies", "denied", "denying", "denial", "denials", "dismiss",
	"dismissed", "dismisses", "dismissing", "reject", "rejected", "rejects",
	"rejecting", "refute", "refuted", "refutes", "rebuffed", "rebutted", "baseless",
	"groundless", "unfounded", "unjustified", "untrue", NULL,
};
/* Words that carry polarity only; affirmations ("confirmed", "admitted") are their
 * counterparts, so neither side may count as context when clustering. */
static const char *const affirm[] = {
	"confirm", "confirms", "confirmed", "confirming", "admit", "admits", "admitted",
	"acknowledged", "acknowledges", NULL,
};

bool clmp_is_stance_word(const tok_list *t, size_t i)
{
	return clmp_tok_in(t, i, deny) || clmp_tok_in(t, i, affirm);
}

bool clmp_is_polarity_word(const tok_list *t, size_t i)
{
	return clmp_tok_in(t, i, neg) || clmp_tok_in(t, i, deny) || clmp_tok_in(t, i, affirm);
}

int clmp_polarity(const clm_clause *c, uint32_t *cue_start, uint32_t *cue_end)
{
	const tok_list *t = c->t;
	for (size_t i = c->t0; i < c->t1; i++) {
		bool hit = false;
		uint32_t s = t->v[i].start, e = t->v[i].end;
		if (clmp_tok_in(t, i, neg)) {
			hit = true;
			/* "not only ... but also" affirms */
			if (clmp_tok_is(t, i, "not") && i + 1 < c->t1 && clmp_tok_is(t, i + 1, "only"))
				hit = false;
		} else if (clmp_tok_in(t, i, deny)) {
			hit = true;
		} else if (clmp_tok_is(t, i, "t") && clmp_tok_after_apostrophe(c, i)) {
			size_t pn;
			const char *pw = clmp_tok_str(t, i - 1, &pn);
			if (pn >= 2 && pw[pn - 1] == 'n') {
				hit = true;
				s = t->v[i - 1].start;
			}
		}
		if (hit) {
			*cue_start = s;
			*cue_end = e;
			return CLM_NEGATED;
		}
	}
	*cue_start = *cue_end = 0;
	return CLM_AFFIRMED;
}

/* ---- speaker ---- */

bool clmp_is_attribution(const tok_list *t, size_t i)
{
	static const char *const verbs[] = {
		"said", "says", "say", "saying", "told", "tells", "stated", "wrote", "writes",
		"reported", "announced", "claimed", "claims", "added", "noted", "explained",
		"acknowledged", "confirmed", "according", "insisted", "warned", "argued", NULL,
	};
	if (t->v[i].flags & TOK_UPPER) /* "Says Who", titles */
		return false;
	if (!clmp_tok_in(t, i, verbs))
		return false;
	return true;
}

static bool speaker_pass(const clm_clause *c, const char *const *only, size_t *s0,
			 size_t *s1);

bool clmp_speaker(const clm_clause *c, size_t *s0, size_t *s1)
{
	/* "said" and "according to" name the source; "acknowledged", "confirmed" often sit
	 * inside the quoted statement itself, so they are tried only when no strong verb is */
	static const char *const strong[] = {"said", "says", "say", "told", "tells",
					     "according", "wrote", "writes", "stated", NULL};
	for (int pass = 0; pass < 2; pass++)
		if (speaker_pass(c, pass == 0 ? strong : NULL, s0, s1))
			return true;
	return false;
}

static bool speaker_pass(const clm_clause *c, const char *const *only, size_t *s0, size_t *s1)
{
	const tok_list *t = c->t;
	for (size_t k = c->t0; k < c->t1; k++) {
		if (!clmp_is_attribution(t, k) || (only && !clmp_tok_in(t, k, only)))
			continue;
		if (clmp_tok_is(t, k, "according")) {
			if (k + 1 >= c->t1 || !clmp_tok_is(t, k + 1, "to"))
				continue;
			size_t a = k + 2;
			while (a < c->t1 && clmp_tok_is(t, a, "the") && clmp_gap_blank(c, a - 1))
				a++;
			size_t b = a;
			while (b < c->t1 && b - a < SPEAKER_MAX && (b == a || gap_blank_or_hyphen(c, b - 1))) {
				size_t n;
				const char *w = clmp_tok_str(t, b, &n);
				if (stem_is_stop(w, n) && !word_eq(w, n, "of"))
					break;
				b++;
			}
			while (b > a && clmp_tok_is(t, b - 1, "of"))
				b--;
			if (b > a) {
				*s0 = a;
				*s1 = b;
				return true;
			}
			continue;
		}
		/* "X said": content words right before the verb */
		size_t b = k, a = k;
		while (a > c->t0 && k - a < SPEAKER_MAX && gap_blank_or_hyphen(c, a - 1)) {
			size_t n;
			const char *w = clmp_tok_str(t, a - 1, &n);
			if (stem_is_stop(w, n) || clmp_is_attribution(t, a - 1))
				break;
			if (clmp_tok_is(t, a - 1, "s") && clmp_tok_after_apostrophe(c, a - 1))
				break;
			a--;
		}
		if (a < b) {
			*s0 = a;
			*s1 = b;
			return true;
		}
		/* "..., said Kaspersky": capitalised words right after */
		a = b = k + 1;
		while (b < c->t1 && b - a < SPEAKER_MAX && gap_blank_or_hyphen(c, b - 1) &&
		       (t->v[b].flags & TOK_UPPER)) {
			size_t n;
			const char *w = clmp_tok_str(t, b, &n);
			if (stem_is_stop(w, n))
				break;
			b++;
		}
		if (b > a) {
			*s0 = a;
			*s1 = b;
			return true;
		}
	}
	return false;
}
