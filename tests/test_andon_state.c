/*
 * Tests of the client's Andon state: de-duplication, order by the events'
 * own times, stale updates, the REST resync merge, escalations, overdue
 * events, views, the bounds under a flood, and the history. Some tests feed
 * real frames from $MS5_SHARED/fixtures/ws/shapes.jsonl through the decoder.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/andon.h"
#include "ms5top/andon_state.h"

#define T0 1795154400.0   /* 2026-11-20T06:00:00Z */
#define JAM_ID "3f1e8a52-6a0d-4a8e-9d3c-0c9a6b0e1f11"

/* An event as the decoder would give it. */
static struct andon_event mk(const char *id, enum andon_priority p, enum andon_status st,
	double reported, double acked, double resolved)
{
	struct andon_event e;

	memset(&e, 0, sizeof(e));
	snprintf(e.id, sizeof(e.id), "%s", id);
	e.priority = p;
	snprintf(e.priority_text, sizeof(e.priority_text), "%s", andon_priority_name(p));
	e.status = st;
	snprintf(e.status_text, sizeof(e.status_text), "%s", andon_status_name(st));
	e.reported_at = reported;
	e.acknowledged_at = acked;
	e.resolved_at = resolved;
	e.escalation_level = -1;
	return e;
}

/* A frame carrying ev, with the decoder's dedup key rule. */
static struct andon_msg frame_of(const struct andon_event *ev, const char *metadata_event_id)
{
	struct andon_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = ANDON_MSG_EVENT;
	snprintf(m.type, sizeof(m.type), "andon_event");
	m.event = *ev;
	if (metadata_event_id) {
		snprintf(m.dedup_key, sizeof(m.dedup_key), "%s", metadata_event_id);
	} else {
		snprintf(m.dedup_key, sizeof(m.dedup_key), "%s/%s", ev->id, ev->status_text);
	}
	return m;
}

static enum andon_change put(struct andon_state *s, struct andon_event e, double now)
{
	struct andon_msg m = frame_of(&e, NULL);

	return andon_state_apply(s, &m, now);
}

/* Line n (1-based) of shapes.jsonl, decoded. */
static struct andon_msg shape(int n)
{
	const char *dir = getenv("MS5_SHARED");
	char path[1024], line[4096];
	struct andon_msg m;
	struct ms5_error err;
	FILE *f;
	int i = 0;

	snprintf(path, sizeof(path), "%s/fixtures/ws/shapes.jsonl", dir ? dir : "../shared");
	f = fopen(path, "rb");
	if (!f && !dir) {
		f = fopen("../../shared/fixtures/ws/shapes.jsonl", "rb");
	}
	cr_assert(f, "cannot open shapes.jsonl (set MS5_SHARED)");
	while (fgets(line, sizeof(line), f) && ++i < n) {
	}
	fclose(f);
	cr_assert_eq(i, n);
	line[strcspn(line, "\r\n")] = '\0';
	cr_assert(andon_decode(line, strlen(line), &m, &err), "line %d: %s", n, err.msg);
	return m;
}

/*
 * De-duplication.
 */

Test(dedup, the_fixture_resend_is_dropped)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_msg a = shape(3), b = shape(4);

	cr_assert_eq(andon_state_apply(s, &a, T0 + 61), ANDON_CHANGE_ADDED);
	cr_assert_eq(andon_state_apply(s, &b, T0 + 62), ANDON_CHANGE_DUPLICATE);
	cr_assert_eq(andon_state_stats(s)->duplicates, 1);
	cr_assert_eq(andon_state_stats(s)->applied, 1);
	cr_assert_eq(andon_state_count(s), 1);
	andon_state_destroy(s);
}

Test(dedup, a_frame_resent_three_times_counts_three_duplicates)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_event e = mk("a", ANDON_PRIO_HIGH, ANDON_STATUS_OPEN, T0, NAN, NAN);

	cr_assert_eq(put(s, e, T0), ANDON_CHANGE_ADDED);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(put(s, e, T0 + i), ANDON_CHANGE_DUPLICATE);
	}
	cr_assert_eq(andon_state_stats(s)->duplicates, 3);
	andon_state_destroy(s);
}

Test(dedup, a_reused_metadata_event_id_does_not_hide_a_new_state)
{
	/* The backend puts the event id in metadata.event_id: the key alone
	 * would drop the acknowledgement. */
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_event open = mk("andon_001", ANDON_PRIO_HIGH, ANDON_STATUS_OPEN, T0, NAN, NAN);
	struct andon_event ack = mk("andon_001", ANDON_PRIO_HIGH, ANDON_STATUS_ACKNOWLEDGED, T0,
		T0 + 90, NAN);
	struct andon_msg m1 = frame_of(&open, "andon_001"), m2 = frame_of(&ack, "andon_001");

	cr_assert_eq(andon_state_apply(s, &m1, T0), ANDON_CHANGE_ADDED);
	cr_assert_eq(andon_state_apply(s, &m2, T0 + 90), ANDON_CHANGE_UPDATED);
	cr_assert_eq(andon_state_apply(s, &m2, T0 + 91), ANDON_CHANGE_DUPLICATE);
	cr_assert_eq(andon_state_find(s, "andon_001")->status, ANDON_STATUS_ACKNOWLEDGED);
	andon_state_destroy(s);
}

