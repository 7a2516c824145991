/*
 * Tests of the panels: every kind drawn from a real dashboard (parsed from
 * JSON here) and a real model (fed with Prometheus response bodies through
 * the decoder, at a fixed `now`), at its minimum size, a typical size and a
 * large one, compared with the expected text grids in tests/golden/panels/.
 * Run with MS5_UPDATE_GOLDEN=1 to rewrite the goldens on purpose (then read
 * them before committing). Roles and attributes, which the text does not
 * show, are checked cell by cell where they carry meaning. A property test
 * draws every kind at every size up to 60x20 on a canvas filled with a
 * marker and checks that nothing outside the panel's rectangle changed.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ms5top/andon_state.h"
#include "ms5top/canvas.h"
#include "ms5top/dashboard.h"
#include "ms5top/kpi.h"
#include "ms5top/model.h"
#include "ms5top/panel.h"
#include "ms5top/prom.h"
#include "ms5top/strbuf.h"

#include "golden.h"

/* 2026-11-20T06:00:00Z */
#define NOW 1795154400.0
#define T(x) #x

/* ---- The dashboard -------------------------------------------------------- */

enum {
	P_LINES, P_ANDON, P_STAT, P_GAUGE, P_SERIES, P_TABLE, P_SLO, P_ALERTS, P_EQUIP, P_MAINT,
	P_ANDON_COMPACT, P_OUTPUT, P_OEE, P_COUNT
};

static const char *const dash_json =
	"{ \"title\": \"Test\", \"refresh\": \"5s\", \"range\": \"8h\", \"panels\": ["
	"{ \"kind\": \"line_board\", \"title\": \"Lines\", \"grid\": {\"x\":0,\"y\":0,\"w\":15,\"h\":12},"
	"  \"thresholds\": [ {\"role\":\"crit\"}, {\"value\":0.6,\"role\":\"warn\"}, {\"value\":0.85,\"role\":\"ok\"} ],"
	"  \"targets\": ["
	"    {\"id\":\"status\",\"expr\":\"ms5_production_line_status\"},"
	"    {\"id\":\"oee\",\"expr\":\"line:ms5_oee:ratio_rate8h\"},"
	"    {\"id\":\"availability\",\"expr\":\"line:ms5_oee_availability:ratio_rate8h\"},"
	"    {\"id\":\"performance\",\"expr\":\"line:ms5_oee_performance:ratio_rate8h\"},"
	"    {\"id\":\"quality\",\"expr\":\"line:ms5_oee_quality:ratio_rate8h\"},"
	"    {\"id\":\"output\",\"expr\":\"output\"},"
	"    {\"id\":\"target\",\"expr\":\"ms5_production_target_units\"} ] },"
	"{ \"kind\": \"andon_feed\", \"title\": \"Andon\", \"grid\": {\"x\":15,\"y\":0,\"w\":9,\"h\":12} },"
	"{ \"kind\": \"stat\", \"title\": \"API p95\", \"unit\": \"seconds\", \"decimals\": 3,"
	"  \"grid\": {\"x\":0,\"y\":12,\"w\":4,\"h\":5},"
	"  \"thresholds\": [ {\"role\":\"ok\"}, {\"value\":0.2,\"role\":\"warn\"}, {\"value\":1,\"role\":\"crit\"} ],"
	"  \"targets\": [ {\"id\":\"value\",\"expr\":\"p95\"}, {\"id\":\"trend\",\"expr\":\"p95\",\"range\":true} ] },"
	"{ \"kind\": \"gauge\", \"title\": \"DB connections\", \"unit\": \"percent\", \"min\": 0, \"max\": 1,"
	"  \"grid\": {\"x\":4,\"y\":12,\"w\":6,\"h\":4},"
	"  \"thresholds\": [ {\"role\":\"ok\"}, {\"value\":0.7,\"role\":\"warn\"}, {\"value\":0.9,\"role\":\"crit\"} ],"
	"  \"targets\": [ {\"id\":\"value\",\"expr\":\"db\"} ] },"
	"{ \"kind\": \"timeseries\", \"title\": \"Defects per 1000 units\", \"grid\": {\"x\":10,\"y\":12,\"w\":7,\"h\":9},"
	"  \"targets\": [ {\"id\":\"defects\",\"expr\":\"defects\",\"legend\":\"{{ line_id }}\"} ] },"
	"{ \"kind\": \"table\", \"title\": \"Slowest endpoints\", \"grid\": {\"x\":16,\"y\":7,\"w\":8,\"h\":5},"
	"  \"key\": \"endpoint\", \"sort_column\": 2, \"sort_desc\": true,"
	"  \"thresholds\": [ {\"role\":\"ok\"}, {\"value\":0.5,\"role\":\"warn\"}, {\"value\":1,\"role\":\"crit\"} ],"
	"  \"targets\": [ {\"id\":\"rate\",\"expr\":\"rate\"}, {\"id\":\"p95\",\"expr\":\"p95 by endpoint\"} ],"
	"  \"columns\": [ {\"title\":\"Endpoint\",\"label\":\"endpoint\"},"
	"    {\"title\":\"req/s\",\"target\":\"rate\",\"unit\":\"per_second\"},"
	"    {\"title\":\"p95\",\"target\":\"p95\",\"unit\":\"seconds\"} ] },"
	"{ \"kind\": \"slo_board\", \"title\": \"SLOs\", \"grid\": {\"x\":0,\"y\":0,\"w\":13,\"h\":7},"
	"  \"slos\": ["
	"    {\"name\":\"API availability\",\"objective\":0.999,\"window\":\"30d\",\"sli\":\"s0\",\"budget\":\"b0\",\"burn1h\":\"h0\",\"burn6h\":\"x0\"},"
	"    {\"name\":\"API latency\",\"objective\":0.95,\"window\":\"7d\",\"sli\":\"s1\",\"budget\":\"b1\",\"burn1h\":\"h1\",\"burn6h\":\"x1\"},"
	"    {\"name\":\"Andon response\",\"objective\":0.95,\"window\":\"7d\",\"sli\":\"s2\",\"budget\":\"b2\",\"burn1h\":\"h2\",\"burn6h\":\"x2\"} ] },"
	"{ \"kind\": \"alerts\", \"title\": \"Active alerts\", \"grid\": {\"x\":13,\"y\":0,\"w\":11,\"h\":7} },"
	"{ \"kind\": \"equipment\", \"title\": \"Equipment health\", \"grid\": {\"x\":0,\"y\":12,\"w\":10,\"h\":9},"
	"  \"key\": \"equipment_code\", \"targets\": ["
	"    {\"id\":\"status\",\"expr\":\"ms5_equipment_status == 1\"},"
	"    {\"id\":\"temperature\",\"expr\":\"temp\"}, {\"id\":\"vibration\",\"expr\":\"vib\"} ] },"
	"{ \"kind\": \"maintenance\", \"title\": \"Maintenance due\", \"grid\": {\"x\":17,\"y\":12,\"w\":7,\"h\":9},"
	"  \"targets\": [ {\"id\":\"due\",\"expr\":\"due\"} ] },"
	"{ \"kind\": \"andon_feed\", \"title\": \"Andon\", \"compact\": true, \"grid\": {\"x\":14,\"y\":19,\"w\":10,\"h\":3} },"
	"{ \"kind\": \"stat\", \"title\": \"Output today vs plan\", \"unit\": \"units\","
	"  \"grid\": {\"x\":0,\"y\":8,\"w\":6,\"h\":5},"
	"  \"targets\": [ {\"id\":\"value\",\"expr\":\"out\"}, {\"id\":\"target\",\"expr\":\"plan\"} ] },"
	"{ \"kind\": \"stat\", \"title\": \"Plant OEE\", \"unit\": \"percent\", \"decimals\": 1,"
	"  \"grid\": {\"x\":0,\"y\":0,\"w\":8,\"h\":8},"
	"  \"thresholds\": [ {\"role\":\"crit\"}, {\"value\":0.6,\"role\":\"warn\"}, {\"value\":0.85,\"role\":\"ok\"} ],"
	"  \"targets\": [ {\"id\":\"value\",\"expr\":\"plant_oee\"}, {\"id\":\"trend\",\"expr\":\"plant_oee_1h\",\"range\":true} ] }"
	"] }";

/* ---- Response bodies -------------------------------------------------------- */

/* A vector body from "labels-json value" pairs: VEC("{\"a\":\"b\"}", "1"). */
static char *vector(size_t n, const char *const *metrics, const char *const *values)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	strbuf_puts(&sb, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
	for (size_t i = 0; i < n; i++) {
		strbuf_printf(&sb, "%s{\"metric\":%s,\"value\":[%.3f,\"%s\"]}", i ? "," : "", metrics[i],
			NOW, values[i]);
	}
	strbuf_puts(&sb, "]}}");
	return strbuf_steal(&sb);
}

