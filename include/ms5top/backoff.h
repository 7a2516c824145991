/*
 * Reconnect delays: capped exponential backoff with "equal jitter".
 *
 * The n-th delay after init or reset (n = 0, 1, 2, ...) has the ceiling
 * c = min(cap, base * 2^n) and is drawn uniformly from [c/2, c]: half of it
 * fixed, half random. Equal jitter rather than full jitter ([0, c]): a client
 * that the server has just refused (a bad token, a restart) must not come
 * back a few milliseconds later, and the fixed half guarantees a real pause,
 * while the random half still spreads out a floor full of terminals that lost
 * the server at the same moment. With base 1 s and cap 60 s the delays lie in
 * [0.5, 1], [1, 2], [2, 4], [4, 8], [8, 16], [16, 32], then [30, 60] for ever.
 *
 * The random numbers come from a splitmix64 generator kept in the struct: no
 * global state, no clock, and the same seed always gives the same schedule,
 * so tests can check it. The struct is plain data; it needs no finish.
 */
#ifndef MS5TOP_BACKOFF_H
#define MS5TOP_BACKOFF_H

#include <stdint.h>

struct backoff {
	double base;        /* seconds: the ceiling of the first delay */
	double cap;         /* seconds: no ceiling is ever higher */
	unsigned attempt;   /* delays handed out since the last reset (saturates) */
	uint64_t rng;       /* splitmix64 state */
};

/* Sets up a schedule. base must be finite and > 0 (otherwise 1 s is used);
 * cap must be finite and >= base (otherwise cap = base, a constant ceiling).
 * Any seed is fine, 0 included. */
void backoff_init(struct backoff *b, double base, double cap, uint64_t seed);

/* Returns the next delay in seconds and moves the schedule on. */
double backoff_next(struct backoff *b);

/* Returns the ceiling c of the delay that backoff_next would return now. */
double backoff_ceiling(const struct backoff *b);

/* Starts the schedule again from base (after a connection that stayed up).
 * The generator is not reseeded, so the jitter differs from the first run. */
void backoff_reset(struct backoff *b);

#endif
