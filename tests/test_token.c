#include <criterion/criterion.h>
#include <math.h>

#include "ms5top/token.h"

Test(token, refresh_schedule)
{
	/* The backend's default: 30 minutes, refreshed at 24 minutes. */
	cr_assert_float_eq(token_refresh_in(1800), 1440, 1e-9);
	/* Two minutes: 80 % would leave 24 s, so 30 s before expiry instead. */
	cr_assert_float_eq(token_refresh_in(120), 90, 1e-9);
	/* Short-lived tokens: 80 %, never under a second. */
	cr_assert_float_eq(token_refresh_in(10), 8, 1e-9);
	cr_assert_float_eq(token_refresh_in(1), 1, 1e-9);
	cr_assert_float_eq(token_refresh_in(0), 1, 1e-9);
	cr_assert_float_eq(token_refresh_in(-50), 1, 1e-9);
	cr_assert_float_eq(token_refresh_in(NAN), 1, 1e-9);
	cr_assert_float_eq(token_refresh_in(INFINITY), 1, 1e-9);
}

Test(token, jwt_exp_claim)
{
	double exp = 0;
	/* {"alg":"HS256","typ":"JWT"} . {"sub":"demo","exp":1795000000} . sig */
	const char *jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
		"eyJzdWIiOiJkZW1vIiwiZXhwIjoxNzk1MDAwMDAwfQ.c2lnbmF0dXJl";

	cr_assert(jwt_exp(jwt, &exp));
	cr_assert_float_eq(exp, 1795000000, 1e-3);
}

Test(token, jwt_hostile)
{
	double exp = 42;

	cr_assert_not(jwt_exp(NULL, &exp));
	cr_assert_not(jwt_exp("", &exp));
	cr_assert_not(jwt_exp("opaque-token", &exp));
	cr_assert_not(jwt_exp("a.b", &exp));
	cr_assert_not(jwt_exp("a..c", &exp));
	cr_assert_not(jwt_exp("a.!!!!.c", &exp));
	/* {"exp":"soon"}: not a number. */
	cr_assert_not(jwt_exp("x.eyJleHAiOiJzb29uIn0.y", &exp));
	/* [1,2]: not an object. */
	cr_assert_not(jwt_exp("x.WzEsMl0.y", &exp));
	cr_assert_float_eq(exp, 42, 1e-9);
}
