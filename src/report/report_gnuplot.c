/* report_gnuplot.c - similarity heatmaps and the claims chart, as gnuplot scripts + images.
 *
 * Input: the report json_t (docs/json.md), never recomputed. Output per chart: NAME.dat
 * (numbers only), NAME.gp (script with names relative to the output folder), and when
 * gnuplot runs, NAME.png (pngcairo) and NAME.svg. It does not build the matrix (the
 * pipeline does) and draws no heatmap when report.matrix is null.
 * Safety: gnuplot is a language (system(), backquotes, @macros), so document text enters a
 * script only through gp_quote(): a single-quoted string with ' turned into U+2019 and control bytes
 * blanked, where gnuplot expands nothing. gnuplot runs via fork/execv (no shell) in the
 * output folder, the script on a socket as stdin (so an early exit cannot SIGPIPE us).
 * Workload: up to matrix_max (~200) documents: a 40k-cell heatmap renders in about 1 s.
 */
#include "overlap/report.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "overlap/fileio.h"
#include "overlap/mem.h"
#include "overlap/pubdate.h"
#include "overlap/report_matrix.h"
#include "overlap/report_view.h"
#include "overlap/strbuf.h"
#include "overlap/util.h"

/* ---- tuning ---------------------------------------------------------------------- */

/* Above this many rows the per-cell value labels overlap (cells under ~36 px). */
#define CELL_LABEL_MAX 25
/* Axis labels: code points kept of a title. 28 fits 5-10 documents beside a 700 px plot;
 * big matrices get 18 so the rotated labels do not eat the plot. */
#define LABEL_CHARS_FEW 28
#define LABEL_CHARS_MANY 18
#define LABEL_MANY_DOCS 20
/* Heatmap cell size in pixels: 110 for a handful of documents, shrinking so 200 documents
 * still fit a ~2000 px image, never under 8 px (a readable tick spacing). */
#define CELL_PX_MAX 110
#define CELL_PX_MIN 8
#define HEATMAP_TARGET_PX 900
/* stderr kept from gnuplot for the error message. */
#define GP_STDERR_MAX 4096

/* ---- gnuplot quoting ------------------------------------------------------------- */

/* CJK, Hangul and full-width forms: on a machine without a CJK font (Debian's default
 * gnuplot install has DejaVu only), cairo falls back to a font whose glyphs fill the whole
 * image and wreck the chart, so labels show them as '?' (the HTML page keeps them). */
static bool cp_unsafe_for_cairo(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
		(cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
		(cp >= 0xFF00 && cp <= 0xFFEF);
}

/* Append s as a gnuplot single-quoted string: ' made U+2019, control bytes (newline ends a
 * command) turned into spaces, cut after max_cp code points with an ellipsis (max_cp 0:
 * no cut). Inside '...' gnuplot does no backquote, macro or escape processing. */
static void gp_quote(sbuf *b, const char *s, size_t max_cp)
{
	sb_add(b, "'", 1);
	size_t ncp = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p & 0xC0) != 0x80) {
			if (max_cp && ncp == max_cp) {
				sb_puts(b, "\xE2\x80\xA6"); /* … */
				break;
			}
			ncp++;
		}
		/* ' becomes the typographic apostrophe, so the quoted string holds no quote at
		 * all: gnuplot's '' escape misparses at the start of a string (a label that began
		 * with '' came out empty), and text with nothing to escape cannot end the string. */
		if ((*p & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
			cp_unsafe_for_cairo((uint32_t)(*p & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
				(uint32_t)(p[2] & 0x3F))) {
			sb_add(b, "?", 1);
			p += 2;
		} else if (*p == '\'')
			sb_puts(b, "\xE2\x80\x99");
		else if (*p < 0x20 || *p == 0x7F)
			sb_add(b, " ", 1);
		else
			sb_add(b, (const char *)p, 1);
	}
	sb_add(b, "'", 1);
}

/* A data-file comment line: control bytes blanked so the text cannot start a data row. */
static void dat_comment(sbuf *b, const char *s)
{
	sb_puts(b, "# ");
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
		sb_add(b, (*p < 0x20 || *p == 0x7F) ? " " : (const char *)p, 1);
	sb_puts(b, "\n");
}

/* ---- running gnuplot --------------------------------------------------------------- */

/* Full path of an executable prog (searched in the folders of path, ':'-separated, unless
 * it holds a '/'), or NULL. */
static char *find_program(const char *prog, const char *path)
{
	if (!prog || !*prog)
		return NULL;
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0 ? xstrdup(prog) : NULL;
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		char *cand = len ? xasprintf("%.*s/%s", (int)len, p, prog) : xasprintf("./%s", prog);
		struct stat st;
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (!colon)
			break;
		p = colon + 1;
	}
	return NULL;
}

static long ms_now(void)
{
	return (long)(util_mono_s() * 1000);
}

enum { GP_OK = 0, GP_EXEC = 1, GP_FAIL = 2, GP_TIMEOUT = 3, GP_SYS = 4 };

