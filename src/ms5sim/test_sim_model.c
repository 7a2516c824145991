/*
 * Unit tests of ms5sim's pure parts: the plant model, the metric writer
 * (text and OpenMetrics history), the JSON frames and REST bodies, the
 * token store and the REST router (hostile requests included).
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/strbuf.h"
#include "sim_auth.h"
#include "sim_json.h"
#include "sim_metrics.h"
#include "sim_model.h"
#include "sim_request.h"

#define EPOCH 1763942400LL       /* 2025-11-24T00:00:00Z */
#define HOUR 3600

static struct sim_model *model(uint64_t seed, int lines, bool events, int64_t demo)
{
	struct sim_config c = {
		.seed = seed, .n_lines = lines, .n_equipment = 5, .epoch = EPOCH,
		.demo_fault_at = demo, .events = events,
	};
	const char *err = NULL;
	struct sim_model *m = sim_create(&c, &err);

	cr_assert_not_null(m, "sim_create: %s", err ? err : "?");
	return m;
}

static char *metrics_text(const struct sim_model *m)
{
	struct strbuf b;
	struct sim_mw w;

	strbuf_init(&b, 0);
	sim_mw_init_text(&w, &b);
	sim_metrics_write(&w, m, NULL);
	sim_mw_finish(&w);
	return strbuf_steal(&b);
}

/* ---- Model ---------------------------------------------------------------- */

Test(model, rejects_bad_configuration)
{
	struct sim_config c = { .seed = 1, .n_lines = 0, .n_equipment = 5, .epoch = EPOCH };
	const char *err = NULL;

	cr_assert_null(sim_create(&c, &err));
	cr_assert_not_null(err);
	c.n_lines = SIM_MAX_LINES + 1;
	cr_assert_null(sim_create(&c, &err));
	c.n_lines = 6;
	c.n_equipment = SIM_MAX_EQUIPMENT + 1;
	cr_assert_null(sim_create(&c, &err));
	c.n_equipment = 5;
	c.n_lines = 200;
	sim_destroy(sim_create(&c, &err));
}

Test(model, names_lines_and_equipment)
{
	struct sim_model *m = model(1, 120, false, 0);

	cr_assert_str_eq(m->lines[0].id, "line_001");
	cr_assert_str_eq(m->lines[0].name, "Line 1 - Bottling");
	cr_assert_str_eq(m->lines[0].eq[0].code, "L01.FILL.01");
	cr_assert_str_eq(m->lines[0].eq[4].code, "L01.PAL.01");
	cr_assert_str_eq(m->lines[119].id, "line_120");
	cr_assert_str_eq(m->lines[119].eq[1].code, "L120.CAP.01");
	sim_destroy(m);
}

/* The plant of bench/plant.sh: 200 lines of 20 equipment, every code
 * distinct; past the 12 kinds a second of each (L01.FILL.02). */
Test(model, names_a_large_plant)
{
	struct sim_config c = { .seed = 1, .n_lines = 200, .n_equipment = 20, .epoch = EPOCH };
	const char *err = NULL;
	struct sim_model *m = sim_create(&c, &err);
	char *text;
	size_t n = 0;

	cr_assert_not_null(m, "sim_create: %s", err ? err : "?");
	cr_assert_str_eq(m->lines[0].eq[11].code, "L01.BLOW.01");
	cr_assert_str_eq(m->lines[0].eq[12].code, "L01.FILL.02");
	cr_assert_str_eq(m->lines[199].eq[19].code, "L200.WRAP.02");
	for (int l = 0; l < 200; l++) {
		for (int e = 0; e < 20; e++) {
			for (int f = 0; f < e; f++) {
				cr_assert_str_neq(m->lines[l].eq[e].code, m->lines[l].eq[f].code);
			}
		}
	}
	text = metrics_text(m);
	for (const char *p = text; (p = strstr(p, "\nms5_equipment_temperature_celsius{")); p++) {
		n++;
	}
	cr_assert_eq(n, 4000, "%zu temperature series", n);
	free(text);
	sim_destroy(m);
	c.n_equipment = SIM_MAX_EQUIPMENT;
	c.n_lines = 2;
	m = sim_create(&c, &err);
	cr_assert_not_null(m, "sim_create: %s", err ? err : "?");
	cr_assert_str_eq(m->lines[1].eq[SIM_MAX_EQUIPMENT - 1].code, "L02.BLOW.04");
	sim_destroy(m);
}

Test(model, step_carries_fractions)
{
	struct sim_model *m = model(1, 2, false, 0);

	for (int i = 0; i < 25; i++) {
		sim_step(m, 0.1);
	}
	cr_assert_eq(m->now, EPOCH + 2);
	sim_step(m, -5);
	sim_step(m, NAN);
	cr_assert_eq(m->now, EPOCH + 2);
	sim_destroy(m);
}

/* The state at time T does not depend on how the advance was chunked. */
Test(model, deterministic_whatever_the_steps)
{
	struct sim_model *a = model(42, 6, false, 0), *b = model(42, 6, false, 0);
	char *ta, *tb;
	uint64_t r = 12345;

	sim_advance_to(a, EPOCH + 9 * HOUR);
	while (b->now < EPOCH + 9 * HOUR) {
		/* Irregular chunks: 0.1 s ... 40 s. */
		double dt;

		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		dt = 0.1 + (double)(r >> 40) / (double)(1ULL << 24) * 40;
		if ((double)b->now + dt > (double)(EPOCH + 9 * HOUR)) {
			sim_advance_to(b, EPOCH + 9 * HOUR);
		} else {
			sim_step(b, dt);
		}
	}
	ta = metrics_text(a);
	tb = metrics_text(b);
	cr_assert_str_eq(ta, tb);
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(a->lines[i].n_andon, b->lines[i].n_andon);
		for (int k = 0; k < a->lines[i].n_andon; k++) {
			cr_assert_str_eq(a->lines[i].andon[k].id, b->lines[i].andon[k].id);
		}
	}
	free(ta);
	free(tb);
	sim_destroy(a);
	sim_destroy(b);
}

Test(model, seed_changes_the_plant)
{
	struct sim_model *a = model(1, 6, false, 0), *b = model(2, 6, false, 0);
	char *ta, *tb;

	sim_advance_to(a, EPOCH + 6 * HOUR);
	sim_advance_to(b, EPOCH + 6 * HOUR);
	ta = metrics_text(a);
	tb = metrics_text(b);
	cr_assert(strcmp(ta, tb) != 0);
	free(ta);
	free(tb);
	sim_destroy(a);
	sim_destroy(b);
}

