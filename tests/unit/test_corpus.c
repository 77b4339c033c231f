/* test_corpus.c - the input layer: folder walk order and filters, gzip by content (members,
 * truncation, corruption, bombs), JSON Lines (good, broken, metadata, long lines), binary and
 * empty documents, unreadable and missing paths, symlink loops, and rewind. Every bad input
 * must give its warning while the good documents around it still arrive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "corpus/corpus_int.h"
#include "overlap/corpus.h"
#include "overlap/mem.h"
#include "crp_trace.h"
#include "testutil.h"

/* ---- fixtures -------------------------------------------------------------------- */

typedef struct buf {
	uint8_t *p;
	size_t n;
} buf;

static buf slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	buf b = {xmalloc(1 << 20), 0};
	b.n = fread(b.p, 1, 1 << 20, f);
	fclose(f);
	return b;
}

/* One of the real articles in corpus/ (0..4). */
static buf article(int i)
{
	static const char *const names[] = {
		"000_a7004b4e3752436e.txt", "001_84a70742c93fdf8f.txt", "002_3151411f59005c19.txt",
		"003_2e1e3af4905333a7.txt", "004_e8f161a0af7dad6a.txt",
	};
	const char *root = getenv("OVL_SOURCE_ROOT");
	if (!root)
		root = OVL_SOURCE_ROOT;
	char *p = xasprintf("%s/corpus/%s", root, names[i]);
	buf b = slurp(p);
	free(p);
	return b;
}

/* Write bytes to dir/rel (parent folders must exist); returns the full path (caller frees). */
static char *put(const char *dir, const char *rel, const void *data, size_t n)
{
	char *p = xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	if (n)
		assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	return p;
}

static void put_str(const char *dir, const char *rel, const char *s)
{
	free(put(dir, rel, s, strlen(s)));
}

static void sub(const char *dir, const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

/* One gzip member of data (windowBits 31 = gzip header). */
static buf gzip_bytes(const void *data, size_t n)
{
	z_stream z = {0};
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = deflateBound(&z, n) + 64;
	buf b = {xmalloc(cap), 0};
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)n;
	z.next_out = b.p;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	b.n = cap - z.avail_out;
	deflateEnd(&z);
	return b;
}

/* ---- running the reader ---------------------------------------------------------- */

#define MAXW 64
#define MAXD 64

typedef struct run {
	char *warn[MAXW]; /* "PATH: MSG" */
	size_t nwarn;
	crp_doc doc[MAXD];
	size_t ndoc;
} run;

static void on_warn(void *ud, const char *path, const char *msg)
{
	run *r = ud;
	size_t n = strlen(msg);
	assert_true(n > 0 && msg[n - 1] != '\n');
	assert_true(r->nwarn < MAXW);
	r->warn[r->nwarn++] = xasprintf("%s: %s", path, msg);
}

/* Read everything under paths (a NULL-terminated list) into *r. */
static void read_all(run *r, const char *const *paths, size_t max_inflate, size_t max_doc)
{
	memset(r, 0, sizeof *r);
	size_t np = 0;
	while (paths[np])
		np++;
	crp_opts o = {.max_inflate = max_inflate, .max_doc_bytes = max_doc, .warn = on_warn,
		      .warn_ud = r};
	crp_reader *rd = NULL;
	err_ctx e = {0};
	assert_int_equal(crp_open(paths, np, &o, &rd, &e), 0);
	crp_doc d = {0};
	int rc;
	while ((rc = crp_next(rd, &d, &e)) == 1) {
		assert_true(r->ndoc < MAXD);
		assert_non_null(d.text);
		assert_int_equal(d.text[d.nbytes], '\0');
		r->doc[r->ndoc++] = d;
		memset(&d, 0, sizeof d);
	}
	assert_int_equal(rc, 0);
	crp_doc_clear(&d);
	crp_free(rd);
}

static void run_clear(run *r)
{
	for (size_t i = 0; i < r->nwarn; i++)
		free(r->warn[i]);
	for (size_t i = 0; i < r->ndoc; i++)
		crp_doc_clear(&r->doc[i]);
	memset(r, 0, sizeof *r);
}

/* The warning containing both substrings, or fail. */
static const char *find_warn(const run *r, const char *a, const char *b)
{
	for (size_t i = 0; i < r->nwarn; i++)
		if (strstr(r->warn[i], a) && strstr(r->warn[i], b))
			return r->warn[i];
	fprintf(stderr, "no warning with [%s] and [%s]; got %zu:\n", a, b, r->nwarn);
	for (size_t i = 0; i < r->nwarn; i++)
		fprintf(stderr, "  %s\n", r->warn[i]);
	fail();
	return NULL;
}

static void expect_ids(const run *r, const char *const *ids)
{
	size_t n = 0;
	while (ids[n])
		n++;
	if (r->ndoc != n) {
		fprintf(stderr, "got %zu documents:", r->ndoc);
		for (size_t i = 0; i < r->ndoc; i++)
			fprintf(stderr, " %s", r->doc[i].id);
		fprintf(stderr, "\n");
	}
	assert_int_equal(r->ndoc, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r->doc[i].id, ids[i]);
}

/* ---- tests ----------------------------------------------------------------------- */

static void test_walk_order_and_filters(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	buf a = article(0), b = article(1);
	free(put(dir, "b.txt", a.p, a.n));
	free(put(dir, "a.md", b.p, b.n));
	put_str(dir, "C.TXT", "Upper-case extension, taken.\n");
	put_str(dir, "Zeta.Md", "Mixed-case extension, taken.\n");
	put_str(dir, "report.v2.txt", "Only the known extension is stripped.\n");
	put_str(dir, "page.html", "<p>not a text extension</p>\n");
	put_str(dir, "data.json", "{\"id\":\"x\",\"text\":\"json is not jsonl\"}\n");
	put_str(dir, ".hidden.txt", "hidden file\n");
	put_str(dir, "d.jsonl", "{\"id\":\"d1\",\"text\":\"first line doc\"}\n"
				"{\"id\":\"d2\",\"text\":\"second line doc\"}\n");
	buf g = gzip_bytes(a.p, 500);
	free(put(dir, "e.TXT.GZ", g.p, g.n));
	sub(dir, "sub");
	sub(dir, ".git");
	put_str(dir, ".git/inside.txt", "in a hidden folder\n");
	put_str(dir, "sub/z.txt", "in a subfolder\n");
	put_str(dir, "sub/a b.txt", "space in the name\n");
	char *explicit_html = xasprintf("%s/page.html", dir);

	const char *paths[] = {dir, explicit_html, NULL};
	run r;
	read_all(&r, paths, 0, 0);
	/* byte-wise order inside each folder: upper case before lower case, '.' before 'b' */
	const char *ids[] = {"C", "Zeta", "a", "b", "d1", "d2", "e", "report.v2",
			     "a b", "z", "page.html", NULL};
	expect_ids(&r, ids);
	assert_int_equal(r.nwarn, 0);
	/* contents are the original bytes, gzip inflated */
	assert_int_equal(r.doc[3].nbytes, a.n);
	assert_memory_equal(r.doc[3].text, a.p, a.n);
	assert_int_equal(r.doc[6].nbytes, 500);
	assert_memory_equal(r.doc[6].text, a.p, 500);
	/* JSONL line numbers, whole-file documents have line 0 */
	assert_int_equal(r.doc[4].line, 1);
	assert_int_equal(r.doc[5].line, 2);
	assert_int_equal(r.doc[3].line, 0);
	char *bpath = xasprintf("%s/b.txt", dir);
	assert_string_equal(r.doc[3].path, bpath);
	free(bpath);
	run_clear(&r);

	/* the project's real corpus: ids are the file names without .txt */
	const char *root = getenv("OVL_SOURCE_ROOT") ? getenv("OVL_SOURCE_ROOT") : OVL_SOURCE_ROOT;
	char *cdir = xasprintf("%s/corpus/", root);
	const char *cpaths[] = {cdir, NULL};
	read_all(&r, cpaths, 0, 0);
	assert_int_equal(r.ndoc, 5);
	assert_string_equal(r.doc[0].id, "000_a7004b4e3752436e");
	assert_string_equal(r.doc[4].id, "004_e8f161a0af7dad6a");
	char *p0 = xasprintf("%s000_a7004b4e3752436e.txt", cdir); /* no doubled slash */
	assert_string_equal(r.doc[0].path, p0);
	assert_string_equal(r.doc[0].title,
			    "Putin\xe2\x80\x99s New Cyber Empire: How the Kremlin Is Embedding "
			    "Russian Technology Around the World");
	/* a byline is skipped; a first paragraph gives its first sentence, cut at a word */
	assert_string_equal(r.doc[1].title,
			    "The day Putin was sworn in at the Kremlin, he signed the Executive Order "
			    "on Russian development\xe2\x80\xa6");
	assert_string_equal(r.doc[2].title, "Leading Security Software Tied to Russian Mob");
	/* a first line that is a whole paragraph: its first sentence, whole when it fits */
	assert_string_equal(r.doc[4].title,
			    "Bloomberg News \xe2\x80\x93 Russian cybersecurity company Kaspersky Lab "
			    "boasts 400 million users worldwide.");
	free(p0);
	free(cdir);
	run_clear(&r);

	free(explicit_html);
	free(a.p);
	free(b.p);
	free(g.p);
	tu_rm_rf(dir);
	free(dir);
}

