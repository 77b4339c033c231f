/* align_sw.c - the banded Smith-Waterman alignment of one chain of seeds, and the exact
 * LCS that counts a passage's matched words (align_int.h).
 *
 * Workload: a chain spans up to a few thousand words; the band (aln_opts.band words either
 * side of the chain's path) keeps a passage's cost O(length x band) instead of O(n x m).
 * It does not find seeds or chains, or choose among passages (align.c does).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "align_int.h"
#include "overlap/mem.h"

/* ======================= tuning ======================= */

/* Smith-Waterman scores. A content-word match is worth more than a stop-word match
 * because unrelated sentences of the same language share "the", "of", "and" at every
 * few words; a substitution (-1) is cheaper than an insertion plus a deletion (-2) so
 * that edited copies stay on their diagonal. With these, a passage with 20% substituted
 * words still scores ~+1.4 per word while unrelated text inside the band loses ~-0.6. */
#define SW_MATCH 3
#define SW_MATCH_STOP 1
#define SW_MISMATCH (-2)
#define SW_GAP (-2)

/* ======================= the band ======================= */

/* Band centre (b position) for a position i in a: piecewise linear through the chain. */
static int64_t path_centre(const path *p, int64_t i)
{
	if (i <= (int64_t)p->pt[0].i)
		return (int64_t)p->pt[0].j + (i - (int64_t)p->pt[0].i);
	if (i >= (int64_t)p->pt[p->n - 1].i)
		return (int64_t)p->pt[p->n - 1].j + (i - (int64_t)p->pt[p->n - 1].i);
	size_t lo = 0, hi = p->n - 1; /* pt[lo].i <= i < pt[hi].i */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if ((int64_t)p->pt[mid].i <= i)
			lo = mid;
		else
			hi = mid;
	}
	int64_t di = (int64_t)p->pt[hi].i - (int64_t)p->pt[lo].i;
	int64_t dj = (int64_t)p->pt[hi].j - (int64_t)p->pt[lo].j;
	return (int64_t)p->pt[lo].j + (i - (int64_t)p->pt[lo].i) * dj / (di ? di : 1);
}

enum { TB_STOP = 0, TB_DIAG = 1, TB_UP = 2, TB_LEFT = 3 };

/* The band's DP, row by row: fills buf->h/tb/org for a[r0, r0 + rows), lo[r] the first b
 * index of row r's window of w cells. The best cell of an alignment that overlaps the
 * chain (ends at or after its first seed, starts at or before its last) goes to
 * (*best_r, *best_c). @return its score, 0 when there is none. */
static int32_t sw_fill(const side *a, const side *b, const path *p, uint32_t r0, size_t rows,
		       unsigned band, swbuf *buf, int64_t *lo, size_t *best_r, size_t *best_c)
{
	size_t w = 2 * (size_t)band + 1;
	uint32_t first = p->pt[0].i, last = p->pt[p->n - 1].i;
	int32_t best = 0;
	for (size_t r = 0; r < rows; r++) {
		uint32_t i = r0 + (uint32_t)r;
		lo[r] = path_centre(p, i) - (int64_t)band;
		int32_t *hr = buf->h + r * w;
		uint8_t *tr = buf->tb + r * w;
		uint32_t *or = buf->org + r * w;
		for (size_t c = 0; c < w; c++) {
			int64_t j = lo[r] + (int64_t)c;
			hr[c] = 0;
			tr[c] = TB_STOP;
			or[c] = i;
			if (j < 0 || j >= (int64_t)b->n)
				continue;
			int32_t diag = 0, up = 0, left = 0;
			uint32_t odiag = i, oup = i, oleft = i;
			if (r > 0) {
				int64_t pc = j - 1 - lo[r - 1];
				if (pc >= 0 && pc < (int64_t)w) {
					diag = buf->h[(r - 1) * w + (size_t)pc];
					odiag = diag ? buf->org[(r - 1) * w + (size_t)pc] : i;
				}
				pc = j - lo[r - 1];
				if (pc >= 0 && pc < (int64_t)w) {
					up = buf->h[(r - 1) * w + (size_t)pc];
					oup = buf->org[(r - 1) * w + (size_t)pc];
				}
			}
			if (c > 0) {
				left = hr[c - 1];
				oleft = or[c - 1];
			}
			bool eq = side_match(a, i, b, (uint32_t)j);
			int32_t sd = diag + (eq ? (a->stop[i] ? SW_MATCH_STOP : SW_MATCH) : SW_MISMATCH);
			int32_t su = up + SW_GAP, sl = left + SW_GAP;
			int32_t v = 0;
			uint8_t t = TB_STOP;
			uint32_t o = i;
			if (sd > v) {
				v = sd;
				t = TB_DIAG;
				o = odiag;
			}
			if (su > v) {
				v = su;
				t = TB_UP;
				o = oup;
			}
			if (sl > v) {
				v = sl;
				t = TB_LEFT;
				o = oleft;
			}
			assert(v >= 0 && o <= i);
			hr[c] = v;
			tr[c] = t;
			or[c] = o;
			if (v > best && i >= first && o <= last) {
				best = v;
				*best_r = r;
				*best_c = c;
			}
		}
	}
	return best;
}

