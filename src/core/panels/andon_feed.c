/*
 * The Andon feed: the active Andon events of the Andon state (fed by the
 * WebSocket stream and the REST resync), most urgent first: by priority,
 * overdue before on time, then the longest waiting (andon_state_view's
 * ANDON_ORDER_PRIORITY). Each event, in two rows:
 *
 *   ✖ critical  4m12s  L1  P-101                        OVERDUE
 *     Conveyor jam at infeed                      open  esc 2
 *
 * or in one row in a compact panel (and in one wide enough for it):
 *
 *   ✖ critical 4m12s L1 P-101 Conveyor jam at infeed  open esc 2 OVERDUE
 *
 * The age ticks from reported_at to now. Overdue (andon-ws.md: open past
 * the acknowledge timeout of its priority, acknowledged past the resolve
 * timeout) is a reverse-video "OVERDUE", or "!" where space is short. The
 * last row counts: "3 open, 1 overdue", with "+N more" when not all are
 * shown and the stream's state when it is not up. "No open Andon events"
 * when there are none; "Andon stream not configured" without an Andon
 * source. Lines are shown by name (model_line_name). The filter matches the
 * line (name or ID), equipment, type and description.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/andon_state.h"
#include "ms5top/fmt.h"
#include "ms5top/xalloc.h"

/* One row wide enough for everything from this many columns. */
#define ONE_ROW_WIDTH 80
/* A line's name is shown whole up to LINE_MAX columns unless that costs a
 * column other than the escalation level; then it is cut, to no fewer
 * than LINE_MIN columns before other columns go. */
#define LINE_MAX 24
#define LINE_MIN 8

enum { C_PRIO, C_AGE, C_LINE, C_EQ, C_DESC, C_STATUS, C_ESC, C_OVERDUE, C_N };

static void priority_look(const struct canvas *c, enum andon_priority p, const char **glyph,
	enum style_role *role)
{
	switch (p) {
	case ANDON_PRIO_CRITICAL:
		*glyph = panel_glyph(c, "✖", "X");
		*role = ROLE_CRIT;
		return;
	case ANDON_PRIO_HIGH:
		*glyph = panel_glyph(c, "▲", "^");
		*role = ROLE_WARN;
		return;
	case ANDON_PRIO_MEDIUM:
		*glyph = panel_glyph(c, "●", "*");
		*role = ROLE_INFO;
		return;
	case ANDON_PRIO_LOW:
		*glyph = panel_glyph(c, "○", "o");
		*role = ROLE_DEFAULT;
		return;
	case ANDON_PRIO_UNKNOWN:
		break;
	}
	*glyph = "?";
	*role = ROLE_DEFAULT;
}

/* The priority word: the known name, else what arrived, else "unknown". */
static const char *priority_word(const struct andon_event *e)
{
	if (e->priority == ANDON_PRIO_UNKNOWN && e->priority_text[0]) {
		return e->priority_text;
	}
	return andon_priority_name(e->priority);
}

static const char *status_word(const struct andon_event *e, enum style_role *role)
{
	switch (e->status) {
	case ANDON_STATUS_OPEN:
		*role = ROLE_DEFAULT;
		return "open";
	case ANDON_STATUS_ACKNOWLEDGED:
		*role = ROLE_INFO;
		return "acknowledged";
	case ANDON_STATUS_ESCALATED:
		*role = ROLE_WARN;
		return "escalated";
	case ANDON_STATUS_RESOLVED:
		*role = ROLE_OK;
		return "resolved";
	case ANDON_STATUS_UNKNOWN:
		break;
	}
	*role = ROLE_DEFAULT;
	return e->status_text[0] ? e->status_text : "unknown";
}

static bool matches(const struct panel_ctx *ctx, const struct andon_event *e)
{
	const char *filter = ctx->filter;

	return panel_filter_line(ctx, e->line_id) ||
		panel_filter_match(filter, e->equipment_code) ||
		panel_filter_match(filter, e->event_type) ||
		panel_filter_match(filter, e->description);
}

