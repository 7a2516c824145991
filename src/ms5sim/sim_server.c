/*
 * The lws server of ms5sim. See sim_server.h.
 *
 * One protocol handles both HTTP and WebSocket connections, so a client
 * without a subprotocol gets it and the per-session data holds both parts.
 * The WebSocket token is checked in FILTER_PROTOCOL_CONNECTION but, like
 * the backend, the upgrade is accepted and a bad token is answered with a
 * close frame 1008 right after it. Writes happen only in WRITEABLE
 * callbacks: frames wait in a bounded queue per client (the oldest is
 * dropped and counted when a slow client lets it fill), synthetic frames
 * are only counted until they are written, and each callback writes until
 * the socket would block or a budget is spent, so one fast client cannot
 * starve the loop.
 */
#include "sim_server.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <libwebsockets.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "ms5top/strbuf.h"
#include "ms5top/xalloc.h"
#include "sim_auth.h"
#include "sim_json.h"
#include "sim_metrics.h"
#include "sim_request.h"

#define TICK_MS 100
#define QCAP 8192                /* frames queued per client */
#define RX_MAX 65536             /* largest client message */
#define BODY_MAX 65536           /* largest request body */
#define MAX_SUBS 1024
#define WRITE_BUDGET 256         /* frames per WRITEABLE callback */
#define CHUNK 16384              /* HTTP body bytes per write */
#define SHUTDOWN_GRACE 2.0       /* seconds for clients to take the close */
#define MAX_ARGS 16              /* query arguments looked at */

enum ep { EP_MAIN, EP_ANDON, EP_PRODUCTION, EP_EQUIPMENT };
enum sub_type { SUB_LINE, SUB_EQUIPMENT, SUB_DOWNTIME, SUB_ESCALATION };

static const char *const ep_paths[] = { "/ws/", "/ws/andon", "/ws/production", "/ws/equipment" };

struct sub {
	enum sub_type type;
	char target[96];
};

struct qframe {
	char *buf;                   /* LWS_PRE bytes of headroom, then the frame */
	size_t len;
	int kind;                    /* enum sim_msg, for the message counters */
	bool dup;
};

struct client {
	struct client *prev, *next;
	struct lws *wsi;
	char cid[24];
	char peer[64];
	enum ep ep;
	bool authed;                 /* the token was good */
	bool dropped;                /* silent too long: forgotten, as the backend does */
	bool closing;                /* system_shutdown queued: close once drained */
	int close_code;              /* send a close frame with this code next */
	const char *close_reason;
	char q_line[96], q_prio[16], q_equipment[96];   /* from the query string */
	struct sub *subs;
	size_t n_subs, cap_subs;
	struct qframe *q;
	size_t qhead, qlen;
	uint64_t synth_pending;
	double last_rx, connected_at;
	struct strbuf rx;
	bool rx_over;
	uint64_t sent;
};

struct http {
	bool post;
	char path[256];
	struct strbuf body;
	bool body_over;
	int status;                  /* 0: no response pending */
	const char *ctype;
	char *resp;
	size_t resp_len, resp_off;
	bool hdr_sent, www_auth;
	double t0;
};

struct pss {
	struct http h;
	struct client c;
};

struct server {
	struct sim_model *m;
	const struct sim_server_opts *o;
	struct lws_context *ctx;
	struct sim_auth *auth;
	struct sim_live live;
	struct client *clients;
	lws_sorted_usec_list_t tick;
	double mono0, last_tick;
	double synth_acc;
	uint64_t synth_seq;
	struct sim_rng rng;
	bool stopping;
	double stop_deadline;
	struct sim_event *evbuf;
	struct strbuf scratch;
	char user_id[40];
};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* ---- Clocks and logging --------------------------------------------------------- */

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double sim_now(const struct server *s)
{
	return s->o->sim_start + (mono() - s->mono0) * s->o->speed;
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void logf_(const char *fmt, ...)
{
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	va_list ap;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s ms5sim: ", stamp);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void lws_log(int level, const char *line)
{
	size_t n = strlen(line);

	(void)level;
	fprintf(stderr, "ms5sim: lws: %.*s\n", (int)(n && line[n - 1] == '\n' ? n - 1 : n), line);
}

static void random_bytes(struct server *s, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);

		if (r <= 0) {
			break;
		}
		got += (size_t)r;
	}
	/* No kernel randomness: the simulator's PRNG will do for a demo. */
	while (got < n) {
		buf[got++] = (unsigned char)sim_rng_next(&s->rng);
	}
}

/* ---- Frames and queues ------------------------------------------------------------ */

static void frame_begin(struct strbuf *b)
{
	static const char pad[LWS_PRE];

	strbuf_reset(b);
	strbuf_append(b, pad, LWS_PRE);
}

static struct sj_opts opts_for(const struct server *s, const struct client *c)
{
	struct sj_opts o = { SJ_SHAPE_A, SJ_TS_NAIVE, c->cid, sim_now(s) };

	return o;
}

/* Queues a copy of the frame in b (built after frame_begin). */
static void enqueue(struct server *s, struct client *c, const struct strbuf *b, int kind, bool dup)
{
	struct qframe *f;

	if (!c->q) {
		c->q = xcalloc(QCAP, sizeof(*c->q));
	}
	if (c->qlen == QCAP) {
		free(c->q[c->qhead].buf);
		c->qhead = (c->qhead + 1) % QCAP;
		c->qlen--;
		s->live.frames_dropped++;
	}
	f = &c->q[(c->qhead + c->qlen++) % QCAP];
	f->buf = xmalloc(b->len);
	memcpy(f->buf, b->data, b->len);
	f->len = b->len - LWS_PRE;
	f->kind = kind;
	f->dup = dup;
	lws_callback_on_writable(c->wsi);
}

