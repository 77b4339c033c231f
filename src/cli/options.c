/* options.c - argv to struct config (getopt_long) and the help texts, from one table.
 *
 * OPTIONS below is the only list of options: the parser (names, values, ranges, which
 * command takes which), the help of every command and the defaults it prints all come
 * from it, and tests/cli/cli_options.sh checks the README's tables against the help.
 * Defaults live in config_default (the engine's pl_config_default plus the shell's own).
 * It parses and does nothing else: no file is opened, nothing is run.
 */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "overlap/archive.h"
#include "overlap/minhash.h"
#include "overlap/shingle.h"
#include "overlap/stance.h"

/* ---- the table ----------------------------------------------------------------------- */

enum opt_kind {
	OPT_HELP,  /* print the command's help, exit 0 */
	OPT_ON,    /* a flag that sets a bool */
	OPT_OFF,   /* a flag that clears a bool */
	OPT_UINT,  /* a whole number in [lo, hi], stored shifted left by shift bits */
	OPT_FRAC,  /* a number from 0 to 1 (double) */
	OPT_STR,   /* a string borrowed from argv */
};

/* Commands as bits of opt_def.cmds. */
#define C_AN (1u << CMD_ANALYZE)
#define C_PA (1u << CMD_PASSAGES)
#define C_CL (1u << CMD_CLAIMS)
#define C_CH (1u << CMD_CHART)
#define C_CK (1u << CMD_CHECK)
#define C_IA (1u << CMD_INDEX_ADD)
#define C_IS (1u << CMD_INDEX_STATS)
#define C_IK (1u << CMD_INDEX_CHECK)
#define C_IR (1u << CMD_INDEX_REMOVE)
#define C_QU (1u << CMD_QUERY)
#define C_ANALYSIS (C_AN | C_PA | C_CL) /* the commands that run the whole pipeline */
#define C_ALL (C_AN | C_PA | C_CL | C_CH | C_CK) /* the commands that read a corpus */
#define C_ARC (C_IA | C_IS | C_IK | C_IR | C_QU) /* the archive commands */

/* Help sections, printed in this order. */
enum opt_section {
	SEC_OPTIONS, SEC_READING, SEC_SIMILARITY, SEC_DETAIL, SEC_MATRIX,
	SEC_ARC_SETTINGS, /* index add: the archive's settings (they set settings_given) */
	SEC_ARC_STORAGE, SEC_N
};
static const char *const SECTION_TITLE[SEC_N] = {
	"Options:", "Reading:", "Similarity:",
	"Passages and claims (corpora up to --detail-max documents):", "Matrix:",
	"Settings (stored in the archive at its first add; a later add with other\n"
	"settings is refused; without any, the stored ones are used):",
	"Storage:",
};

typedef struct opt_def {
	const char *name;      /* long name without "--"; one name may have an entry per command
				* group when its meaning or help differs (--pairs, --out, -q) */
	char shortc;           /* short letter, or 0 */
	const char *arg;       /* the value's name in the help; NULL for flags */
	enum opt_kind kind;
	size_t off, size;      /* the field of struct config set (offsetof, sizeof) */
	unsigned long lo, hi;  /* OPT_UINT range, in the unit the user types; OPT_FRAC: lo 1
				* leaves 0 out (a number above 0 and up to 1) */
	unsigned shift;        /* OPT_UINT: stored as value << shift (MiB to bytes: 20) */
	unsigned cmds;         /* C_* bits of the commands that take it */
	enum opt_section sec;
	bool recorded;         /* shapes the analysis: listed in report.json parameters.changed */
	const char *dflt;      /* the default as the help says it; NULL: the field's value in
				* config_default; "": no default shown */
	const char *help;      /* one or more lines ('\n' between) */
} opt_def;

#define F(field) offsetof(struct config, field), sizeof(((struct config *)0)->field)

