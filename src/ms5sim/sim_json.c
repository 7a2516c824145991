/*
 * Backend-shaped JSON from the simulated plant. See sim_json.h.
 *
 * A small streaming writer keeps the commas right; objects are written in
 * the order the backend writes them, which makes frames easy to compare
 * with the fixtures by eye.
 */
#include "sim_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- Writer -------------------------------------------------------------- */

struct jw {
	struct strbuf *b;
	int depth;
	bool comma[32];
	bool after_key;
};

static void pre(struct jw *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->comma[j->depth]) {
		strbuf_putc(j->b, ',');
	}
	j->comma[j->depth] = true;
}

static void open_c(struct jw *j, char c)
{
	pre(j);
	strbuf_putc(j->b, c);
	j->comma[++j->depth] = false;
}

static void close_c(struct jw *j, char c)
{
	j->depth--;
	strbuf_putc(j->b, c);
}

static void obj(struct jw *j) { open_c(j, '{'); }
static void end(struct jw *j) { close_c(j, '}'); }
static void arr(struct jw *j) { open_c(j, '['); }
static void end_arr(struct jw *j) { close_c(j, ']'); }

void sj_string(struct strbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	if (!s) {
		strbuf_puts(b, "null");
		return;
	}
	strbuf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			strbuf_putc(b, '\\');
			strbuf_putc(b, (char)c);
		} else if (c == '\n') {
			strbuf_puts(b, "\\n");
		} else if (c < 0x20) {
			char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], '\0' };

			strbuf_puts(b, u);
		} else {
			strbuf_putc(b, (char)c);
		}
	}
	strbuf_putc(b, '"');
}

static void key(struct jw *j, const char *k)
{
	pre(j);
	sj_string(j->b, k);
	strbuf_putc(j->b, ':');
	j->after_key = true;
}

static void str(struct jw *j, const char *k, const char *v)
{
	key(j, k);
	pre(j);
	sj_string(j->b, v);
}

/* A string that is null when empty. */
static void str0(struct jw *j, const char *k, const char *v)
{
	str(j, k, v && *v ? v : NULL);
}

static void num(struct jw *j, const char *k, double v)
{
	key(j, k);
	pre(j);
	if (!isfinite(v)) {
		strbuf_puts(j->b, "null");
	} else if (v == floor(v) && fabs(v) < 1e15) {
		strbuf_printf(j->b, "%lld", (long long)v);
	} else {
		strbuf_printf(j->b, "%.6g", v);
	}
}

static void boolean(struct jw *j, const char *k, bool v)
{
	key(j, k);
	pre(j);
	strbuf_puts(j->b, v ? "true" : "false");
}

static void null(struct jw *j, const char *k)
{
	key(j, k);
	pre(j);
	strbuf_puts(j->b, "null");
}

static void raw(struct jw *j, const char *k, const char *json)
{
	key(j, k);
	pre(j);
	strbuf_puts(j->b, json);
}

void sj_time(struct strbuf *b, double t, enum sj_ts style)
{
	time_t s = (time_t)floor(t);
	long us = (long)floor((t - floor(t)) * 1e6 + 0.5);
	struct tm tm;

	if (us >= 1000000) {
		us = 999999;
	}
	gmtime_r(&s, &tm);
	strbuf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02d.%06ld%s", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us,
		style == SJ_TS_Z ? "Z" : style == SJ_TS_OFFSET ? "+00:00" : "");
}

static void ts(struct jw *j, const char *k, double t, enum sj_ts style)
{
	key(j, k);
	pre(j);
	strbuf_putc(j->b, '"');
	sj_time(j->b, t, style);
	strbuf_putc(j->b, '"');
}

/* A model time that is 0 when unset: null then. */
static void ts0(struct jw *j, const char *k, int64_t t)
{
	if (t) {
		ts(j, k, (double)t, SJ_TS_OFFSET);
	} else {
		null(j, k);
	}
}

/* ---- Envelope --------------------------------------------------------------- */

