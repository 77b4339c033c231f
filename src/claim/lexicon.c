/* lexicon.c - lemmas, synonyms and antonyms from WordNet, cached per context.
 *
 * Each distinct word is looked up once: its lemma (verb reading first, then noun and
 * adjective), the words of its first SYN_SENSES synsets per part of speech, and its
 * concepts (the synsets of its first CONCEPT_SENSES senses, its own form in each and the
 * forms its derivation pointers lead to) for claim clustering. Comparisons then work on these short lists.
 * Workload: contradiction checks ask about a few thousand word pairs per run, over a few
 * hundred distinct words, so the cache stays small and WordNet's file reads are paid once.
 * It does not decide what two statements are about (fact.c does).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <wn.h>

#include "hash.h"
#include "overlap/lexicon.h"
#include "overlap/mem.h"

/* ---- tuning ---- */

/* Synonyms come from a word's most frequent senses only: WordNet's rare senses join words
 * no reader would take for one another ("say" and "order", "head" and "question"). Three
 * senses keep "kidnap"/"abduct" and "chief"/"head" and drop those. */
#define SYN_SENSES 3

/* Concepts (lex_concepts) come from fewer senses still: a concept match joins two
 * statements by itself, where a synonym only confirms a predicate fact.c already paired.
 * With two, "theft"/"steal", "blaze"/"fire", "probe"/"investigation" meet and "take" or
 * "make" reach few others. */
#define CONCEPT_SENSES 2

/* Words WordNet gives more senses than this in one part of speech are too vague to stand
 * for a concept there ("take" 42 verb senses, "get" 36, "make" 49, "run" 41); their first
 * sense alone still counts. */
#define CONCEPT_VAGUE 20

/* Words longer than this are not looked up (no English lemma is that long). */
#define WORD_MAX 48

/* Antonyms, as pairs of WordNet lemmas. WordNet's own antonym lists were tried first (verb
 * and adjective readings, all senses): on dev-news they gave 12 reports, none a real
 * conflict (come/leave, give/take, first/last, back/face, violate/keep: the words name two
 * movements or two referents, and without word-sense choice the lists cannot tell). So
 * the antonyms are these pairs of states whose truth excludes each other; WordNet's part is
 * the lemma ("fell" -> "fall", "died" -> "die"), which lets each pair match every form. */
static const char *const news_antonyms[][2] = {
	{"confirm", "deny"},     {"confirm", "dismiss"}, {"confirm", "refute"},
	{"genuine", "fake"},     {"authentic", "fake"},  {"real", "fake"},
	{"true", "false"},       {"alive", "dead"},      {"survive", "die"},
	{"guilty", "innocent"},  {"accept", "reject"},   {"win", "lose"},
	{"increase", "decrease"}, {"rise", "fall"},      {"acquit", "convict"},
	{"approve", "reject"},
};

/* ---- WordNet, a process-wide library ---- */

/* WordNet's C library keeps its open files and result buffers in globals, so it is set up
 * once per process and every call into it holds wn_lock. This is the one global state of
 * the engine, forced by the library, with the memo of its answers below; each context
 * keeps its own cache in front of them. */
static pthread_once_t wn_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t wn_lock = PTHREAD_MUTEX_INITIALIZER;
static int wn_ok;

/* Bytes of stdio buffer for a WordNet file held in memory: the library seeks before each
 * line it reads (a binary search is ~20 seeks of one line each), and a seek drops the
 * buffer, so a small one copies less each time; a longer line is read in several fills. */
#define WN_MEM_BUFFER 512

/* Swap one of the library's open database files for a stream over a read-only mapping of
 * the same file, left open for the process (the library keeps its files open too). Each
 * seek and read is then a copy from memory instead of an lseek and a read system call: on
 * the 1,655 dev-news articles they were 5.2 s of system time in a 29 s `analyze` (1.4 s
 * after). The file is
 * kept as it was when mapping or opening the stream fails. */
static void wn_in_memory(FILE **fp)
{
	if (!*fp)
		return;
	struct stat sb;
	int fd = fileno(*fp);
	if (fd < 0 || fstat(fd, &sb) != 0 || sb.st_size <= 0 || (uint64_t)sb.st_size > SIZE_MAX)
		return;
	size_t n = (size_t)sb.st_size;
	void *m = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return;
	FILE *mf = fmemopen(m, n, "r");
	if (!mf) {
		munmap(m, n);
		return;
	}
	setvbuf(mf, NULL, _IOFBF, WN_MEM_BUFFER);
	fclose(*fp);
	*fp = mf;
}

