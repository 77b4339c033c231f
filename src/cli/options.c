/* options.c - argv to struct config (getopt_long), help texts. Does nothing else. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "overlap/stance.h"

static const char *cmd_name(enum cli_command c)
{
	switch (c) {
	case CMD_ANALYZE: return "analyze";
	case CMD_PASSAGES: return "passages";
	case CMD_CLAIMS: return "claims";
	case CMD_CHART: return "chart";
	case CMD_CHECK: return "check";
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
"  without extensions, or its JSONL id; two documents with one id are an error.\n"
"  Binary, empty and unreadable files are skipped with a warning.\n\n");
}

static void help_analysis(const pl_config *d)
{
	printf(
"Similarity:\n"
"  -k, --shingle K         words per shingle (default %u)\n"
"      --char-ngrams N     use character N-grams instead of word shingles (default off)\n"
"      --perm N            MinHash signature length (default %u)\n"
"      --seed N            seed of all hash functions; same seed, same result (default %llu)\n"
"  -t, --threshold X       report pairs with shingle Jaccard >= X (default %.2f)\n"
"      --containment X     ...or with X of either document's shingles in the other\n"
"                          (default %.2f): catches a short story inside a long one\n"
"      --all-pairs-max N   up to N documents compare every pair exactly; above, MinHash\n"
"                          LSH finds candidates, which are then verified exactly (default %zu)\n"
"  -j, --threads N         threads (default: all cores); results do not depend on it\n"
"Passages and claims (corpora up to --detail-max documents):\n"
"      --detail-max N      compute passages and claims up to N documents (default %zu)\n"
"      --align-all-max N   align every pair up to N documents, else similar pairs (default %zu)\n"
"      --pairs FILE        align only these pairs: two ids or paths a line; each is\n"
"                          listed in report.json with its relation, even unrelated\n"
"      --no-stem           match exact words, not Snowball stems\n"
"      --boilerplate-stories N  text found in articles of N or more stories is\n"
"                          boilerplate, kept out of pair scores (default %u); text shared\n"
"                          inside one story is duplicated reporting and counts\n"
"      --boilerplate-df X  also text found in X of all documents (and 3 or more) (default off)\n"
"      --story-cut X       stories: average topical similarity at which articles join one\n"
"                          story (average linkage; default %.2f)\n"
"      --story-attach X    a story of one or two articles joins the closest larger story\n"
"                          when their centroids' cosine is X or more (0 = off; default %.2f)\n"
"      --no-stories        no topical similarity or stories: relations and boilerplate as\n"
"                          before stories (passages, claims; 30%% of documents)\n"
"      --no-claims         skip claim extraction\n"
"      --max-inflate MIB   refuse gzip files that inflate past MIB MiB (default 1024)\n"
"Matrix:\n"
"      --matrix-max N      N x N similarity matrices (report, charts, page) up to N\n"
"                          documents (default %zu)\n",
	       d->sim.shingle_k, d->sim.nperm, (unsigned long long)d->sim.seed, d->sim.threshold,
	       d->sim.containment, d->sim.all_pairs_max, d->detail_max, d->align_all_max,
	       d->boilerplate_stories, d->tpc.story_cut, d->tpc.attach, d->matrix_max);
}

static void help_analyze(const pl_config *d)
{
	printf("usage: overlap analyze [OPTIONS] [PATH...]\n\n"
	       "Compare documents: near-duplicates (shingles, MinHash, LSH with exact checks),\n"
	       "shared passages with their spans in both texts, claims and which stand on one\n"
	       "source, contradictions, and the relation of every pair (repeat, extend,\n"
	       "contradict, related, unrelated). With no PATH it reads corpus/.\n\n");
	help_inputs();
	help_analysis(d);
	printf("Output:\n"
	       "  -o, --out DIR           write report.json, matrix.png/.svg, claims.png/.svg and\n"
	       "                          report.html into DIR (default out). A run writes into a\n"
	       "                          new folder beside DIR and swaps it in whole at the end, so\n"
	       "                          DIR always holds one run's complete set; DIR must be new,\n"
	       "                          empty or an earlier output folder. One run at a time.\n"
	       "      --no-charts         do not run gnuplot\n"
	       "      --no-html           do not write report.html\n"
	       "      --pairs-tsv FILE    also write the reported pairs as `idA<TAB>idB<TAB>jaccard`\n"
	       "      --archive DB        also analyse the documents of archive DB (overlap index)\n"
	       "                          that the PATHs match; report.json marks them with\n"
	       "                          metadata.archive\n"
	       "      --top N             rows in the summary table (default 10)\n"
	       "  -q, --quiet             no progress, no summary table\n"
	       "  -h, --help              this text\n\n"
	       "Example:\n"
	       "  overlap analyze corpus/            # writes out/report.json, out/report.html, ...\n"
	       "  overlap analyze -t 0.5 news.jsonl.gz --out results\n"
	       "The keys of report.json are described in docs/json.md.\n");
}

static void help_passages(const pl_config *d)
{
	printf("usage: overlap passages [OPTIONS] A B\n\n"
	       "Show the passages documents A and B share, copied or reworded, with their byte\n"
	       "spans in both files; words that differ are marked [-like this-] in A and\n"
	       "{+like this+} in B. A and B are files, or ids of documents in --corpus.\n\n"
	       "      --corpus PATH       where ids are looked up (default corpus/)\n"
	       "      --json              print the pair as a JSON object, as in report.json pairs[]\n"
	       "  -q, --quiet             (always quiet: only the passages are printed)\n"
	       "  -h, --help              this text\n"
	       "A JSON Lines file of several records is named per record as FILE.jsonl:ID.\n"
	       "The analysis options of 'overlap analyze' apply too:\n\n");
	help_analysis(d);
}

static void help_claims(const pl_config *d)
{
	printf("usage: overlap claims [OPTIONS] [PATH...]\n"
	       "       overlap claims --report out/report.json\n\n"
	       "List the claims the documents make, clustered across documents: claims made by\n"
	       "several independent sources first, then claims only one source makes (flagged),\n"
	       "then contradictions with both texts. Copies of one article count as one source.\n\n"
	       "      --report FILE       read a saved report instead of analysing PATHs\n"
	       "      --json              print the claims and contradictions as JSON\n"
	       "  -q, --quiet             no progress messages\n"
	       "  -h, --help              this text\n\n");
	help_inputs();
	help_analysis(d);
}

static void help_chart(void)
{
	printf("usage: overlap chart [--out DIR] REPORT.json\n\n"
	       "Redraw the charts (matrix.png/.svg, one matrix_<measure> chart per measure,\n"
	       "claims.png/.svg) and report.html from a saved report, without recomputing.\n"
	       "gnuplot draws the charts; without it the .gp and .dat files are still written.\n\n"
	       "  -o, --out DIR           where to write (default: the report's folder)\n"
	       "      --no-html           do not write report.html\n"
	       "  -q, --quiet             no messages but errors\n"
	       "  -h, --help              this text\n");
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
	       "  These are cues, not understanding: read the evidence before relying on one.\n\n"
	       "Options:\n"
	       "      --claims FILE       claims to check, one {\"id\": ..., \"text\": ...} a line;\n"
	       "                          a broken line is reported as FILE:LINE and skipped\n"
	       "      --pairs FILE        check only these pairs, `claim-id document-id` a line\n"
	       "                          (a document by id or path); every listed pair is printed,\n"
	       "                          unrelated ones too. A one-claim run names its claim `claim`\n"
	       "      --all               without --pairs, list unrelated documents too (by default\n"
	       "                          only their number is given)\n"
	       "      --json              print {\"claims\": [...], \"checks\": [{\"claim\", \"doc\",\n"
	       "                          \"stance\", \"score\", \"evidence\": [{\"start\", \"end\",\n"
	       "                          \"text\", ...}], ...}]} (docs/json.md)\n"
	       "  -j, --threads N         threads (default: all cores); results do not depend on it\n"
	       "      --max-inflate MIB   refuse gzip files that inflate past MIB MiB (default 1024)\n"
	       "  -q, --quiet             no warnings about skipped files\n"
	       "  -h, --help              this text\n\n",
	       stn_related_threshold());
	help_inputs();
	printf("Examples:\n"
	       "  overlap check \"Kaspersky software banned in the US\" corpus/\n"
	       "  overlap check --claims claims.jsonl --json news/ > checks.json\n"
	       "  overlap check --claims claims.jsonl --pairs pairs.txt news/\n"
	       "Exit status: 0 done, 1 no documents or unreadable files, 2 bad command line\n"
	       "(an empty claim is one).\n");
}

/* ---- number parsing -------------------------------------------------------------------- */

