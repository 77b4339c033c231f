/* claim_keys.c - pass B of clm_build: the normalised keys and clustering features of every
 * mention, once all documents are read (pass A, claim.c, found the mentions).
 *
 * Misspelt entity words map to their most frequent one-edit neighbour across the corpus
 * ("Kasperky" -> "Kaspersky"; quadratic in distinct entity words, skipped past
 * TYPO_MAX_VOCAB); then per mention: entity keys, Snowball stems with synonym classes, unit,
 * value and date features, the subject's name words, the WordNet concepts of its content
 * words, the speaker's key. It does not cluster (claim_cluster.c).
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "claim_build.h"
#include "overlap/mem.h"
#include "overlap/util.h"

/* ---- tuning ---- */

/* Entity words at least this long tolerate one edit ("Kasperky" for "Kaspersky"). */
#define TYPO_MIN_LEN 7

/* Above this many distinct entity words the quadratic typo pass is skipped. */
#define TYPO_MAX_VOCAB 20000

/* ---- pass B: entity words across the corpus, keys and features ---- */

typedef struct vword {
	const char *w;
	uint16_t n;
	uint32_t count;
	const char *canon;
	uint16_t canon_n;
} vword;

static int cmp_vword(const void *a, const void *b)
{
	const vword *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->w, y->w, n);
	if (c)
		return c;
	return (x->n > y->n) - (x->n < y->n);
}

static int cmp_vword_len(const void *a, const void *b)
{
	const vword *x = a, *y = b;
	return (x->n > y->n) - (x->n < y->n);
}

/* Distinct entity words with counts, each mapped to its canonical spelling. */
static vword *entity_vocab(build *b, size_t *nv)
{
	vword *v = xmalloc((b->nentw + 1) * sizeof *v);
	for (size_t i = 0; i < b->nentw; i++) {
		v[i].w = b->entw[i].w;
		v[i].n = b->entw[i].n;
		v[i].count = 1;
	}
	size_t n = b->nentw;
	if (n)
		qsort(v, n, sizeof *v, cmp_vword);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && v[k - 1].n == v[i].n && !memcmp(v[k - 1].w, v[i].w, v[i].n)) {
			v[k - 1].count++;
			continue;
		}
		v[k++] = v[i];
	}
	n = k;
	for (size_t i = 0; i < n; i++) {
		v[i].canon = v[i].w;
		v[i].canon_n = v[i].n;
	}
	if (n <= TYPO_MAX_VOCAB) {
		/* by length, so only neighbours within one length are compared */
		vword *byl = xmalloc((n + 1) * sizeof *byl);
		memcpy(byl, v, n * sizeof *v);
		qsort(byl, n, sizeof *byl, cmp_vword_len);
		size_t lo = 0;
		for (size_t i = 0; i < n; i++) {
			vword *x = &byl[i];
			if (x->n < TYPO_MIN_LEN)
				continue;
			while (lo < n && byl[lo].n + 1 < x->n)
				lo++;
			const vword *best = NULL;
			for (size_t j = lo; j < n && byl[j].n <= x->n + 1; j++) {
				const vword *y = &byl[j];
				if (y == x || y->n < TYPO_MIN_LEN)
					continue;
				/* more frequent wins; on a tie the longer spelling (a typo more
				 * often drops a letter than adds one), then byte order */
				bool better = y->count > x->count ||
					      (y->count == x->count &&
					       (y->n > x->n || (y->n == x->n && cmp_vword(y, x) < 0)));
				if (!better || !clmp_edit1(x->w, x->n, y->w, y->n))
					continue;
				if (!best || y->count > best->count ||
				    (y->count == best->count &&
				     (y->n > best->n || (y->n == best->n && cmp_vword(y, best) < 0))))
					best = y;
			}
			if (best) {
				x->canon = best->w;
				x->canon_n = best->n;
			}
		}
		/* back to the sorted table (byl holds the same words) */
		for (size_t i = 0; i < n; i++) {
			vword *f = bsearch(&byl[i], v, n, sizeof *v, cmp_vword);
			if (f) {
				f->canon = byl[i].canon;
				f->canon_n = byl[i].canon_n;
			}
		}
		free(byl);
	}
	*nv = n;
	return v;
}

