/*
 * Outside text made safe, one way for the whole core: what a server, a
 * file or the environment hands us is copied through these functions
 * before it is kept, drawn or quoted in a message.
 *
 * The rules:
 * - A UTF-8 byte order mark is skipped at the very start of a document and
 *   nowhere else (text_bom); JSON, config, theme and secret files alike.
 * - Invalid UTF-8 (stray or truncated sequences, overlong forms, UTF-16
 *   surrogates, anything above U+10FFFF; utf8.h decides) becomes U+FFFD,
 *   one per bad byte.
 * - Control characters (C0, DEL and the C1 controls U+0080..U+009F, which
 *   some terminals obey as escape sequences) become a space, so no copy
 *   can move the cursor, change colours or start an escape sequence.
 * - A copy that must fit a buffer is cut at a character boundary, never in
 *   the middle of a sequence; text_quote marks the cut with "...".
 * - Identifiers (line IDs, equipment codes) are 1..TEXT_ID_MAX bytes of
 *   [A-Za-z0-9_.:-]: the one bound that config.c checks and andon_decode.c
 *   applies, and a charset that needs no quoting in a PromQL matcher.
 * - Case-insensitive compares are ASCII only, whatever the locale.
 * Pure functions; nothing here allocates except text_dup.
 */
#ifndef MS5TOP_TEXT_H
#define MS5TOP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest identifier in bytes, without its NUL (fits ANDON_ID_SIZE). */
#define TEXT_ID_MAX 63

/* 3 when the n bytes at s start with a UTF-8 byte order mark, else 0. */
size_t text_bom(const char *s, size_t n);

/* True for a control character: C0, DEL, or C1. */
bool text_is_control(uint32_t cp);

/* Copies the n bytes at src into dst (size bytes, always NUL-terminated
 * when size > 0) by the rules above, cut at a character boundary when it
 * does not fit. Returns how many bytes of src were used (n when all). */
size_t text_sanitize(char *dst, size_t size, const char *src, size_t n);

/* text_sanitize of the NUL-terminated src. */
void text_copy(char *dst, size_t size, const char *src);

/* For an error message: text_sanitize, and when the whole does not fit,
 * as much as fits size - 4 bytes followed by "...". Returns dst. */
const char *text_quote(char *dst, size_t size, const char *src, size_t n);

/* A fresh sanitised copy of the NUL-terminated s (the caller frees). */
char *text_dup(const char *s);

/* strcasecmp for ASCII letters only: <0, 0 or >0. */
int text_casecmp(const char *a, const char *b);

/* True when s starts with prefix, ASCII case ignored. */
bool text_prefix_ci(const char *s, const char *prefix);

/* The offset of the first ASCII-case-insensitive match of needle in the n
 * bytes at hay, or n when there is none. */
size_t text_find_ci(const char *hay, size_t n, const char *needle);

/* True for an identifier: 1..TEXT_ID_MAX bytes of [A-Za-z0-9_.:-]. */
bool text_id_ok(const char *s);

/* True for a character an identifier may hold. */
bool text_id_char(char c);

#endif
