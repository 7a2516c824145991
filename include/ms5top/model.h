/*
 * The model: everything the screen shows, and nothing about how. It holds
 * the latest result of every query of a dashboard with its time, age and
 * error, the alerts, and the state of each source (Prometheus, Alertmanager,
 * the Andon stream). The Andon events themselves live in a struct
 * andon_state that the model points at.
 *
 * Queries are de-duplicated: two panels (or two targets) with the same
 * expression and kind (instant or range) share one query, which is sent
 * once per refresh. A failed query keeps its last good result; panels show
 * the error beside the old value and its age.
 *
 * Pure: no I/O and no clock. Every function that needs the time takes `now`
 * (Unix seconds). `generation` counts changes so that a front end can tell
 * cheaply whether anything is new since its last frame.
 */
#ifndef MS5TOP_MODEL_H
#define MS5TOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/dashboard.h"
#include "ms5top/prom.h"
#include "ms5top/source.h"

struct andon_state;

enum source_state {
	SOURCE_OFF = 0,       /* not configured */
	SOURCE_CONNECTING,    /* first contact not yet made */
	SOURCE_UP,
	SOURCE_DOWN,          /* the last attempt failed */
	SOURCE_AUTH_FAILED,   /* the source refused our credentials */
};

struct model_source {
	enum source_state state;
	char detail[256];     /* why, in plain words; "" when up */
	double since;         /* when the state last changed; NAN at start */
	double last_ok;       /* last successful contact; NAN if never */
};

/* One distinct request of a dashboard: a (source, expression, kind) that
 * one or more targets share, with its last good result. */
struct model_query {
	const struct source_type *source;
	char *expr;                 /* "" for a source that takes none */
	bool range;
	int points;                 /* range: the widest panel's resolution */
	struct result result;       /* the last good result (RESULT_NONE before) */
	bool have;                  /* result holds data */
	double t_ok;                /* when it arrived; NAN if never */
	double t_try;               /* the last attempt (sent); NAN if never */
	char error[256];            /* the last attempt's error; "" after a success */
	bool in_flight;
};

struct model {
	const struct dashboard *dash;
	struct model_query *queries;
	size_t n_queries;
	/* For panel i and target j: queries[target_query[i][j]]. */
	size_t (*target_query)[DASH_MAX_TARGETS];

	struct andon_state *andon;  /* NULL when there is no Andon source */

	/* Line names by line ID, learnt from every series that carries both
	 * labels (ms5_production_line_status does), so that a panel shows a
	 * line by its name wherever it would show its ID. */
	struct model_line_name { char *id, *name; } *line_names;
	size_t n_line_names, cap_line_names;

	/* By registry index (source_index). */
	struct model_source sources[SOURCE_MAX];
	char last_error[256];       /* the newest error of any source, for the status line */
	double last_error_t;
	unsigned long generation;   /* bumped by every change */
};

/* Builds the query table of a dashboard. The dashboard must outlive the
 * model. Range queries get `points` = twice the columns of the widest panel
 * at `width` columns (braille has two points per cell). */
void model_init(struct model *m, const struct dashboard *d, int width);
void model_finish(struct model *m);
/* Recomputes the range resolution for a new terminal width. */
void model_set_width(struct model *m, int width);

const struct model_query *model_target(const struct model *m, size_t panel, const char *id);

/* A request is on its way (the engine sent it at `now`). */
void model_query_sent(struct model *m, size_t qi, double now);
/* Takes ownership of *r (left empty) as query qi's new result. */
void model_query_ok(struct model *m, size_t qi, struct result *r, double now);
/* who: the source named on the status line (NULL: the query's own). */
void model_query_failed(struct model *m, size_t qi, const char *who, const char *error,
	double now);
void model_source_set(struct model *m, const struct source_type *s, enum source_state st,
	const char *detail, double now);
const struct model_source *model_source(const struct model *m, const struct source_type *s);
/* Carries the sources' states and the line names over from the model of
 * another dashboard. */
void model_carry(struct model *m, const struct model *from);
/* Records an error for the status line. */
void model_note_error(struct model *m, const char *source, const char *error, double now);
/* Something outside the queries changed (the Andon events): redraw. */
void model_touch(struct model *m);

/* Data older than this many refreshes is stale. */
#define MODEL_STALE_REFRESHES 3
bool model_query_stale(const struct model *m, const struct model_query *q, double now);

/* The state of a panel's data as a whole: the worst of its queries. */
enum panel_data {
	PANEL_DATA_OK = 0,
	PANEL_DATA_LOADING,   /* nothing yet, no error */
	PANEL_DATA_STALE,     /* old data, no error yet (the refresh is late) */
	PANEL_DATA_FAILING,   /* the last attempt failed; old data may remain */
};
struct panel_status {
	enum panel_data data;
	double age;           /* seconds since the oldest of its results; NAN if none */
	const char *error;    /* the first error, or NULL */
	bool have_any;        /* some target has data to draw */
	bool nothing;         /* every target answered, and none has a series */
	char empty[256];      /* why a target is empty ("no series match up"), or "" */
	bool empty_rule;      /* ... because a recorded series of rules/ is missing */
};
void model_panel_status(const struct model *m, size_t panel, double now, struct panel_status *st);

/* Lookups in an instant vector: the value of the first series whose label
 * `label` equals `value` (label NULL: the first series). false when absent. */
bool model_value(const struct model_query *q, const char *label, const char *value, double *v);
/* The first series of a range result (or the series whose label equals
 * value), or NULL. */
const struct prom_series *model_series(const struct model_query *q, const char *label,
	const char *value);

/* The series of a query's result, or NULL before data or for another kind. */
const struct prom_result *model_query_series(const struct model_query *q);
/* Why a query that answered has nothing to show, in words, or NULL when it
 * has something: "no series match up == 0", or for a series the project's
 * rules record, "no line:ms5_oee:ratio_rate8h: is rules/oee.yml loaded?". */
const char *model_query_empty(const struct model_query *q, char *buf, size_t size);

/* The name of a line ID, or the ID itself when no name is known (NULL for NULL). */
const char *model_line_name(const struct model *m, const char *line_id);
/* Records a line's name (also done for every result that arrives). */
void model_learn_line_name(struct model *m, const char *line_id, const char *name);

const char *source_state_name(enum source_state s);

#endif
