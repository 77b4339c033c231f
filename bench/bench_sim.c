/* bench_sim.c - times sim_run over a corpus and scores its pairs against a truth file.
 *
 * usage: bench_sim [options] PATH...
 *   --threads N        worker threads (0 = all cores; default 1)
 *   --k N --nperm N --seed N --threshold T --containment C --all-pairs-max N
 *   --truth TSV        planted pairs (header line, then idA<TAB>idB...): recall, precision
 *   --pairs OUT.tsv    write reported pairs as idA<TAB>idB (for score.py)
 *   --jaccard-only     write/score only pairs with exact Jaccard >= threshold
 *   --kernels MB       single-thread microbenchmark of the sketch path on the first MB
 *                      megabytes: tokenise, +shingle, +OPH, +classic MinHash, +sort
 *   --read-only        only stream the documents through crp_next (reader speed, MB/s)
 * Prints figures; never asserts on time.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "overlap/corpus.h"
#include "overlap/mem.h"
#include "overlap/minhash.h"
#include "overlap/pool.h"
#include "overlap/shingle.h"
#include "overlap/similarity.h"
#include "overlap/tokenize.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static long peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/* CPU seconds of all threads at the end of the sketch phase (first "candidates" call). */
static double g_cpu_sketch_end = -1;

static void progress_cb(void *ud, const char *phase, uint64_t done, uint64_t total)
{
	(void)ud;
	(void)done;
	(void)total;
	if (g_cpu_sketch_end < 0 && !strcmp(phase, "candidates"))
		g_cpu_sketch_end = cpu_s();
}

static void warn_cb(void *ud, const char *path, const char *msg)
{
	unsigned long *n = ud;
	if ((*n)++ < 5)
		fprintf(stderr, "bench_sim: warning: %s: %s\n", path, msg);
}

/* ---- id hash set for truth pairs ---- */

typedef struct pairset {
	char **a, **b;
	uint8_t *expected; /* truth says J >= threshold or containment >= containment */
	uint64_t *h;
	size_t n, cap;
	uint32_t *tab;
	size_t tcap;
} pairset;

static char *norm_id(const char *s, size_t n)
{
	const char *slash = memrchr(s, '/', n);
	if (slash) {
		n -= (size_t)(slash + 1 - s);
		s = slash + 1;
	}
	if (n > 4 && memcmp(s + n - 4, ".txt", 4) == 0)
		n -= 4;
	return xstrndup(s, n);
}

static uint64_t pair_hash(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (const char *p = b; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h ^ (h >> 29);
}

static void ps_order(const char **a, const char **b)
{
	if (strcmp(*a, *b) > 0) {
		const char *t = *a;
		*a = *b;
		*b = t;
	}
}

static long ps_find(const pairset *s, const char *a, const char *b)
{
	ps_order(&a, &b);
	if (!s->tcap)
		return -1;
	uint64_t h = pair_hash(a, b);
	for (size_t i = h & (s->tcap - 1); s->tab[i]; i = (i + 1) & (s->tcap - 1)) {
		size_t k = s->tab[i] - 1;
		if (s->h[k] == h && !strcmp(s->a[k], a) && !strcmp(s->b[k], b))
			return (long)k;
	}
	return -1;
}

static void ps_add(pairset *s, char *a, char *b, int expected)
{
	const char *x = a, *y = b;
	ps_order(&x, &y);
	if (ps_find(s, x, y) >= 0) {
		free(a);
		free(b);
		return;
	}
	if ((s->n + 1) * 2 > s->tcap) {
		size_t nc = s->tcap ? s->tcap * 2 : 1024;
		free(s->tab);
		s->tab = xcalloc(nc, sizeof *s->tab);
		s->tcap = nc;
		for (size_t k = 0; k < s->n; k++) {
			size_t i = s->h[k] & (nc - 1);
			while (s->tab[i])
				i = (i + 1) & (nc - 1);
			s->tab[i] = (uint32_t)k + 1;
		}
	}
	XGROW(s->a, s->cap, s->n + 1);
	s->b = xrealloc(s->b, s->cap * sizeof *s->b);
	s->h = xrealloc(s->h, s->cap * sizeof *s->h);
	s->expected = xrealloc(s->expected, s->cap);
	s->expected[s->n] = (uint8_t)expected;
	s->a[s->n] = (char *)x;
	s->b[s->n] = (char *)y;
	s->h[s->n] = pair_hash(x, y);
	size_t i = s->h[s->n] & (s->tcap - 1);
	while (s->tab[i])
		i = (i + 1) & (s->tcap - 1);
	s->tab[i] = (uint32_t)s->n + 1;
	s->n++;
}

/* Truth columns: idA, idB, [Jaccard, [containment of A in B]]. */
static int load_truth(const char *path, pairset *s, double thr, double cont)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int first = 1;
	while ((len = getline(&line, &cap, f)) > 0) {
		if (first || line[0] == '#') {
			first = 0;
			continue;
		}
		char *t1 = strchr(line, '\t');
		if (!t1)
			continue;
		char *t2 = strpbrk(t1 + 1, "\t\n");
		size_t n2 = t2 ? (size_t)(t2 - t1 - 1) : strlen(t1 + 1);
		int expected = 1;
		if (t2 && *t2 == '\t') {
			char *end;
			double j = strtod(t2 + 1, &end);
			double c = *end == '\t' ? strtod(end + 1, NULL) : 0.0;
			expected = j >= thr || c >= cont;
		}
		ps_add(s, norm_id(line, (size_t)(t1 - line)), norm_id(t1 + 1, n2), expected);
	}
	free(line);
	fclose(f);
	return 0;
}

