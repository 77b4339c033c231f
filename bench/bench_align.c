/* bench_align.c - time aln_pair over 1,000 generated document pairs of ~5,000 words.
 *
 * Documents are deterministic patchworks of 1-4 word runs copied from the corpus/ articles at
 * random, so every pair shares the corpus's topic vocabulary, bigrams and trigrams (the
 * worst case for seeding: many short chains) but no long run by chance. Into each pair 3
 * passages of 30-150 words from the first document are planted into the second with
 * 0-10% word edits. Only aln_pair is timed (one thread); tokenising and stemming are
 * timed apart. Prints pairs/s, words/s, passages found and recall of planted passages.
 * Usage: bench_align [SOURCE_ROOT] [NPAIRS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "overlap/align.h"
#include "overlap/mem.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"

#ifndef OVL_SOURCE_ROOT
#define OVL_SOURCE_ROOT "."
#endif

#define DOC_WORDS 5000
#define PLANTS 3

static uint64_t rng = 20240601;
static uint32_t rnd(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng >> 33);
}

typedef struct wlist {
	char **w;
	size_t n, cap;
} wlist;

typedef struct sbuf {
	char *p;
	size_t n, cap;
	uint32_t words;
} sbuf;

static void sb_word(sbuf *s, const char *w)
{
	size_t n = strlen(w);
	XGROW(s->p, s->cap, s->n + n + 2);
	if (s->n)
		s->p[s->n++] = (rnd() % 12) ? ' ' : '\n';
	memcpy(s->p + s->n, w, n);
	s->n += n;
	s->words++;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void load_corpus(const char *root, wlist *v)
{
	static const char *const names[] = {
		"000_a7004b4e3752436e.txt", "001_84a70742c93fdf8f.txt", "002_3151411f59005c19.txt",
		"003_2e1e3af4905333a7.txt", "004_e8f161a0af7dad6a.txt"};
	tok_list t = {0};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/corpus/%s", root, names[i]);
		FILE *f = fopen(path, "rb");
		if (!f) {
			fprintf(stderr, "bench_align: cannot open %s\n", path);
			exit(1);
		}
		uint8_t *buf = NULL;
		size_t n = 0, cap = 0;
		for (;;) {
			XGROW(buf, cap, n + 65536);
			size_t got = fread(buf + n, 1, 65536, f);
			n += got;
			if (got == 0)
				break;
		}
		fclose(f);
		tok_run(buf, n, &t);
		for (size_t k = 0; k < t.n; k++) {
			XGROW(v->w, v->cap, v->n + 1);
			v->w[v->n++] = xstrndup((const char *)buf + t.v[k].start, t.v[k].end - t.v[k].start);
		}
		free(buf);
	}
	tok_list_free(&t);
}

/* ~n words of 1-4 word runs from the corpus; word i of the result is out[i] */
static void patchwork(const wlist *v, uint32_t n, const char **out)
{
	uint32_t k = 0;
	while (k < n) {
		uint32_t run = 1 + rnd() % 4, at = rnd() % (uint32_t)(v->n - 4);
		for (uint32_t r = 0; r < run && k < n; r++)
			out[k++] = v->w[at + r];
	}
}

