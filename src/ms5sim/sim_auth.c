/*
 * Bearer tokens with expiry. See sim_auth.h.
 */
#include "sim_auth.h"

#include <stdlib.h>
#include <string.h>

#include "ms5top/xalloc.h"

struct entry {
	char token[SIM_TOKEN_LEN + 1];   /* "" = free */
	double expires;
};

struct sim_auth {
	struct entry *e;
	size_t cap;
};

struct sim_auth *sim_auth_create(size_t capacity)
{
	struct sim_auth *a = xcalloc(1, sizeof(*a));

	a->cap = capacity ? capacity : 1;
	a->e = xcalloc(a->cap, sizeof(*a->e));
	return a;
}

void sim_auth_destroy(struct sim_auth *a)
{
	if (a) {
		free(a->e);
		free(a);
	}
}

static const char *prefix(enum sim_token_kind kind)
{
	return kind == SIM_TOKEN_ACCESS ? "at_" : "rt_";
}

void sim_auth_issue(struct sim_auth *a, enum sim_token_kind kind,
	const unsigned char random[SIM_TOKEN_RANDOM], double now, double ttl, char *out)
{
	static const char hex[] = "0123456789abcdef";
	struct entry *slot = NULL;

	memcpy(out, prefix(kind), 3);
	for (size_t i = 0; i < SIM_TOKEN_RANDOM; i++) {
		out[3 + 2 * i] = hex[random[i] >> 4];
		out[4 + 2 * i] = hex[random[i] & 15];
	}
	out[SIM_TOKEN_LEN] = '\0';
	/* A free or expired slot, else the one that expires first. */
	for (size_t i = 0; i < a->cap; i++) {
		struct entry *e = &a->e[i];

		if (!e->token[0] || e->expires <= now) {
			slot = e;
			break;
		}
		if (!slot || e->expires < slot->expires) {
			slot = e;
		}
	}
	memcpy(slot->token, out, SIM_TOKEN_LEN + 1);
	slot->expires = now + ttl;
}

static struct entry *find(const struct sim_auth *a, enum sim_token_kind kind, const char *token,
	double now)
{
	if (!token || strlen(token) != SIM_TOKEN_LEN || memcmp(token, prefix(kind), 3) != 0) {
		return NULL;
	}
	for (size_t i = 0; i < a->cap; i++) {
		struct entry *e = &a->e[i];

		if (e->token[0] && e->expires > now && !memcmp(e->token, token, SIM_TOKEN_LEN)) {
			return e;
		}
	}
	return NULL;
}

bool sim_auth_valid(const struct sim_auth *a, enum sim_token_kind kind, const char *token, double now)
{
	return find(a, kind, token, now) != NULL;
}

bool sim_auth_take(struct sim_auth *a, enum sim_token_kind kind, const char *token, double now)
{
	struct entry *e = find(a, kind, token, now);

	if (!e) {
		return false;
	}
	e->token[0] = '\0';
	return true;
}

size_t sim_auth_count(const struct sim_auth *a, double now)
{
	size_t n = 0;

	for (size_t i = 0; i < a->cap; i++) {
		n += a->e[i].token[0] && a->e[i].expires > now;
	}
	return n;
}

/* Constant-time equality over the longer of the two strings. */
static bool same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = la > lb ? la : lb;
	unsigned diff = (unsigned)(la ^ lb);

	for (size_t i = 0; i < n; i++) {
		unsigned char ca = i < la ? (unsigned char)a[i] : 0;
		unsigned char cb = i < lb ? (unsigned char)b[i] : 0;

		diff |= (unsigned)(ca ^ cb);
	}
	return diff == 0;
}

bool sim_auth_credentials(const char *want_user, const char *want_pass, const char *user,
	const char *pass)
{
	bool u, p;

	if (!user || !pass) {
		return false;
	}
	u = same(want_user, user);
	p = same(want_pass, pass);
	return u && p;
}