/* One crp_doc reused for every document (as the similarity engine does): its text buffer
 * is recycled, growing and shrinking documents come out whole and NUL-terminated, skipped
 * files in between leave no trace, and crp_doc_recycle keeps the buffer but no document. */
static void test_doc_reuse(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	buf big = article(0), small = article(3);
	buf gz = gzip_bytes(big.p, big.n);
	free(put(dir, "1_big.txt", big.p, big.n));
	put_str(dir, "2_tiny.txt", "Tiny text.");
	free(put(dir, "3_binary.txt", "\x89PNG\r\n\x1a\nxxxxxxxx", 16));
	free(put(dir, "4_gz.txt", gz.p, gz.n));
	free(put(dir, "5_small.txt", small.p, small.n));
	put_str(dir, "6_lines.jsonl", "{\"id\":\"j1\",\"text\":\"First line.\"}\n"
				   "{\"id\":\"j2\",\"text\":\"Second, \\\"quoted\\\" line.\"}\n");
	put_str(dir, "7_blank.txt", "  \n\t\n");
	put_str(dir, "8_last.txt", "Last one.");
	const struct {
		const char *id;
		const void *text;
		size_t n;
	} want[] = {
		{ "1_big", big.p, big.n },     { "2_tiny", "Tiny text.", 10 },
		{ "4_gz", big.p, big.n },      { "5_small", small.p, small.n },
		{ "j1", "First line.", 11 },   { "j2", "Second, \"quoted\" line.", 22 },
		{ "8_last", "Last one.", 9 },
	};
	const char *paths[] = { dir };
	crp_reader *rd = NULL;
	err_ctx e = { 0 };
	assert_int_equal(crp_open(paths, 1, NULL, &rd, &e), 0);
	crp_doc d = { 0 };
	size_t k = 0;
	while (crp_next(rd, &d, &e) == 1) {
		assert_true(k < sizeof want / sizeof *want);
		assert_string_equal(d.id, want[k].id);
		assert_int_equal(d.nbytes, want[k].n);
		assert_memory_equal(d.text, want[k].text, want[k].n);
		assert_int_equal(d.text[d.nbytes], '\0');
		assert_true(d.text_cap > d.nbytes);
		k++;
		if (k == 3) {
			uint8_t *keep = d.text;
			crp_doc_recycle(&d);
			assert_ptr_equal(d.text, keep);
			assert_int_equal(d.nbytes, 0);
			assert_null(d.id);
			assert_null(d.title);
		}
	}
	assert_int_equal(k, sizeof want / sizeof *want);
	crp_doc_clear(&d);
	assert_null(d.text);
	crp_free(rd);
	free(big.p);
	free(small.p);
	free(gz.p);
	tu_rm_rf(dir);
	free(dir);
}

static void test_gzip(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	buf a = article(2), b = article(3);
	/* gzip detected by content under a .txt name */
	buf ga = gzip_bytes(a.p, a.n);
	free(put(dir, "1_gz_named_txt.txt", ga.p, ga.n));
	/* two concatenated members (gzip -c x y > z) */
	buf gb = gzip_bytes(b.p, b.n);
	buf cat = {xmalloc(ga.n + gb.n), ga.n + gb.n};
	memcpy(cat.p, ga.p, ga.n);
	memcpy(cat.p + ga.n, gb.p, gb.n);
	free(put(dir, "2_members.txt.gz", cat.p, cat.n));
	/* truncated in the middle */
	free(put(dir, "3_truncated.txt.gz", ga.p, ga.n / 2));
	/* corrupt: deflate data flipped (the header stays valid) */
	buf bad = {xmalloc(ga.n), ga.n};
	memcpy(bad.p, ga.p, ga.n);
	for (size_t i = 20; i < 60; i++)
		bad.p[i] ^= 0x5a;
	free(put(dir, "4_corrupt.txt.gz", bad.p, bad.n));
	/* CRC mismatch: the data inflates but the trailer is wrong */
	buf crc = gzip_bytes(b.p, 300);
	crc.p[crc.n - 6] ^= 0x01;
	free(put(dir, "5_crc.txt.gz", crc.p, crc.n));
	/* a bomb: 4 MiB of one letter is a few KB compressed */
	size_t bomb_n = (size_t)4 << 20;
	uint8_t *z = xmalloc(bomb_n);
	memset(z, 'a', bomb_n);
	buf gbomb = gzip_bytes(z, bomb_n);
	free(z);
	assert_true(gbomb.n < 16384);
	free(put(dir, "6_bomb.txt.gz", gbomb.p, gbomb.n));
	/* a JSONL file compressed; its name says .jsonl.gz */
	const char *jl = "{\"id\":\"j1\",\"text\":\"compressed json lines\"}\n";
	buf gj = gzip_bytes(jl, strlen(jl));
	free(put(dir, "7_lines.jsonl.gz", gj.p, gj.n));
	/* the last good one, so a failure before it cannot hide */
	put_str(dir, "8_last.txt", "The last document is still read.\n");

	const char *paths[] = {dir, NULL};
	run r;
	read_all(&r, paths, (size_t)1 << 20, 0);
	const char *ids[] = {"1_gz_named_txt", "2_members", "j1", "8_last", NULL};
	expect_ids(&r, ids);
	assert_int_equal(r.doc[0].nbytes, a.n);
	assert_memory_equal(r.doc[0].text, a.p, a.n);
	assert_int_equal(r.doc[1].nbytes, a.n + b.n);
	assert_memory_equal(r.doc[1].text, a.p, a.n);
	assert_memory_equal(r.doc[1].text + a.n, b.p, b.n);
	find_warn(&r, "3_truncated.txt.gz: ", "gzip data truncated, skipped");
	find_warn(&r, "4_corrupt.txt.gz: ", "corrupt gzip data");
	find_warn(&r, "5_crc.txt.gz: ", "corrupt gzip data: incorrect data check, skipped");
	find_warn(&r, "6_bomb.txt.gz: ", "gzip inflates past the 1 MiB cap, skipped");
	assert_int_equal(r.nwarn, 4);
	run_clear(&r);

	/* with the default cap (1 GiB) the 4 MiB file is fine */
	char *bomb = xasprintf("%s/6_bomb.txt.gz", dir);
	const char *one[] = {bomb, NULL};
	read_all(&r, one, 0, 0);
	assert_int_equal(r.ndoc, 1);
	assert_int_equal(r.doc[0].nbytes, bomb_n);
	run_clear(&r);
	/* cap message in the default unit */
	read_all(&r, one, (size_t)3 << 20, 0);
	assert_int_equal(r.ndoc, 0);
	find_warn(&r, "6_bomb", "gzip inflates past the 3 MiB cap, skipped");
	run_clear(&r);
	free(bomb);

	free(a.p);
	free(b.p);
	free(ga.p);
	free(gb.p);
	free(cat.p);
	free(bad.p);
	free(crc.p);
	free(gbomb.p);
	free(gj.p);
	tu_rm_rf(dir);
	free(dir);
}

