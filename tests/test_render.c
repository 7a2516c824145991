/*
 * Each role's whole frame, drawn by render_frame from real data captured
 * once from the demo stack (tests/data/render/stack.json, made by
 * scripts/capture-fixture) at a fixed time, compared with the expected text
 * in tests/golden/render/: at 80x24, 120x40 and 200x60, in braille and in
 * ASCII glyphs, and as ANSI without colour. No terminal, no network.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"
#include "ms5top/andon_state.h"
#include "ms5top/render.h"
#include "ms5top/theme.h"

static cJSON *stack;

static void load_stack(void)
{
	char *path = testdata_path("render", "stack.json");
	char *text = read_file(path);

	cr_assert(text, "cannot read %s", path);
	stack = cJSON_Parse(text);
	cr_assert(stack, "%s is not JSON", path);
	free(text);
	free(path);
}

static void free_stack(void)
{
	cJSON_Delete(stack);
}

TestSuite(render, .init = load_stack, .fini = free_stack);

struct frame {
	struct dashboard d;
	struct model m;
	struct andon_state *andon;
	double now;
};

/* Decodes a captured answer (a JSON value) with one of the decoders. */
static char *text_of(const cJSON *v)
{
	char *t = cJSON_PrintUnformatted(v);

	cr_assert(t);
	return t;
}

static void frame_init(struct frame *f, const char *role, int width)
{
	const char *json = dashboard_builtin(role);
	const cJSON *queries = cJSON_GetObjectItem(stack, "queries");
	struct ms5_error err = { "" };
	struct result alerts = { .kind = RESULT_ROWS };
	struct andon_event *events;
	size_t n, skipped;
	char *t;

	f->now = cJSON_GetObjectItem(stack, "now")->valuedouble;
	cr_assert(dashboard_parse(json, strlen(json), role, &f->d, &err), "%s", err.msg);
	model_init(&f->m, &f->d, width);
	for (size_t i = 0; i < f->m.n_queries; i++) {
		struct model_query *q = &f->m.queries[i];
		char key[4096];
		const cJSON *answer;
		struct result r = { .kind = RESULT_SERIES };

		if (q->source != &source_prometheus) {
			continue;
		}
		snprintf(key, sizeof(key), "%s|%s", q->range ? "R" : "I", q->expr);
		answer = cJSON_GetObjectItem(queries, key);
		cr_assert(answer, "no captured answer for %s (run scripts/capture-fixture)", key);
		t = text_of(answer);
		cr_assert(prom_decode_query(t, strlen(t), 200, &r.u.series, &err), "%s: %s", key, err.msg);
		model_query_ok(&f->m, i, &r, f->now);
		free(t);
	}
	t = text_of(cJSON_GetObjectItem(stack, "alerts"));
	cr_assert(am_decode_alerts(t, strlen(t), 200, &alerts.u.rows, &err), "%s", err.msg);
	for (size_t i = 0; i < f->m.n_queries; i++) {
		if (f->m.queries[i].source == &source_alertmanager) {
			model_query_ok(&f->m, i, &alerts, f->now);
		}
	}
	result_finish(&alerts);
	free(t);

	f->andon = andon_state_create(0, 0, 0);
	t = text_of(cJSON_GetObjectItem(stack, "andon"));
	cr_assert(andon_decode_active(t, strlen(t), &events, &n, &skipped, &err), "%s", err.msg);
	andon_state_resync(f->andon, events, n, f->now, f->now);
	free(events);
	free(t);
	f->m.andon = f->andon;
	for (size_t s = 0; s < source_count; s++) {
		model_source_set(&f->m, source_types[s], SOURCE_UP, NULL, f->now);
	}
}

static void frame_finish(struct frame *f)
{
	model_finish(&f->m);
	dashboard_finish(&f->d);
	andon_state_destroy(f->andon);
}

static void draw(struct frame *f, struct canvas *c, const char *role)
{
	struct render_opts o;
	struct layout l;

	memset(&o, 0, sizeof(o));
	o.plant = "Demo plant";
	o.role = role;
	o.clock = "Wed 12:00:00";
	o.now = f->now;
	o.zoom = -1;
	o.filter = "";
	render_frame(c, &f->m, &o, &l);
}

static void check_role(const char *role, int w, int h, enum canvas_glyphs g, const char *suffix)
{
	struct frame f;
	struct canvas c;
	struct strbuf out;
	char name[64];

	frame_init(&f, role, w);
	canvas_init(&c, w, h, g);
	draw(&f, &c, role);
	strbuf_init(&out, 0);
	canvas_to_text(&c, &out);
	snprintf(name, sizeof(name), "%s-%dx%d%s", role, w, h, suffix);
	golden_check("render", name, strbuf_str(&out));
	strbuf_finish(&out);
	canvas_finish(&c);
	frame_finish(&f);
}

static const char *const roles[] = { "floor", "ops", "exec" };

Test(render, roles_at_three_sizes)
{
	static const int sizes[][2] = { { 80, 24 }, { 120, 40 }, { 200, 60 } };

	for (size_t r = 0; r < 3; r++) {
		for (size_t s = 0; s < 3; s++) {
			check_role(roles[r], sizes[s][0], sizes[s][1], CANVAS_GLYPHS_BRAILLE, "");
		}
	}
}

