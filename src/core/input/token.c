/*
 * Token arithmetic. See token.h.
 */
#include "ms5top/token.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/json.h"

#define JWT_MAX 8192

double token_refresh_in(double lifetime)
{
	double in;

	if (!isfinite(lifetime) || lifetime <= 1) {
		return 1;
	}
	in = lifetime * 0.8;
	if (lifetime > 60 && lifetime - in < 30) {
		in = lifetime - 30;
	}
	return in < 1 ? 1 : in;
}

static int b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z') {
		return c - 'A';
	}
	if (c >= 'a' && c <= 'z') {
		return c - 'a' + 26;
	}
	if (c >= '0' && c <= '9') {
		return c - '0' + 52;
	}
	if (c == '-' || c == '+') {
		return 62;
	}
	if (c == '_' || c == '/') {
		return 63;
	}
	return -1;
}

/* Decodes n base64url characters into out (at least n * 3 / 4 + 1 bytes);
 * returns the length, or -1 on a bad character. */
static long b64url_decode(const char *in, size_t n, unsigned char *out)
{
	unsigned long acc = 0;
	int bits = 0;
	long len = 0;

	for (size_t i = 0; i < n; i++) {
		int v;

		if (in[i] == '=') {
			break;
		}
		if ((v = b64url_value(in[i])) < 0) {
			return -1;
		}
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[len++] = (unsigned char)((acc >> bits) & 0xFF);
		}
	}
	return len;
}

bool jwt_exp(const char *token, double *exp)
{
	const char *a, *b;
	unsigned char *payload;
	long len;
	cJSON *doc, *e;
	bool ok = false;

	if (!token || strnlen(token, JWT_MAX + 1) > JWT_MAX || !(a = strchr(token, '.')) ||
		!(b = strchr(a + 1, '.'))) {
		return false;
	}
	payload = malloc((size_t)(b - a) + 1);
	if (!payload) {
		return false;
	}
	len = b64url_decode(a + 1, (size_t)(b - a - 1), payload);
	if (len > 0) {
		doc = json_parse((const char *)payload, (size_t)len, JWT_MAX, JSON_UTF8_REFUSE, NULL);
		e = cJSON_GetObjectItemCaseSensitive(doc, "exp");
		if (cJSON_IsNumber(e) && isfinite(e->valuedouble)) {
			*exp = e->valuedouble;
			ok = true;
		}
		cJSON_Delete(doc);
	}
	free(payload);
	return ok;
}