static void canon_word(const vword *v, size_t nv, const bword *w, const char **out, size_t *n)
{
	vword key = {w->w, w->n, 0, NULL, 0};
	const vword *f = nv ? bsearch(&key, v, nv, sizeof *v, cmp_vword) : NULL;
	if (f) {
		*out = f->canon;
		*n = f->canon_n;
	} else {
		*out = w->w;
		*n = w->n;
	}
}

/* Stem for features (full Snowball stem) or for display keys (stem only when it is a
 * prefix of the word, so names stay readable: "kaspersky", "technolog"). */
static const char *stem_of(build *b, const char *w, size_t n, bool display, size_t *sn)
{
	if (!b->sc) {
		*sn = n;
		return w;
	}
	const char *s = stem_word(b->sc, w, n, sn);
	if (display && (*sn > n || memcmp(s, w, *sn) != 0)) {
		*sn = n;
		return w;
	}
	return s;
}

/* Words news uses interchangeably for one idea, folded onto one stem for features only.
 * General English news vocabulary (verbs, their nominalisations and near-synonyms), keyed
 * by Snowball stem: independent outlets restate a fact with another verb ("fined" /
 * "penalised" / "a penalty"), so without these a paraphrase shares only its names. Each
 * class is one idea an editor would swap freely; words with a common second sense that
 * would join different facts ("order", "charge", "position", "make", "start") are left out.
 * Measured on tests/data/claims_para: recall of paraphrase pairs rose with no hard
 * negative merged. */
static const char *synonym(const char *s, size_t n, size_t *on)
{
	static const char *const map[][2] = {
		/* organisations */
		{"firm", "compani"}, {"chief", "head"}, {"leader", "head"},
		{"govern", "govern"}, {"administr", "govern"}, {"author", "govern"},
		{"nation", "countri"}, {"state", "countri"},
		{"envoy", "diplomat"}, {"ambassador", "diplomat"},
		/* meetings, agreements */
		{"confer", "meet"}, {"summit", "meet"}, {"conven", "meet"}, {"gather", "meet"},
		{"deal", "agreement"}, {"pact", "agreement"}, {"accord", "agreement"},
		/* bans, penalties, courts */
		{"prohibit", "ban"}, {"outlaw", "ban"}, {"forbid", "ban"}, {"barr", "ban"},
		{"bar", "ban"}, {"embargo", "ban"},
		{"penalti", "fine"}, {"penalis", "fine"}, {"penal", "fine"},
		{"appeal", "challeng"}, {"contest", "challeng"}, {"fight", "challeng"},
		{"sue", "lawsuit"}, {"su", "lawsuit"}, {"litig", "lawsuit"},
		{"decis", "rule"}, {"verdict", "rule"}, {"judgment", "rule"}, {"judgement", "rule"},
		{"jail", "prison"}, {"imprison", "prison"}, {"gaol", "prison"},
		{"guilti", "convict"},
		{"detain", "arrest"}, {"detent", "arrest"},
		{"alleg", "accus"}, {"accusat", "accus"},
		/* investigations, discovery */
		{"inquiri", "investig"}, {"probe", "investig"}, {"inquir", "investig"},
		{"spot", "discov"}, {"uncov", "discov"}, {"detect", "discov"}, {"notic", "discov"},
		/* money */
		{"earn", "revenu"}, {"sale", "revenu"}, {"incom", "revenu"}, {"profit", "revenu"},
		{"turnov", "revenu"},
		{"loss", "lose"}, {"lost", "lose"},
		{"paid", "pay"}, {"payment", "pay"},
		{"bought", "buy"}, {"purchas", "buy"}, {"acquir", "buy"}, {"acquisit", "buy"},
		{"stock", "share"},
		/* change of a figure */
		{"fell", "drop"}, {"fall", "drop"}, {"slid", "drop"}, {"slide", "drop"},
		{"declin", "drop"}, {"plung", "drop"}, {"decreas", "drop"}, {"tumbl", "drop"},
		{"rose", "rise"}, {"rais", "rise"}, {"increas", "rise"}, {"lift", "rise"},
		{"hike", "rise"}, {"gain", "rise"}, {"climb", "rise"}, {"jump", "rise"},
		{"surg", "rise"}, {"grew", "rise"}, {"grow", "rise"}, {"growth", "rise"},
		{"elimin", "cut"}, {"slash", "cut"}, {"reduc", "cut"}, {"axe", "cut"},
		{"job", "worker"}, {"employe", "worker"}, {"staff", "worker"},
		/* people and companies acting */
		{"resign", "quit"},
		{"establish", "found"}, {"creat", "found"},
		{"shut", "close"}, {"clos", "close"},
		{"demand", "request"}, {"ask", "request"},
		{"manufactur", "produc"},
		{"remov", "remov"}, {"uninstal", "remov"},
		{"replac", "replac"}, {"swap", "replac"}, {"exchang", "replac"},
		{"tie", "link"}, {"connect", "link"}, {"affili", "link"}, {"relationship", "link"},
		{"cooper", "link"},
		{"custom", "user"}, {"client", "user"},
		{"spi", "intellig"}, {"espionag", "intellig"},
		{"stolen", "steal"}, {"stole", "steal"}, {"theft", "steal"},
		{"hacker", "hack"}, {"attack", "hack"}, {"cyberattack", "hack"}, {"intrus", "hack"},
		{"intrud", "hack"},
		{"die", "death"}, {"dead", "death"}, {"kill", "death"}, {"fatal", "death"},
		{"injuri", "injur"}, {"wound", "injur"},
		{"defect", "fault"}, {"faulti", "fault"}, {"flaw", "fault"}, {"defici", "fault"},
		{"car", "vehicl"},
		{"data", "inform"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strlen(map[i][0]) == n && !memcmp(map[i][0], s, n)) {
			*on = strlen(map[i][1]);
			return map[i][1];
		}
	}
	*on = n;
	return s;
}

