/*
 * The alerts panel: the active alerts of the model (Alertmanager, or
 * Prometheus's own list), one row each:
 *
 *   ✖ critical   12m  Line L1 has been stopped for 5 minutes
 *
 * The severity label as a glyph and a word with its role, the age since
 * the alert became active, and its summary annotation (else description,
 * else the alert name). Sorted by severity (critical, page, error, high:
 * crit; warning, ticket, medium: warn; info, low, anything else), then the
 * oldest first. Pending alerts (not yet firing)
 * and suppressed ones (silenced or inhibited) are dimmed and carry their
 * state. A line the summary names by its ID (the alert's line_id label) is
 * named by its name (model_line_name). The filter matches the name, the
 * severity, the summary and the line (name or ID). "No active alerts" when
 * the list is empty.
 */
#include "ms5top/panel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/fmt.h"
#include "ms5top/strbuf.h"
#include "ms5top/text.h"
#include "ms5top/xalloc.h"

enum { C_SEV, C_AGE, C_TEXT, C_N };

static int severity_rank(const char *s)
{
	/* page and ticket: the SLO burn-rate alerts (rules/slo.yml). */
	static const char *const order[] = { "critical", "page", "error", "high", "warning",
		"ticket", "medium", "info", "low" };

	for (size_t i = 0; s && i < sizeof(order) / sizeof(order[0]); i++) {
		if (panel_strcasecmp(s, order[i]) == 0) {
			return (int)i;
		}
	}
	return 99;
}

static void severity_look(const struct canvas *c, const char *s, const char **glyph,
	enum style_role *role)
{
	int r = severity_rank(s);

	if (r <= 3) {
		*glyph = panel_glyph(c, "✖", "X");
		*role = ROLE_CRIT;
	} else if (r <= 6) {
		*glyph = panel_glyph(c, "▲", "!");
		*role = ROLE_WARN;
	} else {
		*glyph = panel_glyph(c, "●", "*");
		*role = ROLE_INFO;
	}
}

static const char *label(const struct prom_alert *a, const char *name)
{
	return prom_label_get(a->labels, a->n_labels, name);
}

static const char *summary(const struct prom_alert *a)
{
	const char *s = prom_label_get(a->annotations, a->n_annotations, "summary");

	if (!s || !*s) {
		s = prom_label_get(a->annotations, a->n_annotations, "description");
	}
	if (!s || !*s) {
		s = label(a, "alertname");
	}
	return s ? s : "";
}

/* Firing ones first; then by severity; then the oldest first. */
static bool quiet(const struct prom_alert *a)
{
	return a->state && (strcmp(a->state, "pending") == 0 || strcmp(a->state, "suppressed") == 0);
}

static int cmp_alerts(const void *pa, const void *pb, const void *arg)
{
	const struct prom_alert *a = *(const struct prom_alert *const *)pa;
	const struct prom_alert *b = *(const struct prom_alert *const *)pb;
	int r = quiet(a) - quiet(b);

	(void)arg;
	if (r == 0) {
		r = severity_rank(label(a, "severity")) - severity_rank(label(b, "severity"));
	}
	if (r == 0) {
		double x = isnan(a->since) ? INFINITY : a->since, y = isnan(b->since) ? INFINITY : b->since;

		r = x < y ? -1 : x > y;
	}
	if (r == 0) {
		r = panel_strcasecmp(summary(a), summary(b));
	}
	return r;
}

static bool matches(const struct panel_ctx *ctx, const struct prom_alert *a)
{
	const char *filter = ctx->filter;

	return panel_filter_match(filter, summary(a)) ||
		panel_filter_match(filter, label(a, "alertname")) ||
		panel_filter_match(filter, label(a, "severity")) ||
		panel_filter_line(ctx, label(a, "line_id"));
}

static bool word_char(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		ch == '_' || ch == '-' || ch == '.';
}

/* The summary, with the alert's line named: where its line_id label stands
 * as a word ("Critical Andon on line line_001 ..."), the line's name. Left
 * as it is when no name is known or the name is already there ("Line
 * Bottling (line_001) is down"). */
