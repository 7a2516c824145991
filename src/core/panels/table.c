/*
 * The table panel: rows joined from the panel's targets on the `key` label
 * (one row per key value seen in any target), columns that show either a
 * label of the row's series or the value of a target for the row's key.
 * A table with one target and no key has one row per series.
 *
 * Sorted by the view's column when the user chose one, else by the
 * dashboard's sort_column; numbers numerically with NaN last either way,
 * labels case-insensitively, ties by key. Numbers are right-aligned and
 * coloured by the panel's thresholds. The sort column's title carries an
 * arrow. Label columns shrink first when space runs out; then columns are
 * dropped from the right (the first is kept). A line_id label column shows
 * the line's name (model_line_name). The filter keeps rows whose labels
 * match (a line by its name or its ID).
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/kpi.h"
#include "ms5top/xalloc.h"

#include <cjson/cJSON.h>

#define CELL_TEXT 64

struct table_column {
	char *title;
	char *label;     /* take this label of the row's series, or NULL */
	char *target;    /* or the value of this target for the row's key, or NULL */
	enum dash_unit unit;
};

/* The options of a table ("columns", "sort_column", "sort_desc"). */
struct table_opts {
	struct table_column columns[DASH_MAX_COLUMNS];
	size_t n_columns;
	int sort_column;   /* -1: none */
	bool sort_desc;
};

static const struct table_opts *opts_of(const struct dash_panel *p)
{
	return p->opts;
}
#define MAX_COL_WIDTH 40

struct row {
	const char *key;                          /* the key label's value, or NULL */
	const struct prom_series *series;         /* the series the row came from */
	double num[DASH_MAX_COLUMNS];
	char text[DASH_MAX_COLUMNS][CELL_TEXT];
};

/* A label of the row: from its own series, else from any target's series
 * with the same key. */
static const char *row_label(const struct panel_ctx *ctx, const struct row *r, const char *label)
{
	const struct dash_panel *p = ctx->p;
	const char *v = prom_label_get(r->series->labels, r->series->n_labels, label);

	if (v || !p->key || !r->key) {
		return v;
	}
	for (size_t j = 0; j < p->n_targets; j++) {
		const struct prom_series *s = model_series(panel_query(ctx, p->targets[j].id), p->key,
			r->key);

		if (s && (v = prom_label_get(s->labels, s->n_labels, label))) {
			return v;
		}
	}
	return NULL;
}

/* The rows (caller frees), before filtering and sorting: joined on the key
 * over every target, or without a key one per series of the first. */
static struct row *gather(const struct panel_ctx *ctx, size_t *n)
{
	const struct dash_panel *p = ctx->p;
	struct panel_join_row *joined = NULL;
	struct row *rows;
	size_t cap = 0, nj = 0;

	for (size_t j = 0; j < p->n_targets && (p->key || j == 0); j++) {
		panel_join(panel_query(ctx, p->targets[j].id), p->key, &joined, &nj, &cap);
	}
	rows = xcalloc(nj ? nj : 1, sizeof(*rows));
	for (size_t k = 0; k < nj; k++) {
		rows[k].key = joined[k].key;
		rows[k].series = joined[k].first;
	}
	free(joined);
	*n = nj;
	return rows;
}

static void fill_cells(const struct panel_ctx *ctx, struct row *r)
{
	const struct dash_panel *p = ctx->p;
	const struct table_opts *o = opts_of(p);

	for (size_t c = 0; c < o->n_columns; c++) {
		const struct table_column *col = &o->columns[c];
		const struct model_query *q;
		const struct prom_result *res;

		r->num[c] = NAN;
		if (col->label) {
			const char *v = row_label(ctx, r, col->label);

			if (v && strcmp(col->label, "line_id") == 0) {
				v = model_line_name(ctx->m, v);   /* lines by name */
			}
			snprintf(r->text[c], CELL_TEXT, "%s", v ? v : "--");
			continue;
		}
		q = panel_query(ctx, col->target);
		res = model_query_series(q);
		if (p->key) {
			panel_value(ctx, col->target, p->key, r->key, &r->num[c]);
		} else if (res && r->series >= res->series && r->series < res->series + res->n_series) {
			/* Without a key, the row's own series when the column shows its target. */
			if (r->series->n_points) {
				r->num[c] = r->series->points[r->series->n_points - 1].v;
			}
		} else {
			panel_value(ctx, col->target, NULL, NULL, &r->num[c]);
		}
		kpi_format(r->text[c], CELL_TEXT, r->num[c], col->unit, p->decimals, ctx->now);
	}
}

