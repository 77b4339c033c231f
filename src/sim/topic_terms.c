/* topic_terms.c - the terms of one document (see topic.h): Snowball stems of its content
 * words and its named entities (runs of capitalised words), each flagged when first met in
 * the lead. Two paths give the same terms: tpc_doc_terms over a token list, and
 * tpc_doc_scan, one pass over the text that is the hot path of a large corpus (a stem and a
 * stop-word test per distinct word of a document, not per token; ASCII words classified,
 * lower-cased and hashed without tokenize.c). It does not weigh terms or compare documents
 * (topic.c does), and does not stem (stem.c does).
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

/* Tokens tpc_doc_scan holds back between hashing a word and handling it, so the word
 * cache slot it will read (1 MB: an L2 miss for a first occurrence in a document, ~45% of
 * the per-token work when read at once) is prefetched that many tokens ahead. */
#define TPC_SCAN_LAG 8u

/* Fewest slots of a document's word and term tables (each doubles when half full). */
#define TPC_SCAN_TABLE_MIN 512u

/* Longest ASCII word tpc_doc_scan lower-cases itself; a longer one goes through tok_run. */
#define TPC_SCAN_WORD_MAX 64
#define SCAN_ALNUM(c) (((c) >= '0' && (c) <= '9') || (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z'))

/* Salt that keeps an entity's key apart from the stem key of the same word. */
#define TPC_ENTITY_SALT 0x9c3f1d2e5b7a6084ull

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
	/* tokens hashed but not yet handled (a ring of TPC_SCAN_LAG; see scan_emit) */
	struct scan_pend {
		uint64_t h;
		uint32_t start, end;
		uint16_t len, flags;
		char low[16];    /* the lower-case form (words of at most 16 bytes) */
	} q[TPC_SCAN_LAG];
	unsigned qhead, qn;
	size_t ndone;        /* tokens handled so far in this document (the next one's index) */
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

#if defined(__SSE2__)
/* The ASCII word at w (w[0] alphanumeric, 16 readable bytes): *len its length when under 16
 * bytes, else 0 (the caller takes the byte loop); *flags TOK_DIGIT / TOK_ALPHA as tok_run
 * sets them; sc->low its lower-case form zero-padded to 16 bytes. @return its
 * tok_word_hash (when *len > 0). Signed compares: bytes >= 0x80 are in no range. */
