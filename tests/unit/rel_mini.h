/* rel_mini.h - the two-document harness of the contradiction tests (test_relation.c,
 * test_relation_more.c): two one-paragraph documents from two sources through the real
 * stages (tok_run, clm_build with stemming, rel_contradictions), and counts of what was
 * reported. Header-only (static inline) so each test stays one translation unit. */
#ifndef OVERLAP_REL_MINI_H
#define OVERLAP_REL_MINI_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "overlap/claim.h"
#include "overlap/err.h"
#include "overlap/relation.h"
#include "overlap/tokenize.h"

typedef struct mini {
	tok_list toks[2];
	clm_doc cd[2];
	clm_set *claims;
	rel_contradiction *x;
	size_t nx;
} mini;

/* Build claims over two one-paragraph documents from different sources, and their
 * contradictions. */
static inline void mini_run(mini *m, const char *a, const char *b)
{
	memset(m, 0, sizeof *m);
	const char *t[2] = {a, b};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tok_run((const uint8_t *)t[i], strlen(t[i]), &m->toks[i]), 0);
		m->cd[i] = (clm_doc){.id = i ? "b" : "a", .text = (const uint8_t *)t[i],
				     .nbytes = strlen(t[i]), .toks = &m->toks[i]};
	}
	uint32_t groups[2] = {0, 1};
	clm_opts o = {.stem = true};
	err_ctx e;
	memset(&e, 0, sizeof e);
	assert_int_equal(clm_build(&o, m->cd, 2, groups, &m->claims, &e), 0);
	assert_int_equal(rel_contradictions(m->claims, m->cd, 2, &m->x, &m->nx), 0);
}

static inline void mini_free(mini *m)
{
	free(m->x);
	clm_set_free(m->claims);
	tok_list_free(&m->toks[0]);
	tok_list_free(&m->toks[1]);
}

/* How many contradictions of kind were reported (each one printed, for a failing run). */
static inline size_t count_kind(const mini *m, int kind)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nx; i++) {
		printf("  %s: %s\n", rel_kind_name(m->x[i].kind), m->x[i].reason);
		n += m->x[i].kind == kind;
	}
	return n;
}

/* Two statements in two documents give n contradictions of kind. */
static inline void expect_kind(const char *a, const char *b, int kind, size_t n)
{
	mini m;
	mini_run(&m, a, b);
	assert_int_equal(count_kind(&m, kind), n);
	mini_free(&m);
}

#endif