/* Run prog (absolute path) in dir with script on stdin; stderr collected into errbuf.
 * @return GP_OK, GP_EXEC (could not start: *sys_errno), GP_FAIL (exit status or signal in
 *         *status), GP_TIMEOUT (killed), GP_SYS (pipe/fork failed: *sys_errno). */
/* Writes script[0..len) to gnuplot's stdin (socket sock, closed here: EOF ends its
 * input) while reading its stderr (er) into errbuf, until stderr closes or timeout_s
 * seconds pass. @return whether the time ran out. */
static bool feed_script(int sock, int er, const char *script, size_t len, int timeout_s,
			char *errbuf, size_t errcap)
{
	fcntl(sock, F_SETFL, fcntl(sock, F_GETFL) | O_NONBLOCK);
	size_t sent = 0, nerr = 0;
	bool err_open = true, timed_out = false;
	long deadline = ms_now() + (long)timeout_s * 1000;
	while (err_open) {
		struct pollfd pf[2];
		int npf = 0;
		pf[npf++] = (struct pollfd){.fd = er, .events = POLLIN};
		if (sock >= 0)
			pf[npf++] = (struct pollfd){.fd = sock, .events = POLLOUT};
		long left = deadline - ms_now();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		int r = poll(pf, (nfds_t)npf, (int)(left > 1000 ? 1000 : left));
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		if (pf[0].revents) {
			char tmp[1024];
			ssize_t k = read(er, tmp, sizeof tmp);
			if (k > 0) {
				size_t keep = (size_t)k;
				if (nerr + keep >= errcap)
					keep = errcap - 1 - nerr;
				memcpy(errbuf + nerr, tmp, keep);
				nerr += keep;
				errbuf[nerr] = '\0';
			} else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
				err_open = false;
			}
		}
		if (npf > 1 && pf[1].revents) {
			ssize_t k = send(sock, script + sent, len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (k > 0)
				sent += (size_t)k;
			if ((k < 0 && errno != EAGAIN && errno != EINTR) || sent == len) {
				close(sock); /* EOF ends gnuplot's input */
				sock = -1;
			}
		}
	}
	if (sock >= 0)
		close(sock);
	return timed_out;
}

static int run_gnuplot(const char *prog, const char *dir, const char *script, size_t len,
	int timeout_s, char *errbuf, size_t errcap, int *status, int *sys_errno)
{
	int in[2] = {-1, -1}, er[2] = {-1, -1}, ex[2] = {-1, -1};
	errbuf[0] = '\0';
	*status = 0;
	*sys_errno = 0;
	/* A socket, not a pipe, for stdin: send(MSG_NOSIGNAL) gets EPIPE instead of SIGPIPE
	 * when gnuplot quits early, without touching the process's signal dispositions. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0 ||
		pipe2(er, O_CLOEXEC) != 0 || pipe2(ex, O_CLOEXEC) != 0) {
		*sys_errno = errno;
		for (int i = 0; i < 2; i++) {
			if (in[i] >= 0) close(in[i]);
			if (er[i] >= 0) close(er[i]);
			if (ex[i] >= 0) close(ex[i]);
		}
		return GP_SYS;
	}
	int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	pid_t pid = fork();
	if (pid < 0) {
		*sys_errno = errno;
		close(in[0]); close(in[1]); close(er[0]); close(er[1]); close(ex[0]); close(ex[1]);
		if (devnull >= 0) close(devnull);
		return GP_SYS;
	}
	if (pid == 0) {
		/* Child: async-signal-safe calls only. */
		char *const argv[] = {(char *)prog, NULL};
		int err;
		if (chdir(dir) != 0 || dup2(in[1], 0) < 0 || dup2(er[1], 2) < 0 ||
			(devnull >= 0 && dup2(devnull, 1) < 0)) {
			err = errno;
		} else {
			execv(prog, argv);
			err = errno;
		}
		ssize_t w = write(ex[1], &err, sizeof err);
		(void)w;
		_exit(127);
	}
	close(in[1]);
	close(er[1]);
	close(ex[1]);
	if (devnull >= 0)
		close(devnull);
	bool timed_out = feed_script(in[0], er[0], script, len, timeout_s, errbuf, errcap);
	if (timed_out)
		kill(pid, SIGKILL);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
	}
	close(er[0]);
	int exec_err = 0;
	ssize_t k = read(ex[0], &exec_err, sizeof exec_err);
	close(ex[0]);
	*status = st;
	if (k == (ssize_t)sizeof exec_err) {
		*sys_errno = exec_err;
		return GP_EXEC;
	}
	if (timed_out)
		return GP_TIMEOUT;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return GP_FAIL;
	return GP_OK;
}

/* The most useful line of gnuplot's stderr: the first naming an error, else the last
 * non-empty one; copied into out. */
