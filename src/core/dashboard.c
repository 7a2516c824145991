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
#include "ms5top/xalloc.h"

struct kind_info {
	const char *name;
	const char *required[4];   /* target ids the panel cannot draw without */
	bool any_target;           /* needs at least one target, any id */
	bool all_range;            /* every target is a range query */
};

static const struct kind_info kinds[PANEL_KIND_COUNT] = {
	[PANEL_LINE_BOARD] = { "line_board", { "status" }, false, false },
	[PANEL_ANDON_FEED] = { "andon_feed", { NULL }, false, false },
	[PANEL_STAT] = { "stat", { "value" }, false, false },
	[PANEL_GAUGE] = { "gauge", { "value" }, false, false },
	[PANEL_TIMESERIES] = { "timeseries", { NULL }, true, true },
	[PANEL_TABLE] = { "table", { NULL }, true, false },
	[PANEL_SLO_BOARD] = { "slo_board", { NULL }, false, false },
	[PANEL_ALERTS] = { "alerts", { NULL }, false, false },
	[PANEL_EQUIPMENT] = { "equipment", { "status" }, false, false },
	[PANEL_MAINTENANCE] = { "maintenance", { "due" }, false, false },
};

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

const char *panel_kind_name(enum panel_kind k)
{
	return k < PANEL_KIND_COUNT ? kinds[k].name : "?";
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

struct walk {
	const char *name;
	char path[160];
	struct ms5_error *err;
};

static bool fail(struct walk *w, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct walk *w, const char *field, const char *fmt, ...)
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
static size_t push(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t push(struct walk *w, const char *fmt, ...)
{
	size_t old = strlen(w->path);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->path + old, sizeof(w->path) - old, fmt, ap);
	va_end(ap);
	return old;
}

static void pop(struct walk *w, size_t old)
{
	w->path[old] = '\0';
}

/* An optional string member; a present non-string is an error. */
static bool get_string(struct walk *w, const cJSON *obj, const char *field, bool required,
	char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	if (!v || cJSON_IsNull(v)) {
		return required ? fail(w, field, "missing") : true;
	}
	if (!cJSON_IsString(v)) {
		return fail(w, field, "must be a string");
	}
	if (required && !v->valuestring[0]) {
		return fail(w, field, "empty");
	}
	*out = xstrdup(v->valuestring);
	return true;
}

static bool get_number(struct walk *w, const cJSON *obj, const char *field, double lo,
	double hi, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	if (!v) {
		return true;
	}
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
		return fail(w, field, "must be a number");
	}
	if (v->valuedouble < lo || v->valuedouble > hi) {
		return fail(w, field, "%g is outside %g..%g", v->valuedouble, lo, hi);
	}
	*out = v->valuedouble;
	return true;
}

static bool get_int(struct walk *w, const cJSON *obj, const char *field, int lo, int hi,
	bool required, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);
	double d = NAN;

	if (!v) {
		return required ? fail(w, field, "missing") : true;
	}
	if (!get_number(w, obj, field, lo, hi, &d)) {
		return false;
	}
	if (d != floor(d)) {
		return fail(w, field, "must be a whole number");
	}
	*out = (int)d;
	return true;
}

static bool get_bool(struct walk *w, const cJSON *obj, const char *field, bool *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	if (!v) {
		return true;
	}
	if (!cJSON_IsBool(v)) {
		return fail(w, field, "must be true or false");
	}
	*out = cJSON_IsTrue(v);
	return true;
}

static bool get_duration(struct walk *w, const cJSON *obj, const char *field, double *out)
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
		return fail(w, field, "must be a duration such as \"30s\", \"5m\", \"8h\" or \"7d\"");
	}
	return true;
}

