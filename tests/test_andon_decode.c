/*
 * Tests of the Andon frame and REST decoders. Every line of the shared
 * fixture $MS5_SHARED/fixtures/ws/shapes.jsonl is decoded and checked field
 * by field against expectations written out here, one test per line. The
 * hostile frames (truncated, huge, deep, not UTF-8, wrong types, garbage)
 * are built here.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/andon.h"

/* 2026-11-20T06:00:00Z: the fixtures' times are given as T0 + seconds
 * (computed independently with Python's datetime). */
#define T0 1795154400.0

#define N_SHAPES 31
#define MAX_LINE 4096

static char shapes[N_SHAPES][MAX_LINE];
static size_t n_shapes;

/* Opens shapes.jsonl: $MS5_SHARED, else ../shared beside the repository
 * (from the repository or from a build directory inside it). */
static FILE *open_shapes(void)
{
	static const char *const fallback[] = { "../shared", "../../shared" };
	const char *dir = getenv("MS5_SHARED");
	char path[1024];
	FILE *f;

	if (dir) {
		snprintf(path, sizeof(path), "%s/fixtures/ws/shapes.jsonl", dir);
		return fopen(path, "rb");
	}
	for (size_t i = 0; i < sizeof(fallback) / sizeof(fallback[0]); i++) {
		snprintf(path, sizeof(path), "%s/fixtures/ws/shapes.jsonl", fallback[i]);
		if ((f = fopen(path, "rb")) != NULL) {
			return f;
		}
	}
	return NULL;
}

static void load_shapes(void)
{
	FILE *f = open_shapes();
	char line[MAX_LINE];

	cr_assert(f, "cannot open fixtures/ws/shapes.jsonl (set MS5_SHARED)");
	n_shapes = 0;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		cr_assert(len < MAX_LINE - 1, "line %zu is too long for the test", n_shapes + 1);
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
			line[--len] = '\0';
		}
		if (len == 0) {
			continue;
		}
		cr_assert(n_shapes < N_SHAPES, "more than %d lines in shapes.jsonl", N_SHAPES);
		memcpy(shapes[n_shapes++], line, len + 1);
	}
	fclose(f);
	cr_assert_eq(n_shapes, N_SHAPES);
}

/* Decodes line n (1-based, as an editor numbers them); it must decode. */
static struct andon_msg *decode_line(int n)
{
	static struct andon_msg m;
	struct ms5_error err = { "" };

	load_shapes();
	cr_assert(andon_decode(shapes[n - 1], strlen(shapes[n - 1]), &m, &err),
		"line %d: %s", n, err.msg);
	return &m;
}

static bool decode_str(const char *s, struct andon_msg *m, struct ms5_error *err)
{
	return andon_decode(s, strlen(s), m, err);
}

/* Asserts that s is refused with an error message containing want. */
static void refused(const char *s, size_t len, const char *want)
{
	struct andon_msg m;
	struct ms5_error err = { "untouched" };

	cr_assert_not(andon_decode(s, len, &m, &err), "should be refused: %.80s", s);
	cr_assert(strstr(err.msg, want), "error '%s' should say '%s'", err.msg, want);
	/* A refused frame leaves an empty message behind. */
	cr_assert_eq(m.kind, ANDON_MSG_UNKNOWN);
	cr_assert_str_eq(m.type, "");
	cr_assert_str_eq(m.event.id, "");
	cr_assert(isnan(m.timestamp));
}

static void refused_str(const char *s, const char *want)
{
	refused(s, strlen(s), want);
}

#define NUM_EQ(a, b) cr_assert_float_eq((a), (b), 1e-6, #a " = %f", (double)(a))
#define IS_NAN(a) cr_assert(isnan(a), #a " = %f, not NAN", (double)(a))

/* True when s is valid UTF-8 with no control characters. */
static bool clean_text(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		size_t n;

		if (*s < 0x20 || *s == 0x7f) {
			return false;
		}
		if (*s < 0x80) {
			s++;
			continue;
		}
		n = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc2 ? 2 : 0;
		if (n == 0 || (*s == 0xc2 && s[1] < 0xa0)) {
			return false;
		}
		for (size_t i = 1; i < n; i++) {
			if ((s[i] & 0xc0) != 0x80) {
				return false;
			}
		}
		s += n;
	}
	return true;
}

/*
 * The fixture, line by line.
 */

Test(shapes, fixture_has_31_lines_that_all_decode)
{
	struct andon_msg m;
	struct ms5_error err;

	load_shapes();
	for (size_t i = 0; i < n_shapes; i++) {
		cr_assert(andon_decode(shapes[i], strlen(shapes[i]), &m, &err), "line %zu: %s",
			i + 1, err.msg);
		cr_assert_str_neq(m.type, "", "line %zu", i + 1);
	}
}

Test(shapes, line01_system_alert_greeting_is_control)
{
	struct andon_msg *m = decode_line(1);

	cr_assert_eq(m->kind, ANDON_MSG_CONTROL);
	cr_assert_str_eq(m->type, "system_alert");
	cr_assert_str_eq(m->message, "WebSocket connection established");
	NUM_EQ(m->timestamp, T0 + 0.2);   /* naive: UTC */
	cr_assert_str_eq(m->dedup_key, "");
}

Test(shapes, line02_subscription_confirmed)
{
	struct andon_msg *m = decode_line(2);

	cr_assert_eq(m->kind, ANDON_MSG_CONTROL);
	cr_assert_str_eq(m->type, "subscription_confirmed");
	NUM_EQ(m->timestamp, T0 + 0.3);
}

/* Lines 3 and 4: shape A, the same event sent twice (the retry path). */
static void check_andon_001(const struct andon_msg *m)
{
	const struct andon_event *e = &m->event;

	cr_assert_eq(m->kind, ANDON_MSG_EVENT);
	cr_assert_str_eq(e->id, "andon_001");
	cr_assert_str_eq(e->line_id, "line_001");
	cr_assert_str_eq(e->equipment_code, "");
	cr_assert_str_eq(e->event_type, "equipment_fault");   /* from "type" */
	cr_assert_str_eq(e->priority_text, "high");
	cr_assert_eq(e->priority, ANDON_PRIO_HIGH);
	cr_assert_str_eq(e->status_text, "open");              /* implied */
	cr_assert_eq(e->status, ANDON_STATUS_OPEN);
	cr_assert_str_eq(e->description, "Motor overheating detected");   /* from "message" */
	NUM_EQ(e->reported_at, T0 + 60);   /* from the payload's timestamp */
	IS_NAN(e->acknowledged_at);
	IS_NAN(e->resolved_at);
	cr_assert_eq(e->escalation_level, 0);   /* from metadata */
	cr_assert_str_eq(m->dedup_key, "andon_001");   /* metadata.event_id */
}

Test(shapes, line03_andon_event_shape_a)
{
	struct andon_msg *m = decode_line(3);

	check_andon_001(m);
	NUM_EQ(m->timestamp, T0 + 60.5);
}

Test(shapes, line04_andon_event_shape_a_resent)
{
	struct andon_msg *m = decode_line(4);

	check_andon_001(m);
	NUM_EQ(m->timestamp, T0 + 61.5);
}

#define JAM_ID "3f1e8a52-6a0d-4a8e-9d3c-0c9a6b0e1f11"
#define LINE_ID "7d2f1c9e-0b1a-4c55-9a51-2f6f1f0b3a01"
#define ESC_ID "e7e7e7e7-3333-4b2b-9c3c-0a0b0c0d0e0f"