static int parse_uint(enum cli_command c, const char *opt, const char *s, unsigned long lo,
		      unsigned long hi, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi) {
		char buf[160];
		snprintf(buf, sizeof buf, "%s takes a whole number from %lu to %lu, not '%%s'", opt, lo, hi);
		return usage_error(c, buf, s);
	}
	*out = v;
	return -1;
}

static int parse_frac(enum cli_command c, const char *opt, const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0.0 && v <= 1.0)) {
		char buf[160];
		snprintf(buf, sizeof buf, "%s takes a number from 0 to 1, not '%%s'", opt);
		return usage_error(c, buf, s);
	}
	*out = v;
	return -1;
}

enum {
	OPT_CHAR = 256, OPT_PERM, OPT_SEED, OPT_CONT, OPT_APMAX, OPT_DMAX, OPT_AAMAX, OPT_MMAX,
	OPT_PAIRS, OPT_NOSTEM, OPT_BDF, OPT_NOCLAIMS, OPT_INFLATE, OPT_NOCHARTS, OPT_NOHTML,
	OPT_TOP, OPT_JSON, OPT_REPORT, OPT_CORPUS, OPT_PAIRS_TSV, OPT_CLAIMS, OPT_ALL,
	OPT_ARCHIVE,
	OPT_BSTORIES, OPT_STORYCUT, OPT_ATTACH, OPT_NOSTORIES,
};

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "out", required_argument, NULL, 'o' },
	{ "shingle", required_argument, NULL, 'k' },
	{ "char-ngrams", required_argument, NULL, OPT_CHAR },
	{ "perm", required_argument, NULL, OPT_PERM },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "threshold", required_argument, NULL, 't' },
	{ "containment", required_argument, NULL, OPT_CONT },
	{ "all-pairs-max", required_argument, NULL, OPT_APMAX },
	{ "threads", required_argument, NULL, 'j' },
	{ "detail-max", required_argument, NULL, OPT_DMAX },
	{ "align-all-max", required_argument, NULL, OPT_AAMAX },
	{ "matrix-max", required_argument, NULL, OPT_MMAX },
	{ "pairs", required_argument, NULL, OPT_PAIRS },
	{ "no-stem", no_argument, NULL, OPT_NOSTEM },
	{ "boilerplate-df", required_argument, NULL, OPT_BDF },
	{ "boilerplate-stories", required_argument, NULL, OPT_BSTORIES },
	{ "story-cut", required_argument, NULL, OPT_STORYCUT },
	{ "story-attach", required_argument, NULL, OPT_ATTACH },
	{ "no-stories", no_argument, NULL, OPT_NOSTORIES },
	{ "no-claims", no_argument, NULL, OPT_NOCLAIMS },
	{ "max-inflate", required_argument, NULL, OPT_INFLATE },
	{ "no-charts", no_argument, NULL, OPT_NOCHARTS },
	{ "no-html", no_argument, NULL, OPT_NOHTML },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "quiet", no_argument, NULL, 'q' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "corpus", required_argument, NULL, OPT_CORPUS },
	{ "pairs-tsv", required_argument, NULL, OPT_PAIRS_TSV },
	{ "claims", required_argument, NULL, OPT_CLAIMS },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "archive", required_argument, NULL, OPT_ARCHIVE },
	{ NULL, 0, NULL, 0 },
};