int sj_priority(enum sim_msg kind)
{
	switch (kind) {
	case SIM_MSG_ANDON:
	case SIM_MSG_ESCALATION:
	case SIM_MSG_SHUTDOWN:
		return 1;
	case SIM_MSG_LINE_STATUS:
	case SIM_MSG_PRODUCTION:
	case SIM_MSG_OEE:
	case SIM_MSG_DOWNTIME:
	case SIM_MSG_QUALITY:
	case SIM_MSG_HEALTH_ALERT:
		return 2;
	case SIM_MSG_ERROR:
		return 4;
	default:
		return 3;
	}
}

/* Closes a frame: the envelope fields, metadata (shapes A and B) and the
 * outer brace. source NULL: no metadata. */
static void envelope(struct jw *j, enum sim_msg kind, const struct sj_opts *o, const char *source,
	uint64_t event_id)
{
	ts(j, "timestamp", o->now, o->ts);
	if (o->shape != SJ_SHAPE_C) {
		num(j, "priority", sj_priority(kind));
		str(j, "connection_id", o->connection_id);
	}
	if (source && o->shape != SJ_SHAPE_C) {
		char id[32];

		snprintf(id, sizeof(id), "evt-%llu", (unsigned long long)event_id);
		key(j, "metadata");
		obj(j);
		str(j, "source", source);
		str(j, "event_id", id);
	}
}

/* ---- Model objects ------------------------------------------------------------ */

static const char *eq_code(const struct sim_model *m, int line, int eq)
{
	if (line < 0 || line >= m->n_lines || eq < 0 || eq >= m->lines[line].n_eq) {
		return NULL;
	}
	return m->lines[line].eq[eq].code;
}

/* The fields of an Andon event; alt: the other key names (type, message). */
static void andon_fields(struct jw *j, const struct sim_model *m, const struct sim_andon *a, bool alt)
{
	str(j, "id", a->id);
	str(j, "line_id", m->lines[a->line].id);
	str(j, "equipment_code", eq_code(m, a->line, a->eq));
	str(j, alt ? "type" : "event_type", sim_andon_type_name(a->type));
	str(j, "priority", sim_prio_name(a->prio));
	str(j, alt ? "message" : "description", a->description);
	str(j, "status", sim_andon_status_name(a->status));
	str0(j, "reported_by", a->reported_by);
	ts0(j, "reported_at", a->reported_at);
	str0(j, "acknowledged_by", a->acknowledged_by);
	ts0(j, "acknowledged_at", a->acknowledged_at);
	str0(j, "resolved_by", a->resolved_by);
	ts0(j, "resolved_at", a->resolved_at);
	str(j, "resolution_notes", a->resolution_notes);
	num(j, "escalation_level", a->escalation_level);
}

void sj_andon(struct strbuf *b, const struct sim_model *m, const struct sim_andon *a)
{
	struct jw j = { .b = b };

	obj(&j);
	andon_fields(&j, m, a, false);
	end(&j);
}

static double cap1(double v)
{
	return v > 1 ? 1 : v;
}

static double r1(double v)
{
	return round(v * 10) / 10;
}

static double r3(double v)
{
	return round(v * 1000) / 1000;
}

/* Line speed figures: units per minute now and at the ideal rate. */
static double speed_now(const struct sim_line *l)
{
	return l->state == SIM_RUNNING ? r1(60.0 * l->speed / l->ideal_cycle) : 0;
}

static double speed_target(const struct sim_line *l)
{
	return r1(60.0 / l->ideal_cycle);
}

static double efficiency(const struct sim_line *l)
{
	return l->state == SIM_RUNNING ? r1(l->speed * 100) : 0;
}

static const char *severity_of(enum sim_prio p)
{
	return sim_prio_name(p);
}

/* ---- Frames per event kind ----------------------------------------------------- */

/*
 * Every frame is { "type", maybe a name beside it, "data": { ... }, the
 * envelope }. In shapes A and B data holds one named inner object and both
 * are stamped; shape C keeps the fields flat in data, unstamped. These
 * helpers write those common parts so that each frame below says only
 * what is its own.
 */

/* "k": { */
static void open_key(struct jw *j, const char *k)
{
	key(j, k);
	obj(j);
}

/* { "type": type */
static void open_frame(struct jw *j, const char *type)
{
	obj(j);
	str(j, "type", type);
}

