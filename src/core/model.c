/*
 * The model. See model.h.
 *
 * The query table is built once per dashboard: every target of every panel
 * is looked up among the queries collected so far (same expression, same
 * kind) and added when new, so a refresh sends each distinct query once.
 */
#include "ms5top/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/rules.h"
#include "ms5top/xalloc.h"

static const char *const state_names[] = {
	[SOURCE_OFF] = "off",
	[SOURCE_CONNECTING] = "connecting",
	[SOURCE_UP] = "up",
	[SOURCE_DOWN] = "down",
	[SOURCE_AUTH_FAILED] = "auth failed",
};

const char *source_state_name(enum source_state s)
{
	return s <= SOURCE_AUTH_FAILED ? state_names[s] : "?";
}

static size_t find_or_add(struct model *m, const struct dash_target *t)
{
	const char *expr = t->expr ? t->expr : "";

	for (size_t i = 0; i < m->n_queries; i++) {
		const struct model_query *q = &m->queries[i];

		if (q->source == t->source && q->range == t->range && strcmp(q->expr, expr) == 0) {
			return i;
		}
	}
	struct model_query *q = &m->queries[m->n_queries];

	memset(q, 0, sizeof(*q));
	q->source = t->source;
	q->expr = xstrdup(expr);
	q->range = t->range;
	q->t_ok = NAN;
	q->t_try = NAN;
	return m->n_queries++;
}

void model_init(struct model *m, const struct dashboard *d, int width)
{
	size_t total = 0;

	memset(m, 0, sizeof(*m));
	m->dash = d;
	for (size_t i = 0; i < d->n_panels; i++) {
		total += d->panels[i].n_targets;
	}
	m->queries = xcalloc(total ? total : 1, sizeof(*m->queries));
	m->target_query = xcalloc(d->n_panels ? d->n_panels : 1, sizeof(*m->target_query));
	for (size_t i = 0; i < d->n_panels; i++) {
		const struct dash_panel *p = &d->panels[i];

		for (size_t j = 0; j < p->n_targets; j++) {
			m->target_query[i][j] = find_or_add(m, &p->targets[j]);
		}
	}
	for (size_t s = 0; s < SOURCE_MAX; s++) {
		m->sources[s].since = NAN;
		m->sources[s].last_ok = NAN;
	}
	m->last_error_t = NAN;
	model_set_width(m, width);
}

void model_set_width(struct model *m, int width)
{
	const struct dashboard *d = m->dash;

	for (size_t q = 0; q < m->n_queries; q++) {
		m->queries[q].points = 0;
	}
	for (size_t i = 0; i < d->n_panels; i++) {
		const struct dash_panel *p = &d->panels[i];
		/* The panel's share of the width, inside its frame, two points a cell. */
		int cols = width * p->w / DASH_GRID_COLS - 2;
		int points = 2 * (cols > 8 ? cols : 8);

		for (size_t j = 0; j < p->n_targets; j++) {
			struct model_query *q = &m->queries[m->target_query[i][j]];

			if (q->range && points > q->points) {
				q->points = points;
			}
		}
	}
}

void model_finish(struct model *m)
{
	for (size_t i = 0; i < m->n_queries; i++) {
		free(m->queries[i].expr);
		result_finish(&m->queries[i].result);
	}
	free(m->queries);
	free(m->target_query);
	for (size_t i = 0; i < m->n_line_names; i++) {
		free(m->line_names[i].id);
		free(m->line_names[i].name);
	}
	free(m->line_names);
	memset(m, 0, sizeof(*m));
}

const struct model_query *model_target(const struct model *m, size_t panel, const char *id)
{
	const struct dash_panel *p;

	if (panel >= m->dash->n_panels) {
		return NULL;
	}
	p = &m->dash->panels[panel];
	for (size_t j = 0; j < p->n_targets; j++) {
		if (strcmp(p->targets[j].id, id) == 0) {
			return &m->queries[m->target_query[panel][j]];
		}
	}
	return NULL;
}

void model_query_sent(struct model *m, size_t qi, double now)
{
	m->queries[qi].in_flight = true;
	m->queries[qi].t_try = now;
}

static void learn_names(struct model *m, const struct result *r)
{
	const struct prom_result *pr = result_series(r);

	for (size_t i = 0; pr && i < pr->n_series; i++) {
		const struct prom_series *s = &pr->series[i];

		model_learn_line_name(m, prom_label_get(s->labels, s->n_labels, "line_id"),
			prom_label_get(s->labels, s->n_labels, "line_name"));
	}
}

void model_learn_line_name(struct model *m, const char *line_id, const char *name)
{
	struct model_line_name *n;

	if (!line_id || !name || !*line_id || !*name) {
		return;
	}
	for (size_t i = 0; i < m->n_line_names; i++) {
		n = &m->line_names[i];
		if (strcmp(n->id, line_id) == 0) {
			if (strcmp(n->name, name) != 0) {
				free(n->name);
				n->name = xstrdup(name);
			}
			return;
		}
	}
	m->line_names = xgrow(m->line_names, &m->cap_line_names, m->n_line_names + 1,
		sizeof(*m->line_names));
	n = &m->line_names[m->n_line_names++];
	n->id = xstrdup(line_id);
	n->name = xstrdup(name);
}

const char *model_line_name(const struct model *m, const char *line_id)
{
	for (size_t i = 0; line_id && i < m->n_line_names; i++) {
		if (strcmp(m->line_names[i].id, line_id) == 0) {
			return m->line_names[i].name;
		}
	}
	return line_id;
}