static const opt_def OPTIONS[] = {
	/* command options */
	{"out", 'o', "DIR", OPT_STR, F(out_dir), 0, 0, 0, C_AN, SEC_OPTIONS, false, NULL,
	 "write report.json, matrix.png/.svg, claims.png/.svg and\n"
	 "report.html into DIR. A run writes into a new folder beside\n"
	 "DIR and swaps it in whole at the end, so DIR always holds one\n"
	 "run's complete set; DIR must be new, empty or an earlier\n"
	 "output folder. One run at a time"},
	{"out", 'o', "DIR", OPT_STR, F(out_dir), 0, 0, 0, C_CH, SEC_OPTIONS, false,
	 "the report's folder", "where to write"},
	{"no-charts", 0, NULL, OPT_OFF, F(charts), 0, 0, 0, C_AN, SEC_OPTIONS, false, "",
	 "do not run gnuplot"},
	{"no-html", 0, NULL, OPT_OFF, F(html), 0, 0, 0, C_AN | C_CH, SEC_OPTIONS, false, "",
	 "do not write report.html"},
	{"pairs-tsv", 0, "FILE", OPT_STR, F(pairs_tsv), 0, 0, 0, C_AN, SEC_OPTIONS, false, "",
	 "also write the reported pairs as `idA<TAB>idB<TAB>jaccard`"},
	{"archive", 0, "DB", OPT_STR, F(archive), 0, 0, 0, C_AN, SEC_OPTIONS, true, "",
	 "also analyse the documents of archive DB (overlap index)\n"
	 "that the PATHs match; report.json marks them with\n"
	 "metadata.archive"},
	{"top", 0, "N", OPT_UINT, F(top), 0, 100000, 0, C_AN, SEC_OPTIONS, false, NULL,
	 "rows in the summary table"},
	{"corpus", 0, "PATH", OPT_STR, F(corpus), 0, 0, 0, C_PA, SEC_OPTIONS, true, NULL,
	 "where ids are looked up"},
	{"report", 0, "FILE", OPT_STR, F(report), 0, 0, 0, C_CL, SEC_OPTIONS, false, "",
	 "read a saved report instead of analysing PATHs"},
	{"claims", 0, "FILE", OPT_STR, F(claims_file), 0, 0, 0, C_CK, SEC_OPTIONS, true, "",
	 "claims to check, one {\"id\": ..., \"text\": ...} a line;\n"
	 "a broken line is reported as FILE:LINE and skipped"},
	{"pairs", 0, "FILE", OPT_STR, F(pl.pairs_file), 0, 0, 0, C_CK, SEC_OPTIONS, true, "",
	 "check only these pairs, `claim-id document-id` a line\n"
	 "(a document by id or path); every listed pair is printed,\n"
	 "unrelated ones too. A one-claim run names its claim `claim`"},
	{"all", 0, NULL, OPT_ON, F(all), 0, 0, 0, C_CK, SEC_OPTIONS, true, "",
	 "without --pairs, list unrelated documents too (by default\n"
	 "only their number is given)"},
	{"json", 0, NULL, OPT_ON, F(json), 0, 0, 0, C_PA, SEC_OPTIONS, false, "",
	 "print the pair as a JSON object, as in report.json pairs[]"},
	{"json", 0, NULL, OPT_ON, F(json), 0, 0, 0, C_CL, SEC_OPTIONS, false, "",
	 "print the claims and contradictions as JSON"},
	{"json", 0, NULL, OPT_ON, F(json), 0, 0, 0, C_CK, SEC_OPTIONS, false, "",
	 "print {\"claims\": [...], \"checks\": [{\"claim\", \"doc\",\n"
	 "\"stance\", \"score\", \"evidence\": [{\"start\", \"end\",\n"
	 "\"text\", ...}], ...}]} (docs/json.md)"},
	{"pretty", 0, NULL, OPT_ON, F(pretty), 0, 0, 0, C_AN, SEC_OPTIONS, false, "",
	 "indent report.json (default: compact, one line)"},
	{"timings", 0, NULL, OPT_ON, F(timings), 0, 0, 0, C_AN, SEC_OPTIONS, false, "",
	 "print where the run's time went (reading and sketching,\n"
	 "candidates, verification, stories, detail, report.json,\n"
	 "charts and page) and its CPU time and peak memory, on\n"
	 "standard error at the end (also with --quiet)"},
	{"quiet", 'q', NULL, OPT_ON, F(quiet), 0, 0, 0, C_AN, SEC_OPTIONS, false, "",
	 "no progress, no summary table"},
	{"quiet", 'q', NULL, OPT_ON, F(quiet), 0, 0, 0, C_PA, SEC_OPTIONS, false, "",
	 "(always quiet: only the passages are printed)"},
	{"quiet", 'q', NULL, OPT_ON, F(quiet), 0, 0, 0, C_CL, SEC_OPTIONS, false, "",
	 "no progress messages"},
	{"quiet", 'q', NULL, OPT_ON, F(quiet), 0, 0, 0, C_CH, SEC_OPTIONS, false, "",
	 "no messages but errors"},
	{"quiet", 'q', NULL, OPT_ON, F(quiet), 0, 0, 0, C_CK, SEC_OPTIONS, false, "",
	 "no warnings about skipped files"},
	{"help", 'h', NULL, OPT_HELP, 0, 0, 0, 0, 0, C_ALL | C_ARC, SEC_OPTIONS, false, "",
	 "this text"},
	/* reading */
	{"threads", 'j', "N", OPT_UINT, F(pl.threads), 1, 1024, 0, C_ANALYSIS | C_CK, SEC_READING,
	 false, "all cores", "threads; results do not depend on it"},
	{"max-inflate", 0, "MIB", OPT_UINT, F(pl.crp.max_inflate), 1, 1UL << 20, 20,
	 C_ANALYSIS | C_CK, SEC_READING, true, "1024" /* the reader's default for 0 */,
	 "refuse gzip files that inflate past MIB MiB"},
	/* similarity */
	{"shingle", 'k', "K", OPT_UINT, F(pl.sim.shingle_k), 1, SHG_MAX_K, 0, C_ANALYSIS,
	 SEC_SIMILARITY, true, NULL, "words per shingle"},
	{"char-ngrams", 0, "N", OPT_UINT, F(pl.sim.char_ngrams), 0, SHG_MAX_NGRAM, 0, C_ANALYSIS,
	 SEC_SIMILARITY, true, "off", "use character N-grams instead of word shingles"},
	{"perm", 0, "N", OPT_UINT, F(pl.sim.nperm), 16, 1024, 0, C_ANALYSIS, SEC_SIMILARITY, true,
	 NULL, "MinHash signature length"},
	{"seed", 0, "N", OPT_UINT, F(pl.sim.seed), 0, ULONG_MAX, 0, C_ANALYSIS, SEC_SIMILARITY,
	 true, NULL, "seed of all hash functions; same seed, same result"},
	{"threshold", 't', "X", OPT_FRAC, F(pl.sim.threshold), 0, 0, 0, C_ANALYSIS,
	 SEC_SIMILARITY, true, NULL, "report pairs with shingle Jaccard >= X"},
	{"containment", 0, "X", OPT_FRAC, F(pl.sim.containment), 0, 0, 0, C_ANALYSIS,
	 SEC_SIMILARITY, true, NULL,
	 "...or with X of either document's shingles in the other:\n"
	 "catches a short story inside a long one"},
	{"all-pairs-max", 0, "N", OPT_UINT, F(pl.sim.all_pairs_max), 0, 100000000, 0, C_ANALYSIS,
	 SEC_SIMILARITY, true, NULL,
	 "up to N documents compare every pair exactly; above, MinHash\n"
	 "LSH finds candidates, which are then verified exactly"},
	/* passages and claims */
	{"detail-max", 0, "N", OPT_UINT, F(pl.detail_max), 0, 1000000, 0, C_ANALYSIS, SEC_DETAIL,
	 true, NULL, "compute passages and claims up to N documents"},
	{"align-all-max", 0, "N", OPT_UINT, F(pl.align_all_max), 0, 1000000, 0, C_ANALYSIS,
	 SEC_DETAIL, true, NULL, "align every pair up to N documents, else similar pairs"},
	{"pairs", 0, "FILE", OPT_STR, F(pl.pairs_file), 0, 0, 0, C_ANALYSIS, SEC_DETAIL, true, "",
	 "align only these pairs: two ids or paths a line; each is\n"
	 "listed in report.json with its relation, even unrelated"},
	{"no-stem", 0, NULL, OPT_OFF, F(pl.stem), 0, 0, 0, C_ANALYSIS, SEC_DETAIL, true, "",
	 "match exact words, not Snowball stems"},
	{"boilerplate-stories", 0, "N", OPT_UINT, F(pl.boilerplate_stories), 1, 1000000, 0,
	 C_ANALYSIS, SEC_DETAIL, true, NULL,
	 "text found in articles of N or more stories is\n"
	 "boilerplate, kept out of pair scores; text shared\n"
	 "inside one story is duplicated reporting and counts"},
	{"boilerplate-df", 0, "X", OPT_FRAC, F(pl.boilerplate_df), 0, 0, 0, C_ANALYSIS, SEC_DETAIL,
	 true, "off", "also text found in X of all documents (and 3 or more)"},
	{"story-cut", 0, "X", OPT_FRAC, F(pl.tpc.story_cut), 0, 0, 0, C_ANALYSIS, SEC_DETAIL, true,
	 NULL, "stories: average topical similarity at which articles join one\n"
	 "story (average linkage)"},
	{"story-attach", 0, "X", OPT_FRAC, F(pl.tpc.attach), 0, 0, 0, C_ANALYSIS, SEC_DETAIL, true,
	 NULL, "a story of one or two articles joins the closest larger story\n"
	 "when their centroids' cosine is X or more (0 = off)"},
	{"no-stories", 0, NULL, OPT_OFF, F(pl.stories), 0, 0, 0, C_ANALYSIS, SEC_DETAIL, true, "",
	 "no topical similarity or stories: relations and boilerplate as\n"
	 "before stories (passages, claims; 30% of documents)"},
	{"no-claims", 0, NULL, OPT_OFF, F(pl.claims), 0, 0, 0, C_ANALYSIS, SEC_DETAIL, true, "",
	 "skip claim extraction"},
	/* matrix */
	{"matrix-max", 0, "N", OPT_UINT, F(pl.matrix_max), 0, 5000, 0, C_ANALYSIS, SEC_MATRIX, true,
	 NULL, "N x N similarity matrices (report, charts, page) up to N\ndocuments"},

	/* the archive commands: index add's settings */
	{"shingle", 'k', "K", OPT_UINT, F(arc.set.shingle_k), 1, SHG_MAX_K, 0, C_IA,
	 SEC_ARC_SETTINGS, false, NULL, "words per shingle"},
	{"char-ngrams", 0, "N", OPT_UINT, F(arc.set.char_ngrams), 0, SHG_MAX_NGRAM, 0, C_IA,
	 SEC_ARC_SETTINGS, false, "off", "character N-grams instead of word shingles"},
	{"perm", 0, "N", OPT_UINT, F(arc.set.nperm), 16, 1024, 0, C_IA, SEC_ARC_SETTINGS, false,
	 NULL, "MinHash signature length"},
	{"seed", 0, "N", OPT_UINT, F(arc.set.seed), 0, ULONG_MAX, 0, C_IA, SEC_ARC_SETTINGS, false,
	 NULL, "hash seed"},
	{"threshold", 't', "X", OPT_FRAC, F(arc.set.threshold), 1, 0, 0, C_IA, SEC_ARC_SETTINGS,
	 false, NULL, "Jaccard threshold of reported matches"},
	{"containment", 0, "X", OPT_FRAC, F(arc.set.containment), 1, 0, 0, C_IA, SEC_ARC_SETTINGS,
	 false, NULL, "...or containment of either side"},
	{"scan-max", 0, "N", OPT_UINT, F(arc.set.scan_max), 0, 100000000, 0, C_IA,
	 SEC_ARC_SETTINGS, false, NULL,
	 "up to N documents a query verifies every archived\n"
	 "document exactly (as analyze's --all-pairs-max); above,\n"
	 "LSH bands and containment samples pick candidates"},
	{"generation", 0, "N", OPT_UINT, F(arc.set.gen_docs), 1, 1000000000, 0, C_IA,
	 SEC_ARC_SETTINGS, false, NULL,
	 "documents per generation of posting tables: adds only\n"
	 "touch the newest generation's tables, a query looks each\n"
	 "key up once per generation"},
	/* index add's storage and the other archive commands */
	{"no-text", 0, NULL, OPT_ON, F(arc.no_text), 0, 0, 0, C_IA, SEC_ARC_STORAGE, false, "",
	 "keep the shingle set instead of the text (no passages)"},
	{"batch", 0, "N", OPT_UINT, F(arc.batch), 1, 1000000, 0, C_IA, SEC_ARC_STORAGE, false,
	 "20000" /* the archive's default for 0 */, "documents per transaction"},
	{"threads", 'j', "N", OPT_UINT, F(arc.threads), 1, 1024, 0, C_IA, SEC_ARC_STORAGE, false,
	 "all cores", "shingling threads"},
	{"wait", 0, "S", OPT_UINT, F(arc.wait_s), 0, 86400, 0, C_IA, SEC_ARC_STORAGE, false, NULL,
	 "wait S seconds for another writer"},
	{"wait", 0, "S", OPT_UINT, F(arc.wait_s), 0, 86400, 0, C_IR, SEC_OPTIONS, false, NULL,
	 "wait S seconds for another writer"},
	{"wait", 0, "S", OPT_UINT, F(arc.wait_s), 0, 86400, 0, C_QU, SEC_OPTIONS, false, NULL,
	 "with --add: wait S seconds for another writer"},
	{"max-inflate", 0, "MIB", OPT_UINT, F(arc.max_inflate), 1, 1UL << 20, 20, C_IA,
	 SEC_ARC_STORAGE, false, "1024", "refuse gzip files that inflate past MIB MiB"},
	{"max-inflate", 0, "MIB", OPT_UINT, F(arc.max_inflate), 1, 1UL << 20, 20, C_QU,
	 SEC_OPTIONS, false, "1024", "refuse gzip files that inflate past MIB MiB"},
	{"verbose", 'v', NULL, OPT_ON, F(arc.verbose), 0, 0, 0, C_IA, SEC_ARC_STORAGE, false, "",
	 "a line per committed transaction"},
	{"quiet", 'q', NULL, OPT_ON, F(arc.quiet), 0, 0, 0, C_IA, SEC_ARC_STORAGE, false, "",
	 "no summary line"},
	{"quiet", 'q', NULL, OPT_ON, F(arc.quiet), 0, 0, 0, C_IR, SEC_OPTIONS, false, "",
	 "no summary line"},
	{"quiet", 'q', NULL, OPT_ON, F(arc.quiet), 0, 0, 0, C_IS | C_IK, SEC_OPTIONS, false, "",
	 "(accepted; these print only their result and errors)"},
	{"quiet", 'q', NULL, OPT_ON, F(arc.quiet), 0, 0, 0, C_QU, SEC_OPTIONS, false, "",
	 "no warnings about skipped input or the --add summary"},
	{"json", 0, NULL, OPT_ON, F(arc.json), 0, 0, 0, C_QU, SEC_OPTIONS, false, "",
	 "print {\"queries\": [...]} (docs/json.md)"},
	{"json", 0, NULL, OPT_ON, F(arc.json), 0, 0, 0, C_IS, SEC_OPTIONS, false, "",
	 "print the counts and settings as one JSON object"},
	{"add", 0, NULL, OPT_ON, F(arc.add), 0, 0, 0, C_QU, SEC_OPTIONS, false, "",
	 "add the queried documents to the archive afterwards"},
	{"no-passages", 0, NULL, OPT_ON, F(arc.no_passages), 0, 0, 0, C_QU, SEC_OPTIONS, false, "",
	 "skip passage alignment and claims (faster)"},
	{"no-claims", 0, NULL, OPT_ON, F(arc.no_claims), 0, 0, 0, C_QU, SEC_OPTIONS, false, "",
	 "skip claims (shared, new, contradictions)"},
	{"no-stem", 0, NULL, OPT_ON, F(arc.no_stem), 0, 0, 0, C_QU, SEC_OPTIONS, false, "",
	 "align exact words, not Snowball stems"},
};
#define NOPTIONS (sizeof OPTIONS / sizeof OPTIONS[0])