/* "data": { and in shapes A and B the object inner (NULL: none) in it. */
static void open_body(struct jw *j, const struct sj_opts *o, const char *inner)
{
	open_key(j, "data");
	if (inner && o->shape != SJ_SHAPE_C) {
		open_key(j, inner);
	}
}

/* The body of a line's frame: shape C names the line beside the type,
 * A and B first thing in data, before the inner object (NULL: none). */
static void open_line_body(struct jw *j, const struct sj_opts *o, const struct sim_line *l,
	const char *inner)
{
	if (o->shape == SJ_SHAPE_C) {
		str(j, "line_id", l->id);
	}
	open_key(j, "data");
	if (o->shape != SJ_SHAPE_C) {
		str(j, "line_id", l->id);
		if (inner) {
			open_key(j, inner);
		}
	}
}

/* Closes the body: the inner object, if one is open (data is at depth 2),
 * stamped with the event's time when stamp_inner, then data, stamped but
 * in shape C; then writes the envelope with metadata from source. */
static void close_body(struct jw *j, const struct sj_opts *o, const struct sim_event *ev,
	bool stamp_inner, enum sim_msg kind, const char *source)
{
	if (j->depth > 2) {
		if (stamp_inner) {
			ts(j, "timestamp", (double)ev->t, SJ_TS_OFFSET);
		}
		end(j);
	}
	if (o->shape != SJ_SHAPE_C) {
		ts(j, "timestamp", (double)ev->t, SJ_TS_OFFSET);
	}
	end(j);
	envelope(j, kind, o, source, ev->seq);
}

/* Closes what the frame still has open after its envelope (the metadata,
 * the frame) and returns kind. */
static int finish(struct jw *j, int kind)
{
	while (j->depth > 0) {
		end(j);
	}
	return kind;
}

static const char *andon_frame_type(const struct sim_event *ev, enum sj_shape shape)
{
	const struct sim_andon *a = &ev->andon;

	if (shape == SJ_SHAPE_C) {
		return "andon_alert";
	}
	if (shape == SJ_SHAPE_A) {
		return "andon_event";
	}
	if (a->status == SIM_AS_RESOLVED) {
		return ev->seq % 3 ? "andon_event_resolved" : "andon_resolved";
	}
	if (a->status == SIM_AS_OPEN && !a->escalation_level) {
		return "andon_event_created";
	}
	return "andon_event_updated";
}

static int andon_frame(struct jw *j, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	const struct sim_andon *a = &ev->andon;

	open_frame(j, andon_frame_type(ev, o->shape));
	if (o->shape == SJ_SHAPE_C && ev->seq % 2) {
		str(j, "line_id", m->lines[a->line].id);
	}
	open_body(j, o, "andon_event");
	andon_fields(j, m, a, o->shape == SJ_SHAPE_B);
	close_body(j, o, ev, true, SIM_MSG_ANDON, "andon_service");
	if (o->shape != SJ_SHAPE_C) {
		num(j, "escalation_level", a->escalation_level);
	}
	return finish(j, SIM_MSG_ANDON);
}

static int escalation_frame(struct jw *j, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	const struct sim_andon *a = &ev->andon;
	const char *line = m->lines[a->line].id;
	bool nested = o->shape == SJ_SHAPE_A;

	open_frame(j, o->shape == SJ_SHAPE_C ? "escalation_event" : "andon_escalation_triggered");
	open_body(j, o, nested ? "escalation_data" : "escalation");
	if (nested) {   /* its own names and order */
		str(j, "id", a->escalation_id);
		str(j, "event_id", a->id);
		str(j, "line_id", line);
		str(j, "priority", sim_prio_name(a->prio));
	} else {
		str(j, "escalation_id", a->escalation_id);
		str(j, "event_id", a->id);
		str(j, "priority", sim_prio_name(a->prio));
		str(j, "line_id", line);
	}
	num(j, "level", a->escalation_level);
	if (o->shape != SJ_SHAPE_B) {
		str(j, "assigned_to", a->assigned_to);
	}
	if (nested) {
		str(j, "status", a->acknowledged_at ? "acknowledged" : "active");
	}
	close_body(j, o, ev, nested, SIM_MSG_ESCALATION, "escalation_service");
	if (o->shape != SJ_SHAPE_C) {
		str(j, "escalation_id", a->escalation_id);
		num(j, "level", a->escalation_level);
		str(j, "assigned_to", a->assigned_to);
	}
	return finish(j, SIM_MSG_ESCALATION);
}

