/* gen_corpus.c - deterministic generator of a news-like corpus with planted near-duplicates
 * and planted contained stories, for bench_sim.
 *
 * usage: gen_corpus OUT_DIR [--mb 100 | --docs N] [--doc-bytes 3000] [--jsonl] [--seed 1]
 *                   [--dup-frac 0.05] [--contain-frac 0.01] [--window 2000]
 * Prose: words drawn with their frequencies in the corpus/ articles (real English word lengths and
 * Zipf shape), in sentences of 6..30 words with commas, paragraphs and a title line.
 * Near-duplicates copy a document from the last WINDOW ones (news copies arrive close in
 * time) with 2..12% of words edited (substitution, deletion, insertion, like
 * plant_dupes.py). Contained stories: a short document (400..900 bytes) whose text is later
 * inserted into a new long host document. OUT_DIR/truth.tsv lists every planted pair with
 * its exact word-5-gram Jaccard and containment (computed with the engine's shingler).
 * Output: OUT_DIR/docs/gNNNNNNN.txt files, or OUT_DIR/docs.jsonl with --jsonl.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "overlap/mem.h"
#include "overlap/shingle.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

static uint64_t g_rng;

static uint64_t rnd(void)
{
	uint64_t z = (g_rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double rndf(void) { return (rnd() >> 11) * (1.0 / 9007199254740992.0); }
static size_t rndn(size_t n) { return (size_t)(rndf() * (double)n); }

/* ---- vocabulary ---- */

typedef struct vocab {
	char **w;
	uint64_t *cum; /* cumulative counts */
	size_t n, cap;
	uint64_t total;
} vocab;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void vocab_load(vocab *v, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "gen_corpus: %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	char **all = NULL;
	size_t nall = 0, cap = 0;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, ncap = 0;
	while ((de = readdir(d)))
		if (strstr(de->d_name, ".txt")) {
			XGROW(names, ncap, nn + 1);
			names[nn++] = xstrdup(de->d_name);
		}
	closedir(d);
	qsort(names, nn, sizeof *names, cmp_str); /* deterministic order */
	for (size_t f = 0; f < nn; f++) {
		char *p = xasprintf("%s/%s", dir, names[f]);
		FILE *fp = fopen(p, "rb");
		free(p);
		if (!fp)
			continue;
		char word[64];
		size_t wl = 0;
		int c;
		do {
			c = fgetc(fp);
			if (c != EOF && isalpha(c) && c < 128) {
				if (wl < sizeof word - 1)
					word[wl++] = (char)tolower(c);
			} else if (wl) {
				word[wl] = 0;
				XGROW(all, cap, nall + 1);
				all[nall++] = xstrdup(word);
				wl = 0;
			}
		} while (c != EOF);
		fclose(fp);
		free(names[f]);
	}
	free(names);
	if (nall == 0) {
		fprintf(stderr, "gen_corpus: no words in %s\n", dir);
		exit(1);
	}
	qsort(all, nall, sizeof *all, cmp_str);
	for (size_t i = 0; i < nall;) {
		size_t j = i;
		while (j < nall && !strcmp(all[i], all[j]))
			j++;
		XGROW(v->w, v->cap, v->n + 1);
		v->cum = xrealloc(v->cum, v->cap * sizeof *v->cum);
		v->w[v->n] = all[i];
		v->total += j - i;
		v->cum[v->n] = v->total;
		v->n++;
		for (size_t k = i + 1; k < j; k++)
			free(all[k]);
		i = j;
	}
	free(all);
}

static const char *word(const vocab *v)
{
	uint64_t x = rnd() % v->total;
	size_t lo = 0, hi = v->n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return v->w[lo];
}

/* ---- text buffers ---- */

