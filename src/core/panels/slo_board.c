/*
 * The SLO board: one row per SLO of the panel, from its targets sli<i>,
 * budget<i>, burn1h<i> and burn6h<i>:
 *
 *   SLO               SLI      Budget left         1h     6h  Status
 *   API availability  99.95%   █████····  50.0%    0.4x   0.5x ✔ met
 *
 * The SLI gets one decimal more than the objective has (99.9 % -> "99.95%"),
 * so that it does not round onto the objective. The status (kpi.h: met / at
 * risk / breached) is a glyph and a word; burn rates over the paging
 * thresholds (14.4 over 1h, 6 over 6h) are critical, over 1 a warning.
 * Columns go as space runs out: the bar, 6h, 1h, the SLI; name and status
 * stay. A compact panel shows name, status, SLI and budget only.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "ms5top/fmt.h"
#include "ms5top/kpi.h"
#include "ms5top/xalloc.h"

#define MAX_SLOS 8

/* One SLO of the board: its targets are "sli<i>", "budget<i>", "burn1h<i>"
 * and "burn6h<i>" (i = its index). */
struct slo {
	char *name;
	double objective;   /* 0..1, e.g. 0.999 */
	double window;      /* seconds, e.g. 30 days */
};

struct slo_opts {
	struct slo slos[MAX_SLOS];
	size_t n_slos;
};

enum { C_NAME, C_SLI, C_BAR, C_BUDGET, C_B1, C_B6, C_STATUS, C_N };

/* Decimals of an objective in percent: 0.999 -> 1, 0.95 -> 0, 0.9995 -> 2. */
static int objective_decimals(double objective)
{
	double pct = objective * 100;
	int d = 0;

	while (d < 4 && fabs(pct - round(pct)) > 1e-9) {
		pct *= 10;
		d++;
	}
	return d;
}

static enum style_role burn_role(double burn, double page)
{
	return burn > page ? ROLE_CRIT : burn > 1 ? ROLE_WARN : ROLE_DEFAULT;
}

static void status_of(const struct canvas *c, enum slo_status s, const char **glyph,
	enum style_role *role)
{
	switch (s) {
	case SLO_MET:
		*glyph = panel_glyph(c, "✔", "+");
		*role = ROLE_OK;
		return;
	case SLO_AT_RISK:
		*glyph = panel_glyph(c, "▲", "!");
		*role = ROLE_WARN;
		return;
	case SLO_BREACHED:
		*glyph = panel_glyph(c, "✖", "X");
		*role = ROLE_CRIT;
		return;
	case SLO_UNKNOWN:
		break;
	}
	*glyph = "?";
	*role = ROLE_DIM;
}

static void burn_text(char *buf, size_t size, double burn)
{
	char n[32];

	if (isnan(burn)) {
		fmt_c(buf, size, "--");
	} else {
		fmt_c(buf, size, "%sx", kpi_short(n, sizeof(n), burn, burn < 10 && burn > -10 ? 1 : 0));
	}
}

/* One SLO's values (sli, budget, burn1h, burn6h), status and texts. */
struct slo_row {
	double v[4];
	enum slo_status st;
	char sli[32], budget[32], b1[32], b6[32], status[48];
};

static void row_of(const struct panel_ctx *ctx, const struct canvas *c, const struct slo *slo,
	size_t i, struct slo_row *r)
{
	static const char *const f[4] = { "sli", "budget", "burn1h", "burn6h" };
	const char *glyph;
	enum style_role role;
	char id[16];

	for (int k = 0; k < 4; k++) {
		fmt_c(id, sizeof(id), "%s%zu", f[k], i);
		panel_value(ctx, id, NULL, NULL, &r->v[k]);
	}
	r->st = kpi_slo_status(r->v[1], r->v[2], r->v[3]);
	kpi_format(r->sli, sizeof(r->sli), r->v[0], UNIT_PERCENT,
		objective_decimals(slo->objective) + 1, ctx->now);
	kpi_format(r->budget, sizeof(r->budget), r->v[1], UNIT_PERCENT, 1, ctx->now);
	burn_text(r->b1, sizeof(r->b1), r->v[2]);
	burn_text(r->b6, sizeof(r->b6), r->v[3]);
	status_of(c, r->st, &glyph, &role);
	fmt_c(r->status, sizeof(r->status), "%s %s", glyph, kpi_slo_status_name(r->st));
}

