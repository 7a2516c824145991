/*
 * Tests of the Prometheus / Alertmanager response decoders. Fixtures are real
 * response shapes (Prometheus 2.42, Alertmanager 0.25) in
 * $MS5_TESTDATA/prom/, and Prometheus 3's (query_native_*.json,
 * error_infos_422.json: native histograms, UTF-8 names, infos) written from
 * the published API description; hostile and malformed bodies are built
 * here.
 */
#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/json.h"
#include "ms5top/prom.h"

/* A string literal as the body and length arguments of a decoder. */
#define BODY(s) s, strlen(s)

/* Reads a fixture into a fresh buffer (NUL-terminated, for convenience). */
static char *load(const char *name, size_t *len)
{
	const char *dir = getenv("MS5_TESTDATA");
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	cr_assert(dir, "MS5_TESTDATA is not set");
	snprintf(path, sizeof(path), "%s/prom/%s", dir, name);
	f = fopen(path, "rb");
	cr_assert(f, "cannot open %s", path);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	cr_assert_geq(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	cr_assert(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Decodes a fixture as a query response. */
static bool query_file(const char *name, long status, struct prom_result *r,
	struct ms5_error *err)
{
	size_t len;
	char *body = load(name, &len);
	bool ok = prom_decode_query(body, len, status, r, err);

	free(body);
	return ok;
}

static bool query_str(const char *body, long status, struct prom_result *r,
	struct ms5_error *err)
{
	return prom_decode_query(body, strlen(body), status, r, err);
}

/* Asserts that body fails to decode as a query with exactly message msg. */
static void query_fails(const char *body, long status, const char *msg)
{
	struct prom_result r;
	struct ms5_error err = { .msg = "untouched" };

	cr_assert_not(query_str(body, status, &r, &err), "should fail: %s", body);
	cr_assert_str_eq(err.msg, msg, "body %s", body);
	cr_assert_eq(r.type, PROM_RESULT_NONE);
	cr_assert_eq(r.n_series, 0);
	cr_assert_null(r.series);
	cr_assert_null(r.string);
	prom_result_finish(&r);
}

static void assert_label(const struct prom_label *l, const char *name, const char *value)
{
	cr_assert_str_eq(l->name, name);
	cr_assert_str_eq(l->value, value);
}

/*
 * Result types.
 */

Test(prom_decode, vector)
{
	struct prom_result r;
	struct ms5_error err = { "" };
	const struct prom_series *s;

	cr_assert(query_file("query_vector.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_VECTOR);
	cr_assert_eq(r.n_series, 2);
	cr_assert_eq(r.n_warnings, 0);
	cr_assert_null(r.error_type);

	s = &r.series[0];
	cr_assert_eq(s->n_labels, 6);
	assert_label(&s->labels[0], "__name__", "ms5_production_line_status");
	assert_label(&s->labels[1], "instance", "ms5-api:8000");
	assert_label(&s->labels[2], "job", "ms5-backend");
	assert_label(&s->labels[3], "line_id", "L2");
	assert_label(&s->labels[4], "line_name", "Abfüllung 2");
	assert_label(&s->labels[5], "status", "running");
	cr_assert_eq(s->n_points, 1);
	cr_assert_float_eq(s->points[0].t, 1795154530.123, 1e-6);
	cr_assert_eq(s->points[0].v, 1.0);

	/* The second series arrives in a different order and is sorted too. */
	s = &r.series[1];
	cr_assert_eq(s->n_labels, 6);
	for (size_t i = 1; i < s->n_labels; i++) {
		cr_assert_lt(strcmp(s->labels[i - 1].name, s->labels[i].name), 0);
	}
	cr_assert_str_eq(prom_label_get(s->labels, s->n_labels, "line_name"), "Filling 1");
	cr_assert_str_eq(prom_label_get(s->labels, s->n_labels, "status"), "stopped");
	cr_assert_null(prom_label_get(s->labels, s->n_labels, "nope"));
	cr_assert_eq(s->points[0].v, 0.0);
	prom_result_finish(&r);
	cr_assert_null(r.series);
}

Test(prom_decode, matrix)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_file("query_matrix.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_MATRIX);
	cr_assert_eq(r.n_series, 2);
	cr_assert_eq(r.series[0].n_points, 4);
	cr_assert_eq(r.series[0].points[0].t, 1795154400.0);
	cr_assert_eq(r.series[0].points[0].v, 0.812);
	cr_assert_eq(r.series[0].points[1].v, 0.815);
	cr_assert_eq(r.series[0].points[2].v, 0.8125);
	cr_assert_eq(r.series[0].points[3].t, 1795154445.0);
	cr_assert_eq(r.series[0].points[3].v, 1e-3);
	assert_label(&r.series[0].labels[0], "job", "ms5-backend");
	assert_label(&r.series[0].labels[1], "line_id", "L1");
	cr_assert_eq(r.series[1].n_points, 1);
	cr_assert_eq(r.series[1].points[0].v, 0.5);
	prom_result_finish(&r);
}

Test(prom_decode, scalar)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_file("query_scalar.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_SCALAR);
	cr_assert_eq(r.n_series, 0);
	cr_assert_eq(r.scalar.t, 1795154530.5);
	cr_assert_eq(r.scalar.v, 42.25);
	prom_result_finish(&r);
}

Test(prom_decode, string)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_file("query_string.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_STRING);
	cr_assert_str_eq(r.string, "shift A");
	cr_assert_eq(r.scalar.t, 1795154530.0);
	prom_result_finish(&r);
	cr_assert_null(r.string);
}

Test(prom_decode, empty_vector)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_file("query_vector_empty.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_VECTOR);
	cr_assert_eq(r.n_series, 0);
	prom_result_finish(&r);

	cr_assert(query_str("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
		"\"result\":[]}}", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_MATRIX);
	cr_assert_eq(r.n_series, 0);
	prom_result_finish(&r);
}

Test(prom_decode, nan_and_infinities)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_file("query_nan_inf.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.n_series, 4);
	cr_assert(isnan(r.series[0].points[0].v));
	cr_assert(isinf(r.series[1].points[0].v) && r.series[1].points[0].v > 0);
	cr_assert(isinf(r.series[2].points[0].v) && r.series[2].points[0].v < 0);
	cr_assert_eq(r.series[3].points[0].v, -0.25);
	prom_result_finish(&r);
}

Test(prom_decode, empty_label_set)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_str("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		"\"result\":[{\"metric\":{},\"value\":[1,\"2\"]}]}}", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.series[0].n_labels, 0);
	cr_assert_null(prom_label_get(r.series[0].labels, 0, "x"));
	cr_assert_eq(r.series[0].points[0].v, 2.0);
	prom_result_finish(&r);
}

Test(prom_decode, warnings_on_success)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_file("query_warnings.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.n_warnings, 2);
	cr_assert_str_eq(r.warnings[0], "remote_read: partial response from store-1");
	cr_assert(strstr(r.warnings[1], "\"ms5_units_produced\""));
	cr_assert_eq(r.series[0].points[0].v, 3.0);
	prom_result_finish(&r);
	cr_assert_null(r.warnings);
	cr_assert_eq(r.n_warnings, 0);
}

Test(prom_decode, finish_is_idempotent)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_file("query_matrix.json", 200, &r, &err));
	prom_result_finish(&r);
	prom_result_finish(&r);
	prom_result_finish(NULL);
}

/*
 * Prometheus errors.
 */

Test(prom_decode, error_bad_data_400)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert_not(query_file("error_bad_data_400.json", 400, &r, &err));
	cr_assert_str_eq(err.msg,
		"bad_data: invalid parameter \"query\": 1:5: parse error: unexpected <op:*>");
	cr_assert_str_eq(r.error_type, "bad_data");
	cr_assert_eq(r.type, PROM_RESULT_NONE);
	prom_result_finish(&r);
}

Test(prom_decode, error_execution_422)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert_not(query_file("error_execution_422.json", 422, &r, &err));
	cr_assert_str_eq(err.msg, "execution: query processing would load too many samples "
		"into memory in query execution");
	cr_assert_str_eq(r.error_type, "execution");
	prom_result_finish(&r);
}

Test(prom_decode, error_timeout_503_keeps_warnings)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert_not(query_file("error_timeout_503.json", 503, &r, &err));
	cr_assert_str_eq(err.msg, "timeout: query timed out in expression evaluation");
	cr_assert_str_eq(r.error_type, "timeout");
	cr_assert_eq(r.n_warnings, 1);
	cr_assert_str_eq(r.warnings[0], "remote_read: store-2 did not answer");
	prom_result_finish(&r);
	cr_assert_null(r.error_type);
}

