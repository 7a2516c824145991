/*
 * The REST router of ms5sim: turns an HTTP request's method, path, query
 * arguments and body into the route the server answers and its
 * arguments. Pure (no sockets, no model), so that it can be fuzzed and
 * unit-tested; sim_server.c does the answering.
 *
 * GET  /metrics, /health and /              plain answers
 * GET  /api/v1/andon/events/active, /api/v1/andon/events (line_id,
 *      status, priority, skip, limit), /api/v1/dashboard/lines and
 *      /api/v1/dashboard/summary             need a bearer token
 * POST /api/v1/auth/login {"username","password"} and
 *      /api/v1/auth/refresh {"refresh_token"} with a JSON object body
 * Anything else: 404, or 405 for a known path with the wrong method (and
 * for any method but GET and POST); a POST body over the cap is 413, and
 * a body that is not a JSON object or lacks a field is 422.
 */
#ifndef MS5SIM_SIM_REQUEST_H
#define MS5SIM_SIM_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

enum sim_route_kind {
	SIM_ROUTE_NOT_FOUND,       /* 404 */
	SIM_ROUTE_NOT_ALLOWED,     /* 405 */
	SIM_ROUTE_TOO_LARGE,       /* 413 */
	SIM_ROUTE_MISSING,         /* 422: route.missing names the field */
	SIM_ROUTE_METRICS,
	SIM_ROUTE_HEALTH,
	SIM_ROUTE_EVENTS_ACTIVE,   /* these four need a bearer token */
	SIM_ROUTE_EVENTS,
	SIM_ROUTE_LINES,
	SIM_ROUTE_SUMMARY,
	SIM_ROUTE_LOGIN,           /* route.username, route.password */
	SIM_ROUTE_REFRESH,         /* route.refresh_token */
};

struct sim_request {
	const char *method;        /* "GET", "POST", ... */
	const char *path;          /* without the query */
	/* The query arguments as the server split them at '&', decoded:
	 * "name=value" each (NULL entries are passed over). */
	const char *const *args;
	size_t n_args;
	const char *body;          /* POST: the body (need not be terminated) */
	size_t body_len;
	bool body_over;            /* the body was cut at the server's cap */
};

struct sim_route {
	enum sim_route_kind kind;
	bool auth;                 /* answer only with a valid bearer token */
	const char *missing;       /* SIM_ROUTE_MISSING: "body", "username", ... */
	/* SIM_ROUTE_EVENTS: the filters (NULL: any; longer ones are ignored
	 * like absent ones) and the page. */
	const char *line_id, *status, *priority;
	long skip, limit;
	/* SIM_ROUTE_LOGIN and SIM_ROUTE_REFRESH: strings of the body. */
	const char *username, *password, *refresh_token;
	/* Owned: the parsed body, and copies the strings above point into. */
	void *json;
	char line_buf[96], status_buf[32], priority_buf[32];
};

/* Routes req into r; its strings live until sim_route_finish(r). */
void sim_route(const struct sim_request *req, struct sim_route *r);
void sim_route_finish(struct sim_route *r);

/* An HTTP status code of the route (200 for the answered ones). */
int sim_route_status(enum sim_route_kind kind);

#endif