/* Entity norm from its words: aliases for common abbreviations, else display stems. */
static const char *entity_norm(build *b, const vword *v, size_t nv, const bent *e, char *buf,
			       size_t cap)
{
	static const char *const alias[][2] = {
		{"united states", "us"}, {"united states america", "us"}, {"usa", "us"},
		{"america", "us"}, {"united kingdom", "uk"}, {"britain", "uk"},
		{"great britain", "uk"}, {"european union", "eu"}, {"saint petersburg", "st petersburg"},
		{"russian federation", "russia"}, {"soviet union", "ussr"},
	};
	char raw[512];
	size_t rn = 0;
	for (size_t k = 0; k < e->nw; k++) {
		const char *w;
		size_t n;
		canon_word(v, nv, &b->entw[e->w0 + k], &w, &n);
		if (stem_is_stop(w, n) || (clmp_corp_suffix(w, n) && e->nw > 1))
			continue;
		if (rn + n + 2 >= sizeof raw)
			break;
		if (rn)
			raw[rn++] = ' ';
		memcpy(raw + rn, w, n);
		rn += n;
	}
	raw[rn] = 0;
	for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (!strcmp(raw, alias[i][0])) {
			snprintf(buf, cap, "%s", alias[i][1]);
			return buf;
		}
	size_t on = 0;
	buf[0] = 0;
	const char *p = raw;
	while (*p) {
		const char *q = strchr(p, ' ');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		size_t sn;
		const char *st = stem_of(b, p, n, true, &sn);
		if (on + sn + 2 < cap) {
			if (on)
				buf[on++] = ' ';
			memcpy(buf + on, st, sn);
			on += sn;
			buf[on] = 0;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	return buf;
}

static void add_feat(uint64_t **f, size_t *n, size_t *cap, uint64_t h)
{
	XGROW(*f, *cap, *n + 1);
	(*f)[(*n)++] = h;
}

typedef struct kstem {
	const char *s;
	uint8_t kind; /* CLM_FK_WORD or CLM_FK_NAMEWORD */
} kstem;

static int cmp_kstem(const void *a, const void *b)
{
	const kstem *x = a, *y = b;
	int c = strcmp(x->s, y->s);
	return c ? c : (x->kind > y->kind) - (x->kind < y->kind);
}

/* Role words name who acts, not what happened: "chief executive Marta Kowalczyk said X"
 * and "chief executive Marta Kowalczyk apologised" share them without sharing a fact. */
static bool role_stem(const char *s)
{
	static const char *const roles[] = {
		"chief", "execut", "ceo", "presid", "head", "founder", "spokesperson", "spokesman",
		"spokeswoman", "minist", "director", "secretari", "senat", "chairman", "leader",
		"manag", "offici", NULL,
	};
	for (size_t i = 0; roles[i]; i++)
		if (!strcmp(s, roles[i]))
			return true;
	return false;
}

static void push_kstem(build *b, kstem **v, size_t *n, size_t *cap, const char *w, size_t wn,
		       uint8_t kind)
{
	size_t sn;
	const char *st = stem_of(b, w, wn, false, &sn);
	XGROW(*v, *cap, *n + 1);
	(*v)[*n].s = clmp_strdup(&b->s->pool, st, sn);
	(*v)[*n].kind = kind;
	(*n)++;
}

/* ---- finish_keys' phases, one mention at a time ---- */

/* A mention's entities as distinct keys (s->e), each a feature; the words of each name go
 * to the stem list too, so partial mentions ("Kaspersky") match. */
static void key_entities(build *b, const vword *v, size_t nv, size_t i, kstem **stems,
			 size_t *nst, size_t *stcap)
{
	clm_set *s = b->s;
	const bment *bm = &b->bm[i];
	clm_moff *mo = &s->moff[i];
	char buf[512];
	mo->e0 = s->ne;
	mo->j0 = s->nsubj;
	for (size_t k = 0; k < bm->ne; k++) {
		const bent *e = &b->ents[bm->e0 + k];
		const char *norm = entity_norm(b, v, nv, e, buf, sizeof buf);
		if (!norm[0])
			continue;
		uint64_t key = XXH3_64bits(norm, strlen(norm));
		bool dup = false;
		for (size_t x = mo->e0; x < s->ne; x++)
			dup |= s->e[x].key == key;
		if (dup)
			continue;
		XGROW(s->e, s->ecap, s->ne + 1);
		clm_entity ce = {e->start, e->end, key, clmp_strdup(&s->pool, norm, strlen(norm))};
		s->e[s->ne++] = ce;
		add_feat(&s->feat, &s->nfeat, &s->featcap, CLM_FEAT(key, CLM_FK_ENTITY));
		bool subj = bm->subj_end > bm->subj_start && e->start >= bm->subj_start &&
			    e->end <= bm->subj_end;
		for (size_t w = 0; w < e->nw; w++) {
			const char *cw;
			size_t cn;
			canon_word(v, nv, &b->entw[e->w0 + w], &cw, &cn);
			if (stem_is_stop(cw, cn) || clmp_corp_suffix(cw, cn))
				continue;
			push_kstem(b, stems, nst, stcap, cw, cn, CLM_FK_NAMEWORD);
			size_t on;
			const char *st = (*stems)[*nst - 1].s;
			const char *syn = synonym(st, strlen(st), &on);
			if (subj && !role_stem(syn)) {
				XGROW(s->subj, s->subjcap, s->nsubj + 1);
				s->subj[s->nsubj++] = CLM_FEAT(XXH3_64bits(syn, on), CLM_FK_NAMEWORD);
			}
		}
	}
	mo->ne = s->ne - mo->e0;
	/* the subject's name words, sorted and distinct */
	size_t nj = s->nsubj - mo->j0, w = 0;
	uint64_t *sj = nj ? s->subj + mo->j0 : NULL; /* subj is NULL before the first name word */
	if (nj > 1)
		qsort(sj, nj, sizeof *sj, util_cmp_u64);
	for (size_t k = 0; k < nj; k++)
		if (!w || sj[k] != sj[w - 1])
			sj[w++] = sj[k];
	s->nsubj = mo->j0 + w;
	mo->nj = w;
}

/* The distinct sorted stems of a mention (s->stems) and a feature per (stem, kind); role
 * words ("minister") count as name words with the role bit. Empties the list. */
static void key_stems(clm_set *s, clm_moff *mo, kstem *stems, size_t *nst)
{
	if (*nst)
		qsort(stems, *nst, sizeof *stems, cmp_kstem);
	mo->s0 = s->nstems;
	for (size_t k = 0; k < *nst; k++) {
		if (k && !strcmp(stems[k].s, stems[k - 1].s)) {
			if (stems[k].kind == stems[k - 1].kind)
				continue;
		} else {
			XGROW(s->stems, s->stemcap, s->nstems + 1);
			s->stems[s->nstems++] = stems[k].s;
		}
		size_t on;
		const char *syn = synonym(stems[k].s, strlen(stems[k].s), &on);
		uint64_t f = CLM_FEAT(XXH3_64bits(syn, on), stems[k].kind);
		if (role_stem(syn))
			f = CLM_FEAT(XXH3_64bits(syn, on), CLM_FK_NAMEWORD) | CLM_FEAT_ROLE_BIT;
		add_feat(&s->feat, &s->nfeat, &s->featcap, f);
	}
	mo->ns = s->nstems - mo->s0;
	*nst = 0;
}

/* v (> 0) rounded to k significant digits: 398 -> 400 (k 1 or 2), 55,000 -> 60,000 (k 1). */
static double round_digits(double v, int k)
{
	double e = floor(log10(v)) - (k - 1), p = pow(10.0, e);
	return floor(v / p + 0.5) * p;
}

/* Significant digits of a stated figure v (> 0): the fewest (1..3) that give it back, 4
 * when three do not ("400" 1, "55,000" 2, "25.7" 3, "1,234" 4). A figure so stated is
 * precise to those digits: "about 400" is 350 to 449, which 398 rounds into. */
static int value_digits(double v)
{
	for (int k = 1; k <= 3; k++)
		if (fabs(round_digits(v, k) - v) <= 1e-9 * v)
			return k;
	return 4;
}

/* Units of quantities (context features); values and dates (agreement evidence only,
 * with the value bit). */
static void key_values(clm_set *s, const clm_moff *mo)
{
	char buf[512];
	for (size_t k = 0; k < mo->nq; k++) {
		const clm_quantity *q = &s->q[mo->q0 + k];
		if (q->unit >= CLM_UNIT_PERCENT)
			add_feat(&s->feat, &s->nfeat, &s->featcap,
				 CLM_FEAT(XXH3_64bits(q->unit_name, strlen(q->unit_name)), CLM_FK_UNIT));
		if (q->value > 0) {
			/* three significant digits: "$3.1 billion" = "3,100 million dollars"; and
			 * the figure one digit coarser than stated, so that a rounder figure agrees
			 * with it within its stated rounding ("398" / "about 400", "55,000" /
			 * "60,000"); clmc's evidence counts one agreement per quantity */
			int own = value_digits(q->value);
			for (int d = own < 3 ? own : 3; d >= 1 && d >= own - 1; d--) {
				int vn = snprintf(buf, sizeof buf, "q:%s:%.3g", q->unit_name,
						  round_digits(q->value, d));
				add_feat(&s->feat, &s->nfeat, &s->featcap,
					 CLM_FEAT(XXH3_64bits(buf, (size_t)vn), CLM_FK_UNIT) |
						 CLM_FEAT_VALUE_BIT);
			}
		}
	}
	for (size_t k = 0; k < mo->nd; k++) {
		const clm_date *d = &s->d[mo->d0 + k];
		int vn = 0;
		if (d->year) {
			vn = snprintf(buf, sizeof buf, "y:%d", d->year);
			add_feat(&s->feat, &s->nfeat, &s->featcap,
				 CLM_FEAT(XXH3_64bits(buf, (size_t)vn), CLM_FK_UNIT) |
					 CLM_FEAT_VALUE_BIT);
		}
		if (d->month) {
			vn = snprintf(buf, sizeof buf, "md:%d-%d", d->month, d->day);
			add_feat(&s->feat, &s->nfeat, &s->featcap,
				 CLM_FEAT(XXH3_64bits(buf, (size_t)vn), CLM_FK_UNIT) |
					 CLM_FEAT_VALUE_BIT);
		}
	}
}

/* The mention's features s->feat[f0, nfeat) sorted and made distinct. */
static void key_features_unique(clm_set *s, clm_moff *mo, size_t f0)
{
	assert(f0 <= s->nfeat);
	size_t nf = s->nfeat - f0;
	if (nf > 1) /* feat is NULL before the first feature */
		qsort(s->feat + f0, nf, sizeof *s->feat, util_cmp_u64);
	size_t w = 0;
	for (size_t k = 0; k < nf; k++)
		if (!w || s->feat[f0 + k] != s->feat[f0 + w - 1])
			s->feat[f0 + w++] = s->feat[f0 + k];
	s->nfeat = f0 + w;
	mo->f0 = f0;
	mo->nf = w;
}

/* The WordNet concepts of the mention's content words (lex_concepts), each entry with the
 * index of the word's feature among the mention's (sorted) features, so that a pair of
 * mentions can match two different words of one idea ("infant" / "baby", "decided" /
 * "decision") only where the words themselves are not shared. Role words and words the
 * synonym table already folded together keep their own features and match as such. Words
 * of asides (subordinate and relative clauses) get no concepts: background in other words
 * ("after Russia invaded Ukraine" / "since its invasion of Ukraine") is not the fact. */
static void key_concepts(build *b, size_t i)
{
	clm_set *s = b->s;
	const bment *bm = &b->bm[i];
	clm_moff *mo = &s->moff[i];
	mo->c0 = s->ncon;
	if (!b->lex || !mo->nf) /* no features: no word to find (and feat may be NULL) */
		return;
	const uint64_t *f = s->feat + mo->f0;
	for (size_t k = 0; k < bm->nw; k++) {
		const bword *w = &b->words[bm->w0 + k];
		if (w->aside)
			continue;
		size_t sn, on;
		const char *st = stem_of(b, w->w, w->n, false, &sn);
		const char *syn = synonym(st, sn, &on);
		uint64_t h = CLM_FEAT(XXH3_64bits(syn, on), CLM_FK_WORD);
		const uint64_t *hit = bsearch(&h, f, mo->nf, sizeof *f, util_cmp_u64);
		if (!hit || (size_t)(hit - f) > 0xffffu)
			continue;
		const uint32_t *ids;
		size_t nid = lex_concepts(b->lex, w->w, w->n, &ids);
		for (size_t x = 0; x < nid; x++) {
			XGROW(s->con, s->concap, s->ncon + 1);
			s->con[s->ncon++] = CLM_CONCEPT(ids[x], (size_t)(hit - f));
		}
	}
	size_t nc = s->ncon - mo->c0, w = 0;
	uint64_t *c = nc ? s->con + mo->c0 : NULL; /* con is NULL before the first concept */
	if (nc > 1)
		qsort(c, nc, sizeof *c, util_cmp_u64);
	for (size_t k = 0; k < nc; k++)
		if (!w || c[k] != c[w - 1])
			c[w++] = c[k];
	s->ncon = mo->c0 + w;
	mo->nc = w;
}

/* The speaker's key: the stems of its words (a company suffix dropped when there are
 * others), space-separated. */
static void key_speaker(build *b, const vword *v, size_t nv, size_t i)
{
	const bment *bm = &b->bm[i];
	if (!bm->nsp)
		return;
	char buf[512];
	size_t on = 0;
	buf[0] = 0;
	for (size_t k = 0; k < bm->nsp; k++) {
		const bword *sw = &b->spw[bm->sp0 + k];
		const char *cw = sw->w;
		size_t cn = sw->n;
		if (sw->ent >= 0)
			canon_word(v, nv, sw, &cw, &cn);
		if (clmp_corp_suffix(cw, cn) && bm->nsp > 1)
			continue;
		size_t sn;
		const char *st = stem_of(b, cw, cn, true, &sn);
		if (on + sn + 2 >= sizeof buf)
			break;
		if (on)
			buf[on++] = ' ';
		memcpy(buf + on, st, sn);
		on += sn;
		buf[on] = 0;
	}
	if (on)
		b->s->m[i].speaker = clmp_strdup(&b->s->pool, buf, on);
}

void clmk_finish_keys(build *b)
{
	clm_set *s = b->s;
	size_t nv;
	vword *v = entity_vocab(b, &nv);
	kstem *stems = NULL;
	size_t nst = 0, stcap = 0;
	for (size_t i = 0; i < s->nm; i++) {
		const bment *bm = &b->bm[i];
		clm_moff *mo = &s->moff[i];
		size_t f0 = s->nfeat;
		key_entities(b, v, nv, i, &stems, &nst, &stcap);
		for (size_t k = 0; k < bm->nw; k++) {
			const bword *w = &b->words[bm->w0 + k];
			push_kstem(b, &stems, &nst, &stcap, w->w, w->n, CLM_FK_WORD);
		}
		key_stems(s, mo, stems, &nst);
		key_values(s, mo);
		key_features_unique(s, mo, f0);
		key_concepts(b, i);
		key_speaker(b, v, nv, i);
	}
	free(stems);
	free(v);
}

