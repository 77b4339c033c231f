/* denial_read.c - reads one mention for the denial search (denial_int.h, denial.h).
 *
 * A mention's words are looked up in English word lists: cues that call something false
 * (hoax, fake, "not true", denied claims), hedges (reportedly, may, said), words that tell
 * a rumour (purporting, allegedly), negations. Read from them: whether the mention
 * carries a targeted denial cue (one whose target is a story, report or claim, not "a
 * fake ID"; a pronoun pointing back, "that was not the case"; a negated event, "no
 * blurring of"), the predicate it denies, whether it could state a fact (no hedge,
 * negation, quote or question; a source's or reports' word makes it a report), and its
 * content words as stem hashes. It does not match mentions with each other (denial.c).
 */
#include <stdlib.h>
#include <string.h>

#include "denial_int.h"
#include "hash.h"
#include "overlap/mem.h"
#include "overlap/util.h"

/* ---- tuning (dev-news) ---- */

/* How far back (in words) a linked subject's head noun may stand before the copula: "A
 * video of Vladimir Putin apparently being pooped on by a passing bird during a speech has
 * proved to be a fake" puts 16 words between them (15 missed it; 20 added 2 reports on
 * dev-news, both real). */
#define SUBJ_BACK 20

/* A negation this many words before a cue negates it ("no part of it was a hoax"). */
#define NEG_WINDOW 4

/* How far after a rumour hedge its verb may stand ("purporting to show that Saudi
 * television blurred": 6). */
#define TOLD_WINDOW 6

/* Words that may stand between an article and a FALSE noun ("is a celebrity death hoax",
 * "yet another elaborate internet hoax"). */
#define MOD_MAX 3

/* ---- word lists ---- */

enum {
	W_FALSE = 1u << 0,   /* calls something false: hoax, fake, bogus, satire, ... */
	W_DENYV = 1u << 1,   /* a party's denial: denied, dismissed, refuted */
	W_PROP = 1u << 2,    /* what a denial verb takes: claims, reports, that */
	W_META = 1u << 3,    /* what is called false: story, report, video, it */
	W_COP = 1u << 4,     /* links a subject to a FALSE word: is, turned out to be, a */
	W_NEG = 1u << 5,     /* negations */
	W_HEDGE = 1u << 6,   /* a statement that does not state: reportedly, may, said */
	W_GENERIC = 1u << 7, /* too common in news about news to match on */
	W_PAIR1 = 1u << 8,   /* first word of a two-word cue (not true, no evidence) */
	W_NOUN = 1u << 9,    /* a META word that is a noun: "a fake news site", "bogus report" */
	W_LINK = 1u << 10,   /* a linking verb among the COP words: is, was, turned, proved */
	W_RUMOUR = 1u << 11, /* a HEDGE that tells a rumour, not a source: purporting, allegedly */
	W_SOURCE = 1u << 12, /* a HEDGE that names a source: reported, said, according */
	W_EXPECT = 1u << 13, /* an expectation: expected, supposed, hoped, planned */
};

