/*
 * The MS5 Andon stream: a WebSocket the Andon client (src/io/andon_client.c)
 * follows, with the REST API beside it for login and the active events. It
 * sends no requests through the engine; its row gives the header its state
 * and --check its two probes. See source.h.
 */
#include "ms5top/source.h"

#include "ms5top/config.h"

static const char *ws_url(const struct ms5_config *c)
{
	return c->andon_url && c->andon_url[0] ? c->andon_url : NULL;
}

static const char *api_url(const struct ms5_config *c)
{
	return c->api_url && c->api_url[0] ? c->api_url : NULL;
}

static const char *const keys[] = { "andon.url", "andon.api_url", "andon.line", NULL };

const struct source_type source_andon = {
	.name = "andon",
	.title = "Andon",
	.brief = "Andon",
	.config_keys = keys,
	.url = ws_url,
	.probes = {
		{ .name = "andon", .kind = PROBE_TCP, .url = ws_url },
		/* A GET of the API itself: on the Andon URL's host and port (the
		 * usual deployment) a second TCP probe would be the same request. */
		{ .name = "api", .kind = PROBE_ANSWER, .url = api_url,
		  .path = "/api/v1/andon/events/active" },
	},
};
