/* sentence.h - sentence segmentation of news text with byte spans in the original.
 *
 * Survives abbreviations (U.S., St. Petersburg, Mr., Jan., initials), decimals and money
 * ($60 billion, 1.5), quotes and nested quotes, bullets, headings without a full stop
 * (a line break ends a sentence when the line looks like a heading or list item), and
 * sentences glued without a space ("end.Next"). It does not tokenise or judge claims.
 */
#ifndef OVERLAP_SENTENCE_H
#define OVERLAP_SENTENCE_H

#include <stddef.h>
#include <stdint.h>

enum sent_kind {
	SENT_TEXT = 0,    /* ordinary sentence */
	SENT_HEADING = 1, /* a short line without final punctuation, standing alone */
	SENT_BULLET = 2,  /* a list item */
	SENT_QUESTION = 3 /* ends with '?' */
};

typedef struct sent {
	uint32_t start, end; /* byte span [start, end), trimmed of surrounding white space */
	uint8_t kind;        /* enum sent_kind */
} sent;

/* Split text into sentences. *out (capacity *cap, may start NULL/0) grows as needed;
 * caller frees *out. Spans are ordered, disjoint, non-empty and trimmed; a bullet marker
 * ("- ", "• ", "1. ") is left out of its item's span and only the item's first sentence is
 * SENT_BULLET. A sentence longer than 16 KiB (binary junk) is cut into pieces.
 * @return number of sentences (0 for NULL, empty or blank text, or text of 4 GiB+). */
size_t sent_split(const uint8_t *text, size_t nbytes, sent **out, size_t *cap);

#endif