static const struct {
	const char *w;
	unsigned bits;
} words_tab[] = {
	{"hoax", W_FALSE}, {"hoaxes", W_FALSE}, {"fake", W_FALSE}, {"faked", W_FALSE},
	{"false", W_FALSE}, {"falsely", W_FALSE}, {"untrue", W_FALSE}, {"bogus", W_FALSE},
	{"fabricated", W_FALSE}, {"inaccurate", W_FALSE}, {"erroneous", W_FALSE}, {"doctored", W_FALSE}, {"photoshopped", W_FALSE}, {"satire", W_FALSE}, {"satirical", W_FALSE},
	{"debunked", W_FALSE | W_DENYV}, {"debunk", W_FALSE | W_DENYV},
	{"debunks", W_FALSE | W_DENYV},
	{"fictional", W_FALSE}, {"spoof", W_FALSE}, {"falsehood", W_FALSE},
	{"wrongly", W_FALSE}, {"erroneously", W_FALSE}, {"nonsense", W_FALSE},
	{"bullshit", W_FALSE},
	{"incorrect", W_FALSE}, {"unfounded", W_FALSE}, {"baseless", W_FALSE},
	{"refuted", W_FALSE | W_DENYV}, {"refutes", W_FALSE | W_DENYV},
	{"denied", W_DENYV}, {"denies", W_DENYV}, {"deny", W_DENYV}, {"dismissed", W_DENYV | W_COP},
	{"dismisses", W_DENYV}, {"doubt", W_DENYV}, {"doubts", W_DENYV},
	{"that", W_PROP | W_META}, {"claims", W_NOUN | W_PROP | W_META | W_HEDGE | W_GENERIC},
	{"claim", W_NOUN | W_PROP | W_META | W_HEDGE | W_GENERIC},
	{"reports", W_NOUN | W_PROP | W_META | W_HEDGE | W_GENERIC},
	{"report", W_NOUN | W_PROP | W_META | W_HEDGE | W_GENERIC},
	{"rumours", W_NOUN | W_PROP | W_META | W_HEDGE}, {"rumors", W_NOUN | W_PROP | W_META | W_HEDGE},
	{"rumour", W_NOUN | W_PROP | W_META | W_HEDGE}, {"rumor", W_NOUN | W_PROP | W_META | W_HEDGE},
	{"allegations", W_NOUN | W_PROP | W_META}, {"allegation", W_NOUN | W_META},
	{"suggestions", W_PROP | W_META}, {"speculation", W_PROP | W_META | W_HEDGE},
	{"story", W_NOUN | W_META | W_GENERIC}, {"stories", W_NOUN | W_META | W_GENERIC},
	{"news", W_NOUN | W_META | W_GENERIC}, {"article", W_NOUN | W_META | W_GENERIC},
	{"video", W_NOUN | W_META | W_GENERIC}, {"photo", W_NOUN | W_META | W_GENERIC},
	{"photos", W_NOUN | W_META | W_GENERIC}, {"image", W_NOUN | W_META | W_GENERIC}, {"images", W_NOUN | W_META},
	{"picture", W_NOUN | W_META | W_GENERIC}, {"tweet", W_NOUN | W_META}, {"post", W_NOUN | W_META | W_GENERIC},
	{"site", W_NOUN | W_META | W_GENERIC}, {"website", W_NOUN | W_META | W_GENERIC}, {"headline", W_NOUN | W_META},
	{"it", W_META}, {"this", W_META}, {"account", W_NOUN | W_META}, {"footage", W_NOUN | W_META},
	{"item", W_NOUN | W_META}, {"piece", W_NOUN | W_META},
	{"is", W_COP | W_LINK}, {"was", W_COP | W_LINK}, {"are", W_COP | W_LINK}, {"were", W_COP | W_LINK}, {"be", W_COP},
	{"been", W_COP | W_LINK}, {"being", W_COP}, {"as", W_COP}, {"turned", W_COP | W_LINK}, {"out", W_COP},
	{"to", W_COP}, {"proved", W_COP | W_LINK}, {"proven", W_COP | W_LINK}, {"appears", W_COP | W_LINK | W_HEDGE | W_RUMOUR},
	{"appeared", W_COP | W_LINK | W_HEDGE | W_RUMOUR}, {"seems", W_COP | W_LINK | W_HEDGE | W_RUMOUR}, {"revealed", W_COP | W_LINK},
	{"exposed", W_COP | W_LINK}, {"described", W_COP | W_LINK}, {"labelled", W_COP | W_LINK}, {"labeled", W_COP | W_LINK},
	{"called", W_COP | W_LINK}, {"branded", W_COP | W_LINK}, {"a", W_COP}, {"an", W_COP}, {"s", W_COP},
	{"complete", W_COP}, {"completely", W_COP}, {"wildly", W_COP}, {"patently", W_COP},
	{"utterly", W_COP}, {"simply", W_COP}, {"grossly", W_COP}, {"largely", W_COP}, {"total", W_COP}, {"totally", W_COP},
	{"just", W_COP}, {"another", W_COP}, {"elaborate", W_COP}, {"all", W_COP},
	{"entirely", W_COP}, {"pure", W_COP}, {"obviously", W_COP}, {"clearly", W_COP},
	{"almost", W_COP}, {"certainly", W_COP}, {"likely", W_COP | W_HEDGE},
	{"probably", W_COP | W_HEDGE}, {"actually", W_COP}, {"in", W_COP}, {"fact", W_COP},
	{"only", W_COP}, {"yet", W_COP},
	{"not", W_NEG | W_PAIR1}, {"no", W_NEG | W_PAIR1}, {"never", W_NEG | W_PAIR1},
	{"made", W_PAIR1}, {"nothing", W_NEG}, {"without", W_NEG}, {"isn", W_NEG},
	{"wasn", W_NEG}, {"didn", W_NEG}, {"doesn", W_NEG}, {"don", W_NEG}, {"aren", W_NEG},
	{"weren", W_NEG}, {"hasn", W_NEG}, {"haven", W_NEG}, {"hadn", W_NEG}, {"won", W_NEG},
	{"wouldn", W_NEG}, {"couldn", W_NEG}, {"shouldn", W_NEG},
	{"reportedly", W_HEDGE | W_RUMOUR}, {"allegedly", W_HEDGE | W_RUMOUR},
	{"supposedly", W_HEDGE | W_RUMOUR}, {"purportedly", W_HEDGE | W_RUMOUR},
	{"rumoured", W_HEDGE | W_RUMOUR}, {"rumored", W_HEDGE | W_RUMOUR},
	{"claimed", W_HEDGE | W_GENERIC | W_RUMOUR}, {"claiming", W_HEDGE | W_RUMOUR},
	{"unconfirmed", W_HEDGE | W_RUMOUR},
	{"may", W_HEDGE}, {"might", W_HEDGE}, {"could", W_HEDGE}, {"possibly", W_HEDGE},
	{"apparently", W_HEDGE | W_RUMOUR}, {"alleged", W_HEDGE | W_RUMOUR},
	{"purported", W_HEDGE | W_RUMOUR}, {"purporting", W_HEDGE | W_RUMOUR},
	{"purports", W_HEDGE | W_RUMOUR}, {"seem", W_RUMOUR}, {"seemed", W_RUMOUR},
	{"if", W_HEDGE}, {"whether", W_HEDGE | W_PROP}, {"unclear", W_HEDGE}, {"unverified", W_HEDGE | W_RUMOUR},
	{"reported", W_SOURCE | W_HEDGE | W_GENERIC}, {"suggest", W_HEDGE}, {"suggests", W_HEDGE},
	{"suggested", W_HEDGE}, {"said", W_SOURCE | W_HEDGE}, {"says", W_SOURCE | W_HEDGE}, {"say", W_HEDGE},
	{"told", W_SOURCE | W_HEDGE}, {"saying", W_HEDGE}, {"according", W_SOURCE | W_HEDGE}, {"unable", W_HEDGE}, {"declined", W_HEDGE},
	{"refused", W_HEDGE}, {"refuses", W_HEDGE}, {"refuse", W_HEDGE},
	{"expected", W_EXPECT}, {"supposed", W_EXPECT}, {"hoped", W_EXPECT}, {"planned", W_EXPECT},
	{"viral", W_GENERIC}, {"online", W_GENERIC}, {"internet", W_GENERIC},
	{"social", W_GENERIC}, {"media", W_GENERIC}, {"circulating", W_GENERIC},
	{"spread", W_GENERIC}, {"shared", W_GENERIC}, {"posted", W_GENERIC},
	{"people", W_GENERIC}, {"time", W_GENERIC}, {"year", W_GENERIC}, {"years", W_GENERIC},
	{"week", W_GENERIC}, {"last", W_GENERIC}, {"first", W_GENERIC},
};