static void queue_clear(struct client *c)
{
	while (c->qlen) {
		free(c->q[c->qhead].buf);
		c->qhead = (c->qhead + 1) % QCAP;
		c->qlen--;
	}
}

static void client_free(struct client *c)
{
	queue_clear(c);
	free(c->q);
	free(c->subs);
	strbuf_finish(&c->rx);
	c->q = NULL;
	c->subs = NULL;
	c->n_subs = c->cap_subs = 0;
}

/* ---- Subscriptions ----------------------------------------------------------------- */

static bool has_sub(const struct client *c, enum sub_type type, const char *target)
{
	for (size_t i = 0; i < c->n_subs; i++) {
		if (c->subs[i].type == type && !strcmp(c->subs[i].target, target)) {
			return true;
		}
	}
	return false;
}

static bool add_sub(struct client *c, enum sub_type type, const char *target)
{
	struct sub *sb;

	if (has_sub(c, type, target)) {
		return true;
	}
	if (c->n_subs == MAX_SUBS) {
		return false;
	}
	c->subs = xgrow(c->subs, &c->cap_subs, c->n_subs + 1, sizeof(*c->subs));
	sb = &c->subs[c->n_subs++];
	sb->type = type;
	snprintf(sb->target, sizeof(sb->target), "%s", target);
	return true;
}

static void del_sub(struct client *c, enum sub_type type, const char *target)
{
	for (size_t i = 0; i < c->n_subs; i++) {
		if (c->subs[i].type == type && !strcmp(c->subs[i].target, target)) {
			c->subs[i] = c->subs[--c->n_subs];
			return;
		}
	}
}

static bool esc_sub(const struct client *c, enum sim_prio p)
{
	char t[32];

	snprintf(t, sizeof(t), "priority:%s", sim_prio_name(p));
	return has_sub(c, SUB_ESCALATION, "all") || has_sub(c, SUB_ESCALATION, t);
}

/* Which clients get an event: the backend's routing (andon_event to the
 * line's and the equipment's subscribers, and to escalation subscribers
 * when high or critical; downtime to downtime and line subscribers; the
 * rest to line subscribers), plus health alerts to everyone. */
static bool wants(const struct client *c, const struct sim_model *m, const struct sim_event *ev)
{
	const struct sim_line *l;
	const char *code = NULL;
	bool line_sub;
	char t[128];

	if (!c->authed || c->dropped || c->closing || c->close_code) {
		return false;
	}
	if (ev->kind == SIM_EV_HEALTH) {
		return true;
	}
	l = &m->lines[ev->line];
	if (ev->eq >= 0 && ev->eq < l->n_eq) {
		code = l->eq[ev->eq].code;
	}
	line_sub = has_sub(c, SUB_LINE, l->id);
	switch (ev->kind) {
	case SIM_EV_ANDON:
		if (line_sub || (code && has_sub(c, SUB_EQUIPMENT, code))) {
			return true;
		}
		return ev->andon.prio >= SIM_PRIO_HIGH && esc_sub(c, ev->andon.prio);
	case SIM_EV_ESCALATION:
		return line_sub || esc_sub(c, ev->andon.prio);
	case SIM_EV_EQUIPMENT:
		return line_sub || (code && has_sub(c, SUB_EQUIPMENT, code));
	case SIM_EV_DOWNTIME:
		if (line_sub || has_sub(c, SUB_DOWNTIME, "all")) {
			return true;
		}
		snprintf(t, sizeof(t), "line:%s", l->id);
		if (has_sub(c, SUB_DOWNTIME, t)) {
			return true;
		}
		snprintf(t, sizeof(t), "equipment:%s", code ? code : "");
		return code && has_sub(c, SUB_DOWNTIME, t);
	default:
		return line_sub;
	}
}

/* ---- Model events to frames --------------------------------------------------------- */

static int ev_priority(const struct sim_event *ev)
{
	switch (ev->kind) {
	case SIM_EV_ANDON:
	case SIM_EV_ESCALATION:
		return 1;
	case SIM_EV_EQUIPMENT:
		return 3;
	default:
		return 2;
	}
}

static void broadcast(struct server *s, const struct sim_event *ev)
{
	enum sj_shape shape = SJ_SHAPE_A;
	enum sj_ts ts = SJ_TS_NAIVE;
	bool dup = false;

	if (s->o->mixed) {
		double r = sim_rng_uniform(&s->rng);

		shape = r < 0.5 ? SJ_SHAPE_A : r < 0.75 ? SJ_SHAPE_B : SJ_SHAPE_C;
		r = sim_rng_uniform(&s->rng);
		ts = r < 0.4 ? SJ_TS_NAIVE : r < 0.7 ? SJ_TS_Z : SJ_TS_OFFSET;
		/* The backend's retry path resends; only frames with a
		 * metadata.event_id can be told apart as resends. */
		dup = shape != SJ_SHAPE_C && sim_rng_uniform(&s->rng) < 0.03;
	}
	for (struct client *c = s->clients; c; c = c->next) {
		struct sj_opts o;
		int kind;

		if (!wants(c, s->m, ev)) {
			continue;
		}
		o = opts_for(s, c);
		o.shape = shape;
		o.ts = ts;
		frame_begin(&s->scratch);
		kind = sj_event_frame(&s->scratch, s->m, ev, &o);
		if (kind < 0) {
			return;
		}
		enqueue(s, c, &s->scratch, kind, false);
		if (dup) {
			enqueue(s, c, &s->scratch, kind, true);
		}
	}
}

