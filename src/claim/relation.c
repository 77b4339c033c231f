/* relation.c - contradictions between independent sources, and the relation of each pair.
 *
 * Contradictions: two statements about one fact that cannot both be true. Within each claim
 * cluster (claim_cluster.c grouped mentions by context, ignoring values, dates and polarity)
 * every two mentions from different source groups are compared on figures, dates and
 * polarity; each mention is read as a statement by fact.c, which anchors the comparison to
 * one fact (the words around a figure or date, a negation's scope and its predicate's
 * subject and object). A same-fact index by predicate lemma also sets each negated
 * predicate against mentions of other claims that affirm it, fact_identity.c's
 * identities ("X is not NAME") against the same name affirmed, and fact_exist.c's persons
 * denied to exist ("nor do we employ a ... named Kelly") against the same person
 * introduced ("another agent named Kelly"); relation_dates.c compares
 * dates (in a cluster, and sentences opened by a date across clusters) and the ages stated
 * for one person; relation_days.c days named relative to an article ("on Friday"),
 * relation_ago.c years counted back from it ("six years ago");
 * relation_qty.c compares figures; relation_attr.c titles and colours, relation_phone.c
 * phone numbers; denial.c sets articles that call a story false against those that state
 * it. With stories known, only documents of one story are compared. Guards against the
 * false alarms measured on real news
 * (docs/eval/): other years, rounding, bounds, more precision on one side,
 * transliterations, names read as counted nouns, totals against parts. Workload: a few
 * thousand mentions, clusters of a handful, index postings capped. It does not extract or
 * cluster claims (claim*.c) and does not write JSON (report_json.c).
 *
 * Pair relation formulas (all scores in 0..1). For a pair (a, b):
 *   in_a   = max(cont_ab, cov_a)      share of a found in b (shingles or passages)
 *   in_b   = max(cont_ba, cov_b)
 *   sh_a   = |shared claims| / |claims of a|   (0 when a has fewer than CLAIMS_MIN claims)
 *   sh_b   = |shared claims| / |claims of b|
 *   c_a    = max(in_a, CLAIM_WEIGHT * sh_a)   how much of a the other one repeats
 *   c_b    = max(in_b, CLAIM_WEIGHT * sh_b)
 *   repeat = min(c_a, c_b)
 *   extend = max(ext(a by b), ext(b by a)),  ext(x by y) = c_x * min(1, (1 - c_y) / EXT_FULL)
 *            (x is mostly inside y, and y has a share of at least EXT_FULL that x lacks;
 *            the extender is y)
 *   contra = k / (k + nshared * CONTRA_SHARED), k = contradictions between a and b
 * Label: contradict when k >= 1; else repeat when repeat >= REPEAT_MIN and repeat >= extend
 * (with EXT_FULL 0.3 that is: the larger side has less than ~23% new material); else
 * extend when extend >= EXTEND_MIN; else, when the pipeline knows the stories
 * (rel_pair_in.story), related when both are in one story; when it does not, related when
 * a non-boilerplate passage, RELATED_CLAIMS shared claims or a containment of RELATED_CONT
 * links them; else unrelated.
 */
#include <ctype.h>
#include <strings.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "overlap/denial.h"
#include "overlap/fact.h"
#include "overlap/mem.h"
#include "overlap/relation.h"
#include "overlap/stem.h"
#include "overlap/tokenize.h"
#include "overlap/util.h"
#include "relation_int.h"

/* ---- tuning ---- */

/* Polarity: one side negated, the other affirmed, is only a contradiction when the two
 * are close paraphrases; fact.c then checks that the negation scopes over the predicate
 * the other side affirms, with the same subject and object around it. 0.35 sits between
 * clustering's loosest paraphrase (0.28) and the old sentence-level rule (0.45), which
 * fact.c's scope and context checks replace. */
#define POL_SIM_MIN 0.35

/* ... or down to POL_LOOSE of it when the predicate's own context (fact.c: the words
 * around it, its subject and object) shares at least POL_LOOSE_SHARED words: "A bird did
 * not defecate on Russian President Vladimir Putin during a speech on Friday" / "A bird
 * defecated on Putin during his speech" are far apart as claim keys (0.2) and plainly one
 * fact. On dev-news this added 28 real and 17 false polarity reports (docs/eval/). */
#define POL_LOOSE 0.4
#define POL_LOOSE_SHARED 4

/* ... or one word fewer when every context word of the affirming side's clause (up to
 * POL_CLAUSE_WINDOW each way of its predicate, in its segment) is also around the negated
 * predicate: the affirming clause says nothing the negated one does not. */
#define POL_CLAUSE_WINDOW 6

/* Same-fact index: a negated predicate is also compared with mentions of other claims that
 * affirm the same lemma (clustering keeps "she is not al-Baghdadi's wife" and "she
 * confessed she was al-Baghdadi's wife" apart, as their other words differ). A lemma in
 * more than CROSS_POST_MAX mentions ("say", "make") is too common to index. */
#define CROSS_POST_MAX 400
#define CROSS_SIM_MIN 0.28

/* A contradiction of figures, dates or attributes needs two documents that disagree: it is
 * dropped when the other document also states this side's value (the same bytes, as words)
 * in a mention at least MIRROR_SIM like this side's, i.e. it says the same thing in nearly
 * the same words. Two copies of an article that gives two dates for two events ("April
 * 2021" ... "June 2024") otherwise contradicted each other twice, date against date across
 * the copies. */