Test(dedup, the_same_news_without_a_key_is_not_a_duplicate_but_harmless)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_event e = mk("a", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0, NAN, NAN);

	cr_assert_eq(andon_state_apply_event(s, &e, T0), ANDON_CHANGE_ADDED);
	cr_assert_eq(andon_state_apply_event(s, &e, T0 + 1), ANDON_CHANGE_UPDATED);
	cr_assert_eq(andon_state_count(s), 1);
	cr_assert_eq(andon_state_stats(s)->duplicates, 0);
	andon_state_destroy(s);
}

/*
 * Order and stale updates.
 */

Test(order, the_fixture_lifecycle_in_order)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_msg open = shape(5), ack = shape(6), res = shape(7);
	const struct andon_event *e;

	cr_assert_eq(andon_state_apply(s, &open, T0 + 131), ANDON_CHANGE_ADDED);
	cr_assert_eq(andon_state_apply(s, &ack, T0 + 221), ANDON_CHANGE_UPDATED);
	e = andon_state_find(s, JAM_ID);
	cr_assert_not_null(e);
	cr_assert_eq(e->status, ANDON_STATUS_ACKNOWLEDGED);
	cr_assert_eq(andon_state_apply(s, &res, T0 + 666), ANDON_CHANGE_RESOLVED);
	cr_assert_null(andon_state_find(s, JAM_ID));
	e = andon_state_find_resolved(s, JAM_ID);
	cr_assert_not_null(e);
	cr_assert_str_eq(e->resolution_notes, "Cleared bag jam, reset infeed");
	cr_assert_float_eq(e->resolved_at, T0 + 665, 1e-6);
	cr_assert_eq(andon_state_count(s), 0);
	cr_assert_eq(andon_state_history_count(s), 1);
	andon_state_destroy(s);
}

Test(order, event_time_wins_over_arrival)
{
	/* The batch reorders: resolved, then open, then acknowledged arrive. */
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_msg open = shape(5), ack = shape(6), res = shape(7);

	cr_assert_eq(andon_state_apply(s, &res, T0 + 700), ANDON_CHANGE_RESOLVED);
	cr_assert_eq(andon_state_apply(s, &open, T0 + 700), ANDON_CHANGE_STALE);
	cr_assert_eq(andon_state_apply(s, &ack, T0 + 700), ANDON_CHANGE_STALE);
	cr_assert_null(andon_state_find(s, JAM_ID));
	cr_assert_eq(andon_state_find_resolved(s, JAM_ID)->status, ANDON_STATUS_RESOLVED);
	cr_assert_eq(andon_state_stats(s)->stale, 2);
	cr_assert_eq(andon_state_stats(s)->applied, 1);
	andon_state_destroy(s);
}

Test(order, a_late_open_does_not_undo_an_acknowledgement)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_msg open = shape(5), ack = shape(6);

	cr_assert_eq(andon_state_apply(s, &ack, T0 + 221), ANDON_CHANGE_ADDED);
	cr_assert_eq(andon_state_apply(s, &open, T0 + 222), ANDON_CHANGE_STALE);
	cr_assert_eq(andon_state_find(s, JAM_ID)->status, ANDON_STATUS_ACKNOWLEDGED);
	cr_assert_float_eq(andon_state_find(s, JAM_ID)->acknowledged_at, T0 + 220, 1e-6);
	andon_state_destroy(s);
}

Test(order, equal_times_cannot_go_back_in_status)
{
	struct andon_state *s = andon_state_create(0, 0, 0);

	cr_assert_eq(put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_ACKNOWLEDGED, T0, T0 + 5, NAN), T0),
		ANDON_CHANGE_ADDED);
	/* Same newest time, lower status: stale. */
	cr_assert_eq(put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 5, NAN, NAN), T0),
		ANDON_CHANGE_STALE);
	/* No times at all: only the status can tell, and open < acknowledged. */
	cr_assert_eq(put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, NAN, NAN, NAN), T0),
		ANDON_CHANGE_STALE);
	/* Same time, same status, new text (andon_event_updated): applied. */
	{
		struct andon_event e = mk("a", ANDON_PRIO_HIGH, ANDON_STATUS_ACKNOWLEDGED, T0, T0 + 5,
			NAN);

		snprintf(e.description, sizeof(e.description), "now urgent");
		cr_assert_eq(put(s, e, T0 + 6), ANDON_CHANGE_UPDATED);
	}
	cr_assert_eq(andon_state_find(s, "a")->priority, ANDON_PRIO_HIGH);
	cr_assert_str_eq(andon_state_find(s, "a")->description, "now urgent");
	andon_state_destroy(s);
}

Test(order, a_resolved_event_stays_resolved_against_an_untimed_open)
{
	struct andon_state *s = andon_state_create(0, 0, 0);

	put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_RESOLVED, T0, NAN, T0 + 10), T0 + 10);
	cr_assert_eq(put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, NAN, NAN, NAN), T0 + 11),
		ANDON_CHANGE_STALE);
	cr_assert_null(andon_state_find(s, "a"));
	andon_state_destroy(s);
}