static void summary_text(const struct panel_ctx *ctx, const struct prom_alert *a, char *out,
	size_t size)
{
	const char *s = summary(a), *id = label(a, "line_id"), *name, *hit, *from = s;
	struct strbuf sb;
	size_t idn;

	name = id && *id ? model_line_name(ctx->m, id) : NULL;
	if (!name || strcmp(name, id) == 0 || strstr(s, name)) {
		fmt_c(out, size, "%s", s);
		return;
	}
	idn = strlen(id);
	strbuf_init(&sb, 0);
	while ((hit = strstr(from, id))) {
		bool word = (hit == s || !word_char(hit[-1])) && !word_char(hit[idn]);

		size_t keep = (size_t)(hit - from);

		/* "Line line_003" with a name that says "Line" itself: the name
		 * alone ("Line 3 - Packaging"), not "Line Line 3 - Packaging". */
		if (word && keep >= 5 && text_prefix_ci(name, "line ") &&
			text_prefix_ci(hit - 5, "line ") && (hit - 5 == s || !word_char(hit[-6]))) {
			keep -= 5;
		}
		strbuf_append(&sb, from, keep);
		strbuf_puts(&sb, word ? name : id);
		from = hit + idn;
	}
	strbuf_puts(&sb, from);
	fmt_c(out, size, "%s", strbuf_str(&sb));
	strbuf_finish(&sb);
}

/* Severity words are short; the summary takes the rest of the row. */
static void fit_columns(struct panel_col *cols, const struct prom_alert *const *shown,
	size_t count, int width)
{
	for (size_t k = 0; k < count; k++) {
		const char *sev = label(shown[k], "severity");
		int w = 2 + text_width(sev ? sev : "alert");

		cols[C_SEV].w = w > cols[C_SEV].w ? w : cols[C_SEV].w;
	}
	if (cols[C_SEV].w > 11) {
		cols[C_SEV].w = 11;
	}
	cols[C_AGE].w = 5;
	cols[C_TEXT].w = width;
	cols[C_TEXT].min = 8;
	panel_cols_fit(cols, C_N, width, 1);
	if (!cols[C_TEXT].on || cols[C_TEXT].width < 8) {
		/* Too narrow for the text beside the severity: the word goes. */
		cols[C_SEV].w = 1;
		panel_cols_fit(cols, C_N, width, 1);
	}
}

static void draw_row(const struct panel_ctx *ctx, struct canvas *c, struct rect in,
	const struct panel_col *cols, int y, const struct prom_alert *a)
{
	const char *sev = label(a, "severity"), *glyph;
	enum style_role role;
	char head[64], age[32], sum[512], text[512];
	bool dim = quiet(a);

	severity_look(c, sev, &glyph, &role);
	fmt_c(head, sizeof(head), "%s %s", glyph, sev ? sev : "alert");
	panel_cols_text(c, in, &cols[C_SEV], y, cols[C_SEV].width > 1 ? head : glyph,
		dim ? ROLE_DIM : role, dim ? 0 : CELL_BOLD);
	if (isnan(a->since)) {
		fmt_c(age, sizeof(age), "--");
	} else {
		panel_age(age, sizeof(age), ctx->now - a->since);
	}
	panel_cols_text(c, in, &cols[C_AGE], y, age, ROLE_DIM, 0);
	summary_text(ctx, a, sum, sizeof(sum));
	if (dim) {
		fmt_c(text, sizeof(text), "(%s) %s", a->state, sum);
	} else {
		fmt_c(text, sizeof(text), "%s", sum);
	}
	panel_cols_text(c, in, &cols[C_TEXT], y, text, dim ? ROLE_DIM : ROLE_DEFAULT, 0);
}

static void draw(const struct panel_ctx *ctx, struct canvas *c, struct rect in)
{
	static const struct prom_alerts none;
	const struct model_query *q = panel_query(ctx, "alerts");
	const struct prom_alerts *all = q && q->have && result_rows(&q->result) ?
		result_rows(&q->result) : &none;
	const struct prom_alert **list = xmalloc((all->n ? all->n : 1) * sizeof(*list));
	struct panel_col cols[C_N] = {
		[C_SEV] = { .w = 2, .drop = 0 },
		[C_AGE] = { .w = 3, .right = true, .drop = 1 },
		[C_TEXT] = { .w = 1, .min = 1 },
	};
	size_t n = 0, first, count;

	for (size_t i = 0; i < all->n; i++) {
		if (matches(ctx, &all->alerts[i])) {
			list[n++] = &all->alerts[i];
		}
	}
	if (n == 0) {
		panel_message(c, in, all->n ? "No alerts match the filter" : "No active alerts",
			all->n ? ROLE_DIM : ROLE_OK, 0);
		free(list);
		return;
	}
	panel_sort(list, n, sizeof(*list), cmp_alerts, NULL);
	count = panel_list_fit(ctx, n, in.h, &first);
	fit_columns(cols, list + first, count, in.w);
	for (size_t k = 0; k < count; k++) {
		draw_row(ctx, c, in, cols, (int)k, list[first + k]);
	}
	panel_more(c, in, (int)count, n - count);
	free(list);
}

const struct panel_class panel_alerts_class = {
	.name = "alerts",
	.min_w = 20,
	.min_h = 3,
	.implicit = { "alerts", &source_alertmanager },
	.own_empty = true,
	.draw = draw,
};
