/*
 * Active alerts: from Alertmanager's /api/v2/alerts when it is configured,
 * else from the alerts Prometheus itself reports (/api/v1/alerts), whose
 * state then speaks for Prometheus. Targets take no expression. See
 * source.h.
 */
#include "ms5top/source.h"

#include "ms5top/config.h"

static const char *url(const struct ms5_config *c)
{
	return c->alertmanager_url;
}

/* Without an Alertmanager its stand-in is always there. */
static const char *url_or_stand_in(const struct ms5_config *c)
{
	return c->alertmanager_url ? c->alertmanager_url : c->prometheus_url;
}

static void build(const struct source_ctx *ctx, const struct source_target *t, struct promreq *r)
{
	(void)t;
	if (ctx->cfg->alertmanager_url) {
		promreq_get(r, ctx->cfg->alertmanager_url, "/api/v2/alerts?active=true");
	} else {
		promreq_get(r, ctx->cfg->prometheus_url, "/api/v1/alerts");
	}
}

static bool decode(const struct source_ctx *ctx, const char *body, size_t len, long status,
	struct result *out, struct ms5_error *err)
{
	out->kind = RESULT_ROWS;
	if (ctx->cfg->alertmanager_url) {
		return am_decode_alerts(body, len, status, &out->u.rows, err);
	}
	return prom_decode_alerts(body, len, status, &out->u.rows, err);
}

static const struct source_type *speaks_for(const struct ms5_config *c)
{
	return c->alertmanager_url ? NULL : &source_prometheus;
}

static const char *const keys[] = { "alertmanager.url", NULL };

const struct source_type source_alertmanager = {
	.name = "alertmanager",
	.title = "Alertmanager",
	.brief = "AM",
	.config_keys = keys,
	.json_key = "alerts",
	.url = url_or_stand_in,
	.build = build,
	.decode = decode,
	.speaks_for = speaks_for,
	.probes = {
		{ .name = "alertmanager", .kind = PROBE_VERSION, .url = url,
		  .path = "/api/v2/status", .version = am_decode_status },
	},
};