Test(order, a_newer_open_reopens_a_resolved_event)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_event r = mk("a", ANDON_PRIO_HIGH, ANDON_STATUS_RESOLVED, T0, NAN, T0 + 60);
	const struct andon_event *e;

	snprintf(r.line_id, sizeof(r.line_id), "L1");
	snprintf(r.resolution_notes, sizeof(r.resolution_notes), "fixed");
	cr_assert_eq(put(s, r, T0 + 60), ANDON_CHANGE_RESOLVED);
	cr_assert_eq(put(s, mk("a", ANDON_PRIO_HIGH, ANDON_STATUS_OPEN, T0 + 120, NAN, NAN),
		T0 + 120), ANDON_CHANGE_REOPENED);
	e = andon_state_find(s, "a");
	cr_assert_not_null(e);
	cr_assert_eq(e->status, ANDON_STATUS_OPEN);
	cr_assert_str_eq(e->line_id, "L1");          /* kept from what we knew */
	cr_assert(isnan(e->resolved_at));
	cr_assert_str_eq(e->resolution_notes, "");
	cr_assert_null(andon_state_find_resolved(s, "a"));
	cr_assert_eq(andon_state_history_count(s), 0);
	andon_state_destroy(s);
}

Test(order, an_update_keeps_the_fields_it_leaves_out)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_event full = mk("a", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0, NAN, NAN);
	struct andon_event thin = mk("a", ANDON_PRIO_UNKNOWN, ANDON_STATUS_ACKNOWLEDGED, NAN,
		T0 + 30, NAN);
	const struct andon_event *e;

	snprintf(full.line_id, sizeof(full.line_id), "L7");
	snprintf(full.description, sizeof(full.description), "Jam");
	full.escalation_level = 2;
	thin.priority_text[0] = '\0';
	snprintf(thin.acknowledged_by, sizeof(thin.acknowledged_by), "sup");
	put(s, full, T0);
	cr_assert_eq(put(s, thin, T0 + 30), ANDON_CHANGE_UPDATED);
	e = andon_state_find(s, "a");
	cr_assert_str_eq(e->line_id, "L7");
	cr_assert_str_eq(e->description, "Jam");
	cr_assert_eq(e->priority, ANDON_PRIO_CRITICAL);
	cr_assert_str_eq(e->priority_text, "critical");
	cr_assert_float_eq(e->reported_at, T0, 1e-6);
	cr_assert_float_eq(e->acknowledged_at, T0 + 30, 1e-6);
	cr_assert_str_eq(e->acknowledged_by, "sup");
	cr_assert_eq(e->status, ANDON_STATUS_ACKNOWLEDGED);
	cr_assert_eq(e->escalation_level, 2);
	andon_state_destroy(s);
}

Test(order, an_event_without_a_report_time_gets_its_arrival)
{
	struct andon_state *s = andon_state_create(0, 0, 0);

	put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, NAN, NAN, NAN), T0 + 5);
	cr_assert_float_eq(andon_state_find(s, "a")->reported_at, T0 + 5, 1e-6);
	/* The guess is not a server time: an older real report still applies. */
	cr_assert_eq(put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 - 60, NAN, NAN), T0 + 6),
		ANDON_CHANGE_UPDATED);
	cr_assert_float_eq(andon_state_find(s, "a")->reported_at, T0 - 60, 1e-6);
	andon_state_destroy(s);
}

Test(order, events_without_an_id_and_other_kinds)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_msg pong, oee;

	cr_assert_eq(put(s, mk("", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0, NAN, NAN), T0),
		ANDON_CHANGE_INVALID);
	cr_assert_eq(andon_state_stats(s)->invalid, 1);
	pong = shape(26);
	oee = shape(17);
	cr_assert_eq(andon_state_apply(s, &pong, T0), ANDON_CHANGE_NONE);
	cr_assert_eq(andon_state_apply(s, &oee, T0), ANDON_CHANGE_NONE);
	cr_assert_eq(andon_state_count(s), 0);
	andon_state_destroy(s);
}

/*
 * Resync.
 */

Test(resync, merge_and_resolved_while_away)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_event list[3];
	const struct andon_event *e;
	double asked = T0 + 1000, now = T0 + 1001;

	put(s, mk("A", ANDON_PRIO_HIGH, ANDON_STATUS_OPEN, T0, NAN, NAN), T0);
	put(s, mk("B", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 10, NAN, NAN), T0 + 10);
	put(s, mk("C", ANDON_PRIO_MEDIUM, ANDON_STATUS_ACKNOWLEDGED, T0 + 20, T0 + 30, NAN), T0 + 30);
	/* While we were away: A acknowledged, D raised, B and C resolved. */
	list[0] = mk("A", ANDON_PRIO_HIGH, ANDON_STATUS_ACKNOWLEDGED, T0, T0 + 500, NAN);
	list[1] = mk("D", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0 + 600, NAN, NAN);
	list[2] = mk("D", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0 + 600, NAN, NAN);
	cr_assert_eq(andon_state_resync(s, list, 3, asked, now), 5);   /* A, D, D, B, C */
	cr_assert_eq(andon_state_count(s), 2);
	cr_assert_eq(andon_state_find(s, "A")->status, ANDON_STATUS_ACKNOWLEDGED);
	cr_assert_not_null(andon_state_find(s, "D"));
	cr_assert_null(andon_state_find(s, "B"));
	cr_assert_null(andon_state_find(s, "C"));
	e = andon_state_find_resolved(s, "B");
	cr_assert_not_null(e);
	cr_assert_eq(e->status, ANDON_STATUS_RESOLVED);
	cr_assert_str_eq(e->status_text, "resolved");
	cr_assert_float_eq(e->resolved_at, now, 1e-6);   /* unknown: the resync time */
	cr_assert_not_null(andon_state_find_resolved(s, "C"));
	cr_assert_eq(andon_state_stats(s)->resynced_away, 2);
	cr_assert_eq(andon_state_history_count(s), 2);
	andon_state_destroy(s);
}

