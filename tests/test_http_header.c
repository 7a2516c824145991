/*
 * Hostile extra HTTP headers (--header, MS5TOP_HEADERS): what http.c hands
 * to curl must be one clean "Name: value" line, and a refused header's
 * value (a credential, often) must never reach a message. The cases the
 * fuzzer (fuzz/fuzz_http_header.c) checks the promises of, written out;
 * test_config.c has the plain validation messages.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ms5top/config.h"

/* Parses one --header; returns whether it was taken, the stored line in
 * out (when taken) and the message in err (when not). */
static bool one_header(const char *v, char *out, size_t size, struct ms5_error *err)
{
	char *const argv[] = { "ms5top", "--header", (char *)v, NULL };
	struct ms5_config c;
	bool ok;

	config_init(&c);
	err->msg[0] = '\0';
	ok = config_parse_args(&c, 3, argv, err);
	if (ok) {
		cr_assert_eq(c.n_headers, 1);
		snprintf(out, size, "%s", c.headers[0]);
	}
	config_finish(&c);
	return ok;
}

static void refused_quietly(const char *v, const char *secret)
{
	struct ms5_error err;
	char out[256];

	cr_assert_not(one_header(v, out, sizeof(out), &err), "took %s", v);
	cr_assert(err.msg[0]);
	cr_assert_null(strstr(err.msg, secret), "'%s' shows the value", err.msg);
	for (const char *p = err.msg; *p; p++) {
		cr_assert((unsigned char)*p >= 0x20 && *p != 0x7f, "control in '%s'", err.msg);
	}
}

static void taken_as(const char *v, const char *want)
{
	struct ms5_error err;
	char out[256];

	cr_assert(one_header(v, out, sizeof(out), &err), "%s: %s", v, err.msg);
	cr_assert_str_eq(out, want);
}

Test(http_header, blanks_around_the_value_are_trimmed_tabs_inside_kept)
{
	taken_as("X-A:v", "X-A: v");
	taken_as("X-A: \t v \t ", "X-A: v");
	taken_as("X-A: a\tb", "X-A: a\tb");
	taken_as("X-A: a : b", "X-A: a : b");           /* the first colon splits */
	taken_as("!#$%&'*+-.^_`|~09az: v", "!#$%&'*+-.^_`|~09az: v");
	taken_as("X-Utf8: caf\xc3\xa9", "X-Utf8: caf\xc3\xa9");
}

Test(http_header, controls_in_the_value_are_refused_without_showing_it)
{
	refused_quietly("Authorization: Bearer s3cr3t\r\nHost: evil", "s3cr3t");
	refused_quietly("Authorization: Bearer s3cr3t\n", "s3cr3t");   /* trailing LF */
	refused_quietly("X-Api-Key: s3cr3t\x7f", "s3cr3t");
	refused_quietly("X-Api-Key: s3cr3t\x1b[2J", "s3cr3t");
	refused_quietly("X-Api-Key: \rs3cr3t", "s3cr3t");
	refused_quietly("X-Api-Key: s3cr3t\x01", "s3cr3t");
}

Test(http_header, bad_names_are_refused_without_showing_the_value)
{
	refused_quietly("X Key: s3cr3t", "s3cr3t");
	refused_quietly("X-K\xc3\xa9y: s3cr3t", "s3cr3t");           /* not a token character */
	refused_quietly("X-Key\r: s3cr3t", "s3cr3t");
	refused_quietly("(X): s3cr3t", "s3cr3t");
	refused_quietly(":s3cr3t", "s3cr3t");
	refused_quietly("s3cr3t", "s3cr3t");                        /* no colon: nothing shown */
}

Test(http_header, a_long_bad_name_is_shown_cut_and_escaped)
{
	char v[1200];
	struct ms5_error err;
	char out[8];

	memset(v, 'a', sizeof(v));
	v[0] = '\x1b';
	memcpy(v + sizeof(v) - 12, " : s3cr3t", 10);
	v[sizeof(v) - 2] = '\0';
	cr_assert_not(one_header(v, out, sizeof(out), &err));
	cr_assert_lt(strlen(err.msg), sizeof(err.msg) - 1);
	cr_assert_null(strchr(err.msg, '\x1b'));
	cr_assert_null(strstr(err.msg, "s3cr3t"));
}

Test(http_header, the_environment_takes_one_per_line_and_refuses_a_bad_one)
{
	char *const good[] = { "MS5TOP_HEADERS=X-A: 1\nX-B:2\n", NULL };
	char *const bad[] = { "MS5TOP_HEADERS=X-A: 1\nX-B: s3cr3t\x7f\nX-C: 3", NULL };
	char *const crlf[] = { "MS5TOP_HEADERS=X-A: 1\r\nX-B: 2\r\n", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	cr_assert(config_apply_env(&c, good, &err), "%s", err.msg);
	cr_assert_eq(c.n_headers, 2);
	cr_assert_str_eq(c.headers[1], "X-B: 2");
	config_finish(&c);

	config_init(&c);
	cr_assert_not(config_apply_env(&c, bad, &err));
	cr_assert_null(strstr(err.msg, "s3cr3t"));
	config_finish(&c);

	config_init(&c);
	cr_assert(config_apply_env(&c, crlf, &err), "%s", err.msg);   /* CRLF lines: the CR goes */
	cr_assert_eq(c.n_headers, 2);
	cr_assert_str_eq(c.headers[0], "X-A: 1");
	cr_assert_null(strchr(c.headers[1], '\r'));
	config_finish(&c);
}
