/* fact.c - same-fact anchoring: negation scope, predicates and the context around them.
 *
 * Input: one statement's bytes at a time (a mention's sentence); output: its words with
 * stems, segments and the scope of each negation cue, then answers on pairs (fact.h).
 * The scope rules follow what made the old sentence-level polarity wrong on real news
 * (dev-news, 270 of 343 reported contradictions were polarity, nearly all false): a cue
 * governs the first content word after it (past auxiliaries and adverbs), never across a
 * segment boundary, and not at all inside a relative or subordinate clause, in idioms
 * that deny nothing, in "not X but Y", over a reporting formula ("did not comment"), an
 * ability ("can't take") or a compound ("a no food policy", "about nothing"). Nothing
 * affirms under "would" or "should", in a name (the "X is dead" hoax, a web address, "the
 * story that"), or as a noun against a negated verb; a negation "since" a time, or with
 * another name as its patient, meets no affirmation. It does not extract, cluster or
 * judge claims (claim*.c, relation.c do).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "overlap/err.h"
#include "overlap/fact.h"
#include "overlap/lexicon.h"
#include "overlap/mem.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"
#include "overlap/util.h"
#include "fact_int.h"

/* ---- tuning ---- */

/* Content words on each side of a predicate that make its context (subject, object,
 * place): six covers "Foley's family has not confirmed the video's authenticity". */
#define CTX_WINDOW 6

/* Shared context words for a polarity conflict: two make the same subject and object
 * likely; a statement with fewer context words needs all it has (and one at least). */
#define CTX_SHARED_MIN 2

/* A cue counts as near a word up to this many words before it (same segment). */
#define NEAR_CUE 3

/* ---- word lists ---- */

static const char *const neg_cues[] = {"not", "never", "cannot", "no", "none", "nothing",
				       "nobody", "neither", "nor", "non", NULL};
/* Words that take something away without a predicate to scope over ("lost control",
 * "has dropped from the project", "still trying to trace"): a statement with one is no
 * plain affirmation of what they touch, so it never stands as the affirming side. */
static const char *const privative[] = {"lost", "lose", "loses", "losing", "dropped",
					"withdrew", "withdrawn", "quit", "resigned", "trying",
					"attempting", "seeking", "abandoned", NULL};
/* "<cue> to <predicate>": a refusal or failure is a negation of the predicate */
static const char *const to_cues[] = {"yet", "declined", "refused", "failed", "unable", "fail",
				      "fails", "failing", "refuse", "refuses", "refusing",
				      "decline", "declines", "declining", NULL};
/* "<cue> <predicate>": stopping an action negates it ("is poised to stop making such
 * arrests" vs "rather than making arrests") */
static const char *const stop_cues[] = {"stop", "stops", "stopped", "stopping", "halt",
					"halted", "cease", "ceased", NULL};
static const char *const deny_cues[] = {"deny", "denies", "denied", "denying", "dismissed",
					"negated",
					"rejected", "refuted", "disputed", NULL};
/* words between a cue and its predicate */
static const char *const skip_after_cue[] = {
	"be", "is", "was", "were", "are", "been", "being", "am", "have", "has", "had",
	"do", "does", "did", "will", "would", "could", "should", "can", "may", "might",
	"must", "yet", "immediately", "previously", "also", "ever", "even", "actually",
	"really", "currently", "officially", "publicly", "always", "a", "an", "the", "any",
	"to", "get", "got", "one", "longer", "so", "directly", "independently", "formally",
	"initially", "originally", "still", "there", "it", "its", "this", "that", "these",
	"those", "he", "she", "they", "we", "i", "you", "him", "her", "them", "his", "their",
	"reports", "report", "claims", "claim", "allegations", "rumours", "rumors", "being",
	NULL};
/* a cue followed by one of these denies nothing ("not only", "no doubt", "not far") */
static const char *const idiom_next[] = {
	"only", "just", "least", "once", "all", "far", "long", "until", "quite",
	"necessarily", "merely", "simply", "much", "more", "less", "doubt", "matter",
	"surprisingly", "exactly", "unlike", "unusual", "uncommon", "mention", "other",
	"but", "than", "few", "many", "sooner", "wonder", "stranger", "exception",
	/* "had not previously executed Americans publicly": until then, not a denial of now */
	"previously", "before", "until", NULL};
/* a cue after one of these is an alternative or a contrast, not a denial */
static const char *const idiom_prev[] = {"or", "if", "whether", "and", "but", "than",
					 "not", "to", NULL}; /* "his decision to not provide" */
/* a cue after one of these in its segment sits in a relative or subordinate clause */
static const char *const subordinators[] = {
	"who", "which", "whom", "whose", "where", "although", "though", "while", "unless",
	"because", "whereas", "before", "after", "once", NULL};
/* ... and these open a clause that runs to the end of the statement, past commas:
 * "raises fears that the girls will not be released", "unclear whether officials would
 * have the means, training or education to test" assert nothing */
static const char *const open_clause[] = {
	"whether", "if", "unless", "lest", "until", "fear", "fears", "feared", "hope", "hopes",
	"hoped", "doubt", "doubts", "concern", "concerns", "worry", "worries", "worried",
	"speculation", "possibility", "chance", "question", "questions", "unclear", "uncertain",
	/* a hoax or rumour retold: "the last hoax claiming that Culkin is dead" */
	"claiming", "hoax", "hoaxes", "rumour", "rumours", "rumor", "rumors", "fake",
	"suggestion", "suggestions", "allegation", "allegations", "accusation", "accusations",
	/* obligations: "women are required by law to wear a head scarf", "actors supposed
	 * to play Steve Jobs" state a rule or a plan, not what happened */
	"required", "supposed", "obliged", NULL};
/* predicates of reporting formulas: "did not comment", "could not be reached" */
static const char *const formula_preds[] = {
	"comment", "comments", "commented", "commenting", "elaborate", "elaborated",
	"respond", "responded", "reply", "replied", "return", "returned", "reached",
	"reach", "immediately", "disclose", "disclosed", "specify", "specified", "say",
	"said", "know", "known", "clear", "identify", "identified", "name", "named",
	NULL};
/* predicates that "could not" or "cannot" makes a lack of knowledge, not a denial: "the
 * Pentagon could not confirm his death" at the time is updated, not contradicted, by a
 * later confirmation (two false reports on dev-news) */
static const char *const epistemic[] = {"confirm", "verify", "determine", "establish",
					"independently", NULL};