static void drain_events(struct server *s)
{
	size_t n;

	while ((n = sim_take_events(s->m, s->evbuf, SIM_EVENT_RING)) > 0) {
		if (!s->clients) {
			continue;
		}
		/* The backend batches frames and sends the urgent ones first:
		 * with --shapes mixed, each batch goes out by priority. */
		for (int prio = s->o->mixed ? 1 : 0; prio <= (s->o->mixed ? 3 : 0); prio++) {
			for (size_t i = 0; i < n; i++) {
				if (!prio || ev_priority(&s->evbuf[i]) == prio) {
					broadcast(s, &s->evbuf[i]);
				}
			}
		}
	}
}

static void add_synthetic(struct server *s, double dt)
{
	uint64_t k, cap;

	if (s->o->event_rate <= 0) {
		return;
	}
	s->synth_acc += s->o->event_rate * dt;
	k = (uint64_t)s->synth_acc;
	s->synth_acc -= (double)k;
	if (!k) {
		return;
	}
	/* A client more than two seconds behind loses the surplus. */
	cap = (uint64_t)(2 * (s->o->event_rate > 1000 ? s->o->event_rate : 1000));
	for (struct client *c = s->clients; c; c = c->next) {
		if (!c->authed || c->dropped || c->closing || c->close_code) {
			continue;
		}
		c->synth_pending += k;
		if (c->synth_pending > cap) {
			s->live.frames_dropped += c->synth_pending - cap;
			c->synth_pending = cap;
		}
		lws_callback_on_writable(c->wsi);
	}
}

static void idle_check(struct server *s, double now)
{
	if (s->o->idle_timeout <= 0) {
		return;
	}
	for (struct client *c = s->clients; c; c = c->next) {
		if (c->authed && !c->dropped && now - c->last_rx > s->o->idle_timeout) {
			/* The backend forgets the connection without closing it. */
			c->dropped = true;
			queue_clear(c);
			c->synth_pending = 0;
			logf_("ws %s: no traffic for %.0f s, dropped without closing", c->cid, s->o->idle_timeout);
		}
	}
}

static void begin_shutdown(struct server *s, const char *why)
{
	if (s->stopping) {
		return;
	}
	s->stopping = true;
	s->stop_deadline = mono() + SHUTDOWN_GRACE;
	logf_("shutting down (%s)", why);
	for (struct client *c = s->clients; c; c = c->next) {
		queue_clear(c);
		c->synth_pending = 0;
		if (c->authed && !c->close_code) {
			struct sj_opts o = opts_for(s, c);

			frame_begin(&s->scratch);
			sj_shutdown(&s->scratch, &o);
			c->closing = true;
			enqueue(s, c, &s->scratch, SIM_MSG_SHUTDOWN, false);
		} else if (!c->close_code) {
			c->close_code = LWS_CLOSE_STATUS_GOINGAWAY;
			c->close_reason = "server shutdown";
			lws_callback_on_writable(c->wsi);
		}
	}
}

static void on_tick(lws_sorted_usec_list_t *sul)
{
	struct server *s = lws_container_of(sul, struct server, tick);
	double now = mono(), dt = now - s->last_tick;

	s->last_tick = now;
	if (!s->stopping) {
		sim_advance_to(s->m, (int64_t)floor(sim_now(s)));
		drain_events(s);
		add_synthetic(s, dt);
		idle_check(s, now);
		if (s->o->duration > 0 && now - s->mono0 >= s->o->duration) {
			begin_shutdown(s, "duration reached");
		}
	}
	lws_sul_schedule(s->ctx, 0, &s->tick, on_tick, TICK_MS * LWS_US_PER_MS);
}

/* ---- WebSocket ------------------------------------------------------------------------ */

static void send_control(struct server *s, struct client *c, int kind, struct strbuf *b)
{
	enqueue(s, c, b, kind, false);
}

static void ws_error(struct server *s, struct client *c, const char *msg, const char *code)
{
	struct sj_opts o = opts_for(s, c);

	frame_begin(&s->scratch);
	sj_error(&s->scratch, msg, code, &o);
	send_control(s, c, SIM_MSG_ERROR, &s->scratch);
}

static void ws_pong(struct server *s, struct client *c)
{
	struct sj_opts o = opts_for(s, c);

	frame_begin(&s->scratch);
	sj_pong(&s->scratch, &o);
	send_control(s, c, SIM_MSG_PONG, &s->scratch);
}

static void ws_confirm(struct server *s, struct client *c, const char *type, const char *target,
	const char *filters)
{
	struct sj_opts o = opts_for(s, c);

	frame_begin(&s->scratch);
	sj_subscription_confirmed(&s->scratch, type, target, filters, &o);
	send_control(s, c, SIM_MSG_SUBSCRIPTION, &s->scratch);
}

