/*
 * libFuzzer target for dashboard files: each input is parsed by
 * dashboard_parse, and an accepted dashboard is checked against the
 * promises of dashboard.h (panels on the 24-column grid, targets and
 * thresholds within their caps, every panel kind known, every target with
 * an id and an expression) and then laid out at a few terminal sizes and
 * given a model, which must not crash on anything the parser let through.
 * A refused file must come with a message.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/dashboard.h"
#include "ms5top/layout.h"
#include "ms5top/model.h"
#include "ms5top/panel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct dashboard *d)
{
	if (d->n_panels > DASH_MAX_PANELS || !(d->refresh > 0) || !(d->range > 0)) {
		abort();
	}
	for (size_t i = 0; i < d->n_panels; i++) {
		const struct dash_panel *p = &d->panels[i];

		if (!p->klass || !panel_class_find(p->klass->name) || p->x < 0 || p->w <= 0 ||
			p->x + p->w > DASH_GRID_COLS || p->y < 0 || p->h <= 0 ||
			p->n_targets > DASH_MAX_TARGETS || p->n_thresholds > DASH_MAX_THRESHOLDS) {
			abort();
		}
		for (size_t j = 0; j < p->n_targets; j++) {
			const struct dash_target *t = &p->targets[j];

			if (!t->id || !t->source || (t->source->needs_expr && !t->expr)) {
				abort();
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct rect areas[] = { { 0, 1, 80, 22 }, { 0, 1, 30, 6 }, { 0, 1, 250, 68 } };
	struct layout_min mins[DASH_MAX_PANELS];
	struct ms5_error err = { "" };
	struct dashboard d;

	if (size > DASH_MAX_FILE) {
		return 0;
	}
	if (!dashboard_parse((const char *)data, size, "fuzz", &d, &err)) {
		if (!err.msg[0]) {
			abort();
		}
		dashboard_finish(&d);
		return 0;
	}
	check(&d);
	for (size_t i = 0; i < DASH_MAX_PANELS; i++) {
		mins[i] = (struct layout_min){ 10 + (int)(i % 7), 3 + (int)(i % 3) };
	}
	for (size_t a = 0; a < sizeof(areas) / sizeof(areas[0]); a++) {
		struct layout l;
		struct model m;

		layout_compute(&l, &d, mins, areas[a], a, a == 1 ? 0 : -1);
		for (size_t i = 0; i < l.n; i++) {
			const struct rect r = l.items[i].r;

			if (l.items[i].visible && (r.x < areas[a].x || r.y < areas[a].y ||
				r.x + r.w > areas[a].x + areas[a].w || r.y + r.h > areas[a].y + areas[a].h)) {
				abort();
			}
		}
		model_init(&m, &d, areas[a].w);
		model_finish(&m);
	}
	dashboard_finish(&d);
	return 0;
}