/* Line 1 behaves the same whatever the number of lines. */
Test(model, lines_are_independent)
{
	struct sim_model *a = model(7, 2, false, 0), *b = model(7, 40, false, 0);

	sim_advance_to(a, EPOCH + 5 * HOUR);
	sim_advance_to(b, EPOCH + 5 * HOUR);
	cr_assert_eq(a->lines[1].output, b->lines[1].output);
	cr_assert_eq(a->lines[1].state, b->lines[1].state);
	cr_assert_eq(a->lines[1].andon_seq, b->lines[1].andon_seq);
	sim_destroy(a);
	sim_destroy(b);
}

struct snap {
	int64_t planned, runtime, output, good, dt[SIM_N_DT], andon;
	double energy;
};

static struct snap snap_of(const struct sim_line *l)
{
	struct snap s = { l->planned_s, l->runtime_s, l->output, l->good, { 0 }, 0, l->energy_kwh };

	for (int c = 0; c < SIM_N_DT; c++) {
		s.dt[c] = l->downtime_s[c];
	}
	for (int t = 0; t < SIM_N_AT; t++) {
		for (int p = 0; p < SIM_N_PRIO; p++) {
			s.andon += l->andon_total[t][p];
		}
	}
	return s;
}

/* A day second by second: counters never go back, a line in fault makes
 * nothing and has its Andon open, the accounting identities hold. */
Test(model, a_day_second_by_second)
{
	struct sim_model *m = model(3, 6, false, 0);
	struct snap prev[6];
	int faults = 0, fault_seconds = 0, escalations = 0;
	uint64_t api_prev = 0;

	for (int i = 0; i < 6; i++) {
		prev[i] = snap_of(&m->lines[i]);
	}
	for (int64_t t = EPOCH; t < EPOCH + 24 * HOUR; t++) {
		enum sim_state before[6];

		for (int i = 0; i < 6; i++) {
			before[i] = m->lines[i].state;
		}
		sim_advance_to(m, t + 1);
		for (int i = 0; i < 6; i++) {
			const struct sim_line *l = &m->lines[i];
			struct snap s = snap_of(l);

			cr_assert_geq(s.planned, prev[i].planned);
			cr_assert_geq(s.runtime, prev[i].runtime);
			cr_assert_geq(s.output, prev[i].output);
			cr_assert_geq(s.good, prev[i].good);
			cr_assert_geq(s.energy, prev[i].energy);
			cr_assert_geq(s.andon, prev[i].andon);
			for (int c = 0; c < SIM_N_DT; c++) {
				cr_assert_geq(s.dt[c], prev[i].dt[c]);
			}
			/* The second just accounted was spent in l->state (a state
			 * entered at t applies to [t, t+1)). */
			if (l->state == SIM_FAULT) {
				fault_seconds++;
				cr_assert_eq(s.output, prev[i].output, "line %d made units in fault", i);
				cr_assert_eq(s.runtime, prev[i].runtime);
				cr_assert_geq(l->stop_andon, 0, "line %d in fault without an Andon", i);
				cr_assert_neq(l->andon[l->stop_andon].status, SIM_AS_RESOLVED);
				cr_assert(l->andon[l->stop_andon].stops_line);
				if (before[i] != SIM_FAULT) {
					faults++;
				}
			}
			for (int k = 0; k < l->n_andon; k++) {
				escalations += l->andon[k].status == SIM_AS_ESCALATED;
			}
			cr_assert_eq(l->planned_s, l->runtime_s + l->downtime_s[SIM_DT_UNPLANNED] +
				l->downtime_s[SIM_DT_MAINTENANCE] + l->downtime_s[SIM_DT_CHANGEOVER],
				"line %d: planned time is not run time plus downtime", i);
			cr_assert_eq(l->output, l->good + l->scrap_units);
			prev[i] = s;
		}
		if (t % 60 == 0) {
			uint64_t api = 0;

			for (int e = 0; e < SIM_N_ENDPOINTS; e++) {
				for (int c = 0; c < SIM_N_CODES; c++) {
					api += m->plat.req[e][c];
				}
			}
			cr_assert_geq(api, api_prev);
			api_prev = api;
		}
	}
	cr_assert_gt(faults, 3, "a day should have faults (%d)", faults);
	cr_assert_gt(fault_seconds, 600);
	cr_assert_gt(escalations, 0, "some Andon events should be escalated");
	cr_assert_gt(api_prev, 1000000);
	sim_destroy(m);
}

/* OEE factors are fractions in [0, 1]; the one documented exception is
 * line_005's performance (ideal cycle time set too slow), at most 1.05. */
Test(model, oee_factors_are_fractions)
{
	struct sim_model *m = model(5, 8, false, 0);
	bool above_one = false;

	for (int h = 1; h <= 30; h++) {
		sim_advance_to(m, EPOCH + h * HOUR);
		for (int i = 0; i < 8; i++) {
			struct sim_oee o = sim_line_oee(m, &m->lines[i]);

			if (!o.valid) {
				continue;
			}
			cr_assert(o.availability >= 0 && o.availability <= 1, "A %f", o.availability);
			cr_assert(o.quality >= 0 && o.quality <= 1, "Q %f", o.quality);
			if (i == 4) {
				cr_assert(o.performance >= 0 && o.performance <= 1.05 + 1e-9, "P %f", o.performance);
				above_one |= o.performance > 1;
			} else {
				cr_assert(o.performance >= 0 && o.performance <= 1, "line %d P %f", i, o.performance);
				cr_assert(o.oee >= 0 && o.oee <= 1);
			}
		}
	}
	cr_assert(above_one, "line_005 should show performance above 1");
	sim_destroy(m);
}

static double day_oee(const struct sim_line *l)
{
	double a = (double)l->runtime_s / (double)l->planned_s;
	double p = (double)l->output / sim_line_theoretical(l);
	double q = (double)l->good / (double)l->output;

	return a * p * q;
}

Test(model, line_003_is_the_poor_performer)
{
	struct sim_model *m = model(11, 6, false, 0);

	sim_advance_to(m, EPOCH + 48 * HOUR);
	cr_assert_lt(day_oee(&m->lines[2]), 0.6, "line_003 OEE %f", day_oee(&m->lines[2]));
	cr_assert_gt(day_oee(&m->lines[0]), 0.65, "line_001 OEE %f", day_oee(&m->lines[0]));
	cr_assert_gt(day_oee(&m->lines[1]), day_oee(&m->lines[2]) + 0.15);
	sim_destroy(m);
}

