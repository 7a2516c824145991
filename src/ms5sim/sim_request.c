/*
 * The REST router of ms5sim. See sim_request.h.
 */
#include "sim_request.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define LOGIN "/api/v1/auth/login"
#define REFRESH "/api/v1/auth/refresh"

/* The GET routes, by path. */
static const struct {
	const char *path;
	enum sim_route_kind kind;
	bool auth;
} get_routes[] = {
	{ "/metrics", SIM_ROUTE_METRICS, false },
	{ "/health", SIM_ROUTE_HEALTH, false },
	{ "/", SIM_ROUTE_HEALTH, false },
	{ LOGIN, SIM_ROUTE_NOT_ALLOWED, false },
	{ REFRESH, SIM_ROUTE_NOT_ALLOWED, false },
	{ "/api/v1/andon/events/active", SIM_ROUTE_EVENTS_ACTIVE, true },
	{ "/api/v1/andon/events", SIM_ROUTE_EVENTS, true },
	{ "/api/v1/dashboard/lines", SIM_ROUTE_LINES, true },
	{ "/api/v1/dashboard/summary", SIM_ROUTE_SUMMARY, true },
};

int sim_route_status(enum sim_route_kind kind)
{
	switch (kind) {
	case SIM_ROUTE_NOT_FOUND:
		return 404;
	case SIM_ROUTE_NOT_ALLOWED:
		return 405;
	case SIM_ROUTE_TOO_LARGE:
		return 413;
	case SIM_ROUTE_MISSING:
		return 422;
	default:
		return 200;
	}
}

/* The value of the argument name (written "name=value"), copied into buf;
 * NULL when absent or when it does not fit. */
static const char *arg(const struct sim_request *req, const char *name, char *buf, size_t size)
{
	size_t nl = strlen(name);

	for (size_t i = 0; i < req->n_args; i++) {
		const char *a = req->args[i];

		if (a && !strncmp(a, name, nl) && a[nl] == '=' && strlen(a + nl + 1) < size) {
			memcpy(buf, a + nl + 1, strlen(a + nl + 1) + 1);
			return buf;
		}
	}
	return NULL;
}

/* A whole-number argument clamped to lo..hi; def when absent or not a
 * number. */
static long arg_long(const struct sim_request *req, const char *name, long def, long lo, long hi)
{
	char buf[32];
	const char *v = arg(req, name, buf, sizeof(buf));
	char *end;
	long n;

	if (!v) {
		return def;
	}
	n = strtol(v, &end, 10);
	if (end == v || *end) {
		return def;
	}
	return n < lo ? lo : n > hi ? hi : n;
}

static void route_get(const struct sim_request *req, struct sim_route *r)
{
	for (size_t i = 0; i < sizeof(get_routes) / sizeof(get_routes[0]); i++) {
		if (!strcmp(req->path, get_routes[i].path)) {
			r->kind = get_routes[i].kind;
			r->auth = get_routes[i].auth;
			break;
		}
	}
	if (r->kind == SIM_ROUTE_EVENTS) {
		r->line_id = arg(req, "line_id", r->line_buf, sizeof(r->line_buf));
		r->status = arg(req, "status", r->status_buf, sizeof(r->status_buf));
		r->priority = arg(req, "priority", r->priority_buf, sizeof(r->priority_buf));
		r->skip = arg_long(req, "skip", 0, 0, 1000000);
		r->limit = arg_long(req, "limit", 100, 0, 1000);
	}
}

static const char *json_string(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void route_post(const struct sim_request *req, struct sim_route *r)
{
	bool login = !strcmp(req->path, LOGIN);
	cJSON *j;

	if (req->body_over) {
		r->kind = SIM_ROUTE_TOO_LARGE;
		return;
	}
	if (!login && strcmp(req->path, REFRESH)) {
		r->kind = strncmp(req->path, "/api/", 5) ? SIM_ROUTE_NOT_FOUND : SIM_ROUTE_NOT_ALLOWED;
		return;
	}
	r->kind = SIM_ROUTE_MISSING;
	j = cJSON_ParseWithLength(req->body ? req->body : "", req->body ? req->body_len : 0);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		r->missing = "body";
		return;
	}
	r->json = j;
	if (login) {
		r->username = json_string(j, "username");
		r->password = json_string(j, "password");
		r->missing = !r->username ? "username" : !r->password ? "password" : NULL;
	} else {
		r->refresh_token = json_string(j, "refresh_token");
		r->missing = r->refresh_token ? NULL : "refresh_token";
	}
	if (!r->missing) {
		r->kind = login ? SIM_ROUTE_LOGIN : SIM_ROUTE_REFRESH;
	}
}

void sim_route(const struct sim_request *req, struct sim_route *r)
{
	memset(r, 0, sizeof(*r));
	r->kind = SIM_ROUTE_NOT_FOUND;
	if (!req->method || !req->path) {
		r->kind = SIM_ROUTE_NOT_ALLOWED;
	} else if (!strcmp(req->method, "GET")) {
		route_get(req, r);
	} else if (!strcmp(req->method, "POST")) {
		route_post(req, r);
	} else {
		r->kind = SIM_ROUTE_NOT_ALLOWED;
	}
}

void sim_route_finish(struct sim_route *r)
{
	cJSON_Delete(r->json);
	memset(r, 0, sizeof(*r));
}