/* articles and possessives: the word after one is a noun */
static const char *const determiners[] = {"the", "a", "an", "its", "his", "her", "their",
					  "our", "my", "your", "this", "these", "those", "any",
					  NULL};
/* modals that put the predicate after them in a hypothetical or a past prediction */
static const char *const hypothetical[] = {"would", "should", "could", "might", NULL};
static const char *const speech[] = {"said", "says", "say", "saying", "told", "tells",
				     "tell", "according", "added", "stated", "reported",
				     "reports", "wrote", "quoted", "noted", NULL};
/* "un-" words that are no negation of a word without the prefix */
static const char *const un_words[] = {
	"under", "until", "united", "union", "universal", "university", "unique", "unit",
	"unless", "uncle", "understand", "understood", "undergo", "undertake", "uniform",
	"universe", "unveil", "unveiled", "unleash", "unleashed", "unfold", "unfolded",
	"unravel", "unrest", "undermine", "undercover", "underway", "underground", NULL};



static const char *const aux[] = {"did", "does", "do", "has", "have", "had", "was", "were",
				  "is", "are", "will", "would", "could", "can", "should", "may",
				  "might", "must", "be", "been", "didn", "doesn", "don", "hasn",
				  "haven", "hadn", "wasn", "weren", "isn", "aren", "won", "wouldn",
				  "couldn", "shouldn", "t", NULL};

/* Words that go with figures, not with facts: "aged 13 to 15" beside two different
 * counts of girls is no shared context. */
static const char *const figure_words[] = {"age", "aged", "ages", "percent", "per", "cent",
					   "approximately", "roughly", "nearly", "almost",
					   "least", "around", "about", "some", NULL};

/* Verbs whose WordNet antonyms name a direction or a transfer, not a fact's truth
 * ("come"/"leave", "give"/"take"): two statements use them about two movements. */
static const char *const light_verbs[] = {
	"come", "came", "comes", "coming", "go", "went", "goes", "going", "gone", "give",
	"gave", "given", "gives", "take", "took", "taken", "takes", "taking", "get", "got",
	"make", "made", "bring", "brought", "leave", "left", "leaves", "put", "set", "keep",
	"kept", "stay", "stayed", "start", "started", "stop", "stopped", "begin", "began",
	"end", "ended", "finish", "finished", "push", "pull", "send", "sent", "receive",
	"received", "buy", "bought", "sell", "sold", "ask", "asked", "answer", "answered",
	"enter", "entered", "exit", "arrive", "arrived", "depart", "departed", "open",
	"opened", "close", "closed", "hold", "held", "remember", "forget", "find", "found",
	"lose", "lost", "show", "showed", "hide", "appear", "appeared", "disappear", NULL};

/* ---- context ---- */


static size_t list_slot(const fct_ctx *c, const char *w, size_t n)
{
	size_t h = (size_t)hash_bytes(w, n, 0) & (LIST_SLOTS - 1);
	while (c->lw[h] && (strlen(c->lw[h]) != n || memcmp(c->lw[h], w, n) != 0))
		h = (h + 1) & (LIST_SLOTS - 1);
	return h;
}

/* List bits of the word w[0..n). */
static uint32_t list_bits(const fct_ctx *c, const char *w, size_t n)
{
	size_t h = list_slot(c, w, n);
	return c->lw[h] ? c->lm[h] : 0;
}

fct_ctx *fct_new(void)
{
	fct_ctx *c = xcalloc(1, sizeof *c);
	c->stem = stem_new();
	c->lex = lex_new();
	const struct {
		const char *const *list;
		uint32_t bit;
	} lists[] = {
		{neg_cues, L_NEG}, {privative, L_PRIV}, {to_cues, L_TO}, {stop_cues, L_STOP},
		{deny_cues, L_DENY}, {skip_after_cue, L_SKIP}, {idiom_next, L_INEXT},
		{idiom_prev, L_IPREV}, {subordinators, L_SUB}, {open_clause, L_OPEN},
		{formula_preds, L_FORM}, {speech, L_SPEECH}, {un_words, L_UN}, {aux, L_AUX},
		{light_verbs, L_LIGHT}, {figure_words, L_FIG},
	};
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (size_t i = 0; lists[l].list[i]; i++) {
			const char *w = lists[l].list[i];
			size_t h = list_slot(c, w, strlen(w));
			c->lw[h] = w;
			c->lm[h] |= lists[l].bit;
		}
	return c;
}

void fct_free(fct_ctx *c)
{
	if (!c)
		return;
	stem_free(c->stem);
	lex_free(c->lex);
	tok_list_free(&c->toks);
	free(c);
}

void fct_stmt_free(fct_stmt *s)
{
	if (!s)
		return;
	free(s->w);
	free(s->str);
	memset(s, 0, sizeof *s);
}

/* ---- parsing ---- */



/* Mark the words that sit in a relative, subordinate or attitude clause (FCT_SUBORD): a
 * subordinator ("who", "which", "although") before them in their segment, an opener of a
 * clause that runs to the end ("if", "whether", "fears", "the hoax claiming") anywhere
 * before them, or a relative "that" right before their auxiliaries ("dozens more that did
 * not get caught"). One pass, linear in the words. */
static void mark_subordinate(fct_stmt *s)
{
	bool open = false, sub = false;
	for (size_t i = 0; i < s->n; i++) {
		if (i > 0 && s->w[i].seg != s->w[i - 1].seg)
			sub = false;
		bool rel = false;
		size_t k = i;
		while (k > 0 && s->w[k - 1].seg == s->w[i].seg && (s->w[k - 1].lists & L_AUX))
			k--;
		rel = k != i && k > 0 && s->w[k - 1].seg == s->w[i].seg &&
		      strcmp(W(s, k - 1), "that") == 0;
		if (open || sub || rel)
			s->w[i].flags |= FCT_SUBORD;
		if (s->w[i].lists & L_SUB)
			sub = true;
		if (s->w[i].lists & L_OPEN)
			open = true;
		/* "spread the story that Saudi TV had blurred her": a story's content is told,
		 * not asserted (a story that is told of is another matter: "the story was") */
		if ((strcmp(W(s, i), "story") == 0 || strcmp(W(s, i), "stories") == 0) &&
		    i + 1 < s->n && s->w[i + 1].seg == s->w[i].seg && strcmp(W(s, i + 1), "that") == 0)
			open = true;
	}
}

/* Whether text[at] starts a double quote (", “ or ”); its length into *n. */
static bool quote_at(const uint8_t *t, size_t at, size_t end, size_t *n)
{
	char kind;
	*n = util_dquote(t, at, end, &kind);
	return *n > 0;
}

