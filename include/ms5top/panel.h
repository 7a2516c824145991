/*
 * Panels: each kind draws model data into a rectangle of the canvas, at any
 * size down to its declared minimum. One file per kind (src/core/panel_*.c),
 * each exporting one `const struct panel_class`; this module holds the table
 * and the frame every panel shares: the box with its title, the data state
 * (loading, stale with its age, failing with its error) and the dimming of
 * stale data. A panel never goes blank: without data it says why.
 *
 * Panels are pure: model and time in, cells out.
 */
#ifndef MS5TOP_PANEL_H
#define MS5TOP_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/canvas.h"
#include "ms5top/dashboard.h"
#include "ms5top/model.h"

/* What the user did to a panel (owned by the front end). */
struct panel_view {
	int scroll;          /* first row shown in lists */
	int sort_column;     /* table: -1 = the dashboard's choice */
	bool sort_desc;
};

struct panel_ctx {
	const struct model *m;
	const struct dash_panel *p;
	size_t index;            /* the panel's index in the dashboard */
	double now;              /* Unix seconds */
	bool focused;
	bool big;                /* large digits where the panel has them (kiosk floor) */
	const char *filter;      /* "" or a case-insensitive substring for lines, equipment, text */
	const struct panel_view *view;  /* may be NULL */
	struct panel_status st;  /* filled by panel_draw before the class draws */
};

/* A panel kind, in the manner of htop's MeterClass: one file per kind
 * (src/core/panels/<name>.c) exports one of these, and one row of
 * panel_classes (src/core/panels/panel.c) lists it. */
struct panel_class {
	const char *name;        /* the dashboard's "kind" */
	int min_w, min_h;        /* the smallest outer size (frame included) it can draw */
	const char *const *required;  /* target ids it cannot draw without; NULL-ended or NULL */
	bool any_target;         /* needs at least one target, any id */
	bool all_range;          /* every target is a range query */
	bool without_data;       /* draws even before any target has data (the Andon feed) */
	bool own_empty;          /* says itself what no series means ("No maintenance
	                          * scheduled"); else the frame names the empty query */
	/* A target it adds when the dashboard names none with that id (the
	 * alerts panel's list of alerts); id NULL: none. */
	struct { const char *id; const struct source_type *source; } implicit;
	/* Reads the kind's own options from the panel's JSON object into
	 * p->opts (after the common fields and the targets are read); NULL
	 * when it has none. */
	bool (*parse)(struct dash_walk *w, const struct cJSON *obj, struct dash_panel *p);
	/* Frees p->opts. */
	void (*finish)(struct dash_panel *p);
	/* How many columns the sort key cycles through (NULL: it has none). */
	size_t (*sort_columns)(const struct dash_panel *p);
	/* Draws into `in`, the inside of the frame. Called only when the panel has
	 * some data to draw (ctx->st.have_any) or draws without data. */
	void (*draw)(const struct panel_ctx *ctx, struct canvas *c, struct rect in);
};

/* Every class, in the order the docs list them. */
extern const struct panel_class *const panel_classes[];
extern const size_t panel_class_count;
/* The class of that kind name, or NULL. */
const struct panel_class *panel_class_find(const char *name);
/* "line_board, andon_feed, ...": for error messages. */
const char *panel_class_names(void);

/* The kinds, one per file (src/core/panels/<kind>.c). */
extern const struct panel_class panel_line_board_class;
extern const struct panel_class panel_andon_feed_class;
extern const struct panel_class panel_stat_class;
extern const struct panel_class panel_gauge_class;
extern const struct panel_class panel_timeseries_class;
extern const struct panel_class panel_table_class;
extern const struct panel_class panel_slo_board_class;
extern const struct panel_class panel_alerts_class;
extern const struct panel_class panel_equipment_class;
extern const struct panel_class panel_maintenance_class;

/* Draws the whole panel (frame, state, contents) into r. */
void panel_draw(struct panel_ctx *ctx, struct canvas *c, struct rect r);

/* Helpers shared by the panel kinds. */

/* The style role of a value by the panel's thresholds (ROLE_DEFAULT if none). */
enum style_role panel_threshold_role(const struct dash_panel *p, double v);
/* The style role named in a dashboard ("ok", "warn", ...). */
enum style_role panel_role_by_name(const char *name);
/* True when text matches the filter (case-insensitive substring; "" matches). */
bool panel_filter_match(const char *filter, const char *text);
/* True when the panel's filter matches a line by its ID or by the name the
 * model knows for it (model_line_name); a NULL ID matches only "". */