/* getopt_long values: OPT_VAL_BASE + the index of the first entry of that name. */
#define OPT_VAL_BASE 256

/* ---- defaults ------------------------------------------------------------------------ */

/* Every default of the shell: the engine's own (pl_config_default) and the shell's. */
static void config_default(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->pl = pl_config_default();
	cfg->out_dir = "out";
	cfg->charts = cfg->html = true;
	cfg->top = 10;
	cfg->corpus = "corpus";
	cfg->arc.set = arc_settings_default();
	cfg->arc.wait_s = ARC_CLI_WAIT_S;
}

/* ---- help ---------------------------------------------------------------------------- */

/* Column where option descriptions start. */
#define HELP_COL 26

static void field_ptr_check(const opt_def *d)
{
	assert(d->off + d->size <= sizeof(struct config));
	(void)d;
}

static unsigned long long uint_field(const struct config *cfg, const opt_def *d)
{
	const char *p = (const char *)cfg + d->off;
	field_ptr_check(d);
	if (d->size == sizeof(uint64_t)) {
		uint64_t v;
		memcpy(&v, p, sizeof v);
		return v >> d->shift;
	}
	assert(d->size == sizeof(unsigned));
	unsigned v;
	memcpy(&v, p, sizeof v);
	return v >> d->shift;
}

