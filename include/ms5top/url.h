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

#endif