Test(render, ascii_fallback)
{
	for (size_t r = 0; r < 3; r++) {
		struct frame f;
		struct canvas c;
		struct strbuf out;

		check_role(roles[r], 120, 40, CANVAS_GLYPHS_ASCII, "-ascii");
		/* Nothing but printable ASCII. */
		frame_init(&f, roles[r], 120);
		canvas_init(&c, 120, 40, CANVAS_GLYPHS_ASCII);
		draw(&f, &c, roles[r]);
		strbuf_init(&out, 0);
		canvas_to_text(&c, &out);
		for (size_t i = 0; i < out.len; i++) {
			unsigned char ch = (unsigned char)out.data[i];

			cr_assert(ch == '\n' || (ch >= 32 && ch < 127), "%s: byte 0x%02x at %zu",
				roles[r], ch, i);
		}
		strbuf_finish(&out);
		canvas_finish(&c);
		frame_finish(&f);
	}
}

Test(render, no_colour_is_attributes_only)
{
	struct frame f;
	struct canvas c;
	struct strbuf out;
	struct theme t;

	theme_builtin(&t);
	frame_init(&f, "floor", 100);
	canvas_init(&c, 100, 30, CANVAS_GLYPHS_BRAILLE);
	draw(&f, &c, "floor");
	strbuf_init(&out, 0);
	cr_assert(canvas_to_ansi(&c, &t, COLOR_DEPTH_NONE, &out));
	/* SGR with colours would carry 3x/4x/38/48 parameters. */
	cr_assert_null(strstr(out.data, ";38;"));
	cr_assert_null(strstr(out.data, ";48;"));
	cr_assert_null(strstr(out.data, "[3"));
	cr_assert_not_null(strstr(out.data, "\033[0"));
	golden_check("render", "floor-100x30-nocolor", out.data);
	strbuf_finish(&out);
	canvas_finish(&c);
	frame_finish(&f);
}

Test(render, too_small_says_how_big)
{
	struct frame f;
	struct canvas c;
	struct strbuf out;

	frame_init(&f, "ops", 30);
	canvas_init(&c, 30, 8, CANVAS_GLYPHS_BRAILLE);
	draw(&f, &c, "ops");
	strbuf_init(&out, 0);
	canvas_to_text(&c, &out);
	golden_check("render", "ops-30x8", out.data);
	strbuf_finish(&out);
	canvas_finish(&c);
	frame_finish(&f);
}

Test(render, same_frame_twice_is_identical)
{
	/* The interactive view diffs frames: an unchanged model must draw the
	 * same cells, or every tick would repaint. */
	struct frame f;
	struct canvas a, b;

	frame_init(&f, "exec", 120);
	canvas_init(&a, 120, 40, CANVAS_GLYPHS_BRAILLE);
	canvas_init(&b, 120, 40, CANVAS_GLYPHS_BRAILLE);
	draw(&f, &a, "exec");
	draw(&f, &b, "exec");
	cr_assert_eq(memcmp(a.cells, b.cells, sizeof(*a.cells) * 120 * 40), 0);
	canvas_finish(&a);
	canvas_finish(&b);
	frame_finish(&f);
}

/* The text of cells [x0, x1) of row y. */
static void row_text(const struct canvas *c, int y, int x0, int x1, char *buf, size_t size)
{
	size_t o = 0;

	for (int x = x0; x < x1 && o + 5 < size; x++) {
		const struct cell *cell = canvas_at(c, x, y);

		if (cell->ch != CANVAS_WIDE_NEXT) {
			o += utf8_encode(cell->ch, buf + o);
		}
	}
	buf[o] = '\0';
}

/* Issue 14: at the floor's 120x40 the line board is 15 of 24 grid columns
 * (75 cells, dashboards/floor.json); a 24-character line name is shown
 * whole there, on a row that still has its output vs target. */
Test(render, floor_line_board_shows_long_names_whole)
{
	static const char name[] = "Line 7 - Shrink Wrapping";
	cJSON *status = cJSON_GetObjectItem(cJSON_GetObjectItem(stack, "queries"),
		"I|ms5_production_line_status == 1");
	cJSON *metric, *old;
	struct frame f;
	struct canvas c;
	char row[1024];
	int found = -1;

	cr_assert_eq(strlen(name), 24);
	cr_assert(status, "no captured status query");
	metric = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(status,
		"data"), "result"), 0), "metric");
	cr_assert(metric);
	old = cJSON_DetachItemFromObject(metric, "line_name");
	cJSON_AddStringToObject(metric, "line_name", name);
	frame_init(&f, "floor", 120);
	canvas_init(&c, 120, 40, CANVAS_GLYPHS_BRAILLE);
	draw(&f, &c, "floor");
	cr_assert(canvas_at(&c, 0, 1)->ch == 0x256D && canvas_at(&c, 74, 1)->ch == 0x256E,
		"the board is not at 0..74");
	for (int y = 2; y < 21 && found < 0; y++) {
		row_text(&c, y, 0, 75, row, sizeof(row));
		if (strstr(row, name)) {
			found = y;
			/* "24,893/35,941": the output vs target beside the name. */
			cr_assert_not_null(strstr(row, "/"), "no output beside the name: %s", row);
		}
	}
	cr_assert_geq(found, 0, "no whole \"%s\" on the board", name);
	canvas_finish(&c);
	frame_finish(&f);
	cJSON_DeleteItemFromObject(metric, "line_name");
	cJSON_AddItemToObject(metric, "line_name", old);
}
