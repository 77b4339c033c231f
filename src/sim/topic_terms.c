/* topic_terms.c - the terms of one document (see topic.h): Snowball stems of its content
 * words and its named entities (runs of capitalised words), each flagged when first met in
 * the lead. Two paths give the same terms: tpc_doc_terms over a token list, and
 * tpc_doc_words over the word hashes and spans of tok_word_spans (tpc_doc_scan tokenises
 * for it; the similarity stage hands over those of its own pass), the hot path of a large
 * corpus: a stem and a stop-word test per distinct word of a document, not per token; a
 * plain ASCII word's flags and lower-case form only at its first occurrence. It does not
 * weigh terms or compare documents (topic.c does), and does not stem (stem.c does).
 */
#include "overlap/topic.h"

#include <stdlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string.h>

#include "hash.h"
#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/stem.h"

/* ---- tuning ---- */


/* Longest run of capitalised words taken as one name: longer runs are headlines in title
 * case or capitals, not names. */
#define TPC_ENTITY_MAX_WORDS 4

/* The lead: a term first seen in a document's first TPC_LEAD_TOKENS words (about the first
 * sentence and a half, where news states its event) is flagged; topic.c weighs it
 * TPC_LEAD_BOOST times (the fit is told there). */
#define TPC_LEAD_TOKENS 40

/* Slots of tpc_scan's word cache (word hash -> stem key, stop flag; kept across documents):
 * 65,536 x 16 bytes = 1 MB per thread. stem.c's own key cache (16,384 slots) suits news;
 * a large corpus of technical prose has a longer tail of words, and a miss costs a Snowball
 * stem (~0.1 s of 0.6 s of term extraction on the 92 MB benchmark corpus). */
#define TPC_SCAN_CACHE 65536u

/* How many words ahead tpc_doc_words prefetches the word cache slot a word will read (1 MB:
 * an L2 miss for a first occurrence in a document, ~45% of the per-token work when read
 * without). */
#define TPC_SCAN_LAG 8u

/* Fewest slots of a document's word and term tables (each doubles when half full). */
#define TPC_SCAN_TABLE_MIN 512u

/* Longest plain word tpc_doc_words lower-cases itself; a longer one goes through tok_run. */
#define TPC_SCAN_WORD_MAX 64
#define SCAN_ALNUM(c) (((c) >= '0' && (c) <= '9') || (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z'))

/* Salt that keeps an entity's key apart from the stem key of the same word. */
#define TPC_ENTITY_SALT 0x9c3f1d2e5b7a6084ull

/* ---- terms of a document ---- */

static void add_name(tpc_doc *d, tpc_term *t, const char *s, size_t n)
{
	if (n > UINT16_MAX)
		n = UINT16_MAX;
	if (d->names_nbytes + n + 1 > d->names_cap) /* XGROW is a call: most terms fit */
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
	if (d->n + 1 > d->cap)
		XGROW(d->v, d->cap, d->n + 1);
	tpc_term *t = &d->v[d->n++];
	*t = (tpc_term){ .key = key, .tf = 1, .entity = kind, .lead = lead };
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
	char low[TPC_SCAN_WORD_MAX]; /* the current plain word, lower-cased */
	/* this document's words by tok_word_hash (h 0 = free slot) and their term index, or
	 * SCAN_NOT_TERM (a stop word); hash and index in one cache line */
	struct scan_word { uint64_t h; uint32_t v; } *w;
	size_t wcap, wn;
	uint32_t *wused;     /* slots taken, to clear them for the next document */
	size_t wused_cap;
	size_t walloc;       /* slots allocated; wcap (<= walloc) is this document's table size */
	struct scan_word *g; /* scratch of word_grow */
	size_t g_cap;
	size_t slots_alloc;  /* slots allocated; slots_cap (<=) is this document's */
	uint8_t cls[256];    /* SC_* class of each byte */
	/* across documents: word hash -> stem key, 0 for a stop word (a stem key of 0, chance
	 * 2^-64, would read as one); direct-mapped, one cache line a probe */
	struct scan_cached { uint64_t h, key; } *kc;
	uint64_t *wh, *wsp;  /* tpc_doc_scan: the text's words (tok_word_spans) */
	size_t wh_cap, wsp_cap;
};

