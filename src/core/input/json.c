/*
 * Bounded JSON parsing: size cap, BOM, one byte scan (NUL, UTF-8, depth),
 * then cJSON for exactly one value. See json.h.
 */
#include "ms5top/json.h"

#include <stdint.h>
#include <string.h>

#include "ms5top/text.h"
#include "ms5top/utf8.h"

#define XSTR(x) STR(x)
#define STR(x) #x

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t json_start(const char *text, size_t len)
{
	size_t i = text ? text_bom(text, len) : 0;

	while (i < len && is_space(text[i])) {
		i++;
	}
	return i;
}

static enum json_status fail(struct json_result *r, enum json_status s, size_t at)
{
	r->status = s;
	r->offset = at;
	return s;
}

/* Inside a string, the escape at p[i] == '\\': JSON_NUL for a NUL byte
 * after it, else JSON_OK with *skip the bytes to step over (the backslash
 * and one ASCII byte; a non-ASCII byte is looked at on its own next round,
 * and cJSON refuses the escape). */
static enum json_status escape(const unsigned char *p, size_t i, size_t len,
	struct json_result *r, size_t *skip)
{
	*skip = 1;
	if (i + 1 >= len) {
		return JSON_OK;
	}
	if (p[i + 1] == 0) {
		return fail(r, JSON_NUL, i + 1);
	}
	if (p[i + 1] < 0x80) {
		*skip = 2;
	}
	return JSON_OK;
}

/* One pass over every byte from start: NUL, UTF-8 (when refused), depth. */
static enum json_status scan(const char *text, size_t start, size_t len, enum json_utf8 utf8,
	struct json_result *r)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t depth = 0;
	bool in_string = false;

	for (size_t i = start; i < len;) {
		size_t step = 1;

		if (p[i] == 0) {
			return fail(r, JSON_NUL, i);
		}
		if (p[i] >= 0x80) {
			step = utf8_seq(text + i, len - i);
			if (step == 0) {
				if (utf8 == JSON_UTF8_REFUSE) {
					return fail(r, JSON_BAD_UTF8, i);
				}
				step = 1;
			}
		} else if (in_string) {
			if (p[i] == '\\' && escape(p, i, len, r, &step) != JSON_OK) {
				return r->status;
			}
			in_string = p[i] != '"';
		} else if (p[i] == '"') {
			in_string = true;
		} else if (p[i] == '[' || p[i] == '{') {
			if (++depth > JSON_MAX_DEPTH) {
				return fail(r, JSON_TOO_DEEP, i);
			}
		} else if ((p[i] == ']' || p[i] == '}') && depth > 0) {
			depth--;
		}
		i += step;
	}
	return JSON_OK;
}

cJSON *json_parse(const char *text, size_t len, size_t max, enum json_utf8 utf8,
	struct json_result *r)
{
	struct json_result local;
	const char *end = NULL;
	size_t i, tail;
	cJSON *root;

	r = r ? r : &local;
	fail(r, JSON_OK, 0);
	if (!text || len == 0) {
		fail(r, JSON_EMPTY, 0);
		return NULL;
	}
	if (len > max) {
		fail(r, JSON_TOO_BIG, max);
		return NULL;
	}
	i = json_start(text, len);
	if (i == len) {
		fail(r, JSON_EMPTY, i);
		return NULL;
	}
	if (scan(text, text_bom(text, len), len, utf8, r) != JSON_OK) {
		return NULL;
	}
	if (text_bom(text + i, len - i)) {
		/* cJSON would skip this one too: a BOM counts at offset 0 only. */
		fail(r, JSON_SYNTAX, i);
		return NULL;
	}
	root = cJSON_ParseWithLengthOpts(text + i, len - i, &end, false);
	if (!root) {
		fail(r, JSON_SYNTAX, end && end >= text && end <= text + len ?
			(size_t)(end - text) : i);
		return NULL;
	}
	tail = end ? (size_t)(end - text) : len;
	while (tail < len && is_space(text[tail])) {
		tail++;
	}
	if (tail != len) {
		cJSON_Delete(root);
		fail(r, JSON_TRAILING, tail);
		return NULL;
	}
	fail(r, JSON_OK, i);
	return root;
}

const char *json_status_text(enum json_status s)
{
	switch (s) {
	case JSON_OK:
		return "is valid JSON";
	case JSON_EMPTY:
		return "is empty";
	case JSON_TOO_BIG:
		return "is over the size limit";
	case JSON_NUL:
		return "holds a NUL byte";
	case JSON_BAD_UTF8:
		return "is not valid UTF-8";
	case JSON_TOO_DEEP:
		return "is nested deeper than " XSTR(JSON_MAX_DEPTH) " levels";
	case JSON_SYNTAX:
		return "is not valid JSON";
	case JSON_TRAILING:
		return "has data after the JSON value";
	}
	return "is not valid JSON";
}

bool json_error(struct ms5_error *err, const char *what, const struct json_result *r,
	size_t len, size_t max)
{
	switch (r->status) {
	case JSON_EMPTY:
		return ms5_error_set(err, "empty %s", what);
	case JSON_TOO_BIG:
		return ms5_error_set(err, "%s of %zu bytes is over the limit of %zu bytes", what,
			len, max);
	case JSON_TOO_DEEP:
		return ms5_error_set(err, "%s %s", what, json_status_text(r->status));
	default:
		return ms5_error_set(err, "%s %s (offset %zu)", what, json_status_text(r->status),
			r->offset);
	}
}

size_t json_line(const char *text, size_t len, size_t offset)
{
	size_t line = 1;

	for (size_t j = 0; j < offset && j < len; j++) {
		line += text[j] == '\n';
	}
	return line;
}
