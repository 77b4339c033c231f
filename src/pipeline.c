/* pipeline.c - orders the stages and gathers their results (see pipeline.h).
 *
 * Workload: the similarity stage streams any corpus size; everything after it (tokens with
 * spans, passages, claims, relations) runs only in detail mode, for corpora small enough
 * to hold (news sets of tens to a few thousand articles). Alignment is the costly part
 * (about a millisecond per pair of 1,000-word articles), so every pair is aligned only up
 * to align_all_max documents; above that, only pairs the similarity stage found.
 * It does not print or write files.
 */
#include "overlap/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "overlap/boilerplate.h"
#ifdef OVL_HAVE_MPI
#include "overlap/dist.h"
#endif
#include "overlap/mem.h"
#include "overlap/pool.h"
#include "overlap/pubdate.h"
#include "overlap/stem.h"
#include "overlap/topic.h"
#include "pipeline_int.h"

/* ---- tuning ---------------------------------------------------------------------------- */

/* Detail mode holds every text, its tokens (24 bytes a word) and keys: 2,000 news
 * articles of ~1,000 words is ~100 MB, and all-pairs alignment of 300 documents is
 * 45,000 pairs, ~30 s on two cores at the measured ~1 ms a pair. */
#define PL_DETAIL_MAX 2000
#define PL_DETAIL_MAX_BYTES ((size_t)512 << 20)
#define PL_ALIGN_ALL_MAX 300
/* A document over 8 MiB is a book or a dump, not an article: it still takes part in
 * document similarity, but passages and claims skip it (a 200 MB line would otherwise
 * cost gigabytes of token records and a single "sentence" of millions of words). */
#define PL_DETAIL_DOC_MAX ((size_t)8 << 20)
/* Up to this many documents every pair is listed in the report with its relation, even
 * an unrelated one: a reader of a small set wants the whole table. */
#define PL_LIST_ALL_MAX 50
/* Topical similarity keeps ~8 bytes per distinct term of each document (~2-4 KB an
 * article) until the stories are made: 200,000 documents is ~0.5-1 GB; above, no stories. */
#define PL_TOPIC_MAX 200000
/* An N x N matrix of more than 200 documents is unreadable as a chart and large as JSON. */
#define PL_MATRIX_MAX 200

pl_config pl_config_default(void)
{
	pl_config c;
	memset(&c, 0, sizeof c);
	c.sim = sim_opts_default();
	c.aln = aln_opts_default();
	c.stem = true;
	c.boilerplate_df = 0;
	c.boilerplate_stories = BLP_MIN_STORIES;
	c.tpc = tpc_opts_default();
	c.stories = true;
	c.topic_max = PL_TOPIC_MAX;
	c.detail_max = PL_DETAIL_MAX;
	c.align_all_max = PL_ALIGN_ALL_MAX;
	c.matrix_max = PL_MATRIX_MAX;
	c.claims = true;
	return c;
}

/* ---- keeping texts while the similarity stage streams -------------------------------- */

struct keep_ctx {
	const pl_config *cfg;
	pl_text *texts;
	size_t n, cap;
	size_t nbytes;
	bool over; /* too many documents or bytes: detail mode is off, texts dropped */
	char place[1100];
	pdt_date *dates;      /* per document, every mode */
	size_t dates_cap;
	char *warned_path;    /* last file warned about a bad date: once per file */
	tpc_index *tix;       /* topic terms of every document; NULL when off or over */
	struct term_scratch *ts; /* per worker */
	unsigned nts;
};

/* Per-worker scratch of the topic-term work. */
struct term_scratch {
	tok_list toks;
	uint64_t *keys;
	size_t kcap;
	stem_ctx *st;         /* NULL when stemming is off */
	stem_ctx *stop;       /* stop-word test by hash */
	tpc_scan *scan;       /* tpc_doc_scan scratch (stemming on) */
};

/* What a worker thread computes for one document besides the similarity stage's own work
 * (sim_opts.doc_work): its date found in the text, and its topic terms. */
struct doc_extra {
	tpc_doc *terms;       /* NULL: none (stories off, or the document is skipped) */
	pdt_date date;        /* from the opening bytes, when dated */
	bool dated;
};

/* Worker thread: the topic terms of one document; from its words (hashes, spans: n of them)
 * when the similarity stage gives them (hashes not NULL). */
