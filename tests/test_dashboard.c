#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ms5top/dashboard.h"
#include "ms5top/panel.h"
#include "ms5top/source.h"

static void expect_error(const char *json, const char *part)
{
	struct dashboard d;
	struct ms5_error err = { "" };

	cr_expect_not(dashboard_parse(json, strlen(json), "t.json", &d, &err), "accepted: %s", json);
	cr_expect(strstr(err.msg, part) != NULL, "error '%s' lacks '%s'", err.msg, part);
	dashboard_finish(&d);
}

#define PANEL(body) "{\"panels\":[" body "]}"
#define STAT "{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"value\",\"expr\":\"up\"}]}"

Test(dashboard, builtins_parse)
{
	static const char *const roles[] = { "floor", "ops", "exec" };

	for (size_t i = 0; i < 3; i++) {
		const char *json = dashboard_builtin(roles[i]);
		struct dashboard d;
		struct ms5_error err = { "" };

		cr_assert_not_null(json);
		cr_assert(dashboard_parse(json, strlen(json), roles[i], &d, &err), "%s", err.msg);
		cr_assert_gt(d.n_panels, 3);
		dashboard_finish(&d);
	}
	cr_assert_null(dashboard_builtin("bogus"));
}

Test(dashboard, floor_defaults)
{
	const char *json = dashboard_builtin("floor");
	struct dashboard d;
	struct ms5_error err;

	cr_assert(dashboard_parse(json, strlen(json), "floor", &d, &err), "%s", err.msg);
	cr_assert_str_eq(d.title, "Floor");
	cr_assert_float_eq(d.refresh, 5, 1e-9);
	cr_assert_float_eq(d.range, 8 * 3600, 1e-9);
	cr_assert_eq(d.panels[0].klass, &panel_line_board_class);
	cr_assert_eq(d.panels[0].targets[0].source, &source_prometheus);
	cr_assert_not_null(dash_panel_target(&d.panels[0], "status"));
	cr_assert_eq(d.panels[0].n_thresholds, 3);
	cr_assert(isinf(d.panels[0].thresholds[0].value));
	dashboard_finish(&d);
}

Test(dashboard, minimal_and_defaults)
{
	const char *json = PANEL(STAT);
	struct dashboard d;
	struct ms5_error err;

	cr_assert(dashboard_parse(json, strlen(json), "t.json", &d, &err), "%s", err.msg);
	cr_assert_str_eq(d.title, "t.json");
	cr_assert_float_eq(d.refresh, 15, 1e-9);
	cr_assert_eq(d.panels[0].decimals, -1);
	cr_assert(isnan(d.panels[0].max));
	cr_assert_eq(d.panels[0].unit, UNIT_NONE);
	dashboard_finish(&d);
}

Test(dashboard, slo_targets_are_generated)
{
	const char *json = PANEL("{\"kind\":\"slo_board\",\"grid\":{\"x\":0,\"y\":0,\"w\":24,\"h\":6},"
		"\"slos\":[{\"name\":\"A\",\"objective\":0.999,\"window\":\"30d\",\"sli\":\"s\","
		"\"budget\":\"b\",\"burn1h\":\"x\",\"burn6h\":\"y\"}]}");
	struct dashboard d;
	struct ms5_error err;

	cr_assert(dashboard_parse(json, strlen(json), "t", &d, &err), "%s", err.msg);
	cr_assert_eq(d.panels[0].n_targets, 4);
	cr_assert_str_eq(dash_panel_target(&d.panels[0], "burn6h0")->expr, "y");
	dashboard_finish(&d);
}

