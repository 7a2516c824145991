/*
 * The metric contract, as Prometheus text or collected OpenMetrics
 * history. See sim_metrics.h.
 */
#include "sim_metrics.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/xalloc.h"

const char *const sim_msg_names[SIM_N_MSG] = {
	"andon_event", "andon_escalation_triggered", "line_status_update", "production_update",
	"oee_update", "equipment_status_update", "downtime_event", "quality_alert_triggered",
	"system_alert", "health_alert", "subscription_confirmed", "pong", "error",
	"system_shutdown",
};

struct mw_family {
	const char *name, *type, *help;
};

struct mw_series {
	char *key;                   /* name{labels} */
	size_t family;
	int group;
	double *v;                   /* one value per pass */
};

/* ---- Numbers -------------------------------------------------------------- */

static char *put_int(char *end, long long v)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	*--end = '\0';
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0) {
		*--end = '-';
	}
	return end;
}

void sim_put_number(struct strbuf *b, double v)
{
	char buf[32];

	if (isnan(v)) {
		strbuf_puts(b, "NaN");
	} else if (isinf(v)) {
		strbuf_puts(b, v > 0 ? "+Inf" : "-Inf");
	} else if (v == floor(v) && fabs(v) < 1e15) {
		strbuf_puts(b, put_int(buf + sizeof(buf), (long long)v));
	} else {
		strbuf_printf(b, "%.10g", v);
	}
}

/* ---- The writer ----------------------------------------------------------- */

void sim_mw_init_text(struct sim_mw *w, struct strbuf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->group = -1;
}

void sim_mw_init_collect(struct sim_mw *w, size_t n_points)
{
	memset(w, 0, sizeof(*w));
	w->collect = true;
	w->first = true;
	w->n_points = n_points;
	w->point = (size_t)-1;
	w->group = -1;
}

void sim_mw_next_pass(struct sim_mw *w)
{
	if (w->point != (size_t)-1) {
		if (w->k != w->n_series || w->fam_seen != w->n_fam) {
			w->broken = true;
		}
		w->first = false;
	}
	w->point++;
	w->k = 0;
	w->fam_seen = 0;
	w->group = -1;
	w->next_group = 0;
}

void sim_mw_finish(struct sim_mw *w)
{
	for (size_t i = 0; i < w->n_series; i++) {
		free(w->series[i].key);
		free(w->series[i].v);
	}
	free(w->series);
	free(w->fam);
	memset(w, 0, sizeof(*w));
}