/* Mark as FCT_SUBORD the words that only name something: a quoted clause used as the
 * modifier of a rumour noun (the "Macaulay Culkin is dead" hoax: no statement that he is),
 * and a chain of four or more hyphen-joined words (a web address's
 * "bird-defecates-on-putin-during-speech", a title), which state nothing. */
static void mark_names(fct_stmt *s, const uint8_t *text, size_t end)
{
	size_t open = SIZE_MAX, qn;
	for (size_t i = 0; i < s->n; i++) {
		size_t w0 = s->w[i].start;
		if (w0 > 0 && (quote_at(text, w0 - 1, end, &qn) ||
			       (w0 >= 3 && quote_at(text, w0 - 3, end, &qn) && qn == 3)))
			open = i;
		if (open == SIZE_MAX || !quote_at(text, s->w[i].end, end, &qn))
			continue;
		/* the closing quote, then the noun: `the "X" hoax`, `"X" rumors` */
		size_t g = s->w[i].end + qn;
		while (g < end && text[g] == ' ')
			g++;
		if (i + 1 < s->n && s->w[i + 1].start == g && (s->w[i + 1].lists & L_OPEN))
			for (size_t k = open; k <= i; k++)
				s->w[k].flags |= FCT_SUBORD;
		open = SIZE_MAX;
	}
	for (size_t i = 0, j; i < s->n; i = j) {
		for (j = i + 1; j < s->n && s->w[j].joined; j++)
			;
		if (j - i >= 4)
			for (size_t k = i; k < j; k++)
				s->w[k].flags |= FCT_SUBORD;
	}
}

static uint32_t put_str(fct_stmt *s, const char *p, size_t n)
{
	XGROW(s->str, s->strcap, s->nstr + n + 1);
	uint32_t off = (uint32_t)s->nstr;
	memcpy(s->str + s->nstr, p, n);
	s->str[s->nstr + n] = '\0';
	s->nstr += n + 1;
	return off;
}


/* Whether the bytes between two words break a segment: , ; : ( ) [ ], a dash (en, em,
 * "--" or a spaced hyphen) or a sentence end inside the statement. */
static bool gap_breaks(const uint8_t *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		uint8_t ch = t[i];
		if (ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == '[' ||
		    ch == ']' || ch == '.' || ch == '!' || ch == '?')
			return true;
		if (ch == '-' && ((i + 1 < b && t[i + 1] == '-') || (i > a && t[i - 1] == ' ')))
			return true;
		if (ch == 0xE2 && i + 2 < b && t[i + 1] == 0x80 &&
		    (t[i + 2] == 0x93 || t[i + 2] == 0x94))
			return true;
	}
	return false;
}

/* Whether word i is the "t" of "n't" ("didn't" -> "didn" "t"). */
static bool is_nt(const fct_stmt *s, const uint8_t *text, size_t i)
{
	if (i == 0 || strcmp(W(s, i), "t") != 0)
		return false;
	const char *p = W(s, i - 1);
	size_t pn = strlen(p);
	if (pn < 2 || p[pn - 1] != 'n')
		return false;
	uint32_t g0 = s->w[i - 1].end, g1 = s->w[i].start;
	return (g1 - g0 == 1 && text[g0] == '\'') ||
	       (g1 - g0 == 3 && text[g0] == 0xE2 && text[g0 + 1] == 0x80 && text[g0 + 2] == 0x99);
}

/* Scope of the cue at word i: the index of the word it negates, or -1 when the cue denies
 * nothing here (see the file header). from is where the predicate search starts. */

static int32_t cue_scope(const fct_stmt *s, size_t i, size_t from, bool deny)
{
	if ((s->w[i].flags & FCT_SUBORD) || s->w[i].paren)
		return -1;
	if (i > 0 && s->w[i - 1].seg == s->w[i].seg && (s->w[i - 1].lists & L_IPREV))
		return -1;
	/* ", not X" opening its segment negates a phrase, not the predicate: "the airstrike
	 * killed an aide, not al-Baghdadi" says the strike killed someone (two false reports
	 * on dev-news) */
	if (i > 0 && s->w[i - 1].seg != s->w[i].seg && strcmp(W(s, i), "not") == 0)
		return -1;
	if (from < s->n && s->w[from].seg == s->w[i].seg && (s->w[from].lists & L_INEXT))
		return -1;
	/* "not X but Y", "not X, but Y", "not X, rather Y" */
	for (size_t k = from; k < s->n && k < from + 10 && s->w[k].seg <= s->w[i].seg + 1; k++)
		if (strcmp(W(s, k), "but") == 0 || strcmp(W(s, k), "rather") == 0 ||
		    strcmp(W(s, k), "instead") == 0)
			return -1;
	bool could = i > 0 && (strcmp(W(s, i - 1), "could") == 0 || strcmp(W(s, i - 1), "can") == 0 ||
			       strcmp(W(s, i - 1), "couldn") == 0 || strcmp(W(s, i - 1), "ca") == 0 ||
			       strcmp(W(s, i), "cannot") == 0);
	/* "nothing", "nobody", "none" after a preposition is its object ("a show about
	 * nothing seemed to run faster"), no negation of the verb that follows */
	static const char *const preps[] = {"about", "of", "for", "with", "from", "on", "in",
					    "at", "by", "into", "over", NULL};
	if (i > 0 && s->w[i - 1].seg == s->w[i].seg && util_str_in(W(s, i - 1), preps) &&
	    (strcmp(W(s, i), "nothing") == 0 || strcmp(W(s, i), "nobody") == 0 ||
	     strcmp(W(s, i), "none") == 0))
		return -1;
	/* "no" right after an article, or an article and one word, opens a compound
	 * modifier ("a strict no food or drinks policy", "a no-fly zone"): it names a rule,
	 * it negates no predicate */
	if (strcmp(W(s, i), "no") == 0)
		for (size_t k = i, back = 0; k-- > 0 && back < 2 && s->w[k].seg == s->w[i].seg; back++)
			if (strcmp(W(s, k), "a") == 0 || strcmp(W(s, k), "an") == 0 ||
			    strcmp(W(s, k), "the") == 0)
				return -1;
	/* "can't" or "cannot" before a plain verb denies an ability or a permission ("people
	 * can't take the law into their own hands"), not an event; "cannot be", "cannot have"
	 * still read on */
	bool can = i > 0 && (strcmp(W(s, i - 1), "can") == 0 || strcmp(W(s, i - 1), "ca") == 0);
	can |= strcmp(W(s, i), "cannot") == 0;
	if (can && from < s->n && s->w[from].seg == s->w[i].seg &&
	    strcmp(W(s, from), "be") != 0 && strcmp(W(s, from), "have") != 0)
		return -1;
	for (size_t k = from; k < s->n && s->w[k].seg == s->w[i].seg; k++) {
		if (could && util_str_in(W(s, k), epistemic))
			return -1;
		if (s->w[k].lists & L_SKIP)
			continue;
		if (deny && (s->w[k].flags & FCT_UPPER))
			continue;
		if (!(s->w[k].flags & FCT_CONTENT) || (s->w[k].flags & FCT_NUM))
			return -1;
		if ((s->w[k].lists & L_FORM) || (s->w[k].flags & FCT_SPEECH))
			return -1;
		if (s->w[k].flags & FCT_UPPER)
			return -1; /* "in Iraq, not Syria": a contrast of names, not a denial */
		return (int32_t)k;
	}
	return -1;
}

