/* doc_title.c - a display title for a document that has none (see crp_make_title).
 *
 * Input: a document's original bytes; output: one line (a headline of at most
 * TITLE_HEADING_MAX bytes, or a first sentence cut to TITLE_SENTENCE_MAX), or NULL. It
 * looks at the first TITLE_SCAN_MAX bytes only (a title is in the first lines), so its
 * cost does not grow with the document. It does not read files and knows nothing of the
 * reader: corpus.c calls it for whole files, corpus_jsonl.c for lines without a "title".
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "corpus_int.h"
#include "overlap/mem.h"
#include "overlap/sentence.h"

/* ---- tuning ---------------------------------------------------------------------- */

/* Titles are for display in reports (see crp_make_title). A first line up to 150 bytes without
 * final punctuation is a headline (news headlines run 40-120 bytes); a line of at most 10
 * words and 80 bytes is one even with punctuation ("Is Kaspersky safe?"). */
#define TITLE_HEADING_MAX 150
#define TITLE_SHORT_WORDS 10
#define TITLE_SHORT_BYTES 80
/* A title made from the first sentence is at most 100 bytes including the "…": one line
 * in a report table. */
#define TITLE_SENTENCE_MAX 100
/* A byline ("By Andrei Soldatov and Irina Borogan") has at most 8 words. */
#define BYLINE_WORDS 8
/* A first line shorter than this is never taken for the start of a hard-wrapped paragraph. */
#define TITLE_WRAP_MIN 40
/* Bytes looked at: the first lines, and the first paragraph given to the sentence splitter. */
#define TITLE_SCAN_MAX ((size_t)64 * 1024)
#define TITLE_PARA_MAX ((size_t)2048)

/* ---- helpers --------------------------------------------------------------------- */

/* Bytes of white space (ASCII, or a Unicode space separator such as NO-BREAK SPACE, or a
 * BOM) starting at t[0], or 0. */
static size_t space_at(const uint8_t *t, size_t n)
{
	if (n == 0)
		return 0;
	if (t[0] < 0x80)
		return crp_is_space(t[0]) ? 1 : 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate(t, (utf8proc_ssize_t)n, &cp);
	if (k <= 0)
		return 0;
	if (cp == 0xfeff || cp == 0x200b || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS)
		return (size_t)k;
	return 0;
}

/* Bytes of white space ending at t[n - 1], or 0. */
static size_t space_before(const uint8_t *t, size_t n)
{
	size_t back = 1;
	while (back < 4 && back < n && (t[n - back] & 0xc0) == 0x80)
		back++;
	return space_at(t + n - back, back) == back ? back : 0;
}

/* The next line of t[*i..n) holding more than white space, trimmed: [*a, *b). *i moves past
 * it. @return false when no such line is left. */
static bool next_text_line(const uint8_t *t, size_t n, size_t *i, size_t *a, size_t *b)
{
	while (*i < n) {
		const uint8_t *nl = memchr(t + *i, '\n', n - *i);
		size_t e = nl ? (size_t)(nl - t) : n;
		size_t x = *i, y = e, k;
		*i = nl ? e + 1 : n;
		while (x < y && (k = space_at(t + x, y - x)) > 0)
			x += k;
		while (y > x && (k = space_before(t + x, y - x)) > 0)
			y -= k;
		if (y > x) {
			*a = x;
			*b = y;
			return true;
		}
	}
	return false;
}

static size_t count_words(const uint8_t *t, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += !crp_is_space(t[i]) && (i == 0 || crp_is_space(t[i - 1]));
	return w;
}

/* Ends with . ! ? (or … ), possibly followed by closing quotes or brackets. */
static bool ends_sentence(const uint8_t *t, size_t n)
{
	for (;;) {
		if (n >= 3 && (memcmp(t + n - 3, "\xe2\x80\x9d", 3) == 0 || /* ” */
			       memcmp(t + n - 3, "\xe2\x80\x99", 3) == 0)) { /* ’ */
			n -= 3;
		} else if (n >= 2 && memcmp(t + n - 2, "\xc2\xbb", 2) == 0) { /* » */
			n -= 2;
		} else if (n >= 1 && strchr("\"')]", t[n - 1]) && t[n - 1]) {
			n -= 1;
		} else {
			break;
		}
	}
	if (n >= 3 && memcmp(t + n - 3, "\xe2\x80\xa6", 3) == 0)
		return true;
	return n >= 1 && (t[n - 1] == '.' || t[n - 1] == '!' || t[n - 1] == '?');
}

/* "By Andrei Soldatov and Irina Borogan", "Von Anna Schmidt", "Par Jean Dupont": By, Von or
 * Par (any case), then a word starting with a capital (or a non-ASCII letter), at most
 * BYLINE_WORDS words, no final sentence punctuation. */
static bool is_byline(const uint8_t *t, size_t n)
{
	size_t k;
	if (n >= 3 && strncasecmp((const char *)t, "by ", 3) == 0)
		k = 3;
	else if (n >= 4 && (strncasecmp((const char *)t, "von ", 4) == 0 ||
			    strncasecmp((const char *)t, "par ", 4) == 0))
		k = 4;
	else
		return false;
	while (k < n && crp_is_space(t[k]))
		k++;
	if (k == n || !((t[k] >= 'A' && t[k] <= 'Z') || t[k] >= 0x80))
		return false;
	return count_words(t, n) <= BYLINE_WORDS && !ends_sentence(t, n);
}

