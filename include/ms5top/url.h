/*
 * URL pieces built without a network library: percent-encoding, form
 * encoding and joining a base URL with an API path. Pure functions.
 */
#ifndef MS5TOP_URL_H
#define MS5TOP_URL_H

#include <stdbool.h>
#include "ms5top/strbuf.h"

/* Appends s percent-encoded (RFC 3986: unreserved bytes A-Z a-z 0-9 - . _ ~
 * kept, every other byte as %XX, so UTF-8 is encoded byte by byte). With
 * form=true a space becomes '+' (application/x-www-form-urlencoded). */
bool url_encode(struct strbuf *out, const char *s, bool form);

/* Returns base + path as an owned string, with exactly one '/' between them
 * ("http://h:9090/prom/" + "/api/v1/query"). */
char *url_join(const char *base, const char *path);

/* The spans of a URL's scheme and authority ("user@host:port" between
 * "://" and the first '/', '?' or '#'), without copying; false when it has
 * no "://" (the authority is then what comes first). The one place that finds them: splitting, checking and
 * masking URLs all start here. */
struct url_spans {
	size_t scheme_len;
	const char *auth;
	size_t auth_len;
	const char *at;    /* the last '@' of the authority (credentials end), or NULL */
};
bool url_spans(const char *url, struct url_spans *out);

/* Splits an http, https, ws or wss URL. Returns false for anything else.
 * scheme, host and path are owned by the caller; port is filled from the
 * scheme when absent; path is "/" when absent and keeps the query string. */
struct url_parts {
	char *scheme;
	char *host;   /* Without brackets for IPv6 literals. */
	int port;
	char *path;
};
bool url_split(const char *url, struct url_parts *out);
void url_parts_finish(struct url_parts *p);
/* The http(s) origin of split parts, "https://[::1]:8443/": a ws URL's
 * host as HTTP (wss and https give https). Owned by the caller. */
char *url_origin(const struct url_parts *p);

#endif
