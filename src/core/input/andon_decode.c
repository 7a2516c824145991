/*
 * Decoding the MS5 Andon WebSocket frames and the REST answers that go with
 * them (spec: andon-ws.md). See andon.h.
 *
 * Input is hostile until proven otherwise. Every body goes through
 * json_parse (json.h): the size is capped, a NUL or invalid UTF-8 anywhere
 * refuses the frame (a WebSocket text frame must be UTF-8, RFC 6455), and
 * cJSON never recurses more than JSON_MAX_DEPTH levels. The cJSON
 * tree lives only inside one call and is deleted on every path; what leaves
 * the module is plain fixed-size structs and, for the REST calls, memory the
 * caller frees.
 *
 * The backend speaks three payload shapes (nested A, nested B with other key
 * names, flat C) and scatters line_id / equipment_code over the envelope, the
 * data object and the nested object. A frame is therefore read through three
 * scopes: the payload (the one known nested object in data, else data, else
 * the frame itself), then data, then, for identifiers only, the top level.
 * The top level is not searched for other fields because the envelope has
 * its own "priority" (1..4, by message type) and "timestamp" that must not be
 * mistaken for the event's.
 *
 * Types: a required field of the wrong type makes the frame unusable (an
 * andon_event whose id is a number is refused); an optional field of the
 * wrong type is treated as absent (a priority that is an object leaves the
 * priority unknown), so one odd field never costs the operator an event.
 * The event id must also fit its field: truncating it could merge two events.
 *
 * Every string copied out is valid UTF-8 with control characters (C0, DEL,
 * C1) replaced by spaces, so it is safe to draw on a terminal and to log.
 */
#include "ms5top/andon.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/json.h"
#include "ms5top/text.h"
#include "ms5top/timeparse.h"
#include "ms5top/xalloc.h"

/* The REST list of active events: a body cap and an element cap. The backend
 * holds a few hundred active events at most; the caps keep a runaway answer
 * from taking the terminal's memory (an element costs ~1.5 KB once decoded). */
#define ACTIVE_MAX_BODY ((size_t)16 * 1024 * 1024)
#define ACTIVE_MAX_EVENTS ((size_t)16384)

/* The login / refresh answer and the tokens in it. */
#define TOKEN_MAX_BODY ((size_t)64 * 1024)
#define TOKEN_MAX_LEN ((size_t)8192)

/* A line ID the decoder keeps fits the fixed fields of andon.h. */
_Static_assert(TEXT_ID_MAX < ANDON_ID_SIZE, "identifiers must fit ANDON_ID_SIZE");

/* Server text quoted in an error message (bytes, before sanitising). */
#define QUOTE_MAX 160

/*
 * Bytes and text.
 */

/* Quotes server text for an error message: sanitised and short. */
static const char *quote(const char *s, char *buf, size_t size)
{
	text_sanitize(buf, size < QUOTE_MAX + 1 ? size : QUOTE_MAX + 1, s, strlen(s));
	return buf;
}

/* Parses text as exactly one JSON value through json.h (size cap, UTF-8
 * refused when invalid, NUL, depth). Returns the tree (the caller deletes
 * it) or NULL with err filled. */
static cJSON *parse(const char *text, size_t len, size_t max, const char *what,
	struct ms5_error *err)
{
	struct json_result r;
	cJSON *root = json_parse(text, len, max, JSON_UTF8_REFUSE, &r);

	if (!root) {
		json_error(err, what, &r, len, max);
	}
	return root;
}

static const cJSON *member(const cJSON *obj, const char *name)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

/* FastAPI answers errors with {"detail": "..."}: quote it when present. */
static void detail_of(const cJSON *root, char *buf, size_t size)
{
	const cJSON *d = member(root, "detail");

	buf[0] = '\0';
	if (cJSON_IsString(d) && d->valuestring[0]) {
		char q[QUOTE_MAX * 4 + 1];

		snprintf(buf, size, ": \"%s\"", quote(d->valuestring, q, sizeof(q)));
	}
}

/* parse(), wanting an object at the top (an array when array). A FastAPI
 * error in place of the array is quoted. */
static cJSON *parse_as(const char *text, size_t len, size_t max, const char *what, bool array,
	struct ms5_error *err)
{
	cJSON *root = parse(text, len, max, what, err);

	if (root && !(array ? cJSON_IsArray(root) : cJSON_IsObject(root))) {
		char detail[QUOTE_MAX * 4 + 8];

		detail_of(root, detail, sizeof(detail));
		cJSON_Delete(root);
		ms5_error_set(err, "%s is not a JSON %s%s", what, array ? "array" : "object", detail);
		return NULL;
	}
	return root;
}

