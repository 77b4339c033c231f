/* topic.c - TF-IDF cosine between documents and average-linkage stories (see topic.h).
 *
 * Workload: news sets of a few to a few thousand articles of ~100-1,000 distinct terms.
 * Exact scoring walks an inverted index (cost: the sum over terms of df^2 / 2, a fraction
 * of a second for 2,000 articles); candidate scoring, for larger sets, only walks the
 * postings of each document's rare terms and needs two of them shared, then scores
 * the pair exactly by merging the two sorted vectors. Stories: greedy average linkage on
 * the sparse graph of reported pairs (a missing pair counts 0), with a heap of cluster
 * pairs and lazy invalidation: O(E log E) plus the neighbour lists touched by each merge.
 * Terms straight from the text (tpc_doc_scan) are the hot path of a large corpus: one pass,
 * a stem and a stop-word test per distinct word of a document, not per token.
 * It does not stem (stem.c does), print or read files.
 */
#include "overlap/topic.h"

#include <math.h>
#include <stdlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string.h>

#include "hash.h"
#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/pool.h"
#include "overlap/stem.h"

/* ---- tuning ---- */

/* IDF prior: idf = ln((N + TPC_PRIOR_DOCS) / df), as if TPC_PRIOR_DOCS more documents that
 * hold none of the terms were in the corpus. A small corpus cannot tell a story's words from
 * common ones: with N = 64 a story word in 8 articles got half the idf of a word in one, so
 * two reports of one story scored under the cut. Measured on dev-news (bench/stories.py, 6
 * subsets of 8 stories / all 187): prior 10 gave ARI 0.708 / 0.922, 300 gave 0.886 / 0.922,
 * 1000 gave 0.978 / 0.917. It also keeps a pair's score nearly unchanged when unrelated
 * articles are added. */
#define TPC_PRIOR_DOCS 1000.0
/* Weight of a named entity against a word. Measured on dev-news (cut 0.20, attach 0.25):
 * 1.5 gave same-story recall 0.929 / precision 0.887 / ARI 0.907, 1.0 gave 0.942 / 0.903 /
 * 0.922: the stories that merge wrongly share their names (Apple Watch, Kim Jong Un), so a
 * boost only tightens them. Entities still count: a name is one more term beside its words. */
#define TPC_ENTITY_BOOST 1.0
/* Longest run of capitalised words taken as one name: longer runs are headlines in title
 * case or capitals, not names. */
#define TPC_ENTITY_MAX_WORDS 4
/* Weights are boolean-tf IDF (a term counts once, however often it occurs): repetition says
 * more about an article's length and style than about its story, and the stories that merge
 * wrongly share the words they repeat most (Apple Watch, Kim Jong Un). Measured before the
 * lead and the IDF power below (dev-news, 187 stories, 1,655 articles; bench/stories.py,
 * --no-claims; all at once / mean of 3 sets of 8 stories):
 *   (1 + ln tf) IDF, cut 0.20, attach 0.25: recall 0.959, precision 0.879, ARI 0.917 / 0.978
 *   boolean tf,      cut 0.14, attach 0.20: recall 0.908, precision 0.914, ARI 0.910 / 0.964
 *
 * Two rumours about one subject (an actor cast in a film and another actor cast in the same
 * film; a leader's sister taking over and the same leader's leg injury) share every name of
 * the subject and differ in a few event words, which are rarer and which the articles put in
 * their first sentence. So:
 *   - the IDF is raised to TPC_IDF_POWER: a word of one story (df ~10-20) then outweighs a
 *     subject word spread over several stories (df ~50) by more;
 *   - a term first seen in a document's first TPC_LEAD_TOKENS words (the lead, about the
 *     first sentence and a half: where news states its event) weighs TPC_LEAD_BOOST times.
 * Fitted on the even-numbered dev-news stories with a model of these scores outside the
 * tool (held-out odd ones in brackets): IDF power 1, no lead boost, cut 0.14, attach 0.20:
 * ARI 0.945 (0.922), precision 0.961 (0.918); lead 40 words x2, cut 0.18, attach 0.24: 0.958
 * (0.933), 0.964 (0.927); + IDF power 1.5, cut 0.14, attach 0.28: 0.953 (0.933), 0.974
 * (0.938). In the tool (bench/stories.py --split, claims on): even stories ARI 0.958,
 * precision 0.975, recall 0.944; odd 0.910, 0.935, 0.890; all 1,655 at once 0.931, 0.951,
 * 0.914 (before: 0.912, 0.908, 0.917). The odd
 * stories' precision is held down by two Steve Jobs film rumours (Christian Bale cast, Seth
 * Rogen cast) whose articles each name both actors: 360 of its 383 wrong pairs. Power 2
 * splits true stories (recall 0.88 at the precision of 1.5). Boosting names in the lead
 * instead (2x, 3x) merged more subjects (precision 0.85-0.90). */
#define TPC_IDF_POWER 1.5
#define TPC_LEAD_TOKENS 40
#define TPC_LEAD_BOOST 2.0
#define TPC_STORY_CUT 0.14
/* Pairs under TPC_PAIR_MIN count 0 in the linkage; unrelated news articles score 0.00-0.05. */
#define TPC_PAIR_MIN 0.05
/* Second stage: a story of fewer than TPC_CORE_MIN articles joins the larger story whose
 * centroid (the normalised sum of its articles' vectors) is closest, when the cosine of the
 * two centroids is at least TPC_ATTACH. Short items (a tweet, a two-line summary) share few
 * terms with any one long article, so their pairwise scores stay under the cut, yet the
 * centroid holds exactly the story's core terms they repeat. Cores are fixed before any
 * attachment, so nothing chains through an attached article. A lone article attached to a
 * story of 30 makes 30 pairs at once, so the bar is above the cut: on dev-news (model of the
 * scores, cut 0.14, even stories) 0.20 gave recall 0.950 / precision 0.968, 0.28 gave 0.934 /
 * 0.974; all stories: precision 0.939 / 0.951. */
#define TPC_CORE_MIN 3
#define TPC_ATTACH 0.28
/* Exact all-pairs up to this many documents (the pipeline's detail mode holds 2,000). */
#define TPC_EXACT_MAX 5000
/* Candidate mode: a term is rare when at most TPC_RARE_DF documents hold it (a story of
 * dozens of articles still shares its rare names), and a pair is scored when the two share
 * TPC_RARE_SHARED rare terms: one shared rare word is chance, two start to be a topic.
 * Cost per document: the sum of its rare terms' df, at most TPC_RARE_DF each. */
#define TPC_RARE_DF 64
#define TPC_RARE_SHARED 2
/* ...and when the rare terms they share already give TPC_RARE_PARTIAL of the cosine (the
 * reporting floor TPC_PAIR_MIN): two articles of one story share names and rare words worth
 * far more (same-story pairs of dev-news score 0.18 and more in all); a pair whose score
 * comes from common words is not a story. It cut the pairs scored on the 92 MB benchmark
 * corpus from 564,000 to about a third. */
#define TPC_RARE_PARTIAL 0.05
/* The shared count and the partial sum share one double: count + partial / SCALE, with
 * SCALE above any count of rare terms two documents can share times... kept exact enough:
 * partial <= 1, so partial / SCALE < 1 for SCALE > 1. */
