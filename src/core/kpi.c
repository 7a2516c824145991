/*
 * KPI arithmetic and value formatting. See kpi.h.
 *
 * Every number goes through fmt_c, so the output is the same under any
 * LC_NUMERIC. "Automatic" decimals (-1) mean three significant digits with
 * trailing zeros trimmed ("85%", "85.2%", "0.183s"), and numbers of 1000 and
 * more shortened with k/M/G/T/P/E ("1.2k"); explicit decimals are kept as
 * given up to a million, past which the number is shortened too, so that a
 * runaway value can never push a panel's layout apart.
 */
#include "ms5top/kpi.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ms5top/fmt.h"

/* Explicit decimals are honoured below this magnitude. */
#define FIXED_LIMIT 1e6
/* Automatic decimals never go past this (1e-9 shows as "0", not as 11 zeros). */
#define AUTO_MAX_DECIMALS 4

/* names[i], or "--" for a class or status without a name. */
static const char *name_or_dash(const char *const *names, size_t n, unsigned i)
{
	return i < n && names[i] ? names[i] : "--";
}

enum oee_class kpi_oee_class(double oee)
{
	if (!isfinite(oee)) {
		return OEE_NONE;
	}
	if (oee >= KPI_OEE_WORLD_CLASS) {
		return OEE_WORLD_CLASS;
	}
	if (oee >= KPI_OEE_TYPICAL) {
		return OEE_TYPICAL;
	}
	return OEE_POOR;
}

const char *kpi_oee_class_name(enum oee_class c)
{
	static const char *const names[] = {
		[OEE_POOR] = "poor", [OEE_TYPICAL] = "typical", [OEE_WORLD_CLASS] = "world class",
	};

	return name_or_dash(names, sizeof(names) / sizeof(names[0]), (unsigned)c);
}

double kpi_oee(double availability, double performance, double quality)
{
	if (!isfinite(availability) || !isfinite(performance) || !isfinite(quality)) {
		return NAN;
	}
	return availability * performance * quality;
}

/* An objective that leaves no error budget (>= 1) or is not a fraction makes
 * every budget and burn rate meaningless: NaN rather than a division by 0. */
static bool objective_ok(double objective)
{
	return isfinite(objective) && objective > 0 && objective < 1;
}

double kpi_budget_left(double sli, double objective)
{
	if (!isfinite(sli) || !objective_ok(objective)) {
		return NAN;
	}
	return 1 - (1 - sli) / (1 - objective);
}

double kpi_burn_rate(double error_ratio, double objective)
{
	if (!isfinite(error_ratio) || !objective_ok(objective)) {
		return NAN;
	}
	return error_ratio / (1 - objective);
}

enum slo_status kpi_slo_status(double budget_left, double burn1h, double burn6h)
{
	if (isnan(budget_left)) {
		return SLO_UNKNOWN;
	}
	if (budget_left <= 0) {
		return SLO_BREACHED;
	}
	/* NaN burn rates compare false: an unknown burn never raises the alarm
	 * on its own. */
	if (burn1h > 14.4 || burn6h > 6 || (burn1h > 1 && burn6h > 1 && budget_left < 0.25)) {
		return SLO_AT_RISK;
	}
	return SLO_MET;
}

const char *kpi_slo_status_name(enum slo_status s)
{
	static const char *const names[] = {
		[SLO_MET] = "met", [SLO_AT_RISK] = "at risk", [SLO_BREACHED] = "breached",
	};

	return name_or_dash(names, sizeof(names) / sizeof(names[0]), (unsigned)s);
}

/* ---- Numbers ------------------------------------------------------------ */

/* Removes trailing zeros after a decimal point (and the point itself). */
static void trim_zeros(char *s)
{
	char *dot = strchr(s, '.');
	size_t n;

	if (!dot) {
		return;
	}
	n = strlen(s);
	while (n > 0 && s[n - 1] == '0') {
		s[--n] = '\0';
	}
	if (n > 0 && s[n - 1] == '.') {
		s[--n] = '\0';
	}
}

/* "-0" and "-0.0" are zero. */
static void fix_negative_zero(char *s)
{
	if (s[0] == '-' && strspn(s + 1, "0.") == strlen(s + 1)) {
		memmove(s, s + 1, strlen(s));
	}
}

