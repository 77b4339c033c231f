/* tokenize.c - words with byte spans and normalised forms (see tokenize.h).
 *
 * Workload: news prose, > 95% ASCII bytes; the non-ASCII bytes are mostly curly quotes and
 * dashes, which are separators. So the scanner classifies ASCII bytes with one table
 * lookup and lowercases pure-ASCII words itself; only a word that contains a non-ASCII
 * letter, digit or mark goes through utf8proc. tok_run() and tok_hashes() share the same
 * scanner and the same normaliser (norm_word), so their hashes agree by construction.
 * tok_hashes() first tries a block path: 64 bytes are classified at once (SSE2, or SWAR
 * elsewhere) into bit masks, and every pure-ASCII word that ends inside the block is
 * lowercased and hashed in two 8-byte lanes, without a branch per byte or per word length;
 * anything else (a non-ASCII byte, a word cut by the block end) drops to the scanner.
 * Tests check both paths against tok_run() on random text.
 * It does not allocate per word: one scratch buffer per call, grown geometrically.
 */
#include "overlap/tokenize.h"

#include "compiler.h"
#include "overlap/err.h"
#include "overlap/mem.h"
#include "overlap/utf8.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- tuning ----------------------------------------------------------------------- */

/* Longest normalised form kept per word: tok.norm_len is 16 bits. Real words are < 64
 * bytes; longer runs are base64, URLs without punctuation or binary junk. */
#define TOK_NORM_MAX 65535u

/* Input bytes handed to utf8proc per call for one non-ASCII word. A word longer than this
 * is normalised piecewise (cut before a letter/digit starter, where NFKC cannot compose
 * across the cut), so the decomposition buffer stays small and a huge "word" stops costing
 * work once TOK_NORM_MAX output bytes exist. 4 KiB covers any real word in one call. */
#define TOK_CHUNK_BYTES 4096u

/* Upper bound on the token array reserved up front (1 Mi tokens = 32 MiB, a 6 MiB
 * article); past it the array grows geometrically. */
#define TOK_RESERVE_MAX (1u << 20)

/* tok_hashes() hashes ASCII words up to this length from a stack buffer; longer ones
 * take the general path. 99.9% of English words are shorter than 32 bytes. */
#define TOK_SMALL_WORD 32u

/* tok_hashes() classifies the text TOK_BLOCK bytes at a time into bit masks and hashes
 * the pure-ASCII words that end inside the block straight from the masks (64: one bit per
 * byte in a uint64_t). TOK_WORD_PAD is the block-size word form tok_word_hash() pads to. */
#define TOK_BLOCK 64u
#define TOK_WORD_PAD 16u

/* utf8proc options: NFKC (COMPOSE|COMPAT) + case folding + marks stripped. */
#define TOK_UTF8PROC_OPTS                                                              \
	((utf8proc_option_t)(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |  \
			     UTF8PROC_STRIPMARK))

/* ---- types ------------------------------------------------------------------------ */

/* ASCII byte classes. */
enum {
	C_ALNUM = 1, /* [A-Za-z0-9] */
	C_UPPER = 2, /* [A-Z] */
	C_DIGIT = 4, /* [0-9] */
	C_HIGH = 8,  /* >= 0x80: needs decoding */
};

/* One word found by the scanner: original byte span and tok_flags. cjk: the word is a run
 * of Han, Hiragana, Katakana or Hangul characters, which the callers cut into character
 * bigrams (see emit_cjk). */
struct word {
	size_t start, end;
	unsigned flags;
	bool cjk;
};

/* Growable output bytes plus the utf8proc scratch. For tok_run() the bytes are the
 * tok_list's norm buffer (forms appended); for tok_hashes() a private buffer that each
 * word overwrites. */
struct normbuf {
	char **p;
	size_t *len, *cap;
	utf8proc_int32_t *u; /* decomposition scratch, owned, freed by normbuf_done() */
	size_t ucap;
};

/* ---- helpers ---------------------------------------------------------------------- */

static const uint8_t *byte_class(void)
{
	/* Built at compile time from the ASCII ranges, so no global state is initialised. */
#define R4(b) b, b, b, b
#define R16(b) R4(b), R4(b), R4(b), R4(b)
#define DG (C_ALNUM | C_DIGIT)
#define UP (C_ALNUM | C_UPPER)
#define LO C_ALNUM
	static const uint8_t cls[256] = {
		R16(0), R16(0),                                         /* 0x00-0x1F */
		R16(0),                                                 /* 0x20-0x2F */
		DG, DG, DG, DG, DG, DG, DG, DG, DG, DG, 0, 0, 0, 0, 0, 0, /* 0x30-0x3F */
		0, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, /* 0x40-0x4F */
		UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, 0, 0, 0, 0, 0, /* 0x50-0x5F */
		0, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, /* 0x60-0x6F */
		LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, 0, 0, 0, 0, 0, /* 0x70-0x7F */
		R16(C_HIGH), R16(C_HIGH), R16(C_HIGH), R16(C_HIGH),
		R16(C_HIGH), R16(C_HIGH), R16(C_HIGH), R16(C_HIGH),
	};
#undef R4
#undef R16
#undef DG
#undef UP
#undef LO
	return cls;
}

