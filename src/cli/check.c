/* check.c - `overlap check`: which documents support, deny or only discuss a claim.
 *
 * Reads the claims (one on the command line, or a JSONL file of {"id", "text"}), the
 * documents (the corpus reader, as analyze does) and an optional --pairs list, runs the
 * stance engine (stance.h) and prints a table grouped by stance, or JSON. A broken claims
 * or pairs line is one warning naming FILE:LINE, and the run goes on. It does NOT judge
 * anything itself: every stance and score comes from the engine.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli.h"
#include "overlap/corpus.h"
#include "overlap/mem.h"
#include "overlap/pool.h"
#include "overlap/report_json.h"
#include "overlap/stance.h"
#include "overlap/tokenize.h"

/* A claims file line longer than this is not a claim (a document pasted by mistake). */
#define CHECK_MAX_CLAIM_LINE (1u << 20)

/* ---- id maps: string -> index, open addressing (a claims or pairs file can have millions
 * of lines; a linear search per line would be quadratic) ---------------------------------- */

typedef struct id_map {
	size_t *slot; /* index + 1; 0 = empty */
	size_t cap;   /* power of two */
	size_t n;
} id_map;

static size_t idm_hash(const char *s, size_t cap)
{
	return (size_t)tok_word_hash(s, strlen(s)) & (cap - 1);
}

/* Index of key in names[] through m, or -1. */
static long idm_find(const id_map *m, char *const *names, const char *key)
{
	if (!m->cap)
		return -1;
	for (size_t h = idm_hash(key, m->cap);; h = (h + 1) & (m->cap - 1)) {
		if (!m->slot[h])
			return -1;
		if (!strcmp(names[m->slot[h] - 1], key))
			return (long)(m->slot[h] - 1);
	}
}

/* Add names[idx] (not yet in the map). */
static void idm_add(id_map *m, char *const *names, size_t idx)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 256;
		size_t *ns = xcalloc(ncap, sizeof *ns);
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i])
				continue;
			size_t h = idm_hash(names[m->slot[i] - 1], ncap);
			while (ns[h])
				h = (h + 1) & (ncap - 1);
			ns[h] = m->slot[i];
		}
		free(m->slot);
		m->slot = ns;
		m->cap = ncap;
	}
	size_t h = idm_hash(names[idx], m->cap);
	while (m->slot[h])
		h = (h + 1) & (m->cap - 1);
	m->slot[h] = idx + 1;
	m->n++;
}

typedef struct claim_set {
	char **id;
	char **text;
	size_t n, cap;
	id_map map; /* id -> index */
} claim_set;

/* Room for entry n in two parallel string arrays of capacity *cap (both grow together). */
static void grow2(char ***a, char ***b, size_t n, size_t *cap)
{
	if (n < *cap)
		return;
	size_t ca = *cap, cb = *cap;
	XGROW(*a, ca, n + 1);
	XGROW(*b, cb, n + 1);
	assert(ca == cb);
	*cap = ca;
}

static void claims_push(claim_set *c, const char *id, const char *text)
{
	grow2(&c->id, &c->text, c->n, &c->cap);
	c->id[c->n] = xstrdup(id);
	c->text[c->n] = xstrdup(text);
	idm_add(&c->map, c->id, c->n);
	c->n++;
}

static void claims_free(claim_set *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->id[i]);
		free(c->text[i]);
	}
	free(c->id);
	free(c->text);
	free(c->map.slot);
}

static long claim_lookup(const claim_set *c, const char *id)
{
	return idm_find(&c->map, c->id, id);
}

/* Warnings about the lines of one input file: the first CHECK_MAX_LINE_WARNINGS are printed,
 * the rest counted and summed up at the end (a wrong file must not flood the terminal). */
#define CHECK_MAX_LINE_WARNINGS 20