static void test_jsonl(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	const char *lines =
		"{\"id\":\"k1\",\"text\":\"Kaspersky Lab boasts 400 million users.\","
		"\"title\":\"Kaspersky\",\"source\":\"Bloomberg\",\"date\":\"2015-03-19\","
		"\"url\":\"https://example.com/k\",\"tags\":[\"a\",1],\"author\":null}\n"
		"{\"id\":\"k2\",\"text\":\"broken\"\n"                        /* 2: no brace */
		"\n"                                                          /* 3: blank */
		"   \t\r\n"                                                   /* 4: blank */
		"{\"id\":\"k5\"}\n"                                           /* 5: no text */
		"{\"id\":\"k6\",\"text\":42}\n"                               /* 6: text not string */
		"{\"id\":4711,\"text\":\"A number id becomes a string.\"}\n" /* 7 */
		"[\"not\",\"an\",\"object\"]\n"                               /* 8 */
		"{\"text\":\"no id at all\"}\n"                               /* 9 */
		"{\"id\":\"k10\",\"text\":\"  --- ... \"}\n"                  /* 10: empty */
		"{\"id\":\"k11\",\"text\":\"\\u041a\\u0440\\u0435\\u043c\\u043b\\u044c\","
		"\"source\":7}\r\n"                                           /* 11: CRLF */
		"{\"id\":\"k12\",\"text\":\"last line without newline\"}";
	char *path = put(dir, "news.jsonl", lines, strlen(lines));
	const char *paths[] = {path, NULL};
	run r;
	read_all(&r, paths, 0, 0);
	const char *ids[] = {"k1", "4711", "k11", "k12", NULL};
	expect_ids(&r, ids);
	crp_doc *d = &r.doc[0];
	assert_int_equal(d->line, 1);
	assert_string_equal((char *)d->text, "Kaspersky Lab boasts 400 million users.");
	assert_string_equal(d->title, "Kaspersky");
	assert_string_equal(d->source, "Bloomberg");
	assert_string_equal(d->date, "2015-03-19");
	assert_string_equal(d->url, "https://example.com/k");
	assert_string_equal(d->meta_json,
			    "{\"author\":null,\"date\":\"2015-03-19\",\"id\":\"k1\",\"source\":"
			    "\"Bloomberg\",\"tags\":[\"a\",1],\"title\":\"Kaspersky\",\"url\":"
			    "\"https://example.com/k\"}");
	assert_int_equal(r.doc[1].line, 7);
	assert_string_equal(r.doc[1].meta_json, "{\"id\":4711}");
	assert_null(r.doc[1].source);
	/* no "title" field: the first line of the text; a non-string source is not kept */
	assert_int_equal(r.doc[2].line, 11);
	assert_string_equal(r.doc[2].title, "\xd0\x9a\xd1\x80\xd0\xb5\xd0\xbc\xd0\xbb\xd1\x8c");
	assert_null(r.doc[2].source);
	assert_int_equal(r.doc[3].line, 12);

	char *p2 = xasprintf("%s:2: ", path);
	find_warn(&r, p2, "invalid JSON: ");
	free(p2);
	char *p5 = xasprintf("%s:5: ", path);
	find_warn(&r, p5, "missing \"text\", skipped");
	free(p5);
	char *p6 = xasprintf("%s:6: ", path);
	find_warn(&r, p6, "non-string \"text\", skipped");
	free(p6);
	char *p8 = xasprintf("%s:8: ", path);
	find_warn(&r, p8, "not a JSON object, skipped");
	free(p8);
	char *p9 = xasprintf("%s:9: ", path);
	find_warn(&r, p9, "missing \"id\", skipped");
	free(p9);
	char *p10 = xasprintf("%s:10: ", path);
	find_warn(&r, p10, "empty document, skipped");
	free(p10);
	assert_int_equal(r.nwarn, 6); /* blank lines 3 and 4 give none */
	run_clear(&r);
	free(path);
	tu_rm_rf(dir);
	free(dir);
}

static void test_size_caps(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	buf a = article(0); /* ~12 KB */
	assert_true(a.n > 8192);
	/* JSONL: a line longer than the cap is skipped, the next line is read */
	size_t cap = 4096;
	char *big = xmalloc(3 * a.n + 200);
	size_t n = (size_t)sprintf(big, "{\"id\":\"small1\",\"text\":\"before the long line\"}\n"
					 "{\"id\":\"huge\",\"text\":\"");
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < a.n; i++)
			if (a.p[i] >= 'a' && a.p[i] <= 'z')
				big[n++] = (char)a.p[i];
	n += (size_t)sprintf(big + n, "\"}\n{\"id\":\"small2\",\"text\":\"after the long line\"}\n");
	char *jl = put(dir, "long.jsonl", big, n);
	/* a whole-file document over the cap, plain and gzip'ed */
	char *plain = put(dir, "big.txt", a.p, a.n);
	buf g = gzip_bytes(a.p, a.n);
	char *gz = put(dir, "big2.txt.gz", g.p, g.n);
	char *ok = put(dir, "fits.txt", a.p, 1000);

	const char *paths[] = {jl, plain, gz, ok, NULL};
	run r;
	read_all(&r, paths, 0, cap);
	const char *ids[] = {"small1", "small2", "fits", NULL};
	expect_ids(&r, ids);
	assert_int_equal(r.doc[1].line, 3);
	char *pl = xasprintf("%s:2", jl);
	find_warn(&r, pl, "line longer than the 4 KiB cap, skipped");
	free(pl);
	find_warn(&r, "big.txt: ", "document larger than the 4 KiB cap, skipped");
	find_warn(&r, "big2.txt.gz: ", "document larger than the 4 KiB cap, skipped");
	assert_int_equal(r.nwarn, 3);
	run_clear(&r);

	free(big);
	free(jl);
	free(plain);
	free(gz);
	free(ok);
	free(g.p);
	free(a.p);
	tu_rm_rf(dir);
	free(dir);
}

/* Warnings of one reader, in order. */
typedef struct warnlist {
	char **v;
	size_t n, cap;
} warnlist;

static void on_warn_list(void *ud, const char *path, const char *msg)
{
	warnlist *w = ud;
	XGROW(w->v, w->cap, w->n + 1);
	w->v[w->n++] = xasprintf("%s: %s", path, msg);
}

/* Batched reading (io_uring, when built with liburing and the kernel allows it) and reading
 * file by file (crp_opts.no_batch) give the same documents, titles and warnings, in the same
 * order, across batch boundaries (150 files, batches of 64), folder changes, files that fill
 * or exceed a batch buffer (32 KiB), gzip, binary, empty, NUL and invalid UTF-8 files, a JSON
 * Lines file among them, a symlink, and a size cap that skips some files. */
static void test_batch_read_same_as_single(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	sub(dir, "sub");
	buf art = article(1);
	buf gz = gzip_bytes(art.p, art.n);
	uint8_t *big = xmalloc(70000);
	for (size_t i = 0; i < 70000; i++)
		big[i] = "abcdefgh ij.\n"[i % 13];
	for (int i = 0; i < 150; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s%03d.txt", i % 50 == 49 ? "sub/" : "", i);
		switch (i % 13) {
		case 0: free(put(dir, name, big, 32768)); break;      /* fills the buffer */
		case 1: free(put(dir, name, big, 32767)); break;      /* one byte short of it */
		case 2: free(put(dir, name, big, 70000)); break;      /* larger */
		case 3: free(put(dir, name, gz.p, gz.n)); break;
		case 4: free(put(dir, name, "\x89PNG\r\n\x1a\nxxxx", 12)); break;
		case 5: free(put(dir, name, "", 0)); break;
		case 6: free(put(dir, name, "a\0b text", 8)); break;
		case 7: put_str(dir, name, "caf\xc3 au lait \xff\xfe bad bytes"); break;
		default: free(put(dir, name, art.p, art.n / (size_t)(1 + i % 5))); break;
		}
	}
	put_str(dir, "077j.jsonl", "{\"id\":\"j1\",\"text\":\"A line.\"}\nnot json\n");
	char *target = xasprintf("%s/010.txt", dir), *link = xasprintf("%s/078link.txt", dir);
	assert_int_equal(symlink(target, link), 0);
	const char *paths[] = { dir };
	for (int cap = 0; cap < 2; cap++) {
		crp_reader *rd[2];
		warnlist wl[2] = { { 0 }, { 0 } };
		crp_doc d[2] = { { 0 }, { 0 } };
		int rc[2];
		for (int m = 0; m < 2; m++) {
			crp_opts o = { .max_doc_bytes = cap ? 20000 : 0, .warn = on_warn_list,
				       .warn_ud = &wl[m], .no_batch = m == 0 };
			err_ctx e = { 0 };
			assert_int_equal(crp_open(paths, 1, &o, &rd[m], &e), 0);
			rc[m] = crp_next(rd[m], &d[m], &e);
		}
		size_t ndocs = 0;
		for (;;) {
			assert_int_equal(rc[0], rc[1]);
			if (rc[0] != 1)
				break;
			ndocs++;
			assert_string_equal(d[0].id, d[1].id);
			assert_string_equal(d[0].path, d[1].path);
			assert_int_equal(d[0].nbytes, d[1].nbytes);
			assert_memory_equal(d[0].text, d[1].text, d[0].nbytes);
			assert_true((d[0].title == NULL) == (d[1].title == NULL));
			if (d[0].title)
				assert_string_equal(d[0].title, d[1].title);
			for (int m = 0; m < 2; m++)
				rc[m] = crp_next(rd[m], &d[m], NULL);
		}
		/* 150 files + link + 1 JSON line; binary, empty and NUL files (and with the cap
		 * the large ones) skipped with a warning each */
		assert_int_equal(ndocs, cap ? 80 : 116);
		assert_int_equal(wl[0].n, wl[1].n);
		assert_int_equal(wl[0].n, cap ? 73 : 37);
		for (size_t i = 0; i < wl[0].n; i++) {
			assert_string_equal(wl[0].v[i], wl[1].v[i]);
			free(wl[0].v[i]);
			free(wl[1].v[i]);
		}
		for (int m = 0; m < 2; m++) {
			free(wl[m].v);
			crp_doc_clear(&d[m]);
			crp_free(rd[m]);
		}
	}
	free(target);
	free(link);
	free(big);
	free(art.p);
	free(gz.p);
	tu_rm_rf(dir);
	free(dir);
}

