/*
 * The simulated plant behind ms5sim: production lines with equipment,
 * shifts, faults, planned maintenance, changeovers and Andon events, plus
 * the platform around them (API traffic, database, cluster). Pure C: no
 * I/O, no clock. Time is whole Unix seconds and is advanced by the caller
 * (sim_step, sim_advance_to); every random draw comes from PRNGs seeded
 * from the configured seed, one per line and one for the platform, so a
 * line behaves the same whatever the number of lines.
 *
 * The model steps one second at a time at absolute second boundaries, so
 * its state at time T depends only on the configuration and T, never on
 * how the caller chunked the advance (100 ms ticks live, 15 s samples for
 * history): a history written up to "now" and a server started a little
 * later agree on every counter.
 *
 * What one second of a line means (state applies to [t, t+1)):
 * - Planned time: the line is scheduled (its shift runs and it is not on
 *   its planned break). planned_s grows by one, whatever the state.
 * - running: runtime_s grows, output grows at speed / ideal cycle time,
 *   a share of it is scrap (good = output - scrap).
 * - stopped (material, quality hold, micro-stop), fault (equipment),
 *   maintenance (planned), setup (changeover): downtime_s of the state's
 *   category grows, nothing is made.
 * - idle: not scheduled or on a break; a break counts as planned
 *   downtime, unscheduled time counts nowhere.
 * So availability = runtime / planned <= 1 and quality = good / output
 * <= 1 always. Performance = output / theoretical <= 1 (the model counts
 * the unit in progress; a ratio of the whole-unit counters over a short
 * window can exceed the speed by up to one unit's share) except on the
 * line whose ideal cycle time is set too slow on purpose (line index 4,
 * "line_005", when there are at least 5 lines): it runs 2-5 % faster than
 * its ideal, the "bad ideal cycle time" case that dashboards must show.
 * Line index 2 ("line_003") is the poor performer: frequent faults, slow,
 * high scrap, OEE around 40-55 %. Line index 0 runs around the clock with
 * no breaks; with demo_fault_at set it faults at that time for 4-6 min.
 *
 * Andon: every stop longer than a micro-stop opens an Andon event; a few
 * "calls" (material low) open one while the line keeps running. Priority
 * follows the type (safety critical, stop high or critical, quality high
 * or medium, maintenance medium or high, material medium or low). It is
 * acknowledged after a random delay, mostly within 15 s to 280 s, late
 * (past its acknowledge timeout) in 5 % of cases, 8 % for high and
 * critical: then it is overdue and escalated when the timeout passes (low
 * 15, medium 10, high 5, critical 2 minutes), once more per further
 * timeout and when the resolve timeout passes. So the Andon response SLO
 * (95 % within 300 s) runs close to its objective. It is resolved when
 * the line restarts. A line in fault
 * always has an open (or acknowledged/escalated) Andon of its own.
 *
 * Structures are public so that the metric and JSON writers can read
 * them; only sim_model.c changes them.
 */
#ifndef MS5SIM_SIM_MODEL_H
#define MS5SIM_SIM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_MAX_LINES 1000
#define SIM_MAX_EQUIPMENT 48     /* the 12 kinds, then a second of each (L01.FILL.02) ... */
#define SIM_MAX_ANDON 4          /* active Andon events per line */
#define SIM_RECENT 512           /* resolved Andon events kept model-wide */
#define SIM_EVENT_RING 16384     /* events kept until the server takes them */

enum sim_state {
	SIM_RUNNING, SIM_STOPPED, SIM_FAULT, SIM_MAINTENANCE, SIM_SETUP, SIM_IDLE,
	SIM_N_STATES
};

enum sim_dt_cat {
	SIM_DT_PLANNED, SIM_DT_UNPLANNED, SIM_DT_CHANGEOVER, SIM_DT_MAINTENANCE,
	SIM_N_DT
};

enum sim_eq_status {
	SIM_EQ_RUNNING, SIM_EQ_IDLE, SIM_EQ_WARNING, SIM_EQ_FAULT, SIM_EQ_OFFLINE,
	SIM_EQ_MAINTENANCE, SIM_N_EQ
};

enum sim_prio { SIM_PRIO_LOW, SIM_PRIO_MEDIUM, SIM_PRIO_HIGH, SIM_PRIO_CRITICAL, SIM_N_PRIO };

enum sim_andon_type {
	SIM_AT_STOP, SIM_AT_QUALITY, SIM_AT_MAINTENANCE, SIM_AT_MATERIAL, SIM_AT_SAFETY,
	SIM_N_AT
};

enum sim_andon_status { SIM_AS_OPEN, SIM_AS_ACKNOWLEDGED, SIM_AS_ESCALATED, SIM_AS_RESOLVED, SIM_N_AS };

