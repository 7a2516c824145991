/*
 * Opaque bearer tokens for ms5sim's login: random strings with an expiry,
 * kept in a bounded table. Pure: the caller passes the time (seconds on
 * any monotonic clock) and the random bytes, so tests can drive expiry.
 *
 * Access tokens start with "at_", refresh tokens with "rt_", then 48 hex
 * digits. A refresh token is single-use (refreshing rotates the pair).
 * When the table is full, the token closest to expiry is forgotten.
 */
#ifndef MS5SIM_SIM_AUTH_H
#define MS5SIM_SIM_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#define SIM_TOKEN_LEN 51        /* "at_" + 48 hex digits */
#define SIM_TOKEN_RANDOM 24     /* random bytes per token */

enum sim_token_kind { SIM_TOKEN_ACCESS, SIM_TOKEN_REFRESH };

struct sim_auth;

struct sim_auth *sim_auth_create(size_t capacity);
void sim_auth_destroy(struct sim_auth *a);   /* NULL is fine */

/* Issues a token valid for ttl seconds from now into out (>= 52 bytes). */
void sim_auth_issue(struct sim_auth *a, enum sim_token_kind kind,
	const unsigned char random[SIM_TOKEN_RANDOM], double now, double ttl, char *out);
/* True when token is a known, unexpired token of that kind. */
bool sim_auth_valid(const struct sim_auth *a, enum sim_token_kind kind, const char *token, double now);
/* Forgets a token; true when it was known and valid. */
bool sim_auth_take(struct sim_auth *a, enum sim_token_kind kind, const char *token, double now);
/* Number of unexpired tokens. */
size_t sim_auth_count(const struct sim_auth *a, double now);

/* Compares user/password with the configured pair without leaking where
 * they differ through timing. */
bool sim_auth_credentials(const char *want_user, const char *want_pass, const char *user,
	const char *pass);

#endif