/* The words of text[start, end) into out: spans, segments, brackets, normalised form,
 * stem, flags, list bits and WordNet lemma. */
static void read_words(fct_ctx *c, const uint8_t *text, uint32_t start, fct_stmt *out)
{
	const tok_list *t = &c->toks;
	uint16_t seg = 0;
	unsigned depth = 0;
	for (size_t i = 0; i < t->n; i++) {
		const tok *k = &t->v[i];
		if (i > 0 && gap_breaks(text, start + t->v[i - 1].end, start + k->start) &&
		    seg < UINT16_MAX)
			seg++;
		for (size_t g = i > 0 ? start + t->v[i - 1].end : start; g < start + k->start; g++) {
			if (text[g] == '(')
				depth++;
			else if (text[g] == ')' && depth > 0)
				depth--;
		}
		XGROW(out->w, out->cap, out->n + 1);
		fct_word *w = &out->w[out->n++];
		memset(w, 0, sizeof *w);
		w->start = start + k->start;
		w->end = start + k->end;
		w->seg = seg;
		w->pred = -1;
		w->paren = depth > 0;
		w->joined = i > 0 && k->start == t->v[i - 1].end + 1 &&
			    text[start + k->start - 1] == '-';
		const char *nw = t->norm + k->norm_off;
		size_t nn = k->norm_len;
		w->norm = put_str(out, nw, nn);
		size_t sn;
		const char *st = stem_word(c->stem, nw, nn, &sn);
		w->stem = put_str(out, st, sn);
		if (k->flags & TOK_DIGIT)
			w->flags |= FCT_NUM;
		if (nn >= 2 && !stem_is_stop(nw, nn))
			w->flags |= FCT_CONTENT;
		if ((k->flags & TOK_UPPER) && i > 0 && !(k->flags & TOK_ALLCAPS && nn > 4))
			w->flags |= FCT_UPPER;
		w->lists = list_bits(c, nw, nn);
		/* content words only: WordNet knows no function words worth a lookup */
		w->lemma = (w->flags & FCT_CONTENT) && !(w->flags & FCT_NUM)
				   ? lex_lemma(c->lex, nw, nn) : NULL;
		if (w->lists & L_SPEECH)
			w->flags |= FCT_SPEECH;
	}
}

/* Whether word i of out is a cue; its scope into *p (-1: it negates nothing). */
static bool cue_at(const fct_stmt *out, const uint8_t *text, size_t i, int32_t *p)
{
	const char *w = W(out, i);
	uint32_t lb = out->w[i].lists;
	*p = -1;
	if ((lb & L_NEG) || is_nt(out, text, i)) {
		*p = cue_scope(out, i, i + 1, false);
		return true;
	}
	if ((lb & L_TO) && i + 1 < out->n && strcmp(W(out, i + 1), "to") == 0 &&
	    out->w[i + 1].seg == out->w[i].seg) {
		/* "yet to confirm" denies the confirmation; "refused to", "declined to",
		 * "unable to" are a party's refusal or failure, no statement of the fact:
		 * they keep their statement from counting as an affirmation, no more */
		if (strcmp(w, "yet") == 0)
			*p = cue_scope(out, i, i + 2, false);
		return true;
	}
	if ((strcmp(w, "instead") == 0 || strcmp(w, "rather") == 0) && i + 1 < out->n &&
	    (strcmp(W(out, i + 1), "of") == 0 || strcmp(W(out, i + 1), "than") == 0))
		return true; /* "a summons instead of being handcuffed": no affirmation of it */
	if (lb & L_STOP)
		return true; /* "will stop arresting people": a change, no denial of the past */
	if (strcmp(w, "opposed") == 0 && i > 0 && strcmp(W(out, i - 1), "as") == 0 &&
	    i + 1 < out->n && strcmp(W(out, i + 1), "to") == 0)
		return true; /* "a Liquor Mart ... as opposed to a nearer supermarket" */
	if (strcmp(w, "without") == 0)
		return true; /* "would die without urgent treatment": a condition */
	if (lb & L_DENY) {
		*p = cue_scope(out, i, i + 1, true);
		return true;
	}
	return false;
}

int fct_stmt_parse(fct_ctx *c, const uint8_t *text, size_t nbytes, uint32_t start,
		   uint32_t end, fct_stmt *out)
{
	out->n = 0;
	out->nstr = 0;
	out->question = out->has_deny = out->has_neg = false;
	if (!text || start >= end || end > nbytes)
		return 0;
	if (tok_run(text + start, end - start, &c->toks) < 0)
		return OVL_ETOOBIG;
	read_words(c, text, start, out);
	for (size_t e = end; e > start; e--) {
		uint8_t ch = text[e - 1];
		if (ch == ' ' || ch == '"' || ch == '\'' || ch == '\n' || ch == ')' || ch >= 0x80)
			continue;
		out->question = ch == '?';
		break;
	}
	for (size_t i = 0; i < out->n; i++) /* out->str no longer moves */
		if (!out->w[i].lemma)
			out->w[i].lemma = out->str + out->w[i].norm;
	mark_subordinate(out);
	mark_names(out, text, end);
	/* cues and their scope */
	for (size_t i = 0; i < out->n; i++) {
		int32_t p;
		if (!cue_at(out, text, i, &p))
			continue;
		uint32_t lb = out->w[i].lists;
		out->w[i].flags |= FCT_CUE;
		out->w[i].flags &= (uint8_t)~FCT_CONTENT;
		out->w[i].pred = p;
		if (p >= 0)
			out->w[p].flags |= FCT_NEGATED;
		if (lb & L_DENY) /* "denied claims that it has agreed to a truce" */
			for (size_t k = i + 1; k < out->n; k++)
				out->w[k].flags |= FCT_NEGATED;
		for (size_t k = i + 1; k < out->n && k <= i + NEAR_CUE && out->w[k].seg == out->w[i].seg;
		     k++)
			out->w[k].flags |= FCT_NEARCUE;
	}
	for (size_t i = 0; i < out->n; i++) {
		if (out->w[i].flags & FCT_CUE) {
			if (out->w[i].lists & L_DENY)
				out->has_deny = true;
			else
				out->has_neg = true; /* scoped or not: "does not have Ebola" */
		}
		if (out->w[i].lists & L_PRIV)
			out->has_neg = true;
	}
	return 0;
}

