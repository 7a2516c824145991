/*
 * Tests of the ISO 8601 / RFC 3339 parser and writer. gmtime_r, which works in
 * UTC whatever TZ says, is the oracle for the calendar arithmetic.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ms5top/timeparse.h"

/* What iso8601_format writes for a time it cannot show ("\?" keeps "??-"
 * from being read as a trigraph). */
#define UNKNOWN "?\?\?\?-?\?-?\?T?\?:?\?:?\?Z"

static double parse_ok(const char *s)
{
	double t = -12345.0;

	cr_assert(iso8601_parse(s, &t), "should parse: \"%s\"", s);
	return t;
}

Test(timeparse, utc_with_z)
{
	cr_assert_eq(parse_ok("2026-11-20T06:02:10Z"), 1795154530.0);
	cr_assert_eq(parse_ok("2026-11-20T06:02:10z"), 1795154530.0);
	cr_assert_eq(parse_ok("1970-01-01T00:00:00Z"), 0.0);
}

Test(timeparse, naive_is_utc)
{
	cr_assert_eq(parse_ok("2026-11-20T06:02:10"), 1795154530.0);
	cr_assert_eq(parse_ok("2026-11-20 06:02:10"), 1795154530.0);
	cr_assert_eq(parse_ok("2026-11-20t06:02:10"), 1795154530.0);
}

Test(timeparse, fractions_of_any_length)
{
	cr_assert_float_eq(parse_ok("2026-11-20T06:02:10.5"), 1795154530.5, 1e-9);
	cr_assert_float_eq(parse_ok("2026-11-20T06:02:10.123Z"), 1795154530.123, 1e-6);
	cr_assert_float_eq(parse_ok("2026-11-20T06:02:10.123456"), 1795154530.123456, 1e-6);
	cr_assert_float_eq(parse_ok("2026-11-20T06:02:10.123456789Z"), 1795154530.123456789, 1e-6);
	cr_assert_float_eq(parse_ok("2026-11-20T06:02:10.99999999999999999999999999Z"),
		1795154531.0, 1e-6);
	cr_assert_float_eq(parse_ok("1970-01-01T00:00:00.000000001Z"), 1e-9, 1e-15);
}

Test(timeparse, offsets)
{
	cr_assert_eq(parse_ok("2026-11-20T06:02:10+00:00"), 1795154530.0);
	cr_assert_eq(parse_ok("2026-11-20T06:02:10-00:00"), 1795154530.0);
	cr_assert_eq(parse_ok("2026-11-20T07:02:10+01:00"), 1795154530.0);
	cr_assert_eq(parse_ok("2026-11-20T07:02:10+0100"), 1795154530.0);
	cr_assert_eq(parse_ok("2026-11-20T00:32:10-05:30"), 1795154530.0);
	cr_assert_eq(parse_ok("2026-11-20T00:32:10-0530"), 1795154530.0);
	cr_assert_float_eq(parse_ok("2026-11-20T06:02:10.5+00:00"), 1795154530.5, 1e-9);
	/* Crossing midnight and a year boundary through the offset. */
	cr_assert_eq(parse_ok("2027-01-01T01:00:00+02:00"), parse_ok("2026-12-31T23:00:00Z"));
}

Test(timeparse, before_the_epoch)
{
	cr_assert_eq(parse_ok("1969-12-31T23:59:59Z"), -1.0);
	cr_assert_float_eq(parse_ok("1969-12-31T23:59:59.5Z"), -0.5, 1e-9);
	cr_assert_eq(parse_ok("0000-01-01T00:00:00Z"), -62167219200.0);
	cr_assert_eq(parse_ok("9999-12-31T23:59:59Z"), 253402300799.0);
	cr_assert_eq(parse_ok("0001-01-01T00:00:00Z"), -62135596800.0);
}

Test(timeparse, leap_years)
{
	cr_assert_eq(parse_ok("2024-02-29T00:00:00Z"), 1709164800.0);
	cr_assert_eq(parse_ok("2000-02-29T00:00:00Z"), 951782400.0);
	cr_assert_eq(parse_ok("2024-03-01T00:00:00Z") - parse_ok("2024-02-28T00:00:00Z"),
		2 * 86400.0);
	cr_assert_eq(parse_ok("2023-03-01T00:00:00Z") - parse_ok("2023-02-28T00:00:00Z"),
		86400.0);
	cr_assert_not(iso8601_parse("2023-02-29T00:00:00Z", NULL));
	cr_assert_not(iso8601_parse("1900-02-29T00:00:00Z", NULL));
	cr_assert_not(iso8601_parse("2100-02-29T00:00:00Z", NULL));
}