/* Ids and parser excerpts come from the input: no control character reaches stderr. */
static void clean_ctrl(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

typedef struct line_warner {
	const char *path;
	size_t n;
} line_warner;

static void warn_line(line_warner *lw, size_t line, const char *fmt, const char *arg)
{
	if (++lw->n > CHECK_MAX_LINE_WARNINGS)
		return;
	char msg[512], where[1200];
	snprintf(msg, sizeof msg, fmt, arg);
	clean_ctrl(msg);
	snprintf(where, sizeof where, "%s:%zu", lw->path, line);
	cli_warn(NULL, where, msg);
}

static void warn_done(const line_warner *lw)
{
	if (lw->n > CHECK_MAX_LINE_WARNINGS) {
		char msg[128];
		snprintf(msg, sizeof msg, "%zu more broken lines skipped",
			 lw->n - CHECK_MAX_LINE_WARNINGS);
		cli_warn(NULL, lw->path, msg);
	}
}

/* Whether the file starts like a binary file (a NUL byte in its first 8 KiB); f is rewound. */
static bool looks_binary(FILE *f)
{
	char buf[8192];
	size_t n = fread(buf, 1, sizeof buf, f);
	rewind(f);
	return memchr(buf, '\0', n) != NULL;
}

/* Open a text file of lines (what: "claims file"; not: what a binary file is not), or print
 * the one line that says why not. @return the stream, or NULL. */
static FILE *open_lines(const char *path, const char *what, const char *not)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "overlap: %s: cannot open %s: %s\n", path, what, strerror(errno));
		return NULL;
	}
	if (looks_binary(f)) {
		fprintf(stderr, "overlap: %s: binary file, not %s\n", path, not);
		fclose(f);
		return NULL;
	}
	return f;
}

/* The end of a file open_lines opened: the count of the lines warnings left unnamed, the
 * line buffer freed, the file closed. @return whether reading failed (said on stderr). */
static bool close_lines(FILE *f, char *line, const line_warner *lw)
{
	bool failed = ferror(f);
	warn_done(lw);
	free(line);
	fclose(f);
	if (failed)
		fprintf(stderr, "overlap: %s: read error\n", lw->path);
	return failed;
}

/* Claims from a JSONL file. Broken lines are warnings. @return -1 to go on, or an exit code. */
static int read_claims(const char *path, claim_set *c)
{
	FILE *f = open_lines(path, "claims file", "JSON Lines claims");
	if (!f)
		return EXIT_FAIL;
	line_warner lw = { path, 0 };
	char *line = NULL;
	size_t lcap = 0, lineno = 0;
	ssize_t len;
	while ((len = getline(&line, &lcap, f)) >= 0) {
		lineno++;
		size_t n = (size_t)len;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		size_t b = 0;
		while (b < n && (line[b] == ' ' || line[b] == '\t'))
			b++;
		if (b == n)
			continue; /* blank line */
		if (n > CHECK_MAX_CLAIM_LINE) {
			warn_line(&lw, lineno, "line longer than 1 MiB, skipped%s", "");
			continue;
		}
		json_error_t je;
		json_t *o = json_loadb(line + b, n - b, JSON_REJECT_DUPLICATES, &je);
		if (!o) {
			warn_line(&lw, lineno, "not valid JSON (%s), skipped", je.text);
			continue;
		}
		const json_t *jid = json_object_get(o, "id");
		const json_t *jtext = json_object_get(o, "text");
		char idbuf[64];
		const char *id = NULL;
		if (!json_is_object(o))
			warn_line(&lw, lineno, "not a JSON object, skipped%s", "");
		else if (!json_is_string(jtext))
			warn_line(&lw, lineno, "no \"text\" string, skipped%s", "");
		else if (!stn_claim_has_words((const uint8_t *)json_string_value(jtext),
					      json_string_length(jtext)))
			warn_line(&lw, lineno, "empty claim, skipped%s", "");
		else if (json_is_string(jid) && json_string_length(jid) > 0 &&
			 strlen(json_string_value(jid)) == json_string_length(jid))
			id = json_string_value(jid);
		else if (json_is_integer(jid))
			id = (snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(jid)), idbuf);
		else if (jid == NULL)
			id = (snprintf(idbuf, sizeof idbuf, "line%zu", lineno), idbuf);
		else
			warn_line(&lw, lineno, "\"id\" is not a non-empty string or an integer, skipped%s", "");
		if (id && strlen(json_string_value(jtext)) != json_string_length(jtext)) {
			warn_line(&lw, lineno, "\"text\" holds a NUL character, skipped%s", "");
			id = NULL;
		}
		if (id && claim_lookup(c, id) >= 0) {
			warn_line(&lw, lineno, "claim id '%s' already used, skipped", id);
			id = NULL;
		}
		if (id)
			claims_push(c, id, json_string_value(jtext));
		json_decref(o);
	}
	if (close_lines(f, line, &lw))
		return EXIT_FAIL;
	if (c->n == 0) {
		fprintf(stderr, "overlap: %s: no claims to check\n", path);
		return EXIT_FAIL;
	}
	return -1;
}

typedef struct doc_set {
	char **id, **path;
	size_t n, cap;
	id_map by_id, by_path;
} doc_set;

static long doc_by_id(const doc_set *d, const char *id)
{
	return idm_find(&d->by_id, d->id, id);
}

