#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "ms5top/model.h"

/* Two panels share one instant query; a third target is the same expression
 * as a range query, which is a different query. */
static const char dash_json[] =
	"{\"refresh\":\"10s\",\"range\":\"1h\",\"panels\":["
	"{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":12,\"h\":4},\"targets\":["
	"{\"id\":\"value\",\"expr\":\"up\"},{\"id\":\"trend\",\"expr\":\"up\",\"range\":true}]},"
	"{\"kind\":\"gauge\",\"grid\":{\"x\":12,\"y\":0,\"w\":6,\"h\":4},\"targets\":["
	"{\"id\":\"value\",\"expr\":\"up\"}]},"
	"{\"kind\":\"alerts\",\"grid\":{\"x\":18,\"y\":0,\"w\":6,\"h\":4}}]}";

static struct dashboard dash;
static struct model m;

static void setup(void)
{
	struct ms5_error err;

	cr_assert(dashboard_parse(dash_json, strlen(dash_json), "t", &dash, &err), "%s", err.msg);
	model_init(&m, &dash, 240);
}

static void teardown(void)
{
	model_finish(&m);
	dashboard_finish(&dash);
}

static void feed(size_t qi, const char *body, double now)
{
	struct result r = { .kind = RESULT_SERIES };
	struct ms5_error err;

	cr_assert(prom_decode_query(body, strlen(body), 200, &r.u.series, &err), "%s", err.msg);
	model_query_ok(&m, qi, &r, now);
}

#define VEC "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" \
	"{\"metric\":{\"job\":\"a\"},\"value\":[100,\"1\"]},{\"metric\":{\"job\":\"b\"},\"value\":[100,\"0\"]}]}}"

TestSuite(model, .init = setup, .fini = teardown);

Test(model, dedups_queries)
{
	/* up, up as a range, and the alerts panel's own request. */
	cr_assert_eq(m.n_queries, 3);
	cr_assert_eq(m.target_query[0][0], m.target_query[1][0]);
	cr_assert_neq(m.target_query[0][0], m.target_query[0][1]);
	cr_assert_eq(m.queries[m.target_query[2][0]].source, &source_alertmanager);
	cr_assert_eq(m.queries[m.target_query[0][0]].source, &source_prometheus);
	/* The range query's resolution follows the widest panel: 240 * 12 / 24 - 2 columns. */
	cr_assert_eq(m.queries[m.target_query[0][1]].points, 2 * 118);
	model_set_width(&m, 80);
	cr_assert_eq(m.queries[m.target_query[0][1]].points, 2 * 38);
}

Test(model, lookups)
{
	double v = -1;
	const struct model_query *q = model_target(&m, 1, "value");

	cr_assert_not_null(q);
	cr_assert_null(model_target(&m, 1, "trend"));
	cr_assert_null(model_target(&m, 9, "value"));
	cr_assert_not(model_value(q, NULL, NULL, &v));
	feed(m.target_query[1][0], VEC, 1000);
	cr_assert(model_value(q, "job", "b", &v));
	cr_assert_float_eq(v, 0, 1e-12);
	cr_assert(model_value(q, NULL, NULL, &v));
	cr_assert_float_eq(v, 1, 1e-12);
	cr_assert_not(model_value(q, "job", "c", &v));
	cr_assert_not_null(model_series(q, "job", "a"));
	cr_assert_null(model_series(q, "nope", "a"));
}

Test(model, panel_status_lifecycle)
{
	struct panel_status st;
	unsigned long gen = m.generation;

	model_panel_status(&m, 1, 1000, &st);
	cr_assert_eq(st.data, PANEL_DATA_LOADING);
	cr_assert(isnan(st.age));
	feed(m.target_query[1][0], VEC, 1000);
	cr_assert_gt(m.generation, gen);
	model_panel_status(&m, 1, 1005, &st);
	cr_assert_eq(st.data, PANEL_DATA_OK);
	cr_assert_float_eq(st.age, 5, 1e-9);
	/* Older than three refreshes (30 s): stale. */
	model_panel_status(&m, 1, 1031, &st);
	cr_assert_eq(st.data, PANEL_DATA_STALE);
	/* A failure keeps the old data and shows the error. */
	model_query_failed(&m, m.target_query[1][0], NULL, "connection refused", 1040);
	model_panel_status(&m, 1, 1040, &st);
	cr_assert_eq(st.data, PANEL_DATA_FAILING);
	cr_assert(st.have_any);
	cr_assert_str_eq(st.error, "connection refused");
	cr_assert(strstr(m.last_error, "connection refused"));
	/* Recovery clears the error. */
	feed(m.target_query[1][0], VEC, 1050);
	model_panel_status(&m, 1, 1050, &st);
	cr_assert_eq(st.data, PANEL_DATA_OK);
	cr_assert_null(st.error);
}

