/*
 * The timeseries panel: up to four series of the panel's range targets in
 * one chart over the dashboard's range, ending now. Points are placed by
 * their time, so series with different steps or gaps line up, and a gap
 * stays a gap.
 *
 * With braille glyphs each series is a line (one dot per slot, joined
 * vertically to the next), and lines that cross share their cells, dots
 * merged; with block or ASCII glyphs one series is an area, several are
 * marks (the last series drawn on top where they meet). Around the chart: the y axis with the bounds (the
 * panel's min/max, else the data's) on the left, the time axis ("-8h" to
 * "now") under it, and a legend from each target's template ("{{line_id}}",
 * which names a line by its name: model_line_name) above it, with the last
 * values when they fit.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/fmt.h"
#include "ms5top/kpi.h"
#include "ms5top/xalloc.h"

#define MAX_SERIES 4
#define NAME_SIZE 64

static const enum style_role series_roles[MAX_SERIES] = {
	ROLE_GRAPH, ROLE_GRAPH2, ROLE_GRAPH3, ROLE_GRAPH4,
};

struct line {
	const struct prom_series *s;
	char name[NAME_SIZE];
	double last;
};

/* A label's value as a legend shows it: a line by its name. */
static const char *label_text(const struct model *m, const char *name, const char *value)
{
	return value && strcmp(name, "line_id") == 0 ? model_line_name(m, value) : value;
}

/* Expands "{{label}}" (spaces inside the braces allowed) from the series'
 * labels, "{{line_id}}" to the line's name; an unknown label expands to
 * nothing. */
