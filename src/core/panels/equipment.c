/*
 * The equipment panel: one row per piece of equipment, from the "status"
 * target's series (labels equipment_code, line_id, status; a 0/1 state set
 * where 1 marks the current status), joined with the "temperature" and
 * "vibration" targets on the panel's key (default equipment_code):
 *
 *   ✖ fault     P-101  L1   96.2°C   12.4 mm/s
 *
 * Limits for the roles, fixed here because they are properties of the
 * machines rather than of a dashboard (ISO 10816 puts 7.1 mm/s at the edge
 * of "unsatisfactory" for medium machines and 11.2 at "unacceptable"):
 *   temperature above 80 °C warn, above 95 °C crit;
 *   vibration above 7 mm/s warn, above 11 mm/s crit.
 * Sorted by trouble (fault, offline/stopped, warning, maintenance, the
 * rest), then by code. The line is shown by name (model_line_name). The
 * filter matches the code, the line (name or ID) and the status.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/kpi.h"
#include "ms5top/xalloc.h"

#define TEMP_WARN 80.0
#define TEMP_CRIT 95.0
#define VIB_WARN 7.0
#define VIB_CRIT 11.0
/* A line's name is cut to no fewer columns before the column goes. */
#define LINE_MIN 10

enum { C_STATE, C_CODE, C_LINE, C_TEMP, C_VIB, C_N };

struct eq {
	const char *code, *line, *status;   /* line: its ID, or NULL */
	const char *line_name;              /* its name, else the ID, else "--" */
	double temp, vib;
};

static int trouble(const char *status)
{
	static const char *const order[] = { "fault", "offline", "stopped", "warning",
		"maintenance" };

	for (size_t i = 0; status && i < sizeof(order) / sizeof(order[0]); i++) {
		if (panel_strcasecmp(status, order[i]) == 0) {
			return (int)i;
		}
	}
	return 10;
}

static int cmp_eq(const void *pa, const void *pb, const void *arg)
{
	const struct eq *a = pa, *b = pb;
	int r = trouble(a->status) - trouble(b->status);

	(void)arg;
	return r ? r : panel_strcasecmp(a->code, b->code);
}

static enum style_role limit_role(double v, double warn, double crit)
{
	return v > crit ? ROLE_CRIT : v > warn ? ROLE_WARN : ROLE_DEFAULT;
}

/* The rows: one per code; the series valued 1 gives the status (caller frees). */
static struct eq *gather(const struct panel_ctx *ctx, const char *key, size_t *n)
{
	struct panel_join_row *joined = NULL;
	struct eq *rows;
	size_t cap = 0;

	*n = 0;
	panel_join(panel_query(ctx, "status"), key, &joined, n, &cap);
	rows = xcalloc(*n ? *n : 1, sizeof(*rows));
	for (size_t k = 0; k < *n; k++) {
		const struct prom_series *s = joined[k].first, *cur = joined[k].current;

		const char *line = prom_label_get(s->labels, s->n_labels, "line_id");

		rows[k] = (struct eq){ joined[k].key, line,
			cur ? prom_label_get(cur->labels, cur->n_labels, "status") : NULL,
			line ? model_line_name(ctx->m, line) : "--", NAN, NAN };
	}
	free(joined);
	for (size_t k = 0; k < *n; k++) {
		panel_value(ctx, "temperature", key, rows[k].code, &rows[k].temp);
		panel_value(ctx, "vibration", key, rows[k].code, &rows[k].vib);
	}
	return rows;
}

static bool matches(const struct panel_ctx *ctx, const struct eq *e)
{
	return panel_filter_match(ctx->filter, e->code) || panel_filter_line(ctx, e->line) ||
		panel_filter_match(ctx->filter, e->status);
}

/* True when a column that wants space is off or cut. */
static bool any_cut(const struct panel_col *cols)
{
	for (int k = 0; k < C_N; k++) {
		if (cols[k].w > 0 && (!cols[k].on || cols[k].width < cols[k].w)) {
			return true;
		}
	}
	return false;
}

/* Widens the columns for the rows and fits them to width. The state word
 * goes before anything else does (a cut code or line, a column dropped);
 * then the line's name is cut (to LINE_MIN) before the code is, and the
 * code only once the line or the temperature would go. The glyph stays. */
