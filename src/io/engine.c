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
#include "ms5top/source.h"
#include "ms5top/xalloc.h"

/* One request in flight; freed by its callback. */
struct fetch {
	struct engine *e;
	unsigned epoch;
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
static void judge_source(struct engine *e, const struct source_type *s,
	const struct http_response *r, bool decoded, const char *error, double now)
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

static struct source_ctx source_ctx(const struct engine *e, double now)
{
	return (struct source_ctx){ .cfg = e->cfg, .now = now, .range = e->range };
}

static void on_answer(void *ud, const struct http_response *r)
{
	struct fetch *f = ud;
	struct engine *e = f->e;
	struct ms5_error err = { "" };
	double now = engine_now();
	struct model_query *q;
	const struct source_type *judged;
	struct source_ctx ctx = source_ctx(e, now);
	struct result res = { .kind = RESULT_NONE };
	bool ok = false;

	if (f->epoch != e->epoch) {
		free(f);
		return;
	}
	e->pending--;
	q = &e->model->queries[f->qi];
	judged = source_judged(q->source, e->cfg);
	if (r->error) {
		ms5_error_set(&err, "%s", r->error);
	} else {
		ok = q->source->decode(&ctx, r->body, r->len, r->status, &res, &err);
	}
	if (ok) {
		model_query_ok(e->model, f->qi, &res, now);
	} else {
		model_query_failed(e->model, f->qi, judged->title, err.msg, now);
		log_msg("%s failed: %s: %s", q->source->name, q->expr, err.msg);
	}
	result_finish(&res);
	judge_source(e, judged, r, ok, err.msg, now);
	e->failed += !ok;
	free(f);
	if (e->changed) {
		e->changed(e->ud);
	}
}

static void fetch_send(struct engine *e, size_t qi, const struct promreq *pr, double now)
{
	struct fetch *f = xmalloc(sizeof(*f));
	struct http_request req = { .url = pr->url, .body = pr->body };

	*f = (struct fetch){ e, e->epoch, qi };
	switch (http_send(e->http, &req, on_answer, f)) {
	case HTTP_SENT:
		e->pending++;
		model_query_sent(e->model, qi, now);
		return;
	case HTTP_BUSY:
		break;
	case HTTP_FAILED:
		model_note_error(e->model, "ms5top", "cannot start a request", now);
		break;
	}
	free(f);
}

/* One loop over the requests, whatever their source: a source that is not
 * configured or has no requests (a stream) is skipped; one still in flight
 * is not sent twice. */
void engine_refresh(struct engine *e)
{
	struct model *m = e->model;
	double now = engine_now();
	struct source_ctx ctx = source_ctx(e, now);

	if (!m) {
		return;
	}
	for (size_t i = 0; i < m->n_queries; i++) {
		struct model_query *q = &m->queries[i];
		const struct source_type *judged = source_judged(q->source, e->cfg);
		struct source_target t = { q->expr, q->range, q->points };
		struct promreq pr;

		if (q->in_flight || !q->source->build || !q->source->url(e->cfg)) {
			continue;
		}
		if (model_source(m, judged)->state == SOURCE_OFF) {
			model_source_set(m, judged, SOURCE_CONNECTING, NULL, now);
		}
		q->source->build(&ctx, &t, &pr);
		fetch_send(e, i, &pr, now);
		promreq_finish(&pr);
	}
}