static inline uint64_t scan_word16(tpc_scan *sc, const uint8_t *w, size_t *len,
				   unsigned *flags)
{
	static const uint8_t ramp[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)w);
	__m128i dg = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
				   _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
	__m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
				   _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
	__m128i lo = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
				   _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
	unsigned al = (unsigned)_mm_movemask_epi8(_mm_or_si128(up, lo));
	unsigned dm = (unsigned)_mm_movemask_epi8(dg);
	unsigned word = al | dm;
	if (word == 0xFFFFu) {
		*len = 0;
		return 0;
	}
	unsigned n = (unsigned)__builtin_ctz(~word);
	unsigned m = (1u << n) - 1;
	*len = n;
	*flags = ((dm & m) ? TOK_DIGIT : 0) | ((al & m) ? TOK_ALPHA : 0);
	x = _mm_or_si128(x, _mm_and_si128(up, _mm_set1_epi8(0x20)));
	x = _mm_and_si128(x, _mm_cmplt_epi8(_mm_loadu_si128((const __m128i *)(const void *)ramp),
					    _mm_set1_epi8((char)n)));
	_mm_storeu_si128((__m128i *)(void *)sc->low, x);
	return XXH3_64bits_withSeed(sc->low, 16, n);
}
#endif

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
		if (sc->w[k].h) {
			idx = sc->w[k].v;
			if (idx != SCAN_NOT_TERM)
				out->v[idx].tf++;
		} else {
			/* first time in this document: stop word and stem from the word cache */
			struct scan_cached *c =
				&sc->kc[kc_slot(hash)];
			if (!hash || c->h != hash) {
				c->key = stem_is_stop_hash(st, hash) ? 0
								     : stem_key(st, hash, norm, norm_len);
				c->h = hash; /* hash 0 is never found: looked up every time */
			}
			idx = !c->key ? SCAN_NOT_TERM
				      : scan_push(sc, out, c->key, 0, tok_idx < TPC_LEAD_TOKENS, norm,
						  norm_len);
			if (2 * (sc->wn + 1) > sc->wcap) {
				word_grow(sc);
				k = word_slot(sc, h);
			}
			sc->w[k].h = h;
			sc->w[k].v = idx;
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

/* Handle the oldest held-back token. */
static inline void scan_pop(tpc_scan *sc, stem_ctx *st, tpc_doc *out, const uint8_t *text)
{
	struct scan_pend *e = &sc->q[sc->qhead];
	sc->qhead = (sc->qhead + 1) % TPC_SCAN_LAG;
	sc->qn--;
	scan_token(sc, st, out, text, sc->ndone++, e->start, e->end, e->flags, e->low, e->len,
		   e->h);
}

/* Handle every held-back token, in text order. */
static void scan_flush(tpc_scan *sc, stem_ctx *st, tpc_doc *out, const uint8_t *text)
{
	while (sc->qn)
		scan_pop(sc, st, out, text);
}

/* One token in text order, its lower-case form in sc->low (len <= 16, zero-padded to 16
 * bytes): held back TPC_SCAN_LAG tokens, its word cache slot prefetched meanwhile. Tokens
 * are handled in the order they come, so the terms are those of handling each at once. */
static inline void scan_emit(tpc_scan *sc, stem_ctx *st, tpc_doc *out, const uint8_t *text,
			     size_t start, size_t end, unsigned flags, size_t len, uint64_t h)
{
	if (sc->qn == TPC_SCAN_LAG)
		scan_pop(sc, st, out, text);
	__builtin_prefetch(&sc->kc[kc_slot(h)]);
	struct scan_pend *e = &sc->q[(sc->qhead + sc->qn) % TPC_SCAN_LAG];
	sc->qn++;
	e->h = h;
	e->start = (uint32_t)start;
	e->end = (uint32_t)end;
	e->len = (uint16_t)len;
	e->flags = (uint16_t)flags;
	memcpy(e->low, sc->low, 16);
}

/* Empty the per-document state of sc for a text of nbytes: the open entity run, and the
 * word and term tables, cleared slot by slot and sized for this text. */
static void scan_reset(tpc_scan *sc, size_t nbytes)
{
	sc->nents = 0;
	sc->run.nwords = 0;
	sc->qhead = sc->qn = 0;
	sc->ndone = 0;
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

int tpc_doc_scan(tpc_scan *sc, stem_ctx *st, const uint8_t *text, size_t nbytes, tpc_doc *out)
{
	if (!sc || !st || !out || (!text && nbytes))
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
	size_t p = 0;
	while (p < nbytes) {
		uint8_t c = text[p];
		if (!sc->cls[c]) {
			p++;
			continue;
		}
		size_t rs = p;
#if defined(__SSE2__)
		if (c < 0x80 && p + 16 <= nbytes) {
			/* ASCII word of under 16 bytes (nearly all): its end, flags, lower-case form
			 * and hash from one 16-byte load instead of a loop over its bytes */
			size_t len;
			unsigned flags;
			uint64_t h = scan_word16(sc, text + p, &len, &flags);
			if (len && !(sc->cls[text[p + len]] & SC_HIGH)) {
				flags |= (sc->cls[c] & SC_UPPER) ? TOK_UPPER : 0;
				scan_emit(sc, st, out, text, p, p + len, flags, len, h);
				p += len;
				continue;
			}
			/* 16 bytes or more, or a non-ASCII byte follows: the paths below */
		}
#endif
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
				if (len <= 16) {
					scan_emit(sc, st, out, text, p, q, flags, len, h);
				} else {
					scan_flush(sc, st, out, text);
					scan_token(sc, st, out, text, sc->ndone++, p, q, flags, sc->low,
						   len, h);
				}
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
		scan_flush(sc, st, out, text);
		int rc = tok_run(text + rs, re - rs, &sc->region);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < sc->region.n; i++) {
			const tok *t = &sc->region.v[i];
			scan_token(sc, st, out, text, sc->ndone++, rs + t->start, rs + t->end, t->flags,
				   sc->region.norm + t->norm_off, t->norm_len, t->hash);
		}
		p = re;
	}
	scan_flush(sc, st, out, text);
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