/* ---- comparing ---- */

/* Same lemma: the test for a predicate, where synonyms are too loose (WordNet has "see"
 * for "hear" and "affect" for "impact"). */
static bool same_lemma(fct_ctx *c, const fct_stmt *a, size_t i, const fct_stmt *b, size_t j)
{
	if (strcmp(S(a, i), S(b, j)) == 0)
		return true;
	(void)c;
	return a->w[i].lemma == b->w[j].lemma || strcmp(a->w[i].lemma, b->w[j].lemma) == 0;
}

/* Whether s has a word with the lemma of t's word k. */
static bool has_lemma(fct_ctx *c, const fct_stmt *s, const fct_stmt *t, size_t k)
{
	for (size_t j = 0; j < s->n; j++)
		if ((s->w[j].flags & FCT_CONTENT) && same_lemma(c, t, k, s, j))
			return true;
	return false;
}

/* Same stem or WordNet synonyms: the test for context words. */
bool fctx_same_word(fct_ctx *c, const fct_stmt *a, size_t i, const fct_stmt *b, size_t j)
{
	if (strcmp(S(a, i), S(b, j)) == 0)
		return true;
	const char *x = W(a, i), *y = W(b, j);
	return lex_synonyms(c->lex, x, strlen(x), y, strlen(y));
}


void fctx_words_text(const fct_stmt *s, size_t lo, size_t hi, char *out, size_t cap)
{
	size_t o = 0;
	if (cap)
		out[0] = '\0';
	for (size_t i = lo; i < hi && o + 1 < cap; i++) {
		int k = snprintf(out + o, cap - o, "%s%s", o ? " " : "", W(s, i));
		if (k < 0 || (size_t)k >= cap - o) {
			out[o] = '\0'; /* cut at a whole word */
			break;
		}
		o += (size_t)k;
	}
}

bool fctx_same_name(const fct_stmt *a, const fct_named *na, const fct_stmt *b,
		    const fct_named *nb)
{
	if (na->name_hi - na->name_lo != nb->name_hi - nb->name_lo)
		return false;
	for (uint32_t i = 0; i < na->name_hi - na->name_lo; i++)
		if (strcmp(S(a, na->name_lo + i), S(b, nb->name_lo + i)) != 0)
			return false;
	return true;
}

bool fctx_named_conflict(const fct_stmt *a, const fct_named *na, const fct_stmt *b,
			 const fct_named *nb, fct_conflict *out)
{
	out->kind = FCT_NEGATION;
	out->cue_in_a = na->negated;
	out->cue_start = na->negated ? na->cue_start : nb->cue_start;
	out->cue_end = na->negated ? na->cue_end : nb->cue_end;
	out->pa_start = a->w[na->head].start;
	out->pa_end = a->w[na->name_hi - 1].end;
	out->pb_start = b->w[nb->head].start;
	out->pb_end = b->w[nb->name_hi - 1].end;
	out->shared = 1;
	fctx_words_text(a, na->name_lo, na->name_hi, out->what, sizeof out->what);
	return true;
}

bool fctx_counts_as_context(const fct_stmt *s, size_t k)
{
	uint8_t f = s->w[k].flags;
	return (f & FCT_CONTENT) && !(f & (FCT_NUM | FCT_CUE | FCT_SPEECH)) &&
	       !(s->w[k].lists & L_FIG);
}

/* Indices of the context words of s around word range [lo, hi) (up to window each way),
 * into v (cap 2 * window). With seg_only the words stay in the span's segment, except
 * that a side with no context word there ("On April 14, 276 girls were ...") reads on
 * into the next segment that way. @return their number. */
static size_t context_of(const fct_stmt *s, size_t lo, size_t hi, unsigned window,
			 bool seg_only, const char *skip, size_t *v)
{
	size_t n = 0;
	unsigned seen = 0;
	int segs_left = 2;
	uint16_t sg = s->w[lo].seg;
	/* backwards never leaves the segment: what precedes a comma before a figure is most
	 * often an attribution ("According to the Committee to Protect Journalists, ...") */
	for (size_t k = lo; k-- > 0 && seen < window;) {
		if (seg_only && s->w[k].seg != sg)
			break;
		if (!fctx_counts_as_context(s, k) || (skip && strcmp(S(s, k), skip) == 0))
			continue;
		v[n++] = k;
		seen++;
	}
	seen = 0;
	segs_left = 2;
	sg = s->w[hi - 1].seg;
	for (size_t k = hi; k < s->n && seen < window; k++) {
		if (seg_only && s->w[k].seg != sg) {
			if (seen || --segs_left == 0)
				break;
			sg = s->w[k].seg;
		}
		if (!fctx_counts_as_context(s, k) || (skip && strcmp(S(s, k), skip) == 0))
			continue;
		v[n++] = k;
		seen++;
	}
	return n;
}

static unsigned shared_count(fct_ctx *c, const fct_stmt *a, const size_t *va, size_t na,
			     const fct_stmt *b, const size_t *vb, size_t nb)
{
	unsigned shared = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (fctx_same_word(c, a, va[i], b, vb[j])) {
				shared++;
				break;
			}
	return shared;
}

/* The verb of the "to"-complement of word i ("asking customers to stop using Tor" ->
 * "stop"), within its segment and four words, or -1 when it has none ("to the FBI" is a
 * place, not a complement). */
static long complement_of(const fct_stmt *s, size_t i)
{
	for (size_t k = i + 1; k < s->n && k <= i + 4 && s->w[k].seg == s->w[i].seg; k++) {
		if (strcmp(W(s, k), "to") != 0)
			continue;
		if (k + 1 >= s->n || s->w[k + 1].seg != s->w[i].seg)
			return -1;
		uint8_t f = s->w[k + 1].flags;
		if ((f & (FCT_UPPER | FCT_NUM)) || !(f & (FCT_CONTENT | FCT_CUE)))
			return -1;
		return (long)(k + 1);
	}
	return -1;
}

