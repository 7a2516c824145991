/*
 * The panel table, the frame every panel shares, and the helpers the kinds
 * draw with. See panel.h.
 *
 * The frame says what state the data is in, so a panel is never silently
 * empty or silently old:
 *   loading   "loading…" centred until the first answer;
 *   failing   with no data, the error centred in ROLE_CRIT; with old data,
 *             the data and the error on the last inside row;
 *   stale     the age in the title ("Lines (2m05s ago)") and the inside
 *             dimmed (CELL_DIM), also when failing data has grown old.
 * The Andon feed has no queries and is always drawn by its class, which
 * knows whether a stream is configured.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/fmt.h"
#include "ms5top/strbuf.h"
#include "ms5top/text.h"
#include "ms5top/xalloc.h"

const struct panel_class *const panel_classes[] = {
	&panel_line_board_class,
	&panel_andon_feed_class,
	&panel_stat_class,
	&panel_gauge_class,
	&panel_timeseries_class,
	&panel_table_class,
	&panel_slo_board_class,
	&panel_alerts_class,
	&panel_equipment_class,
	&panel_maintenance_class,
};

const size_t panel_class_count = sizeof(panel_classes) / sizeof(panel_classes[0]);

const struct panel_class *panel_class_find(const char *name)
{
	for (size_t i = 0; name && i < panel_class_count; i++) {
		if (strcmp(panel_classes[i]->name, name) == 0) {
			return panel_classes[i];
		}
	}
	return NULL;
}

_Static_assert(offsetof(struct panel_class, name) == 0, "strbuf_join_names reads the name first");

const char *panel_class_names(void)
{
	static char names[256];

	return names[0] ? names : strbuf_join_names(names, sizeof(names),
		(const void *const *)panel_classes, panel_class_count);
}

/* ---- Roles, glyphs, filters -------------------------------------------- */

enum style_role panel_role_by_name(const char *name)
{
	static const struct {
		const char *name;
		enum style_role role;
	} roles[] = {
		{ "ok", ROLE_OK }, { "warn", ROLE_WARN }, { "crit", ROLE_CRIT }, { "info", ROLE_INFO },
		{ "dim", ROLE_DIM }, { "value", ROLE_DEFAULT }, { "stale", ROLE_DIM },
		{ "error", ROLE_CRIT },
	};

	for (size_t i = 0; name && i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(name, roles[i].name) == 0) {
			return roles[i].role;
		}
	}
	return ROLE_DEFAULT;
}

enum style_role panel_threshold_role(const struct dash_panel *p, double v)
{
	enum style_role role = ROLE_DEFAULT;

	if (!p || isnan(v)) {
		return ROLE_DEFAULT;
	}
	/* Thresholds rise (the loader checks): the last step at or below v wins. */
	for (size_t i = 0; i < p->n_thresholds; i++) {
		if (v >= p->thresholds[i].value) {
			role = panel_role_by_name(p->thresholds[i].role);
		}
	}
	return role;
}

int panel_strcasecmp(const char *a, const char *b)
{
	return text_casecmp(a ? a : "", b ? b : "");
}

static void merge_pass(char *a, char *tmp, size_t n, size_t size,
	int (*cmp)(const void *, const void *, const void *), const void *arg)
{
	size_t mid = n / 2, i = 0, j = mid, o = 0;

	if (n < 2) {
		return;
	}
	merge_pass(a, tmp, mid, size, cmp, arg);
	merge_pass(a + mid * size, tmp, n - mid, size, cmp, arg);
	while (i < mid && j < n) {
		/* Ties take the left element first: stable. */
		if (cmp(a + j * size, a + i * size, arg) < 0) {
			memcpy(tmp + o++ * size, a + j++ * size, size);
		} else {
			memcpy(tmp + o++ * size, a + i++ * size, size);
		}
	}
	memcpy(tmp + o * size, a + i * size, (mid - i) * size);
	o += mid - i;
	memcpy(tmp + o * size, a + j * size, (n - j) * size);
	memcpy(a, tmp, n * size);
}

void panel_sort(void *base, size_t n, size_t size,
	int (*cmp)(const void *a, const void *b, const void *arg), const void *arg)
{
	char *tmp;

	if (n < 2 || size == 0) {
		return;
	}
	tmp = xmalloc(n * size);
	merge_pass(base, tmp, n, size, cmp, arg);
	free(tmp);
}

bool panel_filter_match(const char *filter, const char *text)
{
	size_t n;

	if (!filter || !*filter) {
		return true;
	}
	if (!text) {
		return false;
	}
	n = strlen(text);
	return text_find_ci(text, n, filter) < n;
}