/* Copy t[0..n) with every run of white space (line breaks, NO-BREAK SPACE and other
 * Unicode spaces included) as one ASCII space. */
static char *collapse_space(const uint8_t *t, size_t n, size_t *outn)
{
	char *o = xmalloc(n + 4); /* + room for "…" and the NUL */
	size_t m = 0, k;
	for (size_t i = 0; i < n;) {
		k = t[i] == '\n' ? 1 : space_at(t + i, n - i);
		if (k > 0) {
			if (m > 0 && o[m - 1] != ' ')
				o[m++] = ' ';
			i += k;
			continue;
		}
		o[m++] = (char)t[i++];
	}
	while (m > 0 && o[m - 1] == ' ')
		m--;
	o[m] = '\0';
	*outn = m;
	return o;
}

/* A display title for a text without one:
 *  - a leading BOM and blank lines are skipped, and so is a first line that is a byline;
 *  - the first line is the title when it looks like a headline (TITLE_HEADING_MAX bytes
 *    without final punctuation, or TITLE_SHORT_WORDS words in TITLE_SHORT_BYTES bytes);
 *  - otherwise the first sentence of the first paragraph (sentence.c), its line breaks
 *    made spaces, cut at a word boundary (or, in one giant word, at a character boundary)
 *    to at most TITLE_SENTENCE_MAX bytes ending in "…".
 * The text is cut at a NUL first. NULL when there is no non-blank line. */
char *crp_make_title(const uint8_t *t, size_t n)
{
	if (n > TITLE_SCAN_MAX)
		n = TITLE_SCAN_MAX;
	const uint8_t *nul = memchr(t, 0, n);
	if (nul)
		n = (size_t)(nul - t);
	size_t i = 0, a, b;
	if (n >= 3 && t[0] == 0xef && t[1] == 0xbb && t[2] == 0xbf)
		i = 3;
	if (!next_text_line(t, n, &i, &a, &b))
		return NULL;
	if (is_byline(t + a, b - a)) {
		size_t a2, b2;
		if (next_text_line(t, n, &i, &a2, &b2)) {
			a = a2;
			b = b2;
		}
	}
	size_t len = b - a, m;
	/* A hard-wrapped paragraph is not a headline: its first line ends with a comma, or the
	 * line right after it goes on in lower case (checked for lines of more than
	 * TITLE_WRAP_MIN bytes: wrapped prose fills 60-80 columns, a "# heading" does not). */
	size_t na, nb, ni = i;
	bool wrapped = t[b - 1] == ',' || t[b - 1] == ';';
	if (!wrapped && len > TITLE_WRAP_MIN && next_text_line(t, n, &ni, &na, &nb) && t[na] >= 'a' && t[na] <= 'z') {
		size_t nls = 0; /* line breaks between the two lines: 1 = adjacent */
		for (size_t k = b; k < na; k++)
			nls += t[k] == '\n';
		wrapped = nls == 1;
	}
	if (!wrapped &&
	    ((len <= TITLE_HEADING_MAX && !ends_sentence(t + a, len)) ||
	     (len <= TITLE_SHORT_BYTES && count_words(t + a, len) <= TITLE_SHORT_WORDS)))
		return collapse_space(t + a, len, &m);

	/* The first paragraph: up to a blank line, at most TITLE_PARA_MAX bytes. */
	size_t pe = b, j = b;
	while (pe - a < TITLE_PARA_MAX && j < n) {
		const uint8_t *nl = memchr(t + j, '\n', n - j);
		size_t e = nl ? (size_t)(nl - t) : n;
		size_t x = j, k;
		while (x < e && (k = space_at(t + x, e - x)) > 0)
			x += k;
		if (x == e && j > b) /* a blank line (j > b: not the end of the first line) */
			break;
		pe = e;
		j = nl ? e + 1 : n;
	}
	if (pe - a > TITLE_PARA_MAX)
		pe = a + TITLE_PARA_MAX;
	sent *sv = NULL;
	size_t scap = 0;
	size_t ss = 0, se = len;
	if (sent_split(t + a, pe - a, &sv, &scap) > 0) {
		ss = sv[0].start;
		se = sv[0].end;
	}
	free(sv);
	char *o = collapse_space(t + a + ss, se - ss, &m);
	if (m <= TITLE_SENTENCE_MAX)
		return o;
	size_t cut = TITLE_SENTENCE_MAX - 3; /* room for "…" */
	size_t sp = cut;
	while (sp > 0 && o[sp] != ' ')
		sp--;
	if (sp > 0) {
		cut = sp;
	} else {
		/* o[cut] is the first byte left out: back up over a split character */
		for (int step = 0; step < 3 && cut > 0 && ((uint8_t)o[cut] & 0xc0) == 0x80; step++)
			cut--;
	}
	while (cut > 0 && strchr(" ,;:", o[cut - 1]))
		cut--;
	memcpy(o + cut, "\xe2\x80\xa6", 4); /* "…" and the NUL */
	return o;
}

