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

struct panel_class {
	enum panel_kind kind;
	int min_w, min_h;        /* the smallest outer size (frame included) it can draw */
	/* Draws into `in`, the inside of the frame. Called only when the panel has
	 * some data to draw (ctx->st.have_any) or is the Andon feed or alerts. */
	void (*draw)(const struct panel_ctx *ctx, struct canvas *c, struct rect in);
};

const struct panel_class *panel_class_of(enum panel_kind k);

/* Draws the whole panel (frame, state, contents) into r. */
void panel_draw(struct panel_ctx *ctx, struct canvas *c, struct rect r);

/* Helpers shared by the panel kinds. */

/* The style role of a value by the panel's thresholds (ROLE_DEFAULT if none). */
enum style_role panel_threshold_role(const struct dash_panel *p, double v);
/* The style role named in a dashboard ("ok", "warn", ...). */
enum style_role panel_role_by_name(const char *name);
/* True when text matches the filter (case-insensitive substring; "" matches). */
bool panel_filter_match(const char *filter, const char *text);
/* A line's status word to a role and a glyph that says the same without
 * colour: running ▶/">", stopped ■/"#", fault ✖/"X", maintenance ⚒/"M",
 * setup ⚙/"S", idle ‖/"=", unknown "?". */
enum style_role panel_status_role(const char *status);
const char *panel_status_glyph(const char *status, enum canvas_glyphs g);

#endif