/*
 * Reading members through the frame's scopes.
 */

struct frame {
	const cJSON *root;     /* the frame object */
	const cJSON *data;     /* root.data when it is an object, else NULL */
	const cJSON *payload;  /* the selected payload (never NULL) */
	const cJSON *meta;     /* root.metadata when it is an object, else NULL */
};

/* The nested keys of the payload selection rule (andon-ws.md). */
static const char *const nested_keys[] = {
	"andon_event", "escalation_data", "escalation", "oee_data", "production_data",
	"status_data", "status", "downtime_data", "downtime", "job_data", "job",
	"quality_data", "quality_alert", "alert_data", "alert", "fault", "statistics",
	"reminder", "calculation_result",
};

/* Sets up the scopes: the payload is data.<key> when data holds exactly one
 * of the nested keys as an object, else data, else the frame itself. */
static void frame_init(struct frame *f, const cJSON *root)
{
	const cJSON *data = member(root, "data"), *meta = member(root, "metadata");
	const cJSON *nested = NULL;
	int found = 0;

	f->root = root;
	f->data = cJSON_IsObject(data) ? data : NULL;
	f->meta = cJSON_IsObject(meta) ? meta : NULL;
	for (size_t i = 0; f->data && i < sizeof(nested_keys) / sizeof(nested_keys[0]); i++) {
		const cJSON *j = member(f->data, nested_keys[i]);

		if (cJSON_IsObject(j)) {
			nested = j;
			found++;
		}
	}
	f->payload = found == 1 ? nested : f->data ? f->data : root;
}

/* The scopes in search order: payload, data, and (top) the frame itself,
 * each once. Returns how many were written to s[]. */
static size_t scopes(const struct frame *f, bool top, const cJSON *s[3])
{
	size_t n = 0;

	s[n++] = f->payload;
	if (f->data && f->data != f->payload) {
		s[n++] = f->data;
	}
	if (top && f->root != f->payload && f->root != f->data) {
		s[n++] = f->root;
	}
	return n;
}

/* The first string member called name in the scopes, or NULL. Members of
 * other types (null included) are passed over. */
static const char *find_str(const struct frame *f, const char *name, bool top)
{
	const cJSON *s[3];
	size_t n = scopes(f, top, s);

	for (size_t i = 0; i < n; i++) {
		const cJSON *j = member(s[i], name);

		if (cJSON_IsString(j) && j->valuestring) {
			return j->valuestring;
		}
	}
	return NULL;
}

/* Copies the first non-empty string among the names (a NULL-terminated
 * list) into dst; leaves dst "" when there is none. */
static bool get_text(const struct frame *f, bool top, char *dst, size_t size, ...)
	__attribute__((sentinel));

static bool get_text(const struct frame *f, bool top, char *dst, size_t size, ...)
{
	va_list ap;
	const char *name;
	bool found = false;

	va_start(ap, size);
	while (!found && (name = va_arg(ap, const char *)) != NULL) {
		const char *v = find_str(f, name, top);

		if (v && v[0]) {
			text_copy(dst, size, v);
			found = true;
		}
	}
	va_end(ap);
	return found;
}

/* The first finite number called name (payload, then data), or NAN. */
static double get_num(const struct frame *f, const char *name)
{
	const cJSON *s[3];
	size_t n = scopes(f, false, s);

	for (size_t i = 0; i < n; i++) {
		const cJSON *j = member(s[i], name);

		if (cJSON_IsNumber(j) && isfinite(j->valuedouble)) {
			return j->valuedouble;
		}
	}
	return NAN;
}

/* The first timestamp called name (payload, then data) as Unix seconds, or
 * NAN when absent, null or not a valid ISO 8601 time. */
static double get_time(const struct frame *f, const char *name)
{
	const char *s = find_str(f, name, false);
	double t;

	return s && iso8601_parse(s, &t) ? t : NAN;
}

/* A level (escalation level, ...) from a JSON number: a whole number from 0
 * to 1000, else -1. */
static int level_of(const cJSON *j)
{
	double v;

	if (!cJSON_IsNumber(j)) {
		return -1;
	}
	v = j->valuedouble;
	if (!isfinite(v) || v < 0.0 || v > 1000.0 || v != floor(v)) {
		return -1;
	}
	return (int)v;
}

