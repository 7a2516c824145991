/*
 * Prometheus, or anything that serves its HTTP API (Thanos, Mimir, Cortex,
 * VictoriaMetrics): instant and range PromQL queries. See source.h.
 */
#include "ms5top/source.h"

#include <math.h>

#include <stdio.h>
#include <string.h>

#include "ms5top/config.h"
#include "ms5top/rules.h"
#include "ms5top/strbuf.h"

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

/* --check: are the project's recording rules loaded? Lists the missing. */
static bool rules_report(const char *body, size_t len, long status, char *out, size_t size,
	struct ms5_error *err)
{
	char **names;
	size_t n, missing = 0, total = rules_count();
	struct strbuf list;

	if (!prom_decode_rule_names(body, len, status, &names, &n, err)) {
		return false;
	}
	strbuf_init(&list, 0);
	for (size_t i = 0; i < total; i++) {
		bool found = false;

		for (size_t j = 0; j < n && !found; j++) {
			found = strcmp(names[j], rules_name(i)) == 0;
		}
		if (!found) {
			strbuf_printf(&list, "  %s (%s)\n", rules_name(i), rules_file_of(rules_name(i)));
			missing++;
		}
	}
	prom_rule_names_finish(names, n);
	if (missing) {
		/* The summary is the line; the names follow it, one a line. */
		ms5_error_set(err, "%zu of the %zu recording rules of rules/ are not loaded: the "
			"dashboards show nothing for them", missing, total);
		snprintf(out, size, "%s", strbuf_str(&list));
	} else {
		snprintf(out, size, "all %zu recording rules of rules/ loaded", total);
	}
	strbuf_finish(&list);
	return missing == 0;
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
		{ .name = "rules", .kind = PROBE_REPORT, .url = url, .advisory = true,
		  .path = "/api/v1/rules?type=record", .version = rules_report },
	},
};
