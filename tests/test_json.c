/*
 * json.h and text.h against hostile input: nesting at and over the limit,
 * byte order marks, every class of invalid UTF-8, NUL bytes, huge numbers,
 * the size cap; and the sanitised copies, case folding and identifiers.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/json.h"
#include "ms5top/text.h"

static enum json_status status_of(const char *s, size_t n, enum json_utf8 u, size_t *offset)
{
	struct json_result r;
	cJSON *j = json_parse(s, n, 1 << 20, u, &r);

	cr_assert_eq(j != NULL, r.status == JSON_OK);
	cJSON_Delete(j);
	if (offset) {
		*offset = r.offset;
	}
	return r.status;
}

#define STATUS(lit, u) status_of(lit, sizeof(lit) - 1, u, NULL)

/* depth arrays, then as many closes. */
static char *nest(size_t depth)
{
	char *s = malloc(2 * depth + 1);

	cr_assert(s);
	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	s[2 * depth] = '\0';
	return s;
}

Test(json, depth_at_and_over_the_limit)
{
	for (size_t d = JSON_MAX_DEPTH - 1; d <= JSON_MAX_DEPTH + 1; d++) {
		char *s = nest(d);
		size_t off;

		cr_expect_eq(status_of(s, 2 * d, JSON_UTF8_REFUSE, &off) == JSON_OK,
			d <= JSON_MAX_DEPTH, "depth %zu", d);
		if (d > JSON_MAX_DEPTH) {
			cr_expect_eq(off, (size_t)JSON_MAX_DEPTH, "the offending bracket");
		}
		free(s);
	}
	/* A million opens are refused by the scan, without recursion. */
	{
		size_t n = 1000000;
		char *s = malloc(n);

		cr_assert(s);
		memset(s, '{', n);
		cr_expect_eq(status_of(s, n, JSON_UTF8_REPAIR, NULL), JSON_TOO_DEEP);
		free(s);
	}
	/* Brackets in strings, also after an escaped quote, do not count. */
	{
		char buf[256];
		int o = snprintf(buf, sizeof(buf), "[\"\\\"");

		memset(buf + o, '[', 100);
		memcpy(buf + o + 100, "\"]", 3);
		cr_expect_eq(status_of(buf, strlen(buf), JSON_UTF8_REFUSE, NULL), JSON_OK);
	}
}

Test(json, byte_order_mark_only_at_the_start)
{
	cr_expect_eq(STATUS("\xef\xbb\xbf{}", JSON_UTF8_REFUSE), JSON_OK);
	cr_expect_eq(STATUS("\xef\xbb\xbf \n{}", JSON_UTF8_REFUSE), JSON_OK);
	cr_expect_eq(STATUS("\xef\xbb\xbf", JSON_UTF8_REFUSE), JSON_EMPTY);
	cr_expect_eq(STATUS(" \xef\xbb\xbf{}", JSON_UTF8_REFUSE), JSON_SYNTAX);
	cr_expect_eq(STATUS("\xef\xbb\xbf\xef\xbb\xbf{}", JSON_UTF8_REFUSE), JSON_SYNTAX);
	cr_expect_eq(STATUS("{}\xef\xbb\xbf", JSON_UTF8_REFUSE), JSON_TRAILING);
	cr_expect_eq(json_start("\xef\xbb\xbf  x", 6), 5);
	cr_expect_eq(text_bom("\xef\xbb", 2), 0);
}

Test(json, invalid_utf8_of_every_class)
{
	static const char *const bad[] = {
		"\"\xc0\xaf\"",              /* overlong '/', 2 bytes */
		"\"\xe0\x80\xaf\"",          /* overlong, 3 bytes */
		"\"\xf0\x80\x80\xaf\"",      /* overlong, 4 bytes */
		"\"\xed\xa0\x80\"",          /* UTF-16 high surrogate */
		"\"\xed\xbf\xbf\"",          /* UTF-16 low surrogate */
		"\"\xf4\x90\x80\x80\"",      /* above U+10FFFF */
		"\"\xf8\x88\x80\x80\x80\"",  /* 5-byte form */
		"\"\xc3\"",                  /* truncated 2-byte */
		"\"\xe2\x82\"",              /* truncated 3-byte */
		"\"\x80\"",                  /* lone continuation */
		"\"\xff\"",                  /* never valid */
		"[1]\xc3",                   /* truncated at the very end */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t off;

		cr_expect_eq(status_of(bad[i], strlen(bad[i]), JSON_UTF8_REFUSE, &off), JSON_BAD_UTF8,
			"case %zu", i);
		/* Repair lets it through; text_dup then replaces each bad byte. */
		if (i < 11) {
			struct json_result r;
			cJSON *j = json_parse(bad[i], strlen(bad[i]), 64, JSON_UTF8_REPAIR, &r);
			char *d;

			cr_assert_not_null(j, "case %zu: %s", i, json_status_text(r.status));
			d = text_dup(j->valuestring);
			cr_expect_not_null(strstr(d, "\xef\xbf\xbd"), "case %zu", i);
			for (const char *p = d; *p; p += 3) {
				cr_expect(memcmp(p, "\xef\xbf\xbd", 3) == 0, "case %zu: only U+FFFD", i);
			}
			free(d);
			cJSON_Delete(j);
		}
	}
	/* The largest and smallest of each length are fine. */
	cr_expect_eq(STATUS("\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"",
		JSON_UTF8_REFUSE), JSON_OK);
}