static void gp_error_line(const char *errbuf, char *out, size_t cap)
{
	const char *best = NULL, *last = NULL;
	for (const char *p = errbuf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *q = p;
		while (q < p + n && (*q == ' ' || *q == '^'))
			q++;
		if (q < p + n) {
			last = p;
			if (!best && (memmem(p, n, "error", 5) || memmem(p, n, "invalid", 7)))
				best = p;
		}
		p = nl ? nl + 1 : p + n;
	}
	const char *s = best ? best : last;
	if (!s) {
		snprintf(out, cap, "no message");
		return;
	}
	size_t n = strcspn(s, "\n");
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = ((unsigned char)s[i] < 0x20) ? ' ' : s[i];
	out[n] = '\0';
}

/* ---- chart plumbing ---------------------------------------------------------------- */

typedef struct chart_ctx {
	const char *outdir;
	const rpt_chart_opts *o;
	char *gnuplot;      /* resolved program, NULL when missing */
	bool warned;
	rpt_chart_info *info;
	int timeout_s;
} chart_ctx;

typedef struct chart_size {
	int w, h;
} chart_size;

static void info_add(chart_ctx *c, const char *path)
{
	if (!c->info)
		return;
	c->info->files = xrealloc(c->info->files, (c->info->nfiles + 1) * sizeof(char *));
	c->info->files[c->info->nfiles++] = xstrdup(path);
}

static void warn(chart_ctx *c, const char *path, const char *msg)
{
	if (c->o && c->o->warn)
		c->o->warn(c->o->warn_ud, path, msg);
}

static void gnuplot_missing(chart_ctx *c, const char *base)
{
	if (c->info)
		c->info->gnuplot_missing = true;
	free(c->gnuplot);
	c->gnuplot = NULL;
	if (c->warned)
		return;
	c->warned = true;
	const char *prog = (c->o && c->o->gnuplot) ? c->o->gnuplot : "gnuplot";
	char *msg = xasprintf("%s not found: charts written as .gp/.dat only; install gnuplot "
		"and render them in this folder with: gnuplot %s.gp (and the other .gp files)",
		prog, base);
	warn(c, c->outdir, msg);
	free(msg);
}

static int write_out(chart_ctx *c, const char *name, const sbuf *b, err_ctx *e)
{
	char *path = xasprintf("%s/%s", c->outdir, name);
	int rc = fio_write_file(path, b->p ? b->p : "", b->n, e);
	if (rc == 0)
		info_add(c, path);
	free(path);
	return rc;
}

/* Whether the image gnuplot wrote at path is whole: a PNG ends with its IEND chunk, an SVG
 * with </svg>. gnuplot does not always notice a failed write (disk full, file-size limit)
 * and exits 0 after an image cut short. */
static bool image_complete(const char *path, bool png)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char tail[64];
	size_t n = 0;
	if (fseek(f, -(long)sizeof tail, SEEK_END) != 0)
		rewind(f);
	n = fread(tail, 1, sizeof tail, f);
	fclose(f);
	if (png)
		return n >= 8 && memcmp(tail + n - 8, "IEND\xAE\x42\x60\x82", 8) == 0;
	return memmem(tail, n, "</svg>", 6) != NULL;
}

/* Terminal lines + body + SVG replot: the whole script naming png_name and svg_name. */
static void full_script(sbuf *out, const char *body, chart_size sz, const char *png_name,
	const char *svg_name)
{
	sb_puts(out, "# written by overlap; render with: gnuplot THIS_FILE (in its folder)\n");
	sb_puts(out, "set encoding utf8\n");
	sb_printf(out, "set terminal pngcairo noenhanced size %d,%d font 'Sans,10' "
		"background rgb 'white'\nset output ", sz.w, sz.h);
	gp_quote(out, png_name, 0);
	sb_puts(out, "\n");
	sb_puts(out, body);
	sb_printf(out, "set terminal svg noenhanced size %d,%d font 'Sans,10' "
		"background rgb 'white'\nset output ", sz.w, sz.h);
	gp_quote(out, svg_name, 0);
	sb_puts(out, "\nreplot\nunset output\n");
}

