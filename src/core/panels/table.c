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
 * dropped from the right (the first is kept). The filter keeps rows whose
 * labels match.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/kpi.h"
#include "ms5top/xalloc.h"

#define CELL_TEXT 64
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

/* The rows (caller frees), before filtering and sorting. */
static struct row *gather(const struct panel_ctx *ctx, size_t *n)
{
	const struct dash_panel *p = ctx->p;
	struct row *rows = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t j = 0; j < p->n_targets; j++) {
		const struct model_query *q = panel_query(ctx, p->targets[j].id);

		if (!q || !q->have) {
			continue;
		}
		for (size_t i = 0; i < q->result.n_series; i++) {
			const struct prom_series *s = &q->result.series[i];
			const char *key = p->key ? prom_label_get(s->labels, s->n_labels, p->key) : NULL;
			size_t k = 0;

			if (p->key && !key) {
				continue;
			}
			for (; key && k < *n; k++) {
				if (strcmp(rows[k].key, key) == 0) {
					break;
				}
			}
			if (k < *n) {
				continue;
			}
			rows = xgrow(rows, &cap, *n + 1, sizeof(*rows));
			memset(&rows[*n], 0, sizeof(rows[*n]));
			rows[*n].key = key;
			rows[*n].series = s;
			(*n)++;
		}
		if (!p->key) {
			break;   /* Without a key only the first target makes rows. */
		}
	}
	return rows;
}

static void fill_cells(const struct panel_ctx *ctx, struct row *r)
{
	const struct dash_panel *p = ctx->p;

	for (size_t c = 0; c < p->n_columns; c++) {
		const struct dash_column *col = &p->columns[c];
		const struct model_query *q;

		r->num[c] = NAN;
		if (col->label) {
			const char *v = row_label(ctx, r, col->label);

			snprintf(r->text[c], CELL_TEXT, "%s", v ? v : "--");
			continue;
		}
		q = panel_query(ctx, col->target);
		if (p->key) {
			panel_value(ctx, col->target, p->key, r->key, &r->num[c]);
		} else if (q && q->have && r->series >= q->result.series &&
			r->series < q->result.series + q->result.n_series) {
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
	const struct dash_panel *p;
	int col;
	bool desc;
};

static int cmp_rows(const void *a, const void *b, const void *arg)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;
	const struct sort_by *s = arg;
	int r = 0;

	if (s->col >= 0 && s->p->columns[s->col].label) {
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

static bool row_matches(const struct dash_panel *p, const struct row *r, const char *filter)
{
	if (!filter || !*filter || (r->key && panel_filter_match(filter, r->key))) {
		return true;
	}
	for (size_t c = 0; c < p->n_columns; c++) {
		if (p->columns[c].label && panel_filter_match(filter, r->text[c])) {
			return true;
		}
	}
	return false;
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	const struct dash_panel *p = ctx->p;
	struct panel_col cols[DASH_MAX_COLUMNS];
	struct sort_by by = { p, p->sort_column, p->sort_desc };
	size_t n, shown = 0, first, count;
	struct row *rows = gather(ctx, &n);
	struct row **list = xmalloc((n ? n : 1) * sizeof(*list));
	const char *arrow;

	if (ctx->view && ctx->view->sort_column >= 0 &&
		(size_t)ctx->view->sort_column < p->n_columns) {
		by.col = ctx->view->sort_column;
		by.desc = ctx->view->sort_desc;
	}
	arrow = by.desc ? panel_glyph(c, "▼", "v") : panel_glyph(c, "▲", "^");
	for (size_t i = 0; i < n; i++) {
		fill_cells(ctx, &rows[i]);
		if (row_matches(p, &rows[i], ctx->filter)) {
			list[shown++] = &rows[i];
		}
	}
	panel_sort(list, shown, sizeof(*list), cmp_rows, &by);

	/* Widths: the widest of the title (with its arrow) and the cells. */
	for (size_t k = 0; k < p->n_columns; k++) {
		int w = text_width(p->columns[k].title) + ((int)k == by.col ? 1 : 0);

		for (size_t i = 0; i < shown; i++) {
			int cw = text_width(list[i]->text[k]);

			w = cw > w ? cw : w;
		}
		cols[k] = (struct panel_col){
			.w = w > MAX_COL_WIDTH ? MAX_COL_WIDTH : w,
			.min = p->columns[k].label ? 4 : 0,
			.drop = k == 0 ? 0 : (int)k,
			.right = p->columns[k].label == NULL,
		};
	}
	panel_cols_fit(cols, p->n_columns, in.w, 1);

	for (size_t k = 0; k < p->n_columns; k++) {
		char title[96];

		snprintf(title, sizeof(title), "%s%s", p->columns[k].title, (int)k == by.col ? arrow : "");
		panel_cols_text(c, in, &cols[k], 0, title, ROLE_DEFAULT, CELL_BOLD);
	}
	if (shown == 0) {
		panel_text_center(c, in, in.h > 2 ? 2 : 1,
			n ? "no rows match the filter" : "no data", ROLE_DIM, 0);
	}
	count = panel_list_fit(ctx, shown, in.h - 1, &first);
	for (size_t i = 0; i < count; i++) {
		const struct row *r = list[first + i];

		for (size_t k = 0; k < p->n_columns; k++) {
			enum style_role role = p->columns[k].label ? ROLE_DEFAULT
				: panel_threshold_role(p, r->num[k]);

			panel_cols_text(c, in, &cols[k], 1 + (int)i, r->text[k], role, 0);
		}
	}
	panel_more(c, in, 1 + (int)count, shown - count);
	free(list);
	free(rows);
}

const struct panel_class panel_table_class = {
	.kind = PANEL_TABLE,
	.min_w = 14,
	.min_h = 4,
	.draw = draw,
};