/* A document named by id, else by path (as given or walked; the first with that path,
 * since a JSONL file holds many documents). */
static long doc_lookup(const doc_set *d, const char *key)
{
	long i = idm_find(&d->by_id, d->id, key);
	return i >= 0 ? i : idm_find(&d->by_path, d->path, key);
}

/* --pairs FILE: `claim-id document-id` a line ('#' comments, blank lines). A line that does
 * not name a known claim and document is a warning. @return -1 or an exit code. */
static int read_pairs(const char *path, const claim_set *c, const doc_set *d, stn_pair **out,
		      size_t *nout)
{
	FILE *f = open_lines(path, "pairs file", "a pairs file");
	if (!f)
		return EXIT_FAIL;
	line_warner lw = { path, 0 };
	char *line = NULL;
	size_t lcap = 0, lineno = 0, cap = 0;
	ssize_t len;
	*out = NULL;
	*nout = 0;
	while ((len = getline(&line, &lcap, f)) >= 0) {
		lineno++;
		if (memchr(line, '\0', (size_t)len)) {
			warn_line(&lw, lineno, "NUL byte in the line, skipped%s", "");
			continue;
		}
		char *save = NULL;
		char *a = strtok_r(line, " \t\r\n", &save);
		if (!a || a[0] == '#')
			continue;
		char *b = strtok_r(NULL, " \t\r\n", &save);
		char *extra = b ? strtok_r(NULL, " \t\r\n", &save) : NULL;
		if (!b || (extra && extra[0] != '#')) {
			warn_line(&lw, lineno, "expected `claim-id document-id`, skipped%s", "");
			continue;
		}
		long ci = claim_lookup(c, a);
		if (ci < 0) {
			warn_line(&lw, lineno, "unknown claim '%.200s', skipped", a);
			continue;
		}
		long di = doc_lookup(d, b);
		if (di < 0) {
			warn_line(&lw, lineno, "unknown document '%.200s', skipped", b);
			continue;
		}
		XGROW(*out, cap, *nout + 1);
		(*out)[*nout].claim = (uint32_t)ci;
		(*out)[*nout].doc = (uint32_t)di;
		(*nout)++;
	}
	if (close_lines(f, line, &lw)) {
		free(*out);
		*out = NULL;
		return EXIT_FAIL;
	}
	if (*nout == 0) {
		fprintf(stderr, "overlap: %s: no pairs to check\n", path);
		return EXIT_FAIL;
	}
	return -1;
}

/* Documents into the index, ids into d. @return -1 or an exit code. */
static int read_docs(struct config *cfg, const char *const *paths, size_t npaths, stn_index *x,
		     doc_set *d)
{
	int rc = cli_inputs_or_corpus(&paths, &npaths, "check");
	if (rc >= 0)
		return rc;
	crp_opts co = cfg->pl.crp;
	co.warn = cfg->pl.warn; /* cli_engine_hooks */
	co.warn_ud = cfg->pl.ud;
	crp_reader *rd = NULL;
	err_ctx e = { 0 };
	if (crp_open(paths, npaths, &co, &rd, &e) < 0) {
		cli_error(&e);
		return EXIT_FAIL;
	}
	crp_doc doc = { 0 };
	while ((rc = crp_next(rd, &doc, &e)) > 0) {
		if (doc_by_id(d, doc.id) >= 0) {
			char msg[600];
			snprintf(msg, sizeof msg, "a second document with id '%.200s', skipped", doc.id);
			clean_ctrl(msg);
			cli_warn(NULL, doc.path, msg);
			continue;
		}
		grow2(&d->id, &d->path, d->n, &d->cap);
		d->id[d->n] = xstrdup(doc.id);
		d->path[d->n] = xstrdup(doc.path);
		idm_add(&d->by_id, d->id, d->n);
		if (idm_find(&d->by_path, d->path, doc.path) < 0)
			idm_add(&d->by_path, d->path, d->n);
		d->n++;
		stn_index_add(x, doc.text, doc.nbytes);
	}
	crp_doc_clear(&doc);
	crp_free(rd);
	if (rc < 0) {
		cli_error(&e);
		return EXIT_FAIL;
	}
	if (d->n == 0) {
		fprintf(stderr, "overlap: no documents to check\n");
		return EXIT_FAIL;
	}
	return -1;
}

/* ---- output ------------------------------------------------------------------------------ */

static json_t *round6(double v)
{
	return json_real((double)(long long)(v * 1e6 + (v >= 0 ? 0.5 : -0.5)) / 1e6);
}