static tpc_doc *terms_of(struct keep_ctx *k, uint32_t idx, const crp_doc *doc, unsigned worker,
			 const uint64_t *hashes, const uint64_t *spans, size_t n)
{
	/* k->tix is not looked at: the calling thread may drop it meanwhile (terms_commit),
	 * and then frees what this computed */
	if (idx >= k->cfg->topic_max || doc->nbytes > PL_DETAIL_DOC_MAX ||
	    worker >= k->nts)
		return NULL;
	struct term_scratch *s = &k->ts[worker];
	if (s->st) { /* one pass over the text: the same terms as below, much cheaper */
		tpc_doc *d = xcalloc(1, sizeof *d);
		int rc = hashes ? tpc_doc_words(s->scan, s->st, doc->text, doc->nbytes, hashes, spans,
						n, d)
				: tpc_doc_scan(s->scan, s->st, doc->text, doc->nbytes, d);
		if (rc < 0) {
			tpc_doc_clear(d);
			free(d);
			return NULL;
		}
		return d;
	}
	if (tok_run(doc->text, doc->nbytes, &s->toks) < 0)
		return NULL;
	XGROW(s->keys, s->kcap, s->toks.n + 1);
	if (s->st)
		stem_keys(s->st, &s->toks, s->keys);
	else
		for (size_t w = 0; w < s->toks.n; w++)
			s->keys[w] = s->toks.v[w].hash;
	tpc_doc *d = xcalloc(1, sizeof *d);
	tpc_doc_terms(&s->toks, s->keys, doc->text, doc->nbytes, s->stop, d);
	return d;
}

/* Worker thread (sim_opts.doc_work): a dateline in the text of a document without a JSONL
 * date (~4% of a similarity-only run, off the calling thread here), and the topic terms. */
static void *extra_work(void *ud, uint32_t idx, const crp_doc *doc, unsigned worker)
{
	struct keep_ctx *k = ud;
	struct doc_extra *x = xcalloc(1, sizeof *x);
	if (!doc->date)
		x->dated = pdt_from_text(doc->text, doc->nbytes, &x->date) == 0;
	if (k->cfg->stories)
		x->terms = terms_of(k, idx, doc, worker, NULL, NULL, 0);
	return x;
}

/* extra_work with the words the similarity stage's pass 1 found (sim_opts.doc_words): the
 * topic terms without tokenising the text again. */
static void *extra_words(void *ud, uint32_t idx, const crp_doc *doc, const uint64_t *hashes,
			 const uint64_t *spans, size_t n, unsigned worker)
{
	struct keep_ctx *k = ud;
	struct doc_extra *x = xcalloc(1, sizeof *x);
	if (!doc->date)
		x->dated = pdt_from_text(doc->text, doc->nbytes, &x->date) == 0;
	x->terms = terms_of(k, idx, doc, worker, hashes, spans, n);
	return x;
}

static void terms_free(tpc_doc *d)
{
	if (d) {
		tpc_doc_clear(d);
		free(d);
	}
}

static void extra_free(void *ud, void *result)
{
	(void)ud;
	struct doc_extra *x = result;
	if (x)
		terms_free(x->terms);
	free(x);
}

/* Calling thread, input order, after keep_doc: the document's date from its text, and its
 * terms (none for a skipped one). */
static void extra_commit(void *ud, uint32_t idx, void *result)
{
	struct keep_ctx *k = ud;
	struct doc_extra *x = result;
	if (x && x->dated && idx < k->dates_cap)
		k->dates[idx] = x->date;
	tpc_doc *terms = x ? x->terms : NULL;
	free(x);
	if (k->tix && idx >= k->cfg->topic_max) {
		tpc_index_free(k->tix); /* too many documents for stories: off */
		k->tix = NULL;
	}
	if (k->tix) {
		tpc_doc empty = { 0 };
		if (tpc_index_add(k->tix, terms ? terms : &empty) < 0) {
			tpc_index_free(k->tix);
			k->tix = NULL;
		}
	}
	terms_free(terms);
}

#ifdef OVL_HAVE_MPI
/* A doc_extra as bytes, made on the process that read the document (dist_hooks). */
static void extra_pack(void *ud, const void *result, sbuf *out)
{
	(void)ud;
	const struct doc_extra *x = result;
	uint8_t flags = (uint8_t)((x->dated ? 1 : 0) | (x->terms ? 2 : 0));
	sb_add(out, (const char *)&flags, 1);
	if (x->dated) {
		const pdt_date *d = &x->date;
		sb_add(out, (const char *)&d->t, sizeof d->t);
		sb_add(out, (const char *)&d->from, 1);
		sb_add(out, (const char *)&d->precision, 1);
		sb_add(out, (const char *)&d->start, sizeof d->start);
		sb_add(out, (const char *)&d->end, sizeof d->end);
	}
	if (x->terms)
		dist_pack_terms(x->terms, out);
}