struct sort_by {
	const struct table_opts *o;
	int col;
	bool desc;
};

static int cmp_rows(const void *a, const void *b, const void *arg)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;
	const struct sort_by *s = arg;
	int r = 0;

	if (s->col >= 0 && s->o->columns[s->col].label) {
		r = panel_strcasecmp(x->text[s->col], y->text[s->col]);
		r = s->desc ? -r : r;
	} else if (s->col >= 0) {
		double u = x->num[s->col], v = y->num[s->col];

		if (isnan(u) || isnan(v)) {
			r = isnan(u) - isnan(v);   /* NaN last, in either direction */
		} else {
			r = u < v ? -1 : u > v;
			r = s->desc ? -r : r;
		}
	}
	if (r == 0 && x->key && y->key) {
		r = panel_strcasecmp(x->key, y->key);
	}
	return r;
}

/* The row's key or a label cell matches the filter; a line (a line_id key
 * or cell, shown by name) by its name or its ID. */
static bool row_matches(const struct panel_ctx *ctx, const struct row *r)
{
	const struct table_opts *o = opts_of(ctx->p);
	const char *filter = ctx->filter;

	if (!filter || !*filter || (r->key && panel_filter_match(filter, r->key))) {
		return true;
	}
	if (r->key && strcmp(ctx->p->key, "line_id") == 0 && panel_filter_line(ctx, r->key)) {
		return true;
	}
	for (size_t c = 0; c < o->n_columns; c++) {
		const char *label = o->columns[c].label;

		if (label && (panel_filter_match(filter, r->text[c]) ||
			(strcmp(label, "line_id") == 0 && panel_filter_line(ctx, row_label(ctx, r, label))))) {
			return true;
		}
	}
	return false;
}

/* Widths: the widest of the title (with its arrow) and the cells; label
 * columns shrink first, then columns go from the right (the first stays). */
static void fit_columns(const struct table_opts *o, struct panel_col *cols, int sort_col,
	struct row *const *list, size_t n, int width)
{
	for (size_t k = 0; k < o->n_columns; k++) {
		int w = text_width(o->columns[k].title) + ((int)k == sort_col ? 1 : 0);

		for (size_t i = 0; i < n; i++) {
			int cw = text_width(list[i]->text[k]);

			w = cw > w ? cw : w;
		}
		cols[k] = (struct panel_col){
			.w = w > MAX_COL_WIDTH ? MAX_COL_WIDTH : w,
			.min = o->columns[k].label ? 4 : 0,
			.drop = k == 0 ? 0 : (int)k,
			.right = o->columns[k].label == NULL,
		};
	}
	panel_cols_fit(cols, o->n_columns, width, 1);
}

/* The titles, the sort column's with its arrow. */
static void draw_header(struct canvas *c, struct rect in, const struct table_opts *o,
	const struct panel_col *cols, const struct sort_by *by)
{
	const char *arrow = by->desc ? panel_glyph(c, "▼", "v") : panel_glyph(c, "▲", "^");

	for (size_t k = 0; k < o->n_columns; k++) {
		char title[96];

		snprintf(title, sizeof(title), "%s%s", o->columns[k].title, (int)k == by->col ? arrow : "");
		panel_cols_text(c, in, &cols[k], 0, title, ROLE_DEFAULT, CELL_BOLD);
	}
}