static bool sub_type_of(const char *name, enum sub_type *t)
{
	static const char *const names[] = { "line", "equipment", "downtime", "escalation" };

	for (int i = 0; i < 4; i++) {
		if (!strcmp(name, names[i])) {
			*t = (enum sub_type)i;
			return true;
		}
	}
	return false;
}

static void handle_message(struct server *s, struct client *c, const char *text, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(text, len);
	const cJSON *type, *st, *target, *filters;
	char msg[160];

	if (!j || !cJSON_IsObject(j)) {
		ws_error(s, c, "Invalid JSON format", "INVALID_JSON");
		cJSON_Delete(j);
		return;
	}
	type = cJSON_GetObjectItemCaseSensitive(j, "type");
	if (!cJSON_IsString(type)) {
		ws_error(s, c, "Message type is required", "MISSING_TYPE");
	} else if (!strcmp(type->valuestring, "heartbeat") || !strcmp(type->valuestring, "ping")) {
		ws_pong(s, c);
	} else if (!strcmp(type->valuestring, "subscribe") || !strcmp(type->valuestring, "unsubscribe")) {
		bool sub = type->valuestring[0] == 's';
		enum sub_type t;
		const char *tid;

		st = cJSON_GetObjectItemCaseSensitive(j, "subscription_type");
		target = cJSON_GetObjectItemCaseSensitive(j, "target_id");
		filters = cJSON_GetObjectItemCaseSensitive(j, "filters");
		tid = cJSON_IsString(target) ? target->valuestring : NULL;
		if (!cJSON_IsString(st) || !sub_type_of(st->valuestring, &t)) {
			snprintf(msg, sizeof(msg), "Invalid subscription type: %.80s",
				cJSON_IsString(st) ? st->valuestring : "(none)");
			ws_error(s, c, msg, "INVALID_SUBSCRIPTION");
		} else if ((t == SUB_LINE || t == SUB_EQUIPMENT) && (!tid || !*tid)) {
			ws_error(s, c, "target_id is required for line and equipment subscriptions",
				"INVALID_SUBSCRIPTION");
		} else if (!sub) {
			del_sub(c, t, tid ? tid : "all");
		} else if (!add_sub(c, t, tid ? tid : "all")) {
			ws_error(s, c, "Too many subscriptions", "SUBSCRIPTION_LIMIT");
		} else {
			char *f = cJSON_IsObject(filters) ? cJSON_PrintUnformatted(filters) : NULL;

			ws_confirm(s, c, st->valuestring, tid ? tid : "all", f);
			free(f);
		}
	} else {
		snprintf(msg, sizeof(msg), "Unknown message type: %.80s", type->valuestring);
		ws_error(s, c, msg, "UNKNOWN_MESSAGE_TYPE");
	}
	cJSON_Delete(j);
}

/* Reads the WebSocket route and query string of the upgrade request.
 * Returns false for a path that matches no route. */
static bool ws_route(struct server *s, struct lws *wsi, struct client *c)
{
	char uri[256], arg[256];
	bool found = false;

	if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) <= 0) {
		return false;
	}
	for (int e = 0; e < 4; e++) {
		size_t n = strlen(ep_paths[e]);

		/* "/ws/" exactly; the others with or without a trailing slash. */
		if (!strcmp(uri, ep_paths[e]) || (e && !strncmp(uri, ep_paths[e], n) && !strcmp(uri + n, "/"))) {
			c->ep = (enum ep)e;
			found = true;
		}
	}
	if (!found) {
		logf_("ws upgrade refused: no route for %s", uri);
		return false;
	}
	c->authed = false;
	for (int i = 0; lws_hdr_copy_fragment(wsi, arg, sizeof(arg), WSI_TOKEN_HTTP_URI_ARGS, i) > 0; i++) {
		if (!strncmp(arg, "token=", 6)) {
			c->authed = sim_auth_valid(s->auth, SIM_TOKEN_ACCESS, arg + 6, mono());
		} else if (!strncmp(arg, "line_id=", 8)) {
			snprintf(c->q_line, sizeof(c->q_line), "%.95s", arg + 8);
		} else if (!strncmp(arg, "priority=", 9)) {
			snprintf(c->q_prio, sizeof(c->q_prio), "%.15s", arg + 9);
		} else if (!strncmp(arg, "equipment_code=", 15)) {
			snprintf(c->q_equipment, sizeof(c->q_equipment), "%.95s", arg + 15);
		}
	}
	return true;
}