#define SIM_RESP_BUCKETS 7       /* 30 60 120 300 600 1800 3600, then +Inf */
extern const double sim_resp_bounds[SIM_RESP_BUCKETS];

const char *sim_state_name(enum sim_state s);
const char *sim_dt_cat_name(enum sim_dt_cat c);
const char *sim_eq_status_name(enum sim_eq_status s);
const char *sim_prio_name(enum sim_prio p);
const char *sim_andon_type_name(enum sim_andon_type t);
const char *sim_andon_status_name(enum sim_andon_status s);
/* Acknowledge and resolve timeouts of a priority, in seconds. */
int64_t sim_ack_timeout(enum sim_prio p);
int64_t sim_resolve_timeout(enum sim_prio p);

/* xoshiro256** seeded through splitmix64. */
struct sim_rng {
	uint64_t s[4];
};

void sim_rng_seed(struct sim_rng *r, uint64_t seed);
uint64_t sim_rng_next(struct sim_rng *r);
double sim_rng_uniform(struct sim_rng *r);              /* [0, 1) */

struct sim_andon {
	char id[40];                 /* a UUID, derived from seed, line and sequence */
	int line, eq;                /* eq: -1 when no equipment is involved */
	enum sim_andon_type type;
	enum sim_prio prio;
	enum sim_andon_status status;
	const char *description;
	const char *resolution_notes;   /* NULL until resolved */
	char reported_by[40], acknowledged_by[40], resolved_by[40];   /* "" = none */
	int64_t reported_at, acknowledged_at, resolved_at;            /* 0 = not yet */
	int64_t ack_at;              /* when it will be acknowledged */
	int64_t resolve_at;          /* calls only: when it will be resolved */
	int64_t next_escalation;     /* when the next escalation is due; 0 none */
	int escalation_level;
	char escalation_id[40];
	const char *assigned_to;     /* who the latest escalation went to */
	bool stops_line;
};

struct sim_downtime {
	char id[40];
	int line, eq;
	const char *reason_code, *reason;
	enum sim_dt_cat cat;
	int64_t start, end;          /* end: 0 while open */
};

struct sim_equipment {
	char code[32];               /* "L01.FILL.01" */
	const char *kind;            /* "FILL" */
	const char *name;            /* "Filler" */
	const char *task;            /* the planned maintenance task */
	double temp_base, vib_base;  /* Celsius, mm/s while running */
	int64_t maint_interval;      /* seconds between planned maintenance */
	int64_t next_maint;          /* Unix time it is due */
	enum sim_eq_status status;
	int64_t maint_day;           /* the UTC day the two sums below belong to */
	int64_t maint_planned_s, maint_corrective_s;   /* maintenance downtime today */
};

struct sim_counts {                 /* a snapshot of the OEE counters */
	int64_t planned_s, runtime_s, output, good;
	double made;                 /* output with the unit in progress */
};

struct sim_oee {
	double availability, performance, quality, oee;   /* fractions */
	bool valid;                  /* false: no planned time yet */
};

struct sim_line {
	int index;
	char id[16];                 /* "line_001" */
	char code[12];               /* "L01" */
	char name[48];               /* "Line 1 - Bottling" */
	const char *product;         /* product_type label */
	struct sim_rng rng;

	/* Schedule: three 8 h shifts from 06:00 UTC, a 30 min break each. */
	unsigned shifts;             /* bit s set: shift s (0 = 06-14) is worked */
	bool breaks;
	int64_t break_offset;        /* seconds after shift start */

	/* Parameters. */
	double ideal_cycle;          /* seconds per unit */
	double speed_base;           /* typical actual speed / ideal speed */
	double scrap_base;           /* typical scrap fraction */
	double fault_mtbf;           /* mean run time between faults, s */
	double stop_mtbf;            /* mean run time between minor stops, s */
	double call_mean;            /* mean time between Andon calls, s */
	double changeover_every;     /* mean run time between changeovers, s */
	double power_kw;             /* while running */

	/* State. */
	enum sim_state state;
	int64_t since;               /* when the state began */
	int64_t until;               /* when a stop ends (0: no planned end) */
	int cause_eq;                /* equipment of the stop, -1 none */
	int stop_andon;              /* index in andon[] of the stop's Andon, -1 */
	struct sim_downtime dt;      /* the open downtime (dt.start == 0: none) */
	double speed, scrap;         /* of the current run segment */
	int64_t fault_at;            /* runtime_s at which the next fault strikes */
	int fault_eq;
	enum sim_andon_type fault_type;
	int64_t stop_at;             /* runtime_s of the next minor stop */
	int64_t changeover_at;       /* runtime_s of the next changeover */
	int64_t call_at;             /* time of the next Andon call */
	int64_t demo_fault_at;       /* time of the forced fault; 0 none */

