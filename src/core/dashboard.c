/*
 * Loading and validating dashboard files. See dashboard.h.
 *
 * The loader walks the JSON once with a path buffer ("panels[3].grid.w") so
 * that every error names where it is. Each panel kind declares, in one
 * table, the targets it needs; a dashboard that lacks one is refused at
 * load time instead of drawing an empty panel later.
 */
#include "ms5top/dashboard.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/json.h"
#include "ms5top/panel.h"
#include "ms5top/source.h"
#include "ms5top/strbuf.h"
#include "ms5top/xalloc.h"

static const char *const unit_names[] = {
	[UNIT_NONE] = "none", [UNIT_PERCENT] = "percent", [UNIT_PERCENT100] = "percent100",
	[UNIT_SECONDS] = "seconds", [UNIT_TIMESTAMP] = "timestamp", [UNIT_UNITS] = "units",
	[UNIT_PER_HOUR] = "per_hour", [UNIT_PER_SECOND] = "per_second", [UNIT_KWH] = "kwh",
	[UNIT_USD] = "usd", [UNIT_CELSIUS] = "celsius", [UNIT_MM_S] = "mm_s",
	[UNIT_BYTES] = "bytes", [UNIT_COUNT] = "count",
};

#include "dashboards.inc"   /* builtin_floor, builtin_ops, builtin_exec */

const char *dashboard_builtin(const char *role)
{
	if (strcmp(role, "floor") == 0) {
		return builtin_floor;
	}
	if (strcmp(role, "ops") == 0) {
		return builtin_ops;
	}
	if (strcmp(role, "exec") == 0) {
		return builtin_exec;
	}
	return NULL;
}

const struct dash_target *dash_panel_target(const struct dash_panel *p, const char *id)
{
	for (size_t i = 0; i < p->n_targets; i++) {
		if (strcmp(p->targets[i].id, id) == 0) {
			return &p->targets[i];
		}
	}
	return NULL;
}

bool duration_parse(const char *s, double *seconds)
{
	static const struct { char unit; double mult; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 604800 },
	};
	double total = 0;
	const char *p = s;

	if (!s || !*s) {
		return false;
	}
	while (*p) {
		double n = 0;
		const char *start = p;
		size_t u;

		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (*p++ - '0');
			if (n > 1e9) {
				return false;
			}
		}
		if (p == start) {
			return false;
		}
		if (!*p && start == s) {
			total = n;   /* A plain number of seconds. */
			break;
		}
		if (p[0] == 'm' && p[1] == 's') {
			total += n / 1000.0;
			p += 2;
			continue;
		}
		for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
			if (*p == units[u].unit) {
				break;
			}
		}
		if (u == sizeof(units) / sizeof(units[0])) {
			return false;
		}
		total += n * units[u].mult;
		p++;
	}
	if (!(total > 0)) {
		return false;
	}
	*seconds = total;
	return true;
}

/* ---- The walker --------------------------------------------------------- */

struct dash_walk {
	const char *name;
	char path[160];
	struct ms5_error *err;
};

bool dash_fail(struct dash_walk *w, const char *field, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ms5_error_set(w->err, "%s: %s%s%s: %s", w->name, w->path,
		*w->path && field && *field ? "." : "", field ? field : "", msg);
}

/* Pushes "[i]" or ".name" onto the path; returns the old length to pop to. */
size_t dash_push(struct dash_walk *w, const char *fmt, ...)
{
	size_t old = strlen(w->path);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->path + old, sizeof(w->path) - old, fmt, ap);
	va_end(ap);
	return old;
}

void dash_pop(struct dash_walk *w, size_t old)
{
	w->path[old] = '\0';
}

/* An optional string member; a present non-string is an error. */
bool dash_get_string(struct dash_walk *w, const struct cJSON *obj, const char *field, bool required,
	char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	if (!v || cJSON_IsNull(v)) {
		return required ? dash_fail(w, field, "missing") : true;
	}
	if (!cJSON_IsString(v)) {
		return dash_fail(w, field, "must be a string");
	}
	if (required && !v->valuestring[0]) {
		return dash_fail(w, field, "empty");
	}
	*out = xstrdup(v->valuestring);
	return true;
}

bool dash_get_number(struct dash_walk *w, const struct cJSON *obj, const char *field, double lo,
	double hi, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	if (!v) {
		return true;
	}
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
		return dash_fail(w, field, "must be a number");
	}
	if (v->valuedouble < lo || v->valuedouble > hi) {
		return dash_fail(w, field, "%g is outside %g..%g", v->valuedouble, lo, hi);
	}
	*out = v->valuedouble;
	return true;
}