Test(resync, frames_newer_than_the_request_are_kept)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_event list[1];

	put(s, mk("old", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0, NAN, NAN), T0);
	/* The request goes out at T0+100; "new" arrives over the socket at
	 * T0+101, before the answer (which does not know it yet). */
	put(s, mk("new", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 101, NAN, NAN), T0 + 101);
	list[0] = mk("other", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 50, NAN, NAN);
	andon_state_resync(s, list, 1, T0 + 100, T0 + 102);
	cr_assert_not_null(andon_state_find(s, "new"));
	cr_assert_not_null(andon_state_find(s, "other"));
	cr_assert_null(andon_state_find(s, "old"));
	cr_assert_not_null(andon_state_find_resolved(s, "old"));
	andon_state_destroy(s);
}

Test(resync, a_listed_event_we_hold_newer_stays_as_we_hold_it)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_event list[1];

	put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_ACKNOWLEDGED, T0, T0 + 50, NAN), T0 + 50);
	list[0] = mk("a", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0, NAN, NAN);
	cr_assert_eq(andon_state_resync(s, list, 1, T0 + 60, T0 + 61), 0);
	cr_assert_eq(andon_state_find(s, "a")->status, ANDON_STATUS_ACKNOWLEDGED);
	cr_assert_eq(andon_state_stats(s)->stale, 1);
	cr_assert_eq(andon_state_stats(s)->resynced_away, 0);
	andon_state_destroy(s);
}

Test(resync, an_empty_list_resolves_everything_held)
{
	struct andon_state *s = andon_state_create(0, 0, 0);

	for (int i = 0; i < 50; i++) {
		char id[16];

		snprintf(id, sizeof(id), "e%d", i);
		put(s, mk(id, (enum andon_priority)(i % 4), ANDON_STATUS_OPEN, T0 + i, NAN, NAN), T0 + i);
	}
	cr_assert_eq(andon_state_resync(s, NULL, 0, T0 + 100, T0 + 100), 50);
	cr_assert_eq(andon_state_count(s), 0);
	cr_assert_eq(andon_state_history_count(s), 50);
	/* And a second resync has nothing left to do. */
	cr_assert_eq(andon_state_resync(s, NULL, 0, T0 + 200, T0 + 200), 0);
	andon_state_destroy(s);
}

Test(resync, the_decoded_rest_list)
{
	const char *body = "[{\"id\":\"" JAM_ID "\",\"priority\":\"critical\",\"status\":\"open\","
		"\"reported_at\":\"2026-11-20T06:02:10\"},{\"id\":\"x\",\"status\":\"acknowledged\","
		"\"reported_at\":\"2026-11-20T06:00:00Z\",\"acknowledged_at\":\"2026-11-20T06:01:00Z\"}]";
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_event *ev;
	size_t n, skipped;
	struct ms5_error err;

	cr_assert(andon_decode_active(body, strlen(body), &ev, &n, &skipped, &err), "%s", err.msg);
	cr_assert_eq(andon_state_resync(s, ev, n, T0 + 200, T0 + 200), 2);
	free(ev);
	cr_assert_eq(andon_state_find(s, JAM_ID)->priority, ANDON_PRIO_CRITICAL);
	cr_assert_eq(andon_state_find(s, "x")->status, ANDON_STATUS_ACKNOWLEDGED);
	andon_state_destroy(s);
}

/*
 * Escalation.
 */

Test(escalation, raises_the_level_of_the_matching_event)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	struct andon_msg open = shape(5), esc = shape(10), esc_a = shape(9);
	struct andon_msg m;

	andon_state_apply(s, &open, T0 + 131);
	cr_assert_eq(andon_state_find(s, JAM_ID)->escalation_level, -1);
	cr_assert_eq(andon_state_apply(s, &esc, T0 + 256), ANDON_CHANGE_ESCALATED);
	cr_assert_eq(andon_state_find(s, JAM_ID)->escalation_level, 1);
	/* The same again, or a lower level: no change. */
	cr_assert_eq(andon_state_apply(s, &esc, T0 + 257), ANDON_CHANGE_NONE);
	m = esc;
	m.escalation.level = 0;
	cr_assert_eq(andon_state_apply(s, &m, T0 + 258), ANDON_CHANGE_NONE);
	cr_assert_eq(andon_state_find(s, JAM_ID)->escalation_level, 1);
	m.escalation.level = 3;
	cr_assert_eq(andon_state_apply(s, &m, T0 + 259), ANDON_CHANGE_ESCALATED);
	cr_assert_eq(andon_state_find(s, JAM_ID)->escalation_level, 3);
	/* Shape A names no event: ignored and counted. */
	cr_assert_eq(andon_state_apply(s, &esc_a, T0 + 300), ANDON_CHANGE_UNMATCHED);
	snprintf(m.escalation.event_id, sizeof(m.escalation.event_id), "nobody");
	cr_assert_eq(andon_state_apply(s, &m, T0 + 301), ANDON_CHANGE_UNMATCHED);
	cr_assert_eq(andon_state_stats(s)->unmatched, 2);
	cr_assert_eq(andon_state_count(s), 1);
	andon_state_destroy(s);
}

