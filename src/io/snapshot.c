/*
 * ms5top --snapshot: one fetch round (every query in parallel, the alerts,
 * and the Andon resync when an Andon source is configured), one frame drawn
 * by the same code as the interactive view, written to stdout as plain text,
 * ANSI colour or JSON. Exit 0 when every source answered, 2 when some did
 * not (the frame still prints and says which).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "engine.h"
#include "ms5top/render.h"
#include "ms5top/snapshot_json.h"
#include "session.h"

#define DEFAULT_W 120
#define DEFAULT_H 40

struct snap {
	struct session s;
	uv_timer_t deadline, poll;
	bool timed_out;
};

static bool done(const struct snap *sn)
{
	return sn->s.engine.pending == 0 && (!sn->s.andon || sn->s.andon_settled);
}

static void on_changed(void *ud)
{
	struct snap *sn = ud;

	if (done(sn)) {
		uv_stop(&sn->s.app.loop);
	}
}

static void on_deadline(uv_timer_t *h)
{
	struct snap *sn = h->data;

	sn->timed_out = true;
	uv_stop(h->loop);
}

static int env_size(const char *name, int fallback)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v) {
		return fallback;
	}
	n = strtol(v, &end, 10);
	return *end == '\0' && n >= 10 && n <= 1000 ? (int)n : fallback;
}

/* One round: every query and the Andon resync in parallel, until all
 * answered or the deadline (one request timeout plus the Andon login and
 * resync) has passed. */
static void fetch_round(struct snap *sn, const struct ms5_config *cfg)
{
	sn->s.engine.changed = on_changed;
	sn->s.engine.ud = sn;
	sn->s.changed = on_changed;
	sn->s.changed_ud = sn;
	engine_set_model(&sn->s.engine, &sn->s.model, sn->s.dash.range);
	uv_timer_init(&sn->s.app.loop, &sn->deadline);
	sn->deadline.data = sn;
	uv_timer_start(&sn->deadline, on_deadline, (uint64_t)(cfg->timeout * 1000 + 2000), 0);
	session_start_andon(&sn->s);
	engine_refresh(&sn->s.engine);
	if (!done(sn)) {
		uv_run(&sn->s.app.loop, UV_RUN_DEFAULT);
	}
	uv_close((uv_handle_t *)&sn->deadline, NULL);
}

/* What did not answer in time says so in the frame, and the exit status
 * says a source failed. */
static int judge_round(struct snap *sn, double now)
{
	const struct model_source *andon = model_source(&sn->s.model, &source_andon);
	bool failed = sn->s.engine.failed || (sn->s.andon && !sn->s.andon_resynced) ||
		sn->timed_out;

	if (sn->s.andon && !sn->s.andon_resynced && andon->state != SOURCE_AUTH_FAILED) {
		const char *why = sn->s.resync_error[0] ? sn->s.resync_error :
			andon->detail[0] ? andon->detail : "no answer in time";
		char detail[300];

		snprintf(detail, sizeof(detail), "%s%s", sn->s.resync_error[0] ? "active events: " : "",
			why);
		model_source_set(&sn->s.model, &source_andon, SOURCE_DOWN, detail, now);
	}
	for (size_t i = 0; i < sn->s.model.n_queries; i++) {
		if (sn->s.model.queries[i].in_flight && !sn->s.model.queries[i].have) {
			model_query_failed(&sn->s.model, i, NULL, "no answer in time", now);
		}
	}
	return failed ? MS5_EXIT_SOURCE : MS5_EXIT_OK;
}

/* The frame as text or ANSI colour, drawn by the same code as the view. */
static void render_text(struct snap *sn, const struct ms5_config *cfg, int w, int h, double now,
	struct strbuf *out)
{
	struct canvas c;
	struct layout l;
	struct render_opts o;
	char clock[40];
	time_t secs = (time_t)now;
	struct tm tm;

	localtime_r(&secs, &tm);
	strftime(clock, sizeof(clock), "%Y-%m-%d %H:%M", &tm);
	memset(&o, 0, sizeof(o));
	o.plant = cfg->plant;
	o.role = config_role_name(cfg->role);
	o.clock = clock;
	o.now = now;
	o.zoom = -1;
	o.filter = "";
	canvas_init(&c, w, h, session_glyphs(cfg));
	render_frame(&c, &sn->s.model, &o, &l);
	if (cfg->color == MS5_COLOR_ALWAYS ||
		(cfg->color == MS5_COLOR_AUTO && isatty(STDOUT_FILENO))) {
		canvas_to_ansi(&c, &sn->s.theme, session_depth(cfg, 256), out);
	} else {
		canvas_to_text(&c, out);
	}
	canvas_finish(&c);
}

static int fail(struct snap *sn, const char *msg)
{
	fprintf(stderr, "ms5top: %s\n", msg);
	session_finish(&sn->s);
	free(sn);
	return MS5_EXIT_USAGE;
}

int cmd_snapshot(const struct ms5_config *cfg)
{
	struct snap *sn = calloc(1, sizeof(*sn));
	struct ms5_error err = { "" };
	struct strbuf out;
	char msg[300];
	int w = cfg->width ? cfg->width : env_size("COLUMNS", DEFAULT_W);
	int h = cfg->height ? cfg->height : env_size("LINES", DEFAULT_H);
	int status;
	double now;

	if (!sn) {
		return MS5_EXIT_USAGE;
	}
	if (!session_init(&sn->s, cfg, &err)) {
		fprintf(stderr, "ms5top: %s\n", err.msg);
		free(sn);
		return MS5_EXIT_USAGE;
	}
	session_load_role(&sn->s, cfg->role, w);
	if (sn->s.dash_error[0]) {
		return fail(sn, sn->s.dash_error);
	}
	fetch_round(sn, cfg);
	now = engine_now();
	if (!config_role_allows(sn->s.user_role, cfg->role)) {
		snprintf(msg, sizeof(msg), "the MS5 role '%s' may not open the %s view",
			sn->s.user_role, config_role_name(cfg->role));
		return fail(sn, msg);
	}
	status = judge_round(sn, now);
	strbuf_init(&out, 0);
	if (cfg->format == MS5_FORMAT_JSON) {
		snapshot_json(&sn->s.model, config_role_name(cfg->role), now, &out);
	} else {
		render_text(sn, cfg, w, h, now, &out);
	}
	fwrite(strbuf_str(&out), 1, out.len, stdout);
	fflush(stdout);
	strbuf_finish(&out);
	session_finish(&sn->s);
	free(sn);
	return status;
}