/* Widens the columns that are on for one SLO. */
static void widen(struct panel_col *cols, const struct slo *slo, const struct slo_row *r)
{
#define WIDEN(col, s) do { int w_ = text_width(s); if (cols[col].w && w_ > cols[col].w) cols[col].w = w_; } while (0)
	WIDEN(C_NAME, slo->name);
	WIDEN(C_SLI, r->sli);
	WIDEN(C_BUDGET, r->budget);
	WIDEN(C_B1, r->b1);
	WIDEN(C_B6, r->b6);
	WIDEN(C_STATUS, r->status);
#undef WIDEN
}

static void draw_header(struct canvas *c, struct rect in, const struct panel_col *cols)
{
	static const char *const titles[C_N] = { "SLO", "SLI", "Budget left", "", "1h", "6h",
		"Status" };

	/* "Budget left" spans the bar and the percentage. */
	for (int k = 0; k < C_N; k++) {
		if (k == C_BAR && cols[C_BAR].on) {
			panel_text(c, in, cols[k].x, 0, cols[C_BAR].width + 1 + cols[C_BUDGET].width, titles[k],
				ROLE_DEFAULT, CELL_BOLD);
		} else if (k == C_BUDGET && !cols[C_BAR].on) {
			panel_cols_text(c, in, &cols[k], 0, "Budget", ROLE_DEFAULT, CELL_BOLD);
		} else if (k != C_BUDGET) {
			panel_cols_text(c, in, &cols[k], 0, titles[k], ROLE_DEFAULT, CELL_BOLD);
		}
	}
}

static void draw_row(struct canvas *c, struct rect in, const struct panel_col *cols, int y,
	const struct slo *slo, const struct slo_row *r)
{
	const char *glyph;
	enum style_role role;

	status_of(c, r->st, &glyph, &role);
	panel_cols_text(c, in, &cols[C_NAME], y, slo->name, ROLE_DEFAULT, 0);
	panel_cols_text(c, in, &cols[C_SLI], y, r->sli,
		r->v[0] < slo->objective ? ROLE_WARN : ROLE_DEFAULT, 0);
	if (cols[C_BAR].on) {
		panel_hbar(c, in, cols[C_BAR].x, y, cols[C_BAR].width, r->v[1],
			r->v[1] < 0.25 ? (r->v[1] <= 0 ? ROLE_CRIT : ROLE_WARN) : ROLE_OK, ROLE_DIM);
	}
	panel_cols_text(c, in, &cols[C_BUDGET], y, r->budget,
		r->v[1] <= 0 ? ROLE_CRIT : r->v[1] < 0.25 ? ROLE_WARN : ROLE_DEFAULT, 0);
	panel_cols_text(c, in, &cols[C_B1], y, r->b1, burn_role(r->v[2], 14.4), 0);
	panel_cols_text(c, in, &cols[C_B6], y, r->b6, burn_role(r->v[3], 6), 0);
	panel_cols_text(c, in, &cols[C_STATUS], y, r->status, role, 0);
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	const struct dash_panel *p = ctx->p;
	const struct slo_opts *o = p->opts;
	struct panel_col cols[C_N] = {
		[C_NAME] = { .w = 3, .min = 6 },
		[C_SLI] = { .w = 3, .right = true, .drop = 3 },
		[C_BAR] = { .w = 10, .drop = 6 },
		[C_BUDGET] = { .w = 6, .right = true, .drop = p->compact ? 0 : 2 },
		[C_B1] = { .w = 2, .right = true, .drop = 4 },
		[C_B6] = { .w = 2, .right = true, .drop = 5 },
		[C_STATUS] = { .w = 6 },
	};
	struct slo_row rows[MAX_SLOS];
	size_t n = o->n_slos < MAX_SLOS ? o->n_slos : MAX_SLOS, first, count;
	int header = in.h >= 2 ? 1 : 0;

	if (p->compact) {
		cols[C_BAR].w = cols[C_B1].w = cols[C_B6].w = 0;
	}
	for (size_t i = 0; i < n; i++) {
		row_of(ctx, c, &o->slos[i], i, &rows[i]);
		widen(cols, &o->slos[i], &rows[i]);
	}
	if (cols[C_NAME].w > 28) {
		cols[C_NAME].w = 28;
	}
	/* Names are cut to no less than 14 columns before burn rates go. */
	cols[C_NAME].min = cols[C_NAME].w < 14 ? cols[C_NAME].w : 14;
	panel_cols_fit(cols, C_N, in.w, 1);
	if (header) {
		draw_header(c, in, cols);
	}
	count = panel_list_fit(ctx, n, in.h - header, &first);
	for (size_t k = 0; k < count; k++) {
		draw_row(c, in, cols, header + (int)k, &o->slos[first + k], &rows[first + k]);
	}
	panel_more(c, in, header + (int)count, n - count);
}