/*
 * Overdue.
 */

Test(overdue, acknowledge_and_resolve_deadlines)
{
	struct andon_event crit = mk("c", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0, NAN, NAN);
	struct andon_event high = mk("h", ANDON_PRIO_HIGH, ANDON_STATUS_ACKNOWLEDGED, T0, T0 + 60,
		NAN);
	struct andon_event low = mk("l", ANDON_PRIO_LOW, ANDON_STATUS_ESCALATED, T0, NAN, NAN);
	struct andon_event odd = mk("u", ANDON_PRIO_UNKNOWN, ANDON_STATUS_UNKNOWN, T0, NAN, NAN);
	struct andon_event done = mk("d", ANDON_PRIO_CRITICAL, ANDON_STATUS_RESOLVED, T0, NAN, T0);
	struct andon_event notime = mk("n", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, NAN, NAN, NAN);

	cr_assert_float_eq(andon_event_due(&crit), T0 + 120, 1e-6);
	cr_assert_not(andon_event_overdue(&crit, T0 + 120));
	cr_assert(andon_event_overdue(&crit, T0 + 121));
	cr_assert_float_eq(andon_event_due(&high), T0 + 1800, 1e-6);
	cr_assert_not(andon_event_overdue(&high, T0 + 1799));
	cr_assert(andon_event_overdue(&high, T0 + 1801));
	cr_assert_float_eq(andon_event_due(&low), T0 + 900, 1e-6);
	cr_assert_float_eq(andon_event_due(&odd), T0 + 900, 1e-6);
	cr_assert(isnan(andon_event_due(&done)));
	cr_assert_not(andon_event_overdue(&done, T0 + 1e6));
	cr_assert_not(andon_event_overdue(&notime, T0 + 1e6));
}

Test(overdue, counted_over_the_active_events)
{
	struct andon_state *s = andon_state_create(0, 0, 0);

	put(s, mk("c", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0, NAN, NAN), T0);
	put(s, mk("m", ANDON_PRIO_MEDIUM, ANDON_STATUS_OPEN, T0, NAN, NAN), T0);
	put(s, mk("a", ANDON_PRIO_CRITICAL, ANDON_STATUS_ACKNOWLEDGED, T0, T0 + 30, NAN), T0 + 30);
	cr_assert_eq(andon_state_overdue_count(s, T0 + 60), 0);
	cr_assert_eq(andon_state_overdue_count(s, T0 + 200), 1);    /* c: 2 min */
	cr_assert_eq(andon_state_overdue_count(s, T0 + 601), 2);    /* m: 10 min */
	cr_assert_eq(andon_state_overdue_count(s, T0 + 901), 3);    /* a: 15 min */
	andon_state_destroy(s);
}

/*
 * Views and counts.
 */

static void expect_view(const struct andon_event **v, size_t n, const char *const *ids,
	size_t want)
{
	cr_assert_eq(n, want);
	for (size_t i = 0; i < n; i++) {
		cr_assert_str_eq(v[i]->id, ids[i], "position %zu", i);
	}
}

Test(view, by_priority_overdue_then_age_and_by_time)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	const struct andon_event *v[16];
	size_t counts[ANDON_PRIO_UNKNOWN + 1];
	double now = T0 + 400;
	static const char *const by_prio[] = { "c_old", "c_new", "h_late", "h_ack", "m", "l", "u" };
	static const char *const by_time[] = { "c_new", "h_ack", "u", "l", "m", "h_late", "c_old" };

	put(s, mk("m", ANDON_PRIO_MEDIUM, ANDON_STATUS_OPEN, T0 + 30, NAN, NAN), T0 + 30);
	put(s, mk("c_new", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0 + 390, NAN, NAN), T0 + 390);
	put(s, mk("l", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 40, NAN, NAN), T0 + 40);
	put(s, mk("c_old", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0 + 10, NAN, NAN), T0 + 10);
	/* h_ack is older but acknowledged (due in 30 min); h_late is past 5 min. */
	put(s, mk("h_ack", ANDON_PRIO_HIGH, ANDON_STATUS_ACKNOWLEDGED, T0 + 100, T0 + 110, NAN),
		T0 + 110);
	put(s, mk("h_late", ANDON_PRIO_HIGH, ANDON_STATUS_OPEN, T0 + 20, NAN, NAN), T0 + 20);
	{
		struct andon_event u = mk("u", ANDON_PRIO_UNKNOWN, ANDON_STATUS_OPEN, T0 + 50, NAN, NAN);

		snprintf(u.priority_text, sizeof(u.priority_text), "urgent");
		put(s, u, T0 + 50);
	}
	expect_view(v, andon_state_view(s, v, 16, ANDON_ORDER_PRIORITY, now), by_prio, 7);
	expect_view(v, andon_state_view(s, v, 16, ANDON_ORDER_TIME, now), by_time, 7);
	/* A short view is the head of the full one. */
	expect_view(v, andon_state_view(s, v, 3, ANDON_ORDER_PRIORITY, now), by_prio, 3);
	expect_view(v, andon_state_view(s, v, 1, ANDON_ORDER_TIME, now), by_time, 1);
	cr_assert_eq(andon_state_view(s, v, 0, ANDON_ORDER_TIME, now), 0);
	andon_state_counts(s, counts);
	cr_assert_eq(counts[ANDON_PRIO_CRITICAL], 2);
	cr_assert_eq(counts[ANDON_PRIO_HIGH], 2);
	cr_assert_eq(counts[ANDON_PRIO_MEDIUM], 1);
	cr_assert_eq(counts[ANDON_PRIO_LOW], 1);
	cr_assert_eq(counts[ANDON_PRIO_UNKNOWN], 1);
	/* A priority change moves the count. */
	put(s, mk("l", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0 + 41, NAN, NAN), T0 + 41);
	andon_state_counts(s, counts);
	cr_assert_eq(counts[ANDON_PRIO_CRITICAL], 3);
	cr_assert_eq(counts[ANDON_PRIO_LOW], 0);
	andon_state_destroy(s);
}