struct texts {
	char prio[48], age[32], esc[16];
	const char *glyph, *status, *line;   /* line: its name, else its ID, else "--" */
	enum style_role prole, srole;
	bool overdue;
};

static void texts_of(const struct panel_ctx *ctx, const struct canvas *c,
	const struct andon_event *e, struct texts *t)
{
	priority_look(c, e->priority, &t->glyph, &t->prole);
	snprintf(t->prio, sizeof(t->prio), "%s %s", t->glyph, priority_word(e));
	if (isfinite(e->reported_at)) {
		fmt_duration(t->age, sizeof(t->age), ctx->now - e->reported_at);
	} else {
		fmt_c(t->age, sizeof(t->age), "--");
	}
	t->esc[0] = '\0';
	if (e->escalation_level > 0) {
		fmt_c(t->esc, sizeof(t->esc), "esc %d", e->escalation_level);
	}
	t->status = status_word(e, &t->srole);
	t->line = e->line_id[0] ? model_line_name(ctx->m, e->line_id) : "--";
	t->overdue = andon_event_overdue(e, ctx->now);
}

/* Widens the columns for one event. */
static void measure(struct panel_col *cols, const struct andon_event *e, const struct texts *t)
{
	int w;

#define WIDEN(col, s) do { w = text_width(s); cols[col].w = w > cols[col].w ? w : cols[col].w; } while (0)
	WIDEN(C_PRIO, t->prio);
	WIDEN(C_AGE, t->age);
	WIDEN(C_LINE, t->line);
	WIDEN(C_EQ, e->equipment_code);
	WIDEN(C_STATUS, t->status);
	WIDEN(C_ESC, t->esc);
#undef WIDEN
}

static void overdue_mark(struct canvas *c, struct rect in, const struct panel_col *col, int y,
	bool overdue)
{
	if (overdue) {
		panel_cols_text(c, in, col, y, col->width >= 7 ? "OVERDUE" : "!", ROLE_CRIT,
			CELL_BOLD | CELL_REVERSE);
	}
}

/* The events to show, filtered, most urgent first (caller frees); *got is
 * how many are open before the filter, *overdue how many shown are. */
static const struct andon_event **gather(const struct panel_ctx *ctx, size_t *got,
	size_t *shown, size_t *overdue)
{
	const struct andon_state *s = ctx->m->andon;
	size_t n = andon_state_count(s);
	const struct andon_event **ev = xmalloc((n ? n : 1) * sizeof(*ev));

	*shown = *overdue = 0;
	*got = andon_state_view(s, ev, n, ANDON_ORDER_PRIORITY, ctx->now);
	for (size_t i = 0; i < *got; i++) {
		if (matches(ctx, ev[i])) {
			ev[(*shown)++] = ev[i];
			*overdue += andon_event_overdue(ev[i], ctx->now);
		}
	}
	return ev;
}

/* How many events fit in in's rows at per rows each (the last row for the
 * count when there is room), and the first one shown, by the view's scroll. */
static size_t fit_slots(const struct panel_ctx *ctx, struct rect in, int per, size_t shown,
	size_t *first)
{
	int avail = in.h - 1;
	size_t slots;

	*first = 0;
	if (avail < per) {
		avail = in.h;   /* one row: an event rather than the count */
	}
	slots = (size_t)(avail / per);
	if (shown > slots) {
		int scroll = ctx->view ? ctx->view->scroll : 0;

		*first = scroll <= 0 ? 0 : (size_t)scroll > shown - slots ? shown - slots : (size_t)scroll;
	} else {
		slots = shown;
	}
	return slots;
}

/* The columns wanted, widened for the events shown. Drop order: one row
 * keeps the age longest, then the description; two rows keep the age
 * over the equipment. */