static void *extra_unpack(void *ud, const uint8_t *p, size_t n)
{
	(void)ud;
	struct doc_extra *x = xcalloc(1, sizeof *x);
	const size_t dn = sizeof x->date.t + 2 + 2 * sizeof x->date.start;
	if (n < 1)
		return x;
	uint8_t flags = p[0];
	size_t at = 1;
	if ((flags & 1) && n >= at + dn) {
		pdt_date *d = &x->date;
		memcpy(&d->t, p + at, sizeof d->t);
		at += sizeof d->t;
		d->from = p[at++];
		d->precision = p[at++];
		memcpy(&d->start, p + at, sizeof d->start);
		at += sizeof d->start;
		memcpy(&d->end, p + at, sizeof d->end);
		at += sizeof d->end;
		x->dated = true;
	}
	if (flags & 2) {
		x->terms = xcalloc(1, sizeof *x->terms);
		if (dist_unpack_terms(p + at, n - at, x->terms) == 0) {
			free(x->terms);
			x->terms = NULL;
		}
	}
	return x;
}
#endif

/* "PATH" or "PATH:LINE" for messages. */
static const char *doc_place(const crp_doc *d, char *buf, size_t cap)
{
	if (d->line)
		snprintf(buf, cap, "%s:%zu", d->path, d->line);
	else
		snprintf(buf, cap, "%s", d->path);
	return buf;
}

static void keep_doc(void *ud, uint32_t idx, const crp_doc *doc, const sim_doc *info)
{
	struct keep_ctx *k = ud;
	if (info->nbad && k->cfg->warn) {
		char msg[96];
		snprintf(msg, sizeof msg, "%u invalid UTF-8 sequence%s replaced", info->nbad,
			 info->nbad == 1 ? "" : "s");
		k->cfg->warn(k->cfg->ud, doc_place(doc, k->place, sizeof k->place), msg);
	}
	XGROW(k->dates, k->dates_cap, (size_t)idx + 1);
	memset(&k->dates[idx], 0, sizeof *k->dates);
	/* no JSONL date: an unambiguous date in the opening lines, if any, found by
	 * extra_work on a worker and set by extra_commit */
	if (doc->date && pdt_parse(doc->date, strlen(doc->date), &k->dates[idx]) < 0) {
		memset(&k->dates[idx], 0, sizeof *k->dates);
		if (k->cfg->warn && (!k->warned_path || strcmp(k->warned_path, doc->path) != 0)) {
			free(k->warned_path);
			k->warned_path = xstrdup(doc->path);
			k->cfg->warn(k->cfg->ud, doc_place(doc, k->place, sizeof k->place),
				     "\"date\" is neither ISO 8601 nor RFC 2822: treated as absent "
				     "(said once per file)");
		}
	}
	if (k->over)
		return;
	bool too_big = doc->nbytes > PL_DETAIL_DOC_MAX;
	if (too_big && k->cfg->warn && idx < k->cfg->detail_max)
		k->cfg->warn(k->cfg->ud, doc_place(doc, k->place, sizeof k->place),
			     "document over 8 MiB: no passages or claims for it");
	/* no text: a distributed run of more than detail_max documents (dist_hooks) */
	if (idx >= k->cfg->detail_max || !doc->text ||
	    (!too_big && k->nbytes + doc->nbytes > PL_DETAIL_MAX_BYTES)) {
		for (size_t i = 0; i < k->n; i++)
			free(k->texts[i].text);
		free(k->texts);
		k->texts = NULL;
		k->n = k->cap = 0;
		k->over = true;
		return;
	}
	XGROW(k->texts, k->cap, (size_t)idx + 1);
	while (k->n <= idx)
		memset(&k->texts[k->n++], 0, sizeof(pl_text));
	pl_text *t = &k->texts[idx];
	size_t nb = too_big ? 0 : doc->nbytes;
	t->text = xmalloc(nb + 1);
	memcpy(t->text, doc->text, nb);
	t->text[nb] = '\0';
	t->nbytes = nb;
	k->nbytes += nb;
}