#define MIRROR_SIM 0.5

/* Pair relation (see the formulas above). */
#define CLAIMS_MIN 3      /* fewer claims than this say too little about a whole document */
#define CLAIM_WEIGHT 0.9  /* shared claims count a little less than shared text */
#define EXT_FULL 0.30     /* two new paragraphs on a ten-paragraph article are an extension */
#define CONTRA_SHARED 0.25 /* one contradiction among four shared claims scores 0.5 */
#define REPEAT_MIN 0.75   /* most of both: a copy with a changed headline still repeats */
#define EXTEND_MIN 0.55
#define RELATED_CLAIMS 1  /* claims are checkable facts (entity, figure, date), not stock
                           * phrases: one stated by both links the stories */
#define RELATED_CONT 0.15

/* ---- names ---- */

const char *rel_label_name(uint8_t label)
{
	static const char *const n[] = {"repeat", "extend", "contradict", "related", "unrelated"};
	return label <= REL_UNRELATED ? n[label] : "unknown";
}

const char *rel_kind_name(uint8_t kind)
{
	static const char *const n[] = {"quantity", "date", "polarity", "antonym", "denial",
					"attribute"};
	return kind <= REL_ATTRIBUTE ? n[kind] : "unknown";
}

/* ---- helpers: text ---- */

/* Whether [s, e) is a valid span of doc d. */
bool rel_span_ok(const clm_doc *docs, size_t ndocs, uint32_t d, uint32_t s, uint32_t e)
{
	return docs && d < ndocs && docs[d].text && s < e && e <= docs[d].nbytes;
}

/* Copy text[s, e) of document d into out (cap bytes, NUL-terminated), on one line:
 * control bytes and newlines become spaces, runs of spaces collapse, and long text is cut
 * at a UTF-8 boundary with "...". Unusable span: "?". */