static int line_frame(struct jw *j, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	const struct sim_line *l = &m->lines[ev->line];

	open_frame(j, "line_status_update");
	open_line_body(j, o, l, o->shape == SJ_SHAPE_A ? "status_data" : "status");
	if (o->shape == SJ_SHAPE_B) {
		str(j, "old_status", sim_state_name(ev->old_state));
		str(j, "new_status", sim_state_name(ev->new_state));
		ts(j, "changed_at", (double)ev->t, SJ_TS_OFFSET);
	} else {
		str(j, "status", sim_state_name(ev->new_state));
		if (o->shape == SJ_SHAPE_A) {
			str(j, "old_status", sim_state_name(ev->old_state));
		}
		num(j, o->shape == SJ_SHAPE_A ? "speed" : "current_speed", speed_now(l));
		num(j, "target_speed", speed_target(l));
		num(j, "efficiency", efficiency(l));
		if (o->shape == SJ_SHAPE_A) {
			num(j, "throughput", r1(sim_line_throughput(l)));
		}
	}
	close_body(j, o, ev, o->shape == SJ_SHAPE_A, SIM_MSG_LINE_STATUS, "production_service");
	if (o->shape != SJ_SHAPE_C) {
		str(j, "old_status", sim_state_name(ev->old_state));
		str(j, "new_status", sim_state_name(ev->new_state));
	}
	return finish(j, SIM_MSG_LINE_STATUS);
}

static int production_frame(struct jw *j, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	const struct sim_line *l = &m->lines[ev->line];

	open_frame(j, "production_update");
	open_line_body(j, o, l, o->shape == SJ_SHAPE_A ? "production_data" : NULL);
	str(j, "status", sim_state_name(l->state));
	num(j, o->shape == SJ_SHAPE_B ? "current_speed" : "speed", speed_now(l));
	num(j, "target_speed", speed_target(l));
	num(j, "efficiency", efficiency(l));
	num(j, "throughput", r1(sim_line_throughput(l)));
	num(j, "output", (double)l->output);
	num(j, "good_units", (double)l->good);
	if (o->shape == SJ_SHAPE_A) {
		close_body(j, o, ev, true, SIM_MSG_PRODUCTION, "production_service");
	} else {   /* B and C: data unstamped */
		end(j);
		envelope(j, SIM_MSG_PRODUCTION, o, "production_service", ev->seq);
	}
	return finish(j, SIM_MSG_PRODUCTION);
}

static int oee_frame(struct jw *j, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	const struct sim_line *l = &m->lines[ev->line];
	struct sim_oee e = sim_line_oee(m, l);
	bool nested = o->shape == SJ_SHAPE_A;

	if (!e.valid) {
		return -1;
	}
	open_frame(j, o->shape == SJ_SHAPE_B ? "oee_calculation_completed" : "oee_update");
	open_line_body(j, o, l, nested ? "oee_data" : "calculation_result");
	if (nested) {   /* percentages, OEE last */
		num(j, "availability", r1(e.availability * 100));
		num(j, "performance", r1(e.performance * 100));
		num(j, "quality", r1(e.quality * 100));
		num(j, "oee", r1(e.oee * 100));
	} else {        /* fractions, OEE first */
		num(j, "oee", r3(cap1(e.oee)));
		num(j, "availability", r3(cap1(e.availability)));
		num(j, "performance", r3(cap1(e.performance)));
		num(j, "quality", r3(cap1(e.quality)));
	}
	close_body(j, o, ev, nested, SIM_MSG_OEE, "oee_calculator");
	return finish(j, SIM_MSG_OEE);
}

/* Shape B names a change into or out of a fault with alias types. */
static bool equipment_fault_change(const struct sim_event *ev, const struct sj_opts *o)
{
	return o->shape == SJ_SHAPE_B && (ev->new_eq == SIM_EQ_FAULT || ev->old_eq == SIM_EQ_FAULT) &&
		ev->new_eq != ev->old_eq;
}