/* Whether tokens i and i + 1 of t make a two-word cue (not true, no evidence), read in
 * its context: "no evidence that / to suggest", not "no evidence of drug abuse" (a
 * finding); "the story was made up", not "his mind is made up" or "made up of"; "did not
 * happen", not "will not happen". */
static bool pair_cue(const tok_list *t, size_t i)
{
	static const char *const pairs[][2] = {{"not", "true"},    {"no", "truth"},
					       {"no", "evidence"}, {"never", "happened"},
					       {"made", "up"},     {"not", "real"},
					       {"not", "happen"},  {"not", "accurate"}};
	static const char *const evid_next[] = {"that", "to", "whatsoever", "the", "this",
						 "these", "such", "it", NULL};
	static const char *const made_next[] = {"of", "for", "with", "the", "a", "an", "her",
						"his", "their", "its", "about", "most", "part",
						"half", "her", "my", "our", "your", NULL};
	if (i + 1 >= t->n)
		return false;
	size_t n1, n2, n3 = 0;
	const char *w1 = dnl_tok_word(t, i, &n1);
	const char *w2 = dnl_tok_word(t, i + 1, &n2);
	const char *w3 = i + 2 < t->n ? dnl_tok_word(t, i + 2, &n3) : NULL;
	size_t k = 0;
	while (k < sizeof pairs / sizeof pairs[0] &&
	       !(strlen(pairs[k][0]) == n1 && memcmp(pairs[k][0], w1, n1) == 0 &&
		 strlen(pairs[k][1]) == n2 && memcmp(pairs[k][1], w2, n2) == 0))
		k++;
	if (k == sizeof pairs / sizeof pairs[0])
		return n1 == 3 && memcmp(w1, "not", 3) == 0 && n2 == 3 && memcmp(w2, "the", 3) == 0 &&
		       n3 == 4 && memcmp(w3, "case", 4) == 0;
	if (n2 == 8 && memcmp(w2, "evidence", 8) == 0) /* at a clause's end, or before what */
		return !w3 || util_word_in(w3, n3, evid_next);
	if (n1 == 4 && memcmp(w1, "made", 4) == 0) {
		if (w3 && util_word_in(w3, n3, made_next))
			return false;
		for (size_t j = i > 3 ? i - 3 : 0; j < i; j++) {
			size_t nj;
			const char *wj = dnl_tok_word(t, j, &nj);
			if (nj == 4 && memcmp(wj, "mind", 4) == 0)
				return false;
		}
		return true;
	}
	if (n2 == 6 && memcmp(w2, "happen", 6) == 0) {
		size_t n0 = 0;
		const char *w0 = i > 0 ? dnl_tok_word(t, i - 1, &n0) : NULL;
		return w0 && n0 == 3 && memcmp(w0, "did", 3) == 0;
	}
	return true;
}

static void wtab_init(wtab *t)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < sizeof words_tab / sizeof words_tab[0]; i++) {
		uint64_t h = hash_bytes(words_tab[i].w, strlen(words_tab[i].w), 0) | 1;
		size_t s = h & (WT_SLOTS - 1);
		while (t->key[s] && t->key[s] != h)
			s = (s + 1) & (WT_SLOTS - 1);
		t->key[s] = h;
		t->bits[s] |= (uint16_t)words_tab[i].bits;
	}
}

static unsigned wtab_get(const wtab *t, const char *w, size_t n)
{
	uint64_t h = hash_bytes(w, n, 0) | 1;
	for (size_t s = h & (WT_SLOTS - 1); t->key[s]; s = (s + 1) & (WT_SLOTS - 1))
		if (t->key[s] == h)
			return t->bits[s];
	return 0;
}

/* ---- one mention read ---- */

static bool negated_before(const scratch *s, size_t i)
{
	for (size_t k = i > NEG_WINDOW ? i - NEG_WINDOW : 0; k < i; k++)
		if (s->bits[k] & W_NEG)
			return true;
	return false;
}

