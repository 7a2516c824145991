/*
 * The Andon stream client: libwebsockets as a client on OUR libuv loop
 * (a foreign loop), plus the MS5 REST calls that go with it over the shared
 * HTTP client: login and token refresh, and the resync of active events.
 *
 * It connects, subscribes, heartbeats, and reconnects after a drop, a close,
 * system_shutdown or two missed heartbeats, with capped exponential backoff
 * and jitter. A close with 1008/1011 (the backend's "bad token") triggers one
 * token refresh or re-login, then backoff; the status says "authentication
 * failed" rather than looping silently. On every (re)connect the active
 * events are fetched over REST, so nothing is lost across a disconnect.
 *
 * Decoded frames and resync lists are handed to the owner's hooks; the
 * client keeps no Andon state of its own.
 */
#ifndef MS5TOP_ANDON_CLIENT_H
#define MS5TOP_ANDON_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "http.h"
#include "ms5top/andon.h"

struct andon_client;

struct andon_client_options {
	const char *url;            /* ws[s]://host:port/ws/ */
	const char *api_url;        /* http[s] base of the REST API; NULL: derived from url */
	const char *token;          /* a fixed access token, or NULL */
	const char *token_file;     /* re-read before each connection, or NULL */
	const char *user, *password;/* MS5 login, or NULL */
	const char *ca_file, *cert, *key;
	bool insecure;
	char *const *lines;         /* line ids to subscribe to; none: all */
	size_t n_lines;
	double heartbeat;           /* seconds; 0 means 30 */
	uint64_t seed;              /* jitter seed; 0: from the clock */
};

enum andon_conn {
	ANDON_CONN_IDLE = 0,
	ANDON_CONN_LOGIN,        /* logging in or refreshing the token */
	ANDON_CONN_CONNECTING,
	ANDON_CONN_UP,
	ANDON_CONN_RETRY,        /* down; reconnecting at retry_in */
	ANDON_CONN_AUTH_FAILED,  /* the server refused the token; retrying later */
};

struct andon_client_status {
	enum andon_conn conn;
	char detail[256];        /* why, in plain words ("connection refused", ...) */
	double retry_in;         /* seconds until the next attempt (RETRY, AUTH_FAILED) */
	unsigned long connects;  /* successful connections so far */
	unsigned long frames, malformed, unknown, oversized, binary;
	char user_role[32];      /* the MS5 role the login named ("" when unknown) */
	char resync_error[160];  /* why the last REST resync failed, "" after a success */
};

struct andon_client_hooks {
	/* A decoded frame (every kind, CONTROL included). */
	void (*message)(void *ud, const struct andon_msg *m);
	/* The active events from REST after a (re)connect. */
	void (*resync)(void *ud, const struct andon_event *events, size_t n);
	/* The connection state changed (or its counters, at most once a frame). */
	void (*status)(void *ud, const struct andon_client_status *s);
};

struct andon_client *andon_client_create(uv_loop_t *loop, struct http *http,
	const struct andon_client_options *o, const struct andon_client_hooks *hooks,
	void *ud, char *error, size_t error_size);
void andon_client_start(struct andon_client *c);
/* Shutting down takes two steps around the loop: andon_client_destroy
 * closes the connection and starts closing the handles, the loop then runs
 * until they have closed, and andon_client_free releases the rest. NULL is
 * fine for both. */
void andon_client_destroy(struct andon_client *c);
void andon_client_free(struct andon_client *c);
const struct andon_client_status *andon_client_status(const struct andon_client *c);
const char *andon_conn_name(enum andon_conn c);

#endif