Test(model, schedules)
{
	struct sim_model *m = model(1, 6, false, 0);
	const struct sim_line *l4 = &m->lines[3];

	/* line_004 does not work the night shift (22:00-06:00 UTC). */
	cr_assert_eq(sim_line_scheduled(l4, EPOCH + 23 * HOUR), -1);
	cr_assert_eq(sim_line_scheduled(l4, EPOCH + 3 * HOUR), -1);
	cr_assert_eq(sim_line_scheduled(l4, EPOCH + 7 * HOUR), 1);
	/* Its break is 4.5 h into the shift. */
	cr_assert_eq(sim_line_scheduled(l4, EPOCH + 6 * HOUR + 4 * HOUR + 1800 + 60), 0);
	/* line_001 runs around the clock without breaks. */
	for (int64_t t = EPOCH; t < EPOCH + 24 * HOUR; t += 300) {
		cr_assert_eq(sim_line_scheduled(&m->lines[0], t), 1);
	}
	sim_advance_to(m, EPOCH + 23 * HOUR + 60);
	cr_assert_eq(l4->state, SIM_IDLE);
	for (int e = 0; e < l4->n_eq; e++) {
		cr_assert_eq(l4->eq[e].status, SIM_EQ_OFFLINE);
	}
	sim_destroy(m);
}

Test(model, demo_fault_is_long_critical_and_escalated)
{
	int64_t at = EPOCH + 10 * HOUR + 30;
	struct sim_model *m = model(9, 6, true, at);
	const struct sim_line *l = &m->lines[0];
	const struct sim_andon *a;
	char id[40];

	sim_advance_to(m, at + 1);
	cr_assert_eq(l->state, SIM_FAULT);
	cr_assert_geq(l->stop_andon, 0);
	a = &l->andon[l->stop_andon];
	cr_assert_eq(a->prio, SIM_PRIO_CRITICAL);
	cr_assert_eq(a->status, SIM_AS_OPEN);
	snprintf(id, sizeof(id), "%s", a->id);
	sim_advance_to(m, at + 130);
	cr_assert_eq(l->state, SIM_FAULT);
	cr_assert_eq(l->andon[l->stop_andon].status, SIM_AS_ESCALATED);
	cr_assert_eq(l->andon[l->stop_andon].escalation_level, 1);
	sim_advance_to(m, at + 200);
	cr_assert_eq(l->state, SIM_FAULT, "the demo fault lasts more than 2 minutes");
	cr_assert_eq(l->andon[l->stop_andon].status, SIM_AS_ACKNOWLEDGED);
	sim_advance_to(m, at + 600);
	cr_assert_neq(l->state, SIM_FAULT);
	a = sim_andon_find(m, id);
	cr_assert_not_null(a);
	cr_assert_eq(a->status, SIM_AS_RESOLVED);
	cr_assert_gt(a->resolved_at, a->acknowledged_at);
	cr_assert_eq(a->acknowledged_at - a->reported_at, 150);
	sim_destroy(m);
}

/* Temperature and vibration rise before a fault; the equipment shows a
 * warning in the last ten minutes of run time. */
Test(model, equipment_warns_before_a_fault)
{
	struct sim_model *m = model(21, 6, false, 0);
	enum sim_eq_status st[6][SIM_MAX_EQUIPMENT];
	double vib[6][SIM_MAX_EQUIPMENT], temp[6][SIM_MAX_EQUIPMENT];
	int checked = 0;

	for (int64_t t = EPOCH; t < EPOCH + 36 * HOUR; t++) {
		enum sim_state before[6];

		for (int i = 0; i < 6; i++) {
			const struct sim_line *l = &m->lines[i];

			before[i] = l->state;
			for (int e = 0; e < l->n_eq; e++) {
				st[i][e] = l->eq[e].status;
				vib[i][e] = sim_eq_vibration(m, l, e);
				temp[i][e] = sim_eq_temperature(m, l, e);
			}
		}
		sim_advance_to(m, t + 1);
		for (int i = 0; i < 6; i++) {
			const struct sim_line *l = &m->lines[i];
			int e = l->cause_eq;

			if (before[i] == SIM_RUNNING && l->state == SIM_FAULT) {
				cr_assert_eq(st[i][e], SIM_EQ_WARNING, "line %d eq %d", i, e);
				cr_assert_gt(vib[i][e], l->eq[e].vib_base * 1.12 + 4);
				cr_assert_gt(temp[i][e], l->eq[e].temp_base + 12 + 15);
				cr_assert_eq(l->eq[e].status, SIM_EQ_FAULT);
				checked++;
			}
		}
	}
	cr_assert_gt(checked, 3);
	sim_destroy(m);
}

/* The event stream tells the same story as the state. */
Test(model, events_follow_the_state)
{
	struct sim_model *m = model(4, 6, true, EPOCH + 3600);
	enum sim_state last[6];
	struct sim_event *ev = calloc(4096, sizeof(*ev));
	int opened = 0, resolved = 0, escalated = 0, dt_open = 0, dt_closed = 0;

	for (int i = 0; i < 6; i++) {
		last[i] = SIM_IDLE;
	}
	while (m->now < EPOCH + 20 * HOUR) {
		size_t n;

		sim_step(m, 7.3);
		while ((n = sim_take_events(m, ev, 4096)) > 0) {
			for (size_t k = 0; k < n; k++) {
				if (ev[k].kind == SIM_EV_LINE_STATUS) {
					cr_assert_eq(ev[k].old_state, last[ev[k].line]);
					cr_assert_neq(ev[k].old_state, ev[k].new_state);
					last[ev[k].line] = ev[k].new_state;
				} else if (ev[k].kind == SIM_EV_ANDON) {
					opened += ev[k].andon.status == SIM_AS_OPEN && !ev[k].andon.escalation_level;
					resolved += ev[k].andon.status == SIM_AS_RESOLVED;
				} else if (ev[k].kind == SIM_EV_ESCALATION) {
					escalated++;
					cr_assert_gt(ev[k].andon.escalation_level, 0);
					cr_assert_neq(ev[k].andon.escalation_id[0], '\0');
				} else if (ev[k].kind == SIM_EV_DOWNTIME) {
					if (ev[k].dt.end) {
						dt_closed++;
						cr_assert_geq(ev[k].dt.end, ev[k].dt.start);
					} else {
						dt_open++;
					}
				}
			}
		}
	}
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(last[i], m->lines[i].state);
	}
	cr_assert_gt(opened, 10);
	cr_assert_gt(resolved, 5);
	cr_assert_gt(escalated, 0);
	cr_assert_geq(dt_open, dt_closed);
	cr_assert_leq(dt_open - dt_closed, 6);
	cr_assert_eq(m->ev_dropped, 0);
	free(ev);
	sim_destroy(m);
}