static void family(struct sim_mw *w, const char *name, const char *type, const char *help)
{
	w->name = name;
	w->cur_fam = w->fam_seen++;
	if (!w->collect) {
		strbuf_printf(w->out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
		return;
	}
	if (w->first) {
		w->fam = xgrow(w->fam, &w->cap_fam, w->n_fam + 1, sizeof(*w->fam));
		w->fam[w->n_fam].name = name;
		w->fam[w->n_fam].type = type;
		w->fam[w->n_fam].help = help;
		w->n_fam++;
	}
}

/* Histogram labelsets: the samples between group_begin and group_end are
 * one labelset, written point by point together in OpenMetrics. */
static void group_begin(struct sim_mw *w)
{
	w->group = w->next_group++;
}

static void group_end(struct sim_mw *w)
{
	w->group = -1;
}

/* One sample of the current family: the name suffix ("", "_bucket", ...),
 * the value, and the labels as a printf format without braces ("" for
 * none). In collect mode the labels are only formatted on the first pass. */
static void sample(struct sim_mw *w, const char *suffix, double v, const char *lfmt, ...)
	__attribute__((format(printf, 4, 5)));

static void sample(struct sim_mw *w, const char *suffix, double v, const char *lfmt, ...)
{
	char labels[512];
	va_list ap;

	if (w->collect && !w->first) {
		if (w->k < w->n_series && w->series[w->k].family == w->cur_fam) {
			w->series[w->k].v[w->point] = v;
		} else {
			w->broken = true;
		}
		w->k++;
		return;
	}
	va_start(ap, lfmt);
	vsnprintf(labels, sizeof(labels), lfmt, ap);
	va_end(ap);
	if (!w->collect) {
		strbuf_puts(w->out, w->name);
		strbuf_puts(w->out, suffix);
		if (labels[0]) {
			strbuf_putc(w->out, '{');
			strbuf_puts(w->out, labels);
			strbuf_putc(w->out, '}');
		}
		strbuf_putc(w->out, ' ');
		sim_put_number(w->out, v);
		strbuf_putc(w->out, '\n');
		return;
	}
	{
		struct mw_series *s;

		w->series = xgrow(w->series, &w->cap_series, w->n_series + 1, sizeof(*w->series));
		s = &w->series[w->n_series++];
		if (w->target_labels && w->target_labels[0]) {
			s->key = xasprintf("%s%s{%s%s%s}", w->name, suffix, labels, labels[0] ? "," : "",
				w->target_labels);
		} else {
			s->key = labels[0] ? xasprintf("%s%s{%s}", w->name, suffix, labels) :
				xasprintf("%s%s", w->name, suffix);
		}
		s->family = w->cur_fam;
		s->group = w->group >= 0 ? w->group : w->next_group++;
		s->v = xcalloc(w->n_points ? w->n_points : 1, sizeof(double));
		s->v[0] = v;
		w->k++;
	}
}

/* A label value with \, " and newline escaped (static buffer per slot). */
static const char *esc(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s && n + 3 < size; s++) {
		if (*s == '\\' || *s == '"') {
			buf[n++] = '\\';
			buf[n++] = *s;
		} else if (*s == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = '\0';
	return buf;
}

/* A histogram labelset from non-cumulative bins (n bounds + the +Inf bin). */
static void histogram(struct sim_mw *w, const double *bounds, int n, const uint64_t *bins,
	double sum, const char *labels)
{
	uint64_t cum = 0;
	const char *sep = labels[0] ? "," : "";

	group_begin(w);
	for (int b = 0; b < n; b++) {
		cum += bins[b];
		sample(w, "_bucket", (double)cum, "%s%sle=\"%g\"", labels, sep, bounds[b]);
	}
	cum += bins[n];
	sample(w, "_bucket", (double)cum, "%s%sle=\"+Inf\"", labels, sep);
	sample(w, "_sum", sum, "%s", labels);
	sample(w, "_count", (double)cum, "%s", labels);
	group_end(w);
}

/* ---- The contract --------------------------------------------------------- */

static const char *const check_types[4] = { "visual", "weight", "dimensional", "seal_integrity" };

static const struct {
	enum sim_andon_type type;
	enum sim_prio prio;
} andon_combos[] = {
	{ SIM_AT_STOP, SIM_PRIO_HIGH }, { SIM_AT_STOP, SIM_PRIO_CRITICAL },
	{ SIM_AT_QUALITY, SIM_PRIO_MEDIUM }, { SIM_AT_QUALITY, SIM_PRIO_HIGH },
	{ SIM_AT_MAINTENANCE, SIM_PRIO_MEDIUM }, { SIM_AT_MAINTENANCE, SIM_PRIO_HIGH },
	{ SIM_AT_MATERIAL, SIM_PRIO_LOW }, { SIM_AT_MATERIAL, SIM_PRIO_MEDIUM },
	{ SIM_AT_SAFETY, SIM_PRIO_CRITICAL },
};

/* A gauge family with one sample per line, labelled with its product:
 * value(l) rounded to 1/scale. */
static void product_gauge(struct sim_mw *w, const struct sim_model *m, const char *name,
	const char *help, double (*value)(const struct sim_line *), double scale)
{
	family(w, name, "gauge", help);
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];

		sample(w, "", round(value(l) * scale) / scale, "line_id=\"%s\",product_type=\"%s\"", l->id,
			l->product);
	}
}

