#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ms5top/promreq.h"

Test(promreq, instant_query_is_a_get)
{
	struct promreq r;

	promreq_query(&r, "http://127.0.0.1:9090/", "up{job=\"ms5\"}", NAN);
	cr_assert_str_eq(r.url, "http://127.0.0.1:9090/api/v1/query?query=up%7Bjob%3D%22ms5%22%7D");
	cr_assert_null(r.body);
	promreq_finish(&r);
}

Test(promreq, instant_query_at_time_with_fraction)
{
	struct promreq r;

	promreq_query(&r, "http://h", "up", 1700000000.25);
	cr_assert_str_eq(r.url, "http://h/api/v1/query?query=up&time=1700000000.25");
	promreq_finish(&r);
}

Test(promreq, range_query_locale_independent)
{
	struct promreq r;

	setlocale(LC_NUMERIC, "de_DE.UTF-8");   /* Ignored when not installed. */
	promreq_range(&r, "http://h", "rate(x[5m])", 1000.5, 4600, 15);
	cr_assert_str_eq(r.url,
		"http://h/api/v1/query_range?query=rate%28x%5B5m%5D%29&start=1000.5&end=4600&step=15");
	promreq_finish(&r);
	setlocale(LC_NUMERIC, "C");
}

Test(promreq, long_promql_goes_as_post_form)
{
	char expr[3000];
	struct promreq r;

	memset(expr, 'a', sizeof(expr) - 1);
	expr[sizeof(expr) - 1] = '\0';
	expr[10] = ' ';
	promreq_range(&r, "http://h/", expr, 0, 60, 15);
	cr_assert_str_eq(r.url, "http://h/api/v1/query_range");
	cr_assert_not_null(r.body);
	cr_assert_eq(strncmp(r.body, "query=aaaaaaaaaa+aaa", 20), 0);
	cr_assert_not_null(strstr(r.body, "&start=0&end=60&step=15"));
	promreq_finish(&r);
}

Test(promreq, plain_get)
{
	struct promreq r;

	promreq_get(&r, "http://am:9093/", "/api/v2/alerts");
	cr_assert_str_eq(r.url, "http://am:9093/api/v2/alerts");
	cr_assert_null(r.body);
	promreq_finish(&r);
}

Test(promreq, step_follows_width)
{
	/* 8 h over 100 braille points: 288 s wanted, the next nice step is 5 m. */
	cr_assert_float_eq(promreq_step(8 * 3600, 100, 1), 300, 1e-9);
	/* 1 h over 240 points: 15 s. */
	cr_assert_float_eq(promreq_step(3600, 240, 1), 15, 1e-9);
	/* Never below the minimum step. */
	cr_assert_float_eq(promreq_step(60, 1000, 5), 5, 1e-9);
	/* Never more than 11,000 points, even for absurd widths. */
	cr_assert_leq(7 * 86400 / promreq_step(7 * 86400, 1000000, 0), 11000);
	/* Degenerate ranges and widths. */
	cr_assert_float_eq(promreq_step(0, 100, 0), 1, 1e-9);
	cr_assert_float_eq(promreq_step(3600, 0, 1), 3600, 1e-9);
	/* Beyond the table: whole seconds. */
	cr_assert_float_eq(promreq_step(365 * 86400.0, 1, 1), 365 * 86400.0, 1e-9);
}
