/* bench_archive.c - query latency of an archive: times arc_query for each document of a
 * query file (as `overlap query` runs it) and prints the median, 90th and 99th percentile,
 * with and without passage alignment, in wall time and in the thread's CPU time. Figures
 * only, no assertions (bench/archive.sh).
 *
 * usage: bench_archive ARCHIVE.db QUERIES [MAX_QUERIES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "overlap/archive.h"
#include "overlap/mem.h"

static double clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int dbl_cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_archive ARCHIVE.db QUERIES [MAX_QUERIES]\n");
		return 2;
	}
	size_t maxq = argc > 3 ? (size_t)atol(argv[3]) : 1000;
	err_ctx e = { 0 };
	arc *a = NULL;
	if (arc_open(argv[1], ARC_READ, 0, &a, &e) < 0) {
		fprintf(stderr, "bench_archive: %s: %s\n", e.path, e.msg);
		return 1;
	}
	const char *paths[1] = { argv[2] };
	crp_opts co = { 0 };
	crp_reader *r = NULL;
	if (crp_open(paths, 1, &co, &r, &e) < 0) {
		fprintf(stderr, "bench_archive: %s: %s\n", e.path, e.msg);
		return 1;
	}
	crp_doc *docs = NULL;
	size_t n = 0, cap = 0;
	while (n < maxq) {
		XGROW(docs, cap, n + 1);
		memset(&docs[n], 0, sizeof docs[n]);
		if (crp_next(r, &docs[n], &e) <= 0) {
			crp_doc_clear(&docs[n]);
			break;
		}
		n++;
	}
	crp_free(r);
	double *ms = xmalloc((n ? n : 1) * sizeof *ms);
	double *cpu = xmalloc((n ? n : 1) * sizeof *cpu);
	for (int pass = 0; pass < 2; pass++) {
		arc_query_opts qo = arc_query_opts_default();
		qo.passages = pass == 1;
		uint64_t matches = 0, cands = 0;
		for (size_t i = 0; i < n; i++) {
			arc_answer ans;
			double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_THREAD_CPUTIME_ID);
			if (arc_query(a, &docs[i], &qo, &ans, &e) < 0) {
				fprintf(stderr, "bench_archive: %s: %s\n", e.path, e.msg);
				return 1;
			}
			ms[i] = clock_ms(CLOCK_MONOTONIC) - t0;
			cpu[i] = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
			matches += ans.n;
			cands += ans.ncandidates;
			arc_answer_clear(&ans);
		}
		qsort(ms, n, sizeof *ms, dbl_cmp);
		qsort(cpu, n, sizeof *cpu, dbl_cmp);
		double sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += ms[i];
		if (n)
			printf("query %-14s %zu queries: median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, "
			       "mean %.2f ms; %.1f candidates verified and %.2f matches a query\n",
			       pass ? "(passages)" : "(no passages)", n, ms[n / 2], ms[n * 9 / 10],
			       ms[n * 99 / 100], ms[n - 1], sum / (double)n, (double)cands / (double)n,
			       (double)matches / (double)n);
		if (n) /* the load of other jobs stretches wall time; CPU time much less */
			printf("      %-14s CPU time a query: median %.2f ms, p90 %.2f ms, p99 %.2f ms, "
			       "max %.2f ms\n", "", cpu[n / 2], cpu[n * 9 / 10], cpu[n * 99 / 100],
			       cpu[n - 1]);
	}
	for (size_t i = 0; i < n; i++)
		crp_doc_clear(&docs[i]);
	free(docs);
	free(ms);
	free(cpu);
	arc_close(a);
	return 0;
}