/* A matrix body: one series per metric, n points every step seconds up to
 * NOW, values from f(series, point). */
static char *matrix(size_t ns, const char *const *metrics, size_t n, double step,
	double (*f)(size_t s, size_t i))
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	strbuf_puts(&sb, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
	for (size_t s = 0; s < ns; s++) {
		strbuf_printf(&sb, "%s{\"metric\":%s,\"values\":[", s ? "," : "", metrics[s]);
		for (size_t i = 0; i < n; i++) {
			double v = f(s, i);

			if (isnan(v)) {
				strbuf_printf(&sb, "%s[%.0f,\"NaN\"]", i ? "," : "", NOW - (double)(n - 1 - i) * step);
			} else {
				strbuf_printf(&sb, "%s[%.0f,\"%.6g\"]", i ? "," : "", NOW - (double)(n - 1 - i) * step, v);
			}
		}
		strbuf_puts(&sb, "]}");
	}
	strbuf_puts(&sb, "]}}");
	return strbuf_steal(&sb);
}

struct fixture {
	struct dashboard d;
	struct model m;
	struct andon_state *andon;
};

static size_t query_of(const struct model *m, size_t panel, const char *id)
{
	const struct dash_panel *p = &m->dash->panels[panel];

	for (size_t j = 0; j < p->n_targets; j++) {
		if (strcmp(p->targets[j].id, id) == 0) {
			return m->target_query[panel][j];
		}
	}
	cr_assert_fail("panel %zu has no target %s", panel, id);
	return 0;
}

/* Feeds a body (freed here) as the answer to a panel's target. */
static void feed(struct model *m, size_t panel, const char *id, char *body, double now)
{
	struct result r;
	struct ms5_error err;

	memset(&r, 0, sizeof(r));
	r.kind = RESULT_SERIES;
	cr_assert(prom_decode_query(body, strlen(body), 200, &r.u.series, &err), "%s: %s", id, err.msg);
	model_query_ok(m, query_of(m, panel, id), &r, now);
	result_finish(&r);
	free(body);
}