static void equipment_fault(struct jw *j, const struct sim_line *l, const struct sim_event *ev)
{
	enum sim_prio p = SIM_PRIO_HIGH;

	if (l->stop_andon >= 0) {
		p = l->andon[l->stop_andon].prio;
	}
	open_key(j, "fault");
	str(j, "equipment_code", l->eq[ev->eq].code);
	str(j, "line_id", l->id);
	str(j, "severity", severity_of(p));
	str(j, "status", sim_eq_status_name(ev->new_eq));
}

static int equipment_frame(struct jw *j, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	const struct sim_line *l = &m->lines[ev->line];
	const char *code = l->eq[ev->eq].code;
	double temp = sim_eq_temperature(m, l, ev->eq), vib = sim_eq_vibration(m, l, ev->eq);
	bool fault = equipment_fault_change(ev, o), flat = o->shape == SJ_SHAPE_C;

	if (fault) {
		open_frame(j, ev->new_eq == SIM_EQ_FAULT ? "equipment_fault_occurred" : "equipment_fault_resolved");
	} else {
		open_frame(j, flat ? "equipment_status_change" : "equipment_status_update");
	}
	if (!fault && o->shape != SJ_SHAPE_A) {
		str(j, "equipment_code", code);
	}
	open_key(j, "data");
	if (fault) {
		equipment_fault(j, l, ev);
	} else {
		if (o->shape == SJ_SHAPE_A) {
			str(j, "equipment_code", code);
			str(j, "line_id", l->id);
		}
		if (!flat) {
			open_key(j, "status_data");
		}
		str(j, "status", sim_eq_status_name(ev->new_eq));
		if (o->shape != SJ_SHAPE_A) {
			str(j, "line_id", l->id);
		}
		num(j, "temperature", temp);
		if (!flat) {
			num(j, "pressure", ev->new_eq == SIM_EQ_OFFLINE ? 0 : r1(3.0 + 0.08 * vib));
		}
		num(j, "vibration", vib);
	}
	close_body(j, o, ev, !fault, SIM_MSG_EQUIPMENT, "equipment_monitor");
	if (!fault && !flat) {
		str(j, "status", sim_eq_status_name(ev->new_eq));
		num(j, "temperature", temp);
		num(j, "vibration", vib);
	}
	return finish(j, SIM_MSG_EQUIPMENT);
}

static int downtime_frame(struct jw *j, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	const struct sim_downtime *d = &ev->dt;
	bool closed = d->end != 0, nested = o->shape == SJ_SHAPE_A;
	double duration = closed ? (double)(d->end - d->start) : (double)(ev->t - d->start);

	open_frame(j, "downtime_event");
	open_body(j, o, nested ? "downtime_data" : "downtime");
	str(j, "id", d->id);
	str(j, "line_id", m->lines[d->line].id);
	str(j, "equipment_code", eq_code(m, d->line, d->eq));
	ts(j, "start_time", (double)d->start, SJ_TS_OFFSET);
	ts0(j, "end_time", d->end);
	str(j, "reason_code", d->reason_code);
	str(j, nested ? "reason" : "reason_description", d->reason);
	str(j, "category", sim_dt_cat_name(d->cat));
	if (o->shape == SJ_SHAPE_C) {
		null(j, "subcategory");
	}
	num(j, nested ? "duration" : "duration_seconds", duration);
	str(j, "status", closed ? "closed" : "open");
	close_body(j, o, ev, true, SIM_MSG_DOWNTIME, "downtime_tracker");
	if (o->shape != SJ_SHAPE_C) {
		str(j, "reason", d->reason);
		num(j, "duration", duration);
	}
	return finish(j, SIM_MSG_DOWNTIME);
}

