/*
 * One frame: header, panels, status line. See render.h.
 */
#include "ms5top/render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ms5top/fmt.h"
#include "ms5top/keys.h"

static const char *state_glyph(enum source_state s, enum canvas_glyphs g)
{
	bool ascii = g == CANVAS_GLYPHS_ASCII;

	switch (s) {
	case SOURCE_UP:
		return ascii ? "+" : "●";
	case SOURCE_CONNECTING:
		return ascii ? "~" : "◌";
	case SOURCE_DOWN:
	case SOURCE_AUTH_FAILED:
		return ascii ? "x" : "✖";
	case SOURCE_OFF:
		break;
	}
	return ascii ? "-" : "○";
}

static enum style_role state_role(enum source_state s)
{
	switch (s) {
	case SOURCE_UP:
		return ROLE_OK;
	case SOURCE_CONNECTING:
		return ROLE_WARN;
	case SOURCE_DOWN:
	case SOURCE_AUTH_FAILED:
		return ROLE_CRIT;
	case SOURCE_OFF:
		break;
	}
	return ROLE_DIM;
}

/* Age of the newest data of any query, or NAN. */
static double newest_age(const struct model *m, double now)
{
	double newest = NAN;

	for (size_t i = 0; i < m->n_queries; i++) {
		if (m->queries[i].have && !(m->queries[i].t_ok <= newest)) {
			newest = m->queries[i].t_ok;
		}
	}
	return isnan(newest) ? NAN : now - newest;
}

/* A source in the header: "Prometheus ● 3s", "Andon ✖ down". */
struct source_label {
	const char *name, *glyph;
	char state[32];
	int width;
};

static bool source_label(const struct model *m, size_t s, double now, bool brief,
	enum canvas_glyphs g, struct source_label *l)
{
	const struct source_type *t = source_types[s];
	const struct model_source *src = &m->sources[s];
	double age = newest_age(m, now);
	char buf[16];

	if (src->state == SOURCE_OFF) {
		return false;
	}
	l->name = brief ? t->brief : t->title;
	l->glyph = state_glyph(src->state, g);
	if (src->state == SOURCE_UP && t->shows_age && !isnan(age)) {
		snprintf(l->state, sizeof(l->state), " %s", fmt_duration(buf, sizeof(buf), age));
	} else {
		snprintf(l->state, sizeof(l->state), " %s", src->state == SOURCE_UP ? "up" :
			source_state_name(src->state));
	}
	l->width = text_width(l->name) + 1 + text_width(l->glyph) + text_width(l->state);
	return true;
}

static void draw_header(struct canvas *c, const struct model *m, const struct render_opts *o)
{
	const char *sep = c->glyphs == CANVAS_GLYPHS_ASCII ? " - " : " · ";
	struct source_label label;
	char title[160];
	int x, right, need = 0;
	bool brief;

	canvas_fill(c, (struct rect){ 0, 0, c->w, 1 }, ' ', ROLE_HEADER);
	right = o->clock ? text_width(o->clock) + 2 : 0;
	if (right < c->w) {
		canvas_text_right(c, 0, 0, c->w - 1, o->clock ? o->clock : "", ROLE_HEADER, CELL_BOLD);
	} else {
		right = 0;
	}
	snprintf(title, sizeof(title), " %s%s%s%s%s%s%s ", o->plant ? o->plant : "ms5top", sep,
		m->dash->title ? m->dash->title : o->role, o->paused ? sep : "",
		o->paused ? "PAUSED" : "", o->kiosk ? sep : "", o->kiosk ? "kiosk" : "");
	x = canvas_text(c, 0, 0, c->w - right, title, ROLE_HEADER, CELL_BOLD);
	/* Every source with its full name if they all fit, else short names;
	 * a source is shown whole or not at all. */
	for (size_t s = 0; s < source_count; s++) {
		if (source_label(m, s, o->now, false, c->glyphs, &label)) {
			need += label.width + 2;
		}
	}
	brief = x + need > c->w - right;
	for (size_t s = 0; s < source_count; s++) {
		enum source_state st = m->sources[s].state;

		if (!source_label(m, s, o->now, brief, c->glyphs, &label) ||
			x + 2 + label.width > c->w - right) {
			continue;
		}
		x += 2;
		x += canvas_text(c, x, 0, label.width, label.name, ROLE_HEADER, 0);
		x += canvas_text(c, x, 0, 1, " ", ROLE_HEADER, 0);
		x += canvas_text(c, x, 0, label.width, label.glyph, state_role(st), CELL_BOLD);
		x += canvas_text(c, x, 0, label.width, label.state, ROLE_HEADER, 0);
	}
}