enum { SC_ALNUM = 1, SC_DIGIT = 2, SC_ALPHA = 4, SC_UPPER = 8, SC_HIGH = 16 };
#define SCAN_NOT_TERM UINT32_MAX

/* The word cache slot of word hash h. */
static inline size_t kc_slot(uint64_t hash)
{
	return (size_t)(hash ^ (hash >> 31)) & (TPC_SCAN_CACHE - 1);
}

/* The word table slot of hash h (found or free). */
static size_t word_slot(const tpc_scan *sc, uint64_t h)
{
	size_t m = sc->wcap - 1, i = (size_t)(h >> 11) & m; /* XXH3 bits are uniform */
	while (sc->w[i].h && sc->w[i].h != h)
		i = (i + 1) & m;
	return i;
}

/* Double the word table's logical size: entries are gathered from wused, their slots
 * cleared, and re-inserted (into a larger buffer only when the logical size passes it). */
static void word_grow(tpc_scan *sc)
{
	size_t ncap = sc->wcap ? 2 * sc->wcap : TPC_SCAN_TABLE_MIN, n = sc->wn;
	XGROW(sc->g, sc->g_cap, n + 1);
	for (size_t i = 0; i < n; i++) {
		sc->g[i] = sc->w[sc->wused[i]];
		sc->w[sc->wused[i]].h = 0;
	}
	if (ncap > sc->walloc) {
		free(sc->w);
		sc->w = xcalloc(ncap, sizeof *sc->w);
		sc->walloc = ncap;
	}
	sc->wcap = ncap;
	XGROW(sc->wused, sc->wused_cap, ncap / 2 + 1);
	for (size_t i = 0; i < n; i++) {
		size_t k = word_slot(sc, sc->g[i].h);
		sc->w[k] = sc->g[i];
		sc->wused[i] = (uint32_t)k;
	}
}

tpc_scan *tpc_scan_new(void)
{
	tpc_scan *sc = xcalloc(1, sizeof(tpc_scan));
	word_grow(sc);
	sc->kc = xcalloc(TPC_SCAN_CACHE, sizeof *sc->kc);
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
	free(sc->w);
	free(sc->wused);
	free(sc->g);
	free(sc->used);
	tok_list_free(&sc->region);
	free(sc->wh);
	free(sc->wsp);
	free(sc->ents);
	free(sc->kc);
	free(sc);
}

static void scan_rehash(tpc_scan *sc, const tpc_doc *d, size_t cap)
{
	if (cap > sc->slots_alloc) {
		free(sc->slots);
		sc->slots = xcalloc(cap, sizeof *sc->slots);
		sc->slots_alloc = cap;
	} else {
		memset(sc->slots, 0, cap * sizeof *sc->slots); /* holds the old, smaller table */
	}
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
		scan_rehash(sc, d, sc->slots_cap ? 2 * sc->slots_cap : TPC_SCAN_TABLE_MIN);
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

/* The first occurrence in this document of a content word (hash, its word table slot k
 * taken for h): its stem key from the word cache (a stop word: not a term), its term.
 * @return its term index, or SCAN_NOT_TERM. */
static uint32_t word_first(tpc_scan *sc, stem_ctx *st, tpc_doc *out, size_t k, uint64_t h,
			   uint64_t hash, size_t tok_idx, const char *norm, size_t norm_len)
{
	struct scan_cached *c = &sc->kc[kc_slot(hash)];
	if (!hash || c->h != hash) {
		c->key = stem_is_stop_hash(st, hash) ? 0 : stem_key(st, hash, norm, norm_len);
		c->h = hash; /* hash 0 is never found: looked up every time */
	}
	uint32_t idx = !c->key ? SCAN_NOT_TERM
			       : scan_push(sc, out, c->key, 0, tok_idx < TPC_LEAD_TOKENS, norm,
					   norm_len);
	if (2 * (sc->wn + 1) > sc->wcap) {
		word_grow(sc);
		k = word_slot(sc, h);
	}
	sc->w[k].h = h;
	sc->w[k].v = idx;
	sc->wused[sc->wn++] = (uint32_t)k;
	return idx;
}

/* The entity run a token [start, end) opens, extends or ends: cap when it is a capitalised
 * content word, key its stem key. */
static inline void scan_entity(tpc_scan *sc, const uint8_t *text, size_t tok_idx, size_t start,
			       size_t end, bool cap, uint64_t key)
{
	ent_run *r = &sc->run;
	if (cap && r->nwords && start == r->end + 1 && text[r->end] == ' ') {
		r->key = (r->key ^ key) * 0x100000001b3ull + r->nwords;
		r->nwords++;
		r->end = end;
		return;
	}
	if (r->nwords)
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

/* One token of tok_run, in text order: the word term, and the entity run it opens, extends
 * or ends. The same rules as tpc_doc_terms (content_word, the entity loop). A word seen
 * before in the document costs one probe of the document's word table (small: in L1); only
 * its first occurrence is tested against the stop words and stemmed. */
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
		if (sc->w[k].h) {
			idx = sc->w[k].v;
			if (idx != SCAN_NOT_TERM)
				out->v[idx].tf++;
		} else {
			idx = word_first(sc, st, out, k, h, hash, tok_idx, norm, norm_len);
		}
		content = idx != SCAN_NOT_TERM;
		if (content)
			key = out->v[idx].key;
	}
	scan_entity(sc, text, tok_idx, start, end, content && (flags & TOK_UPPER), key);
}