static int quality_frame(struct jw *j, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	const struct sim_line *l = &m->lines[ev->line];
	const struct sim_andon *a = &ev->andon;
	bool nested = o->shape == SJ_SHAPE_A;
	char insp[48];
	double defects = 1 + floor(l->scrap * 100);

	snprintf(insp, sizeof(insp), "insp-%s-%llu", l->code, (unsigned long long)ev->seq);
	open_frame(j, nested ? "quality_alert_triggered" : "quality_alert");
	if (o->shape == SJ_SHAPE_C) {
		str(j, "line_id", l->id);
	}
	open_body(j, o, nested ? "quality_data" : "quality_alert");
	if (o->shape != SJ_SHAPE_C) {
		str(j, "line_id", l->id);
	}
	str(j, "inspection_id", insp);
	str(j, "equipment_code", eq_code(m, ev->line, ev->eq));
	num(j, "defect_count", defects);
	str(j, "severity", a->description ? severity_of(a->prio) : "medium");
	str(j, "message", a->description ? a->description : "Quality threshold exceeded");
	close_body(j, o, ev, true, SIM_MSG_QUALITY, "quality_service");
	if (o->shape != SJ_SHAPE_C) {
		str(j, "inspection_id", insp);
		num(j, "defect_count", defects);
	}
	return finish(j, SIM_MSG_QUALITY);
}

static int health_frame(struct jw *j, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	const struct sim_platform *p = &m->plat;
	char msg[120];

	(void)ev;
	snprintf(msg, sizeof(msg), "API error rate elevated: %.1f %% of requests failing%s",
		p->burst_5xx * 100, p->pg_up ? "" : ", database unreachable");
	open_frame(j, "health_alert");
	open_key(j, "data");
	str(j, "type", "system_warning");
	str(j, "system_status", p->pg_up ? "degraded" : "poor");
	num(j, "average_health", r3(p->health / 100));
	str(j, "message", msg);
	end(j);
	envelope(j, SIM_MSG_HEALTH_ALERT, o, NULL, 0);
	return finish(j, SIM_MSG_HEALTH_ALERT);
}

int sj_event_frame(struct strbuf *b, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o)
{
	struct jw j = { .b = b };
	size_t mark = b->len;
	int r;

	if (ev->kind != SIM_EV_HEALTH && (ev->line < 0 || ev->line >= m->n_lines)) {
		return -1;
	}
	switch (ev->kind) {
	case SIM_EV_ANDON: r = andon_frame(&j, m, ev, o); break;
	case SIM_EV_ESCALATION: r = escalation_frame(&j, m, ev, o); break;
	case SIM_EV_LINE_STATUS: r = line_frame(&j, m, ev, o); break;
	case SIM_EV_PRODUCTION: r = production_frame(&j, m, ev, o); break;
	case SIM_EV_OEE: r = oee_frame(&j, m, ev, o); break;
	case SIM_EV_EQUIPMENT:
		r = ev->eq >= 0 && ev->eq < m->lines[ev->line].n_eq ? equipment_frame(&j, m, ev, o) : -1;
		break;
	case SIM_EV_DOWNTIME: r = downtime_frame(&j, m, ev, o); break;
	case SIM_EV_QUALITY: r = quality_frame(&j, m, ev, o); break;
	case SIM_EV_HEALTH: r = health_frame(&j, m, ev, o); break;
	default: r = -1; break;
	}
	if (r < 0) {
		b->len = mark;
		if (b->data) {
			b->data[mark] = '\0';
		}
	}
	return r;
}

/* ---- Control frames ------------------------------------------------------------- */

static void control_open(struct jw *j, const char *type)
{
	open_frame(j, type);
	open_key(j, "data");
}

static void control_close(struct jw *j, enum sim_msg kind, const struct sj_opts *o)
{
	struct sj_opts a = *o;

	end(j);
	a.shape = SJ_SHAPE_A;
	envelope(j, kind, &a, NULL, 0);
	finish(j, kind);
}

void sj_greeting(struct strbuf *b, const struct sj_opts *o)
{
	struct jw j = { .b = b };

	control_open(&j, "system_alert");
	str(&j, "message", "WebSocket connection established");
	str(&j, "connection_id", o->connection_id);
	ts(&j, "timestamp", o->now, SJ_TS_OFFSET);
	control_close(&j, SIM_MSG_SYSTEM_ALERT, o);
}

void sj_pong(struct strbuf *b, const struct sj_opts *o)
{
	struct jw j = { .b = b };

	control_open(&j, "pong");
	ts(&j, "timestamp", o->now, SJ_TS_NAIVE);
	str(&j, "connection_id", o->connection_id);
	ts(&j, "server_time", o->now, SJ_TS_NAIVE);
	control_close(&j, SIM_MSG_PONG, o);
}

