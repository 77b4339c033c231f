/* fact_identity.c - identity statements ("the man in the video is not Paul Rudd", "one of
 * the onlookers ... was Paul Rudd") and their conflicts.
 *
 * fact.c's negation scope never lets a cue govern a name ("in Iraq, not Syria" is a
 * contrast, not a denial); an identity is the one place where it does: a copula, a
 * negation right after it and a full name that ends the clause. The affirming side is the
 * same copula and name without the negation, in a main clause or a relative clause on its
 * subject, with no cue, hedge or attitude before it in its segment. Two statements
 * conflict when they name the same person and their subjects share a content word (the
 * same role: "the man in the video" / "the defense of the man attacked"); two different
 * names, or two subjects with nothing in common, never do.
 * It reads one parsed statement (fact.c) at a time; relation.c pairs them.
 */
#include <string.h>

#include "overlap/fact.h"
#include "overlap/util.h"
#include "fact_int.h"

/* Words a copula may have before its name: "is definitely not", "was none other than". */
static const char *const ident_adverbs[] = {"definitely", "actually", "really", "certainly",
					    "clearly", "obviously", "indeed", "in", "fact", NULL};
/* Words before an affirmed identity that make it a belief, a guess or a report of one. */
static const char *const ident_hedges[] = {
	"think", "thinks", "thought", "believe", "believes", "believed", "believing", "suspect",
	"suspected", "guess", "appears", "appear", "seems", "seem", "maybe", "perhaps",
	"possibly", "probably", "allegedly", "reportedly", "supposedly", "looks", "like",
	"could", "might", "may", "would", "if", NULL};
/* Relative pronouns: a clause they open on the subject ends before the main copula. */
static const char *const relatives[] = {"who", "which", "whom", "whose", NULL};

static bool is_copula(const char *w)
{
	return strcmp(w, "is") == 0 || strcmp(w, "was") == 0 || strcmp(w, "isn") == 0 ||
	       strcmp(w, "wasn") == 0;
}

static bool is_name_word(const fct_stmt *s, size_t k)
{
	uint8_t f = s->w[k].flags;
	return (f & FCT_UPPER) && (f & FCT_CONTENT) && !(f & (FCT_NUM | FCT_CUE)) &&
	       !s->w[k].paren;
}

/* The name starting at word k: two or more capitalised words that end the statement or
 * their segment, with no "but", "rather" or "instead" in the next segment ("not Paul
 * Rudd, but his double"). *hi gets one past its last word. */
static bool name_at(const fct_stmt *s, size_t k, size_t *hi)
{
	size_t e = k;
	while (e < s->n && s->w[e].seg == s->w[k].seg && is_name_word(s, e))
		e++;
	if (e - k < 2 || (e < s->n && s->w[e].seg == s->w[k].seg))
		return false;
	for (size_t x = e; x < s->n && s->w[x].seg <= s->w[k].seg + 1; x++)
		if (strcmp(W(s, x), "but") == 0 || strcmp(W(s, x), "rather") == 0 ||
		    strcmp(W(s, x), "instead") == 0)
			return false;
	*hi = e;
	return true;
}

/* Whether the copula at word k heads a clause that states something: not in parentheses,
 * no clause opener ("rumours that", "whether") before it in the statement, no cue or
 * hedge before it in its segment, and no subordinator there except a relative pronoun
 * on a subject that comes before it ("one of the onlookers who rushed ... was"). */
static bool stated(const fct_stmt *s, size_t k, bool negated)
{
	if (s->w[k].paren || (negated && (s->w[k].flags & FCT_SUBORD)))
		return false;
	for (size_t x = 0; x < k; x++)
		if (s->w[x].lists & L_OPEN)
			return false;
	for (size_t x = k; x-- > 0 && s->w[x].seg == s->w[k].seg;) {
		const char *w = W(s, x);
		if ((s->w[x].flags & FCT_CUE) || util_str_in(w, ident_hedges))
			return false;
		if (!(s->w[x].lists & L_SUB))
			continue;
		/* a negation inside a relative clause is the clause's, never the subject's */
		if (negated || !util_str_in(w, relatives))
			return false;
		bool noun_before = false;
		for (size_t y = x; y-- > 0 && s->w[y].seg == s->w[k].seg && !noun_before;)
			noun_before = fctx_counts_as_context(s, y);
		if (!noun_before)
			return false;
	}
	return true;
}

bool fct_identity_read(const fct_stmt *s, fct_identity *out)
{
	memset(out, 0, sizeof *out);
	if (s->question)
		return false;
	for (size_t k = 0; k + 2 < s->n; k++) {
		if (!is_copula(W(s, k)))
			continue;
		size_t x = k + 1;
		bool neg = false;
		size_t cue = 0;
		for (; x < s->n && s->w[x].seg == s->w[k].seg; x++) {
			const char *w = W(s, x);
			if (util_str_in(w, ident_adverbs))
				continue;
			if (!neg && (strcmp(w, "not") == 0 || (strcmp(w, "t") == 0 && x == k + 1 &&
								  (s->w[x].flags & FCT_CUE)))) {
				neg = true;
				cue = x;
				continue;
			}
			/* "was none other than Paul Rudd" affirms */
			if (!neg && strcmp(w, "none") == 0 && x + 2 < s->n &&
			    strcmp(W(s, x + 1), "other") == 0 && strcmp(W(s, x + 2), "than") == 0) {
				x += 2;
				continue;
			}
			break;
		}
		size_t hi;
		if (x >= s->n || !is_name_word(s, x) || !name_at(s, x, &hi) || !stated(s, k, neg))
			continue;
		out->found = true;
		out->negated = neg;
		out->head = (uint32_t)k;
		out->name_lo = (uint32_t)x;
		out->name_hi = (uint32_t)hi;
		out->cue_start = neg ? s->w[cue].start : 0;
		out->cue_end = neg ? s->w[cue].end : 0;
		if (neg && strcmp(W(s, cue), "t") == 0)
			out->cue_start = s->w[k].start;
		return true;
	}
	return false;
}

/* Content words before the copula in a that b also has before its copula (the subject). */
static unsigned subject_shared(fct_ctx *c, const fct_stmt *a, const fct_identity *ia,
			       const fct_stmt *b, const fct_identity *ib)
{
	unsigned n = 0;
	for (size_t i = 0; i < ia->head; i++) {
		if (!fctx_counts_as_context(a, i) || (a->w[i].flags & FCT_UPPER))
			continue;
		for (size_t j = 0; j < ib->head; j++)
			if (fctx_counts_as_context(b, j) && !(b->w[j].flags & FCT_UPPER) &&
			    fctx_same_word(c, a, i, b, j)) {
				n++;
				break;
			}
	}
	return n;
}

bool fct_identity_conflict(fct_ctx *c, const fct_stmt *a, const fct_stmt *b,
			   fct_conflict *out)
{
	memset(out, 0, sizeof *out);
	fct_identity ia, ib;
	if (!fct_identity_read(a, &ia) || !fct_identity_read(b, &ib) ||
	    ia.negated == ib.negated || !fctx_same_name(a, &ia, b, &ib) ||
	    !subject_shared(c, a, &ia, b, &ib))
		return false;
	return fctx_named_conflict(a, &ia, b, &ib, out);
}
