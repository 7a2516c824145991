/*
 * The line board: one row per production line, from the "status" target's
 * series (labels line_id, line_name, status; a 0/1 state set where 1 marks
 * the current status), joined on line_id with the targets oee,
 * availability, performance, quality, output and target:
 *
 *   Line                    OEE     A     P     Q        Output        Andon
 *   ✖ fault   Press 3     41.0%   52%   88%   90%   1,210/5,000 ██····     2
 *   ▶ running Filling 1   86.3%   93%   95%   98%   4,120/5,000 ███▏··     0
 *
 * Lines in fault, then stopped, come first, then the rest by name. OEE has
 * its class role (or the panel's thresholds when it has some). The edge
 * cases of metrics.md: a line with no planned time has no availability and
 * shows "--"; with an output of 0, performance and quality are "--"; a
 * factor above 1 (a wrong ideal cycle time) is shown, marked with "!" and
 * the warning role. The open Andon count comes from the Andon state when
 * there is one; without it the column is left out.
 *
 * Columns are sized by what they can hold, not by this frame's values, so
 * that they stay put while the panel keeps its size ("--" everywhere or
 * numbers): the factors for "100.0%!", the output for "99,999/99,999"
 * (larger values shortened, "1.2M/1.5M"), the status for its longest word
 * ("maintenance" as "maint."), the name for the longest name of all the
 * lines, up to NAME_MAX. The name keeps that width while anything else can
 * give way: the bar goes first, then the Andon count, the status word
 * (the glyph stays), the output, A/P/Q together; only then is the name
 * cut, so that the OEE stays whole. With ctx->big, lines are tiles with their OEE in big digits
 * (for a screen seen from metres away), as many as fit.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/andon_state.h"
#include "ms5top/fmt.h"
#include "ms5top/kpi.h"
#include "ms5top/xalloc.h"

enum { C_STATE, C_NAME, C_OEE, C_A, C_P, C_Q, C_OUT, C_BAR, C_ANDON, C_N };

#define TILE_MIN_W 22
/* The name column: as wide as the longest name up to NAME_MAX; cut to no
 * less than NAME_MIN, and only when the OEE would not fit otherwise. */
#define NAME_MAX 28
#define NAME_MIN 6
/* The output column: "99,999/99,999"; wider values are shortened ("1.2M"). */
#define OUTPUT_W 13
#define TILE_H (BIGTEXT_HEIGHT + 3)

struct line {
	const char *id, *name, *status;
	double oee, a, p, q, out, target;
	size_t andon;
	enum andon_priority top;   /* the highest priority of its open events */
};

static int rank(const char *status)
{
	if (status && panel_strcasecmp(status, "fault") == 0) {
		return 0;
	}
	return status && panel_strcasecmp(status, "stopped") == 0 ? 1 : 2;
}

static int cmp_lines(const void *pa, const void *pb, const void *arg)
{
	const struct line *a = pa, *b = pb;
	int r = rank(a->status) - rank(b->status);

	(void)arg;
	if (r == 0) {
		r = panel_strcasecmp(a->name, b->name);
	}
	return r ? r : strcmp(a->id, b->id);
}

/* The lines of the status target, their factors and their Andon counts
 * (caller frees). */
static struct line *gather(const struct panel_ctx *ctx, size_t *n)
{
	struct panel_join_row *rows = NULL;
	struct line *lines;
	size_t cap = 0;