static bool get_unit(struct walk *w, const cJSON *obj, const char *field, enum dash_unit *out)
{
	char *name = NULL;

	if (!get_string(w, obj, field, false, &name)) {
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
	fail(w, field, "'%.40s' is not a unit (percent, percent100, seconds, timestamp, units, "
		"per_hour, per_second, kwh, usd, celsius, mm_s, bytes, count, none)", name);
	free(name);
	return false;
}

/* Fetches an array member; a missing one is fine unless required. */
static bool get_array(struct walk *w, const cJSON *obj, const char *field, bool required,
	size_t max, const cJSON **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	*out = NULL;
	if (!v) {
		return required ? fail(w, field, "missing") : true;
	}
	if (!cJSON_IsArray(v)) {
		return fail(w, field, "must be an array");
	}
	if ((size_t)cJSON_GetArraySize(v) > max) {
		return fail(w, field, "more than %zu entries", max);
	}
	*out = v;
	return true;
}

static bool parse_target(struct walk *w, const cJSON *t, struct dash_target *out)
{
	if (!cJSON_IsObject(t)) {
		return fail(w, NULL, "must be an object");
	}
	return get_string(w, t, "id", true, &out->id) &&
		get_string(w, t, "expr", true, &out->expr) &&
		get_bool(w, t, "range", &out->range) &&
		get_string(w, t, "legend", false, &out->legend);
}

static bool add_target(struct dash_panel *p, const char *id, const char *expr, bool range)
{
	if (p->n_targets == DASH_MAX_TARGETS) {
		return false;
	}
	p->targets[p->n_targets].id = xstrdup(id);
	p->targets[p->n_targets].expr = xstrdup(expr);
	p->targets[p->n_targets].range = range;
	p->n_targets++;
	return true;
}

static bool parse_slos(struct walk *w, const cJSON *panel, struct dash_panel *p)
{
	static const char *const fields[] = { "sli", "budget", "burn1h", "burn6h" };
	const cJSON *slos, *s;
	size_t i = 0;

	if (!get_array(w, panel, "slos", true, DASH_MAX_SLOS, &slos)) {
		return false;
	}
	if (cJSON_GetArraySize(slos) == 0) {
		return fail(w, "slos", "empty");
	}
	cJSON_ArrayForEach(s, slos) {
		size_t old = push(w, ".slos[%zu]", i);
		struct dash_slo *slo = &p->slos[i];

		slo->objective = NAN;
		slo->window = NAN;
		/* Counted before its fields are read, so that dashboard_finish
		 * frees what a half-read SLO holds. */
		p->n_slos = ++i;
		if (!cJSON_IsObject(s)) {
			return fail(w, NULL, "must be an object");
		}
		if (!get_string(w, s, "name", true, &slo->name) ||
			!get_number(w, s, "objective", 0, 1, &slo->objective) ||
			!get_duration(w, s, "window", &slo->window)) {
			return false;
		}
		if (isnan(slo->objective) || slo->objective <= 0 || slo->objective >= 1) {
			return fail(w, "objective", "must be a fraction between 0 and 1, such as 0.999");
		}
		for (size_t f = 0; f < 4; f++) {
			char *expr = NULL, id[16];

			if (!get_string(w, s, fields[f], true, &expr)) {
				return false;
			}
			snprintf(id, sizeof(id), "%s%zu", fields[f], i - 1);
			if (!add_target(p, id, expr, false)) {
				free(expr);
				return fail(w, NULL, "too many queries in one panel");
			}
			free(expr);
		}
		pop(w, old);
	}
	return true;
}

static bool parse_role(struct walk *w, const cJSON *obj, char **out)
{
	static const char *const roles[] = { "ok", "warn", "crit", "info", "dim", "value",
		"stale", "error" };

	if (!get_string(w, obj, "role", true, out)) {
		return false;
	}
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(*out, roles[i]) == 0) {
			return true;
		}
	}
	return fail(w, "role", "'%.40s' is not one of ok, warn, crit, info, dim, value, stale, error",
		*out);
}