Test(model, platform_bursts_5xx)
{
	struct sim_model *m = model(1, 1, false, 0);
	uint64_t ok0 = 0, err0 = 0;
	int bursts = 0;
	double worst = 0;

	for (int k = 1; k <= 12 * 12; k++) {
		uint64_t ok = 0, err = 0;

		sim_advance_to(m, EPOCH + k * 300);
		for (int e = 0; e < SIM_N_ENDPOINTS; e++) {
			ok += m->plat.req[e][0] + m->plat.req[e][1];
			err += m->plat.req[e][2] + m->plat.req[e][3];
		}
		if (ok + err > ok0 + err0) {
			double ratio = (double)(err - err0) / (double)(ok + err - ok0 - err0);

			worst = ratio > worst ? ratio : worst;
			bursts += ratio > 0.01;
		}
		ok0 = ok;
		err0 = err;
	}
	cr_assert_gt(bursts, 0, "12 h without a 5xx burst");
	cr_assert_gt(worst, 0.02);
	sim_destroy(m);
}

Test(model, real_requests_count)
{
	struct sim_model *m = model(1, 1, false, 0);
	int e = sim_endpoint_find("POST", "/api/v1/auth/login");

	cr_assert_geq(e, 0);
	cr_assert_eq(sim_endpoint_find("GET", "/nope"), -1);
	sim_record_request(m, e, 1, 0.004);
	sim_record_request(m, e, 1, 3.0);
	sim_record_request(m, 99, 1, 3.0);
	cr_assert_eq(m->plat.req[e][1], 2);
	cr_assert_eq(m->plat.lat[e][0], 1);
	cr_assert_eq(m->plat.lat[e][7], 1);
	sim_destroy(m);
}

/* ---- Metrics ---------------------------------------------------------------- */

static const char *const contract[] = {
	"ms5_production_line_status", "ms5_line_planned_runtime_seconds_total",
	"ms5_line_runtime_seconds_total", "ms5_line_output_units_total",
	"ms5_line_theoretical_output_units_total", "ms5_line_good_units_total",
	"ms5_production_oee", "ms5_production_throughput", "ms5_production_target_units",
	"ms5_production_efficiency_percent", "ms5_quality_defect_rate", "ms5_quality_checks_total",
	"ms5_downtime_seconds_total", "ms5_energy_kwh_total", "ms5_equipment_status",
	"ms5_equipment_temperature_celsius", "ms5_equipment_vibration_mm_per_second",
	"ms5_maintenance_next_due_timestamp_seconds", "ms5_maintenance_work_orders_active",
	"ms5_maintenance_downtime_minutes", "ms5_andon_events_active", "ms5_andon_events_total",
	"ms5_andon_response_time_seconds", "ms5_api_requests_total",
	"ms5_api_request_duration_seconds", "ms5_db_connections_active", "ms5_db_connections_max",
	"ms5_db_query_duration_seconds", "ms5_websocket_connections_active",
	"ms5_websocket_messages_total", "ms5_background_tasks_queued", "ms5_background_tasks_total",
	"ms5_pod_restarts_total", "ms5_node_utilization_percent", "ms5_cluster_health_score",
	"ms5_resource_cost_usd", "pg_up",
};

Test(metrics, text_has_the_whole_contract)
{
	struct sim_model *m = model(1, 6, false, 0);
	char *text, *line, *save = NULL;
	size_t samples = 0;

	sim_advance_to(m, EPOCH + 8 * HOUR);
	text = metrics_text(m);
	for (size_t i = 0; i < sizeof(contract) / sizeof(contract[0]); i++) {
		char want[160];

		snprintf(want, sizeof(want), "\n# TYPE %s ", contract[i]);
		cr_assert_not_null(strstr(text, want), "missing %s", contract[i]);
	}
	cr_assert_not_null(strstr(text, "ms5_andon_response_time_seconds_bucket{priority=\"critical\",le=\"300\"}"));
	cr_assert_not_null(strstr(text, "ms5_api_request_duration_seconds_bucket{method=\"GET\",endpoint=\"/api/v1/andon/events/active\",le=\"0.2\"}"));
	cr_assert_not_null(strstr(text, "ms5_production_line_status{line_id=\"line_001\",line_name=\"Line 1 - Bottling\",status=\"running\"}"));
	/* Every sample line: name, optional labels, a number. */
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sp, *end;

		if (line[0] == '#') {
			continue;
		}
		sp = strrchr(line, ' ');
		cr_assert_not_null(sp, "%s", line);
		strtod(sp + 1, &end);
		cr_assert_eq(*end, '\0', "bad value in %s", line);
		samples++;
	}
	cr_assert_gt(samples, 900);
	free(text);
	sim_destroy(m);
}

Test(metrics, number_format)
{
	struct strbuf b;

	strbuf_init(&b, 0);
	sim_put_number(&b, 42);
	strbuf_putc(&b, ' ');
	sim_put_number(&b, -7);
	strbuf_putc(&b, ' ');
	sim_put_number(&b, 0.25);
	strbuf_putc(&b, ' ');
	sim_put_number(&b, NAN);
	strbuf_putc(&b, ' ');
	sim_put_number(&b, -INFINITY);
	strbuf_putc(&b, ' ');
	sim_put_number(&b, 1763942400);
	cr_assert_str_eq(strbuf_str(&b), "42 -7 0.25 NaN -Inf 1763942400");
	strbuf_finish(&b);
}

static size_t count_lines(const char *s, const char *prefix)
{
	size_t n = 0, lp = strlen(prefix);

	for (const char *p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		n += !strncmp(p, prefix, lp);
	}
	return n;
}