/* Trace back from cell (r, c) of a filled band; the equal pairs go to buf->ai/bj in
 * ascending order. @return their number. */
static size_t sw_traceback(const side *a, const side *b, uint32_t r0, unsigned band,
			   swbuf *buf, const int64_t *lo, size_t r, size_t c)
{
	size_t w = 2 * (size_t)band + 1, np = 0;
	for (;;) { /* pairs come out in descending order */
		uint8_t t = buf->tb[r * w + c];
		if (t == TB_STOP)
			break;
		int64_t j = lo[r] + (int64_t)c;
		if (t == TB_DIAG) {
			uint32_t i = r0 + (uint32_t)r;
			if (side_match(a, i, b, (uint32_t)j)) {
				XGROW(buf->ai, buf->acap, np + 1);
				XGROW(buf->bj, buf->bcap, np + 1);
				buf->ai[np] = i;
				buf->bj[np] = (uint32_t)j;
				np++;
			}
			if (r == 0)
				break;
			r--;
			int64_t pc = j - 1 - lo[r];
			if (pc < 0 || pc >= (int64_t)w)
				break;
			c = (size_t)pc;
		} else if (t == TB_UP) {
			if (r == 0)
				break;
			r--;
			int64_t pc = j - lo[r];
			if (pc < 0 || pc >= (int64_t)w)
				break;
			c = (size_t)pc;
		} else {
			if (c == 0)
				break;
			c--;
		}
	}
	for (size_t x = 0; x < np / 2; x++) { /* ascending */
		uint32_t t = buf->ai[x];
		buf->ai[x] = buf->ai[np - 1 - x];
		buf->ai[np - 1 - x] = t;
		t = buf->bj[x];
		buf->bj[x] = buf->bj[np - 1 - x];
		buf->bj[np - 1 - x] = t;
	}
	for (size_t x = 1; x < np; x++)
		assert(buf->ai[x] > buf->ai[x - 1] && buf->bj[x] > buf->bj[x - 1]);
	return np;
}

/* Local alignment of a[r0, r1) against b within band around the path, restricted to
 * alignments that overlap the chain (they end at or after its first seed and start at or
 * before its last): otherwise a stronger neighbouring passage inside the extension
 * margin would be found twice and this chain's own passage never. Puts the equal pairs
 * of the best such alignment in buf->ai/bj (ascending); returns its score, and the
 * number of pairs in *npairs. */
int32_t aln_band_sw(const side *a, const side *b, const path *p, uint32_t r0, uint32_t r1,
		    unsigned band, swbuf *buf, size_t *npairs)
{
	assert(r0 <= r1 && r1 <= a->n && p->n > 0);
	size_t rows = r1 - r0, w = 2 * (size_t)band + 1;
	XGROW(buf->h, buf->cap, rows * w);
	XGROW(buf->tb, buf->rcap, rows * w);
	XGROW(buf->org, buf->ocap, rows * w);
	int64_t *lo = xmalloc((rows + 1) * sizeof(int64_t));
	size_t best_r = 0, best_c = 0;
	int32_t best = sw_fill(a, b, p, r0, rows, band, buf, lo, &best_r, &best_c);
	*npairs = best > 0 ? sw_traceback(a, b, r0, band, buf, lo, best_r, best_c) : 0;
	free(lo);
	return best;
}

/* Exact LCS length of a[a0,a1) and b[b0,b1) under side_match; banded around the span's
 * diagonal when the full table would exceed LCS_FULL_MAX_CELLS. */
uint32_t aln_span_lcs(const side *a, uint32_t a0, uint32_t a1, const side *b, uint32_t b0,
		      uint32_t b1)
{
	size_t la = a1 - a0, lb = b1 - b0;
	if (!la || !lb)
		return 0;
	uint32_t *prev = xcalloc(lb + 1, sizeof(uint32_t));
	uint32_t *cur = xcalloc(lb + 1, sizeof(uint32_t));
	bool full = (uint64_t)la * lb <= LCS_FULL_MAX_CELLS;
	size_t bw = (la > lb ? la - lb : lb - la) + LCS_BAND_EXTRA;
	for (size_t x = 1; x <= la; x++) {
		size_t ylo = 1, yhi = lb;
		if (!full) {
			size_t c = x * lb / la;
			ylo = c > bw ? c - bw : 1;
			yhi = c + bw < lb ? c + bw : lb;
			if (ylo < 1)
				ylo = 1;
			/* cells outside the band read as 0 from cur/prev; clear our window edges */
			if (ylo > 1)
				cur[ylo - 1] = 0;
		}
		for (size_t y = ylo; y <= yhi; y++) {
			uint32_t v;
			if (side_match(a, a0 + (uint32_t)x - 1, b, b0 + (uint32_t)y - 1))
				v = prev[y - 1] + 1;
			else
				v = prev[y] > cur[y - 1] ? prev[y] : cur[y - 1];
			cur[y] = v;
		}
		if (!full && yhi < lb)
			cur[yhi + 1 <= lb ? yhi + 1 : lb] = cur[yhi];
		uint32_t *t = prev;
		prev = cur;
		cur = t;
	}
	uint32_t best = 0;
	for (size_t y = 0; y <= lb; y++)
		if (prev[y] > best)
			best = prev[y];
	free(prev);
	free(cur);
	return best;
}