/* Write base.dat and base.gp, then render base.png and base.svg atomically. */
static int emit_chart(chart_ctx *c, const char *base, const sbuf *dat, const char *body,
	chart_size sz, err_ctx *e)
{
	char *name = xasprintf("%s.dat", base);
	int rc = write_out(c, name, dat, e);
	free(name);
	if (rc < 0)
		return rc;
	sbuf gp = {0};
	char *png = xasprintf("%s.png", base), *svg = xasprintf("%s.svg", base);
	full_script(&gp, body, sz, png, svg);
	name = xasprintf("%s.gp", base);
	rc = write_out(c, name, &gp, e);
	free(name);
	sb_free(&gp);
	gp = (sbuf){0};
	if (rc < 0 || !c->gnuplot) {
		if (rc == 0)
			gnuplot_missing(c, base);
		free(png);
		free(svg);
		return rc;
	}

	char *png_path = xasprintf("%s/%s", c->outdir, png);
	char *svg_path = xasprintf("%s/%s", c->outdir, svg);
	fio_atomic apng, asvg;
	rc = fio_atomic_open(png_path, &apng, e);
	if (rc == 0) {
		rc = fio_atomic_open(svg_path, &asvg, e);
		if (rc < 0)
			fio_atomic_abort(&apng);
	}
	if (rc == 0) {
		/* gnuplot runs in outdir and writes into our temporaries by their base names. */
		const char *tp = strrchr(apng.tmp, '/'), *ts = strrchr(asvg.tmp, '/');
		full_script(&gp, body, sz, tp ? tp + 1 : apng.tmp, ts ? ts + 1 : asvg.tmp);
		char errbuf[GP_STDERR_MAX], line[512];
		int status, sys_errno;
		int r = run_gnuplot(c->gnuplot, c->outdir, gp.p, gp.n, c->timeout_s, errbuf,
			sizeof errbuf, &status, &sys_errno);
		switch (r) {
		case GP_OK:
			if (!image_complete(apng.tmp, true) || !image_complete(asvg.tmp, false)) {
				fio_atomic_abort(&apng);
				fio_atomic_abort(&asvg);
				rc = err_set(e, OVL_EIO, c->outdir, "chart %s: gnuplot wrote an incomplete "
					"image (disk full or a file-size limit?)", base);
				break;
			}
			rc = fio_atomic_commit(&apng, e);
			if (rc == 0)
				info_add(c, png_path);
			if (rc == 0) {
				rc = fio_atomic_commit(&asvg, e);
				if (rc == 0)
					info_add(c, svg_path);
			} else {
				fio_atomic_abort(&asvg);
			}
			break;
		case GP_EXEC:
			fio_atomic_abort(&apng);
			fio_atomic_abort(&asvg);
			if (sys_errno == ENOENT || sys_errno == EACCES || sys_errno == ENOEXEC) {
				gnuplot_missing(c, base);
				rc = 0;
			} else {
				rc = err_set(e, OVL_EIO, c->outdir, "chart %s: cannot run %s: %s", base,
					c->gnuplot, strerror(sys_errno));
			}
			break;
		case GP_SYS:
			fio_atomic_abort(&apng);
			fio_atomic_abort(&asvg);
			rc = err_set(e, OVL_EIO, c->outdir, "chart %s: cannot start gnuplot: %s", base,
				strerror(sys_errno));
			break;
		case GP_TIMEOUT:
			fio_atomic_abort(&apng);
			fio_atomic_abort(&asvg);
			rc = err_set(e, OVL_EIO, c->outdir, "chart %s: gnuplot took over %d s; killed",
				base, c->timeout_s);
			break;
		default:
			fio_atomic_abort(&apng);
			fio_atomic_abort(&asvg);
			gp_error_line(errbuf, line, sizeof line);
			if (WIFSIGNALED(status))
				rc = err_set(e, OVL_EIO, c->outdir, "chart %s: gnuplot killed by signal %d: %s",
					base, WTERMSIG(status), line);
			else
				rc = err_set(e, OVL_EIO, c->outdir, "chart %s: gnuplot exited with %d: %s",
					base, WEXITSTATUS(status), line);
			break;
		}
	}
	sb_free(&gp);
	free(png_path);
	free(svg_path);
	free(png);
	free(svg);
	return rc;
}

/* ---- heatmap ------------------------------------------------------------------------ */