bool dash_get_int(struct dash_walk *w, const struct cJSON *obj, const char *field, int lo, int hi,
	bool required, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);
	double d = NAN;

	if (!v) {
		return required ? dash_fail(w, field, "missing") : true;
	}
	if (!dash_get_number(w, obj, field, lo, hi, &d)) {
		return false;
	}
	if (d != floor(d)) {
		return dash_fail(w, field, "must be a whole number");
	}
	*out = (int)d;
	return true;
}

bool dash_get_bool(struct dash_walk *w, const struct cJSON *obj, const char *field, bool *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	if (!v) {
		return true;
	}
	if (!cJSON_IsBool(v)) {
		return dash_fail(w, field, "must be true or false");
	}
	*out = cJSON_IsTrue(v);
	return true;
}

bool dash_get_duration(struct dash_walk *w, const struct cJSON *obj, const char *field, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	if (!v) {
		return true;
	}
	if (cJSON_IsNumber(v) && v->valuedouble > 0 && v->valuedouble < 1e9) {
		*out = v->valuedouble;
		return true;
	}
	if (!cJSON_IsString(v) || !duration_parse(v->valuestring, out)) {
		return dash_fail(w, field, "must be a duration such as \"30s\", \"5m\", \"8h\" or \"7d\"");
	}
	return true;
}

/* The unit names in the order the docs list them: none comes last. */
static void unit_error(struct dash_walk *w, const char *field, const char *name)
{
	struct strbuf list;
	size_t n = sizeof(unit_names) / sizeof(unit_names[0]);

	strbuf_init(&list, 0);
	for (size_t i = 1; i <= n; i++) {
		strbuf_printf(&list, "%s%s", i > 1 ? ", " : "", unit_names[i % n]);
	}
	dash_fail(w, field, "'%.40s' is not a unit (%s)", name, strbuf_str(&list));
	strbuf_finish(&list);
}

bool dash_get_unit(struct dash_walk *w, const struct cJSON *obj, const char *field, enum dash_unit *out)
{
	char *name = NULL;

	if (!dash_get_string(w, obj, field, false, &name)) {
		return false;
	}
	if (!name) {
		return true;
	}
	for (size_t i = 0; i < sizeof(unit_names) / sizeof(unit_names[0]); i++) {
		if (strcmp(name, unit_names[i]) == 0) {
			*out = (enum dash_unit)i;
			free(name);
			return true;
		}
	}
	unit_error(w, field, name);
	free(name);
	return false;
}

/* Fetches an array member; a missing one is fine unless required. */
bool dash_get_array(struct dash_walk *w, const struct cJSON *obj, const char *field, bool required,
	size_t max, const struct cJSON **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	*out = NULL;
	if (!v) {
		return required ? dash_fail(w, field, "missing") : true;
	}
	if (!cJSON_IsArray(v)) {
		return dash_fail(w, field, "must be an array");
	}
	if ((size_t)cJSON_GetArraySize(v) > max) {
		return dash_fail(w, field, "more than %zu entries", max);
	}
	*out = v;
	return true;
}

static bool parse_target(struct dash_walk *w, const cJSON *t, struct dash_target *out)
{
	char *source = NULL;

	if (!cJSON_IsObject(t)) {
		return dash_fail(w, NULL, "must be an object");
	}
	if (!dash_get_string(w, t, "id", true, &out->id) ||
		!dash_get_string(w, t, "source", false, &source)) {
		return false;
	}
	out->source = source ? source_find(source) : source_types[0];
	if (!out->source) {
		dash_fail(w, "source", "'%.40s' is not a source (%s)", source, source_names());
		free(source);
		return false;
	}
	free(source);
	if (!dash_get_string(w, t, "expr", out->source->needs_expr, &out->expr) ||
		!dash_get_bool(w, t, "range", &out->range) ||
		!dash_get_string(w, t, "legend", false, &out->legend)) {
		return false;
	}
	if (out->range && !out->source->takes_range) {
		return dash_fail(w, "range", "%s has no range queries", out->source->name);
	}
	return true;
}

bool dash_add_target(struct dash_panel *p, const char *id, const char *expr, bool range)
{
	struct dash_target *t = &p->targets[p->n_targets];

	if (p->n_targets == DASH_MAX_TARGETS) {
		return false;
	}
	t->id = xstrdup(id);
	t->source = source_types[0];
	t->expr = expr ? xstrdup(expr) : NULL;
	t->range = range;
	p->n_targets++;
	return true;
}