static void test_binary_and_empty(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	buf a = article(4);
	free(put(dir, "00_good.txt", a.p, a.n));
	uint8_t png[64] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	memset(png + 8, 'x', sizeof png - 8); /* no NUL: the signature alone decides */
	free(put(dir, "01_png.txt", png, sizeof png));
	/* text with a NUL byte inside the first 8 KiB */
	uint8_t *nul = xmalloc(a.n);
	memcpy(nul, a.p, a.n);
	nul[100] = 0;
	free(put(dir, "02_nul.txt", nul, a.n));
	/* control bytes: 40% of the text */
	uint8_t ctrl[1000];
	for (size_t i = 0; i < sizeof ctrl; i++)
		ctrl[i] = (i % 5 < 2) ? 0x01 + (uint8_t)(i % 7) : 'a';
	free(put(dir, "03_ctrl.txt", ctrl, sizeof ctrl));
	free(put(dir, "04_zero.txt", "", 0));
	put_str(dir, "05_space.txt", " \n\t\r\n\f  \n");
	put_str(dir, "06_punct.txt", "--- ... !!! ?? \xe2\x80\x94\xe2\x80\x94 \xc2\xab\xc2\xbb\n");
	put_str(dir, "07_bom_only.txt", "\xef\xbb\xbf\n\n");
	/* letters in another script are content */
	put_str(dir, "08_cyrillic.txt", "\xd0\x9a\xd1\x80\xd0\xb5\xd0\xbc\xd0\xbb\xd1\x8c\n");
	put_str(dir, "09_digits.txt", "  2024  \n");
	/* a PDF and a ZIP by signature, a gzip'ed PNG (binary after inflating) */
	put_str(dir, "10_pdf.md", "%PDF-1.7 looks like text but is a PDF\n");
	put_str(dir, "11_zip.md", "PK\x03\x04zip entry name.txt\n");
	buf gp = gzip_bytes(png, sizeof png);
	free(put(dir, "12_png.txt.gz", gp.p, gp.n));
	/* tabs, form feeds and CRs are text, not control bytes */
	put_str(dir, "13_tabs.txt", "a\tb\tc\r\n\fd\te\r\n");
	free(put(dir, "14_good.txt", a.p, a.n));

	const char *paths[] = {dir, NULL};
	run r;
	read_all(&r, paths, 0, 0);
	const char *ids[] = {"00_good", "08_cyrillic", "09_digits", "13_tabs", "14_good", NULL};
	expect_ids(&r, ids);
	find_warn(&r, "01_png.txt: ", "binary file, skipped");
	find_warn(&r, "02_nul.txt: ", "binary file, skipped");
	find_warn(&r, "03_ctrl.txt: ", "binary file, skipped");
	find_warn(&r, "04_zero.txt: ", "empty document, skipped");
	find_warn(&r, "05_space.txt: ", "empty document, skipped");
	find_warn(&r, "06_punct.txt: ", "empty document, skipped");
	find_warn(&r, "07_bom_only.txt: ", "empty document, skipped");
	find_warn(&r, "10_pdf.md: ", "binary file, skipped");
	find_warn(&r, "11_zip.md: ", "binary file, skipped");
	find_warn(&r, "12_png.txt.gz: ", "binary file, skipped");
	assert_int_equal(r.nwarn, 10);
	assert_string_equal(r.doc[2].title, "2024");
	run_clear(&r);

	free(nul);
	free(gp.p);
	free(a.p);
	tu_rm_rf(dir);
	free(dir);
}

static void test_title_and_bom(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	/* BOM, blank lines and indentation before the first line: the BOM stays in the text */
	put_str(dir, "bom.txt", "\xef\xbb\xbf\n   \n  Kaspersky \xe2\x80\x94 the headline  \r\nBody.\n");
	/* a first line of 150 two-byte letters (300 bytes, one "word"): too long for a headline,
	 * so its first sentence, cut at a character boundary to <= 100 bytes with "…" */
	char line[400];
	size_t n = 0;
	for (int i = 0; i < 150; i++) {
		line[n++] = (char)0xc3;
		line[n++] = (char)0xa9;
	}
	memcpy(line + n, "\nbody\n", 7);
	put_str(dir, "long.txt", line);
	/* three-byte characters with the 200th byte in the middle of one */
	n = 0;
	line[n++] = 'x';
	for (int i = 0; i < 100; i++) {
		memcpy(line + n, "\xe2\x80\x99", 3);
		n += 3;
	}
	line[n] = '\0';
	put_str(dir, "quote.txt", line);

	const char *paths[] = {dir, NULL};
	run r;
	read_all(&r, paths, 0, 0);
	const char *ids[] = {"bom", "long", "quote", NULL};
	expect_ids(&r, ids);
	assert_memory_equal(r.doc[0].text, "\xef\xbb\xbf\n", 4);
	assert_string_equal(r.doc[0].title, "Kaspersky \xe2\x80\x94 the headline");
	assert_int_equal(strlen(r.doc[1].title), 96 + 3); /* 48 whole letters + "…" */
	assert_int_equal((uint8_t)r.doc[1].title[94], 0xc3);
	assert_memory_equal(r.doc[1].title + 96, "\xe2\x80\xa6", 3);
	assert_int_equal(strlen(r.doc[2].title), 97 + 3); /* 'x' + 32 whole characters + "…" */
	assert_memory_equal(r.doc[2].title + 94, "\xe2\x80\x99\xe2\x80\xa6", 6);
	run_clear(&r);
	tu_rm_rf(dir);
	free(dir);
}

/* crp_looks_binary against its rule written plainly: a NUL in the first 8 KiB, or more than
 * 30% control bytes there (< 0x20 but \t \n \f \r, and DEL); random buffers of every
 * length to 100 and some past 8 KiB, from text to noise, a NUL now and then. */
static bool binary_model(const uint8_t *t, size_t n)
{
	if (n > 8192)
		n = 8192;
	size_t ctrl = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i] == 0)
			return true;
		bool ok = t[i] == '\t' || t[i] == '\n' || t[i] == '\f' || t[i] == '\r';
		ctrl += (t[i] < 0x20 && !ok) || t[i] == 0x7f;
	}
	return ctrl * 100 > n * 30;
}

static void test_looks_binary_model(void **state)
{
	(void)state;
	uint64_t x = 99;
	uint8_t *b = xmalloc(9200); /* the longest: 100 + 2999 * 3 bytes */
	for (int round = 0; round < 3000; round++) {
		size_t n = round < 2000 ? (size_t)round % 101 : 100 + (size_t)round * 3;
		unsigned mix = (unsigned)round % 7; /* out of 8: how often a byte is drawn at random */
		for (size_t i = 0; i < n; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			uint8_t r = (uint8_t)(x >> 56);
			b[i] = (x >> 40) % 8 < mix ? r : (uint8_t)('a' + r % 26);
			if (r == 0 && round % 5) /* NULs only in some rounds */
				b[i] = 1;
		}
		if (n > 1 && round % 13 == 0)
			b[0] = 'x'; /* no magic */
		bool magic = (n >= 3 && !memcmp(b, "\xff\xd8\xff", 3)) || (n >= 5 && !memcmp(b, "%PDF-", 5));
		if (!magic && crp_looks_binary(b, n) != binary_model(b, n))
			fail_msg("round %d, %zu bytes: %d", round, n, (int)crp_looks_binary(b, n));
	}
	/* at the threshold: k control bytes of one kind among bytes that are not (letters,
	 * allowed whitespace, bytes >= 0x80), k just under and just over 30% */
	const uint8_t ctrl[] = { 0x7f, 0x01, 0x1f, 0x0b, 0x0e, 0x1b };
	const uint8_t fill[] = { 'q', '\t', '\n', '\f', '\r', 0x80, 0xff, 0x20 };
	for (size_t n = 1; n <= 300; n++)
		for (size_t c = 0; c < sizeof ctrl; c++)
			for (size_t over = 0; over < 2; over++) {
				size_t k = n * 30 / 100 + over;
				for (size_t i = 0; i < n; i++)
					b[i] = fill[(i * 7 + n + c) % sizeof fill];
				for (size_t i = 0; i < k && i < n; i++)
					b[(i * 37 + c + 1) % n] = ctrl[c]; /* 37 and n share no factor often */
				if (crp_looks_binary(b, n) != binary_model(b, n))
					fail_msg("%zu bytes, %zu of 0x%02x", n, k, ctrl[c]);
			}
	free(b);
}

/* crp_titles_later: files and JSONL lines without "title" come with no title and
 * title_later set, and crp_make_title of their text gives what the reader would have given;
 * a JSONL "title" is still the reader's. */
