/* fact_svo.c - what a statement says, read without a parser (fact.h fct_svo_read): its
 * subject, predicate (lemma) and object, and the lemma of a word and whether a span sits in
 * a subordinate clause. The predicate is the first verb WordNet knows after a subject,
 * after an auxiliary or inflected, reporting verbs excepted. It also tells whether two
 * predicates have one name and nothing else as their subject (fct_same_name_subject). It
 * does not compare statements otherwise (fact.c does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/fact.h"
#include "overlap/lexicon.h"
#include "overlap/util.h"
#include "fact_int.h"

/* Whether word i of s opens a relative or subordinate clause ("whose", "which", "when"):
 * a subject starting there is no subject of the sentence. */
static bool opens_clause(const fct_stmt *s, size_t i)
{
	static const char *const w[] = {"whose", "which", "who", "whom", "when", "while",
					"where", "as", "if", "because", "although", "after",
					"before", "since", "that", NULL};
	const char *x = s->str + s->w[i].norm;
	for (size_t k = 0; w[k]; k++)
		if (strcmp(x, w[k]) == 0)
			return true;
	return false;
}

/* Whether word i starts an adverbial (a preposition of time or place, "according"). */
static bool opens_adverbial(const fct_stmt *s, size_t i)
{
	static const char *const w[] = {"in", "on", "at", "after", "during", "according", "by",
					 "since", "last", "earlier", "for", "from", "over",
					 "within", "under", "following", NULL};
	const char *x = s->str + s->w[i].norm;
	for (size_t k = 0; w[k]; k++)
		if (strcmp(x, w[k]) == 0)
			return true;
	return false;
}

static bool is_det(const char *x)
{
	return !strcmp(x, "the") || !strcmp(x, "a") || !strcmp(x, "an") || !strcmp(x, "its") ||
	       !strcmp(x, "his") || !strcmp(x, "her") || !strcmp(x, "their");
}

/* Predicate candidate at word i: a content verb WordNet knows, after an auxiliary (or a
 * negation after one) in its segment, or an "-ed" form. */
static bool verb_at(fct_ctx *c, const fct_stmt *s, size_t i)
{
	const fct_word *w = &s->w[i];
	if (!(w->flags & FCT_CONTENT) ||
	    (w->flags & (FCT_UPPER | FCT_NUM | FCT_SPEECH | FCT_SUBORD | FCT_CUE)) ||
	    (w->lists & (L_AUX | L_STOP)) || w->paren)
		return false;
	static const char *const adverbs[] = {"still", "also", "already", "just", "now", "even",
					      "ever", "only", "yet", "really", "reportedly",
					      "allegedly", "quickly", "finally", "later", NULL};
	const char *nw = s->str + w->norm;
	size_t nn = strlen(nw);
	for (size_t a = 0; adverbs[a]; a++)
		if (strcmp(nw, adverbs[a]) == 0)
			return false;
	if (!lex_is_verb(c->lex, nw, nn))
		return false;
	size_t k = i;
	while (k > 0 && s->w[k - 1].seg == w->seg && (s->w[k - 1].lists & L_NEG))
		k--;
	bool after_aux = k > 0 && s->w[k - 1].seg == w->seg && (s->w[k - 1].lists & L_AUX);
	/* an "-ed" word before a name modifies it ("suspected Boko Haram gunmen") */
	bool ed = nn > 3 && nw[nn - 2] == 'e' && nw[nn - 1] == 'd' &&
		  !(i + 1 < s->n && (s->w[i + 1].flags & FCT_UPPER));
	return after_aux || ed;
}