/* Whether a FALSE cue at token i is only asked about: "many will question if it's a
 * fake", "whether the report that ... is fake" (SUBJ_BACK words back). */
static bool questioned_before(const tok_list *t, size_t i)
{
	static const char *const q[] = {"if", "whether", NULL};
	for (size_t k = i > SUBJ_BACK ? i - SUBJ_BACK : 0; k < i; k++) {
		size_t n;
		const char *w = dnl_tok_word(t, k, &n);
		if (util_word_in(w, n, q))
			return true;
	}
	return false;
}

/* Whether the cue at token i doubts what will happen, not what was reported: "doubts
 * about whether talks will secure the release" (but "doubts about whether a loud boom
 * ... was caused by a meteorite" is a denial). */
static bool doubts_future(const tok_list *t, size_t i)
{
	static const char *const fut[] = {"will", "would", "can", "could", "might", NULL};
	bool whether = false;
	for (size_t k = i + 1; k < t->n && k <= i + 20; k++) {
		size_t n;
		const char *w = dnl_tok_word(t, k, &n);
		if (n == 7 && memcmp(w, "whether", 7) == 0)
			whether = true;
		else if (whether && util_word_in(w, n, fut))
			return true;
	}
	return false;
}

/* Up to max stem hashes of the content words from token k on into out (*nout counts,
 * start included): words of three letters or more, no stop word or figure, none of the
 * list bits skip, names only when names (then *namebits gets bit j for a name at out[j],
 * when not NULL). What follows a denied or told verb. */
static void words_after(scratch *s, const tok_list *t, size_t k, unsigned skip, bool names,
			uint64_t *out, uint8_t *nout, size_t max, uint8_t *namebits)
{
	unsigned drop = TOK_DIGIT | (names ? 0u : (unsigned)TOK_UPPER);
	for (size_t end = *nout + max; k < t->n && *nout < end; k++) {
		size_t n, sn;
		const char *o = dnl_tok_word(t, k, &n);
		if (n < 3 || stem_is_stop(o, n) || (t->v[k].flags & drop) || (s->bits[k] & skip))
			continue;
		if (namebits && (t->v[k].flags & (TOK_UPPER | TOK_ALLCAPS)))
			*namebits |= (uint8_t)(1u << *nout);
		const char *st = stem_word(s->stem, o, n, &sn);
		out[(*nout)++] = hash_bytes(st, sn, 0);
	}
}

/* Whether token i opens a negated event named by its gerund: "there was no blurring of
 * Mrs. Obama", "clips show no looting of shops" (no, a verb's -ing form, "of"): the
 * event's verb is denied of what follows. */
static bool nominal_negation(const scratch *s, const tok_list *t, size_t i)
{
	size_t n0, n1, n2;
	const char *w0 = dnl_tok_word(t, i, &n0);
	if (n0 != 2 || memcmp(w0, "no", 2) != 0 || i + 2 >= t->n ||
	    (t->v[i + 1].flags & (TOK_UPPER | TOK_ALLCAPS | TOK_DIGIT)))
		return false;
	const char *w1 = dnl_tok_word(t, i + 1, &n1);
	const char *w2 = dnl_tok_word(t, i + 2, &n2);
	return n1 >= 6 && memcmp(w1 + n1 - 3, "ing", 3) == 0 && n2 == 2 &&
	       memcmp(w2, "of", 2) == 0 && lex_is_verb(s->lex, w1, n1);
}

/* The denied event of a nominal negation at token cue ("no blurring of Mrs. Obama"):
 * the gerund's stem, and up to OBJ_MAX content words after "of", names too. */
static void nominal_predicate(scratch *s, const tok_list *t, size_t cue, mread *r)
{
	size_t n, sn;
	const char *w = dnl_tok_word(t, cue + 1, &n);
	const char *st = stem_word(s->stem, w, n, &sn);
	r->pred = hash_bytes(st, sn, 0);
	words_after(s, t, cue + 3, W_FALSE | W_DENYV | W_GENERIC | W_META, true, r->obj, &r->nobj,
		    OBJ_MAX, NULL);
}

/* Whether the cue at token i calls what was said false: "It falsely stated that ...",
 * "was wrongly reported to" (a FALSE adverb before a verb of saying). */
static bool said_false(const scratch *s, const tok_list *t, size_t i)
{
	static const char *const saying[] = {"stated", "claimed", "reported", "said", "suggested",
					     "alleged", "asserted", "wrote", "accused", "identified",
					     "attributed", "described", "claims", "states", "reports",
					     "says", "suggests", "named", "portrayed", "blamed",
					     "credited", "labelled", "labeled", "linked", "tied", NULL};
	size_t n1, n2;
	const char *w1 = dnl_tok_word(t, i, &n1);
	if (!(s->bits[i] & W_FALSE) || n1 < 3 || memcmp(w1 + n1 - 2, "ly", 2) != 0 ||
	    i + 1 >= t->n)
		return false;
	const char *w2 = dnl_tok_word(t, i + 1, &n2);
	return util_word_in(w2, n2, saying);
}

