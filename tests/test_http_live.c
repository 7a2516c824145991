/*
 * Client-level tests of the HTTP layer and the Prometheus decoders on a
 * libuv loop, against the real Prometheus that tests/integration/prom.sh
 * starts (its URL in MS5_PROM_URL). Not a meson test of its own: prom.sh
 * runs it while its Prometheus is up.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "ms5top/prom.h"
#include "ms5top/promreq.h"

struct got {
	int calls;
	long status;
	char *body;
	char error[256];
	int *pending;
	uv_loop_t *loop;
};

static void on_done(void *ud, const struct http_response *r)
{
	struct got *g = ud;

	g->calls++;
	g->status = r->status;
	g->body = strdup(r->body);
	snprintf(g->error, sizeof(g->error), "%s", r->error ? r->error : "");
	if (--*g->pending == 0) {
		uv_stop(g->loop);
	}
}

static const char *prom_url(void)
{
	const char *u = getenv("MS5_PROM_URL");

	cr_assert_not_null(u, "MS5_PROM_URL is not set: run me from tests/integration/prom.sh");
	return u;
}

static void run(uv_loop_t *loop, struct http *h)
{
	uv_run(loop, UV_RUN_DEFAULT);
	http_destroy(h);
	uv_run(loop, UV_RUN_DEFAULT);
	cr_assert_eq(uv_loop_close(loop), 0, "handles left open on the loop");
}

Test(http_live, parallel_queries_and_in_flight_dedup, .init = NULL)
{
	uv_loop_t loop;
	struct http_options o = { .timeout = 5 };
	struct http *h;
	struct promreq a, b;
	struct got ga = { 0 }, gb = { 0 }, gdup = { 0 };
	int pending = 2;
	struct prom_result r;
	struct ms5_error err;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	uv_loop_init(&loop);
	h = http_create(&loop, &o);
	ga.pending = gb.pending = gdup.pending = &pending;
	ga.loop = gb.loop = gdup.loop = &loop;
	promreq_query(&a, prom_url(), "sum(ms5_line_output_units_total)", NAN);
	promreq_range(&b, prom_url(), "ms5_production_oee", 1, 2, 1);
	cr_assert_eq(http_send(h, &(struct http_request){ .url = a.url }, on_done, &ga), HTTP_SENT);
	cr_assert_eq(http_send(h, &(struct http_request){ .url = b.url }, on_done, &gb), HTTP_SENT);
	/* The same query again while the first is in flight: not sent. */
	cr_assert_eq(http_send(h, &(struct http_request){ .url = a.url }, on_done, &gdup), HTTP_BUSY);
	cr_assert_eq(http_in_flight(h), 2);
	run(&loop, h);
	cr_assert_eq(ga.calls, 1);
	cr_assert_eq(gb.calls, 1);
	cr_assert_eq(gdup.calls, 0);
	cr_assert_eq(ga.status, 200, "%ld %s", ga.status, ga.error);
	cr_assert(prom_decode_query(ga.body, strlen(ga.body), ga.status, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_VECTOR);
	cr_assert_eq(r.n_series, 1);
	cr_assert_float_eq(r.series[0].points[0].v, 5400, 1e-9);
	prom_result_finish(&r);
	/* A range far in the past: a matrix with no series. */
	cr_assert(prom_decode_query(gb.body, strlen(gb.body), gb.status, &r, &err), "%s", err.msg);
	cr_assert_eq(r.type, PROM_RESULT_MATRIX);
	cr_assert_eq(r.n_series, 0);
	prom_result_finish(&r);
	promreq_finish(&a);
	promreq_finish(&b);
	free(ga.body);
	free(gb.body);
	curl_global_cleanup();
}

Test(http_live, post_form_and_buildinfo_and_alerts)
{
	uv_loop_t loop;
	struct http_options o = { .timeout = 5 };
	struct http *h;
	struct promreq q, bi, al;
	struct got gq = { 0 }, gbi = { 0 }, gal = { 0 };
	int pending = 3;
	char version[64];
	struct ms5_error err;
	struct prom_result r;
	struct prom_alerts alerts;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	uv_loop_init(&loop);
	h = http_create(&loop, &o);
	gq.pending = gbi.pending = gal.pending = &pending;
	gq.loop = gbi.loop = gal.loop = &loop;
	q.url = NULL;
	promreq_query(&q, prom_url(), "count(up)", NAN);
	/* Send the same query as a POST form, as long PromQL goes. */
	{
		char *body = strchr(q.url, '?') + 1;
		char *url = strndup(q.url, (size_t)(body - 1 - q.url));

		cr_assert_eq(http_send(h, &(struct http_request){ .url = url, .body = body },
			on_done, &gq), HTTP_SENT);
		free(url);
	}
	promreq_get(&bi, prom_url(), "/api/v1/status/buildinfo");
	promreq_get(&al, prom_url(), "/api/v1/alerts");
	cr_assert_eq(http_send(h, &(struct http_request){ .url = bi.url }, on_done, &gbi), HTTP_SENT);
	cr_assert_eq(http_send(h, &(struct http_request){ .url = al.url }, on_done, &gal), HTTP_SENT);
	run(&loop, h);
	cr_assert(prom_decode_query(gq.body, strlen(gq.body), gq.status, &r, &err), "%s", err.msg);
	cr_assert_eq(r.n_series, 1);
	cr_assert_geq(r.series[0].points[0].v, 2);
	prom_result_finish(&r);
	cr_assert(prom_decode_buildinfo(gbi.body, strlen(gbi.body), gbi.status, version,
		sizeof(version), &err), "%s", err.msg);
	cr_assert_eq(strncmp(version, "2.", 2), 0, "version %s", version);
	cr_assert(prom_decode_alerts(gal.body, strlen(gal.body), gal.status, &alerts, &err), "%s", err.msg);
	cr_assert_eq(alerts.n, 0);
	prom_alerts_finish(&alerts);
	promreq_finish(&q);
	promreq_finish(&bi);
	promreq_finish(&al);
	free(gq.body);
	free(gbi.body);
	free(gal.body);
	curl_global_cleanup();
}

Test(http_live, cancel_drops_the_callback)
{
	uv_loop_t loop;
	struct http_options o = { .timeout = 5 };
	struct http *h;
	struct promreq q;
	struct got g = { 0 };
	int pending = 1;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	uv_loop_init(&loop);
	h = http_create(&loop, &o);
	g.pending = &pending;
	g.loop = &loop;
	promreq_query(&q, prom_url(), "up", NAN);
	cr_assert_eq(http_send(h, &(struct http_request){ .url = q.url }, on_done, &g), HTTP_SENT);
	http_cancel(h, &g);
	cr_assert_eq(http_in_flight(h), 0);
	uv_run(&loop, UV_RUN_NOWAIT);
	http_destroy(h);
	uv_run(&loop, UV_RUN_DEFAULT);
	cr_assert_eq(uv_loop_close(&loop), 0);
	cr_assert_eq(g.calls, 0);
	promreq_finish(&q);
	curl_global_cleanup();
}