static bool parse_panel(struct walk *w, const cJSON *obj, struct dash_panel *p)
{
	const struct kind_info *k = NULL;
	const cJSON *grid, *arr, *item;
	char *kind = NULL;
	size_t i, old;

	p->decimals = -1;
	p->min = p->max = NAN;
	p->sort_column = -1;
	if (!cJSON_IsObject(obj)) {
		return fail(w, NULL, "must be an object");
	}
	if (!get_string(w, obj, "kind", true, &kind)) {
		return false;
	}
	for (i = 0; i < PANEL_KIND_COUNT; i++) {
		if (strcmp(kind, kinds[i].name) == 0) {
			k = &kinds[i];
			p->kind = (enum panel_kind)i;
		}
	}
	if (!k) {
		fail(w, "kind", "'%.40s' is not a panel kind (line_board, andon_feed, stat, gauge, "
			"timeseries, table, slo_board, alerts, equipment, maintenance)", kind);
		free(kind);
		return false;
	}
	free(kind);
	if (!get_string(w, obj, "title", false, &p->title)) {
		return false;
	}
	if (!p->title) {
		p->title = xstrdup("");
	}

	grid = cJSON_GetObjectItemCaseSensitive(obj, "grid");
	if (!grid) {
		return fail(w, "grid", "missing");
	}
	if (!cJSON_IsObject(grid)) {
		return fail(w, "grid", "must be an object with x, y, w, h");
	}
	old = push(w, ".grid");
	if (!get_int(w, grid, "x", 0, DASH_GRID_COLS - 1, true, &p->x) ||
		!get_int(w, grid, "y", 0, 999, true, &p->y) ||
		!get_int(w, grid, "w", 1, DASH_GRID_COLS, true, &p->w) ||
		!get_int(w, grid, "h", 1, 100, true, &p->h)) {
		return false;
	}
	if (p->x + p->w > DASH_GRID_COLS) {
		return fail(w, "w", "x + w is %d, past the %d grid columns", p->x + p->w, DASH_GRID_COLS);
	}
	pop(w, old);

	if (!get_unit(w, obj, "unit", &p->unit) ||
		!get_int(w, obj, "decimals", 0, 6, false, &p->decimals) ||
		!get_number(w, obj, "min", -1e300, 1e300, &p->min) ||
		!get_number(w, obj, "max", -1e300, 1e300, &p->max) ||
		!get_bool(w, obj, "compact", &p->compact) ||
		!get_string(w, obj, "key", false, &p->key) ||
		!get_bool(w, obj, "sort_desc", &p->sort_desc) ||
		!get_int(w, obj, "sort_column", 0, DASH_MAX_COLUMNS - 1, false, &p->sort_column)) {
		return false;
	}

	if (!get_array(w, obj, "targets", false, DASH_MAX_TARGETS, &arr)) {
		return false;
	}
	i = 0;
	cJSON_ArrayForEach(item, arr) {
		old = push(w, ".targets[%zu]", i);
		if (!parse_target(w, item, &p->targets[i])) {
			p->n_targets = i + 1;
			return false;
		}
		p->n_targets = ++i;
		if (k->all_range) {
			p->targets[i - 1].range = true;
		}
		for (size_t j = 0; j + 1 < i; j++) {
			if (strcmp(p->targets[j].id, p->targets[i - 1].id) == 0) {
				return fail(w, "id", "'%.40s' is used twice in this panel", p->targets[j].id);
			}
		}
		pop(w, old);
	}
	if (p->kind == PANEL_SLO_BOARD && !parse_slos(w, obj, p)) {
		return false;
	}
	for (size_t r = 0; r < 4 && k->required[r]; r++) {
		if (!dash_panel_target(p, k->required[r])) {
			return fail(w, "targets", "a %s panel needs a target with id \"%s\"", k->name,
				k->required[r]);
		}
	}
	if (k->any_target && p->n_targets == 0) {
		return fail(w, "targets", "a %s panel needs at least one target", k->name);
	}

	if (!get_array(w, obj, "thresholds", false, DASH_MAX_THRESHOLDS, &arr)) {
		return false;
	}
	i = 0;
	cJSON_ArrayForEach(item, arr) {
		struct dash_threshold *t = &p->thresholds[i];

		old = push(w, ".thresholds[%zu]", i);
		t->value = -INFINITY;
		if (!cJSON_IsObject(item)) {
			return fail(w, NULL, "must be an object with value and role");
		}
		p->n_thresholds = ++i;
		if (!get_number(w, item, "value", -1e300, 1e300, &t->value) || !parse_role(w, item, &t->role)) {
			return false;
		}
		if (i > 1 && !(t->value > p->thresholds[i - 2].value)) {
			return fail(w, "value", "thresholds must rise from one step to the next");
		}
		pop(w, old);
	}

	if (!get_array(w, obj, "columns", p->kind == PANEL_TABLE, DASH_MAX_COLUMNS, &arr)) {
		return false;
	}
	i = 0;
	cJSON_ArrayForEach(item, arr) {
		struct dash_column *c = &p->columns[i];

		old = push(w, ".columns[%zu]", i);
		if (!cJSON_IsObject(item)) {
			return fail(w, NULL, "must be an object");
		}
		p->n_columns = ++i;
		if (!get_string(w, item, "title", true, &c->title) ||
			!get_string(w, item, "label", false, &c->label) ||
			!get_string(w, item, "target", false, &c->target) ||
			!get_unit(w, item, "unit", &c->unit)) {
			return false;
		}
		if (!c->label == !c->target) {
			return fail(w, NULL, "a column takes either \"label\" or \"target\"");
		}
		if (c->target && !dash_panel_target(p, c->target)) {
			return fail(w, "target", "no target with id \"%.40s\" in this panel", c->target);
		}
		pop(w, old);
	}
	if (p->kind == PANEL_TABLE && p->n_columns == 0) {
		return fail(w, "columns", "empty");
	}
	if (p->kind == PANEL_TABLE && p->n_targets > 1 && !p->key) {
		return fail(w, "key", "a table with several targets needs the label that joins them");
	}
	if (p->sort_column >= 0 && (size_t)p->sort_column >= p->n_columns) {
		return fail(w, "sort_column", "there are only %zu columns", p->n_columns);
	}
	return true;
}