/* Decimals for three significant digits of |v| (v finite). */
static int sig3_decimals(double v)
{
	double a = fabs(v);
	int d;

	if (a == 0 || a >= 100) {
		return 0;
	}
	d = 2 - (int)floor(log10(a));
	return d < 0 ? 0 : d > AUTO_MAX_DECIMALS ? AUTO_MAX_DECIMALS : d;
}

/* A finite number below 1000 in magnitude: fixed or three significant digits. */
static void plain(char *buf, size_t size, double v, int decimals)
{
	if (decimals >= 0) {
		fmt_c(buf, size, "%.*f", decimals, v);
	} else {
		fmt_c(buf, size, "%.*f", sig3_decimals(v), v);
		trim_zeros(buf);
	}
	fix_negative_zero(buf);
}

/* NaN "--", infinities "+Inf" and "-Inf". */
static char *not_finite(char *buf, size_t size, double v)
{
	return fmt_c(buf, size, "%s", isnan(v) ? "--" : v > 0 ? "+Inf" : "-Inf");
}

/* v rounded to d decimals. */
static double rounded(double v, int d)
{
	double f = pow(10, d);

	return round(v * f) / f;
}

char *kpi_short(char *buf, size_t size, double v, int decimals)
{
	static const char suffix[] = "kMGTPE";
	double a = fabs(v), m;
	size_t i = 0;
	int d;

	if (size == 0) {
		return buf;
	}
	if (!isfinite(v)) {
		return not_finite(buf, size, v);
	}
	d = decimals >= 0 ? decimals : sig3_decimals(v);
	if (rounded(a, d) < 1000) {
		plain(buf, size, v, decimals);
		return buf;
	}
	/* The suffix whose mantissa stays below 1000 after rounding (999.96k is 1M). */
	m = a / 1000;
	while (m >= 999.5 && i + 1 < sizeof(suffix) - 1) {
		m /= 1000;
		i++;
	}
	if (m >= 999.5) {
		return fmt_c(buf, size, "%.1e", v);   /* beyond exa: 1.2e+21 */
	}
	d = m < 99.95 ? 1 : 0;
	if (decimals >= 0 && decimals < d) {
		d = decimals;
	}
	fmt_c(buf, size, "%.*f", d, v < 0 ? -m : m);
	if (decimals < 0) {
		trim_zeros(buf);   /* "1.0k" -> "1k" */
	}
	if (strlen(buf) + 1 < size) {
		size_t n = strlen(buf);

		buf[n] = suffix[i];
		buf[n + 1] = '\0';
	}
	return buf;
}

/* A number, fixed below FIXED_LIMIT (1000 when automatic), else shortened. */
static void number(char *buf, size_t size, double v, int decimals)
{
	if (decimals >= 0 && fabs(v) < FIXED_LIMIT) {
		plain(buf, size, v, decimals);
	} else {
		kpi_short(buf, size, v, decimals);
	}
}