/* The patient of predicate word p of s, when it is a name: the name before a passive
 * ("al-Baghdadi has not been killed") or right after an active verb ("killed Abu Hajar
 * al-Souri"). *head gets the name's last word; *of is set when the name is the complement
 * of a noun ("the right-hand man of Abu Bakr al-Baghdadi was killed": the man was); [*lo,
 * *hi) spans the words around it that count as the same name (the noun phrase up to the
 * segment's edge). @return false when the patient is no name or the voice is unclear. */
static bool name_patient(const fct_stmt *s, size_t p, size_t *head, bool *of, size_t *lo,
			 size_t *hi)
{
	static const char *const be[] = {"be", "been", "being", "was", "were", "is", "are",
					 NULL};
	uint16_t sg = s->w[p].seg;
	size_t k = p;
	bool passive = false;
	while (k > 0 && s->w[k - 1].seg == sg &&
	       (s->w[k - 1].lists & (L_AUX | L_SKIP | L_NEG)) && !(s->w[k - 1].flags & FCT_UPPER)) {
		passive |= util_str_in(W(s, k - 1), be);
		k--;
	}
	/* a participle after a form of "be" is a passive ("was killed", "were stolen"); a
	 * verb is known by its past ending or an auxiliary before it ("may play"), so "was
	 * near Kobani" and "fighters near Kobani" have no patient here */
	const char *pw = W(s, p);
	size_t pn = strlen(pw);
	bool past = pn > 3 && (strcmp(pw + pn - 2, "ed") == 0 || strcmp(pw + pn - 2, "en") == 0 ||
			       strcmp(pw + pn - 2, "wn") == 0);
	if (passive && !past)
		return false;
	if (!passive && !past && k == p)
		return false;
	*of = false;
	if (passive) {
		if (k == 0 || s->w[k - 1].seg != sg || !(s->w[k - 1].flags & FCT_UPPER))
			return false;
		*head = k - 1;
		*hi = k;
		size_t x = k - 1;
		/* back over the name: capitalised words and short particles joined to the next
		 * ("al-" of "al-Baghdadi") */
		while (x > 0 && s->w[x - 1].seg == sg &&
		       ((s->w[x - 1].flags & FCT_UPPER) || s->w[x].joined))
			x--;
		*of = x >= 2 && s->w[x - 1].seg == sg && s->w[x - 2].seg == sg &&
		      (strcmp(W(s, x - 1), "of") == 0 || strcmp(W(s, x - 1), "to") == 0) &&
		      (s->w[x - 2].flags & FCT_CONTENT) && !(s->w[x - 2].flags & FCT_UPPER);
		*lo = x;
		while (*lo > 0 && s->w[*lo - 1].seg == sg)
			(*lo)--;
		return true;
	}
	size_t x = p + 1;
	while (x < s->n && s->w[x].seg == sg && util_str_in(W(s, x), determiners))
		x++;
	if (x >= s->n || s->w[x].seg != sg || !(s->w[x].flags & FCT_UPPER))
		return false;
	*lo = x;
	while (x + 1 < s->n && s->w[x + 1].seg == sg &&
	       ((s->w[x + 1].flags & FCT_UPPER) || s->w[x + 1].joined ||
		(x + 2 < s->n && s->w[x + 2].joined && (s->w[x + 2].flags & FCT_UPPER))))
		x++;
	*head = x;
	*hi = x + 1;
	while (*hi < s->n && s->w[*hi].seg == sg)
		(*hi)++;
	return true;
}

/* Whether word k's stem is among the capitalised words of s in [lo, hi). */
static bool name_in(const fct_stmt *s, size_t lo, size_t hi, const fct_stmt *t, size_t k)
{
	for (size_t x = lo; x < hi; x++)
		if ((s->w[x].flags & FCT_UPPER) && strcmp(S(s, x), S(t, k)) == 0)
			return true;
	return false;
}

/* Whether predicates a:i and b:j have two different names as their patients: "the
 * airstrike killed Abu Hajar al-Souri, a top aide to al-Baghdadi" and "the right-hand man
 * of al-Baghdadi was killed" say nothing of "al-Baghdadi has not been killed" (two false
 * reports on dev-news). */
static bool other_patient(const fct_stmt *a, size_t i, const fct_stmt *b, size_t j)
{
	size_t ha, hb, la, ua, lb, ub;
	bool ofa, ofb;
	if (!name_patient(a, i, &ha, &ofa, &la, &ua) || !name_patient(b, j, &hb, &ofb, &lb, &ub))
		return false;
	if (ofa != ofb) /* the man of X against X itself */
		return ofa ? strcmp(S(a, ha), S(b, hb)) == 0 : strcmp(S(b, hb), S(a, ha)) == 0;
	if (ofa)
		return false;
	return !name_in(b, lb, ub, a, ha) && !name_in(a, la, ua, b, hb);
}

/* Whether the contexts of a's word i and b's word j make one fact: enough shared words,
 * and no two different names as their subjects. */
