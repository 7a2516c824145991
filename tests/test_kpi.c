/*
 * Tests of the KPI arithmetic (OEE classes, SLO budgets and burn rates) and
 * of kpi_format for every unit, including the values a broken exporter
 * sends (NaN, infinities, negatives, absurdly large numbers) and a German
 * LC_NUMERIC, which must not change a single byte.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ms5top/kpi.h"

/* kpi_format into a static buffer, for compact assertions. */
static const char *F(double v, enum dash_unit unit, int decimals)
{
	static char b[64];

	return kpi_format(b, sizeof(b), v, unit, decimals, 1000000);
}

Test(kpi, oee_classes_at_boundaries)
{
	cr_assert_eq(kpi_oee_class(0.85), OEE_WORLD_CLASS);
	cr_assert_eq(kpi_oee_class(0.8499999), OEE_TYPICAL);
	cr_assert_eq(kpi_oee_class(0.60), OEE_TYPICAL);
	cr_assert_eq(kpi_oee_class(0.5999999), OEE_POOR);
	cr_assert_eq(kpi_oee_class(0), OEE_POOR);
	cr_assert_eq(kpi_oee_class(-0.1), OEE_POOR);
	cr_assert_eq(kpi_oee_class(1.2), OEE_WORLD_CLASS);   /* shown and marked elsewhere */
	cr_assert_eq(kpi_oee_class(NAN), OEE_NONE);
	cr_assert_eq(kpi_oee_class(INFINITY), OEE_NONE);
	cr_assert_eq(kpi_oee_class(-INFINITY), OEE_NONE);
	cr_assert_str_eq(kpi_oee_class_name(OEE_WORLD_CLASS), "world class");
	cr_assert_str_eq(kpi_oee_class_name(OEE_TYPICAL), "typical");
	cr_assert_str_eq(kpi_oee_class_name(OEE_POOR), "poor");
	cr_assert_str_eq(kpi_oee_class_name(OEE_NONE), "--");
}

Test(kpi, oee_product)
{
	cr_assert_float_eq(kpi_oee(0.9, 0.95, 0.99), 0.84645, 1e-12);
	cr_assert_float_eq(kpi_oee(1, 1, 1), 1.0, 1e-15);
	cr_assert_eq(kpi_oee(0, 0.5, 0.5), 0.0);
	cr_assert(isnan(kpi_oee(NAN, 1, 1)));
	cr_assert(isnan(kpi_oee(1, NAN, 1)));
	cr_assert(isnan(kpi_oee(1, 1, INFINITY)));
	cr_assert(isnan(kpi_oee(-INFINITY, 1, 1)));
}

Test(kpi, error_budget)
{
	/* 99.9 % objective: an SLI of 99.95 % has spent half the budget. */
	cr_assert_float_eq(kpi_budget_left(0.9995, 0.999), 0.5, 1e-9);
	cr_assert_float_eq(kpi_budget_left(1.0, 0.999), 1.0, 1e-12);
	cr_assert_float_eq(kpi_budget_left(0.999, 0.999), 0.0, 1e-9);
	cr_assert_float_eq(kpi_budget_left(0.998, 0.999), -1.0, 1e-9);
	cr_assert_float_eq(kpi_budget_left(0.95, 0.95), 0.0, 1e-9);
	cr_assert_float_eq(kpi_budget_left(0.99, 0.95), 0.8, 1e-9);
	cr_assert(isnan(kpi_budget_left(NAN, 0.999)));
	cr_assert(isnan(kpi_budget_left(INFINITY, 0.999)));
	/* An objective of 1 (or anything outside 0..1) has no budget to spend. */
	cr_assert(isnan(kpi_budget_left(0.99, 1)));
	cr_assert(isnan(kpi_budget_left(0.99, 0)));
	cr_assert(isnan(kpi_budget_left(0.99, 1.5)));
	cr_assert(isnan(kpi_budget_left(0.99, NAN)));
}

Test(kpi, burn_rate)
{
	cr_assert_float_eq(kpi_burn_rate(0.001, 0.999), 1.0, 1e-9);
	cr_assert_float_eq(kpi_burn_rate(0.0144, 0.999), 14.4, 1e-9);
	cr_assert_float_eq(kpi_burn_rate(0, 0.95), 0.0, 1e-12);
	cr_assert_float_eq(kpi_burn_rate(0.3, 0.95), 6.0, 1e-9);
	cr_assert(isnan(kpi_burn_rate(NAN, 0.999)));
	cr_assert(isnan(kpi_burn_rate(0.1, 1)));
	cr_assert(isnan(kpi_burn_rate(0.1, -0.5)));
}