/* The first usable level called name in the scopes, then in metadata. */
static int get_level(const struct frame *f, const char *name)
{
	const cJSON *s[3];
	size_t n = scopes(f, false, s);
	int v;

	for (size_t i = 0; i < n; i++) {
		if ((v = level_of(member(s[i], name))) >= 0) {
			return v;
		}
	}
	return level_of(member(f->meta, name));
}

/* A status: a string, or an object {old_status, new_status} (line status),
 * or new_status/old_status members beside the other fields. */
static void get_status(const struct frame *f, char *status, size_t ssize, char *old,
	size_t osize)
{
	const cJSON *s[3];
	size_t n = scopes(f, false, s);

	for (size_t i = 0; i < n; i++) {
		const cJSON *st = member(s[i], "status"), *scope = s[i];
		const cJSON *ns, *os;

		if (cJSON_IsString(st) && st->valuestring[0]) {
			text_copy(status, ssize, st->valuestring);
			return;
		}
		if (cJSON_IsObject(st)) {
			scope = st;
		}
		ns = member(scope, "new_status");
		os = member(scope, "old_status");
		if (cJSON_IsString(ns) && ns->valuestring[0]) {
			text_copy(status, ssize, ns->valuestring);
			if (old && cJSON_IsString(os)) {
				text_copy(old, osize, os->valuestring);
			}
			return;
		}
	}
}

/* OEE factors: fractions 0..1, or percent when above 1. Anything outside
 * 0..100 is not a factor and reads as NAN. */
static double factor(double v)
{
	if (isnan(v) || v < 0.0 || v > 100.0) {
		return NAN;
	}
	return v > 1.0 ? v / 100.0 : v;
}

/*
 * Enumerations.
 */

static const char *const priority_names[] = {
	[ANDON_PRIO_CRITICAL] = "critical", [ANDON_PRIO_HIGH] = "high",
	[ANDON_PRIO_MEDIUM] = "medium", [ANDON_PRIO_LOW] = "low",
	[ANDON_PRIO_UNKNOWN] = "unknown",
};

static const char *const status_names[] = {
	[ANDON_STATUS_OPEN] = "open", [ANDON_STATUS_ACKNOWLEDGED] = "acknowledged",
	[ANDON_STATUS_ESCALATED] = "escalated", [ANDON_STATUS_RESOLVED] = "resolved",
	[ANDON_STATUS_UNKNOWN] = "unknown",
};

/* Minutes to acknowledge and to resolve, per priority (andon-ws.md). */
static const double ack_minutes[] = {
	[ANDON_PRIO_CRITICAL] = 2, [ANDON_PRIO_HIGH] = 5, [ANDON_PRIO_MEDIUM] = 10,
	[ANDON_PRIO_LOW] = 15, [ANDON_PRIO_UNKNOWN] = 15,
};
static const double resolve_minutes[] = {
	[ANDON_PRIO_CRITICAL] = 15, [ANDON_PRIO_HIGH] = 30, [ANDON_PRIO_MEDIUM] = 45,
	[ANDON_PRIO_LOW] = 60, [ANDON_PRIO_UNKNOWN] = 60,
};

const char *andon_priority_name(enum andon_priority p)
{
	return (unsigned)p <= ANDON_PRIO_UNKNOWN ? priority_names[p] : "unknown";
}

const char *andon_status_name(enum andon_status s)
{
	return (unsigned)s <= ANDON_STATUS_UNKNOWN ? status_names[s] : "unknown";
}

/* The index from first up to unknown of the name s (any case), else unknown. */
static int name_index(const char *const *names, int first, int unknown, const char *s)
{
	for (int i = first; s && i < unknown; i++) {
		if (text_casecmp(s, names[i]) == 0) {
			return i;
		}
	}
	return unknown;
}

enum andon_priority andon_priority_parse(const char *s)
{
	return (enum andon_priority)name_index(priority_names, ANDON_PRIO_CRITICAL, ANDON_PRIO_UNKNOWN, s);
}

enum andon_status andon_status_parse(const char *s)
{
	return (enum andon_status)name_index(status_names, ANDON_STATUS_OPEN, ANDON_STATUS_UNKNOWN, s);
}

double andon_ack_timeout(enum andon_priority p)
{
	return ack_minutes[(unsigned)p <= ANDON_PRIO_UNKNOWN ? p : ANDON_PRIO_UNKNOWN];
}

double andon_resolve_timeout(enum andon_priority p)
{
	return resolve_minutes[(unsigned)p <= ANDON_PRIO_UNKNOWN ? p : ANDON_PRIO_UNKNOWN];
}

/*
 * Message kinds.
 */

#define T_RESOLVED 1u   /* the type implies status "resolved" */
#define T_GREETING 2u   /* system_alert: the greeting is control, the rest alerts */

