/* fact_exist.c - a person introduced by name in a role ("spoke to another agent named
 * Kelly", "One Comcast representative, identified only as Kelly") and the denial that such
 * a person exists ("nor do we employ a Security Assurance team member named Kelly", "there
 * is no officer named Smith"), and their conflicts.
 *
 * The form read is an indefinite noun phrase (a, an, another, one, any, no, such) ending
 * in a role noun, then "named NAME" or "identified [only] as NAME": it brings a person
 * into the story, and a negation of an existence verb before it (employ, have, exist,
 * "there is") in its segment denies that person. A negation of any other verb ("did not
 * speak to an agent named Kelly") denies an act, not the person, and the statement is not
 * read. The two sides need the same name only: a role is worded freely ("agent" / "team
 * member"), and the name is what the denial is about; but a noun that names no role ("a
 * woman named X") is not read, as a denial of a role leaves such a person standing. "The
 * board named Jones chairman" (a definite subject, "named" a verb) is not the form.
 * It reads one parsed statement (fact.c) at a time; relation.c pairs them.
 */
#include <string.h>

#include "overlap/fact.h"
#include "overlap/util.h"
#include "fact_int.h"

/* Words from the determiner to "named": a role is a few words ("a Security Assurance team
 * member"); more is a clause, not a noun phrase. */
#define ROLE_MAX_WORDS 5

/* Words from the negation to the determiner: "nor do we employ a", "there is no". */
#define NEG_MAX_WORDS 5

/* The name: at most this many capitalised words ("Kelly", "Jeremy Smith"). */
#define NAME_MAX_WORDS 3

static const char *const indefinite[] = {"a", "an", "another", "one", "any", "no", "such",
					 NULL};
/* Verbs that state that someone exists or belongs somewhere, and the words that may
 * stand between a negation and them ("nor do we employ", "does not have any"). */
static const char *const exist_verbs[] = {
	"employ", "employs", "employed", "employing", "have", "has", "had", "exist", "exists",
	"existed", "there", "is", "are", "was", "were", "be", "been", NULL};
static const char *const exist_fillers[] = {"do", "does", "did", "we", "they", "it", "he",
					    "she", "i", "you", "currently", "ever", NULL};
static const char *const neg_words[] = {"no", "not", "nor", "never", "t", NULL};
/* Nouns that name no role: "a woman named Saja al-Dulaimi" says only that she exists,
 * which "there is no wife named Saja al-Dulaimi" (a role denied, dev-news 013) does not
 * deny. The role noun must say what the person is. */
static const char *const no_role[] = {"woman", "man", "person", "girl", "boy", "guy", "lady",
				      "individual", "people", "someone", "somebody", "women",
				      "men", "child", NULL};

static bool is_name_word(const fct_stmt *s, size_t k)
{
	uint8_t f = s->w[k].flags;
	return (f & FCT_UPPER) && (f & FCT_CONTENT) && !(f & (FCT_NUM | FCT_CUE)) &&
	       !s->w[k].paren;
}

/* The name after word k ("named" or "as"): 1..NAME_MAX_WORDS capitalised words in k's
 * segment; *hi gets one past its last word. */
static bool name_after(const fct_stmt *s, size_t k, size_t *hi)
{
	size_t e = k + 1;
	while (e < s->n && e <= k + NAME_MAX_WORDS && s->w[e].seg == s->w[k].seg &&
	       is_name_word(s, e))
		e++;
	if (e == k + 1 || (e < s->n && s->w[e].seg == s->w[k].seg && is_name_word(s, e)))
		return false;
	*hi = e;
	return true;
}

/* The determiner of the role noun phrase ending before word k: an indefinite at most
 * ROLE_MAX_WORDS back, the word right before k a lower-case content word (the role) and
 * nothing between them but content words. @return its index, or -1. */