static void wn_setup(void)
{
	wn_ok = wninit() == 0;
	if (!wn_ok)
		return;
	for (int p = 1; p <= NUMPARTS; p++) {
		wn_in_memory(&datafps[p]);
		wn_in_memory(&indexfps[p]);
	}
}

/* ---- cache ---- */

typedef struct lex_entry {
	char *word;            /* NULL: empty slot */
	char *lemma;
	char **syn; size_t nsyn;   /* lemmas of synset members (first senses) */
	uint32_t *con; size_t ncon; /* concept ids, sorted distinct (lex_concepts) */
	bool verb;             /* WordNet knows the word as a verb form */
} lex_entry;

struct lex_ctx {
	lex_entry *slot;
	size_t cap, n;   /* power-of-two table, open addressing */
};

static char *dupn(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* A WordNet word as a plain lower-case word: "go_down" -> "go down", "dead(a)" -> "dead". */
static char *wn_word(const char *w)
{
	size_t n = strcspn(w, "(");
	char *d = dupn(w, n);
	for (size_t i = 0; i < n; i++) {
		if (d[i] == '_')
			d[i] = ' ';
		else if (d[i] >= 'A' && d[i] <= 'Z')
			d[i] = (char)(d[i] - 'A' + 'a');
	}
	return d;
}

static void push(char ***v, size_t *n, size_t *cap, char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0) {
			free(s);
			return;
		}
	XGROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = s;
}

/* Base form of w in part of speech pos, or NULL when WordNet does not know w there.
 * Caller holds wn_lock. */
static char *wn_base(char *w, int pos)
{
	char *m = morphstr(w, pos);
	if (m)
		return wn_word(m);
	IndexPtr ix = index_lookup(w, pos);
	if (!ix)
		return NULL;
	free_index(ix);
	return wn_word(w);
}

/* A concept id: a synset (its data file offset, under 2^24 in WordNet 3.0, and its part of
 * speech; satellite adjectives live in the adjective file) with word number 0 for the idea
 * itself, or 1..63 for one word form of it (a derivation's target: "user" points at the
 * word "use" of {use, utilize, apply, employ}, not at "apply"). */
static uint32_t concept_id(long offset, int pos, int word)
{
	unsigned p = (unsigned)(pos == SATELLITE ? ADJ : pos) - 1u;
	return (uint32_t)(((unsigned long)offset << 8) | ((p & 3u) << 6) | ((unsigned)word & 63u));
}

static void push_concept(lex_entry *e, size_t *cap, uint32_t id)
{
	for (size_t i = 0; i < e->ncon; i++)
		if (e->con[i] == id)
			return;
	XGROW(e->con, *cap, e->ncon + 1);
	e->con[e->ncon++] = id;
}

/* The concepts of one sense of a word, its synset ss in part of speech pos: the synset (its
 * synonyms share it), the word's own form in it, and the forms its derivation pointers from
 * this very word (ss->whichword) lead to: "steal" and "stealing", "decide" and "decision"
 * meet, "user" and "apply" (a synonym of "use") do not. Caller holds wn_lock. */