static void feed_vec(struct model *m, size_t panel, const char *id, size_t n,
	const char *const *metrics, const char *const *values)
{
	feed(m, panel, id, vector(n, metrics, values), NOW);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const lines_m[] = {
	"{\"line_id\":\"L1\",\"line_name\":\"Filling 1\",\"status\":\"running\"}",
	"{\"line_id\":\"L1\",\"line_name\":\"Filling 1\",\"status\":\"stopped\"}",
	"{\"line_id\":\"L2\",\"line_name\":\"Abfüllung 2\",\"status\":\"fault\"}",
	"{\"line_id\":\"L3\",\"line_name\":\"Press 3\",\"status\":\"stopped\"}",
	"{\"line_id\":\"L4\",\"line_name\":\"Packing 4\",\"status\":\"setup\"}",
	"{\"line_id\":\"L5\",\"line_name\":\"Labeling 5\",\"status\":\"idle\"}",
};
static const char *const line_ids[] = {
	"{\"line_id\":\"L1\"}", "{\"line_id\":\"L2\"}", "{\"line_id\":\"L3\"}", "{\"line_id\":\"L4\"}",
	"{\"line_id\":\"L5\"}",
};

static double defects(size_t s, size_t i)
{
	if (s == 1 && i >= 20 && i < 26) {
		return NAN;   /* a gap */
	}
	return s == 0 ? 2.0 + sin((double)i / 5.0) : s == 1 ? 4.0 + (double)i / 20.0 : 1.0 + (double)(i % 7) / 7.0;
}

static double p95_trend(size_t s, size_t i)
{
	(void)s;
	return 0.12 + 0.002 * (double)i + (i % 10 == 0 ? 0.05 : 0);
}

static double oee_trend(size_t s, size_t i)
{
	(void)s;
	return 0.78 + 0.05 * sin((double)i / 4.0);
}

static struct andon_event event(const char *id, const char *line, const char *eq,
	enum andon_priority prio, enum andon_status status, const char *desc, double age, int level)
{
	struct andon_event e;

	memset(&e, 0, sizeof(e));
	snprintf(e.id, sizeof(e.id), "%s", id);
	snprintf(e.line_id, sizeof(e.line_id), "%s", line);
	snprintf(e.equipment_code, sizeof(e.equipment_code), "%s", eq);
	snprintf(e.event_type, sizeof(e.event_type), "stop");
	e.priority = prio;
	snprintf(e.priority_text, sizeof(e.priority_text), "%s", andon_priority_name(prio));
	e.status = status;
	snprintf(e.status_text, sizeof(e.status_text), "%s", andon_status_name(status));
	snprintf(e.description, sizeof(e.description), "%s", desc);
	e.reported_at = NOW - age;
	e.acknowledged_at = status == ANDON_STATUS_ACKNOWLEDGED ? NOW - age / 2 : NAN;
	e.resolved_at = NAN;
	e.escalation_level = level;
	return e;
}

static void add_andon(struct fixture *f)
{
	const struct andon_event ev[] = {
		event("A1", "L2", "P-201", ANDON_PRIO_CRITICAL, ANDON_STATUS_OPEN,
			"Hydraulic pressure low on press", 252, 1),
		event("A2", "L1", "F-101", ANDON_PRIO_HIGH, ANDON_STATUS_ACKNOWLEDGED, "Label misfeed",
			95, 0),
		event("A3", "L2", "", ANDON_PRIO_MEDIUM, ANDON_STATUS_OPEN, "Material shortage at infeed",
			60, -1),
		event("A4", "L4", "W-401", ANDON_PRIO_LOW, ANDON_STATUS_ESCALATED,
			"Changeover checklist not signed", 1500, 2),
	};

	f->andon = andon_state_create(0, 0, 0);
	for (size_t i = 0; i < N(ev); i++) {
		cr_assert(ANDON_CHANGED(andon_state_apply_event(f->andon, &ev[i], NOW)));
	}
	f->m.andon = f->andon;
	model_source_set(&f->m, &source_andon, SOURCE_UP, "", NOW);
}

static void add_alerts(struct model *m)
{
	static const char body[] =
		"[{\"labels\":{\"alertname\":\"LineDown\",\"severity\":\"critical\",\"line_id\":\"L2\"},"
		"\"annotations\":{\"summary\":\"Line L2 has been down for 5 minutes\"},"
		"\"startsAt\":\"2026-11-20T05:48:00Z\",\"endsAt\":\"2026-11-20T07:00:00Z\","
		"\"fingerprint\":\"a1\",\"status\":{\"state\":\"active\",\"silencedBy\":[],\"inhibitedBy\":[]}},"
		"{\"labels\":{\"alertname\":\"SLOBurnRateSlow\",\"severity\":\"ticket\",\"slo\":\"api-latency\"},"
		"\"annotations\":{\"description\":\"Burn rate over 1 for 3d and 6h\"},"
		"\"startsAt\":\"2026-11-20T03:55:00Z\",\"endsAt\":\"2026-11-20T07:00:00Z\","
		"\"fingerprint\":\"a2\",\"status\":{\"state\":\"active\",\"silencedBy\":[],\"inhibitedBy\":[]}},"
		"{\"labels\":{\"alertname\":\"PodRestarts\",\"severity\":\"warning\"},"
		"\"annotations\":{},"
		"\"startsAt\":\"2026-11-20T05:59:20Z\",\"endsAt\":\"2026-11-20T07:00:00Z\","
		"\"fingerprint\":\"a3\",\"status\":{\"state\":\"suppressed\",\"silencedBy\":[\"s\"],\"inhibitedBy\":[]}},"
		"{\"labels\":{\"alertname\":\"SLOBurnRateFast\",\"severity\":\"page\",\"slo\":\"api-availability\"},"
		"\"annotations\":{\"summary\":\"Burn rate 14.4x over 1h and 5m\"},"
		"\"startsAt\":\"2026-11-20T05:55:48Z\",\"endsAt\":\"2026-11-20T07:00:00Z\","
		"\"fingerprint\":\"a4\",\"status\":{\"state\":\"active\",\"silencedBy\":[],\"inhibitedBy\":[]}}]";
	struct result a;
	struct ms5_error err;

	memset(&a, 0, sizeof(a));
	a.kind = RESULT_ROWS;
	cr_assert(am_decode_alerts(body, strlen(body), 200, &a.u.rows, &err), "%s", err.msg);
	model_query_ok(m, query_of(m, P_ALERTS, "alerts"), &a, NOW);
	result_finish(&a);
}

/* The dashboard and an empty model (no data yet). */
static void setup_empty(struct fixture *f)
{
	struct ms5_error err;

	memset(f, 0, sizeof(*f));
	cr_assert(dashboard_parse(dash_json, strlen(dash_json), "test", &f->d, &err), "%s", err.msg);
	cr_assert_eq(f->d.n_panels, P_COUNT);
	model_init(&f->m, &f->d, 160);
}

/* Everything answered at NOW. */
static void setup_full(struct fixture *f)
{
	struct model *m = &f->m;

	setup_empty(f);
	{
		static const char *const v[] = { "1", "0", "1", "1", "1", "1" };

		feed_vec(m, P_LINES, "status", N(lines_m), lines_m, v);
	}
	{
		static const char *const v[] = { "0.8631", "0.41", "NaN", "0.6244", "1.07" };

		feed_vec(m, P_LINES, "oee", 5, line_ids, v);
	}
	{
		static const char *const v[] = { "0.93", "0.52", "NaN", "0.7", "1" };

		feed_vec(m, P_LINES, "availability", 5, line_ids, v);
	}
	{
		static const char *const v[] = { "0.95", "0.88", "NaN", "0.92", "1.12" };

		feed_vec(m, P_LINES, "performance", 5, line_ids, v);
	}
	{
		static const char *const v[] = { "0.977", "0.9", "NaN", "0.96", "0.955" };

		feed_vec(m, P_LINES, "quality", 5, line_ids, v);
	}
	{
		static const char *const v[] = { "4120", "1210", "0", "2600", "5350" };

		feed_vec(m, P_LINES, "output", 5, line_ids, v);
	}
	{
		static const char *const v[] = { "5000", "5000", "5000", "5000", "5000" };

		feed_vec(m, P_LINES, "target", 5, line_ids, v);
	}
	{
		static const char *const mt[] = { "{}" };
		static const char *const v[] = { "0.183" };

		feed_vec(m, P_STAT, "value", 1, mt, v);
		feed(m, P_STAT, "trend", matrix(1, mt, 60, 60, p95_trend), NOW);
	}
	{
		static const char *const mt[] = { "{}" };
		static const char *const v[] = { "0.74" };

		feed_vec(m, P_GAUGE, "value", 1, mt, v);
	}
	{
		static const char *const mt[] = { "{\"line_id\":\"L1\"}", "{\"line_id\":\"L2\"}",
			"{\"line_id\":\"L3\"}" };

		feed(m, P_SERIES, "defects", matrix(3, mt, 96, 300, defects), NOW);
	}
	{
		static const char *const mt[] = { "{\"endpoint\":\"/api/v1/lines\"}",
			"{\"endpoint\":\"/api/v1/andon/events/active\"}", "{\"endpoint\":\"/health\"}",
			"{\"endpoint\":\"/api/v1/reports/oee/export\"}" };
		static const char *const rate[] = { "12.5", "3.2", "50", "0.05" };
		static const char *const p95[] = { "0.183", "0.62", "0.004", "2.4" };

		feed_vec(m, P_TABLE, "rate", 4, mt, rate);
		feed_vec(m, P_TABLE, "p95", 3, mt, p95);   /* /reports has no p95: "--" */
	}
	{
		static const char *const mt[] = { "{}" };
		static const struct { const char *id, *v; } slo[] = {
			{ "sli0", "0.99953" }, { "budget0", "0.53" }, { "burn1h0", "0.47" }, { "burn6h0", "0.52" },
			{ "sli1", "0.9312" }, { "budget1", "0.18" }, { "burn1h1", "1.38" }, { "burn6h1", "1.6" },
			{ "sli2", "0.91" }, { "budget2", "-0.2" }, { "burn1h2", "1.8" }, { "burn6h2", "2.4" },
		};

		for (size_t i = 0; i < N(slo); i++) {
			feed_vec(m, P_SLO, slo[i].id, 1, mt, &slo[i].v);
		}
	}
	add_alerts(m);
	{
		static const char *const mt[] = {
			"{\"equipment_code\":\"P-201\",\"line_id\":\"L2\",\"status\":\"fault\"}",
			"{\"equipment_code\":\"F-101\",\"line_id\":\"L1\",\"status\":\"running\"}",
			"{\"equipment_code\":\"F-102\",\"line_id\":\"L1\",\"status\":\"warning\"}",
			"{\"equipment_code\":\"W-401\",\"line_id\":\"L4\",\"status\":\"maintenance\"}",
		};
		static const char *const one[] = { "1", "1", "1", "1" };
		static const char *const codes[] = { "{\"equipment_code\":\"P-201\"}",
			"{\"equipment_code\":\"F-101\"}", "{\"equipment_code\":\"F-102\"}",
			"{\"equipment_code\":\"W-401\"}" };
		static const char *const temp[] = { "97.3", "61.2", "83.5", "NaN" };
		static const char *const vib[] = { "12.4", "2.1", "7.4", "0.3" };

		feed_vec(m, P_EQUIP, "status", 4, mt, one);
		feed_vec(m, P_EQUIP, "temperature", 4, codes, temp);
		feed_vec(m, P_EQUIP, "vibration", 4, codes, vib);
	}
	{
		static const char *const mt[] = {
			"{\"equipment_code\":\"P-201\",\"line_id\":\"L2\",\"task\":\"hydraulic filter\"}",
			"{\"equipment_code\":\"F-101\",\"line_id\":\"L1\",\"task\":\"bearing lubrication\"}",
			"{\"equipment_code\":\"W-401\",\"line_id\":\"L4\",\"task\":\"belt inspection\"}",
			"{\"equipment_code\":\"F-102\",\"line_id\":\"L1\",\"task\":\"nozzle cleaning\"}",
		};
		static const char *const due[] = { T(1795153200), T(1795165920), T(1795156200),
			T(1795327200) };

		feed_vec(m, P_MAINT, "due", 4, mt, due);
	}
	{
		static const char *const mt[] = { "{}" };
		static const char *const out[] = { "12840" };
		static const char *const plan[] = { "15000" };
		static const char *const oee[] = { "0.7834" };

		feed_vec(m, P_OUTPUT, "value", 1, mt, out);
		feed_vec(m, P_OUTPUT, "target", 1, mt, plan);
		feed_vec(m, P_OEE, "value", 1, mt, oee);
		feed(m, P_OEE, "trend", matrix(1, mt, 60, 480, oee_trend), NOW);
	}
	add_andon(f);
}

static void teardown(struct fixture *f)
{
	model_finish(&f->m);
	andon_state_destroy(f->andon);
	dashboard_finish(&f->d);
}

/* ---- Drawing and goldens ---------------------------------------------------- */

struct draw_opts {
	enum canvas_glyphs glyphs;
	bool big, focused;
	const char *filter;
	const struct panel_view *view;
	double now;
};

static void draw_panel(struct fixture *f, size_t panel, struct canvas *c, struct rect r,
	const struct draw_opts *o)
{
	struct panel_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.m = &f->m;
	ctx.p = &f->d.panels[panel];
	ctx.index = panel;
	ctx.now = o && o->now > 0 ? o->now : NOW;
	ctx.focused = o && o->focused;
	ctx.big = o && o->big;
	ctx.filter = o && o->filter ? o->filter : "";
	ctx.view = o ? o->view : NULL;
	panel_draw(&ctx, c, r);
}

/* Draws a panel alone on a w x h canvas and returns its text (caller frees). */
static char *render(struct fixture *f, size_t panel, int w, int h, const struct draw_opts *o,
	struct canvas *keep)
{
	struct canvas c;
	struct strbuf sb;

	canvas_init(&c, w, h, o ? o->glyphs : CANVAS_GLYPHS_BRAILLE);
	draw_panel(f, panel, &c, (struct rect){ 0, 0, w, h }, o);
	strbuf_init(&sb, 0);
	canvas_to_text(&c, &sb);
	if (keep) {
		*keep = c;
	} else {
		canvas_finish(&c);
	}
	return strbuf_steal(&sb);
}

/* Compares text with the golden `name`, or writes it with MS5_UPDATE_GOLDEN=1. */
static void golden(const char *name, const char *text)
{
	golden_check("panels", name, text);
}

static void check(struct fixture *f, size_t panel, int w, int h, const struct draw_opts *o,
	const char *name)
{
	char *text = render(f, panel, w, h, o, NULL);

	golden(name, text);
	free(text);
}

/* The minimum size of a panel's kind. */
static void min_size(const struct fixture *f, size_t panel, int *w, int *h)
{
	const struct panel_class *k = f->d.panels[panel].klass;

	*w = k->min_w;
	*h = k->min_h;
}

/* The column of the first occurrence of s on row y, or -1. */
static int col_of(const struct canvas *c, int y, const char *s)
{
	char row[2048];
	size_t o = 0;
	int xs[2048];

	for (int x = 0; x < c->w && o + 4 < sizeof(row); x++) {
		const struct cell *cell = canvas_at(c, x, y);
		char buf[4];
		size_t n;

		if (cell->ch == CANVAS_WIDE_NEXT) {
			continue;
		}
		n = utf8_encode(cell->ch, buf);
		for (size_t i = 0; i < n; i++) {
			xs[o] = x;
			row[o++] = buf[i];
		}
	}
	row[o] = '\0';
	{
		const char *hit = strstr(row, s);

		return hit ? xs[hit - row] : -1;
	}
}

/* The cell of the first occurrence of s (one line's text) on row y, or NULL. */
static const struct cell *find_on_row(const struct canvas *c, int y, const char *s)
{
	int x = y >= 0 && y < c->h ? col_of(c, y, s) : -1;

	return x < 0 ? NULL : canvas_at(c, x, y);
}

/* The row holding s, or -1. */
static int row_of(const struct canvas *c, const char *s)
{
	for (int y = 0; y < c->h; y++) {
		if (find_on_row(c, y, s)) {
			return y;
		}
	}
	return -1;
}

static const struct cell *find(const struct canvas *c, const char *s)
{
	int y = row_of(c, s);

	return y < 0 ? NULL : find_on_row(c, y, s);
}

/* ---- The kinds at three sizes ------------------------------------------------ */

struct sizes {
	size_t panel;
	const char *name;
	int typ_w, typ_h, big_w, big_h;
};

static const struct sizes kinds[] = {
	{ P_LINES, "line_board", 50, 10, 100, 14 },
	{ P_ANDON, "andon_feed", 30, 12, 90, 8 },
	{ P_STAT, "stat", 13, 5, 40, 12 },
	{ P_GAUGE, "gauge", 20, 4, 60, 7 },
	{ P_SERIES, "timeseries", 40, 10, 100, 20 },
	{ P_TABLE, "table", 27, 6, 70, 8 },
	{ P_SLO, "slo_board", 43, 6, 90, 8 },
	{ P_ALERTS, "alerts", 36, 7, 90, 8 },
	{ P_EQUIP, "equipment", 33, 8, 70, 8 },
	{ P_MAINT, "maintenance", 23, 8, 60, 8 },
	{ P_ANDON_COMPACT, "andon_feed_compact", 33, 3, 70, 7 },
	{ P_OUTPUT, "stat_target", 20, 5, 40, 9 },
	{ P_OEE, "stat_big", 26, 8, 60, 12 },
};

Test(panels, every_kind_at_three_sizes)
{
	struct fixture f;

	setup_full(&f);
	for (size_t i = 0; i < N(kinds); i++) {
		char name[96];
		int w, h;

		min_size(&f, kinds[i].panel, &w, &h);
		snprintf(name, sizeof(name), "%s_min", kinds[i].name);
		check(&f, kinds[i].panel, w, h, NULL, name);
		snprintf(name, sizeof(name), "%s_typical", kinds[i].name);
		check(&f, kinds[i].panel, kinds[i].typ_w, kinds[i].typ_h, NULL, name);
		snprintf(name, sizeof(name), "%s_large", kinds[i].name);
		check(&f, kinds[i].panel, kinds[i].big_w, kinds[i].big_h, NULL, name);
	}
	teardown(&f);
}

Test(panels, ascii_glyphs)
{
	struct fixture f;
	struct draw_opts ascii = { .glyphs = CANVAS_GLYPHS_ASCII };
	static const struct { size_t panel; const char *name; int w, h; } cases[] = {
		{ P_LINES, "line_board_ascii", 70, 8 },
		{ P_ANDON, "andon_feed_ascii", 40, 10 },
		{ P_STAT, "stat_ascii", 20, 8 },
		{ P_GAUGE, "gauge_ascii", 24, 5 },
		{ P_SERIES, "timeseries_ascii", 50, 10 },
		{ P_SLO, "slo_board_ascii", 80, 6 },
	};

	setup_full(&f);
	for (size_t i = 0; i < N(cases); i++) {
		char *text;

		check(&f, cases[i].panel, cases[i].w, cases[i].h, &ascii, cases[i].name);
		/* Nothing but printable ASCII in that glyph set. */
		text = render(&f, cases[i].panel, cases[i].w, cases[i].h, &ascii, NULL);
		for (const char *p = text; *p; p++) {
			cr_assert((*p >= 0x20 && *p < 0x7F) || *p == '\n', "%s: byte 0x%02x", cases[i].name,
				(unsigned char)*p);
		}
		free(text);
	}
	teardown(&f);
}

Test(panels, block_glyphs_timeseries)
{
	struct fixture f;
	struct draw_opts blocks = { .glyphs = CANVAS_GLYPHS_BLOCKS };

	setup_full(&f);
	check(&f, P_SERIES, 50, 10, &blocks, "timeseries_blocks");
	check(&f, P_STAT, 20, 8, &blocks, "stat_blocks");
	teardown(&f);
}

Test(panels, big_line_tiles)
{
	struct fixture f;
	struct draw_opts big = { .big = true };
	struct canvas c;
	char *text;

	setup_full(&f);
	check(&f, P_LINES, 100, 18, &big, "line_board_big");
	check(&f, P_LINES, 50, 10, &big, "line_board_big_small");   /* more lines than tiles */
	/* Too small for a tile: the table as usual. */
	text = render(&f, P_LINES, 30, 6, &big, &c);
	cr_assert_not_null(strstr(text, "Abfüll"), "%s", text);
	cr_assert_eq(find(&c, "✖")->attr & CELL_REVERSE, 0);
	free(text);
	canvas_finish(&c);
	/* The tile heads are in reverse video in the status role. */
	text = render(&f, P_LINES, 100, 18, &big, &c);
	cr_assert_eq(find(&c, "fault")->role, ROLE_CRIT);
	cr_assert(find(&c, "fault")->attr & CELL_REVERSE);
	cr_assert_eq(find(&c, "running")->role, ROLE_OK);
	free(text);
	canvas_finish(&c);
	teardown(&f);
}

/* ---- What the text does not show ----------------------------------------------- */

Test(panels, line_board_order_roles_and_edge_cases)
{
	struct fixture f;
	struct canvas c;
	char *text;
	int fault, stopped, running;

	setup_full(&f);
	text = render(&f, P_LINES, 80, 9, NULL, &c);
	/* Fault, then stopped, then by name; L1's 0-valued "stopped" series is not its status. */
	fault = row_of(&c, "Abfüllung 2");
	stopped = row_of(&c, "Press 3");
	running = row_of(&c, "Filling 1");
	cr_assert(fault > 0 && fault < stopped && stopped < running, "%s", text);
	cr_assert_not_null(find_on_row(&c, running, "running"), "%s", text);
	cr_assert_null(find_on_row(&c, running, "stopped"), "%s", text);
	/* Glyph and word in the status role. */
	cr_assert_eq(find_on_row(&c, fault, "✖")->role, ROLE_CRIT);
	cr_assert_eq(find_on_row(&c, fault, "fault")->role, ROLE_CRIT);
	cr_assert_eq(find_on_row(&c, running, "▶")->role, ROLE_OK);
	/* OEE by class (thresholds). */
	cr_assert_eq(find_on_row(&c, running, "86.3%")->role, ROLE_OK);
	cr_assert_eq(find_on_row(&c, fault, "41.0%")->role, ROLE_CRIT);
	cr_assert_eq(find_on_row(&c, row_of(&c, "Packing 4"), "62.4%")->role, ROLE_WARN);
	/* No planned time: "--", never 0 % or NaN. Output 0: P and Q "--". */
	cr_assert_null(strstr(text, "NaN"), "%s", text);
	cr_assert_not_null(find_on_row(&c, stopped, "--"), "%s", text);
	cr_assert_null(find_on_row(&c, stopped, "0%"), "%s", text);
	/* Factors above 1 are shown and marked. */
	cr_assert_not_null(find_on_row(&c, row_of(&c, "Labeling 5"), "107.0%!"), "%s", text);
	cr_assert_eq(find_on_row(&c, row_of(&c, "Labeling 5"), "112%!")->role, ROLE_WARN);
	/* Open Andon per line from the Andon state: L2 has a critical event. */
	{
		int x = col_of(&c, 1, "Andon") + 4;

		cr_assert_eq(canvas_at(&c, x, fault)->ch, '2', "%s", text);
		cr_assert_eq(canvas_at(&c, x, fault)->role, ROLE_CRIT);
		cr_assert_eq(canvas_at(&c, x, running)->ch, '1', "%s", text);
		cr_assert_eq(canvas_at(&c, x, running)->role, ROLE_CRIT);   /* high */
		cr_assert_eq(canvas_at(&c, x, stopped)->role, ROLE_DIM);
	}
	free(text);
	canvas_finish(&c);
	teardown(&f);
}

/* The starts of the words on row y between columns x0 and x1; returns how many. */
static size_t word_starts(const struct canvas *c, int y, int x0, int x1, int *xs, size_t max)
{
	size_t n = 0;

	for (int x = x0; x < x1 && n < max; x++) {
		bool here = canvas_at(c, x, y)->ch != ' ';
		bool before = x > x0 && canvas_at(c, x - 1, y)->ch != ' ';

		if (here && !before) {
			xs[n++] = x;
		}
	}
	return n;
}

/* Issue 14: the columns are sized by what they can hold, not by this
 * frame's values, so "--" everywhere and real numbers put every column at
 * the same x at the same size. */
Test(panels, line_board_columns_stay_put)
{
	static const int widths[] = { 30, 50, 60, 75, 100 };
	static const char *const ids[] = { "oee", "availability", "performance", "quality", "output",
		"target" };
	static const char *const nan5[] = { "NaN", "NaN", "NaN", "NaN", "NaN" };

	for (size_t k = 0; k < N(widths); k++) {
		int w = widths[k], xa[16], xb[16], na, nb;
		struct fixture f;
		struct canvas a, b;
		char *ta, *tb;

		setup_full(&f);
		for (size_t i = 0; i < N(ids); i++) {
			feed_vec(&f.m, P_LINES, ids[i], 5, line_ids, nan5);
		}
		ta = render(&f, P_LINES, w, 10, NULL, &a);
		teardown(&f);
		cr_assert_null(strstr(ta, "%"), "%s", ta);   /* no numbers at all */
		setup_full(&f);
		tb = render(&f, P_LINES, w, 10, NULL, &b);
		teardown(&f);
		cr_assert_not_null(strstr(tb, "86.3%"), "%s", tb);
		/* The titles (the right-aligned ones end where their columns end). */
		na = (int)word_starts(&a, 1, 1, w - 1, xa, 16);
		nb = (int)word_starts(&b, 1, 1, w - 1, xb, 16);
		cr_assert_eq(na, nb, "at %d:\n%s%s", w, ta, tb);
		cr_assert_gt(na, 1, "%s", ta);
		for (int i = 0; i < na; i++) {
			cr_assert_eq(xa[i], xb[i], "title %d at width %d:\n%s%s", i, w, ta, tb);
		}
		/* The names, line by line. */
		{
			static const char *const names[] = { "Filling 1", "Abfüll", "Press 3", "Packing 4",
				"Labeling 5" };

			for (size_t i = 0; i < N(names); i++) {
				int ra = row_of(&a, names[i]), rb = row_of(&b, names[i]);

				cr_assert(ra > 0 && rb > 0, "%s at %d:\n%s%s", names[i], w, ta, tb);
				cr_assert_eq(col_of(&a, ra, names[i]), col_of(&b, rb, names[i]), "%s at %d:\n%s%s",
					names[i], w, ta, tb);
			}
		}
		free(ta);
		free(tb);
		canvas_finish(&a);
		canvas_finish(&b);
	}
}

Test(panels, line_board_without_andon_omits_the_column)
{
	struct fixture f;
	char *text;

	setup_full(&f);
	f.m.andon = NULL;
	text = render(&f, P_LINES, 80, 9, NULL, NULL);
	cr_assert_null(strstr(text, "Andon"), "%s", text);
	free(text);
	teardown(&f);
}

Test(panels, line_board_filter_and_scroll)
{
	struct fixture f;
	struct draw_opts o = { .filter = "FILL" };
	struct panel_view view = { .scroll = 2, .sort_column = -1 };
	char *text;

	setup_full(&f);
	text = render(&f, P_LINES, 60, 6, &o, NULL);
	cr_assert_not_null(strstr(text, "Filling 1"), "%s", text);
	cr_assert_null(strstr(text, "Press 3"), "%s", text);
	free(text);
	o.filter = "nothing like it";
	text = render(&f, P_LINES, 60, 6, &o, NULL);
	cr_assert_not_null(strstr(text, "No lines match the filter"), "%s", text);
	free(text);
	/* 5 lines in 3 rows under the header: scrolled by 2, "+3 more". */
	o.filter = NULL;
	o.view = &view;
	text = render(&f, P_LINES, 60, 6, &o, NULL);
	golden("line_board_scrolled", text);
	cr_assert_null(strstr(text, "Abfüllung"), "%s", text);
	cr_assert_not_null(strstr(text, "+3 more"), "%s", text);
	free(text);
	teardown(&f);
}

Test(panels, andon_feed_states)
{
	struct fixture f;
	struct canvas c;
	char *text;

	setup_full(&f);
	text = render(&f, P_ANDON, 40, 12, NULL, &c);
	/* Critical first, overdue and marked; ages tick from reported_at. */
	cr_assert_lt(row_of(&c, "critical"), row_of(&c, "high"), "%s", text);
	cr_assert_lt(row_of(&c, "high"), row_of(&c, "medium"), "%s", text);
	cr_assert_not_null(strstr(text, "4m12s"), "%s", text);
	cr_assert_eq(find(&c, "OVERDUE")->role, ROLE_CRIT);
	cr_assert(find(&c, "OVERDUE")->attr & CELL_REVERSE);
	cr_assert_eq(find(&c, "✖ critical")->role, ROLE_CRIT);
	cr_assert_not_null(strstr(text, "4 open, 2 overdue"), "%s", text);
	free(text);
	canvas_finish(&c);

	/* A second later the age has ticked. */
	{
		struct draw_opts later = { .now = NOW + 1 };

		text = render(&f, P_ANDON, 40, 12, &later, NULL);
		cr_assert_not_null(strstr(text, "4m13s"), "%s", text);
		free(text);
	}

	/* The stream is down: said in the count row. */
	model_source_set(&f.m, &source_andon, SOURCE_DOWN, "connection refused", NOW);
	text = render(&f, P_ANDON, 40, 12, NULL, NULL);
	cr_assert_not_null(strstr(text, "stream down"), "%s", text);
	free(text);
	teardown(&f);

	/* No events: said in ROLE_OK; no Andon source: said. */
	setup_full(&f);
	andon_state_destroy(f.andon);
	f.andon = andon_state_create(0, 0, 0);
	f.m.andon = f.andon;
	text = render(&f, P_ANDON, 30, 5, NULL, &c);
	golden("andon_feed_empty", text);
	cr_assert_eq(find(&c, "No open Andon events")->role, ROLE_OK);
	free(text);
	canvas_finish(&c);
	f.m.andon = NULL;
	text = render(&f, P_ANDON, 30, 5, NULL, NULL);
	golden("andon_feed_not_configured", text);
	free(text);
	teardown(&f);
}

Test(panels, table_sorting)
{
	struct fixture f;
	struct panel_view by_rate = { .sort_column = 1, .sort_desc = false };
	struct draw_opts o = { .view = &by_rate };
	struct canvas c;
	char *text;

	setup_full(&f);
	/* The dashboard's order: p95 descending, the row without p95 last. */
	text = render(&f, P_TABLE, 60, 7, NULL, &c);
	cr_assert_lt(row_of(&c, "/andon/events"), row_of(&c, "/api/v1/lines"), "%s", text);
	cr_assert_lt(row_of(&c, "/api/v1/lines"), row_of(&c, "/health"), "%s", text);
	cr_assert_lt(row_of(&c, "/health"), row_of(&c, "/reports"), "%s", text);
	cr_assert_eq(find(&c, "620ms")->role, ROLE_WARN);
	cr_assert_eq(find(&c, "183ms")->role, ROLE_OK);
	cr_assert_not_null(strstr(text, "p95▼"), "%s", text);
	free(text);
	canvas_finish(&c);
	/* The view's column overrides: req/s ascending. */
	text = render(&f, P_TABLE, 60, 7, &o, &c);
	golden("table_sorted_by_view", text);
	cr_assert_lt(row_of(&c, "/reports"), row_of(&c, "/andon/events"), "%s", text);
	cr_assert_lt(row_of(&c, "/api/v1/lines"), row_of(&c, "/health"), "%s", text);
	cr_assert_not_null(strstr(text, "req/s▲"), "%s", text);
	free(text);
	canvas_finish(&c);
	teardown(&f);
}

Test(panels, slo_status_words_and_roles)
{
	struct fixture f;
	struct canvas c;
	char *text;

	setup_full(&f);
	text = render(&f, P_SLO, 80, 6, NULL, &c);
	cr_assert_not_null(strstr(text, "99.95%"), "%s", text);   /* one decimal past 99.9 */
	cr_assert_eq(find_on_row(&c, row_of(&c, "API availability"), "met")->role, ROLE_OK);
	cr_assert_eq(find_on_row(&c, row_of(&c, "API latency"), "at risk")->role, ROLE_WARN);
	cr_assert_eq(find_on_row(&c, row_of(&c, "Andon response"), "breached")->role, ROLE_CRIT);
	cr_assert_eq(find(&c, "-20.0%")->role, ROLE_CRIT);
	free(text);
	canvas_finish(&c);
	teardown(&f);
}

Test(panels, alerts_order_and_empty)
{
	struct fixture f;
	struct canvas c;
	char *text;

	setup_full(&f);
	text = render(&f, P_ALERTS, 70, 7, NULL, &c);
	/* critical, then page, then the ticket; the suppressed one last, dimmed,
	 * with its state. */
	cr_assert_lt(row_of(&c, "Line Abfüllung 2 has been down"), row_of(&c, "Burn rate 14.4x"), "%s",
		text);
	cr_assert_geq(row_of(&c, "Line Abfüllung 2 has been down"), 0, "%s", text);
	cr_assert_lt(row_of(&c, "Burn rate 14.4x"), row_of(&c, "Burn rate over 1"), "%s", text);
	cr_assert_lt(row_of(&c, "Burn rate over 1"), row_of(&c, "PodRestarts"), "%s", text);
	cr_assert_not_null(strstr(text, "12m"), "%s", text);
	cr_assert_not_null(strstr(text, "(suppressed) PodRestarts"), "%s", text);
	cr_assert_eq(find(&c, "PodRestarts")->role, ROLE_DIM);
	cr_assert_eq(find(&c, "critical")->role, ROLE_CRIT);
	free(text);
	canvas_finish(&c);
	teardown(&f);

	setup_full(&f);
	{
		struct result none = { .kind = RESULT_ROWS };

		model_query_ok(&f.m, query_of(&f.m, P_ALERTS, "alerts"), &none, NOW);
	}
	text = render(&f, P_ALERTS, 36, 5, NULL, &c);
	golden("alerts_empty", text);
	cr_assert_eq(find(&c, "No active alerts")->role, ROLE_OK);
	free(text);
	canvas_finish(&c);
	teardown(&f);
}

Test(panels, equipment_limits)
{
	struct fixture f;
	struct canvas c;
	char *text;

	setup_full(&f);
	text = render(&f, P_EQUIP, 60, 7, NULL, &c);
	cr_assert_eq(find(&c, "97.3°C")->role, ROLE_CRIT);
	cr_assert_eq(find(&c, "83.5°C")->role, ROLE_WARN);
	cr_assert_eq(find(&c, "61.2°C")->role, ROLE_DEFAULT);
	cr_assert_eq(find(&c, "12.4 mm/s")->role, ROLE_CRIT);
	cr_assert_eq(find(&c, "7.4 mm/s")->role, ROLE_WARN);
	cr_assert_eq(find(&c, "2.1 mm/s")->role, ROLE_DEFAULT);
	cr_assert_lt(row_of(&c, "P-201"), row_of(&c, "F-102"), "%s", text);   /* fault first */
	cr_assert_lt(row_of(&c, "F-102"), row_of(&c, "W-401"), "%s", text);   /* then warning */
	free(text);
	canvas_finish(&c);
	teardown(&f);
}

Test(panels, maintenance_due)
{
	struct fixture f;
	struct canvas c;
	char *text;

	setup_full(&f);
	text = render(&f, P_MAINT, 50, 6, NULL, &c);
	cr_assert_not_null(strstr(text, "OVERDUE 20m"), "%s", text);
	cr_assert_not_null(strstr(text, "in 3h12m"), "%s", text);
	cr_assert_eq(find(&c, "OVERDUE 20m")->role, ROLE_CRIT);
	cr_assert_eq(find(&c, "in 30m")->role, ROLE_WARN);
	cr_assert_lt(row_of(&c, "OVERDUE"), row_of(&c, "in 30m"), "%s", text);
	cr_assert_lt(row_of(&c, "in 30m"), row_of(&c, "in 3h12m"), "%s", text);
	cr_assert_lt(row_of(&c, "in 3h12m"), row_of(&c, "in 2d00h"), "%s", text);
	free(text);
	canvas_finish(&c);
	teardown(&f);
}

Test(panels, stat_value_role_and_nan)
{
	struct fixture f;
	struct canvas c;
	char *text;

	setup_full(&f);
	text = render(&f, P_STAT, 13, 3, NULL, &c);
	cr_assert_eq(find(&c, "0.183s")->role, ROLE_OK);
	cr_assert(find(&c, "0.183s")->attr & CELL_BOLD);
	free(text);
	canvas_finish(&c);
	{
		static const char *const mt[] = { "{}" };
		static const char *const v[] = { "NaN" };

		feed_vec(&f.m, P_STAT, "value", 1, mt, v);
	}
	text = render(&f, P_STAT, 13, 3, NULL, NULL);
	cr_assert_not_null(strstr(text, "--"), "%s", text);
	cr_assert_null(strstr(text, "NaN"), "%s", text);
	free(text);
	teardown(&f);
}

/* ---- Lines by name ------------------------------------------------------------- */

/* A dashboard of its own: a legend template with line_id and another label,
 * and a table whose label column is line_id. */
static const char *const names_json =
	"{ \"title\": \"Names\", \"refresh\": \"5s\", \"range\": \"8h\", \"panels\": ["
	"{ \"kind\": \"timeseries\", \"title\": \"Rate\", \"grid\": {\"x\":0,\"y\":0,\"w\":12,\"h\":9},"
	"  \"targets\": [ {\"id\":\"r\",\"expr\":\"r\",\"range\":true,\"legend\":\"{{line_id}}/{{shift}}\"} ] },"
	"{ \"kind\": \"table\", \"title\": \"Scrap\", \"grid\": {\"x\":12,\"y\":0,\"w\":12,\"h\":9},"
	"  \"key\": \"line_id\", \"targets\": [ {\"id\":\"scrap\",\"expr\":\"scrap\"} ],"
	"  \"columns\": [ {\"title\":\"Line\",\"label\":\"line_id\"},"
	"    {\"title\":\"Scrap\",\"target\":\"scrap\",\"unit\":\"units\"} ] },"
	"{ \"kind\": \"line_board\", \"title\": \"Lines\", \"grid\": {\"x\":0,\"y\":9,\"w\":24,\"h\":9},"
	"  \"targets\": [ {\"id\":\"status\",\"expr\":\"ms5_production_line_status\"} ] }"
	"] }";

static double flat(size_t s, size_t i)
{
	(void)i;
	return 1.0 + (double)s;
}

Test(panels, lines_by_name_everywhere)
{
	struct fixture f;
	struct ms5_error err;
	struct canvas c;
	char *text;
	/* Neither series carries line_name; L7's name is learnt from another
	 * query, L8's is never known. */
	static const char *const mt[] = { "{\"line_id\":\"L7\",\"shift\":\"A\"}",
		"{\"line_id\":\"L8\",\"shift\":\"B\"}" };
	static const char *const scrap_m[] = { "{\"line_id\":\"L7\"}", "{\"line_id\":\"L8\"}" };
	static const char *const scrap_v[] = { "12", "30" };
	static const char *const st_m[] = {
		"{\"line_id\":\"L7\",\"line_name\":\"Bottling 7\",\"status\":\"running\"}" };
	static const char *const one[] = { "1" };

	memset(&f, 0, sizeof(f));
	cr_assert(dashboard_parse(names_json, strlen(names_json), "names", &f.d, &err), "%s", err.msg);
	model_init(&f.m, &f.d, 160);
	feed(&f.m, 0, "r", matrix(2, mt, 20, 300, flat), NOW);
	feed_vec(&f.m, 1, "scrap", 2, scrap_m, scrap_v);
	/* Not learnt yet: the IDs. */
	text = render(&f, 0, 60, 8, NULL, NULL);
	cr_assert_not_null(strstr(text, "● L7/A"), "%s", text);
	free(text);
	feed_vec(&f.m, 2, "status", 1, st_m, one);
	cr_assert_str_eq(model_line_name(&f.m, "L7"), "Bottling 7");

	/* The legend names the line; other labels expand as before; a line
	 * without a known name keeps its ID. */
	text = render(&f, 0, 60, 8, NULL, NULL);
	cr_assert_not_null(strstr(text, "● Bottling 7/A"), "%s", text);
	cr_assert_not_null(strstr(text, "● L8/B"), "%s", text);
	free(text);

	/* The table's line_id column shows the name; the filter finds the row
	 * by name and by ID. */
	text = render(&f, 1, 40, 6, NULL, &c);
	cr_assert_not_null(strstr(text, "Bottling 7"), "%s", text);
	cr_assert_gt(row_of(&c, "L8"), 0, "%s", text);
	free(text);
	canvas_finish(&c);
	{
		struct draw_opts by_name = { .filter = "bottl" }, by_id = { .filter = "L7" };

		text = render(&f, 1, 40, 6, &by_name, NULL);
		cr_assert_not_null(strstr(text, "Bottling 7"), "%s", text);
		cr_assert_null(strstr(text, "L8"), "%s", text);
		free(text);
		text = render(&f, 1, 40, 6, &by_id, NULL);
		cr_assert_not_null(strstr(text, "Bottling 7"), "%s", text);
		cr_assert_null(strstr(text, "L8"), "%s", text);
		free(text);
	}
	teardown(&f);

	/* The main fixture: series carry only line_id; the names come from the
	 * line board's status series. */
	setup_full(&f);
	text = render(&f, P_SERIES, 100, 20, NULL, NULL);
	cr_assert_not_null(strstr(text, "● Filling 1 2.15"), "%s", text);
	cr_assert_null(strstr(text, "● L1"), "%s", text);
	free(text);
	/* The Andon feed's line and the equipment's Line column by name, and
	 * the filter matches the name. */
	text = render(&f, P_ANDON, 90, 8, NULL, NULL);
	cr_assert_not_null(strstr(text, "Abfüllung 2"), "%s", text);
	cr_assert_null(strstr(text, " L2 "), "%s", text);
	free(text);
	{
		struct draw_opts o = { .filter = "abfüll" };

		text = render(&f, P_ANDON, 90, 8, &o, NULL);
		cr_assert_not_null(strstr(text, "2 open"), "%s", text);
		free(text);
		text = render(&f, P_EQUIP, 70, 8, &o, NULL);
		cr_assert_not_null(strstr(text, "P-201"), "%s", text);
		cr_assert_null(strstr(text, "F-101"), "%s", text);
		free(text);
		text = render(&f, P_ALERTS, 90, 8, &o, NULL);
		cr_assert_not_null(strstr(text, "Line Abfüllung 2 has been down"), "%s", text);
		cr_assert_null(strstr(text, "Burn rate"), "%s", text);
		free(text);
		o.filter = "Packing";
		text = render(&f, P_MAINT, 60, 8, &o, NULL);
		cr_assert_not_null(strstr(text, "W-401"), "%s", text);
		cr_assert_null(strstr(text, "P-201"), "%s", text);
		free(text);
	}
	text = render(&f, P_EQUIP, 70, 8, NULL, NULL);
	cr_assert_not_null(strstr(text, "Abfüllung 2"), "%s", text);
	free(text);
	teardown(&f);
}

/* ---- The frame ------------------------------------------------------------------ */

Test(panels, loading_failing_stale_frames)
{
	struct fixture f;
	struct canvas c;
	char *text;
	size_t q;

	/* Nothing yet: "loading…". */
	setup_empty(&f);
	check(&f, P_STAT, 20, 5, NULL, "frame_loading");
	{
		struct draw_opts ascii = { .glyphs = CANVAS_GLYPHS_ASCII };

		check(&f, P_STAT, 20, 5, &ascii, "frame_loading_ascii");
	}

	/* Failing with no data: the error, centred and wrapped, in crit. */
	q = query_of(&f.m, P_STAT, "value");
	model_query_failed(&f.m, q, NULL, "HTTP 502 Bad Gateway: upstream prometheus:9090 refused", NOW);
	text = render(&f, P_STAT, 24, 7, NULL, &c);
	golden("frame_failing_no_data", text);
	cr_assert_eq(find(&c, "HTTP 502")->role, ROLE_CRIT);
	free(text);
	canvas_finish(&c);
	teardown(&f);

	/* Failing with data: the old value and the error on the last row. */
	setup_full(&f);
	q = query_of(&f.m, P_GAUGE, "value");
	model_query_failed(&f.m, q, NULL, "timeout after 10s", NOW);
	text = render(&f, P_GAUGE, 24, 6, NULL, &c);
	golden("frame_failing_with_data", text);
	cr_assert_eq(row_of(&c, "⚠ timeout after 10s"), 4, "%s", text);
	cr_assert_eq(find(&c, "timeout")->role, ROLE_CRIT);
	cr_assert_not_null(strstr(text, "74%"), "%s", text);
	free(text);
	canvas_finish(&c);

	/* The same, 2 minutes on: old as well, so the age and the dimming too. */
	{
		struct draw_opts later = { .now = NOW + 125 };

		text = render(&f, P_GAUGE, 24, 6, &later, &c);
		golden("frame_failing_old", text);
		cr_assert_not_null(strstr(text, "(2m ago)"), "%s", text);
		cr_assert(find(&c, "74%")->attr & CELL_DIM);
		free(text);
		canvas_finish(&c);
	}

	/* Stale without an error: age in the title, the inside dimmed, the frame not. */
	{
		struct draw_opts later = { .now = NOW + 3725 };

		text = render(&f, P_STAT, 30, 6, &later, &c);
		golden("frame_stale", text);
		cr_assert_not_null(strstr(text, "API p95 (1h02m ago)"), "%s", text);
		for (int y = 1; y < 5; y++) {
			for (int x = 1; x < 29; x++) {
				cr_assert(canvas_at(&c, x, y)->attr & CELL_DIM, "cell %d,%d", x, y);
			}
		}
		cr_assert_eq(canvas_at(&c, 0, 0)->attr & CELL_DIM, 0);
		free(text);
		canvas_finish(&c);
	}

	/* One inside row and failing: the warning goes into the title. */
	text = render(&f, P_GAUGE, 24, 3, NULL, NULL);
	cr_assert_not_null(strstr(text, "⚠ DB connections"), "%s", text);
	free(text);

	/* Focused: the frame and title in the focus role. */
	{
		struct draw_opts focus = { .focused = true };

		text = render(&f, P_TABLE, 30, 6, &focus, &c);
		cr_assert_eq(canvas_at(&c, 0, 0)->role, ROLE_FOCUS);
		cr_assert_eq(find(&c, "Slowest")->role, ROLE_FOCUS);
		free(text);
		canvas_finish(&c);
		text = render(&f, P_TABLE, 30, 6, NULL, &c);
		cr_assert_eq(canvas_at(&c, 0, 0)->role, ROLE_BORDER);
		cr_assert_eq(find(&c, "Slowest")->role, ROLE_TITLE);
		free(text);
		canvas_finish(&c);
	}
	teardown(&f);
}

/* ---- Helpers ----------------------------------------------------------------------- */

Test(panels, helpers)
{
	struct fixture f;
	char b[32];

	setup_empty(&f);
	cr_assert_eq(panel_threshold_role(&f.d.panels[P_STAT], 0.1), ROLE_OK);
	cr_assert_eq(panel_threshold_role(&f.d.panels[P_STAT], 0.2), ROLE_WARN);
	cr_assert_eq(panel_threshold_role(&f.d.panels[P_STAT], 1), ROLE_CRIT);
	cr_assert_eq(panel_threshold_role(&f.d.panels[P_STAT], NAN), ROLE_DEFAULT);
	cr_assert_eq(panel_threshold_role(&f.d.panels[P_SERIES], 5), ROLE_DEFAULT);
	teardown(&f);

	cr_assert_eq(panel_role_by_name("error"), ROLE_CRIT);
	cr_assert_eq(panel_role_by_name("stale"), ROLE_DIM);
	cr_assert_eq(panel_role_by_name("nonsense"), ROLE_DEFAULT);
	cr_assert(panel_filter_match("", "anything"));
	cr_assert(panel_filter_match(NULL, NULL));
	cr_assert(panel_filter_match("fIlL", "Filling 1"));
	cr_assert_not(panel_filter_match("press", "Filling 1"));
	cr_assert_not(panel_filter_match("x", NULL));
	cr_assert_str_eq(panel_status_glyph("fault", CANVAS_GLYPHS_BRAILLE), "✖");
	cr_assert_str_eq(panel_status_glyph("FAULT", CANVAS_GLYPHS_ASCII), "X");
	cr_assert_str_eq(panel_status_glyph("running", CANVAS_GLYPHS_ASCII), ">");
	cr_assert_str_eq(panel_status_glyph("stopped", CANVAS_GLYPHS_ASCII), "#");
	cr_assert_str_eq(panel_status_glyph("maintenance", CANVAS_GLYPHS_ASCII), "M");
	cr_assert_str_eq(panel_status_glyph("setup", CANVAS_GLYPHS_ASCII), "S");
	cr_assert_str_eq(panel_status_glyph("idle", CANVAS_GLYPHS_ASCII), "=");
	cr_assert_str_eq(panel_status_glyph("exploded", CANVAS_GLYPHS_BRAILLE), "?");
	cr_assert_str_eq(panel_status_glyph(NULL, CANVAS_GLYPHS_BRAILLE), "?");
	cr_assert_eq(panel_status_role("running"), ROLE_OK);
	cr_assert_eq(panel_status_role("stopped"), ROLE_CRIT);
	cr_assert_eq(panel_status_role("maintenance"), ROLE_INFO);
	cr_assert_eq(panel_status_role("?"), ROLE_DIM);
	cr_assert_str_eq(panel_age(b, sizeof(b), 45.9), "45s");
	cr_assert_str_eq(panel_age(b, sizeof(b), 1200), "20m");
	cr_assert_str_eq(panel_age(b, sizeof(b), 3 * 3600 + 12 * 60), "3h12m");
	cr_assert_str_eq(panel_age(b, sizeof(b), 2 * 86400 + 3600), "2d01h");
	cr_assert_str_eq(panel_age(b, sizeof(b), NAN), "0s");
	for (size_t k = 0; k < panel_class_count; k++) {
		const struct panel_class *pc = panel_classes[k];

		cr_assert_eq(panel_class_find(pc->name), pc);
		cr_assert_not_null(pc->draw);
		cr_assert(pc->min_w >= 10 && pc->min_h >= 3);
	}
	cr_assert_null(panel_class_find("pie"));
}

Test(panels, columns_fit)
{
	struct panel_col cols[4] = {
		{ .w = 10, .min = 4 },
		{ .w = 6, .right = true },
		{ .w = 6, .drop = 2 },
		{ .w = 6, .drop = 1 },
	};
	struct panel_col c2[4];

	memcpy(c2, cols, sizeof(c2));
	panel_cols_fit(c2, 4, 40, 1);   /* everything fits */
	cr_assert(c2[0].on && c2[1].on && c2[2].on && c2[3].on);
	cr_assert_eq(c2[3].x, 10 + 1 + 6 + 1 + 6 + 1);
	memcpy(c2, cols, sizeof(c2));
	panel_cols_fit(c2, 4, 27, 1);   /* the flexible column shrinks */
	cr_assert(c2[3].on);
	cr_assert_eq(c2[0].width, 6);
	cr_assert_eq(c2[0].w, 10);   /* the wish stays, for a second fit */
	memcpy(c2, cols, sizeof(c2));
	panel_cols_fit(c2, 4, 20, 1);   /* then the highest drop goes */
	cr_assert_not(c2[2].on);
	cr_assert(c2[3].on);
	cr_assert_eq(c2[0].width, 6);
	memcpy(c2, cols, sizeof(c2));
	panel_cols_fit(c2, 4, 5, 1);    /* nothing left to drop: cut at the edge */
	cr_assert(c2[0].on);
	cr_assert_eq(c2[0].width, 4);
	cr_assert_not(c2[1].on);
	/* Fitting again, wider, from the same array gives everything back. */
	panel_cols_fit(c2, 4, 40, 1);
	cr_assert(c2[0].on && c2[1].on && c2[2].on && c2[3].on);
	cr_assert_eq(c2[0].width, 10);
}

static int cmp_int(const void *a, const void *b, const void *arg)
{
	(void)arg;
	return (*(const int *)a / 10) - (*(const int *)b / 10);
}

Test(panels, sort_is_stable)
{
	int v[] = { 31, 12, 33, 11, 35, 14, 2, 36 };
	const int want[] = { 2, 12, 11, 14, 31, 33, 35, 36 };

	panel_sort(v, N(v), sizeof(v[0]), cmp_int, NULL);
	for (size_t i = 0; i < N(v); i++) {
		cr_assert_eq(v[i], want[i], "at %zu", i);
	}
}

Test(panels, message_wraps_and_clips)
{
	struct canvas c;
	struct strbuf sb;

	canvas_init(&c, 12, 5, CANVAS_GLYPHS_BRAILLE);
	panel_message(&c, (struct rect){ 1, 1, 10, 3 },
		"connection refused by prometheus.example.org:9090 again", ROLE_CRIT, 0);
	strbuf_init(&sb, 0);
	canvas_to_text(&c, &sb);
	cr_assert_str_eq(strbuf_str(&sb),
		"\n"
		" connection\n"
		" refused by\n"
		" prometheu…\n"
		"\n");
	strbuf_finish(&sb);
	canvas_finish(&c);
}

/* ---- Property: nothing outside the rectangle --------------------------------------- */

#define MARK ((uint32_t)'@')   /* the same in every glyph set */

static void check_outside(const struct canvas *c, struct rect r, const char *what)
{
	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++) {
			const struct cell *cell = canvas_at(c, x, y);
			bool inside = x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;

			if (!inside && (cell->ch != MARK || cell->role != ROLE_INFO || cell->attr != 0)) {
				cr_assert_fail("%s: cell %d,%d outside %dx%d+%d+%d was written", what, x, y, r.w, r.h,
					r.x, r.y);
			}
		}
	}
}