	*n = 0;
	panel_join(panel_query(ctx, "status"), "line_id", &rows, n, &cap);
	lines = xcalloc(*n ? *n : 1, sizeof(*lines));
	for (size_t k = 0; k < *n; k++) {
		const struct prom_series *s = rows[k].first, *cur = rows[k].current;
		const char *name = prom_label_get(s->labels, s->n_labels, "line_name");

		lines[k].id = rows[k].key;
		lines[k].name = name && *name ? name : model_line_name(ctx->m, rows[k].key);
		lines[k].top = ANDON_PRIO_UNKNOWN;
		lines[k].status = cur ? prom_label_get(cur->labels, cur->n_labels, "status") : NULL;
	}
	free(rows);
	for (size_t k = 0; k < *n; k++) {
		struct line *l = &lines[k];

		if (!l->status) {
			l->status = "unknown";
		}
		panel_value(ctx, "oee", "line_id", l->id, &l->oee);
		panel_value(ctx, "availability", "line_id", l->id, &l->a);
		panel_value(ctx, "performance", "line_id", l->id, &l->p);
		panel_value(ctx, "quality", "line_id", l->id, &l->q);
		panel_value(ctx, "output", "line_id", l->id, &l->out);
		panel_value(ctx, "target", "line_id", l->id, &l->target);
		/* Output 0: performance and quality are undefined (metrics.md). */
		if (l->out == 0) {
			l->p = NAN;
			l->q = NAN;
		}
		if (isnan(l->oee) && !dash_panel_target(ctx->p, "oee")) {
			l->oee = kpi_oee(l->a, l->p, l->q);
		}
	}
	if (ctx->m->andon) {
		size_t max = andon_state_count(ctx->m->andon), got;
		const struct andon_event **ev = xmalloc((max ? max : 1) * sizeof(*ev));

		got = andon_state_view(ctx->m->andon, ev, max, ANDON_ORDER_PRIORITY, ctx->now);
		for (size_t e = 0; e < got; e++) {
			for (size_t k = 0; k < *n; k++) {
				if (strcmp(ev[e]->line_id, lines[k].id) == 0) {
					lines[k].andon++;
					if (ev[e]->priority < lines[k].top) {
						lines[k].top = ev[e]->priority;
					}
				}
			}
		}
		free(ev);
	}
	return lines;
}

static enum style_role oee_role(const struct dash_panel *p, double oee)
{
	if (p->n_thresholds > 0) {
		return panel_threshold_role(p, oee);
	}
	switch (kpi_oee_class(oee)) {
	case OEE_WORLD_CLASS:
		return ROLE_OK;
	case OEE_TYPICAL:
		return ROLE_WARN;
	case OEE_POOR:
		return ROLE_CRIT;
	case OEE_NONE:
		break;
	}
	return ROLE_DIM;
}

/* A factor as a percentage, marked when above 1; its role when marked. */
static enum style_role factor(char *buf, size_t size, double v, int decimals,
	enum style_role role)
{
	char num[32];

	kpi_format(num, sizeof(num), v, UNIT_PERCENT, decimals, 0);
	if (v > 1) {
		fmt_c(buf, size, "%s!", num);
		return ROLE_WARN;
	}
	fmt_c(buf, size, "%s", num);
	return isnan(v) ? ROLE_DIM : role;
}

/* "4,120/5,000", or "4,120" without a target; shortened ("1.2M/1.5M")
 * when wider than maxw columns. */
static void output_text(char *buf, size_t size, const struct line *l, int maxw)
{
	char a[32], b[32];

	if (isnan(l->out)) {
		fmt_c(buf, size, "--");
		return;
	}
	kpi_group(a, sizeof(a), l->out);
	kpi_group(b, sizeof(b), l->target);
	for (int pass = 0; pass < 2; pass++) {
		if (isnan(l->target)) {
			fmt_c(buf, size, "%s", a);
		} else {
			fmt_c(buf, size, "%s/%s", a, b);
		}
		if (text_width(buf) <= maxw) {
			return;
		}
		kpi_short(a, sizeof(a), l->out, -1);
		kpi_short(b, sizeof(b), l->target, -1);
	}
}

static enum style_role andon_role(const struct line *l)
{
	if (l->andon == 0) {
		return ROLE_DIM;
	}
	return l->top <= ANDON_PRIO_HIGH ? ROLE_CRIT : ROLE_WARN;
}

/* The status word as the board's column shows it: "maintenance" as
 * "maint.", so that every line state of metrics.md fits in STATE_WORD_W. */
static const char *short_status(const char *status)
{
	return panel_strcasecmp(status, "maintenance") == 0 ? "maint." : status;
}

/* The glyph, and with word the status word (short: short_status). */
static void state_text(char *buf, size_t size, const struct canvas *c, const struct line *l,
	bool word, bool shortened)
{
	const char *g = panel_status_glyph(l->status, c->glyphs);

	if (word) {
		snprintf(buf, size, "%s %s", g, shortened ? short_status(l->status) : l->status);
	} else {
		snprintf(buf, size, "%s", g);
	}
}

