#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>

#include "ms5top/fmt.h"

Test(fmt, numbers_like_prometheus)
{
	char b[32];

	cr_assert_str_eq(fmt_number(b, sizeof(b), 1.5), "1.5");
	cr_assert_str_eq(fmt_number(b, sizeof(b), 0.1 + 0.2), "0.3");
	cr_assert_str_eq(fmt_number(b, sizeof(b), 1700000000), "1700000000");
	cr_assert_str_eq(fmt_number(b, sizeof(b), NAN), "NaN");
	cr_assert_str_eq(fmt_number(b, sizeof(b), INFINITY), "+Inf");
	cr_assert_str_eq(fmt_number(b, sizeof(b), -INFINITY), "-Inf");
	cr_assert_str_eq(fmt_number(b, sizeof(b), 1e-9), "1e-09");
}

Test(fmt, ignores_lc_numeric)
{
	char b[32];

	if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "de_DE.utf8")) {
		cr_skip_test("de_DE.UTF-8 is not installed");
	}
	cr_assert_str_eq(fmt_number(b, sizeof(b), 1234.5), "1234.5");
	cr_assert_str_eq(fmt_c(b, sizeof(b), "%.1f%%", 87.25), "87.2%");
	setlocale(LC_NUMERIC, "C");
}

Test(fmt, durations)
{
	char b[16];

	cr_assert_str_eq(fmt_duration(b, sizeof(b), -3), "0s");
	cr_assert_str_eq(fmt_duration(b, sizeof(b), NAN), "0s");
	cr_assert_str_eq(fmt_duration(b, sizeof(b), 45.9), "45s");
	cr_assert_str_eq(fmt_duration(b, sizeof(b), 192), "3m12s");
	cr_assert_str_eq(fmt_duration(b, sizeof(b), 7500), "2h05m");
	cr_assert_str_eq(fmt_duration(b, sizeof(b), 3 * 86400 + 4 * 3600 + 59), "3d04h");
}