static void production(struct sim_mw *w, const struct sim_model *m)
{
	char nbuf[128];

	family(w, "ms5_production_line_status", "gauge",
		"Production line status, 1 for the current status of the line.");
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];

		esc(l->name, nbuf, sizeof(nbuf));
		for (int s = 0; s < SIM_N_STATES; s++) {
			sample(w, "", l->state == (enum sim_state)s, "line_id=\"%s\",line_name=\"%s\",status=\"%s\"",
				l->id, nbuf, sim_state_name((enum sim_state)s));
		}
	}

	family(w, "ms5_line_planned_runtime_seconds_total", "counter", "Planned production time elapsed.");
	for (int i = 0; i < m->n_lines; i++) {
		sample(w, "", (double)m->lines[i].planned_s, "line_id=\"%s\"", m->lines[i].id);
	}
	family(w, "ms5_line_runtime_seconds_total", "counter", "Actual run time.");
	for (int i = 0; i < m->n_lines; i++) {
		sample(w, "", (double)m->lines[i].runtime_s, "line_id=\"%s\"", m->lines[i].id);
	}
	family(w, "ms5_line_output_units_total", "counter", "Units made.");
	for (int i = 0; i < m->n_lines; i++) {
		sample(w, "", (double)m->lines[i].output, "line_id=\"%s\"", m->lines[i].id);
	}
	family(w, "ms5_line_theoretical_output_units_total", "counter",
		"Units the ideal cycle time would have made in the run time.");
	for (int i = 0; i < m->n_lines; i++) {
		sample(w, "", round(sim_line_theoretical(&m->lines[i]) * 1000) / 1000, "line_id=\"%s\"",
			m->lines[i].id);
	}
	family(w, "ms5_line_good_units_total", "counter", "Units that passed quality.");
	for (int i = 0; i < m->n_lines; i++) {
		sample(w, "", (double)m->lines[i].good, "line_id=\"%s\"", m->lines[i].id);
	}

	family(w, "ms5_production_oee", "gauge", "OEE of the current shift as the backend computes it (fraction).");
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];
		struct sim_oee o = sim_line_oee(m, l);

		sample(w, "", round(o.oee * 10000) / 10000, "line_id=\"%s\",equipment_code=\"%s\"",
			l->id, l->eq[0].code);
	}
	product_gauge(w, m, "ms5_production_throughput", "Units per hour.", sim_line_throughput, 10);
	family(w, "ms5_production_target_units", "gauge", "Output target of the current shift.");
	for (int i = 0; i < m->n_lines; i++) {
		sample(w, "", sim_line_target(m, &m->lines[i]), "line_id=\"%s\"", m->lines[i].id);
	}
	family(w, "ms5_production_efficiency_percent", "gauge",
		"Actual speed against the ideal over the current shift, percent.");
	for (int i = 0; i < m->n_lines; i++) {
		struct sim_oee o = sim_line_oee(m, &m->lines[i]);

		sample(w, "", round(o.performance * 1000) / 10, "line_id=\"%s\"", m->lines[i].id);
	}
	product_gauge(w, m, "ms5_quality_defect_rate", "Defects per 1000 units.", sim_line_defect_rate, 100);
	family(w, "ms5_quality_checks_total", "counter", "Quality checks by result.");
	for (int c = 0; c < 4; c++) {
		double pass = 0, fail = 0;

		for (int i = c; i < m->n_lines; i += 4) {
			pass += (double)m->lines[i].checks_pass;
			fail += (double)m->lines[i].checks_fail;
		}
		sample(w, "", pass, "result=\"pass\",check_type=\"%s\"", check_types[c]);
		sample(w, "", fail, "result=\"fail\",check_type=\"%s\"", check_types[c]);
	}
	family(w, "ms5_downtime_seconds_total", "counter", "Downtime by category.");
	for (int i = 0; i < m->n_lines; i++) {
		for (int c = 0; c < SIM_N_DT; c++) {
			sample(w, "", (double)m->lines[i].downtime_s[c], "line_id=\"%s\",category=\"%s\"",
				m->lines[i].id, sim_dt_cat_name((enum sim_dt_cat)c));
		}
	}
	family(w, "ms5_energy_kwh_total", "counter", "Energy used, kWh.");
	for (int i = 0; i < m->n_lines; i++) {
		sample(w, "", round(m->lines[i].energy_kwh * 1000) / 1000, "line_id=\"%s\"", m->lines[i].id);
	}
}

/* A gauge family with one sample per piece of equipment, value(m, l, e). */
static void equipment_gauge(struct sim_mw *w, const struct sim_model *m, const char *name,
	const char *help, double (*value)(const struct sim_model *, const struct sim_line *, int))
{
	family(w, name, "gauge", help);
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];

		for (int e = 0; e < l->n_eq; e++) {
			sample(w, "", value(m, l, e), "equipment_code=\"%s\",line_id=\"%s\"", l->eq[e].code, l->id);
		}
	}
}

