/* sentence.c - sentence segmentation of news text (see sentence.h).
 *
 * Works line by line in one pass. Inside a line, a run of terminal punctuation plus
 * closing quotes/brackets is a candidate; it ends a sentence unless the next word is
 * lower case, or the word before a single '.' is an abbreviation (titles never end a
 * sentence, "U.S."/"Inc."/initials/months only before a typical sentence opener such as
 * "The" or "He"). A line break ends a sentence after a blank line, before or after a
 * bullet, after a heading-like line, or when lines are paragraph-long (one paragraph per
 * line). It does not tokenise or look at meaning. Cost: O(n), a bounded look-ahead per
 * candidate; hostile input gets sentences capped at SENT_MAX_BYTES.
 */
#include "overlap/sentence.h"

#include "overlap/mem.h"
#include "overlap/utf8.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

/* ---- tuning ----------------------------------------------------------------------- */

/* A line longer than this is a paragraph on its own line (hard-wrapped text wraps at
 * 60-80 columns); its line break then ends the sentence. */
#define SENT_WRAP_MAX_BYTES 100u

/* A heading is at most this long (news headings: 2-15 words, < 100 bytes). */
#define SENT_HEADING_MAX_BYTES 120u
#define SENT_HEADING_MAX_WORDS 16u

/* No real sentence is this long; binary or punctuation-free input is cut here (at white
 * space when there is some in the second half) so later stages get bounded units. */
#define SENT_MAX_BYTES 16384u

/* ---- character classes ------------------------------------------------------------ */

static size_t dec(const uint8_t *s, size_t n, size_t i, int32_t *cp)
{
	if (s[i] < 0x80) {
		*cp = s[i];
		return 1;
	}
	bool bad;
	size_t l = utf8_decode(s + i, n - i, cp, &bad);
	return l;
}

/* Horizontal white space (line breaks are separate). */
static bool is_space(int32_t c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 ||
	       c == 0xFEFF;
}

