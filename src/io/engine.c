/*
 * The fetch engine. See engine.h.
 */
#include "engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "ms5top/prom.h"
#include "ms5top/promreq.h"
#include "ms5top/xalloc.h"

enum fetch_kind { FETCH_QUERY, FETCH_ALERTS };

/* One request in flight; freed by its callback. */
struct fetch {
	struct engine *e;
	unsigned epoch;
	enum fetch_kind kind;
	size_t qi;
};

double engine_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void engine_init(struct engine *e, uv_loop_t *loop, const struct ms5_config *cfg,
	struct http *http)
{
	memset(e, 0, sizeof(*e));
	e->loop = loop;
	e->cfg = cfg;
	e->http = http;
}

void engine_set_model(struct engine *e, struct model *m, double range)
{
	e->model = m;
	e->range = range;
	e->epoch++;
	e->pending = 0;
	e->failed = 0;
}

/* What an answer says about the source that gave it. */
static void judge_source(struct engine *e, enum source_id s, const struct http_response *r,
	bool decoded, const char *error, double now)
{
	if (r->status == 401 || r->status == 403) {
		model_source_set(e->model, s, SOURCE_AUTH_FAILED, error, now);
	} else if (r->error || r->status == 0 || r->status >= 500 || (!decoded && r->status != 400 &&
		r->status != 422)) {
		model_source_set(e->model, s, SOURCE_DOWN, error, now);
	} else {
		/* A bad query (400/422) is the query's fault: the server is up. */
		model_source_set(e->model, s, SOURCE_UP, NULL, now);
	}
}

static void on_answer(void *ud, const struct http_response *r)
{
	struct fetch *f = ud;
	struct engine *e = f->e;
	struct ms5_error err = { "" };
	double now = engine_now();
	bool ok = false;

	if (f->epoch != e->epoch) {
		free(f);
		return;
	}
	e->pending--;
	if (f->kind == FETCH_QUERY) {
		struct prom_result res;

		if (r->error) {
			ms5_error_set(&err, "%s", r->error);
		} else {
			ok = prom_decode_query(r->body, r->len, r->status, &res, &err);
		}
		if (ok) {
			model_query_ok(e->model, f->qi, &res, now);
		} else {
			if (!r->error) {
				prom_result_finish(&res);
			}
			model_query_failed(e->model, f->qi, err.msg, now);
			log_msg("query failed: %s: %s", e->model->queries[f->qi].expr, err.msg);
		}
		judge_source(e, SOURCE_PROMETHEUS, r, ok, err.msg, now);
	} else {
		struct prom_alerts a;
		bool am = e->cfg->alertmanager_url != NULL;

		if (r->error) {
			ms5_error_set(&err, "%s", r->error);
		} else if (am) {
			ok = am_decode_alerts(r->body, r->len, r->status, &a, &err);
		} else {
			ok = prom_decode_alerts(r->body, r->len, r->status, &a, &err);
		}
		if (ok) {
			model_alerts_ok(e->model, &a, now);
		} else {
			model_alerts_failed(e->model, err.msg, now);
		}
		judge_source(e, am ? SOURCE_ALERTMANAGER : SOURCE_PROMETHEUS, r, ok, err.msg, now);
	}
	e->failed += !ok;
	free(f);
	if (e->changed) {
		e->changed(e->ud);
	}
}

static void fetch_send(struct engine *e, enum fetch_kind kind, size_t qi, const struct promreq *pr)
{
	struct fetch *f = xmalloc(sizeof(*f));
	struct http_request req = { .url = pr->url, .body = pr->body };

	*f = (struct fetch){ e, e->epoch, kind, qi };
	switch (http_send(e->http, &req, on_answer, f)) {
	case HTTP_SENT:
		e->pending++;
		if (kind == FETCH_QUERY) {
			e->model->queries[qi].in_flight = true;
			e->model->queries[qi].t_try = engine_now();
		}
		return;
	case HTTP_BUSY:
		break;
	case HTTP_FAILED:
		model_note_error(e->model, "ms5top", "cannot start a request", engine_now());
		break;
	}
	free(f);
}

void engine_refresh(struct engine *e)
{
	struct model *m = e->model;
	double now = engine_now();
	struct promreq pr;

	if (!m) {
		return;
	}
	if (m->sources[SOURCE_PROMETHEUS].state == SOURCE_OFF) {
		model_source_set(m, SOURCE_PROMETHEUS, SOURCE_CONNECTING, NULL, now);
	}
	for (size_t i = 0; i < m->n_queries; i++) {
		struct model_query *q = &m->queries[i];

		if (q->in_flight) {
			continue;
		}
		if (q->range) {
			double step = promreq_step(e->range, q->points > 0 ? q->points : 120, 1);
			double end = floor(now / step) * step;

			promreq_range(&pr, e->cfg->prometheus_url, q->expr, end - e->range, end, step);
		} else {
			promreq_query(&pr, e->cfg->prometheus_url, q->expr, NAN);
		}
		fetch_send(e, FETCH_QUERY, i, &pr);
		promreq_finish(&pr);
	}
	if (m->wants_alerts) {
		if (e->cfg->alertmanager_url) {
			if (m->sources[SOURCE_ALERTMANAGER].state == SOURCE_OFF) {
				model_source_set(m, SOURCE_ALERTMANAGER, SOURCE_CONNECTING, NULL, now);
			}
			promreq_get(&pr, e->cfg->alertmanager_url, "/api/v2/alerts?active=true");
		} else {
			promreq_get(&pr, e->cfg->prometheus_url, "/api/v1/alerts");
		}
		fetch_send(e, FETCH_ALERTS, 0, &pr);
		promreq_finish(&pr);
	}
}