static void equipment(struct sim_mw *w, const struct sim_model *m)
{
	/* Work orders: corrective (open Andon events that need a repair),
	 * preventive (maintenance due within a day; overdue ones are high),
	 * predictive (equipment showing a warning). */
	double orders[3][SIM_N_PRIO] = { { 0 } };
	static const char *const work_types[3] = { "corrective", "preventive", "predictive" };

	family(w, "ms5_equipment_status", "gauge", "Equipment status, 1 for the current status.");
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];

		for (int e = 0; e < l->n_eq; e++) {
			for (int s = 0; s < SIM_N_EQ; s++) {
				sample(w, "", l->eq[e].status == (enum sim_eq_status)s,
					"equipment_code=\"%s\",line_id=\"%s\",status=\"%s\"", l->eq[e].code, l->id,
					sim_eq_status_name((enum sim_eq_status)s));
			}
		}
	}
	equipment_gauge(w, m, "ms5_equipment_temperature_celsius", "Equipment temperature.",
		sim_eq_temperature);
	equipment_gauge(w, m, "ms5_equipment_vibration_mm_per_second", "Equipment vibration velocity.",
		sim_eq_vibration);
	family(w, "ms5_maintenance_next_due_timestamp_seconds", "gauge",
		"Unix time of the next planned maintenance.");
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];

		for (int e = 0; e < l->n_eq; e++) {
			const struct sim_equipment *q = &l->eq[e];

			sample(w, "", (double)q->next_maint, "equipment_code=\"%s\",line_id=\"%s\",task=\"%s\"",
				q->code, l->id, q->task);
			if (q->next_maint < m->now) {
				orders[1][SIM_PRIO_HIGH]++;
			} else if (q->next_maint < m->now + 8 * 3600) {
				orders[1][SIM_PRIO_MEDIUM]++;
			} else if (q->next_maint < m->now + 24 * 3600) {
				orders[1][SIM_PRIO_LOW]++;
			}
			if (q->status == SIM_EQ_WARNING) {
				orders[2][SIM_PRIO_MEDIUM]++;
			}
		}
		for (int k = 0; k < l->n_andon; k++) {
			const struct sim_andon *a = &l->andon[k];

			if (a->type == SIM_AT_STOP || a->type == SIM_AT_MAINTENANCE || a->type == SIM_AT_SAFETY) {
				orders[0][a->prio]++;
			}
		}
	}
	family(w, "ms5_maintenance_work_orders_active", "gauge", "Open maintenance work orders.");
	for (int t = 0; t < 3; t++) {
		for (int p = 0; p < SIM_N_PRIO; p++) {
			sample(w, "", orders[t][p], "priority=\"%s\",work_type=\"%s\"",
				sim_prio_name((enum sim_prio)p), work_types[t]);
		}
	}
	family(w, "ms5_maintenance_downtime_minutes", "gauge", "Maintenance downtime today (UTC), minutes.");
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];

		for (int e = 0; e < l->n_eq; e++) {
			const struct sim_equipment *q = &l->eq[e];

			sample(w, "", round((double)q->maint_planned_s / 6.0) / 10,
				"equipment_code=\"%s\",maintenance_type=\"planned\"", q->code);
			sample(w, "", round((double)q->maint_corrective_s / 6.0) / 10,
				"equipment_code=\"%s\",maintenance_type=\"corrective\"", q->code);
		}
	}
}

static void andon(struct sim_mw *w, const struct sim_model *m)
{
	static const enum sim_andon_status active[3] = {
		SIM_AS_OPEN, SIM_AS_ACKNOWLEDGED, SIM_AS_ESCALATED,
	};

	family(w, "ms5_andon_events_active", "gauge", "Active Andon events.");
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];

		for (int p = 0; p < SIM_N_PRIO; p++) {
			for (int s = 0; s < 3; s++) {
				int n = 0;

				for (int k = 0; k < l->n_andon; k++) {
					n += l->andon[k].prio == (enum sim_prio)p && l->andon[k].status == active[s];
				}
				sample(w, "", n, "priority=\"%s\",status=\"%s\",line_id=\"%s\"",
					sim_prio_name((enum sim_prio)p), sim_andon_status_name(active[s]), l->id);
			}
		}
	}
	family(w, "ms5_andon_events_total", "counter", "Andon events raised.");
	for (int i = 0; i < m->n_lines; i++) {
		const struct sim_line *l = &m->lines[i];

		for (size_t c = 0; c < sizeof(andon_combos) / sizeof(andon_combos[0]); c++) {
			sample(w, "", (double)l->andon_total[andon_combos[c].type][andon_combos[c].prio],
				"event_type=\"%s\",priority=\"%s\",line_id=\"%s\"",
				sim_andon_type_name(andon_combos[c].type), sim_prio_name(andon_combos[c].prio), l->id);
		}
	}
	family(w, "ms5_andon_response_time_seconds", "histogram",
		"Time from an Andon event's report to its acknowledgement.");
	for (int p = 0; p < SIM_N_PRIO; p++) {
		char labels[40];

		snprintf(labels, sizeof(labels), "priority=\"%s\"", sim_prio_name((enum sim_prio)p));
		histogram(w, sim_resp_bounds, SIM_RESP_BUCKETS, m->resp_bins[p], m->resp_sum[p], labels);
	}
}

