/*
 * The model as JSON. See snapshot_json.h.
 */
#include "ms5top/snapshot_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "ms5top/andon.h"
#include "ms5top/andon_state.h"
#include "ms5top/panel.h"
#include "ms5top/timeparse.h"
#include "ms5top/xalloc.h"

static const char *const data_names[] = {
	[PANEL_DATA_OK] = "ok", [PANEL_DATA_LOADING] = "loading",
	[PANEL_DATA_STALE] = "stale", [PANEL_DATA_FAILING] = "failing",
};

static cJSON *number(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *timestamp(double t)
{
	char buf[32];

	return isfinite(t) ? cJSON_CreateString(iso8601_format(t, buf, sizeof(buf))) :
		cJSON_CreateNull();
}

static cJSON *labels(const struct prom_label *l, size_t n)
{
	cJSON *o = cJSON_CreateObject();

	for (size_t i = 0; i < n; i++) {
		cJSON_AddStringToObject(o, l[i].name, l[i].value);
	}
	return o;
}

/* A native histogram sample: {"time", "count", "sum", "buckets": [[rule,
 * lower, upper, count], ...]} (null for NaN and the infinities). */
static cJSON *histogram_json(const struct prom_histogram *h)
{
	cJSON *o = cJSON_CreateObject(), *buckets = cJSON_CreateArray();

	cJSON_AddItemToObject(o, "time", cJSON_CreateNumber(h->t));
	cJSON_AddItemToObject(o, "count", number(h->count));
	cJSON_AddItemToObject(o, "sum", number(h->sum));
	for (size_t i = 0; i < h->n_buckets; i++) {
		cJSON *b = cJSON_CreateArray();

		cJSON_AddItemToArray(b, cJSON_CreateNumber(h->buckets[i].boundary));
		cJSON_AddItemToArray(b, number(h->buckets[i].lower));
		cJSON_AddItemToArray(b, number(h->buckets[i].upper));
		cJSON_AddItemToArray(b, number(h->buckets[i].count));
		cJSON_AddItemToArray(buckets, b);
	}
	cJSON_AddItemToObject(o, "buckets", buckets);
	return o;
}

static cJSON *query_json(const struct model_query *q)
{
	cJSON *o = cJSON_CreateObject(), *series = cJSON_CreateArray();
	const struct prom_result *r = result_series(&q->result);

	cJSON_AddItemToObject(o, "time", timestamp(q->t_ok));
	cJSON_AddItemToObject(o, "error", q->error[0] ? cJSON_CreateString(q->error) : cJSON_CreateNull());
	if (r && r->type == PROM_RESULT_SCALAR) {
		cJSON_AddItemToObject(o, "value", number(r->scalar.v));
	}
	for (size_t i = 0; r && i < r->n_series; i++) {
		const struct prom_series *s = &r->series[i];
		cJSON *item = cJSON_CreateObject();

		cJSON_AddItemToObject(item, "labels", labels(s->labels, s->n_labels));
		if (q->range) {
			cJSON *pts = cJSON_CreateArray();

			for (size_t k = 0; k < s->n_points; k++) {
				cJSON *pt = cJSON_CreateArray();

				cJSON_AddItemToArray(pt, cJSON_CreateNumber(s->points[k].t));
				cJSON_AddItemToArray(pt, number(s->points[k].v));
				cJSON_AddItemToArray(pts, pt);
			}
			cJSON_AddItemToObject(item, "points", pts);
		} else if (s->n_points > 0) {
			cJSON_AddItemToObject(item, "value", number(s->points[s->n_points - 1].v));
		}
		if (s->n_histograms > 0) {
			/* Native histograms whole: all of a range, the newest of an
			 * instant query ("value" above is its count). */
			cJSON *hs = cJSON_CreateArray();

			for (size_t k = q->range ? 0 : s->n_histograms - 1; k < s->n_histograms; k++) {
				cJSON_AddItemToArray(hs, histogram_json(&s->histograms[k]));
			}
			cJSON_AddItemToObject(item, "histograms", hs);
		}
		cJSON_AddItemToArray(series, item);
	}
	cJSON_AddItemToObject(o, "series", series);
	if (r && r->n_infos > 0) {
		cJSON *infos = cJSON_CreateArray();

		for (size_t i = 0; i < r->n_infos; i++) {
			cJSON_AddItemToArray(infos, cJSON_CreateString(r->infos[i]));
		}
		cJSON_AddItemToObject(o, "infos", infos);
	}
	return o;
}

static cJSON *panels_json(const struct model *m, double now)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < m->dash->n_panels; i++) {
		const struct dash_panel *p = &m->dash->panels[i];
		cJSON *o = cJSON_CreateObject(), *targets = cJSON_CreateObject();
		struct panel_status st;

		model_panel_status(m, i, now, &st);
		cJSON_AddStringToObject(o, "title", p->title ? p->title : "");
		cJSON_AddStringToObject(o, "kind", p->klass->name);
		cJSON_AddStringToObject(o, "state", data_names[st.data]);
		cJSON_AddItemToObject(o, "age", number(st.age));
		cJSON_AddItemToObject(o, "error", st.error ? cJSON_CreateString(st.error) :
			cJSON_CreateNull());
		for (size_t j = 0; j < p->n_targets; j++) {
			cJSON *t;

			if (p->targets[j].implicit) {
				continue;   /* the class's own, listed in its source's section */
			}
			t = query_json(&m->queries[m->target_query[i][j]]);

			cJSON_AddStringToObject(t, "expr", p->targets[j].expr);
			cJSON_AddItemToObject(targets, p->targets[j].id, t);
		}
		cJSON_AddItemToObject(o, "targets", targets);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* The rows of the first query of a source, as an array. */
static cJSON *rows_json(const struct model *m, const struct source_type *src)
{
	cJSON *arr = cJSON_CreateArray();
	const struct prom_alerts *rows = NULL;

	for (size_t q = 0; q < m->n_queries && !rows; q++) {
		if (m->queries[q].source == src && m->queries[q].have) {
			rows = result_rows(&m->queries[q].result);
		}
	}
	for (size_t i = 0; rows && i < rows->n; i++) {
		const struct prom_alert *a = &rows->alerts[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToObject(o, "labels", labels(a->labels, a->n_labels));
		cJSON_AddItemToObject(o, "annotations", labels(a->annotations, a->n_annotations));
		cJSON_AddStringToObject(o, "state", a->state ? a->state : "");
		cJSON_AddItemToObject(o, "since", timestamp(a->since));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *event_json(const struct andon_event *e, double now)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", e->id);
	cJSON_AddStringToObject(o, "line_id", e->line_id);
	cJSON_AddStringToObject(o, "equipment_code", e->equipment_code);
	cJSON_AddStringToObject(o, "event_type", e->event_type);
	cJSON_AddStringToObject(o, "priority", andon_priority_name(e->priority));
	cJSON_AddStringToObject(o, "status", e->status_text[0] ? e->status_text :
		andon_status_name(e->status));
	cJSON_AddStringToObject(o, "description", e->description);
	cJSON_AddItemToObject(o, "reported_at", timestamp(e->reported_at));
	cJSON_AddItemToObject(o, "acknowledged_at", timestamp(e->acknowledged_at));
	cJSON_AddItemToObject(o, "escalation_level", e->escalation_level >= 0 ?
		cJSON_CreateNumber(e->escalation_level) : cJSON_CreateNull());
	cJSON_AddBoolToObject(o, "overdue", andon_event_overdue(e, now));
	return o;
}

static cJSON *andon_json(const struct model *m, double now)
{
	cJSON *o = cJSON_CreateObject(), *active = cJSON_CreateArray();
	size_t n = andon_state_count(m->andon), counts[ANDON_PRIO_UNKNOWN + 1];
	const struct andon_event **ev = xcalloc(n ? n : 1, sizeof(*ev));
	cJSON *by = cJSON_CreateObject();

	n = andon_state_view(m->andon, ev, n, ANDON_ORDER_PRIORITY, now);
	for (size_t i = 0; i < n; i++) {
		cJSON_AddItemToArray(active, event_json(ev[i], now));
	}
	free(ev);
	cJSON_AddItemToObject(o, "active", active);
	andon_state_counts(m->andon, counts);
	for (int p = ANDON_PRIO_CRITICAL; p <= ANDON_PRIO_UNKNOWN; p++) {
		cJSON_AddNumberToObject(by, andon_priority_name((enum andon_priority)p), (double)counts[p]);
	}
	cJSON_AddItemToObject(o, "open_by_priority", by);
	cJSON_AddNumberToObject(o, "overdue", (double)andon_state_overdue_count(m->andon, now));
	return o;
}

void snapshot_json(const struct model *m, const char *role, double now, struct strbuf *out)
{
	cJSON *doc = cJSON_CreateObject(), *sources = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(doc, "role", role);
	cJSON_AddStringToObject(doc, "dashboard", m->dash->title ? m->dash->title : role);
	cJSON_AddItemToObject(doc, "time", timestamp(now));
	for (size_t s = 0; s < source_count; s++) {
		const struct model_source *src = &m->sources[s];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "state", source_state_name(src->state));
		cJSON_AddStringToObject(o, "detail", src->detail);
		cJSON_AddItemToObject(o, "last_ok", timestamp(src->last_ok));
		cJSON_AddItemToObject(sources, source_types[s]->title, o);
	}
	cJSON_AddItemToObject(doc, "sources", sources);
	cJSON_AddItemToObject(doc, "panels", panels_json(m, now));
	/* A source with a section of its own (the alerts), when the dashboard
	 * asks it for something. */
	for (size_t s = 0; s < source_count; s++) {
		const struct source_type *src = source_types[s];
		bool asked = false;

		for (size_t q = 0; q < m->n_queries; q++) {
			asked |= m->queries[q].source == src;
		}
		if (src->json_key && asked) {
			cJSON_AddItemToObject(doc, src->json_key, rows_json(m, src));
		}
	}
	if (m->andon) {
		cJSON_AddItemToObject(doc, "andon", andon_json(m, now));
	}
	text = cJSON_PrintUnformatted(doc);
	strbuf_puts(out, text ? text : "{}");
	strbuf_putc(out, '\n');
	free(text);
	cJSON_Delete(doc);
}