Test(prom_decode, error_body_with_200)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert_not(query_file("error_bad_data_400.json", 200, &r, &err));
	cr_assert(strncmp(err.msg, "bad_data: ", 10) == 0, "%s", err.msg);
	cr_assert_str_eq(r.error_type, "bad_data");
	prom_result_finish(&r);
}

Test(prom_decode, error_body_without_type)
{
	query_fails("{\"status\":\"error\",\"error\":\"something broke\"}", 500,
		"something broke");
	query_fails("{\"status\":\"error\"}", 500,
		"HTTP 500: the server reported an error without a message");
}

Test(prom_decode, error_message_is_sanitised)
{
	query_fails("{\"status\":\"error\",\"errorType\":\"bad_data\","
		"\"error\":\"a\\u001b[31mb\\nc \xff d\"}", 400,
		/* The one replacement for a bad byte is U+FFFD (text.h), also in quotes. */
		"bad_data: a [31mb c \xef\xbf\xbd d");
}

Test(prom_decode, proxy_html_502)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert_not(query_file("proxy_502.html", 502, &r, &err));
	cr_assert_str_eq(err.msg, "HTTP 502 Bad Gateway: Prometheus & friends - upstream unreachable");
	cr_assert_null(r.error_type);
	prom_result_finish(&r);

	/* nginx's own page only repeats the status, so nothing is appended. */
	cr_assert_not(query_file("nginx_502.html", 502, &r, &err));
	cr_assert_str_eq(err.msg, "HTTP 502 Bad Gateway");
	prom_result_finish(&r);
}

Test(prom_decode, unauthorized_401)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert_not(query_file("unauthorized_401.txt", 401, &r, &err));
	cr_assert_str_eq(err.msg, "HTTP 401 Unauthorized");
	prom_result_finish(&r);
	query_fails("", 401, "HTTP 401 Unauthorized");
	cr_assert_not(prom_decode_query(NULL, 0, 401, &r, &err));
	cr_assert_str_eq(err.msg, "HTTP 401 Unauthorized");
	prom_result_finish(&r);
}

Test(prom_decode, non_2xx_with_other_json)
{
	query_fails("{\"status\":\"success\",\"data\":{}}", 500,
		"HTTP 500 Internal Server Error: {\"status\":\"success\",\"data\":{}}");
	query_fails("{\"code\":601,\"message\":\"no such route\"}", 404,
		"HTTP 404 Not Found: no such route");
}

Test(prom_decode, ok_2xx_other_than_200)
{
	struct prom_result r;
	struct ms5_error err = { "" };
	size_t len;
	char *body = load("query_scalar.json", &len);

	cr_assert(prom_decode_query(body, len, 203, &r, &err), "%s", err.msg);
	prom_result_finish(&r);
	cr_assert_not(prom_decode_query(body, len, 302, &r, &err));
	cr_assert(strncmp(err.msg, "HTTP 302 Found: ", 16) == 0, "%s", err.msg);
	prom_result_finish(&r);
	free(body);
}

Test(prom_decode, not_json)
{
	query_fails("<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>", 200,
		"response is not JSON (it starts with \"<!DOCTYPE html>\\x0a<html><head><title>Sign ...\")");
	query_fails("\x1f\x8b\x08\x00", 200,
		"response is not JSON (it starts with \"\\x1f\\x8b\\x08\")");
	query_fails("", 200, "empty response");
	query_fails(" \r\n\t", 200, "empty response");
	query_fails("null", 200, "response is not JSON (it starts with \"null\")");
}

Test(prom_decode, invalid_and_truncated_json)
{
	struct prom_result r;
	struct ms5_error err;
	size_t len, end;
	char *body = load("query_vector.json", &len);

	query_fails("{\"status\":\"success\",}", 200, "invalid JSON in response (offset 20)");
	query_fails("{\"status\":\"success\"} x", 200,
		"invalid JSON in response (offset 21: data after the end)");

	/* Every proper prefix of a valid response must fail cleanly. */
	end = len;
	while (end > 0 && body[end - 1] != '}') {
		end--;
	}
	cr_assert_gt(end, 100);
	for (size_t n = 0; n < end; n++) {
		strcpy(err.msg, "");
		cr_assert_not(prom_decode_query(body, n, 200, &r, &err), "prefix %zu", n);
		cr_assert_neq(err.msg[0], '\0');
		prom_result_finish(&r);
	}
	cr_assert(prom_decode_query(body, end, 200, &r, &err), "%s", err.msg);
	prom_result_finish(&r);
	free(body);
}

Test(prom_decode, embedded_nul_after_document)
{
	struct prom_result r;
	struct ms5_error err = { "" };
	static const char body[] = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
		"\"result\":[1,\"2\"]}}\0garbage";

	/* One rule for every decoder (json.h): a NUL byte anywhere is refused,
	 * before or after the document. */
	cr_assert_not(prom_decode_query(body, sizeof(body) - 1, 200, &r, &err));
	cr_assert_str_eq(err.msg, "response holds a NUL byte (offset 68)");
	prom_result_finish(&r);
}

/*
 * Hostile input.
 */

static char *nested(size_t depth, char open, char close)
{
	char *s = malloc(2 * depth + 1);

	cr_assert(s);
	memset(s, open, depth);
	memset(s + depth, close, depth);
	s[2 * depth] = '\0';
	return s;
}

Test(prom_decode, deep_nesting_is_refused)
{
	char *deep = nested(10000, '[', ']');
	char *open_only = nested(10000, '[', '[');
	char msg[128];
	struct prom_result r;
	struct prom_alerts a;
	struct ms5_error err;
	char version[16];

	/* One depth limit for every decoder (json.h); it was 64 here, 32 for
	 * the Andon frames. */
	snprintf(msg, sizeof(msg), "JSON in response is nested deeper than %d levels",
		JSON_MAX_DEPTH);
	query_fails(deep, 200, msg);
	query_fails(open_only, 200, msg);
	cr_assert_not(am_decode_alerts(deep, strlen(deep), 200, &a, &err));
	cr_assert_str_eq(err.msg, msg);
	prom_alerts_finish(&a);
	cr_assert_not(prom_decode_alerts(deep, strlen(deep), 200, &a, &err));
	cr_assert_not(prom_decode_buildinfo(deep, strlen(deep), 200, version, sizeof(version), &err));
	cr_assert_not(am_decode_status(deep, strlen(deep), 200, version, sizeof(version), &err));
	cr_assert_str_eq(err.msg, msg);
	/* A non-2xx body that is deep JSON is described, not parsed. */
	cr_assert_not(prom_decode_query(deep, strlen(deep), 500, &r, &err));
	cr_assert(strncmp(err.msg, "HTTP 500 Internal Server Error: [[[[", 36) == 0, "%s", err.msg);
	prom_result_finish(&r);
	free(deep);
	free(open_only);

	/* Objects too: {"a":{"a":{"a":...}}}. */
	{
		size_t depth = 10000;
		char *s = malloc(depth * 5 + depth + 2);
		size_t o = 0;

		cr_assert(s);
		for (size_t i = 0; i < depth; i++) {
			memcpy(s + o, "{\"a\":", 5);
			o += 5;
		}
		s[o++] = '1';
		memset(s + o, '}', depth);
		o += depth;
		s[o] = '\0';
		query_fails(s, 200, msg);
		free(s);
	}
}

