/*
 * ms5top --andon-tail: follows the Andon stream and prints one line per
 * Andon event as it arrives (time, priority, line, equipment, status,
 * description), or one JSON object per line with --format=json, until
 * interrupted. Events recovered by the REST resync after a (re)connect are
 * printed too when they are news. Connection changes go to stderr.
 *
 * SIGUSR1 prints the ids of the active events held, as one JSON line
 * {"active":[...]}, so a script can compare them with the server's list.
 * On exit the counters (frames, events, duplicates, malformed, unknown) go
 * to stderr.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "engine.h"
#include "log.h"
#include "ms5top/andon.h"
#include "ms5top/andon_state.h"
#include "ms5top/timeparse.h"
#include "session.h"

struct tail {
	struct session s;
	uv_signal_t sigint, sigterm, sighup, sigusr1;
	bool json;
	unsigned long printed;
	enum andon_conn last_conn;
	char last_detail[256];
	double resync_asked;     /* when the connection came up (and the resync was sent) */
};

static void print_event(struct tail *t, const struct andon_event *e, const char *via)
{
	char when[32];
	double at = e->status == ANDON_STATUS_RESOLVED && !isnan(e->resolved_at) ? e->resolved_at :
		e->status == ANDON_STATUS_ACKNOWLEDGED && !isnan(e->acknowledged_at) ?
		e->acknowledged_at : e->reported_at;
	const char *status = e->status_text[0] ? e->status_text : andon_status_name(e->status);

	if (isnan(at)) {
		at = engine_now();
	}
	iso8601_format(at, when, sizeof(when));
	if (t->json) {
		cJSON *o = cJSON_CreateObject();
		char *text;

		cJSON_AddStringToObject(o, "time", when);
		cJSON_AddStringToObject(o, "id", e->id);
		cJSON_AddStringToObject(o, "priority", e->priority_text[0] ? e->priority_text :
			andon_priority_name(e->priority));
		cJSON_AddStringToObject(o, "line_id", e->line_id);
		cJSON_AddStringToObject(o, "equipment_code", e->equipment_code);
		cJSON_AddStringToObject(o, "event_type", e->event_type);
		cJSON_AddStringToObject(o, "status", status);
		cJSON_AddStringToObject(o, "description", e->description);
		if (e->escalation_level >= 0) {
			cJSON_AddNumberToObject(o, "escalation_level", e->escalation_level);
		}
		cJSON_AddStringToObject(o, "via", via);
		text = cJSON_PrintUnformatted(o);
		puts(text);
		free(text);
		cJSON_Delete(o);
	} else {
		printf("%s  %-8s  %-12s  %-16s  %-12s  %s\n", when,
			e->priority_text[0] ? e->priority_text : andon_priority_name(e->priority),
			e->line_id[0] ? e->line_id : "-", e->equipment_code[0] ? e->equipment_code : "-",
			status, e->description);
	}
	fflush(stdout);
	t->printed++;
}

static void on_message(void *ud, const struct andon_msg *m)
{
	struct tail *t = ud;

	if (m->kind == ANDON_MSG_EVENT) {
		if (ANDON_CHANGED(andon_state_apply(t->s.andon, m, engine_now()))) {
			print_event(t, &m->event, "stream");
		}
	} else if (m->kind == ANDON_MSG_ESCALATION) {
		andon_state_apply(t->s.andon, m, engine_now());
	} else if (m->kind == ANDON_MSG_ERROR) {
		fprintf(stderr, "ms5top: andon: server error: %s\n", m->message);
	} else if (m->kind == ANDON_MSG_UNKNOWN) {
		log_msg("andon: unknown frame type '%s' skipped", m->type);
	}
}

static void on_resync(void *ud, const struct andon_event *events, size_t n)
{
	struct tail *t = ud;
	double now = engine_now();

	/* Print what the stream had not told us: events new to us, or in a
	 * newer state than we hold. The resync then resolves what the list
	 * no longer has. */
	for (size_t i = 0; i < n; i++) {
		if (ANDON_CHANGED(andon_state_apply_event(t->s.andon, &events[i], now))) {
			print_event(t, &events[i], "resync");
		}
	}
	/* Frames that arrived while the request was under way are newer
	 * than the list: only what changed before it was sent may be
	 * resolved by it. */
	andon_state_resync(t->s.andon, events, n, t->resync_asked > 0 ? t->resync_asked : now, now);
	andon_state_prune(t->s.andon, now);
	fprintf(stderr, "ms5top: andon: resynced, %zu active\n", andon_state_count(t->s.andon));
}

