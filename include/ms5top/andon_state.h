/*
 * The client's Andon state: the active events and the recently resolved
 * ones, fed by decoded WebSocket frames (andon.h) and by the REST resync
 * after every (re)connect. Pure: no I/O, no clock; every function that needs
 * the time takes `now` (Unix seconds, the caller's wall clock).
 *
 * Events are keyed by id. The rules (andon-ws.md, "Duplicates, order, loss"):
 *
 * - De-duplication. A frame whose dedup_key (andon_msg) was seen before
 *   carrying the same event is a resend and is dropped (stats.duplicates).
 *   The state remembers what each key carried, not just the key: the backend
 *   puts the event's own id in metadata.event_id, so the key alone would also
 *   drop the later, real states of that event. The memory of keys is bounded
 *   (the newest 2 * cap keys, at least 1024), which covers the server's
 *   retry window by far.
 * - Order by the event's own time. An event's version is the newest of its
 *   reported_at, acknowledged_at and resolved_at. An update older than the
 *   held version is stale and ignored (stats.stale), so frames reordered
 *   inside a batch, or a late retry, never take an event back. With equal
 *   versions, or when either side has no time at all, the status decides:
 *   open < escalated < acknowledged < resolved, and an update may not go
 *   back down that line.
 * - Merging. An update replaces the held state, but a field it leaves empty
 *   (no line_id, no reported_at, ...) keeps the held value; the escalation
 *   level never goes down. An event without reported_at is given the time it
 *   first arrived, so that its age and overdue state can be shown.
 * - Resolved events leave the active table for a bounded history (the newest
 *   history_cap, and none resolved longer ago than shift_seconds once
 *   andon_state_prune runs). A resolved event stays known there, so a late
 *   "open" cannot bring it back; a newer state can (a reopened event).
 * - Bounded memory. The active table holds at most cap events. When it is
 *   full, the least important event goes: the lowest priority (unknown, then
 *   low, ...), and of those the oldest. If that is the arriving event itself,
 *   it is refused instead. Either way stats.evicted counts it. apply costs
 *   O(log cap); nothing grows with the number of frames.
 *
 * The id and dedup-key lookups compare 64-bit hashes of the strings (ids are
 * also compared in full); a collision of two dedup keys would count one real
 * frame as a duplicate, with odds of about 1 in 2^50 per frame.
 */
#ifndef MS5TOP_ANDON_STATE_H
#define MS5TOP_ANDON_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/andon.h"

#define ANDON_STATE_CAP 4096                  /* default: active events held */
#define ANDON_HISTORY_CAP 256                 /* default: resolved events kept */
#define ANDON_SHIFT_SECONDS (8.0 * 3600.0)   /* default: how long they are kept */
/* The most events a view can return with the default capacity; a caller's
 * array of this many pointers (32 KB) never truncates a default state. */
#define ANDON_VIEW_MAX ANDON_STATE_CAP

struct andon_state;

/* What one apply did. The values from ANDON_CHANGE_ADDED on changed the
 * state (ANDON_CHANGED); the others did not. */
enum andon_change {
	ANDON_CHANGE_NONE = 0,    /* nothing for the Andon state (another kind, or no news) */
	ANDON_CHANGE_DUPLICATE,   /* a resend: the dedup key was seen with this content */
	ANDON_CHANGE_STALE,       /* older than the state held for that id */
	ANDON_CHANGE_UNMATCHED,   /* an escalation for an event that is not active here */
	ANDON_CHANGE_INVALID,     /* an event without an id */
	ANDON_CHANGE_REFUSED,     /* the table is full of more important events */
	ANDON_CHANGE_ADDED,       /* a new active event */
	ANDON_CHANGE_UPDATED,     /* a held event (active or resolved) changed */
	ANDON_CHANGE_RESOLVED,    /* an event moved to the history (or arrived resolved) */
	ANDON_CHANGE_REOPENED,    /* a resolved event came back with a newer state */
	ANDON_CHANGE_ESCALATED,   /* an active event's escalation level went up */
};
#define ANDON_CHANGED(c) ((c) >= ANDON_CHANGE_ADDED)