Test(timeparse, rejects_everything_else)
{
	static const char *const bad[] = {
		"", "2026", "2026-11-20", "2026-11-20T", "2026-11-20T06:02",
		"2026-11-20T06:02Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
		"2026-11-00T00:00:00Z", "2026-11-31T00:00:00Z", "2026-02-30T00:00:00Z",
		"2026-11-20T24:00:00Z", "2026-11-20T25:00:00Z", "2026-11-20T06:60:00Z",
		"2026-11-20T06:02:60Z", "2026-11-20T06:02:10.Z", "2026-11-20T06:02:10.",
		"2026-11-20T06:02:10Zx", "2026-11-20T06:02:10 ", " 2026-11-20T06:02:10",
		"2026-11-20T06:02:10 Z", "2026-11-20X06:02:10", "2026-11-20T06:02:10+05",
		"2026-11-20T06:02:10+05:3", "2026-11-20T06:02:10+24:00",
		"2026-11-20T06:02:10+05:60", "2026-11-20T06:02:10+05:30:00",
		"2026-1-20T06:02:10Z", "2026-11-2T06:02:10Z", "26-11-20T06:02:10Z",
		"-2026-11-20T06:02:10Z", "+2026-11-20T06:02:10Z", "2026/11/20T06:02:10Z",
		"2026-11-20T06:02:10,5Z", "2026-11-20T6:02:10Z", "2026-11-20T06:02:1Z",
		"2026-11-20T06:02:10UTC", "2026-11-20T06:02:10+0a:00", "２026-11-20T06:02:10Z",
		"2026-11-20T06:02:10.1e3Z",
	};
	double t = 7.0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_not(iso8601_parse(bad[i], &t), "should reject: \"%s\"", bad[i]);
	}
	cr_assert_eq(t, 7.0, "a rejected string must not touch the output");
	cr_assert_not(iso8601_parse(NULL, &t));
}

Test(timeparse, ignores_tz)
{
	setenv("TZ", "Asia/Kolkata", 1);
	tzset();
	cr_assert_eq(parse_ok("2026-11-20T06:02:10"), 1795154530.0);
	unsetenv("TZ");
	tzset();
}

Test(timeparse, format_utc)
{
	char buf[32];

	cr_assert_str_eq(iso8601_format(1795154530.0, buf, sizeof(buf)), "2026-11-20T06:02:10Z");
	cr_assert_str_eq(iso8601_format(0.0, buf, sizeof(buf)), "1970-01-01T00:00:00Z");
	cr_assert_str_eq(iso8601_format(10.9, buf, sizeof(buf)), "1970-01-01T00:00:10Z");
	cr_assert_str_eq(iso8601_format(-0.5, buf, sizeof(buf)), "1969-12-31T23:59:59Z");
	cr_assert_str_eq(iso8601_format(951782400.0, buf, sizeof(buf)), "2000-02-29T00:00:00Z");
	cr_assert_str_eq(iso8601_format(253402300799.0, buf, sizeof(buf)), "9999-12-31T23:59:59Z");
	cr_assert_str_eq(iso8601_format(-62167219200.0, buf, sizeof(buf)), "0000-01-01T00:00:00Z");
}

Test(timeparse, format_out_of_range)
{
	char buf[21];

	cr_assert_str_eq(iso8601_format(NAN, buf, sizeof(buf)), UNKNOWN);
	cr_assert_str_eq(iso8601_format(INFINITY, buf, sizeof(buf)), UNKNOWN);
	cr_assert_str_eq(iso8601_format(253402300800.0, buf, sizeof(buf)), UNKNOWN);
	cr_assert_str_eq(iso8601_format(-62167219201.0, buf, sizeof(buf)), UNKNOWN);
	cr_assert_str_eq(iso8601_format(1e300, buf, sizeof(buf)), UNKNOWN);
}

Test(timeparse, format_small_buffer)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	cr_assert_str_eq(iso8601_format(0.0, buf, 5), "1970");
	cr_assert_eq(buf[5], 'x');
	cr_assert_eq(iso8601_format(0.0, buf, 0), buf);
}

/* Every 7th day and 1h 1m 1s from 1601 to 2400, against gmtime_r, both
 * ways: format must agree with gmtime_r and parse must invert format. */
Test(timeparse, agrees_with_gmtime)
{
	char ours[32], theirs[32];
	int checked = 0;

	for (long long t = -11644473600LL; t < 13569465600LL; t += 7 * 86400 + 3661) {
		time_t tt = (time_t)t;
		struct tm tm;
		double back;

		cr_assert(gmtime_r(&tt, &tm));
		strftime(theirs, sizeof(theirs), "%Y-%m-%dT%H:%M:%SZ", &tm);
		iso8601_format((double)t, ours, sizeof(ours));
		cr_assert_str_eq(ours, theirs);
		cr_assert(iso8601_parse(ours, &back));
		cr_assert_eq(back, (double)t, "%s parsed to %.0f, not %lld", ours, back, t);
		checked++;
	}
	cr_assert_gt(checked, 40000);
}