void model_query_ok(struct model *m, size_t qi, struct result *r, double now)
{
	struct model_query *q = &m->queries[qi];

	learn_names(m, r);
	result_finish(&q->result);
	q->result = *r;
	memset(r, 0, sizeof(*r));
	q->have = true;
	q->t_ok = now;
	q->error[0] = '\0';
	q->in_flight = false;
	m->generation++;
}

void model_query_failed(struct model *m, size_t qi, const char *who, const char *error,
	double now)
{
	struct model_query *q = &m->queries[qi];

	snprintf(q->error, sizeof(q->error), "%s", error);
	q->in_flight = false;
	model_note_error(m, who ? who : q->source->title, error, now);
}

const struct model_source *model_source(const struct model *m, const struct source_type *s)
{
	size_t i = source_index(s);

	return i < source_count ? &m->sources[i] : NULL;
}

void model_carry(struct model *m, const struct model *from)
{
	memcpy(m->sources, from->sources, sizeof(m->sources));
	for (size_t i = 0; i < from->n_line_names; i++) {
		model_learn_line_name(m, from->line_names[i].id, from->line_names[i].name);
	}
}

void model_touch(struct model *m)
{
	m->generation++;
}

void model_source_set(struct model *m, const struct source_type *s, enum source_state st,
	const char *detail, double now)
{
	size_t i = source_index(s);
	struct model_source *src = &m->sources[i < source_count ? i : 0];

	if (!detail) {
		detail = "";
	}
	if (st == SOURCE_UP) {
		src->last_ok = now;
	}
	if (src->state == st && strcmp(src->detail, detail) == 0) {
		return;
	}
	src->state = st;
	src->since = now;
	snprintf(src->detail, sizeof(src->detail), "%s", detail);
	if ((st == SOURCE_DOWN || st == SOURCE_AUTH_FAILED) && *detail) {
		model_note_error(m, s->title, detail, now);
	}
	m->generation++;
}

void model_note_error(struct model *m, const char *source, const char *error, double now)
{
	snprintf(m->last_error, sizeof(m->last_error), "%s: %s", source, error);
	m->last_error_t = now;
	m->generation++;
}

bool model_query_stale(const struct model *m, const struct model_query *q, double now)
{
	double refresh = m->dash->refresh > 0 ? m->dash->refresh : 5;

	return q->have && now - q->t_ok > MODEL_STALE_REFRESHES * refresh;
}

void model_panel_status(const struct model *m, size_t panel, double now, struct panel_status *st)
{
	const struct dash_panel *p = &m->dash->panels[panel];
	double oldest = INFINITY;
	bool missing = false, stale = false, something = false;

	memset(st, 0, sizeof(*st));
	st->age = NAN;
	for (size_t j = 0; j < p->n_targets; j++) {
		const struct model_query *q = &m->queries[m->target_query[panel][j]];

		if (q->error[0] && !st->error) {
			st->error = q->error;
		}
		if (q->have) {
			char why[sizeof(st->empty)];

			st->have_any = true;
			if (!model_query_empty(q, why, sizeof(why))) {
				something = true;
			} else if (!st->empty_rule) {
				/* The first empty one, unless a later one lacks a rule. */
				st->empty_rule = rules_read_by(q->expr) != NULL;
				if (st->empty_rule || !st->empty[0]) {
					snprintf(st->empty, sizeof(st->empty), "%s", why);
				}
			}
			if (q->t_ok < oldest) {
				oldest = q->t_ok;
			}
			stale |= model_query_stale(m, q, now);
		} else {
			missing = true;
		}
	}
	if (isfinite(oldest)) {
		st->age = now - oldest;
	}
	st->nothing = st->have_any && !something && !missing;
	if (st->error) {
		st->data = PANEL_DATA_FAILING;
	} else if (stale) {
		st->data = PANEL_DATA_STALE;
	} else if (missing && !st->have_any) {
		st->data = PANEL_DATA_LOADING;
	} else {
		st->data = PANEL_DATA_OK;
	}
}

static bool series_matches(const struct prom_series *s, const char *label, const char *value)
{
	const char *v;

	if (!label) {
		return true;
	}
	v = prom_label_get(s->labels, s->n_labels, label);
	return v && value && strcmp(v, value) == 0;
}

const struct prom_result *model_query_series(const struct model_query *q)
{
	return q && q->have ? result_series(&q->result) : NULL;
}

bool model_value(const struct model_query *q, const char *label, const char *value, double *v)
{
	const struct prom_result *r = model_query_series(q);

	if (!r) {
		return false;
	}
	if (r->type == PROM_RESULT_SCALAR) {
		*v = r->scalar.v;
		return true;
	}
	for (size_t i = 0; i < r->n_series; i++) {
		const struct prom_series *s = &r->series[i];

		if (s->n_points > 0 && series_matches(s, label, value)) {
			*v = s->points[s->n_points - 1].v;
			return true;
		}
	}
	return false;
}

const struct prom_series *model_series(const struct model_query *q, const char *label,
	const char *value)
{
	const struct prom_result *r = model_query_series(q);

	for (size_t i = 0; r && i < r->n_series; i++) {
		if (series_matches(&r->series[i], label, value)) {
			return &r->series[i];
		}
	}
	return NULL;
}

const char *model_query_empty(const struct model_query *q, char *buf, size_t size)
{
	const struct prom_result *r = model_query_series(q);
	const char *rule;

	if (!r || r->type == PROM_RESULT_SCALAR || r->type == PROM_RESULT_STRING || r->n_series) {
		return NULL;
	}
	rule = rules_read_by(q->expr);
	if (rule) {
		snprintf(buf, size, "no %s: is %s loaded?", rule, rules_file_of(rule));
	} else {
		snprintf(buf, size, "no series match %s", q->expr);
	}
	return buf;
}