typedef struct buf {
	char *s;
	size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	XGROW(b->s, b->cap, b->n + n + 1);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = 0;
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void put_word(buf *b, const char *w, int cap)
{
	size_t at = b->n;
	puts_(b, w);
	if (cap)
		b->s[at] = (char)toupper((unsigned char)b->s[at]);
}

/* Title line plus paragraphs until at least nbytes. */
static void gen_text(const vocab *v, size_t nbytes, buf *b, buf *title)
{
	title->n = 0;
	size_t tw = 5 + rndn(5);
	for (size_t i = 0; i < tw; i++) {
		if (i)
			puts_(title, " ");
		put_word(title, word(v), 1);
	}
	put(b, title->s, title->n);
	puts_(b, "\n\n");
	while (b->n < nbytes) {
		size_t ns = 3 + rndn(4);
		for (size_t s = 0; s < ns; s++) {
			size_t nw = 6 + rndn(25);
			for (size_t i = 0; i < nw; i++) {
				put_word(b, word(v), i == 0);
				if (i + 1 < nw)
					puts_(b, rndn(12) == 0 ? ", " : " ");
			}
			puts_(b, s + 1 < ns ? ". " : ".\n\n");
		}
	}
}

/* Copy src with a share `rate` of its words edited. */
static void edit_copy(const vocab *v, const char *src, size_t n, double rate, buf *out)
{
	for (size_t i = 0; i < n;) {
		if (!isalpha((unsigned char)src[i])) {
			put(out, src + i, 1);
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && isalpha((unsigned char)src[j]))
			j++;
		if (rndf() < rate) {
			switch (rndn(3)) {
			case 0: /* substitution */
				puts_(out, word(v));
				break;
			case 1: /* deletion (the following separator stays) */
				break;
			default: /* insertion after the word */
				put(out, src + i, j - i);
				puts_(out, " ");
				puts_(out, word(v));
			}
		} else {
			put(out, src + i, j - i);
		}
		i = j;
	}
}

/* Exact word-5-gram Jaccard and containment of a in b. */
static void overlap(const char *a, size_t na, const char *b, size_t nb, double *j, double *c)
{
	static shg_buf sa, sb;
	shg_opts o = { 5, 0, 1 };
	shg_doc((const uint8_t *)a, na, &o, &sa);
	size_t x = shg_sort_unique(sa.v, sa.n);
	shg_doc((const uint8_t *)b, nb, &o, &sb);
	size_t y = shg_sort_unique(sb.v, sb.n);
	size_t in = shg_intersect(sa.v, x, sb.v, y);
	*j = x + y - in ? (double)in / (double)(x + y - in) : 0.0;
	*c = x ? (double)in / (double)x : 0.0;
}

static void json_str(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	double mb = 100, dup = 0.05, contain = 0.01;
	size_t ndocs = 0, doc_bytes = 3000, window = 2000;
	int jsonl = 0;
	g_rng = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int more = i + 1 < argc;
		if (!strcmp(a, "--mb") && more)
			mb = atof(argv[++i]);
		else if (!strcmp(a, "--docs") && more)
			ndocs = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(a, "--doc-bytes") && more)
			doc_bytes = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(a, "--seed") && more)
			g_rng = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(a, "--dup-frac") && more)
			dup = atof(argv[++i]);
		else if (!strcmp(a, "--contain-frac") && more)
			contain = atof(argv[++i]);
		else if (!strcmp(a, "--window") && more)
			window = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(a, "--jsonl"))
			jsonl = 1;
		else if (a[0] != '-')
			out = a;
		else {
			fprintf(stderr, "gen_corpus: unknown option %s\n", a);
			return 2;
		}
	}
	if (!out || window == 0) {
		fprintf(stderr, "usage: gen_corpus OUT_DIR [--mb N|--docs N] [--jsonl] ...\n");
		return 2;
	}
	const char *root = getenv("OVL_SOURCE_ROOT");
	char *cdir = xasprintf("%s/corpus", root ? root : OVL_SOURCE_ROOT);
	vocab v = { 0 };
	vocab_load(&v, cdir);
	free(cdir);

	mkdir(out, 0755);
	char *p = xasprintf("%s/docs", out);
	if (!jsonl)
		mkdir(p, 0755);
	free(p);
	p = xasprintf("%s/docs.jsonl", out);
	FILE *jf = jsonl ? fopen(p, "w") : NULL;
	free(p);
	p = xasprintf("%s/truth.tsv", out);
	FILE *tf = fopen(p, "w");
	free(p);
	if (!tf || (jsonl && !jf)) {
		fprintf(stderr, "gen_corpus: cannot write into %s\n", out);
		return 1;
	}
	fprintf(tf, "a\tb\tjaccard_w5\tcontainment_a_in_b\tkind\n");

	/* ring of the last `window` documents for copying */
	buf *ring = xcalloc(window, sizeof *ring);
	buf title = { 0 }, cur = { 0 };
	/* short stories waiting for a host */
	size_t pending = (size_t)-1;
	uint64_t target = (uint64_t)(mb * 1e6), bytes = 0;
	size_t d = 0, ndup = 0, ncont = 0;
	while (ndocs ? d < ndocs : bytes < target) {
		cur.n = 0;
		const char *kind = NULL;
		size_t partner = 0;
		double r = rndf();
		if (d > 0 && r < dup) {
			partner = d - 1 - rndn(d < window ? d : window);
			buf *src = &ring[partner % window];
			edit_copy(&v, src->s, src->n, 0.02 + 0.10 * rndf(), &cur);
			kind = "near_duplicate";
			ndup++;
		} else if (r < dup + contain && pending == (size_t)-1) {
			/* a short story: its own document now, inside a host later */
			gen_text(&v, 400 + rndn(500), &cur, &title);
			pending = d;
		} else if (pending != (size_t)-1 && d - pending < window && r < dup + 2 * contain) {
			buf host = { 0 };
			gen_text(&v, doc_bytes + rndn(doc_bytes), &host, &title);
			size_t at = host.n / 2;
			while (at < host.n && host.s[at] != '\n')
				at++;
			put(&cur, host.s, at);
			puts_(&cur, "\n\n");
			buf *st = &ring[pending % window];
			put(&cur, st->s, st->n);
			put(&cur, host.s + at, host.n - at);
			free(host.s);
			kind = "contained";
			partner = pending;
			pending = (size_t)-1;
			ncont++;
		} else {
			gen_text(&v, doc_bytes * 2 / 5 + rndn(doc_bytes * 6 / 5), &cur, &title);
		}
		if (kind) {
			buf *src = &ring[partner % window];
			double j, c;
			overlap(src->s, src->n, cur.s, cur.n, &j, &c);
			fprintf(tf, "g%07zu\tg%07zu\t%.4f\t%.4f\t%s\n", partner, d, j, c, kind);
		}
		if (jf) {
			fprintf(jf, "{\"id\":\"g%07zu\",\"text\":", d);
			json_str(jf, cur.s, cur.n);
			fputs("}\n", jf);
		} else {
			char *fn = xasprintf("%s/docs/g%07zu.txt", out, d);
			FILE *f = fopen(fn, "wb");
			if (!f || fwrite(cur.s, 1, cur.n, f) != cur.n) {
				fprintf(stderr, "gen_corpus: %s: %s\n", fn, strerror(errno));
				return 1;
			}
			fclose(f);
			free(fn);
		}
		bytes += cur.n;
		buf *slot = &ring[d % window];
		slot->n = 0;
		put(slot, cur.s, cur.n);
		d++;
	}
	fclose(tf);
	if (jf)
		fclose(jf);
	fprintf(stderr, "gen_corpus: %zu docs, %.1f MB, %zu near-duplicates, %zu contained stories "
		"in %s\n", d, bytes / 1e6, ndup, ncont, out);
	for (size_t i = 0; i < window; i++)
		free(ring[i].s);
	free(ring);
	free(title.s);
	free(cur.s);
	for (size_t i = 0; i < v.n; i++)
		free(v.w[i]);
	free(v.w);
	free(v.cum);
	return 0;
}