/* ---- reader only ---- */

static int read_only(const char *const *paths, size_t npaths)
{
	unsigned long nwarn = 0;
	crp_opts co = { .warn = warn_cb, .warn_ud = &nwarn };
	crp_reader *r;
	err_ctx e = { 0 };
	if (crp_open(paths, npaths, &co, &r, &e)) {
		fprintf(stderr, "bench_sim: %s: %s\n", e.path, e.msg);
		return 1;
	}
	crp_doc d = { 0 };
	double t0 = now_s(), c0 = cpu_s();
	size_t n = 0, total = 0, title = 0;
	int rc;
	while ((rc = crp_next(r, &d, &e)) > 0) {
		n++;
		total += d.nbytes;
		title += d.title ? strlen(d.title) : 0;
	}
	double wall = now_s() - t0, cpu = cpu_s() - c0;
	crp_doc_clear(&d);
	crp_free(r);
	printf("reader  %zu docs  %.1f MB  %.2f s wall  %.2f s CPU  %.1f MB/s (CPU)  %.0f docs/s"
	       "  (title bytes %zu, warnings %lu)\n", n, total / 1e6, wall, cpu, total / 1e6 / cpu,
	       n / cpu, title, nwarn);
	return rc < 0;
}

/* ---- kernel microbenchmark ---- */

/* The reference point, "a bare C loop that only tokenises ASCII and hashes words"
 * (~290 MB/s on this machine kind): a byte loop over a 256-entry table (lowercase letter or
 * digit, or 0 for a separator), XXH3 of each word. Printed with the kernels as a yardstick
 * for the machine's speed at the time of the run (this VM varies by 30% and more). */
static uint64_t bare_loop(const uint8_t *t, size_t n)
{
	static uint8_t map[256];
	if (!map['a'])
		for (int c = 0; c < 128; c++)
			map[c] = isalnum(c) ? (uint8_t)tolower(c) : 0;
	uint64_t sink = 0;
	char w[64];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = map[t[i]];
		if (c) {
			w[k & 63] = (char)c;
			k++;
		} else if (k) {
			sink ^= XXH3_64bits(w, k < 64 ? k : 64);
			k = 0;
		}
	}
	if (k)
		sink ^= XXH3_64bits(w, k < 64 ? k : 64);
	return sink;
}

