/*
 * Layout. See layout.h.
 */
#include "ms5top/layout.h"

#include <stdlib.h>
#include <string.h>

/* Grid line g (0..total) mapped onto `size` cells starting at `origin`.
 * Shared edges map to the same cell, so panels tile without gaps. */
static int scale(int g, int total, int size, int origin)
{
	return origin + (int)((long)g * size / (total > 0 ? total : 1));
}

static const struct dashboard *sort_dash;

static int by_reading_order(const void *a, const void *b)
{
	const struct dash_panel *pa = &sort_dash->panels[*(const size_t *)a];
	const struct dash_panel *pb = &sort_dash->panels[*(const size_t *)b];

	if (pa->y != pb->y) {
		return pa->y < pb->y ? -1 : 1;
	}
	if (pa->x != pb->x) {
		return pa->x < pb->x ? -1 : 1;
	}
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

size_t layout_rank(const struct layout *l, size_t panel)
{
	for (size_t k = 0; k < l->n; k++) {
		if (l->order[k] == panel) {
			return k;
		}
	}
	return 0;
}

static bool grid_fits(struct layout *l, const struct dashboard *d, const struct layout_min *min,
	struct rect area)
{
	int rows = 0;

	for (size_t i = 0; i < d->n_panels; i++) {
		if (d->panels[i].y + d->panels[i].h > rows) {
			rows = d->panels[i].y + d->panels[i].h;
		}
	}
	for (size_t i = 0; i < d->n_panels; i++) {
		const struct dash_panel *p = &d->panels[i];
		struct rect *r = &l->items[i].r;
		int x0 = scale(p->x, DASH_GRID_COLS, area.w, area.x);
		int x1 = scale(p->x + p->w, DASH_GRID_COLS, area.w, area.x);
		int y0 = scale(p->y, rows, area.h, area.y);
		int y1 = scale(p->y + p->h, rows, area.h, area.y);

		*r = (struct rect){ x0, y0, x1 - x0, y1 - y0 };
		l->items[i].visible = true;
		if (r->w < min[i].w || r->h < min[i].h) {
			return false;
		}
	}
	return true;
}

/* Stacked: full width, each panel its share of the height but at least its
 * minimum, from `first` on while they fit. */
static void stack(struct layout *l, const struct dashboard *d, const struct layout_min *min,
	struct rect area, size_t first)
{
	int y = area.y, rows = 0;

	l->stacked = true;
	for (size_t i = 0; i < d->n_panels; i++) {
		rows += d->panels[i].h;
		l->items[i].visible = false;
	}
	if (first >= l->n) {
		first = l->n ? l->n - 1 : 0;
	}
	for (size_t k = first; k < l->n; k++) {
		size_t i = l->order[k];
		int h = scale(d->panels[i].h, rows, area.h * 2, 0);

		if (h < min[i].h) {
			h = min[i].h;
		}
		if (y + h > area.y + area.h) {
			/* The first panel always shows when its minimum fits; later
			 * ones only whole. */
			if (k != first && y + min[i].h > area.y + area.h) {
				break;
			}
			h = area.y + area.h - y;
		}
		if (area.w < min[i].w || h < min[i].h) {
			break;
		}
		l->items[i].r = (struct rect){ area.x, y, area.w, h };
		l->items[i].visible = true;
		y += h;
	}
}

void layout_compute(struct layout *l, const struct dashboard *d, const struct layout_min *min,
	struct rect area, size_t first, int zoom)
{
	bool any = false;

	memset(l, 0, sizeof(*l));
	l->n = d->n_panels < DASH_MAX_PANELS ? d->n_panels : DASH_MAX_PANELS;
	for (size_t i = 0; i < l->n; i++) {
		l->order[i] = i;
	}
	sort_dash = d;
	qsort(l->order, l->n, sizeof(l->order[0]), by_reading_order);
	sort_dash = NULL;

	if (zoom >= 0 && (size_t)zoom < l->n) {
		l->items[zoom].r = area;
		l->items[zoom].visible = area.w >= min[zoom].w && area.h >= min[zoom].h;
		any = l->items[zoom].visible;
	} else if (!grid_fits(l, d, min, area)) {
		stack(l, d, min, area, first);
		for (size_t i = 0; i < l->n; i++) {
			any |= l->items[i].visible;
		}
	} else {
		any = l->n > 0;
	}
	if (!any) {
		/* The smallest panel decides what the least usable area is. */
		l->too_small = true;
		l->need_w = l->need_h = 0;
		for (size_t i = 0; i < l->n; i++) {
			if (!l->need_w || min[i].w * min[i].h < l->need_w * l->need_h) {
				l->need_w = min[i].w;
				l->need_h = min[i].h;
			}
			l->items[i].visible = false;
		}
	}
}