/* The default of d as the help prints it, into buf. */
static const char *default_text(const opt_def *d, const struct config *dflt, char *buf,
				size_t cap)
{
	if (d->dflt)
		return d->dflt;
	const char *p = (const char *)dflt + d->off;
	field_ptr_check(d);
	switch (d->kind) {
	case OPT_UINT:
		snprintf(buf, cap, "%llu", uint_field(dflt, d));
		return buf;
	case OPT_FRAC: {
		double v;
		memcpy(&v, p, sizeof v);
		snprintf(buf, cap, "%.2f", v);
		return buf;
	}
	case OPT_STR: {
		const char *s;
		memcpy(&s, p, sizeof s);
		return s ? s : "";
	}
	default:
		return "";
	}
}

/* One option's lines: "  -k, --shingle K" padded to HELP_COL, the help, the default at the
 * end of its last line. */
static void help_option(const opt_def *d, const struct config *dflt)
{
	char left[80], buf[64];
	int n = snprintf(left, sizeof left, "  %c%c%s--%s%s%s", d->shortc ? '-' : ' ',
			 d->shortc ? d->shortc : ' ', d->shortc ? ", " : "  ", d->name,
			 d->arg ? " " : "", d->arg ? d->arg : "");
	printf("%s%*s", left, n < HELP_COL ? HELP_COL - n : 2, "");
	for (const char *s = d->help; *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		fwrite(s, 1, len, stdout);
		if (!nl)
			break;
		printf("\n%*s", HELP_COL, "");
		s = nl + 1;
	}
	const char *dt = default_text(d, dflt, buf, sizeof buf);
	if (*dt)
		printf(" (default %s)", dt);
	putchar('\n');
}