bool panel_filter_line(const struct panel_ctx *ctx, const char *line_id);
/* A line's status word to a role and a glyph that says the same without
 * colour: running ▶/">", stopped ■/"#", fault ✖/"X", maintenance ⚒/"M",
 * setup ⚙/"S", idle ‖/"=", unknown "?". */
enum style_role panel_status_role(const char *status);
const char *panel_status_glyph(const char *status, enum canvas_glyphs g);

/* ---- Drawing inside a panel ----------------------------------------------
 * Coordinates are relative to `in` (the inside of the frame) and every
 * helper clips to it, so a panel that draws only through these cannot
 * write outside its rectangle. */

/* Text at (x, y) of in in at most maxw columns (maxw < 0: up to the right
 * edge), never past in's right edge; a row outside in draws nothing.
 * Returns the columns used. */
int panel_text(struct canvas *c, struct rect in, int x, int y, int maxw, const char *s,
	enum style_role role, unsigned attr);
/* The same, right-aligned to end at column x + maxw - 1 (clipped to in). */
int panel_text_right(struct canvas *c, struct rect in, int x, int y, int maxw, const char *s,
	enum style_role role, unsigned attr);
/* Centred on row y of in. */
void panel_text_center(struct canvas *c, struct rect in, int y, const char *s,
	enum style_role role, unsigned attr);
/* A message centred in in, word-wrapped over the rows it needs (as many as
 * in has; the last one ends with an ellipsis when it does not all fit). */
void panel_message(struct canvas *c, struct rect in, const char *s, enum style_role role,
	unsigned attr);
/* A horizontal bar of w columns at (x, y) of in, clipped to in. */
void panel_hbar(struct canvas *c, struct rect in, int x, int y, int w, double fraction,
	enum style_role fill, enum style_role track);

/* Columns of a list, fitted to a width: flexible columns shrink first (to
 * `min`), then columns are dropped, highest `drop` first (0: never). */
struct panel_col {
	int w;          /* the width wanted */
	int min;        /* a flexible column may shrink to this; 0: fixed */
	int drop;       /* the order in which columns go when space runs out */
	bool right;     /* right-aligned */
	/* Set by panel_cols_fit (w is left as it was, so a fit can be redone): */
	bool on;
	int x;          /* from the start of the row */
	int width;      /* the width given */
};
/* Turns columns on or off and places them in width columns with gap blanks
 * between them, from the left; space left over stays at the right. */
void panel_cols_fit(struct panel_col *cols, size_t n, int width, int gap);
/* Draws s in column col of row y (when the column is on), aligned as it says. */
void panel_cols_text(struct canvas *c, struct rect in, const struct panel_col *col, int y,
	const char *s, enum style_role role, unsigned attr);

/* A scrolled list of n items in `rows` rows: the first item shown (from the
 * view's scroll, clamped) and how many are shown. When they do not all fit,
 * one row is kept for panel_more. */
size_t panel_list_fit(const struct panel_ctx *ctx, size_t n, int rows, size_t *first);
/* "+N more" (dim) on row y, when hidden > 0. */
void panel_more(struct canvas *c, struct rect in, int y, size_t hidden);

/* The rows of a label join: one per distinct value of a key label among the
 * series of a query, in the order first seen. `first` is the first series
 * with that value; `current` the first whose latest value is at least 0.5
 * (the series valued 1 of a state set such as ms5_production_line_status),
 * or NULL. Key NULL: every series is a row. */
struct panel_join_row {
	const char *key;
	const struct prom_series *first;
	const struct prom_series *current;
};
/* Adds the series of q to the rows, finding or appending each by its key
 * (*rows grows as xgrow does; the caller frees it). A series without the
 * key label is skipped. */
void panel_join(const struct model_query *q, const char *key, struct panel_join_row **rows,
	size_t *n, size_t *cap);

/* The query behind a panel's target, or NULL. */
const struct model_query *panel_query(const struct panel_ctx *ctx, const char *target);
/* model_value of a panel's target; false (and *v NAN) when absent. */
bool panel_value(const struct panel_ctx *ctx, const char *target, const char *label,
	const char *value, double *v);

/* A compact duration: "45s", "20m", "3h12m", "2d04h". Returns buf. */
char *panel_age(char *buf, size_t size, double seconds);
/* The Unicode glyph, or its ASCII stand-in in the ASCII glyph set. */
const char *panel_glyph(const struct canvas *c, const char *unicode, const char *ascii);
/* Case-insensitive comparison of ASCII letters (NULL as ""). */
int panel_strcasecmp(const char *a, const char *b);
/* A stable sort (merge sort) whose comparison gets a context pointer. */
void panel_sort(void *base, size_t n, size_t size,
	int (*cmp)(const void *a, const void *b, const void *arg), const void *arg);

#endif