static void add_concepts(lex_entry *e, size_t *cap, SynsetPtr ss, int pos)
{
	if (ss->hereiam <= 0 || ss->hereiam >= (1L << 24))
		return;
	push_concept(e, cap, concept_id(ss->hereiam, pos, 0));
	if (ss->whichword <= 0 || ss->whichword > 63)
		return;
	push_concept(e, cap, concept_id(ss->hereiam, pos, ss->whichword));
	for (int k = 0; k < ss->ptrcount; k++)
		if (ss->ptrtyp[k] == DERIVATION && ss->pfrm[k] == ss->whichword && ss->pto[k] > 0 &&
		    ss->pto[k] <= 63 && ss->ptroff[k] > 0 && ss->ptroff[k] < (1L << 24))
			push_concept(e, cap, concept_id(ss->ptroff[k], ss->ppos[k], ss->pto[k]));
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Fill e (word already set) from WordNet. Caller holds wn_lock. */
static void wn_fill(lex_entry *e)
{
	size_t scap = 0, ccap = 0;
	char buf[WORD_MAX + 1];
	static const int poses[] = {VERB, NOUN, ADJ};
	for (size_t p = 0; p < sizeof poses / sizeof poses[0]; p++) {
		int pos = poses[p];
		snprintf(buf, sizeof buf, "%s", e->word);
		char *base = wn_base(buf, pos);
		if (!base)
			continue;
		if (pos == VERB)
			e->verb = true;
		if (!e->lemma)
			e->lemma = dupn(base, strlen(base));
		snprintf(buf, sizeof buf, "%s", base);
		free(base);
		IndexPtr ix = index_lookup(buf, pos);
		if (!ix)
			continue;
		int ncon = ix->off_cnt > CONCEPT_VAGUE ? 1 : CONCEPT_SENSES;
		for (int s = 0; s < ix->off_cnt && s < SYN_SENSES; s++) {
			SynsetPtr ss = read_synset(pos, (long)ix->offset[s], buf);
			if (!ss)
				continue;
			for (int k = 0; k < ss->wcount; k++)
				push(&e->syn, &e->nsyn, &scap, wn_word(ss->words[k]));
			if (s < ncon)
				add_concepts(e, &ccap, ss, pos);
			free_synset(ss);
		}
		free_index(ix);
	}
	if (e->ncon > 1)
		qsort(e->con, e->ncon, sizeof *e->con, cmp_u32);
}

/* ---- the process-wide memo of WordNet answers ---- */

/* Every context of a run asks WordNet about the same words (the contradiction checks, the
 * claims' statements, stance, the archive), and WordNet answers from its files with a
 * binary search of getc/fseek calls: a third of a 1,000-article run went there when each
 * context looked every word up again. So answers are memoised once per process, beside
 * WordNet's own global state and under its lock; contexts copy from the memo. */
static lex_entry *memo;
static size_t memo_cap, memo_n;

static void entry_copy(lex_entry *dst, const lex_entry *src)
{
	dst->lemma = src->lemma ? dupn(src->lemma, strlen(src->lemma)) : NULL;
	dst->verb = src->verb;
	dst->nsyn = src->nsyn;
	dst->syn = src->nsyn ? xmalloc(src->nsyn * sizeof *dst->syn) : NULL;
	for (size_t k = 0; k < src->nsyn; k++)
		dst->syn[k] = dupn(src->syn[k], strlen(src->syn[k]));
	dst->ncon = src->ncon;
	dst->con = src->ncon ? xmalloc(src->ncon * sizeof *dst->con) : NULL;
	if (src->ncon)
		memcpy(dst->con, src->con, src->ncon * sizeof *dst->con);
}

/* The memo's entry for w[0..n), or NULL. Caller holds wn_lock. */
static const lex_entry *memo_find(const char *w, size_t n)
{
	if (!memo_cap)
		return NULL;
	for (size_t h = (size_t)hash_bytes(w, n, 0);; h++) {
		const lex_entry *e = &memo[h & (memo_cap - 1)];
		if (!e->word)
			return NULL;
		if (strlen(e->word) == n && memcmp(e->word, w, n) == 0)
			return e;
	}
}

/* Add a copy of e (word set, filled) to the memo. Caller holds wn_lock. */
static void memo_add(const lex_entry *e)
{
	if (2 * (memo_n + 1) > memo_cap) {
		size_t ncap = memo_cap ? 2 * memo_cap : 1024;
		lex_entry *ns = xcalloc(ncap, sizeof *ns);
		for (size_t i = 0; i < memo_cap; i++) {
			if (!memo[i].word)
				continue;
			size_t h = (size_t)hash_bytes(memo[i].word, strlen(memo[i].word), 0);
			while (ns[h & (ncap - 1)].word)
				h++;
			ns[h & (ncap - 1)] = memo[i];
		}
		free(memo);
		memo = ns;
		memo_cap = ncap;
	}
	size_t n = strlen(e->word);
	size_t h = (size_t)hash_bytes(e->word, n, 0);
	while (memo[h & (memo_cap - 1)].word)
		h++;
	lex_entry *m = &memo[h & (memo_cap - 1)];
	m->word = dupn(e->word, n);
	entry_copy(m, e);
	memo_n++;
}

static lex_entry *lookup(lex_ctx *c, const char *w, size_t n)
{
	if (n > WORD_MAX)
		n = WORD_MAX;
	if (2 * (c->n + 1) > c->cap) {
		size_t ncap = c->cap ? 2 * c->cap : 256;
		lex_entry *ns = xcalloc(ncap, sizeof *ns);
		for (size_t i = 0; i < c->cap; i++) {
			if (!c->slot[i].word)
				continue;
			size_t h = (size_t)hash_bytes(c->slot[i].word, strlen(c->slot[i].word), 0);
			while (ns[h & (ncap - 1)].word)
				h++;
			ns[h & (ncap - 1)] = c->slot[i];
		}
		free(c->slot);
		c->slot = ns;
		c->cap = ncap;
	}
	size_t h = (size_t)hash_bytes(w, n, 0);
	for (;; h++) {
		lex_entry *e = &c->slot[h & (c->cap - 1)];
		if (!e->word) {
			e->word = dupn(w, n);
			pthread_once(&wn_once, wn_setup);
			if (wn_ok && n > 1) {
				pthread_mutex_lock(&wn_lock);
				const lex_entry *m = memo_find(w, n);
				if (m) {
					entry_copy(e, m);
				} else {
					wn_fill(e);
					memo_add(e);
				}
				pthread_mutex_unlock(&wn_lock);
			}
			if (!e->lemma)
				e->lemma = dupn(w, n);
			c->n++;
			return e;
		}
		if (strlen(e->word) == n && memcmp(e->word, w, n) == 0)
			return e;
	}
}

/* ---- API ---- */

lex_ctx *lex_new(void)
{
	return xcalloc(1, sizeof(lex_ctx));
}

void lex_free(lex_ctx *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++) {
		lex_entry *e = &c->slot[i];
		if (!e->word)
			continue;
		free(e->word);
		free(e->lemma);
		for (size_t k = 0; k < e->nsyn; k++)
			free(e->syn[k]);
		free(e->syn);
		free(e->con);
	}
	free(c->slot);
	free(c);
}