#define TPC_RARE_SCALE 4.0
/* Words in a story label, chosen among the TPC_LABEL_POOL heaviest terms. */
#define TPC_LABEL_TERMS 6
#define TPC_LABEL_POOL 24

/* Longest ASCII word tpc_doc_scan lower-cases itself; a longer one goes through tok_run. */
#define TPC_SCAN_WORD_MAX 64
#define SCAN_ALNUM(c) (((c) >= '0' && (c) <= '9') || (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z'))

/* Salt that keeps an entity's key apart from the stem key of the same word. */
#define TPC_ENTITY_SALT 0x9c3f1d2e5b7a6084ull

tpc_opts tpc_opts_default(void)
{
	return (tpc_opts){ .pair_min = TPC_PAIR_MIN, .story_cut = TPC_STORY_CUT, .attach = TPC_ATTACH,
			   .exact_max = TPC_EXACT_MAX, .threads = 0 };
}

/* ---- terms of a document ---- */

static void add_name(tpc_doc *d, tpc_term *t, const char *s, size_t n)
{
	if (n > UINT16_MAX)
		n = UINT16_MAX;
	XGROW(d->names, d->names_cap, d->names_nbytes + n + 1);
	memcpy(d->names + d->names_nbytes, s, n);
	t->name_off = (uint32_t)d->names_nbytes;
	t->name_len = (uint16_t)n;
	d->names_nbytes += n;
}

/* Append a term seen once, named by this (its first, so earliest) occurrence. */
static void new_term(tpc_doc *d, uint64_t key, uint8_t kind, bool lead, const char *name,
		     size_t nlen)
{
	XGROW(d->v, d->cap, d->n + 1);
	tpc_term *t = &d->v[d->n++];
	memset(t, 0, sizeof *t);
	t->key = key;
	t->tf = 1;
	t->entity = kind;
	t->lead = lead;
	add_name(d, t, name, nlen);
}

/* Count one occurrence of key: a new term (named by its first occurrence) or tf + 1. The
 * open-addressing table d->slots (index + 1, 0 = free) is sized by the caller. */
static void push_term(tpc_doc *d, uint64_t key, uint8_t kind, bool lead, const char *name,
		      size_t nlen)
{
	size_t mask = d->slots_cap - 1;
	size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 17) & mask;
	while (d->slots[h]) {
		tpc_term *t = &d->v[d->slots[h] - 1];
		if (t->key == key) {
			t->tf++;
			return;
		}
		h = (h + 1) & mask;
	}
	new_term(d, key, kind, lead, name, nlen);
	d->slots[h] = (uint32_t)d->n;
}

static bool content_word(const tok_list *toks, size_t i, const stem_ctx *stop)
{
	const tok *t = &toks->v[i];
	if ((t->flags & TOK_DIGIT) || !(t->flags & TOK_ALPHA) || t->norm_len < 2)
		return false;
	return stop ? !stem_is_stop_hash(stop, t->hash)
		    : !stem_is_stop(toks->norm + t->norm_off, t->norm_len);
}

/* Whether token i starts a sentence: the last non-blank byte before it ends one. */
static bool sentence_start(const uint8_t *text, const tok *t)
{
	size_t p = t->start;
	while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t'))
		p--;
	if (p == 0)
		return true;
	uint8_t c = text[p - 1];
	if (c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == ':' || c == '"' ||
	    c == '\'' || c == '(' || c == '-')
		return true;
	return c >= 0x80; /* closing quotes, dashes, bullets in UTF-8 */
}

int tpc_doc_terms(const tok_list *toks, const uint64_t *keys, const uint8_t *text,
		  size_t nbytes, const stem_ctx *stop, tpc_doc *out)
{
	if (!out)
		return OVL_EUSAGE;
	out->n = 0;
	out->names_nbytes = 0;
	if (!toks || !toks->n)
		return 0;
	if (!keys || !text || !toks->v)
		return OVL_EUSAGE;
	size_t n = toks->n;
	/* at most n terms (words and entities): a table of >= 2n slots */
	size_t need = 16;
	while (need < 2 * n)
		need <<= 1;
	if (out->slots_cap < need) {
		free(out->slots);
		out->slots = xmalloc(need * sizeof *out->slots);
		out->slots_cap = need;
	}
	memset(out->slots, 0, out->slots_cap * sizeof *out->slots);
	XGROW(out->content, out->content_cap, n);
	for (size_t i = 0; i < n; i++)
		out->content[i] = content_word(toks, i, stop);
	for (size_t i = 0; i < n; i++) {
		const tok *t = &toks->v[i];
		if (out->content[i])
			push_term(out, keys[i], 0, i < TPC_LEAD_TOKENS, toks->norm + t->norm_off,
				  t->norm_len);
	}
	/* Entities: maximal runs of capitalised content words one space apart. */
	for (size_t i = 0; i < n;) {
		const tok *t = &toks->v[i];
		if (!(t->flags & TOK_UPPER) || !out->content[i] || t->end > nbytes) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < n && (toks->v[j].flags & TOK_UPPER) && out->content[j] &&
		       toks->v[j].start == toks->v[j - 1].end + 1 &&
		       text[toks->v[j - 1].end] == ' ' && toks->v[j].end <= nbytes)
			j++;
		size_t len = j - i;
		bool lone_initial = len == 1 && sentence_start(text, t);
		if (len <= TPC_ENTITY_MAX_WORDS && !lone_initial) {
			uint64_t key = TPC_ENTITY_SALT;
			for (size_t w = i; w < j; w++)
				key = (key ^ keys[w]) * 0x100000001b3ull + w - i;
			push_term(out, key, 1, i < TPC_LEAD_TOKENS, (const char *)text + t->start,
				  toks->v[j - 1].end - t->start);
		}
		i = j;
	}
	return 0;
}

/* ---- terms straight from the text (tpc_doc_scan) ---- */

/* A run of capitalised content words waiting to be closed into an entity. */
typedef struct ent_run {
	uint64_t key;
	size_t first_tok;    /* token index of the first word (lead test) */
	size_t start, end;   /* bytes of the first word's start and the last word's end */
	size_t nwords;
	bool lone_initial;   /* the first word starts a sentence */
} ent_run;

struct tpc_scan {
	uint32_t *slots;     /* open addressing over out->v, index + 1, 0 = free */
	size_t slots_cap;
	uint32_t *used;      /* slots taken, to clear them for the next document */
	size_t nused, used_cap;
	tok_list region;     /* tok_run of a stretch with non-ASCII bytes */
	ent_run *ents;       /* closed entities, pushed after the words */
	size_t nents, ents_cap;
	ent_run run;         /* the open run (nwords == 0: none) */
	char low[TPC_SCAN_WORD_MAX + 16]; /* the current ASCII word, lower-cased */
	uint64_t *wh;        /* this document's words by tok_word_hash (0 = free slot) */
	uint32_t *wv;        /* ...their term index, or SCAN_NOT_TERM (a stop word) */
	size_t wcap, wn;
	uint32_t *wused;     /* slots taken, to clear them for the next document */
	size_t wused_cap;
	uint8_t cls[256];    /* SC_* class of each byte */
};

enum { SC_ALNUM = 1, SC_DIGIT = 2, SC_ALPHA = 4, SC_UPPER = 8, SC_HIGH = 16 };
#define SCAN_NOT_TERM UINT32_MAX