bool fct_svo_read(fct_ctx *c, const fct_stmt *s, fct_svo *out)
{
	memset(out, 0, sizeof *out);
	for (size_t p = 1; p < s->n; p++) {
		if (!verb_at(c, s, p))
			continue;
		/* the subject ends before the predicate's auxiliaries and starts at its
		 * segment's start, after a reporting verb ("He said Nigerian soldiers would
		 * comply"); a segment with nothing before the auxiliaries takes the sentence's
		 * first segment ("Jonathan, a Christian from ..., has been criticized") */
		size_t e = p;
		while (e > 0 && s->w[e - 1].seg == s->w[p].seg && (s->w[e - 1].lists & (L_AUX | L_NEG)))
			e--;
		size_t b = e;
		while (b > 0 && s->w[b - 1].seg == s->w[p].seg)
			b--;
		if (b == e) {
			/* the first segment that is not an adverbial ("In late April 2024,
			 * Nikolai Patrushev, the longtime head ..., chaired") */
			size_t f = 0;
			while (f < p && opens_adverbial(s, f)) {
				uint16_t sg = s->w[f].seg;
				while (f < p && s->w[f].seg == sg)
					f++;
			}
			b = f < p ? f : 0;
			e = b;
			while (e < p && s->w[e].seg == s->w[b].seg)
				e++;
		}
		/* "In 2007 the company ...", "In recent years Kaspersky ...": the adverbial
		 * ends at a determiner or a name after its first words */
		if (opens_adverbial(s, b)) {
			size_t k = b + 1;
			while (k < e && !(s->w[k].flags & FCT_UPPER) &&
			       !is_det(s->str + s->w[k].norm))
				k++;
			if (k < e)
				b = k;
		}
		for (size_t k = b; k < e; k++)
			if (s->w[k].flags & FCT_SPEECH) {
				b = k + 1;
				if (b < e && strcmp(s->str + s->w[b].norm, "that") == 0)
					b++;
			}
		/* "but", "and", "so far" before the subject are the sentence's, not its */
		while (b < e && (!strcmp(s->str + s->w[b].norm, "but") ||
				 !strcmp(s->str + s->w[b].norm, "and") ||
				 !strcmp(s->str + s->w[b].norm, "so") ||
				 !strcmp(s->str + s->w[b].norm, "yet") ||
				 !strcmp(s->str + s->w[b].norm, "then")))
			b++;
		if (e <= b || opens_clause(s, b))
			continue;
		out->found = true;
		out->subj_start = s->w[b].start;
		out->subj_end = s->w[e - 1].end;
		out->pred_start = s->w[p].start;
		out->pred_end = s->w[p].end;
		snprintf(out->predicate, sizeof out->predicate, "%s",
			 s->w[p].lemma ? s->w[p].lemma : "");
		out->negated = (s->w[p].flags & FCT_NEGATED) != 0;
		size_t last = p;
		for (size_t o = p + 1, k = 0; o < s->n && s->w[o].seg == s->w[p].seg &&
					      k < FCT_OBJECT_MAX; o++, k++)
			last = o;
		if (last > p) {
			out->obj_start = s->w[p + 1].start;
			out->obj_end = s->w[last].end;
		}
		return true;
	}
	return false;
}

const char *fct_lemma(fct_ctx *c, const fct_stmt *s, size_t i)
{
	(void)c;
	return s->w[i].lemma;
}

bool fct_span_subordinate(const fct_stmt *s, uint32_t s0, uint32_t e0)
{
	size_t lo, hi;
	return fctx_span_words(s, s0, e0, &lo, &hi) && (s->w[lo].flags & FCT_SUBORD);
}

/* The subject of the predicate at word p when it is a name and nothing else: the words
 * from p's segment start (past "but", "and") to p, less auxiliaries, negations and a few
 * adverbs, are 1..SUBJ_NAME_MAX words each capitalised in text. [*lo, *hi) gets them. */
#define SUBJ_NAME_MAX 3
static bool name_subject_of(const fct_stmt *s, size_t p, const uint8_t *text, size_t *lo,
			    size_t *hi)
{
	static const char *const adverbs[] = {"already", "still", "also", "now", "currently",
					      "even", "really", "actually", "just", NULL};
	size_t e = p;
	while (e > 0 && s->w[e - 1].seg == s->w[p].seg &&
	       ((s->w[e - 1].lists & (L_AUX | L_NEG)) || util_str_in(s->str + s->w[e - 1].norm,
								       adverbs)))
		e--;
	size_t b = e;
	while (b > 0 && s->w[b - 1].seg == s->w[p].seg && e - b < SUBJ_NAME_MAX + 1)
		b--;
	while (b < e && (!strcmp(s->str + s->w[b].norm, "but") ||
			 !strcmp(s->str + s->w[b].norm, "and")))
		b++;
	if (b == e || e - b > SUBJ_NAME_MAX || (b > 0 && s->w[b - 1].seg == s->w[p].seg))
		return false;
	for (size_t k = b; k < e; k++) {
		uint8_t ch = text[s->w[k].start];
		if (ch < 'A' || ch > 'Z' || (s->w[k].flags & (FCT_NUM | FCT_CUE)) ||
		    !(s->w[k].flags & FCT_CONTENT) || s->w[k].paren)
			return false;
	}
	*lo = b;
	*hi = e;
	return true;
}

bool fct_same_name_subject(const fct_stmt *a, uint32_t pa, const uint8_t *ta,
			   const fct_stmt *b, uint32_t pb, const uint8_t *tb)
{
	size_t ia, ib, ja, jb, alo, ahi, blo, bhi;
	if (!fctx_span_words(a, pa, pa + 1, &ia, &ja) || !fctx_span_words(b, pb, pb + 1, &ib, &jb))
		return false;
	(void)ja;
	(void)jb;
	if (!name_subject_of(a, ia, ta, &alo, &ahi) || !name_subject_of(b, ib, tb, &blo, &bhi) ||
	    ahi - alo != bhi - blo)
		return false;
	for (size_t k = 0; k < ahi - alo; k++)
		if (strcmp(S(a, alo + k), S(b, blo + k)) != 0)
			return false;
	return true;
}