/* Which options each command accepts (by getopt value). */
static int option_allowed(enum cli_command c, int opt)
{
	switch (opt) {
	case 'h': case 'q':
		return 1;
	case 'j': /* chart computes nothing: a thread count there is a mistake to point out */
		return c != CMD_CHART;
	case 'o':
		return c == CMD_ANALYZE || c == CMD_CHART;
	case OPT_NOHTML:
		return c == CMD_ANALYZE || c == CMD_CHART;
	case OPT_NOCHARTS: case OPT_TOP: case OPT_PAIRS_TSV: case OPT_ARCHIVE:
		return c == CMD_ANALYZE;
	case OPT_JSON:
		return c == CMD_PASSAGES || c == CMD_CLAIMS || c == CMD_CHECK;
	case OPT_CLAIMS: case OPT_ALL:
		return c == CMD_CHECK;
	case OPT_PAIRS: case OPT_INFLATE:
		return c == CMD_ANALYZE || c == CMD_CLAIMS || c == CMD_PASSAGES || c == CMD_CHECK;
	case OPT_REPORT:
		return c == CMD_CLAIMS;
	case OPT_CORPUS:
		return c == CMD_PASSAGES;
	default:
		return c == CMD_ANALYZE || c == CMD_CLAIMS || c == CMD_PASSAGES;
	}
}

