#include <criterion/criterion.h>
#include <string.h>

#include "ms5top/layout.h"

/* Three panels: two side by side on top, one full-width below. */
static const char dash_json[] = "{\"panels\":["
	"{\"kind\":\"alerts\",\"grid\":{\"x\":12,\"y\":0,\"w\":12,\"h\":6}},"
	"{\"kind\":\"alerts\",\"grid\":{\"x\":0,\"y\":0,\"w\":12,\"h\":6}},"
	"{\"kind\":\"alerts\",\"grid\":{\"x\":0,\"y\":6,\"w\":24,\"h\":4}}]}";

static struct dashboard d;
static const struct layout_min mins[3] = { { 20, 5 }, { 20, 5 }, { 30, 4 } };

static void setup(void)
{
	struct ms5_error err;

	cr_assert(dashboard_parse(dash_json, strlen(dash_json), "t", &d, &err), "%s", err.msg);
}

static void teardown(void)
{
	dashboard_finish(&d);
}

TestSuite(layout, .init = setup, .fini = teardown);

Test(layout, grid_tiles_the_area)
{
	struct layout l;

	layout_compute(&l, &d, mins, (struct rect){ 0, 1, 120, 30 }, 0, -1);
	cr_assert_not(l.stacked);
	cr_assert_not(l.too_small);
	/* Reading order: top-left, top-right, bottom. */
	cr_assert_eq(l.order[0], 1);
	cr_assert_eq(l.order[1], 0);
	cr_assert_eq(l.order[2], 2);
	cr_assert_eq(layout_rank(&l, 2), 2);
	cr_assert_eq(l.items[1].r.x, 0);
	cr_assert_eq(l.items[1].r.w, 60);
	cr_assert_eq(l.items[0].r.x, 60);
	cr_assert_eq(l.items[0].r.w, 60);
	cr_assert_eq(l.items[0].r.y, 1);
	cr_assert_eq(l.items[0].r.h, 18);
	cr_assert_eq(l.items[2].r.y, 19);
	cr_assert_eq(l.items[2].r.h, 12);
	cr_assert_eq(l.items[2].r.w, 120);
}

Test(layout, odd_sizes_leave_no_gaps)
{
	struct layout l;

	for (int w = 61; w < 140; w += 7) {
		for (int h = 17; h < 50; h += 5) {
			layout_compute(&l, &d, mins, (struct rect){ 0, 0, w, h }, 0, -1);
			if (l.stacked) {
				continue;
			}
			cr_assert_eq(l.items[1].r.x + l.items[1].r.w, l.items[0].r.x);
			cr_assert_eq(l.items[0].r.x + l.items[0].r.w, w);
			cr_assert_eq(l.items[2].r.y + l.items[2].r.h, h);
			cr_assert_eq(l.items[0].r.y + l.items[0].r.h, l.items[2].r.y);
		}
	}
}

Test(layout, narrow_stacks_in_reading_order)
{
	struct layout l;

	layout_compute(&l, &d, mins, (struct rect){ 0, 0, 36, 30 }, 0, -1);
	cr_assert(l.stacked);
	cr_assert(l.items[1].visible);
	cr_assert_eq(l.items[1].r.y, 0);
	cr_assert_eq(l.items[1].r.w, 36);
	cr_assert(l.items[0].visible);
	cr_assert_eq(l.items[0].r.y, l.items[1].r.y + l.items[1].r.h);
	for (size_t i = 0; i < 3; i++) {
		if (l.items[i].visible) {
			cr_assert_leq(l.items[i].r.y + l.items[i].r.h, 30);
			cr_assert_geq(l.items[i].r.h, mins[i].h);
		}
	}
	/* Scrolled to the third panel: only it (and what follows) shows. */
	layout_compute(&l, &d, mins, (struct rect){ 0, 0, 36, 30 }, 2, -1);
	cr_assert_not(l.items[1].visible);
	cr_assert(l.items[2].visible);
	cr_assert_eq(l.items[2].r.y, 0);
}

Test(layout, too_small_says_what_it_needs)
{
	struct layout l;

	layout_compute(&l, &d, mins, (struct rect){ 0, 0, 15, 3 }, 0, -1);
	cr_assert(l.too_small);
	cr_assert_eq(l.need_w, 20);
	cr_assert_eq(l.need_h, 5);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_not(l.items[i].visible);
	}
}

Test(layout, zoom_takes_the_area)
{
	struct layout l;

	layout_compute(&l, &d, mins, (struct rect){ 0, 1, 80, 22 }, 0, 2);
	cr_assert(l.items[2].visible);
	cr_assert_not(l.items[0].visible);
	cr_assert_eq(l.items[2].r.w, 80);
	cr_assert_eq(l.items[2].r.h, 22);
}