static unsigned fact_match(fct_ctx *c, const fct_stmt *a, size_t i, const fct_stmt *b,
			   size_t j)
{
	size_t va[2 * CTX_WINDOW], vb[2 * CTX_WINDOW];
	size_t na = context_of(a, i, i + 1, CTX_WINDOW, false, S(a, i), va);
	size_t nb = context_of(b, j, j + 1, CTX_WINDOW, false, S(b, j), vb);
	unsigned sh = shared_count(c, a, va, na, b, vb, nb);
	size_t need = CTX_SHARED_MIN;
	if (na < need)
		need = na;
	if (nb < need)
		need = nb;
	if (need < 1)
		need = 1;
	if (sh < need)
		return 0;
	/* subjects: the names before each predicate in its segment must not be disjoint */
	bool any_a = false, any_b = false, common = false;
	for (size_t x = i; x-- > 0 && a->w[x].seg == a->w[i].seg;) {
		if (!(a->w[x].flags & FCT_UPPER) || !(a->w[x].flags & FCT_CONTENT))
			continue;
		any_a = true;
		for (size_t y = j; y-- > 0 && b->w[y].seg == b->w[j].seg;) {
			if (!(b->w[y].flags & FCT_UPPER) || !(b->w[y].flags & FCT_CONTENT))
				continue;
			any_b = true;
			common |= strcmp(S(a, x), S(b, y)) == 0;
		}
	}
	if (any_a && any_b && !common)
		return 0;
	if (other_patient(a, i, b, j))
		return 0;
	/* objects: the words right after each predicate, in its segment, when both sides
	 * have some, must share one ("not made ceasefire" vs "made the announcement") */
	/* requests and intentions: "not asking customers to stop using Tor" vs "asked the
	 * customer to tell him what sites" ask two things */
	long ka = complement_of(a, i), kb = complement_of(b, j);
	if ((ka >= 0) != (kb >= 0) ||
	    (ka >= 0 && !same_lemma(c, a, (size_t)ka, b, (size_t)kb)))
		return 0;
	size_t oa[CTX_WINDOW], ob[CTX_WINDOW], noa = 0, nob = 0;
	/* the object ends where a new clause starts ("has not been killed as has been
	 * previously claimed") */
	for (size_t k = i + 1; k < a->n && a->w[k].seg == a->w[i].seg && noa < 4; k++) {
		if (strcmp(W(a, k), "as") == 0 || (a->w[k].lists & L_SUB))
			break;
		if (fctx_counts_as_context(a, k))
			oa[noa++] = k;
	}
	for (size_t k = j + 1; k < b->n && b->w[k].seg == b->w[j].seg && nob < 4; k++) {
		if (strcmp(W(b, k), "as") == 0 || (b->w[k].lists & L_SUB))
			break;
		if (fctx_counts_as_context(b, k))
			ob[nob++] = k;
	}
	if (noa && nob && !shared_count(c, a, oa, noa, b, ob, nob))
		return 0;
	/* "has not released a public statement" vs "the girls will be released": an object
	 * on the negated side only is another use of the word */
	if (noa && !nob)
		return 0;
	return sh;
}

/* Whether b's word j is negated, or has a cue right before it (then its polarity is not
 * plain affirmation), or is the "un-" form of a's predicate. */
static bool affirmed(const fct_stmt *b, size_t j)
{
	if (b->w[j].flags & (FCT_NEGATED | FCT_NEARCUE | FCT_CUE | FCT_SUBORD))
		return false;
	/* "an ex-wife", "the former president" is not the wife or the president; "the site
	 * of missing students" names them, it says nothing of them */
	if (j > 0 && (strcmp(W(b, j - 1), "ex") == 0 || strcmp(W(b, j - 1), "former") == 0 ||
		      strcmp(W(b, j - 1), "of") == 0))
		return false;
	/* ... also past a hyphen-joined modifier: "the number of low-level arrests" */
	size_t m = j > 0 ? j - 1 : 0;
	while (m > 0 && b->w[m].joined)
		m--;
	if (m > 0 && m + 1 < j && strcmp(W(b, m - 1), "of") == 0)
		return false;
	/* a hypothetical or a prediction in the past is no statement of the fact: "it should
	 * make the thinner model possible", "a rep said the issues would be resolved", "so she
	 * would be looking down" (four false reports on dev-news); "will" and "may" stay, as
	 * "will star as Jobs" and "may play Jobs" are the reports a denial answers */
	for (size_t k = j, hops = 0; k-- > 0 && b->w[k].seg == b->w[j].seg && hops < 4; hops++) {
		if (util_str_in(W(b, k), hypothetical))
			return false;
		if (!(b->w[k].lists & (L_AUX | L_SKIP)))
			break;
	}
	return true;
}

/* Whether b's word j reads as a noun where a's predicate word aw is a verb: after an
 * article or possessive ("the release of names"), before "of", or the same stem with a
 * noun's suffix ("reattachment" for "reattached"). A verb negated is then set against an
 * event named, not stated ("did not release his name" vs "the release of names can
 * undermine investigations", "was not reattached" vs "reattachment was impossible"). */
static bool nominal(const fct_stmt *b, size_t j, const char *aw)
{
	if (j > 0 && b->w[j - 1].seg == b->w[j].seg && util_str_in(W(b, j - 1), determiners))
		return true;
	if (j + 1 < b->n && b->w[j + 1].seg == b->w[j].seg && strcmp(W(b, j + 1), "of") == 0)
		return true;
	static const char *const sfx[] = {"ment", "ments", "tion", "tions", "sion", "sions", NULL};
	const char *bw = W(b, j);
	size_t bn = strlen(bw), an = strlen(aw);
	for (size_t k = 0; sfx[k]; k++) {
		size_t sn = strlen(sfx[k]);
		if (bn > sn + 3 && strcmp(bw + bn - sn, sfx[k]) == 0 &&
		    !(an > sn && strcmp(aw + an - sn, sfx[k]) == 0))
			return true;
	}
	return false;
}

/* An "un-" word of s whose rest is a word: its index of rest in the stem sense. */
static bool un_form(const char *w, const char **rest)
{
	size_t n = strlen(w);
	if (n < 6 || w[0] != 'u' || w[1] != 'n' || util_str_in(w, un_words))
		return false;
	*rest = w + 2;
	return true;
}