/* Every option of command c, by section. */
static void help_options(enum cli_command c)
{
	struct config dflt;
	config_default(&dflt);
	for (int sec = 0; sec < SEC_N; sec++) {
		bool titled = false;
		for (size_t i = 0; i < NOPTIONS; i++) {
			const opt_def *d = &OPTIONS[i];
			if (d->sec != (enum opt_section)sec || !(d->cmds & (1u << c)))
				continue;
			if (!titled)
				printf("%s\n", SECTION_TITLE[sec]);
			titled = true;
			help_option(d, &dflt);
		}
	}
}

static void help_main(void)
{
	printf(
"overlap %s - who repeats whom in a set of articles\n"
"\n"
"usage: overlap COMMAND [OPTIONS] [ARGS]\n"
"\n"
"commands:\n"
"  analyze [PATH...]     compare every document with every other (default: corpus/) and\n"
"                        write out/report.json, charts and out/report.html\n"
"  passages A B          show the passages two documents share, side by side\n"
"  claims [PATH...]      list claims by number of independent sources, single-source\n"
"                        claims and contradictions (or --report FILE for a saved report)\n"
"  chart REPORT.json     redraw charts and report.html from a saved report\n"
"  check CLAIM [PATH...] which documents support, deny or only discuss a claim\n"
"  index add|stats|check|remove ARCHIVE.db ...\n"
"                        keep documents in an archive file (SQLite) to query later\n"
"  query ARCHIVE.db [FILE...|-]\n"
"                        what each document repeats from the archive\n"
"\n"
"'overlap COMMAND --help' explains each command and its options.\n"
"Exit status: 0 done, 1 bad input or failure, 2 bad command line.\n"
"Environment: OVERLAP_GNUPLOT=PROGRAM runs that gnuplot; OVERLAP_NO_URING=1 reads files\n"
"one by one instead of in io_uring batches (same results, slower on many small files).\n",
	       OVERLAP_VERSION);
}

static void help_inputs(void)
{
	printf(
"Inputs:\n"
"  PATH is a file or a folder. Folders are read recursively in sorted order and give\n"
"  their .txt, .md and .jsonl files (each may be gzip-compressed: detected by content).\n"
"  A .jsonl file holds one {\"id\": ..., \"text\": ...} object a line; other fields\n"
"  (title, source, date, url) are kept as metadata, and documents with the same\n"
"  \"source\" count as one independent source. A document's id is its file name\n"
"  without extensions, or its JSONL id; two documents with one id are an error\n"
"  (a file named twice, as in 'corpus/ corpus/a.txt', is read once).\n"
"  \"date\" is the publication date (ISO 8601 or RFC 2822); without it, a dateline\n"
"  in the opening lines (\"LONDON, March 3, 2024 -\", \"Posted on 3 March 2024\") is\n"
"  taken, never a date inside a sentence; an undated document stays undated.\n"
"  Binary, empty and unreadable files are skipped with a warning.\n\n");
}

static void help_analyze(void)
{
	printf("usage: overlap analyze [OPTIONS] [PATH...]\n\n"
	       "Compare documents: near-duplicates (shingles, MinHash, LSH with exact checks),\n"
	       "shared passages with their spans in both texts, claims and which stand on one\n"
	       "source, contradictions, and the relation of every pair (repeat, extend,\n"
	       "contradict, related, unrelated). With no PATH it reads corpus/.\n\n");
	help_inputs();
	help_options(CMD_ANALYZE);
	printf("\nExample:\n"
	       "  overlap analyze corpus/            # writes out/report.json, out/report.html, ...\n"
	       "  overlap analyze -t 0.5 news.jsonl.gz --out results\n"
	       "The keys of report.json are described in docs/json.md.\n");
#ifdef OVL_HAVE_MPI
	printf("\nOn a cluster: mpirun -np N overlap analyze [OPTIONS] PATH... spreads the\n"
	       "similarity stage over N processes; the report is the same (docs/cluster.md).\n");
#else
	printf("\nThis build runs in one process. For a cluster, build with MPI (Debian\n"
	       "libopenmpi-dev): meson setup build -Dmpi=enabled, then mpirun -np N overlap\n"
	       "analyze ... (docs/cluster.md).\n");
#endif
}

static void help_passages(void)
{
	printf("usage: overlap passages [OPTIONS] A B\n\n"
	       "Show the passages documents A and B share, copied or reworded, with their byte\n"
	       "spans in both files; words that differ are marked [-like this-] in A and\n"
	       "{+like this+} in B. A and B are files, or ids of documents in --corpus.\n"
	       "A JSON Lines file of several records is named per record as FILE.jsonl:ID.\n"
	       "The analysis options of 'overlap analyze' apply too.\n\n");
	help_options(CMD_PASSAGES);
}

static void help_claims(void)
{
	printf("usage: overlap claims [OPTIONS] [PATH...]\n"
	       "       overlap claims --report out/report.json\n\n"
	       "List the claims the documents make, clustered across documents: claims made by\n"
	       "several independent sources first, then claims only one source makes (flagged),\n"
	       "then contradictions with both texts. Copies of one article count as one source.\n\n");
	help_inputs();
	help_options(CMD_CLAIMS);
}

static void help_chart(void)
{
	printf("usage: overlap chart [--out DIR] REPORT.json\n\n"
	       "Redraw the charts (matrix.png/.svg, one matrix_<measure> chart per measure,\n"
	       "claims.png/.svg) and report.html from a saved report, without recomputing.\n"
	       "gnuplot draws the charts; without it the .gp and .dat files are still written.\n\n");
	help_options(CMD_CHART);
}