/*
 * Bounds.
 */

Test(bounds, a_flood_of_100k_events_stays_within_the_cap)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	size_t counts[ANDON_PRIO_UNKNOWN + 1], sum = 0;
	const struct andon_event **v = malloc(ANDON_VIEW_MAX * sizeof(*v));
	size_t n;

	cr_assert(v);
	for (int i = 0; i < 100000; i++) {
		char id[32];
		/* Priorities cycle critical, high, medium, low; every 10th is
		 * resolved straight away. */
		enum andon_status st = i % 10 == 9 ? ANDON_STATUS_RESOLVED : ANDON_STATUS_OPEN;

		snprintf(id, sizeof(id), "flood-%d", i);
		put(s, mk(id, (enum andon_priority)(i % 4), st, T0 + i * 0.0001, NAN,
			st == ANDON_STATUS_RESOLVED ? T0 + i * 0.0001 : NAN), T0 + i * 0.0001);
		cr_assert_leq(andon_state_count(s), ANDON_STATE_CAP);
	}
	cr_assert_eq(andon_state_count(s), ANDON_STATE_CAP);
	cr_assert_eq(andon_state_history_count(s), ANDON_HISTORY_CAP);
	andon_state_counts(s, counts);
	for (int p = 0; p <= ANDON_PRIO_UNKNOWN; p++) {
		sum += counts[p];
	}
	cr_assert_eq(sum, ANDON_STATE_CAP);
	/* 22,500 critical events arrived: the table holds only critical ones,
	 * the newest of them. */
	cr_assert_eq(counts[ANDON_PRIO_CRITICAL], ANDON_STATE_CAP);
	cr_assert_eq(andon_state_stats(s)->evicted, 90000 - ANDON_STATE_CAP);
	n = andon_state_view(s, v, ANDON_VIEW_MAX, ANDON_ORDER_TIME, T0 + 20);
	cr_assert_eq(n, ANDON_STATE_CAP);
	cr_assert_str_eq(v[0]->id, "flood-99996");
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(v[i]->priority, ANDON_PRIO_CRITICAL);
		cr_assert_eq(andon_state_find(s, v[i]->id), v[i]);
	}
	free(v);
	andon_state_destroy(s);
}

Test(bounds, a_full_table_evicts_the_oldest_of_the_lowest_priority)
{
	struct andon_state *s = andon_state_create(4, 0, 0);

	put(s, mk("h1", ANDON_PRIO_HIGH, ANDON_STATUS_OPEN, T0 + 1, NAN, NAN), T0);
	put(s, mk("l_old", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 2, NAN, NAN), T0);
	put(s, mk("l_new", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 3, NAN, NAN), T0);
	put(s, mk("m1", ANDON_PRIO_MEDIUM, ANDON_STATUS_OPEN, T0 + 4, NAN, NAN), T0);
	cr_assert_eq(put(s, mk("c1", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0 + 5, NAN, NAN), T0),
		ANDON_CHANGE_ADDED);
	cr_assert_null(andon_state_find(s, "l_old"));
	cr_assert_not_null(andon_state_find(s, "l_new"));
	cr_assert_eq(put(s, mk("m2", ANDON_PRIO_MEDIUM, ANDON_STATUS_OPEN, T0 + 6, NAN, NAN), T0),
		ANDON_CHANGE_ADDED);
	cr_assert_null(andon_state_find(s, "l_new"));
	/* A low event now is the least important of all: refused. */
	cr_assert_eq(put(s, mk("l3", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 7, NAN, NAN), T0),
		ANDON_CHANGE_REFUSED);
	cr_assert_null(andon_state_find(s, "l3"));
	cr_assert_eq(andon_state_count(s), 4);
	cr_assert_eq(andon_state_stats(s)->evicted, 3);
	/* Resolving one frees a place. */
	cr_assert_eq(put(s, mk("m1", ANDON_PRIO_MEDIUM, ANDON_STATUS_RESOLVED, T0 + 4, NAN, T0 + 8),
		T0), ANDON_CHANGE_RESOLVED);
	cr_assert_eq(put(s, mk("l4", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 9, NAN, NAN), T0),
		ANDON_CHANGE_ADDED);
	andon_state_destroy(s);
}

