/*
 * ISO 8601 / RFC 3339 timestamps, parsed and written without the C library's
 * time functions. mktime() reads TZ and timegm() is not in POSIX, so the
 * calendar arithmetic is done here with Howard Hinnant's days-from-civil
 * algorithm (proleptic Gregorian calendar, exact for every year we accept).
 * Nothing here looks at the locale, the environment or the clock.
 *
 * Accepted: "YYYY-MM-DD" then 'T', 't' or ' ', then "HH:MM:SS", then an
 * optional fraction of any length (".5", ".123456789"), then an optional zone
 * ('Z', 'z', "+HH:MM", "-HH:MM", "+HHMM", "-HHMM"). No zone means UTC. Years
 * run from 0000 to 9999. Leap seconds (":60") are rejected, as Go (and so
 * Prometheus and Alertmanager) never writes them.
 */
#include "ms5top/timeparse.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SECS_PER_DAY 86400LL

/* The first and last second that iso8601_format can write as a four-digit
 * year: 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define FIRST_SECOND (-62167219200LL)
#define LAST_SECOND 253402300799LL

/* Reads exactly n decimal digits at *p into *v and advances *p. Stops at a
 * NUL, so it never reads past the end of the string. */
static bool digits(const char **p, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9') {
			return false;
		}
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return true;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Returns the number of days from 1970-01-01 to the given proleptic Gregorian
 * date (negative before it). Month 1..12, day 1..31, already validated. The
 * year is shifted so that it starts in March, which puts the leap day at the
 * end and makes the month lengths a simple formula. */
static long long days_from_civil(long long y, long long m, long long d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(long long z, long long *y, long long *m, long long *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Reads the optional fraction after the seconds: a '.' and at least one
 * digit, any number of them. Digits past the 18th cannot change a double
 * holding Unix seconds, so they are checked but not accumulated. */
static bool fraction(const char **p, double *frac)
{
	const char *s = *p;
	uint64_t num = 0;
	double den = 1.0;
	int n = 0;

	*frac = 0.0;
	if (*s != '.') {
		return true;
	}
	s++;
	while (*s >= '0' && *s <= '9') {
		if (n < 18) {
			num = num * 10 + (uint64_t)(*s - '0');
			den *= 10.0;
		}
		n++;
		s++;
	}
	if (n == 0) {
		return false;
	}
	*frac = (double)num / den;
	*p = s;
	return true;
}

/* Reads the optional zone and returns its offset east of UTC in seconds. The
 * zone must end the string. */
static bool zone(const char *s, long long *offset)
{
	int sign, hh, mm;

	*offset = 0;
	if (*s == '\0') {
		return true;
	}
	if (*s == 'Z' || *s == 'z') {
		return s[1] == '\0';
	}
	if (*s != '+' && *s != '-') {
		return false;
	}
	sign = *s == '-' ? -1 : 1;
	s++;
	if (!digits(&s, 2, &hh)) {
		return false;
	}
	if (*s == ':') {
		s++;
	}
	if (!digits(&s, 2, &mm) || *s != '\0' || hh > 23 || mm > 59) {
		return false;
	}
	*offset = sign * (hh * 3600LL + mm * 60LL);
	return true;
}

bool iso8601_parse(const char *s, double *unix_seconds)
{
	int year, mon, day, hour, min, sec;
	long long offset, t;
	double frac;

	/* YYYY-MM-DDThh:mm: each field's width and what may follow it. */
	static const struct {
		int width;
		const char *then;
	} fields[] = { { 4, "-" }, { 2, "-" }, { 2, "Tt " }, { 2, ":" }, { 2, ":" } };
	int *const out[] = { &year, &mon, &day, &hour, &min };

	if (!s) {
		return false;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!digits(&s, fields[i].width, out[i]) || !*s || !strchr(fields[i].then, *s)) {
			return false;
		}
		s++;
	}
	if (!digits(&s, 2, &sec) || !fraction(&s, &frac) || !zone(s, &offset)) {
		return false;
	}
	if (mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon) ||
		hour > 23 || min > 59 || sec > 59) {
		return false;
	}
	t = days_from_civil(year, mon, day) * SECS_PER_DAY +
		hour * 3600LL + min * 60LL + sec - offset;
	if (unix_seconds) {
		*unix_seconds = (double)t + frac;
	}
	return true;
}

/* Writes whole UTC seconds, rounding down (so 10.9 is still second 10). A
 * time that is not finite or falls outside years 0000..9999 is written as
 * "????-??-??T??:??:??Z", which keeps the width of a table column. */
char *iso8601_format(double t, char *buf, size_t size)
{
	long long secs, days, rem, y, m, d;

	if (!buf || size == 0) {
		return buf;
	}
	if (!isfinite(t) || t < (double)FIRST_SECOND || t >= (double)LAST_SECOND + 1.0) {
		/* Written with \? so that no "??-" trigraph forms. */
		snprintf(buf, size, "%s", "?\?\?\?-?\?-?\?T?\?:?\?:?\?Z");
		return buf;
	}
	secs = (long long)floor(t);
	days = secs / SECS_PER_DAY;
	rem = secs % SECS_PER_DAY;
	if (rem < 0) {
		rem += SECS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
		y, m, d, rem / 3600, rem / 60 % 60, rem % 60);
	return buf;
}