/* Whether the cue at token cue calls a pronoun false that points back: "that was not the
 * case", "That's not true", "this is fake", "it is false" (the copula and its adverbs
 * between); not a relative "that" after a noun ("the report that was false"). */
static bool pronoun_subject(const scratch *s, const tok_list *t, size_t cue)
{
	static const char *const pro[] = {"that", "this", "it", NULL};
	static const char *const contrast[] = {"but", "yet", "though", "although", "while",
					       "whereas", "thought", "assumed", "believed",
					       "supposed", "expected", NULL};
	size_t j = cue;
	bool link = false;
	while (j > 0 && (s->bits[j - 1] & W_COP)) {
		link |= (s->bits[j - 1] & W_LINK) != 0 || t->v[j - 1].norm_len == 1; /* 's */
		j--;
	}
	if (!link || j == 0)
		return false;
	size_t n;
	const char *w = dnl_tok_word(t, j - 1, &n);
	if (!util_word_in(w, n, pro) || (j >= 2 && (s->bits[j - 2] & W_NOUN)))
		return false;
	/* "They thought there was a shooting at the mall, but have since said this was not
	 * the case": what it calls false is the clause before, in the same sentence */
	for (size_t k = 1; k + 1 < j; k++) {
		w = dnl_tok_word(t, k, &n);
		if (util_word_in(w, n, contrast))
			return false;
	}
	return true;
}

/* A targeted denial cue among the tokens: its index, or -1; *loose gets whether any
 * un-negated cue word stands in the mention at all, *attr whether the cue only describes
 * a noun after it ("in response to the fake article, ..."): the mention is then not
 * itself what is called false. */
static long find_cue(const scratch *s, const tok_list *t, bool *loose, bool *attr_only)
{
	static const char *const indef[] = {"a", "an", "another", NULL};

	long cue = -1;
	*loose = false;
	*attr_only = false;
	for (size_t i = 0; i < t->n; i++) {
		unsigned b = s->bits[i];
		size_t n1, n2 = 0;
		const char *w1 = dnl_tok_word(t, i, &n1);
		bool pair = (b & W_PAIR1) && pair_cue(t, i) &&
			    !(n1 == 4 && memcmp(w1, "made", 4) == 0 && i + 2 < t->n &&
			      t->v[i + 2].norm_len == 2 && memcmp(dnl_tok_word(t, i + 2, &n2), "of", 2) == 0);
		bool none = nominal_negation(s, t, i);
		if (!(b & (W_FALSE | W_DENYV)) && !pair && !none)
			continue;
		if (!pair && negated_before(s, i))
			continue;
		if ((b & W_FALSE) && questioned_before(t, i))
			continue;
		/* one of two alternatives asserts neither: "able to verify or debunk it", "real
		 * or fake", "true or false" */
		if ((b & W_FALSE) && i >= 1 && t->v[i - 1].norm_len == 2 &&
		    memcmp(dnl_tok_word(t, i - 1, &n2), "or", 2) == 0)
			continue;
		*loose = true;
		if (cue >= 0)
			continue;
		/* "that was not the case" points back to the sentence before; "it is not the
		 * case that ..." forward; "... but this was not the case" at its own clause,
		 * whose words need not be the story's: no target */
		if (pair && n1 == 3 && i + 2 < t->n && t->v[i + 1].norm_len == 3 &&
		    !memcmp(dnl_tok_word(t, i + 1, &n2), "the", 3))
			pair = pronoun_subject(s, t, i) ||
			       (i + 3 < t->n && t->v[i + 3].norm_len == 4 &&
				!memcmp(dnl_tok_word(t, i + 3, &n2), "that", 4));
		bool targeted = pair || none;
		if (b & W_FALSE) {
			/* "the story turned out to be completely fake", "a fake news site",
			 * "a hoax that", "debunked the report" */
			size_t j = i;
			/* "is a celebrity death hoax", "yet another elaborate internet hoax":
			 * up to MOD_MAX lower-case words of no list after an article */
			size_t k0 = i, mods = 0;
			while (k0 > 0 && mods < MOD_MAX && !s->bits[k0 - 1] &&
			       (t->v[k0 - 1].flags & TOK_ALPHA) &&
			       !(t->v[k0 - 1].flags & (TOK_UPPER | TOK_ALLCAPS | TOK_DIGIT))) {
				k0--;
				mods++;
			}
			const char *wa = k0 > 0 ? dnl_tok_word(t, k0 - 1, &n2) : NULL;
			if (mods && wa && util_word_in(wa, n2, indef))
				j = k0;
			while (j > 0 && (s->bits[j - 1] & W_COP))
				j--;
			bool pred = j > 0 && j < i && (s->bits[j - 1] & W_META);
			/* "A supposed priest's claims of seeing God ... are being described as a
			 * hoax": the subject's head noun further back, when a verb links it */
			bool linked = false;
			for (size_t k = j; k < i && !linked; k++)
				linked = s->bits[k] & W_LINK;
			for (size_t k = j; !pred && linked && k-- > 0 && k + SUBJ_BACK >= j;)
				pred = (s->bits[k] & W_NOUN) != 0;
			bool attr = i + 1 < t->n && (s->bits[i + 1] & W_NOUN);
			bool verb = false;
			for (size_t k = i + 1; k < t->n && k <= i + 3 && !verb; k++)
				verb = (b & W_DENYV) && (s->bits[k] & (W_META | W_PROP));
			/* "It falsely stated that ...", "was wrongly reported to": what was
			 * said is called false */
			targeted = pred || attr || verb || said_false(s, t, i);
			*attr_only = attr && !pred && !verb;
			if (!targeted && (b & (W_FALSE)) && i + 1 < t->n) {
				size_t nn;
				const char *nw = dnl_tok_word(t, i + 1, &nn);
				targeted = (n1 >= 4 && memcmp(w1, "hoax", 4) == 0) &&
					   ((nn == 4 && memcmp(nw, "that", 4) == 0) ||
					    (nn == 2 && memcmp(nw, "of", 2) == 0));
			}
		} else if (b & W_DENYV) {
			/* "denied claims by the government that", "denies rumours of"; not
			 * "confirm or deny", "declined to deny" */
			bool prop = (i + 1 < t->n && (s->bits[i + 1] & W_PROP)) ||
				    (i + 2 < t->n && (s->bits[i + 2] & W_PROP));
			bool idiom = (i >= 2 && t->v[i - 1].norm_len == 2 &&
				      memcmp(dnl_tok_word(t, i - 1, &n2), "or", 2) == 0) ||
				     (i >= 1 && t->v[i - 1].norm_len == 2 &&
				      memcmp(dnl_tok_word(t, i - 1, &n2), "to", 2) == 0);
			targeted = prop && !idiom && !doubts_future(t, i);
		}
		if (targeted)
			cue = (long)i;
	}
	return cue;
}