/* Code points of a UTF-8 string. */
static size_t cp_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int heatmap(chart_ctx *c, const rpt_view *v, const json_t *matrix,
	const json_t *values, const char *measure, const char *base, err_ctx *e)
{
	size_t ndoc = json_array_size(values);
	size_t lab_chars = ndoc > LABEL_MANY_DOCS ? LABEL_CHARS_MANY : LABEL_CHARS_FEW;
	rpt_mview mv;
	if (rpt_mview_build(v, matrix, values, lab_chars, &mv) < 0)
		return 0; /* rpt_charts checked the shape; nothing to draw */
	size_t n = mv.n;
	assert(n > 0 && mv.vmax > 0); /* rpt_mview_build's promise */
	sbuf dat = {0}, body = {0};

	const rpt_measure *mt = rpt_measure_find(measure);
	sb_printf(&dat, "# overlap %s matrix, %zu x %zu (row i, column j), %s%s; rows:\n",
		measure ? measure : "similarity", n, n,
		mv.grouped ? (mv.by_story ? "stories" : "clusters") : "documents",
		mv.grouped ? " (mean over their documents)" : " (diagonal NaN: masked)");
	for (size_t i = 0; i < n; i++) {
		char *line = xasprintf("%zu: %s", i, mv.tip[i]);
		dat_comment(&dat, line);
		free(line);
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			double x = mv.v[i * n + j];
			if (x == x)
				sb_printf(&dat, "%s%.4f", j ? " " : "", x);
			else
				sb_printf(&dat, "%sNaN", j ? " " : "");
		}
		sb_puts(&dat, "\n");
	}

	size_t maxlab = 0;
	for (size_t i = 0; i < n; i++)
		if (cp_count(mv.label[i]) > maxlab)
			maxlab = cp_count(mv.label[i]);
	int cell = (int)(HEATMAP_TARGET_PX / (n ? n : 1));
	cell = cell > CELL_PX_MAX ? CELL_PX_MAX : cell < CELL_PX_MIN ? CELL_PX_MIN : cell;
	int tic_font = n > 100 ? 6 : n > 40 ? 7 : n > 20 ? 8 : 10;
	/* margins in character cells of the tic font, wide enough for the longest label: a
	 * fixed margin clipped long titles at the image's left edge */
	/* gnuplot's margin unit is a character of the 10-point default font (~7 x 14 px); a
	 * tic label of maxlab characters at tic_font points is about maxlab * tic_font * 0.6
	 * px wide, and rotated by 40 degrees about 0.64 of that tall */
	double lab_px = (double)maxlab * tic_font * 0.68;
	int lmargin = (int)(lab_px / 7) + 3, bmargin = (int)(lab_px * 0.64 / 14) + 3;
	chart_size sz = {.w = (int)n * cell + lmargin * 7 + 160,
		.h = (int)n * cell + bmargin * 14 + 90};
	if (sz.w < 640) sz.w = 640;
	if (sz.h < 520) sz.h = 520;

	sb_puts(&body, "set title ");
	sbuf t = {0};
	if (mt)
		sb_puts(&t, mt->title);
	else if (measure)
		sb_printf(&t, "Similarity: %s", measure);
	else
		sb_puts(&t, "Similarity");
	if (mv.grouped)
		sb_printf(&t, " - %zu documents in %zu %s", mv.ndocs, n,
			mv.by_story ? "stories" : "clusters");
	else
		sb_printf(&t, " - %zu document%s", n, n == 1 ? "" : "s");
	gp_quote(&body, t.p, 0);
	sb_free(&t);
	sb_puts(&body, " font ',13'\n");
	sb_printf(&body, "unset key\nset size ratio -1\nset tics scale 0\n"
		"set lmargin %d\nset bmargin %d\n", lmargin, bmargin);
	sb_printf(&body, "set xrange [-0.5:%zu.5]\nset yrange [%zu.5:-0.5]\n", n - 1, n - 1);
	/* the scale spans the values off the diagonal: the diagonal's 1.0 would take it all */
	sb_printf(&body, "set cbrange [0:%.4f]\nset cblabel 'darker: more similar (0 to the "
		"largest value)'\n", mv.vmax);
	sb_puts(&body, "set palette defined (0 '#f7fbff', 0.25 '#c6dbef', 0.5 '#6baed6', "
		"0.75 '#2171b5', 1 '#08306b')\nset clip two\n");
	for (int axis = 0; axis < 2; axis++) {
		sb_printf(&body, "set %s (", axis ? "ytics" : "xtics");
		for (size_t i = 0; i < n; i++) {
			if (i)
				sb_puts(&body, ", ");
			gp_quote(&body, mv.label[i], 0);
			sb_printf(&body, " %zu", i);
		}
		sb_printf(&body, ") font ',%d'%s\n", tic_font,
			axis ? "" : (n > 1 ? " rotate by 40 right" : ""));
	}
	char *datname = xasprintf("%s.dat", base);
	sb_puts(&body, "plot ");
	gp_quote(&body, datname, 0);
	free(datname);
	sb_puts(&body, " matrix with image");
	if (n <= CELL_LABEL_MAX) {
		int vf = n > 20 ? 7 : n > 10 ? 8 : 10;
		sb_printf(&body, ", '' matrix using 1:2:($3 == $3 ? sprintf('%%.2f', $3) : ''):"
			"($3 > %.4f ? 0xffffff : 0x202020) with labels tc rgb variable font ',%d'",
			0.55 * mv.vmax, vf);
	}
	sb_puts(&body, "\n");
	int rc = emit_chart(c, base, &dat, body.p, sz, e);
	sb_free(&dat);
	sb_free(&body);
	rpt_mview_free(&mv);
	return rc;
}

/* ---- claims chart ------------------------------------------------------------------- */

/* Per document: claims shared with other sources, single-source claims (from
 * report.claims, else the documents' own counts), contradictions it is a side of. */
static void count_claims(const rpt_view *v, size_t *shared, size_t *single, size_t *ncontra)
{
	const json_t *report = rpt_view_json(v);
	json_t *claims = json_object_get(report, "claims");
	json_t *contras = json_object_get(report, "contradictions");
	size_t n = rpt_view_ndocs(v);
	size_t nclaims = json_array_size(claims);
	for (size_t i = 0; i < n; i++) {
		const json_t *d = rpt_view_doc_at(v, i);
		const char *id = rpt_str(d, "id", NULL);
		if (nclaims) {
			size_t k;
			json_t *cl;
			json_array_foreach(claims, k, cl) {
				size_t m;
				json_t *did;
				json_array_foreach(json_object_get(cl, "documents"), m, did) {
					const char *s = json_string_value(did);
					if (id && s && strcmp(s, id) == 0) {
						if (json_is_true(json_object_get(cl, "single_source")))
							single[i]++;
						else
							shared[i]++;
						break;
					}
				}
			}
		} else {
			double total = rpt_num(d, "claims", 0);
			size_t ss = json_array_size(json_object_get(d, "single_source_claims"));
			size_t t = total > 0 && total < 1e9 ? (size_t)total : 0;
			single[i] = ss < t ? ss : t;
			shared[i] = t - single[i];
		}
		size_t k;
		json_t *x;
		json_array_foreach(contras, k, x) {
			const char *a = rpt_str(json_object_get(x, "a"), "doc", NULL);
			const char *b = rpt_str(json_object_get(x, "b"), "doc", NULL);
			if (id && ((a && strcmp(a, id) == 0) || (b && strcmp(b, id) == 0)))
				ncontra[i]++;
		}
	}
}