static void test_titles_later(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	put_str(dir, "a.txt", "By Jo Smith\nFirst line of a\nMore text.\n");
	put_str(dir, "b.jsonl", "{\"id\":\"b1\",\"text\":\"Headline b1\\nBody.\"}\n"
				"{\"id\":\"b2\",\"title\":\"Given\",\"text\":\"Other\\nBody.\"}\n"
				"{\"id\":\"b3\",\"text\":\"Nested\",\"tags\":[1,{\"x\":2}]}\n");
	const char *paths[] = {dir, NULL};
	run want;
	read_all(&want, paths, 0, 0);
	assert_int_equal(want.ndoc, 4);
	crp_opts o = {0};
	crp_reader *rd = NULL;
	err_ctx e = {0};
	assert_int_equal(crp_open(paths, 1, &o, &rd, &e), 0);
	crp_titles_later(rd);
	crp_doc d = {0};
	for (size_t i = 0; i < want.ndoc; i++) {
		assert_int_equal(crp_next(rd, &d, &e), 1);
		assert_string_equal(d.id, want.doc[i].id);
		bool given = strcmp(d.id, "b2") == 0;
		assert_int_equal(d.title_later, !given);
		if (given) {
			assert_string_equal(d.title, "Given");
		} else {
			assert_null(d.title);
			char *t = crp_make_title(d.text, d.nbytes);
			assert_string_equal(t, want.doc[i].title);
			free(t);
		}
	}
	assert_int_equal(crp_next(rd, &d, &e), 0);
	crp_doc_clear(&d);
	crp_free(rd);
	run_clear(&want);
	tu_rm_rf(dir);
	free(dir);
}

/* Titles of texts without a "title": bylines skipped, headlines kept, otherwise the first
 * sentence (lines from the corpus articles and their kind of edits). */
static void test_title_rules(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	put_str(dir, "a_von.txt", "Von Anna Schmidt\n\nKaspersky unter Druck\n\nDer Text.\n");
	put_str(dir, "b_par.txt", "PAR JEAN DUPONT\nKaspersky sous pression\nLe texte.\n");
	/* "By" + a number is a sentence, not a byline; short, so a headline all the same */
	put_str(dir, "c_by2030.txt", "By 2030, Russia wants its own software everywhere.\n\nMore.\n");
	/* a question as a headline */
	put_str(dir, "d_question.txt", "Is Kaspersky safe?\n\nIt depends on whom you ask.\n");
	/* a hard-wrapped first paragraph: the first sentence across the line break */
	put_str(dir, "e_wrapped.txt",
		"In a significant move, the US Department of Commerce has imposed a ban\n"
		"on the use of products and services from Russian cybersecurity giant\n"
		"Kaspersky. This decision requires American companies to remove it.\n");
	/* abbreviations do not end the first sentence */
	put_str(dir, "f_abbrev.txt",
		"Mr. Kaspersky met U.S. officials in St. Petersburg on Monday, officials said "
		"in a statement that was published late in the evening. He said nothing.\n");
	/* a byline and nothing else: the byline is better than no title */
	put_str(dir, "g_only_byline.txt", "By Andrei Soldatov and Irina Borogan\n");
	/* a long byline-like line is a sentence */
	put_str(dir, "h_long_by.txt",
		"By Monday the Kremlin had ordered every ministry to remove foreign antivirus "
		"software from its computers, officials said.\n");
	put_str(dir, "i.jsonl", "{\"id\":\"j1\",\"text\":\"By Jane Doe\\n\\nKremlin bans "
				"foreign antivirus\\n\\nThe ban starts in May.\"}\n");
	const char *paths[] = {dir, NULL};
	run r;
	read_all(&r, paths, 0, 0);
	const char *ids[] = {"a_von", "b_par", "c_by2030", "d_question", "e_wrapped", "f_abbrev",
			     "g_only_byline", "h_long_by", "j1", NULL};
	expect_ids(&r, ids);
	assert_string_equal(r.doc[0].title, "Kaspersky unter Druck");
	assert_string_equal(r.doc[1].title, "Kaspersky sous pression");
	assert_string_equal(r.doc[2].title, "By 2030, Russia wants its own software everywhere.");
	assert_string_equal(r.doc[3].title, "Is Kaspersky safe?");
	assert_string_equal(r.doc[4].title,
			    "In a significant move, the US Department of Commerce has imposed a ban "
			    "on the use of products and\xe2\x80\xa6");
	assert_string_equal(r.doc[5].title,
			    "Mr. Kaspersky met U.S. officials in St. Petersburg on Monday, officials "
			    "said in a statement that\xe2\x80\xa6");
	assert_string_equal(r.doc[6].title, "By Andrei Soldatov and Irina Borogan");
	assert_string_equal(r.doc[7].title,
			    "By Monday the Kremlin had ordered every ministry to remove foreign "
			    "antivirus software from its\xe2\x80\xa6");
	assert_string_equal(r.doc[8].title, "Kremlin bans foreign antivirus");
	for (size_t i = 0; i < r.ndoc; i++)
		assert_true(strlen(r.doc[i].title) <= 150);
	assert_int_equal(r.nwarn, 0);
	run_clear(&r);
	tu_rm_rf(dir);
	free(dir);
}

/* JSON strings are decoded exactly as jansson decodes them (escapes, surrogate pairs, an
 * escaped key, a repeated key, nested "text"), and what jansson rejects is rejected with its
 * message and the column in the original line. */
static void test_jsonl_strings(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	const char *lines =
		"{\"id\":\"e1\",\"text\":\"Tab\\tquote\\\" slash\\/ back\\\\ nl\\n "
		"\\u00e9\\u20ac \\ud83d\\ude00 caf\\u00c9 \xe2\x80\x94 raw\"}\n"        /* 1 */
		"{\"id\":\"e2\",\"te\\u0078t\":\"escaped key\"}\n"                     /* 2 */
		"{\"id\":\"e3\",\"text\":\"first\",\"text\":\"second\"}\n"             /* 3 */
		"{\"id\":\"e4\",\"text\":\"lone \\ud800 surrogate\"}\n"                /* 4 */
		"{\"id\":\"e5\",\"text\":\"nul \\u0000 inside\"}\n"                    /* 5 */
		"{\"id\":\"e6\",\"meta\":{\"text\":\"nested\"},\"text\":\"outer\"}\n"  /* 6 */
		"{\"id\":\"e7\",\"text\":\"raw\x01" "control\"}\n"                         /* 7 */
		"{\"id\":\"e8\",\"text\":\"ok\"} x\n"                                    /* 8 */
		"{\"id\":\"e9\",\"text\":\"bad \xc3\x28 utf8\"}\n"                      /* 9 */
		"{\"text\":\"Kaspersky\" , \"id\" : \"e10\" }\n";                        /* 10 */
	char *path = put(dir, "s.jsonl", lines, strlen(lines));
	const char *paths[] = {path, NULL};
	run r;
	read_all(&r, paths, 0, 0);
	const char *ids[] = {"e1", "e2", "e3", "e6", "e10", NULL};
	expect_ids(&r, ids);
	const char *want = "Tab\tquote\" slash/ back\\ nl\n \xc3\xa9\xe2\x82\xac "
			   "\xf0\x9f\x98\x80 caf\xc3\x89 \xe2\x80\x94 raw";
	assert_int_equal(r.doc[0].nbytes, strlen(want));
	assert_string_equal((char *)r.doc[0].text, want);
	assert_string_equal((char *)r.doc[1].text, "escaped key");
	assert_string_equal((char *)r.doc[2].text, "second");
	assert_string_equal((char *)r.doc[3].text, "outer");
	assert_string_equal(r.doc[3].meta_json, "{\"id\":\"e6\",\"meta\":{\"text\":\"nested\"}}");
	assert_string_equal((char *)r.doc[4].text, "Kaspersky");
	assert_int_equal(r.doc[4].line, 10);
	for (int ln = 4; ln <= 9; ln++) {
		if (ln == 6)
			continue;
		char *p = xasprintf("%s:%d: ", path, ln);
		find_warn(&r, p, "invalid JSON: ");
		free(p);
	}
	char *p8 = xasprintf("%s:8: ", path);
	const char *w8 = find_warn(&r, p8, "invalid JSON: ");
	assert_non_null(strstr(w8, "(column 25)")); /* the column in the original line */
	free(p8);
	assert_int_equal(r.nwarn, 5);
	run_clear(&r);
	free(path);
	tu_rm_rf(dir);
	free(dir);
}

/* The reader's callbacks into a crp_trace. */
static void jt_warn(void *ud, const char *path, const char *msg)
{
	crp_trace_warn(ud, path, msg);
}

static int jt_doc(void *ud, const crp_doc *d)
{
	crp_trace_doc(ud, d);
	return 0;
}

/* Lines read by the reader's own JSON parsing give exactly what jansson alone gives
 * (crp_opts.jsonl_reference): documents (id, title, source, date, url, metadata, text,
 * line) and warnings, for flat lines it parses itself and for every kind it hands on. */