Test(metrics, openmetrics_history)
{
	struct sim_model *m = model(1, 3, false, 0);
	struct sim_mw w;
	struct ms5_error err = { "" };
	char *buf = NULL;
	size_t len = 0, points = 7;
	FILE *f = open_memstream(&buf, &len);
	int64_t t0 = EPOCH + 4 * HOUR;
	char *text;

	sim_advance_to(m, t0);
	sim_mw_init_collect(&w, points);
	for (size_t p = 0; p < points; p++) {
		sim_advance_to(m, t0 + (int64_t)p * 15);
		sim_mw_next_pass(&w);
		sim_metrics_write(&w, m, NULL);
	}
	cr_assert(sim_mw_write_openmetrics(&w, f, t0, 15, &err), "%s", err.msg);
	fclose(f);
	cr_assert_geq(len, 6);
	cr_assert_str_eq(buf + len - 6, "# EOF\n");
	/* Counters are typed without _total, samples keep it. */
	cr_assert_not_null(strstr(buf, "# TYPE ms5_line_output_units counter\n"));
	cr_assert_null(strstr(buf, "# TYPE ms5_line_output_units_total"));
	cr_assert_eq(count_lines(buf, "ms5_line_output_units_total{line_id=\"line_002\"} "), points);
	/* The newest point matches the text exposition at the same time. */
	text = metrics_text(m);
	{
		const char *p = strstr(text, "\nms5_line_output_units_total{line_id=\"line_002\"} ");
		char want[128], *nl;

		cr_assert_not_null(p);
		snprintf(want, sizeof(want), "%s", p + 1);
		nl = strchr(want, '\n');
		*nl = '\0';
		snprintf(want + strlen(want), sizeof(want) - strlen(want), " %lld\n",
			(long long)(t0 + (int64_t)(points - 1) * 15));
		cr_assert_not_null(strstr(buf, want), "%s", want);
	}
	/* A histogram labelset is written point by point: bucket .. count. */
	{
		const char *p = strstr(buf, "ms5_andon_response_time_seconds_bucket{priority=\"low\",le=\"30\"} ");
		const char *q = strstr(buf, "ms5_andon_response_time_seconds_count{priority=\"low\"} ");
		const char *r = strstr(p, "ms5_andon_response_time_seconds_bucket{priority=\"low\",le=\"30\"} ");

		cr_assert(p && q && r);
		cr_assert_lt(q, strstr(p + 1, "ms5_andon_response_time_seconds_bucket{priority=\"low\",le=\"30\"} "));
	}
	free(text);
	free(buf);
	sim_mw_finish(&w);
	sim_destroy(m);
}

Test(metrics, history_detects_a_changing_series_set)
{
	struct sim_model *a = model(1, 3, false, 0), *b = model(1, 4, false, 0);
	struct sim_mw w;
	struct ms5_error err = { "" };
	FILE *f = tmpfile();

	sim_mw_init_collect(&w, 2);
	sim_mw_next_pass(&w);
	sim_metrics_write(&w, a, NULL);
	sim_mw_next_pass(&w);
	sim_metrics_write(&w, b, NULL);
	cr_assert_not(sim_mw_write_openmetrics(&w, f, EPOCH, 15, &err));
	cr_assert_neq(err.msg[0], '\0');
	fclose(f);
	sim_mw_finish(&w);
	sim_destroy(a);
	sim_destroy(b);
}

Test(metrics, live_self_metrics)
{
	struct sim_model *m = model(1, 2, false, 0);
	struct sim_live live = { .ws_connections = 3, .frames_sent = 1234, .synthetic_sent = 1000, .speed = 1 };
	struct strbuf b;
	struct sim_mw w;

	live.ws_messages[SIM_MSG_PONG] = 5;
	strbuf_init(&b, 0);
	sim_mw_init_text(&w, &b);
	sim_metrics_write(&w, m, &live);
	cr_assert_not_null(strstr(strbuf_str(&b), "\nms5_websocket_connections_active 3\n"));
	cr_assert_not_null(strstr(strbuf_str(&b), "\nms5sim_ws_frames_sent_total 1234\n"));
	cr_assert_not_null(strstr(strbuf_str(&b), "\nms5_websocket_messages_total{message_type=\"pong\"} 5\n"));
	strbuf_finish(&b);
	sim_destroy(m);
}

/* ---- JSON ---------------------------------------------------------------------- */

static cJSON *parse(const struct strbuf *b)
{
	cJSON *j = cJSON_ParseWithLength(strbuf_str(b), b->len);

	cr_assert_not_null(j, "not JSON: %s", strbuf_str(b));
	return j;
}

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *const andon_keys[] = {
	"id", "line_id", "equipment_code", "event_type", "priority", "description", "status",
	"reported_by", "reported_at", "acknowledged_by", "acknowledged_at", "resolved_by",
	"resolved_at", "resolution_notes", "escalation_level",
};

static void check_andon_object(const cJSON *a)
{
	for (size_t i = 0; i < sizeof(andon_keys) / sizeof(andon_keys[0]); i++) {
		cr_assert_not_null(get(a, andon_keys[i]), "no %s", andon_keys[i]);
	}
	cr_assert(cJSON_IsString(get(a, "id")));
	cr_assert(cJSON_IsString(get(a, "reported_at")));
}

Test(json, every_event_in_every_shape)
{
	struct sim_model *m = model(8, 6, true, EPOCH + 2 * HOUR);
	struct sim_event *ev = calloc(SIM_EVENT_RING, sizeof(*ev));
	struct strbuf b;
	size_t n;
	int kinds[SIM_N_MSG] = { 0 };

	strbuf_init(&b, 1 << 20);
	sim_advance_to(m, EPOCH + 10 * HOUR);
	n = sim_take_events(m, ev, SIM_EVENT_RING);
	cr_assert_gt(n, 1000);
	for (size_t k = 0; k < n; k++) {
		for (int s = SJ_SHAPE_A; s <= SJ_SHAPE_C; s++) {
			struct sj_opts o = { (enum sj_shape)s, (enum sj_ts)(k % 3), "u1_test", (double)ev[k].t + 0.25 };
			int kind;
			cJSON *j;
			const cJSON *data;

			strbuf_reset(&b);
			kind = sj_event_frame(&b, m, &ev[k], &o);
			if (kind < 0) {
				cr_assert_eq(b.len, 0);
				continue;
			}
			kinds[kind]++;
			j = parse(&b);
			cr_assert(cJSON_IsString(get(j, "type")));
			cr_assert(cJSON_IsString(get(j, "timestamp")));
			data = get(j, "data");
			cr_assert(cJSON_IsObject(data), "%s", strbuf_str(&b));
			if (s == SJ_SHAPE_A) {
				cr_assert(cJSON_IsNumber(get(j, "priority")));
				cr_assert_str_eq(get(j, "connection_id")->valuestring, "u1_test");
				if (kind != SIM_MSG_HEALTH_ALERT) {
					cr_assert(cJSON_IsString(get(get(j, "metadata"), "event_id")));
				}
				if (kind == SIM_MSG_ANDON) {
					cr_assert_str_eq(get(j, "type")->valuestring, "andon_event");
					check_andon_object(get(data, "andon_event"));
				}
				if (kind == SIM_MSG_OEE) {
					const cJSON *o2 = get(data, "oee_data");

					cr_assert(cJSON_IsNumber(get(o2, "oee")));
				}
			} else if (s == SJ_SHAPE_C) {
				cr_assert_null(get(j, "priority"));
				cr_assert_null(get(j, "metadata"));
				if (kind == SIM_MSG_ANDON) {
					cr_assert_str_eq(get(j, "type")->valuestring, "andon_alert");
					check_andon_object(data);
				}
				if (kind == SIM_MSG_OEE) {
					cr_assert_leq(get(data, "performance")->valuedouble, 1.0);
				}
			}
			cJSON_Delete(j);
		}
	}
	cr_assert_gt(kinds[SIM_MSG_ANDON], 0);
	cr_assert_gt(kinds[SIM_MSG_ESCALATION], 0);
	cr_assert_gt(kinds[SIM_MSG_LINE_STATUS], 0);
	cr_assert_gt(kinds[SIM_MSG_OEE], 0);
	cr_assert_gt(kinds[SIM_MSG_EQUIPMENT], 0);
	cr_assert_gt(kinds[SIM_MSG_DOWNTIME], 0);
	cr_assert_gt(kinds[SIM_MSG_PRODUCTION], 0);
	strbuf_finish(&b);
	free(ev);
	sim_destroy(m);
}