static int claims_chart(chart_ctx *c, const rpt_view *v, err_ctx *e)
{
	size_t n = rpt_view_ndocs(v);
	size_t nclaims = json_array_size(json_object_get(rpt_view_json(v), "claims"));
	size_t *shared = xcalloc(n ? n : 1, sizeof *shared);
	size_t *single = xcalloc(n ? n : 1, sizeof *single);
	size_t *ncontra = xcalloc(n ? n : 1, sizeof *ncontra);
	count_claims(v, shared, single, ncontra);

	sbuf dat = {0}, body = {0};
	size_t maxv = 0;
	bool any_contra = false;
	sb_puts(&dat, "# overlap claims per document; documents:\n");
	for (size_t i = 0; i < n; i++) {
		const json_t *d = rpt_view_doc_at(v, i);
		const char *t = rpt_str(d, "title", "");
		char *line = xasprintf("%zu: %s", i, *t ? t : rpt_str(d, "id", ""));
		dat_comment(&dat, line);
		free(line);
	}
	sb_puts(&dat, "# index shared_with_other_sources only_this_source contradictions\n");
	for (size_t i = 0; i < n; i++) {
		sb_printf(&dat, "%zu %zu %zu %zu\n", i, shared[i], single[i], ncontra[i]);
		if (shared[i] + single[i] > maxv)
			maxv = shared[i] + single[i];
		if (ncontra[i])
			any_contra = true;
	}
	if (n == 0)
		sb_puts(&dat, "0 0 0 0\n"); /* gnuplot refuses an empty data file */

	size_t lab_chars = n > LABEL_MANY_DOCS ? LABEL_CHARS_MANY : LABEL_CHARS_FEW;
	int bar = n > 100 ? 8 : n > 40 ? 14 : n > 10 ? 40 : 90;
	chart_size sz = {.w = (int)n * bar + 260, .h = 460 + (int)lab_chars * 6};
	if (sz.w < 720) sz.w = 720;
	int tic_font = n > 100 ? 6 : n > 40 ? 7 : n > 20 ? 8 : 10;

	sb_printf(&body, "set title 'Claims per document (%zu claims)' font ',13'\n", nclaims);
	/* Rotated labels hang left of their bar: room for the first one. */
	sb_printf(&body, "set lmargin %d\n", 6 + (int)lab_chars * 2 / 3);
	sb_puts(&body, "set key outside top center horizontal\nset grid ytics lc rgb '#dddddd'\n");
	sb_puts(&body, "set style fill solid 0.9 border lc rgb '#555555'\nset boxwidth 0.7\n");
	sb_printf(&body, "set xrange [-0.6:%zu.6]\n", n ? n - 1 : 0);
	sb_printf(&body, "set yrange [0:%zu]\n", maxv ? maxv + maxv / 6 + 1 : 1);
	sb_puts(&body, "set ylabel 'claims'\nset tics scale 0.5\n");
	if (maxv == 0)
		sb_puts(&body, "set label 1 'no claims in this report (run with detail mode)' at "
			"graph 0.5, graph 0.5 center font ',12' tc rgb '#777777'\n");
	sb_puts(&body, "set xtics (");
	for (size_t i = 0; i < n; i++) {
		const json_t *d = rpt_view_doc_at(v, i);
		const char *t = rpt_str(d, "title", "");
		if (i)
			sb_puts(&body, ", ");
		gp_quote(&body, *t ? t : rpt_str(d, "id", "?"), lab_chars);
		sb_printf(&body, " %zu", i);
	}
	sb_printf(&body, ") font ',%d'%s\n", tic_font, n > 1 ? " rotate by 40 right" : "");
	sb_puts(&body, "plot 'claims.dat' using 1:($2+$3) with boxes lc rgb '#f0a04b' "
		"title 'only this source (single-source)', "
		"'' using 1:2 with boxes lc rgb '#4a7fb5' title 'shared with other sources'");
	if (any_contra)
		sb_puts(&body, ", '' using 1:($4 > 0 ? $2+$3 : 1/0):(sprintf('%d', $4)) with labels "
			"point pt 7 ps 1.6 lc rgb '#d62728' offset 0,1.2 tc rgb '#d62728' font ',10' "
			"title 'contradictions (count)'");
	sb_puts(&body, "\n");

	int rc = emit_chart(c, "claims", &dat, body.p, sz, e);
	sb_free(&dat);
	sb_free(&body);
	free(shared);
	free(single);
	free(ncontra);
	return rc;
}