/* Whether the text quotes a text after a colon ("The bogus report read: \"...",
 * "This part of the note: \"..."): what follows is the quoted text's, not the
 * writer's. */
static bool quotes_text(const uint8_t *t, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (t[i] != ':')
			continue;
		size_t k = i + 1;
		while (k < n && t[k] == ' ')
			k++;
		if (k < n && (t[k] == '"' || t[k] == '\'' ||
			      (k + 2 < n && t[k] == 0xE2 && t[k + 1] == 0x80 &&
			       (t[k + 2] == 0x9C || t[k + 2] == 0x98))))
			return true;
	}
	return false;
}

/* The word-list bits of every token of t into s->bits. */
static void word_bits(scratch *s, const tok_list *t)
{
	XGROW(s->bits, s->bitscap, t->n + 1);
	for (size_t i = 0; i < t->n; i++) {
		size_t n;
		const char *w = dnl_tok_word(t, i, &n);
		s->bits[i] = wtab_get(&s->words, w, n);
	}
}

/* Whether document d has an un-negated cue word anywhere (the test of find_cue's
 * *loose, over the whole text). */
bool dnl_calls_false(scratch *s, const clm_doc *d)
{
	const tok_list *t = d->toks;
	if (!t) {
		if (!d->text || !d->nbytes || tok_run(d->text, d->nbytes, &s->toks) < 0)
			return false;
		t = &s->toks;
	}
	word_bits(s, t);
	bool loose, attr;
	find_cue(s, t, &loose, &attr);
	return loose;
}

/* The denied predicate of a denial whose cue is token cue, into r: the first verb after
 * the cue that WordNet knows, inflected or after an auxiliary or "to" ("has denied claims
 * ... that it has agreed to a ceasefire": agreed; "cast doubt over claims that a spider
 * burrowed into": burrowed; "doubts about whether talks will secure the release":
 * secure), reporting verbs passed over; and up to OBJ_MAX non-name content words after it
 * (what was agreed: ceasefire, release, ...). None when there is no such verb ("Durex
 * denies rumors of a pumpkin spice condom", or the cue after its target). */
static void denied_predicate(scratch *s, const tok_list *t, size_t cue, mread *r)
{
	static const char *const pass[] = {"said", "claimed", "reported", "alleged", "suggested",
					   "stated", "told", "called", "described", "dubbed",
					   "published", "posted", "circulated", NULL};
	static const char *const aux[] = {"will", "would", "could", "can", "may", "might",
					  "to", "has", "have", "had", "did", "does", "not", NULL};
	bool after_aux = false;
	size_t clause = cue + 1; /* after the last "that", "claims", "reports" */
	for (size_t i = cue + 1; i < t->n; i++) {
		size_t n;
		const char *w = dnl_tok_word(t, i, &n);
		if (s->bits[i] & W_PROP)
			clause = i + 1;
		if (util_word_in(w, n, aux)) {
			after_aux = true;
			continue;
		}
		bool was_aux = after_aux;
		after_aux = false;
		if (n < 4 || (t->v[i].flags & (TOK_DIGIT | TOK_UPPER)) ||
		    (s->bits[i] & (W_FALSE | W_DENYV)))
			continue;
		if (util_word_in(w, n, pass))
			continue;
		if (!(was_aux ? lex_is_verb(s->lex, w, n) : lex_inflected_verb(s->lex, w, n)))
			continue;
		size_t sn;
		const char *st = stem_word(s->stem, w, n, &sn);
		r->pred = hash_bytes(st, sn, 0);
		/* its subject in the denied clause: "claims that a spider burrowed" */
		for (size_t k = clause; k < i && r->nobj < SUBJ_MAX; k++) {
			const char *o = dnl_tok_word(t, k, &n);
			if (n < 3 || stem_is_stop(o, n) || (t->v[k].flags & (TOK_DIGIT | TOK_UPPER)) ||
			    (s->bits[k] & (W_FALSE | W_DENYV | W_GENERIC | W_META | W_HEDGE)))
				continue;
			st = stem_word(s->stem, o, n, &sn);
			r->obj[r->nobj++] = hash_bytes(st, sn, 0);
		}
		words_after(s, t, i + 1, W_FALSE | W_DENYV | W_GENERIC | W_META, false, r->obj,
			    &r->nobj, OBJ_MAX, NULL);
		return;
	}
}