static void check_jam(const struct andon_msg *m)
{
	const struct andon_event *e = &m->event;

	cr_assert_eq(m->kind, ANDON_MSG_EVENT);
	cr_assert_str_eq(m->type, "andon_event");
	cr_assert_str_eq(e->id, JAM_ID);
	cr_assert_str_eq(e->line_id, LINE_ID);
	cr_assert_str_eq(e->equipment_code, "BP01.PACK.BAG1");
	cr_assert_str_eq(e->event_type, "stop");
	cr_assert_eq(e->priority, ANDON_PRIO_CRITICAL);
	cr_assert_str_eq(e->description, "Jam at infeed");
	cr_assert_str_eq(e->reported_by, "5f0c6a1e-1111-4b2b-9c3c-0a0b0c0d0e0f");
	NUM_EQ(e->reported_at, T0 + 130);
	cr_assert_eq(e->escalation_level, -1);
}

Test(shapes, line05_jam_open)
{
	struct andon_msg *m = decode_line(5);

	check_jam(m);
	cr_assert_eq(m->event.status, ANDON_STATUS_OPEN);
	cr_assert_str_eq(m->event.status_text, "open");
	cr_assert_str_eq(m->event.acknowledged_by, "");   /* null */
	IS_NAN(m->event.acknowledged_at);
	IS_NAN(m->event.resolved_at);
	cr_assert_str_eq(m->event.resolution_notes, "");
	cr_assert_str_eq(m->dedup_key, JAM_ID "/open");
	NUM_EQ(m->timestamp, T0 + 130.7);
}

Test(shapes, line06_jam_acknowledged)
{
	struct andon_msg *m = decode_line(6);

	check_jam(m);
	cr_assert_eq(m->event.status, ANDON_STATUS_ACKNOWLEDGED);
	cr_assert_str_eq(m->event.acknowledged_by, "9a9a9a9a-2222-4b2b-9c3c-0a0b0c0d0e0f");
	NUM_EQ(m->event.acknowledged_at, T0 + 220);
	IS_NAN(m->event.resolved_at);
	cr_assert_str_eq(m->dedup_key, JAM_ID "/acknowledged");
}

Test(shapes, line07_jam_resolved)
{
	struct andon_msg *m = decode_line(7);

	check_jam(m);
	cr_assert_eq(m->event.status, ANDON_STATUS_RESOLVED);
	NUM_EQ(m->event.acknowledged_at, T0 + 220);
	NUM_EQ(m->event.resolved_at, T0 + 665);
	cr_assert_str_eq(m->event.resolved_by, "9a9a9a9a-2222-4b2b-9c3c-0a0b0c0d0e0f");
	cr_assert_str_eq(m->event.resolution_notes, "Cleared bag jam, reset infeed");
	cr_assert_str_eq(m->dedup_key, JAM_ID "/resolved");
}

Test(shapes, line08_andon_alert_flat_shape_c)
{
	struct andon_msg *m = decode_line(8);
	const struct andon_event *e = &m->event;

	cr_assert_eq(m->kind, ANDON_MSG_EVENT);
	cr_assert_str_eq(m->type, "andon_alert");
	cr_assert_str_eq(e->id, "c0ffee00-0000-4000-8000-000000000002");
	cr_assert_str_eq(e->line_id, LINE_ID);
	cr_assert_str_eq(e->equipment_code, "BP01.FILL.F2");
	cr_assert_str_eq(e->event_type, "material");
	cr_assert_eq(e->priority, ANDON_PRIO_MEDIUM);
	cr_assert_str_eq(e->description, "Film roll low");
	cr_assert_eq(e->status, ANDON_STATUS_OPEN);
	NUM_EQ(e->reported_at, T0 + 240);             /* "...06:04:00Z" */
	NUM_EQ(m->timestamp, 1768903200.0);           /* the envelope's own, older time */
	cr_assert_str_eq(m->dedup_key, "c0ffee00-0000-4000-8000-000000000002/open");
}

Test(shapes, line09_escalation_shape_a_escalation_data)
{
	struct andon_msg *m = decode_line(9);
	const struct andon_escalation *x = &m->escalation;

	cr_assert_eq(m->kind, ANDON_MSG_ESCALATION);
	cr_assert_str_eq(x->id, "esc_001");
	cr_assert_str_eq(x->event_id, "");
	cr_assert_str_eq(x->line_id, "line_001");
	cr_assert_eq(x->level, 2);
	cr_assert_str_eq(x->assigned_to, "supervisor_001");
	cr_assert_str_eq(x->status, "acknowledged");
	/* The envelope's numeric priority (3) is not the escalation's. */
	cr_assert_str_eq(x->priority_text, "");
	cr_assert_eq(x->priority, ANDON_PRIO_UNKNOWN);
	cr_assert_str_eq(m->dedup_key, "esc_001/acknowledged");
}

Test(shapes, line10_escalation_shape_b_escalation)
{
	struct andon_msg *m = decode_line(10);
	const struct andon_escalation *x = &m->escalation;

	cr_assert_eq(m->kind, ANDON_MSG_ESCALATION);
	cr_assert_str_eq(x->id, ESC_ID);   /* from escalation_id */
	cr_assert_str_eq(x->event_id, JAM_ID);
	cr_assert_str_eq(x->line_id, LINE_ID);
	cr_assert_eq(x->priority, ANDON_PRIO_CRITICAL);
	cr_assert_eq(x->level, 1);
	cr_assert_str_eq(x->status, "");
	cr_assert_str_eq(m->dedup_key, ESC_ID "/");
}

Test(shapes, line11_escalation_event_flat)
{
	struct andon_msg *m = decode_line(11);

	cr_assert_eq(m->kind, ANDON_MSG_ESCALATION);
	cr_assert_str_eq(m->escalation.id, ESC_ID);
	cr_assert_eq(m->escalation.priority, ANDON_PRIO_HIGH);
	cr_assert_str_eq(m->escalation.line_id, LINE_ID);
	cr_assert_eq(m->escalation.level, -1);
	NUM_EQ(m->timestamp, T0 + 360.123456);
}

Test(shapes, line12_escalation_status_update_id_at_top_level)
{
	struct andon_msg *m = decode_line(12);

	cr_assert_eq(m->kind, ANDON_MSG_ESCALATION);
	cr_assert_str_eq(m->escalation.id, ESC_ID);
	cr_assert_str_eq(m->escalation.status, "acknowledged");
	cr_assert_str_eq(m->escalation.event_id, "");
	NUM_EQ(m->timestamp, T0 + 420);
}

Test(shapes, line13_escalation_reminder)
{
	struct andon_msg *m = decode_line(13);

	cr_assert_eq(m->kind, ANDON_MSG_ESCALATION);
	cr_assert_str_eq(m->type, "escalation_reminder");
	cr_assert_str_eq(m->escalation.id, ESC_ID);
	cr_assert_eq(m->escalation.priority, ANDON_PRIO_CRITICAL);
}

Test(shapes, line14_production_update_nested)
{
	struct andon_msg *m = decode_line(14);

	cr_assert_eq(m->kind, ANDON_MSG_LINE_STATUS);
	cr_assert_str_eq(m->line.line_id, "line_001");   /* from data, beside the nested object */
	cr_assert_str_eq(m->line.status, "running");
	cr_assert_str_eq(m->line.old_status, "");
	NUM_EQ(m->line.speed, 95.5);
	NUM_EQ(m->line.efficiency, 87.2);
	NUM_EQ(m->line.throughput, 1250);
	IS_NAN(m->line.target_speed);
}

Test(shapes, line15_line_status_old_new_object)
{
	struct andon_msg *m = decode_line(15);

	cr_assert_eq(m->kind, ANDON_MSG_LINE_STATUS);
	cr_assert_str_eq(m->line.line_id, LINE_ID);
	cr_assert_str_eq(m->line.status, "stopped");
	cr_assert_str_eq(m->line.old_status, "running");
	IS_NAN(m->line.speed);
}

