/*
 * Tests of the reconnect backoff: the documented bounds of every delay, the
 * cap, reset, and that a seed fixes the whole schedule.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>

#include "ms5top/backoff.h"

/* The ceiling of the n-th delay for base 1 s and cap 60 s. */
static double ceiling_1_60(unsigned n)
{
	double c = ldexp(1.0, n > 10 ? 10 : (int)n);

	return c < 60.0 ? c : 60.0;
}

Test(backoff, every_delay_lies_in_half_ceiling_to_ceiling)
{
	for (uint64_t seed = 0; seed < 500; seed++) {
		struct backoff b;

		backoff_init(&b, 1.0, 60.0, seed);
		for (unsigned n = 0; n < 40; n++) {
			double c = ceiling_1_60(n);
			double d;

			cr_assert_float_eq(backoff_ceiling(&b), c, 1e-12, "seed %llu step %u",
				(unsigned long long)seed, n);
			d = backoff_next(&b);
			cr_assert(d >= c / 2.0 && d <= c, "seed %llu step %u: %f not in [%f, %f]",
				(unsigned long long)seed, n, d, c / 2.0, c);
		}
	}
}

Test(backoff, the_schedule_doubles_then_stays_at_the_cap)
{
	static const double ceilings[] = { 1, 2, 4, 8, 16, 32, 60, 60, 60 };
	struct backoff b;

	backoff_init(&b, 1.0, 60.0, 42);
	for (size_t i = 0; i < sizeof(ceilings) / sizeof(ceilings[0]); i++) {
		cr_assert_float_eq(backoff_ceiling(&b), ceilings[i], 1e-12, "step %zu", i);
		backoff_next(&b);
	}
	/* Thousands of failures later the delay is still capped, never inf/NaN. */
	for (int i = 0; i < 5000; i++) {
		double d = backoff_next(&b);

		cr_assert(isfinite(d) && d >= 30.0 && d <= 60.0, "%f", d);
	}
	cr_assert_float_eq(backoff_ceiling(&b), 60.0, 1e-12);
}

Test(backoff, reset_starts_again_from_base)
{
	struct backoff b;

	backoff_init(&b, 1.0, 60.0, 7);
	for (int i = 0; i < 12; i++) {
		backoff_next(&b);
	}
	cr_assert_float_eq(backoff_ceiling(&b), 60.0, 1e-12);
	backoff_reset(&b);
	cr_assert_float_eq(backoff_ceiling(&b), 1.0, 1e-12);
	double d = backoff_next(&b);
	cr_assert(d >= 0.5 && d <= 1.0, "%f", d);
	cr_assert_float_eq(backoff_ceiling(&b), 2.0, 1e-12);
}

Test(backoff, the_same_seed_gives_the_same_schedule)
{
	struct backoff a, b, c;
	int differ = 0;

	backoff_init(&a, 1.0, 60.0, 0x1234abcdULL);
	backoff_init(&b, 1.0, 60.0, 0x1234abcdULL);
	backoff_init(&c, 1.0, 60.0, 0x1234abceULL);
	for (int i = 0; i < 100; i++) {
		double x = backoff_next(&a), y = backoff_next(&b), z = backoff_next(&c);

		cr_assert_eq(x, y, "step %d: %a != %a", i, x, y);
		differ += x != z;
		if (i == 50) {
			backoff_reset(&a);
			backoff_reset(&b);
			backoff_reset(&c);
		}
	}
	cr_assert_gt(differ, 90, "a different seed must give different jitter");
}

Test(backoff, jitter_spreads_over_the_whole_window)
{
	/* 2000 first delays from as many seeds (terminals that lost the server
	 * together): they must not bunch up in one part of [0.5, 1]. */
	int bins[5] = { 0 };
	double sum = 0.0;

	for (uint64_t seed = 1; seed <= 2000; seed++) {
		struct backoff b;
		double d;

		backoff_init(&b, 1.0, 60.0, seed * 0x9e3779b97f4a7c15ULL);
		d = backoff_next(&b);
		sum += d;
		bins[(int)((d - 0.5) / 0.1) > 4 ? 4 : (int)((d - 0.5) / 0.1)]++;
	}
	for (int i = 0; i < 5; i++) {
		cr_assert(bins[i] > 300 && bins[i] < 500, "bin %d holds %d of 2000", i, bins[i]);
	}
	cr_assert_float_eq(sum / 2000.0, 0.75, 0.01);
}

Test(backoff, nonsense_parameters_are_made_safe)
{
	struct backoff b;
	double d;

	backoff_init(&b, 0.0, 60.0, 1);
	cr_assert_float_eq(b.base, 1.0, 1e-12);
	backoff_init(&b, NAN, NAN, 1);
	cr_assert_float_eq(b.base, 1.0, 1e-12);
	cr_assert_float_eq(b.cap, 1.0, 1e-12);
	/* A cap below base: a constant ceiling of base. */
	backoff_init(&b, 5.0, 2.0, 1);
	for (int i = 0; i < 10; i++) {
		d = backoff_next(&b);
		cr_assert(d >= 2.5 && d <= 5.0, "%f", d);
	}
	backoff_init(&b, -3.0, INFINITY, 1);
	cr_assert_float_eq(b.base, 1.0, 1e-12);
	cr_assert_float_eq(b.cap, 1.0, 1e-12);
}

Test(backoff, other_bases_and_caps)
{
	struct backoff b;

	backoff_init(&b, 0.25, 5.0, 99);
	static const double ceilings[] = { 0.25, 0.5, 1, 2, 4, 5, 5 };
	for (size_t i = 0; i < sizeof(ceilings) / sizeof(ceilings[0]); i++) {
		double d = backoff_next(&b);

		cr_assert(d >= ceilings[i] / 2 && d <= ceilings[i], "step %zu: %f", i, d);
	}
}