Test(kpi, slo_status)
{
	cr_assert_eq(kpi_slo_status(0.8, 0.5, 0.5), SLO_MET);
	cr_assert_eq(kpi_slo_status(0.8, 14.4, 6), SLO_MET);        /* thresholds are exclusive */
	cr_assert_eq(kpi_slo_status(0.8, 14.5, 0.5), SLO_AT_RISK);  /* page: fast burn */
	cr_assert_eq(kpi_slo_status(0.8, 0.5, 6.1), SLO_AT_RISK);   /* page: slow burn */
	cr_assert_eq(kpi_slo_status(0.2, 1.5, 1.5), SLO_AT_RISK);   /* little left, still burning */
	cr_assert_eq(kpi_slo_status(0.25, 1.5, 1.5), SLO_MET);      /* a quarter left is enough */
	cr_assert_eq(kpi_slo_status(0.2, 1.5, 0.9), SLO_MET);
	cr_assert_eq(kpi_slo_status(0, 0, 0), SLO_BREACHED);
	cr_assert_eq(kpi_slo_status(-0.5, 0, 0), SLO_BREACHED);
	cr_assert_eq(kpi_slo_status(NAN, 20, 20), SLO_UNKNOWN);
	cr_assert_eq(kpi_slo_status(0.9, NAN, NAN), SLO_MET);
	cr_assert_eq(kpi_slo_status(-INFINITY, 0, 0), SLO_BREACHED);
	cr_assert_str_eq(kpi_slo_status_name(SLO_MET), "met");
	cr_assert_str_eq(kpi_slo_status_name(SLO_AT_RISK), "at risk");
	cr_assert_str_eq(kpi_slo_status_name(SLO_BREACHED), "breached");
	cr_assert_str_eq(kpi_slo_status_name(SLO_UNKNOWN), "--");
}

Test(kpi, nan_and_inf_in_every_unit)
{
	/* UNIT_COUNT is a unit too ("count"), the last one. */
	for (int u = 0; u <= UNIT_COUNT; u++) {
		enum dash_unit unit = (enum dash_unit)u;

		cr_assert_str_eq(F(NAN, unit, -1), "--", "unit %d", u);
		cr_assert_str_eq(F(NAN, unit, 2), "--", "unit %d", u);
		cr_assert_str_eq(F(INFINITY, unit, -1), "+Inf", "unit %d", u);
		cr_assert_str_eq(F(-INFINITY, unit, 1), "-Inf", "unit %d", u);
	}
}

Test(kpi, plain_numbers)
{
	cr_assert_str_eq(F(0, UNIT_NONE, -1), "0");
	cr_assert_str_eq(F(412, UNIT_NONE, -1), "412");
	cr_assert_str_eq(F(12.5, UNIT_NONE, -1), "12.5");
	cr_assert_str_eq(F(1.0 / 3, UNIT_NONE, -1), "0.333");
	cr_assert_str_eq(F(0.00012345, UNIT_NONE, -1), "0.0001");
	cr_assert_str_eq(F(1e-12, UNIT_NONE, -1), "0");
	cr_assert_str_eq(F(-1e-12, UNIT_NONE, -1), "0");      /* never "-0" */
	cr_assert_str_eq(F(-0.0, UNIT_NONE, 2), "0.00");
	cr_assert_str_eq(F(-7.25, UNIT_NONE, -1), "-7.25");
	cr_assert_str_eq(F(999, UNIT_NONE, -1), "999");
	cr_assert_str_eq(F(999.7, UNIT_NONE, -1), "1k");
	cr_assert_str_eq(F(1234, UNIT_NONE, -1), "1.2k");
	cr_assert_str_eq(F(12345, UNIT_NONE, -1), "12.3k");
	cr_assert_str_eq(F(123456, UNIT_NONE, -1), "123k");
	cr_assert_str_eq(F(999960, UNIT_NONE, -1), "1M");
	cr_assert_str_eq(F(-2500000, UNIT_NONE, -1), "-2.5M");
	cr_assert_str_eq(F(3e18, UNIT_NONE, -1), "3E");
	cr_assert_str_eq(F(1e300, UNIT_COUNT, -1), "1.0e+300");
	cr_assert_str_eq(F(-DBL_MAX, UNIT_COUNT, -1), "-1.8e+308");
	cr_assert_str_eq(F(3.14159, UNIT_NONE, 2), "3.14");
	cr_assert_str_eq(F(1234.5, UNIT_NONE, 1), "1234.5");
	cr_assert_str_eq(F(12345678, UNIT_NONE, 2), "12.3M");   /* explicit decimals still fit */
	cr_assert_str_eq(F(42, UNIT_COUNT, -1), "42");
}