void rel_quote(const clm_doc *docs, size_t ndocs, uint32_t d, uint32_t s, uint32_t e,
		  char *out, size_t cap)
{
	if (!rel_span_ok(docs, ndocs, d, s, e)) {
		snprintf(out, cap, "?");
		return;
	}
	const uint8_t *t = docs[d].text;
	size_t lim = cap - 4 < QUOTE_MAX ? cap - 4 : QUOTE_MAX, n = 0;
	bool cut = false;
	for (uint32_t i = s; i < e; i++) {
		uint8_t c = t[i];
		if (c < 0x20 || c == 0x7f)
			c = ' ';
		if (c == ' ' && (n == 0 || out[n - 1] == ' '))
			continue;
		if (n >= lim) {
			cut = true;
			break;
		}
		out[n++] = (char)c;
	}
	if (cut) {
		while (n > 0 && ((uint8_t)out[n - 1] & 0xC0) == 0x80)
			n--; /* drop continuation bytes of a cut character ... */
		if (n > 0 && (uint8_t)out[n - 1] >= 0xC0)
			n--; /* ... and its lead byte */
		memcpy(out + n, "...", 3);
		n += 3;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

size_t rel_post_pairs(util_post *post, size_t np, size_t post_max, uint64_t **out)
{
	*out = NULL;
	if (np)
		qsort(post, np, sizeof *post, util_cmp_post);
	uint64_t *pairs = NULL;
	size_t npairs = 0, cap = 0;
	for (size_t lo = 0, hi; lo < np; lo = hi) {
		for (hi = lo; hi < np && post[hi].h == post[lo].h; hi++)
			;
		if (hi - lo > post_max)
			continue;
		for (size_t i = lo; i < hi; i++)
			for (size_t k = i + 1; k < hi; k++) {
				uint64_t x = post[i].m, y = post[k].m;
				if (x == y)
					continue;
				XGROW(pairs, cap, npairs + 1);
				pairs[npairs++] = (x < y ? x : y) << 32 | (x < y ? y : x);
			}
	}
	*out = pairs;
	return util_uniq_u64(pairs, npairs);
}

bool rel_pair_at(const clm_set *claims, uint64_t pair, bool same_source, uint32_t *ia,
		 uint32_t *ib, const clm_mention **pa, const clm_mention **pb)
{
	*ia = (uint32_t)(pair >> 32);
	*ib = (uint32_t)pair;
	*pa = clm_mention_at(claims, *ia);
	*pb = clm_mention_at(claims, *ib);
	if ((*pa)->doc == (*pb)->doc ||
	    (!same_source && clm_doc_source(claims, (*pa)->doc) == clm_doc_source(claims, (*pb)->doc)))
		return false;
	rel_by_doc(claims, ia, ib, pa, pb);
	return true;
}

/* Mention mi of claims as a statement, read on first use; NULL when unreadable. */
const fct_stmt *rel_stmt_of(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
			       size_t ndocs, uint32_t mi)
{
	if (mi >= sc->nstmt)
		return NULL;
	if (!sc->parsed[mi]) {
		const clm_mention *m = clm_mention_at(claims, mi);
		sc->parsed[mi] = 2;
		if (rel_span_ok(docs, ndocs, m->doc, m->start, m->end) &&
		    fct_stmt_parse(sc->fct, docs[m->doc].text, docs[m->doc].nbytes, m->start,
				   m->end, &sc->stmt[mi]) == 0)
			sc->parsed[mi] = 1;
	}
	return sc->parsed[mi] == 1 ? &sc->stmt[mi] : NULL;
}

/* ---- polarity ---- */

/* A negation in one mention scoped over the predicate the other affirms, or two antonyms,
 * about the same subject and object (fact.c decides); *fc gets the evidence. */
static bool polarity_conflict(rel_scratch *sc, const clm_mention *a, const fct_stmt *sa,
			      const clm_mention *b, const fct_stmt *sb, double sim, double min_sim,
			      const uint8_t *ta, const uint8_t *tb, fct_conflict *fc)
{
	if (!sa || !sb || sim < min_sim * POL_LOOSE)
		return false;
	(void)a;
	(void)b;
	if (!fct_polarity_conflict(sc->fct, sa, sb, fc))
		return false;
	if (sim >= min_sim || fc->shared >= POL_LOOSE_SHARED)
		return true;
	/* or one name is the subject of both predicates ("Comcast doesn't monitor our
	 * customer's browser software" / "Comcast already monitors its customers internet
	 * usage"): the same actor doing and not doing one thing, fact.c having found the
	 * object shared */
	if (ta && tb && fct_same_name_subject(sa, fc->pa_start, ta, sb, fc->pb_start, tb))
		return true;
	/* or every context word of the affirming side's clause is shared: "A bird defecated
	 * on Putin during his speech" has three, all in "Correction: A bird did not defecate
	 * on Russian President Vladimir Putin during a speech on Friday", whose mention's
	 * preamble ("It, too, has apprised readers that it got taken") keeps the keys apart */
	if (fc->shared + 1 < POL_LOOSE_SHARED)
		return false;
	const fct_stmt *aff = fc->cue_in_a ? sb : sa, *neg = fc->cue_in_a ? sa : sb;
	uint32_t s0 = fc->cue_in_a ? fc->pb_start : fc->pa_start;
	uint32_t e0 = fc->cue_in_a ? fc->pb_end : fc->pa_end;
	uint32_t n0 = fc->cue_in_a ? fc->pa_start : fc->pb_start;
	uint32_t n1 = fc->cue_in_a ? fc->pa_end : fc->pb_end;
	unsigned own = fct_context_shared(sc->fct, aff, s0, e0, aff, s0, e0, NULL,
					  POL_CLAUSE_WINDOW);
	unsigned in_neg = fct_context_shared(sc->fct, aff, s0, e0, neg, n0, n1, NULL,
					     POL_CLAUSE_WINDOW);
	return own + 1 >= POL_LOOSE_SHARED && in_neg >= own;
}

/* ---- same-fact index ---- */

/* Pairs of mentions of different claims where one negates a predicate whose lemma the
 * other affirms, keyed (lower index << 32 | higher), sorted and distinct, into *out. */
static size_t cross_candidates(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
			       size_t ndocs, bool same_source, uint64_t **out)
{
	size_t nm = clm_mention_count(claims);
	util_post *post = NULL;
	size_t np = 0, pcap = 0;
	for (size_t m = 0; m < nm; m++) {
		const fct_stmt *st = rel_stmt_of(sc, claims, docs, ndocs, (uint32_t)m);
		if (!st)
			continue;
		for (size_t i = 0; i < st->n; i++) {
			uint8_t f = st->w[i].flags;
			if (!(f & FCT_CONTENT) || (f & (FCT_NEGATED | FCT_NEARCUE | FCT_SUBORD | FCT_CUE |
							FCT_UPPER | FCT_NUM | FCT_SPEECH)))
				continue;
			const char *l = fct_lemma(sc->fct, st, i);
			XGROW(post, pcap, np + 1);
			post[np].h = hash_bytes(l, strlen(l), 0);
			post[np].m = (uint32_t)m;
			np++;
		}
	}
	if (np)
		qsort(post, np, sizeof *post, util_cmp_post);
	uint64_t *pairs = NULL;
	size_t npairs = 0, cap = 0;
	for (size_t m = 0; m < nm; m++) {
		const fct_stmt *st = rel_stmt_of(sc, claims, docs, ndocs, (uint32_t)m);
		if (!st)
			continue;
		const clm_mention *a = clm_mention_at(claims, m);
		for (size_t i = 0; i < st->n; i++) {
			if (!(st->w[i].flags & FCT_CUE) || st->w[i].pred < 0)
				continue;
			const char *l = fct_lemma(sc->fct, st, (size_t)st->w[i].pred);
			uint64_t h = hash_bytes(l, strlen(l), 0);
			size_t lo = util_post_lower(post, np, h);
			size_t end = lo;
			while (end < np && post[end].h == h)
				end++;
			if (end - lo > CROSS_POST_MAX)
				continue;
			for (size_t k = lo; k < end; k++) {
				uint32_t n2 = post[k].m;
				const clm_mention *b = clm_mention_at(claims, n2);
				if (n2 == m || a->doc == b->doc || a->claim == b->claim)
					continue;
				if (!same_source &&
				    clm_doc_source(claims, a->doc) == clm_doc_source(claims, b->doc))
					continue;
				uint64_t lo32 = m < n2 ? m : n2, hi32 = m < n2 ? n2 : m;
				XGROW(pairs, cap, npairs + 1);
				pairs[npairs++] = lo32 << 32 | hi32;
			}
		}
	}
	free(post);
	*out = pairs;
	return util_uniq_u64(pairs, npairs);
}

/* ---- contradictions ---- */

void rel_add_contra(rel_contradiction **v, size_t *n, size_t *cap, uint8_t kind,
		       uint32_t claim, uint32_t ma, uint32_t mb, const char *reason,
		       uint32_t xs, uint32_t xe, uint32_t ys, uint32_t ye, const char *about)
{
	XGROW(*v, *cap, *n + 1);
	rel_contradiction *c = &(*v)[(*n)++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->claim = claim;
	c->mention_a = ma;
	c->mention_b = mb;
	snprintf(c->reason, sizeof c->reason, "%s", reason);
	c->va_start = xs;
	c->va_end = xe;
	c->vb_start = ys;
	c->vb_end = ye;
	snprintf(c->about, sizeof c->about, "%s", about ? about : "");
}

/* Record a polarity or antonym conflict fc between mention ia (of document da, side a) and
 * mention ib (of document db, side b). */
static void add_polarity(rel_contradiction **v, size_t *nv, size_t *cap, const clm_doc *docs,
			 size_t ndocs, uint32_t claim, uint32_t ia, uint32_t da, uint32_t ib,
			 uint32_t db, const fct_conflict *fc)
{
	char qx[QUOTE_MAX + 8], qy[QUOTE_MAX + 8], reason[256];
	rel_quote(docs, ndocs, da, fc->pa_start, fc->pa_end, qx, sizeof qx);
	rel_quote(docs, ndocs, db, fc->pb_start, fc->pb_end, qy, sizeof qy);
	if (fc->kind == FCT_ANTONYM) {
		snprintf(reason, sizeof reason,
			 "\"%s\" in a vs \"%s\" in b, said of the same thing (antonyms)", qx, qy);
	} else {
		char cue[QUOTE_MAX + 8];
		rel_quote(docs, ndocs, fc->cue_in_a ? da : db, fc->cue_start, fc->cue_end, cue,
		      sizeof cue);
		snprintf(reason, sizeof reason, "%s negates \"%s\" (\"%s\"), which %s affirms",
			 fc->cue_in_a ? "a" : "b", fc->cue_in_a ? qx : qy, cue,
			 fc->cue_in_a ? "b" : "a");
	}
	rel_add_contra(v, nv, cap, fc->kind == FCT_ANTONYM ? REL_ANTONYM : REL_POLARITY, claim, ia,
		   ib, reason, fc->pa_start, fc->pa_end, fc->pb_start, fc->pb_end, fc->what);
}

static int contra_cmp_with(const clm_set *s, const rel_contradiction *x,
			   const rel_contradiction *y)
{
	const clm_mention *xa = clm_mention_at(s, x->mention_a), *ya = clm_mention_at(s, y->mention_a);
	const clm_mention *xb = clm_mention_at(s, x->mention_b), *yb = clm_mention_at(s, y->mention_b);
	if (xa->doc != ya->doc)
		return xa->doc < ya->doc ? -1 : 1;
	if (xa->start != ya->start)
		return xa->start < ya->start ? -1 : 1;
	if (xb->doc != yb->doc)
		return xb->doc < yb->doc ? -1 : 1;
	if (xb->start != yb->start)
		return xb->start < yb->start ? -1 : 1;
	return (x->kind > y->kind) - (x->kind < y->kind);
}

/* Insertion sort keyed by mention positions: contradictions are few (rare by nature), and
 * this keeps the engine free of the global a qsort comparator would need. */
static void sort_contra(const clm_set *s, rel_contradiction *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		rel_contradiction t = v[i];
		size_t j = i;
		while (j > 0 && contra_cmp_with(s, &v[j - 1], &t) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = t;
	}
}

int rel_contradictions(const clm_set *claims, const clm_doc *docs, size_t ndocs,
		       rel_contradiction **out, size_t *n)
{
	return rel_contradictions_ex(claims, docs, ndocs, false, out, n);
}

/* Mentions *ia and *ib and their records in document order: a's document first (the
 * contract of rel_contradiction). */
void rel_by_doc(const clm_set *claims, uint32_t *ia, uint32_t *ib, const clm_mention **pa,
		   const clm_mention **pb)
{
	*pa = clm_mention_at(claims, *ia);
	*pb = clm_mention_at(claims, *ib);
	if ((*pa)->doc > (*pb)->doc) {
		const clm_mention *t = *pa;
		*pa = *pb;
		*pb = t;
		uint32_t ti = *ia;
		*ia = *ib;
		*ib = ti;
	}
}

/* The same-fact index pass: negated predicates against other claims' affirmations. */
static void cross_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
		       size_t ndocs, bool same_source, rel_contradiction **v, size_t *nv,
		       size_t *cap)
{
	/* the same-fact index, across claims */
	uint64_t *cross = NULL;
	size_t ncross = cross_candidates(sc, claims, docs, ndocs, same_source, &cross);
	for (size_t k = 0; k < ncross; k++) {
		uint32_t ia = (uint32_t)(cross[k] >> 32), ib = (uint32_t)cross[k];
		const clm_mention *pa, *pb;
		rel_by_doc(claims, &ia, &ib, &pa, &pb);
		const fct_stmt *sa = rel_stmt_of(sc, claims, docs, ndocs, ia);
		const fct_stmt *sb = rel_stmt_of(sc, claims, docs, ndocs, ib);
		double sim = clm_mention_similarity(claims, ia, ib);
		fct_conflict fc;
		if (polarity_conflict(sc, pa, sa, pb, sb, sim, CROSS_SIM_MIN, docs[pa->doc].text,
				      docs[pb->doc].text, &fc))
			add_polarity(v, nv, cap, docs, ndocs, pa->claim, ia, pa->doc, ib,
				     pb->doc, &fc);
	}
	free(cross);
}

/* A statement form read alone and its conflict between two statements: identities
 * (fact_identity.c) and persons introduced by name (fact_exist.c). */
typedef bool (*named_read_fn)(const fct_stmt *s, void *out);
typedef bool (*named_conflict_fn)(fct_ctx *c, const fct_stmt *a, const fct_stmt *b,
				  fct_conflict *out);

static bool identity_read(const fct_stmt *s, void *out)
{
	return fct_identity_read(s, out);
}

static bool exist_read(const fct_stmt *s, void *out)
{
	return fct_exist_read(s, out);
}

/* Identities (fact_identity.c): "X was NAME" in one document, "X is not NAME" in another;
 * persons (fact_exist.c): "an agent named NAME" in one, "nor do we employ a ... named
 * NAME" in another; across claims (the two sides are worded apart, so clustering keeps
 * them apart); one report per pair of documents and name. Such statements are few: all
 * pairs. */
static void named_pass(rel_scratch *sc, const clm_set *claims, const clm_doc *docs,
		       size_t ndocs, bool same_source, named_read_fn read,
		       named_conflict_fn conflict, rel_contradiction **v, size_t *nv,
		       size_t *cap)
{
	size_t nm = clm_mention_count(claims), ni = 0, icap = 0;
	uint32_t *ids = NULL;
	for (size_t m = 0; m < nm; m++) {
		const fct_stmt *st = rel_stmt_of(sc, claims, docs, ndocs, (uint32_t)m);
		union {
			fct_identity id;
			fct_exist ex;
		} form;
		if (!st || !read(st, &form))
			continue;
		XGROW(ids, icap, ni + 1);
		ids[ni++] = (uint32_t)m;
	}
	size_t first = *nv;
	for (size_t i = 0; i < ni; i++)
		for (size_t j = i + 1; j < ni; j++) {
			uint32_t ia = ids[i], ib = ids[j];
			const clm_mention *pa, *pb;
			rel_by_doc(claims, &ia, &ib, &pa, &pb);
			if (pa->doc == pb->doc || (!same_source && clm_doc_source(claims, pa->doc) ==
								  clm_doc_source(claims, pb->doc)))
				continue;
			fct_conflict fc;
			if (!conflict(sc->fct, rel_stmt_of(sc, claims, docs, ndocs, ia),
				      rel_stmt_of(sc, claims, docs, ndocs, ib), &fc))
				continue;
			bool dup = false;
			for (size_t k = first; k < *nv && !dup; k++)
				dup = clm_mention_at(claims, (*v)[k].mention_a)->doc == pa->doc &&
				      clm_mention_at(claims, (*v)[k].mention_b)->doc == pb->doc &&
				      strcmp((*v)[k].about, fc.what) == 0;
			if (!dup)
				add_polarity(v, nv, cap, docs, ndocs, pa->claim, ia, pa->doc, ib,
					     pb->doc, &fc);
		}
	free(ids);
}

/* Denials (denial.h): one article calls the story false, another states it. */
static void denial_pass(const clm_set *claims, const clm_doc *docs, size_t ndocs,
			bool same_source, const uint32_t *story, rel_contradiction **v, size_t *nv,
			size_t *cap)
{
	dnl_finding *f = NULL;
	size_t nf = 0;
	dnl_find(claims, docs, ndocs, same_source, story, &f, &nf);
	size_t before = *nv;
	for (size_t i = 0; i < nf; i++) {
		uint32_t ms = f[i].statement, md = f[i].denial;
		const clm_mention *st = clm_mention_at(claims, ms), *de = clm_mention_at(claims, md);
		/* a pair of documents with a negated predicate already has the sharper
		 * evidence of the same dispute */
		bool known = false;
		for (size_t k = 0; k < before && !known; k++) {
			const rel_contradiction *c = &(*v)[k];
			if (c->kind != REL_POLARITY && c->kind != REL_ANTONYM)
				continue;
			uint32_t da = clm_mention_at(claims, c->mention_a)->doc;
			uint32_t db = clm_mention_at(claims, c->mention_b)->doc;
			known = (da == st->doc && db == de->doc) || (da == de->doc && db == st->doc);
		}
		if (known)
			continue;
		bool denial_is_a = de->doc < st->doc;
		char cue[QUOTE_MAX + 8], reason[256];
		rel_quote(docs, ndocs, de->doc, f[i].cue_start, f[i].cue_end, cue, sizeof cue);
		if (f[i].hedge_end > f[i].hedge_start) {
			char hedge[QUOTE_MAX + 8];
			rel_quote(docs, ndocs, st->doc, f[i].hedge_start, f[i].hedge_end, hedge,
				  sizeof hedge);
			snprintf(reason, sizeof reason,
				 "%s calls it false (\"%s\"); %s reports it, hedged (\"%s\"; %s)",
				 denial_is_a ? "a" : "b", cue, denial_is_a ? "b" : "a", hedge,
				 f[i].about);
		} else {
			snprintf(reason, sizeof reason, "%s calls it false (\"%s\"); %s states it (%s)",
				 denial_is_a ? "a" : "b", cue, denial_is_a ? "b" : "a", f[i].about);
		}
		if (denial_is_a)
			rel_add_contra(v, nv, cap, REL_DENIAL, de->claim, md, ms, reason, f[i].cue_start,
				   f[i].cue_end, st->start, st->end, f[i].about);
		else
			rel_add_contra(v, nv, cap, REL_DENIAL, st->claim, ms, md, reason, st->start,
				   st->end, f[i].cue_start, f[i].cue_end, f[i].about);
	}
	free(f);
}

/* Whether a number follows byte e of t[0..n) past blanks and commas ("May" in "May 2016"). */
static bool number_follows(const uint8_t *t, size_t n, size_t e)
{
	while (e < n && (t[e] == ' ' || t[e] == ','))
		e++;
	return e < n && isdigit(t[e]);
}

/* Whether bytes [vs, ve) of document `from` (the value one side of a contradiction
 * states, in mention m) also stand as words in a mention of document `in` at least
 * MIRROR_SIM like m, outside [os, oe) (the value `in` sets against it), with no number
 * after them that the value lacks ("May" is not "May 2016"). moff: each document's first
 * mention (mentions are numbered in document order). */
static bool mirrored(const clm_set *claims, const clm_doc *docs, size_t ndocs,
		     const size_t *moff, uint32_t m, uint32_t from, uint32_t vs, uint32_t ve,
		     uint32_t in, uint32_t os, uint32_t oe)
{
	if (from >= ndocs || in >= ndocs || ve <= vs || ve > docs[from].nbytes)
		return false;
	const uint8_t *val = docs[from].text + vs;
	size_t vn = ve - vs, n = docs[in].nbytes;
	bool val_num = number_follows(docs[from].text, docs[from].nbytes, ve);
	const uint8_t *t = docs[in].text;
	for (size_t k = moff[in]; k < moff[in + 1]; k++) {
		const clm_mention *o = clm_mention_at(claims, k);
		if (o->end > n || o->end - o->start < vn)
			continue;
		bool found = false;
		for (size_t p = o->start; p + vn <= o->end && !found; p++)
			found = t[p] == val[0] && !memcmp(t + p, val, vn) &&
				(p == 0 || !isalnum(t[p - 1])) && (p + vn == n || !isalnum(t[p + vn])) &&
				(p + vn <= os || p >= oe) && number_follows(t, n, p + vn) == val_num;
		if (found && clm_mention_similarity(claims, m, k) >= MIRROR_SIM)
			return true;
	}
	return false;
}

/* Drop the contradictions either side of which the other document states too (mirrored). */
static size_t drop_mirrored(const clm_set *claims, const clm_doc *docs, size_t ndocs,
			    rel_contradiction *v, size_t nv)
{
	/* each document's mentions: [moff[d], moff[d + 1]) */
	size_t nm = clm_mention_count(claims);
	size_t *moff = xcalloc(ndocs + 2, sizeof *moff);
	for (size_t i = 0; i < nm; i++) {
		uint32_t d = clm_mention_at(claims, i)->doc;
		moff[(d < ndocs ? d : ndocs) + 1]++;
	}
	for (size_t d = 0; d <= ndocs; d++)
		moff[d + 1] += moff[d];
	size_t k = 0;
	for (size_t i = 0; i < nv; i++) {
		uint32_t da = clm_mention_at(claims, v[i].mention_a)->doc;
		uint32_t db = clm_mention_at(claims, v[i].mention_b)->doc;
		/* figures, dates and attributes only: a denial or a negation quotes or reports
		 * what it disputes ("The bogus report says: ...", "Esquire reported a panel ...
		 * there was no panel"), so the other side's words stand in it by design */
		bool value = v[i].kind == REL_QUANTITY || v[i].kind == REL_DATE ||
			     v[i].kind == REL_ATTRIBUTE;
		if (value &&
		    (mirrored(claims, docs, ndocs, moff, v[i].mention_a, da, v[i].va_start,
			      v[i].va_end, db, v[i].vb_start, v[i].vb_end) ||
		     mirrored(claims, docs, ndocs, moff, v[i].mention_b, db, v[i].vb_start,
			      v[i].vb_end, da, v[i].va_start, v[i].va_end)))
			continue;
		v[k++] = v[i];
	}
	free(moff);
	return k;
}

int rel_contradictions_ex(const clm_set *claims, const clm_doc *docs, size_t ndocs,
			  bool same_source, rel_contradiction **out, size_t *n)
{
	return rel_contradictions_story(claims, docs, ndocs, same_source, NULL, out, n);
}

int rel_contradictions_story(const clm_set *claims, const clm_doc *docs, size_t ndocs,
			     bool same_source, const uint32_t *story, rel_contradiction **out,
			     size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!claims)
		return 0;
	rel_contradiction *v = NULL;
	size_t nv = 0, cap = 0;
	size_t nc = clm_count(claims);
	rel_scratch scr;
	memset(&scr, 0, sizeof scr);
	scr.fct = fct_new();
	scr.nstmt = clm_mention_count(claims);
	scr.stmt = xcalloc(scr.nstmt ? scr.nstmt : 1, sizeof *scr.stmt);
	scr.parsed = xcalloc(scr.nstmt ? scr.nstmt : 1, 1);
	for (size_t c = 0; c < nc; c++) {
		const clm_claim *cl = clm_claim_at(claims, c);
		if (cl->sources < 2 && (!same_source || cl->ndocs < 2))
			continue;
		for (size_t i = 0; i < cl->nmentions; i++) {
			uint32_t mi = cl->mentions[i];
			const clm_mention *a = clm_mention_at(claims, mi);
			for (size_t j = i + 1; j < cl->nmentions; j++) {
				uint32_t mj = cl->mentions[j];
				const clm_mention *b = clm_mention_at(claims, mj);
				uint32_t ia = mi, ib = mj;
				if (a->doc == b->doc ||
				    (!same_source && clm_doc_source(claims, a->doc) ==
							     clm_doc_source(claims, b->doc)))
					continue;
				const clm_mention *pa = a, *pb = b;
				if (pa->doc > pb->doc) {
					pa = b;
					pb = a;
					ia = mj;
					ib = mi;
				}
				const fct_stmt *sa = rel_stmt_of(&scr, claims, docs, ndocs, ia);
				const fct_stmt *sb = rel_stmt_of(&scr, claims, docs, ndocs, ib);
				double sim = clm_mention_similarity(claims, ia, ib);
				char qx[QUOTE_MAX + 8], qy[QUOTE_MAX + 8], reason[256];
				bool comparable;
				finding f = rel_qty_conflict(&scr, docs, ndocs, pa, sa, pb, sb, sim,
							     &comparable);
				if (f.found) {
					rel_quote(docs, ndocs, pa->doc, f.xs, f.xe, qx, sizeof qx);
					rel_quote(docs, ndocs, pb->doc, f.ys, f.ye, qy, sizeof qy);
					snprintf(reason, sizeof reason, "\"%s\" vs \"%s\" %s", qx, qy,
						 f.ctx);
					const char *about = f.qa->noun ? f.qa->noun
							    : f.qb->noun ? f.qb->noun
							    : f.qa->unit_name;
					rel_add_contra(&v, &nv, &cap, REL_QUANTITY, (uint32_t)c, ia, ib,
						   reason, f.xs, f.xe, f.ys, f.ye, about);
				}
				/* dates beside comparable figures are the figures' periods */
				f = comparable ? (finding){0}
						: rel_date_conflict(&scr, docs, ndocs, pa, sa, pb, sb, sim);
				if (f.found) {
					rel_quote(docs, ndocs, pa->doc, f.xs, f.xe, qx, sizeof qx);
					rel_quote(docs, ndocs, pb->doc, f.ys, f.ye, qy, sizeof qy);
					snprintf(reason, sizeof reason, "\"%s\" vs \"%s\" %s", qx, qy,
						 f.ctx);
					rel_add_contra(&v, &nv, &cap, REL_DATE, (uint32_t)c, ia, ib, reason,
						   f.xs, f.xe, f.ys, f.ye, "date");
				}
				fct_conflict fc;
				if (polarity_conflict(&scr, pa, sa, pb, sb, sim, POL_SIM_MIN,
						      docs[pa->doc].text, docs[pb->doc].text, &fc))
					add_polarity(&v, &nv, &cap, docs, ndocs, (uint32_t)c, ia,
						     pa->doc, ib, pb->doc, &fc);
			}
		}
	}
	cross_pass(&scr, claims, docs, ndocs, same_source, &v, &nv, &cap);
	named_pass(&scr, claims, docs, ndocs, same_source, identity_read, fct_identity_conflict,
		   &v, &nv, &cap);
	rel_age_pass(&scr, claims, docs, ndocs, same_source, &v, &nv, &cap);
	rel_lead_date_pass(&scr, claims, docs, ndocs, same_source, &v, &nv, &cap);
	rel_day_pass(&scr, claims, docs, ndocs, same_source, &v, &nv, &cap);
	rel_ago_pass(&scr, claims, docs, ndocs, same_source, &v, &nv, &cap);
	rel_attr_pass(&scr, claims, docs, ndocs, same_source, &v, &nv, &cap);
	rel_phone_pass(&scr, claims, docs, ndocs, same_source, &v, &nv, &cap);
	denial_pass(claims, docs, ndocs, same_source, story, &v, &nv, &cap);
	/* after the denials: a person denied to exist is another fact than the story a
	 * denial disputes, and does not stand in for it (denial_pass skips the pairs that
	 * already have a negated predicate) */
	named_pass(&scr, claims, docs, ndocs, same_source, exist_read, fct_exist_conflict, &v,
		   &nv, &cap);
	stem_free(scr.stem);
	tok_list_free(&scr.toks);
	for (size_t i = 0; i < scr.nstmt; i++)
		fct_stmt_free(&scr.stmt[i]);
	free(scr.stmt);
	free(scr.parsed);
	fct_free(scr.fct);
	if (docs)
		nv = drop_mirrored(claims, docs, ndocs, v, nv);
	if (story) {
		size_t k = 0;
		for (size_t i = 0; i < nv; i++) {
			uint32_t da = clm_mention_at(claims, v[i].mention_a)->doc;
			uint32_t db = clm_mention_at(claims, v[i].mention_b)->doc;
			if (da < ndocs && db < ndocs && story[da] == story[db])
				v[k++] = v[i];
		}
		nv = k;
	}
	sort_contra(claims, v, nv);
	*out = v;
	*n = nv;
	return 0;
}

/* ---- pair relation ---- */

/* Claims of doc not in shared (both ascending), into a new array. */
static uint32_t *claims_minus(const uint32_t *ids, size_t n, const uint32_t *shared,
			      size_t nshared, size_t *nout)
{
	uint32_t *v = NULL;
	size_t k = 0;
	if (n)
		v = xmalloc(n * sizeof *v);
	for (size_t i = 0; i < n; i++)
		if (!util_has_u32(shared, nshared, ids[i]))
			v[k++] = ids[i];
	if (!k) {
		free(v);
		v = NULL;
	}
	*nout = k;
	return v;
}

static double clamp01(double x)
{
	if (!(x > 0))
		return 0;
	return x > 1 ? 1 : x;
}

int rel_pair(const rel_pair_in *in, const clm_set *claims, const rel_contradiction *contra,
	     size_t ncontra, rel_relation *out)
{
	memset(out, 0, sizeof *out);
	out->extender = -1;
	out->label = REL_UNRELATED;
	if (!in)
		return 0;
	uint32_t a = in->a, b = in->b;

	/* passages (non-boilerplate) */
	if (in->passages && in->npassages) {
		out->passages = xmalloc(in->npassages * sizeof *out->passages);
		for (size_t i = 0; i < in->npassages; i++)
			if (!in->passages[i].boilerplate)
				out->passages[out->npassages++] = (uint32_t)i;
		if (!out->npassages) {
			free(out->passages);
			out->passages = NULL;
		}
	}

	/* claims */
	size_t nca = 0, ncb = 0;
	if (claims && a < clm_doc_count(claims) && b < clm_doc_count(claims)) {
		const uint32_t *ia, *ib;
		nca = clm_doc_claims(claims, a, &ia);
		ncb = clm_doc_claims(claims, b, &ib);
		out->nshared = clm_pair_shared(claims, a, b, &out->shared);
		out->new_a = claims_minus(ia, nca, out->shared, out->nshared, &out->nnew_a);
		out->new_b = claims_minus(ib, ncb, out->shared, out->nshared, &out->nnew_b);
		size_t ccap = 0;
		for (size_t i = 0; contra && i < ncontra; i++) {
			if (contra[i].mention_a >= clm_mention_count(claims) ||
			    contra[i].mention_b >= clm_mention_count(claims))
				continue;
			uint32_t da = clm_mention_at(claims, contra[i].mention_a)->doc;
			uint32_t db = clm_mention_at(claims, contra[i].mention_b)->doc;
			if ((da == a && db == b) || (da == b && db == a)) {
				XGROW(out->contradictions, ccap, out->ncontradictions + 1);
				out->contradictions[out->ncontradictions++] = (uint32_t)i;
			}
		}
	}
	/* scores */
	double in_a = clamp01(fmax(in->cont_ab, in->cov_a));
	double in_b = clamp01(fmax(in->cont_ba, in->cov_b));
	double sh_a = nca >= CLAIMS_MIN ? (double)out->nshared / (double)nca : 0;
	double sh_b = ncb >= CLAIMS_MIN ? (double)out->nshared / (double)ncb : 0;
	double c_a = clamp01(fmax(in_a, CLAIM_WEIGHT * sh_a));
	double c_b = clamp01(fmax(in_b, CLAIM_WEIGHT * sh_b));
	out->repeat = fmin(c_a, c_b);
	double ext_by_b = c_a * fmin(1.0, (1.0 - c_b) / EXT_FULL); /* b adds to a */
	double ext_by_a = c_b * fmin(1.0, (1.0 - c_a) / EXT_FULL);
	out->extend = clamp01(fmax(ext_by_a, ext_by_b));
	if (out->extend > 0)
		out->extender = ext_by_b >= ext_by_a ? (int64_t)b : (int64_t)a;
	size_t k = out->ncontradictions;
	out->contradict = k ? clamp01((double)k / ((double)k + (double)out->nshared *
							       CONTRA_SHARED))
			    : 0;

	if (k)
		out->label = REL_CONTRADICT;
	else if (out->repeat >= REPEAT_MIN && out->repeat >= out->extend)
		out->label = REL_REPEAT;
	else if (out->extend >= EXTEND_MIN)
		out->label = REL_EXTEND;
	else if (in->story != REL_STORY_UNKNOWN ? in->story == REL_STORY_SAME
						: (out->npassages || out->nshared >= RELATED_CLAIMS ||
						   fmax(in->cont_ab, in->cont_ba) >= RELATED_CONT))
		out->label = REL_RELATED;
	if (out->label != REL_EXTEND && out->extend < EXTEND_MIN)
		out->extender = -1;
	return 0;
}

void rel_relation_clear(rel_relation *r)
{
	if (!r)
		return;
	free(r->passages);
	free(r->shared);
	free(r->new_a);
	free(r->new_b);
	free(r->contradictions);
	memset(r, 0, sizeof *r);
	r->extender = -1;
}
