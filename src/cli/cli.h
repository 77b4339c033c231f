/* cli.h - the command-line shell around the engine: options, commands, messages.
 *
 * Only src/cli/ prints or exits. Messages have one prefix: `overlap: PATH: problem` for
 * input and I/O problems, `overlap: PROBLEM; try 'overlap CMD --help'` for misuse.
 * Exit codes are enum cli_exit and nothing else.
 */
#ifndef OVERLAP_CLI_H
#define OVERLAP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "overlap/archive.h"
#include "overlap/pipeline.h"

#define OVERLAP_VERSION "0.1.0"

enum cli_exit {
	EXIT_DONE = 0,  /* finished */
	EXIT_FAIL = 1,  /* bad input or failure (message printed) */
	EXIT_USAGE = 2, /* bad command line */
};

enum cli_command {
	CMD_NONE, CMD_ANALYZE, CMD_PASSAGES, CMD_CLAIMS, CMD_CHART, CMD_CHECK,
	/* the archive commands (archive_cmd.c) */
	CMD_INDEX_ADD, CMD_INDEX_STATS, CMD_INDEX_CHECK, CMD_INDEX_REMOVE, CMD_QUERY,
};

/* How long a second writer waits for the first (seconds) before giving up. */
#define ARC_CLI_WAIT_S 10

/* The archive commands' settings (options.c fills them from the one option table). */
struct arc_cfg {
	arc_settings set;     /* index add: the archive's settings */
	bool settings_given;  /* index add: some of them were given */
	bool no_text, json, add, quiet, verbose, no_passages, no_stem, no_claims;
	size_t batch;         /* index add --batch; 0 = the archive's default */
	unsigned threads;     /* index add -j; 0 = all cores */
	unsigned wait_s;      /* --wait */
	size_t max_inflate;   /* --max-inflate, bytes; 0 = the reader's default */
	const char *archive;  /* ARCHIVE.db */
	const char **paths;   /* the arguments after it (borrowed from argv) */
	size_t npaths;
};

struct config {
	enum cli_command cmd;
	pl_config pl;
	const char **paths;   /* positional arguments (borrowed from argv) */
	size_t npaths;
	const char *out_dir;  /* --out */
	const char *report;   /* claims --report FILE */
	const char *corpus;   /* passages --corpus */
	const char *pair_keys[2];
	bool quiet, json, charts, html;
	bool timings;         /* analyze --timings: the phase split on stderr at the end */
	bool pretty;          /* analyze --pretty: report.json indented */
	unsigned top;         /* rows in the stdout table */
	const char *pairs_tsv;/* --pairs-tsv FILE: every reported pair, for scorers */
	const char *claims_file; /* check --claims FILE.jsonl */
	bool all;             /* check --all: list unrelated pairs too */
	const char *archive;  /* analyze --archive ARCHIVE.db: add its matching documents */
	char changed[1024];   /* analysis options given, "--opt value, ..." (for the page) */
	struct arc_cfg arc;   /* index add|stats|check|remove, query */
};

/* Parse argv into cfg. Prints help (exit 0) or a usage error (exit 2) itself.
 * @return -1 to go on, else the exit code to leave with. */
int cli_parse(int argc, char **argv, struct config *cfg);

/* The inputs of a command: *paths as given, or corpus/ when none are (an error line naming
 * verb, "give files or folders to VERB", when corpus/ is missing). @return -1 to go on,
 * else EXIT_FAIL (inputs.c). */
int cli_inputs_or_corpus(const char *const **paths, size_t *npaths, const char *verb);

/* The pairs of a --pairs file: two ids or paths a line (white space separated; blank lines
 * and '#' comments skipped), as pl_config.pair_keys with each pair's line number. */
struct cli_pairs {
	char **keys;   /* 2 * n strings, owned */
	size_t *lines; /* n line numbers */
	size_t n;
};
/* Read the --pairs file path into *pf (zero-initialised). @return 0, or a negative ovl_err
 * with e filled ("cannot open pairs file", "line N: expected two documents"; pf empty). */
int cli_pairs_read(const char *path, struct cli_pairs *pf, err_ctx *e);
/* Free pf's pairs and zero it. */
void cli_pairs_free(struct cli_pairs *pf);

/* Commands. @return an enum cli_exit. */
int cmd_analyze(struct config *cfg);
int cmd_passages(struct config *cfg);
int cmd_claims(struct config *cfg);
int cmd_chart(struct config *cfg);
int cmd_check(struct config *cfg);


/* `overlap index ...` and `overlap query ...` (archive_cmd.c), parsed by cli_parse into
 * cfg->arc. @return an enum cli_exit. */
int cli_archive(struct config *cfg);
/* analyze --archive: the archived documents that the documents of paths match, written as
 * JSON Lines (with "archive": ARCHIVE in each) to a new temporary file *jsonl_path (caller
 * unlinks and frees). @return -1 to go on, else an exit code (message printed). */
int cli_archive_matches(const char *archive, const char *const *paths, size_t npaths,
			char **jsonl_path);

/* Messages (messages.c): the shared stderr lines (the engine's warnings and errors, the
 * progress line), the signal handlers, the hooks the engine is given. A command's own lines
 * (its summary, a usage error) are printed where the command is, with the same prefix. */
/* Print at most max_chars characters of the NUL-terminated UTF-8 s, control characters
 * and invalid bytes as '?', line breaks as spaces, "..." when cut. */
void put_clean(FILE *f, const char *s, size_t max_chars);
/* The same for the n bytes at p (not NUL-terminated). */
void put_clean_n(FILE *f, const uint8_t *p, size_t n, size_t max_chars);
/* SIGINT/SIGTERM/SIGHUP remove the run's temporaries and die; SIGPIPE, SIGXFSZ ignored. */
void cli_signals_install(void);
/* Set cfg->pl's warn/progress callbacks and resolve threads (0: every core): the one place. */
void cli_engine_hooks(struct config *cfg);
/* Whether the environment asks for files read one by one (OVERLAP_NO_URING): crp_opts.no_batch. */
bool cli_no_batch(void);
#ifdef OVL_HAVE_MPI
/* mpi_cmd.c: true when this process was started by mpirun or srun; then `analyze` runs as
 * one process of the job (process 0 writes the report). */
bool cli_mpi_job(void);
int cli_mpi_analyze(struct config *cfg);
#endif
void cli_error(const err_ctx *e);
void cli_warn(void *ud, const char *path, const char *msg);
void cli_progress(void *ud, const char *phase, uint64_t done, uint64_t total);
void cli_progress_end(void);
bool cli_progress_enabled(void);
void cli_set_quiet(bool quiet);
/* Inputs the reader's warnings said were skipped, so far. */
size_t cli_skipped_count(void);
/* The one line a signal prints names out_dir (NULL: no folder in play). */
void cli_set_interrupt_note(const char *out_dir);
/* Messages show paths under from as under to (the run folder as the output folder). */
void cli_set_path_alias(const char *from, const char *to);

#endif