static void on_status(void *ud, const struct andon_client_status *st)
{
	struct tail *t = ud;
	const char *detail = st->detail;

	/* The client sends the REST resync right after it reports "up". */
	if (st->conn == ANDON_CONN_UP && t->last_conn != ANDON_CONN_UP) {
		t->resync_asked = engine_now();
	}
	if (st->conn == t->last_conn && strcmp(st->detail, t->last_detail) == 0) {
		return;
	}
	t->last_conn = st->conn;
	snprintf(t->last_detail, sizeof(t->last_detail), "%s", st->detail);
	if (strcmp(st->detail, andon_conn_name(st->conn)) == 0) {
		detail = "";    /* "logging in: logging in" says it twice */
	}
	if (st->conn == ANDON_CONN_RETRY || st->conn == ANDON_CONN_AUTH_FAILED) {
		fprintf(stderr, "ms5top: andon: %s%s%s, retrying in %.0fs\n", andon_conn_name(st->conn),
			detail[0] ? ": " : "", detail, st->retry_in);
	} else {
		fprintf(stderr, "ms5top: andon: %s%s%s\n", andon_conn_name(st->conn),
			detail[0] ? ": " : "", detail);
	}
}

static void dump_active(struct tail *t)
{
	static const struct andon_event *ev[ANDON_VIEW_MAX];
	size_t n = andon_state_view(t->s.andon, ev, ANDON_VIEW_MAX, ANDON_ORDER_TIME, engine_now());
	cJSON *o = cJSON_CreateObject(), *ids = cJSON_CreateArray();
	char *text;

	for (size_t i = 0; i < n; i++) {
		cJSON_AddItemToArray(ids, cJSON_CreateString(ev[i]->id));
	}
	cJSON_AddItemToObject(o, "active", ids);
	text = cJSON_PrintUnformatted(o);
	puts(text);
	fflush(stdout);
	free(text);
	cJSON_Delete(o);
}

static void on_signal(uv_signal_t *h, int signum)
{
	struct tail *t = h->data;

	if (signum == SIGUSR1) {
		dump_active(t);
		return;
	}
	uv_stop(h->loop);
}

int cmd_andon_tail(const struct ms5_config *cfg)
{
	struct tail *t = calloc(1, sizeof(*t));
	struct ms5_error err = { "" };
	struct andon_client_hooks hooks = { on_message, on_resync, on_status };
	char error[256];
	uv_signal_t *sigs[4];
	int nums[] = { SIGINT, SIGTERM, SIGHUP, SIGUSR1 };

	if (!t) {
		return MS5_EXIT_USAGE;
	}
	if (!cfg->andon_url || !*cfg->andon_url) {
		fprintf(stderr, "ms5top: --andon-tail needs an Andon URL (--andon-url)\n");
		free(t);
		return MS5_EXIT_USAGE;
	}
	if (!session_init(&t->s, cfg, &err)) {
		fprintf(stderr, "ms5top: %s\n", err.msg);
		free(t);
		return MS5_EXIT_USAGE;
	}
	t->json = cfg->format == MS5_FORMAT_JSON;
	t->last_conn = ANDON_CONN_IDLE;
	if (!app_start_andon(&t->s.app, &hooks, t, error, sizeof(error))) {
		fprintf(stderr, "ms5top: %s\n", error);
		session_finish(&t->s);
		free(t);
		return MS5_EXIT_USAGE;
	}
	sigs[0] = &t->sigint;
	sigs[1] = &t->sigterm;
	sigs[2] = &t->sighup;
	sigs[3] = &t->sigusr1;
	for (size_t i = 0; i < 4; i++) {
		uv_signal_init(&t->s.app.loop, sigs[i]);
		sigs[i]->data = t;
		uv_signal_start(sigs[i], on_signal, nums[i]);
	}
	uv_run(&t->s.app.loop, UV_RUN_DEFAULT);

	{
		const struct andon_client_status *st = andon_client_status(t->s.app.andon);
		const struct andon_state_stats *k = andon_state_stats(t->s.andon);

		fprintf(stderr, "ms5top: andon: %lu frames, %lu events printed, %lu duplicates, "
			"%lu malformed, %lu unknown, %lu oversized, %lu connects\n", st->frames,
			t->printed, k->duplicates, st->malformed, st->unknown, st->oversized,
			st->connects);
	}
	for (size_t i = 0; i < 4; i++) {
		uv_close((uv_handle_t *)sigs[i], NULL);
	}
	session_finish(&t->s);
	free(t);
	return MS5_EXIT_OK;
}
