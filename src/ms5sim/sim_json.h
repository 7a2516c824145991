/*
 * JSON as the MS5 backend writes it, from the simulated plant: WebSocket
 * frames (spec/andon-ws.md) and the bodies of the REST endpoints ms5sim
 * serves. Pure: appends text to a strbuf, reads the model, never prints.
 *
 * Frames come in the backend's three payload shapes:
 *   A  nested: data.<key> holds the object (andon_event, escalation_data,
 *      oee_data in percent, status_data, production_data, downtime_data,
 *      quality_data), envelope priority/connection_id/timestamp, and
 *      metadata.event_id (unique per frame content; a resend keeps it);
 *   B  nested under other key names or alias types (andon_event_created /
 *      _updated / _resolved with type/message instead of
 *      event_type/description, data.escalation, calculation_result in
 *      fractions, equipment_fault_occurred/_resolved with data.fault,
 *      data.downtime, status {old_status,new_status});
 *   C  flat: fields directly in data (andon_alert, escalation_event,
 *      equipment_status_change, oee_update in fractions), sometimes
 *      line_id / equipment_code at the top level, no metadata and, like
 *      the backend's flat senders, no priority/connection_id.
 * Timestamps are ISO 8601 in UTC with microseconds, written naive, with
 * "Z" or with "+00:00". OEE factors sent as fractions are capped at 1
 * (a fraction above 1 would read as a percentage under the contract's
 * rule); the metrics carry the uncapped value.
 */
#ifndef MS5SIM_SIM_JSON_H
#define MS5SIM_SIM_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "ms5top/strbuf.h"
#include "sim_metrics.h"
#include "sim_model.h"

enum sj_shape { SJ_SHAPE_A, SJ_SHAPE_B, SJ_SHAPE_C };
enum sj_ts { SJ_TS_NAIVE, SJ_TS_Z, SJ_TS_OFFSET };

struct sj_opts {
	enum sj_shape shape;
	enum sj_ts ts;               /* style of the envelope timestamp */
	const char *connection_id;
	double now;                  /* envelope time, Unix seconds */
};

/* Appends t as an ISO 8601 UTC timestamp with microseconds. */
void sj_time(struct strbuf *b, double t, enum sj_ts style);
/* Appends s as a JSON string (NULL: null). */
void sj_string(struct strbuf *b, const char *s);

/* The envelope priority of a message type (1 critical .. 4 low). */
int sj_priority(enum sim_msg kind);

/* Appends the frame for a model event. Returns the message type it sent,
 * or -1 (nothing appended) when the event makes no frame. */
int sj_event_frame(struct strbuf *b, const struct sim_model *m, const struct sim_event *ev,
	const struct sj_opts *o);

/* Control frames (shape A envelope): the connection greeting, pong,
 * subscription_confirmed, error and system_shutdown. */
void sj_greeting(struct strbuf *b, const struct sj_opts *o);
void sj_pong(struct strbuf *b, const struct sj_opts *o);
void sj_subscription_confirmed(struct strbuf *b, const char *type, const char *target,
	const char *filters_json, const struct sj_opts *o);
void sj_error(struct strbuf *b, const char *message, const char *code, const struct sj_opts *o);
void sj_shutdown(struct strbuf *b, const struct sj_opts *o);

/* A synthetic Andon frame for load tests: number n opens event "load-<n/2>"
 * (even n) or resolves it (odd n), so a client's state stays bounded. */
void sj_synthetic(struct strbuf *b, const struct sim_model *m, uint64_t n, const struct sj_opts *o);

/* One Andon event as AndonEventResponse. */
void sj_andon(struct strbuf *b, const struct sim_model *m, const struct sim_andon *a);

/* REST bodies. */
void sj_active_events(struct strbuf *b, const struct sim_model *m);
/* Active and recently resolved events, newest first, filtered by line id,
 * status and priority (NULL: any), skip/limit applied. */
void sj_events(struct strbuf *b, const struct sim_model *m, const char *line_id, const char *status,
	const char *priority, long skip, long limit);
void sj_dashboard_lines(struct strbuf *b, const struct sim_model *m);
void sj_dashboard_summary(struct strbuf *b, const struct sim_model *m);

#endif
