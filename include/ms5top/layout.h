/*
 * Layout: fits a dashboard's panels, placed on a 24-column grid like
 * Grafana's gridPos, to a terminal area of any size.
 *
 * Grid mode scales the grid to the area (columns by width / 24, rows by
 * height / the grid's height), snapping edges so that neighbours share
 * them exactly. When some panel would fall below its minimum size, the
 * layout stacks the panels instead, full width, in reading order (by y,
 * then x), each at its minimum height or more, starting at `first` (the
 * front end scrolls it to keep the focused panel visible). When not even
 * one panel fits, the layout says how big the area must be.
 *
 * Pure: it takes the minimum sizes as an argument and knows no panel code.
 */
#ifndef MS5TOP_LAYOUT_H
#define MS5TOP_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/canvas.h"
#include "ms5top/dashboard.h"

struct layout_min {
	int w, h;
};

struct layout_item {
	struct rect r;
	bool visible;
};

struct layout {
	struct layout_item items[DASH_MAX_PANELS];
	size_t n;
	bool stacked;
	bool too_small;       /* nothing fits: need_w x need_h is the least that does */
	int need_w, need_h;
	size_t order[DASH_MAX_PANELS];  /* reading order of the panels (focus moves along it) */
};

/* min[i] is panel i's minimum outer size. zoom >= 0 shows only that panel,
 * over the whole area. first is the first panel (in reading order) shown
 * when stacked. */
void layout_compute(struct layout *l, const struct dashboard *d, const struct layout_min *min,
	struct rect area, size_t first, int zoom);

/* The position of panel i in reading order. */
size_t layout_rank(const struct layout *l, size_t panel);

#endif