static void help_check(void)
{
	printf("usage: overlap check [OPTIONS] \"CLAIM\" [PATH...]\n"
	       "       overlap check [OPTIONS] --claims FILE.jsonl [PATH...]\n\n"
	       "For each claim and document: does the document support the claim, deny it,\n"
	       "discuss it (report it without taking a side), or is it unrelated? Each answer\n"
	       "comes with a score and the evidence: the sentences closest to the claim, with\n"
	       "their byte spans and the cue words found in them. With no PATH it reads corpus/.\n\n"
	       "How it decides:\n"
	       "  related     the claim's words (Snowball stems and numbers, rarer words weighing\n"
	       "              more: IDF over the documents given) found in the document and in\n"
	       "              its best-matching sentence; related is (document + sentence) / 2\n"
	       "              of at least %.2f\n"
	       "  denies      denial words near the claim's words (debunked, hoax, fake, false, prank,\n"
	       "              denied, refuted, satire, \"no evidence\", \"not true\"), a negation\n"
	       "              the claim does not have, or the claim's numbers replaced by others\n"
	       "  discusses   hedging (reportedly, allegedly, claims, unconfirmed, rumour, could,\n"
	       "              may, might) and reporting without either side\n"
	       "  supports    the claim's words stated plainly, from the opening sentences on\n"
	       "  A claim that is itself a denial (\"X was a hoax\") is supported by denials.\n"
	       "  These are cues, not understanding: read the evidence before relying on one.\n\n",
	       stn_related_threshold());
	help_options(CMD_CHECK);
	putchar('\n');
	help_inputs();
	printf("Examples:\n"
	       "  overlap check \"Kaspersky software banned in the US\" corpus/\n"
	       "  overlap check --claims claims.jsonl --json news/ > checks.json\n"
	       "  overlap check --claims claims.jsonl --pairs pairs.txt news/\n"
	       "Exit status: 0 done, 1 no documents or unreadable files, 2 bad command line\n"
	       "(an empty claim is one).\n");
}

static void help_index(void)
{
	printf("usage: overlap index add|stats|check|remove ARCHIVE.db ...\n\n"
	       "An archive is one SQLite file that keeps documents so that new ones can be\n"
	       "asked what they repeat ('overlap query').\n\n"
	       "  index add ARCHIVE.db PATH...     add documents (as analyze reads them)\n"
	       "  index stats ARCHIVE.db           counts, settings and size\n"
	       "  index check ARCHIVE.db           SQLite integrity plus the index's invariants\n"
	       "  index remove ARCHIVE.db ID...    remove documents by id\n\n"
	       "'overlap index add --help' lists the add options.\n");
}

static void help_index_add(void)
{
	printf("usage: overlap index add [OPTIONS] ARCHIVE.db PATH...\n\n"
	       "Add documents to ARCHIVE.db (created when missing). PATHs are read as analyze\n"
	       "reads them: folders, .txt/.md/.jsonl files, gzip. A document whose id and\n"
	       "content are stored already is skipped; one whose content changed replaces the\n"
	       "stored one (and says so). Documents commit in transactions of --batch; a second\n"
	       "writer waits up to --wait seconds, then gives up. Readers are never blocked.\n\n");
	help_options(CMD_INDEX_ADD);
}

static void help_query(void)
{
	printf("usage: overlap query [OPTIONS] ARCHIVE.db [FILE...|-]\n\n"
	       "For each document in FILEs (or standard input, '-' or none), the archived\n"
	       "documents it repeats, extends or overlaps: exact word-shingle Jaccard and\n"
	       "containment both ways (a = the query document), the shared passages with byte\n"
	       "spans on both sides, the relation and who published first when both have a\n"
	       "date, the claims both make, the claims each adds and contradictions. Matches\n"
	       "are those analyze would report for the pair with the archive's\n"
	       "settings. FILEs are read as analyze reads them (folders, .txt/.md/.jsonl, gzip).\n\n");
	help_options(CMD_QUERY);
}

static void help_command(enum cli_command c)
{
	switch (c) {
	case CMD_ANALYZE: help_analyze(); break;
	case CMD_PASSAGES: help_passages(); break;
	case CMD_CLAIMS: help_claims(); break;
	case CMD_CHECK: help_check(); break;
	case CMD_INDEX_ADD: help_index_add(); break;
	case CMD_QUERY: help_query(); break;
	case CMD_INDEX_STATS:
	case CMD_INDEX_CHECK:
	case CMD_INDEX_REMOVE:
		help_index();
		putchar('\n');
		help_options(c);
		break;
	default: help_chart(); break;
	}
}

/* ---- messages ------------------------------------------------------------------------ */

static const char *cmd_name(enum cli_command c)
{
	switch (c) {
	case CMD_ANALYZE: return "analyze";
	case CMD_PASSAGES: return "passages";
	case CMD_CLAIMS: return "claims";
	case CMD_CHART: return "chart";
	case CMD_CHECK: return "check";
	case CMD_INDEX_ADD: return "index add";
	case CMD_INDEX_STATS: return "index stats";
	case CMD_INDEX_CHECK: return "index check";
	case CMD_INDEX_REMOVE: return "index remove";
	case CMD_QUERY: return "query";
	default: return "";
	}
}

static int usage_error(enum cli_command c, const char *fmt, const char *arg)
{
	fprintf(stderr, "overlap: ");
	fprintf(stderr, fmt, arg);
	if (c == CMD_NONE)
		fprintf(stderr, "; try 'overlap --help'\n");
	else
		fprintf(stderr, "; try 'overlap %s --help'\n", cmd_name(c));
	return EXIT_USAGE;
}

/* ---- values -------------------------------------------------------------------------- */

static int parse_uint(enum cli_command c, const opt_def *d, const char *s, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < d->lo || v > d->hi) {
		char buf[160];
		snprintf(buf, sizeof buf, "--%s takes a whole number from %lu to %lu, not '%%s'",
			 d->name, d->lo, d->hi);
		return usage_error(c, buf, s);
	}
	*out = v;
	return -1;
}

