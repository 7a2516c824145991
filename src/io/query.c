/*
 * ms5top --query EXPR: one instant query, printed as an aligned table of
 * labels and value, or with --format=json as one JSON document. The first
 * end-to-end use of the Prometheus client, and handy over SSH.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "ms5top/canvas.h"
#include "ms5top/fmt.h"
#include "ms5top/prom.h"
#include "ms5top/promreq.h"
#include "ms5top/timeparse.h"
#include "ms5top/xalloc.h"

struct query_ctx {
	const struct ms5_config *config;
	struct prom_result result;
	struct ms5_error err;
	bool done, ok;
	uv_loop_t *loop;
};

static void on_done(void *ud, const struct http_response *r)
{
	struct query_ctx *q = ud;

	q->done = true;
	uv_stop(q->loop);
	if (r->error) {
		ms5_error_set(&q->err, "%s", r->error);
		return;
	}
	q->ok = prom_decode_query(r->body, r->len, r->status, &q->result, &q->err);
}

/* The sorted union of label names over all series, __name__ first. */
static char **label_columns(const struct prom_result *r, size_t *n)
{
	char **cols = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t i = 0; i < r->n_series; i++) {
		for (size_t j = 0; j < r->series[i].n_labels; j++) {
			const char *name = r->series[i].labels[j].name;
			size_t k = 0;

			while (k < *n && strcmp(cols[k], name) != 0) {
				k++;
			}
			if (k == *n) {
				cols = xgrow(cols, &cap, *n + 1, sizeof(*cols));
				cols[(*n)++] = (char *)name;
			}
		}
	}
	for (size_t i = 1; i < *n; i++) {   /* Insertion sort: few columns. */
		for (size_t j = i; j > 0; j--) {
			bool swap = strcmp(cols[j], "__name__") == 0 ||
				(strcmp(cols[j - 1], "__name__") != 0 && strcmp(cols[j - 1], cols[j]) > 0);

			if (!swap) {
				break;
			}
			char *t = cols[j];
			cols[j] = cols[j - 1];
			cols[j - 1] = t;
		}
	}
	return cols;
}

static void print_cell(const char *s, int width, bool last)
{
	fputs(s, stdout);
	if (!last) {
		for (int i = text_width(s); i < width + 2; i++) {
			putchar(' ');
		}
	}
}

static void print_table(const struct prom_result *r)
{
	size_t ncol;
	char **cols = label_columns(r, &ncol);
	int *width = xcalloc(ncol + 1, sizeof(int));
	char num[64];

	for (size_t c = 0; c < ncol; c++) {
		width[c] = text_width(strcmp(cols[c], "__name__") == 0 ? "metric" : cols[c]);
		for (size_t i = 0; i < r->n_series; i++) {
			const char *v = prom_label_get(r->series[i].labels, r->series[i].n_labels, cols[c]);
			int w = v ? text_width(v) : 0;

			width[c] = w > width[c] ? w : width[c];
		}
	}
	for (size_t c = 0; c < ncol; c++) {
		print_cell(strcmp(cols[c], "__name__") == 0 ? "metric" : cols[c], width[c], false);
	}
	puts("value");
	for (size_t i = 0; i < r->n_series; i++) {
		const struct prom_series *s = &r->series[i];

		for (size_t c = 0; c < ncol; c++) {
			const char *v = prom_label_get(s->labels, s->n_labels, cols[c]);

			print_cell(v ? v : "", width[c], false);
		}
		if (s->n_points == 1 && s->n_histograms == 1) {
			/* A native histogram: its count, as panels show it, and what
			 * else it holds. */
			const struct prom_histogram *h = &s->histograms[0];

			printf("%s", fmt_number(num, sizeof(num), h->count));
			printf(" (histogram: sum %s, %zu bucket%s)\n", fmt_number(num, sizeof(num), h->sum),
				h->n_buckets, h->n_buckets == 1 ? "" : "s");
		} else if (s->n_points == 1) {
			puts(fmt_number(num, sizeof(num), s->points[0].v));
		} else {
			/* A matrix (a range selector such as x[5m]): every point. */
			for (size_t p = 0; p < s->n_points; p++) {
				printf("%s%s", p ? " " : "", fmt_number(num, sizeof(num), s->points[p].v));
				printf("@%s", fmt_number(num, sizeof(num), s->points[p].t));
			}
			putchar('\n');
		}
	}
	if (r->n_series == 0) {
		puts("(no data)");
	}
	free(width);
	free(cols);
}

/* A JSON number, or a string for NaN and the infinities (JSON has none). */
static cJSON *json_value(double v)
{
	char num[64];

	if (isfinite(v)) {
		return cJSON_CreateRaw(fmt_number(num, sizeof(num), v));
	}
	return cJSON_CreateString(fmt_number(num, sizeof(num), v));
}

/* A native histogram sample as the API writes it, with numbers for its
 * strings: [t, {"count": N, "sum": S, "buckets": [[rule, lower, upper, n], ...]}]. */