Test(prom_decode, depth_32_is_fine_and_brackets_in_strings_do_not_count)
{
	struct prom_result r;
	struct ms5_error err = { "" };
	char body[4096];
	char value[301];

	memset(value, '[', 300);
	value[300] = '\0';
	snprintf(body, sizeof(body), "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		"\"result\":[{\"metric\":{\"q\":\"%s\\\"]]]\"},\"value\":[1,\"2\"]}]},"
		"\"ignored\":%s}", value, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");   /* 31 + the document = JSON_MAX_DEPTH */
	cr_assert(query_str(body, 200, &r, &err), "%s", err.msg);
	cr_assert_eq(strlen(r.series[0].labels[0].value), 304);
	prom_result_finish(&r);
}

/* The 50 MB body starts like a real response; the cap must trip before any
 * parsing. Exactly PROM_MAX_BODY bytes is still accepted. */
Test(prom_decode, body_over_the_cap)
{
	static const char prefix[] = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		"\"result\":[";
	static const char valid[] = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
		"\"result\":[1,\"2\"]}}";
	size_t big = (size_t)50 * 1024 * 1024;
	char *body = malloc(big);
	struct prom_result r;
	struct prom_alerts a;
	struct ms5_error err;
	char version[16];

	cr_assert(body);
	memset(body, ' ', big);
	memcpy(body, prefix, sizeof(prefix) - 1);
	cr_assert_not(prom_decode_query(body, big, 200, &r, &err));
	cr_assert_str_eq(err.msg, "response is 52428800 bytes, over the 16777216-byte cap");
	prom_result_finish(&r);
	cr_assert_not(prom_decode_query(body, big, 502, &r, &err));
	cr_assert_str_eq(err.msg, "response is 52428800 bytes, over the 16777216-byte cap");
	prom_result_finish(&r);
	cr_assert_not(prom_decode_alerts(body, big, 200, &a, &err));
	cr_assert_str_eq(err.msg, "response is 52428800 bytes, over the 16777216-byte cap");
	cr_assert_not(am_decode_alerts(body, big, 200, &a, &err));
	cr_assert_str_eq(err.msg, "response is 52428800 bytes, over the 16777216-byte cap");
	cr_assert_not(prom_decode_buildinfo(body, big, 200, version, sizeof(version), &err));
	cr_assert_not(am_decode_status(body, big, 200, version, sizeof(version), &err));
	cr_assert_str_eq(err.msg, "response is 52428800 bytes, over the 16777216-byte cap");
	cr_assert_not(prom_decode_query(body, PROM_MAX_BODY + 1, 200, &r, &err));
	cr_assert_str_eq(err.msg, "response is 16777217 bytes, over the 16777216-byte cap");
	prom_result_finish(&r);

	memcpy(body, valid, sizeof(valid) - 1);
	cr_assert(prom_decode_query(body, PROM_MAX_BODY, 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.scalar.v, 2.0);
	prom_result_finish(&r);
	free(body);
}

/*
 * Wrong types and shapes.
 */

#define Q(result_type, result) \
	"{\"status\":\"success\",\"data\":{\"resultType\":\"" result_type "\",\"result\":" result "}}"

Test(prom_decode, wrong_types)
{
	query_fails(Q("vector", "[{\"metric\":{},\"value\":[1,2]}]"), 200,
		"data.result[0].value[1]: expected the value as a string, got a number");
	query_fails(Q("vector", "[{\"metric\":[],\"value\":[1,\"2\"]}]"), 200,
		"data.result[0].metric: expected an object, got an array");
	query_fails(Q("vector", "[{\"metric\":{\"a\":\"x\",\"job\":3},\"value\":[1,\"2\"]}]"), 200,
		"data.result[0].metric.job: expected a string, got a number");
	query_fails(Q("vector", "[{\"metric\":{\"job\":null},\"value\":[1,\"2\"]}]"), 200,
		"data.result[0].metric.job: expected a string, got null");
	query_fails(Q("vector", "[{\"value\":[1,\"2\"]}]"), 200,
		"data.result[0].metric: missing (expected an object)");
	query_fails(Q("vector", "[{\"metric\":{}}]"), 200,
		"data.result[0].value: missing (expected an array [time, \"value\"])");
	query_fails(Q("vector", "[{\"metric\":{},\"value\":[\"1\",\"2\"]}]"), 200,
		"data.result[0].value[0]: expected the time as a number, got a string");
	query_fails(Q("vector", "[{\"metric\":{},\"value\":[1e999,\"2\"]}]"), 200,
		"data.result[0].value[0]: expected the time as a number, got an infinite number");
	query_fails(Q("vector", "[{\"metric\":{},\"value\":[1,\"2\",3]}]"), 200,
		"data.result[0].value: expected [time, \"value\"], got 3 elements");
	query_fails(Q("vector", "[{\"metric\":{},\"value\":[]}]"), 200,
		"data.result[0].value: expected [time, \"value\"], got 0 elements");
	query_fails(Q("vector", "[{\"metric\":{},\"value\":{}}]"), 200,
		"data.result[0].value: expected an array [time, \"value\"], got an object");
	query_fails(Q("vector", "[{\"metric\":{},\"value\":[1,\"1,5\"]}]"), 200,
		"data.result[0].value[1]: \"1,5\" is not a number");
	query_fails(Q("vector", "[{\"metric\":{},\"value\":[1,\"2\"]},3]"), 200,
		"data.result[1]: expected an object, got a number");
	query_fails(Q("vector", "{}"), 200, "data.result: expected an array, got an object");
	query_fails(Q("matrix", "[{\"metric\":{},\"value\":[1,\"2\"]}]"), 200,
		"data.result[0].values: missing (expected an array)");
	query_fails(Q("matrix", "[{\"metric\":{},\"values\":[[1,\"2\"],[2,\"x\"]]}]"), 200,
		"data.result[0].values[1][1]: \"x\" is not a number");
	query_fails(Q("matrix", "[{\"metric\":{},\"values\":[[1,\"2\"],true]}]"), 200,
		"data.result[0].values[1]: expected an array [time, \"value\"], got a boolean");
	query_fails(Q("scalar", "[1,2]"), 200,
		"data.result[1]: expected the value as a string, got a number");
	query_fails(Q("scalar", "\"1\""), 200,
		"data.result: expected an array [time, \"value\"], got a string");
	query_fails(Q("string", "[1,2]"), 200, "data.result[1]: expected a string, got a number");
	query_fails(Q("string", "[\"x\",\"y\"]"), 200,
		"data.result[0]: expected a finite number, got a string");
	query_fails(Q("string", "\"y\""), 200,
		"data.result: expected an array [time, \"string\"], got a string");
	query_fails(Q("streams", "[]"), 200, "data.resultType: unknown \"streams\"");
	query_fails("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\"}}", 200,
		"data.result: missing (expected a value)");
	query_fails("{\"status\":\"success\",\"data\":{\"result\":[]}}", 200,
		"data.resultType: missing (expected a string)");
	query_fails("{\"status\":\"success\",\"data\":{\"resultType\":1,\"result\":[]}}", 200,
		"data.resultType: expected a string, got a number");
	query_fails("{\"status\":\"success\"}", 200, "data: missing (expected an object)");
	query_fails("{\"status\":\"success\",\"data\":[]}", 200,
		"data: expected an object, got an array");
	query_fails("{\"data\":{}}", 200, "status: missing (expected a string)");
	query_fails("{\"status\":true}", 200, "status: expected a string, got a boolean");
	query_fails("{\"status\":\"pending\"}", 200, "status: unexpected \"pending\"");
	query_fails("[]", 200, "response: expected a JSON object, got an array");
	query_fails("\"ok\"", 200, "response: expected a JSON object, got a string");
	query_fails("{\"status\":\"success\",\"data\":{},\"warnings\":\"w\"}", 200,
		"warnings: expected an array, got a string");
	query_fails("{\"status\":\"success\",\"data\":{},\"warnings\":[\"a\",1]}", 200,
		"warnings[1]: expected a string, got a number");
}

/*
 * Prometheus 3: native histograms, UTF-8 names, infos. The fixtures
 * follow the published API description
 * (https://prometheus.io/docs/prometheus/latest/querying/api/: "Native
 * histograms", and the envelope's "infos").
 */

static void assert_bucket(const struct prom_bucket *b, enum prom_boundary rule,
	double lower, double upper, double n)
{
	cr_assert_eq(b->boundary, rule);
	cr_assert_eq(b->lower, lower);
	cr_assert_eq(b->upper, upper);
	cr_assert_eq(b->count, n);
}

Test(prom_decode, native_histogram_vector)
{
	struct prom_result r;
	struct ms5_error err = { "" };
	const struct prom_series *s;
	const struct prom_histogram *h;

	cr_assert(query_file("query_native_vector.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_VECTOR);
	cr_assert_eq(r.n_series, 3);

	/* A histogram sample is kept whole, and is the series' one point with
	 * its count as the value. */
	s = &r.series[0];
	cr_assert_eq(s->n_histograms, 1);
	h = &s->histograms[0];
	cr_assert_float_eq(h->t, 1795154530.123, 1e-6);
	cr_assert_eq(h->count, 1500.0);
	cr_assert_eq(h->sum, 312.75);
	cr_assert_eq(h->n_buckets, 4);
	assert_bucket(&h->buckets[0], PROM_CLOSED_BOTH, -0.001, 0.001, 4);
	assert_bucket(&h->buckets[1], PROM_OPEN_LOWER, 0.08838834764831843, 0.1, 200);
	assert_bucket(&h->buckets[2], PROM_OPEN_LOWER, 0.1, 0.11313708498984759, 350.5);
	assert_bucket(&h->buckets[3], PROM_OPEN_UPPER, 0.5, INFINITY, 946);
	cr_assert_eq(s->n_points, 1);
	cr_assert_float_eq(s->points[0].t, 1795154530.123, 1e-6);
	cr_assert_eq(s->points[0].v, 1500.0);

	/* No "buckets": Prometheus leaves them out when all are empty. */
	s = &r.series[1];
	cr_assert_eq(s->n_histograms, 1);
	cr_assert_eq(s->histograms[0].n_buckets, 0);
	cr_assert_null(s->histograms[0].buckets);
	cr_assert_eq(s->n_points, 1);
	cr_assert_eq(s->points[0].v, 0.0);

	/* A float sample of a series with UTF-8 names: no histograms. */
	s = &r.series[2];
	cr_assert_null(s->histograms);
	cr_assert_eq(s->n_histograms, 0);
	cr_assert_eq(s->n_labels, 3);
	assert_label(&s->labels[0], "__name__", "métrique.total");
	assert_label(&s->labels[1], "läbel", "x");
	assert_label(&s->labels[2], "ライン", "line_001");
	cr_assert_str_eq(prom_label_get(s->labels, s->n_labels, "läbel"), "x");
	cr_assert_eq(s->points[0].v, 42.0);

	/* Infos beside warnings. */
	cr_assert_eq(r.n_warnings, 1);
	cr_assert_str_eq(r.warnings[0], "remote_read: partial response from store-1");
	cr_assert_eq(r.n_infos, 2);
	cr_assert(strstr(r.infos[0], "might not be a counter"));
	cr_assert(strstr(r.infos[0], "\"ms5_line_speed\" (1:6)"));
	cr_assert_str_eq(r.infos[1], "PromQL info: ignored histogram in max aggregation (1:1)");
	prom_result_finish(&r);
	cr_assert_null(r.series);
	cr_assert_null(r.infos);
	cr_assert_eq(r.n_infos, 0);
}

Test(prom_decode, native_histogram_matrix)
{
	struct prom_result r;
	struct ms5_error err = { "" };
	const struct prom_series *s;
	/* Floats at 400 and 460, histograms at 430, 460 and 490: by time, the
	 * float first at 460. */
	static const double t[] = { 1795154400, 1795154430, 1795154460, 1795154460, 1795154490 };
	static const double v[] = { 7, 8, 9, 10, 12 };

	cr_assert(query_file("query_native_matrix.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_MATRIX);
	cr_assert_eq(r.n_series, 3);
	cr_assert_eq(r.n_warnings, 0);
	cr_assert_eq(r.n_infos, 1);

	s = &r.series[0];
	cr_assert_eq(s->n_histograms, 3);
	cr_assert_eq(s->n_points, 5);
	for (size_t i = 0; i < 5; i++) {
		cr_assert_eq(s->points[i].t, t[i], "point %zu", i);
		cr_assert_eq(s->points[i].v, v[i], "point %zu", i);
	}
	cr_assert_eq(s->histograms[2].n_buckets, 2);
	assert_bucket(&s->histograms[2].buckets[1], PROM_OPEN_LOWER, 0.0625, 0.125, 1);
	cr_assert_eq(s->histograms[2].sum, 0.61);

	/* Histograms only; NaN and the infinities as strings come through. */
	s = &r.series[1];
	cr_assert_eq(s->n_histograms, 2);
	cr_assert_eq(s->n_points, 2);
	cr_assert(isnan(s->histograms[0].count));
	cr_assert(isnan(s->histograms[0].sum));
	cr_assert(isnan(s->points[0].v));
	cr_assert_eq(s->points[1].v, 3.0);
	cr_assert_eq(s->histograms[1].sum, INFINITY);
	assert_bucket(&s->histograms[1].buckets[0], PROM_OPEN_UPPER, -INFINITY, -1e308, 1);
	assert_bucket(&s->histograms[1].buckets[1], PROM_OPEN_BOTH, 1, 2, 2);

	/* Floats only: exactly as sent, in the server's order. */
	s = &r.series[2];
	cr_assert_null(s->histograms);
	cr_assert_eq(s->n_points, 2);
	cr_assert_eq(s->points[0].t, 1795154460);
	cr_assert_eq(s->points[1].t, 1795154400);
	assert_label(&s->labels[0], "__name__", "métrique.total");
	prom_result_finish(&r);
}

Test(prom_decode, native_histogram_old_fixture)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_file("query_histogram.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.series[0].n_histograms, 1);
	cr_assert_eq(r.series[0].histograms[0].count, 10.0);
	cr_assert_eq(r.series[0].histograms[0].sum, 3.5);
	assert_bucket(&r.series[0].histograms[0].buckets[0], PROM_OPEN_LOWER, -0.5, 0.5, 2);
	cr_assert_eq(r.series[0].points[0].v, 10.0);
	prom_result_finish(&r);
	/* An empty "histograms" is a series without samples, like "values":[]. */
	cr_assert(query_str(Q("matrix", "[{\"metric\":{},\"histograms\":[]}]"), 200, &r, &err),
		"%s", err.msg);
	cr_assert_eq(r.series[0].n_points, 0);
	cr_assert_eq(r.series[0].n_histograms, 0);
	prom_result_finish(&r);
	/* null is as good as absent. */
	cr_assert(query_str(Q("vector", "[{\"metric\":{},\"value\":null,"
		"\"histogram\":[1,{\"count\":\"2\",\"sum\":\"1\",\"buckets\":null}]}]"), 200, &r, &err),
		"%s", err.msg);
	cr_assert_eq(r.series[0].points[0].v, 2.0);
	prom_result_finish(&r);
	cr_assert(query_str(Q("matrix", "[{\"metric\":{},\"values\":[[1,\"5\"]],\"histograms\":null}]"),
		200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.series[0].n_points, 1);
	cr_assert_null(r.series[0].histograms);
	prom_result_finish(&r);
}

#define H(hist) Q("vector", "[{\"metric\":{},\"histogram\":[1," hist "]}]")
#define HB(buckets) H("{\"count\":\"1\",\"sum\":\"1\",\"buckets\":" buckets "}")

Test(prom_decode, native_histogram_hostile)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	/* Buckets of the wrong shape. */
	query_fails(HB("{}"), 200, "data.result[0].histogram[1].buckets: expected an array, got an object");
	query_fails(HB("[[0,\"0\",\"1\"]]"), 200, "data.result[0].histogram[1].buckets[0]: "
		"expected [boundary_rule, \"lower\", \"upper\", \"count\"], got 3 elements");
	query_fails(HB("[[0,\"0\",\"1\",\"1\",\"1\"]]"), 200, "data.result[0].histogram[1].buckets[0]: "
		"expected [boundary_rule, \"lower\", \"upper\", \"count\"], got 5 elements");
	query_fails(HB("[[0,\"0\",\"1\",\"1\"],\"x\"]"), 200, "data.result[0].histogram[1].buckets[1]: "
		"expected an array [boundary_rule, \"lower\", \"upper\", \"count\"], got a string");
	query_fails(HB("[[\"0\",\"0\",\"1\",\"1\"]]"), 200, "data.result[0].histogram[1].buckets[0][0]: "
		"expected the boundary rule as a number, got a string");
	query_fails(HB("[[4,\"0\",\"1\",\"1\"]]"), 200,
		"data.result[0].histogram[1].buckets[0][0]: boundary rule 4 is not 0, 1, 2 or 3");
	query_fails(HB("[[-1,\"0\",\"1\",\"1\"]]"), 200,
		"data.result[0].histogram[1].buckets[0][0]: boundary rule -1 is not 0, 1, 2 or 3");
	query_fails(HB("[[1.5,\"0\",\"1\",\"1\"]]"), 200,
		"data.result[0].histogram[1].buckets[0][0]: boundary rule 1.5 is not 0, 1, 2 or 3");
	query_fails(HB("[[1e300,\"0\",\"1\",\"1\"]]"), 200,
		"data.result[0].histogram[1].buckets[0][0]: boundary rule 1e+300 is not 0, 1, 2 or 3");
	query_fails(HB("[[0,0,\"1\",\"1\"]]"), 200,
		"data.result[0].histogram[1].buckets[0][1]: expected a string, got a number");
	query_fails(HB("[[0,\"0\",null,\"1\"]]"), 200,
		"data.result[0].histogram[1].buckets[0][2]: expected a string, got null");
	/* Counts that are no numbers. */
	query_fails(HB("[[0,\"0\",\"1\",\"many\"]]"), 200,
		"data.result[0].histogram[1].buckets[0][3]: \"many\" is not a number");
	query_fails(HB("[[0,\"0\",\"1\",\"0x10\"]]"), 200,
		"data.result[0].histogram[1].buckets[0][3]: \"0x10\" is not a number");
	query_fails(H("{\"count\":\"ten\",\"sum\":\"1\"}"), 200,
		"data.result[0].histogram[1].count: \"ten\" is not a number");
	query_fails(H("{\"count\":\"\",\"sum\":\"1\"}"), 200,
		"data.result[0].histogram[1].count: \"\" is not a number");
	query_fails(H("{\"count\":10,\"sum\":\"1\"}"), 200,
		"data.result[0].histogram[1].count: expected a string, got a number");
	query_fails(H("{\"sum\":\"1\"}"), 200,
		"data.result[0].histogram[1].count: missing (expected a string)");
	query_fails(H("{\"count\":\"1\"}"), 200,
		"data.result[0].histogram[1].sum: missing (expected a string)");
	query_fails(H("{\"count\":\"1\",\"sum\":\"1 \"}"), 200,
		"data.result[0].histogram[1].sum: \"1 \" is not a number");
	/* A histogram where a float was expected, and the other way round. */
	query_fails(H("\"5\""), 200,
		"data.result[0].histogram[1]: expected the histogram as an object, got a string");
	query_fails(Q("vector", "[{\"metric\":{},\"value\":[1,{\"count\":\"1\",\"sum\":\"1\"}]}]"), 200,
		"data.result[0].value[1]: expected the value as a string, got an object");
	query_fails(Q("matrix", "[{\"metric\":{},\"values\":[[1,{\"count\":\"1\",\"sum\":\"1\"}]]}]"), 200,
		"data.result[0].values[0][1]: expected the value as a string, got an object");
	query_fails(Q("matrix", "[{\"metric\":{},\"histograms\":[[1,\"2\"]]}]"), 200,
		"data.result[0].histograms[0][1]: expected the histogram as an object, got a string");
	query_fails(Q("matrix", "[{\"metric\":{},\"histograms\":{}}]"), 200,
		"data.result[0].histograms: expected an array, got an object");
	/* "histogram" in a matrix and "histograms" in a vector are not theirs. */
	query_fails(Q("matrix", "[{\"metric\":{},\"histogram\":[1,{\"count\":\"1\",\"sum\":\"1\"}]}]"), 200,
		"data.result[0].values: missing (expected an array)");
	query_fails(Q("vector", "[{\"metric\":{},\"histograms\":[]}]"), 200,
		"data.result[0].value: missing (expected an array [time, \"value\"])");
	query_fails(Q("vector", "[{\"metric\":{},\"value\":[1,\"1\"],"
		"\"histogram\":[1,{\"count\":\"1\",\"sum\":\"1\"}]}]"), 200,
		"data.result[0]: both a value and a histogram (expected one)");
	/* The pair itself. */
	query_fails(H("{\"count\":\"1\",\"sum\":\"1\"},3"), 200,
		"data.result[0].histogram: expected [time, {histogram}], got 3 elements");
	query_fails(Q("vector", "[{\"metric\":{},\"histogram\":{}}]"), 200,
		"data.result[0].histogram: expected an array [time, {histogram}], got an object");
	query_fails(Q("vector", "[{\"metric\":{},\"histogram\":[\"1\",{\"count\":\"1\",\"sum\":\"1\"}]}]"),
		200, "data.result[0].histogram[0]: expected the time as a number, got a string");
	query_fails(Q("vector", "[{\"metric\":{},\"histogram\":[1e999,{\"count\":\"1\",\"sum\":\"1\"}]}]"),
		200, "data.result[0].histogram[0]: expected the time as a number, got an infinite number");
	/* The second bucket fails: nothing is kept but the notes. */
	cr_assert_not(query_file("query_native_bad_buckets.json", 200, &r, &err));
	cr_assert_str_eq(err.msg, "data.result[0].histogram[1].buckets[1]: expected [boundary_rule, "
		"\"lower\", \"upper\", \"count\"], got 3 elements");
	cr_assert_null(r.series);
	cr_assert_eq(r.n_infos, 1);
	cr_assert_str_eq(r.infos[0], "kept although the answer fails");
	prom_result_finish(&r);
	cr_assert_not(query_file("query_native_wrong_kind.json", 200, &r, &err));
	cr_assert_str_eq(err.msg, "data.result[0].value[1]: expected the value as a string, got an object");
	prom_result_finish(&r);
	/* NaN and the infinities as strings are values like any other. */
	cr_assert(query_str(HB("[[3,\"-Inf\",\"+Inf\",\"NaN\"],[0,\"-infinity\",\"Infinity\",\"+Inf\"]]"),
		200, &r, &err), "%s", err.msg);
	assert_bucket(&r.series[0].histograms[0].buckets[1], PROM_OPEN_LOWER, -INFINITY, INFINITY,
		INFINITY);
	cr_assert(isnan(r.series[0].histograms[0].buckets[0].count));
	prom_result_finish(&r);
}

/* A histogram of n buckets [0,"0","1","1"] as a vector answer. */
static char *many_buckets(size_t n)
{
	static const char head[] = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		"\"result\":[{\"metric\":{},\"histogram\":[1,{\"count\":\"1\",\"sum\":\"1\",\"buckets\":[";
	static const char bucket[] = "[0,\"0\",\"1\",\"1\"],";
	size_t len = strlen(head) + n * strlen(bucket) + 16;
	char *body = malloc(len), *p;

	cr_assert(body);
	p = body + sprintf(body, "%s", head);
	for (size_t i = 0; i < n; i++) {
		p += sprintf(p, "%s", bucket);
	}
	if (n) {
		p--;
	}
	sprintf(p, "]}]}]}}");
	return body;
}

Test(prom_decode, native_histogram_huge)
{
	struct prom_result r;
	struct ms5_error err = { "" };
	char *body = many_buckets(PROM_MAX_BUCKETS);
	size_t cap = 200000 * 40 + 256, o;

	cr_assert(query_str(body, 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.series[0].histograms[0].n_buckets, PROM_MAX_BUCKETS);
	prom_result_finish(&r);
	free(body);
	body = many_buckets(PROM_MAX_BUCKETS + 1);
	cr_assert_not(query_str(body, 200, &r, &err));
	cr_assert_str_eq(err.msg, "data.result[0].histogram[1].buckets: 10001 buckets, over the "
		"limit of 10000");
	cr_assert_null(r.series);
	prom_result_finish(&r);
	free(body);

	/* 200000 histogram samples of a matrix (8 MB, under the body cap). */
	body = malloc(cap);
	cr_assert(body);
	o = (size_t)sprintf(body, "%s", "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
		"\"result\":[{\"metric\":{},\"histograms\":[");
	for (size_t i = 0; i < 200000; i++) {
		o += (size_t)sprintf(body + o, "%s[%zu,{\"count\":\"%zu\",\"sum\":\"1\"}]",
			i ? "," : "", i, i);
	}
	sprintf(body + o, "]}]}}");
	cr_assert(query_str(body, 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.series[0].n_points, 200000);
	cr_assert_eq(r.series[0].points[199999].v, 199999.0);
	prom_result_finish(&r);
	free(body);
}

Test(prom_decode, infos)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	/* On an error body, beside its warnings and errorType. */
	cr_assert_not(query_file("error_infos_422.json", 422, &r, &err));
	cr_assert_str_eq(err.msg, "execution: expanding series: too many samples");
	cr_assert_str_eq(r.error_type, "execution");
	cr_assert_eq(r.n_warnings, 1);
	cr_assert_eq(r.n_infos, 1);
	cr_assert_str_eq(r.infos[0], "PromQL info: ignored histogram in max aggregation (1:1)");
	prom_result_finish(&r);
	/* Older servers send none. */
	cr_assert(query_file("query_vector.json", 200, &r, &err), "%s", err.msg);
	cr_assert_null(r.infos);
	cr_assert_eq(r.n_infos, 0);
	prom_result_finish(&r);
	cr_assert(query_str("{\"status\":\"success\",\"infos\":null,\"data\":"
		"{\"resultType\":\"vector\",\"result\":[]}}", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.n_infos, 0);
	prom_result_finish(&r);
	/* Sanitised like warnings. */
	cr_assert(query_str("{\"status\":\"success\",\"infos\":[\"a\\u001b[2Jb\\u0000c\"],\"data\":"
		"{\"resultType\":\"scalar\",\"result\":[1,\"2\"]}}", 200, &r, &err), "%s", err.msg);
	cr_assert_str_eq(r.infos[0], "a [2Jb");
	prom_result_finish(&r);
	/* The wrong shape fails a good answer, and is dropped from an error. */
	query_fails("{\"status\":\"success\",\"data\":{},\"infos\":\"i\"}", 200,
		"infos: expected an array, got a string");
	query_fails("{\"status\":\"success\",\"data\":{},\"infos\":[\"a\",{}]}", 200,
		"infos[1]: expected a string, got an object");
	cr_assert_not(query_str("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"t\","
		"\"infos\":[1],\"warnings\":[\"w\"]}", 503, &r, &err));
	cr_assert_str_eq(err.msg, "timeout: t");
	cr_assert_eq(r.n_infos, 0);
	cr_assert_null(r.infos);
	cr_assert_eq(r.n_warnings, 1);
	prom_result_finish(&r);
}

Test(prom_decode, utf8_names_in_matchers_and_results)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	/* Names with dots, non-ASCII letters and emoji are names like others;
	 * an invalid byte in a name is repaired as in values. */
	cr_assert(query_str(Q("vector", "[{\"metric\":{\"__name__\":\"m\xc3\xa9trique.total\","
		"\"l\xc3\xa4\x62\x65l\":\"x\",\"\xf0\x9f\x8f\xad\":\"y\",\"bad\xff\":\"z\"},"
		"\"value\":[1,\"1\"]}]"), 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.series[0].n_labels, 4);
	assert_label(&r.series[0].labels[0], "__name__", "métrique.total");
	assert_label(&r.series[0].labels[1], "bad\xef\xbf\xbd", "z");
	assert_label(&r.series[0].labels[2], "läbel", "x");
	assert_label(&r.series[0].labels[3], "\xf0\x9f\x8f\xad", "y");
	prom_result_finish(&r);
}

Test(prom_decode, failure_keeps_warnings_only)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert_not(query_str("{\"status\":\"success\",\"warnings\":[\"w1\"],\"data\":"
		"{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"a\":\"b\"},\"value\":[1,\"2\"]},"
		"{\"metric\":{\"a\":\"b\"},\"value\":[1,2]}]}}", 200, &r, &err));
	cr_assert_str_eq(err.msg, "data.result[1].value[1]: expected the value as a string, got a number");
	cr_assert_eq(r.n_warnings, 1);
	cr_assert_str_eq(r.warnings[0], "w1");
	cr_assert_eq(r.n_series, 0);
	cr_assert_null(r.series);
	cr_assert_eq(r.type, PROM_RESULT_NONE);
	prom_result_finish(&r);
}

Test(prom_decode, invalid_utf8_is_replaced)
{
	struct prom_result r;
	struct ms5_error err = { "" };
	/* A stray continuation byte, an overlong '/', a UTF-16 surrogate, a
	 * code point above U+10FFFF, a truncated sequence, and valid text. */
	const char *body = Q("vector", "[{\"metric\":{\"a\":\"x\x80y\",\"b\":\"\xc0\xaf\","
		"\"c\":\"\xed\xa0\x80\",\"d\":\"\xf4\x90\x80\x80\",\"e\":\"z\xe2\x82\","
		"\"f\":\"Abf\xc3\xbcllung \xe6\xb8\xa9 \xf0\x9f\x8f\xad\",\"n\xff\":\"v\"},"
		"\"value\":[1,\"2\"]}]");

	cr_assert(query_str(body, 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.series[0].n_labels, 7);
	assert_label(&r.series[0].labels[0], "a", "x\xef\xbf\xbdy");
	assert_label(&r.series[0].labels[1], "b", "\xef\xbf\xbd\xef\xbf\xbd");
	assert_label(&r.series[0].labels[2], "c", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	assert_label(&r.series[0].labels[3], "d",
		"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	assert_label(&r.series[0].labels[4], "e", "z\xef\xbf\xbd\xef\xbf\xbd");
	assert_label(&r.series[0].labels[5], "f", "Abf\xc3\xbcllung \xe6\xb8\xa9 \xf0\x9f\x8f\xad");
	assert_label(&r.series[0].labels[6], "n\xef\xbf\xbd", "v");
	prom_result_finish(&r);

	/* An escaped lone surrogate is invalid JSON for cJSON. */
	cr_assert_not(query_str(Q("string", "[1,\"\\ud800\"]"), 200, &r, &err));
	cr_assert(strstr(err.msg, "invalid JSON"), "%s", err.msg);
	prom_result_finish(&r);
	cr_assert(query_str(Q("string", "[1,\"\\ud83c\\udfed\\u00fc\"]"), 200, &r, &err));
	cr_assert_str_eq(r.string, "\xf0\x9f\x8f\xad\xc3\xbc");
	prom_result_finish(&r);
}

Test(prom_decode, duplicate_label_names_sort_stably)
{
	struct prom_result r;
	struct ms5_error err = { "" };

	cr_assert(query_str(Q("vector", "[{\"metric\":{\"b\":\"2\",\"a\":\"z\",\"a\":\"y\"},"
		"\"value\":[1,\"2\"]}]"), 200, &r, &err), "%s", err.msg);
	assert_label(&r.series[0].labels[0], "a", "y");
	assert_label(&r.series[0].labels[1], "a", "z");
	assert_label(&r.series[0].labels[2], "b", "2");
	prom_result_finish(&r);
}

/*
 * Sample values.
 */

Test(prom_decode, parse_value_accepts)
{
	static const struct {
		const char *s;
		double v;
	} cases[] = {
		{ "1.5", 1.5 }, { "0", 0.0 }, { "-2", -2.0 }, { "+3", 3.0 }, { "1e-3", 1e-3 },
		{ "1E3", 1000.0 }, { "1e+00", 1.0 }, { "5.8e-01", 0.58 }, { ".5", 0.5 },
		{ "5.", 5.0 }, { "0.1", 0.1 }, { "0.3", 0.3 }, { "1795154530.123", 1795154530.123 },
		{ "123456789012345678901234567890", 123456789012345678901234567890.0 },
		{ "1.7976931348623157e308", 1.7976931348623157e308 },
		{ "4.9406564584124654e-324", 4.9406564584124654e-324 },
		{ "2.2250738585072014e-308", 2.2250738585072014e-308 },
		{ "9007199254740993", 9007199254740993.0 },
		{ "0.000000000000000000000000000001", 1e-30 },
		{ "00012.50", 12.5 }, { "1e0000000000000000000001", 10.0 },
	};
	double v;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert(prom_parse_value(cases[i].s, &v), "should parse %s", cases[i].s);
		cr_assert_eq(v, cases[i].v, "%s gave %.17g", cases[i].s, v);
	}
	cr_assert(prom_parse_value("-0", &v));
	cr_assert(v == 0.0 && signbit(v));
	cr_assert(prom_parse_value("1e400", &v) && isinf(v) && v > 0);
	cr_assert(prom_parse_value("-1e400", &v) && isinf(v) && v < 0);
	cr_assert(prom_parse_value("1e-400", &v) && v == 0.0);
	cr_assert(prom_parse_value("NaN", &v) && isnan(v));
	cr_assert(prom_parse_value("nan", &v) && isnan(v));
	cr_assert(prom_parse_value("+Inf", &v) && isinf(v) && v > 0);
	cr_assert(prom_parse_value("Inf", &v) && isinf(v) && v > 0);
	cr_assert(prom_parse_value("-Inf", &v) && isinf(v) && v < 0);
	cr_assert(prom_parse_value("-infinity", &v) && isinf(v) && v < 0);
	cr_assert(prom_parse_value("1.5", NULL));
}

Test(prom_decode, parse_value_rejects)
{
	static const char *const bad[] = {
		"", " 1", "1 ", "1,5", "0x10", "0x1p3", "abc", "1e", "e5", "+", "-", ".", "+.",
		"nanx", "+NaN", "-NaN", "1e+", "--1", "1.5.2", "1_000", "Infx", "In", "\xef\xbc\x91",
		"1e5.5", "1d", "١",
	};
	double v = 7.0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_not(prom_parse_value(bad[i], &v), "should reject \"%s\"", bad[i]);
	}
	cr_assert_eq(v, 7.0);
	cr_assert_not(prom_parse_value(NULL, &v));
}

/* Random decimal strings, parsed both ways, must give the same bits as
 * strtod in the C locale (the test runs in it): the exact fast path and the
 * fallback both have to round correctly. */
Test(prom_decode, parse_value_matches_strtod)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	char s[64];

	for (int i = 0; i < 200000; i++) {
		size_t o = 0;
		int nd;
		double ours, theirs;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (x & 1) {
			s[o++] = '-';
		}
		nd = 1 + (int)((x >> 1) % 22);
		for (int d = 0; d < nd; d++) {
			s[o++] = (char)('0' + (x >> (8 + 2 * d % 50)) % 10);
			if (d == (int)((x >> 20) % 25)) {
				s[o++] = '.';
			}
		}
		if ((x >> 40) & 1) {
			o += (size_t)snprintf(s + o, sizeof(s) - o, "e%d", (int)((x >> 41) % 90) - 45);
		}
		s[o] = '\0';
		theirs = strtod(s, NULL);
		cr_assert(prom_parse_value(s, &ours), "%s", s);
		cr_assert(memcmp(&ours, &theirs, sizeof(double)) == 0,
			"%s: %.17g != %.17g", s, ours, theirs);
	}
}

/* Under a locale whose decimal separator is ',', strtod would read "1.5" as
 * 1. Decoding must not care. The locale may not be installed: then only the
 * C locale part runs (logged at info level: cr_log_warn would make
 * Criterion exit non-zero). */
Test(prom_decode, values_ignore_lc_numeric)
{
	static const char *const locales[] = {
		"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8", "nl_NL.UTF-8", "ru_RU.UTF-8",
	};
	const char *got = NULL;
	struct prom_result r;
	struct ms5_error err = { "" };
	double v = 0;

	for (size_t i = 0; i < sizeof(locales) / sizeof(locales[0]) && !got; i++) {
		got = setlocale(LC_NUMERIC, locales[i]);
	}
	if (!got) {
		cr_log_info("no locale with a decimal comma is installed; "
			"checking the C locale only");
	} else {
		cr_assert_str_eq(localeconv()->decimal_point, ",");
		cr_assert_eq(strtod("1.5", NULL), 1.0, "the locale should break plain strtod");
	}
	cr_assert(prom_parse_value("1.5", &v));
	cr_assert_eq(v, 1.5);
	cr_assert(prom_parse_value("0.12345678901234567890123", &v));
	cr_assert_eq(v, 0.12345678901234568);
	cr_assert(prom_parse_value("1.7976931348623157e308", &v));
	cr_assert_eq(v, 1.7976931348623157e308);
	cr_assert_not(prom_parse_value("1,5", &v));
	cr_assert(query_file("query_matrix.json", 200, &r, &err), "%s", err.msg);
	cr_assert_eq(r.series[0].points[0].v, 0.812);
	prom_result_finish(&r);
	cr_assert(query_file("query_vector.json", 200, &r, &err), "%s", err.msg);
	cr_assert_float_eq(r.series[0].points[0].t, 1795154530.123, 1e-6);
	prom_result_finish(&r);
	setlocale(LC_NUMERIC, "C");
}

/*
 * Alerts.
 */

Test(prom_decode, prometheus_alerts)
{
	struct prom_alerts a;
	struct ms5_error err = { "" };
	size_t len;
	char *body = load("alerts_prom.json", &len);
	const struct prom_alert *x;

	cr_assert(prom_decode_alerts(body, len, 200, &a, &err), "%s", err.msg);
	free(body);
	cr_assert_eq(a.n, 2);
	x = &a.alerts[0];
	cr_assert_str_eq(x->state, "firing");
	cr_assert_eq(x->n_labels, 3);
	assert_label(&x->labels[0], "alertname", "LineDown");
	assert_label(&x->labels[1], "line_id", "L2");
	assert_label(&x->labels[2], "severity", "page");
	cr_assert_eq(x->n_annotations, 2);
	assert_label(&x->annotations[0], "description",
		"ms5_production_line_status{status=\"running\"} is 0");
	cr_assert_str_eq(prom_label_get(x->annotations, x->n_annotations, "summary"),
		"Line L2 has been stopped for 10 minutes");
	cr_assert_float_eq(x->since, 1795154530.123456789, 1e-6);
	cr_assert_eq(x->value, 1.0);
	cr_assert_null(x->fingerprint);

	x = &a.alerts[1];
	cr_assert_str_eq(x->state, "pending");
	assert_label(&x->labels[0], "alertname", "OEELow");
	assert_label(&x->labels[2], "severity", "ticket");
	cr_assert_eq(x->n_annotations, 0);
	cr_assert_eq(x->since, 1795154400.0);
	cr_assert_eq(x->value, 0.58);
	prom_alerts_finish(&a);
	cr_assert_eq(a.n, 0);
	prom_alerts_finish(&a);
}

Test(prom_decode, prometheus_alerts_optional_and_wrong)
{
	struct prom_alerts a;
	struct ms5_error err = { "" };
	const char *ok = "{\"status\":\"success\",\"data\":{\"alerts\":[{\"labels\":{\"x\":\"y\"},"
		"\"state\":\"firing\",\"annotations\":null}]}}";
	static const struct {
		const char *alert;
		const char *msg;
	} bad[] = {
		{ "{\"state\":\"firing\"}", "data.alerts[0].labels: missing (expected an object)" },
		{ "{\"labels\":{}}", "data.alerts[0].state: missing (expected a string)" },
		{ "{\"labels\":{},\"state\":1}", "data.alerts[0].state: expected a string, got a number" },
		{ "{\"labels\":{},\"state\":\"firing\",\"annotations\":[]}",
			"data.alerts[0].annotations: expected an object, got an array" },
		{ "{\"labels\":{},\"state\":\"firing\",\"annotations\":{\"s\":1}}",
			"data.alerts[0].annotations.s: expected a string, got a number" },
		{ "{\"labels\":{},\"state\":\"firing\",\"activeAt\":1795154530}",
			"data.alerts[0].activeAt: expected a string, got a number" },
		{ "{\"labels\":{},\"state\":\"firing\",\"activeAt\":\"2026-11-31T00:00:00Z\"}",
			"data.alerts[0].activeAt: \"2026-11-31T00:00:00Z\" is not an RFC 3339 time" },
		{ "{\"labels\":{},\"state\":\"firing\",\"value\":1}",
			"data.alerts[0].value: expected a string, got a number" },
		{ "{\"labels\":{},\"state\":\"firing\",\"value\":\"one\"}",
			"data.alerts[0].value: \"one\" is not a number" },
		{ "3", "data.alerts[0]: expected an object, got a number" },
	};

	cr_assert(prom_decode_alerts(ok, strlen(ok), 200, &a, &err), "%s", err.msg);
	cr_assert_eq(a.n, 1);
	cr_assert(isnan(a.alerts[0].since));
	cr_assert(isnan(a.alerts[0].value));
	cr_assert_eq(a.alerts[0].n_annotations, 0);
	prom_alerts_finish(&a);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char body[512];

		snprintf(body, sizeof(body), "{\"status\":\"success\",\"data\":{\"alerts\":[%s]}}",
			bad[i].alert);
		cr_assert_not(prom_decode_alerts(body, strlen(body), 200, &a, &err), "%s", body);
		cr_assert_str_eq(err.msg, bad[i].msg);
		cr_assert_eq(a.n, 0);
		cr_assert_null(a.alerts);
		prom_alerts_finish(&a);
	}
	cr_assert_not(prom_decode_alerts(BODY("{\"status\":\"success\",\"data\":{}}"), 200, &a, &err));
	cr_assert_str_eq(err.msg, "data.alerts: missing (expected an array)");
	cr_assert_not(prom_decode_alerts(BODY("{\"status\":\"success\",\"data\":{\"alerts\":{}}}"), 200,
		&a, &err));
	cr_assert_str_eq(err.msg, "data.alerts: expected an array, got an object");
}

Test(prom_decode, alertmanager_alerts)
{
	struct prom_alerts a;
	struct ms5_error err = { "" };
	size_t len;
	char *body = load("alerts_am_v2.json", &len);
	const struct prom_alert *x;

	cr_assert(am_decode_alerts(body, len, 200, &a, &err), "%s", err.msg);
	free(body);
	cr_assert_eq(a.n, 2);
	x = &a.alerts[0];
	cr_assert_str_eq(x->state, "active");
	cr_assert_str_eq(x->fingerprint, "4c3f2a1b0e9d8c7f");
	cr_assert_eq(x->n_labels, 3);
	assert_label(&x->labels[0], "alertname", "SLOBurnRateHigh");
	assert_label(&x->labels[1], "severity", "page");
	assert_label(&x->labels[2], "slo", "api-availability");
	assert_label(&x->annotations[0], "runbook_url", "https://wiki.example/slo");
	assert_label(&x->annotations[1], "summary", "Burn rate 14.4x over 1h and 5m");
	cr_assert_float_eq(x->since, 1795154530.123, 1e-6);
	cr_assert(isnan(x->value));
	x = &a.alerts[1];
	cr_assert_str_eq(x->state, "suppressed");
	cr_assert_eq(x->since, 1795150800.0);
	cr_assert_str_eq(prom_label_get(x->labels, x->n_labels, "alertname"), "PodRestarts");
	prom_alerts_finish(&a);
}

Test(prom_decode, alertmanager_alerts_errors)
{
	struct prom_alerts a;
	struct ms5_error err = { "" };
	size_t len;
	char *body = load("am_error_400.json", &len);
	static const struct {
		const char *body;
		const char *msg;
	} bad[] = {
		{ "[]", NULL },
		{ "{}", "alerts: expected an array, got an object" },
		{ "[{\"labels\":{}}]", "alerts[0].status: missing (expected an object)" },
		{ "[{\"labels\":{},\"status\":{}}]", "alerts[0].status.state: missing (expected a string)" },
		{ "[{\"labels\":{},\"status\":{\"state\":\"active\"},\"startsAt\":\"yesterday\"}]",
			"alerts[0].startsAt: \"yesterday\" is not an RFC 3339 time" },
		{ "[{\"labels\":{},\"status\":{\"state\":\"active\"},\"fingerprint\":7}]",
			"alerts[0].fingerprint: expected a string, got a number" },
		{ "[{\"labels\":{\"a\":[]},\"status\":{\"state\":\"active\"}}]",
			"alerts[0].labels.a: expected a string, got an array" },
	};

	cr_assert_not(am_decode_alerts(body, len, 400, &a, &err));
	cr_assert_str_eq(err.msg, "HTTP 400 Bad Request: bad matcher format: severity=~");
	free(body);
	cr_assert_not(am_decode_alerts(BODY("{\"code\":422,\"message\":\"filter: invalid\"}"), 422,
		&a, &err));
	cr_assert_str_eq(err.msg, "HTTP 422 Unprocessable Entity: filter: invalid");
	cr_assert_not(am_decode_alerts(BODY("upstream connect error\n"), 503, &a, &err));
	cr_assert_str_eq(err.msg, "HTTP 503 Service Unavailable: upstream connect error");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bool ok = am_decode_alerts(bad[i].body, strlen(bad[i].body), 200, &a, &err);

		if (!bad[i].msg) {
			cr_assert(ok, "%s", err.msg);
			cr_assert_eq(a.n, 0);
		} else {
			cr_assert_not(ok, "%s", bad[i].body);
			cr_assert_str_eq(err.msg, bad[i].msg);
			cr_assert_null(a.alerts);
		}
		prom_alerts_finish(&a);
	}
}

/*
 * Versions.
 */

Test(prom_decode, buildinfo)
{
	struct ms5_error err = { "" };
	char version[32], tiny[4];
	size_t len;
	char *body = load("buildinfo.json", &len);

	cr_assert(prom_decode_buildinfo(body, len, 200, version, sizeof(version), &err), "%s", err.msg);
	cr_assert_str_eq(version, "2.42.0");
	cr_assert(prom_decode_buildinfo(body, len, 200, tiny, sizeof(tiny), &err));
	cr_assert_str_eq(tiny, "2.4");
	cr_assert_not(prom_decode_buildinfo(body, len, 200, NULL, 0, &err));
	cr_assert_not(prom_decode_buildinfo(body, len, 404, version, sizeof(version), &err));
	cr_assert(strncmp(err.msg, "HTTP 404 Not Found: {", 21) == 0, "%s", err.msg);
	cr_assert_str_eq(version, "");
	free(body);

	cr_assert_not(prom_decode_buildinfo(BODY("{\"status\":\"success\",\"data\":{}}"), 200,
		version, sizeof(version), &err));
	cr_assert_str_eq(err.msg, "data.version: missing (expected a string)");
	cr_assert_not(prom_decode_buildinfo(BODY("{\"status\":\"success\",\"data\":{\"version\":2}}"),
		200, version, sizeof(version), &err));
	cr_assert_str_eq(err.msg, "data.version: expected a string, got a number");
	cr_assert(prom_decode_buildinfo(BODY("{\"status\":\"success\",\"data\":"
		"{\"version\":\"v\\u001b1\xc3\xbc\"}}"), 200, version, sizeof(version), &err),
		"%s", err.msg);
	cr_assert_str_eq(version, "v?1??");
}

Test(prom_decode, alertmanager_status)
{
	struct ms5_error err = { "" };
	char version[32];
	size_t len;
	char *body = load("am_status.json", &len);

	cr_assert(am_decode_status(body, len, 200, version, sizeof(version), &err), "%s", err.msg);
	cr_assert_str_eq(version, "0.25.0");
	cr_assert_not(am_decode_status(body, len, 401, version, sizeof(version), &err));
	cr_assert_str_eq(version, "");
	free(body);
	cr_assert_not(am_decode_status(BODY("{\"cluster\":{}}"), 200, version, sizeof(version), &err));
	cr_assert_str_eq(err.msg, "versionInfo: missing (expected an object)");
	cr_assert_not(am_decode_status(BODY("{\"versionInfo\":{\"version\":null}}"), 200, version,
		sizeof(version), &err));
	cr_assert_str_eq(err.msg, "versionInfo.version: expected a string, got null");
	cr_assert_not(am_decode_status(BODY("[1]"), 200, version, sizeof(version), &err));
	cr_assert_str_eq(err.msg, "response: expected a JSON object, got an array");
}

/*
 * http_error_describe.
 */

static const char *describe(long status, const char *body)
{
	static struct ms5_error err;

	strcpy(err.msg, "untouched");
	http_error_describe(status, body, body ? strlen(body) : 0, &err);
	return err.msg;
}

Test(prom_decode, describe_reason_phrases)
{
	static const struct {
		long code;
		const char *msg;
	} cases[] = {
		{ 400, "HTTP 400 Bad Request" }, { 401, "HTTP 401 Unauthorized" },
		{ 403, "HTTP 403 Forbidden" }, { 404, "HTTP 404 Not Found" },
		{ 405, "HTTP 405 Method Not Allowed" }, { 408, "HTTP 408 Request Timeout" },
		{ 413, "HTTP 413 Payload Too Large" }, { 422, "HTTP 422 Unprocessable Entity" },
		{ 429, "HTTP 429 Too Many Requests" }, { 500, "HTTP 500 Internal Server Error" },
		{ 502, "HTTP 502 Bad Gateway" }, { 503, "HTTP 503 Service Unavailable" },
		{ 504, "HTTP 504 Gateway Timeout" }, { 599, "HTTP 599" }, { 0, "HTTP 0" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_str_eq(describe(cases[i].code, ""), cases[i].msg);
		cr_assert_str_eq(describe(cases[i].code, NULL), cases[i].msg);
	}
}

Test(prom_decode, describe_html)
{
	cr_assert_str_eq(describe(502, "<html><head><title lang=\"en\">  Upstream\n\tdown </title>"),
		"HTTP 502 Bad Gateway: Upstream down");
	cr_assert_str_eq(describe(503, "<html><titlebar>x</titlebar><title>Maintenance</title>"),
		"HTTP 503 Service Unavailable: Maintenance");
	cr_assert_str_eq(describe(403, "<HTML><HEAD><TITLE>Access &lt;denied&gt;</TITLE>"),
		"HTTP 403 Forbidden: Access <denied>");
	cr_assert_str_eq(describe(504, "<html><body><h1>Gateway Timeout</h1></body></html>"),
		"HTTP 504 Gateway Timeout");
	cr_assert_str_eq(describe(500, "<html><body><h1>Oops: \x1b[2J\xc3\xa9</h1></body></html>"),
		"HTTP 500 Internal Server Error: Oops: ?[2J??");
	cr_assert_str_eq(describe(500, "<html><title></title></html>"),
		"HTTP 500 Internal Server Error");
	cr_assert_str_eq(describe(500, "<html><title>unterminated"),
		"HTTP 500 Internal Server Error: unterminated");
	cr_assert_str_eq(describe(500, "<html><title"), "HTTP 500 Internal Server Error");
	cr_assert_str_eq(describe(401, "<html><title>401 Authorization Required</title>"),
		"HTTP 401 Unauthorized: 401 Authorization Required");
}

Test(prom_decode, describe_plain_and_long)
{
	char body[1000];
	const char *msg;

	cr_assert_str_eq(describe(500, "\n\n  first line  \nsecond line\n"),
		"HTTP 500 Internal Server Error: first line");
	cr_assert_str_eq(describe(429, "rate limited\r\n"), "HTTP 429 Too Many Requests: rate limited");
	cr_assert_str_eq(describe(401, "Unauthorized\n"), "HTTP 401 Unauthorized");
	cr_assert_str_eq(describe(502, "502 bad gateway"), "HTTP 502 Bad Gateway");

	memset(body, 'x', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	msg = describe(500, body);
	cr_assert(strncmp(msg, "HTTP 500 Internal Server Error: xxxx", 36) == 0);
	cr_assert_eq(strlen(msg), strlen("HTTP 500 Internal Server Error: ") + 120, "%s", msg);
	cr_assert_str_eq(msg + strlen(msg) - 4, "x...");
	http_error_describe(500, "x", 1, NULL);
}