static int parse_frac(enum cli_command c, const opt_def *d, const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0.0 && v <= 1.0) || (d->lo && v == 0.0)) {
		char buf[160];
		snprintf(buf, sizeof buf, d->lo ? "--%s takes a number above 0 and up to 1, not '%%s'"
					 : "--%s takes a number from 0 to 1, not '%%s'", d->name);
		return usage_error(c, buf, s);
	}
	*out = v;
	return -1;
}

/* Store what option d says into cfg. @return -1, or an exit code (message printed). */
static int apply_option(struct config *cfg, const opt_def *d, const char *arg)
{
	char *p = (char *)cfg + d->off;
	field_ptr_check(d);
	int rc = -1;
	switch (d->kind) {
	case OPT_HELP:
		help_command(cfg->cmd);
		return EXIT_DONE;
	case OPT_ON:
	case OPT_OFF: {
		bool b = d->kind == OPT_ON;
		assert(d->size == sizeof b);
		memcpy(p, &b, sizeof b);
		break;
	}
	case OPT_UINT: {
		unsigned long v = 0;
		if ((rc = parse_uint(cfg->cmd, d, arg, &v)) >= 0)
			return rc;
		if (d->size == sizeof(uint64_t)) {
			uint64_t w = (uint64_t)v << d->shift;
			memcpy(p, &w, sizeof w);
		} else {
			assert(d->size == sizeof(unsigned) && (v << d->shift) <= UINT_MAX);
			unsigned w = (unsigned)(v << d->shift);
			memcpy(p, &w, sizeof w);
		}
		break;
	}
	case OPT_FRAC: {
		double v = 0;
		assert(d->size == sizeof v);
		if ((rc = parse_frac(cfg->cmd, d, arg, &v)) >= 0)
			return rc;
		memcpy(p, &v, sizeof v);
		break;
	}
	case OPT_STR:
		assert(d->size == sizeof arg);
		memcpy(p, &arg, sizeof arg);
		break;
	}
	if (d->sec == SEC_ARC_SETTINGS)
		cfg->arc.settings_given = true;
	return -1;
}

/* Options that shape the analysis, as given, for the report's header. */
static void record_option(struct config *cfg, const opt_def *d, const char *arg)
{
	if (!d->recorded)
		return;
	size_t used = strlen(cfg->changed);
	snprintf(cfg->changed + used, sizeof cfg->changed - used, "%s--%s%s%s",
		 used ? ", " : "", d->name, arg ? " " : "", arg ? arg : "");
}

/* ---- parsing, in its phases ------------------------------------------------------------ */

/* argv[2] of `overlap index`: its subcommand, or its help. @return -1 with cfg->cmd set,
 * or an exit code. */
static int parse_index_command(int argc, char **argv, struct config *cfg)
{
	if (argc < 3 || !strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")) {
		help_index();
		return argc < 3 ? EXIT_USAGE : EXIT_DONE;
	}
	const char *s = argv[2];
	if (!strcmp(s, "add"))
		cfg->cmd = CMD_INDEX_ADD;
	else if (!strcmp(s, "stats"))
		cfg->cmd = CMD_INDEX_STATS;
	else if (!strcmp(s, "check"))
		cfg->cmd = CMD_INDEX_CHECK;
	else if (!strcmp(s, "remove"))
		cfg->cmd = CMD_INDEX_REMOVE;
	else {
		fprintf(stderr, "overlap: unknown index command '%s'; try 'overlap index --help'\n", s);
		return EXIT_USAGE;
	}
	return -1;
}

/* argv[1]: the command, or the main help and version. @return -1 with cfg->cmd set, or an
 * exit code. */
static int parse_command(int argc, char **argv, struct config *cfg)
{
	if (argc < 2) {
		help_main();
		return EXIT_USAGE;
	}
	const char *c = argv[1];
	if (!strcmp(c, "-h") || !strcmp(c, "--help") || !strcmp(c, "help")) {
		help_main();
		return EXIT_DONE;
	}
	if (!strcmp(c, "--version") || !strcmp(c, "-V")) {
		printf("overlap %s\n", OVERLAP_VERSION);
		return EXIT_DONE;
	}
	if (!strcmp(c, "analyze") || !strcmp(c, "analyse"))
		cfg->cmd = CMD_ANALYZE;
	else if (!strcmp(c, "passages"))
		cfg->cmd = CMD_PASSAGES;
	else if (!strcmp(c, "claims"))
		cfg->cmd = CMD_CLAIMS;
	else if (!strcmp(c, "chart"))
		cfg->cmd = CMD_CHART;
	else if (!strcmp(c, "check"))
		cfg->cmd = CMD_CHECK;
	else if (!strcmp(c, "query"))
		cfg->cmd = CMD_QUERY;
	else if (!strcmp(c, "index"))
		return parse_index_command(argc, argv, cfg);
	else
		return usage_error(CMD_NONE, "unknown command '%s'", c);
	return -1;
}

/* getopt_long's tables from OPTIONS: one long option per distinct name, its value
 * OPT_VAL_BASE + the index of the name's first entry; short letters likewise. */
static void getopt_tables(struct option *longs, char *shorts)
{
	size_t nl = 0, ns = 0;
	shorts[ns++] = ':';
	for (size_t i = 0; i < NOPTIONS; i++) {
		size_t first = 0;
		while (strcmp(OPTIONS[first].name, OPTIONS[i].name) != 0)
			first++;
		if (first != i)
			continue;
		longs[nl++] = (struct option){OPTIONS[i].name,
			OPTIONS[i].arg ? required_argument : no_argument, NULL,
			OPT_VAL_BASE + (int)i};
		if (OPTIONS[i].shortc) {
			shorts[ns++] = OPTIONS[i].shortc;
			if (OPTIONS[i].arg)
				shorts[ns++] = ':';
		}
	}
	longs[nl] = (struct option){NULL, 0, NULL, 0};
	shorts[ns] = '\0';
}

