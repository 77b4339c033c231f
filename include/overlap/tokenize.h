/* tokenize.h - words of a document, normalised for matching, each with its byte span in
 * the original text.
 *
 * A word is a maximal run of letters and digits (Unicode L* and N*; combining marks inside
 * a word are kept with it and then stripped). Everything else separates words, so
 * "Russia's" is "russia" + "s" and "U.S." is "u" + "s": the same rule as the benchmark's
 * shingler ([a-z0-9]+ on ASCII), so exact Jaccard agrees with it on ASCII text.
 * Normalisation: NFKC, case folding, marks stripped (utf8proc); ASCII runs take a fast
 * path that never calls utf8proc. Invalid UTF-8 counts in nbad and separates words.
 * It does not stem, drop stop words or split sentences (sentence.c, claim.c do).
 */
#ifndef OVERLAP_TOKENIZE_H
#define OVERLAP_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

enum tok_flags {
	TOK_DIGIT = 1u << 0,    /* has a digit */
	TOK_ALPHA = 1u << 1,    /* has a letter */
	TOK_UPPER = 1u << 2,    /* first character is upper/title case in the original */
	TOK_ALLCAPS = 1u << 3,  /* two or more letters, all upper case in the original */
	TOK_NONASCII = 1u << 4, /* original bytes were not all ASCII */
};

typedef struct tok {
	uint32_t start, end;  /* byte span [start, end) in the original text */
	uint32_t norm_off;    /* normalised form: list->norm + norm_off, norm_len bytes */
	uint16_t norm_len;    /* capped at 65535 bytes (a longer "word" is truncated here) */
	uint16_t flags;       /* enum tok_flags */
	uint64_t hash;        /* tok_word_hash() of the normalised form */
} tok;

/* Tokens of one document. Owns v and norm; free with tok_list_free(). Zero-initialise
 * before first use; tok_run() reuses the buffers. */
typedef struct tok_list {
	tok *v;
	size_t n, cap;
	char *norm;          /* normalised forms, concatenated (not NUL-separated) */
	size_t norm_nbytes, norm_cap;
	size_t nbad;         /* invalid UTF-8 subparts seen */
} tok_list;

/* Tokenise text[0..nbytes) into out (previous contents dropped). Documents of 4 GiB or
 * more are refused (the caller caps documents well below), as is text whose normal forms
 * pass 4 GiB; out is then empty. A word whose normal form would be empty is dropped.
 * @return 0, or OVL_ETOOBIG. */
int tok_run(const uint8_t *text, size_t nbytes, tok_list *out);

/* Hot path for sketching: only the word hashes (identical to tok.hash, same words in the
 * same order as tok_run()), no spans, no strings. *hashes (capacity *cap, may start NULL/0)
 * grows as needed; the caller frees it. *nbad (nbad may be NULL) gets the invalid count.
 * No size cap (no spans to overflow). @return number of words (0 for empty text). */
size_t tok_hashes(const uint8_t *text, size_t nbytes, uint64_t **hashes, size_t *cap,
		  size_t *nbad);

/* tok_hashes with each word's byte span beside its hash, for a caller that wants the words'
 * places without tok_run's strings: (*spans)[i] is TOK_SPAN_START | TOK_SPAN_LEN << 32 of
 * word i (for a CJK bigram, the two characters), with TOK_SPAN_PLAIN set when the word's
 * bytes are ASCII letters and digits only (its normal form is then those bytes lower-cased
 * and tok_run's flags follow from them). *spans (capacity *scap) grows like *hashes.
 * Text of 4 GiB or more gives no words. @return number of words. */
size_t tok_word_spans(const uint8_t *text, size_t nbytes, uint64_t **hashes, size_t *cap,
		 uint64_t **spans, size_t *scap, size_t *nbad);
#define TOK_SPAN_PLAIN (1ull << 63)
#define TOK_SPAN_START(s) ((size_t)(uint32_t)(s))
#define TOK_SPAN_LEN(s) ((size_t)(((s) >> 32) & 0x7fffffffu))

/* The hash of a word's normal form s[0..nbytes): tok.hash. XXH3-64 of the form zero-padded
 * to 16 bytes with its length as the seed when it is at most 16 bytes long (all but ~1% of
 * English words), XXH3-64 (seed 0) of the form itself when longer. The fixed length keeps
 * XXH3 free of its length dispatch, whose mispredicted branches on word lengths cost more
 * than the hash. Stems and stop words are keyed with it too, so a word that is its own
 * stem has the same key as its token. */
uint64_t tok_word_hash(const void *s, size_t nbytes);

/* Normalise one UTF-8 string the same way as words (NFKC, casefold, strip marks): the
 * words' normal forms joined by single spaces, no leading/trailing space. The result is
 * NUL-terminated, never NULL ("" for no words); caller frees. out_nbytes may be NULL.
 * For keys built outside tokenisation. */
char *tok_normalize(const uint8_t *s, size_t nbytes, size_t *out_nbytes);

void tok_list_free(tok_list *t); /* NULL is a no-op */

#endif
