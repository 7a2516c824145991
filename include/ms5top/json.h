/*
 * Bounded JSON parsing of untrusted bytes: the one door through which the
 * Prometheus, Andon, dashboard and token decoders hand bytes to cJSON.
 *
 * json_parse checks, in this order, before cJSON sees a byte:
 *   1. the size: more than max bytes is refused unread (JSON_TOO_BIG);
 *   2. a UTF-8 byte order mark at offset 0 is skipped (text.h), then JSON
 *      whitespace; nothing left is JSON_EMPTY;
 *   3. one scan of every byte: a NUL byte anywhere is JSON_NUL (a \u0000
 *      escape is valid JSON and passes: cJSON's C strings end there, so
 *      the decoded string is cut at it, and nothing after it is kept);
 *      with JSON_UTF8_REFUSE a byte that is not valid UTF-8 is
 *      JSON_BAD_UTF8; arrays and objects nested deeper than JSON_MAX_DEPTH
 *      are JSON_TOO_DEEP (brackets inside strings do not count), so cJSON
 *      never recurses deeper than that;
 *   4. cJSON parses exactly one value (JSON_SYNTAX where it fails), and
 *      only whitespace may follow it (JSON_TRAILING).
 * With JSON_UTF8_REPAIR invalid UTF-8 inside strings is let through, and
 * the decoder copies every string it keeps through text_dup / text_copy
 * (text.h), which put U+FFFD in its place. REFUSE is for contracts that
 * promise UTF-8 (a WebSocket text frame must be UTF-8, RFC 6455 8.1; our
 * own files); REPAIR for HTTP bodies, whose label values we must not lose.
 *
 * The offsets in a json_result are byte offsets into the text given. The
 * returned tree is the caller's (cJSON_Delete); on failure NULL.
 */
#ifndef MS5TOP_JSON_H
#define MS5TOP_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "ms5top/err.h"

/* Deepest nesting of arrays and objects: real documents (Prometheus
 * matrices, Andon frames, dashboards) nest six levels at most. */
#define JSON_MAX_DEPTH 32

enum json_utf8 { JSON_UTF8_REFUSE, JSON_UTF8_REPAIR };

enum json_status {
	JSON_OK,
	JSON_EMPTY,      /* no bytes, or only a BOM and whitespace */
	JSON_TOO_BIG,    /* over max bytes */
	JSON_NUL,        /* a NUL byte */
	JSON_BAD_UTF8,   /* JSON_UTF8_REFUSE only */
	JSON_TOO_DEEP,   /* nested deeper than JSON_MAX_DEPTH */
	JSON_SYNTAX,     /* cJSON refused it */
	JSON_TRAILING,   /* more than whitespace after the value */
};

struct json_result {
	enum json_status status;
	size_t offset;   /* where the problem is (JSON_OK: where the value starts) */
};

/* The offset of the first byte after a leading BOM and whitespace. */
size_t json_start(const char *text, size_t len);

/* Parses text as described above; r may be NULL. */
cJSON *json_parse(const char *text, size_t len, size_t max, enum json_utf8 utf8,
	struct json_result *r);

/* The problem in words, without a subject: "is nested deeper than 32
 * levels", "holds a NUL byte", "is not valid JSON". */
const char *json_status_text(enum json_status s);

/* Fills err with "<what> <problem> (offset N)", or "empty <what>", or
 * "<what> of N bytes is over the limit of M bytes"; returns false. */
bool json_error(struct ms5_error *err, const char *what, const struct json_result *r,
	size_t len, size_t max);

/* The 1-based line of offset in text. */
size_t json_line(const char *text, size_t len, size_t offset);

#endif
