/*
 * libFuzzer target for the config file parser: each input is parsed by
 * config_parse_ini as a whole file, then the result (accepted or not) is
 * validated and freed, so the sanitizers see every path through parsing,
 * list replacement, validation and config_finish. Besides the sanitizers'
 * checks it asserts the promises of config.h: an error message is set on
 * failure, fits its buffer, and holds no control characters (messages quote
 * values from the file and go straight to a terminal); lists stay within
 * their caps; an accepted file gives a config whose strings are clean.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless msg is a terminated, printable message: no C0 controls,
 * no DEL, no C1 controls encoded as UTF-8 (U+0080..U+009F). */
static void check_message(const struct ms5_error *err)
{
	const unsigned char *m = (const unsigned char *)err->msg;
	size_t n = strnlen(err->msg, sizeof(err->msg));

	if (n == sizeof(err->msg)) {
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		if (m[i] < 0x20 || m[i] == 0x7f || (m[i] == 0xc2 && i + 1 < n && m[i + 1] <= 0x9f)) {
			abort();
		}
	}
}

static void check_string(const char *s)
{
	for (; s && *s; s++) {
		if ((unsigned char)*s < 0x20 && *s != '\t') {
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms5_config c;
	struct ms5_error err;
	bool ok;

	config_init(&c);
	memset(err.msg, 'x', sizeof(err.msg));
	err.msg[0] = '\0';
	ok = config_parse_ini(&c, (const char *)data, size, "fuzz.conf", &err);
	if (!ok) {
		if (!err.msg[0]) {
			abort();
		}
		check_message(&err);
	}
	if (c.n_lines > MS5_MAX_LINES || c.n_headers > MS5_MAX_HEADERS ||
		c.n_warnings > MS5_MAX_WARNINGS) {
		abort();
	}
	for (size_t i = 0; i < c.n_lines; i++) {
		check_string(c.lines[i]);
	}
	for (size_t i = 0; i < c.n_headers; i++) {
		check_string(c.headers[i]);
	}
	check_string(c.prometheus_url);
	check_string(c.plant);
	check_string(c.token);
	err.msg[0] = '\0';
	if (!config_validate(&c, &err)) {
		if (!err.msg[0]) {
			abort();
		}
		check_message(&err);
	}
	config_finish(&c);
	return 0;
}