/* The verb a rumour hedge at token h governs, into r->tpred / r->tobj: the first
 * inflected verb within TOLD_WINDOW words after it ("Saudi TV allegedly blurred Michelle
 * Obama's face", "a video purporting to show that Saudi television blurred the image"),
 * and up to OBJ_MAX content words after that verb, names too. */
static void told_predicate(scratch *s, const tok_list *t, size_t h, mread *r)
{
	for (size_t i = h + 1; i < t->n && i <= h + TOLD_WINDOW; i++) {
		size_t n, sn;
		const char *w = dnl_tok_word(t, i, &n);
		if (n < 4 || (t->v[i].flags & (TOK_DIGIT | TOK_UPPER)) || (s->bits[i] & W_HEDGE) ||
		    !lex_inflected_verb(s->lex, w, n))
			continue;
		const char *st = stem_word(s->stem, w, n, &sn);
		r->tpred = hash_bytes(st, sn, 0);
		words_after(s, t, i + 1, W_FALSE | W_DENYV | W_GENERIC | W_META | W_HEDGE, true,
			    r->tobj, &r->ntobj, OBJ_MAX, &r->tobj_name);
		return;
	}
}

/* Whether the mention opens on a report named by a determiner that points back ("The
 * report may have generated a lot of clicks but is totally inaccurate", "This story is
 * wildly inaccurate", "That report, however, is false"), after an "And" or "But". */
static bool opens_on_anaphor(const scratch *s, const tok_list *t)
{
	static const char *const det[] = {"the", "this", "that", "these", "those", "such", NULL};
	static const char *const conj[] = {"and", "but", "yet", "so", NULL};
	size_t i = 0, n;
	const char *w;
	if (t->n && (w = dnl_tok_word(t, 0, &n), util_word_in(w, n, conj)))
		i++;
	if (i + 1 >= t->n)
		return false;
	w = dnl_tok_word(t, i, &n);
	if (!util_word_in(w, n, det))
		return false;
	/* the noun, or an adjective and the noun ("the bogus report", "the viral story"),
	 * not followed by what it tells ("The report claiming that Cesar Millan died ...
	 * appears to be a hoax" says itself what is false) */
	static const char *const tells[] = {"claiming", "saying", "suggesting", "alleging",
					    "that", "of", "about", "stating", NULL};
	size_t k = (s->bits[i + 1] & W_NOUN) ? i + 1
		   : (i + 2 < t->n && (s->bits[i + 2] & W_NOUN)) ? i + 2 : 0;
	if (!k)
		return false;
	if (k + 1 < t->n) {
		w = dnl_tok_word(t, k + 1, &n);
		if (util_word_in(w, n, tells))
			return false;
	}
	return true;
}

/* Whether token i is a report noun that tells what follows: "Reports have surfaced
 * that ...", "medical reports indicate that he suffered ...", "rumours say": the noun,
 * then a verb of telling within two words. The statement tells the story on the reports'
 * word, as "said" does (not as a rumour its article recounts: match_recounts). */
static bool reports_tell(const scratch *s, const tok_list *t, size_t i)
{
	static const char *const nouns[] = {"reports", "rumours", "rumors", NULL};
	static const char *const tell[] = {"say", "said", "suggest", "suggested", "indicate",
					   "indicated", "surfaced", "emerged", "claim", "claimed",
					   "allege", "alleged", "state", "stated", NULL};
	size_t n;
	const char *w = dnl_tok_word(t, i, &n);
	if (!(s->bits[i] & W_NOUN) || !util_word_in(w, n, nouns))
		return false;
	for (size_t k = i + 1; k < t->n && k <= i + 3; k++) {
		w = dnl_tok_word(t, k, &n);
		if (!(t->v[k].flags & (TOK_UPPER | TOK_ALLCAPS)) && util_word_in(w, n, tell))
			return true; /* not "Rumors that Islamic State ..." */
	}
	return false;
}

/* "We've heard talk that we launched ...", "has heard that people are saying": hearsay,
 * not a statement ("a loud boom heard Saturday night" is one). */
static bool heard_that(const tok_list *t, size_t i)
{
	static const char *const next[] = {"that", "talk", "people", "rumours", "rumors",
					   "reports", "claims", NULL};
	size_t n;
	const char *w = dnl_tok_word(t, i, &n);
	if (n != 5 || memcmp(w, "heard", 5) != 0 || i + 1 >= t->n)
		return false;
	w = dnl_tok_word(t, i + 1, &n);
	return util_word_in(w, n, next);
}

