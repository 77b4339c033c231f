/* fuzz_detail.c - libFuzzer target for the judgement stages on hostile text: the input is
 * cut at NUL bytes into up to FZ_MAX_DOCS documents, which go through claims (clm_build),
 * contradictions (rel_contradictions_ex), the pair relation (rel_pair), passages
 * (aln_pair), topic terms and stories (tpc_doc_scan, tpc_run), dates (pdt_from_text,
 * pdt_parse) and `check` (stn_index, stn_check_run with the first line of the first
 * document as the claim). It asserts what every caller relies on: spans inside their
 * documents, indices in range, every document in exactly one story, scores in [0, 1].
 * CHECK aborts (works in NDEBUG builds too). Not a test of the judgements themselves. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/align.h"
#include "overlap/claim.h"
#include "overlap/pubdate.h"
#include "overlap/relation.h"
#include "overlap/stance.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"
#include "overlap/topic.h"

#include "fuzz_check.h"

/* Few documents keep thousands of runs a second; three give a story of two and a stranger. */
#define FZ_MAX_DOCS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_claims(const clm_doc *docs, size_t nd, const clm_set *cs)
{
	CHECK(clm_doc_count(cs) == nd);
	size_t nm = clm_mention_count(cs), nc = clm_count(cs);
	for (size_t i = 0; i < nm; i++) {
		const clm_mention *m = clm_mention_at(cs, i);
		CHECK(m->doc < nd);
		CHECK(m->start <= m->end && m->end <= docs[m->doc].nbytes);
		CHECK(m->claim < nc);
		for (size_t k = 0; k < m->nquantities; k++)
			CHECK(m->quantities[k].end <= docs[m->doc].nbytes);
		for (size_t k = 0; k < m->ndates; k++)
			CHECK(m->dates[k].end <= docs[m->doc].nbytes);
		for (size_t k = 0; k < m->nentities; k++)
			CHECK(m->entities[k].start <= m->entities[k].end &&
			      m->entities[k].end <= docs[m->doc].nbytes);
	}
	for (size_t i = 0; i < nc; i++) {
		const clm_claim *c = clm_claim_at(cs, i);
		CHECK(c->nmentions >= 1);
		for (size_t k = 0; k < c->nmentions; k++)
			CHECK(c->mentions[k] < nm);
		for (size_t k = 0; k < c->ndocs; k++)
			CHECK(c->docs[k] < nd);
	}
}

static void check_relations(const clm_doc *docs, size_t nd, const clm_set *cs)
{
	rel_contradiction *x = NULL;
	size_t nx = 0;
	CHECK(rel_contradictions_ex(cs, docs, nd, true, &x, &nx) == 0);
	size_t nm = clm_mention_count(cs);
	for (size_t i = 0; i < nx; i++) {
		CHECK(x[i].mention_a < nm && x[i].mention_b < nm && x[i].claim < clm_count(cs));
		uint32_t a = clm_mention_at(cs, x[i].mention_a)->doc;
		uint32_t b = clm_mention_at(cs, x[i].mention_b)->doc;
		CHECK(a < nd && b < nd);
		CHECK(x[i].va_start <= x[i].va_end && x[i].va_end <= docs[a].nbytes);
		CHECK(x[i].vb_start <= x[i].vb_end && x[i].vb_end <= docs[b].nbytes);
		CHECK(memchr(x[i].about, '\0', sizeof x[i].about));
		CHECK(memchr(x[i].reason, '\0', sizeof x[i].reason));
	}
	for (uint32_t a = 0; a + 1 < nd; a++) {
		rel_pair_in in = { .a = a, .b = a + 1, .words_a = 1, .words_b = 1 };
		rel_relation r = { 0 };
		CHECK(rel_pair(&in, cs, x, nx, &r) == 0);
		CHECK(r.label <= REL_UNRELATED);
		CHECK(r.repeat >= 0 && r.repeat <= 1 && r.extend >= 0 && r.extend <= 1 &&
		      r.contradict >= 0 && r.contradict <= 1);
		for (size_t k = 0; k < r.ncontradictions; k++)
			CHECK(r.contradictions[k] < nx);
		rel_relation_clear(&r);
	}
	free(x);
}

static void check_passages(const clm_doc *docs, size_t nd, const tok_list *toks,
			   uint64_t *const *keys)
{
	aln_opts ao = aln_opts_default();
	for (size_t a = 0; a + 1 < nd; a++) {
		aln_doc da = { docs[a].text, docs[a].nbytes, &toks[a], keys[a], NULL, NULL };
		aln_doc db = { docs[a + 1].text, docs[a + 1].nbytes, &toks[a + 1], keys[a + 1], NULL,
			       NULL };
		aln_passage *p = NULL;
		size_t np = 0;
		CHECK(aln_pair(&ao, &da, &db, &p, &np) == 0);
		for (size_t k = 0; k < np; k++) {
			CHECK(p[k].a_tok0 < p[k].a_tok1 && p[k].a_tok1 <= toks[a].n);
			CHECK(p[k].b_tok0 < p[k].b_tok1 && p[k].b_tok1 <= toks[a + 1].n);
			CHECK(p[k].a_end <= docs[a].nbytes && p[k].b_end <= docs[a + 1].nbytes);
		}
		free(p);
	}
}

