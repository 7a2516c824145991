/*
 * The simulated plant. See sim_model.h for the rules it follows.
 *
 * Everything happens in line_second() and platform_second(), called once
 * per simulated second in a fixed order (platform, then lines by index).
 * Gauges that only depend on the state (temperatures, vibration) are not
 * stepped: they are computed when asked, from the state and a hash of the
 * time, so a sample costs nothing when nobody looks.
 */
#include "sim_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/xalloc.h"

#define DAY 86400
#define SHIFT 28800
#define SHIFT0 21600             /* the first shift starts at 06:00 UTC */
#define BREAK_LEN 1800
#define WARN_WINDOW 600          /* run seconds before a fault: warning */
#define RAMP_WINDOW 1800         /* run seconds before a fault: rising */

const double sim_resp_bounds[SIM_RESP_BUCKETS] = { 30, 60, 120, 300, 600, 1800, 3600 };

/* ---- Names --------------------------------------------------------------- */

const char *sim_state_name(enum sim_state s)
{
	static const char *const n[] = { "running", "stopped", "fault", "maintenance", "setup", "idle" };

	return (unsigned)s < SIM_N_STATES ? n[s] : "unknown";
}

const char *sim_dt_cat_name(enum sim_dt_cat c)
{
	static const char *const n[] = { "planned", "unplanned", "changeover", "maintenance" };

	return (unsigned)c < SIM_N_DT ? n[c] : "unknown";
}

const char *sim_eq_status_name(enum sim_eq_status s)
{
	static const char *const n[] = { "running", "idle", "warning", "fault", "offline", "maintenance" };

	return (unsigned)s < SIM_N_EQ ? n[s] : "unknown";
}

const char *sim_prio_name(enum sim_prio p)
{
	static const char *const n[] = { "low", "medium", "high", "critical" };

	return (unsigned)p < SIM_N_PRIO ? n[p] : "unknown";
}

const char *sim_andon_type_name(enum sim_andon_type t)
{
	static const char *const n[] = { "stop", "quality", "maintenance", "material", "safety" };

	return (unsigned)t < SIM_N_AT ? n[t] : "unknown";
}

const char *sim_andon_status_name(enum sim_andon_status s)
{
	static const char *const n[] = { "open", "acknowledged", "escalated", "resolved" };

	return (unsigned)s < SIM_N_AS ? n[s] : "unknown";
}

int64_t sim_ack_timeout(enum sim_prio p)
{
	static const int64_t t[] = { 900, 600, 300, 120 };

	return (unsigned)p < SIM_N_PRIO ? t[p] : 900;
}

int64_t sim_resolve_timeout(enum sim_prio p)
{
	static const int64_t t[] = { 3600, 2700, 1800, 900 };

	return (unsigned)p < SIM_N_PRIO ? t[p] : 3600;
}

/* ---- Randomness ---------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t mix(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ (b * 0xD6E8FEB86659FD93ULL);

	return splitmix64(&x);
}

void sim_rng_seed(struct sim_rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++) {
		r->s[i] = splitmix64(&x);
	}
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t sim_rng_next(struct sim_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double sim_rng_uniform(struct sim_rng *r)
{
	return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

static double urange(struct sim_rng *r, double a, double b)
{
	return a + (b - a) * sim_rng_uniform(r);
}

static int64_t irange(struct sim_rng *r, double a, double b)
{
	return (int64_t)urange(r, a, b);
}

static bool chance(struct sim_rng *r, double p)
{
	return sim_rng_uniform(r) < p;
}

static double expo(struct sim_rng *r, double mean)
{
	return -mean * log(1.0 - sim_rng_uniform(r));
}

static int pick(struct sim_rng *r, int n)
{
	return (int)(sim_rng_uniform(r) * n);
}

/* A deterministic UUID (version 4 layout) for (seed, a, b, kind). */
static void make_uuid(char out[40], uint64_t seed, uint64_t a, uint64_t b, char kind)
{
	uint64_t h1 = mix(mix(seed, a), b * 131 + (uint64_t)(unsigned char)kind);
	uint64_t h2 = mix(h1, 0x5bd1e995);

	snprintf(out, 40, "%08x-%04x-4%03x-%04x-%012llx",
		(unsigned)(h1 >> 32), (unsigned)(h1 >> 16) & 0xffff, (unsigned)h1 & 0xfff,
		(unsigned)(0x8000 | ((h2 >> 48) & 0x3fff)),
		(unsigned long long)(h2 & 0xffffffffffffULL));
}

/* Smooth noise in [-1, 1]: linear between hashed knots every period s. */
static double hnoise(uint64_t key, int64_t t, int64_t period)
{
	int64_t k = t >= 0 ? t / period : (t - period + 1) / period;
	double f = (double)(t - k * period) / (double)period;
	double v0 = (double)(mix(key, (uint64_t)k) >> 11) * 0x1.0p-53;
	double v1 = (double)(mix(key, (uint64_t)(k + 1)) >> 11) * 0x1.0p-53;

	return 2.0 * (v0 + (v1 - v0) * f) - 1.0;
}

