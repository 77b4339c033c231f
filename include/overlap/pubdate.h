/* pubdate.h - publication dates: JSONL `date` values (ISO 8601 or RFC 2822) and an
 * unambiguous date in an article's opening lines (a dateline such as "August 19, 2014" or
 * "19 August 2014"), as UTC seconds with their precision and where they came from.
 *
 * A date is never guessed: a value that does not parse is absent (the caller warns), a
 * numeric date such as 03/04/2014 (March 4 or April 3) is not read from text, and an
 * opening that names two different dates gives none. Dates without a time are midnight UTC
 * at day precision. It does not decide who published first (the pipeline does).
 */
#ifndef OVERLAP_PUBDATE_H
#define OVERLAP_PUBDATE_H

#include <stddef.h>
#include <stdint.h>

enum pdt_from { PDT_NONE = 0, PDT_JSONL, PDT_TEXT };
enum pdt_precision { PDT_DAY = 0, PDT_SECOND };

typedef struct pdt_date {
	int64_t t;            /* seconds since 1970-01-01 UTC (when from != PDT_NONE) */
	uint8_t from;         /* enum pdt_from */
	uint8_t precision;    /* enum pdt_precision */
	uint32_t start, end;  /* PDT_TEXT: byte span of the date in the text */
} pdt_date;

/* Parse s[0..n) (leading/trailing blanks allowed) as ISO 8601 (YYYY-MM-DD, optionally
 * followed by T or a space, hh:mm[:ss[.frac]] and Z or +hh:mm / -hhmm; no zone is UTC) or
 * RFC 2822 ([Day,] DD Mon YYYY hh:mm[:ss] zone, zone +hhmm, GMT, UT, UTC, EST...PDT).
 * Years 1000-9999. @return 0 and *out (from = PDT_JSONL), or OVL_EINPUT. */
int pdt_parse(const char *s, size_t n, pdt_date *out);

/* The date in the first PDT_LEAD_BYTES of text: "Month D, YYYY", "D Month YYYY",
 * "Mon. D, YYYY" or YYYY-MM-DD standing as a dateline (on a line of its own, after a place,
 * a byline or a label such as "Posted on", before a separator or the line's end), when
 * every such date there is the same day. A date inside a sentence ("disappeared in Syria
 * on November 22, 2012", "On May 2, 2024, ...") is an event, not the publication, and is
 * skipped.
 * @return 0 and *out (from = PDT_TEXT, day precision, span set), or OVL_EINPUT (none or
 * ambiguous). */
int pdt_from_text(const uint8_t *text, size_t nbytes, pdt_date *out);

#define PDT_LEAD_BYTES 400

/* "2014-08-19" (day precision) or "2014-08-19T14:05:00Z" into buf (at least 24 bytes). */
void pdt_format(const pdt_date *d, char *buf, size_t cap);

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12, d 1..31), and
 * back: calendar arithmetic for dates named relative to an article ("on Friday"). */
int64_t pdt_days_from_civil(int64_t y, int m, int d);
void pdt_civil_from_days(int64_t z, int64_t *y, int *m, int *d);

#endif