static inline bool cat_is_word(utf8proc_category_t c)
{
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO; /* L*, M*, N* */
}

static inline bool cat_is_letter(utf8proc_category_t c)
{
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static inline bool cat_is_digit(utf8proc_category_t c)
{
	return c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO;
}

/* Han, Hiragana, Katakana (with its prolonged-sound mark and half-width forms) and Hangul:
 * scripts written without spaces between words (Korean has spaces, but between phrases of
 * several morphemes). A run of them is one "word" to the scanner, and the callers turn it
 * into overlapping character bigrams: the usual dictionary-free segmentation for matching
 * Chinese and Japanese (every two-character word is one of the bigrams), so shingles,
 * similarity and passages work on such text. */
static inline bool cp_is_cjk(int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) ||
	       (cp >= 0x3130 && cp <= 0x318F) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

/* Find the next word at or after i. Invalid UTF-8 subparts met while skipping separators
 * are added to *nbad (an invalid sequence that ends a word is counted by the next call,
 * when it is skipped). want_flags false lets the hot path skip the case bookkeeping.
 * @return true and fills *w, or false when no word is left. One function of about 110
 * lines on purpose: it is the tokeniser's inner loop (one call a word), and its ASCII,
 * UTF-8 and separator branches share the position and flag state in registers. */
static inline bool next_word(const uint8_t *s, size_t n, size_t i, struct word *w,
			     size_t *nbad, bool want_flags)
{
	const uint8_t *cls = byte_class();

	/* Skip separators. */
	for (;;) {
		while (i < n && cls[s[i]] == 0)
			i++;
		if (i >= n)
			return false;
		if (cls[s[i]] & C_ALNUM)
			break;
		int32_t cp;
		bool bad;
		size_t l = utf8_decode(s + i, n - i, &cp, &bad);
		if (bad) {
			(*nbad)++;
		} else {
			utf8proc_category_t c = utf8proc_category(cp);
			if (cat_is_letter(c) || cat_is_digit(c))
				break; /* a leading mark is not a word start */
		}
		i += l;
	}

	size_t start = i;
	unsigned flags = 0;
	size_t nletter = 0, nupper = 0;
	bool first = true;
	/* A word is CJK or not from its first character on; a change ends it. */
	bool cjk = false;
	if (s[i] >= 0x80) {
		int32_t cp0;
		bool bad0;
		utf8_decode(s + i, n - i, &cp0, &bad0);
		cjk = !bad0 && cp_is_cjk(cp0);
	}
	if (cjk) {
		while (i < n && s[i] >= 0x80) {
			int32_t cp;
			bool bad;
			size_t l = utf8_decode(s + i, n - i, &cp, &bad);
			if (bad || !cp_is_cjk(cp))
				break;
			i += l;
			nletter++;
		}
		w->start = start;
		w->end = i;
		w->flags = TOK_NONASCII | TOK_ALPHA;
		w->cjk = true;
		return true;
	}
	for (;;) {
		if (want_flags) {
			while (i < n && (cls[s[i]] & C_ALNUM)) {
				uint8_t c = cls[s[i]];
				if (first && (c & C_UPPER))
					flags |= TOK_UPPER;
				first = false;
				if (c & C_DIGIT) {
					flags |= TOK_DIGIT;
				} else {
					nletter++;
					nupper += (c & C_UPPER) != 0;
				}
				i++;
			}
		} else {
			while (i < n && (cls[s[i]] & C_ALNUM))
				i++;
		}
		if (i >= n || s[i] < 0x80)
			break;
		int32_t cp;
		bool bad;
		size_t l = utf8_decode(s + i, n - i, &cp, &bad);
		if (bad)
			break;
		utf8proc_category_t c = utf8proc_category(cp);
		if (!cat_is_word(c) || cp_is_cjk(cp))
			break;
		flags |= TOK_NONASCII;
		if (want_flags) {
			bool up = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
			if (first && up)
				flags |= TOK_UPPER;
			first = false;
			if (cat_is_letter(c)) {
				nletter++;
				nupper += up;
			} else if (cat_is_digit(c)) {
				flags |= TOK_DIGIT;
			}
		}
		i += l;
	}
	if (want_flags) {
		if (nletter)
			flags |= TOK_ALPHA;
		if (nletter >= 2 && nupper == nletter)
			flags |= TOK_ALLCAPS;
	}
	w->start = start;
	w->end = i;
	w->flags = flags;
	w->cjk = false;
	return true;
}

/* The character bigrams of a CJK run s[start, end) (one character alone when the run is
 * one character): spans [start_k, end_k) written to sp (2 entries per bigram), at most
 * cap bigrams per call starting at character offset *from (advanced). @return count. */
static size_t cjk_bigrams(const uint8_t *s, size_t *from, size_t end, size_t *sp, size_t cap)
{
	size_t k = 0, i = *from;
	if (i >= end)
		return 0;
	int32_t cp;
	bool bad;
	size_t l1 = utf8_decode(s + i, end - i, &cp, &bad);
	if (i + l1 >= end) { /* the last character: alone only if it is the whole run */
		*from = end;
		return 0;
	}
	while (k < cap && i + l1 < end) {
		size_t l2 = utf8_decode(s + i + l1, end - i - l1, &cp, &bad);
		sp[2 * k] = i;
		sp[2 * k + 1] = i + l1 + l2;
		k++;
		i += l1;
		l1 = l2;
	}
	*from = i;
	return k;
}

/* SWAR classification of 8 ASCII bytes (no carry crosses a byte: each byte is masked to
 * 7 bits before the additions; bytes >= 0x80 are excluded at the end). Each result has
 * 0x80 set in the bytes of its class. */
#define SW_ONES 0x0101010101010101ull
#define SW_HI 0x8080808080808080ull
struct sw8 {
	uint64_t alnum, upper, digit;
};

static inline struct sw8 swar_classify(uint64_t x)
{
	uint64_t y = x & ~SW_HI;
	uint64_t digit = (y + SW_ONES * (0x80 - '0')) & ~(y + SW_ONES * (0x80 - '9' - 1));
	uint64_t f = y | SW_ONES * 0x20; /* fold A-Z onto a-z (other bytes do not land there) */
	uint64_t alpha = (f + SW_ONES * (0x80 - 'a')) & ~(f + SW_ONES * (0x80 - 'z' - 1));
	struct sw8 r;
	r.digit = digit & ~x & SW_HI;
	alpha &= ~x & SW_HI;
	r.alnum = r.digit | alpha;
	r.upper = alpha & ~(x << 2); /* bit 5 (0x20) clear: upper case */
	return r;
}

/* Number of class bytes (0x80 markers) in m. */
static inline unsigned sw_count(uint64_t m)
{
	return (unsigned)(((m >> 7) * SW_ONES) >> 56);
}

/* Byte-length of the leading run of set class bytes in m (0..8), in memory order. */
static inline unsigned sw_run(uint64_t m)
{
	uint64_t stop = ~m & SW_HI;
	if (!stop)
		return 8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (unsigned)__builtin_clzll(stop) >> 3;
#else
	return (unsigned)__builtin_ctzll(stop) >> 3;
#endif
}

/* Mask keeping the first len (0..7) bytes in memory order. */
static inline uint64_t sw_keep(unsigned len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return len ? ~0ull << (64 - 8 * len) : 0;
#else
	return (1ull << (8 * len)) - 1;
#endif
}

/* Fast path: measure the ASCII alphanumeric run at s[i] (an alnum byte), 8 bytes at a
 * time while 8 can be read, so the word end comes from a mask rather than a mispredicted
 * per-byte branch. Stops after TOK_SMALL_WORD bytes. *nupper / *ndigit count A-Z / 0-9.
 * @return the index after the run (the caller checks whether the word ended there). */
static inline size_t scan_ascii(const uint8_t *cls, const uint8_t *s, size_t n, size_t i,
				size_t *nupper, size_t *ndigit)
{
	size_t st = i;
	while (n - i >= 8 && i - st <= TOK_SMALL_WORD - 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		struct sw8 c = swar_classify(x);
		unsigned len = sw_run(c.alnum);
		uint64_t keep = len == 8 ? ~0ull : sw_keep(len);
		*nupper += sw_count(c.upper & keep);
		*ndigit += sw_count(c.digit & keep);
		i += len;
		if (len < 8)
			return i;
	}
	while (i < n && i - st < TOK_SMALL_WORD) {
		unsigned c = cls[s[i]];
		if (!(c & C_ALNUM))
			break;
		*nupper += (c & C_UPPER) != 0;
		*ndigit += (c & C_DIGIT) != 0;
		i++;
	}
	return i;
}

/* Lowercase copy of the ASCII bytes s[0..len) into d. */
static inline void lower_ascii(char *d, const uint8_t *s, size_t len)
{
	for (size_t k = 0; k < len; k++)
		d[k] = (char)(s[k] | (((unsigned)s[k] - 'A' < 26u) ? 0x20 : 0));
}

/* A safe place to cut a long word for piecewise normalisation: a letter/digit starter
 * (combining class 0) that no NFKC composition joins to what precedes it. Hangul jamo
 * are excluded because L+V and LV+T compose. */
static bool safe_cut(int32_t cp)
{
	if (cp < 0x80)
		return true;
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) ||
	    (cp >= 0xD7B0 && cp <= 0xD7FF))
		return false;
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	utf8proc_category_t c = (utf8proc_category_t)p->category;
	return p->combining_class == 0 && (cat_is_letter(c) || cat_is_digit(c));
}