Test(json, timestamps)
{
	struct strbuf b;

	strbuf_init(&b, 0);
	sj_time(&b, 1763942400.5, SJ_TS_NAIVE);
	strbuf_putc(&b, ' ');
	sj_time(&b, 1763942400, SJ_TS_Z);
	strbuf_putc(&b, ' ');
	sj_time(&b, 1763942461.000001, SJ_TS_OFFSET);
	cr_assert_str_eq(strbuf_str(&b), "2025-11-24T00:00:00.500000 2025-11-24T00:00:00.000000Z "
		"2025-11-24T00:01:01.000001+00:00");
	strbuf_finish(&b);
}

Test(json, strings_are_escaped)
{
	struct strbuf b;

	strbuf_init(&b, 0);
	sj_string(&b, "a\"b\\c\nd\x01");
	sj_string(&b, NULL);
	cr_assert_str_eq(strbuf_str(&b), "\"a\\\"b\\\\c\\nd\\u0001\"null");
	strbuf_finish(&b);
}

/* Parses the frame in b in place of prev (freed) and empties b for the next. */
static cJSON *next_frame(struct strbuf *b, cJSON *prev)
{
	cJSON *j = parse(b);

	cJSON_Delete(prev);
	strbuf_reset(b);
	return j;
}

static const char *type_of(const cJSON *j)
{
	return get(j, "type")->valuestring;
}

Test(json, control_frames)
{
	struct sj_opts o = { SJ_SHAPE_A, SJ_TS_NAIVE, "u1_abc", 1763942400.25 };
	struct strbuf b;
	cJSON *j;

	strbuf_init(&b, 0);
	sj_greeting(&b, &o);
	j = next_frame(&b, NULL);
	cr_assert_str_eq(type_of(j), "system_alert");
	cr_assert_str_eq(get(j, "connection_id")->valuestring, "u1_abc");
	cr_assert_str_eq(get(j, "timestamp")->valuestring, "2025-11-24T00:00:00.250000");

	sj_subscription_confirmed(&b, "line", "line_001", "{\"a\":1}", &o);
	j = next_frame(&b, j);
	cr_assert_str_eq(type_of(j), "subscription_confirmed");
	cr_assert_str_eq(get(get(j, "data"), "target_id")->valuestring, "line_001");
	cr_assert_eq(get(get(get(j, "data"), "filters"), "a")->valueint, 1);

	sj_pong(&b, &o);
	j = next_frame(&b, j);
	cr_assert_str_eq(type_of(j), "pong");

	sj_error(&b, "Unknown message type: \"x\"", "UNKNOWN_MESSAGE_TYPE", &o);
	j = next_frame(&b, j);
	cr_assert_str_eq(get(get(j, "data"), "message")->valuestring, "Unknown message type: \"x\"");

	sj_shutdown(&b, &o);
	j = next_frame(&b, j);
	cr_assert_str_eq(type_of(j), "system_shutdown");
	cJSON_Delete(j);
	strbuf_finish(&b);
}

/* The synthetic frame n: its Andon event's id and status. */
static void check_synthetic(struct strbuf *b, const struct sim_model *m, uint64_t n, const char *id,
	const char *status)
{
	struct sj_opts o = { SJ_SHAPE_A, SJ_TS_NAIVE, "u1_x", 1763942400 };
	cJSON *j;
	const cJSON *a;

	strbuf_reset(b);
	sj_synthetic(b, m, n, &o);
	j = parse(b);
	a = get(get(j, "data"), "andon_event");
	cr_assert_str_eq(get(a, "id")->valuestring, id);
	cr_assert_str_eq(get(a, "status")->valuestring, status);
	cJSON_Delete(j);
}

Test(json, synthetic_frames_open_then_resolve)
{
	struct sim_model *m = model(1, 3, false, 0);
	struct strbuf b;

	strbuf_init(&b, 0);
	check_synthetic(&b, m, 10, "load-5", "open");
	check_synthetic(&b, m, 11, "load-5", "resolved");
	strbuf_finish(&b);
	sim_destroy(m);
}

Test(json, rest_bodies)
{
	struct sim_model *m = model(2, 6, false, EPOCH + 5 * HOUR);
	struct strbuf b;
	cJSON *j;
	int active = 0;
	const cJSON *it;

	sim_advance_to(m, EPOCH + 5 * HOUR + 60);
	for (int i = 0; i < m->n_lines; i++) {
		active += m->lines[i].n_andon;
	}
	cr_assert_gt(active, 0);
	strbuf_init(&b, 0);
	sj_active_events(&b, m);
	j = parse(&b);
	cr_assert(cJSON_IsArray(j));
	cr_assert_eq(cJSON_GetArraySize(j), active);
	cJSON_ArrayForEach(it, j) {
		check_andon_object(it);
		cr_assert_str_neq(get(it, "status")->valuestring, "resolved");
	}
	cJSON_Delete(j);

	strbuf_reset(&b);
	sj_dashboard_lines(&b, m);
	j = parse(&b);
	cr_assert_eq(cJSON_GetArraySize(j), 6);
	it = cJSON_GetArrayItem(j, 0);
	cr_assert_str_eq(get(it, "line_id")->valuestring, "line_001");
	cr_assert_str_eq(get(it, "status")->valuestring, "fault");
	cr_assert(cJSON_IsObject(get(it, "active_downtime")));
	cr_assert_geq(cJSON_GetArraySize(get(it, "active_andon_events")), 1);
	cr_assert_not_null(get(it, "current_job"));
	cr_assert_not_null(get(it, "oee"));
	cJSON_Delete(j);

	strbuf_reset(&b);
	sj_dashboard_summary(&b, m);
	j = parse(&b);
	cr_assert_eq(get(j, "total_lines")->valueint, 6);
	cr_assert_geq(get(j, "fault_lines")->valueint, 1);
	cJSON_Delete(j);

	strbuf_reset(&b);
	sim_advance_to(m, EPOCH + 12 * HOUR);
	sj_events(&b, m, "line_001", "resolved", NULL, 0, 3);
	j = parse(&b);
	cr_assert_leq(cJSON_GetArraySize(j), 3);
	cr_assert_gt(cJSON_GetArraySize(j), 0);
	cJSON_ArrayForEach(it, j) {
		cr_assert_str_eq(get(it, "line_id")->valuestring, "line_001");
		cr_assert_str_eq(get(it, "status")->valuestring, "resolved");
	}
	cJSON_Delete(j);
	strbuf_finish(&b);
	sim_destroy(m);
}

