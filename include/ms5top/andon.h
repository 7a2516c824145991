/*
 * Decoding frames of the MS5 Andon WebSocket stream (spec: andon-ws.md) and
 * the REST answers that go with it. Pure functions: bytes in, plain structs
 * out. Every shape of the contract is accepted (nested A, nested B with other
 * key names, flat C; line_id/equipment_code at the top level, in data, or in
 * the nested object). Strings are copied into fixed fields and truncated at
 * their size, so a decoded message never owns memory and never grows.
 */
#ifndef MS5TOP_ANDON_H
#define MS5TOP_ANDON_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/err.h"

/* Frames larger than this are refused by the decoder (and by the client's
 * reassembly buffer). */
#define ANDON_MAX_FRAME ((size_t)256 * 1024)

enum andon_msg_kind {
	ANDON_MSG_UNKNOWN = 0,   /* a type we do not know: count it, log it, skip it */
	ANDON_MSG_EVENT,         /* andon_event and its aliases */
	ANDON_MSG_ESCALATION,    /* andon_escalation_triggered, escalation_* */
	ANDON_MSG_LINE_STATUS,   /* line_status_update, production_update */
	ANDON_MSG_OEE,           /* oee_update, oee_calculation_completed */
	ANDON_MSG_EQUIPMENT,     /* equipment_status_update/_change, equipment_fault_* */
	ANDON_MSG_DOWNTIME,      /* downtime_event */
	ANDON_MSG_ALERT,         /* system_alert (not the greeting), health_alert, quality_alert* */
	ANDON_MSG_CONTROL,       /* subscription_confirmed, pong, heartbeat, heartbeat_response,
	                          * connection_established, andon_connection_established, greeting */
	ANDON_MSG_SHUTDOWN,      /* system_shutdown: reconnect with backoff */
	ANDON_MSG_ERROR,         /* error */
};

enum andon_priority { ANDON_PRIO_CRITICAL = 0, ANDON_PRIO_HIGH, ANDON_PRIO_MEDIUM,
	ANDON_PRIO_LOW, ANDON_PRIO_UNKNOWN };
enum andon_status { ANDON_STATUS_OPEN = 0, ANDON_STATUS_ACKNOWLEDGED,
	ANDON_STATUS_ESCALATED, ANDON_STATUS_RESOLVED, ANDON_STATUS_UNKNOWN };

#define ANDON_ID_SIZE 64
#define ANDON_TEXT_SIZE 256
#define ANDON_WORD_SIZE 32

struct andon_event {
	char id[ANDON_ID_SIZE];
	char line_id[ANDON_ID_SIZE];
	char equipment_code[ANDON_ID_SIZE];
	char event_type[ANDON_WORD_SIZE];     /* event_type or type: stop, quality, ... as received */
	char priority_text[ANDON_WORD_SIZE];  /* as received ("" if absent) */
	enum andon_priority priority;
	char status_text[ANDON_WORD_SIZE];    /* as received ("open" implied if absent) */
	enum andon_status status;
	char description[ANDON_TEXT_SIZE];    /* description or message */
	char reported_by[ANDON_ID_SIZE];
	char acknowledged_by[ANDON_ID_SIZE];
	char resolved_by[ANDON_ID_SIZE];
	char resolution_notes[ANDON_TEXT_SIZE];
	double reported_at;      /* Unix s; NAN if absent. Falls back to the payload's "timestamp". */
	double acknowledged_at;  /* NAN if absent or null */
	double resolved_at;      /* NAN if absent or null */
	int escalation_level;    /* -1 if unknown (payload or metadata.escalation_level) */
};

struct andon_escalation {
	char id[ANDON_ID_SIZE];        /* id or escalation_id */
	char event_id[ANDON_ID_SIZE];  /* "" when absent */
	char line_id[ANDON_ID_SIZE];
	char priority_text[ANDON_WORD_SIZE];
	enum andon_priority priority;
	int level;                     /* -1 if unknown */
	char assigned_to[ANDON_ID_SIZE];
	char status[ANDON_WORD_SIZE];
};

struct andon_line_status {
	char line_id[ANDON_ID_SIZE];
	char status[ANDON_WORD_SIZE];      /* new_status when given as {old_status,new_status} */
	char old_status[ANDON_WORD_SIZE];  /* "" when not given */
	double speed, target_speed, efficiency, throughput;  /* NAN when absent */
};