/* Append the NFKC+casefold+stripmark form of the valid UTF-8 s[0..n) to b, stopping once
 * `room` bytes have been produced (the excess is cut at a character boundary). */
static void norm_utf8proc(struct normbuf *b, const uint8_t *s, size_t n, size_t room)
{
	size_t done = 0; /* input bytes consumed */
	size_t made = 0; /* output bytes appended */
	while (done < n && made < room) {
		size_t len = n - done;
		if (len > TOK_CHUNK_BYTES) {
			/* Cut before a safe starter, searching back from the chunk end. */
			size_t cut = TOK_CHUNK_BYTES, lim = TOK_CHUNK_BYTES / 2;
			for (; cut > lim; cut--) {
				const uint8_t *q = s + done + cut;
				if ((*q & 0xC0) == 0x80)
					continue;
				int32_t cp;
				bool bad;
				utf8_decode(q, n - done - cut, &cp, &bad);
				if (!bad && safe_cut(cp))
					break;
			}
			if (cut == lim) /* pathological (marks only): any boundary */
				while ((s[done + cut] & 0xC0) == 0x80)
					cut++;
			len = cut;
		}
		const utf8proc_uint8_t *in = s + done;
		utf8proc_ssize_t need = utf8proc_decompose(in, (utf8proc_ssize_t)len, b->u,
							   (utf8proc_ssize_t)b->ucap,
							   TOK_UTF8PROC_OPTS);
		if (need >= 0 && (size_t)need + 1 > b->ucap) {
			XGROW(b->u, b->ucap, (size_t)need + 1);
			need = utf8proc_decompose(in, (utf8proc_ssize_t)len, b->u,
						  (utf8proc_ssize_t)b->ucap, TOK_UTF8PROC_OPTS);
		}
		utf8proc_ssize_t nb = need < 0 ? need : utf8proc_reencode(b->u, need, TOK_UTF8PROC_OPTS);
		const char *src;
		size_t srclen;
		if (nb < 0) {
			/* Cannot happen for validated input; keep the bytes rather than lose the word. */
			src = (const char *)in;
			srclen = len;
		} else {
			src = (const char *)b->u;
			srclen = (size_t)nb;
		}
		XGROW(*b->p, *b->cap, *b->len + srclen);
		memcpy(*b->p + *b->len, src, srclen);
		*b->len += srclen;
		made += srclen;
		done += len;
	}
	if (made > room) {
		size_t cut = room;
		const char *base = *b->p + *b->len - made;
		while (cut > 0 && ((uint8_t)base[cut] & 0xC0) == 0x80)
			cut--;
		*b->len -= made - cut;
	}
}

