/*
 * The gauge panel: the "value" target as text and as a horizontal bar
 * between the panel's min and max, coloured by its thresholds, with the
 * bounds and the threshold steps marked on a scale row under the bar.
 *
 * Bounds when the dashboard gives none: 0 below; above, 1 for percent
 * (fractions), 100 for percent100, else a quarter above the larger of the
 * value and the highest threshold (1 when both are 0 or less).
 */
#include "ms5top/panel.h"

#include <math.h>

#include "ms5top/kpi.h"

static void bounds(const struct dash_panel *p, double v, double *lo, double *hi)
{
	*lo = isfinite(p->min) ? p->min : 0;
	*hi = p->max;
	if (!isfinite(*hi)) {
		double top = isfinite(v) ? v : 0;

		if (p->n_thresholds > 0 && isfinite(p->thresholds[p->n_thresholds - 1].value) &&
			p->thresholds[p->n_thresholds - 1].value > top) {
			top = p->thresholds[p->n_thresholds - 1].value;
		}
		*hi = p->unit == UNIT_PERCENT ? 1 : p->unit == UNIT_PERCENT100 ? 100
			: top > 0 ? top * 1.25 : 1;
	}
	if (!(*hi > *lo)) {
		*hi = *lo + 1;
	}
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	const struct dash_panel *p = ctx->p;
	double v, lo, hi, frac;
	char text[64], lo_text[32], hi_text[32];
	enum style_role role, fill;
	int y, rows;

	panel_value(ctx, "value", NULL, NULL, &v);
	bounds(p, v, &lo, &hi);
	frac = isfinite(v) ? (v - lo) / (hi - lo) : NAN;
	kpi_format(text, sizeof(text), v, p->unit, p->decimals, ctx->now);
	role = panel_threshold_role(p, v);
	fill = role == ROLE_DEFAULT ? ROLE_GRAPH : role;

	if (in.h == 1) {
		/* One row: the value, then the bar in what is left. */
		int used = panel_text(c, in, 0, 0, -1, text, role, CELL_BOLD);

		if (in.w - used - 1 >= 3) {
			panel_hbar(c, in, used + 1, 0, in.w - used - 1, frac, fill, ROLE_DIM);
		}
		return;
	}
	rows = in.h >= 3 ? 3 : 2;
	y = (in.h - rows) / 2;
	panel_text_center(c, in, y, text, role, CELL_BOLD);
	panel_hbar(c, in, 0, y + 1, in.w, frac, fill, ROLE_DIM);
	if (rows < 3) {
		return;
	}
	/* The scale: threshold steps as ticks, the bounds over them at the ends. */
	for (size_t i = 0; i < p->n_thresholds; i++) {
		double t = p->thresholds[i].value;

		if (isfinite(t) && t > lo && t < hi && in.w > 1) {
			int x = (int)lround((t - lo) / (hi - lo) * in.w);

			panel_text(c, in, x < in.w ? x : in.w - 1, y + 2, 1, panel_glyph(c, "╵", "|"),
				panel_role_by_name(p->thresholds[i].role), 0);
		}
	}
	kpi_format(lo_text, sizeof(lo_text), lo, p->unit, -1, ctx->now);
	kpi_format(hi_text, sizeof(hi_text), hi, p->unit, -1, ctx->now);
	if (text_width(lo_text) + text_width(hi_text) + 1 <= in.w) {
		panel_text(c, in, 0, y + 2, -1, lo_text, ROLE_DIM, 0);
		panel_text_right(c, in, 0, y + 2, in.w, hi_text, ROLE_DIM, 0);
	}
}

const struct panel_class panel_gauge_class = {
	.name = "gauge",
	.min_w = 12,
	.min_h = 3,
	.required = (const char *const[]){ "value", NULL },
	.draw = draw,
};