void dnl_read_mention(scratch *s, const clm_doc *d, const clm_mention *m, mread *r)
{
	memset(r, 0, sizeof *r);
	if (m->end <= m->start || m->end > d->nbytes ||
	    tok_run(d->text + m->start, m->end - m->start, &s->toks) < 0)
		return;
	const tok_list *t = &s->toks;
	word_bits(s, t);
	bool loose, attr;
	long cue = find_cue(s, t, &loose, &attr);
	bool question = m->end > m->start && d->text[m->end - 1] == '?';
	r->loose = loose;
	r->cue_attr = cue >= 0 && attr;
	if (cue >= 0 && !question) {
		r->role |= M_DENIAL;
		r->cue_start = m->start + t->v[cue].start;
		r->cue_end = m->start + t->v[cue].end;
		if (nominal_negation(s, t, (size_t)cue)) /* "no blurring" */
			r->cue_end = m->start + t->v[cue + 1].end;
		else if ((s->bits[cue] & W_PAIR1) && pair_cue(t, (size_t)cue)) {
			size_t n;
			const char *w2 = dnl_tok_word(t, (size_t)cue + 1, &n);
			bool the = n == 3 && !memcmp(w2, "the", 3); /* "not the case" */
			r->cue_end = m->start + t->v[cue + 1 + the].end;
		}
		bool none = nominal_negation(s, t, (size_t)cue);
		if (none)
			nominal_predicate(s, t, (size_t)cue, r);
		else
			denied_predicate(s, t, (size_t)cue, r);
		/* only when the cue says nothing of its own: not "The bogus story alleged
		 * that ..." (a described noun), not a denied predicate after the cue */
		/* "that's not the case as documents vanished": what it calls false is the
		 * sentence before, whatever verb follows */
		r->pronoun = !attr && pronoun_subject(s, t, (size_t)cue);
		if (r->pronoun) {
			r->pred = 0;
			r->nobj = 0;
		}
		r->anaphor = !attr && !r->pred && (opens_on_anaphor(s, t) || r->pronoun);
		r->said = none || said_false(s, t, (size_t)cue);
	}
	bool states = !loose && !question && m->polarity == CLM_AFFIRMED &&
		      !quotes_text(d->text + m->start, m->end - m->start);
	/* content words and non-name content words, as stem hashes */
	size_t base = s->npool;
	XGROW(s->pool, s->poolcap, s->npool + 2 * t->n + 1);
	uint64_t *f = s->pool + base, *nn = s->pool + base + t->n;
	size_t nf = 0, nnn = 0;
	bool hedged = false, blocked = false; /* a rumour hedge; any other hedge or a negation */
	for (size_t i = 0; i < t->n; i++) {
		unsigned b = s->bits[i];
		if (reports_tell(s, t, i)) /* "Reports have surfaced that ...": on a source's word */
			b = (b & ~W_HEDGE) | W_SOURCE;
		if ((b & W_HEDGE) && !(b & (W_RUMOUR | W_SOURCE)))
			blocked = true;
		if ((b & (W_SOURCE | W_RUMOUR)) && !hedged) {
			r->hedge_start = m->start + t->v[i].start;
			r->hedge_end = m->start + t->v[i].end;
		}
		if (b & W_SOURCE)
			hedged = true;
		if (b & W_NEG)
			blocked = true;
		if (b & W_EXPECT)
			r->expects = true;
		if ((b & W_RUMOUR) && !r->tpred)
			told_predicate(s, t, i, r);
		if (b & W_RUMOUR)
			r->rumour = hedged = true;
		if (heard_that(t, i))
			states = false;
		size_t n;
		const char *w = dnl_tok_word(t, i, &n);
		bool digit = t->v[i].flags & TOK_DIGIT;
		if (!digit && (n < 3 || stem_is_stop(w, n)))
			continue;
		if (b & (W_FALSE | W_DENYV | W_GENERIC))
			continue;
		size_t sn;
		const char *st = stem_word(s->stem, w, n, &sn);
		uint64_t h = hash_bytes(st, sn, 0);
		f[nf++] = h;
		bool name = i > 0 && (t->v[i].flags & TOK_UPPER);
		if (!name && !(b & (W_META | W_COP)) && !digit)
			nn[nnn++] = h;
	}
	nf = util_uniq_u64(f, nf);
	/* nn moves down right after f */
	nnn = util_uniq_u64(nn, nnn);
	memmove(f + nf, nn, nnn * sizeof *nn);
	r->f0 = (uint32_t)base;
	r->nf = (uint32_t)nf;
	r->n0 = (uint32_t)(base + nf);
	r->nn = (uint32_t)nnn;
	s->npool = base + nf + nnn;
	if (states && !blocked && nf >= SHARED_MIN)
		r->role |= hedged ? M_REPORTS : M_STATES;
}

scratch *dnl_scratch_new(void)
{
	scratch *s = xcalloc(1, sizeof *s);
	wtab_init(&s->words);
	s->stem = stem_new();
	s->lex = lex_new();
	return s;
}

void dnl_scratch_free(scratch *s)
{
	if (!s)
		return;
	stem_free(s->stem);
	lex_free(s->lex);
	tok_list_free(&s->toks);
	free(s->pool);
	free(s->bits);
	free(s);
}