bool dashboard_parse(const char *json, size_t len, const char *name,
	struct dashboard *out, struct ms5_error *err)
{
	struct walk w = { .name = name, .path = "", .err = err };
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
		fail(&w, NULL, "the document must be a JSON object");
		goto out;
	}
	if (!get_string(&w, root, "title", false, &out->title) ||
		!get_duration(&w, root, "refresh", &out->refresh) ||
		!get_duration(&w, root, "range", &out->range) ||
		!get_array(&w, root, "panels", true, DASH_MAX_PANELS, &panels)) {
		goto out;
	}
	if (!out->title) {
		out->title = xstrdup(name);
	}
	if (out->refresh < 1) {
		fail(&w, "refresh", "must be at least 1 s");
		goto out;
	}
	out->panels = xcalloc((size_t)cJSON_GetArraySize(panels) + 1, sizeof(*out->panels));
	cJSON_ArrayForEach(item, panels) {
		size_t old = push(&w, "panels[%zu]", i);

		out->n_panels = i + 1;
		if (!parse_panel(&w, item, &out->panels[i])) {
			goto out;
		}
		pop(&w, old);
		i++;
	}
	if (out->n_panels == 0) {
		fail(&w, "panels", "empty");
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
		for (size_t j = 0; j < p->n_columns; j++) {
			free(p->columns[j].title);
			free(p->columns[j].label);
			free(p->columns[j].target);
		}
		for (size_t j = 0; j < p->n_slos; j++) {
			free(p->slos[j].name);
		}
	}
	free(d->panels);
	free(d->title);
	memset(d, 0, sizeof(*d));
}