static bool parse_role(struct dash_walk *w, const struct cJSON *obj, char **out)
{
	static const char *const roles[] = { "ok", "warn", "crit", "info", "dim", "value",
		"stale", "error" };

	if (!dash_get_string(w, obj, "role", true, out)) {
		return false;
	}
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(*out, roles[i]) == 0) {
			return true;
		}
	}
	return dash_fail(w, "role", "'%.40s' is not one of ok, warn, crit, info, dim, value, stale, error",
		*out);
}

static bool parse_targets(struct dash_walk *w, const cJSON *obj, struct dash_panel *p)
{
	const struct panel_class *k = p->klass;
	const cJSON *arr, *item;
	size_t i = 0;

	if (!dash_get_array(w, obj, "targets", false, DASH_MAX_TARGETS, &arr)) {
		return false;
	}
	cJSON_ArrayForEach(item, arr) {
		size_t old = dash_push(w, ".targets[%zu]", i);

		if (!parse_target(w, item, &p->targets[i])) {
			p->n_targets = i + 1;
			return false;
		}
		p->n_targets = ++i;
		if (k->all_range) {
			p->targets[i - 1].range = p->targets[i - 1].source->takes_range;
		}
		for (size_t j = 0; j + 1 < i; j++) {
			if (strcmp(p->targets[j].id, p->targets[i - 1].id) == 0) {
				return dash_fail(w, "id", "'%.40s' is used twice in this panel", p->targets[j].id);
			}
		}
		dash_pop(w, old);
	}
	for (size_t r = 0; k->required && k->required[r]; r++) {
		if (!dash_panel_target(p, k->required[r])) {
			return dash_fail(w, "targets", "a %s panel needs a target with id \"%s\"", k->name,
				k->required[r]);
		}
	}
	if (k->any_target && p->n_targets == 0) {
		return dash_fail(w, "targets", "a %s panel needs at least one target", k->name);
	}
	if (k->implicit.id && !dash_panel_target(p, k->implicit.id)) {
		struct dash_target *t = &p->targets[p->n_targets];

		if (p->n_targets == DASH_MAX_TARGETS) {
			return dash_fail(w, "targets", "more than %d entries", DASH_MAX_TARGETS - 1);
		}
		t->id = xstrdup(k->implicit.id);
		t->source = k->implicit.source;
		t->implicit = true;
		p->n_targets++;
	}
	return true;
}

static bool parse_thresholds(struct dash_walk *w, const cJSON *obj, struct dash_panel *p)
{
	const cJSON *arr, *item;
	size_t i = 0;

	if (!dash_get_array(w, obj, "thresholds", false, DASH_MAX_THRESHOLDS, &arr)) {
		return false;
	}
	cJSON_ArrayForEach(item, arr) {
		struct dash_threshold *t = &p->thresholds[i];
		size_t old = dash_push(w, ".thresholds[%zu]", i);

		t->value = -INFINITY;
		if (!cJSON_IsObject(item)) {
			return dash_fail(w, NULL, "must be an object with value and role");
		}
		p->n_thresholds = ++i;
		if (!dash_get_number(w, item, "value", -1e300, 1e300, &t->value) ||
			!parse_role(w, item, &t->role)) {
			return false;
		}
		if (i > 1 && !(t->value > p->thresholds[i - 2].value)) {
			return dash_fail(w, "value", "thresholds must rise from one step to the next");
		}
		dash_pop(w, old);
	}
	return true;
}

static bool parse_grid(struct dash_walk *w, const cJSON *obj, struct dash_panel *p)
{
	const cJSON *grid = cJSON_GetObjectItemCaseSensitive(obj, "grid");
	size_t old;

	if (!grid) {
		return dash_fail(w, "grid", "missing");
	}
	if (!cJSON_IsObject(grid)) {
		return dash_fail(w, "grid", "must be an object with x, y, w, h");
	}
	old = dash_push(w, ".grid");
	if (!dash_get_int(w, grid, "x", 0, DASH_GRID_COLS - 1, true, &p->x) ||
		!dash_get_int(w, grid, "y", 0, 999, true, &p->y) ||
		!dash_get_int(w, grid, "w", 1, DASH_GRID_COLS, true, &p->w) ||
		!dash_get_int(w, grid, "h", 1, 100, true, &p->h)) {
		return false;
	}
	if (p->x + p->w > DASH_GRID_COLS) {
		return dash_fail(w, "w", "x + w is %d, past the %d grid columns", p->x + p->w,
			DASH_GRID_COLS);
	}
	dash_pop(w, old);
	return true;
}