static void kernels(const char *const *paths, size_t npaths, size_t limit_mb, unsigned k,
		    unsigned nperm)
{
	crp_opts co = { 0 };
	crp_reader *r;
	err_ctx e;
	if (crp_open(paths, npaths, &co, &r, &e))
		return;
	crp_doc d = { 0 };
	uint8_t **txt = NULL;
	size_t *len = NULL, n = 0, cap = 0, total = 0;
	while (total < limit_mb << 20 && crp_next(r, &d, &e) > 0) {
		XGROW(txt, cap, n + 1);
		len = xrealloc(len, cap * sizeof *len);
		txt[n] = d.text;
		len[n] = d.nbytes;
		d.text = NULL;
		total += len[n++];
		crp_doc_clear(&d);
	}
	crp_free(r);
	{
		double best = 1e30;
		uint64_t sink = 0;
		for (int rep = 0; rep < 3; rep++) {
			double t0 = cpu_s();
			for (size_t i = 0; i < n; i++)
				sink += bare_loop(txt[i], len[i]);
			double dt = cpu_s() - t0;
			best = dt < best ? dt : best;
		}
		printf("kernel  %-38s %8.1f MB/s  (%zu docs, %.1f MB, sink %llu)\n",
		       "bare loop (ASCII words, XXH3 each)", total / 1e6 / best, n, total / 1e6,
		       (unsigned long long)(sink & 1));
	}
	uint64_t *wh = NULL, *sh = NULL, *cnt = NULL;
	size_t whcap = 0, shcap = 0, nbad, cntcap = 0;
	uint32_t *sig = xmalloc(nperm * 4);
	const char *names[] = { "tokenise (tok_hashes)", "+ shingle (rolling combine of k words)",
				"+ OPH MinHash (chosen)", "+ classic MinHash (nperm mult-shift)",
				"+ OPH + sort_unique (all-pairs path)",
				"+ OPH + count_distinct (LSH path)" };
	for (int stage = 0; stage < 6; stage++) {
		double best = 1e30;
		uint64_t sink = 0;
		for (int rep = 0; rep < 3; rep++) { /* best of 3 */
		double t0 = cpu_s(); /* CPU time: figures hold on a loaded machine */
		for (size_t i = 0; i < n; i++) {
			size_t nw = tok_hashes(txt[i], len[i], &wh, &whcap, &nbad);
			sink += nw;
			if (stage == 0)
				continue;
			XGROW(sh, shcap, shg_words_cap(nw, k));
			size_t ns = shg_words(wh, nw, k, 1, sh);
			if (stage == 4)
				ns = shg_sort_unique(sh, ns);
			if (stage == 5)
				sink += shg_count_distinct(sh, ns, &cnt, &cntcap);
			if (stage == 2 || stage == 4 || stage == 5)
				mh_sketch(sh, ns, nperm, 1, sig);
			else if (stage == 3)
				mh_sketch_classic(sh, ns, nperm, 1, sig);
			sink += sig[0] + ns;
		}
		double dt = cpu_s() - t0;
		best = dt < best ? dt : best;
		}
		double dt = best;
		printf("kernel  %-38s %8.1f MB/s  (%zu docs, %.1f MB, sink %llu)\n", names[stage],
		       total / 1e6 / dt, n, total / 1e6, (unsigned long long)(sink & 1));
	}
	for (size_t i = 0; i < n; i++)
		free(txt[i]);
	free(txt);
	free(len);
	free(wh);
	free(sh);
	free(cnt);
	free(sig);
}