Test(model, partial_panel_is_not_loading)
{
	struct panel_status st;

	feed(m.target_query[0][0], VEC, 1000);
	model_panel_status(&m, 0, 1000, &st);
	cr_assert(st.have_any);
	cr_assert_eq(st.data, PANEL_DATA_OK);
}

Test(model, alerts_and_sources)
{
	struct panel_status st;
	struct result a = { .kind = RESULT_ROWS };
	size_t qi = m.target_query[2][0];

	model_panel_status(&m, 2, 1000, &st);
	cr_assert_eq(st.data, PANEL_DATA_LOADING);
	model_query_failed(&m, qi, NULL, "HTTP 502 Bad Gateway", 1000);
	model_panel_status(&m, 2, 1000, &st);
	cr_assert_eq(st.data, PANEL_DATA_FAILING);
	cr_assert_not(st.have_any);
	cr_assert(strstr(m.last_error, "Alertmanager: HTTP 502"));
	model_query_ok(&m, qi, &a, 1010);
	model_panel_status(&m, 2, 1010, &st);
	cr_assert_eq(st.data, PANEL_DATA_OK);

	model_source_set(&m, &source_andon, SOURCE_AUTH_FAILED, "token expired?", 1020);
	cr_assert_eq(model_source(&m, &source_andon)->state, SOURCE_AUTH_FAILED);
	cr_assert_float_eq(model_source(&m, &source_andon)->since, 1020, 1e-9);
	cr_assert(strstr(m.last_error, "Andon: token expired?"));
	/* The same state again does not move `since`. */
	model_source_set(&m, &source_andon, SOURCE_AUTH_FAILED, "token expired?", 1030);
	cr_assert_float_eq(model_source(&m, &source_andon)->since, 1020, 1e-9);
	cr_assert_str_eq(source_state_name(SOURCE_AUTH_FAILED), "auth failed");
	cr_assert_str_eq(source_prometheus.title, "Prometheus");
	cr_assert_eq(source_find("andon"), &source_andon);
	cr_assert_null(source_find("Andon"));
	cr_assert_eq(source_index(&source_alertmanager), 1);
	cr_assert_str_eq(source_names(), "prometheus, alertmanager, andon");
}

Test(model, line_names_from_any_series)
{
	static const char body[] = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
		"{\"metric\":{\"line_id\":\"line_001\",\"line_name\":\"Bottling 1\"},\"value\":[100,\"1\"]},"
		"{\"metric\":{\"line_id\":\"line_002\"},\"value\":[100,\"1\"]}]}}";
	struct model next;

	cr_assert_str_eq(model_line_name(&m, "line_001"), "line_001");
	cr_assert_null(model_line_name(&m, NULL));
	feed(m.target_query[1][0], body, 1000);
	cr_assert_str_eq(model_line_name(&m, "line_001"), "Bottling 1");
	cr_assert_str_eq(model_line_name(&m, "line_002"), "line_002");
	model_learn_line_name(&m, "line_001", "Bottling One");
	model_learn_line_name(&m, "line_003", "");
	cr_assert_str_eq(model_line_name(&m, "line_001"), "Bottling One");
	cr_assert_str_eq(model_line_name(&m, "line_003"), "line_003");
	/* A new dashboard's model keeps them. */
	model_init(&next, &dash, 80);
	model_carry(&next, &m);
	cr_assert_str_eq(model_line_name(&next, "line_001"), "Bottling One");
	model_finish(&next);
}
