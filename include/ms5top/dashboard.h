/*
 * Dashboards: JSON files that place panels on a 24-column grid (like
 * Grafana's gridPos) and say what each panel queries. The built-in floor,
 * ops and exec dashboards are compiled in; a file in the config directory
 * or --dashboard FILE overrides them. Loading is a pure function from bytes
 * to a struct dashboard; the first error is named with its JSON path:
 *   "panels[3].targets[0].expr: missing"
 *   "panels[1].kind: 'pie' is not a panel kind (line_board, andon_feed, ...)"
 *
 * The format:
 *   { "title": "Floor", "refresh": "5s", "range": "8h",
 *     "panels": [
 *       { "kind": "stat", "title": "Plant OEE",
 *         "grid": { "x": 0, "y": 0, "w": 6, "h": 6 },
 *         "unit": "percent", "decimals": 1,
 *         "thresholds": [ { "role": "crit" }, { "value": 0.6, "role": "warn" },
 *                         { "value": 0.85, "role": "ok" } ],
 *         "targets": [ { "id": "value", "expr": "plant:ms5_oee:ratio_rate8h" },
 *                      { "id": "trend", "expr": "plant:ms5_oee:ratio_rate1h", "range": true } ] } ] }
 */
#ifndef MS5TOP_DASHBOARD_H
#define MS5TOP_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/err.h"

#define DASH_GRID_COLS 24
#define DASH_MAX_PANELS 64
#define DASH_MAX_TARGETS 40
#define DASH_MAX_THRESHOLDS 8
#define DASH_MAX_COLUMNS 12
#define DASH_MAX_FILE ((size_t)1024 * 1024)

struct panel_class;
struct source_type;
struct cJSON;

/* How a value is shown. */
enum dash_unit {
	UNIT_NONE = 0,   /* a plain number */
	UNIT_PERCENT,    /* a fraction 0..1 shown as % */
	UNIT_PERCENT100, /* already 0..100, shown as % */
	UNIT_SECONDS,    /* a duration */
	UNIT_TIMESTAMP,  /* Unix seconds, shown relative to now ("in 3h12m") */
	UNIT_UNITS,      /* produced units */
	UNIT_PER_HOUR,   /* a rate per hour */
	UNIT_PER_SECOND, /* a rate per second */
	UNIT_KWH,
	UNIT_USD,
	UNIT_CELSIUS,
	UNIT_MM_S,       /* vibration, mm/s */
	UNIT_BYTES,
	UNIT_COUNT,
};

struct dash_target {
	char *id;        /* what the panel calls it: "value", "trend", "oee", ... */
	const struct source_type *source;  /* "source": a registry name; default prometheus */
	char *expr;      /* the source's query (PromQL for Prometheus); NULL if it takes none */
	bool range;      /* a range query over the dashboard's range */
	char *legend;    /* "{{line_id}}" template for series names, or NULL */
	bool implicit;   /* added by the panel's class, not written in the file */
};

struct dash_threshold {
	double value;    /* applies from this value up; -INFINITY for the base step */
	char *role;      /* a canvas style role name: "ok", "warn", "crit", ... */
};

struct dash_panel {
	const struct panel_class *klass;  /* "kind" */
	char *title;
	int x, y, w, h;  /* grid cells: x and w over 24 columns, y and h in rows */
	enum dash_unit unit;
	int decimals;    /* -1: automatic */
	double min, max; /* gauge and chart bounds; NAN: automatic */
	bool compact;    /* one line per item, where the kind has a compact form */
	char *key;       /* the label that joins targets into rows (table, equipment) */
	struct dash_target targets[DASH_MAX_TARGETS];
	size_t n_targets;
	struct dash_threshold thresholds[DASH_MAX_THRESHOLDS];
	size_t n_thresholds;
	void *opts;      /* the class's own options (its parse hook's struct), or NULL */
};

struct dashboard {
	char *title;
	double refresh;  /* seconds */
	double range;    /* seconds */
	struct dash_panel *panels;
	size_t n_panels;
};

/* Parses a dashboard. name is used in errors (a file name or "built-in
 * floor"). On failure returns false with err naming the path of the first
 * problem; *out must still be finished. */
bool dashboard_parse(const char *json, size_t len, const char *name,
	struct dashboard *out, struct ms5_error *err);
void dashboard_finish(struct dashboard *d);

/* The compiled-in default for a role name ("floor", "ops", "exec"), or NULL. */
const char *dashboard_builtin(const char *role);

/* The target of a panel with this id, or NULL. */
const struct dash_target *dash_panel_target(const struct dash_panel *p, const char *id);

/* ---- For the parse hooks of panel classes ------------------------------
 * A hook reads its kind's own options from the panel's JSON object with
 * these; each names the JSON path in its error ("panels[2].columns[0].title:
 * missing") and returns false after filling the error. */
struct dash_walk;
bool dash_fail(struct dash_walk *w, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Pushes ".field[i]"-style text onto the path; returns what dash_pop takes. */
size_t dash_push(struct dash_walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dash_pop(struct dash_walk *w, size_t old);
bool dash_get_string(struct dash_walk *w, const struct cJSON *obj, const char *field,
	bool required, char **out);
bool dash_get_number(struct dash_walk *w, const struct cJSON *obj, const char *field,
	double lo, double hi, double *out);
bool dash_get_int(struct dash_walk *w, const struct cJSON *obj, const char *field, int lo,
	int hi, bool required, int *out);
bool dash_get_bool(struct dash_walk *w, const struct cJSON *obj, const char *field, bool *out);
bool dash_get_duration(struct dash_walk *w, const struct cJSON *obj, const char *field,
	double *out);
bool dash_get_unit(struct dash_walk *w, const struct cJSON *obj, const char *field,
	enum dash_unit *out);
/* An array member of at most max entries; *out NULL when absent and not required. */
bool dash_get_array(struct dash_walk *w, const struct cJSON *obj, const char *field,
	bool required, size_t max, const struct cJSON **out);
/* Adds a Prometheus target to p; false when the panel is full. */
bool dash_add_target(struct dash_panel *p, const char *id, const char *expr, bool range);

/* Parses a Prometheus-style duration: "30s", "5m", "1h30m", "7d", "2w",
 * also a plain number of seconds. Returns false for anything else or for a
 * duration that is not positive. */
bool duration_parse(const char *s, double *seconds);

#endif
