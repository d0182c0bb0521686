/* utf8.h: one character of UTF-8 at a time.
 *
 * For text that comes from outside (a catalogue, a keyboard) and must be
 * taken apart safely: only the shortest form of a Unicode scalar value is
 * a character; anything else is one byte that is not.
 */
#ifndef FRONTDOOR_UTF8_H
#define FRONTDOOR_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* *cp after a byte that does not start a valid character. */
#define UTF8_INVALID 0xFFFFFFFFu

/* Decodes the character at `s` (n > 0 bytes left) into *cp and returns its
 * length; a byte that does not start a valid character gives UTF8_INVALID
 * and the length 1. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encodes scalar value `cp` into `out` (not terminated); returns the
 * length, 1 to 4. */
size_t utf8_encode(uint32_t cp, char out[4]);

#endif