static void expand_legend(char *out, size_t size, const char *tmpl, const struct prom_series *s,
	const struct model *m)
{
	size_t o = 0;

	for (const char *p = tmpl; *p && o + 1 < size;) {
		const char *end;

		if (p[0] == '{' && p[1] == '{' && (end = strstr(p + 2, "}}"))) {
			char name[128];
			const char *a = p + 2, *b = end, *v;
			size_t n;

			while (a < b && *a == ' ') {
				a++;
			}
			while (b > a && b[-1] == ' ') {
				b--;
			}
			n = (size_t)(b - a) < sizeof(name) - 1 ? (size_t)(b - a) : sizeof(name) - 1;
			memcpy(name, a, n);
			name[n] = '\0';
			v = label_text(m, name, prom_label_get(s->labels, s->n_labels, name));
			for (; v && *v && o + 1 < size; v++) {
				out[o++] = *v;
			}
			p = end + 2;
			continue;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
}

/* A series' name without a template: its first label other than __name__
 * (a line by its name), else its metric name, else the target's id. */
static void default_name(char *out, size_t size, const struct prom_series *s, const char *id,
	const struct model *m)
{
	const char *metric = NULL;

	for (size_t i = 0; i < s->n_labels; i++) {
		if (strcmp(s->labels[i].name, "__name__") == 0) {
			metric = s->labels[i].value;
		} else {
			fmt_c(out, size, "%s", label_text(m, s->labels[i].name, s->labels[i].value));
			return;
		}
	}
	fmt_c(out, size, "%s", metric ? metric : id);
}

/* "-8h", "-7d", "-90m": the start of the range relative to now. */
static void range_label(char *out, size_t size, double d)
{
	long long s = d > 0 && d < 1e12 ? (long long)llround(d) : 0;
	char age[32];

	if (s >= 86400 && s % 86400 == 0) {
		fmt_c(out, size, "-%lldd", s / 86400);
	} else if (s >= 3600 && s % 3600 == 0) {
		fmt_c(out, size, "-%lldh", s / 3600);
	} else if (s >= 60 && s % 60 == 0) {
		fmt_c(out, size, "-%lldm", s / 60);
	} else {
		fmt_c(out, size, "-%s", panel_age(age, sizeof(age), d));
	}
}

/* The series' values in n time slots over [t0, t1] (NaN where none).
 * When slots are finer than the series' step, the slots between two
 * neighbouring points are interpolated, so that a line stays a line; two
 * points further apart than twice the step (a missing scrape) or a NaN
 * sample stay a gap. */
static void resample(const struct prom_series *s, double t0, double t1, double *v, size_t n)
{
	double step = INFINITY;
	size_t prev_k = 0;
	bool have_prev = false;

	for (size_t i = 0; i < n; i++) {
		v[i] = NAN;
	}
	for (size_t i = 1; i < s->n_points; i++) {
		double d = s->points[i].t - s->points[i - 1].t;

		if (d > 0 && d < step) {
			step = d;
		}
	}
	for (size_t i = 0; i < s->n_points; i++) {
		double t = s->points[i].t, f;
		size_t k;

		if (!(t >= t0 && t <= t1)) {
			have_prev = false;
			continue;
		}
		f = (t - t0) / (t1 - t0) * (double)n;
		k = f >= (double)n ? n - 1 : (size_t)f;
		v[k] = s->points[i].v;
		if (have_prev && k > prev_k + 1 && isfinite(v[k]) && isfinite(v[prev_k]) &&
			t - s->points[i - 1].t <= 2 * step) {
			for (size_t j = prev_k + 1; j < k; j++) {
				double w = (double)(j - prev_k) / (double)(k - prev_k);

				v[j] = v[prev_k] + (v[k] - v[prev_k]) * w;
			}
		}
		prev_k = k;
		have_prev = true;
	}
}

/* The dot level 0..units-1 of v between lo and hi. */
static int level(double v, double lo, double hi, int units)
{
	double f = (v - lo) / (hi - lo);

	f = f < 0 ? 0 : f > 1 ? 1 : f;
	return (int)lround(f * (units - 1));
}

/* Braille lines: every series ORs its dots into bits[], and the cells it
 * touches take its role. */
static void braille_line(uint8_t *bits, uint8_t *roles, int w, int h, const double *v,
	size_t n, double lo, double hi, enum style_role role)
{
	/* Dot bits of the left and right column, from the bottom up. */
	static const uint8_t dots[2][4] = { { 0x40, 0x04, 0x02, 0x01 }, { 0x80, 0x20, 0x10, 0x08 } };
	int units = h * 4, prev = -1;

	for (size_t i = 0; i < n; i++) {
		int lv, from, to, col = (int)(i / 2), k = (int)(i % 2);

		if (!isfinite(v[i])) {
			prev = -1;
			continue;
		}
		lv = level(v[i], lo, hi, units);
		from = prev < 0 ? lv : prev < lv ? prev + 1 : lv;
		to = prev < 0 ? lv : prev > lv ? prev - 1 : lv;
		if (from > to) {
			int t = from;

			from = to;
			to = t;
		}
		for (int l = from; l <= to && col < w; l++) {
			int row = h - 1 - l / 4;

			bits[row * w + col] |= dots[k][l % 4];
			roles[row * w + col] = (uint8_t)role;
		}
		prev = lv;
	}
}

/* Block and ASCII charts. One series is an area (a sparkline); several
 * would hide each other that way, so each is drawn as marks: in every
 * column only the cell its value falls in, with an eighth block (or one of
 * ". - '") for where in the cell. */
static void spark_series(struct canvas *c, struct rect plot, const double *v, size_t n,
	double lo, double hi, enum style_role role, bool area)
{
	static const uint32_t blocks[8] = {
		0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588,
	};
	static const char ascii[3] = { '.', '-', '\'' };
	bool is_ascii = c->glyphs == CANVAS_GLYPHS_ASCII;
	int per = is_ascii ? 3 : 8;

	if (area) {
		canvas_sparkline(c, plot, v, n, lo, hi, role);
		return;
	}
	for (size_t i = 0; i < n && (int)i < plot.w; i++) {
		int lv, row;

		if (!isfinite(v[i])) {
			continue;
		}
		lv = level(v[i], lo, hi, plot.h * per);
		row = plot.h - 1 - lv / per;
		canvas_put(c, plot.x + (int)i, plot.y + row,
			is_ascii ? (uint32_t)(unsigned char)ascii[lv % per] : blocks[lv % per], role, 0);
	}
}

/* The legend on row y: "● L1 2.3  ● L2 1.9", with values when all fit,
 * else names only, else as many names as fit and "+N". */
static void legend(const struct panel_ctx *ctx, struct canvas *c, struct rect in, int y,
	const struct line *lines, size_t n, size_t more)
{
	const char *dot = panel_glyph(c, "●", "*");
	char text[MAX_SERIES][NAME_SIZE + 40], extra[16];

	for (int with_values = 1; with_values >= 0; with_values--) {
		int total = 0, x = 0;
		size_t fit = 0;

		for (size_t i = 0; i < n; i++) {
			char val[32];

			kpi_format(val, sizeof(val), lines[i].last, ctx->p->unit, ctx->p->decimals, ctx->now);
			fmt_c(text[i], sizeof(text[i]), with_values ? "%s %s" : "%s", lines[i].name, val);
			total += (i ? 2 : 0) + 2 + text_width(text[i]);
			if (total <= in.w) {
				fit = i + 1;
			}
		}
		fmt_c(extra, sizeof(extra), "+%zu", n - fit + more);
		if (fit < n || more > 0) {
			if (with_values) {
				continue;
			}
			/* Leave room for "+N". */
			while (fit > 0) {
				int w = 0;

				for (size_t i = 0; i < fit; i++) {
					w += (i ? 2 : 0) + 2 + text_width(text[i]);
				}
				if (w + 2 + text_width(extra) <= in.w) {
					break;
				}
				fit--;
			}
			fmt_c(extra, sizeof(extra), "+%zu", n - fit + more);
		}
		for (size_t i = 0; i < fit; i++) {
			x += i ? 2 : 0;
			x += panel_text(c, in, x, y, -1, dot, series_roles[i], 0) + 1;
			x += panel_text(c, in, x, y, -1, text[i], ROLE_DEFAULT, 0);
		}
		if (fit < n || more > 0) {
			panel_text(c, in, x + (fit ? 2 : 0), y, -1, extra, ROLE_DIM, 0);
		}
		return;
	}
}

/* The first MAX_SERIES series of the targets, named, with the bounds of
 * their values in [t0, t1] widened into *lo and *hi; returns how many, and
 * *more how many did not fit. */
static size_t gather(const struct panel_ctx *ctx, struct line *lines, size_t *more, double t0,
	double t1, double *lo, double *hi)
{
	const struct dash_panel *p = ctx->p;
	size_t n = 0;

	*more = 0;
	for (size_t j = 0; j < p->n_targets; j++) {
		const struct prom_result *r = model_query_series(panel_query(ctx, p->targets[j].id));

		for (size_t i = 0; r && i < r->n_series; i++) {
			const struct prom_series *s = &r->series[i];

			if (n == MAX_SERIES) {
				(*more)++;
				continue;
			}
			lines[n].s = s;
			lines[n].last = s->n_points ? s->points[s->n_points - 1].v : NAN;
			if (p->targets[j].legend) {
				expand_legend(lines[n].name, NAME_SIZE, p->targets[j].legend, s, ctx->m);
			} else {
				default_name(lines[n].name, NAME_SIZE, s, p->targets[j].id, ctx->m);
			}
			for (size_t k = 0; k < s->n_points; k++) {
				double x = s->points[k].v;

				if (isfinite(x) && s->points[k].t >= t0 && s->points[k].t <= t1) {
					*lo = x < *lo ? x : *lo;
					*hi = x > *hi ? x : *hi;
				}
			}
			n++;
		}
	}
	return n;
}

/* The y axis with the bounds, from row top over plot_h rows, when there is
 * room for it and the chart; returns its width (0: none). */
static int y_axis(const struct panel_ctx *ctx, struct canvas *c, struct rect in, int top,
	int plot_h, double lo, double hi)
{
	char lo_text[32], hi_text[32];
	const char *tick = panel_glyph(c, "┤", "+"), *bar = panel_glyph(c, "│", "|");
	int label_w = 0;

	kpi_format(hi_text, sizeof(hi_text), hi, ctx->p->unit, -1, ctx->now);
	kpi_format(lo_text, sizeof(lo_text), lo, ctx->p->unit, -1, ctx->now);
	if (plot_h >= 2) {
		label_w = text_width(hi_text) > text_width(lo_text) ? text_width(hi_text)
			: text_width(lo_text);
		if (in.w - label_w - 1 < 8) {
			label_w = 0;
		}
	}
	if (label_w) {
		panel_text_right(c, in, 0, top, label_w, hi_text, ROLE_DIM, 0);
		panel_text_right(c, in, 0, top + plot_h - 1, label_w, lo_text, ROLE_DIM, 0);
		for (int y = 0; y < plot_h; y++) {
			panel_text(c, in, label_w, top + y, 1,
				y == 0 || y == plot_h - 1 ? tick : bar, ROLE_BORDER, 0);
		}
	}
	return label_w;
}

/* "-8h" to "now" on the last row, from column x. */
static void time_axis(struct canvas *c, struct rect in, int x, double range)
{
	char start[32];

	range_label(start, sizeof(start), range);
	panel_text(c, in, x, in.h - 1, -1, start, ROLE_DIM, 0);
	if (in.w - x >= text_width(start) + 4) {
		panel_text_right(c, in, x, in.h - 1, in.w - x, "now", ROLE_DIM, 0);
	}
}

/* The series in the plot's cells (canvas coordinates). */
static void plot_lines(struct canvas *c, struct rect plot, const struct line *lines, size_t n,
	double t0, double t1, double lo, double hi)
{
	bool braille = c->glyphs == CANVAS_GLYPHS_BRAILLE;
	size_t slots = (size_t)plot.w * (braille ? 2 : 1);
	double *v = xmalloc(slots * sizeof(*v));
	uint8_t *bits = NULL, *roles = NULL;

	if (braille) {
		bits = xcalloc((size_t)plot.w * (size_t)plot.h, 1);
		roles = xcalloc((size_t)plot.w * (size_t)plot.h, 1);
	}
	for (size_t i = 0; i < n; i++) {
		resample(lines[i].s, t0, t1, v, slots);
		if (braille) {
			braille_line(bits, roles, plot.w, plot.h, v, slots, lo, hi, series_roles[i]);
		} else {
			spark_series(c, plot, v, slots, lo, hi, series_roles[i], n == 1);
		}
	}
	for (int y = 0; braille && y < plot.h; y++) {
		for (int x = 0; x < plot.w; x++) {
			uint8_t b = bits[y * plot.w + x];

			if (b) {
				canvas_put(c, plot.x + x, plot.y + y, 0x2800u + b,
					(enum style_role)roles[y * plot.w + x], 0);
			}
		}
	}
	free(bits);
	free(roles);
	free(v);
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	const struct dash_panel *p = ctx->p;
	struct line lines[MAX_SERIES];
	size_t n, more;
	double t1 = ctx->now, range = ctx->m->dash->range > 0 ? ctx->m->dash->range : 3600;
	double t0 = t1 - range, lo = INFINITY, hi = -INFINITY;
	int legend_h, axis_h, plot_h, label_w, plot_x;

	n = gather(ctx, lines, &more, t0, t1, &lo, &hi);
	if (isfinite(p->min)) {
		lo = p->min;
	}
	if (isfinite(p->max)) {
		hi = p->max;
	}
	legend_h = in.h >= 4 && n > 0 ? 1 : 0;
	axis_h = in.h >= 3 ? 1 : 0;
	plot_h = in.h - legend_h - axis_h;
	if (legend_h) {
		legend(ctx, c, in, 0, lines, n, more);
	}
	if (!(lo <= hi)) {
		panel_text_center(c, in, legend_h + (plot_h - 1) / 2, "no data in range", ROLE_DIM, 0);
		return;
	}
	if (hi == lo) {
		/* A flat series sits in the middle of a range around it. */
		double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;

		lo -= pad;
		hi += pad;
	}
	label_w = y_axis(ctx, c, in, legend_h, plot_h, lo, hi);
	plot_x = label_w ? label_w + 1 : 0;
	if (axis_h) {
		time_axis(c, in, plot_x, range);
	}
	if (plot_h <= 0 || in.w - plot_x <= 0) {
		return;
	}
	plot_lines(c, (struct rect){ in.x + plot_x, in.y + legend_h, in.w - plot_x, plot_h }, lines,
		n, t0, t1, lo, hi);
}

const struct panel_class panel_timeseries_class = {
	.name = "timeseries",
	.min_w = 16,
	.min_h = 4,
	.any_target = true,
	.all_range = true,
	.draw = draw,
};