struct type_info {
	const char *name;
	enum andon_msg_kind kind;
	unsigned flags;
};

static const struct type_info types[] = {
	{ "andon_event", ANDON_MSG_EVENT, 0 },
	{ "andon_event_created", ANDON_MSG_EVENT, 0 },
	{ "andon_event_updated", ANDON_MSG_EVENT, 0 },
	{ "andon_event_resolved", ANDON_MSG_EVENT, T_RESOLVED },
	{ "andon_resolved", ANDON_MSG_EVENT, T_RESOLVED },
	{ "andon_alert", ANDON_MSG_EVENT, 0 },
	{ "andon_escalation_triggered", ANDON_MSG_ESCALATION, 0 },
	{ "escalation_event", ANDON_MSG_ESCALATION, 0 },
	{ "escalation_update", ANDON_MSG_ESCALATION, 0 },
	{ "escalation_status_update", ANDON_MSG_ESCALATION, 0 },
	{ "escalation_reminder", ANDON_MSG_ESCALATION, 0 },
	{ "line_status_update", ANDON_MSG_LINE_STATUS, 0 },
	{ "production_update", ANDON_MSG_LINE_STATUS, 0 },
	{ "oee_update", ANDON_MSG_OEE, 0 },
	{ "oee_calculation_completed", ANDON_MSG_OEE, 0 },
	{ "equipment_status_update", ANDON_MSG_EQUIPMENT, 0 },
	{ "equipment_status_change", ANDON_MSG_EQUIPMENT, 0 },
	{ "equipment_fault_occurred", ANDON_MSG_EQUIPMENT, 0 },
	{ "equipment_fault_resolved", ANDON_MSG_EQUIPMENT, 0 },
	{ "downtime_event", ANDON_MSG_DOWNTIME, 0 },
	{ "system_alert", ANDON_MSG_ALERT, T_GREETING },
	{ "health_alert", ANDON_MSG_ALERT, 0 },
	{ "quality_alert", ANDON_MSG_ALERT, 0 },
	{ "quality_alert_triggered", ANDON_MSG_ALERT, 0 },
	{ "subscription_confirmed", ANDON_MSG_CONTROL, 0 },
	{ "pong", ANDON_MSG_CONTROL, 0 },
	{ "heartbeat", ANDON_MSG_CONTROL, 0 },
	{ "heartbeat_response", ANDON_MSG_CONTROL, 0 },
	{ "connection_established", ANDON_MSG_CONTROL, 0 },
	{ "andon_connection_established", ANDON_MSG_CONTROL, 0 },
	{ "system_shutdown", ANDON_MSG_SHUTDOWN, 0 },
	{ "error", ANDON_MSG_ERROR, 0 },
};

static const struct type_info *type_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcmp(name, types[i].name) == 0) {
			return &types[i];
		}
	}
	return NULL;
}

/* The server's greeting is a system_alert that carries the connection id
 * in its data, or says that the connection is established. */
static bool is_greeting(const struct frame *f)
{
	static const char prefix[] = "websocket connection established";
	const char *m = find_str(f, "message", false);
	const cJSON *s[3];
	size_t n = scopes(f, false, s);

	for (size_t i = 0; i < n; i++) {
		if (member(s[i], "connection_id")) {
			return true;
		}
	}
	return m && text_prefix_ci(m, prefix);
}

/*
 * Payloads.
 */

static void event_clear(struct andon_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->priority = ANDON_PRIO_UNKNOWN;
	ev->status = ANDON_STATUS_UNKNOWN;
	ev->reported_at = NAN;
	ev->acknowledged_at = NAN;
	ev->resolved_at = NAN;
	ev->escalation_level = -1;
}

/* Reads an Andon event. resolved: the message type says it is resolved. */
static bool read_event(const struct frame *f, bool resolved, struct andon_event *ev,
	struct ms5_error *err)
{
	const cJSON *s[3];
	size_t n = scopes(f, true, s);
	const char *id = NULL;
	const cJSON *bad = NULL;

