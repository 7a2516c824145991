/*
 * Token arithmetic for the MS5 login: when to refresh an access token, and
 * the expiry claim of a JWT when the login answer gives no expires_in.
 * Pure functions.
 */
#ifndef MS5TOP_TOKEN_H
#define MS5TOP_TOKEN_H

#include <stdbool.h>

/* Seconds from now until the token should be refreshed, for a token that
 * lives `lifetime` seconds from now: at 80 % of its life, but at least 30 s
 * before it expires when it lives long enough, and never sooner than 1 s
 * (a server that hands out expired tokens must not make us spin). */
double token_refresh_in(double lifetime);

/* The "exp" claim (Unix seconds) of a JWT's payload (the base64url middle
 * part), without checking the signature: it only tells us when to refresh.
 * false when token is not a JWT or has no numeric exp. */
bool jwt_exp(const char *token, double *exp);

#endif