void sj_subscription_confirmed(struct strbuf *b, const char *type, const char *target,
	const char *filters_json, const struct sj_opts *o)
{
	struct jw j = { .b = b };

	control_open(&j, "subscription_confirmed");
	str(&j, "subscription_type", type);
	str(&j, "target_id", target);
	raw(&j, "filters", filters_json && *filters_json ? filters_json : "{}");
	control_close(&j, SIM_MSG_SUBSCRIPTION, o);
}

void sj_error(struct strbuf *b, const char *message, const char *code, const struct sj_opts *o)
{
	struct jw j = { .b = b };

	control_open(&j, "error");
	str(&j, "message", message);
	str(&j, "code", code);
	control_close(&j, SIM_MSG_ERROR, o);
}

void sj_shutdown(struct strbuf *b, const struct sj_opts *o)
{
	struct jw j = { .b = b };

	control_open(&j, "system_shutdown");
	str(&j, "message", "Server is shutting down");
	control_close(&j, SIM_MSG_SHUTDOWN, o);
}

void sj_synthetic(struct strbuf *b, const struct sim_model *m, uint64_t n, const struct sj_opts *o)
{
	static const char *const descr[] = { "Load test: jam at infeed", "Load test: material low" };
	const struct sim_line *l = &m->lines[(n / 2) % (uint64_t)m->n_lines];
	struct sim_event ev;
	struct sim_andon *a = &ev.andon;
	struct jw j = { .b = b };

	memset(&ev, 0, sizeof(ev));
	ev.kind = SIM_EV_ANDON;
	ev.seq = 1000000000000ULL + n;
	ev.t = m->now;
	ev.line = l->index;
	snprintf(a->id, sizeof(a->id), "load-%llu", (unsigned long long)(n / 2));
	a->line = l->index;
	a->eq = (int)((n / 2) % (uint64_t)l->n_eq);
	a->type = (n / 2) % 2 ? SIM_AT_MATERIAL : SIM_AT_STOP;
	a->prio = (n / 2) % 2 ? SIM_PRIO_LOW : SIM_PRIO_HIGH;
	a->description = descr[(n / 2) % 2];
	a->reported_at = m->now;
	if (n % 2) {
		a->status = SIM_AS_RESOLVED;
		a->acknowledged_at = a->resolved_at = m->now;
		snprintf(a->acknowledged_by, sizeof(a->acknowledged_by), "load-test");
		snprintf(a->resolved_by, sizeof(a->resolved_by), "load-test");
		a->resolution_notes = "Load test";
	}
	andon_frame(&j, m, &ev, o);
}

/* ---- REST ------------------------------------------------------------------------ */

static void andon_array_active(struct jw *j, const struct sim_model *m, const struct sim_line *l)
{
	for (int k = 0; k < l->n_andon; k++) {
		obj(j);
		andon_fields(j, m, &l->andon[k], false);
		end(j);
	}
	(void)m;
}

void sj_active_events(struct strbuf *b, const struct sim_model *m)
{
	struct jw j = { .b = b };

	arr(&j);
	for (int i = 0; i < m->n_lines; i++) {
		andon_array_active(&j, m, &m->lines[i]);
	}
	end_arr(&j);
}

static bool event_matches(const struct sim_model *m, const struct sim_andon *a, const char *line_id,
	const char *status, const char *priority)
{
	return (!line_id || !strcmp(m->lines[a->line].id, line_id)) &&
		(!status || !strcmp(sim_andon_status_name(a->status), status)) &&
		(!priority || !strcmp(sim_prio_name(a->prio), priority));
}

void sj_events(struct strbuf *b, const struct sim_model *m, const char *line_id, const char *status,
	const char *priority, long skip, long limit)
{
	struct jw j = { .b = b };
	long seen = 0, written = 0;

	arr(&j);
	/* Active ones first (they are the newest), then resolved, newest first. */
	for (int i = m->n_lines - 1; i >= 0 && written < limit; i--) {
		const struct sim_line *l = &m->lines[i];

		for (int k = l->n_andon - 1; k >= 0 && written < limit; k--) {
			if (event_matches(m, &l->andon[k], line_id, status, priority) && seen++ >= skip) {
				obj(&j);
				andon_fields(&j, m, &l->andon[k], false);
				end(&j);
				written++;
			}
		}
	}
	for (size_t k = m->recent_len; k > 0 && written < limit; k--) {
		const struct sim_andon *a = &m->recent[(m->recent_head + k - 1) % SIM_RECENT];

		if (event_matches(m, a, line_id, status, priority) && seen++ >= skip) {
			obj(&j);
			andon_fields(&j, m, a, false);
			end(&j);
			written++;
		}
	}
	end_arr(&j);
}