/* ---- story timelines ------------------------------------------------------------------ */

typedef struct tl_row {
	const char *id;
	bool dated;
	int64_t t;
	size_t order; /* position in the story */
} tl_row;

static int tl_cmp(const void *x, const void *y)
{
	const tl_row *a = x, *b = y;
	if (a->dated != b->dated)
		return a->dated ? -1 : 1;
	if (a->dated && a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* The date of document id (documents[].date.value), parsed again: a saved report is
 * untrusted, so a value that does not parse counts as undated. */
static bool doc_time(const rpt_view *v, const char *id, int64_t *t)
{
	const json_t *d = rpt_view_doc(v, id);
	const char *val = rpt_str(json_object_get(d, "date"), "value", NULL);
	pdt_date pd;
	if (!val || pdt_parse(val, strlen(val), &pd) < 0)
		return false;
	*t = pd.t;
	return true;
}

static long tl_find(const tl_row *rows, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* timeline_S<k>: one story's documents over time (a row each, undated ones listed at the
 * bottom without a point), arrows from the earlier to the later document of each repeat
 * or extend pair. */
static int timeline_chart(chart_ctx *c, const rpt_view *v, const json_t *story, size_t k,
			  err_ctx *e)
{
	const json_t *docs = json_object_get(story, "documents");
	size_t n = json_array_size(docs);
	tl_row *rows = xcalloc(n ? n : 1, sizeof *rows);
	size_t nrows = 0, ndated = 0;
	for (size_t i = 0; i < n; i++) {
		const char *id = json_string_value(json_array_get(docs, i));
		if (!id)
			continue;
		tl_row *r = &rows[nrows++];
		r->id = id;
		r->order = i;
		r->dated = doc_time(v, id, &r->t);
		ndated += r->dated;
	}
	qsort(rows, nrows, sizeof *rows, tl_cmp);
	int64_t tmin = 0, tmax = 0;
	for (size_t i = 0; i < ndated; i++) {
		if (!i || rows[i].t < tmin)
			tmin = rows[i].t;
		if (!i || rows[i].t > tmax)
			tmax = rows[i].t;
	}
	sbuf dat = {0}, body = {0};
	sb_puts(&dat, "# overlap story timeline: seconds since 1970 (UTC), row\n");
	for (size_t i = 0; i < nrows; i++) {
		char *line = xasprintf("row %zu: %s%s", i, rows[i].id, rows[i].dated ? "" : " (undated)");
		dat_comment(&dat, line);
		free(line);
	}
	for (size_t i = 0; i < ndated; i++)
		sb_printf(&dat, "%lld %zu\n", (long long)rows[i].t, i);
	/* arrows: repeat/extend pairs inside the story with a known first publisher */
	size_t narrows = 0;
	sbuf arr = {0};
	size_t pi;
	json_t *p;
	json_array_foreach(json_object_get(rpt_view_json(v), "pairs"), pi, p) {
		const char *label = rpt_str(json_object_get(p, "relation"), "label", NULL);
		const char *first = json_string_value(json_object_get(p, "first"));
		const char *a = json_string_value(json_object_get(p, "a"));
		const char *b = json_string_value(json_object_get(p, "b"));
		if (!label || !first || !a || !b || (strcmp(label, "repeat") && strcmp(label, "extend")))
			continue;
		long ia = tl_find(rows, ndated, a), ib = tl_find(rows, ndated, b);
		if (ia < 0 || ib < 0)
			continue;
		long src = strcmp(first, a) == 0 ? ia : ib, dst = src == ia ? ib : ia;
		sb_printf(&arr, "%lld %ld %lld %ld\n", (long long)rows[src].t, src,
			  (long long)(rows[dst].t - rows[src].t), dst - src);
		narrows++;
	}
	if (narrows) {
		sb_puts(&dat, "\n\n");
		sb_puts(&dat, arr.p);
	}
	sb_free(&arr);

	int64_t span = tmax - tmin, pad = span / 20 > 3600 ? span / 20 : 3600;
	chart_size sz = {.w = 900, .h = 160 + (int)nrows * 22};
	if (sz.h < 300) sz.h = 300;
	if (sz.h > 4000) sz.h = 4000;
	sbuf t = {0};
	sb_printf(&t, "Story %s: ", rpt_str(story, "id", "?"));
	sb_puts(&t, rpt_str(story, "label", ""));
	sb_puts(&body, "set title ");
	gp_quote(&body, t.p, 90);
	sb_free(&t);
	sb_puts(&body, " font ',12'\n");
	sb_puts(&body, "set key outside bottom center horizontal\nset grid xtics lc rgb '#dddddd'\n");
	sb_puts(&body, "set xdata time\nset timefmt '%s'\n");
	sb_puts(&body, span > 3 * 86400 ? "set format x '%Y-%m-%d'\n" : "set format x '%m-%d %H:%M'\n");
	sb_printf(&body, "set xrange ['%lld':'%lld']\n", (long long)(tmin - pad), (long long)(tmax + pad));
	sb_printf(&body, "set yrange [%zu.5:-0.5]\n", nrows ? nrows - 1 : 0);
	sb_puts(&body, "set xtics rotate by 30 right font ',8'\n");
	sb_puts(&body, "set xlabel 'published (UTC)'\nset ytics (");
	for (size_t i = 0; i < nrows; i++) {
		char lab[200];
		snprintf(lab, sizeof lab, "%.150s%s", rows[i].id, rows[i].dated ? "" : " (undated)");
		if (i)
			sb_puts(&body, ", ");
		gp_quote(&body, lab, 40);
		sb_printf(&body, " %zu", i);
	}
	sb_puts(&body, ") font ',9'\n");
	char *datname = xasprintf("timeline_S%zu.dat", k + 1);
	sb_puts(&body, "plot ");
	gp_quote(&body, datname, 0);
	free(datname);
	sb_puts(&body, " index 0 using 1:2 with points pt 7 ps 1.4 lc rgb '#2171b5' title 'published'");
	if (narrows)
		sb_puts(&body, ", '' index 1 using 1:2:3:4 with vectors head filled lc rgb '#d62728' "
			"title 'repeat or extend: earlier to later'");
	sb_puts(&body, "\n");
	char *base = xasprintf("timeline_S%zu", k + 1);
	int rc = emit_chart(c, base, &dat, body.p, sz, e);
	free(base);
	sb_free(&dat);
	sb_free(&body);
	free(rows);
	return rc;
}

/* Timelines of the RPT_TIMELINE_MAX largest stories with two or more documents, one of
 * them dated. */
static int timelines(chart_ctx *c, const rpt_view *v, err_ctx *e)
{
	const json_t *st = json_object_get(rpt_view_json(v), "stories");
	size_t drawn = 0;
	for (size_t k = 0; k < json_array_size(st) && drawn < RPT_TIMELINE_MAX; k++) {
		const json_t *s = json_array_get(st, k);
		const json_t *docs = json_object_get(s, "documents");
		if (json_array_size(docs) < 2)
			continue;
		bool any = false;
		for (size_t i = 0; i < json_array_size(docs) && !any; i++) {
			const char *id = json_string_value(json_array_get(docs, i));
			int64_t t;
			any = id && doc_time(v, id, &t);
		}
		if (!any)
			continue;
		TRY(timeline_chart(c, v, s, k, e));
		drawn++;
		if (c->info)
			c->info->ntimelines++;
	}
	return 0;
}

/* ---- API ---------------------------------------------------------------------------- */

void rpt_chart_info_free(rpt_chart_info *info)
{
	if (!info)
		return;
	for (size_t i = 0; i < info->nfiles; i++)
		free(info->files[i]);
	free(info->files);
	memset(info, 0, sizeof *info);
}

int rpt_charts(const rpt_view *v, const char *outdir, const rpt_chart_opts *o,
	rpt_chart_info *info, err_ctx *e)
{
	if (info)
		memset(info, 0, sizeof *info);
	if (!v)
		return err_set(e, OVL_EINPUT, NULL, "no report");
	if (!outdir || !*outdir)
		return err_set(e, OVL_EUSAGE, NULL, "no output folder");
	TRY(fio_mkdirs(outdir, e));

	chart_ctx c = {.outdir = outdir, .o = o, .info = info};
	c.timeout_s = (o && o->timeout_s > 0) ? o->timeout_s : RPT_GNUPLOT_TIMEOUT_S;
	c.gnuplot = find_program((o && o->gnuplot) ? o->gnuplot : "gnuplot",
				 o ? o->search_path : NULL);

	int rc = 0;
	const json_t *matrix = json_object_get(rpt_view_json(v), "matrix");
	size_t n;
	const json_t *values = rpt_view_matrix(v, &n);
	if (!values) {
		if (info)
			info->matrix_skipped = true;
		if (json_is_object(matrix))
			warn(&c, outdir, "report matrix is malformed; no heatmap drawn");
	} else {
		const char *measure = rpt_str(matrix, "measure", NULL);
		rc = heatmap(&c, v, matrix, values, measure, "matrix", e);
		const char *name;
		json_t *m;
		json_object_foreach(json_object_get(matrix, "measures"), name, m) {
			if (rc < 0)
				break;
			if (!rpt_measure_name_ok(name) || !rpt_matrix_ok(m, n)) {
				char *msg = xasprintf("matrix measure %s is malformed or badly named; skipped",
					rpt_measure_name_ok(name) ? name : "(unnamed)");
				warn(&c, outdir, msg);
				free(msg);
				continue;
			}
			char *base = xasprintf("matrix_%s", name);
			rc = heatmap(&c, v, matrix, m, name, base, e);
			free(base);
		}
	}
	if (rc == 0 && rpt_view_ndocs(v) > RPT_CLAIMS_CHART_MAX) {
		if (info)
			info->claims_skipped = true;
	} else if (rc == 0) {
		rc = claims_chart(&c, v, e);
	}
	if (rc == 0)
		rc = timelines(&c, v, e);
	free(c.gnuplot);
	return rc;
}
