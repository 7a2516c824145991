/*
 * libFuzzer target for ms5sim's REST router (src/ms5sim/sim_request.c).
 * An input is a request written as lines: the method, the path, the query
 * arguments joined by '&' (the way the server hands them over, already
 * split), then the body, every byte of it. A leading '!' marks the body as
 * cut at the server's cap. Besides the sanitizers' checks it asserts the
 * promises of sim_request.h: only GET and POST are routed, a route's kind
 * and its arguments agree (a 422 names its field, a login has both strings,
 * only the four plant bodies need a token), the page stays within its
 * bounds, a filter is the first matching argument's value that fits, and
 * routing twice gives the same route.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 16

/* The next line of [*p, end) as a string (the '\n' becomes '\0'). */
static char *next_line(char **p, char *end)
{
	char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));

	if (!nl) {
		*p = end;
		return s;
	}
	*nl = '\0';
	*p = nl + 1;
	return s;
}

static bool needs_token(enum sim_route_kind k)
{
	return k == SIM_ROUTE_EVENTS_ACTIVE || k == SIM_ROUTE_EVENTS || k == SIM_ROUTE_LINES ||
		k == SIM_ROUTE_SUMMARY;
}

/* A filter is NULL, or the value of the first argument called name that
 * fits (a longer one counts as absent). */
static void check_filter(const char *v, const char *name, size_t cap, const struct sim_request *req)
{
	size_t nl = strlen(name);

	if (!v) {
		return;
	}
	if (strlen(v) >= cap) {
		abort();
	}
	for (size_t i = 0; i < req->n_args; i++) {
		const char *a = req->args[i];

		if (a && !strncmp(a, name, nl) && a[nl] == '=' && strlen(a + nl + 1) < cap) {
			if (strcmp(a + nl + 1, v) != 0) {
				abort();
			}
			return;
		}
	}
	abort();
}

static void check(const struct sim_request *req, const struct sim_route *r)
{
	bool get = !strcmp(req->method, "GET"), post = !strcmp(req->method, "POST");

	if ((unsigned)r->kind > SIM_ROUTE_REFRESH || r->auth != needs_token(r->kind)) {
		abort();
	}
	if (!get && !post && r->kind != SIM_ROUTE_NOT_ALLOWED) {
		abort();
	}
	if ((r->kind == SIM_ROUTE_MISSING) != (r->missing != NULL)) {
		abort();
	}
	if (post ? r->auth || r->kind == SIM_ROUTE_METRICS || r->kind == SIM_ROUTE_HEALTH
		: r->kind == SIM_ROUTE_MISSING || r->kind == SIM_ROUTE_TOO_LARGE || r->json) {
		abort();
	}
	if (r->kind == SIM_ROUTE_LOGIN && (!r->username || !r->password)) {
		abort();
	}
	if (r->kind == SIM_ROUTE_REFRESH && !r->refresh_token) {
		abort();
	}
	if (r->kind == SIM_ROUTE_EVENTS) {
		if (r->skip < 0 || r->skip > 1000000 || r->limit < 0 || r->limit > 1000) {
			abort();
		}
		check_filter(r->line_id, "line_id", sizeof(r->line_buf), req);
		check_filter(r->status, "status", sizeof(r->status_buf), req);
		check_filter(r->priority, "priority", sizeof(r->priority_buf), req);
	}
	if (sim_route_status(r->kind) < 200 || sim_route_status(r->kind) > 422) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *p = buf, *end = buf + size, *query;
	const char *args[MAX_ARGS];
	struct sim_request req = { .args = args };
	struct sim_route r, again;

	memcpy(buf, data, size);
	buf[size] = '\0';
	if (p < end && *p == '!') {
		req.body_over = true;
		p++;
	}
	req.method = next_line(&p, end);
	req.path = next_line(&p, end);
	query = next_line(&p, end);
	while (req.n_args < MAX_ARGS && query) {
		char *amp = strchr(query, '&');

		if (amp) {
			*amp = '\0';
		}
		args[req.n_args++] = query[0] ? query : NULL;
		query = amp ? amp + 1 : NULL;
	}
	req.body = p;
	req.body_len = (size_t)(end - p);
	sim_route(&req, &r);
	check(&req, &r);
	sim_route(&req, &again);
	if (again.kind != r.kind || again.skip != r.skip || again.limit != r.limit) {
		abort();
	}
	sim_route_finish(&again);
	sim_route_finish(&r);
	free(buf);
	return 0;
}