/* Append the normalised form of word s[0..n) to b. nonascii false takes the ASCII fast
 * path (lowercase copy). @return the number of bytes appended (<= TOK_NORM_MAX). */
static inline size_t norm_word(struct normbuf *b, const uint8_t *s, size_t n, bool nonascii)
{
	size_t before = *b->len;
	if (!nonascii) {
		size_t m = n < TOK_NORM_MAX ? n : TOK_NORM_MAX;
		if (*b->len + m > *b->cap)
			XGROW(*b->p, *b->cap, *b->len + m);
		char *d = *b->p + *b->len;
		for (size_t k = 0; k < m; k++)
			d[k] = (char)(s[k] | ((s[k] >= 'A' && s[k] <= 'Z') ? 0x20 : 0));
		*b->len += m;
		return m;
	}
	norm_utf8proc(b, s, n, TOK_NORM_MAX);
	return *b->len - before;
}

static void normbuf_done(struct normbuf *b)
{
	free(b->u);
	b->u = NULL;
	b->ucap = 0;
}

/* tok_word_hash() of a form of at most TOK_WORD_PAD bytes given as two little-endian
 * 8-byte lanes, zero beyond the form (see tokenize.h). */
static inline uint64_t word_hash_lanes(uint64_t lo, uint64_t hi, size_t n)
{
	uint8_t pad[TOK_WORD_PAD];
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	for (unsigned k = 0; k < 8; k++) {
		pad[k] = (uint8_t)(lo >> (8 * k));
		pad[8 + k] = (uint8_t)(hi >> (8 * k));
	}
#else
	memcpy(pad, &lo, 8);
	memcpy(pad + 8, &hi, 8);
#endif
	return XXH3_64bits_withSeed(pad, TOK_WORD_PAD, n);
}

static inline uint64_t word_hash(const void *s, size_t n)
{
	if (n > TOK_WORD_PAD)
		return XXH3_64bits(s, n);
	uint8_t pad[TOK_WORD_PAD] = { 0 };
	memcpy(pad, s, n);
	return XXH3_64bits_withSeed(pad, TOK_WORD_PAD, n);
}