	event_clear(ev);
	for (size_t i = 0; i < n && !id; i++) {
		const cJSON *j = member(s[i], "id");

		if (cJSON_IsString(j) && j->valuestring[0]) {
			id = j->valuestring;
		} else if (j && !cJSON_IsNull(j) && !bad) {
			bad = j;
		}
	}
	if (!id) {
		return ms5_error_set(err, "Andon event without a usable id%s",
			bad ? " (the id is not a string)" : "");
	}
	if (strlen(id) >= sizeof(ev->id)) {
		return ms5_error_set(err, "Andon event id of %zu bytes is longer than %zu",
			strlen(id), sizeof(ev->id) - 1);
	}
	text_copy(ev->id, sizeof(ev->id), id);
	get_text(f, true, ev->line_id, sizeof(ev->line_id), "line_id", (char *)NULL);
	get_text(f, true, ev->equipment_code, sizeof(ev->equipment_code), "equipment_code",
		(char *)NULL);
	get_text(f, false, ev->event_type, sizeof(ev->event_type), "event_type", "type",
		(char *)NULL);
	get_text(f, false, ev->priority_text, sizeof(ev->priority_text), "priority", (char *)NULL);
	ev->priority = andon_priority_parse(ev->priority_text);
	get_status(f, ev->status_text, sizeof(ev->status_text), NULL, 0);
	if (resolved) {
		/* The type is the more specific word: "andon_event_resolved" with
		 * a stale "open" inside is a resolution. */
		text_copy(ev->status_text, sizeof(ev->status_text), "resolved");
	} else if (!ev->status_text[0]) {
		text_copy(ev->status_text, sizeof(ev->status_text), "open");
	}
	ev->status = andon_status_parse(ev->status_text);
	get_text(f, false, ev->description, sizeof(ev->description), "description", "message",
		(char *)NULL);
	get_text(f, false, ev->reported_by, sizeof(ev->reported_by), "reported_by", (char *)NULL);
	get_text(f, false, ev->acknowledged_by, sizeof(ev->acknowledged_by), "acknowledged_by",
		(char *)NULL);
	get_text(f, false, ev->resolved_by, sizeof(ev->resolved_by), "resolved_by", (char *)NULL);
	get_text(f, false, ev->resolution_notes, sizeof(ev->resolution_notes), "resolution_notes",
		(char *)NULL);
	ev->reported_at = get_time(f, "reported_at");
	if (isnan(ev->reported_at)) {
		ev->reported_at = get_time(f, "timestamp");
	}
	ev->acknowledged_at = get_time(f, "acknowledged_at");
	ev->resolved_at = get_time(f, "resolved_at");
	ev->escalation_level = get_level(f, "escalation_level");
	return true;
}

static void read_escalation(const struct frame *f, struct andon_escalation *e)
{
	if (!get_text(f, true, e->id, sizeof(e->id), "id", "escalation_id", (char *)NULL) &&
		cJSON_IsString(member(f->meta, "escalation_id"))) {
		text_copy(e->id, sizeof(e->id), member(f->meta, "escalation_id")->valuestring);
	}
	get_text(f, true, e->event_id, sizeof(e->event_id), "event_id", (char *)NULL);
	get_text(f, true, e->line_id, sizeof(e->line_id), "line_id", (char *)NULL);
	get_text(f, false, e->priority_text, sizeof(e->priority_text), "priority", (char *)NULL);
	e->priority = andon_priority_parse(e->priority_text);
	e->level = get_level(f, "level");
	if (!get_text(f, false, e->assigned_to, sizeof(e->assigned_to), "assigned_to",
		(char *)NULL) && cJSON_IsString(member(f->meta, "assigned_to"))) {
		text_copy(e->assigned_to, sizeof(e->assigned_to),
			member(f->meta, "assigned_to")->valuestring);
	}
	get_status(f, e->status, sizeof(e->status), NULL, 0);
}

static void read_line(const struct frame *f, struct andon_line_status *l)
{
	get_text(f, true, l->line_id, sizeof(l->line_id), "line_id", (char *)NULL);
	get_status(f, l->status, sizeof(l->status), l->old_status, sizeof(l->old_status));
	l->speed = get_num(f, "speed");
	if (isnan(l->speed)) {
		l->speed = get_num(f, "current_speed");
	}
	l->target_speed = get_num(f, "target_speed");
	l->efficiency = get_num(f, "efficiency");
	l->throughput = get_num(f, "throughput");
}

static void read_oee(const struct frame *f, struct andon_oee *o)
{
	get_text(f, true, o->line_id, sizeof(o->line_id), "line_id", (char *)NULL);
	o->oee = factor(get_num(f, "oee"));
	o->availability = factor(get_num(f, "availability"));
	o->performance = factor(get_num(f, "performance"));
	o->quality = factor(get_num(f, "quality"));
}