static void test_jsonl_same_as_jansson(void **state)
{
	(void)state;
	const char *lines =
		"\xef\xbb\xbf{\"id\":\"bom\",\"text\":\"t\"}\n"
		"{\"id\":\"a1\",\"title\":\"Tab\\there \\u0001 \\u001b[2J \\\"q\\\" \\\\ \\/ \\u00e9\","
		"\"source\":\"Wire \xe2\x80\x94 news\",\"date\":\"2024-03-01\",\"url\":\"http://x/y?a=1\","
		"\"zeta\":true,\"alpha\":false,\"mid\":null,\"n\":-12,\"m\":0,\"big\":123456789012345678,"
		"\"\":\"empty key\",\"Upper\":\"case\",\"text\":\"body \\n text \\ud83d\\ude00\"}\n"
		" { \"text\" : \"spaced\" , \"id\" : 7 , \"n\" : 1 } \t\r\n"
		"{\"id\":-3,\"text\":\"negative id\"}\n"
		"{\"id\":\"r\",\"x\":1.5,\"text\":\"real\"}\n"
		"{\"id\":\"e\",\"x\":1e5,\"text\":\"exponent\"}\n"
		"{\"id\":\"z\",\"x\":-0,\"text\":\"minus zero\"}\n"
		"{\"id\":\"lz\",\"x\":012,\"text\":\"leading zero\"}\n"
		"{\"id\":\"huge\",\"x\":12345678901234567890123,\"text\":\"too big\"}\n"
		"{\"id\":\"n19\",\"x\":1234567890123456789,\"text\":\"19 digits\"}\n"
		"{\"id\":\"nest\",\"x\":{\"b\":1,\"a\":[1,2]},\"text\":\"nested\"}\n"
		"{\"id\":\"dup\",\"x\":1,\"x\":2,\"text\":\"duplicate key\"}\n"
		"{\"id\":\"dupt\",\"text\":\"a\",\"text\":\"b\"}\n"
		"{\"id\":\"esckey\",\"t\\u0065xt\":\"escaped key\"}\n"
		"{\"id\":\"utfkey\",\"caf\xc3\xa9\":\"x\",\"text\":\"non-ASCII key\"}\n"
		"{\"id\":\"trail\",\"text\":\"x\"} garbage\n"
		"{\"id\":\"trailc\",\"text\":\"x\"},\n"
		"{\"id\":\"lit\",\"x\":tru,\"text\":\"bad literal\"}\n"
		"{\"id\":\"litx\",\"x\":truex,\"text\":\"bad literal\"}\n"
		"{\"id\":\"nul\",\"x\":\"a\\u0000b\",\"text\":\"nul in meta\"}\n"
		"{\"id\":\"ctl\",\"x\":\"raw\x01" "ctl\",\"text\":\"raw control in meta\"}\n"
		"{\"id\":\"del\",\"x\":\"raw\x7f" "del\",\"text\":\"DEL in meta\"}\n"
		"{\"id\":\"badutf\",\"x\":\"\xc3\x28\",\"text\":\"bad UTF-8 in meta\"}\n"
		"{\"id\":\"sur\",\"x\":\"\\ud800\",\"text\":\"lone surrogate in meta\"}\n"
		"{\"id\":\"\",\"text\":\"empty id\"}\n"
		"{\"text\":\"no id\"}\n"
		"{\"id\":true,\"text\":\"bool id\"}\n"
		"{\"id\":null,\"text\":\"null id\"}\n"
		"{\"id\":1.0,\"text\":\"real id\"}\n"
		"{\"id\":\"blank\",\"text\":\"  \\n \"}\n"
		"{\"id\":\"notext\"}\n"
		"{\"id\":\"numtext\",\"text\":5}\n"
		"{}\n"
		"[1,2]\n"
		"\n"
		"   \n"
		"{\"id\":\"unterminated\",\"text\":\"abc\n"
		"{\"id\":\"nocolon\" \"text\":\"abc\"}\n"
		"{\"id\":\"many\",\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,"
		"\"i\":9,\"j\":10,\"k\":11,\"l\":12,\"text\":\"many keys\",\"title\":5}\n"
		"{\"id\":\"last\",\"text\":\"no newline\"}";
	crp_trace fast = {0}, ref = {0};
	crp_opts o = {.warn = jt_warn, .warn_ud = &fast};
	int nf = crp_read_buffer("x.jsonl", (const uint8_t *)lines, strlen(lines), &o, jt_doc, &fast);
	o.warn_ud = &ref;
	o.jsonl_reference = true;
	int nr = crp_read_buffer("x.jsonl", (const uint8_t *)lines, strlen(lines), &o, jt_doc, &ref);
	assert_true(nf >= 15);
	assert_int_equal(nf, nr);
	assert_int_equal(fast.n, ref.n);
	assert_string_equal(fast.s, ref.s);
	/* the flat line's metadata, keys sorted, strings escaped as jansson does */
	assert_non_null(strstr(fast.s, "{\"\":\"empty key\",\"Upper\":\"case\",\"alpha\":false,"
			       "\"big\":123456789012345678,\"date\":\"2024-03-01\",\"id\":\"a1\","
			       "\"m\":0,\"mid\":null,\"n\":-12,\"source\":\"Wire \xe2\x80\x94 news\","
			       "\"title\":\"Tab\\there \\u0001 \\u001B[2J \\\"q\\\" \\\\ / \xc3\xa9\","
			       "\"url\":\"http://x/y?a=1\",\"zeta\":true}"));
	free(fast.s);
	free(ref.s);
}

static void test_missing_and_unreadable(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	buf a = article(1);
	char *good = put(dir, "good.txt", a.p, a.n);
	char *locked = put(dir, "locked.txt", a.p, a.n);
	assert_int_equal(chmod(locked, 0), 0);
	sub(dir, "closed");
	put_str(dir, "closed/inside.txt", "cannot list this folder\n");
	char *closed = xasprintf("%s/closed", dir);
	assert_int_equal(chmod(closed, 0), 0);
	char *missing = xasprintf("%s/no_such_file.txt", dir);
	/* a dangling symlink inside a folder */
	char *dangling = xasprintf("%s/dangling.txt", dir);
	assert_int_equal(symlink("nowhere.txt", dangling), 0);

	const char *paths[] = {missing, dir, good, NULL};
	run r;
	read_all(&r, paths, 0, 0);
	char *wm = xasprintf("%s: not found", missing);
	find_warn(&r, wm, "");
	free(wm);
	find_warn(&r, "dangling.txt: ", "not found");
	/* good.txt is in dir and named again: read once, at its first place */
	find_warn(&r, "good.txt: ", "named twice, read once");
	if (geteuid() != 0) { /* root reads mode-000 files and lists mode-000 folders */
		const char *ids[] = {"good", NULL};
		expect_ids(&r, ids);
		find_warn(&r, "locked.txt: ", "permission denied");
		find_warn(&r, "closed: ", "permission denied");
		assert_int_equal(r.nwarn, 5);
	} else {
		const char *ids[] = {"inside", "good", "locked", NULL};
		expect_ids(&r, ids);
		assert_int_equal(r.nwarn, 3);
	}
	run_clear(&r);

	/* only missing paths: an empty stream, not a failure */
	const char *none[] = {missing, NULL};
	read_all(&r, none, 0, 0);
	assert_int_equal(r.ndoc, 0);
	assert_int_equal(r.nwarn, 1);
	run_clear(&r);

	free(dangling);
	free(missing);
	free(closed);
	free(locked);
	free(good);
	free(a.p);
	tu_rm_rf(dir);
	free(dir);
}

static void test_symlinks(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	sub(dir, "news");
	sub(dir, "news/deeper");
	sub(dir, "other");
	put_str(dir, "news/a.txt", "Article A about sanctions.\n");
	put_str(dir, "news/deeper/b.txt", "Article B about software.\n");
	put_str(dir, "other/c.txt", "Article C reached through a symlink.\n");
	char *loop = xasprintf("%s/news/deeper/up", dir);
	assert_int_equal(symlink("..", loop), 0); /* news/deeper/up -> news: a loop */
	char *self = xasprintf("%s/news/self", dir);
	assert_int_equal(symlink(".", self), 0); /* news/self -> news */
	char *link = xasprintf("%s/news/link", dir);
	char *target = xasprintf("%s/other", dir);
	assert_int_equal(symlink(target, link), 0); /* followed: not a loop */
	char *news = xasprintf("%s/news", dir);

	const char *paths[] = {news, target, NULL};
	run r;
	read_all(&r, paths, 0, 0);
	/* other/ is walked through news/link first, so naming it again is a repeat */
	const char *ids[] = {"a", "b", "c", NULL};
	expect_ids(&r, ids);
	find_warn(&r, "news/deeper/up: ", "symlink loop, not followed");
	find_warn(&r, "news/self: ", "symlink loop, not followed");
	char *wt = xasprintf("%s: folder already visited, not followed", target);
	find_warn(&r, wt, "");
	free(wt);
	assert_int_equal(r.nwarn, 3);
	run_clear(&r);

	free(news);
	free(target);
	free(link);
	free(self);
	free(loop);
	tu_rm_rf(dir);
	free(dir);
}

