/*
 * The maintenance panel: the tasks of the "due" target (one series per
 * task: labels equipment_code, line_id, task; value the Unix time it is
 * due), soonest first:
 *
 *   P-101  bearing lube     OVERDUE 20m
 *   M-201  belt check       in 3h12m
 *
 * Overdue tasks are critical and bold, tasks due within the hour a
 * warning. Where the task does not fit beside the machine and its time, it
 * goes on a row of its own under them. A task with no due time ("--") goes last. The filter matches
 * the equipment, the line (name or ID) and the task.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdlib.h>

#include "ms5top/fmt.h"
#include "ms5top/xalloc.h"

#define DUE_SOON 3600.0

enum { C_EQ, C_TASK, C_DUE, C_N };

struct task {
	const char *equipment, *line, *task;
	double due;
};

static int cmp_tasks(const void *pa, const void *pb, const void *arg)
{
	const struct task *a = pa, *b = pb;
	int r;

	(void)arg;
	if (isnan(a->due) || isnan(b->due)) {
		r = isnan(a->due) - isnan(b->due);
	} else {
		r = a->due < b->due ? -1 : a->due > b->due;
	}
	return r ? r : panel_strcasecmp(a->equipment, b->equipment);
}

static void due_text(char *buf, size_t size, double due, double now, enum style_role *role,
	unsigned *attr)
{
	char age[32];

	*attr = 0;
	*role = ROLE_DEFAULT;
	if (!isfinite(due)) {
		fmt_c(buf, size, "--");
		*role = ROLE_DIM;
	} else if (due < now) {
		fmt_c(buf, size, "OVERDUE %s", panel_age(age, sizeof(age), now - due));
		*role = ROLE_CRIT;
		*attr = CELL_BOLD;
	} else {
		fmt_c(buf, size, "in %s", panel_age(age, sizeof(age), due - now));
		*role = due - now < DUE_SOON ? ROLE_WARN : ROLE_DEFAULT;
	}
}

/* The tasks of the due target that match the filter (caller frees); *n is
 * how many there are before the filter. */
static struct task *gather(const struct panel_ctx *ctx, size_t *n, size_t *shown)
{
	const struct prom_result *due_r = model_query_series(panel_query(ctx, "due"));
	struct task *tasks;

	*n = due_r ? due_r->n_series : 0;
	*shown = 0;
	tasks = xmalloc((*n ? *n : 1) * sizeof(*tasks));
	for (size_t i = 0; i < *n; i++) {
		const struct prom_series *s = &due_r->series[i];
		struct task t = {
			prom_label_get(s->labels, s->n_labels, "equipment_code"),
			prom_label_get(s->labels, s->n_labels, "line_id"),
			prom_label_get(s->labels, s->n_labels, "task"),
			s->n_points ? s->points[s->n_points - 1].v : NAN,
		};

		if (!t.equipment) {
			t.equipment = "--";
		}
		if (!t.task) {
			t.task = "maintenance";
		}
		if (panel_filter_match(ctx->filter, t.equipment) || panel_filter_match(ctx->filter, t.task) ||
			panel_filter_line(ctx, t.line)) {
			tasks[(*shown)++] = t;
		}
	}
	return tasks;
}

/* Widens the columns for the tasks and fits them to width. */
static void fit_columns(const struct panel_ctx *ctx, struct panel_col *cols,
	const struct task *tasks, size_t n, int width)
{
	char due[48];

	for (size_t k = 0; k < n; k++) {
		const struct task *t = &tasks[k];
		enum style_role role;
		unsigned attr;
		int w;

		due_text(due, sizeof(due), t->due, ctx->now, &role, &attr);
		w = text_width(due);
		cols[C_DUE].w = w > cols[C_DUE].w ? w : cols[C_DUE].w;
		w = text_width(t->equipment);
		cols[C_EQ].w = w > cols[C_EQ].w ? w : cols[C_EQ].w;
		w = text_width(t->task);
		cols[C_TASK].w = w > cols[C_TASK].w ? w : cols[C_TASK].w;
	}
	/* Codes are short and say which machine: they shrink last. */
	cols[C_EQ].min = cols[C_EQ].w < 8 ? cols[C_EQ].w : 8;
	cols[C_TASK].min = cols[C_TASK].w < 8 ? cols[C_TASK].w : 8;
	panel_cols_fit(cols, C_N, width, 1);
}

/* One task on row y, and with per 2 the task again on the row under it. */
static void draw_task(const struct panel_ctx *ctx, struct canvas *c, struct rect in,
	const struct panel_col *cols, int y, int per, const struct task *t)
{
	enum style_role role;
	unsigned attr;
	char due[48];

	due_text(due, sizeof(due), t->due, ctx->now, &role, &attr);
	panel_cols_text(c, in, &cols[C_EQ], y, t->equipment, ROLE_DEFAULT, CELL_BOLD);
	panel_cols_text(c, in, &cols[C_TASK], y, t->task, ROLE_DEFAULT, 0);
	panel_cols_text(c, in, &cols[C_DUE], y, due, role, attr);
	if (per == 2) {
		panel_text(c, in, 2, y + 1, -1, t->task, ROLE_DIM, 0);
	}
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	size_t n, shown, first, count;
	struct task *tasks = gather(ctx, &n, &shown);
	struct panel_col cols[C_N] = {
		[C_EQ] = { .w = 4, .min = 4 },
		[C_TASK] = { .w = 4, .min = 4, .drop = 1 },
		[C_DUE] = { .w = 5, .right = true },
	};
	int per = 1;

	if (shown == 0) {
		panel_message(c, in, n ? "No tasks match the filter" : "No maintenance scheduled",
			ROLE_DIM, 0);
		free(tasks);
		return;
	}
	panel_sort(tasks, shown, sizeof(*tasks), cmp_tasks, NULL);
	fit_columns(ctx, cols, tasks, shown, in.w);
	if (!cols[C_TASK].on && in.h >= 4) {
		per = 2;   /* the task on a row of its own under the machine */
	}
	count = panel_list_fit(ctx, shown, in.h / per, &first);
	for (size_t k = 0; k < count; k++) {
		draw_task(ctx, c, in, cols, (int)k * per, per, &tasks[first + k]);
	}
	panel_more(c, in, (int)count * per, shown - count);
	free(tasks);
}

const struct panel_class panel_maintenance_class = {
	.name = "maintenance",
	.min_w = 20,
	.min_h = 3,
	.required = (const char *const[]){ "due", NULL },
	.own_empty = true,
	.draw = draw,
};
