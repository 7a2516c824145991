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

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	const struct dash_panel *p = ctx->p;
	double v, target;
	char text[64], pre[32], big[64], post[48], sub[96], t[48], pct[16];
	enum style_role role;
	size_t n;
	double *trend = trend_values(model_series(panel_query(ctx, "trend"), NULL, NULL), &n);
	bool have_sub = panel_value(ctx, "target", NULL, NULL, &target);
	int bw = 0, value_h = 1, sub_h, spark_h, y, tw;

	panel_value(ctx, "value", NULL, NULL, &v);
	kpi_format(text, sizeof(text), v, p->unit, p->decimals, ctx->now);
	role = panel_threshold_role(p, v);
	if (text_width(text) > in.w && (p->unit == UNIT_UNITS || p->unit == UNIT_COUNT)) {
		kpi_short(text, sizeof(text), v, -1);   /* "12.8k": the title names the unit */
	}
	tw = text_width(text);
	if (have_sub) {
		kpi_format(t, sizeof(t), target, p->unit, p->decimals, ctx->now);
		if (isfinite(v) && isfinite(target) && target != 0) {
			kpi_format(pct, sizeof(pct), v / target, UNIT_PERCENT, 0, ctx->now);
			fmt_c(sub, sizeof(sub), "%s of %s", pct, t);
			if (text_width(sub) > in.w) {
				fmt_c(sub, sizeof(sub), "%s of %s", pct, kpi_short(t, sizeof(t), target, -1));
			}
		} else {
			fmt_c(sub, sizeof(sub), "of %s", t);
		}
	}

	/* Big digits when they fit, with the prefix and unit beside them. */
	if (in.h >= BIGTEXT_HEIGHT &&
		split_big(text, pre, sizeof(pre), big, sizeof(big), post, sizeof(post))) {
		bw = bigtext_width(big) + (*pre ? text_width(pre) + 1 : 0) +
			(*post ? text_width(post) + 1 : 0);
		if (bw <= in.w) {
			value_h = BIGTEXT_HEIGHT;
		} else {
			bw = 0;
		}
	}
	sub_h = have_sub && in.h > value_h ? 1 : 0;
	spark_h = trend ? in.h - value_h - sub_h : 0;
	if (spark_h > 6) {
		spark_h = 6;
	}
	y = (in.h - value_h - sub_h - (spark_h > 0 ? spark_h : 0)) / 2;

	if (value_h == BIGTEXT_HEIGHT) {
		int x = (in.w - bw) / 2;

		if (*pre) {
			x += panel_text(c, in, x, y + BIGTEXT_HEIGHT - 1, -1, pre, role, CELL_BOLD) + 1;
		}
		x += canvas_bigtext(c, in.x + x, in.y + y, big, role);
		if (*post) {
			panel_text(c, in, x + 1, y + BIGTEXT_HEIGHT - 1, -1, post, role, CELL_BOLD);
		}
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