static long role_det(const fct_stmt *s, size_t k)
{
	if (k == 0)
		return -1;
	size_t r = k - 1;
	if (!fctx_counts_as_context(s, r) || (s->w[r].flags & FCT_UPPER) ||
	    util_str_in(W(s, r), no_role))
		return -1;
	for (size_t x = r; x-- > 0 && k - x <= ROLE_MAX_WORDS + 1;) {
		if (util_str_in(W(s, x), indefinite))
			return (long)x;
		if (!(s->w[x].flags & FCT_CONTENT) || (s->w[x].flags & FCT_CUE))
			return -1;
	}
	return -1;
}

/* Whether the noun phrase from word d is denied to exist: d itself is "no", or a
 * negation stands before it in its segment, NEG_MAX_WORDS at most, with only an existence
 * verb and fillers between ("nor do we employ a"). *cue gets the negation's index.
 * @return 1 denied, 0 not negated, -1 negated otherwise (another verb: not read). */
static int existence_denied(const fct_stmt *s, size_t d, size_t *cue)
{
	if (strcmp(W(s, d), "no") == 0) {
		*cue = d;
		return 1;
	}
	bool verb = false, other = false;
	for (size_t x = d; x-- > 0 && s->w[x].seg == s->w[d].seg;) {
		const char *w = W(s, x);
		if (util_str_in(w, neg_words)) {
			*cue = x;
			return verb && !other && d - x <= NEG_MAX_WORDS + 1 ? 1 : -1;
		}
		if (s->w[x].flags & FCT_CUE)
			return -1;
		if (util_str_in(w, exist_verbs))
			verb = true;
		else if (!util_str_in(w, exist_fillers))
			other = true;
	}
	return 0;
}

bool fct_exist_read(const fct_stmt *s, fct_exist *out)
{
	memset(out, 0, sizeof *out);
	if (s->question)
		return false;
	for (size_t k = 1; k + 1 < s->n; k++) {
		const char *w = W(s, k);
		size_t at = k; /* the word the role noun phrase ends before */
		if (strcmp(w, "named") == 0) {
			at = k;
		} else if (strcmp(w, "as") == 0 && strcmp(W(s, k - 1), "identified") == 0) {
			at = k - 1;
		} else if (strcmp(w, "as") == 0 && k >= 2 && strcmp(W(s, k - 1), "only") == 0 &&
			   strcmp(W(s, k - 2), "identified") == 0) {
			at = k - 2;
		} else {
			continue;
		}
		size_t hi;
		if (!name_after(s, k, &hi))
			continue;
		/* "identified only as Kelly" may follow its noun after a comma */
		long d = role_det(s, at);
		if (d < 0)
			continue;
		size_t cue = 0;
		int neg = existence_denied(s, (size_t)d, &cue);
		if (neg < 0)
			continue;
		/* an introduction that is stated: no clause opener ("rumours that", "whether")
		 * before it, not in a relative or subordinate clause, not in parentheses */
		bool opened = false;
		for (size_t x = 0; x < k && !opened; x++)
			opened = (s->w[x].lists & L_OPEN) != 0;
		if (opened || (s->w[k].flags & FCT_SUBORD) || s->w[k].paren)
			continue;
		out->found = true;
		out->negated = neg == 1;
		out->head = (uint32_t)d;
		out->name_lo = (uint32_t)(k + 1);
		out->name_hi = (uint32_t)hi;
		out->cue_start = neg == 1 ? s->w[cue].start : 0;
		out->cue_end = neg == 1 ? s->w[cue].end : 0;
		return true;
	}
	return false;
}

bool fct_exist_conflict(fct_ctx *c, const fct_stmt *a, const fct_stmt *b, fct_conflict *out)
{
	(void)c;
	memset(out, 0, sizeof *out);
	fct_exist ea, eb;
	if (!fct_exist_read(a, &ea) || !fct_exist_read(b, &eb) || ea.negated == eb.negated ||
	    !fctx_same_name(a, &ea, b, &eb))
		return false;
	return fctx_named_conflict(a, &ea, b, &eb, out);
}