/* Empty the per-document state of sc for a text of nbytes: the open entity run, and the
 * word and term tables, cleared slot by slot and sized for this text. */
static void scan_reset(tpc_scan *sc, size_t nbytes)
{
	sc->nents = 0;
	sc->run.nwords = 0;
	/* both tables start small again: a table sized for the longest document so far would
	 * spread a short one's probes over more cache lines than it has words */
	for (size_t i = 0; i < sc->nused; i++)
		sc->slots[sc->used[i]] = 0;
	sc->nused = 0;
	for (size_t i = 0; i < sc->wn; i++)
		sc->w[sc->wused[i]].h = 0;
	sc->wn = 0;
	/* distinct words run to about one per 8 bytes of a short text, fewer in a long one:
	 * tables of nbytes / 4 slots rarely grow */
	size_t cap = TPC_SCAN_TABLE_MIN;
	while (cap < nbytes / 4 && cap < ((size_t)1 << 20))
		cap <<= 1;
	if (cap > sc->walloc) {
		free(sc->w);
		sc->w = xcalloc(cap, sizeof *sc->w);
		sc->walloc = cap;
		XGROW(sc->wused, sc->wused_cap, cap / 2 + 1);
	}
	sc->wcap = cap;
	if (cap > sc->slots_alloc) {
		free(sc->slots);
		sc->slots = xcalloc(cap, sizeof *sc->slots);
		sc->slots_alloc = cap;
		XGROW(sc->used, sc->used_cap, cap / 2 + 1);
	}
	sc->slots_cap = cap;
}

/* Lower-case the plain word w[0, len) into sc->low. @return the OR of its bytes' SC_*
 * classes. wide: 16 bytes can be read at w (a word of up to 16 bytes takes one load). */
static inline unsigned plain_lower(tpc_scan *sc, const uint8_t *w, size_t len, bool wide)
{
#if defined(__SSE2__)
	if (wide && len <= 16) {
		static const uint8_t ramp[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)w);
		__m128i in = _mm_cmplt_epi8(_mm_loadu_si128((const __m128i *)(const void *)ramp),
					    _mm_set1_epi8((char)len));
		__m128i dg = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
					   _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
		__m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
					   _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
		_mm_storeu_si128((__m128i *)(void *)sc->low,
				 _mm_or_si128(x, _mm_and_si128(up, _mm_set1_epi8(0x20))));
		/* a plain word is letters and digits: a byte that is no digit is a letter */
		unsigned dm = (unsigned)_mm_movemask_epi8(_mm_and_si128(dg, in));
		unsigned im = (1u << len) - 1;
		return (dm ? SC_DIGIT : 0) | (dm != im ? SC_ALPHA : 0);
	}
#else
	(void)wide;
#endif
	unsigned acc = 0;
	for (size_t j = 0; j < len; j++) {
		uint8_t b = w[j];
		acc |= sc->cls[b];
		sc->low[j] = (char)((sc->cls[b] & SC_UPPER) ? b | 0x20 : b);
	}
	return acc;
}

/* A plain word (TOK_SPAN_PLAIN, at most TPC_SCAN_WORD_MAX bytes): scan_token's rules, with
 * the word's flags and lower-case form worked out from its bytes only when its hash is not
 * yet in the document's word table (content words only go there: a plain word's content
 * test depends on its normal form alone). */