/* ---- Big tiles ------------------------------------------------------------ */

static void tile(const struct panel_ctx *ctx, struct canvas *c, struct rect in, struct rect t,
	const struct line *l)
{
	enum style_role srole = panel_status_role(l->status);
	char head[160], state[64], oee[32], apq[3][16], out[48], foot[200], andon[32];
	int bw;

	/* The head: status and name in reverse video, seen across the hall. */
	state_text(state, sizeof(state), c, l, true, false);
	snprintf(head, sizeof(head), " %s  %s", state, l->name);
	for (int x = 0; x < t.w; x++) {
		panel_text(c, in, t.x + x, t.y, 1, " ", srole, CELL_REVERSE);
	}
	panel_text(c, in, t.x, t.y, t.w, head, srole, CELL_REVERSE | CELL_BOLD);

	kpi_format(oee, sizeof(oee), l->oee, UNIT_PERCENT, 1, ctx->now);
	bw = bigtext_width(oee);
	if (bw <= t.w) {
		canvas_bigtext(c, in.x + t.x + (t.w - bw) / 2, in.y + t.y + 1, oee,
			oee_role(ctx->p, l->oee));
	} else {
		panel_text(c, in, t.x, t.y + 3, t.w, oee, oee_role(ctx->p, l->oee), CELL_BOLD);
	}
	/* Under the digits: the factors, then the output and the open Andon. */
	factor(apq[0], sizeof(apq[0]), l->a, 0, ROLE_DEFAULT);
	factor(apq[1], sizeof(apq[1]), l->p, 0, ROLE_DEFAULT);
	factor(apq[2], sizeof(apq[2]), l->q, 0, ROLE_DEFAULT);
	fmt_c(foot, sizeof(foot), "A %s  P %s  Q %s", apq[0], apq[1], apq[2]);
	panel_text(c, in, t.x + 1, t.y + 1 + BIGTEXT_HEIGHT, t.w - 1, foot, ROLE_DEFAULT, 0);
	output_text(out, sizeof(out), l, t.w - 1);
	panel_text(c, in, t.x + 1, t.y + 2 + BIGTEXT_HEIGHT, t.w - 1, out, ROLE_DEFAULT, 0);
	if (ctx->m->andon) {
		fmt_c(andon, sizeof(andon), "Andon %zu", l->andon);
		if (text_width(out) + 2 + text_width(andon) <= t.w - 1) {
			panel_text_right(c, in, t.x, t.y + 2 + BIGTEXT_HEIGHT, t.w, andon, andon_role(l),
				l->andon ? CELL_BOLD : 0);
		}
	}
}

/* Tiles in a grid; false when not even one fits. */
static bool draw_tiles(const struct panel_ctx *ctx, struct canvas *c, struct rect in,
	const struct line *lines, size_t n)
{
	int across = (in.w + 1) / (TILE_MIN_W + 1), down = in.h / TILE_H, tw;
	size_t room, first = 0, show;
	int scroll = ctx->view ? ctx->view->scroll : 0;

	if (across < 1 || down < 1) {
		return false;
	}
	tw = (in.w - (across - 1)) / across;
	room = (size_t)across * (size_t)down;
	show = n;
	if (n > room) {
		/* The last place says how many more there are. */
		show = room - 1;
		first = scroll <= 0 ? 0 : (size_t)scroll > n - show ? n - show : (size_t)scroll;
	}
	for (size_t i = 0; i < show && first + i < n; i++) {
		struct rect t = { (int)(i % (size_t)across) * (tw + 1), (int)(i / (size_t)across) * TILE_H,
			tw, TILE_H };

		tile(ctx, c, in, t, &lines[first + i]);
	}
	if (n > room) {
		size_t i = room - 1;
		char more[32];
		int x = (int)(i % (size_t)across) * (tw + 1), y = (int)(i / (size_t)across) * TILE_H;

		fmt_c(more, sizeof(more), "+%zu more", n - show);
		panel_text(c, in, x + (tw - text_width(more)) / 2, y + TILE_H / 2, tw, more, ROLE_DIM,
			0);
	}
	return true;
}