void sj_dashboard_lines(struct strbuf *b, const struct sim_model *m)
{
	struct jw j = { .b = b };

	arr(&j);
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];
		struct sim_oee e = sim_line_oee(m, l);

		obj(&j);
		str(&j, "line_id", l->id);
		str(&j, "line_code", l->code);
		str(&j, "name", l->name);
		str(&j, "status", sim_state_name(l->state));
		if (e.valid) {
			num(&j, "oee", r3(e.oee));
			num(&j, "availability", r3(e.availability));
			num(&j, "performance", r3(e.performance));
			num(&j, "quality", r3(e.quality));
		} else {
			null(&j, "oee");
			null(&j, "availability");
			null(&j, "performance");
			null(&j, "quality");
		}
		if (sim_line_scheduled(l, m->now) >= 0) {
			key(&j, "current_job");
			obj(&j);
			str(&j, "job_id", l->job_id);
			str(&j, "product_type", l->product);
			num(&j, "target_quantity", (double)l->job_target);
			num(&j, "completed_quantity", (double)(l->output - l->job_output0));
			str(&j, "status", l->state == SIM_SETUP ? "setup" : "in_progress");
			end(&j);
		} else {
			null(&j, "current_job");
		}
		if (l->dt.start) {
			key(&j, "active_downtime");
			obj(&j);
			str(&j, "id", l->dt.id);
			str(&j, "equipment_code", eq_code(m, i, l->dt.eq));
			str(&j, "reason_code", l->dt.reason_code);
			str(&j, "reason", l->dt.reason);
			str(&j, "category", sim_dt_cat_name(l->dt.cat));
			ts(&j, "start_time", (double)l->dt.start, SJ_TS_OFFSET);
			num(&j, "duration_seconds", (double)(m->now - l->dt.start));
			end(&j);
		} else {
			null(&j, "active_downtime");
		}
		key(&j, "active_andon_events");
		arr(&j);
		andon_array_active(&j, m, l);
		end_arr(&j);
		end(&j);
	}
	end_arr(&j);
}

void sj_dashboard_summary(struct strbuf *b, const struct sim_model *m)
{
	struct jw j = { .b = b };
	int running = 0, stopped = 0, fault = 0, open = 0, total = 0, n_oee = 0;
	double oee = 0, down = 0;

	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];
		struct sim_oee e = sim_line_oee(m, l);

		running += l->state == SIM_RUNNING;
		stopped += l->state == SIM_STOPPED || l->state == SIM_SETUP || l->state == SIM_MAINTENANCE;
		fault += l->state == SIM_FAULT;
		total += l->n_andon;
		for (int k = 0; k < l->n_andon; k++) {
			open += l->andon[k].status == SIM_AS_OPEN || l->andon[k].status == SIM_AS_ESCALATED;
		}
		if (e.valid) {
			oee += e.oee;
			n_oee++;
		}
		down += (double)(l->downtime_s[SIM_DT_UNPLANNED] + l->downtime_s[SIM_DT_MAINTENANCE] +
			l->downtime_s[SIM_DT_CHANGEOVER]);
	}
	obj(&j);
	num(&j, "total_lines", m->n_lines);
	num(&j, "running_lines", running);
	num(&j, "stopped_lines", stopped);
	num(&j, "fault_lines", fault);
	num(&j, "idle_lines", m->n_lines - running - stopped - fault);
	num(&j, "total_andon_events", total);
	num(&j, "open_andon_events", open);
	if (n_oee) {
		num(&j, "average_oee", r3(oee / n_oee));
	} else {
		null(&j, "average_oee");
	}
	num(&j, "total_downtime_minutes", r1(down / 60));
	boolean(&j, "database_up", m->plat.pg_up);
	ts(&j, "timestamp", (double)m->now, SJ_TS_OFFSET);
	end(&j);
}