Test(shapes, line16_line_status_flat_line_id_at_top)
{
	struct andon_msg *m = decode_line(16);

	cr_assert_eq(m->kind, ANDON_MSG_LINE_STATUS);
	cr_assert_str_eq(m->line.line_id, LINE_ID);
	cr_assert_str_eq(m->line.status, "running");
	NUM_EQ(m->line.speed, 115.5);   /* current_speed */
	NUM_EQ(m->line.target_speed, 120.0);
	NUM_EQ(m->line.efficiency, 96.25);
	IS_NAN(m->line.throughput);
}

Test(shapes, line17_oee_percent_is_normalised)
{
	struct andon_msg *m = decode_line(17);

	cr_assert_eq(m->kind, ANDON_MSG_OEE);
	cr_assert_str_eq(m->oee.line_id, "line_001");
	NUM_EQ(m->oee.availability, 0.925);
	NUM_EQ(m->oee.performance, 0.872);
	NUM_EQ(m->oee.quality, 0.958);
	NUM_EQ(m->oee.oee, 0.771);
}

Test(shapes, line18_oee_fractions_kept)
{
	struct andon_msg *m = decode_line(18);

	cr_assert_eq(m->kind, ANDON_MSG_OEE);
	cr_assert_str_eq(m->oee.line_id, LINE_ID);
	NUM_EQ(m->oee.oee, 0.85);
	NUM_EQ(m->oee.availability, 0.92);
	NUM_EQ(m->oee.performance, 0.88);
	NUM_EQ(m->oee.quality, 0.96);
}

Test(shapes, line19_equipment_status_data)
{
	struct andon_msg *m = decode_line(19);

	cr_assert_eq(m->kind, ANDON_MSG_EQUIPMENT);
	cr_assert_str_eq(m->equipment.equipment_code, "EQ002");
	cr_assert_str_eq(m->equipment.line_id, "");
	cr_assert_str_eq(m->equipment.status, "warning");
	NUM_EQ(m->equipment.temperature, 78.5);
	NUM_EQ(m->equipment.pressure, 3.2);
	NUM_EQ(m->equipment.vibration, 2.1);
}

Test(shapes, line20_equipment_code_at_top_level)
{
	struct andon_msg *m = decode_line(20);

	cr_assert_eq(m->kind, ANDON_MSG_EQUIPMENT);
	cr_assert_str_eq(m->equipment.equipment_code, "BP01.PACK.BAG1");
	cr_assert_str_eq(m->equipment.line_id, LINE_ID);
	cr_assert_str_eq(m->equipment.status, "fault");
	IS_NAN(m->equipment.temperature);
}

Test(shapes, line21_equipment_fault_nested_fault)
{
	struct andon_msg *m = decode_line(21);

	cr_assert_eq(m->kind, ANDON_MSG_EQUIPMENT);
	cr_assert_str_eq(m->equipment.equipment_code, "BP01.PACK.BAG1");
	cr_assert_str_eq(m->equipment.line_id, LINE_ID);
	cr_assert_str_eq(m->equipment.severity, "high");
	cr_assert_str_eq(m->equipment.status, "");
}

Test(shapes, line22_downtime_flat)
{
	struct andon_msg *m = decode_line(22);
	const struct andon_downtime *d = &m->downtime;

	cr_assert_eq(m->kind, ANDON_MSG_DOWNTIME);
	cr_assert_str_eq(d->id, "d0d0d0d0-4444-4b2b-9c3c-0a0b0c0d0e0f");
	cr_assert_str_eq(d->line_id, LINE_ID);
	cr_assert_str_eq(d->equipment_code, "BP01.PACK.BAG1");
	cr_assert_str_eq(d->reason, "JAM");   /* reason_code before reason_description */
	cr_assert_str_eq(d->category, "unplanned");
	cr_assert_str_eq(d->status, "open");
	NUM_EQ(d->start_time, T0 + 130);
	IS_NAN(d->end_time);
	IS_NAN(d->duration_seconds);
	cr_assert_str_eq(m->dedup_key, "d0d0d0d0-4444-4b2b-9c3c-0a0b0c0d0e0f/open");
}

Test(shapes, line23_downtime_nested_duration)
{
	struct andon_msg *m = decode_line(23);
	const struct andon_downtime *d = &m->downtime;

	cr_assert_eq(m->kind, ANDON_MSG_DOWNTIME);
	cr_assert_str_eq(d->id, "");
	cr_assert_str_eq(d->line_id, "line_001");
	cr_assert_str_eq(d->equipment_code, "EQ001");
	cr_assert_str_eq(d->reason, "maintenance");
	NUM_EQ(d->duration_seconds, 1800);
	IS_NAN(d->start_time);
	cr_assert_str_eq(m->dedup_key, "");
}

Test(shapes, line24_quality_alert)
{
	struct andon_msg *m = decode_line(24);

	cr_assert_eq(m->kind, ANDON_MSG_ALERT);
	cr_assert_str_eq(m->severity, "medium");
	cr_assert_str_eq(m->message, "Quality threshold exceeded");
}

Test(shapes, line25_health_alert)
{
	struct andon_msg *m = decode_line(25);

	cr_assert_eq(m->kind, ANDON_MSG_ALERT);
	cr_assert_str_eq(m->severity, "");
	cr_assert_str_eq(m->message, "System health is poor: 0.45");
	NUM_EQ(m->timestamp, T0 + 540);
}

Test(shapes, line26_pong)
{
	struct andon_msg *m = decode_line(26);

	cr_assert_eq(m->kind, ANDON_MSG_CONTROL);
	cr_assert_str_eq(m->type, "pong");
	NUM_EQ(m->timestamp, T0 + 30);
}

Test(shapes, line27_heartbeat_response)
{
	struct andon_msg *m = decode_line(27);

	cr_assert_eq(m->kind, ANDON_MSG_CONTROL);
	cr_assert_str_eq(m->type, "heartbeat_response");
}

Test(shapes, line28_error_with_code)
{
	struct andon_msg *m = decode_line(28);

	cr_assert_eq(m->kind, ANDON_MSG_ERROR);
	cr_assert_str_eq(m->message, "Unknown message type: foo (UNKNOWN_MESSAGE_TYPE)");
	NUM_EQ(m->timestamp, T0 + 31);
}

Test(shapes, line29_error_at_top_level)
{
	struct andon_msg *m = decode_line(29);

	cr_assert_eq(m->kind, ANDON_MSG_ERROR);
	cr_assert_str_eq(m->message, "Authentication failed");
	IS_NAN(m->timestamp);
}

Test(shapes, line30_unknown_type_is_kept)
{
	struct andon_msg *m = decode_line(30);

	cr_assert_eq(m->kind, ANDON_MSG_UNKNOWN);
	cr_assert_str_eq(m->type, "notification");
	cr_assert_str_eq(m->message, "Andon event for BP01.PACK.BAG1 has been acknowledged");
	NUM_EQ(m->timestamp, T0 + 220);
}

Test(shapes, line31_system_shutdown)
{
	struct andon_msg *m = decode_line(31);

	cr_assert_eq(m->kind, ANDON_MSG_SHUTDOWN);
	cr_assert_str_eq(m->message, "Server is shutting down");
	NUM_EQ(m->timestamp, T0 + 1800);
}

/*
 * Variants the fixture does not show.
 */