static json_t *check_json(const stn_check *k, const claim_set *c, const doc_set *d,
			  const stn_index *x)
{
	json_t *o = json_object();
	json_object_set_new(o, "claim", json_string(c->id[k->claim]));
	json_object_set_new(o, "doc", rpt_json_text((const uint8_t *)d->id[k->doc], strlen(d->id[k->doc])));
	json_object_set_new(o, "stance", json_string(stn_stance_name(k->stance)));
	json_object_set_new(o, "score", round6(k->score));
	json_object_set_new(o, "related", round6(k->related));
	size_t tn;
	const uint8_t *text = stn_index_text(x, k->doc, &tn);
	json_t *ev = json_array(), *all = json_array();
	for (unsigned q = 0; q < k->nev; q++) {
		const stn_evidence *e = &k->ev[q];
		json_t *eo = json_object();
		json_object_set_new(eo, "start", json_integer(e->start));
		json_object_set_new(eo, "end", json_integer(e->end));
		json_object_set_new(eo, "text", rpt_json_text(text + e->start, e->end - e->start));
		json_object_set_new(eo, "match", round6(e->match));
		json_t *cues = json_array();
		for (unsigned u = 0; u < e->ncues; u++) {
			json_t *w = json_string(stn_cue_word(e->cues[u]));
			json_array_append(cues, w);
			bool dup = false;
			size_t i;
			json_t *v;
			json_array_foreach(all, i, v)
				dup |= json_equal(v, w);
			if (!dup)
				json_array_append(all, w);
			json_decref(w);
		}
		json_object_set_new(eo, "cues", cues);
		json_array_append_new(ev, eo);
	}
	json_object_set_new(o, "cues", all);
	json_object_set_new(o, "evidence", ev);
	json_t *sig = json_object();
	for (int s = 0; s < STN_NSIGNALS; s++)
		json_object_set_new(sig, stn_signal_name(s), round6(k->sig[s]));
	json_object_set_new(o, "signals", sig);
	return o;
}

struct json_job {
	const stn_check *v;
	const claim_set *c;
	const doc_set *d;
	const stn_index *x;
	char **out; /* one compact JSON text per check */
};

static void json_one(void *ud, size_t i, unsigned worker)
{
	(void)worker;
	struct json_job *j = ud;
	json_t *o = check_json(&j->v[i], j->c, j->d, j->x);
	j->out[i] = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
}

static int print_json(const stn_check *v, size_t n, const claim_set *c, const doc_set *d,
		      const stn_index *x, unsigned threads)
{
	/* Streamed one check at a time: 1,000 x 1,000 checks must not build one huge tree. */
	printf("{\n \"related_threshold\": %.2f,\n \"claims\": [", stn_related_threshold());
	for (size_t i = 0; i < c->n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(c->id[i]));
		/* a claim from the command line may be invalid UTF-8 */
		json_object_set_new(o, "text", rpt_json_text((const uint8_t *)c->text[i], strlen(c->text[i])));
		char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
		printf("%s\n  %s", i ? "," : "", s ? s : "{}");
		free(s);
		json_decref(o);
	}
	printf("\n ],\n \"checks\": [");
	/* Formatting the checks is most of a large run's time: done in parallel, in blocks so
	 * that memory stays bounded, printed in order. jansson objects are not shared between
	 * threads; its hash seed is set once before they start. */
	json_object_seed(0);
	size_t block = 65536;
	struct json_job j = { v, c, d, x, xcalloc(n < block ? (n ? n : 1) : block, sizeof(char *)) };
	for (size_t b = 0; b < n; b += block) {
		size_t m = n - b < block ? n - b : block;
		j.v = v + b;
		pool_for(m, threads, json_one, &j);
		for (size_t i = 0; i < m; i++) {
			printf("%s\n  %s", b + i ? "," : "", j.out[i] ? j.out[i] : "{}");
			free(j.out[i]);
		}
	}
	free(j.out);
	printf("\n ]\n}\n");
	return EXIT_DONE;
}

