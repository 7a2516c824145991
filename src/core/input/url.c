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

bool url_split(const char *url, struct url_parts *out)
{
	struct url_spans sp;
	const char *host, *end, *port_at = NULL;
	char *scheme;
	long port;

	memset(out, 0, sizeof(*out));
	if (!url_spans(url, &sp) || sp.scheme_len == 0) {
		return false;
	}
	scheme = xstrndup(url, sp.scheme_len);
	for (char *c = scheme; *c; c++) {
		if (*c >= 'A' && *c <= 'Z') {
			*c = (char)(*c - 'A' + 'a');   /* ASCII only, whatever the locale */
		}
	}
	port = default_port(scheme);
	if (!port) {
		free(scheme);
		return false;
	}
	host = sp.auth;
	end = host + sp.auth_len;
	if (sp.at) {
		free(scheme);   /* Credentials in URLs are not supported: use the auth options. */
		return false;
	}
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));

		if (!close) {
			free(scheme);
			return false;
		}
		out->host = xstrndup(host + 1, (size_t)(close - host - 1));
		if (close + 1 < end) {
			if (close[1] != ':') {
				free(scheme);
				free(out->host);
				out->host = NULL;
				return false;
			}
			port_at = close + 2;
		}
	} else {
		const char *colon = memchr(host, ':', (size_t)(end - host));

		out->host = xstrndup(host, (size_t)((colon ? colon : end) - host));
		if (colon) {
			port_at = colon + 1;
		}
	}
	if (port_at) {
		char *stop;

		port = strtol(port_at, &stop, 10);
		if (stop != end || port_at == end || port < 1 || port > 65535) {
			free(scheme);
			url_parts_finish(out);
			return false;
		}
	}
	if (!out->host[0]) {
		free(scheme);
		url_parts_finish(out);
		return false;
	}
	out->scheme = scheme;
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