/* ---- The table -------------------------------------------------------------- */

/* Keeps the lines that match the filter, at the front; returns how many. */
static size_t filter_lines(const char *filter, struct line *lines, size_t n)
{
	size_t shown = 0;

	for (size_t i = 0; i < n; i++) {
		const struct line *l = &lines[i];

		if (panel_filter_match(filter, l->name) || panel_filter_match(filter, l->id) ||
			panel_filter_match(filter, l->status)) {
			lines[shown++] = *l;
		}
	}
	return shown;
}

/* The widest a factor can be: "100.0%" and the "!" of a factor above 1. */
static int factor_width(int decimals)
{
	char buf[32];

	factor(buf, sizeof(buf), 1.0, decimals, ROLE_DEFAULT);
	return text_width(buf) + 1;
}

/* The widest status word of metrics.md's line states (short_status), with
 * its glyph; a status from outside that list is cut to it. */
static int state_width(void)
{
	static const char *const words[] = { "running", "stopped", "fault", "maintenance", "setup",
		"idle", "unknown" };
	int w = 0;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		int ww = text_width(short_status(words[i]));

		w = ww > w ? ww : w;
	}
	return 2 + w;
}

/* The columns, sized by what they can hold rather than by this frame's
 * values (so that they stay put while the panel keeps its size): the
 * name by the longest name of all the lines (up to NAME_MAX), the
 * factors by "100.0%!", the output by OUTPUT_W, the status by its
 * longest word. */
static void size_columns(struct panel_col *cols, const struct line *lines, size_t n,
	int decimals, bool andon)
{
	int name_w = text_width("Line"), pct = factor_width(0);

	for (size_t i = 0; i < n; i++) {
		int w = text_width(lines[i].name);

		name_w = w > name_w ? w : name_w;
	}
	cols[C_STATE] = (struct panel_col){ .w = state_width() };
	cols[C_NAME] = (struct panel_col){ .w = name_w < NAME_MAX ? name_w : NAME_MAX };
	cols[C_OEE] = (struct panel_col){ .w = factor_width(decimals), .right = true };
	cols[C_A] = (struct panel_col){ .w = pct, .right = true, .drop = 4 };
	cols[C_P] = (struct panel_col){ .w = pct, .right = true, .drop = 4 };
	cols[C_Q] = (struct panel_col){ .w = pct, .right = true, .drop = 4 };
	cols[C_OUT] = (struct panel_col){ .w = OUTPUT_W, .right = true, .drop = 5 };
	cols[C_BAR] = (struct panel_col){ .w = 6, .min = 3, .drop = 7 };
	cols[C_ANDON] = (struct panel_col){ .w = andon ? 5 : 0, .right = true, .drop = 6 };
}

/* Fits the columns to width. The name keeps its width while anything
 * else can give way. What goes first: the bar (it shrinks, then goes),
 * the status word (the glyph and colour still tell the state; the open
 * Andon count of a line matters more on a floor), the Andon count, the
 * output, A/P/Q together. Only then is the name cut (to NAME_MIN), so that the OEE
 * stays whole. */
static void fit_columns(struct panel_col *cols, int width)
{
	panel_cols_fit(cols, C_N, width, 1);
	if (!cols[C_OUT].on || !cols[C_A].on || !cols[C_P].on || !cols[C_Q].on ||
		(cols[C_ANDON].w && !cols[C_ANDON].on)) {
		cols[C_STATE].w = 1;
		panel_cols_fit(cols, C_N, width, 1);
	}
	if (!cols[C_A].on || !cols[C_P].on || !cols[C_Q].on) {
		cols[C_A].w = cols[C_P].w = cols[C_Q].w = 0;
		panel_cols_fit(cols, C_N, width, 1);
	}
	if (!cols[C_OEE].on || cols[C_OEE].width < cols[C_OEE].w) {
		/* What went stays gone: the name is cut only for the OEE. */
		for (int k = 0; k < C_N; k++) {
			cols[k].w = cols[k].on ? cols[k].w : 0;
		}
		cols[C_NAME].min = cols[C_NAME].w < NAME_MIN ? cols[C_NAME].w : NAME_MIN;
		panel_cols_fit(cols, C_N, width, 1);
	}
}