Test(variants, resolved_aliases_imply_resolved)
{
	struct andon_msg m;
	struct ms5_error err;

	cr_assert(decode_str("{\"type\":\"andon_resolved\",\"data\":{\"id\":\"a1\"}}", &m, &err));
	cr_assert_eq(m.kind, ANDON_MSG_EVENT);
	cr_assert_eq(m.event.status, ANDON_STATUS_RESOLVED);
	cr_assert_str_eq(m.event.status_text, "resolved");
	cr_assert_str_eq(m.dedup_key, "a1/resolved");
	/* The type wins over a stale status inside. */
	cr_assert(decode_str("{\"type\":\"andon_event_resolved\",\"data\":{\"andon_event\":"
		"{\"id\":\"a1\",\"status\":\"open\"}}}", &m, &err));
	cr_assert_eq(m.event.status, ANDON_STATUS_RESOLVED);
	cr_assert(decode_str("{\"type\":\"andon_event_created\",\"data\":{\"id\":\"a2\"}}", &m, &err));
	cr_assert_eq(m.event.status, ANDON_STATUS_OPEN);
	cr_assert(decode_str("{\"type\":\"andon_event_updated\",\"data\":{\"id\":\"a2\","
		"\"status\":\"escalated\"}}", &m, &err));
	cr_assert_eq(m.kind, ANDON_MSG_EVENT);
	cr_assert_eq(m.event.status, ANDON_STATUS_ESCALATED);
}

Test(variants, unknown_enum_values_are_kept_as_text)
{
	struct andon_msg m;
	struct ms5_error err;

	cr_assert(decode_str("{\"type\":\"andon_event\",\"data\":{\"id\":\"x\",\"priority\":\"urgent\","
		"\"status\":\"in_progress\",\"event_type\":\"robot\"}}", &m, &err), "%s", err.msg);
	cr_assert_eq(m.event.priority, ANDON_PRIO_UNKNOWN);
	cr_assert_str_eq(m.event.priority_text, "urgent");
	cr_assert_eq(m.event.status, ANDON_STATUS_UNKNOWN);
	cr_assert_str_eq(m.event.status_text, "in_progress");
	cr_assert_str_eq(m.event.event_type, "robot");
	/* Case-insensitive parsing of known values. */
	cr_assert(decode_str("{\"type\":\"andon_event\",\"data\":{\"id\":\"x\",\"priority\":\"HIGH\","
		"\"status\":\"Acknowledged\"}}", &m, &err));
	cr_assert_eq(m.event.priority, ANDON_PRIO_HIGH);
	cr_assert_eq(m.event.status, ANDON_STATUS_ACKNOWLEDGED);
}

Test(variants, timestamps_naive_z_and_offsets_agree)
{
	static const char *const forms[] = {
		"2026-11-20T06:02:10", "2026-11-20T06:02:10Z", "2026-11-20T06:02:10+00:00",
		"2026-11-20T06:02:10.000000", "2026-11-20T11:32:10+05:30",
	};
	struct andon_msg m;
	struct ms5_error err;
	char frame[256];

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		snprintf(frame, sizeof(frame), "{\"type\":\"andon_event\",\"timestamp\":\"%s\","
			"\"data\":{\"id\":\"t\",\"reported_at\":\"%s\"}}", forms[i], forms[i]);
		cr_assert(decode_str(frame, &m, &err), "%s", err.msg);
		NUM_EQ(m.timestamp, T0 + 130);
		NUM_EQ(m.event.reported_at, T0 + 130);
	}
	/* A bad time reads as absent, and does not cost the event. */
	cr_assert(decode_str("{\"type\":\"andon_event\",\"timestamp\":\"yesterday\",\"data\":{\"id\":\"t\","
		"\"reported_at\":\"2026-02-30T00:00:00\",\"acknowledged_at\":17}}", &m, &err));
	IS_NAN(m.timestamp);
	IS_NAN(m.event.reported_at);
	IS_NAN(m.event.acknowledged_at);
}

Test(variants, payload_selection_rule)
{
	struct andon_msg m;
	struct ms5_error err;

	/* Two nested keys: neither is the payload, data is. */
	cr_assert(decode_str("{\"type\":\"andon_event\",\"data\":{\"andon_event\":{\"id\":\"a\"},"
		"\"alert\":{\"id\":\"b\"},\"id\":\"c\"}}", &m, &err));
	cr_assert_str_eq(m.event.id, "c");
	/* A nested key that is not an object does not count. */
	cr_assert(decode_str("{\"type\":\"equipment_status_update\",\"data\":{\"equipment_code\":\"E1\","
		"\"status\":\"fault\",\"fault\":\"overheat\"}}", &m, &err));
	cr_assert_str_eq(m.equipment.equipment_code, "E1");
	cr_assert_str_eq(m.equipment.status, "fault");
	/* line_id: nested object first, then data, then the top level. */
	cr_assert(decode_str("{\"type\":\"andon_event\",\"line_id\":\"top\",\"data\":{\"line_id\":\"data\","
		"\"andon_event\":{\"id\":\"a\",\"line_id\":\"nested\"}}}", &m, &err));
	cr_assert_str_eq(m.event.line_id, "nested");
	cr_assert(decode_str("{\"type\":\"andon_event\",\"line_id\":\"top\",\"data\":{\"line_id\":\"data\","
		"\"andon_event\":{\"id\":\"a\"}}}", &m, &err));
	cr_assert_str_eq(m.event.line_id, "data");
	cr_assert(decode_str("{\"type\":\"andon_event\",\"line_id\":\"top\",\"equipment_code\":\"E9\","
		"\"data\":{\"andon_event\":{\"id\":\"a\"}}}", &m, &err));
	cr_assert_str_eq(m.event.line_id, "top");
	cr_assert_str_eq(m.event.equipment_code, "E9");
	/* The envelope's numeric priority is never the event's priority. */
	cr_assert(decode_str("{\"type\":\"andon_event\",\"priority\":1,\"data\":{\"id\":\"a\"}}", &m, &err));
	cr_assert_eq(m.event.priority, ANDON_PRIO_UNKNOWN);
	/* An event flat at the top level, without data. */
	cr_assert(decode_str("{\"type\":\"andon_event\",\"id\":\"flat\",\"priority\":\"low\"}", &m, &err));
	cr_assert_str_eq(m.event.id, "flat");
	cr_assert_eq(m.event.priority, ANDON_PRIO_LOW);
}

Test(variants, oee_out_of_range_reads_as_absent)
{
	struct andon_msg m;
	struct ms5_error err;

	cr_assert(decode_str("{\"type\":\"oee_calculation_completed\",\"data\":{\"calculation_result\":"
		"{\"oee\":150,\"availability\":-0.5,\"performance\":\"88\",\"quality\":100}}}", &m, &err));
	cr_assert_eq(m.kind, ANDON_MSG_OEE);
	IS_NAN(m.oee.oee);
	IS_NAN(m.oee.availability);
	IS_NAN(m.oee.performance);
	NUM_EQ(m.oee.quality, 1.0);
	cr_assert(decode_str("{\"type\":\"oee_update\",\"data\":{\"oee\":1,\"availability\":0,"
		"\"performance\":1.0001,\"quality\":1e999}}", &m, &err));
	NUM_EQ(m.oee.oee, 1.0);
	NUM_EQ(m.oee.availability, 0.0);
	NUM_EQ(m.oee.performance, 0.010001);
	IS_NAN(m.oee.quality);
}

Test(variants, error_frames_in_every_form)
{
	struct andon_msg m;
	struct ms5_error err;

	cr_assert(decode_str("{\"type\":\"error\",\"data\":{\"message\":\"Subscription failed\","
		"\"error\":\"Invalid target\"}}", &m, &err));
	cr_assert_eq(m.kind, ANDON_MSG_ERROR);
	cr_assert_str_eq(m.message, "Subscription failed: Invalid target");
	cr_assert(decode_str("{\"type\":\"error\",\"error\":{\"message\":\"Bad\",\"code\":\"E42\"}}",
		&m, &err));
	cr_assert_str_eq(m.message, "Bad (E42)");
	cr_assert(decode_str("{\"type\":\"error\"}", &m, &err));
	cr_assert_str_eq(m.message, "unspecified server error");
	cr_assert(decode_str("{\"type\":\"error\",\"data\":{\"code\":\"ONLY_CODE\"}}", &m, &err));
	cr_assert_str_eq(m.message, "ONLY_CODE");
}