/* ---- Tokens ---------------------------------------------------------------------- */

Test(auth, tokens_expire_and_rotate)
{
	struct sim_auth *a = sim_auth_create(4);
	unsigned char rnd[SIM_TOKEN_RANDOM];
	char at[SIM_TOKEN_LEN + 1], rt[SIM_TOKEN_LEN + 1];

	memset(rnd, 0xab, sizeof(rnd));
	sim_auth_issue(a, SIM_TOKEN_ACCESS, rnd, 100, 1800, at);
	rnd[0] = 1;
	sim_auth_issue(a, SIM_TOKEN_REFRESH, rnd, 100, 7200, rt);
	cr_assert_eq(strlen(at), SIM_TOKEN_LEN);
	cr_assert_eq(strncmp(at, "at_abab", 7), 0);
	cr_assert(sim_auth_valid(a, SIM_TOKEN_ACCESS, at, 1899));
	cr_assert_not(sim_auth_valid(a, SIM_TOKEN_ACCESS, at, 1900), "expired at 100 + 1800");
	cr_assert_not(sim_auth_valid(a, SIM_TOKEN_REFRESH, at, 200), "an access token is no refresh token");
	cr_assert_not(sim_auth_valid(a, SIM_TOKEN_ACCESS, rt, 200));
	cr_assert_not(sim_auth_valid(a, SIM_TOKEN_ACCESS, "", 200));
	cr_assert_not(sim_auth_valid(a, SIM_TOKEN_ACCESS, NULL, 200));
	{
		char forged[SIM_TOKEN_LEN + 1];

		memcpy(forged, at, sizeof(forged));
		forged[10] ^= 1;
		cr_assert_not(sim_auth_valid(a, SIM_TOKEN_ACCESS, forged, 200));
		forged[10] ^= 1;
		forged[SIM_TOKEN_LEN - 1] = '\0';
		cr_assert_not(sim_auth_valid(a, SIM_TOKEN_ACCESS, forged, 200));
	}
	cr_assert(sim_auth_take(a, SIM_TOKEN_REFRESH, rt, 200));
	cr_assert_not(sim_auth_take(a, SIM_TOKEN_REFRESH, rt, 200), "refresh tokens are single-use");
	cr_assert_eq(sim_auth_count(a, 200), 1);
	/* Full table: the token closest to expiry goes. */
	for (int i = 0; i < 4; i++) {
		char t[SIM_TOKEN_LEN + 1];

		rnd[1] = (unsigned char)(10 + i);
		sim_auth_issue(a, SIM_TOKEN_ACCESS, rnd, 300, 5000 + i, t);
	}
	cr_assert_not(sim_auth_valid(a, SIM_TOKEN_ACCESS, at, 301));
	cr_assert_eq(sim_auth_count(a, 301), 4);
	sim_auth_destroy(a);
}

Test(auth, credentials)
{
	cr_assert(sim_auth_credentials("demo", "demo", "demo", "demo"));
	cr_assert_not(sim_auth_credentials("demo", "demo", "demo", "dem"));
	cr_assert_not(sim_auth_credentials("demo", "demo", "demo", "demo2"));
	cr_assert_not(sim_auth_credentials("demo", "demo", "Demo", "demo"));
	cr_assert_not(sim_auth_credentials("demo", "demo", NULL, "demo"));
	cr_assert_not(sim_auth_credentials("demo", "", "demo", NULL));
}

