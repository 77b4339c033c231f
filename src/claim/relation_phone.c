/* relation_phone.c - one phone number given two ways by two sources: "the charity's animal
 * helpline at 03000 999 999" vs "the Scottish SPCA helpline at 0300 999 999"
 * (relation_int.h).
 *
 * News closes appeals with a number to call; a digit dropped or doubled in one copy sends
 * readers to another line, and a fact-checker flags it. A number is read only where the
 * sentence says what it is: a run of digit groups (7 to 15 digits, blanks, hyphens or dots
 * between groups of two digits or more but the first, an optional leading "+") within PHONE_BACK words after a phone noun
 * ("helpline at", "hotline on", "call", "phone number"). Two numbers are one number given
 * two ways only when they follow the same phone noun and are one digit apart (one digit
 * inserted, dropped, changed or two neighbours swapped; a leading digit dropped is a trunk
 * or country prefix, the same number): two lines of one organisation, or of two, differ by
 * more than a slip. A document that states both numbers is not in
 * dispute. Workload: a handful of numbers in a story; numbers one slip apart are found
 * through their forms with one digit left out (two such numbers share one), so pairing
 * stays linear in the numbers read. It does not print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "overlap/mem.h"
#include "overlap/util.h"
#include "claim_int.h"
#include "relation_int.h"

/* ---- tuning ---- */

/* Digits of a phone number: fewer is an extension, a year or a count ("999"); more is an
 * account or a card number. E.164 allows at most 15. */
#define PHONE_DIGITS_MIN 7
#define PHONE_DIGITS_MAX 15

/* Words between the phone noun and the number, at most ("helpline, open 24 hours, on"). */
#define PHONE_BACK 4

/* A key (a number, or it with one digit left out) in more facts than this pairs nothing:
 * one number in hundreds of documents is page furniture, and hostile input cannot make
 * the pairing quadratic. */
#define PHONE_POST_MAX 200

/* Nouns (and the verb "call") that say the digits after them are a phone number. */
static const char *const phone_nouns[] = {"helpline", "hotline", "phone", "telephone", "tel",
					  "number", "line", "freephone", "call", "fax", "text",
					  NULL};

typedef struct phone_fact {
	uint32_t mention, doc;
	char noun[16];            /* the phone noun, lower case */
	char digits[PHONE_DIGITS_MAX + 1];
	uint32_t s, e;            /* the number's span in the document */
	uint32_t ns;              /* the phone noun's start */
} phone_fact;

static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The phone number starting at byte i of t[lo, hi): its digits into dg (NUL-terminated) and
 * its end into *end. @return whether it is one: 7..15 digits, groups joined by one blank,
 * hyphen or dot, not part of a word, a decimal, an amount or a clock time. */
static bool read_number(const uint8_t *t, uint32_t lo, uint32_t hi, uint32_t i, char *dg,
			uint32_t *end)
{
	if (i > lo && (is_digit(t[i - 1]) || is_alpha(t[i - 1]) || t[i - 1] == '$' ||
		       t[i - 1] == '.' || t[i - 1] == ',' || t[i - 1] == ':'))
		return false;
	uint32_t p = i;
	if (t[p] == '+')
		p++;
	size_t n = 0, group = 0, groups = 0;
	uint32_t last = p;
	while (p < hi) {
		if (is_digit(t[p])) {
			if (n >= PHONE_DIGITS_MAX)
				return false;
			dg[n++] = (char)t[p++];
			group++;
			last = p;
		} else if ((t[p] == ' ' || t[p] == '-' || t[p] == '.') && p + 1 < hi &&
			   is_digit(t[p + 1]) && p > i && is_digit(t[p - 1])) {
			/* a group of one digit is a country or trunk code ("1-800"), only first:
			 * "1.2.3.4.5.6.7" is a version or a list */
			if (group < 2 && groups > 0)
				return false;
			groups++;
			group = 0;
			p++;
		} else {
			break;
		}
	}
	if (group < 2 && groups > 0)
		return false;
	dg[n] = '\0';
	if (n < PHONE_DIGITS_MIN)
		return false;
	/* "1,200", "5%", "3pm", "12:30": not a number to call */
	if (last < hi && (is_alpha(t[last]) || t[last] == '%' || t[last] == ':' ||
			  (t[last] == ',' && last + 1 < hi && is_digit(t[last + 1]))))
		return false;
	*end = last;
	return true;
}

/* The phone noun among the PHONE_BACK words before byte i of t (not before lo): its start
 * into *ns and the word into noun. @return whether there is one. */
static bool noun_before(const uint8_t *t, uint32_t lo, uint32_t i, char *noun, size_t cap,
			uint32_t *ns)
{
	uint32_t p = i;
	for (int k = 0; k < PHONE_BACK + 1 && p > lo; k++) {
		while (p > lo && !is_alpha(t[p - 1])) {
			if (t[p - 1] == '.' || t[p - 1] == '!' || t[p - 1] == '?' || t[p - 1] == '\n')
				return false; /* a sentence ends between */
			p--;
		}
		uint32_t e = p;
		while (p > lo && is_alpha(t[p - 1]))
			p--;
		if (e == p || e - p >= cap)
			continue;
		char w[32];
		size_t n = e - p;
		for (size_t b = 0; b < n; b++)
			w[b] = (char)(t[p + b] | 0x20);
		w[n] = '\0';
		if (util_str_in(w, phone_nouns)) {
			memcpy(noun, w, n + 1);
			*ns = p;
			return true;
		}
	}
	return false;
}