static void ws_established(struct server *s, struct lws *wsi, struct client *c)
{
	struct sj_opts o;

	c->wsi = wsi;
	snprintf(c->cid, sizeof(c->cid), "u1_%08x", (unsigned)(sim_rng_next(&s->rng) >> 32));
	if (lws_get_peer_simple(wsi, c->peer, sizeof(c->peer)) == NULL) {
		snprintf(c->peer, sizeof(c->peer), "?");
	}
	strbuf_init(&c->rx, RX_MAX);
	c->last_rx = c->connected_at = mono();
	c->next = s->clients;
	if (s->clients) {
		s->clients->prev = c;
	}
	s->clients = c;
	s->live.ws_connects++;
	if (!c->authed) {
		logf_("ws %s %s from %s: invalid or expired token, closing with 1008", c->cid,
			ep_paths[c->ep], c->peer);
		c->close_code = LWS_CLOSE_STATUS_POLICY_VIOLATION;
		c->close_reason = "Invalid or expired token";
		lws_callback_on_writable(wsi);
		return;
	}
	logf_("ws %s connected to %s from %s", c->cid, ep_paths[c->ep], c->peer);
	if (s->stopping) {
		c->close_code = LWS_CLOSE_STATUS_GOINGAWAY;
		c->close_reason = "server shutdown";
		lws_callback_on_writable(wsi);
		return;
	}
	o = opts_for(s, c);
	frame_begin(&s->scratch);
	sj_greeting(&s->scratch, &o);
	send_control(s, c, SIM_MSG_SYSTEM_ALERT, &s->scratch);
	/* /ws/andon, /ws/production, /ws/equipment subscribe from the URL. */
	if (c->ep != EP_MAIN && c->q_line[0]) {
		add_sub(c, SUB_LINE, c->q_line);
	}
	if (c->ep == EP_ANDON && c->q_prio[0]) {
		char t[40];

		snprintf(t, sizeof(t), "priority:%s", c->q_prio);
		add_sub(c, SUB_ESCALATION, t);
	}
	if (c->ep == EP_EQUIPMENT && c->q_equipment[0]) {
		add_sub(c, SUB_EQUIPMENT, c->q_equipment);
	}
}

static void ws_closed(struct server *s, struct client *c)
{
	if (!c->wsi) {
		return;
	}
	if (c->prev) {
		c->prev->next = c->next;
	} else if (s->clients == c) {
		s->clients = c->next;
	}
	if (c->next) {
		c->next->prev = c->prev;
	}
	if (c->authed) {
		logf_("ws %s closed after %.1f s, %llu frames", c->cid, mono() - c->connected_at,
			(unsigned long long)c->sent);
	}
	client_free(c);
	c->wsi = NULL;
}

static int ws_writable(struct server *s, struct client *c)
{
	int budget = WRITE_BUDGET;

	if (c->close_code) {
		const char *r = c->close_reason ? c->close_reason : "";

		lws_close_reason(c->wsi, (enum lws_close_status)c->close_code, (unsigned char *)(uintptr_t)r,
			strlen(r));
		return -1;
	}
	while (budget > 0) {
		const char *p;
		size_t len;
		int kind;
		bool synth = false, dup = false;

		if (budget < WRITE_BUDGET && lws_send_pipe_choked(c->wsi)) {
			break;
		}
		budget--;
		if (c->qlen) {
			struct qframe *f = &c->q[c->qhead];

			p = f->buf + LWS_PRE;
			len = f->len;
			kind = f->kind;
			dup = f->dup;
		} else if (c->synth_pending && !c->dropped && !c->closing) {
			struct sj_opts o = opts_for(s, c);

			if (s->o->mixed) {
				o.shape = sim_rng_uniform(&s->rng) < 0.7 ? SJ_SHAPE_A : SJ_SHAPE_C;
				o.ts = (enum sj_ts)(s->synth_seq % 3);
			}
			frame_begin(&s->scratch);
			sj_synthetic(&s->scratch, s->m, s->synth_seq++, &o);
			p = s->scratch.data + LWS_PRE;
			len = s->scratch.len - LWS_PRE;
			kind = SIM_MSG_ANDON;
			synth = true;
		} else {
			break;
		}
		if (lws_write(c->wsi, (unsigned char *)(uintptr_t)p, len, LWS_WRITE_TEXT) < (int)len) {
			return -1;
		}
		if (synth) {
			c->synth_pending--;
			s->live.synthetic_sent++;
		} else {
			free(c->q[c->qhead].buf);
			c->qhead = (c->qhead + 1) % QCAP;
			c->qlen--;
		}
		c->sent++;
		s->live.frames_sent++;
		s->live.ws_messages[kind]++;
		s->live.duplicates_sent += dup;
	}
	if (c->closing && !c->qlen) {
		c->close_code = LWS_CLOSE_STATUS_GOINGAWAY;
		c->close_reason = "server shutdown";
		lws_callback_on_writable(c->wsi);
	} else if (c->qlen || (c->synth_pending && !c->dropped)) {
		lws_callback_on_writable(c->wsi);
	}
	return 0;
}

static int ws_receive(struct server *s, struct lws *wsi, struct client *c, const void *in, size_t len)
{
	c->last_rx = mono();
	if (!c->authed || c->dropped || c->close_code) {
		return 0;
	}
	if (lws_is_first_fragment(wsi)) {
		strbuf_reset(&c->rx);
		c->rx_over = false;
	}
	if (!c->rx_over && !strbuf_append(&c->rx, in, len)) {
		c->rx_over = true;
	}
	if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi)) {
		return 0;
	}
	if (c->rx_over) {
		logf_("ws %s: message over %d bytes, closing", c->cid, RX_MAX);
		c->close_code = LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE;
		c->close_reason = "message too big";
		lws_callback_on_writable(wsi);
		return 0;
	}
	if (!s->stopping) {
		handle_message(s, c, strbuf_str(&c->rx), c->rx.len);
	}
	strbuf_reset(&c->rx);
	return 0;
}

/* ---- HTTP ----------------------------------------------------------------------------- */

static void http_reset(struct http *h)
{
	strbuf_finish(&h->body);
	free(h->resp);
	memset(h, 0, sizeof(*h));
}

/* Counts a served API request in the platform metrics, when the endpoint
 * and its status code are among the ones the metrics know. */