static void draw_row(const struct panel_ctx *ctx, struct canvas *c, struct rect in,
	const struct panel_col *cols, int y, const struct row *r)
{
	const struct table_opts *o = opts_of(ctx->p);

	for (size_t k = 0; k < o->n_columns; k++) {
		enum style_role role = o->columns[k].label ? ROLE_DEFAULT
			: panel_threshold_role(ctx->p, r->num[k]);

		panel_cols_text(c, in, &cols[k], y, r->text[k], role, 0);
	}
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	const struct table_opts *o = opts_of(ctx->p);
	struct panel_col cols[DASH_MAX_COLUMNS];
	struct sort_by by = { o, o->sort_column, o->sort_desc };
	size_t n, shown = 0, first, count;
	struct row *rows = gather(ctx, &n);
	struct row **list = xmalloc((n ? n : 1) * sizeof(*list));

	if (ctx->view && ctx->view->sort_column >= 0 &&
		(size_t)ctx->view->sort_column < o->n_columns) {
		by.col = ctx->view->sort_column;
		by.desc = ctx->view->sort_desc;
	}
	for (size_t i = 0; i < n; i++) {
		fill_cells(ctx, &rows[i]);
		if (row_matches(ctx, &rows[i])) {
			list[shown++] = &rows[i];
		}
	}
	panel_sort(list, shown, sizeof(*list), cmp_rows, &by);
	fit_columns(o, cols, by.col, list, shown, in.w);
	draw_header(c, in, o, cols, &by);
	if (shown == 0) {
		panel_text_center(c, in, in.h > 2 ? 2 : 1,
			n ? "no rows match the filter" : "no data", ROLE_DIM, 0);
	}
	count = panel_list_fit(ctx, shown, in.h - 1, &first);
	for (size_t i = 0; i < count; i++) {
		draw_row(ctx, c, in, cols, 1 + (int)i, list[first + i]);
	}
	panel_more(c, in, 1 + (int)count, shown - count);
	free(list);
	free(rows);
}

/* "columns" (required), "sort_column", "sort_desc". */
static bool parse(struct dash_walk *w, const cJSON *obj, struct dash_panel *p)
{
	struct table_opts *o = xcalloc(1, sizeof(*o));
	const cJSON *arr, *item;
	size_t i = 0;

	p->opts = o;
	o->sort_column = -1;
	if (!dash_get_bool(w, obj, "sort_desc", &o->sort_desc) ||
		!dash_get_int(w, obj, "sort_column", 0, DASH_MAX_COLUMNS - 1, false, &o->sort_column) ||
		!dash_get_array(w, obj, "columns", true, DASH_MAX_COLUMNS, &arr)) {
		return false;
	}
	cJSON_ArrayForEach(item, arr) {
		struct table_column *c = &o->columns[i];
		size_t old = dash_push(w, ".columns[%zu]", i);

		if (!cJSON_IsObject(item)) {
			return dash_fail(w, NULL, "must be an object");
		}
		o->n_columns = ++i;
		if (!dash_get_string(w, item, "title", true, &c->title) ||
			!dash_get_string(w, item, "label", false, &c->label) ||
			!dash_get_string(w, item, "target", false, &c->target) ||
			!dash_get_unit(w, item, "unit", &c->unit)) {
			return false;
		}
		if (!c->label == !c->target) {
			return dash_fail(w, NULL, "a column takes either \"label\" or \"target\"");
		}
		if (c->target && !dash_panel_target(p, c->target)) {
			return dash_fail(w, "target", "no target with id \"%.40s\" in this panel", c->target);
		}
		dash_pop(w, old);
	}
	if (o->n_columns == 0) {
		return dash_fail(w, "columns", "empty");
	}
	if (p->n_targets > 1 && !p->key) {
		return dash_fail(w, "key", "a table with several targets needs the label that joins them");
	}
	if (o->sort_column >= 0 && (size_t)o->sort_column >= o->n_columns) {
		return dash_fail(w, "sort_column", "there are only %zu columns", o->n_columns);
	}
	return true;
}

static void finish(struct dash_panel *p)
{
	struct table_opts *o = p->opts;

	for (size_t i = 0; o && i < o->n_columns; i++) {
		free(o->columns[i].title);
		free(o->columns[i].label);
		free(o->columns[i].target);
	}
	free(o);
	p->opts = NULL;
}

static size_t sort_columns(const struct dash_panel *p)
{
	return opts_of(p)->n_columns;
}

const struct panel_class panel_table_class = {
	.name = "table",
	.min_w = 14,
	.min_h = 4,
	.any_target = true,
	.parse = parse,
	.finish = finish,
	.sort_columns = sort_columns,
	.draw = draw,
};