uint64_t tok_word_hash(const void *s, size_t nbytes) { return word_hash(s, nbytes); }

/* Bit masks of one TOK_BLOCK-byte block: bit j describes byte j. */
struct blockmask {
	uint64_t alnum; /* [A-Za-z0-9] */
	uint64_t high;  /* >= 0x80 */
};

static inline struct blockmask classify_block(const uint8_t *p)
{
	struct blockmask m = { 0, 0 };
#if defined(__SSE2__)
	/* Signed compares: bytes >= 0x80 are negative, so they fail every range test. */
	const __m128i a_lo = _mm_set1_epi8('a' - 1), z_hi = _mm_set1_epi8('z' + 1);
	const __m128i d_lo = _mm_set1_epi8('0' - 1), d_hi = _mm_set1_epi8('9' + 1);
	const __m128i fold = _mm_set1_epi8(0x20);
	for (unsigned k = 0; k < TOK_BLOCK / 16; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		__m128i f = _mm_or_si128(x, fold);
		__m128i al = _mm_and_si128(_mm_cmpgt_epi8(f, a_lo), _mm_cmpgt_epi8(z_hi, f));
		__m128i dg = _mm_and_si128(_mm_cmpgt_epi8(x, d_lo), _mm_cmpgt_epi8(d_hi, x));
		m.alnum |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(al, dg)) << (16 * k);
		m.high |= (uint64_t)(uint16_t)_mm_movemask_epi8(x) << (16 * k);
	}
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* SWAR: gather each byte's 0x80 class marker into one bit (byte j -> bit j). */
	for (unsigned k = 0; k < TOK_BLOCK / 8; k++) {
		uint64_t x;
		memcpy(&x, p + 8 * k, 8);
		uint64_t a = swar_classify(x).alnum, h = x & SW_HI;
		m.alnum |= (((a >> 7) * 0x0102040810204080ull) >> 56) << (8 * k);
		m.high |= (((h >> 7) * 0x0102040810204080ull) >> 56) << (8 * k);
	}
#else
	const uint8_t *cls = byte_class();
	for (unsigned j = 0; j < TOK_BLOCK; j++) {
		m.alnum |= (uint64_t)((cls[p[j]] & C_ALNUM) != 0) << j;
		m.high |= (uint64_t)(p[j] >> 7) << j;
	}
#endif
	return m;
}