int main(int argc, char **argv)
{
	sim_opts o = sim_opts_default();
	o.threads = 1;
	const char *truth = NULL, *pairs_out = NULL;
	int jaccard_only = 0, reader_only = 0;
	size_t kern_mb = 0;
	const char **paths = xcalloc((size_t)argc, sizeof *paths);
	size_t npaths = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--threads") && v)
			o.threads = (unsigned)atoi(argv[++i]);
		else if (!strcmp(a, "--k") && v)
			o.shingle_k = (unsigned)atoi(argv[++i]);
		else if (!strcmp(a, "--nperm") && v)
			o.nperm = (unsigned)atoi(argv[++i]);
		else if (!strcmp(a, "--seed") && v)
			o.seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(a, "--threshold") && v)
			o.threshold = atof(argv[++i]);
		else if (!strcmp(a, "--containment") && v)
			o.containment = atof(argv[++i]);
		else if (!strcmp(a, "--all-pairs-max") && v)
			o.all_pairs_max = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(a, "--truth") && v)
			truth = argv[++i];
		else if (!strcmp(a, "--pairs") && v)
			pairs_out = argv[++i];
		else if (!strcmp(a, "--jaccard-only"))
			jaccard_only = 1;
		else if (!strcmp(a, "--read-only"))
			reader_only = 1;
		else if (!strcmp(a, "--kernels") && v)
			kern_mb = strtoull(argv[++i], NULL, 10);
		else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, "bench_sim: unknown option %s\n", a);
			return 2;
		} else
			paths[npaths++] = a;
	}
	if (!npaths) {
		fprintf(stderr, "usage: bench_sim [options] PATH...\n");
		return 2;
	}
	if (reader_only)
		return read_only(paths, npaths);
	if (kern_mb) {
		kernels(paths, npaths, kern_mb, o.shingle_k, o.nperm);
		return 0;
	}
	unsigned long nwarn = 0;
	crp_opts co = { .warn = warn_cb, .warn_ud = &nwarn };
	crp_reader *r;
	err_ctx e = { 0 };
	if (crp_open(paths, npaths, &co, &r, &e)) {
		fprintf(stderr, "bench_sim: %s: %s\n", e.path, e.msg);
		return 1;
	}
	sim_result *res;
	o.progress = progress_cb;
	double c0 = cpu_s();
	double t0 = now_s();
	if (sim_run(r, &o, &res, &e)) {
		fprintf(stderr, "bench_sim: error: %s: %s\n", e.path, e.msg);
		return 1;
	}
	double wall = now_s() - t0;
	unsigned th = o.threads ? o.threads : pool_ncpu();
	uint64_t bytes = 0;
	for (size_t i = 0; i < res->ndocs; i++)
		bytes += res->docs[i].nbytes;
	double mbs = bytes / 1e6 / res->seconds_sketch;
	printf("docs %zu  bytes %.1f MB  threads %u  mode %s  plan b=%u r=%u (eff. threshold %.3f)"
	       "  warnings %lu\n",
	       res->ndocs, bytes / 1e6, th, res->all_pairs ? "all-pairs" : "lsh", res->plan.bands,
	       res->plan.rows, lsh_threshold_eff(&res->plan), nwarn);
	printf("sketch (read+tokenise+shingle+MinHash)  %.2f s  %.1f MB/s  %.1f MB/s/thread  "
	       "%.0f docs/s/thread\n",
	       res->seconds_sketch, mbs, mbs / th, res->ndocs / res->seconds_sketch / th);
	double cpu_sk = g_cpu_sketch_end - c0;
	printf("sketch CPU time %.2f s (all threads): %.1f MB/s per CPU-second (load-independent "
	       "per-thread figure)\n", cpu_sk, bytes / 1e6 / cpu_sk);
	printf("candidates %.2f s  (%llu candidate pairs)\n", res->seconds_candidates,
	       (unsigned long long)res->ncandidates);
	printf("verify     %.2f s  (second pass: %s)\n", res->seconds_verify,
	       res->all_pairs ? "none" : "yes");
	printf("total      %.2f s  peak RSS %ld MB  pairs reported %zu\n", wall, peak_rss_mb(),
	       res->npairs);

	FILE *po = pairs_out ? fopen(pairs_out, "w") : NULL;
	if (pairs_out && !po)
		perror(pairs_out);
	pairset ts = { 0 };
	if (truth && load_truth(truth, &ts, o.threshold, jaccard_only ? 2.0 : o.containment))
		return 1;
	size_t nout = 0, hit = 0, good = 0;
	uint8_t *found = ts.n ? xcalloc(ts.n, 1) : NULL;
	for (size_t i = 0; i < res->npairs; i++) {
		const sim_pair *p = &res->pairs[i];
		if (jaccard_only && p->jaccard < o.threshold)
			continue;
		nout++;
		const char *a = res->docs[p->a].id, *b = res->docs[p->b].id;
		if (po)
			fprintf(po, "%s\t%s\n", a, b);
		long k = ts.n ? ps_find(&ts, a, b) : -1;
		if (k >= 0 && !found[k]) {
			found[k] = 1;
			hit++;
		}
		good += k >= 0 || p->jaccard >= o.threshold;
	}
	if (po)
		fclose(po);
	size_t nexp = 0, hitexp = 0;
	for (size_t i = 0; i < ts.n; i++) {
		nexp += ts.expected[i];
		hitexp += ts.expected[i] && found[i];
	}
	if (truth)
		printf("truth: recall of planted pairs with J >= %.2f%s: %.4f (%zu/%zu)\n",
		       o.threshold, jaccard_only ? "" : " or containment >= threshold",
		       nexp ? (double)hitexp / nexp : 0.0, hitexp, nexp);
	if (truth)
		printf("truth %zu pairs: recall %.4f  precision vs planted %.4f  precision vs "
		       "(planted|J>=%.2f) %.4f  (%zu pairs scored%s)\n",
		       ts.n, ts.n ? (double)hit / ts.n : 0.0, nout ? (double)hit / nout : 0.0,
		       o.threshold, nout ? (double)good / nout : 0.0, nout,
		       jaccard_only ? ", Jaccard >= threshold only" : "");
	free(found);
	for (size_t i = 0; i < ts.n; i++) {
		free(ts.a[i]);
		free(ts.b[i]);
	}
	free(ts.a);
	free(ts.b);
	free(ts.h);
	free(ts.expected);
	free(ts.tab);
	sim_result_free(res);
	crp_free(r);
	free(paths);
	return 0;
}