/* A history meant to join a scraped server carries its job and instance. */
Test(metrics, history_target_labels)
{
	struct sim_model *m = model(1, 1, false, 0);
	struct sim_mw w;
	struct ms5_error err = { "" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	sim_mw_init_collect(&w, 1);
	w.target_labels = "job=\"ms5sim\",instance=\"127.0.0.1:8000\"";
	sim_mw_next_pass(&w);
	sim_metrics_write(&w, m, NULL);
	cr_assert(sim_mw_write_openmetrics(&w, f, EPOCH, 15, &err), "%s", err.msg);
	fclose(f);
	cr_assert_not_null(strstr(buf, "\npg_up{job=\"ms5sim\",instance=\"127.0.0.1:8000\"} 1 1763942400\n"));
	cr_assert_not_null(strstr(buf, "\nms5_line_output_units_total{line_id=\"line_001\",job=\"ms5sim\","
		"instance=\"127.0.0.1:8000\"} 0 1763942400\n"));
	free(buf);
	sim_mw_finish(&w);
	sim_destroy(m);
}

/* ---- REST router ------------------------------------------------------------------ */

static struct sim_route route(const char *method, const char *path, const char *body)
{
	struct sim_request req = { .method = method, .path = path, .body = body,
		.body_len = body ? strlen(body) : 0 };
	struct sim_route r;

	sim_route(&req, &r);
	return r;
}

Test(route, get_routes)
{
	static const struct {
		const char *path;
		enum sim_route_kind kind;
		bool auth;
	} cases[] = {
		{ "/metrics", SIM_ROUTE_METRICS, false },
		{ "/health", SIM_ROUTE_HEALTH, false },
		{ "/", SIM_ROUTE_HEALTH, false },
		{ "/api/v1/auth/login", SIM_ROUTE_NOT_ALLOWED, false },
		{ "/api/v1/auth/refresh", SIM_ROUTE_NOT_ALLOWED, false },
		{ "/api/v1/andon/events/active", SIM_ROUTE_EVENTS_ACTIVE, true },
		{ "/api/v1/andon/events", SIM_ROUTE_EVENTS, true },
		{ "/api/v1/dashboard/lines", SIM_ROUTE_LINES, true },
		{ "/api/v1/dashboard/summary", SIM_ROUTE_SUMMARY, true },
		{ "/metrics/", SIM_ROUTE_NOT_FOUND, false },
		{ "/METRICS", SIM_ROUTE_NOT_FOUND, false },
		{ "", SIM_ROUTE_NOT_FOUND, false },
		{ "/api/v1/andon/events/active/../active", SIM_ROUTE_NOT_FOUND, false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sim_route r = route("GET", cases[i].path, NULL);

		cr_assert_eq(r.kind, cases[i].kind, "%s", cases[i].path);
		cr_assert_eq(r.auth, cases[i].auth, "%s", cases[i].path);
		sim_route_finish(&r);
	}
	cr_assert_eq(sim_route_status(SIM_ROUTE_NOT_FOUND), 404);
	cr_assert_eq(sim_route_status(SIM_ROUTE_MISSING), 422);
	cr_assert_eq(sim_route_status(SIM_ROUTE_EVENTS), 200);
}

Test(route, other_methods_are_not_allowed)
{
	static const char *const methods[] = { "PUT", "DELETE", "get", "", "?", "POST " };

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		struct sim_route r = route(methods[i], "/metrics", NULL);

		cr_assert_eq(r.kind, SIM_ROUTE_NOT_ALLOWED, "%s", methods[i]);
		sim_route_finish(&r);
	}
	{
		struct sim_request req = { 0 };
		struct sim_route r;

		sim_route(&req, &r);
		cr_assert_eq(r.kind, SIM_ROUTE_NOT_ALLOWED);
		sim_route_finish(&r);
	}
}

Test(route, event_filters_and_page)
{
	static const char *const args[] = {
		"line_id=line_002", NULL, "status", "priority=", "skip=-5", "limit=99999", "status=open",
		"line_id=line_009",
	};
	struct sim_request req = { .method = "GET", .path = "/api/v1/andon/events", .args = args,
		.n_args = sizeof(args) / sizeof(args[0]) };
	struct sim_route r;

	sim_route(&req, &r);
	cr_assert_eq(r.kind, SIM_ROUTE_EVENTS);
	cr_assert_str_eq(r.line_id, "line_002");   /* the first one counts */
	cr_assert_str_eq(r.status, "open");        /* "status" alone is no argument */
	cr_assert_str_eq(r.priority, "");
	cr_assert_eq(r.skip, 0);                   /* clamped */
	cr_assert_eq(r.limit, 1000);
	sim_route_finish(&r);
}

Test(route, hostile_event_arguments)
{
	char long_line[300];
	const char *args[] = { long_line, "skip=12abc", "limit= 5", "skip=99999999999999999999999" };
	struct sim_request req = { .method = "GET", .path = "/api/v1/andon/events", .args = args,
		.n_args = 3 };
	struct sim_route r;

	memset(long_line, 'x', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = '\0';
	memcpy(long_line, "line_id=", 8);
	sim_route(&req, &r);
	cr_assert_null(r.line_id);                 /* too long: as if absent */
	cr_assert_null(r.status);
	cr_assert_eq(r.skip, 0);                   /* not a number: the default */
	cr_assert_eq(r.limit, 5);                  /* strtol skips leading blanks */
	sim_route_finish(&r);
	req.args = args + 3;
	req.n_args = 1;
	sim_route(&req, &r);
	cr_assert_eq(r.skip, 1000000);             /* overflow clamps */
	sim_route_finish(&r);
	{
		const char *two[] = { long_line, "line_id=line_003" };

		req.args = two;
		req.n_args = 2;
		sim_route(&req, &r);
		cr_assert_str_eq(r.line_id, "line_003"); /* the one that fits */
		sim_route_finish(&r);
	}
}

Test(route, login_and_refresh_bodies)
{
	static const struct {
		const char *path, *body;
		enum sim_route_kind kind;
		const char *missing;
	} cases[] = {
		{ "/api/v1/auth/login", "{\"username\":\"demo\",\"password\":\"pw\"}", SIM_ROUTE_LOGIN, NULL },
		{ "/api/v1/auth/login", "{\"username\":\"demo\"}", SIM_ROUTE_MISSING, "password" },
		{ "/api/v1/auth/login", "{\"password\":\"pw\"}", SIM_ROUTE_MISSING, "username" },
		{ "/api/v1/auth/login", "{\"username\":1,\"password\":\"pw\"}", SIM_ROUTE_MISSING, "username" },
		{ "/api/v1/auth/login", "[]", SIM_ROUTE_MISSING, "body" },
		{ "/api/v1/auth/login", "", SIM_ROUTE_MISSING, "body" },
		{ "/api/v1/auth/login", "{\"username\":\"demo\",", SIM_ROUTE_MISSING, "body" },
		{ "/api/v1/auth/login", "username=demo&password=pw", SIM_ROUTE_MISSING, "body" },
		{ "/api/v1/auth/refresh", "{\"refresh_token\":\"rt\"}", SIM_ROUTE_REFRESH, NULL },
		{ "/api/v1/auth/refresh", "{\"refresh_token\":null}", SIM_ROUTE_MISSING, "refresh_token" },
		{ "/api/v1/andon/events", "{}", SIM_ROUTE_NOT_ALLOWED, NULL },
		{ "/metrics", "{}", SIM_ROUTE_NOT_FOUND, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sim_route r = route("POST", cases[i].path, cases[i].body);

		cr_assert_eq(r.kind, cases[i].kind, "%s %s", cases[i].path, cases[i].body);
		cr_assert_not(r.auth);
		if (cases[i].missing) {
			cr_assert_str_eq(r.missing, cases[i].missing, "%s", cases[i].body);
		}
		sim_route_finish(&r);
	}
	{
		struct sim_route r = route("POST", "/api/v1/auth/login",
			"{\"username\":\"de\\u0000mo\",\"password\":\"p\"}");

		cr_assert_eq(r.kind, SIM_ROUTE_LOGIN);
		cr_assert_str_eq(r.username, "de");    /* an escaped NUL ends the string */
		sim_route_finish(&r);
	}
}

Test(route, body_over_the_cap_and_unterminated_body)
{
	static const char body[] = "{\"refresh_token\":\"rt\"}garbage";
	struct sim_request req = { .method = "POST", .path = "/api/v1/auth/refresh", .body = body,
		.body_len = 22, .body_over = true };
	struct sim_route r;

	sim_route(&req, &r);
	cr_assert_eq(r.kind, SIM_ROUTE_TOO_LARGE);
	sim_route_finish(&r);
	req.body_over = false;
	sim_route(&req, &r);                       /* only body_len bytes are read */
	cr_assert_eq(r.kind, SIM_ROUTE_REFRESH);
	cr_assert_str_eq(r.refresh_token, "rt");
	sim_route_finish(&r);
}