static void measure_all(const struct panel_ctx *ctx, const struct canvas *c,
	struct panel_col *cols, const struct andon_event *const *ev, size_t n, size_t overdue)
{
	memset(cols, 0, C_N * sizeof(*cols));
	cols[C_PRIO] = (struct panel_col){ .w = 1 };
	cols[C_AGE] = (struct panel_col){ .w = 2, .right = true, .drop = 3 };
	cols[C_LINE] = (struct panel_col){ .w = 2, .min = 2 };
	cols[C_EQ] = (struct panel_col){ .w = 2, .drop = 6 };
	cols[C_STATUS] = (struct panel_col){ .w = 4, .drop = 5 };
	cols[C_ESC] = (struct panel_col){ .w = 0, .drop = 7 };
	cols[C_OVERDUE] = (struct panel_col){ .w = overdue ? 7 : 0, .right = true };
	for (size_t i = 0; i < n; i++) {
		struct texts t;

		texts_of(ctx, c, ev[i], &t);
		measure(cols, ev[i], &t);
	}
	cols[C_LINE].min = cols[C_LINE].w < LINE_MIN ? cols[C_LINE].w : LINE_MIN;
}

/* Fits cols into fit with the line's name whole (up to LINE_MAX); false
 * when that drops any column but the escalation level. */
static bool fit_name_whole(struct panel_col *fit, const struct panel_col *cols, int width)
{
	memcpy(fit, cols, C_N * sizeof(*fit));
	fit[C_LINE].min = fit[C_LINE].w < LINE_MAX ? fit[C_LINE].w : LINE_MAX;
	panel_cols_fit(fit, C_N, width, 1);
	for (int k = 0; k < C_N; k++) {
		if (k != C_ESC && fit[k].w > 0 && !fit[k].on) {
			return false;
		}
	}
	return true;
}

/* Everything on one row, the description taking what is left. */
static void fit_one_row(struct panel_col *cols, int width, size_t overdue)
{
	struct panel_col fit[C_N];

	cols[C_DESC] = (struct panel_col){ .w = width, .min = 8, .drop = 4 };
	if (fit_name_whole(fit, cols, width)) {
		memcpy(cols, fit, sizeof(fit));
		return;
	}
	memcpy(fit, cols, sizeof(fit));
	panel_cols_fit(fit, C_N, width, 1);
	if (!fit[C_DESC].on || !fit[C_AGE].on) {
		/* Narrow: the glyph for the word, "!" for OVERDUE. */
		cols[C_PRIO].w = 1;
		cols[C_OVERDUE].w = overdue ? 1 : 0;
		memcpy(fit, cols, sizeof(fit));
		panel_cols_fit(fit, C_N, width, 1);
	}
	memcpy(cols, fit, sizeof(fit));
}

/* Row A: priority, age, line, equipment, overdue. Row B, indented:
 * description, status, escalation. */
static void fit_two_rows(struct panel_col *cols, int width, size_t overdue)
{
	struct panel_col a[C_N], b[C_N], whole[C_N];

	memcpy(a, cols, sizeof(a));
	a[C_STATUS].w = a[C_ESC].w = a[C_DESC].w = 0;
	if (fit_name_whole(whole, a, width)) {
		memcpy(a, whole, sizeof(a));
	} else {
		panel_cols_fit(a, C_N, width, 1);
	}
	if (!a[C_AGE].on) {
		memcpy(a, cols, sizeof(a));
		a[C_STATUS].w = a[C_ESC].w = a[C_DESC].w = 0;
		a[C_PRIO].w = 1;
		a[C_OVERDUE].w = overdue ? 1 : 0;
		panel_cols_fit(a, C_N, width, 1);
	}
	memset(b, 0, sizeof(b));
	/* The description keeps two thirds of its row. */
	b[C_DESC] = (struct panel_col){ .w = width - 2, .min = (width - 2) * 2 / 3 };
	if (b[C_DESC].min < 4) {
		b[C_DESC].min = 4;
	}
	b[C_STATUS] = cols[C_STATUS];
	b[C_ESC] = cols[C_ESC];
	panel_cols_fit(b, C_N, width - 2, 1);
	for (int k = 0; k < C_N; k++) {
		if (k == C_DESC || k == C_STATUS || k == C_ESC) {
			cols[k] = b[k];
			cols[k].x += 2;
		} else {
			cols[k] = a[k];
		}
	}
}