static cJSON *json_histogram(const struct prom_histogram *h)
{
	cJSON *pair = cJSON_CreateArray(), *o = cJSON_CreateObject();
	cJSON *buckets = cJSON_CreateArray();

	cJSON_AddItemToArray(pair, json_value(h->t));
	cJSON_AddItemToObject(o, "count", json_value(h->count));
	cJSON_AddItemToObject(o, "sum", json_value(h->sum));
	for (size_t i = 0; i < h->n_buckets; i++) {
		const struct prom_bucket *b = &h->buckets[i];
		cJSON *item = cJSON_CreateArray();

		cJSON_AddItemToArray(item, cJSON_CreateNumber(b->boundary));
		cJSON_AddItemToArray(item, json_value(b->lower));
		cJSON_AddItemToArray(item, json_value(b->upper));
		cJSON_AddItemToArray(item, json_value(b->count));
		cJSON_AddItemToArray(buckets, item);
	}
	cJSON_AddItemToObject(o, "buckets", buckets);
	cJSON_AddItemToArray(pair, o);
	return pair;
}

static void print_json(const struct prom_result *r, const char *expr)
{
	static const char *const types[] = { "none", "vector", "matrix", "scalar", "string" };
	cJSON *doc = cJSON_CreateObject();
	cJSON *series = cJSON_AddArrayToObject(doc, "result");
	cJSON *warnings = cJSON_AddArrayToObject(doc, "warnings");
	cJSON *infos = cJSON_AddArrayToObject(doc, "infos");
	char *text;

	cJSON_AddStringToObject(doc, "query", expr);
	cJSON_AddStringToObject(doc, "resultType", types[r->type]);
	for (size_t i = 0; i < r->n_series; i++) {
		const struct prom_series *s = &r->series[i];
		cJSON *item = cJSON_CreateObject(), *labels = cJSON_AddObjectToObject(item, "labels");
		cJSON *points = cJSON_AddArrayToObject(item, "points");

		for (size_t j = 0; j < s->n_labels; j++) {
			cJSON_AddStringToObject(labels, s->labels[j].name, s->labels[j].value);
		}
		for (size_t p = 0; p < s->n_points; p++) {
			cJSON *pt = cJSON_CreateArray();

			cJSON_AddItemToArray(pt, json_value(s->points[p].t));
			cJSON_AddItemToArray(pt, json_value(s->points[p].v));
			cJSON_AddItemToArray(points, pt);
		}
		if (s->n_histograms > 0) {
			cJSON *hists = cJSON_AddArrayToObject(item, "histograms");

			for (size_t k = 0; k < s->n_histograms; k++) {
				cJSON_AddItemToArray(hists, json_histogram(&s->histograms[k]));
			}
		}
		cJSON_AddItemToArray(series, item);
	}
	if (r->type == PROM_RESULT_SCALAR) {
		cJSON_AddItemToObject(doc, "value", json_value(r->scalar.v));
	} else if (r->type == PROM_RESULT_STRING) {
		cJSON_AddStringToObject(doc, "value", r->string ? r->string : "");
	}
	for (size_t i = 0; i < r->n_warnings; i++) {
		cJSON_AddItemToArray(warnings, cJSON_CreateString(r->warnings[i]));
	}
	for (size_t i = 0; i < r->n_infos; i++) {
		cJSON_AddItemToArray(infos, cJSON_CreateString(r->infos[i]));
	}
	text = cJSON_PrintUnformatted(doc);
	puts(text);
	free(text);
	cJSON_Delete(doc);
}

int cmd_query(const struct ms5_config *c)
{
	struct query_ctx q = { .config = c };
	struct promreq req;
	struct http_request hr = { 0 };
	struct app app;
	char num[64];
	int status = MS5_EXIT_OK;

	if (!app_init(&app, c, &q.err)) {
		fprintf(stderr, "ms5top: %s\n", q.err.msg);
		return MS5_EXIT_USAGE;
	}
	promreq_query(&req, c->prometheus_url, c->query, NAN);
	hr.url = req.url;
	hr.body = req.body;
	q.loop = &app.loop;
	if (http_send(app.http, &hr, on_done, &q) == HTTP_SENT) {
		uv_run(&app.loop, UV_RUN_DEFAULT);
	} else {
		ms5_error_set(&q.err, "cannot start the request");
	}
	app_finish(&app);
	promreq_finish(&req);

	for (size_t i = 0; i < q.result.n_warnings; i++) {
		fprintf(stderr, "ms5top: warning: %s\n", q.result.warnings[i]);
	}
	for (size_t i = 0; i < q.result.n_infos; i++) {
		fprintf(stderr, "ms5top: info: %s\n", q.result.infos[i]);
	}
	if (!q.ok) {
		fprintf(stderr, "ms5top: %s: %s\n", c->prometheus_url, q.err.msg);
		status = MS5_EXIT_SOURCE;
	} else if (c->format == MS5_FORMAT_JSON) {
		print_json(&q.result, c->query);
	} else if (q.result.type == PROM_RESULT_SCALAR) {
		printf("scalar %s\n", fmt_number(num, sizeof(num), q.result.scalar.v));
	} else if (q.result.type == PROM_RESULT_STRING) {
		printf("string %s\n", q.result.string ? q.result.string : "");
	} else {
		print_table(&q.result);
	}
	prom_result_finish(&q.result);
	return status;
}