/* Little-endian load of 8 bytes. */
static inline uint64_t load_le64(const uint8_t *p)
{
	uint64_t x;
	memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

/* Lowercase the ASCII bytes of a little-endian lane (bytes < 0x80 only: no carries). */
static inline uint64_t lower_lane(uint64_t x)
{
	uint64_t up = (x + SW_ONES * (0x80 - 'A')) & ~(x + SW_ONES * (0x80 - 'Z' - 1)) & SW_HI;
	return x | (up >> 2);
}

/* Hash the pure-ASCII words of block text[i..i+TOK_BLOCK) that end inside it, before its
 * first non-ASCII byte, into h[*nw...] (room for TOK_BLOCK / 2 words). A letter or digit
 * at text[i] starts a word (text[i-1] is not part of it), and TOK_WORD_PAD bytes past the
 * block can be read.
 * sp, when not NULL, gets each word's span (tok_word_spans) beside its hash.
 * @return how far to advance i: up to the first word not handled (cut by the block end,
 * touching a non-ASCII byte) or the first non-ASCII byte; 0 when neither lets it move. */
static inline size_t hash_block(const uint8_t *text, size_t i, uint64_t *h, uint64_t *sp,
				size_t *nw)
{
	/* 0xFF for the 16 bytes of a word's form, then 0x00: masks[16 - len + 8 * lane]. */
	static const uint8_t keep[32] = {
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	};
	const uint8_t *p = text + i;
	struct blockmask m = classify_block(p);
	unsigned fh = m.high ? (unsigned)__builtin_ctzll(m.high) : TOK_BLOCK;
	uint64_t starts = m.alnum & ~(m.alnum << 1);
	/* last byte of each run, kept when a separator that is ASCII follows inside the block */
	uint64_t ends = m.alnum & ~(m.alnum >> 1);
	ends &= fh >= 2 ? (1ull << (fh - 1)) - 1 : 0;
	size_t n = *nw;
	while (ends) {
		unsigned s = (unsigned)__builtin_ctzll(starts);
		unsigned e = (unsigned)__builtin_ctzll(ends) + 1;
		starts &= starts - 1;
		ends &= ends - 1;
		size_t len = e - s;
		if (sp) /* ASCII letters and digits only: plain */
			sp[n] = (uint64_t)(i + s) | (uint64_t)len << 32 | TOK_SPAN_PLAIN;
		if (len <= TOK_WORD_PAD) {
			uint64_t k0 = load_le64(keep + TOK_WORD_PAD - len);
			uint64_t k1 = load_le64(keep + TOK_WORD_PAD + 8 - len);
			uint64_t lo = lower_lane(load_le64(p + s) & k0);
			uint64_t hi = lower_lane(load_le64(p + s + 8) & k1);
			h[n++] = word_hash_lanes(lo, hi, len);
		} else {
			char w[TOK_BLOCK];
			lower_ascii(w, p + s, len);
			h[n++] = word_hash(w, len);
		}
	}
	*nw = n;
	unsigned next = starts ? (unsigned)__builtin_ctzll(starts) : TOK_BLOCK;
	return next < fh ? next : fh;
}

/* ---- API -------------------------------------------------------------------------- */

/* Append the bigram tokens of CJK run w to out. @return 0, or -1 when the normal forms
 * pass what norm_off can address. */
static int cjk_emit_toks(const uint8_t *text, const struct word *w, tok_list *out,
			 struct normbuf *b)
{
	size_t sp[2 * 16], from = w->start, k;
	bool any = false;
	while ((k = cjk_bigrams(text, &from, w->end, sp, 16)) > 0 || !any) {
		if (k == 0) { /* a one-character run is its own word */
			sp[0] = w->start;
			sp[1] = w->end;
			k = 1;
		}
		any = true;
		for (size_t j = 0; j < k; j++) {
			size_t off = out->norm_nbytes;
			size_t len = norm_word(b, text + sp[2 * j], sp[2 * j + 1] - sp[2 * j], true);
			if (len == 0)
				continue;
			if (out->norm_nbytes > UINT32_MAX)
				return -1;
			if (out->n == out->cap)
				XGROW(out->v, out->cap, out->n + 1);
			/* spans tile the run without overlap (other stages rely on it): a bigram's
			 * span is its first character, the run's last bigram spans both */
			size_t send = sp[2 * j + 1];
			if (send < w->end) {
				int32_t cp;
				bool bad;
				send = sp[2 * j] + utf8_decode(text + sp[2 * j], w->end - sp[2 * j], &cp, &bad);
			}
			tok *t = &out->v[out->n++];
			t->start = (uint32_t)sp[2 * j];
			t->end = (uint32_t)send;
			t->norm_off = (uint32_t)off;
			t->norm_len = (uint16_t)len;
			t->flags = (uint16_t)w->flags;
			t->hash = word_hash(out->norm + off, len);
		}
	}
	return 0;
}

int tok_run(const uint8_t *text, size_t nbytes, tok_list *out)
{
	out->n = 0;
	out->norm_nbytes = 0;
	out->nbad = 0;
	if (nbytes > UINT32_MAX)
		return OVL_ETOOBIG;
	if (nbytes == 0)
		return 0;
	/* ASCII prose: the normalised forms never exceed the text; about one word per 6 bytes.
	 * The token array is reserved up to TOK_RESERVE_MAX only: binary input has few words. */
	XGROW(out->norm, out->norm_cap, nbytes);
	size_t guess = nbytes / 6 + 16;
	XGROW(out->v, out->cap, guess < TOK_RESERVE_MAX ? guess : TOK_RESERVE_MAX);

	const uint8_t *cls = byte_class();
	struct normbuf b = { &out->norm, &out->norm_nbytes, &out->norm_cap, NULL, 0 };
	size_t i = 0;
	int rc = 0;
	while (i < nbytes) {
		uint8_t c = cls[text[i]];
		if (c == 0) {
			i++;
			continue;
		}
		size_t off = out->norm_nbytes;
		if (out->n == out->cap)
			XGROW(out->v, out->cap, out->n + 1);
		if (c & C_ALNUM) {
			/* Fast path, as in tok_hashes(): a short pure-ASCII word is lowercased
			 * straight into norm while its flags are gathered. */
			if (out->norm_cap - off < TOK_SMALL_WORD)
				XGROW(out->norm, out->norm_cap, off + TOK_SMALL_WORD);
			char *d = out->norm + off;
			size_t st = i, nupper = 0, ndigit = 0;
			unsigned first = c;
			i = scan_ascii(cls, text, nbytes, i, &nupper, &ndigit);
			size_t k = i - st;
			c = i < nbytes ? cls[text[i]] : 0;
			if (!(c & (C_ALNUM | C_HIGH))) {
				lower_ascii(d, text + st, k);
				size_t nletter = k - ndigit;
				unsigned fl = (first & C_UPPER) ? TOK_UPPER : 0;
				fl |= ndigit ? TOK_DIGIT : 0;
				fl |= nletter ? TOK_ALPHA : 0;
				fl |= (nletter >= 2 && nupper == nletter) ? TOK_ALLCAPS : 0;
				out->norm_nbytes = off + k;
				if (out->norm_nbytes > UINT32_MAX) {
					rc = OVL_ETOOBIG;
					break;
				}
				tok *t = &out->v[out->n++];
				t->start = (uint32_t)st;
				t->end = (uint32_t)i;
				t->norm_off = (uint32_t)off;
				t->norm_len = (uint16_t)k;
				t->flags = (uint16_t)fl;
				t->hash = word_hash(d, k);
				continue;
			}
			i = st; /* long word, or a non-ASCII byte follows: general path */
		}
		struct word w;
		if (!next_word(text, nbytes, i, &w, &out->nbad, true))
			break;
		i = w.end;
		if (w.cjk) {
			if (cjk_emit_toks(text, &w, out, &b) < 0) {
				rc = OVL_ETOOBIG;
				break;
			}
			continue;
		}
		size_t len = norm_word(&b, text + w.start, w.end - w.start,
				       (w.flags & TOK_NONASCII) != 0);
		if (len == 0)
			continue;
		if (out->norm_nbytes > UINT32_MAX) { /* expansion past what norm_off can address */
			rc = OVL_ETOOBIG;
			break;
		}
		tok *t = &out->v[out->n++];
		t->start = (uint32_t)w.start;
		t->end = (uint32_t)w.end;
		t->norm_off = (uint32_t)off;
		t->norm_len = (uint16_t)len;
		t->flags = (uint16_t)w.flags;
		t->hash = word_hash(out->norm + off, len);
	}
	normbuf_done(&b);
	if (rc) {
		out->n = 0;
		out->norm_nbytes = 0;
	}
	return rc;
}

/* The span of a word for tok_word_spans. */
static inline uint64_t span_of(size_t start, size_t end, bool plain)
{
	return (uint64_t)start | (uint64_t)(end - start) << 32 | (plain ? TOK_SPAN_PLAIN : 0);
}

/* tok_hashes, and with spans != NULL tok_word_spans: *spans (capacity *scap) grows with
 * *hashes (spans of a text under 4 GiB only: the caller checks). Inlined into both, so the
 * sketch path keeps no trace of the spans (as one called function: --no-stories medians
 * 0.66-0.70 s CPU on the 92 MB corpus against main's 0.65-0.66; inlined: 0.66). Kept as
 * one loop of about 120 lines for the same reason: the block scan, the word hash and the
 * span bookkeeping run per byte and share their state. */
static OVL_ALWAYS_INLINE size_t hashes_impl(const uint8_t *text, size_t nbytes, uint64_t **hashes,
				 size_t *cap, uint64_t **spans, size_t *scap, size_t *nbad)
{
	const uint8_t *cls = byte_class();
	size_t bad = 0, nw = 0;
	char *buf = NULL;
	size_t blen = 0, bcap = 0;
	struct normbuf b = { &buf, &blen, &bcap, NULL, 0 };
	/* Short pure-ASCII words (almost all of them) are lowercased into this stack buffer
	 * while they are scanned and hashed from there; anything else (a long word, a word
	 * touching a non-ASCII byte, invalid bytes) goes through next_word() + norm_word(),
	 * the same code as tok_run(). C_UPPER << 4 is the 0x20 that lowercases A-Z. */
	char small[TOK_SMALL_WORD];
	size_t i = 0;
	while (i < nbytes) {
		/* Block path: whole blocks of mostly-ASCII prose without a per-byte branch. At
		 * the top of the loop a letter or digit at text[i] always starts a word (every
		 * path below stops on a separator or at a word's first byte), and a block that
		 * cannot move (a long word, a non-ASCII byte at i) takes one step below. */
		if (nbytes - i >= TOK_BLOCK + TOK_WORD_PAD) {
			if (*cap - nw < TOK_BLOCK / 2)
				XGROW(*hashes, *cap, nw + TOK_BLOCK / 2);
			if (spans && *scap - nw < TOK_BLOCK / 2)
				XGROW(*spans, *scap, nw + TOK_BLOCK / 2);
			size_t adv = hash_block(text, i, *hashes, spans ? *spans : NULL, &nw);
			if (adv) {
				i += adv;
				continue;
			}
		}
		uint8_t c = cls[text[i]];
		if (c == 0) {
			/* Separators: skip to the next letter, digit or non-ASCII byte 8 bytes at a
			 * time (one step for ", " or ". " instead of a mispredicted byte loop). */
			if (nbytes - i >= 8) {
				uint64_t x;
				memcpy(&x, text + i, 8);
				uint64_t stop = swar_classify(x).alnum | (x & SW_HI);
				i += stop ? sw_run(~stop & SW_HI) : 8;
			} else {
				i++;
			}
			continue;
		}
		if (c & C_ALNUM) {
			size_t st = i, nupper = 0, ndigit = 0;
			i = scan_ascii(cls, text, nbytes, i, &nupper, &ndigit);
			size_t k = i - st;
			c = i < nbytes ? cls[text[i]] : 0;
			if (!(c & (C_ALNUM | C_HIGH))) {
				if (nw == *cap)
					XGROW(*hashes, *cap, nw + 1);
				if (spans) {
					XGROW(*spans, *scap, nw + 1);
					(*spans)[nw] = span_of(st, i, true);
				}
				/* Most words are already lower case: hash them in place. */
				const void *src = text + st;
				if (nupper) {
					lower_ascii(small, text + st, k);
					src = small;
				}
				(*hashes)[nw++] = word_hash(src, k);
				continue;
			}
			i = st; /* long word, or a non-ASCII byte follows: general path */
		}
		struct word w;
		if (!next_word(text, nbytes, i, &w, &bad, false)) {
			i = nbytes;
			break;
		}
		i = w.end;
		if (w.cjk) {
			size_t sp[2 * 16], from = w.start, k;
			bool any = false;
			while ((k = cjk_bigrams(text, &from, w.end, sp, 16)) > 0 || !any) {
				if (k == 0) { /* a one-character run is its own word */
					sp[0] = w.start;
					sp[1] = w.end;
					k = 1;
				}
				any = true;
				for (size_t j = 0; j < k; j++) {
					blen = 0;
					size_t len = norm_word(&b, text + sp[2 * j], sp[2 * j + 1] - sp[2 * j],
							       true);
					if (len == 0)
						continue;
					if (nw == *cap)
						XGROW(*hashes, *cap, nw + 1);
					if (spans) {
						XGROW(*spans, *scap, nw + 1);
						(*spans)[nw] = span_of(sp[2 * j], sp[2 * j + 1], false);
					}
					(*hashes)[nw++] = word_hash(buf, len);
				}
			}
			continue;
		}
		blen = 0;
		size_t len = norm_word(&b, text + w.start, w.end - w.start,
				       (w.flags & TOK_NONASCII) != 0);
		if (len == 0)
			continue;
		if (nw == *cap)
			XGROW(*hashes, *cap, nw + 1);
		if (spans) {
			XGROW(*spans, *scap, nw + 1);
			(*spans)[nw] = span_of(w.start, w.end, !(w.flags & TOK_NONASCII));
		}
		(*hashes)[nw++] = word_hash(buf, len);
	}
	normbuf_done(&b);
	free(buf);
	if (nbad)
		*nbad = bad;
	return nw;
}

size_t tok_hashes(const uint8_t *text, size_t nbytes, uint64_t **hashes, size_t *cap,
		  size_t *nbad)
{
	return hashes_impl(text, nbytes, hashes, cap, NULL, NULL, nbad);
}

size_t tok_word_spans(const uint8_t *text, size_t nbytes, uint64_t **hashes, size_t *cap,
		 uint64_t **spans, size_t *scap, size_t *nbad)
{
	if (nbytes > UINT32_MAX) {
		if (nbad)
			*nbad = 0;
		return 0;
	}
	return hashes_impl(text, nbytes, hashes, cap, spans, scap, nbad);
}

char *tok_normalize(const uint8_t *s, size_t nbytes, size_t *out_nbytes)
{
	char *buf = NULL;
	size_t blen = 0, bcap = 0;
	struct normbuf b = { &buf, &blen, &bcap, NULL, 0 };
	XGROW(buf, bcap, nbytes + 1);

	size_t ignored = 0, i = 0;
	struct word w;
	while (next_word(s, nbytes, i, &w, &ignored, false)) {
		i = w.end;
		if (w.cjk) { /* the bigrams, as tok_run() gives them */
			size_t sp[2 * 16], from = w.start, k;
			bool any = false;
			while ((k = cjk_bigrams(s, &from, w.end, sp, 16)) > 0 || !any) {
				if (k == 0) {
					sp[0] = w.start;
					sp[1] = w.end;
					k = 1;
				}
				any = true;
				for (size_t j = 0; j < k; j++) {
					size_t mark = blen;
					if (blen > 0) {
						XGROW(buf, bcap, blen + 1);
						buf[blen++] = ' ';
					}
					if (norm_word(&b, s + sp[2 * j], sp[2 * j + 1] - sp[2 * j], true) == 0)
						blen = mark;
				}
			}
			continue;
		}
		size_t mark = blen;
		if (blen > 0) {
			XGROW(buf, bcap, blen + 1);
			buf[blen++] = ' ';
		}
		if (norm_word(&b, s + w.start, w.end - w.start, (w.flags & TOK_NONASCII) != 0) == 0)
			blen = mark; /* empty form: drop its separator too */
	}
	normbuf_done(&b);
	XGROW(buf, bcap, blen + 1);
	buf[blen] = '\0';
	if (out_nbytes)
		*out_nbytes = blen;
	return buf;
}

void tok_list_free(tok_list *t)
{
	if (!t)
		return;
	free(t->v);
	free(t->norm);
	memset(t, 0, sizeof *t);
}
