/*
 * ms5top --check: contacts every configured source in parallel and prints
 * one line for each, OK with version and latency, or the error in plain
 * words. Floor installers run it first. Exit 0 only when all are OK.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "log.h"
#include "ms5top/source.h"
#include "ms5top/url.h"
#include "ms5top/xalloc.h"

struct probe {
	const struct source_type *source;
	const struct source_probe *how;
	const char *url;       /* as configured, for the report */
	char *request_url;
	bool done, ok;
	char detail[512];
	char *extra;           /* lines printed under its own (a report's list), or NULL */
	size_t *pending;       /* probes still running; the loop stops at 0 */
	uv_loop_t *loop;
};

static void probe_finished(struct probe *p)
{
	p->done = true;
	if (--*p->pending == 0) {
		uv_stop(p->loop);
	}
}

static void on_done(void *ud, const struct http_response *r)
{
	struct probe *p = ud;
	struct ms5_error err = { "" };
	char version[16384] = "";
	bool ok = false;

	probe_finished(p);
	if (r->error) {
		snprintf(p->detail, sizeof(p->detail), "%s", r->error);
		return;
	}
	switch (p->how->kind) {
	case PROBE_VERSION:
	case PROBE_REPORT:
		ok = p->how->version(r->body, r->len, r->status, version, sizeof(version), &err);
		break;
	case PROBE_TCP:
		ok = true;
		snprintf(version, sizeof(version), "reachable (TCP)");
		break;
	case PROBE_ANSWER:
		ok = r->status > 0 && r->status < 500;
		snprintf(version, sizeof(version), "answers (HTTP %ld)", r->status);
		if (!ok) {
			snprintf(err.msg, sizeof(err.msg), "HTTP %ld", r->status);
		}
		break;
	}
	if (!ok) {
		snprintf(p->detail, sizeof(p->detail), "%s", err.msg);
		if (p->how->kind == PROBE_REPORT && version[0]) {
			p->extra = xstrdup(version);
		}
		return;
	}
	p->ok = true;
	if (p->how->kind == PROBE_REPORT) {
		snprintf(p->detail, sizeof(p->detail), "%s", version);
	} else if (p->how->kind == PROBE_VERSION) {
		snprintf(p->detail, sizeof(p->detail), "%s %s in %.0f ms", p->source->title, version,
			r->elapsed_ms);
	} else {
		snprintf(p->detail, sizeof(p->detail), "%s in %.0f ms", version, r->elapsed_ms);
	}
}

/* The http(s) URL that reaches the host of a ws(s) URL, for a TCP probe. */
static char *tcp_url(const char *url, struct ms5_error *err)
{
	struct url_parts u;
	char *out;

	if (!url_split(url, &u)) {
		ms5_error_set(err, "not a valid URL");
		return NULL;
	}
	out = url_origin(&u);
	url_parts_finish(&u);
	return out;
}

/* Every probe of every configured source, in registry order; returns how
 * many. */
static size_t plan_probes(const struct ms5_config *c, struct probe *probes, size_t max)
{
	struct ms5_error err = { "" };
	size_t n = 0;

	for (size_t i = 0; i < source_count; i++) {
		for (size_t j = 0; j < SOURCE_MAX_PROBES && source_types[i]->probes[j].name; j++) {
			const struct source_probe *how = &source_types[i]->probes[j];
			const char *url = how->url(c);
			struct promreq req = { NULL, NULL };

			if (!url || n == max) {
				continue;
			}
			if (how->kind == PROBE_TCP) {
				req.url = tcp_url(url, &err);
			} else {
				promreq_get(&req, url, how->path);
			}
			probes[n++] = (struct probe){ .source = source_types[i], .how = how, .url = url,
				.request_url = req.url };
		}
	}
	return n;
}

/* All at once; the loop runs until the last has answered. */
static void run_probes(struct app *app, struct probe *probes, size_t n)
{
	size_t pending = n;

	for (size_t i = 0; i < n; i++) {
		probes[i].pending = &pending;
		probes[i].loop = &app->loop;
	}
	for (size_t i = 0; i < n; i++) {
		struct http_request hr = { .url = probes[i].request_url,
			.connect_only = probes[i].how->kind == PROBE_TCP };

		if (!probes[i].request_url) {
			probe_finished(&probes[i]);
			snprintf(probes[i].detail, sizeof(probes[i].detail), "not a valid URL");
		} else if (http_send(app->http, &hr, on_done, &probes[i]) != HTTP_SENT) {
			probe_finished(&probes[i]);
			snprintf(probes[i].detail, sizeof(probes[i].detail), "cannot start the request");
		}
	}
	if (pending) {
		uv_run(&app->loop, UV_RUN_DEFAULT);
	}
}

int cmd_check(const struct ms5_config *c)
{
	struct probe probes[SOURCE_MAX * SOURCE_MAX_PROBES];
	struct ms5_error err = { "" };
	struct app app;
	int status = MS5_EXIT_OK;
	size_t n;

	if (!app_init(&app, c, &err)) {
		fprintf(stderr, "ms5top: %s\n", err.msg);
		return MS5_EXIT_USAGE;
	}
	memset(probes, 0, sizeof(probes));
	n = plan_probes(c, probes, sizeof(probes) / sizeof(probes[0]));
	run_probes(&app, probes, n);
	app_finish(&app);

	/* An advisory probe that fails warns (WARN) and leaves the exit status. */
	for (size_t i = 0; i < n; i++) {
		const char *word = probes[i].ok ? "OK" : probes[i].how->advisory ? "WARN" : "FAIL";

		printf("%-13s %-4s %s (%s)\n", probes[i].how->name, word, probes[i].detail,
			probes[i].url);
		fputs(probes[i].extra ? probes[i].extra : "", stdout);
		log_msg("check: %s %s %s", probes[i].how->name, word, probes[i].detail);
		if (!probes[i].ok && !probes[i].how->advisory) {
			status = MS5_EXIT_SOURCE;
		}
		free(probes[i].request_url);
		free(probes[i].extra);
	}
	return status;
}
