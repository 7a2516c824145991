/*
 * URL pieces: percent-encoding, form encoding, joining and splitting. Pure
 * string work, no network library, so request building can be unit tested.
 */
#include "ms5top/url.h"

#include <stdlib.h>
#include <string.h>

#include "ms5top/xalloc.h"

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		(c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

bool url_encode(struct strbuf *out, const char *s, bool form)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };
		bool ok;

		if (unreserved(*p)) {
			ok = strbuf_putc(out, (char)*p);
		} else if (form && *p == ' ') {
			ok = strbuf_putc(out, '+');
		} else {
			ok = strbuf_append(out, esc, sizeof(esc));
		}
		if (!ok) {
			return false;
		}
	}
	return true;
}

char *url_join(const char *base, const char *path)
{
	size_t blen = strlen(base);

	while (blen > 0 && base[blen - 1] == '/') {
		blen--;
	}
	while (*path == '/') {
		path++;
	}
	return xasprintf("%.*s/%s", (int)blen, base, path);
}

/* The default port of a scheme, or 0 for a scheme we do not speak. */
static int default_port(const char *scheme)
{
	static const struct { const char *name; int port; } schemes[] = {
		{ "http", 80 }, { "https", 443 }, { "ws", 80 }, { "wss", 443 },
	};

	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		if (strcmp(scheme, schemes[i].name) == 0) {
			return schemes[i].port;
		}
	}
	return 0;
}

bool url_spans(const char *url, struct url_spans *out)
{
	const char *sep = strstr(url, "://");

	memset(out, 0, sizeof(*out));
	out->scheme_len = sep ? (size_t)(sep - url) : 0;
	out->auth = sep ? sep + 3 : url;
	out->auth_len = strcspn(out->auth, "/?#");
	for (size_t i = 0; i < out->auth_len; i++) {
		if (out->auth[i] == '@') {
			out->at = out->auth + i;
		}
	}
	return sep != NULL;
}

/* The first n bytes of s in lower case (ASCII only, whatever the locale). Owned. */
static char *lower_dup(const char *s, size_t n)
{
	char *d = xstrndup(s, n);

	for (char *c = d; *c; c++) {
		if (*c >= 'A' && *c <= 'Z') {
			*c = (char)(*c - 'A' + 'a');
		}
	}
	return d;
}

/* Splits the authority [host, end) ("name", "name:port", "[v6]" or
 * "[v6]:port") into the host (owned, into *out) and where its port starts
 * (*port_at, NULL: none). */
static bool split_host(const char *host, const char *end, char **out, const char **port_at)
{
	const char *colon;

	*port_at = NULL;
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));

		if (!close || (close + 1 < end && close[1] != ':')) {
			return false;
		}
		*out = xstrndup(host + 1, (size_t)(close - host - 1));
		if (close + 1 < end) {
			*port_at = close + 2;
		}
		return true;
	}
	colon = memchr(host, ':', (size_t)(end - host));
	*out = xstrndup(host, (size_t)((colon ? colon : end) - host));
	if (colon) {
		*port_at = colon + 1;
	}
	return true;
}

/* A port number that fills [s, end): 1 to 65535. */
static bool port_in(const char *s, const char *end, long *port)
{
	char *stop;

	*port = strtol(s, &stop, 10);
	return stop == end && s != end && *port >= 1 && *port <= 65535;
}

bool url_split(const char *url, struct url_parts *out)
{
	struct url_spans sp;
	const char *end, *port_at = NULL;
	long port;

	memset(out, 0, sizeof(*out));
	/* Credentials in URLs are not supported: use the auth options. */
	if (!url_spans(url, &sp) || sp.scheme_len == 0 || sp.at) {
		return false;
	}
	out->scheme = lower_dup(url, sp.scheme_len);
	port = default_port(out->scheme);
	end = sp.auth + sp.auth_len;
	if (!port || !split_host(sp.auth, end, &out->host, &port_at) ||
		(port_at && !port_in(port_at, end, &port)) || !out->host[0]) {
		url_parts_finish(out);
		return false;
	}
	out->port = (int)port;
	out->path = *end == '/' ? xstrdup(end) : xasprintf("/%s", end);
	return true;
}

void url_parts_finish(struct url_parts *p)
{
	free(p->scheme);
	free(p->host);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

char *url_origin(const struct url_parts *p)
{
	bool tls = strcmp(p->scheme, "https") == 0 || strcmp(p->scheme, "wss") == 0;
	bool v6 = strchr(p->host, ':') != NULL;

	return xasprintf("%s://%s%s%s:%d/", tls ? "https" : "http", v6 ? "[" : "", p->host,
		v6 ? "]" : "", p->port);
}