static void keep_progress(void *ud, const char *phase, uint64_t done, uint64_t total)
{
	struct keep_ctx *k = ud;
	if (k->cfg->progress)
		k->cfg->progress(k->cfg->ud, phase, done, total);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- tokens and keys ----------------------------------------------------------------- */

struct tok_job {
	pl_text *texts;
	stem_ctx **stemmers; /* one per worker, NULL when stemming is off */
};

static void tokenize_one(void *ud, size_t i, unsigned worker)
{
	struct tok_job *j = ud;
	pl_text *t = &j->texts[i];
	/* Documents are capped far below 4 GiB by the reader, so tok_run cannot refuse. */
	if (tok_run(t->text, t->nbytes, &t->toks) < 0)
		t->toks.n = 0;
	t->keys = xcalloc(t->toks.n ? t->toks.n : 1, sizeof *t->keys);
	if (j->stemmers)
		stem_keys(j->stemmers[worker], &t->toks, t->keys);
	else
		for (size_t w = 0; w < t->toks.n; w++)
			t->keys[w] = t->toks.v[w].hash;
}

/* Boilerplate: seed n-grams found in articles of boilerplate_stories different stories
 * (each story counts a gram once, so the cut is an absolute number of stories: adding
 * articles of other stories never turns a story's shared text into boilerplate unless
 * they hold it too); with boilerplate_df > 0 also the old share-of-documents rule. */
static void mark_boilerplate(const pl_config *cfg, pl_result *r)
{
	size_t n = r->sim->ndocs;
	uint64_t **grams = xcalloc(n, sizeof *grams);
	for (size_t i = 0; i < n; i++) {
		size_t nt = r->texts[i].toks.n;
		grams[i] = xcalloc(nt ? nt : 1, sizeof **grams);
		aln_grams(&cfg->aln, &r->texts[i].toks, r->texts[i].keys, grams[i]);
		r->texts[i].common = xcalloc(nt ? nt : 1, 1);
	}
	blp_index *by_story = blp_new();
	uint64_t *u = NULL;
	size_t ucap = 0;
	for (size_t s = 0; r->topic && s < r->topic->nstories; s++) {
		const tpc_story *st = &r->topic->stories[s];
		size_t nu = 0;
		for (size_t k = 0; k < st->ndocs; k++) {
			size_t nt = r->texts[st->docs[k]].toks.n;
			XGROW(u, ucap, nu + nt + 1);
			memcpy(u + nu, grams[st->docs[k]], nt * sizeof *u);
			nu += nt;
		}
		blp_add_doc(by_story, u, nu); /* duplicates inside the story count once */
	}
	free(u);
	uint8_t *tmp = NULL;
	size_t tcap = 0;
	blp_index *by_doc = NULL;
	/* without stories (--no-stories), the share-of-documents rule of old */
	double df = cfg->boilerplate_df > 0 ? cfg->boilerplate_df
					    : (r->topic ? 0 : BLP_DF_FRAC_DEFAULT);
	if (df > 0) {
		by_doc = blp_new();
		for (size_t i = 0; i < n; i++)
			blp_add_doc(by_doc, grams[i], r->texts[i].toks.n);
	}
	for (size_t i = 0; i < n; i++) {
		size_t nt = r->texts[i].toks.n;
		if (r->topic)
			blp_mark_count(by_story, cfg->boilerplate_stories ? cfg->boilerplate_stories : 1,
				       grams[i], nt, r->texts[i].common);
		if (by_doc) {
			XGROW(tmp, tcap, nt + 1);
			blp_mark(by_doc, df, grams[i], nt, tmp);
			for (size_t w = 0; w < nt; w++)
				r->texts[i].common[w] |= tmp[w];
		}
		free(grams[i]);
	}
	free(tmp);
	free(grams);
	blp_free(by_doc);
	blp_free(by_story);
}

/* ---- alignment ------------------------------------------------------------------------ */

struct aln_job {
	const pl_config *cfg;
	pl_text *texts;
	pl_pair *pairs;
	const aln_prep *preps; /* per document, or NULL */
};

static aln_doc as_aln_doc(const pl_text *t, const aln_prep *prep)
{
	aln_doc d = { t->text, t->nbytes, &t->toks, t->keys, t->common, prep };
	return d;
}

/* Each document's aligner arrays, once, for the documents of the pairs to align. */
static void prep_one(void *ud, size_t i, unsigned worker)
{
	struct aln_job *j = ud;
	aln_prep *preps = (aln_prep *)j->preps;
	(void)worker;
	if (!preps[i].n && j->texts[i].toks.n) {
		aln_doc d = as_aln_doc(&j->texts[i], NULL);
		aln_prepare(&j->cfg->aln, &d, &preps[i]);
	}
}

static uint32_t *tok_spans(const tok_list *t, const uint32_t *idx, size_t n)
{
	uint32_t *s = xmalloc((n ? n : 1) * 2 * sizeof *s);
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = t->v[idx[i]].start;
		s[2 * i + 1] = t->v[idx[i]].end;
	}
	return s;
}