/* Lower-case the ASCII word text[p, p + len) into sc->low, zero-padded to 16 bytes, and
 * return its tok_word_hash: 16 bytes at once where the text has them (one load, no byte
 * loop, no call), the hash inlined on the padded form as tokenize.c computes it. */
static inline uint64_t scan_lower(tpc_scan *sc, const uint8_t *text, size_t nbytes, size_t p,
				  size_t len)
{
#if defined(__SSE2__)
	if (len <= 16 && p + 16 <= nbytes) {
		static const uint8_t ramp[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(text + p));
		__m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
					   _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
		x = _mm_or_si128(x, _mm_and_si128(up, _mm_set1_epi8(0x20)));
		__m128i keep = _mm_cmplt_epi8(_mm_loadu_si128((const __m128i *)(const void *)ramp),
					      _mm_set1_epi8((char)len));
		x = _mm_and_si128(x, keep);
		_mm_storeu_si128((__m128i *)(void *)sc->low, x);
		return XXH3_64bits_withSeed(sc->low, 16, len);
	}
#endif
	for (size_t k = 0; k < len; k++) {
		uint8_t b = text[p + k];
		sc->low[k] = (char)((sc->cls[b] & SC_UPPER) ? b | 0x20 : b);
	}
	if (len <= 16) {
		memset(sc->low + len, 0, 16 - len);
		return XXH3_64bits_withSeed(sc->low, 16, len);
	}
	return tok_word_hash(sc->low, len);
}

/* The word table slot of hash h (found or free). */
static size_t word_slot(const tpc_scan *sc, uint64_t h)
{
	size_t m = sc->wcap - 1, i = (size_t)((h * 0x9e3779b97f4a7c15ull) >> 20) & m;
	while (sc->wh[i] && sc->wh[i] != h)
		i = (i + 1) & m;
	return i;
}

static void word_grow(tpc_scan *sc)
{
	size_t ocap = sc->wcap, ncap = ocap ? 2 * ocap : 512;
	uint64_t *oh = sc->wh;
	uint32_t *ov = sc->wv;
	sc->wh = xcalloc(ncap, sizeof *sc->wh);
	sc->wv = xmalloc(ncap * sizeof *sc->wv);
	sc->wcap = ncap;
	XGROW(sc->wused, sc->wused_cap, ncap / 2 + 1);
	size_t n = 0;
	for (size_t i = 0; i < ocap; i++)
		if (oh[i]) {
			size_t k = word_slot(sc, oh[i]);
			sc->wh[k] = oh[i];
			sc->wv[k] = ov[i];
			sc->wused[n++] = (uint32_t)k;
		}
	sc->wn = n;
	free(oh);
	free(ov);
}

tpc_scan *tpc_scan_new(void)
{
	tpc_scan *sc = xcalloc(1, sizeof(tpc_scan));
	word_grow(sc);
	for (unsigned b = 0; b < 256; b++) {
		uint8_t c = 0;
		if (b >= '0' && b <= '9')
			c = SC_ALNUM | SC_DIGIT;
		else if (b >= 'a' && b <= 'z')
			c = SC_ALNUM | SC_ALPHA;
		else if (b >= 'A' && b <= 'Z')
			c = SC_ALNUM | SC_ALPHA | SC_UPPER;
		else if (b >= 0x80)
			c = SC_HIGH;
		sc->cls[b] = c;
	}
	return sc;
}

void tpc_scan_free(tpc_scan *sc)
{
	if (!sc)
		return;
	free(sc->slots);
	free(sc->wh);
	free(sc->wv);
	free(sc->wused);
	free(sc->used);
	tok_list_free(&sc->region);
	free(sc->ents);
	free(sc);
}

static void scan_rehash(tpc_scan *sc, const tpc_doc *d, size_t cap)
{
	free(sc->slots);
	sc->slots = xcalloc(cap, sizeof *sc->slots);
	sc->slots_cap = cap;
	sc->nused = 0;
	XGROW(sc->used, sc->used_cap, cap / 2 + 1);
	for (size_t i = 0; i < d->n; i++) {
		uint64_t key = d->v[i].key;
		size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 17) & (cap - 1);
		while (sc->slots[h])
			h = (h + 1) & (cap - 1);
		sc->slots[h] = (uint32_t)(i + 1);
		sc->used[sc->nused++] = (uint32_t)h;
	}
}

/* push_term with a table that grows instead of one sized for the whole document. */
static uint32_t scan_push(tpc_scan *sc, tpc_doc *d, uint64_t key, uint8_t kind, bool lead,
			  const char *name, size_t nlen)
{
	if (2 * (d->n + 1) > sc->slots_cap)
		scan_rehash(sc, d, sc->slots_cap ? 2 * sc->slots_cap : 1024);
	size_t mask = sc->slots_cap - 1;
	size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 17) & mask;
	while (sc->slots[h]) {
		tpc_term *t = &d->v[sc->slots[h] - 1];
		if (t->key == key) {
			t->tf++;
			return sc->slots[h] - 1;
		}
		h = (h + 1) & mask;
	}
	new_term(d, key, kind, lead, name, nlen);
	sc->slots[h] = (uint32_t)d->n;
	sc->used[sc->nused++] = (uint32_t)h; /* room: nused <= slots_cap / 2 */
	return (uint32_t)(d->n - 1);
}

static void run_close(tpc_scan *sc)
{
	ent_run *r = &sc->run;
	if (r->nwords && r->nwords <= TPC_ENTITY_MAX_WORDS && !(r->nwords == 1 && r->lone_initial)) {
		XGROW(sc->ents, sc->ents_cap, sc->nents + 1);
		sc->ents[sc->nents++] = *r;
	}
	r->nwords = 0;
}

/* One token, in text order: the word term, and the entity run it opens, extends or ends.
 * The same rules as tpc_doc_terms (content_word, the entity loop). A word seen before in
 * the document costs one probe of the document's word table (small: in L1); only its first
 * occurrence is tested against the stop words and stemmed. */
static void scan_token(tpc_scan *sc, stem_ctx *st, tpc_doc *out, const uint8_t *text,
		       size_t tok_idx, size_t start, size_t end, unsigned flags,
		       const char *norm, size_t norm_len, uint64_t hash)
{
	bool content = !(flags & TOK_DIGIT) && (flags & TOK_ALPHA) && norm_len >= 2;
	uint64_t key = 0;
	if (content) {
		uint64_t h = hash ? hash : 1; /* 0 marks a free slot */
		size_t k = word_slot(sc, h);
		uint32_t idx;
		if (sc->wh[k]) {
			idx = sc->wv[k];
			if (idx != SCAN_NOT_TERM)
				out->v[idx].tf++;
		} else {
			idx = stem_is_stop_hash(st, hash)
				      ? SCAN_NOT_TERM
				      : scan_push(sc, out, stem_key(st, hash, norm, norm_len), 0,
						  tok_idx < TPC_LEAD_TOKENS, norm, norm_len);
			if (2 * (sc->wn + 1) > sc->wcap) {
				word_grow(sc);
				k = word_slot(sc, h);
			}
			sc->wh[k] = h;
			sc->wv[k] = idx;
			sc->wused[sc->wn++] = (uint32_t)k;
		}
		content = idx != SCAN_NOT_TERM;
		if (content)
			key = out->v[idx].key;
	}
	ent_run *r = &sc->run;
	bool cap = content && (flags & TOK_UPPER);
	if (cap && r->nwords && start == r->end + 1 && text[r->end] == ' ') {
		r->key = (r->key ^ key) * 0x100000001b3ull + r->nwords;
		r->nwords++;
		r->end = end;
		return;
	}
	run_close(sc);
	if (cap) {
		r->key = (TPC_ENTITY_SALT ^ key) * 0x100000001b3ull;
		r->first_tok = tok_idx;
		r->start = start;
		r->end = end;
		r->nwords = 1;
		tok t = { .start = (uint32_t)start };
		r->lone_initial = sentence_start(text, &t);
	}
}