static bool negation_one_way(fct_ctx *c, const fct_stmt *a, const fct_stmt *b, bool a_first,
			     fct_conflict *out)
{
	for (size_t i = 0; i < a->n; i++) {
		size_t p;
		uint32_t cs, ce;
		const char *un_rest = NULL;
		if ((a->w[i].flags & FCT_CUE) && a->w[i].pred >= 0) {
			p = (size_t)a->w[i].pred;
			cs = a->w[i].start;
			ce = a->w[i].end;
			if (i > 0 && strcmp(W(a, i), "t") == 0)
				cs = a->w[i - 1].start;
		} else {
			continue;
		}
		/* a side that denies or negates anything itself is no plain affirmation: "WHO
		 * received no confirmation" vs "does not have Ebola, WHO has confirmed" */
		if (b->has_deny || b->has_neg)
			return false;
		/* a that also affirms the predicate elsewhere ("wants to do something that helps
		 * people (clearly fireman wasn't helping people enough)") states both */
		bool a_affirms = false;
		for (size_t k = 0; k < a->n && !a_affirms; k++)
			a_affirms = k != p && fctx_counts_as_context(a, k) && affirmed(a, k) &&
				    same_lemma(c, a, p, a, k);
		if (a_affirms)
			continue;
		/* b negating the same predicate somewhere states the same thing */
		bool b_negates = false;
		for (size_t j = 0; j < b->n && !b_negates; j++)
			b_negates = (b->w[j].flags & (FCT_NEGATED | FCT_NEARCUE)) &&
				    (b->w[j].flags & FCT_CONTENT) && same_lemma(c, a, p, b, j);
		if (b_negates)
			continue;
		/* a negation bounded in time ("has yet to announce any new strikes since
		 * Tuesday", "no public appearance since Sept 3") says nothing of before */
		bool bounded = false;
		for (size_t k = i + 1; k < a->n && a->w[k].seg == a->w[i].seg && !bounded; k++)
			bounded = strcmp(W(a, k), "since") == 0;
		if (bounded)
			continue;
		/* the cue right before the predicate, past auxiliaries and adverbs only: a verb
		 * ("would not release prisoners"), not a noun phrase ("not the wife") */
		bool verbal = true;
		for (size_t k = i + 1; k < p && verbal; k++)
			verbal = util_str_in(W(a, k), determiners) == false;
		for (size_t j = 0; j < b->n; j++) {
			if (!fctx_counts_as_context(b, j) || !affirmed(b, j))
				continue;
			bool match;
			if (un_rest) {
				const char *y = W(b, j);
				match = strcmp(un_rest, y) == 0 ||
					lex_synonyms(c->lex, un_rest, strlen(un_rest), y, strlen(y));
			} else {
				const char *bw = W(b, j), *rest;
				/* "unclear" on b's side is the same negation, not an affirmation */
				if (un_form(bw, &rest) && strcmp(rest, W(a, p)) == 0)
					continue;
				match = same_lemma(c, a, p, b, j);
			}
			if (!match)
				continue;
			if (verbal && nominal(b, j, W(a, p)))
				continue;
			unsigned sh = fact_match(c, a, p, b, j);
			if (!sh)
				continue;
			out->kind = FCT_NEGATION;
			out->cue_in_a = a_first;
			out->cue_start = cs;
			out->cue_end = ce;
			out->shared = sh;
			const fct_word *pa = &a->w[p], *pb = &b->w[j];
			if (a_first) {
				out->pa_start = pa->start, out->pa_end = pa->end;
				out->pb_start = pb->start, out->pb_end = pb->end;
			} else {
				out->pa_start = pb->start, out->pa_end = pb->end;
				out->pb_start = pa->start, out->pb_end = pa->end;
			}
			const char *lw = un_rest ? un_rest : W(a, p);
			snprintf(out->what, sizeof out->what, "%s", lex_lemma(c->lex, lw, strlen(lw)));
			return true;
		}
	}
	return false;
}


static bool antonym_conflict(fct_ctx *c, const fct_stmt *a, const fct_stmt *b,
			     fct_conflict *out)
{
	if (a->has_deny || b->has_deny || a->has_neg || b->has_neg)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		if (!fctx_counts_as_context(a, i) || !affirmed(a, i) || (a->w[i].flags & FCT_UPPER))
			continue;
		for (size_t j = 0; j < b->n; j++) {
			if (!fctx_counts_as_context(b, j) || !affirmed(b, j) || (b->w[j].flags & FCT_UPPER))
				continue;
			const char *x = W(a, i), *y = W(b, j);
			if ((a->w[i].lists & L_LIGHT) || (b->w[j].lists & L_LIGHT))
				continue;
			if (!lex_antonyms(c->lex, x, strlen(x), y, strlen(y)))
				continue;
			/* a side that also has the other's word states both ("a small asteroid
			 * ... 20 meters big"): the antonyms are about two things */
			if (has_lemma(c, b, a, i) || has_lemma(c, a, b, j))
				continue;
			unsigned sh = fact_match(c, a, i, b, j);
			if (sh < CTX_SHARED_MIN)
				continue; /* an antonym needs a full shared context */
			out->kind = FCT_ANTONYM;
			out->cue_in_a = true;
			out->cue_start = a->w[i].start;
			out->cue_end = a->w[i].end;
			out->pa_start = a->w[i].start, out->pa_end = a->w[i].end;
			out->pb_start = b->w[j].start, out->pb_end = b->w[j].end;
			out->shared = sh;
			snprintf(out->what, sizeof out->what, "%s/%s", lex_lemma(c->lex, x, strlen(x)),
				 lex_lemma(c->lex, y, strlen(y)));
			return true;
		}
	}
	return false;
}

bool fct_polarity_conflict(fct_ctx *c, const fct_stmt *a, const fct_stmt *b,
			   fct_conflict *out)
{
	memset(out, 0, sizeof *out);
	if (a->question || b->question || !a->n || !b->n)
		return false;
	if (negation_one_way(c, a, b, true, out) || negation_one_way(c, b, a, false, out))
		return true;
	return antonym_conflict(c, a, b, out);
}

/* Words of s covering [s0, e0): first and one-past-last index, or false when none. */
bool fctx_span_words(const fct_stmt *s, uint32_t s0, uint32_t e0, size_t *lo, size_t *hi)
{
	size_t l = SIZE_MAX, h = 0;
	for (size_t k = 0; k < s->n; k++)
		if (s->w[k].end > s0 && s->w[k].start < e0) {
			if (l == SIZE_MAX)
				l = k;
			h = k + 1;
		}
	if (l == SIZE_MAX)
		return false;
	*lo = l;
	*hi = h;
	return true;
}

unsigned fct_context_shared(fct_ctx *c, const fct_stmt *a, uint32_t as, uint32_t ae,
			    const fct_stmt *b, uint32_t bs, uint32_t be, const char *skip,
			    unsigned window)
{
	size_t alo, ahi, blo, bhi;
	if (window > CTX_WINDOW)
		window = CTX_WINDOW;
	if (!fctx_span_words(a, as, ae, &alo, &ahi) || !fctx_span_words(b, bs, be, &blo, &bhi))
		return 0;
	size_t va[2 * CTX_WINDOW], vb[2 * CTX_WINDOW];
	size_t na = context_of(a, alo, ahi, window, true, skip, va);
	size_t nb = context_of(b, blo, bhi, window, true, skip, vb);
	return shared_count(c, a, va, na, b, vb, nb);
}

unsigned fct_stmt_shared(fct_ctx *c, const fct_stmt *a, const fct_stmt *b, unsigned *na_out)
{
	/* every content word counts once, however often it occurs */
	unsigned shared = 0, na = 0;
	for (size_t i = 0; i < a->n; i++) {
		if (!fctx_counts_as_context(a, i) || (a->w[i].flags & FCT_UPPER))
			continue;
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = fctx_counts_as_context(a, k) && strcmp(S(a, k), S(a, i)) == 0;
		if (dup)
			continue;
		na++;
		for (size_t j = 0; j < b->n; j++)
			if (fctx_counts_as_context(b, j) && fctx_same_word(c, a, i, b, j)) {
				shared++;
				break;
			}
	}
	if (na_out)
		*na_out = na;
	return shared;
}