struct andon_oee {
	char line_id[ANDON_ID_SIZE];
	/* Fractions 0..1: a value > 1 arrived as percent and was divided by 100.
	 * NAN when absent. */
	double oee, availability, performance, quality;
};

struct andon_equipment {
	char equipment_code[ANDON_ID_SIZE];
	char line_id[ANDON_ID_SIZE];
	char status[ANDON_WORD_SIZE];
	char severity[ANDON_WORD_SIZE];
	double temperature, pressure, vibration;  /* NAN when absent */
};

struct andon_downtime {
	char id[ANDON_ID_SIZE];
	char line_id[ANDON_ID_SIZE];
	char equipment_code[ANDON_ID_SIZE];
	char reason[ANDON_TEXT_SIZE];     /* reason_code, reason, or reason_description */
	char category[ANDON_WORD_SIZE];
	char status[ANDON_WORD_SIZE];
	double start_time, end_time, duration_seconds;  /* NAN when absent */
};

struct andon_msg {
	enum andon_msg_kind kind;
	char type[ANDON_WORD_SIZE * 2];   /* the frame's "type", as received */
	double timestamp;                 /* envelope timestamp, Unix s; NAN if absent/invalid */
	char dedup_key[ANDON_ID_SIZE * 2];/* metadata.event_id if present, else id + "/" + status; "" if neither */
	struct andon_event event;              /* ANDON_MSG_EVENT */
	struct andon_escalation escalation;    /* ANDON_MSG_ESCALATION */
	struct andon_line_status line;         /* ANDON_MSG_LINE_STATUS */
	struct andon_oee oee;                  /* ANDON_MSG_OEE */
	struct andon_equipment equipment;      /* ANDON_MSG_EQUIPMENT */
	struct andon_downtime downtime;        /* ANDON_MSG_DOWNTIME */
	char severity[ANDON_WORD_SIZE];        /* ALERT */
	char message[ANDON_TEXT_SIZE];         /* ALERT, ERROR, SHUTDOWN, CONTROL greeting */
};

/* Decodes one text frame. Returns true and fills *out for every well-formed
 * frame, including types we do not know (kind ANDON_MSG_UNKNOWN). Returns
 * false with err filled for frames to drop and count: over ANDON_MAX_FRAME,
 * not JSON, invalid UTF-8, not an object, no string "type", nested too deep,
 * or a known type whose payload is unusable (an andon_event with no id). */
bool andon_decode(const char *frame, size_t len, struct andon_msg *out, struct ms5_error *err);

/* Decodes the JSON array of GET /api/v1/andon/events/active into a fresh
 * array (*events, owned by the caller, free()) of *n events. Elements that
 * are unusable are skipped and counted in *skipped. */
bool andon_decode_active(const char *body, size_t len, struct andon_event **events,
	size_t *n, size_t *skipped, struct ms5_error *err);

/* Decodes GET /api/v1/dashboard/lines (an array of objects with a string
 * "line_id") into a fresh array of at most `max` line ids (free()), for
 * subscribing to every line when none is configured. Elements without a
 * usable line_id (missing, not a string, too long, not [A-Za-z0-9_.:-])
 * are skipped. */
bool andon_decode_lines(const char *body, size_t len, size_t max,
	char (**ids)[ANDON_ID_SIZE], size_t *n, struct ms5_error *err);

/* Decodes the answer of POST /api/v1/auth/login or /auth/refresh. The tokens
 * are owned by the caller (free()); expires_in is in seconds (NAN if absent). */
bool andon_decode_token(const char *body, size_t len, char **access_token,
	char **refresh_token, double *expires_in, struct ms5_error *err);

/* The MS5 role of the user in a login answer (user.role: "admin",
 * "operator", ...) into role (lower case letters and '_', at most size - 1
 * bytes). false when the answer names none. */
bool andon_decode_user_role(const char *body, size_t len, char *role, size_t size);

const char *andon_priority_name(enum andon_priority p);   /* "critical", ..., "unknown" */
const char *andon_status_name(enum andon_status s);
enum andon_priority andon_priority_parse(const char *s);  /* case-insensitive */
enum andon_status andon_status_parse(const char *s);

/* Minutes to acknowledge / resolve before an event is overdue, per priority
 * (low 15/60, medium 10/45, high 5/30, critical 2/15; unknown as low). */
double andon_ack_timeout(enum andon_priority p);
double andon_resolve_timeout(enum andon_priority p);

#endif