/* The fields every panel has; then the class reads its own. */
static bool parse_panel(struct dash_walk *w, const cJSON *obj, struct dash_panel *p)
{
	char *kind = NULL;

	p->decimals = -1;
	p->min = p->max = NAN;
	if (!cJSON_IsObject(obj)) {
		return dash_fail(w, NULL, "must be an object");
	}
	if (!dash_get_string(w, obj, "kind", true, &kind)) {
		return false;
	}
	p->klass = panel_class_find(kind);
	if (!p->klass) {
		dash_fail(w, "kind", "'%.40s' is not a panel kind (%s)", kind, panel_class_names());
		free(kind);
		return false;
	}
	free(kind);
	if (!dash_get_string(w, obj, "title", false, &p->title)) {
		return false;
	}
	if (!p->title) {
		p->title = xstrdup("");
	}
	return parse_grid(w, obj, p) &&
		dash_get_unit(w, obj, "unit", &p->unit) &&
		dash_get_int(w, obj, "decimals", 0, 6, false, &p->decimals) &&
		dash_get_number(w, obj, "min", -1e300, 1e300, &p->min) &&
		dash_get_number(w, obj, "max", -1e300, 1e300, &p->max) &&
		dash_get_bool(w, obj, "compact", &p->compact) &&
		dash_get_string(w, obj, "key", false, &p->key) &&
		parse_targets(w, obj, p) &&
		parse_thresholds(w, obj, p) &&
		(!p->klass->parse || p->klass->parse(w, obj, p));
}

bool dashboard_parse(const char *json, size_t len, const char *name,
	struct dashboard *out, struct ms5_error *err)
{
	struct dash_walk w = { .name = name, .path = "", .err = err };
	const cJSON *panels, *item;
	struct json_result jr;
	cJSON *root;
	size_t i = 0;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	out->refresh = 15;
	out->range = 3600;
	if (len > DASH_MAX_FILE) {
		return ms5_error_set(err, "%s: larger than %zu bytes", name, DASH_MAX_FILE);
	}
	root = json_parse(json, len, DASH_MAX_FILE, JSON_UTF8_REFUSE, &jr);
	if (!root) {
		bool syntax = jr.status == JSON_SYNTAX || jr.status == JSON_EMPTY;

		return ms5_error_set(err, "%s: line %zu: %s%s", name, json_line(json, len, jr.offset),
			syntax ? "not valid JSON" : "the document ",
			syntax ? "" : json_status_text(jr.status));
	}
	if (!cJSON_IsObject(root)) {
		dash_fail(&w, NULL, "the document must be a JSON object");
		goto out;
	}
	if (!dash_get_string(&w, root, "title", false, &out->title) ||
		!dash_get_duration(&w, root, "refresh", &out->refresh) ||
		!dash_get_duration(&w, root, "range", &out->range) ||
		!dash_get_array(&w, root, "panels", true, DASH_MAX_PANELS, &panels)) {
		goto out;
	}
	if (!out->title) {
		out->title = xstrdup(name);
	}
	if (out->refresh < 1) {
		dash_fail(&w, "refresh", "must be at least 1 s");
		goto out;
	}
	out->panels = xcalloc((size_t)cJSON_GetArraySize(panels) + 1, sizeof(*out->panels));
	cJSON_ArrayForEach(item, panels) {
		size_t old = dash_push(&w, "panels[%zu]", i);

		out->n_panels = i + 1;
		if (!parse_panel(&w, item, &out->panels[i])) {
			goto out;
		}
		dash_pop(&w, old);
		i++;
	}
	if (out->n_panels == 0) {
		dash_fail(&w, "panels", "empty");
		goto out;
	}
	ok = true;
out:
	cJSON_Delete(root);
	return ok;
}

void dashboard_finish(struct dashboard *d)
{
	for (size_t i = 0; i < d->n_panels; i++) {
		struct dash_panel *p = &d->panels[i];

		if (p->klass && p->klass->finish) {
			p->klass->finish(p);
		}
		free(p->title);
		free(p->key);
		for (size_t j = 0; j < p->n_targets; j++) {
			free(p->targets[j].id);
			free(p->targets[j].expr);
			free(p->targets[j].legend);
		}
		for (size_t j = 0; j < p->n_thresholds; j++) {
			free(p->thresholds[j].role);
		}
	}
	free(d->panels);
	free(d->title);
	memset(d, 0, sizeof(*d));
}