char *kpi_group(char *buf, size_t size, double v)
{
	char digits[32];
	size_t n, o = 0;

	if (size == 0) {
		return buf;
	}
	if (!isfinite(v) || fabs(v) >= 1e15) {
		return kpi_short(buf, size, v, -1);
	}
	fmt_c(digits, sizeof(digits), "%.0f", fabs(v));
	n = strlen(digits);
	if (v <= -0.5 && o + 1 < size) {
		buf[o++] = '-';
	}
	for (size_t i = 0; i < n && o + 1 < size; i++) {
		/* A comma before every group of three counted from the right. */
		if (i > 0 && (n - i) % 3 == 0) {
			if (o + 2 >= size) {
				break;
			}
			buf[o++] = ',';
		}
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* A duration in seconds for people: "183ms", "12.5s", "3m12s", "2h05m". */
static void duration(char *buf, size_t size, double v, int decimals)
{
	const char *sign = v < 0 ? "-" : "";
	double a = fabs(v);
	char num[32];

	if (a < 60) {
		if (decimals < 0 && a > 0 && a < 1) {
			double ms = a * 1000;

			if (ms >= 1) {
				plain(num, sizeof(num), ms, -1);
				fmt_c(buf, size, "%s%sms", sign, num);
			} else {
				plain(num, sizeof(num), ms * 1000, -1);
				fmt_c(buf, size, "%s%sµs", sign, num);
			}
			return;
		}
		plain(num, sizeof(num), a, decimals);
		fmt_c(buf, size, "%s%ss", strcmp(num, "0") == 0 ? "" : sign, num);
		return;
	}
	if (a >= 1e9) {
		kpi_short(num, sizeof(num), a / 86400, -1);
		fmt_c(buf, size, "%s%sd", sign, num);
		return;
	}
	fmt_duration(num, sizeof(num), a);
	fmt_c(buf, size, "%s%s", sign, num);
}

/* Binary sizes: "512 B", "1.5 KiB", "12.3 MiB". */
static void bytes(char *buf, size_t size, double v, int decimals)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double a = fabs(v);
	size_t i = 0;
	char num[32];

	while (a >= 1023.5 && i + 1 < sizeof(units) / sizeof(units[0])) {
		a /= 1024;
		i++;
	}
	if (a >= 1023.5) {
		fmt_c(buf, size, "%.1e B", v);
		return;
	}
	plain(num, sizeof(num), v < 0 ? -a : a, i == 0 && decimals < 0 ? 0 : decimals);
	fmt_c(buf, size, "%s %s", num, units[i]);
}

/* The units written as a number and a suffix ("85.2%", "12/h"); the rest
 * have their own forms. */
static const char *number_suffix(enum dash_unit unit)
{
	static const char *const suffix[] = {
		[UNIT_PERCENT] = "%", [UNIT_PERCENT100] = "%", [UNIT_PER_HOUR] = "/h",
		[UNIT_PER_SECOND] = "/s", [UNIT_KWH] = " kWh", [UNIT_CELSIUS] = "°C", [UNIT_MM_S] = " mm/s",
	};

	return (unsigned)unit < sizeof(suffix) / sizeof(suffix[0]) ? suffix[unit] : NULL;
}

/* Produced units: whole ones below FIXED_LIMIT grouped ("1,234 units"). */
static char *units(char *buf, size_t size, double v, int decimals)
{
	char num[48];

	if (decimals < 0 && fabs(v) < FIXED_LIMIT && v == floor(v)) {
		kpi_group(num, sizeof(num), v);
	} else {
		number(num, sizeof(num), v, decimals);
	}
	return fmt_c(buf, size, "%s units", num);
}

/* Money: "$12.50", "-$3", "$1.2k"; below 1000 it keeps its cents unless whole. */
static char *usd(char *buf, size_t size, double v, int decimals)
{
	char num[48];

	if (decimals < 0 && fabs(v) < 999.995 && v != floor(v)) {
		plain(num, sizeof(num), fabs(v), 2);
	} else {
		number(num, sizeof(num), fabs(v), decimals);
	}
	return fmt_c(buf, size, "%s$%s", v < 0 && strcmp(num, "0") != 0 ? "-" : "", num);
}

/* A finite v in its unit (a timestamp already made relative to now), decimals at most 9. */
static char *format_finite(char *buf, size_t size, double v, enum dash_unit unit, int decimals)
{
	const char *suffix = number_suffix(unit);
	char num[48];

	if (suffix) {
		number(num, sizeof(num), unit == UNIT_PERCENT ? v * 100 : v, decimals);
		return fmt_c(buf, size, "%s%s", num, suffix);
	}
	switch (unit) {
	case UNIT_SECONDS:
		duration(buf, size, v, decimals);
		return buf;
	case UNIT_TIMESTAMP:
		duration(num, sizeof(num), fabs(v), 0);
		return fmt_c(buf, size, v >= 0 ? "in %s" : "%s ago", num);
	case UNIT_UNITS:
		return units(buf, size, v, decimals);
	case UNIT_USD:
		return usd(buf, size, v, decimals);
	case UNIT_BYTES:
		bytes(buf, size, v, decimals);
		return buf;
	default:   /* UNIT_NONE, UNIT_COUNT */
		number(buf, size, v, decimals);
		return buf;
	}
}

char *kpi_format(char *buf, size_t size, double v, enum dash_unit unit, int decimals, double now)
{
	if (size == 0) {
		return buf;
	}
	if (unit == UNIT_TIMESTAMP && isfinite(v)) {
		/* Timestamps are relative; an unknown `now` leaves nothing to show. */
		if (!isfinite(now)) {
			return fmt_c(buf, size, "--");
		}
		v -= now;
	}
	if (!isfinite(v)) {
		return not_finite(buf, size, v);
	}
	return format_finite(buf, size, v, unit, decimals > 9 ? 9 : decimals);
}