static void check_stories(const clm_doc *docs, size_t nd, stem_ctx *st)
{
	tpc_scan *sc = tpc_scan_new();
	tpc_doc td[FZ_MAX_DOCS];
	memset(td, 0, sizeof td);
	for (size_t i = 0; i < nd; i++)
		CHECK(tpc_doc_scan(sc, st, docs[i].text, docs[i].nbytes, &td[i]) == 0);
	tpc_opts o = tpc_opts_default();
	o.threads = 1;
	tpc_result *r = NULL;
	CHECK(tpc_run(td, nd, &o, &r) == 0);
	size_t seen = 0;
	for (size_t s = 0; s < r->nstories; s++) {
		seen += r->stories[s].ndocs;
		CHECK(r->stories[s].label);
		for (size_t k = 0; k < r->stories[s].ndocs; k++) {
			uint32_t d = r->stories[s].docs[k];
			CHECK(d < nd && r->story[d] == s);
		}
	}
	CHECK(seen == nd);
	for (size_t i = 0; i < r->npairs; i++)
		CHECK(r->pairs[i].a < r->pairs[i].b && r->pairs[i].b < nd &&
		      r->pairs[i].sim >= 0 && r->pairs[i].sim <= 1.0001f);
	tpc_result_free(r);
	for (size_t i = 0; i < nd; i++)
		tpc_doc_clear(&td[i]);
	tpc_scan_free(sc);
}

static void check_stance(const clm_doc *docs, size_t nd)
{
	const uint8_t *t = docs[0].text;
	const uint8_t *eol = memchr(t, '\n', docs[0].nbytes);
	stn_claim claim = { t, eol ? (size_t)(eol - t) : docs[0].nbytes };
	if (!stn_claim_has_words(claim.text, claim.nbytes))
		return;
	stn_index *x = stn_index_new();
	for (size_t i = 0; i < nd; i++)
		stn_index_add(x, docs[i].text, docs[i].nbytes);
	stn_index_finish(x, 1);
	stn_check *out = NULL;
	size_t n = 0;
	stn_check_run(x, &claim, 1, NULL, 0, true, 1, &out, &n);
	CHECK(n == nd);
	for (size_t i = 0; i < n; i++) {
		CHECK(out[i].claim == 0 && out[i].doc < nd);
		CHECK(out[i].score >= 0 && out[i].score <= 1 && out[i].related >= 0 &&
		      out[i].related <= 1);
		CHECK(stn_stance_name(out[i].stance));
		for (size_t k = 0; k < out[i].nev; k++)
			CHECK(out[i].ev[k].start <= out[i].ev[k].end &&
			      out[i].ev[k].end <= docs[out[i].doc].nbytes);
	}
	free(out);
	stn_index_free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	clm_doc docs[FZ_MAX_DOCS];
	size_t nd = 0, at = 0;
	while (nd < FZ_MAX_DOCS) {
		const uint8_t *z = at < size ? memchr(data + at, 0, size - at) : NULL;
		size_t end = z && nd + 1 < FZ_MAX_DOCS ? (size_t)(z - data) : size;
		docs[nd++] = (clm_doc){ .id = NULL, .text = data + at, .nbytes = end - at };
		if (end >= size)
			break;
		at = end + 1;
	}
	for (size_t i = 0; i < nd; i++) {
		pdt_date d;
		if (pdt_from_text(docs[i].text, docs[i].nbytes, &d) == 0) {
			char buf[64];
			pdt_format(&d, buf, sizeof buf);
			CHECK(memchr(buf, '\0', sizeof buf));
		}
		size_t pn = docs[i].nbytes < 64 ? docs[i].nbytes : 64;
		(void)pdt_parse((const char *)docs[i].text, pn, &d);
	}
	stem_ctx *st = stem_new();
	tok_list toks[FZ_MAX_DOCS];
	uint64_t *keys[FZ_MAX_DOCS];
	memset(toks, 0, sizeof toks);
	for (size_t i = 0; i < nd; i++) {
		CHECK(tok_run(docs[i].text, docs[i].nbytes, &toks[i]) >= 0);
		keys[i] = malloc((toks[i].n + 1) * sizeof *keys[i]);
		CHECK(keys[i]);
		stem_keys(st, &toks[i], keys[i]);
		docs[i].toks = &toks[i];
	}
	clm_opts co = { .stem = true };
	clm_set *cs = NULL;
	CHECK(clm_build(&co, docs, nd, NULL, &cs, NULL) == 0);
	check_claims(docs, nd, cs);
	check_relations(docs, nd, cs);
	clm_set_free(cs);
	check_passages(docs, nd, toks, keys);
	check_stories(docs, nd, st);
	check_stance(docs, nd);
	for (size_t i = 0; i < nd; i++) {
		free(keys[i]);
		tok_list_free(&toks[i]);
	}
	stem_free(st);
	return 0;
}
