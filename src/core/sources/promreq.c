/*
 * Prometheus API requests as data: a URL and, for long PromQL, a form body
 * to POST. The HTTP layer sends them; tests check them byte for byte.
 */
#include "ms5top/promreq.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ms5top/strbuf.h"
#include "ms5top/url.h"
#include "ms5top/xalloc.h"

/* Formats a time or step with up to millisecond precision and no trailing
 * zeros, independent of LC_NUMERIC (Prometheus wants a '.' decimal point). */
static void put_seconds(struct strbuf *sb, double t)
{
	long long ms = llround(t * 1000.0);
	long long whole = ms / 1000, frac = llabs(ms % 1000);

	if (ms < 0 && whole == 0) {
		strbuf_putc(sb, '-');
	}
	strbuf_printf(sb, "%lld", whole);
	if (frac) {
		char digits[5];
		int n = 3;

		snprintf(digits, sizeof(digits), ".%03lld", frac);
		while (digits[n] == '0') {
			digits[n--] = '\0';
		}
		strbuf_puts(sb, digits);
	}
}

/* Builds "query=...&..." and decides between GET and POST. */
static void finish_form(struct promreq *r, const char *base, const char *path,
	struct strbuf *form)
{
	char *endpoint = url_join(base, path);

	if (form->len > PROMREQ_MAX_GET) {
		r->url = endpoint;
		r->body = strbuf_steal(form);
	} else {
		r->url = xasprintf("%s?%s", endpoint, strbuf_str(form));
		r->body = NULL;
		free(endpoint);
		strbuf_finish(form);
	}
}

void promreq_query(struct promreq *r, const char *base, const char *expr, double time)
{
	struct strbuf form;

	strbuf_init(&form, 0);
	strbuf_puts(&form, "query=");
	url_encode(&form, expr, true);
	if (!isnan(time)) {
		strbuf_puts(&form, "&time=");
		put_seconds(&form, time);
	}
	finish_form(r, base, "/api/v1/query", &form);
}

void promreq_range(struct promreq *r, const char *base, const char *expr,
	double start, double end, double step)
{
	struct strbuf form;

	strbuf_init(&form, 0);
	strbuf_puts(&form, "query=");
	url_encode(&form, expr, true);
	strbuf_puts(&form, "&start=");
	put_seconds(&form, start);
	strbuf_puts(&form, "&end=");
	put_seconds(&form, end);
	strbuf_puts(&form, "&step=");
	put_seconds(&form, step);
	finish_form(r, base, "/api/v1/query_range", &form);
}

void promreq_get(struct promreq *r, const char *base, const char *path)
{
	r->url = url_join(base, path);
	r->body = NULL;
}

void promreq_finish(struct promreq *r)
{
	free(r->url);
	free(r->body);
	r->url = NULL;
	r->body = NULL;
}

double promreq_step(double range_seconds, int points, double min_step)
{
	static const double nice[] = {
		1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
		10800, 21600, 43200, 86400, 172800, 604800,
	};
	double want, step = nice[sizeof(nice) / sizeof(nice[0]) - 1];

	if (!(range_seconds > 0)) {
		return min_step > 1 ? min_step : 1;
	}
	if (points < 1) {
		points = 1;
	}
	want = range_seconds / points;
	if (want < range_seconds / 11000.0) {
		want = range_seconds / 11000.0;
	}
	if (want < min_step) {
		want = min_step;
	}
	for (size_t i = 0; i < sizeof(nice) / sizeof(nice[0]); i++) {
		if (nice[i] >= want) {
			step = nice[i];
			break;
		}
	}
	if (step < want) {
		step = ceil(want);   /* Beyond a week a step: whole seconds. */
	}
	return step;
}