int tpc_doc_scan(tpc_scan *sc, stem_ctx *st, const uint8_t *text, size_t nbytes, tpc_doc *out)
{
	if (!sc || !st || !out || (!text && nbytes))
		return OVL_EUSAGE;
	if (nbytes > UINT32_MAX)
		return OVL_ETOOBIG;
	out->n = 0;
	out->names_nbytes = 0;
	sc->nents = 0;
	sc->run.nwords = 0;
	for (size_t i = 0; i < sc->nused; i++)
		sc->slots[sc->used[i]] = 0;
	sc->nused = 0;
	for (size_t i = 0; i < sc->wn; i++)
		sc->wh[sc->wused[i]] = 0;
	sc->wn = 0;
	size_t ntok = 0, p = 0;
	while (p < nbytes) {
		uint8_t c = text[p];
		if (!sc->cls[c]) {
			p++;
			continue;
		}
		size_t rs = p;
		if (c < 0x80) {
			/* ASCII word: lower-cased and hashed as tok_run does */
			const uint8_t *cls = sc->cls;
			unsigned acc = 0;
			size_t q = p;
			while (q < nbytes && (cls[text[q]] & SC_ALNUM))
				acc |= cls[text[q++]];
			size_t len = q - p;
			unsigned flags = (cls[c] & SC_UPPER) ? TOK_UPPER : 0;
			flags |= (acc & SC_DIGIT) ? TOK_DIGIT : 0;
			flags |= (acc & SC_ALPHA) ? TOK_ALPHA : 0;
			uint64_t h = 0;
			if (len <= TPC_SCAN_WORD_MAX)
				h = scan_lower(sc, text, nbytes, p, len);
			else
				q = p; /* a very long word: through tok_run below */
			if (q > p && (q == nbytes || !(cls[text[q]] & SC_HIGH))) {
				scan_token(sc, st, out, text, ntok++, p, q, flags, sc->low, len, h);
				p = q;
				continue;
			}
			/* a non-ASCII byte (or a very long word) follows: tokenise the stretch */
		}
		/* the stretch up to the next ASCII separator, by tok_run: words never span an
		 * ASCII separator, so its tokens are those of the whole text */
		size_t re = p;
		while (re < nbytes && !(text[re] < 0x80 && !SCAN_ALNUM(text[re])))
			re++;
		int rc = tok_run(text + rs, re - rs, &sc->region);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < sc->region.n; i++) {
			const tok *t = &sc->region.v[i];
			scan_token(sc, st, out, text, ntok++, rs + t->start, rs + t->end, t->flags,
				   sc->region.norm + t->norm_off, t->norm_len, t->hash);
		}
		p = re;
	}
	run_close(sc);
	for (size_t i = 0; i < sc->nents; i++) {
		const ent_run *e = &sc->ents[i];
		scan_push(sc, out, e->key, 1, e->first_tok < TPC_LEAD_TOKENS,
			  (const char *)text + e->start, e->end - e->start);
	}
	return 0;
}

void tpc_doc_clear(tpc_doc *d)
{
	if (!d)
		return;
	free(d->v);
	free(d->names);
	free(d->slots);
	free(d->content);
	memset(d, 0, sizeof *d);
}

/* ---- vocabulary and weighted vectors ---- */

typedef struct tw {
	uint32_t term;
	float w;
} tw;

typedef struct vocab {
	uint64_t *keys;      /* open addressing, 0 = free (a real key 0 is mapped to 1) */
	uint32_t *ids;
	size_t cap;
	uint32_t n;
	uint32_t *df;
	uint32_t *name_off;  /* display name: first occurrence, in names */
	uint16_t *name_len;
	uint8_t *entity;
	size_t tcap;
	char *names;
	size_t names_nbytes, names_cap;
} vocab;

static size_t slot_of(uint64_t k, size_t cap)
{
	return (size_t)((k ^ (k >> 29)) * 0x9e3779b97f4a7c15ull >> 11) & (cap - 1);
}

static uint32_t vocab_id(vocab *v, uint64_t key, const char *name, uint16_t name_len,
			 uint8_t entity)
{
	if (!key)
		key = 1;
	if ((size_t)(v->n + 1) * 2 > v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 4096;
		uint64_t *nk = xcalloc(ncap, sizeof *nk);
		uint32_t *ni = xmalloc(ncap * sizeof *ni);
		for (size_t i = 0; i < v->cap; i++) {
			if (!v->keys[i])
				continue;
			size_t s = slot_of(v->keys[i], ncap);
			while (nk[s])
				s = (s + 1) & (ncap - 1);
			nk[s] = v->keys[i];
			ni[s] = v->ids[i];
		}
		free(v->keys);
		free(v->ids);
		v->keys = nk;
		v->ids = ni;
		v->cap = ncap;
	}
	size_t s = slot_of(key, v->cap);
	while (v->keys[s]) {
		if (v->keys[s] == key)
			return v->ids[s];
		s = (s + 1) & (v->cap - 1);
	}
	v->keys[s] = key;
	v->ids[s] = v->n;
	if (v->n + 1 > v->tcap) {
		size_t c = v->tcap;
		XGROW(v->df, c, (size_t)v->n + 1);
		c = v->tcap;
		XGROW(v->name_off, c, (size_t)v->n + 1);
		c = v->tcap;
		XGROW(v->name_len, c, (size_t)v->n + 1);
		c = v->tcap;
		XGROW(v->entity, c, (size_t)v->n + 1);
		v->tcap = c;
	}
	v->df[v->n] = 0;
	XGROW(v->names, v->names_cap, v->names_nbytes + name_len + 1);
	memcpy(v->names + v->names_nbytes, name, name_len);
	v->name_off[v->n] = (uint32_t)v->names_nbytes;
	v->name_len[v->n] = name_len;
	v->names_nbytes += name_len;
	v->entity[v->n] = entity;
	return v->n++;
}

static void vocab_free(vocab *v)
{
	free(v->keys);
	free(v->ids);
	free(v->df);
	free(v->name_off);
	free(v->name_len);
	free(v->entity);
	free(v->names);
}

static int tw_cmp(const void *x, const void *y)
{
	const tw *a = x, *b = y;
	return a->term < b->term ? -1 : a->term > b->term;
}

/* The streaming index: vocabulary and each document's (term, lead flag) list, CSR. */
struct tpc_index {
	vocab voc;
	uint32_t *term;
	uint8_t *lead;
	size_t *off;         /* ndocs + 1 */
	size_t n, cap, off_cap, ndocs;
};

tpc_index *tpc_index_new(void)
{
	tpc_index *ix = xcalloc(1, sizeof *ix);
	ix->off = xcalloc(1, sizeof *ix->off);
	ix->off_cap = 1;
	return ix;
}