/* Length of the line break at s[i] (0 if none); *para set for U+2029. */
static size_t line_break(const uint8_t *s, size_t n, size_t i, bool *para)
{
	*para = false;
	uint8_t b = s[i];
	if (b == '\n')
		return 1;
	if (b == '\r')
		return (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
	if (b == 0xC2 && i + 1 < n && s[i + 1] == 0x85)
		return 2; /* NEL */
	if (b == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
		*para = s[i + 2] == 0xA9;
		return 3;
	}
	return 0;
}

static bool is_terminal(int32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203C || c == 0x2047 ||
	       c == 0x2048 || c == 0x2049 || c == 0x3002 || c == 0xFF01 || c == 0xFF1F ||
	       c == 0xFF61;
}

static bool is_question(int32_t c)
{
	return c == '?' || c == 0x2047 || c == 0x2048 || c == 0x2049 || c == 0xFF1F;
}

static bool is_closer(int32_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0x201D ||
	       c == 0x2019 || c == 0xBB || c == 0x203A || c == 0x300D || c == 0x300F;
}

static bool is_opener(int32_t c)
{
	return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == 0x201C ||
	       c == 0x2018 || c == 0x201E || c == 0xAB || c == 0x2039 || c == 0x300C ||
	       c == 0x300E || c == 0xBF || c == 0xA1;
}

static bool is_lower(int32_t c)
{
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

static bool is_upper(int32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	utf8proc_category_t k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

static bool is_letter(int32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	utf8proc_category_t k = utf8proc_category(c);
	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

static bool is_digit(int32_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

/* Start of the character that ends just before byte i (i > 0). */
static size_t prev_char(const uint8_t *s, size_t i)
{
	size_t j = i - 1;
	for (int k = 0; k < 3 && j > 0 && (s[j] & 0xC0) == 0x80; k++)
		j--;
	return j;
}

/* ---- abbreviations ---------------------------------------------------------------- */

/* Never end a sentence before a capitalised word or a number (Mr. Smith, vs. Microsoft). */
static const char *const abbr_title[] = {
	"mr", "mrs", "ms", "messrs", "dr", "drs", "prof", "sen", "sens", "rep", "reps", "gov",
	"gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt",
	"mme", "mlle", "msgr", "mt", "vs", "v", "cf", "e.g", "i.e", "viz", "approx", "ca",
};
/* End a sentence only before a typical sentence opener (Inc. The / U.S. Congress). */
static const char *const abbr_name[] = {
	"inc", "corp", "ltd", "co", "cos", "jr", "sr", "st", "ave", "blvd", "rd", "bros", "plc",
	"dept", "univ", "assn", "intl", "govt", "al", "jan", "feb", "mar", "apr", "jun", "jul",
	"aug", "sep", "sept", "oct", "nov", "dec",
};
/* Before a number only (No. 5, Vol. 2, pp. 10). */
static const char *const abbr_num[] = {
	"no", "nos", "vol", "vols", "pp", "p", "art", "fig", "figs", "sec", "ch", "pt", "para",
	"ed", "eds", "op", "tel", "est",
};

/* Words that typically open a sentence; after "U.S." or "Inc." they mark a boundary. */
static const char *const openers[] = {
	"The", "A", "An", "In", "It", "Its", "It's", "He", "She", "They", "We", "I", "You",
	"But", "And", "Or", "So", "This", "That", "These", "Those", "There", "Their", "His",
	"Her", "Our", "My", "However", "Meanwhile", "Moreover", "Also", "On", "At", "For", "As",
	"If", "When", "While", "After", "Before", "Since", "According", "Some", "Many", "Most",
	"One", "Now", "Then", "Yet", "Still", "Although", "Though", "Despite", "During", "Under",
	"With", "What", "Why", "How", "Who", "Where", "Earlier", "Later", "Today", "Yesterday",
	"Both", "Such", "Other", "Each", "All", "No", "Not", "Another", "By", "From", "Over",
	"Among", "Until", "Because", "Instead", "Indeed", "Thus", "Officials", "Experts",
};

static bool in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(w, list[k]) == 0)
			return true;
	return false;
}
#define IN_LIST(w, l) in_list((w), (l), sizeof(l) / sizeof((l)[0]))

enum abbr { ABBR_NONE, ABBR_TITLE, ABBR_NAME, ABBR_NUM };

/* Classify the token s[a..b) that precedes a '.': lower-cased ASCII letters and inner
 * dots are looked up; one letter is an initial (ABBR_NAME), as is a dotted initialism of
 * 1-2 letter parts (U.S, a.m, Ph.D). */
static enum abbr classify_token(const uint8_t *s, size_t a, size_t b)
{
	/* drop leading openers: ("Inc or “U.S */
	while (a < b) {
		int32_t c;
		size_t l = dec(s, b, a, &c);
		if (!is_opener(c))
			break;
		a += l;
	}
	if (a >= b)
		return ABBR_NONE;
	int32_t c0;
	if (dec(s, b, a, &c0) == b - a && is_letter(c0))
		return ABBR_NAME; /* one letter, any script: an initial */
	char w[16];
	size_t len = b - a;
	if (len >= sizeof w)
		return ABBR_NONE;
	bool dotted = false, parts_short = true;
	size_t part = 0;
	for (size_t k = 0; k < len; k++) {
		uint8_t ch = s[a + k];
		if (ch == '.') {
			if (part == 0)
				return ABBR_NONE;
			dotted = true;
			part = 0;
		} else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') {
			if (++part > 2)
				parts_short = false;
		} else {
			return ABBR_NONE;
		}
		w[k] = (char)(ch | ((ch >= 'A' && ch <= 'Z') ? 0x20 : 0));
	}
	w[len] = '\0';
	if (IN_LIST(w, abbr_title))
		return ABBR_TITLE;
	if (IN_LIST(w, abbr_name))
		return ABBR_NAME;
	if (IN_LIST(w, abbr_num))
		return ABBR_NUM;
	if (dotted && parts_short)
		return ABBR_NAME;
	return ABBR_NONE;
}

/* Is the word at s[i..) a typical sentence opener? */
static bool is_opener_word(const uint8_t *s, size_t n, size_t i)
{
	char w[16];
	size_t k = 0;
	while (i + k < n && k < sizeof w - 1 &&
	       (((s[i + k] | 0x20) >= 'a' && (s[i + k] | 0x20) <= 'z') || s[i + k] == '\''))
	{
		w[k] = (char)s[i + k];
		k++;
	}
	if (k == 0 || k == sizeof w - 1)
		return false;
	if (i + k < n && s[i + k] >= 0x80) { /* It’s */
		int32_t c;
		dec(s, n, i + k, &c);
		if (is_letter(c))
			return false;
	}
	w[k] = '\0';
	return IN_LIST(w, openers);
}

/* ---- splitter --------------------------------------------------------------------- */

struct splitter {
	const uint8_t *s;
	size_t n;
	sent **out;
	size_t *cap;
	size_t cnt;
};

static size_t trim_left(const uint8_t *s, size_t a, size_t b)
{
	while (a < b) {
		int32_t c;
		bool para;
		size_t l = line_break(s, b, a, &para);
		if (l) {
			a += l;
			continue;
		}
		l = dec(s, b, a, &c);
		if (!is_space(c))
			break;
		a += l;
	}
	return a;
}

static size_t trim_right(const uint8_t *s, size_t a, size_t b)
{
	while (b > a) {
		size_t j = prev_char(s, b);
		if (j < a)
			j = a;
		int32_t c;
		size_t l = dec(s, b, j, &c);
		if (j + l != b) { /* invalid tail: not white space */
			break;
		}
		bool para;
		if (!is_space(c) && !line_break(s, b, j, &para) && c != '\n' && c != '\r')
			break;
		b = j;
	}
	return b;
}

static void push(struct splitter *sp, size_t a, size_t b, int kind)
{
	if (sp->cnt == *sp->cap)
		XGROW(*sp->out, *sp->cap, sp->cnt + 1);
	sent *t = &(*sp->out)[sp->cnt++];
	t->start = (uint32_t)a;
	t->end = (uint32_t)b;
	t->kind = (uint8_t)kind;
}

/* Emit s[a..b) trimmed, if non-empty, cut into pieces of at most SENT_MAX_BYTES. */
static void emit(struct splitter *sp, size_t a, size_t b, int kind)
{
	const uint8_t *s = sp->s;
	for (;;) {
		a = trim_left(s, a, b);
		size_t e = trim_right(s, a, b);
		if (a >= e)
			return;
		if (e - a <= SENT_MAX_BYTES) {
			push(sp, a, e, kind);
			return;
		}
		/* too long: cut at the last space in the second half, else at a char boundary */
		size_t cut = a + SENT_MAX_BYTES;
		size_t k = cut;
		while (k > a + SENT_MAX_BYTES / 2 && s[k] != ' ' && s[k] != '\t' && s[k] != '\n')
			k--;
		if (k > a + SENT_MAX_BYTES / 2)
			cut = k;
		else
			while (cut > a + 1 && (s[cut] & 0xC0) == 0x80)
				cut--;
		size_t pe = trim_right(s, a, cut);
		if (pe > a)
			push(sp, a, pe, kind);
		a = cut;
	}
}

/* Bullet marker at s[i] (line content start)? Sets *after to the item text start. */
static bool bullet_at(const uint8_t *s, size_t e, size_t i, size_t *after)
{
	int32_t c;
	size_t l = dec(s, e, i, &c);
	size_t j = i + l;
	bool marker = c == '-' || c == '*' || c == '+' || c == 0x2022 || c == 0x2023 ||
		      c == 0x2013 || c == 0x2014 || c == 0xB7 || c == 0x25AA || c == 0x25CF ||
		      c == 0x25E6 || c == 0x2043 || c == 0x25A0;
	if (!marker) {
		/* 1. 12) a) */
		size_t k = i;
		while (k < e && k - i < 3 && s[k] >= '0' && s[k] <= '9')
			k++;
		if (k == i && k < e && (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z' &&
		    k + 1 < e && s[k + 1] == ')')
			k++;
		if (k == i || k >= e || (s[k] != '.' && s[k] != ')'))
			return false;
		if (s[k] == '.' && !(s[i] >= '0' && s[i] <= '9'))
			return false;
		j = k + 1;
	}
	if (j >= e)
		return false;
	int32_t c2;
	dec(s, e, j, &c2);
	if (!is_space(c2))
		return false;
	*after = trim_left(s, j, e);
	return true;
}

/* Next line: its content start (after white space) or n; whether it is blank. */
struct line_peek {
	bool blank;  /* blank line or end of text: a paragraph break */
	bool bullet; /* starts with a bullet marker */
	bool lower;  /* first letter (after openers) is lower case */
	size_t len;  /* trimmed content length */
};

static void line_bounds(const uint8_t *s, size_t n, size_t i, size_t *le, size_t *next,
			bool *para)
{
	size_t j = i;
	*para = false;
	while (j < n) {
		if (s[j] == '\n' || s[j] == '\r' || s[j] == 0xC2 || s[j] == 0xE2) {
			size_t l = line_break(s, n, j, para);
			if (l) {
				*le = j;
				*next = j + l;
				return;
			}
		}
		j++;
	}
	*le = n;
	*next = n;
}

static struct line_peek peek_line(const uint8_t *s, size_t n, size_t i)
{
	struct line_peek pk = { true, false, false, 0 };
	if (i >= n)
		return pk;
	size_t le, next;
	bool para;
	line_bounds(s, n, i, &le, &next, &para);
	size_t a = trim_left(s, i, le), b = trim_right(s, a, le);
	if (a >= b)
		return pk;
	pk.blank = false;
	pk.len = b - a;
	size_t after;
	pk.bullet = bullet_at(s, b, a, &after);
	while (a < b) {
		int32_t c;
		size_t l = dec(s, b, a, &c);
		if (!is_opener(c)) {
			pk.lower = is_lower(c);
			break;
		}
		a += l;
	}
	return pk;
}

/* Does the terminal cluster s[p..q) end a sentence? first is its first code point, ndots
 * the number of '.' in it, closed whether it includes a closing quote/bracket. */
static bool is_boundary(const uint8_t *s, size_t n, size_t sstart, size_t p, size_t q,
			int32_t first, size_t ndots, bool closed)
{
	if (q >= n)
		return true;
	int32_t c;
	size_t l = dec(s, n, q, &c);
	bool para;
	if (!is_space(c) && !line_break(s, n, q, &para)) {
		/* Glued: "end.Next", "no.\"Then", "really?Yes". Needs Upper+lower after. */
		int32_t c2 = 0;
		if (q + l < n)
			dec(s, n, q + l, &c2);
		if (!is_upper(c) || !is_lower(c2))
			return false;
		if (closed || first != '.')
			return true;
		/* the word before: >= 2 letters, ending lower case, not an abbreviation */
		size_t w = p;
		while (w > sstart) {
			size_t j = prev_char(s, w);
			int32_t pc;
			dec(s, p, j, &pc);
			if (!is_letter(pc))
				break;
			w = j;
		}
		if (p - w < 2)
			return false;
		int32_t last;
		dec(s, p, prev_char(s, p), &last);
		return is_lower(last) && classify_token(s, w, p) == ABBR_NONE;
	}
	/* Look ahead over white space and line breaks to the next word. */
	size_t r = q, nbreaks = 0;
	while (r < n) {
		size_t lb = line_break(s, n, r, &para);
		if (lb) {
			nbreaks += para ? 2 : 1;
			r += lb;
			continue;
		}
		l = dec(s, n, r, &c);
		if (!is_space(c))
			break;
		r += l;
	}
	if (r >= n || nbreaks >= 2)
		return true;
	while (r < n) {
		l = dec(s, n, r, &c);
		if (!is_opener(c))
			break;
		r += l;
	}
	if (r >= n)
		return true;
	dec(s, n, r, &c);
	if (is_lower(c))
		return false;
	if (first != '.' || ndots >= 2)
		return true; /* ! ? … and "..." */
	/* A single '.': look at the token before it. */
	size_t w = p;
	while (w > sstart) {
		size_t j = prev_char(s, w);
		int32_t pc;
		dec(s, p, j, &pc);
		if (is_space(pc) || pc == '\n' || pc == '\r')
			break;
		w = j;
	}
	enum abbr ab = classify_token(s, w, p);
	if (ab == ABBR_NONE)
		return true;
	if (is_digit(c) || ab == ABBR_TITLE)
		return false;
	if (ab == ABBR_NUM)
		return true;
	return is_opener_word(s, n, r);
}

/* Title case: at least 3/4 of the words of 4+ letters start upper case. */
static bool title_case(const uint8_t *s, size_t a, size_t b)
{
	size_t big = 0, cap = 0, i = a;
	while (i < b) {
		while (i < b && (s[i] == ' ' || s[i] == '\t'))
			i++;
		size_t st = i, nlet = 0;
		int32_t c0 = 0;
		while (i < b && s[i] != ' ' && s[i] != '\t') {
			int32_t c;
			size_t l = dec(s, b, i, &c);
			if (i == st)
				c0 = c;
			nlet += is_letter(c);
			i += l;
		}
		if (nlet >= 4) {
			big++;
			cap += is_upper(c0);
		}
	}
	return big > 0 && cap * 4 >= big * 3;
}

/* Could the whole line s[a..b) (trimmed, non-empty) be a heading? */
static bool heading_like(const uint8_t *s, size_t a, size_t b)
{
	if (b - a > SENT_HEADING_MAX_BYTES)
		return false;
	int32_t c;
	dec(s, b, a, &c);
	if (is_lower(c))
		return false;
	size_t j = prev_char(s, b);
	if (j < a)
		j = a;
	dec(s, b, j, &c);
	if (is_terminal(c) || c == ',' || c == ';' || c == ':' || c == '-' || c == 0x2013 ||
	    c == 0x2014 || c == '(')
		return false;
	size_t words = 0;
	bool in = false;
	for (size_t i = a; i < b; i++) {
		bool sp = s[i] == ' ' || s[i] == '\t';
		if (!sp && !in)
			words++;
		in = !sp;
	}
	return words <= SENT_HEADING_MAX_WORDS;
}

/* ---- API -------------------------------------------------------------------------- */

/* The sentence ends inside line [cb, ce): each terminal cluster ("." "?!" ".\u201d") that
 * is a boundary emits the open sentence (from *sstart, of kind *skind) and opens the next. */
static void line_terminals(struct splitter *sp, const uint8_t *s, size_t n, size_t cb,
			   size_t ce, size_t *sstart, int *skind)
{
	size_t p = cb;
	while (p < ce) {
		int32_t c;
		size_t l = dec(s, ce, p, &c);
		if (!is_terminal(c)) {
			p += l;
			continue;
		}
		int32_t first = c;
		size_t q = p, ndots = 0;
		bool closed = false, question = false;
		while (q < ce) {
			size_t m = dec(s, ce, q, &c);
			if (is_terminal(c)) {
				if (closed)
					break; /* ".” ." : a new cluster */
				ndots += c == '.';
				question |= is_question(c);
			} else if (is_closer(c)) {
				closed = true;
			} else {
				break;
			}
			q += m;
		}
		if (is_boundary(s, n, *sstart, p, q, first, ndots, closed)) {
			int kind = question ? SENT_QUESTION : *skind;
			emit(sp, *sstart, q, kind);
			*sstart = q;
			*skind = SENT_TEXT; /* only an item's first sentence is the bullet */
		}
		p = q;
	}
}

size_t sent_split(const uint8_t *text, size_t nbytes, sent **out, size_t *cap)
{
	struct splitter sp = { text, nbytes, out, cap, 0 };
	if (!text || nbytes == 0 || nbytes > UINT32_MAX)
		return 0;
	const uint8_t *s = text;
	size_t n = nbytes;
	const size_t NONE = SIZE_MAX;
	size_t sstart = NONE; /* start of the open sentence (untrimmed) */
	int skind = SENT_TEXT;
	size_t prev_len = 0;  /* trimmed length of the previous non-blank line */
	size_t i = 0;
	while (i < n) {
		size_t le, next;
		bool para;
		line_bounds(s, n, i, &le, &next, &para);
		size_t cb = trim_left(s, i, le), ce = trim_right(s, cb, le);
		if (cb >= ce) { /* blank line: paragraph break */
			if (sstart != NONE)
				emit(&sp, sstart, i, skind);
			sstart = NONE;
			prev_len = 0;
			i = next;
			continue;
		}
		size_t line_len = ce - cb;
		int line_kind = SENT_TEXT;
		size_t after;
		if (bullet_at(s, ce, cb, &after)) {
			if (sstart != NONE)
				emit(&sp, sstart, i, skind);
			sstart = NONE;
			line_kind = SENT_BULLET;
			cb = after;
		}
		if (sstart == NONE) {
			sstart = cb;
			skind = line_kind;
		}

		/* Terminal clusters inside the line. */
		line_terminals(&sp, s, n, cb, ce, &sstart, &skind);

		/* The line break. */
		struct line_peek nx = peek_line(s, n, next);
		size_t a = trim_left(s, sstart, ce);
		if (a < ce) {
			bool whole = a == cb;
			bool head = whole && heading_like(s, cb, ce);
			bool end = false;
			int kind = skind;
			if (nx.blank || para) {
				end = true;
				if (head && skind == SENT_TEXT)
					kind = SENT_HEADING;
			} else if (line_kind == SENT_BULLET || nx.bullet) {
				end = true;
			} else if (line_len > SENT_WRAP_MAX_BYTES) {
				end = true;
			} else if (head && !nx.lower && !memchr(s + cb, ',', ce - cb) &&
				   (title_case(s, cb, ce) || nx.len > SENT_WRAP_MAX_BYTES ||
				    prev_len > SENT_WRAP_MAX_BYTES)) {
				end = true;
				kind = SENT_HEADING;
			}
			if (end) {
				emit(&sp, sstart, ce, kind);
				sstart = NONE;
			}
		} else {
			sstart = NONE;
		}
		prev_len = line_len;
		i = next;
	}
	if (sstart != NONE)
		emit(&sp, sstart, n, skind);
	return sp.cnt;
}