bool lex_has_wordnet(const lex_ctx *c)
{
	(void)c;
	pthread_once(&wn_once, wn_setup);
	return wn_ok != 0;
}

const char *lex_lemma(lex_ctx *c, const char *w, size_t n)
{
	return lookup(c, w, n)->lemma;
}

size_t lex_concepts(lex_ctx *c, const char *w, size_t n, const uint32_t **ids)
{
	const lex_entry *e = lookup(c, w, n);
	*ids = e->con;
	return e->ncon;
}

bool lex_is_verb(lex_ctx *c, const char *w, size_t n)
{
	return lookup(c, w, n)->verb;
}

bool lex_inflected_verb(lex_ctx *c, const char *w, size_t n)
{
	if (n == 0)
		return false;
	const char *lemma = lex_lemma(c, w, n);
	bool inflected = (n > 3 && memcmp(w + n - 2, "ed", 2) == 0) ||
			 (lemma && (strlen(lemma) != n || memcmp(lemma, w, n) != 0) &&
			  w[n - 1] != 's' && !(n > 4 && memcmp(w + n - 3, "ing", 3) == 0));
	return inflected && lex_is_verb(c, w, n);
}

static bool in_list(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

bool lex_synonyms(lex_ctx *c, const char *a, size_t na, const char *b, size_t nb)
{
	if (na == nb && memcmp(a, b, na) == 0)
		return true;
	/* a copy: the second lookup may grow the table and move the first entry (the
	 * strings it points to stay put) */
	lex_entry xv = *lookup(c, a, na), *x = &xv;
	lex_entry *y = lookup(c, b, nb);
	if (strcmp(x->lemma, y->lemma) == 0)
		return true;
	return in_list(x->syn, x->nsyn, y->lemma) || in_list(y->syn, y->nsyn, x->lemma);
}

bool lex_antonyms(lex_ctx *c, const char *a, size_t na, const char *b, size_t nb)
{
	lex_entry xv = *lookup(c, a, na), *x = &xv; /* see lex_synonyms */
	lex_entry *y = lookup(c, b, nb);
	if (strcmp(x->lemma, y->lemma) == 0)
		return false;
	for (size_t i = 0; i < sizeof news_antonyms / sizeof news_antonyms[0]; i++) {
		const char *p = news_antonyms[i][0], *q = news_antonyms[i][1];
		if ((strcmp(x->lemma, p) == 0 && strcmp(y->lemma, q) == 0) ||
		    (strcmp(x->lemma, q) == 0 && strcmp(y->lemma, p) == 0))
			return true;
	}
	return false;
}