void tpc_index_free(tpc_index *ix)
{
	if (!ix)
		return;
	vocab_free(&ix->voc);
	free(ix->term);
	free(ix->lead);
	free(ix->off);
	free(ix);
}

size_t tpc_index_ndocs(const tpc_index *ix)
{
	return ix ? ix->ndocs : 0;
}

int tpc_index_add(tpc_index *ix, const tpc_doc *d)
{
	if (!ix || !d || (d->n && !d->v))
		return OVL_EUSAGE;
	if (ix->ndocs + 1 >= UINT32_MAX || (uint64_t)ix->voc.names_nbytes + d->names_nbytes >= UINT32_MAX)
		return OVL_ETOOBIG;
	size_t c = ix->cap;
	XGROW(ix->term, c, ix->n + d->n + 1);
	c = ix->cap;
	XGROW(ix->lead, c, ix->n + d->n + 1);
	ix->cap = c;
	for (size_t i = 0; i < d->n; i++) {
		const tpc_term *t = &d->v[i];
		uint32_t id = vocab_id(&ix->voc, t->key, d->names + t->name_off, t->name_len,
				       t->entity);
		ix->voc.df[id]++;
		ix->term[ix->n] = id;
		ix->lead[ix->n++] = t->lead;
	}
	XGROW(ix->off, ix->off_cap, ix->ndocs + 2);
	ix->off[++ix->ndocs] = ix->n;
	return 0;
}

typedef struct model {
	size_t n;
	const vocab *voc_p;
	tw *vec;             /* all vectors, CSR by document, sorted by term, unit length */
	size_t *voff;        /* n + 1 */
	uint32_t *pdoc;      /* postings, CSR by term, documents ascending */
	float *pw;
	size_t *poff;        /* nterms + 1 */
} model;

static void model_build(const tpc_index *ix, model *m)
{
	memset(m, 0, sizeof *m);
	size_t n = ix->ndocs;
	m->n = n;
	m->voc_p = &ix->voc;
	m->voff = xcalloc(n + 1, sizeof *m->voff);
	memcpy(m->voff, ix->off, (n + 1) * sizeof *m->voff);
	size_t total = m->voff[n];
	m->vec = xmalloc((total ? total : 1) * sizeof *m->vec);
	double big_n = (double)n + TPC_PRIOR_DOCS;
	/* idf^TPC_IDF_POWER (and the entity boost) once per term */
	size_t nterms = m->voc_p->n;
	float *idf = xmalloc((nterms ? nterms : 1) * sizeof *idf);
	for (size_t t = 0; t < nterms; t++)
		idf[t] = (float)(pow(log(big_n / m->voc_p->df[t]), TPC_IDF_POWER) *
				 (m->voc_p->entity[t] ? TPC_ENTITY_BOOST : 1.0));
	/* 1 / norm of each document, in the index's term order */
	double *inv = xmalloc((n ? n : 1) * sizeof *inv);
	for (size_t d = 0; d < n; d++) {
		double norm = 0;
		for (size_t i = m->voff[d]; i < m->voff[d + 1]; i++) {
			/* boolean tf, lead boost: see TPC_STORY_CUT */
			double w = idf[ix->term[i]] * (ix->lead[i] ? TPC_LEAD_BOOST : 1.0);
			norm += w * w;
		}
		inv[d] = norm > 0 ? 1.0 / sqrt(norm) : 0;
	}
	/* postings (documents ascending), then the vectors from them term by term: each
	 * vector comes out sorted by term without a sort */
	uint32_t nt = m->voc_p->n;
	m->poff = xcalloc((size_t)nt + 1, sizeof *m->poff);
	for (uint32_t t = 0; t < nt; t++)
		m->poff[t + 1] = m->poff[t] + m->voc_p->df[t];
	m->pdoc = xmalloc((total ? total : 1) * sizeof *m->pdoc);
	m->pw = xmalloc((total ? total : 1) * sizeof *m->pw);
	size_t *fill = xmalloc(((size_t)nt + 1) * sizeof *fill);
	memcpy(fill, m->poff, ((size_t)nt + 1) * sizeof *fill);
	for (size_t d = 0; d < n; d++)
		for (size_t i = m->voff[d]; i < m->voff[d + 1]; i++) {
			uint32_t id = ix->term[i];
			float w = (float)(idf[id] * (ix->lead[i] ? TPC_LEAD_BOOST : 1.0));
			size_t p = fill[id]++;
			m->pdoc[p] = (uint32_t)d;
			m->pw[p] = (float)(w * inv[d]);
		}
	free(idf);
	free(inv);
	size_t *vfill = xmalloc((n ? n : 1) * sizeof *vfill);
	memcpy(vfill, m->voff, (n ? n : 1) * sizeof *vfill);
	for (uint32_t t = 0; t < nt; t++)
		for (size_t p = m->poff[t]; p < m->poff[t + 1]; p++)
			m->vec[vfill[m->pdoc[p]]++] = (tw){ t, m->pw[p] };
	free(vfill);
	free(fill);
}

static void model_free(model *m)
{
	free(m->vec);
	free(m->voff);
	free(m->pdoc);
	free(m->pw);
	free(m->poff);
}

/* Exact dot product of two sorted vectors. */
static double dot(const tw *a, size_t na, const tw *b, size_t nb)
{
	double s = 0;
	size_t i = 0, j = 0;
	/* shared terms are few: the equality branch is predictable, the steps are not, so
	 * they are taken without a branch */
	while (i < na && j < nb) {
		uint32_t x = a[i].term, y = b[j].term;
		if (x == y)
			s += (double)a[i].w * b[j].w;
		i += x <= y;
		j += y <= x;
	}
	return s;
}

/* ---- pair scoring (worker threads, one document a time) ---- */

typedef struct row {
	tpc_pair *v;
	size_t n;
	uint64_t scored;
} row;

typedef struct score_job {
	const model *m;
	double pair_min;
	bool exact;
	row *rows;
	double **acc;        /* per worker, n entries */
	uint32_t **touched;  /* per worker, n entries */
} score_job;