Test(dashboard, errors_name_their_path)
{
	expect_error("", "not valid JSON");
	expect_error("{\n\"panels\": [,]}", "line 2: not valid JSON");
	expect_error("[]", "must be a JSON object");
	expect_error("{}", "panels: missing");
	expect_error("{\"panels\":{}}", "panels: must be an array");
	expect_error("{\"panels\":[]}", "panels: empty");
	expect_error("{\"refresh\":\"5x\",\"panels\":[" STAT "]}", "refresh: must be a duration");
	expect_error("{\"refresh\":\"0s\",\"panels\":[" STAT "]}", "refresh: must be a duration");
	expect_error("{\"title\":5,\"panels\":[" STAT "]}", "title: must be a string");
	expect_error(PANEL("5"), "panels[0]: must be an object");
	expect_error(PANEL("{}"), "panels[0].kind: missing");
	expect_error(PANEL("{\"kind\":\"pie\"}"), "panels[0].kind: 'pie' is not a panel kind");
	expect_error(PANEL("{\"kind\":\"stat\"}"), "panels[0].grid: missing");
	expect_error(PANEL("{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":6}}"), "panels[0].grid.h: missing");
	expect_error(PANEL("{\"kind\":\"stat\",\"grid\":{\"x\":20,\"y\":0,\"w\":6,\"h\":1}}"), "panels[0].grid.w: x + w is 26");
	expect_error(PANEL("{\"kind\":\"stat\",\"grid\":{\"x\":1.5,\"y\":0,\"w\":6,\"h\":1}}"), "panels[0].grid.x: must be a whole number");
	expect_error(PANEL("{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":0,\"h\":1}}"), "panels[0].grid.w: 0 is outside 1..24");
	expect_error(PANEL(STAT ",{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4}}"),
		"panels[1].targets: a stat panel needs a target with id \"value\"");
	expect_error(PANEL("{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"value\"}]}"),
		"panels[0].targets[0].expr: missing");
	expect_error(PANEL("{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"value\",\"expr\":\"\"}]}"),
		"panels[0].targets[0].expr: empty");
	expect_error(PANEL("{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"value\",\"expr\":\"a\"},{\"id\":\"value\",\"expr\":\"b\"}]}"),
		"panels[0].targets[1].id: 'value' is used twice");
	expect_error(PANEL("{\"kind\":\"stat\",\"unit\":\"furlongs\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"value\",\"expr\":\"up\"}]}"),
		"panels[0].unit: 'furlongs' is not a unit");
	expect_error(PANEL("{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"value\",\"expr\":\"up\"}],"
		"\"thresholds\":[{\"role\":\"ok\"},{\"value\":1,\"role\":\"purple\"}]}"), "panels[0].thresholds[1].role: 'purple'");
	expect_error(PANEL("{\"kind\":\"stat\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"value\",\"expr\":\"up\"}],"
		"\"thresholds\":[{\"value\":2,\"role\":\"ok\"},{\"value\":1,\"role\":\"crit\"}]}"), "panels[0].thresholds[1].value: thresholds must rise");
	expect_error(PANEL("{\"kind\":\"timeseries\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4}}"), "needs at least one target");
	expect_error(PANEL("{\"kind\":\"table\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"a\",\"expr\":\"up\"}]}"),
		"panels[0].columns: missing");
	expect_error(PANEL("{\"kind\":\"table\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"a\",\"expr\":\"up\"}],"
		"\"columns\":[{\"title\":\"x\",\"target\":\"b\"}]}"), "panels[0].columns[0].target: no target with id \"b\"");
	expect_error(PANEL("{\"kind\":\"table\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"a\",\"expr\":\"up\"}],"
		"\"columns\":[{\"title\":\"x\",\"target\":\"a\",\"label\":\"job\"}]}"), "either \"label\" or \"target\"");
	expect_error(PANEL("{\"kind\":\"table\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"a\",\"expr\":\"up\"},{\"id\":\"b\",\"expr\":\"up\"}],"
		"\"columns\":[{\"title\":\"x\",\"target\":\"a\"}]}"), "panels[0].key: a table with several targets");
	expect_error(PANEL("{\"kind\":\"table\",\"sort_column\":3,\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"targets\":[{\"id\":\"a\",\"expr\":\"up\"}],"
		"\"columns\":[{\"title\":\"x\",\"target\":\"a\"}]}"), "sort_column: there are only 1 columns");
	expect_error(PANEL("{\"kind\":\"slo_board\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"slos\":[{\"name\":\"a\",\"objective\":1,"
		"\"sli\":\"s\",\"budget\":\"b\",\"burn1h\":\"x\",\"burn6h\":\"y\"}]}"), "panels[0].slos[0].objective: must be a fraction");
	expect_error(PANEL("{\"kind\":\"slo_board\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},\"slos\":[{\"name\":\"a\",\"objective\":0.9,"
		"\"sli\":\"s\",\"budget\":\"b\",\"burn1h\":\"x\"}]}"), "panels[0].slos[0].burn6h: missing");
}

Test(dashboard, hostile_input)
{
	char deep[30000];
	size_t n = 0;
	struct dashboard d;
	struct ms5_error err;

	for (int i = 0; i < 10000; i++) {
		deep[n++] = '[';
	}
	deep[n] = '\0';
	cr_assert_not(dashboard_parse(deep, n, "deep", &d, &err));
	dashboard_finish(&d);
	cr_assert_not(dashboard_parse("{\"panels\":[\x01]}", 13, "bin", &d, &err));
	dashboard_finish(&d);
}