bool panel_filter_line(const struct panel_ctx *ctx, const char *line_id)
{
	return panel_filter_match(ctx->filter, line_id) ||
		(line_id && panel_filter_match(ctx->filter, model_line_name(ctx->m, line_id)));
}

/* Line states (metrics.md) and equipment states, one table: the word, its
 * role, and a glyph that tells the same without colour. */
static const struct status_info {
	const char *word;
	enum style_role role;
	const char *glyph, *ascii;
} statuses[] = {
	{ "running", ROLE_OK, "▶", ">" },
	{ "operational", ROLE_OK, "▶", ">" },
	{ "stopped", ROLE_CRIT, "■", "#" },
	{ "fault", ROLE_CRIT, "✖", "X" },
	{ "maintenance", ROLE_INFO, "⚒", "M" },
	{ "setup", ROLE_INFO, "⚙", "S" },
	{ "idle", ROLE_WARN, "‖", "=" },
	{ "warning", ROLE_WARN, "▲", "!" },
	{ "offline", ROLE_WARN, "○", "o" },
};

static const struct status_info *status_info(const char *status)
{
	for (size_t i = 0; status && i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		if (panel_strcasecmp(status, statuses[i].word) == 0) {
			return &statuses[i];
		}
	}
	return NULL;
}

enum style_role panel_status_role(const char *status)
{
	const struct status_info *s = status_info(status);

	return s ? s->role : ROLE_DIM;
}

const char *panel_status_glyph(const char *status, enum canvas_glyphs g)
{
	const struct status_info *s = status_info(status);

	if (!s) {
		return "?";
	}
	return g == CANVAS_GLYPHS_ASCII ? s->ascii : s->glyph;
}

const char *panel_glyph(const struct canvas *c, const char *unicode, const char *ascii)
{
	return c->glyphs == CANVAS_GLYPHS_ASCII ? ascii : unicode;
}

char *panel_age(char *buf, size_t size, double seconds)
{
	long long s = seconds > 0 && seconds < 1e15 ? (long long)seconds : 0;

	if (s < 60) {
		return fmt_c(buf, size, "%llds", s);
	}
	if (s < 3600) {
		return fmt_c(buf, size, "%lldm", s / 60);
	}
	if (s < 86400) {
		return fmt_c(buf, size, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	}
	return fmt_c(buf, size, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
}

/* ---- Data ---------------------------------------------------------------- */

const struct model_query *panel_query(const struct panel_ctx *ctx, const char *target)
{
	return model_target(ctx->m, ctx->index, target);
}

bool panel_value(const struct panel_ctx *ctx, const char *target, const char *label,
	const char *value, double *v)
{
	*v = NAN;
	return model_value(panel_query(ctx, target), label, value, v);
}

void panel_join(const struct model_query *q, const char *key, struct panel_join_row **rows,
	size_t *n, size_t *cap)
{
	const struct prom_result *r = model_query_series(q);

	for (size_t i = 0; r && i < r->n_series; i++) {
		const struct prom_series *s = &r->series[i];
		const char *v = key ? prom_label_get(s->labels, s->n_labels, key) : NULL;
		size_t k = *n;

		if (key && !v) {
			continue;
		}
		if (key) {
			for (k = 0; k < *n && strcmp((*rows)[k].key, v) != 0; k++) {
			}
		}
		if (k == *n) {
			*rows = xgrow(*rows, cap, *n + 1, sizeof(**rows));
			(*rows)[k] = (struct panel_join_row){ v, s, NULL };
			(*n)++;
		}
		if (!(*rows)[k].current && s->n_points && s->points[s->n_points - 1].v >= 0.5) {
			(*rows)[k].current = s;
		}
	}
}

/* ---- Drawing inside a panel ---------------------------------------------- */

int panel_text(struct canvas *c, struct rect in, int x, int y, int maxw, const char *s,
	enum style_role role, unsigned attr)
{
	int room = in.w - x;

	if (y < 0 || y >= in.h || x < 0 || room <= 0) {
		return 0;
	}
	if (maxw < 0 || maxw > room) {
		maxw = room;
	}
	return canvas_text(c, in.x + x, in.y + y, maxw, s, role, attr);
}

int panel_text_right(struct canvas *c, struct rect in, int x, int y, int maxw, const char *s,
	enum style_role role, unsigned attr)
{
	if (x < 0) {
		maxw += x;
		x = 0;
	}
	if (y < 0 || y >= in.h || maxw <= 0 || x >= in.w) {
		return 0;
	}
	if (x + maxw > in.w) {
		maxw = in.w - x;
	}
	return canvas_text_right(c, in.x + x, in.y + y, maxw, s, role, attr);
}

void panel_text_center(struct canvas *c, struct rect in, int y, const char *s,
	enum style_role role, unsigned attr)
{
	int w = text_width(s);

	panel_text(c, in, w < in.w ? (in.w - w) / 2 : 0, y, -1, s, role, attr);
}

void panel_hbar(struct canvas *c, struct rect in, int x, int y, int w, double fraction,
	enum style_role fill, enum style_role track)
{
	if (y < 0 || y >= in.h || x < 0 || x >= in.w) {
		return;
	}
	if (w > in.w - x) {
		w = in.w - x;
	}
	canvas_hbar(c, in.x + x, in.y + y, w, fraction, fill, track);
}

/* The bytes of s that fit in w columns from its start (at least one
 * character, so that wrapping always advances). */
static size_t fit_bytes(const char *s, size_t n, int w)
{
	size_t i = 0;
	int used = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		int cw = uc_width(cp);

		if (used + cw > w && i > 0) {
			break;
		}
		used += cw;
		i += len;
	}
	return i;
}

/* Width of the first n bytes of s. */
static int width_n(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;

		i += utf8_decode(s + i, n - i, &cp);
		w += uc_width(cp);
	}
	return w;
}

