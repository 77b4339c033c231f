/* test_pubdate.c - publication dates: ISO 8601 and RFC 2822 values with their zones,
 * impossible dates refused, datelines read only when unambiguous. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "overlap/err.h"
#include "overlap/pubdate.h"

static int64_t parse(const char *s, int *prec)
{
	pdt_date d;
	int rc = pdt_parse(s, strlen(s), &d);
	if (rc < 0)
		return INT64_MIN;
	assert_int_equal(d.from, PDT_JSONL);
	if (prec)
		*prec = d.precision;
	return d.t;
}

static void test_iso(void **state)
{
	(void)state;
	int prec;
	assert_int_equal(parse("1970-01-01", &prec), 0);
	assert_int_equal(prec, PDT_DAY);
	assert_int_equal(parse("2024-03-01T08:00:00Z", &prec), 1709280000);
	assert_int_equal(prec, PDT_SECOND);
	assert_int_equal(parse("2024-03-01 08:00:00", NULL), 1709280000);
	assert_int_equal(parse("2024-03-01T09:00:00+01:00", NULL), 1709280000);
	assert_int_equal(parse("2024-03-01T03:00-0500", NULL), 1709280000);
	assert_int_equal(parse("2024-03-01T08:00:00.250Z", NULL), 1709280000);
	assert_int_equal(parse("  2024-02-29  ", NULL), 1709164800); /* leap day */
	assert_int_equal(parse("2023-02-29", NULL), INT64_MIN);
	assert_int_equal(parse("2024-13-01", NULL), INT64_MIN);
	assert_int_equal(parse("2024-03-01T25:00Z", NULL), INT64_MIN);
	assert_int_equal(parse("2024-03-01 and more", NULL), INT64_MIN);
	assert_int_equal(parse("2024-3-1", NULL), INT64_MIN);
}

static void test_rfc2822(void **state)
{
	(void)state;
	int prec;
	assert_int_equal(parse("Fri, 01 Mar 2024 08:00:00 +0000", &prec), 1709280000);
	assert_int_equal(prec, PDT_SECOND);
	assert_int_equal(parse("1 Mar 2024 03:00:00 EST", NULL), 1709280000);
	assert_int_equal(parse("Fri, 01 Mar 2024 08:00 GMT", NULL), 1709280000);
	assert_int_equal(parse("01 March 2024", &prec), 1709251200);
	assert_int_equal(prec, PDT_DAY);
	assert_int_equal(parse("Fri 01 Mar 2024 08:00:00 +0000", NULL), INT64_MIN); /* no comma */
	assert_int_equal(parse("31 Feb 2024", NULL), INT64_MIN);
	assert_int_equal(parse("yesterday afternoon", NULL), INT64_MIN);
	assert_int_equal(parse("", NULL), INT64_MIN);
	assert_int_equal(parse("32/13/2024", NULL), INT64_MIN);
}

static int64_t dateline(const char *s, uint32_t *start, uint32_t *end)
{
	pdt_date d;
	if (pdt_from_text((const uint8_t *)s, strlen(s), &d) < 0)
		return INT64_MIN;
	assert_int_equal(d.from, PDT_TEXT);
	assert_int_equal(d.precision, PDT_DAY);
	*start = d.start;
	*end = d.end;
	return d.t;
}