Test(variants, long_error_parts_are_both_kept_in_part)
{
	struct andon_msg m;
	struct ms5_error err;
	char frame[2048], a[600], b[600];

	memset(a, 'a', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memset(b, 'b', sizeof(b) - 1);
	b[sizeof(b) - 1] = '\0';
	snprintf(frame, sizeof(frame), "{\"type\":\"error\",\"data\":{\"message\":\"%s\",\"code\":\"%s\"}}",
		a, b);
	cr_assert(decode_str(frame, &m, &err));
	cr_assert_lt(strlen(m.message), sizeof(m.message));
	cr_assert(strstr(m.message, "aaa (bbb"), "%s", m.message);
	cr_assert_eq(m.message[strlen(m.message) - 1], ')');
}

Test(variants, system_alert_that_is_not_the_greeting)
{
	struct andon_msg m;
	struct ms5_error err;

	cr_assert(decode_str("{\"type\":\"system_alert\",\"data\":{\"severity\":\"critical\","
		"\"message\":\"Database unreachable\"},\"connection_id\":\"u1\"}", &m, &err));
	cr_assert_eq(m.kind, ANDON_MSG_ALERT);
	cr_assert_str_eq(m.severity, "critical");
	cr_assert_str_eq(m.message, "Database unreachable");
}

Test(variants, escalation_level_must_be_a_whole_number)
{
	static const char *const bad[] = { "2.5", "-1", "\"2\"", "1e9", "null", "{}" };
	struct andon_msg m;
	struct ms5_error err;
	char frame[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(frame, sizeof(frame), "{\"type\":\"escalation_update\",\"data\":{\"id\":\"e\","
			"\"event_id\":\"a\",\"level\":%s}}", bad[i]);
		cr_assert(decode_str(frame, &m, &err), "%s", err.msg);
		cr_assert_eq(m.escalation.level, -1, "level %s", bad[i]);
	}
	cr_assert(decode_str("{\"type\":\"escalation_update\",\"data\":{\"event_id\":\"a\",\"level\":3}}",
		&m, &err));
	cr_assert_eq(m.escalation.level, 3);
	cr_assert_str_eq(m.escalation.event_id, "a");
}

Test(variants, text_is_sanitised_and_cut_at_characters)
{
	struct andon_msg m;
	struct ms5_error err;
	char frame[4096];
	size_t o;

	cr_assert(decode_str("{\"type\":\"andon_event\",\"data\":{\"id\":\"x\",\"description\":"
		"\"red\\u001b[31m alarm\\u009b2J\\ttab\\u007f\"}}", &m, &err));
	cr_assert_str_eq(m.event.description, "red [31m alarm 2J tab ");
	cr_assert(clean_text(m.event.description));
	/* 300 two-byte characters do not fit 255 bytes: cut after 127 of them. */
	o = (size_t)snprintf(frame, sizeof(frame), "{\"type\":\"andon_event\",\"data\":{\"id\":\"x\","
		"\"description\":\"");
	for (int i = 0; i < 300; i++) {
		frame[o++] = (char)0xc3;
		frame[o++] = (char)0xa9;
	}
	snprintf(frame + o, sizeof(frame) - o, "\"}}");
	cr_assert(decode_str(frame, &m, &err), "%s", err.msg);
	cr_assert_eq(strlen(m.event.description), 254);
	cr_assert(clean_text(m.event.description));
}

Test(variants, an_id_too_long_for_its_field_is_refused)
{
	char frame[512], id[100];

	memset(id, 'i', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	snprintf(frame, sizeof(frame), "{\"type\":\"andon_event\",\"data\":{\"id\":\"%s\"}}", id);
	refused_str(frame, "longer than 63");
	/* 63 bytes fit. */
	id[63] = '\0';
	snprintf(frame, sizeof(frame), "{\"type\":\"andon_event\",\"data\":{\"id\":\"%s\"}}", id);
	{
		struct andon_msg m;
		struct ms5_error err;

		cr_assert(decode_str(frame, &m, &err), "%s", err.msg);
		cr_assert_str_eq(m.event.id, id);
	}
}

Test(variants, whitespace_around_the_frame_is_fine)
{
	struct andon_msg m;
	struct ms5_error err;

	cr_assert(decode_str(" \r\n\t{\"type\":\"pong\"}\n ", &m, &err), "%s", err.msg);
	cr_assert_eq(m.kind, ANDON_MSG_CONTROL);
}

Test(variants, err_may_be_null)
{
	struct andon_msg m;

	cr_assert_not(andon_decode("[]", 2, &m, NULL));
	cr_assert_not(andon_decode("{\"type\":\"andon_event\",\"data\":{}}", 33, &m, NULL));
	cr_assert(andon_decode("{\"type\":\"pong\"}", 15, &m, NULL));
}

/*
 * Hostile frames.
 */

Test(hostile, every_truncation_of_every_line_is_refused)
{
	load_shapes();
	for (size_t i = 0; i < n_shapes; i++) {
		size_t len = strlen(shapes[i]);

		for (size_t cut = 0; cut < len; cut++) {
			struct andon_msg m;
			struct ms5_error err;

			cr_assert_not(andon_decode(shapes[i], cut, &m, &err), "line %zu cut at %zu",
				i + 1, cut);
			cr_assert_eq(m.kind, ANDON_MSG_UNKNOWN);
		}
	}
}

Test(hostile, ten_megabytes_are_refused_before_parsing)
{
	size_t len = 10u * 1024 * 1024;
	char *big = malloc(len);

	cr_assert(big);
	memset(big, ' ', len);
	memcpy(big, "{\"type\":\"pong\"", 14);
	big[len - 1] = '}';
	refused(big, len, "over the limit");
	free(big);
}

Test(hostile, the_frame_limit_is_exact)
{
	char *buf = malloc(ANDON_MAX_FRAME + 2);
	const char *head = "{\"type\":\"pong\",\"pad\":\"";
	size_t hl = strlen(head);
	struct andon_msg m;
	struct ms5_error err;

	cr_assert(buf);
	memcpy(buf, head, hl);
	memset(buf + hl, 'x', ANDON_MAX_FRAME - hl - 2);
	memcpy(buf + ANDON_MAX_FRAME - 2, "\"}", 2);
	cr_assert(andon_decode(buf, ANDON_MAX_FRAME, &m, &err), "%s", err.msg);
	cr_assert_eq(m.kind, ANDON_MSG_CONTROL);
	memcpy(buf + ANDON_MAX_FRAME - 2, "x\"}", 3);
	refused(buf, ANDON_MAX_FRAME + 1, "over the limit");
	free(buf);
}

Test(hostile, nested_ten_thousand_deep)
{
	size_t depth = 10000, o = 0;
	char *buf = malloc(6 * depth + 64);
	struct andon_msg m;
	struct ms5_error err;

	cr_assert(buf);
	o += (size_t)sprintf(buf, "{\"type\":\"pong\",\"data\":");
	for (size_t i = 0; i < depth; i++) {
		buf[o++] = i % 2 ? '[' : '{';
		if (i % 2 == 0) {
			memcpy(buf + o, "\"k\":", 4);
			o += 4;
		}
	}
	buf[o++] = '1';
	for (size_t i = depth; i-- > 0;) {
		buf[o++] = i % 2 ? ']' : '}';
	}
	buf[o++] = '}';
	refused(buf, o, "nested deeper than");
	/* Bare arrays, unclosed. */
	memset(buf, '[', 2 * depth);
	refused(buf, 2 * depth, "nested deeper than");
	/* Brackets inside a string are text, not nesting. */
	o = (size_t)sprintf(buf, "{\"type\":\"pong\",\"message\":\"");
	memset(buf + o, '[', depth);
	o += depth;
	memcpy(buf + o, "\\\"\"}", 4);
	o += 4;
	cr_assert(andon_decode(buf, o, &m, &err), "%s", err.msg);
	free(buf);
}

Test(hostile, depth_limit_is_32)
{
	char buf[256];
	size_t o;
	struct andon_msg m;
	struct ms5_error err;

	for (int depth = 30; depth <= 34; depth++) {
		/* The frame object is level 1; data adds depth - 1 arrays. */
		o = (size_t)sprintf(buf, "{\"type\":\"pong\",\"data\":");
		memset(buf + o, '[', (size_t)depth - 1);
		o += (size_t)depth - 1;
		memset(buf + o, ']', (size_t)depth - 1);
		o += (size_t)depth - 1;
		buf[o++] = '}';
		cr_assert_eq(andon_decode(buf, o, &m, &err), depth <= 32, "depth %d: %s", depth,
			err.msg);
	}
}

Test(hostile, invalid_utf8_is_refused)
{
	static const char *const bad[] = {
		"{\"type\":\"pong\",\"m\":\"\xff\"}",                 /* never valid */
		"{\"type\":\"pong\",\"m\":\"\xc0\xaf\"}",             /* overlong '/' */
		"{\"type\":\"pong\",\"m\":\"\xe0\x80\xaf\"}",         /* overlong, 3 bytes */
		"{\"type\":\"pong\",\"m\":\"\xed\xa0\x80\"}",         /* UTF-16 surrogate */
		"{\"type\":\"pong\",\"m\":\"\xf4\x90\x80\x80\"}",     /* above U+10FFFF */
		"{\"type\":\"pong\",\"m\":\"\xf8\x88\x80\x80\x80\"}", /* 5-byte form */
		"{\"type\":\"pong\",\"m\":\"\xc3\"}",                 /* cut sequence */
		"{\"type\":\"pong\",\"m\":\"\x80\"}",                 /* lone continuation */
		"{\"type\":\"pong\"}\xc3",                            /* cut at the very end */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		refused_str(bad[i], "UTF-8");
	}
}

Test(hostile, nul_bytes_are_refused)
{
	refused("{\"type\":\"pong\"}\0", 16, "NUL");
	refused("{\"type\":\"po\0ng\"}", 16, "NUL");
	refused("{\"type\":\"pong\"\0}", 16, "NUL");
	refused("{\"type\":\"pong\",\"m\":\"\\\0\"}", 23, "NUL");
	refused("\0", 1, "NUL");
}

Test(hostile, empty_and_blank)
{
	refused("", 0, "empty");
	refused(NULL, 0, "empty");
	refused_str("   \n\t ", "empty");
}

Test(hostile, not_an_object_at_the_top)
{
	refused_str("[{\"type\":\"pong\"}]", "not a JSON object");
	refused_str("[]", "not a JSON object");
	refused_str("\"pong\"", "not a JSON object");
	refused_str("42", "not a JSON object");
	refused_str("null", "not a JSON object");
	refused_str("true", "not a JSON object");
}

Test(hostile, type_missing_or_not_a_string)
{
	refused_str("{}", "no \"type\"");
	refused_str("{\"data\":{\"id\":\"x\"}}", "no \"type\"");
	refused_str("{\"type\":7}", "no \"type\"");
	refused_str("{\"type\":null}", "no \"type\"");
	refused_str("{\"type\":[\"andon_event\"]}", "no \"type\"");
	refused_str("{\"type\":\"\"}", "no \"type\"");
}

Test(hostile, wrong_types_in_an_event)
{
	struct andon_msg m;
	struct ms5_error err;

	refused_str("{\"type\":\"andon_event\",\"data\":{\"andon_event\":{\"id\":42}}}",
		"id is not a string");
	refused_str("{\"type\":\"andon_event\",\"data\":{\"id\":{\"x\":1}}}", "id is not a string");
	refused_str("{\"type\":\"andon_event\",\"data\":{\"id\":\"\"}}", "without a usable id");
	refused_str("{\"type\":\"andon_event\",\"data\":{\"id\":null}}", "without a usable id");
	refused_str("{\"type\":\"andon_event\",\"data\":\"andon\"}", "without a usable id");
	/* Optional fields of the wrong type read as absent; the event stays. */
	cr_assert(decode_str("{\"type\":\"andon_event\",\"data\":{\"id\":\"ok\",\"priority\":{\"p\":1},"
		"\"status\":5,\"description\":[\"x\"],\"reported_at\":12345,\"line_id\":false,"
		"\"escalation_level\":\"9\"}}", &m, &err), "%s", err.msg);
	cr_assert_eq(m.event.priority, ANDON_PRIO_UNKNOWN);
	cr_assert_str_eq(m.event.priority_text, "");
	cr_assert_eq(m.event.status, ANDON_STATUS_OPEN);
	cr_assert_str_eq(m.event.description, "");
	IS_NAN(m.event.reported_at);
	cr_assert_str_eq(m.event.line_id, "");
	cr_assert_eq(m.event.escalation_level, -1);
	/* Wrong types in other kinds never refuse the frame. */
	cr_assert(decode_str("{\"type\":\"line_status_update\",\"data\":{\"line_id\":5,\"status\":[1],"
		"\"speed\":\"fast\"}}", &m, &err));
	cr_assert_str_eq(m.line.line_id, "");
	cr_assert_str_eq(m.line.status, "");
	IS_NAN(m.line.speed);
	cr_assert(decode_str("{\"type\":\"andon_event\",\"metadata\":[1,2],\"data\":7,\"id\":\"top\"}",
		&m, &err), "%s", err.msg);
	cr_assert_str_eq(m.event.id, "top");
	cr_assert_str_eq(m.dedup_key, "top/open");
}

Test(hostile, invalid_json_and_trailing_data)
{
	refused_str("{\"type\":\"pong\"", "not valid JSON");
	refused_str("{\"type\":\"pong\",}", "not valid JSON");
	refused_str("{'type':'pong'}", "not valid JSON");
	refused_str("{\"type\":\"pong\"} {\"type\":\"pong\"}", "data after");
	refused_str("{\"type\":\"pong\"}x", "data after");
}

Test(hostile, a_byte_order_mark_is_tolerated)
{
	struct andon_msg m;
	struct ms5_error err;

	/* cJSON skips a UTF-8 BOM; it is harmless, so it is not refused. */
	cr_assert(decode_str("\xef\xbb\xbf{\"type\":\"pong\"}", &m, &err), "%s", err.msg);
	cr_assert_eq(m.kind, ANDON_MSG_CONTROL);
}

/* A small deterministic generator for garbage. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

Test(hostile, binary_garbage_is_refused)
{
	uint64_t seed = 12345;
	unsigned char buf[512];

	for (int round = 0; round < 5000; round++) {
		size_t len = (size_t)(rng_next(&seed) % sizeof(buf)) + 1;
		struct andon_msg m;
		struct ms5_error err;

		for (size_t i = 0; i < len; i++) {
			buf[i] = (unsigned char)rng_next(&seed);
		}
		cr_assert_not(andon_decode((const char *)buf, len, &m, &err), "round %d", round);
		cr_assert_neq(err.msg[0], '\0');
	}
}

Test(hostile, mutated_fixture_lines_never_break_the_promises)
{
	/* Flip, drop and duplicate bytes of the real frames: whatever still
	 * decodes must hold only clean text and sane values. */
	uint64_t seed = 777;
	char buf[MAX_LINE * 2];

	load_shapes();
	for (int round = 0; round < 20000; round++) {
		const char *src = shapes[rng_next(&seed) % n_shapes];
		size_t len = strlen(src), at;
		struct andon_msg m;
		struct ms5_error err;

		memcpy(buf, src, len);
		at = (size_t)(rng_next(&seed) % len);
		switch (rng_next(&seed) % 3) {
		case 0:
			buf[at] = (char)rng_next(&seed);
			break;
		case 1:
			memmove(buf + at, buf + at + 1, len - at - 1);
			len--;
			break;
		default:
			memmove(buf + at + 1, buf + at, len - at);
			len++;
			break;
		}
		if (!andon_decode(buf, len, &m, &err)) {
			cr_assert(clean_text(err.msg) || strstr(err.msg, "UTF-8"), "%s", err.msg);
			continue;
		}
		cr_assert(clean_text(m.type) && clean_text(m.message) && clean_text(m.dedup_key));
		cr_assert(clean_text(m.event.id) && clean_text(m.event.description));
		cr_assert(clean_text(m.event.status_text) && clean_text(m.event.priority_text));
		cr_assert(m.kind != ANDON_MSG_EVENT || m.event.id[0]);
		cr_assert(m.event.escalation_level >= -1 && m.event.escalation_level <= 1000);
		cr_assert(isnan(m.oee.oee) || (m.oee.oee >= 0.0 && m.oee.oee <= 1.0));
	}
}

/*
 * Names, parsing, timeouts.
 */

Test(enums, names_and_parsing_round_trip)
{
	for (int p = ANDON_PRIO_CRITICAL; p <= ANDON_PRIO_LOW; p++) {
		cr_assert_eq(andon_priority_parse(andon_priority_name((enum andon_priority)p)), p);
	}
	for (int s = ANDON_STATUS_OPEN; s <= ANDON_STATUS_RESOLVED; s++) {
		cr_assert_eq(andon_status_parse(andon_status_name((enum andon_status)s)), s);
	}
	cr_assert_str_eq(andon_priority_name(ANDON_PRIO_UNKNOWN), "unknown");
	cr_assert_str_eq(andon_priority_name((enum andon_priority)99), "unknown");
	cr_assert_str_eq(andon_status_name((enum andon_status)-1), "unknown");
	cr_assert_eq(andon_priority_parse(NULL), ANDON_PRIO_UNKNOWN);
	cr_assert_eq(andon_priority_parse("unknown"), ANDON_PRIO_UNKNOWN);
	cr_assert_eq(andon_priority_parse("Critical"), ANDON_PRIO_CRITICAL);
	cr_assert_eq(andon_priority_parse(" high"), ANDON_PRIO_UNKNOWN);
	cr_assert_eq(andon_status_parse(""), ANDON_STATUS_UNKNOWN);
	cr_assert_eq(andon_status_parse("RESOLVED"), ANDON_STATUS_RESOLVED);
}

Test(enums, timeouts_per_priority)
{
	cr_assert_float_eq(andon_ack_timeout(ANDON_PRIO_LOW), 15, 1e-9);
	cr_assert_float_eq(andon_resolve_timeout(ANDON_PRIO_LOW), 60, 1e-9);
	cr_assert_float_eq(andon_ack_timeout(ANDON_PRIO_MEDIUM), 10, 1e-9);
	cr_assert_float_eq(andon_resolve_timeout(ANDON_PRIO_MEDIUM), 45, 1e-9);
	cr_assert_float_eq(andon_ack_timeout(ANDON_PRIO_HIGH), 5, 1e-9);
	cr_assert_float_eq(andon_resolve_timeout(ANDON_PRIO_HIGH), 30, 1e-9);
	cr_assert_float_eq(andon_ack_timeout(ANDON_PRIO_CRITICAL), 2, 1e-9);
	cr_assert_float_eq(andon_resolve_timeout(ANDON_PRIO_CRITICAL), 15, 1e-9);
	cr_assert_float_eq(andon_ack_timeout(ANDON_PRIO_UNKNOWN), 15, 1e-9);
	cr_assert_float_eq(andon_resolve_timeout(ANDON_PRIO_UNKNOWN), 60, 1e-9);
	cr_assert_float_eq(andon_ack_timeout((enum andon_priority)42), 15, 1e-9);
}

/*
 * REST: the active events list.
 */

static bool active_str(const char *body, struct andon_event **ev, size_t *n, size_t *skipped,
	struct ms5_error *err)
{
	return andon_decode_active(body, strlen(body), ev, n, skipped, err);
}

Test(active, a_list_with_bad_elements_skips_them)
{
	const char *body = "[{\"id\":\"" JAM_ID "\",\"line_id\":\"" LINE_ID "\",\"equipment_code\":"
		"\"BP01.PACK.BAG1\",\"event_type\":\"stop\",\"priority\":\"critical\",\"description\":"
		"\"Jam at infeed\",\"status\":\"acknowledged\",\"reported_by\":\"u1\",\"reported_at\":"
		"\"2026-11-20T06:02:10\",\"acknowledged_by\":\"u2\",\"acknowledged_at\":"
		"\"2026-11-20T06:03:40Z\",\"resolved_by\":null,\"resolved_at\":null,"
		"\"resolution_notes\":null,\"escalation_level\":1},"
		"{\"id\":17,\"status\":\"open\"}, 3, null, [], {\"status\":\"open\"},"
		"{\"id\":\"b2\",\"priority\":\"low\"}]";
	struct andon_event *ev;
	size_t n, skipped;
	struct ms5_error err;

	cr_assert(active_str(body, &ev, &n, &skipped, &err), "%s", err.msg);
	cr_assert_eq(n, 2);
	cr_assert_eq(skipped, 5);
	cr_assert_str_eq(ev[0].id, JAM_ID);
	cr_assert_str_eq(ev[0].line_id, LINE_ID);
	cr_assert_eq(ev[0].priority, ANDON_PRIO_CRITICAL);
	cr_assert_eq(ev[0].status, ANDON_STATUS_ACKNOWLEDGED);
	NUM_EQ(ev[0].reported_at, T0 + 130);
	NUM_EQ(ev[0].acknowledged_at, T0 + 220);
	IS_NAN(ev[0].resolved_at);
	cr_assert_eq(ev[0].escalation_level, 1);
	cr_assert_str_eq(ev[1].id, "b2");
	cr_assert_eq(ev[1].status, ANDON_STATUS_OPEN);
	cr_assert_eq(ev[1].priority, ANDON_PRIO_LOW);
	free(ev);
}

Test(active, empty_list)
{
	struct andon_event *ev = (struct andon_event *)1;
	size_t n = 9, skipped = 9;
	struct ms5_error err;

	cr_assert(active_str(" [ ] ", &ev, &n, &skipped, &err), "%s", err.msg);
	cr_assert_eq(n, 0);
	cr_assert_eq(skipped, 0);
	cr_assert_null(ev);
}

/* Asserts a refused active list, with outputs emptied. */
static void active_refused(const char *body, size_t len, const char *want)
{
	struct andon_event *ev = (struct andon_event *)1;
	size_t n = 9, skipped = 9;
	struct ms5_error err = { "untouched" };

	cr_assert_not(andon_decode_active(body, len, &ev, &n, &skipped, &err), "%.60s", body);
	cr_assert(strstr(err.msg, want), "error '%s' should say '%s'", err.msg, want);
	cr_assert_null(ev);
	cr_assert_eq(n, 0);
	cr_assert_eq(skipped, 0);
}

Test(active, hostile_bodies)
{
	char *deep = malloc(20001);

	active_refused("{\"detail\":\"Not authenticated\"}", 30, "not a JSON array: \"Not authenticated\"");
	active_refused("{\"events\":[]}", 13, "not a JSON array");
	active_refused("[{\"id\":\"a\"}", 11, "not valid JSON");
	active_refused("", 0, "empty");
	active_refused("<html>502</html>", 16, "not valid JSON");
	active_refused("[{\"id\":\"a\xff\"}]", 13, "UTF-8");
	active_refused("[{\"id\":\"a\"}]\0", 13, "NUL");
	cr_assert(deep);
	memset(deep, '[', 20000);
	active_refused(deep, 20000, "nested deeper");
	free(deep);
	/* Over the body cap. */
	{
		size_t len = 17u * 1024 * 1024;
		char *big = malloc(len);

		cr_assert(big);
		memset(big, ' ', len);
		big[0] = '[';
		big[len - 1] = ']';
		active_refused(big, len, "over the limit");
		free(big);
	}
}

Test(active, element_count_is_capped)
{
	size_t count = 20000, o = 0, n, skipped;
	char *body = malloc(count * 24 + 8);
	struct andon_event *ev;
	struct ms5_error err;

	cr_assert(body);
	body[o++] = '[';
	for (size_t i = 0; i < count; i++) {
		o += (size_t)sprintf(body + o, "%s{\"id\":\"e%zu\"}", i ? "," : "", i);
	}
	body[o++] = ']';
	cr_assert(andon_decode_active(body, o, &ev, &n, &skipped, &err), "%s", err.msg);
	cr_assert_eq(n, 16384);
	cr_assert_eq(skipped, count - 16384);
	cr_assert_str_eq(ev[0].id, "e0");
	cr_assert_str_eq(ev[n - 1].id, "e16383");
	free(ev);
	free(body);
}

/*
 * REST: login / refresh answers.
 */

Test(token, a_login_answer)
{
	const char *body = "{\"access_token\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln\","
		"\"refresh_token\":\"r-1.2_3~4+5/6=\",\"token_type\":\"bearer\",\"expires_in\":1800,"
		"\"user\":{\"id\":\"u1\",\"role\":\"operator\"}}";
	char *access, *refresh;
	double exp;
	struct ms5_error err;

	cr_assert(andon_decode_token(body, strlen(body), &access, &refresh, &exp, &err), "%s",
		err.msg);
	cr_assert_str_eq(access, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln");
	cr_assert_str_eq(refresh, "r-1.2_3~4+5/6=");
	NUM_EQ(exp, 1800);
	free(access);
	free(refresh);
}

Test(token, optional_parts)
{
	char *access, *refresh;
	double exp;
	struct ms5_error err;
	const char *body = "{\"access_token\":\"abc\",\"expires_in\":\"1800\"}";

	cr_assert(andon_decode_token(body, strlen(body), &access, &refresh, &exp, &err));
	cr_assert_str_eq(access, "abc");
	cr_assert_null(refresh);
	IS_NAN(exp);
	free(access);
	body = "{\"access_token\":\"abc\",\"refresh_token\":null,\"expires_in\":-5}";
	cr_assert(andon_decode_token(body, strlen(body), &access, &refresh, &exp, &err));
	cr_assert_null(refresh);
	IS_NAN(exp);
	free(access);
}

static void token_refused(const char *body, size_t len, const char *want)
{
	char *access = (char *)1, *refresh = (char *)1;
	double exp = 1;
	struct ms5_error err = { "untouched" };

	cr_assert_not(andon_decode_token(body, len, &access, &refresh, &exp, &err), "%.60s", body);
	cr_assert(strstr(err.msg, want), "error '%s' should say '%s'", err.msg, want);
	cr_assert_null(access);
	cr_assert_null(refresh);
	IS_NAN(exp);
}

static void token_refused_str(const char *body, const char *want)
{
	token_refused(body, strlen(body), want);
}

Test(token, hostile_answers)
{
	char big[10000];

	token_refused_str("{\"detail\":\"Incorrect username or password\"}",
		"no access_token: \"Incorrect username or password\"");
	token_refused_str("{\"detail\":\"bad\\u001b[2Jthing\"}", "\"bad [2Jthing\"");
	token_refused_str("{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"field required\"}]}",
		"no access_token");
	token_refused_str("{\"access_token\":42}", "no access_token");
	token_refused_str("{\"access_token\":\"\"}", "no access_token");
	token_refused_str("{\"access_token\":\"abc\\r\\nX-Injected: 1\"}", "not a bearer token");
	token_refused_str("{\"access_token\":\"a b\"}", "not a bearer token");
	token_refused_str("{\"access_token\":\"a&b=c\"}", "not a bearer token");
	token_refused_str("{\"access_token\":\"ok\",\"refresh_token\":\"x\\ny\"}",
		"refresh token is not a bearer token");
	token_refused_str("[\"abc\"]", "not a JSON object");
	token_refused_str("", "empty");
	token_refused_str("not json", "not valid JSON");
	token_refused("{\"access_token\":\"a\0\"}", 20, "NUL");
	memset(big, 'a', sizeof(big));
	memcpy(big, "{\"access_token\":\"", 17);
	memcpy(big + sizeof(big) - 2, "\"}", 2);
	token_refused(big, sizeof(big), "not a bearer token");
}

Test(andon_lines, decodes_line_ids_and_skips_the_rest)
{
	const char *body = "[{\"line_id\":\"line_001\",\"name\":\"Line 1\"},{\"line_id\":7},"
		"{\"name\":\"no id\"},\"oops\",{\"line_id\":\"bad id; drop\"},"
		"{\"line_id\":\"7d2f1c9e-0b1a-4c55-9a51-2f6f1f0b3a01\"},{\"line_id\":\"line_003\"}]";
	char (*ids)[ANDON_ID_SIZE];
	size_t n;
	struct ms5_error err = { "" };

	cr_assert(andon_decode_lines(body, strlen(body), 16, &ids, &n, &err), "%s", err.msg);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(ids[0], "line_001");
	cr_assert_str_eq(ids[1], "7d2f1c9e-0b1a-4c55-9a51-2f6f1f0b3a01");
	cr_assert_str_eq(ids[2], "line_003");
	free(ids);
	/* The cap holds. */
	cr_assert(andon_decode_lines(body, strlen(body), 1, &ids, &n, &err));
	cr_assert_eq(n, 1);
	free(ids);
}

Test(andon_lines, hostile)
{
	static const char *const bad[] = { "", "{", "{\"line_id\":\"x\"}", "null", "[1,2", "\xff\xfe" };
	char (*ids)[ANDON_ID_SIZE];
	size_t n;
	struct ms5_error err = { "" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_not(andon_decode_lines(bad[i], strlen(bad[i]), 8, &ids, &n, &err), "%s", bad[i]);
		cr_assert_null(ids);
		cr_assert(err.msg[0]);
	}
}

Test(andon_login_role, user_role_claim)
{
	char role[32] = "";
	const char *ok = "{\"access_token\":\"a\",\"user\":{\"id\":\"1\",\"role\":\"shift_manager\"}}";

	cr_assert(andon_decode_user_role(ok, strlen(ok), role, sizeof(role)));
	cr_assert_str_eq(role, "shift_manager");
	static const char *const bad[] = {
		"{\"access_token\":\"a\"}", "{\"user\":{\"role\":7}}", "{\"user\":\"admin\"}",
		"{\"user\":{\"role\":\"\"}}", "{\"user\":{\"role\":\"Admin; drop\"}}",
		"{\"user\":{\"role\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}", "[", "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(role, "x");
		cr_assert_not(andon_decode_user_role(bad[i], strlen(bad[i]), role, sizeof(role)), "%s", bad[i]);
		cr_assert_str_eq(role, "x");
	}
}