static void align_one(void *ud, size_t i, unsigned worker)
{
	struct aln_job *j = ud;
	pl_pair *p = &j->pairs[i];
	(void)worker;
	aln_doc a = as_aln_doc(&j->texts[p->a], j->preps ? &j->preps[p->a] : NULL);
	aln_doc b = as_aln_doc(&j->texts[p->b], j->preps ? &j->preps[p->b] : NULL);
	if (aln_pair(&j->cfg->aln, &a, &b, &p->passages, &p->npassages) < 0) {
		p->passages = NULL;
		p->npassages = 0;
	}
	p->cov_a = aln_coverage(p->passages, p->npassages, true, a.toks->n);
	p->cov_b = aln_coverage(p->passages, p->npassages, false, b.toks->n);
	if (!p->npassages)
		return;
	p->marks = xcalloc(p->npassages, sizeof *p->marks);
	for (size_t k = 0; k < p->npassages; k++) {
		uint32_t *da = NULL, *db = NULL;
		size_t na = 0, nb = 0;
		aln_diff(&a, &b, &p->passages[k], &da, &na, &db, &nb);
		p->marks[k].a = tok_spans(a.toks, da, na);
		p->marks[k].b = tok_spans(b.toks, db, nb);
		p->marks[k].na = na;
		p->marks[k].nb = nb;
		free(da);
		free(db);
	}
}

/* ---- detail stage ------------------------------------------------------------------------ */

/* The pairs to align into *out: the listed ones (cfg->pair_keys), all of them for small
 * corpora, else the similar ones and every pair of one story. @return 0 or an error (a
 * listed document that is not in the corpus). */
static int pairs_to_align(const pl_config *cfg, const pl_result *r, pl_pair **out, size_t *nout,
			  err_ctx *e)
{
	size_t n = r->sim->ndocs;
	*out = NULL;
	*nout = 0;
	pl_pair *al = NULL;
	size_t nal = 0, cal = 0;
	if (cfg->pair_keys) {
		for (size_t i = 0; i < cfg->npair_keys; i++) {
			long ia = plp_doc_lookup(r->sim, cfg->pair_keys[2 * i]);
			long ib = plp_doc_lookup(r->sim, cfg->pair_keys[2 * i + 1]);
			if (ia >= 0 && ib >= 0) {
				plp_push(&al, &nal, &cal, (uint32_t)ia, (uint32_t)ib);
				continue;
			}
			free(al); /* the pairs before the bad one */
			const char *bad = ia < 0 ? cfg->pair_keys[2 * i] : cfg->pair_keys[2 * i + 1];
			if (cfg->pairs_file && cfg->pair_lines)
				return err_set(e, OVL_EINPUT, cfg->pairs_file,
					       "line %zu: unknown document '%s'", cfg->pair_lines[i], bad);
			return err_set(e, OVL_EINPUT, bad, "no such document in the corpus");
		}
	} else if (n <= cfg->align_all_max) {
		for (uint32_t a = 0; a < n; a++)
			for (uint32_t b = a + 1; b < n; b++)
				plp_push(&al, &nal, &cal, a, b);
	} else {
		for (size_t i = 0; i < r->npairs; i++)
			plp_push(&al, &nal, &cal, r->pairs[i].a, r->pairs[i].b);
		/* every pair of one story: its duplicated reporting is what a reader wants */
		for (size_t s = 0; r->topic && s < r->topic->nstories; s++) {
			const tpc_story *st = &r->topic->stories[s];
			for (size_t x = 0; x < st->ndocs; x++)
				for (size_t y = x + 1; y < st->ndocs; y++)
					plp_push(&al, &nal, &cal, st->docs[x], st->docs[y]);
		}
	}
	*out = al;
	*nout = nal;
	return 0;
}

/* Merges the aligned pairs al into the similarity pairs: aligned pairs the similarity
 * stage did not report join the list when they share a passage (or are listed, of one
 * story, or the corpus is small). Takes the passages out of al. */