Test(json, nul_bytes_and_nul_escapes)
{
	size_t off;

	cr_expect_eq(status_of("{\"a\":\"x\0y\"}", 11, JSON_UTF8_REPAIR, &off), JSON_NUL);
	cr_expect_eq(off, 7);
	cr_expect_eq(status_of("{}\0", 3, JSON_UTF8_REPAIR, &off), JSON_NUL);
	cr_expect_eq(status_of("\0", 1, JSON_UTF8_REFUSE, NULL), JSON_NUL);
	cr_expect_eq(status_of("[\"\\\0\"]", 6, JSON_UTF8_REFUSE, &off), JSON_NUL);
	cr_expect_eq(off, 3);
	/* \u0000 is valid JSON: the decoded string ends at it. */
	{
		cJSON *j = json_parse("[\"ab\\u0000cd\"]", 14, 64, JSON_UTF8_REFUSE, NULL);

		cr_assert_not_null(j);
		cr_expect_str_eq(cJSON_GetArrayItem(j, 0)->valuestring, "ab");
		cJSON_Delete(j);
	}
}

Test(json, huge_numbers_and_odd_values)
{
	cJSON *j = json_parse("[1e999999, -1e999999, 123456789012345678901234567890, 1e-400]", 61,
		64, JSON_UTF8_REFUSE, NULL);

	cr_assert_not_null(j);
	cr_expect_eq(cJSON_GetArraySize(j), 4);
	cJSON_Delete(j);
	cr_expect_eq(STATUS("[NaN]", JSON_UTF8_REFUSE), JSON_SYNTAX);
	cr_expect_eq(STATUS("[01x]", JSON_UTF8_REFUSE), JSON_SYNTAX);
	cr_expect_eq(STATUS("{\"a\":1,}", JSON_UTF8_REFUSE), JSON_SYNTAX);
	cr_expect_eq(STATUS("{} {}", JSON_UTF8_REFUSE), JSON_TRAILING);
	cr_expect_eq(STATUS(" \t\r\n", JSON_UTF8_REFUSE), JSON_EMPTY);
	cr_expect_eq(status_of(NULL, 0, JSON_UTF8_REFUSE, NULL), JSON_EMPTY);
}

Test(json, size_cap_is_exact)
{
	struct json_result r;
	struct ms5_error err;
	cJSON *j;

	j = json_parse("[1,2]", 5, 5, JSON_UTF8_REFUSE, &r);
	cr_expect_not_null(j);
	cJSON_Delete(j);
	cr_expect_null(json_parse("[1,2]", 5, 4, JSON_UTF8_REFUSE, &r));
	cr_expect_eq(r.status, JSON_TOO_BIG);
	json_error(&err, "frame", &r, 5, 4);
	cr_expect_str_eq(err.msg, "frame of 5 bytes is over the limit of 4 bytes");
}

Test(json, error_words)
{
	struct json_result r = { JSON_TOO_DEEP, 40 };
	struct ms5_error err;

	json_error(&err, "frame", &r, 100, 1000);
	cr_expect_str_eq(err.msg, "frame is nested deeper than 32 levels");
	r.status = JSON_NUL;
	json_error(&err, "frame", &r, 100, 1000);
	cr_expect_str_eq(err.msg, "frame holds a NUL byte (offset 40)");
	cr_expect_eq(json_line("a\nb\nc", 5, 4), 3);
}

Test(text, sanitised_copies)
{
	char buf[16];
	char *d;

	text_copy(buf, sizeof(buf), "a\x1b[2J\x9b\x07z");
	cr_expect_str_eq(buf, "a [2J\xef\xbf\xbd z");    /* raw 0x9b is a bad byte */
	text_copy(buf, sizeof(buf), "\xc2\x9b" "1m\x7f");
	cr_expect_str_eq(buf, " 1m ");                  /* U+009B CSI is a control */
	/* Cut at a character boundary: 7 bytes of room, "é" does not split. */
	text_copy(buf, 8, "abcdef\xc3\xa9");
	cr_expect_str_eq(buf, "abcdef");
	text_quote(buf, 8, "abcdefghij", 10);
	cr_expect_str_eq(buf, "abcd...");
	text_quote(buf, 8, "abcdefg", 7);
	cr_expect_str_eq(buf, "abcdefg");
	text_copy(buf, 1, "abc");
	cr_expect_str_eq(buf, "");
	d = text_dup("ok\n\xff");
	cr_expect_str_eq(d, "ok \xef\xbf\xbd");
	free(d);
}

Test(text, case_folding_is_ascii_only)
{
	cr_expect_eq(text_casecmp("FaULT", "fault"), 0);
	cr_expect_lt(text_casecmp("a", "B"), 0);
	cr_expect_neq(text_casecmp("\xc3\x89", "\xc3\xa9"), 0);   /* É is not é here */
	cr_expect(text_prefix_ci("Welcome to MS5", "welcome"));
	cr_expect_not(text_prefix_ci("We", "welcome"));
	cr_expect_eq(text_find_ci("<HTML><TITLE>", 13, "<title"), 6);
	cr_expect_eq(text_find_ci("abc", 3, "x"), 3);
}

Test(text, identifiers)
{
	char id[TEXT_ID_MAX + 2];

	cr_expect(text_id_ok("line_01:a-b.c"));
	cr_expect_not(text_id_ok(""));
	cr_expect_not(text_id_ok("a b"));
	cr_expect_not(text_id_ok("a\"}"));
	cr_expect_not(text_id_ok("\xc3\xa9"));
	memset(id, 'x', TEXT_ID_MAX);
	id[TEXT_ID_MAX] = '\0';
	cr_expect(text_id_ok(id));
	id[TEXT_ID_MAX] = 'x';
	id[TEXT_ID_MAX + 1] = '\0';
	cr_expect_not(text_id_ok(id));
}