static void read_equipment(const struct frame *f, struct andon_equipment *e)
{
	get_text(f, true, e->equipment_code, sizeof(e->equipment_code), "equipment_code",
		(char *)NULL);
	get_text(f, true, e->line_id, sizeof(e->line_id), "line_id", (char *)NULL);
	get_status(f, e->status, sizeof(e->status), NULL, 0);
	get_text(f, false, e->severity, sizeof(e->severity), "severity", (char *)NULL);
	e->temperature = get_num(f, "temperature");
	e->pressure = get_num(f, "pressure");
	e->vibration = get_num(f, "vibration");
}

static void read_downtime(const struct frame *f, struct andon_downtime *d)
{
	get_text(f, true, d->id, sizeof(d->id), "id", (char *)NULL);
	get_text(f, true, d->line_id, sizeof(d->line_id), "line_id", (char *)NULL);
	get_text(f, true, d->equipment_code, sizeof(d->equipment_code), "equipment_code",
		(char *)NULL);
	get_text(f, false, d->reason, sizeof(d->reason), "reason_code", "reason",
		"reason_description", (char *)NULL);
	get_text(f, false, d->category, sizeof(d->category), "category", (char *)NULL);
	get_status(f, d->status, sizeof(d->status), NULL, 0);
	d->start_time = get_time(f, "start_time");
	d->end_time = get_time(f, "end_time");
	d->duration_seconds = get_num(f, "duration_seconds");
	if (isnan(d->duration_seconds)) {
		d->duration_seconds = get_num(f, "duration");
	}
}

/* Writes "<a><sep><b><end>" into out, each text cut (at a character
 * boundary) so that the whole fits. */
static void join(char *out, size_t size, const char *a, const char *sep, const char *b,
	const char *end)
{
	size_t fixed = strlen(sep) + strlen(end), half, la;

	if (size < fixed + 3) {
		text_copy(out, size, a);
		return;
	}
	half = (size - fixed) / 2;
	text_copy(out, half, a);
	la = strlen(out);
	memcpy(out + la, sep, strlen(sep));
	la += strlen(sep);
	text_copy(out + la, size - la - strlen(end), b);
	la += strlen(out + la);
	memcpy(out + la, end, strlen(end) + 1);
}

/* The three error forms: {"data":{"message","code"}}, {"data":{"message",
 * "error"}} and {"error":"..."} (also {"error":{"message",...}}). The
 * message reads "text (code)" or "text: detail". */
static void read_error(const struct frame *f, char *out, size_t size)
{
	const char *msg = find_str(f, "message", true);
	const char *code = find_str(f, "code", false);
	const char *detail = find_str(f, "error", true);
	const cJSON *eobj = member(f->root, "error");

	if (!msg && cJSON_IsObject(eobj)) {
		const cJSON *m = member(eobj, "message"), *c = member(eobj, "code");

		msg = cJSON_IsString(m) ? m->valuestring : NULL;
		code = cJSON_IsString(c) ? c->valuestring : code;
	}
	if (msg && msg[0]) {
		/* Both halves are cut to fit first, at character boundaries. */
		if (detail && detail[0] && strcmp(detail, msg) != 0) {
			join(out, size, msg, ": ", detail, "");
		} else if (code && code[0]) {
			join(out, size, msg, " (", code, ")");
		} else {
			text_copy(out, size, msg);
		}
	} else if (detail && detail[0]) {
		text_copy(out, size, detail);
	} else if (code && code[0]) {
		text_copy(out, size, code);
	} else {
		text_copy(out, size, "unspecified server error");
	}
}

/* metadata.event_id when present, else id + "/" + status, else "". */
static void set_dedup_key(const struct frame *f, struct andon_msg *m)
{
	const cJSON *eid = member(f->meta, "event_id");
	const char *id = NULL, *status = "";
	char idbuf[ANDON_ID_SIZE];

	if (cJSON_IsString(eid) && eid->valuestring[0]) {
		text_copy(m->dedup_key, sizeof(m->dedup_key), eid->valuestring);
		return;
	}
	switch (m->kind) {
	case ANDON_MSG_EVENT:
		id = m->event.id;
		status = m->event.status_text;
		break;
	case ANDON_MSG_ESCALATION:
		id = m->escalation.id;
		status = m->escalation.status;
		break;
	case ANDON_MSG_DOWNTIME:
		id = m->downtime.id;
		status = m->downtime.status;
		break;
	default:
		break;
	}
	if (id && id[0]) {
		text_copy(idbuf, sizeof(idbuf), id);
		snprintf(m->dedup_key, sizeof(m->dedup_key), "%s/%s", idbuf, status);
	}
}