	/* Counters (monotonic). */
	int64_t planned_s, runtime_s, output, good, scrap_units;
	int64_t downtime_s[SIM_N_DT];
	double out_frac, scrap_frac; /* fractional production carried over */
	double energy_kwh;
	int64_t checks_pass, checks_fail, checked_output, checked_scrap;
	int64_t andon_total[SIM_N_AT][SIM_N_PRIO];

	/* OEE of the current shift, and of the previous one as a fallback. */
	struct sim_counts shift_start;
	int shift_id;                /* Unix day * 3 + shift, -1 before the first */
	struct sim_oee prev_oee;

	/* The job being made. */
	char job_id[24];
	int64_t job_output0, job_target;
	unsigned job_seq;

	struct sim_andon andon[SIM_MAX_ANDON];
	int n_andon;
	unsigned andon_seq, dt_seq;

	struct sim_equipment eq[SIM_MAX_EQUIPMENT];
	int n_eq;
};

/* ---- Platform ------------------------------------------------------------ */

#define SIM_N_ENDPOINTS 11
#define SIM_N_CODES 4            /* success, client error, 500, 503 */
#define SIM_LAT_BUCKETS 9        /* .05 .1 .2 .25 .5 1 2.5 5 10, then +Inf */
#define SIM_N_QUERIES 6
#define SIM_DB_BUCKETS 8         /* .001 .005 .01 .025 .05 .1 .25 1, then +Inf */
#define SIM_N_TASKS 5
#define SIM_N_QUEUES 3
#define SIM_N_PODS 9
#define SIM_N_NODES 3
#define SIM_N_COSTS 5

struct sim_endpoint {
	const char *method, *path;
	const char *codes[SIM_N_CODES];
	double weight;               /* share of the request rate */
	double median;               /* latency, seconds */
	double client_err;           /* share of 4xx */
};

struct sim_query {
	const char *type, *table;
	double rate, median;         /* per second at load 1; seconds */
};

struct sim_pod {
	const char *ns, *name, *container, *node;
};

extern const struct sim_endpoint sim_endpoints[SIM_N_ENDPOINTS];
extern const double sim_lat_bounds[SIM_LAT_BUCKETS];
extern const struct sim_query sim_queries[SIM_N_QUERIES];
extern const double sim_db_bounds[SIM_DB_BUCKETS];
extern const char *const sim_task_names[SIM_N_TASKS];
extern const char *const sim_task_states[3];
extern const char *const sim_queue_names[SIM_N_QUEUES];
extern const struct sim_pod sim_pods[SIM_N_PODS];
extern const char *const sim_node_names[SIM_N_NODES];
extern const char *const sim_node_zones[SIM_N_NODES];
extern const char *const sim_cost_type[SIM_N_COSTS];
extern const char *const sim_cost_ns[SIM_N_COSTS];

struct sim_platform {
	struct sim_rng rng;
	/* API: requests by endpoint and code; latency histogram by endpoint
	 * (non-cumulative bins, the last is +Inf). */
	double req_acc[SIM_N_ENDPOINTS][SIM_N_CODES];
	uint64_t req[SIM_N_ENDPOINTS][SIM_N_CODES];
	double lat_acc[SIM_N_ENDPOINTS][SIM_LAT_BUCKETS + 1];
	uint64_t lat[SIM_N_ENDPOINTS][SIM_LAT_BUCKETS + 1];
	double lat_sum[SIM_N_ENDPOINTS];
	double lat_p[SIM_N_ENDPOINTS][SIM_LAT_BUCKETS + 1];   /* bin shares now */
	double lat_mean[SIM_N_ENDPOINTS];
	double lat_factor;           /* the factor lat_p was computed for */
	/* Database. */
	double db_acc[SIM_N_QUERIES][SIM_DB_BUCKETS + 1];
	uint64_t db[SIM_N_QUERIES][SIM_DB_BUCKETS + 1];
	double db_sum[SIM_N_QUERIES];
	double db_p[SIM_N_QUERIES][SIM_DB_BUCKETS + 1];
	double db_mean[SIM_N_QUERIES];
	/* Background tasks by task and state (succeeded, failed, retried). */
	double task_acc[SIM_N_TASKS][3];
	uint64_t tasks[SIM_N_TASKS][3];
	uint64_t restarts[SIM_N_PODS];
	/* Episodes: a burst of 5xx (sometimes with the database down), a slow
	 * period (latency x factor). */
	int64_t burst_start, burst_end, next_burst;
	double burst_5xx;
	int64_t pg_down_until;
	int64_t slow_start, slow_end, next_slow;
	double slow_factor;
	int64_t next_restart;
	/* Gauges, refreshed every second. */
	double load;                 /* request rate multiplier, ~0.5..1.5 */
	double db_active;
	double queued[SIM_N_QUEUES];
	double node_util[SIM_N_NODES][3];
	double health;
	double cost[SIM_N_COSTS];
	bool pg_up;
};

