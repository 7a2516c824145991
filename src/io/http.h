/*
 * HTTP on the event loop: libcurl's multi interface driven through its socket
 * API by one libuv loop (each socket a uv_poll_t, curl's timeout a
 * uv_timer_t), as curl's own multi-uv example does. Nothing here blocks.
 *
 * Every request carries the client's auth (bearer token or basic auth, CA
 * file, client certificate, extra headers such as X-Scope-OrgID), a timeout,
 * and a capped response body. An identical request (same URL and body) that
 * is still in flight is not sent again.
 */
#ifndef MS5TOP_HTTP_H
#define MS5TOP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

struct http;

struct http_options {
	const char *bearer;            /* Authorization: Bearer (copied); NULL for none */
	const char *user, *password;   /* basic auth when both set and no bearer (copied) */
	const char *ca_file, *cert, *key;
	bool insecure;                 /* skip TLS verification (only by explicit flag) */
	char *const *headers;          /* "Name: value" lines (copied) */
	size_t n_headers;
	double timeout;                /* seconds, whole transfer */
	size_t max_body;               /* response cap in bytes; 0 = PROM_MAX_BODY */
};

struct http_request {
	const char *url;
	const char *body;          /* POST body, or NULL for GET */
	const char *content_type;  /* of the body; default application/x-www-form-urlencoded */
	const char *bearer;        /* overrides the client's auth for this request (MS5 REST) */
	bool no_auth;              /* send no Authorization at all (MS5 login) */
	bool connect_only;         /* only open the TCP/TLS connection (reachability checks) */
};

struct http_response {
	long status;          /* HTTP status; 0 when no response arrived */
	const char *body;     /* NUL-terminated; "" when none */
	size_t len;
	const char *error;    /* transport failure in plain words, or NULL */
	double elapsed_ms;
};

/* Called once per sent request, from the loop; the response is valid only
 * during the call. The callback may send new requests. */
typedef void (*http_done_fn)(void *ud, const struct http_response *resp);

enum http_send_result { HTTP_SENT = 0, HTTP_BUSY, HTTP_FAILED };

struct http *http_create(uv_loop_t *loop, const struct http_options *opts);
/* Cancels every request without calling its callback, then frees. The loop
 * must run once more afterwards to close the handles (uv_run). NULL is fine. */
void http_destroy(struct http *h);
/* Starts a request. HTTP_BUSY: an identical one is in flight (nothing sent,
 * the callback will not be called for this call). */
enum http_send_result http_send(struct http *h, const struct http_request *req,
	http_done_fn done, void *ud);
/* Cancels every in-flight request whose ud matches, without callbacks. */
void http_cancel(struct http *h, void *ud);
size_t http_in_flight(const struct http *h);

#endif
