/* mpi_cmd.c - `overlap analyze` as one process of an MPI job (mpirun -np N, srun).
 *
 * Every process parses the same command line; process 0 runs `analyze` as a single process
 * does (output folder, lock, report, charts, page, summary), the others only take part in
 * the similarity stage (dist.c) and print nothing but a fatal MPI error. MPI's default error
 * handler is replaced: a failed communication (a process died, the network broke) prints
 * one line naming this process and the cause, then ends the whole job; process 0's
 * uncommitted run folder is removed by its SIGTERM handler (messages.c), so `--out` keeps
 * the earlier complete report. Built only with MPI (meson -Dmpi).
 */
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cli.h"
#include "overlap/dist.h"

bool cli_mpi_job(void)
{
	/* Open MPI's mpirun, PMIx (Open MPI 4/5, Slurm's srun --mpi=pmix), PMI-1/2 (MPICH) */
	return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK") ||
	       getenv("PMI_SIZE");
}

static void on_mpi_error(MPI_Comm *comm, int *code, ...)
{
	(void)comm;
	char msg[MPI_MAX_ERROR_STRING];
	int len = 0, rank = -1;
	if (MPI_Error_string(*code, msg, &len) != MPI_SUCCESS)
		snprintf(msg, sizeof msg, "MPI error %d", *code);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	fprintf(stderr, "overlap: process %d of the MPI job: %s (another process may have died); "
		"stopping the job\n", rank, msg);
	fflush(stderr);
	MPI_Abort(MPI_COMM_WORLD, EXIT_FAIL);
}

/* Peak resident memory of this process in MiB. */
static double peak_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/* --timings: one line a process (gathered, printed by process 0 after the run). */
static void print_stats(dist_ctx *dc, bool timings)
{
	dist_stats st;
	dist_stats_get(dc, &st);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double line[8] = {
		(double)st.docs_local, (double)st.bytes_sent, (double)st.candidates, peak_mib(),
		st.seconds_sketch, st.seconds_candidates, st.seconds_verify,
		(double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
			(double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6,
	};
	int size = dist_size(dc), rank = dist_rank(dc);
	double *all = rank == 0 ? calloc((size_t)size * 8, sizeof *all) : NULL;
	MPI_Gather(line, 8, MPI_DOUBLE, all, 8, MPI_DOUBLE, 0, MPI_COMM_WORLD);
	if (rank != 0 || !timings || !all) {
		free(all);
		return;
	}
	double sent = 0;
	for (int k = 0; k < size; k++) {
		const double *l = all + 8 * k;
		sent += l[1];
		fprintf(stderr, "overlap: process %d: %.0f documents, %.0f bytes sent, %.0f pairs "
			"verified, peak %.1f MiB, sketch %.2f s, candidates %.2f s, verify %.2f s, "
			"cpu %.2f s\n", k, l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7]);
	}
	fprintf(stderr, "overlap: %d processes, %.0f documents, %.1f bytes exchanged a document\n",
		size, (double)st.docs_total, st.docs_total ? sent / (double)st.docs_total : 0.0);
	free(all);
}

int cli_mpi_analyze(struct config *cfg)
{
	if (MPI_Init(NULL, NULL) != MPI_SUCCESS) {
		fprintf(stderr, "overlap: cannot start MPI\n");
		return EXIT_FAIL;
	}
	MPI_Errhandler eh;
	MPI_Comm_create_errhandler(on_mpi_error, &eh);
	MPI_Comm_set_errhandler(MPI_COMM_WORLD, eh);
	if (cfg->archive) {
		/* its matches become one more input made by process 0 alone */
		int rank = 0;
		MPI_Comm_rank(MPI_COMM_WORLD, &rank);
		if (rank == 0)
			fprintf(stderr, "overlap: --archive cannot be used under mpirun yet; run "
				"`overlap analyze --archive` as one process; try --help\n");
		MPI_Errhandler_free(&eh);
		MPI_Finalize();
		return EXIT_USAGE;
	}
	dist_ctx *dc = dist_new(); /* a duplicate of MPI_COMM_WORLD: the handler comes along */
	cfg->pl.dist = dc;
	int rc;
	if (dist_rank(dc) == 0) {
		dist_set_warn(dc, cli_warn, cfg);
		rc = cmd_analyze(cfg);
	} else {
		/* no output, no progress, no "interrupted": process 0 says everything (mpirun
		 * forwards Ctrl-C to every process, and ends the others when one fails) */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		cli_set_quiet(true);
		cli_engine_hooks(cfg);
		cfg->pl.warn = dist_warn;
		cfg->pl.progress = NULL;
		cfg->pl.ud = dc;
		const char *const *paths = cfg->paths;
		size_t npaths = cfg->npaths;
		static const char *const corpus_dir[] = { "corpus" };
		if (npaths == 0) {
			paths = corpus_dir;
			npaths = 1;
		}
		bool ok = true;
		for (size_t i = 0; i < npaths; i++) {
			struct stat st;
			ok &= stat(paths[i], &st) == 0; /* process 0 says which (cmd_analyze) */
		}
		rc = EXIT_FAIL;
		if (ok) {
			pl_result *res = NULL;
			err_ctx e = { 0 };
			/* a failure is every process's and process 0 reports it (exit status) */
			rc = pl_run(&cfg->pl, paths, npaths, &res, &e) < 0 ? EXIT_FAIL : EXIT_DONE;
			pl_result_free(res);
		}
	}
	dist_cancel(dc);
	print_stats(dc, cfg->timings);
	dist_free(dc);
	MPI_Errhandler_free(&eh);
	MPI_Finalize();
	return rc;
}