static inline void plain_token(tpc_scan *sc, stem_ctx *st, tpc_doc *out, const uint8_t *text,
			       size_t nbytes, size_t tok_idx, size_t start, size_t len,
			       uint64_t hash)
{
	const uint8_t *w = text + start;
	uint32_t idx = SCAN_NOT_TERM;
	if (len >= 2) {
		uint64_t h = hash ? hash : 1; /* 0 marks a free slot */
		size_t k = word_slot(sc, h);
		if (sc->w[k].h) {
			idx = sc->w[k].v;
			if (idx != SCAN_NOT_TERM)
				out->v[idx].tf++;
		} else {
			unsigned acc = plain_lower(sc, w, len, start + 16 <= nbytes);
			if (!(acc & SC_DIGIT) && (acc & SC_ALPHA))
				idx = word_first(sc, st, out, k, h, hash, tok_idx, sc->low, len);
		}
	}
	scan_entity(sc, text, tok_idx, start, start + len,
		    idx != SCAN_NOT_TERM && (sc->cls[w[0]] & SC_UPPER),
		    idx != SCAN_NOT_TERM ? out->v[idx].key : 0);
}

int tpc_doc_words(tpc_scan *sc, stem_ctx *st, const uint8_t *text, size_t nbytes,
		  const uint64_t *hashes, const uint64_t *spans, size_t n, tpc_doc *out)
{
	if (!sc || !st || !out || (!text && nbytes) || (n && (!hashes || !spans)))
		return OVL_EUSAGE;
	if (nbytes > UINT32_MAX)
		return OVL_ETOOBIG;
	out->n = 0;
	out->names_nbytes = 0;
	/* room for the usual count of terms at once (about one a 30 bytes of news or prose,
	 * names ~7 bytes each): a fresh tpc_doc per document otherwise grows by many copies */
	XGROW(out->v, out->cap, nbytes / 16 + 16);
	XGROW(out->names, out->names_cap, nbytes / 2 + 64);
	scan_reset(sc, nbytes);
	for (size_t i = 0; i < n;) {
		if (i + TPC_SCAN_LAG < n) /* a first occurrence reads it: an L2 miss */
			__builtin_prefetch(&sc->kc[kc_slot(hashes[i + TPC_SCAN_LAG])]);
		uint64_t sp = spans[i];
		size_t start = TOK_SPAN_START(sp), len = TOK_SPAN_LEN(sp);
		if (start + len > nbytes)
			return OVL_EUSAGE;
		if ((sp & TOK_SPAN_PLAIN) && len <= TPC_SCAN_WORD_MAX) {
			plain_token(sc, st, out, text, nbytes, i, start, len, hashes[i]);
			i++;
			continue;
		}
		/* other words: the stretch up to the next ASCII separator by tok_run (words
		 * never span one, so its tokens are words i..j of the whole text) */
		size_t re = start;
		while (re < nbytes && !(text[re] < 0x80 && !SCAN_ALNUM(text[re])))
			re++;
		int rc = tok_run(text + start, re - start, &sc->region);
		if (rc < 0)
			return rc;
		for (size_t k = 0; k < sc->region.n; k++) {
			const tok *t = &sc->region.v[k];
			scan_token(sc, st, out, text, i + k, start + t->start, start + t->end, t->flags,
				   sc->region.norm + t->norm_off, t->norm_len, t->hash);
		}
		while (i < n && TOK_SPAN_START(spans[i]) < re)
			i++;
	}
	run_close(sc);
	for (size_t i = 0; i < sc->nents; i++) {
		const ent_run *e = &sc->ents[i];
		scan_push(sc, out, e->key, 1, e->first_tok < TPC_LEAD_TOKENS,
			  (const char *)text + e->start, e->end - e->start);
	}
	return 0;
}

int tpc_doc_scan(tpc_scan *sc, stem_ctx *st, const uint8_t *text, size_t nbytes, tpc_doc *out)
{
	if (!sc || !st || !out || (!text && nbytes))
		return OVL_EUSAGE;
	if (nbytes > UINT32_MAX)
		return OVL_ETOOBIG;
	size_t n = tok_word_spans(text, nbytes, &sc->wh, &sc->wh_cap, &sc->wsp, &sc->wsp_cap, NULL);
	return tpc_doc_words(sc, st, text, nbytes, sc->wh, sc->wsp, n, out);
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