/* ---- Events for the server ----------------------------------------------- */

enum sim_ev_kind {
	SIM_EV_ANDON,            /* an Andon event was opened or changed status */
	SIM_EV_ESCALATION,       /* an Andon event was escalated (andon.escalation_level) */
	SIM_EV_LINE_STATUS,      /* old_state -> new_state */
	SIM_EV_PRODUCTION,       /* periodic production figures of a line */
	SIM_EV_OEE,              /* periodic OEE of a line */
	SIM_EV_EQUIPMENT,        /* equipment status changed, or periodic */
	SIM_EV_DOWNTIME,         /* a downtime opened (dt.end == 0) or closed */
	SIM_EV_QUALITY,          /* a quality alert (a quality hold began) */
	SIM_EV_HEALTH,           /* the platform degraded (a 5xx burst began) */
	SIM_N_EV
};

struct sim_event {
	enum sim_ev_kind kind;
	uint64_t seq;            /* unique per model: the frame's event id */
	int64_t t;
	int line, eq;            /* -1 when not about a line / equipment */
	enum sim_state old_state, new_state;
	enum sim_eq_status old_eq, new_eq;
	struct sim_andon andon;  /* ANDON, ESCALATION, QUALITY */
	struct sim_downtime dt;  /* DOWNTIME */
};

/* ---- The model ----------------------------------------------------------- */

struct sim_config {
	uint64_t seed;
	int n_lines;             /* 1 .. SIM_MAX_LINES */
	int n_equipment;         /* 1 .. SIM_MAX_EQUIPMENT */
	int64_t epoch;           /* Unix time the model starts at, counters 0 */
	int64_t demo_fault_at;   /* line 0 faults at this time; 0: never */
	bool events;             /* record events for sim_take_events */
};

struct sim_model {
	struct sim_config cfg;
	int64_t now;             /* whole seconds reached */
	double frac;             /* part of a second carried by sim_step */
	struct sim_line *lines;
	int n_lines;

	/* Andon response time (report to acknowledge) by priority:
	 * non-cumulative bins, the last is +Inf. */
	uint64_t resp_bins[SIM_N_PRIO][SIM_RESP_BUCKETS + 1];
	double resp_sum[SIM_N_PRIO];

	/* Recently resolved Andon events, newest last. */
	struct sim_andon recent[SIM_RECENT];
	size_t recent_head, recent_len;

	struct sim_event *ev;    /* ring, NULL without cfg.events */
	size_t ev_head, ev_len;
	uint64_t ev_seq, ev_dropped;

	struct sim_platform plat;
};

/* Creates a model at cfg->epoch with all lines idle and counters at zero.
 * Returns NULL (and sets *error to a static message) for a configuration
 * out of range. */
struct sim_model *sim_create(const struct sim_config *cfg, const char **error);
void sim_destroy(struct sim_model *m);   /* NULL is fine */

/* Advances the model by dt seconds (fractions carry over to the next call;
 * negative dt is ignored). */
void sim_step(struct sim_model *m, double dt);
/* Advances the model to whole second t (nothing happens if t <= now). */
void sim_advance_to(struct sim_model *m, int64_t t);

/* Moves up to max pending events into out, oldest first; returns how many. */
size_t sim_take_events(struct sim_model *m, struct sim_event *out, size_t max);

/* Derived values at the model's current time. */
struct sim_oee sim_line_oee(const struct sim_model *m, const struct sim_line *l);
double sim_line_theoretical(const struct sim_line *l);    /* units */
double sim_line_throughput(const struct sim_line *l);     /* units per hour now */
double sim_line_target(const struct sim_model *m, const struct sim_line *l); /* shift target */
double sim_line_defect_rate(const struct sim_line *l);    /* per 1000 units */
double sim_eq_temperature(const struct sim_model *m, const struct sim_line *l, int e);
double sim_eq_vibration(const struct sim_model *m, const struct sim_line *l, int e);
/* Whether the line is scheduled to produce (1), on a break (0) or off (-1)
 * at time t. */
int sim_line_scheduled(const struct sim_line *l, int64_t t);

/* Counts one real request that the server answered into the API metrics
 * (endpoint: index in sim_endpoints; code: index in its codes[]). */
void sim_record_request(struct sim_model *m, int endpoint, int code, double seconds);
/* The index of an endpoint by method and path, or -1. */
int sim_endpoint_find(const char *method, const char *path);

/* Looks an active or recently resolved Andon event up by id. */
const struct sim_andon *sim_andon_find(const struct sim_model *m, const char *id);

#endif