static void merge_aligned(pl_result *r, pl_pair *al, size_t nal)
{
	size_t n = r->sim->ndocs;
	size_t nsorted = r->npairs, cap = r->npairs;
	for (size_t i = 0; i < nal; i++) {
		long k = plp_find(r->pairs, nsorted, al[i].a, al[i].b);
		bool same = r->topic && r->topic->story[al[i].a] == r->topic->story[al[i].b];
		if (k >= 0) {
			pl_pair *p = &r->pairs[k];
			p->requested = al[i].requested;
			p->passages = al[i].passages;
			p->npassages = al[i].npassages;
			p->marks = al[i].marks;
			p->cov_a = al[i].cov_a;
			p->cov_b = al[i].cov_b;
		} else if (al[i].npassages || n <= PL_LIST_ALL_MAX || same || al[i].requested) {
			XGROW(r->pairs, cap, r->npairs + 1);
			r->pairs[r->npairs++] = al[i];
		} else {
			continue;
		}
		al[i].passages = NULL;
		al[i].marks = NULL;
	}
}

/* The documents as the claims stage reads them, with their publication dates. */
static void claim_docs(pl_result *r)
{
	size_t n = r->sim->ndocs;
	r->clm_docs = xcalloc(n, sizeof *r->clm_docs);
	for (size_t i = 0; i < n; i++) {
		r->clm_docs[i].id = r->sim->docs[i].id;
		r->clm_docs[i].text = r->texts[i].text;
		r->clm_docs[i].nbytes = r->texts[i].nbytes;
		r->clm_docs[i].toks = &r->texts[i].toks;
		if (r->dates && r->dates[i].from != PDT_NONE) {
			time_t t = (time_t)r->dates[i].t;
			struct tm tm;
			if (gmtime_r(&t, &tm)) {
				r->clm_docs[i].year = (int16_t)(tm.tm_year + 1900);
				r->clm_docs[i].month = (int8_t)(tm.tm_mon + 1);
				r->clm_docs[i].day = (int8_t)tm.tm_mday;
			}
		}
	}
}

/* The relation of every pair (rel_pair), from its measures, passages and contradictions. */
static int pair_relations(pl_result *r)
{
	for (size_t i = 0; i < r->npairs; i++) {
		pl_pair *p = &r->pairs[i];
		rel_pair_in in = {
			.a = p->a, .b = p->b,
			.words_a = (uint32_t)r->texts[p->a].toks.n, .words_b = (uint32_t)r->texts[p->b].toks.n,
			.jaccard = p->jaccard, .cont_ab = p->cont_ab, .cont_ba = p->cont_ba,
			.cov_a = p->cov_a, .cov_b = p->cov_b,
			.passages = p->passages, .npassages = p->npassages,
			.story = !r->topic ? REL_STORY_UNKNOWN
					   : p->same_story ? REL_STORY_SAME : REL_STORY_OTHER,
		};
		TRY(rel_pair(&in, r->claims, r->contra, r->ncontra, &p->rel));
		p->have_rel = true;
	}
	return 0;
}

static int run_detail(const pl_config *cfg, pl_result *r, err_ctx *e)
{
	size_t n = r->sim->ndocs;
	unsigned threads = pl_threads(cfg);

	if (cfg->progress)
		cfg->progress(cfg->ud, "tokenising", 0, n);
	struct tok_job tj = { r->texts, NULL };
	if (cfg->stem) {
		tj.stemmers = xcalloc(threads, sizeof *tj.stemmers);
		for (unsigned t = 0; t < threads; t++)
			tj.stemmers[t] = stem_new();
	}
	pool_for(n, threads, tokenize_one, &tj);
	if (tj.stemmers) {
		for (unsigned t = 0; t < threads; t++)
			stem_free(tj.stemmers[t]);
		free(tj.stemmers);
	}

	/* Boilerplate by story when stories are known, else (--no-stories) by documents. */
	mark_boilerplate(cfg, r);

	pl_pair *al;
	size_t nal;
	TRY(pairs_to_align(cfg, r, &al, &nal, e));
	bool listed_pairs = cfg->pairs_file || cfg->pair_keys;
	for (size_t i = 0; i < nal; i++)
		al[i].requested = listed_pairs;
	plp_unique(al, &nal);
	if (cfg->progress)
		cfg->progress(cfg->ud, "aligning", 0, nal);
	/* a document in several pairs gets its aligner arrays once, not once per pair (only
	 * worth the memory when documents recur: more pairs than documents) */
	aln_prep *preps = nal > n ? xcalloc(n ? n : 1, sizeof *preps) : NULL;
	struct aln_job aj = { cfg, r->texts, al, preps };
	if (preps)
		pool_for(n, threads, prep_one, &aj);
	pool_for(nal, threads, align_one, &aj);
	if (preps) {
		for (size_t i = 0; i < n; i++)
			aln_prep_free(&preps[i]);
		free(preps);
	}

	/* Merge aligned pairs into the similarity pairs; aligned pairs that the similarity stage
	 * did not report join the list when they share a passage. */
	merge_aligned(r, al, nal);
	free(al);
	if (r->npairs > 1 && !plp_sorted(r->pairs, r->npairs))
		qsort(r->pairs, r->npairs, sizeof *r->pairs, plp_cmp);
	plp_stories(r);
	plp_source_groups(r);

	if (!cfg->claims)
		return 0;
	if (cfg->progress)
		cfg->progress(cfg->ud, "claims", 0, n);
	claim_docs(r);
	clm_opts co = { .stem = cfg->stem, .story = r->topic ? r->topic->story : NULL,
			.threads = threads };
	TRY(clm_build(&co, r->clm_docs, n, r->source_group, &r->claims, e));
	/* Copies of one article count once for support, but a copy that changes a figure, a
	 * date or a polarity is what a fact-checker most needs to see: contradictions are
	 * looked for between any two documents, copies included; when stories are known,
	 * only between documents of one story. */
	TRY(rel_contradictions_story(r->claims, r->clm_docs, n, true,
				     r->topic ? r->topic->story : NULL, &r->contra, &r->ncontra));
	return pair_relations(r);
}