/* First posting of term t whose document is > a. */
static size_t postings_after(const model *m, uint32_t t, uint32_t a)
{
	size_t lo = m->poff[t], hi = m->poff[t + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->pdoc[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void score_one(void *ud, size_t i, unsigned worker)
{
	score_job *j = ud;
	const model *m = j->m;
	uint32_t a = (uint32_t)i;
	double *acc = j->acc[worker];
	uint32_t *touched = j->touched[worker];
	size_t nt = 0;
	const tw *va = m->vec + m->voff[a];
	size_t na = m->voff[a + 1] - m->voff[a];
	if (j->exact) {
		for (size_t k = 0; k < na; k++) {
			uint32_t t = va[k].term;
			if (m->voc_p->df[t] < 2)
				continue;
			for (size_t p = postings_after(m, t, a); p < m->poff[t + 1]; p++) {
				uint32_t b = m->pdoc[p];
				if (acc[b] == 0)
					touched[nt++] = b;
				acc[b] += (double)va[k].w * m->pw[p];
			}
		}
	} else {
		/* count the rare terms each later document shares with a (integer part) and add
		 * up their products (fraction, each < 1 / TPC_RARE_SHARED_SCALE) */
		for (size_t k = 0; k < na; k++) {
			uint32_t t = va[k].term, df = m->voc_p->df[t];
			if (df < 2 || df > TPC_RARE_DF)
				continue;
			for (size_t p = postings_after(m, t, a); p < m->poff[t + 1]; p++) {
				uint32_t b = m->pdoc[p];
				if (acc[b] == 0)
					touched[nt++] = b;
				acc[b] += 1.0 + (double)va[k].w * m->pw[p] / TPC_RARE_SCALE;
			}
		}
		for (size_t k = 0; k < nt; k++) {
			uint32_t b = touched[k];
			double shared = floor(acc[b]);
			double partial = (acc[b] - shared) * TPC_RARE_SCALE;
			if (shared >= TPC_RARE_SHARED && partial >= TPC_RARE_PARTIAL)
				acc[b] = dot(va, na, m->vec + m->voff[b], m->voff[b + 1] - m->voff[b]);
			else
				acc[b] = -1; /* not a candidate; still cleared below */
		}
	}
	row *r = &j->rows[a];
	size_t cap = 0;
	for (size_t k = 0; k < nt; k++) {
		uint32_t b = touched[k];
		double s = acc[b];
		acc[b] = 0;
		if (s >= 0)
			r->scored++;
		if (s < j->pair_min)
			continue;
		XGROW(r->v, cap, r->n + 1);
		r->v[r->n++] = (tpc_pair){ a, b, (float)(s > 1 ? 1 : s) };
	}
}

static int pair_cmp(const void *x, const void *y)
{
	const tpc_pair *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* ---- stories: greedy average linkage on the sparse pair graph ---- */

typedef struct nbr {
	uint32_t c;
	double sum;          /* sum of pair similarities between the two clusters */
} nbr;

typedef struct hent {
	double avg;
	uint32_t a, b;       /* a < b */
	uint32_t sa, sb;     /* stamps of a and b when pushed */
} hent;

typedef struct heap {
	hent *v;
	size_t n, cap;
} heap;

static bool hent_before(const hent *x, const hent *y)
{
	if (x->avg != y->avg)
		return x->avg > y->avg;
	if (x->a != y->a)
		return x->a < y->a;
	return x->b < y->b;
}

static void heap_push(heap *h, hent e)
{
	XGROW(h->v, h->cap, h->n + 1);
	size_t i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!hent_before(&e, &h->v[p]))
			break;
		h->v[i] = h->v[p];
		i = p;
	}
	h->v[i] = e;
}

static hent heap_pop(heap *h)
{
	hent top = h->v[0];
	hent last = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const hent *best = &last;
		if (l < h->n && hent_before(&h->v[l], best)) {
			m = l;
			best = &h->v[l];
		}
		if (r < h->n && hent_before(&h->v[r], best))
			m = r;
		if (m == i)
			break;
		h->v[i] = h->v[m];
		i = m;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

typedef struct clus {
	nbr *adj;
	size_t nadj, cap;
	uint32_t size;
	uint32_t stamp;
	bool dead;
} clus;

static void adj_remove(clus *c, uint32_t other)
{
	for (size_t i = 0; i < c->nadj; i++)
		if (c->adj[i].c == other) {
			c->adj[i] = c->adj[--c->nadj];
			return;
		}
}

/* root[d] = the surviving cluster index of document d's story. */
static void link_average(const tpc_pair *p, size_t np, size_t n, double cut, uint32_t *root)
{
	clus *c = xcalloc(n ? n : 1, sizeof *c);
	uint32_t *parent = xmalloc((n ? n : 1) * sizeof *parent);
	for (size_t i = 0; i < n; i++) {
		c[i].size = 1;
		parent[i] = (uint32_t)i;
	}
	heap h = { 0 };
	/* pairs are unique: append without searching */
	for (size_t i = 0; i < np; i++) {
		clus *x = &c[p[i].a], *y = &c[p[i].b];
		XGROW(x->adj, x->cap, x->nadj + 1);
		x->adj[x->nadj++] = (nbr){ p[i].b, p[i].sim };
		XGROW(y->adj, y->cap, y->nadj + 1);
		y->adj[y->nadj++] = (nbr){ p[i].a, p[i].sim };
		if (p[i].sim >= cut)
			heap_push(&h, (hent){ p[i].sim, p[i].a, p[i].b, 0, 0 });
	}
	/* pos[k]: index of cluster k in the merged list, or SIZE_MAX */
	size_t *pos = xmalloc((n ? n : 1) * sizeof *pos);
	for (size_t i = 0; i < n; i++)
		pos[i] = SIZE_MAX;
	while (h.n) {
		hent e = heap_pop(&h);
		clus *ca = &c[e.a], *cb = &c[e.b];
		if (ca->dead || cb->dead || ca->stamp != e.sa || cb->stamp != e.sb)
			continue;
		/* merge b into a */
		uint32_t a = e.a, b = e.b;
		nbr *m = NULL;
		size_t nm = 0, mcap = 0;
		for (int side = 0; side < 2; side++) {
			clus *src = side ? cb : ca;
			for (size_t i = 0; i < src->nadj; i++) {
				uint32_t k = src->adj[i].c;
				if (k == a || k == b)
					continue;
				if (pos[k] == SIZE_MAX) {
					XGROW(m, mcap, nm + 1);
					m[nm] = (nbr){ k, 0 };
					pos[k] = nm++;
				}
				m[pos[k]].sum += src->adj[i].sum;
			}
		}
		free(ca->adj);
		free(cb->adj);
		ca->adj = m;
		ca->nadj = nm;
		ca->cap = mcap;
		ca->size += cb->size;
		ca->stamp++;
		cb->adj = NULL;
		cb->nadj = cb->cap = 0;
		cb->dead = true;
		parent[b] = a;
		for (size_t i = 0; i < nm; i++) {
			uint32_t k = m[i].c;
			pos[k] = SIZE_MAX;
			adj_remove(&c[k], b);
			adj_remove(&c[k], a);
			XGROW(c[k].adj, c[k].cap, c[k].nadj + 1);
			c[k].adj[c[k].nadj++] = (nbr){ a, m[i].sum };
			double avg = m[i].sum / ((double)ca->size * c[k].size);
			if (avg >= cut) {
				uint32_t lo = a < k ? a : k, hi = a < k ? k : a;
				heap_push(&h, (hent){ avg, lo, hi, c[lo].stamp, c[hi].stamp });
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t x = (uint32_t)i;
		while (parent[x] != x)
			x = parent[x];
		root[i] = x;
	}
	for (size_t i = 0; i < n; i++)
		free(c[i].adj);
	free(c);
	free(parent);
	free(pos);
	free(h.v);
}

/* ---- attaching small clusters to cores ---- */


/* Normalised centroid of documents docs[0..nd) as a sorted sparse vector (*out, owned). */
static size_t centroid(const model *m, const uint32_t *docs, size_t nd, double *acc,
		       uint32_t *touched, tw **out)
{
	size_t nt = 0;
	for (size_t i = 0; i < nd; i++)
		for (size_t k = m->voff[docs[i]]; k < m->voff[docs[i] + 1]; k++) {
			uint32_t t = m->vec[k].term;
			if (acc[t] == 0)
				touched[nt++] = t;
			acc[t] += m->vec[k].w;
		}
	tw *v = xmalloc((nt ? nt : 1) * sizeof *v);
	double norm = 0;
	for (size_t i = 0; i < nt; i++) {
		v[i] = (tw){ touched[i], (float)acc[touched[i]] };
		norm += acc[touched[i]] * acc[touched[i]];
		acc[touched[i]] = 0;
	}
	norm = norm > 0 ? 1.0 / sqrt(norm) : 0;
	for (size_t i = 0; i < nt; i++)
		v[i].w = (float)(v[i].w * norm);
	qsort(v, nt, sizeof *v, tw_cmp);
	*out = v;
	return nt;
}

/* A story of fewer than TPC_CORE_MIN documents joins the core (a story of TPC_CORE_MIN or
 * more) whose centroid is closest to its own, among the cores it is linked to by a reported
 * pair, when that cosine is at least attach. Cores are fixed first: nothing chains through
 * an attached document. */
static void attach_small(const model *m, size_t n, double attach, const tpc_pair *pairs,
			 size_t np, uint32_t *root)
{
	/* members of each root, CSR */
	uint32_t *cnt = xcalloc(n + 1, sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[root[i] + 1]++;
	for (size_t i = 0; i < n; i++)
		cnt[i + 1] += cnt[i];
	uint32_t *mem = xmalloc(n * sizeof *mem), *fill = xmalloc((n + 1) * sizeof *fill);
	memcpy(fill, cnt, (n + 1) * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		mem[fill[root[i]]++] = (uint32_t)i;
	/* neighbours of each document, CSR */
	size_t *noff = xcalloc(n + 1, sizeof *noff);
	for (size_t i = 0; i < np; i++) {
		noff[pairs[i].a + 1]++;
		noff[pairs[i].b + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		noff[i + 1] += noff[i];
	uint32_t *nb = xmalloc((noff[n] ? noff[n] : 1) * sizeof *nb);
	size_t *nfill = xmalloc((n + 1) * sizeof *nfill);
	memcpy(nfill, noff, (n + 1) * sizeof *nfill);
	for (size_t i = 0; i < np; i++) {
		nb[nfill[pairs[i].a]++] = pairs[i].b;
		nb[nfill[pairs[i].b]++] = pairs[i].a;
	}
	free(nfill);
	size_t nt = m->voc_p->n;
	double *acc = xcalloc(nt ? nt : 1, sizeof *acc);
	uint32_t *touched = xmalloc((nt ? nt : 1) * sizeof *touched);
	/* core centroids, whole (a short item's words are often light in a long story's
	 * centroid: truncating it to its heaviest terms lost 000/003-like attachments) */
	tw **cv = xcalloc(n, sizeof *cv);
	size_t *cn = xcalloc(n, sizeof *cn);
	bool any_core = false;
	for (size_t r = 0; r < n; r++) {
		if (cnt[r + 1] - cnt[r] < TPC_CORE_MIN)
			continue;
		any_core = true;
		cn[r] = centroid(m, mem + cnt[r], cnt[r + 1] - cnt[r], acc, touched, &cv[r]);
	}
	uint32_t *newroot = xmalloc(n * sizeof *newroot);
	for (size_t r = 0; r < n; r++)
		newroot[r] = (uint32_t)r;
	uint8_t *seen = xcalloc(n, 1);
	uint32_t *cand = xmalloc(n * sizeof *cand);
	for (size_t r = 0; r < n && any_core; r++) {
		size_t sz = cnt[r + 1] - cnt[r];
		if (!sz || sz >= TPC_CORE_MIN)
			continue;
		/* cores linked to a member */
		size_t nc = 0;
		for (size_t k = 0; k < sz; k++) {
			uint32_t d = mem[cnt[r] + k];
			for (size_t q = noff[d]; q < noff[d + 1]; q++) {
				uint32_t c = root[nb[q]];
				if (cv[c] && !seen[c]) {
					seen[c] = 1;
					cand[nc++] = c;
				}
			}
		}
		if (!nc)
			continue;
		/* the small story's centroid, scattered into acc */
		tw *sv = NULL;
		const tw *v;
		size_t sn;
		if (sz == 1) { /* a lone document: its own unit vector */
			v = m->vec + m->voff[mem[cnt[r]]];
			sn = m->voff[mem[cnt[r]] + 1] - m->voff[mem[cnt[r]]];
		} else {
			sn = centroid(m, mem + cnt[r], sz, acc, touched, &sv);
			v = sv;
		}
		for (size_t k = 0; k < sn; k++)
			acc[v[k].term] = v[k].w;
		double best = attach;
		uint32_t bestc = UINT32_MAX;
		for (size_t k = 0; k < nc; k++) {
			uint32_t c = cand[k];
			seen[c] = 0;
			double d = 0;
			for (size_t q = 0; q < cn[c]; q++)
				d += acc[cv[c][q].term] * cv[c][q].w;
			if (d > best || (d == best && c < bestc)) {
				best = d;
				bestc = c;
			}
		}
		for (size_t k = 0; k < sn; k++)
			acc[v[k].term] = 0;
		if (bestc != UINT32_MAX)
			newroot[r] = bestc;
		free(sv);
	}
	for (size_t i = 0; i < n; i++)
		root[i] = newroot[root[i]];
	for (size_t r = 0; r < n; r++)
		free(cv[r]);
	free(cv);
	free(cn);
	free(seen);
	free(cand);
	free(newroot);
	free(acc);
	free(touched);
	free(mem);
	free(fill);
	free(cnt);
	free(noff);
	free(nb);
}

/* ---- story labels ---- */

typedef struct lab {
	uint32_t term;
	double w;
} lab;

static int lab_cmp(const void *x, const void *y)
{
	const lab *a = x, *b = y;
	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	return a->term < b->term ? -1 : a->term > b->term;
}

/* Sift l[i] down a heap of n labels whose top is the lab_cmp-greatest. */
static void lab_sift(lab *l, size_t n, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1, m = i;
		if (c < n && lab_cmp(&l[c], &l[m]) > 0)
			m = c;
		if (c + 1 < n && lab_cmp(&l[c + 1], &l[m]) > 0)
			m = c + 1;
		if (m == i)
			return;
		lab t = l[i];
		l[i] = l[m];
		l[m] = t;
		i = m;
	}
}

/* Case-insensitive: is word w[0..n) one of the space-separated words of s? */
static bool has_word(const char *s, size_t sn, const char *w, size_t n)
{
	for (size_t i = 0; i + n <= sn; i++) {
		if ((i == 0 || s[i - 1] == ' ') && (i + n == sn || s[i + n] == ' ')) {
			size_t k = 0;
			while (k < n && (s[i + k] | 0x20) == (w[k] | 0x20))
				k++;
			if (k == n)
				return true;
		}
	}
	return false;
}

static char *story_label(const model *m, const tpc_story *st, double *acc, uint32_t *touched)
{
	size_t nt = 0;
	for (size_t i = 0; i < st->ndocs; i++) {
		uint32_t d = st->docs[i];
		for (size_t k = m->voff[d]; k < m->voff[d + 1]; k++) {
			uint32_t t = m->vec[k].term;
			if (m->voc_p->df[t] < 2 && st->ndocs > 1)
				continue; /* a word of one article does not name a story */
			if (acc[t] == 0)
				touched[nt++] = t;
			/* names read better than their lower-cased words ("James Foley" for
			 * "foley, james"): they rank twice as high in a label */
			acc[t] += m->vec[k].w * (m->voc_p->entity[t] ? 2.0 : 1.0);
		}
	}
	lab *l = xmalloc((nt ? nt : 1) * sizeof *l);
	for (size_t i = 0; i < nt; i++) {
		l[i] = (lab){ touched[i], acc[touched[i]] };
		acc[touched[i]] = 0;
	}
	/* only the first few are read: sort the heaviest TPC_LABEL_POOL (names already shown
	 * and fragments are skipped, so a few more than TPC_LABEL_TERMS) */
	if (nt > TPC_LABEL_POOL) {
		/* a heap of the TPC_LABEL_POOL best so far, the worst (lab_cmp-greatest) on top */
		size_t keep = TPC_LABEL_POOL;
		for (size_t i = keep / 2; i-- > 0;)
			lab_sift(l, keep, i);
		for (size_t i = keep; i < nt; i++)
			if (lab_cmp(&l[i], &l[0]) < 0) {
				l[0] = l[i];
				lab_sift(l, keep, 0);
			}
		nt = keep;
	}
	qsort(l, nt, sizeof *l, lab_cmp);
	char *out = NULL;
	size_t on = 0, ocap = 0, nw = 0;
	/* chosen names, space separated, to skip a word already inside a chosen name */
	char *seen = NULL;
	size_t sn = 0, scap = 0;
	for (size_t i = 0; i < nt && nw < TPC_LABEL_TERMS; i++) {
		uint32_t t = l[i].term;
		const char *name = m->voc_p->names + m->voc_p->name_off[t];
		size_t len = m->voc_p->name_len[t];
		if (len < 3)
			continue; /* "st", "al": fragments, not topics */
		/* every word of the name already shown: skip */
		bool all = true;
		for (size_t s = 0; s < len && all;) {
			size_t e = s;
			while (e < len && name[e] != ' ')
				e++;
			all = has_word(seen ? seen : "", sn, name + s, e - s);
			s = e + 1;
		}
		if (all)
			continue;
		XGROW(seen, scap, sn + len + 2);
		if (sn)
			seen[sn++] = ' ';
		memcpy(seen + sn, name, len);
		sn += len;
		XGROW(out, ocap, on + len + 3);
		if (on) {
			out[on++] = ',';
			out[on++] = ' ';
		}
		memcpy(out + on, name, len);
		on += len;
		nw++;
	}
	free(seen);
	free(l);
	XGROW(out, ocap, on + 1);
	out[on] = '\0';
	return out;
}

static int story_cmp_size(const void *x, const void *y)
{
	const tpc_story *a = x, *b = y;
	if (a->ndocs != b->ndocs)
		return a->ndocs > b->ndocs ? -1 : 1;
	return a->docs[0] < b->docs[0] ? -1 : a->docs[0] > b->docs[0];
}

/* ---- API ---- */

int tpc_run(const tpc_doc *docs, size_t n, const tpc_opts *o, tpc_result **out)
{
	if (!out || !o || (!docs && n))
		return OVL_EUSAGE;
	*out = NULL;
	tpc_index *ix = tpc_index_new();
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = tpc_index_add(ix, &docs[i]);
	if (rc == 0)
		rc = tpc_index_run(ix, o, out);
	tpc_index_free(ix);
	return rc;
}

int tpc_index_run(const tpc_index *ix, const tpc_opts *o, tpc_result **out)
{
	if (!out || !o || !ix)
		return OVL_EUSAGE;
	*out = NULL;
	size_t n = ix->ndocs;
	if (!(o->story_cut >= 0 && o->story_cut <= 1) || !(o->pair_min >= 0 && o->pair_min <= 1))
		return OVL_EUSAGE;
	tpc_result *r = xcalloc(1, sizeof *r);
	r->exact = n <= o->exact_max;
	r->story = xcalloc(n ? n : 1, sizeof *r->story);
	*out = r;
	if (!n)
		return 0;

	model m;
	model_build(ix, &m);
	unsigned threads = o->threads ? o->threads : pool_ncpu();
	score_job j = { &m, o->pair_min, r->exact, xcalloc(n, sizeof(row)),
			xcalloc(threads, sizeof(double *)), xcalloc(threads, sizeof(uint32_t *)) };
	for (unsigned t = 0; t < threads; t++) {
		j.acc[t] = xcalloc(n, sizeof(double));
		j.touched[t] = xmalloc(n * sizeof(uint32_t));
	}
	pool_for(n, threads, score_one, &j);
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += j.rows[i].n;
	r->pairs = xmalloc((total ? total : 1) * sizeof *r->pairs);
	for (size_t i = 0; i < n; i++) {
		if (j.rows[i].n > 1)
			qsort(j.rows[i].v, j.rows[i].n, sizeof(tpc_pair), pair_cmp);
		if (j.rows[i].n)
			memcpy(r->pairs + r->npairs, j.rows[i].v, j.rows[i].n * sizeof(tpc_pair));
		r->npairs += j.rows[i].n;
		r->ncandidates += j.rows[i].scored;
		free(j.rows[i].v);
	}
	free(j.rows);
	for (unsigned t = 0; t < threads; t++) {
		free(j.acc[t]);
		free(j.touched[t]);
	}
	free(j.acc);
	free(j.touched);

	/* stories */
	uint32_t *root = xmalloc(n * sizeof *root);
	link_average(r->pairs, r->npairs, n, o->story_cut, root);
	if (o->attach > 0)
		attach_small(&m, n, o->attach, r->pairs, r->npairs, root);
	uint32_t *sid = xmalloc(n * sizeof *sid);
	for (size_t i = 0; i < n; i++)
		sid[i] = UINT32_MAX;
	size_t ns = 0;
	for (size_t i = 0; i < n; i++)
		if (sid[root[i]] == UINT32_MAX)
			sid[root[i]] = (uint32_t)ns++;
	r->stories = xcalloc(ns, sizeof *r->stories);
	r->nstories = ns;
	size_t *cnt = xcalloc(ns, sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[sid[root[i]]]++;
	for (size_t s = 0; s < ns; s++)
		r->stories[s].docs = xmalloc(cnt[s] * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) {
		tpc_story *st = &r->stories[sid[root[i]]];
		st->docs[st->ndocs++] = (uint32_t)i;
	}
	free(cnt);
	free(sid);
	free(root);
	qsort(r->stories, ns, sizeof *r->stories, story_cmp_size);
	double *acc = xcalloc(m.voc_p->n ? m.voc_p->n : 1, sizeof *acc);
	uint32_t *touched = xmalloc((m.voc_p->n ? m.voc_p->n : 1) * sizeof *touched);
	for (size_t s = 0; s < ns; s++) {
		for (size_t k = 0; k < r->stories[s].ndocs; k++)
			r->story[r->stories[s].docs[k]] = (uint32_t)s;
		r->stories[s].label = story_label(&m, &r->stories[s], acc, touched);
	}
	free(acc);
	free(touched);
	model_free(&m);
	return 0;
}

double tpc_sim(const tpc_result *r, uint32_t a, uint32_t b)
{
	if (!r || a == b)
		return 0;
	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	size_t lo = 0, hi = r->npairs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const tpc_pair *p = &r->pairs[mid];
		if (p->a == a && p->b == b)
			return p->sim;
		if (p->a < a || (p->a == a && p->b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void tpc_result_free(tpc_result *r)
{
	if (!r)
		return;
	for (size_t s = 0; s < r->nstories; s++) {
		free(r->stories[s].docs);
		free(r->stories[s].label);
	}
	free(r->stories);
	free(r->story);
	free(r->pairs);
	free(r);
}