/* Copies the part of s that fits in cols columns. */
static void cut(char *out, size_t size, const char *s, int cols)
{
	size_t n = fit_bytes(s, strlen(s), cols);

	if (n >= size) {
		n = size - 1;
	}
	if (width_n(s, n) > cols) {
		n = 0;   /* fit_bytes keeps one character even when it is too wide */
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

#define MESSAGE_MAX_LINES 64

void panel_message(struct canvas *c, struct rect in, const char *s, enum style_role role,
	unsigned attr)
{
	size_t start[MESSAGE_MAX_LINES], len[MESSAGE_MAX_LINES];
	size_t n = strlen(s), pos = 0;
	int lines = 0, max = in.h < MESSAGE_MAX_LINES ? in.h : MESSAGE_MAX_LINES;

	if (in.w <= 0 || in.h <= 0) {
		return;
	}
	/* Greedy word wrap; a word longer than the width is broken. */
	while (pos < n && lines < max) {
		size_t end = pos, best = 0;

		while (pos < n && s[pos] == ' ') {
			pos++;
		}
		if (pos == n) {
			break;
		}
		end = pos;
		while (end < n) {
			size_t w_end = end;

			while (w_end < n && s[w_end] == ' ') {
				w_end++;
			}
			while (w_end < n && s[w_end] != ' ') {
				w_end++;
			}
			if (width_n(s + pos, w_end - pos) > in.w) {
				break;
			}
			best = w_end - pos;
			end = w_end;
		}
		if (best == 0) {
			best = fit_bytes(s + pos, n - pos, in.w);
		}
		start[lines] = pos;
		len[lines] = best;
		lines++;
		pos += best;
	}
	while (pos < n && s[pos] == ' ') {
		pos++;
	}
	for (int i = 0; i < lines; i++) {
		int y = (in.h - lines) / 2 + i;
		char line[1024];
		size_t l = len[i];

		if (i == lines - 1 && pos < n) {
			/* What does not fit: the last row shows as much as it can. */
			canvas_text(c, in.x, in.y + y, in.w, s + start[i], role, attr);
			break;
		}
		if (l >= sizeof(line)) {
			l = sizeof(line) - 1;
		}
		memcpy(line, s + start[i], l);
		line[l] = '\0';
		panel_text_center(c, in, y, line, role, attr);
	}
}

/* Sets each column's width to its wish (0 when off) and returns the total
 * with gaps; *shrinkable is how much flexible columns could give up. */
static int cols_total(struct panel_col *cols, size_t n, int gap, int *shrinkable)
{
	int total = 0, on = 0;

	*shrinkable = 0;
	for (size_t i = 0; i < n; i++) {
		cols[i].width = cols[i].on ? cols[i].w : 0;
		if (cols[i].on) {
			total += cols[i].w + (on++ ? gap : 0);
			if (cols[i].min > 0 && cols[i].w > cols[i].min) {
				*shrinkable += cols[i].w - cols[i].min;
			}
		}
	}
	return total;
}

/* Takes excess columns from the flexible columns, always from the one
 * furthest above its minimum. */
static void cols_shrink(struct panel_col *cols, size_t n, int excess)
{
	while (excess > 0) {
		size_t wide = n;

		for (size_t i = 0; i < n; i++) {
			if (cols[i].on && cols[i].min > 0 && cols[i].width > cols[i].min &&
				(wide == n || cols[i].width - cols[i].min >
					cols[wide].width - cols[wide].min)) {
				wide = i;
			}
		}
		cols[wide].width--;
		excess--;
	}
}

/* The column to drop next (the highest drop, the last of equals), or n. */
static size_t cols_victim(const struct panel_col *cols, size_t n)
{
	size_t victim = n;

	for (size_t i = 0; i < n; i++) {
		if (cols[i].on && cols[i].drop > 0 &&
			(victim == n || cols[i].drop >= cols[victim].drop)) {
			victim = i;
		}
	}
	return victim;
}

/* Nothing left to drop: shrinks what can be and cuts the rest at the edge. */
static void cols_cut(struct panel_col *cols, size_t n, int width, int gap)
{
	int x = 0, on = 0;

	for (size_t i = 0; i < n; i++) {
		if (!cols[i].on) {
			continue;
		}
		if (cols[i].min > 0 && cols[i].width > cols[i].min) {
			cols[i].width = cols[i].min;
		}
		x += on++ ? gap : 0;
		if (x + cols[i].width > width) {
			cols[i].width = width - x;
		}
		if (cols[i].width <= 0) {
			cols[i].on = false;
			cols[i].width = 0;
		}
		x += cols[i].width;
	}
}

/* Places the columns that are on from the left, gap blanks apart. */
static void cols_place(struct panel_col *cols, size_t n, int gap)
{
	for (size_t i = 0, x = 0, on = 0; i < n; i++) {
		if (cols[i].on) {
			x += on++ ? (size_t)gap : 0;
			cols[i].x = (int)x;
			x += (size_t)cols[i].width;
		}
	}
}

void panel_cols_fit(struct panel_col *cols, size_t n, int width, int gap)
{
	for (size_t i = 0; i < n; i++) {
		cols[i].on = cols[i].w > 0;
		cols[i].x = 0;
	}
	for (;;) {
		int shrinkable, total = cols_total(cols, n, gap, &shrinkable);
		size_t victim;

		if (total <= width) {
			break;
		}
		if (total - shrinkable <= width) {
			cols_shrink(cols, n, total - width);
			break;
		}
		victim = cols_victim(cols, n);
		if (victim == n) {
			cols_cut(cols, n, width, gap);
			break;
		}
		cols[victim].on = false;
	}
	cols_place(cols, n, gap);
}

void panel_cols_text(struct canvas *c, struct rect in, const struct panel_col *col, int y,
	const char *s, enum style_role role, unsigned attr)
{
	if (!col->on || col->width <= 0) {
		return;
	}
	if (col->right) {
		panel_text_right(c, in, col->x, y, col->width, s, role, attr);
	} else {
		panel_text(c, in, col->x, y, col->width, s, role, attr);
	}
}

size_t panel_list_fit(const struct panel_ctx *ctx, size_t n, int rows, size_t *first)
{
	int scroll = ctx->view ? ctx->view->scroll : 0;
	size_t room;

	*first = 0;
	if (rows <= 0 || n == 0) {
		return 0;
	}
	if (n <= (size_t)rows) {
		return n;
	}
	room = rows >= 2 ? (size_t)rows - 1 : (size_t)rows;
	*first = scroll <= 0 ? 0 : (size_t)scroll > n - room ? n - room : (size_t)scroll;
	return room;
}

void panel_more(struct canvas *c, struct rect in, int y, size_t hidden)
{
	char text[48];

	if (hidden > 0) {
		fmt_c(text, sizeof(text), "+%zu more", hidden);
		panel_text(c, in, 0, y, -1, text, ROLE_DIM, 0);
	}
}

/* ---- The frame ------------------------------------------------------------ */

/* The title, with the warning mark when there is no row for the error
 * and the age when the data is old. The age matters more than the end
 * of the title: a title that does not fit is cut before it. */
static void frame_title(const struct panel_ctx *ctx, const struct canvas *c, struct rect r,
	bool mark, bool old, char *title, size_t size)
{
	const char *warn = panel_glyph(c, "⚠", "!");
	char age[32], suffix[48];
	int room;

	snprintf(title, size, "%s%s", mark ? warn : "", mark ? " " : "");
	if (!old) {
		snprintf(title + strlen(title), size - strlen(title), "%s", ctx->p->title);
		return;
	}
	room = r.w - 5 - text_width(title);
	fmt_c(suffix, sizeof(suffix), "%s(%s ago)", *ctx->p->title ? " " : "",
		panel_age(age, sizeof(age), ctx->st.age));
	room -= text_width(suffix);
	if (text_width(ctx->p->title) > room && room >= 2) {
		size_t n = strlen(title);

		cut(title + n, size - n, ctx->p->title, room - 1);
		snprintf(title + strlen(title), size - strlen(title), "…");
	} else if (text_width(ctx->p->title) > room) {
		/* No room for any of the title: the age alone. */
		memmove(suffix, suffix + (suffix[0] == ' '), strlen(suffix));
	} else {
		snprintf(title + strlen(title), size - strlen(title), "%s", ctx->p->title);
	}
	snprintf(title + strlen(title), size - strlen(title), "%s", suffix);
}

/* Without data to draw: why, centred ("loading…", the error, the reason
 * there is nothing). False when the class has something to draw. */
static bool frame_message(const struct panel_ctx *ctx, struct canvas *c, struct rect in,
	bool failing, bool always)
{
	const struct panel_status *st = &ctx->st;
	char err[300];

	if (!st->have_any && !always) {
		if (failing) {
			snprintf(err, sizeof(err), "%s %s", panel_glyph(c, "⚠", "!"), st->error);
			panel_message(c, in, err, ROLE_CRIT, 0);
		} else {
			panel_message(c, in, panel_glyph(c, "loading…", "loading..."), ROLE_DIM, 0);
		}
		return true;
	}
	if (st->nothing && st->empty[0] && !failing && !always &&
		(st->empty_rule || !ctx->p->klass->own_empty)) {
		/* Nothing at all to draw, for a reason worth naming. */
		snprintf(err, sizeof(err), "%s %s", panel_glyph(c, "ⓘ", "i"), st->empty);
		panel_message(c, in, err, ROLE_WARN, 0);
		return true;
	}
	return false;
}

/* The last inside row for the error (with data) or the empty rule's
 * reason, when there is room; returns the rest, for the class. */
static struct rect frame_status_row(const struct panel_ctx *ctx, struct canvas *c,
	struct rect in, bool failing)
{
	const struct panel_status *st = &ctx->st;
	struct rect body = in;
	char err[300];

	if (failing && in.h >= 2) {
		body.h--;
		snprintf(err, sizeof(err), "%s %s", panel_glyph(c, "⚠", "!"), st->error);
		canvas_text(c, in.x, in.y + in.h - 1, in.w, err, ROLE_CRIT, 0);
	} else if (st->empty_rule && in.h >= 3) {
		body.h--;
		snprintf(err, sizeof(err), "%s %s", panel_glyph(c, "ⓘ", "i"), st->empty);
		canvas_text(c, in.x, in.y + in.h - 1, in.w, err, ROLE_WARN, 0);
	}
	return body;
}

void panel_draw(struct panel_ctx *ctx, struct canvas *c, struct rect r)
{
	const struct panel_class *k = ctx->p->klass;
	struct panel_status *st = &ctx->st;
	const struct dashboard *d = ctx->m->dash;
	double refresh = d && d->refresh > 0 ? d->refresh : 5;
	struct rect in = { r.x + 1, r.y + 1, r.w - 2, r.h - 2 }, body;
	char title[300];
	bool old, failing;

	model_panel_status(ctx->m, ctx->index, ctx->now, st);
	failing = st->data == PANEL_DATA_FAILING && st->error;
	old = st->have_any && (st->data == PANEL_DATA_STALE ||
		(failing && isfinite(st->age) && st->age > MODEL_STALE_REFRESHES * refresh));
	frame_title(ctx, c, r, failing && in.h < 2, old, title, sizeof(title));
	if (r.w <= 0 || r.h <= 0) {
		return;
	}
	canvas_box(c, r, title, ctx->focused ? ROLE_FOCUS : ROLE_BORDER,
		ctx->focused ? ROLE_FOCUS : ROLE_TITLE);
	if (in.w <= 0 || in.h <= 0 || !k) {
		return;
	}
	canvas_fill(c, in, ' ', ROLE_DEFAULT);
	if (frame_message(ctx, c, in, failing, k->without_data)) {
		return;
	}
	body = frame_status_row(ctx, c, in, failing);
	k->draw(ctx, c, body);
	if (old) {
		canvas_attr(c, body, CELL_DIM);
	}
}
