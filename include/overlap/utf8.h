/* utf8.h - strict UTF-8 decoding of untrusted bytes.
 *
 * Overlong forms, surrogates (U+D800..DFFF), code points above U+10FFFF, truncated and
 * stray continuation bytes are invalid: each maximal invalid subpart decodes to U+FFFD
 * (Unicode's "substitution of maximal subparts"). It does not normalise (tokenize.c does).
 */
#ifndef OVERLAP_UTF8_H
#define OVERLAP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFD

/* Decode the code point starting at s[0] (n >= 1 bytes available).
 * @return bytes consumed (1..4, never 0); *cp the code point or U+FFFD; *bad true when the
 *         bytes were invalid. */
size_t utf8_decode(const uint8_t *s, size_t n, int32_t *cp, bool *bad);

/* Number of invalid subparts in s[0..n) (0 for n == 0). */
size_t utf8_count_invalid(const uint8_t *s, size_t n);

/* Encode cp into out (4 bytes room). A value that is not a Unicode scalar (negative,
 * surrogate, > U+10FFFF) is written as U+FFFD. @return bytes written (1..4). */
size_t utf8_encode(int32_t cp, uint8_t *out);

#endif
