/*
 * The project's rules compiled in (rules.h), and the decoder of
 * Prometheus's /api/v1/rules, with hostile answers.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "ms5top/prom.h"
#include "ms5top/rules.h"

Test(rules, the_rule_files_are_scanned)
{
	cr_assert_gt(rules_count(), 50);
	cr_assert_str_eq(rules_file_of("line:ms5_oee:ratio_rate8h"), "rules/oee.yml");
	cr_assert_str_eq(rules_file_of("slo:ms5_api_availability:burn_rate1h"), "rules/slo.yml");
	cr_assert_null(rules_file_of("ms5_production_line_status"));
	cr_assert_null(rules_file_of(NULL));
	cr_assert_null(rules_name(rules_count()));
	for (size_t i = 0; i < rules_count(); i++) {
		cr_assert(strchr(rules_name(i), ':'), "%s", rules_name(i));
	}
}

Test(rules, recorded_series_read_by_an_expression)
{
	cr_assert_str_eq(rules_read_by("line:ms5_oee:ratio_rate8h{line_id=\"line_001\"}"),
		"line:ms5_oee:ratio_rate8h");
	cr_assert_str_eq(rules_read_by("avg(plant:ms5_oee:ratio_rate8h) * 100"),
		"plant:ms5_oee:ratio_rate8h");
	/* Raw metrics, unknown recorded names, names inside strings, nothing. */
	cr_assert_null(rules_read_by("sum(rate(ms5_api_requests_total[5m]))"));
	cr_assert_null(rules_read_by("job:unknown:rate5m"));
	cr_assert_null(rules_read_by("up{x=\"line:ms5_oee:ratio_rate8h\"}"));
	cr_assert_null(rules_read_by("up{x='line:ms5_oee:ratio_rate8h'}"));
	cr_assert_null(rules_read_by("\"unterminated line:ms5_oee:ratio_rate8h"));
	cr_assert_null(rules_read_by(""));
	cr_assert_null(rules_read_by(NULL));
}

Test(rules, a_name_longer_than_any_rule_is_skipped)
{
	char expr[600];

	memset(expr, 'a', sizeof(expr) - 1);
	expr[sizeof(expr) - 1] = '\0';
	expr[10] = ':';
	cr_assert_null(rules_read_by(expr));
}

static size_t decode(const char *body, long status, char ***names, struct ms5_error *err)
{
	size_t n = 99;

	if (!prom_decode_rule_names(body, strlen(body), status, names, &n, err)) {
		cr_assert_null(*names);
		cr_assert_eq(n, 0);
		return (size_t)-1;
	}
	return n;
}

Test(rules, decodes_recording_rule_names_only)
{
	const char *body = "{\"status\":\"success\",\"data\":{\"groups\":["
		"{\"name\":\"a\",\"rules\":[{\"type\":\"recording\",\"name\":\"x:y:z\"},"
		"{\"type\":\"alerting\",\"name\":\"Alert\"},{\"type\":\"recording\",\"name\":7},"
		"{\"type\":\"recording\"},\"junk\"]},"
		"{\"name\":\"b\",\"rules\":[]},{\"name\":\"c\",\"rules\":[{\"type\":\"recording\",\"name\":\"q:r\"}]}]}}";
	char **names;
	struct ms5_error err;
	size_t n = decode(body, 200, &names, &err);

	cr_assert_eq(n, 2);
	cr_assert_str_eq(names[0], "x:y:z");
	cr_assert_str_eq(names[1], "q:r");
	prom_rule_names_finish(names, n);
}

Test(rules, hostile_answers_are_errors_in_words)
{
	static const struct { const char *body; long status; const char *msg; } cases[] = {
		{ "{\"status\":\"success\",\"data\":{}}", 200, "data.groups" },
		{ "{\"status\":\"success\",\"data\":{\"groups\":{}}}", 200, "data.groups" },
		{ "{\"status\":\"success\",\"data\":{\"groups\":[{\"rules\":7}]}}", 200,
		  "data.groups[0].rules" },
		{ "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"nope\"}", 400, "nope" },
		{ "<html><title>Bad gateway</title></html>", 502, "502" },
		{ "{\"status\":\"success\",\"data\":{\"groups\":[", 200, "JSON" },
		{ "", 200, "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char **names = (char **)1;
		struct ms5_error err = { "" };

		cr_assert_eq(decode(cases[i].body, cases[i].status, &names, &err), (size_t)-1,
			"accepted: %s", cases[i].body);
		cr_assert(strstr(err.msg, cases[i].msg), "%s: %s", cases[i].body, err.msg);
	}
}