static void msg_clear(struct andon_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->kind = ANDON_MSG_UNKNOWN;
	m->timestamp = NAN;
	event_clear(&m->event);
	m->escalation.priority = ANDON_PRIO_UNKNOWN;
	m->escalation.level = -1;
	m->line.speed = m->line.target_speed = m->line.efficiency = m->line.throughput = NAN;
	m->oee.oee = m->oee.availability = m->oee.performance = m->oee.quality = NAN;
	m->equipment.temperature = m->equipment.pressure = m->equipment.vibration = NAN;
	m->downtime.start_time = m->downtime.end_time = m->downtime.duration_seconds = NAN;
}

/* Reads the payload of a frame of known type (ti NULL: unknown) into out.
 * Only an Andon event can fail (no usable id). */
static bool read_payload(const struct frame *f, const struct type_info *ti, struct andon_msg *out,
	struct ms5_error *err)
{
	switch (out->kind) {
	case ANDON_MSG_EVENT:
		return read_event(f, (ti->flags & T_RESOLVED) != 0, &out->event, err);
	case ANDON_MSG_ESCALATION:
		read_escalation(f, &out->escalation);
		break;
	case ANDON_MSG_LINE_STATUS:
		read_line(f, &out->line);
		break;
	case ANDON_MSG_OEE:
		read_oee(f, &out->oee);
		break;
	case ANDON_MSG_EQUIPMENT:
		read_equipment(f, &out->equipment);
		break;
	case ANDON_MSG_DOWNTIME:
		read_downtime(f, &out->downtime);
		break;
	case ANDON_MSG_ALERT:
		if ((ti->flags & T_GREETING) && is_greeting(f)) {
			out->kind = ANDON_MSG_CONTROL;
		} else {
			get_text(f, false, out->severity, sizeof(out->severity), "severity", (char *)NULL);
		}
		get_text(f, true, out->message, sizeof(out->message), "message", (char *)NULL);
		break;
	case ANDON_MSG_ERROR:
		read_error(f, out->message, sizeof(out->message));
		break;
	case ANDON_MSG_CONTROL:
	case ANDON_MSG_SHUTDOWN:
	case ANDON_MSG_UNKNOWN:
		get_text(f, true, out->message, sizeof(out->message), "message", (char *)NULL);
		break;
	}
	return true;
}

/* A frame that failed: out left empty, err keeps the reason and says which
 * type of frame it was. */
static bool reject(struct andon_msg *out, struct ms5_error *err)
{
	char t[ANDON_WORD_SIZE * 2];

	text_copy(t, sizeof(t), out->type);
	msg_clear(out);
	if (err) {
		char why[sizeof(err->msg)];

		text_copy(why, sizeof(why), err->msg);
		ms5_error_set(err, "%s frame: %s", t, why);
	}
	return false;
}

bool andon_decode(const char *frame, size_t len, struct andon_msg *out, struct ms5_error *err)
{
	const struct type_info *ti;
	const cJSON *type, *ts;
	struct frame f;
	cJSON *root;
	bool ok;

	msg_clear(out);
	root = parse_as(frame, len, ANDON_MAX_FRAME, "frame", false, err);
	if (!root) {
		return false;
	}
	type = member(root, "type");
	if (!cJSON_IsString(type) || !type->valuestring[0]) {
		cJSON_Delete(root);
		return ms5_error_set(err, "frame has no \"type\" string");
	}
	text_copy(out->type, sizeof(out->type), type->valuestring);
	ts = member(root, "timestamp");
	if (cJSON_IsString(ts) && !iso8601_parse(ts->valuestring, &out->timestamp)) {
		out->timestamp = NAN;
	}
	frame_init(&f, root);
	ti = type_lookup(type->valuestring);
	out->kind = ti ? ti->kind : ANDON_MSG_UNKNOWN;
	ok = read_payload(&f, ti, out, err);
	if (ok) {
		set_dedup_key(&f, out);
	}
	cJSON_Delete(root);
	if (!ok) {
		return reject(out, err);
	}
	return true;
}

/*
 * REST answers.
 */