/* "slos" (required): name, objective, window and the four queries. */
static bool parse(struct dash_walk *w, const cJSON *panel, struct dash_panel *p)
{
	static const char *const fields[] = { "sli", "budget", "burn1h", "burn6h" };
	struct slo_opts *o = xcalloc(1, sizeof(*o));
	const cJSON *slos, *s;
	size_t i = 0;

	p->opts = o;
	if (!dash_get_array(w, panel, "slos", true, MAX_SLOS, &slos)) {
		return false;
	}
	if (cJSON_GetArraySize(slos) == 0) {
		return dash_fail(w, "slos", "empty");
	}
	cJSON_ArrayForEach(s, slos) {
		size_t old = dash_push(w, ".slos[%zu]", i);
		struct slo *slo = &o->slos[i];

		slo->objective = NAN;
		slo->window = NAN;
		/* Counted before its fields are read, so that finish frees what a
		 * half-read SLO holds. */
		o->n_slos = ++i;
		if (!cJSON_IsObject(s)) {
			return dash_fail(w, NULL, "must be an object");
		}
		if (!dash_get_string(w, s, "name", true, &slo->name) ||
			!dash_get_number(w, s, "objective", 0, 1, &slo->objective) ||
			!dash_get_duration(w, s, "window", &slo->window)) {
			return false;
		}
		if (isnan(slo->objective) || slo->objective <= 0 || slo->objective >= 1) {
			return dash_fail(w, "objective", "must be a fraction between 0 and 1, such as 0.999");
		}
		for (size_t f = 0; f < 4; f++) {
			char *expr = NULL, id[16];
			bool added;

			if (!dash_get_string(w, s, fields[f], true, &expr)) {
				return false;
			}
			snprintf(id, sizeof(id), "%s%zu", fields[f], i - 1);
			added = dash_add_target(p, id, expr, false);
			free(expr);
			if (!added) {
				return dash_fail(w, NULL, "too many queries in one panel");
			}
		}
		dash_pop(w, old);
	}
	return true;
}

static void finish(struct dash_panel *p)
{
	struct slo_opts *o = p->opts;

	for (size_t i = 0; o && i < o->n_slos; i++) {
		free(o->slos[i].name);
	}
	free(o);
	p->opts = NULL;
}

const struct panel_class panel_slo_board_class = {
	.name = "slo_board",
	.min_w = 24,
	.min_h = 3,
	.parse = parse,
	.finish = finish,
	.draw = draw,
};