static void test_datelines(void **state)
{
	(void)state;
	uint32_t s, e;
	assert_int_equal(dateline("LINDENPORT, March 3, 2024 - Ferries ran.", &s, &e), 1709424000);
	assert_int_equal(s, 12);
	assert_int_equal(e, 25);
	assert_int_equal(dateline("Published 3 March 2024. On March 3, 2024 ferries ran.", &s, &e),
			 1709424000);
	assert_int_equal(dateline("Aug. 19th, 2014: a video appeared.", &s, &e), 1408406400);
	assert_int_equal(dateline("Posted 2014-08-19 by staff.", &s, &e), 1408406400);
	/* ambiguous or absent: no date */
	assert_int_equal(dateline("03/04/2024 - numbers only.", &s, &e), INT64_MIN);
	assert_int_equal(dateline("On March 3, 2024 and March 5, 2024 it rained.", &s, &e), INT64_MIN);
	assert_int_equal(dateline("In March 2024 it rained.", &s, &e), INT64_MIN);
	assert_int_equal(dateline("Mayday, 5 people left.", &s, &e), INT64_MIN);
	assert_int_equal(dateline("", &s, &e), INT64_MIN);
	/* a date past the opening lines is an event, not the publication */
	char buf[PDT_LEAD_BYTES + 64];
	memset(buf, 'x', PDT_LEAD_BYTES + 10);
	buf[PDT_LEAD_BYTES + 10] = '\0';
	strcat(buf, " March 3, 2024");
	assert_int_equal(dateline(buf, &s, &e), INT64_MIN);
	/* the lead is scanned 64 bytes at a time: a date across a block's end, a date that
	 * starts at its last byte, one that starts in the lead and ends past it, a word glued
	 * to a date's end, and the same date twice */
	for (size_t at = 50; at <= 70; at++) {
		memset(buf, 'x', at);
		buf[at - 1] = '\n';
		strcpy(buf + at, "March 3, 2024\nx");
		assert_int_equal(dateline(buf, &s, &e), 1709424000);
		assert_int_equal(s, at);
		strcpy(buf + at, "3 March 2024");
		assert_int_equal(dateline(buf, &s, &e), 1709424000);
		assert_int_equal(e, at + 12);
	}
	memset(buf, 'x', PDT_LEAD_BYTES - 3);
	buf[PDT_LEAD_BYTES - 4] = '\n';
	strcpy(buf + PDT_LEAD_BYTES - 3, "Mar 3, 2024");
	assert_int_equal(dateline(buf, &s, &e), 1709424000);
	assert_int_equal(s, PDT_LEAD_BYTES - 3);
	assert_int_equal(dateline("March 3, 2024 May 2, 2024", &s, &e), INT64_MIN);
	/* a word glued to a date's end: not a dateline, and the glued word starts no date */
	assert_int_equal(dateline("2024-03-03May 5, 2024", &s, &e), INT64_MIN);
	assert_int_equal(dateline("Posted 2024-03-03\nMay, then March 3, 2024.", &s, &e),
			 1709424000);
	assert_int_equal(e, 17);
	assert_int_equal(dateline("Jun. 9, 2024 - no; jun 9, 2024", &s, &e), 1717891200);
}

/* A date in the opening lines is the publication only where a dateline stands; most dates
 * of an opening sentence are events the article reports (real openings, dev-news). */
static void test_dateline_position(void **state)
{
	(void)state;
	uint32_t s, e;
	/* events, not publication dates */
	assert_int_equal(dateline("James Wright Foley disappeared in northwest Syria on November "
				  "22, 2012. The White House said", &s, &e), INT64_MIN);
	assert_int_equal(dateline("On Nov. 22, 2012, Foley was kidnapped.", &s, &e), INT64_MIN);
	assert_int_equal(dateline("Leading up to the anniversary of the Sept. 11, 2001, terrorist "
				  "attacks", &s, &e), INT64_MIN);
	assert_int_equal(dateline("Foley, on March 3, 2024\nA", &s, &e), INT64_MIN);
	assert_int_equal(dateline("The film is scheduled to be released on Dec. 18, 2015.", &s, &e),
			 INT64_MIN);
	/* a quoted post's signature is when the post was made */
	assert_int_equal(dateline("\u2014 Jack Moore (@JFXM) January 27, 2015\nOur producer", &s,
				  &e), INT64_MIN);
	/* datelines: a line of its own, a place, a byline field, a label */
	assert_int_equal(dateline("Kashmira Gander writes for the Independent\n\nMonday 08 "
				  "September 2014\n\nExperts from", &s, &e), 1410134400);
	assert_int_equal(s, 51);
	assert_int_equal(dateline("By: Press Trust of India | New Delhi | Posted: January 8, 2015 "
				  "2:10 pm\nA senior official", &s, &e), 1420675200);
	assert_int_equal(dateline("CORSICANA (October 14, 2014) Navarro County officials", &s, &e),
			 1413244800);
	assert_int_equal(dateline("Posted on March 3, 2024\nA", &s, &e), 1709424000);
	/* the dateline stands; an event date after it is not a second dateline */
	assert_int_equal(dateline("LINDENPORT, March 3, 2024 - Ferries ran. The bridge closed on "
				  "March 1, 2024.", &s, &e), 1709424000);
	assert_int_equal(s, 12);
}

static void test_format(void **state)
{
	(void)state;
	pdt_date d = { .t = 1709280000, .from = PDT_JSONL, .precision = PDT_SECOND };
	char buf[40];
	pdt_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "2024-03-01T08:00:00Z");
	d.precision = PDT_DAY;
	d.t = 1709251200;
	pdt_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "2024-03-01");
	d.t = -86400;
	pdt_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "1969-12-31");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_rfc2822),
		cmocka_unit_test(test_datelines),
		cmocka_unit_test(test_dateline_position),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