static void sweep(struct fixture *f, const char *what, const struct draw_opts *o)
{
	struct canvas c;

	canvas_init(&c, 64, 24, o->glyphs);
	for (size_t panel = 0; panel < P_COUNT; panel++) {
		for (int h = 1; h <= 20; h++) {
			for (int w = 1; w <= 60; w++) {
				struct rect r = { 2, 2, w, h };
				char name[96];

				canvas_fill(&c, (struct rect){ 0, 0, c.w, c.h }, MARK, ROLE_INFO);
				draw_panel(f, panel, &c, r, o);
				snprintf(name, sizeof(name), "%s panel %zu", what, panel);
				check_outside(&c, r, name);
			}
		}
	}
	canvas_finish(&c);
}

Test(panels, never_draws_outside_its_rect, .timeout = 120)
{
	struct fixture f;
	struct draw_opts plain = { .glyphs = CANVAS_GLYPHS_BRAILLE };
	struct draw_opts ascii = { .glyphs = CANVAS_GLYPHS_ASCII, .big = true };
	struct draw_opts blocks = { .glyphs = CANVAS_GLYPHS_BLOCKS, .big = true, .focused = true };
	struct panel_view view = { .scroll = 3, .sort_column = 1, .sort_desc = true };
	struct draw_opts scrolled = { .glyphs = CANVAS_GLYPHS_BRAILLE, .view = &view, .filter = "1" };
	struct draw_opts stale = { .glyphs = CANVAS_GLYPHS_BRAILLE, .now = NOW + 7200 };
	struct panel_view wild = { .scroll = 100000, .sort_column = 9 };
	struct draw_opts far = { .glyphs = CANVAS_GLYPHS_BRAILLE, .view = &wild };

	setup_full(&f);
	sweep(&f, "braille", &plain);
	sweep(&f, "ascii big", &ascii);
	sweep(&f, "blocks big", &blocks);
	sweep(&f, "scrolled", &scrolled);
	sweep(&f, "stale", &stale);
	sweep(&f, "scrolled far, bad sort column", &far);
	model_query_failed(&f.m, query_of(&f.m, P_LINES, "oee"), NULL, "HTTP 503 Service Unavailable", NOW);
	sweep(&f, "failing", &plain);
	teardown(&f);

	setup_empty(&f);
	sweep(&f, "loading", &plain);
	for (size_t q = 0; q < f.m.n_queries; q++) {
		model_query_failed(&f.m, q, NULL, "a very long error message that has to wrap over many rows "
			"of a small panel without ever leaving it, ünïcödé and ワイド文字 included", NOW);
	}
	sweep(&f, "failing without data", &plain);
	teardown(&f);
}