/* ---- API ------------------------------------------------------------------------------------ */

unsigned pl_threads(const pl_config *cfg)
{
	return cfg->threads ? cfg->threads : pool_ncpu();
}

/* The per-thread term readers of the stories (keep->ts) and the term index. */
static void term_readers_new(const pl_config *cfg, struct keep_ctx *k)
{
	if (cfg->stories) {
		k->tix = tpc_index_new();
		k->nts = pl_threads(cfg);
		k->ts = xcalloc(k->nts, sizeof *k->ts);
		for (unsigned t = 0; t < k->nts; t++) {
			k->ts[t].st = cfg->stem ? stem_new() : NULL;
			k->ts[t].stop = k->ts[t].st ? k->ts[t].st : stem_new();
			k->ts[t].scan = tpc_scan_new();
		}
	}
}

static void term_readers_free(struct keep_ctx *k)
{
	for (unsigned t = 0; t < k->nts; t++) {
		tok_list_free(&k->ts[t].toks);
		tpc_scan_free(k->ts[t].scan);
		free(k->ts[t].keys);
		if (k->ts[t].stop != k->ts[t].st)
			stem_free(k->ts[t].stop);
		stem_free(k->ts[t].st);
	}
	free(k->ts);
	k->ts = NULL;
	k->nts = 0;
}

/* The similarity stage's pairs as the first pair list (a < b, distinct). */
static void first_pairs(pl_result *r)
{
	/* Similarity pairs become the first pair list. */
	r->pairs = xcalloc(r->sim->npairs ? r->sim->npairs : 1, sizeof *r->pairs);
	for (size_t i = 0; i < r->sim->npairs; i++) {
		const sim_pair *s = &r->sim->pairs[i];
		pl_pair *p = &r->pairs[r->npairs++];
		p->a = s->a < s->b ? s->a : s->b;
		p->b = s->a < s->b ? s->b : s->a;
		p->jaccard = s->jaccard;
		p->jaccard_est = s->jaccard_est;
		p->cont_ab = s->a < s->b ? s->cont_ab : s->cont_ba;
		p->cont_ba = s->a < s->b ? s->cont_ba : s->cont_ab;
		p->have_sim = true;
	}
	plp_unique(r->pairs, &r->npairs);

}

/* Which pairs are listed: over a threshold, or sharing a real passage or a claim. */
static void mark_listed(const pl_config *cfg, pl_result *r)
{
	for (size_t i = 0; i < r->npairs; i++) {
		pl_pair *p = &r->pairs[i];
		double cont = p->cont_ab > p->cont_ba ? p->cont_ab : p->cont_ba;
		bool passage = false;
		for (size_t k = 0; k < p->npassages; k++)
			passage |= !p->passages[k].boilerplate;
		p->listed = p->jaccard >= cfg->sim.threshold || cont >= cfg->sim.containment ||
			    passage || (p->have_rel && (p->rel.nshared || p->rel.ncontradictions)) ||
			    p->same_story || p->requested || r->sim->ndocs <= PL_LIST_ALL_MAX;
	}
}