/* A deterministic generator for the model-check below. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

Test(bounds, random_operations_keep_every_invariant)
{
	/* Random updates, resolutions, reopenings, escalations, resyncs and
	 * prunes on a small table, checked after every step against the public
	 * API: no id both active and resolved, views and finds agree, counts
	 * add up, nothing over its cap, views sorted. */
	struct andon_state *s = andon_state_create(16, 8, 3600);
	const struct andon_event *v[32], *h[32];
	uint64_t seed = 2026;
	double now = T0;

	for (int step = 0; step < 20000; step++) {
		uint64_t r = rng_next(&seed);
		char id[16];
		size_t n, nh, counts[ANDON_PRIO_UNKNOWN + 1], sum = 0;

		snprintf(id, sizeof(id), "e%u", (unsigned)(r % 40));
		now += (double)(r >> 40 & 0xff) / 16.0;
		switch ((r >> 8) % 16) {
		case 0: {
			struct andon_event list[4];
			size_t k = (size_t)((r >> 16) % 5);

			for (size_t i = 0; i < k; i++) {
				char lid[16];

				snprintf(lid, sizeof(lid), "e%u", (unsigned)((r >> (20 + 4 * i)) % 40));
				list[i] = mk(lid, (enum andon_priority)((r >> 12) % 5), ANDON_STATUS_OPEN,
					now - 100, NAN, NAN);
			}
			andon_state_resync(s, list, k, now - 1, now);
			break;
		}
		case 1:
			andon_state_prune(s, now);
			break;
		case 2: {
			struct andon_msg m;

			memset(&m, 0, sizeof(m));
			m.kind = ANDON_MSG_ESCALATION;
			snprintf(m.escalation.event_id, sizeof(m.escalation.event_id), "%s", id);
			m.escalation.level = (int)((r >> 16) % 4);
			andon_state_apply(s, &m, now);
			break;
		}
		default: {
			enum andon_status st = (enum andon_status)((r >> 16) % 5);
			double t = now - (double)((r >> 24) % 600);

			put(s, mk(id, (enum andon_priority)((r >> 12) % 5), st, t - 60,
				st == ANDON_STATUS_ACKNOWLEDGED ? t : NAN,
				st == ANDON_STATUS_RESOLVED ? t : NAN), now);
			break;
		}
		}
		n = andon_state_view(s, v, 32, ANDON_ORDER_PRIORITY, now);
		nh = andon_state_history(s, h, 32);
		cr_assert_eq(n, andon_state_count(s));
		cr_assert_leq(n, 16);
		cr_assert_eq(nh, andon_state_history_count(s));
		cr_assert_leq(nh, 8);
		andon_state_counts(s, counts);
		for (int p = 0; p <= ANDON_PRIO_UNKNOWN; p++) {
			sum += counts[p];
		}
		cr_assert_eq(sum, n, "step %d", step);
		for (size_t i = 0; i < n; i++) {
			cr_assert_eq(andon_state_find(s, v[i]->id), v[i], "step %d", step);
			cr_assert_null(andon_state_find_resolved(s, v[i]->id), "step %d: %s in both",
				step, v[i]->id);
			cr_assert_neq(v[i]->status, ANDON_STATUS_RESOLVED);
			if (i > 0) {
				cr_assert_leq((int)v[i - 1]->priority, (int)v[i]->priority, "step %d", step);
			}
		}
		for (size_t i = 0; i < nh; i++) {
			cr_assert_eq(andon_state_find_resolved(s, h[i]->id), h[i], "step %d", step);
			cr_assert_eq(h[i]->status, ANDON_STATUS_RESOLVED);
		}
	}
	andon_state_destroy(s);
}

/*
 * History.
 */

Test(history, bounded_and_newest_first)
{
	struct andon_state *s = andon_state_create(0, 0, 0);
	const struct andon_event *h[ANDON_HISTORY_CAP + 10];
	size_t n;

	for (int i = 0; i < 300; i++) {
		char id[16];

		snprintf(id, sizeof(id), "r%d", i);
		put(s, mk(id, ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + i, NAN, NAN), T0 + i);
		put(s, mk(id, ANDON_PRIO_LOW, ANDON_STATUS_RESOLVED, T0 + i, NAN, T0 + i + 1), T0 + i + 1);
	}
	n = andon_state_history(s, h, ANDON_HISTORY_CAP + 10);
	cr_assert_eq(n, ANDON_HISTORY_CAP);
	cr_assert_str_eq(h[0]->id, "r299");
	cr_assert_str_eq(h[n - 1]->id, "r44");
	/* The ones that fell out are forgotten. */
	cr_assert_null(andon_state_find_resolved(s, "r43"));
	cr_assert_not_null(andon_state_find_resolved(s, "r44"));
	cr_assert_eq(andon_state_count(s), 0);
	andon_state_destroy(s);
}