/* One event: its first row at y, the description's row at yb. */
static void draw_event(const struct panel_ctx *ctx, struct canvas *c, struct rect in,
	const struct panel_col *cols, int y, int yb, const struct andon_event *e)
{
	struct texts t;

	texts_of(ctx, c, e, &t);
	panel_cols_text(c, in, &cols[C_PRIO], y, cols[C_PRIO].width > 1 ? t.prio : t.glyph, t.prole,
		CELL_BOLD);
	panel_cols_text(c, in, &cols[C_AGE], y, t.age, t.overdue ? ROLE_CRIT : ROLE_DEFAULT, 0);
	panel_cols_text(c, in, &cols[C_LINE], y, t.line, ROLE_DEFAULT, CELL_BOLD);
	panel_cols_text(c, in, &cols[C_EQ], y, e->equipment_code, ROLE_DIM, 0);
	overdue_mark(c, in, &cols[C_OVERDUE], y, t.overdue);
	panel_cols_text(c, in, &cols[C_DESC], yb,
		e->description[0] ? e->description : e->event_type, ROLE_DEFAULT, 0);
	panel_cols_text(c, in, &cols[C_STATUS], yb, t.status, t.srole, 0);
	panel_cols_text(c, in, &cols[C_ESC], yb, t.esc, ROLE_WARN, 0);
}

/* "3 open, 1 overdue  +2 more  stream down" on the last row. */
static void draw_count(const struct panel_ctx *ctx, struct canvas *c, struct rect in,
	size_t shown, size_t overdue, size_t slots)
{
	const struct model_source *src = model_source(ctx->m, &source_andon);
	char count[160], more[32];
	int x;

	fmt_c(count, sizeof(count), "%zu open", shown);
	x = panel_text(c, in, 0, in.h - 1, -1, count, ROLE_DEFAULT, 0);
	if (overdue) {
		fmt_c(count, sizeof(count), ", %zu overdue", overdue);
		x += panel_text(c, in, x, in.h - 1, -1, count, ROLE_CRIT, CELL_BOLD);
	}
	if (shown > slots) {
		fmt_c(more, sizeof(more), "  +%zu more", shown - slots);
		x += panel_text(c, in, x, in.h - 1, -1, more, ROLE_DIM, 0);
	}
	if (src->state != SOURCE_UP && src->state != SOURCE_OFF) {
		fmt_c(count, sizeof(count), "  stream %s", source_state_name(src->state));
		panel_text(c, in, x, in.h - 1, -1, count, ROLE_WARN, 0);
	}
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	const struct andon_event **ev;
	size_t got, shown, overdue, first, slots;
	struct panel_col cols[C_N];
	bool one_row = ctx->p->compact || in.w >= ONE_ROW_WIDTH || in.h < 4;
	int per = one_row ? 1 : 2;

	if (!ctx->m->andon) {
		panel_message(c, in, "Andon stream not configured", ROLE_DIM, 0);
		return;
	}
	ev = gather(ctx, &got, &shown, &overdue);
	if (shown == 0) {
		panel_message(c, in, got ? "No Andon events match the filter" : "No open Andon events",
			got ? ROLE_DIM : ROLE_OK, 0);
		free(ev);
		return;
	}
	slots = fit_slots(ctx, in, per, shown, &first);
	measure_all(ctx, c, cols, ev + first, slots, overdue);
	if (one_row) {
		fit_one_row(cols, in.w, overdue);
	} else {
		fit_two_rows(cols, in.w, overdue);
	}
	for (size_t i = 0; i < slots; i++) {
		int y = (int)i * per;

		draw_event(ctx, c, in, cols, y, one_row ? y : y + 1, ev[first + i]);
	}
	if (in.h > (int)slots * per) {
		draw_count(ctx, c, in, shown, overdue, slots);
	}
	free(ev);
}

const struct panel_class panel_andon_feed_class = {
	.name = "andon_feed",
	.min_w = 20,
	.min_h = 3,
	.without_data = true,
	.own_empty = true,
	.draw = draw,
};