static void fit_columns(const struct panel_ctx *ctx, struct panel_col *cols,
	const struct eq *rows, size_t n, int width)
{
	char temp[32], vib[32];
	int state_w = 1, code_min = cols[C_CODE].min;

	for (size_t i = 0; i < n; i++) {
		const struct eq *e = &rows[i];
		int w;

#define WIDEN(col, s) do { w = text_width(s); cols[col].w = w > cols[col].w ? w : cols[col].w; } while (0)
		WIDEN(C_CODE, e->code);
		WIDEN(C_LINE, e->line_name);
		WIDEN(C_TEMP, kpi_format(temp, sizeof(temp), e->temp, UNIT_CELSIUS, 1, ctx->now));
		WIDEN(C_VIB, kpi_format(vib, sizeof(vib), e->vib, UNIT_MM_S, 1, ctx->now));
#undef WIDEN
		w = 2 + text_width(e->status ? e->status : "unknown");
		state_w = w > state_w ? w : state_w;
	}
	cols[C_STATE].w = state_w;
	cols[C_CODE].min = cols[C_CODE].w;
	cols[C_LINE].min = cols[C_LINE].w < LINE_MIN ? cols[C_LINE].w : LINE_MIN;
	panel_cols_fit(cols, C_N, width, 1);
	if (any_cut(cols)) {
		cols[C_STATE].w = 1;
		panel_cols_fit(cols, C_N, width, 1);
	}
	if (!cols[C_TEMP].on || !cols[C_LINE].on) {
		cols[C_CODE].min = code_min;
		panel_cols_fit(cols, C_N, width, 1);
	}
}

static void draw_header(struct canvas *c, struct rect in, const struct panel_col *cols)
{
	panel_cols_text(c, in, &cols[C_CODE], 0, "Equipment", ROLE_DEFAULT, CELL_BOLD);
	panel_cols_text(c, in, &cols[C_LINE], 0, "Line", ROLE_DEFAULT, CELL_BOLD);
	panel_cols_text(c, in, &cols[C_TEMP], 0, "Temp", ROLE_DEFAULT, CELL_BOLD);
	panel_cols_text(c, in, &cols[C_VIB], 0, "Vib", ROLE_DEFAULT, CELL_BOLD);
}

static void draw_row(const struct panel_ctx *ctx, struct canvas *c, struct rect in,
	const struct panel_col *cols, int y, const struct eq *e)
{
	const char *status = e->status ? e->status : "unknown";
	enum style_role role = panel_status_role(status);
	char state[64], temp[32], vib[32];

	if (cols[C_STATE].width > 1) {
		snprintf(state, sizeof(state), "%s %s", panel_status_glyph(status, c->glyphs), status);
	} else {
		snprintf(state, sizeof(state), "%s", panel_status_glyph(status, c->glyphs));
	}
	panel_cols_text(c, in, &cols[C_STATE], y, state, role, 0);
	panel_cols_text(c, in, &cols[C_CODE], y, e->code, ROLE_DEFAULT, CELL_BOLD);
	panel_cols_text(c, in, &cols[C_LINE], y, e->line_name, ROLE_DIM, 0);
	panel_cols_text(c, in, &cols[C_TEMP], y,
		kpi_format(temp, sizeof(temp), e->temp, UNIT_CELSIUS, 1, ctx->now),
		limit_role(e->temp, TEMP_WARN, TEMP_CRIT), 0);
	panel_cols_text(c, in, &cols[C_VIB], y,
		kpi_format(vib, sizeof(vib), e->vib, UNIT_MM_S, 1, ctx->now),
		limit_role(e->vib, VIB_WARN, VIB_CRIT), 0);
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	const char *key = ctx->p->key ? ctx->p->key : "equipment_code";
	struct panel_col cols[C_N] = {
		[C_STATE] = { .w = 1, .drop = 0 },
		[C_CODE] = { .w = 9, .min = 4 },   /* as wide as its title, "Equipment" */
		[C_LINE] = { .w = 4, .drop = 3 },
		[C_TEMP] = { .w = 4, .right = true, .drop = 2 },
		[C_VIB] = { .w = 4, .right = true, .drop = 1 },
	};
	size_t n, shown = 0, first, count;
	struct eq *rows = gather(ctx, key, &n);
	int header = in.h >= 3 ? 1 : 0;

	for (size_t i = 0; i < n; i++) {
		if (matches(ctx, &rows[i])) {
			rows[shown++] = rows[i];
		}
	}
	if (shown == 0) {
		panel_message(c, in, n ? "No equipment matches the filter" : "No equipment reported",
			ROLE_DIM, 0);
		free(rows);
		return;
	}
	panel_sort(rows, shown, sizeof(*rows), cmp_eq, NULL);
	fit_columns(ctx, cols, rows, shown, in.w);
	if (header) {
		draw_header(c, in, cols);
	}
	count = panel_list_fit(ctx, shown, in.h - header, &first);
	for (size_t k = 0; k < count; k++) {
		draw_row(ctx, c, in, cols, header + (int)k, &rows[first + k]);
	}
	panel_more(c, in, header + (int)count, shown - count);
	free(rows);
}

const struct panel_class panel_equipment_class = {
	.name = "equipment",
	.min_w = 20,
	.min_h = 3,
	.required = (const char *const[]){ "status", NULL },
	.own_empty = true,
	.draw = draw,
};