static void record(struct server *s, struct http *h)
{
	int e = sim_endpoint_find(h->post ? "POST" : "GET", h->path);
	char code[8];

	if (e < 0) {
		return;
	}
	snprintf(code, sizeof(code), "%d", h->status);
	for (int c = 0; c < SIM_N_CODES; c++) {
		if (!strcmp(sim_endpoints[e].codes[c], code)) {
			sim_record_request(s->m, e, c, mono() - h->t0);
		}
	}
}

static int respond(struct server *s, struct lws *wsi, struct pss *p, int status, const char *ctype,
	struct strbuf *body)
{
	struct http *h = &p->h;

	h->status = status;
	h->ctype = ctype;
	h->resp_len = body->len;
	h->resp = strbuf_steal(body);
	h->resp_off = 0;
	h->hdr_sent = false;
	record(s, h);
	if (s->o->verbose) {
		logf_("http %s %s -> %d (%zu bytes)", h->post ? "POST" : "GET", h->path, status, h->resp_len);
	}
	lws_callback_on_writable(wsi);
	return 0;
}

static int respond_detail(struct server *s, struct lws *wsi, struct pss *p, int status, const char *detail)
{
	struct strbuf b;

	strbuf_init(&b, 0);
	strbuf_puts(&b, "{\"detail\":");
	sj_string(&b, detail);
	strbuf_putc(&b, '}');
	return respond(s, wsi, p, status, "application/json", &b);
}

/* Checks the bearer token; answers 401 itself and returns false when bad. */
static bool bearer_ok(struct server *s, struct lws *wsi, struct pss *p)
{
	char auth[256];
	const char *t;

	if (lws_hdr_copy(wsi, auth, sizeof(auth), WSI_TOKEN_HTTP_AUTHORIZATION) <= 0) {
		p->h.www_auth = true;
		respond_detail(s, wsi, p, 401, "Not authenticated");
		return false;
	}
	t = auth;
	if (strncasecmp(t, "Bearer ", 7) == 0) {
		t += 7;
		while (*t == ' ') {
			t++;
		}
		if (sim_auth_valid(s->auth, SIM_TOKEN_ACCESS, t, mono())) {
			return true;
		}
	}
	p->h.www_auth = true;
	respond_detail(s, wsi, p, 401, "Could not validate credentials");
	return false;
}

static int serve_metrics(struct server *s, struct lws *wsi, struct pss *p)
{
	struct strbuf b;
	struct sim_mw w;
	unsigned n = 0;

	for (struct client *c = s->clients; c; c = c->next) {
		n += c->authed && !c->dropped;
	}
	s->live.ws_connections = n;
	s->live.speed = s->o->speed;
	strbuf_init(&b, 0);
	sim_mw_init_text(&w, &b);
	sim_metrics_write(&w, s->m, &s->live);
	sim_mw_finish(&w);
	return respond(s, wsi, p, 200, "text/plain; version=0.0.4; charset=utf-8", &b);
}

static int serve_health(struct server *s, struct lws *wsi, struct pss *p)
{
	struct strbuf b;

	strbuf_init(&b, 0);
	strbuf_printf(&b, "{\"status\":\"healthy\",\"service\":\"ms5sim\",\"lines\":%d,\"model_time\":",
		s->m->n_lines);
	strbuf_putc(&b, '"');
	sj_time(&b, (double)s->m->now, SJ_TS_OFFSET);
	strbuf_puts(&b, "\"}");
	return respond(s, wsi, p, 200, "application/json", &b);
}

/* The REST bodies of the plant: Andon events, dashboard lines and summary. */
static int serve_rest(struct server *s, struct lws *wsi, struct pss *p, const struct sim_route *r)
{
	struct strbuf b;

	strbuf_init(&b, 0);
	if (r->kind == SIM_ROUTE_EVENTS_ACTIVE) {
		sj_active_events(&b, s->m);
	} else if (r->kind == SIM_ROUTE_EVENTS) {
		sj_events(&b, s->m, r->line_id, r->status, r->priority, r->skip, r->limit);
	} else if (r->kind == SIM_ROUTE_LINES) {
		sj_dashboard_lines(&b, s->m);
	} else {
		sj_dashboard_summary(&b, s->m);
	}
	return respond(s, wsi, p, 200, "application/json", &b);
}

static void token_pair(struct server *s, struct strbuf *b, const char *username)
{
	unsigned char rnd[SIM_TOKEN_RANDOM];
	char at[SIM_TOKEN_LEN + 1], rt[SIM_TOKEN_LEN + 1];
	double now = mono();

	random_bytes(s, rnd, sizeof(rnd));
	sim_auth_issue(s->auth, SIM_TOKEN_ACCESS, rnd, now, s->o->token_ttl, at);
	random_bytes(s, rnd, sizeof(rnd));
	sim_auth_issue(s->auth, SIM_TOKEN_REFRESH, rnd, now, s->o->refresh_ttl, rt);
	strbuf_printf(b, "{\"access_token\":\"%s\",\"refresh_token\":\"%s\",\"token_type\":\"bearer\","
		"\"expires_in\":%.0f,\"user\":{\"id\":\"%s\",\"username\":", at, rt, s->o->token_ttl, s->user_id);
	sj_string(b, username);
	strbuf_puts(b, ",\"email\":\"demo@ms5.local\",\"first_name\":\"Demo\",\"last_name\":\"User\","
		"\"role\":");
	sj_string(b, s->o->role && *s->o->role ? s->o->role : "admin");
	strbuf_puts(b, ",\"is_active\":true}}");
}