Test(dashboard, durations)
{
	double s;

	cr_assert(duration_parse("30s", &s));
	cr_assert_float_eq(s, 30, 1e-9);
	cr_assert(duration_parse("1h30m", &s));
	cr_assert_float_eq(s, 5400, 1e-9);
	cr_assert(duration_parse("7d", &s));
	cr_assert_float_eq(s, 604800, 1e-9);
	cr_assert(duration_parse("2w", &s));
	cr_assert(duration_parse("250ms", &s));
	cr_assert_float_eq(s, 0.25, 1e-9);
	cr_assert(duration_parse("90", &s));
	cr_assert_float_eq(s, 90, 1e-9);
	cr_assert_not(duration_parse("", &s));
	cr_assert_not(duration_parse("h", &s));
	cr_assert_not(duration_parse("5y", &s));
	cr_assert_not(duration_parse("0s", &s));
	cr_assert_not(duration_parse("5m-", &s));
	cr_assert_not(duration_parse("99999999999s", &s));
	cr_assert_not(duration_parse(NULL, &s));
}

Test(dashboard, half_read_slo_is_freed)
{
	/* Found by the fuzzer: an SLO whose name was read before its objective
	 * failed leaked the name. The sanitizer build checks the leak. */
	expect_error(PANEL("{\"kind\":\"slo_board\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},"
		"\"slos\":[{\"name\":\"API\",\"objective\":\"high\",\"window\":\"30d\"}]}"), "objective");
	expect_error(PANEL("{\"kind\":\"slo_board\",\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},"
		"\"slos\":[{\"name\":\"API\",\"objective\":0.99,\"window\":\"soon\"}]}"), "window");
}

/* The error paths the tests above do not reach, one each. */
Test(dashboard, remaining_error_paths)
{
#define GRID "\"grid\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4}"
	char many[8192];
	size_t n;

	expect_error(PANEL("{\"kind\":\"table\"," GRID ",\"targets\":[{\"id\":\"a\",\"expr\":\"x\"},"
		"{\"id\":\"b\",\"expr\":\"y\"}],\"columns\":[{\"title\":\"A\",\"target\":\"a\"}]}"),
		"needs the label that joins them");
	expect_error(PANEL("{\"kind\":\"table\"," GRID ",\"key\":\"k\",\"targets\":[{\"id\":\"a\","
		"\"expr\":\"x\"}],\"columns\":[]}"), "panels[0].columns: empty");
	expect_error(PANEL("{\"kind\":\"slo_board\"," GRID ",\"slos\":[]}"), "panels[0].slos: empty");
	expect_error(PANEL("{\"kind\":\"stat\"," GRID ",\"targets\":[{\"id\":\"value\",\"expr\":\"up\","
		"\"range\":\"yes\"}]}"), "range: must be true or false");
	expect_error(PANEL("{\"kind\":\"stat\"," GRID ",\"thresholds\":[{\"role\":\"purple\"}],"
		"\"targets\":[{\"id\":\"value\",\"expr\":\"up\"}]}"), "'purple' is not one of ok, warn");
	expect_error(PANEL("{\"kind\":\"stat\"," GRID ",\"thresholds\":[7],"
		"\"targets\":[{\"id\":\"value\",\"expr\":\"up\"}]}"), "must be an object with value and role");
	expect_error(PANEL("{\"kind\":\"stat\"," GRID ",\"thresholds\":[{\"role\":\"ok\"},{\"role\":\"ok\","
		"\"value\":1},{\"role\":\"ok\",\"value\":2},{\"role\":\"ok\",\"value\":3},{\"role\":\"ok\",\"value\":4},"
		"{\"role\":\"ok\",\"value\":5},{\"role\":\"ok\",\"value\":6},{\"role\":\"ok\",\"value\":7},"
		"{\"role\":\"ok\",\"value\":8}],\"targets\":[{\"id\":\"value\",\"expr\":\"up\"}]}"), "more than 8 entries");
	/* More targets than a panel may hold. */
	n = (size_t)snprintf(many, sizeof(many), "{\"panels\":[{\"kind\":\"timeseries\"," GRID ",\"targets\":[");
	for (int i = 0; i < DASH_MAX_TARGETS + 1; i++) {
		n += (size_t)snprintf(many + n, sizeof(many) - n, "%s{\"id\":\"t%d\",\"expr\":\"up\"}",
			i ? "," : "", i);
	}
	snprintf(many + n, sizeof(many) - n, "]}]}");
	expect_error(many, "targets: more than 40 entries");
#undef GRID
}