static void test_rewind(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	for (int i = 0; i < 5; i++) {
		buf a = article(i);
		char name[32];
		snprintf(name, sizeof name, "%d.txt%s", 4 - i, i % 2 ? ".gz" : "");
		if (i % 2) {
			buf g = gzip_bytes(a.p, a.n);
			free(put(dir, name, g.p, g.n));
			free(g.p);
		} else {
			free(put(dir, name, a.p, a.n));
		}
		free(a.p);
	}
	put_str(dir, "5.jsonl", "{\"id\":\"j1\",\"text\":\"one\"}\nnot json\n"
				"{\"id\":\"j2\",\"text\":\"two\"}\n");
	put_str(dir, "6.txt", "   \n");

	run r;
	memset(&r, 0, sizeof r);
	crp_opts o = {.warn = on_warn, .warn_ud = &r};
	const char *paths[] = {dir};
	crp_reader *rd;
	err_ctx e = {0};
	assert_int_equal(crp_open(paths, 1, &o, &rd, &e), 0);
	assert_int_equal(crp_nfiles(rd), 7);
	char *ids1[16], *ids2[16];
	size_t sz1[16], n1 = 0, n2 = 0;
	crp_doc d = {0};
	while (crp_next(rd, &d, &e) == 1) {
		assert_true(n1 < 16);
		sz1[n1] = d.nbytes;
		ids1[n1++] = xstrdup(d.id);
	}
	assert_int_equal(n1, 7);
	assert_int_equal(r.nwarn, 2);
	/* rewind in the middle of a JSONL file, then from the end */
	crp_rewind(rd);
	for (int k = 0; k < 6; k++)
		assert_int_equal(crp_next(rd, &d, &e), 1);
	assert_string_equal(d.id, "j1");
	crp_rewind(rd);
	while (crp_next(rd, &d, &e) == 1) {
		assert_true(n2 < n1);
		assert_string_equal(d.id, ids1[n2]);
		assert_int_equal(d.nbytes, sz1[n2]);
		ids2[n2++] = xstrdup(d.id);
	}
	assert_int_equal(n2, n1);
	assert_int_equal(r.nwarn, 2); /* not repeated on later passes */
	assert_string_equal(ids1[0], "0");
	assert_string_equal(ids1[5], "j1");
	assert_string_equal(ids1[6], "j2");
	assert_int_equal(crp_next(rd, &d, &e), 0); /* stays at the end */
	crp_doc_clear(&d);
	crp_free(rd);
	crp_free(NULL);
	for (size_t i = 0; i < n1; i++)
		free(ids1[i]);
	for (size_t i = 0; i < n2; i++)
		free(ids2[i]);
	run_clear(&r);
	tu_rm_rf(dir);
	free(dir);
}

/* crp_select: a later pass hands out exactly the wanted documents of the first pass, with
 * their first-pass indices and the same text, whatever the mix of whole files (plain, gzip,
 * empty, binary, many of them: batched reads) and JSON Lines (broken, blank, over-long and
 * BOM lines, a gzip JSONL); a selection lasts one pass. Both with io_uring and without. */
static void select_run(const char *dir, bool uring)
{
	run r;
	memset(&r, 0, sizeof r);
	crp_opts o = {.warn = on_warn, .warn_ud = &r, .max_doc_bytes = 4000, .no_batch = !uring};
	const char *paths[] = {dir};
	crp_reader *rd;
	err_ctx e = {0};
	assert_int_equal(crp_open(paths, 1, &o, &rd, &e), 0);
	char *ids[7000];
	uint64_t sums[7000];
	size_t n = 0;
	crp_doc d = {0};
	while (crp_next(rd, &d, &e) == 1) {
		assert_true(n < 7000);
		assert_int_equal(d.index, n);
		ids[n] = xstrdup(d.id);
		uint64_t h = 1469598103934665603ULL;
		for (size_t i = 0; i < d.nbytes; i++)
			h = (h ^ d.text[i]) * 1099511628211ULL;
		sums[n++] = h ^ d.nbytes;
	}
	assert_true(n > 150);
	unsigned nwarn = r.nwarn;
	assert_true(nwarn >= 5);
	uint8_t *want = xcalloc(n, 1);
	for (unsigned pattern = 0; pattern < 5; pattern++) {
		size_t nw = 0;
		for (size_t i = 0; i < n; i++) {
			want[i] = pattern == 0 ? i % 3 == 0 : pattern == 1 ? i % 2 == 1
				  : pattern == 2 ? i == n - 1 : pattern == 3 ? i % 401 == 7 : 1;
			nw += want[i];
		}
		crp_rewind(rd);
		crp_select(rd, want, n);
		size_t got = 0, last = 0;
		while (crp_next(rd, &d, &e) == 1) {
			assert_true(d.index < n);
			assert_true(want[d.index]);
			assert_true(got == 0 || d.index > last);
			last = d.index;
			assert_string_equal(d.id, ids[d.index]);
			uint64_t h = 1469598103934665603ULL;
			for (size_t i = 0; i < d.nbytes; i++)
				h = (h ^ d.text[i]) * 1099511628211ULL;
			assert_int_equal(h ^ d.nbytes, sums[d.index]);
			got++;
		}
		assert_int_equal(got, nw);
	}
	/* the selection ended with its pass: everything again, in order */
	crp_rewind(rd);
	size_t again = 0;
	while (crp_next(rd, &d, &e) == 1) {
		assert_int_equal(d.index, again);
		assert_string_equal(d.id, ids[again]);
		again++;
	}
	assert_int_equal(again, n);
	assert_int_equal(r.nwarn, nwarn); /* later passes warn about nothing */
	free(want);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	crp_doc_clear(&d);
	crp_free(rd);
	run_clear(&r);
}