/* Hostile labels: control characters, invalid UTF-8, wide characters and
 * very long names stay inside their cells and columns. */
Test(panels, hostile_labels)
{
	struct fixture f;
	struct canvas c;
	static const char *const mt[] = {
		"{\"line_id\":\"L9\",\"line_name\":\"\\u001b[31mEVIL\\u0007\",\"status\":\"running\"}",
		"{\"line_id\":\"L8\",\"line_name\":\"ワイド文字のラインの名前がとても長い\",\"status\":\"fault\"}",
		"{\"line_id\":\"L7\",\"line_name\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"status\":\"\\u0000\"}",
	};
	static const char *const v[] = { "1", "1", "1" };

	setup_full(&f);
	feed_vec(&f.m, P_LINES, "status", N(mt), mt, v);
	canvas_init(&c, 64, 24, CANVAS_GLYPHS_BRAILLE);
	for (int w = 20; w <= 60; w++) {
		struct rect r = { 2, 2, w, 8 };

		canvas_fill(&c, (struct rect){ 0, 0, c.w, c.h }, MARK, ROLE_INFO);
		draw_panel(&f, P_LINES, &c, r, NULL);
		check_outside(&c, r, "hostile");
		for (int y = 0; y < c.h; y++) {
			for (int x = 0; x < c.w; x++) {
				cr_assert(canvas_at(&c, x, y)->ch >= 0x20, "control at %d,%d", x, y);
			}
		}
	}
	canvas_finish(&c);
	teardown(&f);
}

/* "Line L2 has been down" with L2 named "Line 2 - Filling" reads "Line 2 -
 * Filling has been down", not "Line Line 2 - Filling ...". */
Test(panels, alert_summary_names_a_line_once)
{
	struct fixture f;
	struct canvas c;
	char *text;

	setup_full(&f);
	model_learn_line_name(&f.m, "L2", "Line 2 - Filling");
	text = render(&f, P_ALERTS, 90, 8, NULL, &c);
	cr_assert_not_null(strstr(text, "Line 2 - Filling has been down"), "%s", text);
	cr_assert_null(strstr(text, "Line Line"), "%s", text);
	free(text);
	canvas_finish(&c);
	teardown(&f);
}