static void platform(struct sim_mw *w, const struct sim_model *m, const struct sim_live *live)
{
	const struct sim_platform *p = &m->plat;

	family(w, "ms5_api_requests_total", "counter", "API requests by endpoint and status code.");
	for (int e = 0; e < SIM_N_ENDPOINTS; e++) {
		for (int c = 0; c < SIM_N_CODES; c++) {
			sample(w, "", (double)p->req[e][c], "method=\"%s\",endpoint=\"%s\",status_code=\"%s\"",
				sim_endpoints[e].method, sim_endpoints[e].path, sim_endpoints[e].codes[c]);
		}
	}
	family(w, "ms5_api_request_duration_seconds", "histogram", "API request latency.");
	for (int e = 0; e < SIM_N_ENDPOINTS; e++) {
		char labels[160];

		snprintf(labels, sizeof(labels), "method=\"%s\",endpoint=\"%s\"", sim_endpoints[e].method,
			sim_endpoints[e].path);
		histogram(w, sim_lat_bounds, SIM_LAT_BUCKETS, p->lat[e], round(p->lat_sum[e] * 1000) / 1000,
			labels);
	}
	family(w, "ms5_db_connections_active", "gauge", "Database connections in use.");
	sample(w, "", p->db_active, "%s", "");
	family(w, "ms5_db_connections_max", "gauge", "Database connection limit.");
	sample(w, "", 100, "%s", "");
	family(w, "ms5_db_query_duration_seconds", "histogram", "Database query latency.");
	for (int q = 0; q < SIM_N_QUERIES; q++) {
		char labels[100];

		snprintf(labels, sizeof(labels), "query_type=\"%s\",table=\"%s\"", sim_queries[q].type,
			sim_queries[q].table);
		histogram(w, sim_db_bounds, SIM_DB_BUCKETS, p->db[q], round(p->db_sum[q] * 1000) / 1000, labels);
	}
	family(w, "ms5_websocket_connections_active", "gauge", "Connected WebSocket clients.");
	sample(w, "", live ? live->ws_connections : 0, "%s", "");
	family(w, "ms5_websocket_messages_total", "counter", "WebSocket messages sent by type.");
	for (int t = 0; t < SIM_N_MSG; t++) {
		sample(w, "", live ? (double)live->ws_messages[t] : 0, "message_type=\"%s\"", sim_msg_names[t]);
	}
	family(w, "ms5_background_tasks_queued", "gauge", "Background tasks waiting.");
	for (int q = 0; q < SIM_N_QUEUES; q++) {
		sample(w, "", p->queued[q], "queue=\"%s\"", sim_queue_names[q]);
	}
	family(w, "ms5_background_tasks_total", "counter", "Background tasks by outcome.");
	for (int t = 0; t < SIM_N_TASKS; t++) {
		for (int s = 0; s < 3; s++) {
			sample(w, "", (double)p->tasks[t][s], "task=\"%s\",state=\"%s\"", sim_task_names[t],
				sim_task_states[s]);
		}
	}
	family(w, "ms5_pod_restarts_total", "counter", "Container restarts.");
	for (int i = 0; i < SIM_N_PODS; i++) {
		sample(w, "", (double)p->restarts[i],
			"namespace=\"%s\",pod_name=\"%s\",container_name=\"%s\",node_name=\"%s\"",
			sim_pods[i].ns, sim_pods[i].name, sim_pods[i].container, sim_pods[i].node);
	}
	family(w, "ms5_node_utilization_percent", "gauge", "Node utilisation by resource.");
	for (int n = 0; n < SIM_N_NODES; n++) {
		static const char *const res[3] = { "cpu", "memory", "disk" };

		for (int r = 0; r < 3; r++) {
			sample(w, "", p->node_util[n][r], "node_name=\"%s\",resource_type=\"%s\",zone=\"%s\"",
				sim_node_names[n], res[r], sim_node_zones[n]);
		}
	}
	family(w, "ms5_cluster_health_score", "gauge", "Cluster health, 0 to 100.");
	sample(w, "", p->health, "cluster_name=\"ms5-prod\",environment=\"production\"");
	family(w, "ms5_resource_cost_usd", "gauge", "Infrastructure cost rate, USD per hour.");
	for (int c = 0; c < SIM_N_COSTS; c++) {
		sample(w, "", p->cost[c], "resource_type=\"%s\",namespace=\"%s\"", sim_cost_type[c], sim_cost_ns[c]);
	}
	family(w, "pg_up", "gauge", "Whether the last scrape of PostgreSQL was able to connect.");
	sample(w, "", p->pg_up, "%s", "");
}