Test(kpi, percent)
{
	cr_assert_str_eq(F(0.852, UNIT_PERCENT, -1), "85.2%");
	cr_assert_str_eq(F(0.85, UNIT_PERCENT, -1), "85%");
	cr_assert_str_eq(F(0.85, UNIT_PERCENT, 1), "85.0%");
	cr_assert_str_eq(F(1, UNIT_PERCENT, -1), "100%");
	cr_assert_str_eq(F(1.07, UNIT_PERCENT, 1), "107.0%");
	cr_assert_str_eq(F(0.00123, UNIT_PERCENT, 2), "0.12%");
	cr_assert_str_eq(F(0.000123, UNIT_PERCENT, -1), "0.0123%");
	cr_assert_str_eq(F(0, UNIT_PERCENT, -1), "0%");
	cr_assert_str_eq(F(-0.05, UNIT_PERCENT, -1), "-5%");
	cr_assert_str_eq(F(-1.5, UNIT_PERCENT, 1), "-150.0%");
	cr_assert_str_eq(F(1e9, UNIT_PERCENT, -1), "100G%");
	cr_assert_str_eq(F(87.25, UNIT_PERCENT100, 1), "87.2%");
	cr_assert_str_eq(F(99.5, UNIT_PERCENT100, -1), "99.5%");
}

Test(kpi, seconds)
{
	cr_assert_str_eq(F(0.183, UNIT_SECONDS, 3), "0.183s");
	cr_assert_str_eq(F(0.183, UNIT_SECONDS, -1), "183ms");
	cr_assert_str_eq(F(0.0042, UNIT_SECONDS, -1), "4.2ms");
	cr_assert_str_eq(F(0.000015, UNIT_SECONDS, -1), "15µs");
	cr_assert_str_eq(F(0, UNIT_SECONDS, -1), "0s");
	cr_assert_str_eq(F(12.5, UNIT_SECONDS, -1), "12.5s");
	cr_assert_str_eq(F(45, UNIT_SECONDS, 0), "45s");
	cr_assert_str_eq(F(192, UNIT_SECONDS, -1), "3m12s");
	cr_assert_str_eq(F(7500, UNIT_SECONDS, 3), "2h05m");
	cr_assert_str_eq(F(3 * 86400 + 4 * 3600, UNIT_SECONDS, -1), "3d04h");
	cr_assert_str_eq(F(-192, UNIT_SECONDS, -1), "-3m12s");
	cr_assert_str_eq(F(-0.5, UNIT_SECONDS, -1), "-500ms");
	cr_assert_str_eq(F(8.64e13, UNIT_SECONDS, -1), "1G" "d");
}

Test(kpi, timestamps_relative_to_now)
{
	char b[32];
	double now = 1795154530;

	cr_assert_str_eq(kpi_format(b, sizeof(b), now + 3 * 3600 + 12 * 60, UNIT_TIMESTAMP, -1, now),
		"in 3h12m");
	cr_assert_str_eq(kpi_format(b, sizeof(b), now - 1200, UNIT_TIMESTAMP, -1, now), "20m00s ago");
	cr_assert_str_eq(kpi_format(b, sizeof(b), now, UNIT_TIMESTAMP, -1, now), "in 0s");
	cr_assert_str_eq(kpi_format(b, sizeof(b), now + 30, UNIT_TIMESTAMP, 3, now), "in 30s");
	cr_assert_str_eq(kpi_format(b, sizeof(b), NAN, UNIT_TIMESTAMP, -1, now), "--");
	cr_assert_str_eq(kpi_format(b, sizeof(b), now, UNIT_TIMESTAMP, -1, NAN), "--");
	cr_assert_str_eq(kpi_format(b, sizeof(b), 1e300, UNIT_TIMESTAMP, -1, now), "in 1.2e+295d");
}

