/*
 * One frame of a dashboard: the header (plant, role, clock, the state and
 * age of each source), the panels placed by the layout, and the status line
 * (the newest error, the filter being typed, or the keys). The interactive
 * front end and the snapshot both draw through here, so what a manager gets
 * by mail is what the floor sees.
 *
 * Pure: the model, the options (with the time and a formatted clock) in,
 * cells out.
 */
#ifndef MS5TOP_RENDER_H
#define MS5TOP_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/canvas.h"
#include "ms5top/layout.h"
#include "ms5top/model.h"
#include "ms5top/panel.h"

struct render_opts {
	const char *plant;        /* "Plant 7" */
	const char *role;         /* "floor", "ops", "exec" */
	const char *clock;        /* the wall clock as the user wants it, e.g. "14:03:22" */
	double now;               /* Unix seconds: ages are measured from it */
	size_t focus;             /* the focused panel (index in the dashboard) */
	int zoom;                 /* a panel shown alone, or -1 */
	size_t first;             /* stacked layouts: the first panel shown (reading order) */
	const char *filter;       /* "" or the active filter */
	bool filter_editing;      /* the user is typing the filter */
	bool paused, help, kiosk, big;
	bool show_focus;          /* draw the focus frame (interactive only) */
	const char *notice;       /* a transient message for the status line, or NULL */
	const struct panel_view *views;  /* one per panel, or NULL */
};

/* Draws the whole frame into c (cleared first) and leaves the layout used
 * in *l (for mouse hits and focus moves). */
void render_frame(struct canvas *c, const struct model *m, const struct render_opts *o,
	struct layout *l);

/* The minimum outer size of each panel of the model's dashboard. */
void render_panel_mins(const struct model *m, struct layout_min *mins);


#endif
