/*
 * Prometheus, or anything that serves its HTTP API (Thanos, Mimir, Cortex,
 * VictoriaMetrics): instant and range PromQL queries. See source.h.
 */
#include "ms5top/source.h"

#include <math.h>

#include "ms5top/config.h"

static const char *url(const struct ms5_config *c)
{
	return c->prometheus_url;
}

static void build(const struct source_ctx *ctx, const struct source_target *t, struct promreq *r)
{
	if (t->range) {
		/* Steps on a grid of their own size, so that successive refreshes
		 * ask for the same points and Prometheus's cache works. */
		double step = promreq_step(ctx->range, t->points > 0 ? t->points : 120, 1);
		double end = floor(ctx->now / step) * step;

		promreq_range(r, ctx->cfg->prometheus_url, t->expr, end - ctx->range, end, step);
	} else {
		promreq_query(r, ctx->cfg->prometheus_url, t->expr, NAN);
	}
}

static bool decode(const struct source_ctx *ctx, const char *body, size_t len, long status,
	struct result *out, struct ms5_error *err)
{
	(void)ctx;
	out->kind = RESULT_SERIES;
	return prom_decode_query(body, len, status, &out->u.series, err);
}

static const char *const keys[] = { "prometheus.url", NULL };

const struct source_type source_prometheus = {
	.name = "prometheus",
	.title = "Prometheus",
	.brief = "Prom",
	.config_keys = keys,
	.shows_age = true,
	.needs_expr = true,
	.takes_range = true,
	.url = url,
	.build = build,
	.decode = decode,
	.probes = {
		{ .name = "prometheus", .kind = PROBE_VERSION, .url = url,
		  .path = "/api/v1/status/buildinfo", .version = prom_decode_buildinfo },
	},
};
