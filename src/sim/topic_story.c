/* topic_story.c - stories from the topical similarities (see topic.h): greedy average
 * linkage on the sparse graph of reported pairs (a missing pair counts 0), the pairs over
 * the cut sorted once and the merges' new averages in a heap, stale entries dropped by
 * stamp: O(E log E) plus the neighbour lists touched by each merge; then stories of one or
 * two articles join the closest core by centroid cosine, core by core; then, in a corpus of
 * one topic (no group of its own stands apart from the largest story), the stories close
 * enough to the largest join it, O(E); then a label of top terms and names for each story.
 * The attachment's centroids and the labels (a fifth and a quarter of the stage on the 92 MB
 * benchmark corpus) run on o->threads threads, each result in its own slot; the linkage is
 * serial. It does not score pairs (topic.c does) and reads the weighted vectors only through
 * the model topic.c built.
 */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "overlap/mem.h"
#include "overlap/pool.h"
#include "topic_int.h"

/* ---- tuning ---- */

/* A story of fewer than TPC_CORE_MIN articles may join a core (a story of TPC_CORE_MIN or
 * more) at the attach bar (TPC_ATTACH in topic.c, where its measurement is told). */
#define TPC_CORE_MIN 3

/* A corpus of one topic is one story (join_one_topic): a story joins the largest when their
 * cross pairs average TPC_ONE_TOPIC or more and TPC_ONE_TOPIC_REL or more of the average
 * inside the tighter of the two. Measured on dev-news (bench/stories.py --alone: each of the
 * 174 stories of two or more articles analysed alone; a model of the linkage over the
 * tool's pairs for the mixes): the weakly linked articles of one story average 0.085-0.14
 * with its largest group (short items, other angles), 0.4-0.7 of the group's own average;
 * articles about something else 0.00-0.03; two unrelated stories analysed together
 * 0.005-0.062 (100 random sets of two and three stories), under 0.15 of their own. Two
 * rumours about one film (test_topic.c) average 0.32 of theirs. With 0.08 and 0.35, 14 of
 * the 174 stay split (36 before); whenever the corpus holds several topics nothing moves,
 * so all 1,655 at once and random sets of 10-12 stories give the same stories. Two dev-news
 * rumours about one subject analysed together (one Ottawa shooting, two Apple events:
 * 0.12-0.20, 0.5-0.65 of their own) become one story. */
#define TPC_ONE_TOPIC 0.08
#define TPC_ONE_TOPIC_REL 0.35

/* Words in a story label, chosen among the TPC_LABEL_POOL heaviest terms. */
#define TPC_LABEL_TERMS 6
#define TPC_LABEL_POOL 24

/* A label word that is another form of one already shown is skipped (same_word): a shared
 * start of 5 letters or more and at most 3 letters after it on either side. On the labels of
 * all 1,655 dev-news articles this drops "Nigeria" after "Nigerian", "Lebanon" after
 * "Lebanese", "Foleys" after "James Wright Foley", "North Korea" after "North Korean" (28 of
 * 238 labels; with the two-word names of story_label, 46);
 * "Australia" / "Austria" (4 letters after) and "British" / "Britain" (4 shared) stay apart. */
#define TPC_LABEL_VARIANT_STEM 5
#define TPC_LABEL_VARIANT_TAIL 3

/* ---- stories: greedy average linkage on the sparse pair graph ---- */

typedef struct nbr {
	uint32_t c;
	uint32_t stamp;      /* c's stamp when written: stale once c merges again or dies */
	double sum;          /* sum of pair similarities between the two clusters */
} nbr;

typedef struct hent {
	double avg;
	uint32_t a, b;       /* a < b */
	uint32_t sa, sb;     /* stamps of a and b when pushed */
} hent;

typedef struct heap {
	hent *v;
	size_t n, cap;
} heap;

static bool hent_before(const hent *x, const hent *y)
{
	if (x->avg != y->avg)
		return x->avg > y->avg;
	if (x->a != y->a)
		return x->a < y->a;
	return x->b < y->b;
}

static int hent_cmp(const void *x, const void *y)
{
	return hent_before(x, y) ? -1 : hent_before(y, x) ? 1 : 0;
}

static void heap_push(heap *h, hent e)
{
	XGROW(h->v, h->cap, h->n + 1);
	size_t i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!hent_before(&e, &h->v[p]))
			break;
		h->v[i] = h->v[p];
		i = p;
	}
	h->v[i] = e;
}

