/*
 * Capped exponential backoff with equal jitter. See backoff.h.
 */
#include "ms5top/backoff.h"

#include <math.h>

/* Past this many doublings every finite cap has been reached long ago;
 * stopping the counter here keeps ldexp() and the counter in range. */
#define MAX_DOUBLINGS 63u

/* splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", 2014): a 64-bit counter stepped by the golden ratio, then
 * mixed. Every state, 0 included, is a good one. */
static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform double in [0, 1) from the top 53 bits. */
static double uniform(uint64_t *state)
{
	return (double)(splitmix64(state) >> 11) * 0x1.0p-53;
}

void backoff_init(struct backoff *b, double base, double cap, uint64_t seed)
{
	if (!isfinite(base) || base <= 0.0) {
		base = 1.0;
	}
	if (!isfinite(cap) || cap < base) {
		cap = base;
	}
	b->base = base;
	b->cap = cap;
	b->attempt = 0;
	b->rng = seed;
}

double backoff_ceiling(const struct backoff *b)
{
	double c = ldexp(b->base, (int)b->attempt);

	return c < b->cap ? c : b->cap;
}

double backoff_next(struct backoff *b)
{
	double c = backoff_ceiling(b);
	double half = c / 2.0;
	double d = half + half * uniform(&b->rng);

	if (b->attempt < MAX_DOUBLINGS) {
		b->attempt++;
	}
	/* half + half * u is at most c in exact arithmetic; rounding must not
	 * push it over. */
	return d < c ? d : c;
}

void backoff_reset(struct backoff *b)
{
	b->attempt = 0;
}