static int respond_missing(struct server *s, struct lws *wsi, struct pss *p, const char *field)
{
	struct strbuf b;

	strbuf_init(&b, 0);
	strbuf_printf(&b, "{\"detail\":[{\"loc\":[\"body\",\"%s\"],\"msg\":\"field required\","
		"\"type\":\"value_error.missing\"}]}", field);
	return respond(s, wsi, p, 422, "application/json", &b);
}

/* Answers a login or a token refresh with a new token pair, or 401. */
static int serve_auth(struct server *s, struct lws *wsi, struct pss *p, const struct sim_route *r)
{
	char peer[64] = "?";
	struct strbuf b;
	int rc;

	lws_get_peer_simple(wsi, peer, sizeof(peer));
	if (r->kind == SIM_ROUTE_LOGIN && !sim_auth_credentials(s->o->user, s->o->pass, r->username,
		r->password)) {
		logf_("login refused for '%.64s' from %s", r->username, peer);
		p->h.www_auth = true;
		return respond_detail(s, wsi, p, 401, "Incorrect username or password");
	}
	if (r->kind == SIM_ROUTE_REFRESH && !sim_auth_take(s->auth, SIM_TOKEN_REFRESH, r->refresh_token,
		mono())) {
		logf_("token refresh refused from %s", peer);
		return respond_detail(s, wsi, p, 401, "Invalid or expired refresh token");
	}
	if (r->kind == SIM_ROUTE_LOGIN) {
		logf_("login '%.64s' from %s", r->username, peer);
	} else {
		logf_("token refreshed for %s", peer);
	}
	strbuf_init(&b, 0);
	token_pair(s, &b, r->kind == SIM_ROUTE_LOGIN ? r->username : s->o->user);
	rc = respond(s, wsi, p, 200, "application/json", &b);
	strbuf_finish(&b);
	return rc;
}

static int answer(struct server *s, struct lws *wsi, struct pss *p, const struct sim_route *r)
{
	if (r->auth && !bearer_ok(s, wsi, p)) {
		return 0;
	}
	switch (r->kind) {
	case SIM_ROUTE_NOT_FOUND:
		return respond_detail(s, wsi, p, 404, "Not Found");
	case SIM_ROUTE_NOT_ALLOWED:
		return respond_detail(s, wsi, p, 405, "Method Not Allowed");
	case SIM_ROUTE_TOO_LARGE:
		return respond_detail(s, wsi, p, 413, "Request body too large");
	case SIM_ROUTE_MISSING:
		return respond_missing(s, wsi, p, r->missing);
	case SIM_ROUTE_METRICS:
		return serve_metrics(s, wsi, p);
	case SIM_ROUTE_HEALTH:
		return serve_health(s, wsi, p);
	case SIM_ROUTE_LOGIN:
	case SIM_ROUTE_REFRESH:
		return serve_auth(s, wsi, p, r);
	default:
		return serve_rest(s, wsi, p, r);
	}
}

/* Routes the request (its query arguments as lws split and decoded them)
 * and answers it. */
static int handle_request(struct server *s, struct lws *wsi, struct pss *p, const char *method)
{
	char frag[MAX_ARGS][128];
	const char *args[MAX_ARGS];
	size_t n = 0;
	struct sim_request req = { .method = method, .path = p->h.path, .args = args };
	struct sim_route r;
	int rc;

	while (n < MAX_ARGS &&
		lws_hdr_copy_fragment(wsi, frag[n], (int)sizeof(frag[n]), WSI_TOKEN_HTTP_URI_ARGS, (int)n) >= 0) {
		args[n] = frag[n];
		n++;
	}
	req.n_args = n;
	if (p->h.post) {
		req.body = strbuf_str(&p->h.body);
		req.body_len = p->h.body.len;
		req.body_over = p->h.body_over;
	}
	sim_route(&req, &r);
	rc = answer(s, wsi, p, &r);
	sim_route_finish(&r);
	return rc;
}

static int http_writable(struct lws *wsi, struct pss *p)
{
	struct http *h = &p->h;
	unsigned char buf[LWS_PRE + CHUNK];
	size_t n;
	bool last;

	if (!h->status) {
		return 0;
	}
	if (!h->hdr_sent) {
		unsigned char *start = buf + LWS_PRE, *q = start, *end = buf + LWS_PRE + 1024;

		if (lws_add_http_common_headers(wsi, (unsigned)h->status, h->ctype, (lws_filepos_t)h->resp_len,
				&q, end) ||
			(h->www_auth && lws_add_http_header_by_name(wsi, (const unsigned char *)"www-authenticate:",
				(const unsigned char *)"Bearer", 6, &q, end)) ||
			lws_add_http_header_by_name(wsi, (const unsigned char *)"cache-control:",
				(const unsigned char *)"no-store", 8, &q, end) ||
			lws_finalize_write_http_header(wsi, start, &q, end)) {
			return 1;
		}
		h->hdr_sent = true;
		if (h->resp_len) {
			lws_callback_on_writable(wsi);
			return 0;
		}
	} else {
		n = h->resp_len - h->resp_off;
		n = n > CHUNK ? CHUNK : n;
		last = h->resp_off + n == h->resp_len;
		memcpy(buf + LWS_PRE, h->resp + h->resp_off, n);
		if (lws_write(wsi, buf + LWS_PRE, n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) != (int)n) {
			return 1;
		}
		h->resp_off += n;
		if (!last) {
			lws_callback_on_writable(wsi);
			return 0;
		}
	}
	http_reset(h);
	return lws_http_transaction_completed(wsi) ? -1 : 0;
}