static int64_t floordiv(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* ---- Static tables ------------------------------------------------------- */

struct line_kind {
	const char *name, *product;
	double cycle_lo, cycle_hi;   /* ideal seconds per unit */
	double kw_lo, kw_hi;
};

static const struct line_kind line_kinds[] = {
	{ "Bottling", "bottle_500ml", 0.55, 0.85, 60, 110 },
	{ "Canning", "can_330ml", 0.30, 0.45, 70, 130 },
	{ "Packaging", "case_24", 4.0, 6.0, 30, 60 },
	{ "Labeling", "bottle_1l", 0.8, 1.2, 25, 45 },
	{ "Palletizing", "case_layer", 8.0, 12.0, 20, 40 },
	{ "Filling", "pouch_250g", 1.0, 1.5, 40, 80 },
	{ "Cartoning", "carton_6pk", 2.0, 3.0, 30, 55 },
	{ "Wrapping", "shrink_pack", 3.0, 5.0, 35, 70 },
	{ "Mixing", "tub_5kg", 6.0, 9.0, 90, 160 },
	{ "Capping", "jar_400g", 0.9, 1.3, 25, 50 },
};
#define N_LINE_KINDS (sizeof(line_kinds) / sizeof(line_kinds[0]))

static const struct {
	const char *kind, *name;
	double temp;                 /* base temperature, Celsius */
} eq_kinds[] = {
	{ "FILL", "Filler", 42 }, { "CAP", "Capper", 38 }, { "LABEL", "Labeler", 35 },
	{ "PACK", "Case packer", 40 }, { "PAL", "Palletizer", 36 }, { "CONV", "Conveyor", 33 },
	{ "INSP", "Inspection", 31 }, { "WRAP", "Wrapper", 55 }, { "CODE", "Coder", 37 },
	{ "SEAL", "Sealer", 68 }, { "MIX", "Mixer", 47 }, { "BLOW", "Blow moulder", 72 },
};
#define N_EQ_KINDS (sizeof(eq_kinds) / sizeof(eq_kinds[0]))

static const char *const maint_tasks[] = {
	"lubrication", "inspection", "calibration", "belt_replacement", "cleaning",
};

static const char *const desc_stop[] = {
	"Jam at infeed", "Conveyor stopped", "Motor overload trip", "Photo sensor fault",
	"Star wheel jam", "Drive not ready",
};
static const char *const desc_maint[] = {
	"Motor overheating detected", "Bearing vibration high", "Hydraulic pressure low",
	"Servo drive fault", "Pneumatic leak",
};
static const char *const desc_safety[] = {
	"Light curtain tripped", "Emergency stop pressed", "Guard door open",
};
static const char *const desc_quality[] = {
	"Fill level out of tolerance", "Seal integrity failure", "Label misalignment",
	"Weight out of spec", "Cap torque out of spec",
};
static const char *const desc_material[] = {
	"Film roll low", "Caps hopper empty", "Bottle supply interrupted", "Pallet shortage",
	"Label stock low",
};
static const char *const notes[SIM_N_AT] = {
	"Cleared the jam, restarted the line",
	"Adjusted settings, verified samples",
	"Repaired the equipment, test run passed",
	"Material replenished",
	"Safety check done, guard reset",
};
static const char *const assignees[] = {
	"team_leader_001", "supervisor_001", "production_manager_001", "plant_manager_001",
};

#define PICK(r, arr) (arr[pick((r), (int)(sizeof(arr) / sizeof(arr[0])))])

/* ---- Platform tables ----------------------------------------------------- */

const struct sim_endpoint sim_endpoints[SIM_N_ENDPOINTS] = {
	{ "GET", "/api/v1/andon/events/active", { "200", "401", "500", "503" }, 0.14, 0.035, 0.004 },
	{ "GET", "/api/v1/andon/events", { "200", "422", "500", "503" }, 0.08, 0.055, 0.006 },
	{ "POST", "/api/v1/andon/events", { "201", "422", "500", "503" }, 0.02, 0.080, 0.020 },
	{ "GET", "/api/v1/dashboard/lines", { "200", "401", "500", "503" }, 0.20, 0.070, 0.004 },
	{ "GET", "/api/v1/dashboard/summary", { "200", "401", "500", "503" }, 0.12, 0.060, 0.004 },
	{ "GET", "/api/v1/production/lines", { "200", "404", "500", "503" }, 0.12, 0.045, 0.010 },
	{ "GET", "/api/v1/oee/lines/{line_id}", { "200", "404", "500", "503" }, 0.14, 0.090, 0.012 },
	{ "GET", "/api/v1/equipment/status", { "200", "404", "500", "503" }, 0.10, 0.040, 0.005 },
	{ "POST", "/api/v1/auth/login", { "200", "401", "500", "503" }, 0.02, 0.160, 0.080 },
	{ "POST", "/api/v1/auth/refresh", { "200", "401", "500", "503" }, 0.04, 0.025, 0.020 },
	{ "GET", "/api/v1/reports/production", { "200", "422", "500", "503" }, 0.02, 0.700, 0.010 },
};

const double sim_lat_bounds[SIM_LAT_BUCKETS] = { .05, .1, .2, .25, .5, 1, 2.5, 5, 10 };

const struct sim_query sim_queries[SIM_N_QUERIES] = {
	{ "select", "andon_events", 9.0, 0.004 },
	{ "select", "production_lines", 14.0, 0.003 },
	{ "insert", "oee_calculations", 2.0, 0.012 },
	{ "update", "andon_events", 0.6, 0.009 },
	{ "insert", "downtime_events", 0.3, 0.010 },
	{ "select", "equipment", 6.0, 0.005 },
};

const double sim_db_bounds[SIM_DB_BUCKETS] = { .001, .005, .01, .025, .05, .1, .25, 1 };

const char *const sim_task_names[SIM_N_TASKS] = {
	"oee_calculation", "andon_escalation", "report_generation", "notification_dispatch",
	"data_cleanup",
};
static const double task_rates[SIM_N_TASKS] = { 0.5, 0.05, 0.01, 0.8, 0.002 };
const char *const sim_task_states[3] = { "succeeded", "failed", "retried" };
const char *const sim_queue_names[SIM_N_QUEUES] = { "default", "high_priority", "reports" };
static const double queue_base[SIM_N_QUEUES] = { 4, 0.6, 1.5 };

const struct sim_pod sim_pods[SIM_N_PODS] = {
	{ "ms5-production", "ms5-backend-7d9f8b6c5-4xk2p", "backend", "ms5-node-1" },
	{ "ms5-production", "ms5-backend-7d9f8b6c5-9wq7m", "backend", "ms5-node-2" },
	{ "ms5-production", "ms5-backend-7d9f8b6c5-h2c8r", "backend", "ms5-node-3" },
	{ "ms5-production", "ms5-worker-5b8c9d7f6-lm3tz", "worker", "ms5-node-1" },
	{ "ms5-production", "ms5-worker-5b8c9d7f6-p8v4n", "worker", "ms5-node-3" },
	{ "ms5-production", "ms5-postgres-0", "postgres", "ms5-node-2" },
	{ "ms5-production", "ms5-redis-0", "redis", "ms5-node-1" },
	{ "monitoring", "prometheus-0", "prometheus", "ms5-node-3" },
	{ "monitoring", "alertmanager-0", "alertmanager", "ms5-node-2" },
};
const char *const sim_node_names[SIM_N_NODES] = { "ms5-node-1", "ms5-node-2", "ms5-node-3" };
const char *const sim_node_zones[SIM_N_NODES] = { "eu-west-1a", "eu-west-1b", "eu-west-1c" };
const char *const sim_cost_type[SIM_N_COSTS] = { "compute", "storage", "network", "database", "compute" };
const char *const sim_cost_ns[SIM_N_COSTS] = {
	"ms5-production", "ms5-production", "ms5-production", "ms5-production", "monitoring",
};

/* ---- Events -------------------------------------------------------------- */

static struct sim_event *ev_push(struct sim_model *m, enum sim_ev_kind kind, int64_t t, int line)
{
	struct sim_event *e;

	if (!m->ev) {
		return NULL;
	}
	if (m->ev_len == SIM_EVENT_RING) {
		m->ev_head = (m->ev_head + 1) % SIM_EVENT_RING;
		m->ev_len--;
		m->ev_dropped++;
	}
	e = &m->ev[(m->ev_head + m->ev_len++) % SIM_EVENT_RING];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->seq = ++m->ev_seq;
	e->t = t;
	e->line = line;
	e->eq = -1;
	return e;
}

size_t sim_take_events(struct sim_model *m, struct sim_event *out, size_t max)
{
	size_t n = 0;

	while (m->ev && m->ev_len && n < max) {
		out[n++] = m->ev[m->ev_head];
		m->ev_head = (m->ev_head + 1) % SIM_EVENT_RING;
		m->ev_len--;
	}
	return n;
}

static void emit_andon(struct sim_model *m, const struct sim_andon *a, enum sim_ev_kind kind, int64_t t)
{
	struct sim_event *e = ev_push(m, kind, t, a->line);

	if (e) {
		e->eq = a->eq;
		e->andon = *a;
	}
}

static void emit_dt(struct sim_model *m, const struct sim_downtime *d, int64_t t)
{
	struct sim_event *e = ev_push(m, SIM_EV_DOWNTIME, t, d->line);

	if (e) {
		e->eq = d->eq;
		e->dt = *d;
	}
}

/* ---- Schedule and derived values ----------------------------------------- */

int sim_line_scheduled(const struct sim_line *l, int64_t t)
{
	int64_t into = t - SHIFT0 - floordiv(t - SHIFT0, DAY) * DAY;   /* since 06:00 */
	int shift = (int)(into / SHIFT);
	int64_t off = into % SHIFT;

	if (!(l->shifts & (1u << shift))) {
		return -1;
	}
	if (l->breaks && off >= l->break_offset && off < l->break_offset + BREAK_LEN) {
		return 0;
	}
	return 1;
}

static int shift_id(int64_t t)
{
	return (int)(floordiv(t - SHIFT0, SHIFT));
}

static struct sim_counts counts_now(const struct sim_line *l)
{
	struct sim_counts c = { l->planned_s, l->runtime_s, l->output, l->good,
		(double)l->output + l->out_frac };

	return c;
}

static struct sim_oee oee_of(const struct sim_line *l, const struct sim_counts *d)
{
	struct sim_oee o = { 0, 0, 0, 0, false };
	double theo;

	if (d->planned_s <= 0) {
		return o;
	}
	o.valid = true;
	o.availability = (double)d->runtime_s / (double)d->planned_s;
	theo = (double)d->runtime_s / l->ideal_cycle;
	o.performance = theo > 0 ? d->made / theo : 0;
	o.quality = d->output > 0 ? (double)d->good / (double)d->output : 0;
	o.oee = o.availability * o.performance * o.quality;
	return o;
}

static struct sim_counts counts_since(const struct sim_line *l, const struct sim_counts *s)
{
	struct sim_counts d = {
		l->planned_s - s->planned_s, l->runtime_s - s->runtime_s,
		l->output - s->output, l->good - s->good,
		(double)l->output + l->out_frac - s->made,
	};

	return d;
}

struct sim_oee sim_line_oee(const struct sim_model *m, const struct sim_line *l)
{
	struct sim_counts d = counts_since(l, &l->shift_start);

	(void)m;
	/* Early in a shift the figures swing wildly: show the previous shift's
	 * until a quarter of an hour of planned time has passed. */
	if (d.planned_s < 900 && l->prev_oee.valid) {
		return l->prev_oee;
	}
	return oee_of(l, &d);
}

double sim_line_theoretical(const struct sim_line *l)
{
	return (double)l->runtime_s / l->ideal_cycle;
}

double sim_line_throughput(const struct sim_line *l)
{
	return l->state == SIM_RUNNING ? 3600.0 * l->speed / l->ideal_cycle : 0;
}

double sim_line_target(const struct sim_model *m, const struct sim_line *l)
{
	int64_t into = m->now - SHIFT0 - floordiv(m->now - SHIFT0, DAY) * DAY;
	int shift = (int)(into / SHIFT);
	double planned = SHIFT - (l->breaks ? BREAK_LEN : 0);

	if (!(l->shifts & (1u << shift))) {
		return 0;
	}
	return floor(planned / l->ideal_cycle * 0.85);
}

double sim_line_defect_rate(const struct sim_line *l)
{
	return l->scrap * 1000.0;
}

static enum sim_eq_status eq_status_now(const struct sim_line *l, int e, int64_t t)
{
	switch (l->state) {
	case SIM_RUNNING:
		return e == l->fault_eq && l->fault_at - l->runtime_s <= WARN_WINDOW ?
			SIM_EQ_WARNING : SIM_EQ_RUNNING;
	case SIM_FAULT:
		return e == l->cause_eq ? SIM_EQ_FAULT : SIM_EQ_IDLE;
	case SIM_MAINTENANCE:
		return e == l->cause_eq ? SIM_EQ_MAINTENANCE : SIM_EQ_IDLE;
	case SIM_IDLE:
		return sim_line_scheduled(l, t) < 0 ? SIM_EQ_OFFLINE : SIM_EQ_IDLE;
	default:
		return SIM_EQ_IDLE;
	}
}

/* How far the equipment is into the rise before its fault: 0 .. 1. */
static double pre_fault(const struct sim_line *l, int e)
{
	double rem;

	if (l->state != SIM_RUNNING || e != l->fault_eq) {
		return 0;
	}
	rem = (double)(l->fault_at - l->runtime_s);
	if (rem >= RAMP_WINDOW) {
		return 0;
	}
	rem = rem < 0 ? 0 : rem;
	return (1.0 - rem / RAMP_WINDOW) * (1.0 - rem / RAMP_WINDOW);
}

double sim_eq_temperature(const struct sim_model *m, const struct sim_line *l, int e)
{
	const struct sim_equipment *q = &l->eq[e];
	uint64_t key = mix(m->cfg.seed, (uint64_t)(l->index * 64 + e) * 2 + 1);
	double v = q->temp_base;

	switch (q->status) {
	case SIM_EQ_RUNNING:
	case SIM_EQ_WARNING:
		v += 12;
		break;
	case SIM_EQ_FAULT:
		v += 15 + 18 * exp(-(double)(m->now - l->since) / 300.0);
		break;
	case SIM_EQ_OFFLINE:
		v -= 8;
		break;
	default:
		v += 3;
		break;
	}
	v += 22 * pre_fault(l, e);
	v += 1.5 * hnoise(key, m->now, 20) + 0.6 * hnoise(key ^ 1, m->now, 3);
	return round(v * 100) / 100;
}

double sim_eq_vibration(const struct sim_model *m, const struct sim_line *l, int e)
{
	const struct sim_equipment *q = &l->eq[e];
	uint64_t key = mix(m->cfg.seed, (uint64_t)(l->index * 64 + e) * 2 + 2);
	double v;

	switch (q->status) {
	case SIM_EQ_RUNNING:
	case SIM_EQ_WARNING:
		v = q->vib_base * (1 + 0.12 * hnoise(key, m->now, 5));
		break;
	case SIM_EQ_OFFLINE:
		v = 0.02;
		break;
	default:
		v = 0.12 * q->vib_base * (1 + 0.3 * hnoise(key, m->now, 5));
		break;
	}
	v += 6 * pre_fault(l, e);
	return round(v * 1000) / 1000;
}

/* ---- Andon ---------------------------------------------------------------- */

static void operator_of(const struct sim_model *m, const struct sim_line *l, char out[40])
{
	make_uuid(out, m->cfg.seed, (uint64_t)l->index, 0, 'O');
}

static void technician(struct sim_model *m, struct sim_line *l, char out[40])
{
	make_uuid(out, m->cfg.seed, (uint64_t)pick(&l->rng, 4), 0, 'T');
}

static void plan_escalation(struct sim_andon *a, bool resolve_done)
{
	if (a->status == SIM_AS_RESOLVED) {
		a->next_escalation = 0;
	} else if (!a->acknowledged_at) {
		a->next_escalation = a->reported_at + sim_ack_timeout(a->prio) * (a->escalation_level + 1);
	} else if (!resolve_done) {
		a->next_escalation = a->reported_at + sim_resolve_timeout(a->prio);
	} else {
		a->next_escalation = 0;
	}
}

static void record_response(struct sim_model *m, enum sim_prio p, double v)
{
	int b = 0;

	while (b < SIM_RESP_BUCKETS && v > sim_resp_bounds[b]) {
		b++;
	}
	m->resp_bins[p][b]++;
	m->resp_sum[p] += v;
}

/* Opens an Andon event; returns its index in l->andon, or -1 when the
 * line already has as many as it can hold. ack_delay < 0: drawn. */
static int open_andon(struct sim_model *m, struct sim_line *l, int64_t t, enum sim_andon_type type,
	enum sim_prio prio, int eq, bool stops_line, double ack_delay)
{
	struct sim_andon *a;
	double timeout = (double)sim_ack_timeout(prio);

	if (l->n_andon == SIM_MAX_ANDON) {
		return -1;
	}
	a = &l->andon[l->n_andon];
	memset(a, 0, sizeof(*a));
	make_uuid(a->id, m->cfg.seed, (uint64_t)l->index, ++l->andon_seq, 'A');
	a->line = l->index;
	a->eq = eq;
	a->type = type;
	a->prio = prio;
	a->status = SIM_AS_OPEN;
	switch (type) {
	case SIM_AT_STOP: a->description = PICK(&l->rng, desc_stop); break;
	case SIM_AT_MAINTENANCE: a->description = PICK(&l->rng, desc_maint); break;
	case SIM_AT_SAFETY: a->description = PICK(&l->rng, desc_safety); break;
	case SIM_AT_QUALITY: a->description = PICK(&l->rng, desc_quality); break;
	default: a->description = PICK(&l->rng, desc_material); break;
	}
	operator_of(m, l, a->reported_by);
	a->reported_at = t;
	if (ack_delay < 0) {
		/* Most calls are answered within a few minutes; some late, past
		 * the acknowledge timeout: overdue, then escalated. */
		double quick = 0.85 * timeout < 280 ? 0.85 * timeout : 280;

		ack_delay = chance(&l->rng, prio >= SIM_PRIO_HIGH ? 0.08 : 0.05) ?
			urange(&l->rng, 1.15, 2.6) * timeout : urange(&l->rng, 15, quick);
	}
	a->ack_at = t + (int64_t)ack_delay;
	a->stops_line = stops_line;
	plan_escalation(a, false);
	l->andon_total[type][prio]++;
	emit_andon(m, a, SIM_EV_ANDON, t);
	return l->n_andon++;
}

static void acknowledge(struct sim_model *m, struct sim_line *l, struct sim_andon *a, int64_t t)
{
	a->status = SIM_AS_ACKNOWLEDGED;
	a->acknowledged_at = t;
	technician(m, l, a->acknowledged_by);
	record_response(m, a->prio, (double)(t - a->reported_at));
	plan_escalation(a, false);
}

static void resolve_andon(struct sim_model *m, struct sim_line *l, int i, int64_t t)
{
	struct sim_andon *a = &l->andon[i];

	if (!a->acknowledged_at) {
		acknowledge(m, l, a, t);
	}
	a->status = SIM_AS_RESOLVED;
	a->resolved_at = t;
	if (a->acknowledged_by[0]) {
		memcpy(a->resolved_by, a->acknowledged_by, sizeof(a->resolved_by));
	} else {
		technician(m, l, a->resolved_by);
	}
	a->resolution_notes = notes[a->type];
	a->next_escalation = 0;
	emit_andon(m, a, SIM_EV_ANDON, t);
	m->recent[(m->recent_head + m->recent_len) % SIM_RECENT] = *a;
	if (m->recent_len < SIM_RECENT) {
		m->recent_len++;
	} else {
		m->recent_head = (m->recent_head + 1) % SIM_RECENT;
	}
	memmove(&l->andon[i], &l->andon[i + 1], (size_t)(l->n_andon - i - 1) * sizeof(l->andon[0]));
	l->n_andon--;
	if (l->stop_andon == i) {
		l->stop_andon = -1;
	} else if (l->stop_andon > i) {
		l->stop_andon--;
	}
}

static void escalate(struct sim_model *m, struct sim_line *l, struct sim_andon *a, int64_t t)
{
	bool resolve_done = a->acknowledged_at != 0;

	if (a->escalation_level < 3) {
		a->escalation_level++;
	}
	make_uuid(a->escalation_id, m->cfg.seed, (uint64_t)l->index,
		(uint64_t)l->andon_seq * 8 + (uint64_t)a->escalation_level, 'E');
	a->assigned_to = assignees[a->escalation_level];
	if (!a->acknowledged_at) {
		a->status = SIM_AS_ESCALATED;
	}
	plan_escalation(a, resolve_done);
	emit_andon(m, a, SIM_EV_ESCALATION, t);
	emit_andon(m, a, SIM_EV_ANDON, t);
}

static void andon_tick(struct sim_model *m, struct sim_line *l, int64_t t)
{
	for (int i = 0; i < l->n_andon; i++) {
		struct sim_andon *a = &l->andon[i];

		if (!a->acknowledged_at && t >= a->ack_at) {
			acknowledge(m, l, a, t);
			emit_andon(m, a, SIM_EV_ANDON, t);
		} else if (a->next_escalation && t >= a->next_escalation) {
			escalate(m, l, a, t);
		}
		if (!a->stops_line && a->resolve_at && t >= a->resolve_at) {
			resolve_andon(m, l, i, t);
			i--;
		}
	}
}

/* ---- Line state machine -------------------------------------------------- */

static void refresh_eq(struct sim_model *m, struct sim_line *l, int64_t t)
{
	for (int e = 0; e < l->n_eq; e++) {
		enum sim_eq_status s = eq_status_now(l, e, t);
		struct sim_event *ev;

		if (s == l->eq[e].status) {
			continue;
		}
		ev = ev_push(m, SIM_EV_EQUIPMENT, t, l->index);
		if (ev) {
			ev->eq = e;
			ev->old_eq = l->eq[e].status;
			ev->new_eq = s;
		}
		l->eq[e].status = s;
	}
}

static void set_state(struct sim_model *m, struct sim_line *l, enum sim_state s, int64_t t)
{
	struct sim_event *e;

	if (s == l->state) {
		return;
	}
	e = ev_push(m, SIM_EV_LINE_STATUS, t, l->index);
	if (e) {
		e->old_state = l->state;
		e->new_state = s;
	}
	l->state = s;
	l->since = t;
	refresh_eq(m, l, t);
}

static void open_dt(struct sim_model *m, struct sim_line *l, int64_t t, enum sim_dt_cat cat, int eq,
	const char *code, const char *reason)
{
	struct sim_downtime *d = &l->dt;

	memset(d, 0, sizeof(*d));
	make_uuid(d->id, m->cfg.seed, (uint64_t)l->index, ++l->dt_seq, 'D');
	d->line = l->index;
	d->eq = eq;
	d->cat = cat;
	d->reason_code = code;
	d->reason = reason;
	d->start = t;
	emit_dt(m, d, t);
}

static void close_dt(struct sim_model *m, struct sim_line *l, int64_t t)
{
	if (!l->dt.start) {
		return;
	}
	l->dt.end = t;
	emit_dt(m, &l->dt, t);
	l->dt.start = 0;
}

static void new_segment(struct sim_line *l)
{
	l->speed = l->speed_base * urange(&l->rng, 0.97, 1.03);
	if (l->speed_base > 1.0 && l->speed < 1.02) {
		l->speed = 1.02;
	}
	if (l->speed > 1.05) {
		l->speed = 1.05;
	}
	l->scrap = l->scrap_base * urange(&l->rng, 0.6, 1.4);
}

static void new_job(struct sim_line *l)
{
	l->job_seq++;
	snprintf(l->job_id, sizeof(l->job_id), "JOB-%s-%04u", l->code, l->job_seq % 10000);
	l->job_output0 = l->output;
	l->job_target = (int64_t)(4 * 3600 / l->ideal_cycle * 0.9);
}

static void draw_fault(struct sim_line *l)
{
	double r = sim_rng_uniform(&l->rng);

	l->fault_at = l->runtime_s + 120 + (int64_t)expo(&l->rng, l->fault_mtbf);
	l->fault_eq = pick(&l->rng, l->n_eq);
	l->fault_type = r < 0.6 ? SIM_AT_STOP : r < 0.9 ? SIM_AT_MAINTENANCE : SIM_AT_SAFETY;
}

static void start_run(struct sim_model *m, struct sim_line *l, int64_t t)
{
	close_dt(m, l, t);
	new_segment(l);
	l->until = 0;
	l->cause_eq = -1;
	set_state(m, l, SIM_RUNNING, t);
}

static void go_idle(struct sim_model *m, struct sim_line *l, int64_t t, int sched)
{
	close_dt(m, l, t);
	l->until = 0;
	l->cause_eq = -1;
	set_state(m, l, SIM_IDLE, t);
	if (sched == 0) {
		open_dt(m, l, t, SIM_DT_PLANNED, -1, "BREAK", "Planned break");
	}
}

/* Stops the line for duration seconds; with an Andon when type >= 0. */
static void begin_stop(struct sim_model *m, struct sim_line *l, int64_t t, enum sim_state s,
	enum sim_dt_cat cat, int eq, const char *code, const char *reason, double duration,
	int type, enum sim_prio prio, double ack_delay)
{
	close_dt(m, l, t);
	l->cause_eq = eq;
	l->until = t + (int64_t)duration;
	l->stop_andon = -1;
	if (type >= 0) {
		l->stop_andon = open_andon(m, l, t, (enum sim_andon_type)type, prio, eq, true, ack_delay);
		if (l->stop_andon >= 0) {
			const struct sim_andon *a = &l->andon[l->stop_andon];

			/* Repairs end after someone acknowledged the call. */
			if (l->until < a->ack_at + 30) {
				l->until = a->ack_at + 30 + irange(&l->rng, 0, 120);
			}
			reason = a->description;
		}
	}
	open_dt(m, l, t, cat, eq, code, reason);
	set_state(m, l, s, t);
}

static void begin_fault(struct sim_model *m, struct sim_line *l, int64_t t)
{
	enum sim_prio prio;
	double d;
	const char *code;

	switch (l->fault_type) {
	case SIM_AT_SAFETY:
		prio = SIM_PRIO_CRITICAL;
		d = 120 + expo(&l->rng, 300);
		d = d > 900 ? 900 : d;
		code = "SAFETY";
		break;
	case SIM_AT_MAINTENANCE:
		prio = chance(&l->rng, 0.6) ? SIM_PRIO_HIGH : SIM_PRIO_MEDIUM;
		d = 600 + expo(&l->rng, 900);
		d = d > 3600 ? 3600 : d;
		code = "EQUIP_FAULT";
		break;
	default:
		prio = chance(&l->rng, 0.3) ? SIM_PRIO_CRITICAL : SIM_PRIO_HIGH;
		d = 180 + expo(&l->rng, 500);
		d = d > 2700 ? 2700 : d;
		code = "JAM";
		break;
	}
	begin_stop(m, l, t, SIM_FAULT, SIM_DT_UNPLANNED, l->fault_eq, code, "Equipment fault", d,
		(int)l->fault_type, prio, -1);
}

static void begin_minor_stop(struct sim_model *m, struct sim_line *l, int64_t t)
{
	double r = sim_rng_uniform(&l->rng);
	int eq = pick(&l->rng, l->n_eq);

	if (r < 0.35) {
		begin_stop(m, l, t, SIM_STOPPED, SIM_DT_UNPLANNED, eq, "MICROSTOP", "Minor stop",
			urange(&l->rng, 30, 110), -1, SIM_PRIO_LOW, -1);
	} else if (r < 0.75) {
		begin_stop(m, l, t, SIM_STOPPED, SIM_DT_UNPLANNED, eq, "MATERIAL", "Material shortage",
			urange(&l->rng, 180, 900), SIM_AT_MATERIAL,
			chance(&l->rng, 0.7) ? SIM_PRIO_MEDIUM : SIM_PRIO_LOW, -1);
	} else {
		struct sim_event *e;

		begin_stop(m, l, t, SIM_STOPPED, SIM_DT_UNPLANNED, eq, "QUALITY", "Quality hold",
			urange(&l->rng, 300, 1200), SIM_AT_QUALITY,
			chance(&l->rng, 0.4) ? SIM_PRIO_HIGH : SIM_PRIO_MEDIUM, -1);
		e = ev_push(m, SIM_EV_QUALITY, t, l->index);
		if (e && l->stop_andon >= 0) {
			e->eq = eq;
			e->andon = l->andon[l->stop_andon];
		}
	}
}

static void end_stop(struct sim_model *m, struct sim_line *l, int64_t t, int sched)
{
	enum sim_state was = l->state;

	close_dt(m, l, t);
	if (l->stop_andon >= 0) {
		resolve_andon(m, l, l->stop_andon, t);
	}
	switch (was) {
	case SIM_FAULT:
		draw_fault(l);
		break;
	case SIM_MAINTENANCE:
		if (l->cause_eq >= 0) {
			struct sim_equipment *q = &l->eq[l->cause_eq];

			q->next_maint = t + (int64_t)((double)q->maint_interval * urange(&l->rng, 0.9, 1.1));
		}
		break;
	case SIM_SETUP:
		l->changeover_at = l->runtime_s + (int64_t)(l->changeover_every * urange(&l->rng, 0.6, 1.4));
		new_job(l);
		break;
	case SIM_STOPPED:
		l->stop_at = l->runtime_s + 60 + (int64_t)expo(&l->rng, l->stop_mtbf);
		break;
	default:
		break;
	}
	if (l->stop_at < l->runtime_s + 60) {
		l->stop_at = l->runtime_s + 60 + (int64_t)expo(&l->rng, l->stop_mtbf);
	}
	if (l->changeover_at < l->runtime_s + 600) {
		l->changeover_at = l->runtime_s + 600 + (int64_t)(l->changeover_every * urange(&l->rng, 0.3, 0.8));
	}
	if (sched == 1) {
		start_run(m, l, t);
	} else {
		go_idle(m, l, t, sched);
	}
}

/* The forced fault for demonstrations: critical, acknowledged late
 * (overdue and escalated at 2 minutes), about five and a half minutes. */
static void demo_fault(struct sim_model *m, struct sim_line *l, int64_t t)
{
	if (l->state != SIM_RUNNING && l->state != SIM_IDLE) {
		l->until = t;
		end_stop(m, l, t, 1);
	}
	l->fault_eq = 0;
	l->fault_type = SIM_AT_STOP;
	begin_stop(m, l, t, SIM_FAULT, SIM_DT_UNPLANNED, 0, "JAM", "Equipment fault",
		urange(&l->rng, 300, 360), SIM_AT_STOP, SIM_PRIO_CRITICAL, 150);
}

static void shift_change(struct sim_line *l, int sid)
{
	struct sim_counts d = counts_since(l, &l->shift_start);

	if (l->shift_id >= 0 && d.planned_s > 0) {
		l->prev_oee = oee_of(l, &d);
	}
	l->shift_start = counts_now(l);
	l->shift_id = sid;
}

static void produce(struct sim_line *l)
{
	int64_t n, s;

	l->out_frac += l->speed / l->ideal_cycle;
	n = (int64_t)l->out_frac;
	l->out_frac -= (double)n;
	if (!n) {
		return;
	}
	l->scrap_frac += (double)n * l->scrap;
	s = (int64_t)l->scrap_frac;
	l->scrap_frac -= (double)s;
	s = s > n ? n : s;
	l->output += n;
	l->scrap_units += s;
	l->good += n - s;
	/* One quality check per 100 units; it fails when 3 or more of them
	 * were scrap. */
	l->checked_output += n;
	l->checked_scrap += s;
	while (l->checked_output >= 100) {
		if (l->checked_scrap >= 3) {
			l->checks_fail++;
		} else {
			l->checks_pass++;
		}
		l->checked_output -= 100;
		l->checked_scrap = 0;
	}
}

static void periodic(struct sim_model *m, struct sim_line *l, int64_t t)
{
	struct sim_event *e;

	if ((t + l->index) % 30 == 0) {
		ev_push(m, SIM_EV_PRODUCTION, t, l->index);
	}
	if ((t + l->index * 7) % 60 == 0) {
		ev_push(m, SIM_EV_OEE, t, l->index);
	}
	for (int q = 0; q < l->n_eq; q++) {
		if ((t + l->index * 11 + q * 13) % 60 == 0) {
			e = ev_push(m, SIM_EV_EQUIPMENT, t, l->index);
			if (e) {
				e->eq = q;
				e->old_eq = e->new_eq = l->eq[q].status;
			}
		}
	}
}

static void line_second(struct sim_model *m, struct sim_line *l, int64_t t)
{
	int sched = sim_line_scheduled(l, t);
	int sid = shift_id(t);
	int64_t day = floordiv(t, DAY);

	if (sid != l->shift_id) {
		shift_change(l, sid);
	}
	andon_tick(m, l, t);

	if (l->demo_fault_at && t >= l->demo_fault_at) {
		l->demo_fault_at = 0;
		demo_fault(m, l, t);
	}
	switch (l->state) {
	case SIM_IDLE:
		if (sched == 1) {
			start_run(m, l, t);
		} else if (sched == 0 && !l->dt.start) {
			open_dt(m, l, t, SIM_DT_PLANNED, -1, "BREAK", "Planned break");
			refresh_eq(m, l, t);
		} else if (sched < 0 && l->dt.start) {
			close_dt(m, l, t);
			refresh_eq(m, l, t);
		}
		break;
	case SIM_RUNNING:
		if (sched != 1) {
			go_idle(m, l, t, sched);
		} else if (l->runtime_s >= l->fault_at) {
			begin_fault(m, l, t);
		} else if (l->runtime_s >= l->stop_at) {
			begin_minor_stop(m, l, t);
		} else if (l->runtime_s >= l->changeover_at) {
			begin_stop(m, l, t, SIM_SETUP, SIM_DT_CHANGEOVER, -1, "CHANGEOVER",
				"Product changeover", urange(&l->rng, 600, 1500), -1, SIM_PRIO_LOW, -1);
		} else {
			for (int e = 0; e < l->n_eq; e++) {
				if (t >= l->eq[e].next_maint) {
					begin_stop(m, l, t, SIM_MAINTENANCE, SIM_DT_MAINTENANCE, e, "PM",
						l->eq[e].task, urange(&l->rng, 900, 2400), -1, SIM_PRIO_LOW, -1);
					break;
				}
			}
			if (l->state == SIM_RUNNING && l->fault_at - l->runtime_s == WARN_WINDOW) {
				refresh_eq(m, l, t);
			}
		}
		break;
	default:
		if (t >= l->until) {
			end_stop(m, l, t, sched);
		}
		break;
	}

	/* Andon calls: material running low, the line keeps going. */
	if (t >= l->call_at) {
		if (l->state == SIM_RUNNING && l->n_andon < SIM_MAX_ANDON - 1) {
			int i = open_andon(m, l, t, SIM_AT_MATERIAL,
				chance(&l->rng, 0.7) ? SIM_PRIO_LOW : SIM_PRIO_MEDIUM,
				pick(&l->rng, l->n_eq), false, -1);

			if (i >= 0) {
				struct sim_andon *a = &l->andon[i];

				a->resolve_at = t + irange(&l->rng, 300, 1200);
				if (a->resolve_at < a->ack_at + 30) {
					a->resolve_at = a->ack_at + 30 + irange(&l->rng, 0, 300);
				}
			}
		}
		l->call_at = t + 60 + (int64_t)expo(&l->rng, l->call_mean);
	}

	/* Account for the second [t, t+1). */
	for (int e = 0; e < l->n_eq; e++) {
		struct sim_equipment *q = &l->eq[e];

		if (q->maint_day != day) {
			q->maint_day = day;
			q->maint_planned_s = q->maint_corrective_s = 0;
		}
	}
	if (l->cause_eq >= 0 && l->state == SIM_MAINTENANCE) {
		l->eq[l->cause_eq].maint_planned_s++;
	} else if (l->cause_eq >= 0 && l->state == SIM_FAULT) {
		l->eq[l->cause_eq].maint_corrective_s++;
	}
	if (sched == 1) {
		l->planned_s++;
		switch (l->state) {
		case SIM_RUNNING:
			l->runtime_s++;
			produce(l);
			l->energy_kwh += l->power_kw / 3600.0;
			break;
		case SIM_STOPPED:
		case SIM_FAULT:
			l->downtime_s[SIM_DT_UNPLANNED]++;
			l->energy_kwh += 0.3 * l->power_kw / 3600.0;
			break;
		case SIM_MAINTENANCE:
			l->downtime_s[SIM_DT_MAINTENANCE]++;
			l->energy_kwh += 0.2 * l->power_kw / 3600.0;
			break;
		case SIM_SETUP:
			l->downtime_s[SIM_DT_CHANGEOVER]++;
			l->energy_kwh += 0.3 * l->power_kw / 3600.0;
			break;
		default:
			l->energy_kwh += 0.15 * l->power_kw / 3600.0;
			break;
		}
	} else if (sched == 0) {
		l->downtime_s[SIM_DT_PLANNED]++;
		l->energy_kwh += 0.15 * l->power_kw / 3600.0;
	} else {
		l->energy_kwh += 0.04 * l->power_kw / 3600.0;
	}
	if (m->ev) {
		periodic(m, l, t);
	}
}

/* ---- Platform ------------------------------------------------------------- */

static double lognormal_cdf(double x, double median, double sigma)
{
	return 0.5 * erfc(-(log(x) - log(median)) / (sigma * sqrt(2.0)));
}

/* Splits the unit mass into histogram bins for a log-normal latency. */
static double bins_for(double *p, const double *bounds, int n, double median, double sigma)
{
	double prev = 0;

	for (int b = 0; b < n; b++) {
		double c = lognormal_cdf(bounds[b], median, sigma);

		p[b] = c - prev;
		prev = c;
	}
	p[n] = 1.0 - prev;
	return median * exp(sigma * sigma / 2);
}

static void latency_tables(struct sim_platform *p, double factor)
{
	for (int e = 0; e < SIM_N_ENDPOINTS; e++) {
		p->lat_mean[e] = bins_for(p->lat_p[e], sim_lat_bounds, SIM_LAT_BUCKETS,
			sim_endpoints[e].median * factor, 0.55);
	}
	p->lat_factor = factor;
}

static void platform_init(struct sim_model *m)
{
	struct sim_platform *p = &m->plat;
	int64_t t = m->cfg.epoch;

	sim_rng_seed(&p->rng, mix(m->cfg.seed, 0xC0FFEE));
	latency_tables(p, 1.0);
	for (int q = 0; q < SIM_N_QUERIES; q++) {
		p->db_mean[q] = bins_for(p->db_p[q], sim_db_bounds, SIM_DB_BUCKETS,
			sim_queries[q].median, 0.8);
	}
	p->next_burst = t + 600 + (int64_t)expo(&p->rng, 3600);
	p->next_slow = t + 900 + (int64_t)expo(&p->rng, 5400);
	p->next_restart = t + (int64_t)expo(&p->rng, 4 * 3600);
	p->pg_up = true;
}

/* Adds rate * share to an accumulator and moves its whole part to a count. */
static void accrue(double *acc, uint64_t *count, double amount)
{
	uint64_t k;

	*acc += amount;
	k = (uint64_t)*acc;
	*acc -= (double)k;
	*count += k;
}

static void platform_second(struct sim_model *m, int64_t t)
{
	struct sim_platform *p = &m->plat;
	uint64_t seed = m->cfg.seed;
	int64_t tod = t - floordiv(t, DAY) * DAY;
	bool day = tod >= 6 * 3600 && tod < 22 * 3600;
	bool burst, slow;
	double fivexx, rate, maxcpu = 0;

	p->load = (day ? 1.0 : 0.6) + 0.12 * hnoise(mix(seed, 11), t, 900) + 0.05 * hnoise(mix(seed, 12), t, 60);

	if (t >= p->next_burst) {
		p->burst_start = t;
		p->burst_end = t + irange(&p->rng, 240, 720);
		p->burst_5xx = urange(&p->rng, 0.04, 0.25);
		p->pg_down_until = chance(&p->rng, 0.25) ? t + irange(&p->rng, 60, 180) : 0;
		p->next_burst = p->burst_end + 600 + (int64_t)expo(&p->rng, 6000);
		if (chance(&p->rng, 0.4)) {
			p->restarts[pick(&p->rng, 3)]++;
		}
		ev_push(m, SIM_EV_HEALTH, t, -1);
	}
	if (t >= p->next_slow) {
		p->slow_start = t;
		p->slow_end = t + irange(&p->rng, 300, 1200);
		p->slow_factor = urange(&p->rng, 2.0, 4.0);
		p->next_slow = p->slow_end + 600 + (int64_t)expo(&p->rng, 7200);
	}
	if (t >= p->next_restart) {
		p->restarts[pick(&p->rng, SIM_N_PODS)]++;
		p->next_restart = t + 600 + (int64_t)expo(&p->rng, 4 * 3600);
	}
	burst = t >= p->burst_start && t < p->burst_end;
	slow = t >= p->slow_start && t < p->slow_end;
	p->pg_up = t >= p->pg_down_until;
	if ((slow ? p->slow_factor : 1.0) != p->lat_factor) {
		latency_tables(p, slow ? p->slow_factor : 1.0);
	}

	fivexx = burst ? p->burst_5xx : 0.0003;
	if (!p->pg_up) {
		fivexx = 0.85;
	}
	rate = 28.0 * p->load;
	for (int i = 0; i < SIM_N_ENDPOINTS; i++) {
		const struct sim_endpoint *ep = &sim_endpoints[i];
		double n = rate * ep->weight;
		double share[SIM_N_CODES] = {
			1.0 - ep->client_err - fivexx, ep->client_err, fivexx * 0.7, fivexx * 0.3,
		};

		for (int c = 0; c < SIM_N_CODES; c++) {
			accrue(&p->req_acc[i][c], &p->req[i][c], n * share[c]);
		}
		for (int b = 0; b <= SIM_LAT_BUCKETS; b++) {
			accrue(&p->lat_acc[i][b], &p->lat[i][b], n * p->lat_p[i][b]);
		}
		p->lat_sum[i] += n * p->lat_mean[i];
	}
	for (int q = 0; q < SIM_N_QUERIES; q++) {
		double n = p->pg_up ? sim_queries[q].rate * p->load : 0;

		for (int b = 0; b <= SIM_DB_BUCKETS; b++) {
			accrue(&p->db_acc[q][b], &p->db[q][b], n * p->db_p[q][b]);
		}
		p->db_sum[q] += n * p->db_mean[q];
	}
	for (int k = 0; k < SIM_N_TASKS; k++) {
		double n = task_rates[k] * (0.5 + 0.5 * p->load);
		double fail = burst ? 0.08 : 0.004, retry = burst ? 0.1 : 0.01;

		accrue(&p->task_acc[k][0], &p->tasks[k][0], n * (1 - fail));
		accrue(&p->task_acc[k][1], &p->tasks[k][1], n * fail);
		accrue(&p->task_acc[k][2], &p->tasks[k][2], n * retry);
	}

	/* Gauges. */
	p->db_active = p->pg_up ? 8 + 22 * p->load + 3 * hnoise(mix(seed, 13), t, 30) + (burst ? 45 : 0) : 0;
	p->db_active = round(p->db_active > 100 ? 100 : p->db_active < 0 ? 0 : p->db_active);
	for (int q = 0; q < SIM_N_QUEUES; q++) {
		double v = queue_base[q] * (1 + 0.6 * hnoise(mix(seed, 20 + (uint64_t)q), t, 45)) * (burst ? 12 : 1);

		p->queued[q] = round(v < 0 ? 0 : v);
	}
	for (int n = 0; n < SIM_N_NODES; n++) {
		double cpu = 28 + 30 * p->load + 6 * hnoise(mix(seed, 30 + (uint64_t)n), t, 120) + (burst ? 18 : 0);
		double mem = 52 + 9 * p->load + 3 * hnoise(mix(seed, 40 + (uint64_t)n), t, 600);
		double disk = 61 + 4 * hnoise(mix(seed, 50 + (uint64_t)n), t, 7200) + 3 * n;

		p->node_util[n][0] = round(cpu * 10) / 10;
		p->node_util[n][1] = round(mem * 10) / 10;
		p->node_util[n][2] = round(disk * 10) / 10;
		maxcpu = cpu > maxcpu ? cpu : maxcpu;
	}
	p->health = 97 - (burst ? 25 : 0) - (!p->pg_up ? 20 : 0) - (slow ? 8 : 0) -
		(maxcpu > 80 ? maxcpu - 80 : 0) + 2 * hnoise(mix(seed, 60), t, 300);
	p->health = round((p->health > 100 ? 100 : p->health < 0 ? 0 : p->health) * 10) / 10;
	p->cost[0] = 3.2 * (0.8 + 0.4 * p->load);
	p->cost[1] = 0.45;
	p->cost[2] = 0.3 * p->load;
	p->cost[3] = 1.1;
	p->cost[4] = 0.6;
	for (int c = 0; c < SIM_N_COSTS; c++) {
		p->cost[c] = round(p->cost[c] * 1000) / 1000;
	}
}

void sim_record_request(struct sim_model *m, int endpoint, int code, double seconds)
{
	struct sim_platform *p = &m->plat;
	int b = 0;

	if (endpoint < 0 || endpoint >= SIM_N_ENDPOINTS || code < 0 || code >= SIM_N_CODES) {
		return;
	}
	p->req[endpoint][code]++;
	while (b < SIM_LAT_BUCKETS && seconds > sim_lat_bounds[b]) {
		b++;
	}
	p->lat[endpoint][b]++;
	p->lat_sum[endpoint] += seconds;
}

int sim_endpoint_find(const char *method, const char *path)
{
	for (int e = 0; e < SIM_N_ENDPOINTS; e++) {
		if (!strcmp(sim_endpoints[e].method, method) && !strcmp(sim_endpoints[e].path, path)) {
			return e;
		}
	}
	return -1;
}

/* ---- Model ---------------------------------------------------------------- */

static void line_init(struct sim_model *m, struct sim_line *l, int i)
{
	const struct line_kind *k = &line_kinds[(size_t)i % N_LINE_KINDS];
	struct sim_rng *r = &l->rng;
	int64_t t = m->cfg.epoch;

	memset(l, 0, sizeof(*l));
	l->index = i;
	snprintf(l->id, sizeof(l->id), "line_%03d", i + 1);
	snprintf(l->code, sizeof(l->code), "L%02d", i + 1);
	snprintf(l->name, sizeof(l->name), "Line %d - %s", i + 1, k->name);
	l->product = k->product;
	sim_rng_seed(r, mix(m->cfg.seed, (uint64_t)i + 1));

	l->shifts = i == 0 ? 7u : i % 4 == 3 ? 3u : 7u;
	l->breaks = i != 0;
	l->break_offset = 4 * 3600 + (i % 2) * 1800;

	l->ideal_cycle = urange(r, k->cycle_lo, k->cycle_hi);
	l->speed_base = urange(r, 0.84, 0.94);
	l->scrap_base = urange(r, 0.005, 0.02);
	l->fault_mtbf = urange(r, 4, 7) * 3600;
	l->stop_mtbf = urange(r, 60, 120) * 60;
	l->call_mean = urange(r, 2, 4) * 3600;
	l->changeover_every = urange(r, 4, 8) * 3600;
	l->power_kw = urange(r, k->kw_lo, k->kw_hi);
	if (i == 2) {
		/* The poor performer. */
		l->speed_base = 0.74;
		l->scrap_base = 0.04;
		l->fault_mtbf = 50 * 60;
		l->stop_mtbf = 30 * 60;
	} else if (i == 4) {
		/* Its ideal cycle time is set too slow: performance above 1. */
		l->speed_base = urange(r, 1.02, 1.05);
	}

	l->n_eq = m->cfg.n_equipment;
	for (int e = 0; e < l->n_eq; e++) {
		struct sim_equipment *q = &l->eq[e];

		/* Past the 12 kinds, a second of each: L01.FILL.02, ... */
		size_t kind = (size_t)e % N_EQ_KINDS;

		q->kind = eq_kinds[kind].kind;
		q->name = eq_kinds[kind].name;
		snprintf(q->code, sizeof(q->code), "%s.%s.%02zu", l->code, q->kind, (size_t)e / N_EQ_KINDS + 1);
		q->task = maint_tasks[(size_t)(i + e) % (sizeof(maint_tasks) / sizeof(maint_tasks[0]))];
		q->temp_base = eq_kinds[kind].temp + urange(r, -3, 3);
		q->vib_base = urange(r, 1.2, 3.0);
		q->maint_interval = irange(r, 24, 96) * 3600;
		q->next_maint = t + (int64_t)((double)q->maint_interval * urange(r, 0.2, 1.0));
		q->status = SIM_EQ_OFFLINE;
		q->maint_day = floordiv(t, DAY);
	}

	l->state = SIM_IDLE;
	l->since = t;
	l->cause_eq = -1;
	l->stop_andon = -1;
	l->shift_id = -1;
	new_segment(l);
	draw_fault(l);
	l->stop_at = 60 + (int64_t)expo(r, l->stop_mtbf);
	l->changeover_at = (int64_t)(l->changeover_every * urange(r, 0.3, 1.2));
	l->call_at = t + 300 + (int64_t)expo(r, l->call_mean);
	new_job(l);
	if (i == 0 && m->cfg.demo_fault_at > 0) {
		l->demo_fault_at = m->cfg.demo_fault_at;
	}
}

struct sim_model *sim_create(const struct sim_config *cfg, const char **error)
{
	struct sim_model *m;

	if (cfg->n_lines < 1 || cfg->n_lines > SIM_MAX_LINES) {
		*error = "the number of lines must be 1 to 1000";
		return NULL;
	}
	if (cfg->n_equipment < 1 || cfg->n_equipment > SIM_MAX_EQUIPMENT) {
		*error = "the number of equipment per line must be 1 to 48";
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	m->cfg = *cfg;
	m->now = cfg->epoch;
	m->n_lines = cfg->n_lines;
	m->lines = xcalloc((size_t)cfg->n_lines, sizeof(*m->lines));
	if (cfg->events) {
		m->ev = xcalloc(SIM_EVENT_RING, sizeof(*m->ev));
	}
	platform_init(m);
	for (int i = 0; i < m->n_lines; i++) {
		line_init(m, &m->lines[i], i);
	}
	return m;
}

void sim_destroy(struct sim_model *m)
{
	if (!m) {
		return;
	}
	free(m->ev);
	free(m->lines);
	free(m);
}

void sim_advance_to(struct sim_model *m, int64_t t)
{
	while (m->now < t) {
		platform_second(m, m->now);
		for (int i = 0; i < m->n_lines; i++) {
			line_second(m, &m->lines[i], m->now);
		}
		m->now++;
	}
}

void sim_step(struct sim_model *m, double dt)
{
	double whole;

	if (!(dt > 0)) {
		return;
	}
	m->frac += dt;
	whole = floor(m->frac);
	m->frac -= whole;
	sim_advance_to(m, m->now + (int64_t)whole);
}

const struct sim_andon *sim_andon_find(const struct sim_model *m, const char *id)
{
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];

		for (int k = 0; k < l->n_andon; k++) {
			if (!strcmp(l->andon[k].id, id)) {
				return &l->andon[k];
			}
		}
	}
	for (size_t k = 0; k < m->recent_len; k++) {
		const struct sim_andon *a = &m->recent[(m->recent_head + k) % SIM_RECENT];

		if (!strcmp(a->id, id)) {
			return a;
		}
	}
	return NULL;
}