int cli_parse(int argc, char **argv, struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->pl = pl_config_default();
	cfg->out_dir = "out";
	cfg->charts = cfg->html = true;
	cfg->top = 10;
	cfg->corpus = "corpus";

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
	else
		return usage_error(CMD_NONE, "unknown command '%s'", c);

	bool out_given = false;
	optind = 2;
	opterr = 0;
	int opt, rc;
	unsigned long v = 0;
	while ((opt = getopt_long(argc, argv, ":ho:k:t:j:q", long_opts, NULL)) != -1) {
		if (opt == '?')
			return usage_error(cfg->cmd, "unknown option '%s'", argv[optind - 1]);
		if (opt == ':')
			return usage_error(cfg->cmd, "option '%s' needs a value", argv[optind - 1]);
		if (!option_allowed(cfg->cmd, opt))
			return usage_error(cfg->cmd, "option '%s' does not apply to this command",
					   argv[optind - 1]);
		rc = -1;
		/* options that shape the analysis, as given, for the report's header */
		if (opt != 'h' && opt != 'q' && opt != 'o' && opt != 'j' && opt != OPT_TOP &&
		    opt != OPT_JSON && opt != OPT_NOCHARTS && opt != OPT_NOHTML &&
		    opt != OPT_PAIRS_TSV && opt != OPT_REPORT) {
			const char *name = "?";
			for (const struct option *lo = long_opts; lo->name; lo++)
				if (lo->val == opt)
					name = lo->name;
			size_t used = strlen(cfg->changed);
			snprintf(cfg->changed + used, sizeof cfg->changed - used, "%s--%s%s%s",
				 used ? ", " : "", name, optarg ? " " : "", optarg ? optarg : "");
		}
		switch (opt) {
		case 'h':
			switch (cfg->cmd) {
			case CMD_ANALYZE: help_analyze(&cfg->pl); break;
			case CMD_PASSAGES: help_passages(&cfg->pl); break;
			case CMD_CLAIMS: help_claims(&cfg->pl); break;
			case CMD_CHECK: help_check(); break;
			default: help_chart(); break;
			}
			return EXIT_DONE;
		case 'o': cfg->out_dir = optarg; out_given = true; break;
		case 'k':
			rc = parse_uint(cfg->cmd, "--shingle", optarg, 1, 32, &v);
			cfg->pl.sim.shingle_k = (unsigned)v;
			break;
		case OPT_CHAR:
			rc = parse_uint(cfg->cmd, "--char-ngrams", optarg, 0, 64, &v);
			cfg->pl.sim.char_ngrams = (unsigned)v;
			break;
		case OPT_PERM:
			rc = parse_uint(cfg->cmd, "--perm", optarg, 16, 1024, &v);
			cfg->pl.sim.nperm = (unsigned)v;
			break;
		case OPT_SEED:
			rc = parse_uint(cfg->cmd, "--seed", optarg, 0, ULONG_MAX, &v);
			cfg->pl.sim.seed = v;
			break;
		case 't': rc = parse_frac(cfg->cmd, "--threshold", optarg, &cfg->pl.sim.threshold); break;
		case OPT_CONT: rc = parse_frac(cfg->cmd, "--containment", optarg, &cfg->pl.sim.containment); break;
		case OPT_APMAX:
			rc = parse_uint(cfg->cmd, "--all-pairs-max", optarg, 0, 100000000, &v);
			cfg->pl.sim.all_pairs_max = v;
			break;
		case 'j':
			rc = parse_uint(cfg->cmd, "--threads", optarg, 1, 1024, &v);
			cfg->pl.sim.threads = (unsigned)v;
			break;
		case OPT_DMAX:
			rc = parse_uint(cfg->cmd, "--detail-max", optarg, 0, 1000000, &v);
			cfg->pl.detail_max = v;
			break;
		case OPT_AAMAX:
			rc = parse_uint(cfg->cmd, "--align-all-max", optarg, 0, 1000000, &v);
			cfg->pl.align_all_max = v;
			break;
		case OPT_MMAX:
			rc = parse_uint(cfg->cmd, "--matrix-max", optarg, 0, 5000, &v);
			cfg->pl.matrix_max = v;
			break;
		case OPT_PAIRS: cfg->pl.pairs_file = optarg; break;
		case OPT_NOSTEM: cfg->pl.stem = false; break;
		case OPT_BDF: rc = parse_frac(cfg->cmd, "--boilerplate-df", optarg, &cfg->pl.boilerplate_df); break;
		case OPT_BSTORIES:
			rc = parse_uint(cfg->cmd, "--boilerplate-stories", optarg, 1, 1000000, &v);
			cfg->pl.boilerplate_stories = (unsigned)v;
			break;
		case OPT_STORYCUT: rc = parse_frac(cfg->cmd, "--story-cut", optarg, &cfg->pl.tpc.story_cut); break;
		case OPT_ATTACH: rc = parse_frac(cfg->cmd, "--story-attach", optarg, &cfg->pl.tpc.attach); break;
		case OPT_NOSTORIES: cfg->pl.stories = false; break;
		case OPT_NOCLAIMS: cfg->pl.claims = false; break;
		case OPT_INFLATE:
			rc = parse_uint(cfg->cmd, "--max-inflate", optarg, 1, 1UL << 20, &v);
			cfg->pl.crp.max_inflate = (size_t)v << 20;
			break;
		case OPT_NOCHARTS: cfg->charts = false; break;
		case OPT_NOHTML: cfg->html = false; break;
		case OPT_TOP:
			rc = parse_uint(cfg->cmd, "--top", optarg, 0, 100000, &v);
			cfg->top = (unsigned)v;
			break;
		case 'q': cfg->quiet = true; break;
		case OPT_JSON: cfg->json = true; break;
		case OPT_REPORT: cfg->report = optarg; break;
		case OPT_CORPUS: cfg->corpus = optarg; break;
		case OPT_PAIRS_TSV: cfg->pairs_tsv = optarg; break;
		case OPT_CLAIMS: cfg->claims_file = optarg; break;
		case OPT_ALL: cfg->all = true; break;
		case OPT_ARCHIVE: cfg->archive = optarg; break;
		}
		if (rc >= 0)
			return rc;
	}
	cfg->paths = (const char **)(argv + optind);
	cfg->npaths = (size_t)(argc - optind);

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
		break;
	}
	if (cfg->pl.sim.char_ngrams == 0 && cfg->pl.sim.shingle_k == 0)
		return usage_error(cfg->cmd, "--shingle must be at least 1%s", "");
	return -1;
}