/* ---- The protocol ------------------------------------------------------------------------ */

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct server *s = lws_context_user(lws_get_context(wsi));
	struct pss *p = user;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		http_reset(&p->h);
		p->h.t0 = mono();
		snprintf(p->h.path, sizeof(p->h.path), "%s", in ? (const char *)in : "/");
		p->h.post = lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) > 0;
		if (p->h.post) {
			strbuf_init(&p->h.body, BODY_MAX);
			return 0;
		}
		return handle_request(s, wsi, p, lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) > 0 ? "GET" : "?");
	case LWS_CALLBACK_HTTP_BODY:
		if (!p->h.body_over && len && !strbuf_append(&p->h.body, in, len)) {
			p->h.body_over = true;
		}
		return 0;
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		return handle_request(s, wsi, p, "POST");
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return http_writable(wsi, p);
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
	case LWS_CALLBACK_CLOSED_HTTP:
		if (p) {
			http_reset(&p->h);
		}
		return 0;

	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		http_reset(&p->h);
		memset(&p->c, 0, sizeof(p->c));
		return ws_route(s, wsi, &p->c) ? 0 : -1;
	case LWS_CALLBACK_ESTABLISHED:
		ws_established(s, wsi, &p->c);
		return 0;
	case LWS_CALLBACK_RECEIVE:
		return ws_receive(s, wsi, &p->c, in, len);
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return ws_writable(s, &p->c);
	case LWS_CALLBACK_CLOSED:
		ws_closed(s, &p->c);
		return 0;
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
}

static const struct lws_protocols protocols[] = {
	{ "ms5", callback, sizeof(struct pss), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 },
};

int sim_server_run(struct sim_model *m, const struct sim_server_opts *o)
{
	struct lws_context_creation_info info;
	struct server s;
	struct sigaction sa;
	bool any = !strcmp(o->host, "0.0.0.0") || !strcmp(o->host, "*") || !o->host[0];
	uint64_t sent0 = 0;

	memset(&s, 0, sizeof(s));
	s.m = m;
	s.o = o;
	s.auth = sim_auth_create(16384);
	s.evbuf = xcalloc(SIM_EVENT_RING, sizeof(*s.evbuf));
	strbuf_init(&s.scratch, 0);
	/* Connection ids, shapes and duplicates need not repeat between runs
	 * (the model is what --seed makes repeatable). */
	{
		uint64_t r = 0;

		sim_rng_seed(&s.rng, o->seed ^ (uint64_t)time(NULL));
		random_bytes(&s, (unsigned char *)&r, sizeof(r));
		sim_rng_seed(&s.rng, o->seed ^ r);
	}
	snprintf(s.user_id, sizeof(s.user_id), "0d3c9a1e-5a5e-4d3b-9f1e-%012llx",
		(unsigned long long)(o->seed & 0xffffffffffffULL));

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	lws_set_log_level(LLL_ERR, lws_log);
	memset(&info, 0, sizeof(info));
	info.port = o->port;
	info.iface = any ? NULL : o->host;
	info.protocols = protocols;
	info.user = &s;
	info.max_http_header_data = 4096;
	if (!strchr(o->host, ':')) {
		info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
	}
	s.ctx = lws_create_context(&info);
	if (!s.ctx) {
		fprintf(stderr, "ms5sim: cannot listen on %s:%d\n", o->host, o->port);
		sim_auth_destroy(s.auth);
		free(s.evbuf);
		strbuf_finish(&s.scratch);
		return 1;
	}
	s.mono0 = s.last_tick = mono();
	/* Events from the catch-up before serving are history: nobody listened. */
	sim_advance_to(m, (int64_t)floor(sim_now(&s)));
	while (sim_take_events(m, s.evbuf, SIM_EVENT_RING)) {
	}
	logf_("listening on http://%s:%d (%d lines, seed %llu, speed %g, shapes %s, event rate %g/s)",
		o->host, o->port, m->n_lines, (unsigned long long)o->seed, o->speed, o->mixed ? "mixed" : "a",
		o->event_rate);
	lws_sul_schedule(s.ctx, 0, &s.tick, on_tick, TICK_MS * LWS_US_PER_MS);

	for (;;) {
		if (lws_service(s.ctx, 0) < 0) {
			break;
		}
		if (got_signal && !s.stopping) {
			begin_shutdown(&s, got_signal == SIGINT ? "SIGINT" : "SIGTERM");
		}
		if (s.stopping && (!s.clients || mono() >= s.stop_deadline)) {
			break;
		}
	}
	lws_sul_cancel(&s.tick);
	lws_context_destroy(s.ctx);
	sent0 = s.live.frames_sent;
	fprintf(stderr, "ms5sim: frames sent: %llu (%llu synthetic, %llu duplicates), dropped: %llu, "
		"connections: %llu, in %.1f s\n", (unsigned long long)sent0,
		(unsigned long long)s.live.synthetic_sent, (unsigned long long)s.live.duplicates_sent,
		(unsigned long long)s.live.frames_dropped, (unsigned long long)s.live.ws_connects,
		mono() - s.mono0);
	sim_auth_destroy(s.auth);
	free(s.evbuf);
	strbuf_finish(&s.scratch);
	return 0;
}