static void self(struct sim_mw *w, const struct sim_model *m, const struct sim_live *live)
{
	const struct {
		const char *name, *type, *help;
		double value;
	} t[] = {
		{ "ms5sim_ws_frames_sent_total", "counter", "WebSocket frames sent by ms5sim, synthetic included.",
			(double)live->frames_sent },
		{ "ms5sim_ws_synthetic_frames_sent_total", "counter", "Synthetic Andon frames sent (--event-rate).",
			(double)live->synthetic_sent },
		{ "ms5sim_ws_duplicate_frames_sent_total", "counter", "Frames sent twice on purpose (--shapes mixed).",
			(double)live->duplicates_sent },
		{ "ms5sim_ws_frames_dropped_total", "counter", "Frames dropped because a client was too slow.",
			(double)live->frames_dropped },
		{ "ms5sim_ws_connections_total", "counter", "WebSocket connections accepted.",
			(double)live->ws_connects },
		{ "ms5sim_model_events_dropped_total", "counter", "Model events lost before the server took them.",
			(double)m->ev_dropped },
		{ "ms5sim_model_time_seconds", "gauge", "The simulated clock, Unix seconds.", (double)m->now },
		{ "ms5sim_speed", "gauge", "Simulated seconds per real second.", live->speed },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		family(w, t[i].name, t[i].type, t[i].help);
		sample(w, "", t[i].value, "%s", "");
	}
}

void sim_metrics_write(struct sim_mw *w, const struct sim_model *m, const struct sim_live *live)
{
	production(w, m);
	equipment(w, m);
	andon(w, m);
	platform(w, m, live);
	if (live) {
		self(w, m, live);
	}
}

/* ---- OpenMetrics history --------------------------------------------------- */

bool sim_mw_write_openmetrics(const struct sim_mw *w, FILE *f, int64_t t0, int64_t step,
	struct ms5_error *err)
{
	struct strbuf b;
	size_t points = w->point + 1;
	size_t s = 0;

	if (w->broken || !w->collect || w->point == (size_t)-1 || w->k != w->n_series) {
		return ms5_error_set(err, "the set of series changed while the history was written");
	}
	strbuf_init(&b, 0);
	for (size_t fi = 0; fi < w->n_fam; fi++) {
		const struct mw_family *fam = &w->fam[fi];
		size_t n = strlen(fam->name);

		/* OpenMetrics names a counter family without its _total. */
		if (!strcmp(fam->type, "counter") && n > 6 && !strcmp(fam->name + n - 6, "_total")) {
			n -= 6;
		}
		strbuf_printf(&b, "# HELP %.*s %s\n# TYPE %.*s %s\n", (int)n, fam->name, fam->help,
			(int)n, fam->name, fam->type);
		while (s < w->n_series && w->series[s].family == fi) {
			size_t g = s;

			while (g < w->n_series && w->series[g].family == fi &&
				w->series[g].group == w->series[s].group) {
				g++;
			}
			for (size_t p = 0; p < points; p++) {
				char ts[24];
				char *tp = put_int(ts + sizeof(ts), (long long)(t0 + (int64_t)p * step));

				for (size_t k = s; k < g; k++) {
					strbuf_puts(&b, w->series[k].key);
					strbuf_putc(&b, ' ');
					sim_put_number(&b, w->series[k].v[p]);
					strbuf_putc(&b, ' ');
					strbuf_puts(&b, tp);
					strbuf_putc(&b, '\n');
				}
				if (b.len > (1 << 20)) {
					if (fwrite(b.data, 1, b.len, f) != b.len) {
						strbuf_finish(&b);
						return ms5_error_set(err, "%s", strerror(errno));
					}
					strbuf_reset(&b);
				}
			}
			s = g;
		}
	}
	strbuf_puts(&b, "# EOF\n");
	if (fwrite(b.data, 1, b.len, f) != b.len || fflush(f) != 0) {
		strbuf_finish(&b);
		return ms5_error_set(err, "%s", strerror(errno));
	}
	strbuf_finish(&b);
	return true;
}