enum andon_order {
	/* Critical first; within a priority, overdue before on time, then the
	 * oldest (the longest waiting) first. */
	ANDON_ORDER_PRIORITY = 0,
	/* Newest reported first. */
	ANDON_ORDER_TIME,
};

struct andon_state_stats {
	unsigned long applied;      /* apply/resync calls that changed the state */
	unsigned long duplicates;   /* frames dropped as resends */
	unsigned long stale;        /* updates older than the held state */
	unsigned long evicted;      /* active events dropped or refused because of the cap */
	unsigned long unmatched;    /* escalations for events not held */
	unsigned long invalid;      /* events without an id */
	unsigned long resynced_away;/* held events a resync list no longer had: resolved */
	unsigned long pruned;       /* history entries dropped for age */
};

/* A new, empty state. 0 for cap or history_cap, and a shift_seconds that is
 * not > 0, mean the defaults above. Never returns NULL (aborts on OOM). */
struct andon_state *andon_state_create(size_t cap, size_t history_cap, double shift_seconds);
void andon_state_destroy(struct andon_state *s);   /* NULL is fine */

/* Applies one decoded frame: ANDON_MSG_EVENT and ANDON_MSG_ESCALATION (by
 * event_id; an escalation without event_id is ANDON_CHANGE_UNMATCHED); any
 * other kind is ANDON_CHANGE_NONE. */
enum andon_change andon_state_apply(struct andon_state *s, const struct andon_msg *m, double now);

/* Applies one event as if it had arrived in a frame without a dedup key. */
enum andon_change andon_state_apply_event(struct andon_state *s, const struct andon_event *ev,
	double now);

/* Merges the REST list of active events (GET /api/v1/andon/events/active)
 * fetched after a (re)connect. Every listed event is applied as an update.
 * Every active event held that the list lacks was resolved while we were
 * away: it moves to the history as resolved (resolved_at, when unknown, is
 * `now`). Events that changed after asked_at (the time the request was sent;
 * pass `now` when unknown) are newer than the list and are kept: the frames
 * that arrive while the request is under way must not be resolved by it.
 * Returns how many events changed. */
size_t andon_state_resync(struct andon_state *s, const struct andon_event *events, size_t n,
	double asked_at, double now);

/* Drops resolved events from the history that were resolved more than
 * shift_seconds before now (resolved_at, or the time they moved there when
 * the server gave none). Cheap (O(history_cap)); call it now and then. */
void andon_state_prune(struct andon_state *s, double now);

/* Fills out[] with at most max pointers to the active events in the given
 * order and returns how many. The pointers stay valid until the next call
 * that changes the state. With max below the number of active events, the
 * first max of the full order are returned. */
size_t andon_state_view(const struct andon_state *s, const struct andon_event **out,
	size_t max, enum andon_order order, double now);

/* Fills out[] with at most max resolved events from the history, most
 * recently resolved first; returns how many. Same lifetime as the view. */
size_t andon_state_history(const struct andon_state *s, const struct andon_event **out,
	size_t max);

/* Looks an event up by id among the active events / in the history; NULL
 * when it is not there. */
const struct andon_event *andon_state_find(const struct andon_state *s, const char *id);
const struct andon_event *andon_state_find_resolved(const struct andon_state *s,
	const char *id);

size_t andon_state_count(const struct andon_state *s);           /* active events */
size_t andon_state_history_count(const struct andon_state *s);   /* resolved, kept */
/* Active events per priority: counts[ANDON_PRIO_CRITICAL .. ANDON_PRIO_UNKNOWN]. */
void andon_state_counts(const struct andon_state *s, size_t counts[ANDON_PRIO_UNKNOWN + 1]);
/* Active events that are overdue at now. O(active). */
size_t andon_state_overdue_count(const struct andon_state *s, double now);
const struct andon_state_stats *andon_state_stats(const struct andon_state *s);

/* When an event becomes overdue (Unix seconds): reported_at plus the
 * acknowledge timeout of its priority while it is open, escalated or in an
 * unknown status, plus the resolve timeout once acknowledged (both clocks
 * run from the report). NAN for a resolved event or one without
 * reported_at. */
double andon_event_due(const struct andon_event *e);
/* now is past andon_event_due(e). */
bool andon_event_overdue(const struct andon_event *e, double now);

#endif