static hent heap_pop(heap *h)
{
	hent top = h->v[0];
	hent last = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const hent *best = &last;
		if (l < h->n && hent_before(&h->v[l], best)) {
			m = l;
			best = &h->v[l];
		}
		if (r < h->n && hent_before(&h->v[r], best))
			m = r;
		if (m == i)
			break;
		h->v[i] = h->v[m];
		i = m;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

typedef struct clus {
	nbr *adj;
	size_t nadj, cap;
	uint32_t size;
} clus;

/* A merged-away cluster's stamp: no entry holds it (a stamp counts its cluster's merges). */
#define STAMP_DEAD UINT32_MAX

/* Sort the pairs over the cut (first->v, in the pairs' (a, b) order) into hent_before
 * order: by average, highest first, then (a, b) ascending, which is the order they come in.
 * So a stable radix sort of the averages alone does it: a positive float's bits order like
 * its value, and each average is a pair's float similarity. Four byte passes over 8-byte
 * keys (the inverted bits over the entry's index), a tenth of qsort's time with hent_cmp
 * (80,000 pairs over the cut on the 92 MB benchmark corpus). */
static void sort_first(heap *first)
{
	size_t n = first->n;
	if (n < 2)
		return;
	if (n > UINT32_MAX) {
		qsort(first->v, n, sizeof *first->v, hent_cmp);
		return;
	}
	uint64_t *k = xmalloc(n * sizeof *k), *t = xmalloc(n * sizeof *t);
	for (size_t i = 0; i < n; i++) {
		float f = (float)first->v[i].avg;
		uint32_t bits;
		assert(f >= 0 && (double)f == first->v[i].avg);
		memcpy(&bits, &f, sizeof bits);
		if (f == 0)
			bits = 0; /* -0 is 0 to hent_before */
		k[i] = (uint64_t)~bits << 32 | i;
	}
	for (unsigned shift = 32; shift < 64; shift += 8) {
		size_t cnt[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			cnt[(k[i] >> shift & 255) + 1]++;
		for (size_t b = 0; b < 256; b++)
			cnt[b + 1] += cnt[b];
		for (size_t i = 0; i < n; i++)
			t[cnt[k[i] >> shift & 255]++] = k[i];
		uint64_t *x = k;
		k = t;
		t = x;
	}
	hent *v = xmalloc(n * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = first->v[(uint32_t)k[i]];
	free(first->v);
	first->v = v;
	first->cap = n;
	free(k);
	free(t);
}

/* Every document a cluster of its own, its pairs its neighbours (each list allocated at its
 * size once: growing 20,000 lists pair by pair was a third of link_init); the pairs over the
 * cut into *first, sorted. The pairs over the cut, sorted once, are read in order beside a
 * heap of the averages that merges make: the same order as one heap of all (hent_before is
 * a total order on (avg, a, b); an entry equal to another in those is stale, as a merge
 * moves a stamp on), but most entries are pairs, and popping them from one heap of 100,000
 * was a cache miss a level. p: sorted by (a, b). */
static clus *link_init(const tpc_pair *p, size_t np, size_t n, double cut, heap *first)
{
	clus *c = xcalloc(n ? n : 1, sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i].size = 1;
	size_t nfirst = 0;
	for (size_t i = 0; i < np; i++) {
		assert(i == 0 || p[i - 1].a < p[i].a || (p[i - 1].a == p[i].a && p[i - 1].b < p[i].b));
		c[p[i].a].cap++;
		c[p[i].b].cap++;
		nfirst += p[i].sim >= cut;
	}
	for (size_t i = 0; i < n; i++)
		if (c[i].cap)
			c[i].adj = xmalloc(c[i].cap * sizeof *c[i].adj);
	first->v = xmalloc((nfirst ? nfirst : 1) * sizeof *first->v);
	first->cap = nfirst ? nfirst : 1;
	/* pairs are unique: append without searching */
	for (size_t i = 0; i < np; i++) {
		clus *x = &c[p[i].a], *y = &c[p[i].b];
		x->adj[x->nadj++] = (nbr){ p[i].b, 0, p[i].sim };
		y->adj[y->nadj++] = (nbr){ p[i].a, 0, p[i].sim };
		if (p[i].sim >= cut)
			first->v[first->n++] = (hent){ p[i].sim, p[i].a, p[i].b, 0, 0 };
	}
	sort_first(first);
	return c;
}

/* root[d] = the surviving cluster index of document d's story. */
static void link_average(const tpc_pair *p, size_t np, size_t n, double cut, uint32_t *root)
{
	heap h = { 0 }, first = { 0 };
	clus *c = link_init(p, np, n, cut, &first);
	/* stamps apart from the clusters: the neighbour lists test one a neighbour, and 4
	 * bytes a cluster stay in cache where the whole records do not */
	uint32_t *stamp = xcalloc(n ? n : 1, sizeof *stamp);
	uint32_t *parent = xmalloc((n ? n : 1) * sizeof *parent);
	for (size_t i = 0; i < n; i++)
		parent[i] = (uint32_t)i;
	size_t next = 0;
	/* pos[k]: index of cluster k in the merged list, or SIZE_MAX */
	size_t *pos = xmalloc((n ? n : 1) * sizeof *pos);
	for (size_t i = 0; i < n; i++)
		pos[i] = SIZE_MAX;
	while (h.n || next < first.n) {
		hent e = next < first.n && (!h.n || hent_before(&first.v[next], &h.v[0]))
				 ? first.v[next++]
				 : heap_pop(&h);
		clus *ca = &c[e.a], *cb = &c[e.b];
		if (stamp[e.a] != e.sa || stamp[e.b] != e.sb) /* stale, or a side is dead */
			continue;
		/* merge b into a */
		uint32_t a = e.a, b = e.b;
		/* at most the two lists' entries: one allocation, not a list grown entry by entry */
		size_t nm = 0, mcap = ca->nadj + cb->nadj ? ca->nadj + cb->nadj : 1;
		nbr *m = xmalloc(mcap * sizeof *m);
		for (int side = 0; side < 2; side++) {
			clus *src = side ? cb : ca;
			for (size_t i = 0; i < src->nadj; i++) {
				uint32_t k = src->adj[i].c;
				if (k == a || k == b || src->adj[i].stamp != stamp[k])
					continue; /* stale: k merged since (its new entry is here too) */
				if (pos[k] == SIZE_MAX) {
					m[nm] = (nbr){ k, stamp[k], 0 };
					pos[k] = nm++;
				}
				m[pos[k]].sum += src->adj[i].sum;
			}
		}
		free(ca->adj);
		free(cb->adj);
		ca->adj = m;
		ca->nadj = nm;
		ca->cap = mcap;
		ca->size += cb->size;
		stamp[a]++;
		cb->adj = NULL;
		cb->nadj = cb->cap = 0;
		stamp[b] = STAMP_DEAD;
		parent[b] = a;
		for (size_t i = 0; i < nm; i++) {
			uint32_t k = m[i].c;
			pos[k] = SIZE_MAX;
			/* k's entries for a and b go stale (a's stamp moved on, b is dead): no
			 * search through k's list, which is rebuilt when k itself merges */
			XGROW(c[k].adj, c[k].cap, c[k].nadj + 1);
			c[k].adj[c[k].nadj++] = (nbr){ a, stamp[a], m[i].sum };
			double avg = m[i].sum / ((double)ca->size * c[k].size);
			if (avg >= cut) {
				uint32_t lo = a < k ? a : k, hi = a < k ? k : a;
				heap_push(&h, (hent){ avg, lo, hi, stamp[lo], stamp[hi] });
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t x = (uint32_t)i;
		while (parent[x] != x)
			x = parent[x];
		root[i] = x;
	}
	for (size_t i = 0; i < n; i++)
		free(c[i].adj);
	free(c);
	free(stamp);
	free(parent);
	free(pos);
	free(h.v);
	free(first.v);
}

/* ---- attaching small clusters to cores ---- */


/* Normalised centroid of documents docs[0..nd) as a sparse vector in no particular order
 * (*out, owned): it is only scattered or looked up term by term, never merged. */
static size_t centroid(const model *m, const uint32_t *docs, size_t nd, double *acc,
		       uint32_t *touched, tw **out)
{
	size_t nt = 0;
	for (size_t i = 0; i < nd; i++)
		for (size_t k = m->voff[docs[i]]; k < m->voff[docs[i] + 1]; k++) {
			uint32_t t = m->vec[k].term;
			if (acc[t] == 0)
				touched[nt++] = t;
			acc[t] += m->vec[k].w;
		}
	tw *v = xmalloc((nt ? nt : 1) * sizeof *v);
	double norm = 0;
	for (size_t i = 0; i < nt; i++) {
		v[i] = (tw){ touched[i], (float)acc[touched[i]] };
		norm += acc[touched[i]] * acc[touched[i]];
		acc[touched[i]] = 0;
	}
	norm = norm > 0 ? 1.0 / sqrt(norm) : 0;
	for (size_t i = 0; i < nt; i++)
		v[i].w = (float)(v[i].w * norm);
	*out = v;
	return nt;
}

/* Neighbours of each of n documents in the pairs, CSR: *noff (n + 1 offsets) into the
 * returned array; both owned by the caller. */
static uint32_t *neighbours(const tpc_pair *pairs, size_t np, size_t n, size_t **noff_out)
{
	size_t *noff = xcalloc(n + 1, sizeof *noff);
	for (size_t i = 0; i < np; i++) {
		noff[pairs[i].a + 1]++;
		noff[pairs[i].b + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		noff[i + 1] += noff[i];
	uint32_t *nb = xmalloc((noff[n] ? noff[n] : 1) * sizeof *nb);
	size_t *nfill = xmalloc((n + 1) * sizeof *nfill);
	memcpy(nfill, noff, (n + 1) * sizeof *nfill);
	for (size_t i = 0; i < np; i++) {
		nb[nfill[pairs[i].a]++] = pairs[i].b;
		nb[nfill[pairs[i].b]++] = pairs[i].a;
	}
	free(nfill);
	*noff_out = noff;
	return nb;
}

/* The cores (stories of TPC_CORE_MIN or more documents) linked by a reported pair to a
 * member of the small story r (members mem[cnt[r]..cnt[r + 1])), into cand. seen: n zeros,
 * left zero. @return how many. */
static size_t linked_cores(const uint32_t *cnt, const uint32_t *mem, const uint32_t *root,
			   const uint32_t *nb, const size_t *noff, uint32_t r, uint8_t *seen,
			   uint32_t *cand)
{
	size_t nc = 0;
	for (size_t k = cnt[r]; k < cnt[r + 1]; k++)
		for (size_t q = noff[mem[k]]; q < noff[mem[k] + 1]; q++) {
			uint32_t c = root[nb[q]];
			if (cnt[c + 1] - cnt[c] >= TPC_CORE_MIN && !seen[c]) {
				seen[c] = 1;
				cand[nc++] = c;
			}
		}
	for (size_t k = 0; k < nc; k++)
		seen[cand[k]] = 0;
	return nc;
}

/* Per-worker scratch of the centroids: acc (vocabulary-sized, zero between uses) and
 * touched, allocated on first use. */
typedef struct cen_scratch {
	double *acc;
	uint32_t *touched;
} cen_scratch;

static void cen_ready(cen_scratch *w, size_t nt)
{
	if (!w->acc) {
		w->acc = xcalloc(nt ? nt : 1, sizeof *w->acc);
		w->touched = xmalloc((nt ? nt : 1) * sizeof *w->touched);
	}
}

typedef struct attach_job {
	const model *m;
	const uint32_t *cnt, *mem; /* members of each root, CSR */
	const uint32_t *loff, *link; /* small stories linked to each core, CSR by core */
	const uint8_t *need;       /* small stories whose centroid is wanted */
	tw **sv;                   /* their centroids (owned) */
	size_t *sn;
	double *cos;               /* per link: cosine of the small story and the core */
	cen_scratch *ws;           /* one per worker */
} attach_job;

/* Item r: the centroid of small story r when it has more than one document and a core. */
static void small_centroid(void *ud, size_t r, unsigned worker)
{
	attach_job *j = ud;
	if (!j->need[r])
		return;
	cen_scratch *w = &j->ws[worker];
	cen_ready(w, j->m->voc_p->n);
	j->sn[r] = centroid(j->m, j->mem + j->cnt[r], j->cnt[r + 1] - j->cnt[r], w->acc, w->touched,
			    &j->sv[r]);
}

/* Item c: the cosine of core c's centroid with each small story linked to it. */
static void core_cosines(void *ud, size_t c, unsigned worker)
{
	attach_job *j = ud;
	if (j->loff[c] == j->loff[c + 1])
		return;
	const model *m = j->m;
	cen_scratch *w = &j->ws[worker];
	cen_ready(w, m->voc_p->n);
	double *acc = w->acc;
	tw *cv;
	size_t cn = centroid(m, j->mem + j->cnt[c], j->cnt[c + 1] - j->cnt[c], acc, w->touched, &cv);
	for (size_t q = 0; q < cn; q++)
		acc[cv[q].term] = cv[q].w;
	for (size_t k = j->loff[c]; k < j->loff[c + 1]; k++) {
		uint32_t r = j->link[k], d0 = j->mem[j->cnt[r]];
		const tw *v = j->sv[r] ? j->sv[r] : m->vec + m->voff[d0];
		size_t vn = j->sv[r] ? j->sn[r] : m->voff[d0 + 1] - m->voff[d0];
		double d = 0;
		for (size_t q = 0; q < vn; q++)
			d += acc[v[q].term] * v[q].w;
		j->cos[k] = d;
	}
	for (size_t q = 0; q < cn; q++)
		acc[cv[q].term] = 0;
	free(cv);
}

/* A story of fewer than TPC_CORE_MIN documents joins the core (a story of TPC_CORE_MIN or
 * more) whose centroid is closest to its own, among the cores it is linked to by a reported
 * pair, when that cosine is at least attach (ties: the lower core). Cores are fixed first:
 * nothing chains through an attached document. The (small story, core) pairs are taken
 * core by core: each core's centroid (whole: a short item's words are often light in a
 * long story's centroid, and truncating it to its heaviest terms lost 000/003-like
 * attachments) is scattered once and every small story linked to it reads it through its
 * own short vector. The centroids and cosines are worked out on `threads` threads (each
 * item its own slots), the choices made after them in core order, so nothing depends on
 * the thread count. */
static void attach_small(const model *m, size_t n, double attach, const tpc_pair *pairs,
			 size_t np, uint32_t *root, unsigned threads)
{
	/* members of each root, CSR */
	uint32_t *cnt = xcalloc(n + 1, sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[root[i] + 1]++;
	for (size_t i = 0; i < n; i++)
		cnt[i + 1] += cnt[i];
	uint32_t *mem = xmalloc(n * sizeof *mem), *fill = xmalloc((n + 1) * sizeof *fill);
	memcpy(fill, cnt, (n + 1) * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		mem[fill[root[i]]++] = (uint32_t)i;
	size_t *noff;
	uint32_t *nb = neighbours(pairs, np, n, &noff);
	uint8_t *seen = xcalloc(n, 1);
	uint32_t *cand = xmalloc(n * sizeof *cand);
	/* (core, small story) links, CSR by core: counted, then filled */
	uint32_t *loff = xcalloc(n + 1, sizeof *loff);
	for (uint32_t r = 0; r < n; r++) {
		size_t sz = cnt[r + 1] - cnt[r];
		if (sz && sz < TPC_CORE_MIN) {
			size_t nc = linked_cores(cnt, mem, root, nb, noff, r, seen, cand);
			for (size_t k = 0; k < nc; k++)
				loff[cand[k] + 1]++;
		}
	}
	for (size_t c = 0; c < n; c++)
		loff[c + 1] += loff[c];
	uint32_t *link = xmalloc((loff[n] ? loff[n] : 1) * sizeof *link);
	memcpy(fill, loff, (n + 1) * sizeof *fill);
	/* each small story's vector: a lone document's own, else its centroid (owned) */
	uint8_t *need = xcalloc(n, 1);
	for (uint32_t r = 0; r < n; r++) {
		size_t sz = cnt[r + 1] - cnt[r];
		if (!sz || sz >= TPC_CORE_MIN)
			continue;
		size_t nc = linked_cores(cnt, mem, root, nb, noff, r, seen, cand);
		for (size_t k = 0; k < nc; k++)
			link[fill[cand[k]]++] = r;
		need[r] = nc && sz > 1;
	}
	if (threads > n)
		threads = n ? (unsigned)n : 1;
	attach_job j = { m, cnt, mem, loff, link, need, xcalloc(n, sizeof(tw *)),
			 xcalloc(n, sizeof(size_t)), xmalloc((loff[n] ? loff[n] : 1) * sizeof(double)),
			 xcalloc(threads, sizeof(cen_scratch)) };
	pool_for(n, threads, small_centroid, &j);
	pool_for(n, threads, core_cosines, &j);
	double *best = xmalloc(n * sizeof *best);
	uint32_t *newroot = xmalloc(n * sizeof *newroot);
	for (size_t r = 0; r < n; r++) {
		best[r] = attach;
		newroot[r] = (uint32_t)r;
	}
	for (uint32_t c = 0; c < n; c++)
		for (size_t k = loff[c]; k < loff[c + 1]; k++) {
			uint32_t r = link[k];
			double d = j.cos[k];
			/* cores come in ascending order: the first of equal cosines stays */
			if (d > best[r] || (d == best[r] && newroot[r] == r)) {
				best[r] = d;
				newroot[r] = c;
			}
		}
	for (size_t i = 0; i < n; i++)
		root[i] = newroot[root[i]];
	for (size_t r = 0; r < n; r++)
		free(j.sv[r]);
	for (unsigned t = 0; t < threads; t++) {
		free(j.ws[t].acc);
		free(j.ws[t].touched);
	}
	free(j.ws);
	free(j.sv);
	free(j.sn);
	free(j.cos);
	free(need);
	free(best);
	free(link);
	free(loff);
	free(seen);
	free(cand);
	free(newroot);
	free(mem);
	free(fill);
	free(cnt);
	free(noff);
	free(nb);
}

/* ---- a corpus of one topic ---- */

/* A corpus that is one topic (the articles of one rumour, handed over together) keeps its
 * weakly linked articles. A story joins the largest story (of two or more articles) when the
 * average similarity of their cross pairs (a missing pair counts 0) is at least
 * TPC_ONE_TOPIC and at least TPC_ONE_TOPIC_REL times the average inside the tighter of the
 * two (a lone article: the largest's): the two are not much closer inside than across.
 * When a story of TPC_CORE_MIN or more articles fails that test, it is a group of its own,
 * the corpus holds several topics, and nothing moves; a lone article or a pair that fails
 * it is about something else and stays apart. O(pairs + n). */
static void join_one_topic(const tpc_pair *p, size_t np, size_t n, uint32_t *root)
{
	uint32_t *size = xcalloc(n, sizeof *size);
	for (size_t i = 0; i < n; i++)
		size[root[i]]++;
	/* the largest story; ties: the one whose first document comes first */
	uint32_t big = root[0];
	for (size_t i = 1; i < n; i++)
		if (size[root[i]] > size[big])
			big = root[i];
	/* cross[r]: sum of r's pairs with the largest; in[r]: sum of the pairs inside r */
	double *cross = xcalloc(n, sizeof *cross), *in = xcalloc(n, sizeof *in);
	for (size_t i = 0; i < np && size[big] > 1; i++) {
		uint32_t ra = root[p[i].a], rb = root[p[i].b];
		if (ra == rb)
			in[ra] += p[i].sim;
		else if (ra == big)
			cross[rb] += p[i].sim;
		else if (rb == big)
			cross[ra] += p[i].sim;
	}
	double nb = size[big];
	double in_big = nb > 1 ? in[big] / (nb * (nb - 1) / 2) : 0;
	bool apart = size[big] < 2;
	uint8_t *join = xcalloc(n, 1);
	for (size_t r = 0; r < n && !apart; r++) {
		if (!size[r] || r == big)
			continue;
		double ns = size[r];
		double avg = cross[r] / (ns * nb);
		double tight = ns > 1 ? in[r] / (ns * (ns - 1) / 2) : 0;
		tight = tight > in_big ? tight : in_big;
		join[r] = avg >= TPC_ONE_TOPIC && avg >= TPC_ONE_TOPIC_REL * tight;
		apart = !join[r] && size[r] >= TPC_CORE_MIN;
	}
	for (size_t i = 0; i < n && !apart; i++)
		if (join[root[i]])
			root[i] = big;
	free(join);
	free(in);
	free(cross);
	free(size);
}

/* ---- story labels ---- */

typedef struct lab {
	uint32_t term;
	double w;
} lab;

static int lab_cmp(const void *x, const void *y)
{
	const lab *a = x, *b = y;
	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	return a->term < b->term ? -1 : a->term > b->term;
}

/* Sift l[i] down a heap of n labels whose top is the lab_cmp-greatest. */
static void lab_sift(lab *l, size_t n, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1, m = i;
		if (c < n && lab_cmp(&l[c], &l[m]) > 0)
			m = c;
		if (c + 1 < n && lab_cmp(&l[c + 1], &l[m]) > 0)
			m = c + 1;
		if (m == i)
			return;
		lab t = l[i];
		l[i] = l[m];
		l[m] = t;
		i = m;
	}
}

/* Whether words a[0..an) and b[0..bn) are one word to a reader of a label: equal (case
 * aside), or forms of one stem that Snowball keeps apart, a country and its people
 * ("Nigeria" / "Nigerian", "Lebanon" / "Lebanese", "Foley" / "Foleys"): a shared start of
 * TPC_LABEL_VARIANT_STEM letters or more, and at most TPC_LABEL_VARIANT_TAIL letters after it
 * on either side. */
static bool same_word(const char *a, size_t an, const char *b, size_t bn)
{
	size_t k = 0;
	while (k < an && k < bn && (a[k] | 0x20) == (b[k] | 0x20))
		k++;
	if (k == an && k == bn)
		return true;
	return k >= TPC_LABEL_VARIANT_STEM && an - k <= TPC_LABEL_VARIANT_TAIL &&
	       bn - k <= TPC_LABEL_VARIANT_TAIL;
}

/* Is word w[0..n) one of the space-separated words of s (same_word)? */
static bool has_word(const char *s, size_t sn, const char *w, size_t n)
{
	for (size_t i = 0; i < sn;) {
		size_t e = i;
		while (e < sn && s[e] != ' ')
			e++;
		if (same_word(s + i, e - i, w, n))
			return true;
		i = e + 1;
	}
	return false;
}

/* Per-term flags of the labels, one byte a term (the df and entity arrays are 5 bytes a
 * term, read once an entry of every story: the labels' cache misses). */
enum { LAB_ENTITY = 1, LAB_SHARED = 2 /* df >= 2 */ };

/* The weighted terms of story st, summed over its documents, into *l (owned: *cap entries,
 * grown); flags: LAB_* of every term. @return how many. */
static size_t story_terms(const model *m, const uint8_t *flags, const tpc_story *st,
			  double *acc, uint32_t *touched, lab **l, size_t *cap)
{
	if (st->ndocs == 1) {
		/* a lone document's terms are distinct already: no scatter through the
		 * vocabulary-sized acc (a cache miss a term), the same sums */
		uint32_t d = st->docs[0];
		size_t nt = m->voff[d + 1] - m->voff[d];
		XGROW(*l, *cap, nt + 1);
		for (size_t k = 0; k < nt; k++) {
			const tw *v = &m->vec[m->voff[d] + k];
			(*l)[k] = (lab){ v->term, v->w * (flags[v->term] & LAB_ENTITY ? 2.0 : 1.0) };
		}
		return nt;
	}
	size_t nt = 0;
	for (size_t i = 0; i < st->ndocs; i++) {
		uint32_t d = st->docs[i];
		for (size_t k = m->voff[d]; k < m->voff[d + 1]; k++) {
			uint32_t t = m->vec[k].term;
			uint8_t f = flags[t];
			if (!(f & LAB_SHARED))
				continue; /* a word of one article does not name a story */
			if (acc[t] == 0)
				touched[nt++] = t;
			/* names read better than their lower-cased words ("James Foley" for
			 * "foley, james"): they rank twice as high in a label */
			acc[t] += m->vec[k].w * (f & LAB_ENTITY ? 2.0 : 1.0);
		}
	}
	XGROW(*l, *cap, nt + 1);
	for (size_t i = 0; i < nt; i++) {
		(*l)[i] = (lab){ touched[i], acc[touched[i]] };
		acc[touched[i]] = 0;
	}
	return nt;
}

/* The label of story st: its TPC_LABEL_TERMS heaviest terms and names. flags, acc,
 * touched, lp, lcap: as story_terms. @return a NUL-terminated string (owned). */
static char *story_label(const model *m, const uint8_t *flags, const tpc_story *st,
			 double *acc, uint32_t *touched, lab **lp, size_t *lcap)
{
	size_t nt = story_terms(m, flags, st, acc, touched, lp, lcap);
	lab *l = *lp;
	/* only the first few are read: sort the heaviest TPC_LABEL_POOL (names already shown
	 * and fragments are skipped, so a few more than TPC_LABEL_TERMS) */
	if (nt > TPC_LABEL_POOL) {
		/* a heap of the TPC_LABEL_POOL best so far, the worst (lab_cmp-greatest) on top */
		size_t keep = TPC_LABEL_POOL;
		for (size_t i = keep / 2; i-- > 0;)
			lab_sift(l, keep, i);
		for (size_t i = keep; i < nt; i++)
			if (l[i].w >= l[0].w && lab_cmp(&l[i], &l[0]) < 0) { /* most are lighter */
				l[0] = l[i];
				lab_sift(l, keep, 0);
			}
		nt = keep;
	}
	qsort(l, nt, sizeof *l, lab_cmp);
	/* the chosen names; a two-word name that holds a single word already chosen takes its
	 * place ("Kaspersky" becomes "Kaspersky Lab", "Putin" "Vladimir Putin"; a longer name is
	 * more often another thing: "Bali" is not "Bali International Medical Centre") */
	const char *cn[TPC_LABEL_TERMS];
	size_t cl[TPC_LABEL_TERMS], nw = 0;
	/* chosen names, space separated, to skip a word already inside a chosen name */
	char *seen = NULL;
	size_t sn = 0, scap = 0;
	for (size_t i = 0; i < nt && nw < TPC_LABEL_TERMS; i++) {
		uint32_t t = l[i].term;
		const char *name = m->voc_p->names + m->voc_p->name_off[t];
		size_t len = m->voc_p->name_len[t];
		if (len < 3)
			continue; /* "st", "al": fragments, not topics */
		/* every word of the name already shown: skip */
		bool all = true;
		for (size_t s = 0; s < len && all;) {
			size_t e = s;
			while (e < len && name[e] != ' ')
				e++;
			all = has_word(seen ? seen : "", sn, name + s, e - s);
			s = e + 1;
		}
		if (all)
			continue;
		size_t at = nw;
		const char *sp = memchr(name, ' ', len);
		bool two = sp && !memchr(sp + 1, ' ', len - (size_t)(sp + 1 - name));
		for (size_t c = 0; c < nw && at == nw && two; c++)
			if (!memchr(cn[c], ' ', cl[c]) && has_word(name, len, cn[c], cl[c]))
				at = c;
		cn[at] = name;
		cl[at] = len;
		nw += at == nw;
		XGROW(seen, scap, sn + len + 2);
		if (sn)
			seen[sn++] = ' ';
		memcpy(seen + sn, name, len);
		sn += len;
	}
	free(seen);
	size_t on = 0;
	for (size_t c = 0; c < nw; c++)
		on += cl[c] + 2;
	char *out = xmalloc(on + 1);
	on = 0;
	for (size_t c = 0; c < nw; c++) {
		if (c) {
			out[on++] = ',';
			out[on++] = ' ';
		}
		memcpy(out + on, cn[c], cl[c]);
		on += cl[c];
	}
	out[on] = '\0';
	return out;
}

/* One worker's scratch of story_label: acc (vocabulary-sized, zero between stories),
 * touched, and the label buffer. */
typedef struct lab_scratch {
	double *acc;
	uint32_t *touched;
	lab *l;
	size_t lcap;
} lab_scratch;

typedef struct lab_job {
	const model *m;
	const uint8_t *flags;
	tpc_story *stories;
	lab_scratch *ws;     /* one per worker */
} lab_job;

static void label_one(void *ud, size_t s, unsigned worker)
{
	lab_job *j = ud;
	lab_scratch *w = &j->ws[worker];
	if (!w->acc) { /* on first use: a worker may get no story */
		size_t nv = j->m->voc_p->n ? j->m->voc_p->n : 1;
		w->acc = xcalloc(nv, sizeof *w->acc);
		w->touched = xmalloc(nv * sizeof *w->touched);
	}
	j->stories[s].label = story_label(j->m, j->flags, &j->stories[s], w->acc, w->touched, &w->l,
					  &w->lcap);
}

/* The label of every story of r (each its own: on threads, per-worker scratch, so the
 * labels do not depend on the thread count). */
static void story_labels(const model *m, tpc_result *r, unsigned threads)
{
	uint8_t *flags = xmalloc(m->voc_p->n ? m->voc_p->n : 1);
	for (uint32_t t = 0; t < m->voc_p->n; t++)
		flags[t] = (uint8_t)((m->voc_p->entity[t] ? LAB_ENTITY : 0) |
				     (m->voc_p->df[t] >= 2 ? LAB_SHARED : 0));
	if (threads > r->nstories)
		threads = r->nstories ? (unsigned)r->nstories : 1;
	lab_job j = { m, flags, r->stories, xcalloc(threads, sizeof(lab_scratch)) };
	pool_for(r->nstories, threads, label_one, &j);
	for (unsigned t = 0; t < threads; t++) {
		free(j.ws[t].acc);
		free(j.ws[t].touched);
		free(j.ws[t].l);
	}
	free(j.ws);
	free(flags);
}

static int story_cmp_size(const void *x, const void *y)
{
	const tpc_story *a = x, *b = y;
	if (a->ndocs != b->ndocs)
		return a->ndocs > b->ndocs ? -1 : 1;
	return a->docs[0] < b->docs[0] ? -1 : a->docs[0] > b->docs[0];
}

/* ---- API (internal) ---- */

void tpc_stories_build(const model *m, const tpc_opts *o, tpc_result *r)
{
	size_t n = m->n;
	uint32_t *root = xmalloc(n * sizeof *root);
	link_average(r->pairs, r->npairs, n, o->story_cut, root);
	if (o->attach > 0)
		attach_small(m, n, o->attach, r->pairs, r->npairs, root,
			     o->threads ? o->threads : pool_ncpu());
	if (n > 1)
		join_one_topic(r->pairs, r->npairs, n, root);
	uint32_t *sid = xmalloc(n * sizeof *sid);
	for (size_t i = 0; i < n; i++)
		sid[i] = UINT32_MAX;
	size_t ns = 0;
	for (size_t i = 0; i < n; i++)
		if (sid[root[i]] == UINT32_MAX)
			sid[root[i]] = (uint32_t)ns++;
	r->stories = xcalloc(ns, sizeof *r->stories);
	r->nstories = ns;
	size_t *cnt = xcalloc(ns, sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[sid[root[i]]]++;
	for (size_t s = 0; s < ns; s++)
		r->stories[s].docs = xmalloc(cnt[s] * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) {
		tpc_story *st = &r->stories[sid[root[i]]];
		st->docs[st->ndocs++] = (uint32_t)i;
	}
	free(cnt);
	free(sid);
	free(root);
	qsort(r->stories, ns, sizeof *r->stories, story_cmp_size);
	for (size_t s = 0; s < ns; s++)
		for (size_t k = 0; k < r->stories[s].ndocs; k++)
			r->story[r->stories[s].docs[k]] = (uint32_t)s;
	story_labels(m, r, o->threads ? o->threads : pool_ncpu());
}