int pl_run(const pl_config *cfg, const char *const *paths, size_t npaths, pl_result **out,
	   err_ctx *e)
{
	*out = NULL;
	crp_opts co = cfg->crp;
	co.warn = cfg->warn;
	co.warn_ud = cfg->ud;
	crp_reader *rd = NULL;
	TRY(crp_open(paths, npaths, &co, &rd, e));

	pl_result *r = xcalloc(1, sizeof *r);
	struct keep_ctx keep = { .cfg = cfg };
	sim_opts so = cfg->sim;
	so.threads = pl_threads(cfg);
	so.on_doc = keep_doc;
	so.progress = keep_progress;
	so.ud = &keep;
	term_readers_new(cfg, &keep);
	so.doc_work = extra_work;
	if (cfg->stories && cfg->stem)
		so.doc_words = extra_words; /* terms from pass 1's words */
	so.doc_words_max = cfg->topic_max; /* no terms past it: no spans either */
	so.on_doc_work = extra_commit;
	so.doc_work_free = extra_free;
	/* Small corpora get every overlapping pair, so the matrix is exact. */
	so.keep_all_overlapping = true;
#ifdef OVL_HAVE_MPI
	dist_hooks dh = { extra_pack, extra_unpack, cfg->detail_max };
	int rc = cfg->dist ? dist_sim_run(cfg->dist, rd, &so, &dh, &r->sim, e)
			   : sim_run(rd, &so, &r->sim, e);
#else
	int rc = sim_run(rd, &so, &r->sim, e);
#endif
	crp_free(rd);
	term_readers_free(&keep);
	if (rc == 0 && !r->sim) { /* another process of an MPI job: process 0 reports */
		tpc_index_free(keep.tix);
		free(keep.dates);
		free(r);
		return 0;
	}
	if (rc == 0 && keep.tix && tpc_index_ndocs(keep.tix) == r->sim->ndocs) {
		/* topical similarity and stories, in every mode */
		if (cfg->progress)
			cfg->progress(cfg->ud, "stories", 0, r->sim->ndocs);
		double t0 = now_seconds();
		tpc_opts to = cfg->tpc;
		to.threads = pl_threads(cfg);
		rc = tpc_index_run(keep.tix, &to, &r->topic);
		if (rc < 0)
			rc = err_set(e, rc, NULL, "topical similarity: bad options");
		r->seconds_topic = now_seconds() - t0;
	}
	tpc_index_free(keep.tix);
	keep.tix = NULL;
	if (rc == OVL_EEMPTY)
		rc = err_set(e, OVL_EEMPTY, NULL, "no documents to analyse");
	if (rc < 0)
		goto fail;
	if (r->sim->ndocs == 0) {
		rc = err_set(e, OVL_EEMPTY, NULL, "no documents to analyse");
		goto fail;
	}

	first_pairs(r);

	r->dates = xcalloc(r->sim->ndocs, sizeof *r->dates);
	memcpy(r->dates, keep.dates, r->sim->ndocs * sizeof *r->dates);
	free(keep.dates);
	keep.dates = NULL;
	free(keep.warned_path);
	keep.warned_path = NULL;
	r->detail = !keep.over && keep.n == r->sim->ndocs && r->sim->ndocs <= cfg->detail_max;
	if (r->detail) {
		r->texts = keep.texts;
		keep.texts = NULL;
		double t0 = now_seconds();
		rc = run_detail(cfg, r, e);
		r->seconds_detail = now_seconds() - t0;
		if (rc < 0)
			goto fail;
	} else {
		for (size_t i = 0; i < keep.n; i++)
			free(keep.texts[i].text);
		free(keep.texts);
		keep.texts = NULL;
		plp_stories(r);
	}

	mark_listed(cfg, r);
	*out = r;
	return 0;
fail:
	free(keep.dates);
	free(keep.warned_path);
	if (keep.texts) { /* still ours when the similarity stage failed */
		for (size_t i = 0; i < keep.n; i++)
			free(keep.texts[i].text);
		free(keep.texts);
	}
	pl_result_free(r);
	return rc;
}

void pl_result_free(pl_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->npairs; i++) {
		pl_pair *p = &r->pairs[i];
		for (size_t k = 0; p->marks && k < p->npassages; k++) {
			free(p->marks[k].a);
			free(p->marks[k].b);
		}
		free(p->marks);
		free(p->passages);
		rel_relation_clear(&p->rel);
	}
	free(r->pairs);
	if (r->texts) {
		for (size_t i = 0; i < r->sim->ndocs; i++) {
			free(r->texts[i].text);
			tok_list_free(&r->texts[i].toks);
			free(r->texts[i].keys);
			free(r->texts[i].common);
		}
		free(r->texts);
	}
	free(r->source_group);
	free(r->dates);
	tpc_result_free(r->topic);
	clm_set_free(r->claims);
	free(r->clm_docs);
	free(r->contra);
	sim_result_free(r->sim);
	free(r);
}
