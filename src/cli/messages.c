/* messages.c - everything the shell says on stderr, and how it dies on a signal.
 *
 * One prefix (`overlap: `), one place: errors (err_ctx), the engine's warnings and progress
 * callbacks, the count of skipped inputs, the line a signal prints, and cleaning document
 * text for a terminal (put_clean). Commands and main.c call in; this file calls no command,
 * so the shell's files depend one way. It does not parse options (options.c) nor run the
 * engine (commands.c, check.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "overlap/fileio.h"
#include "overlap/util.h"
#include "overlap/utf8.h"

static bool quiet;
static volatile sig_atomic_t progress_shown;
/* The line a signal prints, composed before the work starts (a handler cannot format). */
static char interrupt_line[1200] = "overlap: interrupted\n";
static volatile sig_atomic_t interrupt_len = 21;

void cli_set_interrupt_note(const char *out_dir)
{
	int n = out_dir ? snprintf(interrupt_line, sizeof interrupt_line,
		"overlap: interrupted; %s keeps its earlier contents\n", out_dir)
		: snprintf(interrupt_line, sizeof interrupt_line, "overlap: interrupted\n");
	if (n < 0 || (size_t)n >= sizeof interrupt_line)
		n = snprintf(interrupt_line, sizeof interrupt_line, "overlap: interrupted\n");
	interrupt_len = n;
}
static double progress_last;

void cli_set_quiet(bool q)
{
	quiet = q;
}

bool cli_progress_enabled(void)
{
	return !quiet && isatty(STDERR_FILENO);
}

/* Paths inside the run folder are shown as the output folder they will be part of. */
static char *alias_from, *alias_to;

void cli_set_path_alias(const char *from, const char *to)
{
	free(alias_from);
	free(alias_to);
	alias_from = from && to ? strdup(from) : NULL;
	alias_to = from && to ? strdup(to) : NULL;
}

static void put_path(const char *path)
{
	size_t n = alias_from ? strlen(alias_from) : 0;
	if (n && strncmp(path, alias_from, n) == 0 && (path[n] == '/' || path[n] == '\0'))
		fprintf(stderr, "%s%s", alias_to, path + n);
	else
		fputs(path, stderr);
}

void cli_error(const err_ctx *e)
{
	cli_progress_end();
	if (e->path[0]) {
		fputs("overlap: ", stderr);
		put_path(e->path);
		fprintf(stderr, ": %s\n", e->msg[0] ? e->msg : err_str(e->code));
	} else {
		fprintf(stderr, "overlap: %s\n", e->msg[0] ? e->msg : err_str(e->code));
	}
}

static size_t nskipped;

size_t cli_skipped_count(void)
{
	return nskipped;
}

void cli_warn(void *ud, const char *path, const char *msg)
{
	(void)ud;
	/* the reader's warnings end in "skipped" when an input (or its rest) is left out */
	if (strstr(msg, "skipped"))
		nskipped++;
	cli_progress_end();
	if (path && *path) {
		fputs("overlap: ", stderr);
		put_path(path);
		fprintf(stderr, ": %s\n", msg);
	} else
		fprintf(stderr, "overlap: %s\n", msg);
}

void cli_progress(void *ud, const char *phase, uint64_t done, uint64_t total)
{
	(void)ud;
	if (!cli_progress_enabled())
		return;
	double t = util_mono_s();
	if (t - progress_last < 0.2 && done != total)
		return;
	progress_last = t;
	if (!strcmp(phase, "sketch") && total == 0)
		fprintf(stderr, "\roverlap: %s: %.1f MB read\033[K", phase, (double)done / 1e6);
	else if (total)
		fprintf(stderr, "\roverlap: %s: %llu/%llu (%.0f%%)\033[K", phase,
			(unsigned long long)done, (unsigned long long)total,
			100.0 * (double)done / (double)total);
	else
		fprintf(stderr, "\roverlap: %s: %llu\033[K", phase, (unsigned long long)done);
	progress_shown = true;
}

void cli_progress_end(void)
{
	if (progress_shown) {
		fprintf(stderr, "\r\033[K");
		progress_shown = false;
	}
}

static void on_signal(int sig)
{
	fio_remove_temps();
	if (progress_shown && write(STDERR_FILENO, "\r\033[K", 4) < 0) {
		/* nothing to do: the message below is what matters */
	}
	if (write(STDERR_FILENO, interrupt_line, (size_t)interrupt_len) < 0) {
		/* stderr is gone; the exit status still tells */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_signals_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* one handler at a time: a second signal waits until the first has cleaned up */
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A write to a closed pipe (overlap ... | head) is an error to handle, not a death. */
	signal(SIGPIPE, SIG_IGN);
	/* Past a file-size limit (ulimit -f) a write must fail with EFBIG, so the temporary is
	 * removed and the earlier report kept, instead of the process dying mid-file. */
	signal(SIGXFSZ, SIG_IGN);
}

/* OVERLAP_NO_URING set and not "0": read files one by one (the engine reads no environment
 * variable; it is given crp_opts.no_batch). */
bool cli_no_batch(void)
{
	const char *off = getenv("OVERLAP_NO_URING");
	return off && *off && strcmp(off, "0") != 0;
}

/* The one place the engine's hooks are set: warnings and progress to this file, the
 * environment's switches, and the thread count resolved (0, the default, is every core). */
void cli_engine_hooks(struct config *cfg)
{
	cfg->pl.crp.no_batch = cli_no_batch();
	cfg->pl.warn = cli_warn;
	cfg->pl.progress = cli_progress;
	cfg->pl.ud = cfg;
	cfg->pl.threads = pl_threads(&cfg->pl);
}

/* Print at most max_chars characters of p[0..n) (UTF-8), control characters and invalid
 * bytes as '?' and line breaks as spaces: document text must not drive the terminal. */
void put_clean_n(FILE *f, const uint8_t *p, size_t n, size_t max_chars)
{
	size_t i = 0, chars = 0;
	while (i < n && chars < max_chars) {
		int32_t cp;
		bool bad;
		size_t len = utf8_decode(p + i, n - i, &cp, &bad);
		if (bad || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029)
			fputc('?', f);
		else if (cp == '\n' || cp == '\r' || cp == '\t')
			fputc(' ', f);
		else if (cp < 0x20)
			fputc('?', f);
		else
			fwrite(p + i, 1, len, f);
		i += len;
		chars++;
	}
	if (i < n)
		fputs("...", f);
}

void put_clean(FILE *f, const char *s, size_t max_chars)
{
	put_clean_n(f, (const uint8_t *)s, strlen(s), max_chars);
}