Test(kpi, other_units)
{
	cr_assert_str_eq(F(412, UNIT_UNITS, -1), "412 units");
	cr_assert_str_eq(F(4120, UNIT_UNITS, -1), "4,120 units");
	cr_assert_str_eq(F(999999, UNIT_UNITS, -1), "999,999 units");
	cr_assert_str_eq(F(1234567, UNIT_UNITS, -1), "1.2M units");
	cr_assert_str_eq(F(12.5, UNIT_UNITS, -1), "12.5 units");
	cr_assert_str_eq(F(-3, UNIT_UNITS, -1), "-3 units");
	cr_assert_str_eq(F(1234, UNIT_PER_HOUR, -1), "1.2k/h");
	cr_assert_str_eq(F(87.3, UNIT_PER_SECOND, -1), "87.3/s");
	cr_assert_str_eq(F(0.412, UNIT_KWH, 3), "0.412 kWh");
	cr_assert_str_eq(F(1234, UNIT_USD, -1), "$1.2k");
	cr_assert_str_eq(F(412, UNIT_USD, -1), "$412");
	cr_assert_str_eq(F(4.5, UNIT_USD, -1), "$4.50");
	cr_assert_str_eq(F(-4.5, UNIT_USD, -1), "-$4.50");
	cr_assert_str_eq(F(72.44, UNIT_CELSIUS, -1), "72.4°C");
	cr_assert_str_eq(F(-5, UNIT_CELSIUS, 1), "-5.0°C");
	cr_assert_str_eq(F(4.2, UNIT_MM_S, -1), "4.2 mm/s");
	cr_assert_str_eq(F(512, UNIT_BYTES, -1), "512 B");
	cr_assert_str_eq(F(1536, UNIT_BYTES, -1), "1.5 KiB");
	cr_assert_str_eq(F(12.3 * 1024 * 1024, UNIT_BYTES, -1), "12.3 MiB");
	cr_assert_str_eq(F(1e30, UNIT_BYTES, -1), "1.0e+30 B");
}

Test(kpi, short_and_grouped)
{
	char b[32];

	cr_assert_str_eq(kpi_short(b, sizeof(b), 412, -1), "412");
	cr_assert_str_eq(kpi_short(b, sizeof(b), 4120, -1), "4.1k");
	cr_assert_str_eq(kpi_short(b, sizeof(b), 4120, 0), "4k");
	cr_assert_str_eq(kpi_short(b, sizeof(b), 99960, -1), "100k");
	cr_assert_str_eq(kpi_short(b, sizeof(b), NAN, -1), "--");
	cr_assert_str_eq(kpi_group(b, sizeof(b), 0), "0");
	cr_assert_str_eq(kpi_group(b, sizeof(b), 999), "999");
	cr_assert_str_eq(kpi_group(b, sizeof(b), 1000), "1,000");
	cr_assert_str_eq(kpi_group(b, sizeof(b), 4120.4), "4,120");
	cr_assert_str_eq(kpi_group(b, sizeof(b), 12345678), "12,345,678");
	cr_assert_str_eq(kpi_group(b, sizeof(b), -1234567), "-1,234,567");
	cr_assert_str_eq(kpi_group(b, sizeof(b), -0.2), "0");
	cr_assert_str_eq(kpi_group(b, sizeof(b), NAN), "--");
	cr_assert_str_eq(kpi_group(b, sizeof(b), 1e20), "100E");
}

Test(kpi, small_buffers_are_never_overrun)
{
	char b[8];

	memset(b, 'x', sizeof(b));
	kpi_format(b, 4, 0.852, UNIT_PERCENT, 1, 0);
	cr_assert_str_eq(b, "85.");
	cr_assert_eq(b[4], 'x');
	kpi_group(b, 4, 1234567);
	cr_assert_str_eq(b, "1,2");
	kpi_group(b, 1, 5);
	cr_assert_str_eq(b, "");
	b[0] = 'x';
	kpi_format(b, 0, 1, UNIT_NONE, -1, 0);   /* size 0: nothing written */
	cr_assert_eq(b[0], 'x');
}

Test(kpi, german_locale_changes_nothing)
{
	const double values[] = { 0.852, 1234.5, 0.183, -7.25, 1e9, 12.5 };
	char before[6][UNIT_COUNT + 1][48];
	char after[48];

	for (size_t i = 0; i < 6; i++) {
		for (int u = 0; u <= UNIT_COUNT; u++) {
			kpi_format(before[i][u], 48, values[i], (enum dash_unit)u, -1, 1e6);
		}
	}
	if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "de_DE.utf8")) {
		cr_skip_test("de_DE.UTF-8 is not installed");
	}
	for (size_t i = 0; i < 6; i++) {
		for (int u = 0; u <= UNIT_COUNT; u++) {
			kpi_format(after, sizeof(after), values[i], (enum dash_unit)u, -1, 1e6);
			cr_assert_str_eq(after, before[i][u], "value %zu unit %d", i, u);
			cr_assert_null(strchr(after, ','), "%s", after);
		}
	}
	cr_assert_str_eq(F(0.852, UNIT_PERCENT, 1), "85.2%");
	cr_assert_str_eq(F(4120, UNIT_UNITS, -1), "4,120 units");
	setlocale(LC_NUMERIC, "C");
}