static void print_table(const stn_check *v, size_t n, const claim_set *c, const doc_set *d,
			const stn_index *x, size_t nunlisted)
{
	static const int order[] = { STN_SUPPORTS, STN_DENIES, STN_DISCUSSES, STN_UNRELATED };
	/* what the documents of a group do, for one document and for several */
	static const char *what[][2] = {
		[STN_SUPPORTS] = { "supports the claim", "support the claim" },
		[STN_DENIES] = { "denies or debunks the claim", "deny or debunk the claim" },
		[STN_DISCUSSES] = { "reports or mentions the claim without taking a side",
				    "report or mention the claim without taking a side" },
		[STN_UNRELATED] = { "is about something else", "are about something else" },
	};
	size_t count[STN_NSTANCES] = { 0 };
	for (size_t i = 0; i < n; i++)
		count[v[i].stance]++;
	if (c->n == 1) {
		printf("claim: ");
		put_clean(stdout, c->text[0], 300);
		putchar('\n');
	}
	for (int o = 0; o < 4; o++) {
		int st = order[o];
		if (!count[st])
			continue;
		printf("\n%s: %zu document%s %s\n", stn_stance_name(st), count[st],
		       count[st] == 1 ? "" : "s", what[st][count[st] != 1]);
		for (size_t i = 0; i < n; i++) {
			const stn_check *k = &v[i];
			if (k->stance != st)
				continue;
			printf("  ");
			if (c->n > 1) {
				put_clean(stdout, c->id[k->claim], 20);
				printf("  ");
			}
			put_clean(stdout, d->id[k->doc], 40);
			printf("  score %.2f  related %.2f\n", k->score, k->related);
			if (st == STN_UNRELATED || !k->nev)
				continue;
			/* the best sentence, and the others only when a cue fired in them */
			size_t tn;
			const uint8_t *text = stn_index_text(x, k->doc, &tn);
			for (unsigned q = 0; q < k->nev; q++) {
				const stn_evidence *e = &k->ev[q];
				if (q > 0 && !e->ncues)
					continue;
				char *s = xstrndup((const char *)text + e->start, e->end - e->start);
				printf("      bytes %u-%u: \"", e->start, e->end);
				put_clean(stdout, s, 160);
				printf("\"");
				free(s);
				for (unsigned u = 0; u < e->ncues; u++)
					printf(u ? ", %s" : "  [cues: %s", stn_cue_word(e->cues[u]));
				printf(e->ncues ? "]\n" : "\n");
			}
		}
	}
	printf("\n%zu supports, %zu denies, %zu discusses, %zu unrelated", count[STN_SUPPORTS],
	       count[STN_DENIES], count[STN_DISCUSSES], count[STN_UNRELATED] + nunlisted);
	if (nunlisted)
		printf(" (%zu not listed; --all lists them)", nunlisted);
	printf("\n");
}

/* ---- the command ------------------------------------------------------------------------- */

int cmd_check(struct config *cfg)
{
	cli_set_quiet(cfg->quiet);
	cli_engine_hooks(cfg);
	claim_set claims = { 0 };
	doc_set docs = { 0 };
	stn_index *x = stn_index_new();
	stn_pair *pairs = NULL;
	stn_check *v = NULL;
	size_t npairs = 0, n = 0;
	const char *const *paths = cfg->paths;
	size_t npaths = cfg->npaths;
	int rc;
	if (cfg->claims_file) {
		rc = read_claims(cfg->claims_file, &claims);
	} else {
		/* cli_parse made sure the claim is there and has words */
		claims_push(&claims, "claim", paths[0]);
		paths++;
		npaths--;
		rc = -1;
	}
	if (rc < 0)
		rc = read_docs(cfg, paths, npaths, x, &docs);
	if (rc < 0 && cfg->pl.pairs_file)
		rc = read_pairs(cfg->pl.pairs_file, &claims, &docs, &pairs, &npairs);
	if (rc < 0) {
		unsigned threads = cfg->pl.threads; /* resolved by cli_engine_hooks */
		stn_index_finish(x, threads);
		stn_claim *cv = xcalloc(claims.n, sizeof *cv);
		for (size_t i = 0; i < claims.n; i++) {
			cv[i].text = (const uint8_t *)claims.text[i];
			cv[i].nbytes = strlen(claims.text[i]);
		}
		stn_check_run(x, cv, claims.n, pairs, npairs, cfg->all, threads, &v, &n);
		free(cv);
		size_t nunlisted = 0;
		if (!npairs && !cfg->all)
			nunlisted = claims.n * docs.n - n;
		if (cfg->json)
			print_json(v, n, &claims, &docs, x, threads);
		else
			print_table(v, n, &claims, &docs, x, nunlisted);
		rc = EXIT_DONE;
	}
	free(v);
	free(pairs);
	for (size_t i = 0; i < docs.n; i++) {
		free(docs.id[i]);
		free(docs.path[i]);
	}
	free(docs.id);
	free(docs.path);
	free(docs.by_id.slot);
	free(docs.by_path.slot);
	claims_free(&claims);
	stn_index_free(x);
	return rc;
}