/* dir/name in a static buffer (one at a time). */
static const char *xasprintf_tmp(const char *dir, const char *name)
{
	static char p[4096];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static void test_select(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	/* 150 small files, some empty or binary, some gzip */
	for (int i = 0; i < 150; i++) {
		char name[32], text[200];
		snprintf(name, sizeof name, "f%03d.txt%s", i, i % 11 == 5 ? ".gz" : "");
		snprintf(text, sizeof text, "Document number %d says something about %d things.\n",
			 i, i * 7);
		if (i % 13 == 4)
			put_str(dir, name, "  \n");
		else if (i % 17 == 3)
			free(put(dir, name, "\0\1\2binary", 9));
		else if (i % 11 == 5) {
			buf g = gzip_bytes(text, strlen(text));
			free(put(dir, name, g.p, g.n));
			free(g.p);
		} else
			put_str(dir, name, text);
	}
	/* JSON Lines with broken, blank and over-long lines, a BOM; and a gzip one */
	char *jl = xmalloc(200000);
	size_t k = (size_t)sprintf(jl, "\xef\xbb\xbf{\"id\":\"bom\",\"text\":\"first line\"}\n");
	for (int i = 0; i < 60; i++) {
		if (i % 9 == 2)
			k += (size_t)sprintf(jl + k, "{\"id\":\"broken%d\",\"text\":\n", i);
		else if (i % 9 == 5)
			k += (size_t)sprintf(jl + k, "\n");
		else if (i % 9 == 7) {
			k += (size_t)sprintf(jl + k, "{\"id\":\"long%d\",\"text\":\"", i);
			memset(jl + k, 'x', 5000);
			k += 5000;
			k += (size_t)sprintf(jl + k, "\"}\n");
		} else
			k += (size_t)sprintf(jl + k, "{\"id\":\"j%d\",\"text\":\"line \\u00e9 %d\"}\n", i, i);
	}
	k += (size_t)sprintf(jl + k, "{\"id\":\"last\",\"text\":\"no newline at the end\"}");
	free(put(dir, "m.jsonl", jl, k));
	buf g = gzip_bytes(jl, k);
	/* the same lines again under other ids would repeat ids; the reader does not mind */
	free(put(dir, "n.jsonl.gz", g.p, g.n));
	free(g.p);
	free(jl);
	/* a JSON Lines file of 2.4 MB (past the 1 MiB line buffer and the first read): wanted
	 * lines far ahead are reached by seeking */
	FILE *bf = fopen(xasprintf_tmp(dir, "o.jsonl"), "wb");
	assert_non_null(bf);
	for (int i = 0; i < 6000; i++) {
		if (i % 997 == 13)
			fprintf(bf, "{\"id\":\"big%d\",broken\n", i);
		else
			fprintf(bf, "{\"id\":\"big%d\",\"text\":\"%0380d\"}\n", i, i);
	}
	fclose(bf);
	select_run(dir, true);
	select_run(dir, false);
	tu_rm_rf(dir);
	free(dir);
}

/* One document as a string "path:line:id:nbytes", for comparing readers. */
static char *doc_key(const crp_doc *d)
{
	return xasprintf("%s:%zu:%s:%zu", d->path, d->line, d->id ? d->id : "", d->nbytes);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Parts (crp_set_parts), as sim/dist.c cuts the inputs for P processes, read part by part:
 * the documents of all parts, file by file in part order, are exactly the whole reader's,
 * with the same line numbers, and the warnings are the same, each once. A later pass with a
 * selection inside a part gives the selected documents. */
static void parts_run(const char *dir, size_t P)
{
	const char *paths[] = {dir};
	err_ctx e = {0};
	warnlist w0 = {0};
	crp_opts o = {.warn = on_warn_list, .warn_ud = &w0, .max_doc_bytes = 4000};
	crp_reader *rd;
	assert_int_equal(crp_open(paths, 1, &o, &rd, &e), 0);
	char **all = NULL;
	size_t nall = 0, cap = 0;
	crp_doc d = {0};
	while (crp_next(rd, &d, &e) == 1) {
		XGROW(all, cap, nall + 1);
		all[nall++] = doc_key(&d);
	}
	size_t nf = crp_nfiles(rd);
	/* the parts: JSON Lines files cut in P byte ranges at line ends, others whole */
	crp_part *parts = xcalloc(P * nf, sizeof *parts);
	for (size_t f = 0; f < nf; f++) {
		crp_file_info fi;
		assert_int_equal(crp_file_info_get(rd, f, &fi), 0);
		uint64_t lines_before = 0;
		for (size_t k = 0; k < P; k++) {
			crp_part *pt = &parts[k * nf + f];
			if (!fi.splittable || fi.nbytes == 0) {
				*pt = (crp_part){ .take = f % P == k, .start = 0, .end = UINT64_MAX, .line = 1 };
				continue;
			}
			uint64_t lo = fi.nbytes * k / P, hi = fi.nbytes * (k + 1) / P, nl, first;
			assert_int_equal(crp_file_scan(rd, f, lo, hi, &nl, &first), 0);
			*pt = (crp_part){ .take = first < hi, .start = first, .end = hi,
					  .line = (size_t)(1 + lines_before + (first > lo ? 1 : 0)) };
			lines_before += nl;
		}
	}
	crp_free(rd);
	/* read each part; documents go back to file order, part order inside a file */
	char ***byfile = xcalloc(nf, sizeof *byfile);
	size_t *nby = xcalloc(nf, sizeof *nby), *capby = xcalloc(nf, sizeof *capby);
	warnlist w = {0};
	for (size_t k = 0; k < P; k++) {
		crp_opts ok = {.warn = on_warn_list, .warn_ud = &w, .max_doc_bytes = 4000};
		assert_int_equal(crp_open(paths, 1, &ok, &rd, &e), 0);
		crp_set_parts(rd, parts + k * nf);
		char **mine = NULL;
		size_t nmine = 0, mcap = 0;
		while (crp_next(rd, &d, &e) == 1) {
			XGROW(mine, mcap, nmine + 1);
			mine[nmine++] = doc_key(&d);
		}
		size_t i = 0;
		for (size_t f = 0; f < nf; f++)
			for (size_t j = 0; j < crp_file_ndocs(rd, f); j++, i++) {
				XGROW(byfile[f], capby[f], nby[f] + 1);
				byfile[f][nby[f]++] = mine[i];
			}
		assert_int_equal(i, nmine);
		/* a second pass with every other document of the part selected */
		uint8_t *want = xcalloc(nmine + 1, 1);
		for (size_t j = 0; j < nmine; j += 2)
			want[j] = 1;
		crp_rewind(rd);
		crp_select(rd, want, nmine);
		size_t got = 0;
		while (crp_next(rd, &d, &e) == 1) {
			assert_true(d.index < nmine && want[d.index]);
			char *key = doc_key(&d);
			assert_string_equal(key, mine[d.index]);
			free(key);
			got++;
		}
		assert_int_equal(got, (nmine + 1) / 2);
		free(want);
		free(mine);
		crp_free(rd);
	}
	size_t n = 0;
	for (size_t f = 0; f < nf; f++)
		for (size_t j = 0; j < nby[f]; j++, n++) {
			assert_true(n < nall);
			assert_string_equal(byfile[f][j], all[n]);
			free(byfile[f][j]);
		}
	assert_int_equal(n, nall);
	assert_int_equal(w.n, w0.n);
	qsort(w.v, w.n, sizeof *w.v, cmp_str);
	qsort(w0.v, w0.n, sizeof *w0.v, cmp_str);
	for (size_t i = 0; i < w.n; i++) {
		assert_string_equal(w.v[i], w0.v[i]);
		free(w.v[i]);
		free(w0.v[i]);
	}
	for (size_t f = 0; f < nf; f++)
		free(byfile[f]);
	for (size_t i = 0; i < nall; i++)
		free(all[i]);
	crp_doc_clear(&d);
	free(all);
	free(byfile);
	free(nby);
	free(capby);
	free(parts);
	free(w.v);
	free(w0.v);
}

static void test_parts(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp("corpus");
	for (int i = 0; i < 40; i++) {
		char name[32], text[200];
		snprintf(name, sizeof name, "f%03d.txt", i);
		snprintf(text, sizeof text, "Document %d says something about %d things.\n", i, i * 7);
		if (i % 13 == 4)
			put_str(dir, name, "  \n");
		else if (i % 17 == 3)
			free(put(dir, name, "\0\1\2binary", 9));
		else
			put_str(dir, name, text);
	}
	/* JSON Lines: broken, blank, over-long lines, no final newline, and one of 2.4 MB */
	FILE *jf = fopen(xasprintf_tmp(dir, "m.jsonl"), "wb");
	assert_non_null(jf);
	for (int i = 0; i < 300; i++) {
		if (i % 9 == 2)
			fprintf(jf, "{\"id\":\"broken%d\",\"text\":\n", i);
		else if (i % 9 == 5)
			fprintf(jf, "\n");
		else if (i % 9 == 7)
			fprintf(jf, "{\"id\":\"long%d\",\"text\":\"%05000d\"}\n", i, i);
		else
			fprintf(jf, "{\"id\":\"j%d\",\"text\":\"line \\u00e9 %d\"}\n", i, i);
	}
	fprintf(jf, "{\"id\":\"last\",\"text\":\"no newline at the end\"}");
	fclose(jf);
	FILE *bf = fopen(xasprintf_tmp(dir, "o.jsonl"), "wb");
	assert_non_null(bf);
	for (int i = 0; i < 6000; i++)
		fprintf(bf, "{\"id\":\"big%d\",\"text\":\"%0380d\"}\n", i, i);
	fclose(bf);
	put_str(dir, "e.jsonl", "");
	free(put(dir, "b.jsonl", "\0\1\2{}\n{}\n", 9));
	for (size_t P = 1; P <= 7; P += 2)
		parts_run(dir, P);
	tu_rm_rf(dir);
	free(dir);
}

static int count_cb(void *ud, const crp_doc *d)
{
	(*(int *)ud)++;
	assert_int_equal(d->text[d->nbytes], '\0');
	return 0;
}

static void test_read_buffer_and_open_args(void **state)
{
	(void)state;
	/* the in-memory path used by the fuzzers follows the same rules as files */
	const char *jl = "{\"id\":\"m1\",\"text\":\"in memory\"}\n{\"id\":\"m2\",\"text\":\"two\"}\n";
	int seen = 0;
	assert_int_equal(crp_read_buffer("x.jsonl", (const uint8_t *)jl, strlen(jl), NULL,
					 count_cb, &seen), 2);
	assert_int_equal(seen, 2);
	assert_int_equal(crp_read_buffer("x.txt", (const uint8_t *)jl, strlen(jl), NULL, NULL,
					 NULL), 1);
	assert_int_equal(crp_read_buffer("x.txt", NULL, 0, NULL, NULL, NULL), 0);
	/* bad arguments to crp_open are usage errors; no paths is an empty stream */
	crp_reader *rd = NULL;
	err_ctx e = {0};
	assert_int_equal(crp_open(NULL, 1, NULL, &rd, &e), OVL_EUSAGE);
	const char *empty[] = {""};
	assert_int_equal(crp_open(empty, 1, NULL, &rd, &e), OVL_EUSAGE);
	assert_int_equal(crp_open(NULL, 0, NULL, &rd, &e), 0);
	crp_doc d = {0};
	assert_int_equal(crp_next(rd, &d, &e), 0);
	assert_int_equal(crp_nfiles(rd), 0);
	crp_free(rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_order_and_filters),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_doc_reuse),
		cmocka_unit_test(test_batch_read_same_as_single),
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_size_caps),
		cmocka_unit_test(test_binary_and_empty),
		cmocka_unit_test(test_title_and_bom),
		cmocka_unit_test(test_titles_later),
		cmocka_unit_test(test_looks_binary_model),
		cmocka_unit_test(test_title_rules),
		cmocka_unit_test(test_jsonl_strings),
		cmocka_unit_test(test_jsonl_same_as_jansson),
		cmocka_unit_test(test_missing_and_unreadable),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_rewind),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_read_buffer_and_open_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