static void draw_header(struct canvas *c, struct rect in, const struct panel_col *cols)
{
	static const char *const titles[C_N] = { "", "Line", "OEE", "A", "P", "Q", "Output", "",
		"Andon" };

	panel_text(c, in, 0, 0, cols[C_NAME].x + cols[C_NAME].width, "Line", ROLE_DEFAULT,
		CELL_BOLD);
	for (int k = C_OEE; k < C_N; k++) {
		panel_cols_text(c, in, &cols[k], 0, titles[k], ROLE_DEFAULT, CELL_BOLD);
	}
}

static void draw_row(const struct panel_ctx *ctx, struct canvas *c, struct rect in,
	const struct panel_col *cols, int y, const struct line *l, int decimals)
{
	char buf[64];
	enum style_role role;

	state_text(buf, sizeof(buf), c, l, cols[C_STATE].width > 1, true);
	panel_cols_text(c, in, &cols[C_STATE], y, buf, panel_status_role(l->status), CELL_BOLD);
	panel_cols_text(c, in, &cols[C_NAME], y, l->name, ROLE_DEFAULT, 0);
	role = factor(buf, sizeof(buf), l->oee, decimals, oee_role(ctx->p, l->oee));
	panel_cols_text(c, in, &cols[C_OEE], y, buf, role, CELL_BOLD);
	role = factor(buf, sizeof(buf), l->a, 0, ROLE_DEFAULT);
	panel_cols_text(c, in, &cols[C_A], y, buf, role, 0);
	role = factor(buf, sizeof(buf), l->p, 0, ROLE_DEFAULT);
	panel_cols_text(c, in, &cols[C_P], y, buf, role, 0);
	role = factor(buf, sizeof(buf), l->q, 0, ROLE_DEFAULT);
	panel_cols_text(c, in, &cols[C_Q], y, buf, role, 0);
	output_text(buf, sizeof(buf), l, cols[C_OUT].width);
	panel_cols_text(c, in, &cols[C_OUT], y, buf, isnan(l->out) ? ROLE_DIM : ROLE_DEFAULT, 0);
	if (cols[C_BAR].on && !isnan(l->target) && l->target > 0) {
		panel_hbar(c, in, cols[C_BAR].x, y, cols[C_BAR].width, l->out / l->target, ROLE_GRAPH,
			ROLE_DIM);
	}
	fmt_c(buf, sizeof(buf), "%zu", l->andon);
	panel_cols_text(c, in, &cols[C_ANDON], y, buf, andon_role(l), l->andon ? CELL_BOLD : 0);
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	size_t n, shown, first, count;
	struct line *lines = gather(ctx, &n);
	struct panel_col cols[C_N];
	int header = in.h >= 3 ? 1 : 0;
	int decimals = ctx->p->decimals >= 0 ? ctx->p->decimals : 1;

	/* Sized from every line, before the filter, so that filtering and
	 * scrolling do not move the columns either. */
	size_columns(cols, lines, n, decimals, ctx->m->andon != NULL);
	shown = filter_lines(ctx->filter, lines, n);
	if (shown == 0) {
		panel_message(c, in, n ? "No lines match the filter" : "No lines reported", ROLE_DIM, 0);
		free(lines);
		return;
	}
	panel_sort(lines, shown, sizeof(*lines), cmp_lines, NULL);
	if (ctx->big && in.w >= TILE_MIN_W && in.h >= TILE_H && draw_tiles(ctx, c, in, lines, shown)) {
		free(lines);
		return;
	}
	count = panel_list_fit(ctx, shown, in.h - header, &first);
	fit_columns(cols, in.w);
	if (header) {
		draw_header(c, in, cols);
	}
	for (size_t i = 0; i < count; i++) {
		draw_row(ctx, c, in, cols, header + (int)i, &lines[first + i], decimals);
	}
	panel_more(c, in, header + (int)count, shown - count);
	free(lines);
}

const struct panel_class panel_line_board_class = {
	.name = "line_board",
	.min_w = 20,
	.min_h = 3,
	.required = (const char *const[]){ "status", NULL },
	.own_empty = true,
	.draw = draw,
};