/* The phone numbers mention m (of document d) gives after a phone noun. */
static void find_numbers(const clm_doc *d, const clm_mention *cm, uint32_t m, phone_fact **v,
			 size_t *n, size_t *cap)
{
	const uint8_t *t = d->text;
	for (uint32_t i = cm->start; i < cm->end; i++) {
		if (!is_digit(t[i]) && !(t[i] == '+' && i + 1 < cm->end && is_digit(t[i + 1])))
			continue;
		phone_fact f;
		memset(&f, 0, sizeof f);
		uint32_t end;
		if (!read_number(t, cm->start, cm->end, i, f.digits, &end)) {
			while (i + 1 < cm->end && (is_digit(t[i + 1]) || t[i + 1] == ' ' ||
						   t[i + 1] == '-' || t[i + 1] == '.' || t[i + 1] == ','))
				i++; /* past the rest of this run */
			continue;
		}
		if (noun_before(t, cm->start, i, f.noun, sizeof f.noun, &f.ns)) {
			f.mention = m;
			f.doc = cm->doc;
			f.s = i;
			f.e = end;
			XGROW(*v, *cap, *n + 1);
			(*v)[(*n)++] = f;
		}
		i = end;
	}
}

/* Whether digit strings x and y are one digit apart: one inserted or dropped (not the
 * first), one changed, or two neighbours swapped (Damerau distance 1). Equal strings are
 * not. */
static bool one_slip(const char *x, const char *y)
{
	size_t nx = strlen(x), ny = strlen(y);
	/* equal, or one with a leading digit the other lacks: "1-800-273-8255" and
	 * "800-273-8255" are one number with and without its trunk prefix */
	if (nx == ny ? strcmp(x, y) == 0
		     : (nx == ny + 1 ? strcmp(x + 1, y) == 0 : ny == nx + 1 && strcmp(y + 1, x) == 0))
		return false;
	return clmp_edit1(x, nx, y, ny);
}

/* Whether document doc states the number dg among the nf facts f. */
static bool doc_states(const phone_fact *f, size_t nf, uint32_t doc, const char *dg)
{
	for (size_t i = 0; i < nf; i++)
		if (f[i].doc == doc && strcmp(f[i].digits, dg) == 0)
			return true;
	return false;
}

/* Add the contradiction of numbers x and y (x's document first), with its evidence. */
static void add_phone(const clm_set *claims, const clm_doc *docs, size_t ndocs,
		      const phone_fact *x, const phone_fact *y, rel_contradiction **v, size_t *nv,
		      size_t *cap)
{
	char qx[QUOTE_MAX + 8], qy[QUOTE_MAX + 8], reason[256], about[48];
	rel_quote(docs, ndocs, x->doc, x->s, x->e, qx, sizeof qx);
	rel_quote(docs, ndocs, y->doc, y->s, y->e, qy, sizeof qy);
	snprintf(reason, sizeof reason, "\"%s\" vs \"%s\" for the same %s number (one digit apart)",
		 qx, qy, x->noun);
	snprintf(about, sizeof about, "%s number", x->noun);
	rel_add_contra(v, nv, cap, REL_ATTRIBUTE, clm_mention_at(claims, x->mention)->claim,
		       x->mention, y->mention, reason, x->s, x->e, y->s, y->e, about);
}

void rel_phone_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
		    size_t ndocs, bool same_source, rel_contradiction **v, size_t *nv,
		    size_t *cap)
{
	(void)sc;
	phone_fact *f = NULL;
	size_t nf = 0, fcap = 0;
	for (size_t m = 0; m < clm_mention_count(claims); m++) {
		const clm_mention *cm = clm_mention_at(claims, m);
		if (rel_span_ok(docs, ndocs, cm->doc, cm->start, cm->end))
			find_numbers(&docs[cm->doc], cm, (uint32_t)m, &f, &nf, &fcap);
	}
	/* each number under its noun, whole and with each digit left out: two numbers one
	 * slip apart share one of these keys */
	util_post *post = NULL;
	size_t np = 0, pcap = 0;
	for (size_t i = 0; i < nf; i++) {
		size_t n = strlen(f[i].digits);
		for (size_t skip = 0; skip <= n; skip++) {
			char key[64];
			int k = snprintf(key, sizeof key, "%s|%.*s%s", f[i].noun, (int)skip, f[i].digits,
					 skip < n ? f[i].digits + skip + 1 : "");
			size_t kn = k < 0 ? 0 : (size_t)k < sizeof key ? (size_t)k : sizeof key - 1;
			XGROW(post, pcap, np + 1);
			post[np++] = (util_post){hash_bytes(key, kn, 0), (uint32_t)i};
		}
	}
	uint64_t *pairs = NULL;
	size_t npairs = rel_post_pairs(post, np, PHONE_POST_MAX, &pairs);
	free(post);
	uint64_t *done = NULL; /* document pairs reported: one report a pair */
	size_t ndone = 0, dcap = 0;
	for (size_t k = 0; k < npairs; k++) {
		const phone_fact *x = &f[pairs[k] >> 32], *y = &f[(uint32_t)pairs[k]];
		if (x->doc == y->doc || strcmp(x->noun, y->noun) != 0 ||
		    !one_slip(x->digits, y->digits) ||
		    (!same_source && clm_doc_source(claims, x->doc) == clm_doc_source(claims, y->doc)) ||
		    doc_states(f, nf, x->doc, y->digits) || doc_states(f, nf, y->doc, x->digits))
			continue;
		if (x->doc > y->doc) {
			const phone_fact *t = x;
			x = y;
			y = t;
		}
		uint64_t dp = (uint64_t)x->doc << 32 | y->doc;
		if (!util_first_time(&done, &ndone, &dcap, dp))
			continue;
		add_phone(claims, docs, ndocs, x, y, v, nv, cap);
	}
	free(pairs);
	free(done);
	free(f);
}