static void draw_status(struct canvas *c, const struct model *m, const struct render_opts *o,
	const struct layout *l)
{
	size_t shown = 0;
	char more[96] = "";

	int y = c->h - 1;
	char text[400], age[16];

	canvas_fill(c, (struct rect){ 0, y, c->w, 1 }, ' ', ROLE_HEADER);
	if (o->filter_editing) {
		snprintf(text, sizeof(text), " filter: %s_", o->filter ? o->filter : "");
		canvas_text(c, 0, y, c->w, text, ROLE_HEADER, CELL_BOLD);
		return;
	}
	if (o->notice && *o->notice) {
		snprintf(text, sizeof(text), " %s", o->notice);
		canvas_text(c, 0, y, c->w, text, ROLE_HEADER, 0);
		return;
	}
	if (m->last_error[0] && !isnan(m->last_error_t)) {
		snprintf(text, sizeof(text), " %s %s (%s ago)",
			c->glyphs == CANVAS_GLYPHS_ASCII ? "!" : "⚠", m->last_error,
			fmt_duration(age, sizeof(age), o->now - m->last_error_t));
		canvas_text(c, 0, y, c->w, text, ROLE_CRIT, 0);
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		shown += l->items[i].visible;
	}
	if (l->stacked && shown < l->n) {
		snprintf(more, sizeof(more), " %zu of %zu panels, Tab for more ·", shown, l->n);
	}
	if (o->filter && *o->filter) {
		snprintf(text, sizeof(text), "%s filter: %s   (/ to change, Esc to clear)", more, o->filter);
	} else if (o->kiosk) {
		snprintf(text, sizeof(text), " %s", o->role);
	} else {
		snprintf(text, sizeof(text), "%s ? help  1 2 3 views  Tab panels  Enter zoom  / filter  "
			"p pause  r refresh  t range  q quit", more);
	}
	canvas_text(c, 0, y, c->w, text, ROLE_HEADER, 0);
}

static void draw_help(struct canvas *c, bool kiosk)
{
	int rows = 0, w = 52, h;
	struct rect r;

	for (size_t i = 0; i < key_binding_count; i++) {
		rows += key_bindings[i].label != NULL;
	}
	h = rows + 4;
	if (w > c->w) {
		w = c->w;
	}
	if (h > c->h) {
		h = c->h;
	}
	r = (struct rect){ (c->w - w) / 2, (c->h - h) / 2, w, h };
	canvas_fill(c, r, ' ', ROLE_DEFAULT);
	canvas_box(c, r, "Keys", ROLE_FOCUS, ROLE_TITLE);
	for (size_t i = 0, y = 0; i < key_binding_count && 2 + (int)y < h - 1; i++) {
		const struct key_binding *k = &key_bindings[i];

		if (k->label) {
			canvas_text(c, r.x + 2, r.y + 1 + (int)y, 14, k->label, ROLE_TITLE, CELL_BOLD);
			canvas_text(c, r.x + 17, r.y + 1 + (int)y, w - 19, k->help, ROLE_DEFAULT, 0);
			y++;
		}
	}
	canvas_text(c, r.x + 2, r.y + h - 2, w - 4,
		kiosk ? "kiosk: views and filter are locked" : "any key closes this help",
		ROLE_DIM, 0);
}

void render_panel_mins(const struct model *m, struct layout_min *mins)
{
	for (size_t i = 0; i < m->dash->n_panels && i < DASH_MAX_PANELS; i++) {
		const struct panel_class *k = m->dash->panels[i].klass;

		mins[i] = (struct layout_min){ k->min_w, k->min_h };
	}
}

void render_frame(struct canvas *c, const struct model *m, const struct render_opts *o,
	struct layout *l)
{
	struct layout_min mins[DASH_MAX_PANELS];
	struct rect area = { 0, 1, c->w, c->h - 2 };
	char text[128];

	canvas_clear(c);
	render_panel_mins(m, mins);
	layout_compute(l, m->dash, mins, area, o->first, o->zoom);
	if (c->h < 3 || l->too_small) {
		/* The frame itself needs a header and a status line. */
		snprintf(text, sizeof(text), "needs at least %dx%d (now %dx%d)",
			l->need_w > 40 ? l->need_w : 40, l->need_h + 2, c->w, c->h);
		canvas_text(c, 0, c->h / 2, c->w, "Terminal too small:", ROLE_WARN, CELL_BOLD);
		canvas_text(c, 0, c->h / 2 + 1, c->w, text, ROLE_WARN, 0);
		return;
	}
	draw_header(c, m, o);
	for (size_t i = 0; i < l->n; i++) {
		struct panel_ctx ctx;

		if (!l->items[i].visible) {
			continue;
		}
		memset(&ctx, 0, sizeof(ctx));
		ctx.m = m;
		ctx.p = &m->dash->panels[i];
		ctx.index = i;
		ctx.now = o->now;
		ctx.focused = o->show_focus && i == o->focus;
		ctx.big = o->big;
		ctx.filter = o->filter ? o->filter : "";
		ctx.view = o->views ? &o->views[i] : NULL;
		panel_draw(&ctx, c, l->items[i].r);
	}
	draw_status(c, m, o, l);
	if (o->help) {
		draw_help(c, o->kiosk);
	}
}