typedef struct plant {
	uint32_t a0, a1, b0, b1;
} plant;

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : OVL_SOURCE_ROOT;
	unsigned npairs = argc > 2 ? (unsigned)atoi(argv[2]) : 1000;
	wlist v = {0};
	load_corpus(root, &v);
	stem_ctx *sc = stem_new();
	aln_opts o = aln_opts_default();
	const char **wa = xmalloc(DOC_WORDS * sizeof(char *));
	const char **wb = xmalloc(DOC_WORDS * sizeof(char *));
	tok_list ta = {0}, tb = {0};
	uint64_t *ka = NULL, *kb = NULL;
	size_t kacap = 0, kbcap = 0;
	double t_align = 0, t_prep = 0;
	uint64_t words = 0, found_total = 0, planted = 0, recalled = 0;
	for (unsigned pi = 0; pi < npairs; pi++) {
		patchwork(&v, DOC_WORDS, wa);
		patchwork(&v, DOC_WORDS, wb);
		sbuf sa = {0}, sb = {0};
		for (uint32_t k = 0; k < DOC_WORDS; k++)
			sb_word(&sa, wa[k]);
		/* plant: PLANTS passages of a at sorted positions of b */
		plant pl[PLANTS];
		uint32_t at[PLANTS];
		for (int p = 0; p < PLANTS; p++)
			at[p] = rnd() % DOC_WORDS;
		for (int p = 0; p < PLANTS; p++) /* sort insertion points */
			for (int q = p + 1; q < PLANTS; q++)
				if (at[q] < at[p]) {
					uint32_t t = at[p];
					at[p] = at[q];
					at[q] = t;
				}
		uint32_t bk = 0;
		for (int p = 0; p < PLANTS; p++) {
			for (; bk < at[p]; bk++)
				sb_word(&sb, wb[bk]);
			uint32_t len = 30 + rnd() % 121, a0 = rnd() % (DOC_WORDS - len);
			double e = (rnd() % 1000) / 10000.0; /* 0-10% */
			pl[p] = (plant){a0, a0 + len, sb.words, 0};
			for (uint32_t k = a0; k < a0 + len; k++) {
				if (k > a0 && k + 1 < a0 + len && (rnd() % 10000) < e * 10000) {
					switch (rnd() % 3) {
					case 0:
						sb_word(&sb, v.w[rnd() % v.n]);
						continue;
					case 1:
						continue;
					default:
						sb_word(&sb, wa[k]);
						sb_word(&sb, v.w[rnd() % v.n]);
						continue;
					}
				}
				sb_word(&sb, wa[k]);
			}
			pl[p].b1 = sb.words;
		}
		for (; bk < DOC_WORDS; bk++)
			sb_word(&sb, wb[bk]);

		double t0 = now();
		tok_run((const uint8_t *)sa.p, sa.n, &ta);
		tok_run((const uint8_t *)sb.p, sb.n, &tb);
		XGROW(ka, kacap, ta.n + 1);
		XGROW(kb, kbcap, tb.n + 1);
		stem_keys(sc, &ta, ka);
		stem_keys(sc, &tb, kb);
		double t1 = now();
		aln_doc da = {(const uint8_t *)sa.p, sa.n, &ta, ka, NULL, NULL};
		aln_doc db = {(const uint8_t *)sb.p, sb.n, &tb, kb, NULL, NULL};
		aln_passage *ps;
		size_t np;
		if (aln_pair(&o, &da, &db, &ps, &np) != 0) {
			fprintf(stderr, "bench_align: aln_pair failed\n");
			return 1;
		}
		double t2 = now();
		t_prep += t1 - t0;
		t_align += t2 - t1;
		words += ta.n + tb.n;
		found_total += np;
		for (int p = 0; p < PLANTS; p++) {
			planted++;
			for (size_t x = 0; x < np; x++) {
				/* recalled: overlaps the truth on both sides by >= 80% of its a-length */
				uint32_t lo = ps[x].a_tok0 > pl[p].a0 ? ps[x].a_tok0 : pl[p].a0;
				uint32_t hi = ps[x].a_tok1 < pl[p].a1 ? ps[x].a_tok1 : pl[p].a1;
				bool b_ok = ps[x].b_tok0 < pl[p].b1 && pl[p].b0 < ps[x].b_tok1;
				if (b_ok && hi > lo && (hi - lo) * 5 >= (pl[p].a1 - pl[p].a0) * 4) {
					recalled++;
					break;
				}
			}
		}
		free(ps);
		free(sa.p);
		free(sb.p);
	}
	printf("bench_align: %u pairs, %.0f words/pair, 1 thread\n", npairs,
	       (double)words / npairs);
	printf("  aln_pair: %.3f s  %.0f pairs/s  %.2f M words/s\n", t_align, npairs / t_align,
	       words / t_align / 1e6);
	printf("  tokenise+stem (not in the figure above): %.3f s\n", t_prep);
	printf("  passages found: %llu (planted %llu, %.2f per pair); recall of planted: %.4f\n",
	       (unsigned long long)found_total, (unsigned long long)planted,
	       (double)found_total / npairs, (double)recalled / planted);
	free(wa);
	free(wb);
	free(ka);
	free(kb);
	tok_list_free(&ta);
	tok_list_free(&tb);
	for (size_t i = 0; i < v.n; i++)
		free(v.w[i]);
	free(v.w);
	stem_free(sc);
	return 0;
}