Test(history, pruning_drops_what_is_older_than_the_shift)
{
	double shift = 8 * 3600.0;
	struct andon_state *s = andon_state_create(0, 0, shift);
	const struct andon_event *h[8];
	double now = T0 + 10 * 3600.0;

	/* Resolved 9 h, 7 h, and 1 h before now; one without resolved_at that
	 * was resolved by a resync 9 h ago. */
	put(s, mk("9h", ANDON_PRIO_LOW, ANDON_STATUS_RESOLVED, T0, NAN, now - 9 * 3600), T0);
	put(s, mk("7h", ANDON_PRIO_LOW, ANDON_STATUS_RESOLVED, T0, NAN, now - 7 * 3600), T0);
	put(s, mk("1h", ANDON_PRIO_LOW, ANDON_STATUS_RESOLVED, T0, NAN, now - 3600), T0);
	put(s, mk("away", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0, NAN, NAN), T0);
	andon_state_resync(s, NULL, 0, now - 9 * 3600, now - 9 * 3600);
	cr_assert_eq(andon_state_history_count(s), 4);
	andon_state_prune(s, now);
	cr_assert_eq(andon_state_history_count(s), 2);
	cr_assert_eq(andon_state_stats(s)->pruned, 2);
	cr_assert_eq(andon_state_history(s, h, 8), 2);
	cr_assert_str_eq(h[0]->id, "1h");
	cr_assert_str_eq(h[1]->id, "7h");
	cr_assert_null(andon_state_find_resolved(s, "9h"));
	cr_assert_null(andon_state_find_resolved(s, "away"));
	cr_assert_not_null(andon_state_find_resolved(s, "7h"));
	/* After the prune, a late "open" for a forgotten event is new again. */
	cr_assert_eq(put(s, mk("9h", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0, NAN, NAN), now),
		ANDON_CHANGE_ADDED);
	/* The ring keeps working after compaction. */
	for (int i = 0; i < 600; i++) {
		char id[16];

		snprintf(id, sizeof(id), "p%d", i);
		put(s, mk(id, ANDON_PRIO_LOW, ANDON_STATUS_RESOLVED, now, NAN, now + i), now + i);
		if (i % 97 == 0) {
			andon_state_prune(s, now + i);
		}
	}
	cr_assert_eq(andon_state_history_count(s), ANDON_HISTORY_CAP);
	cr_assert_not_null(andon_state_find_resolved(s, "p599"));
	andon_state_destroy(s);
}

Test(history, holes_left_by_reopened_events)
{
	struct andon_state *s = andon_state_create(0, 4, 0);
	const struct andon_event *h[8];

	put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_RESOLVED, T0, NAN, T0 + 1), T0 + 1);
	put(s, mk("b", ANDON_PRIO_LOW, ANDON_STATUS_RESOLVED, T0, NAN, T0 + 2), T0 + 2);
	put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_OPEN, T0 + 3, NAN, NAN), T0 + 3);
	cr_assert_eq(andon_state_history_count(s), 1);
	cr_assert_eq(andon_state_history(s, h, 8), 1);
	cr_assert_str_eq(h[0]->id, "b");
	andon_state_prune(s, T0 + 4);
	cr_assert_eq(andon_state_history(s, h, 8), 1);
	put(s, mk("a", ANDON_PRIO_LOW, ANDON_STATUS_RESOLVED, T0 + 3, NAN, T0 + 5), T0 + 5);
	cr_assert_eq(andon_state_history(s, h, 8), 2);
	cr_assert_str_eq(h[0]->id, "a");
	cr_assert_str_eq(h[1]->id, "b");
	andon_state_destroy(s);
}

Test(history, destroy_accepts_null)
{
	andon_state_destroy(NULL);
}

/* The pool grows as events arrive (64 slots, then doubling up to the cap):
 * every event stays findable across each growth, the order holds, and a
 * resync still reaches every slot. */
Test(capacity, the_pool_grows_on_demand)
{
	struct andon_state *s = andon_state_create(300, 0, 0);
	const struct andon_event *view[300];
	char id[16];

	for (int i = 0; i < 300; i++) {
		snprintf(id, sizeof(id), "g%03d", i);
		cr_assert_eq(put(s, mk(id, i == 150 ? ANDON_PRIO_CRITICAL : ANDON_PRIO_LOW,
			ANDON_STATUS_OPEN, T0 + i, NAN, NAN), T0 + i), ANDON_CHANGE_ADDED, "%s", id);
	}
	cr_assert_eq(andon_state_count(s), 300);
	cr_assert_not_null(andon_state_find(s, "g000"));
	cr_assert_not_null(andon_state_find(s, "g299"));
	cr_assert_eq(andon_state_view(s, view, 300, ANDON_ORDER_PRIORITY, T0 + 400), 300);
	cr_assert_str_eq(view[0]->id, "g150");
	/* Full: one more evicts instead of growing past the cap. */
	put(s, mk("extra", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN, T0 + 500, NAN, NAN), T0 + 500);
	cr_assert_eq(andon_state_count(s), 300);
	cr_assert_not_null(andon_state_find(s, "extra"));
	cr_assert_eq(andon_state_resync(s, NULL, 0, T0 + 600, T0 + 601), 300);
	cr_assert_eq(andon_state_count(s), 0);
	andon_state_destroy(s);
}
