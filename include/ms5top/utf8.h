/*
 * UTF-8, one implementation for the whole core: the decoders use it to
 * refuse or repair server text, the canvas to measure and draw it.
 * RFC 3629: no overlong forms, no UTF-16 surrogates, nothing above
 * U+10FFFF. Pure.
 */
#ifndef MS5TOP_UTF8_H
#define MS5TOP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1-4) of the valid UTF-8 sequence at s, of which n >= 1 bytes
 * are readable, or 0 when s does not start one. */
size_t utf8_seq(const char *s, size_t n);

/* Decodes the character at s (n >= 1 bytes readable) into *cp and returns
 * the bytes used (1-4). Where utf8_seq says 0, gives U+FFFD for one byte,
 * so every bad byte becomes one U+FFFD. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes cp (U+FFFD for a surrogate or a value over U+10FFFF) into buf and
 * returns its length (1-4). */
size_t utf8_encode(uint32_t cp, char buf[4]);

#endif