/* The entry for getopt value opt under command c, or NULL when c does not take it. */
static const opt_def *option_for(int opt, enum cli_command c)
{
	const char *name = NULL;
	if (opt >= OPT_VAL_BASE && (size_t)(opt - OPT_VAL_BASE) < NOPTIONS)
		name = OPTIONS[opt - OPT_VAL_BASE].name;
	for (size_t i = 0; i < NOPTIONS; i++) {
		const opt_def *d = &OPTIONS[i];
		if ((name ? strcmp(d->name, name) == 0 : d->shortc == opt) && (d->cmds & (1u << c)))
			return d;
	}
	return NULL;
}

/* Whether some entry has this getopt value (a known option, maybe not for this command). */
static bool option_known(int opt)
{
	if (opt >= OPT_VAL_BASE && (size_t)(opt - OPT_VAL_BASE) < NOPTIONS)
		return true;
	for (size_t i = 0; i < NOPTIONS; i++)
		if (OPTIONS[i].shortc == opt)
			return true;
	return false;
}

/* The options, then the positional arguments. @return -1 or an exit code. */
static int parse_options(int argc, char **argv, struct config *cfg, bool *out_given)
{
	struct option longs[NOPTIONS + 1];
	char shorts[2 * NOPTIONS + 2];
	getopt_tables(longs, shorts);
	optind = (1u << cfg->cmd) & (C_ARC & ~C_QU) ? 3 : 2; /* `index SUBCOMMAND` */
	opterr = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (opt == ':')
			return usage_error(cfg->cmd, "option '%s' needs a value", argv[optind - 1]);
		if (opt == '?' || !option_known(opt))
			return usage_error(cfg->cmd, "unknown option '%s'", argv[optind - 1]);
		const opt_def *d = option_for(opt, cfg->cmd);
		if (!d) {
			/* named from the table: argv[optind - 1] is the value of "--out DIR" */
			char name[64];
			if (opt >= OPT_VAL_BASE)
				snprintf(name, sizeof name, "--%s", OPTIONS[opt - OPT_VAL_BASE].name);
			else
				snprintf(name, sizeof name, "-%c", opt);
			return usage_error(cfg->cmd, "option '%s' does not apply to this command", name);
		}
		record_option(cfg, d, optarg);
		int rc = apply_option(cfg, d, optarg);
		if (rc >= 0)
			return rc;
		if (d->off == offsetof(struct config, out_dir) && d->kind == OPT_STR)
			*out_given = true;
	}
	cfg->paths = (const char **)(argv + optind);
	cfg->npaths = (size_t)(argc - optind);
	return -1;
}

/* The archive commands: ARCHIVE.db, then what each takes. @return -1 or an exit code. */
static int check_archive_arguments(struct config *cfg)
{
	struct arc_cfg *a = &cfg->arc;
	enum cli_command c = cfg->cmd;
	if (cfg->npaths == 0)
		return usage_error(c, "%s needs an archive file", cmd_name(c));
	a->archive = cfg->paths[0];
	a->paths = cfg->paths + 1;
	a->npaths = cfg->npaths - 1;
	if (c == CMD_INDEX_ADD && a->npaths == 0)
		return usage_error(c, "index add needs files or folders to add%s", "");
	if (c == CMD_INDEX_REMOVE && a->npaths == 0)
		return usage_error(c, "index remove needs the ids to remove%s", "");
	if ((c == CMD_INDEX_STATS || c == CMD_INDEX_CHECK) && a->npaths)
		return usage_error(c, "unexpected argument '%s'", a->paths[0]);
	return -1;
}

/* What each command needs beyond its options. @return -1 or an exit code. */
static int check_arguments(struct config *cfg, bool out_given)
{
	switch (cfg->cmd) {
	case CMD_PASSAGES:
		if (cfg->npaths != 2)
			return usage_error(cfg->cmd, "passages needs two documents, %s", cfg->npaths < 2 ? "got fewer" : "got more");
		break;
	case CMD_CHART:
		if (cfg->npaths != 1)
			return usage_error(cfg->cmd, "chart needs one report file%s", "");
		if (!out_given) {
			/* default: beside the report */
			static char dir[4096];
			snprintf(dir, sizeof dir, "%s", cfg->paths[0]);
			char *slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
			else
				snprintf(dir, sizeof dir, ".");
			cfg->out_dir = dir;
		}
		break;
	case CMD_CHECK:
		if (cfg->all && cfg->pl.pairs_file)
			return usage_error(cfg->cmd, "give either --all or --pairs, not both%s", "");
		if (!cfg->claims_file) {
			if (cfg->npaths == 0)
				return usage_error(cfg->cmd, "check needs a claim (or --claims FILE)%s", "");
			if (!stn_claim_has_words((const uint8_t *)cfg->paths[0], strlen(cfg->paths[0])))
				return usage_error(cfg->cmd, "the claim is empty: it has no word to check%s", "");
		}
		break;
	case CMD_CLAIMS:
		if (cfg->report && cfg->npaths)
			return usage_error(cfg->cmd, "give either --report or PATHs, not both%s", "");
		break;
	default:
		if ((1u << cfg->cmd) & C_ARC)
			return check_archive_arguments(cfg);
		break;
	}
	return -1;
}

int cli_parse(int argc, char **argv, struct config *cfg)
{
	config_default(cfg);
	bool out_given = false;
	int rc = parse_command(argc, argv, cfg);
	if (rc < 0)
		rc = parse_options(argc, argv, cfg, &out_given);
	if (rc < 0)
		rc = check_arguments(cfg, out_given);
	return rc;
}
