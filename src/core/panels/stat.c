/*
 * The stat panel: one value, large. Targets: "value" (instant), optional
 * "trend" (a range query, drawn as a sparkline under the value) and
 * optional "target" (a plan to compare with: "87% of 15,000 units").
 *
 * The value is drawn in big digits when 5 rows and the width allow, with
 * the unit beside them in normal text ("183" big, "ms" small); otherwise in
 * one bold line. Its role comes from the panel's thresholds.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/fmt.h"
#include "ms5top/kpi.h"
#include "ms5top/xalloc.h"

/* The characters big digits can draw. */
static bool big_char(char ch)
{
	return (ch >= '0' && ch <= '9') || ch == '.' || ch == '%' || ch == '-' || ch == ':';
}

/* Splits a formatted value into a small prefix, a run for big digits and a
 * small suffix: "$1.2k" -> "$", "1.2", "k". False when the value has no
 * such run or digits remain in the suffix ("3m12s" is not drawn big). */
static bool split_big(const char *text, char *pre, size_t npre, char *big, size_t nbig,
	char *post, size_t npost)
{
	size_t i = 0, o = 0;
	const char *p;

	if (strcmp(text, "--") == 0) {
		fmt_c(pre, npre, "%s", "");
		fmt_c(big, nbig, "--");
		fmt_c(post, npost, "%s", "");
		return true;
	}
	while (text[i] && !(text[i] >= '0' && text[i] <= '9') &&
		!(text[i] == '-' && text[i + 1] >= '0' && text[i + 1] <= '9')) {
		i++;
	}
	if (!text[i] || i >= npre) {
		return false;
	}
	memcpy(pre, text, i);
	pre[i] = '\0';
	/* The run, without the thousands commas big digits do not have. */
	for (p = text + i; *p && o + 1 < nbig; p++) {
		if (*p == ',' && p[1] >= '0' && p[1] <= '9') {
			continue;
		}
		if (!big_char(*p)) {
			break;
		}
		big[o++] = *p;
	}
	big[o] = '\0';
	while (*p == ' ') {
		p++;
	}
	if (strpbrk(p, "0123456789")) {
		return false;
	}
	fmt_c(post, npost, "%s", p);
	return true;
}

/* The trend's values, oldest first (caller frees). */
static double *trend_values(const struct prom_series *s, size_t *n)
{
	double *v;

	*n = s ? s->n_points : 0;
	if (*n == 0) {
		return NULL;
	}
	v = xmalloc(*n * sizeof(*v));
	for (size_t i = 0; i < *n; i++) {
		v[i] = s->points[i].v;
	}
	return v;
}

static void sparkline(struct canvas *c, struct rect in, int x, int y, int w, int h,
	const double *v, size_t n)
{
	if (y < 0 || h <= 0 || x < 0 || w <= 0) {
		return;
	}
	if (y + h > in.h) {
		h = in.h - y;
	}
	if (x + w > in.w) {
		w = in.w - x;
	}
	if (h > 0 && w > 0) {
		canvas_sparkline(c, (struct rect){ in.x + x, in.y + y, w, h }, v, n, NAN, NAN, ROLE_GRAPH);
	}
}

/* "87% of 15,000" (shortened to "87% of 15k" when too wide), or "of 15,000"
 * without a ratio. */
static void target_text(const struct panel_ctx *ctx, struct rect in, double v, double target,
	char *sub, size_t size)
{
	const struct dash_panel *p = ctx->p;
	char t[48], pct[16];

	kpi_format(t, sizeof(t), target, p->unit, p->decimals, ctx->now);
	if (isfinite(v) && isfinite(target) && target != 0) {
		kpi_format(pct, sizeof(pct), v / target, UNIT_PERCENT, 0, ctx->now);
		fmt_c(sub, size, "%s of %s", pct, t);
		if (text_width(sub) > in.w) {
			fmt_c(sub, size, "%s of %s", pct, kpi_short(t, sizeof(t), target, -1));
		}
	} else {
		fmt_c(sub, size, "of %s", t);
	}
}

/* The value in big digits, with its prefix and unit beside them in normal
 * text, and its width. */
struct big_value {
	char pre[32], big[64], post[48];
	int w;
};

/* True when the value can be drawn big in in. */
static bool fit_big(struct rect in, const char *text, struct big_value *b)
{
	if (in.h < BIGTEXT_HEIGHT ||
		!split_big(text, b->pre, sizeof(b->pre), b->big, sizeof(b->big), b->post, sizeof(b->post))) {
		return false;
	}
	b->w = bigtext_width(b->big) + (*b->pre ? text_width(b->pre) + 1 : 0) +
		(*b->post ? text_width(b->post) + 1 : 0);
	return b->w <= in.w;
}

static void draw_big(struct canvas *c, struct rect in, int y, const struct big_value *b,
	enum style_role role)
{
	int x = (in.w - b->w) / 2;

	if (*b->pre) {
		x += panel_text(c, in, x, y + BIGTEXT_HEIGHT - 1, -1, b->pre, role, CELL_BOLD) + 1;
	}
	x += canvas_bigtext(c, in.x + x, in.y + y, b->big, role);
	if (*b->post) {
		panel_text(c, in, x + 1, y + BIGTEXT_HEIGHT - 1, -1, b->post, role, CELL_BOLD);
	}
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	const struct dash_panel *p = ctx->p;
	double v, target;
	char text[64], sub[96];
	struct big_value big;
	enum style_role role;
	size_t n;
	double *trend = trend_values(model_series(panel_query(ctx, "trend"), NULL, NULL), &n);
	bool have_sub = panel_value(ctx, "target", NULL, NULL, &target);
	int value_h, sub_h, spark_h, y, tw;

	panel_value(ctx, "value", NULL, NULL, &v);
	kpi_format(text, sizeof(text), v, p->unit, p->decimals, ctx->now);
	role = panel_threshold_role(p, v);
	if (text_width(text) > in.w && (p->unit == UNIT_UNITS || p->unit == UNIT_COUNT)) {
		kpi_short(text, sizeof(text), v, -1);   /* "12.8k": the title names the unit */
	}
	tw = text_width(text);
	if (have_sub) {
		target_text(ctx, in, v, target, sub, sizeof(sub));
	}
	value_h = fit_big(in, text, &big) ? BIGTEXT_HEIGHT : 1;
	sub_h = have_sub && in.h > value_h ? 1 : 0;
	spark_h = trend ? in.h - value_h - sub_h : 0;
	if (spark_h > 6) {
		spark_h = 6;
	}
	y = (in.h - value_h - sub_h - (spark_h > 0 ? spark_h : 0)) / 2;

	if (value_h == BIGTEXT_HEIGHT) {
		draw_big(c, in, y, &big, role);
	} else if (in.h == 1 && trend && in.w >= tw + 1 + 6) {
		/* One row: the value, and the trend beside it. */
		panel_text(c, in, 0, 0, -1, text, role, CELL_BOLD);
		sparkline(c, in, tw + 1, 0, in.w - tw - 1, 1, trend, n);
	} else {
		panel_text_center(c, in, y, text, role, CELL_BOLD);
	}
	y += value_h;
	if (sub_h) {
		panel_text_center(c, in, y, sub, ROLE_DIM, 0);
		y += sub_h;
	}
	if (spark_h > 0) {
		sparkline(c, in, 0, y, in.w, spark_h, trend, n);
	}
	free(trend);
}

const struct panel_class panel_stat_class = {
	.name = "stat",
	.min_w = 10,
	.min_h = 3,
	.required = (const char *const[]){ "value", NULL },
	.draw = draw,
};