bool andon_decode_active(const char *body, size_t len, struct andon_event **events,
	size_t *n, size_t *skipped, struct ms5_error *err)
{
	const cJSON *el;
	size_t count = 0, bad = 0, total;
	struct andon_event *evs;
	cJSON *root;

	*events = NULL;
	*n = 0;
	*skipped = 0;
	root = parse_as(body, len, ACTIVE_MAX_BODY, "active events answer", true, err);
	if (!root) {
		return false;
	}
	total = (size_t)cJSON_GetArraySize(root);
	evs = total ? xcalloc(total < ACTIVE_MAX_EVENTS ? total : ACTIVE_MAX_EVENTS,
		sizeof(*evs)) : NULL;
	cJSON_ArrayForEach(el, root) {
		struct frame f = { .root = el, .data = NULL, .payload = el, .meta = NULL };

		if (count == ACTIVE_MAX_EVENTS || !cJSON_IsObject(el) ||
			!read_event(&f, false, &evs[count], NULL)) {
			bad++;
			continue;
		}
		count++;
	}
	cJSON_Delete(root);
	if (count == 0) {
		free(evs);
		evs = NULL;
	}
	*events = evs;
	*n = count;
	*skipped = bad;
	return true;
}

bool andon_decode_lines(const char *body, size_t len, size_t max,
	char (**ids)[ANDON_ID_SIZE], size_t *n, struct ms5_error *err)
{
	const cJSON *el;
	cJSON *root;
	size_t count = 0;

	*ids = NULL;
	*n = 0;
	root = parse_as(body, len, ACTIVE_MAX_BODY, "lines answer", true, err);
	if (!root) {
		return false;
	}
	*ids = xcalloc(max ? max : 1, sizeof(**ids));
	cJSON_ArrayForEach(el, root) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(el, "line_id");

		if (count == max) {
			break;
		}
		if (cJSON_IsString(id) && text_id_ok(id->valuestring)) {
			memcpy((*ids)[count++], id->valuestring, strlen(id->valuestring) + 1);
		}
	}
	cJSON_Delete(root);
	*n = count;
	return true;
}

/* A bearer token may hold only the characters of RFC 6750's b64token
 * (letters, digits, - . _ ~ + / and trailing =): it is sent in an HTTP
 * header and in a URL, where anything else would be an injection. */
static bool token_ok(const char *t)
{
	size_t n = strlen(t);

	if (n == 0 || n > TOKEN_MAX_LEN) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char c = t[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=')) {
			return false;
		}
	}
	return true;
}

bool andon_decode_user_role(const char *body, size_t len, char *role, size_t size)
{
	struct ms5_error err;
	cJSON *root = parse(body, len, TOKEN_MAX_BODY, "login answer", &err);
	const cJSON *user = cJSON_IsObject(root) ? member(root, "user") : NULL;
	const cJSON *r = cJSON_IsObject(user) ? member(user, "role") : NULL;
	bool ok = cJSON_IsString(r) && r->valuestring[0] && strlen(r->valuestring) < size;

	for (const char *c = ok ? r->valuestring : ""; *c && ok; c++) {
		ok = (*c >= 'a' && *c <= 'z') || *c == '_';
	}
	if (ok) {
		memcpy(role, r->valuestring, strlen(r->valuestring) + 1);
	}
	cJSON_Delete(root);
	return ok;
}

bool andon_decode_token(const char *body, size_t len, char **access_token,
	char **refresh_token, double *expires_in, struct ms5_error *err)
{
	const cJSON *acc, *ref, *exp;
	cJSON *root;

	*access_token = NULL;
	*refresh_token = NULL;
	*expires_in = NAN;
	root = parse_as(body, len, TOKEN_MAX_BODY, "login answer", false, err);
	if (!root) {
		return false;
	}
	acc = member(root, "access_token");
	ref = member(root, "refresh_token");
	exp = member(root, "expires_in");
	if (!cJSON_IsString(acc) || !acc->valuestring[0]) {
		char detail[QUOTE_MAX * 4 + 8];

		detail_of(root, detail, sizeof(detail));
		cJSON_Delete(root);
		return ms5_error_set(err, "login answer has no access_token%s", detail);
	}
	if (!token_ok(acc->valuestring)) {
		cJSON_Delete(root);
		return ms5_error_set(err, "login answer: the access token is not a bearer token "
			"(bad characters or over %zu bytes)", TOKEN_MAX_LEN);
	}
	if (cJSON_IsString(ref) && ref->valuestring[0] && !token_ok(ref->valuestring)) {
		cJSON_Delete(root);
		return ms5_error_set(err, "login answer: the refresh token is not a bearer token "
			"(bad characters or over %zu bytes)", TOKEN_MAX_LEN);
	}
	*access_token = xstrdup(acc->valuestring);
	if (cJSON_IsString(ref) && ref->valuestring[0]) {
		*refresh_token = xstrdup(ref->valuestring);
	}
	if (cJSON_IsNumber(exp) && isfinite(exp->valuedouble) && exp->valuedouble > 0.0) {
		*expires_in = exp->valuedouble;
	}
	cJSON_Delete(root);
	return true;
}
