/*
 * Data sources as modules. Each source is one `const struct source_type`
 * (src/core/sources/<name>.c) and one row of the registry
 * (src/core/sources/registry.c): its name, the configuration keys it reads,
 * how it turns a dashboard target into a request, how it decodes an answer
 * into a generic result, and how --check probes it. Nothing else in the
 * program knows a source by name: the engine sends every request the same
 * way, the model keeps every result the same way, the header and the JSON
 * snapshot list the registry.
 *
 * A result is a small tagged union that panels read through accessors:
 *   series  a Prometheus query result (vector, matrix, scalar, string);
 *   rows    records with labels, annotations, a state and a start (alerts);
 *   text    one string.
 * A source that streams (the Andon WebSocket) has a row for its state in
 * the header and its --check probes, but no requests: its client feeds the
 * model directly.
 *
 * Pure: request building and decoding take bytes, configuration and time
 * as arguments. See docs/hacking.md for adding a source.
 */
#ifndef MS5TOP_SOURCE_H
#define MS5TOP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "ms5top/err.h"
#include "ms5top/prom.h"
#include "ms5top/promreq.h"

struct ms5_config;

enum result_kind {
	RESULT_NONE = 0,
	RESULT_SERIES,
	RESULT_ROWS,
	RESULT_TEXT,
};

struct result {
	enum result_kind kind;
	union {
		struct prom_result series;
		struct prom_alerts rows;
		char *text;
	} u;
};

/* The payload of a result of that kind, or NULL for another kind. */
const struct prom_result *result_series(const struct result *r);
const struct prom_alerts *result_rows(const struct result *r);
const char *result_text(const struct result *r);
/* How many items it holds: series, rows, or 1 for a text. */
size_t result_count(const struct result *r);
void result_finish(struct result *r);

/* What a request is made from: one distinct target of a dashboard. */
struct source_target {
	const char *expr;   /* the target's query ("" when the source takes none) */
	bool range;         /* over the dashboard's range */
	int points;         /* range: the resolution wanted */
};

/* What building a request may look at. */
struct source_ctx {
	const struct ms5_config *cfg;
	double now;         /* Unix seconds */
	double range;       /* seconds covered by range targets */
};

/* How --check reaches a source. */
enum probe_kind {
	PROBE_VERSION,      /* GET path; `version` decodes the answer */
	PROBE_TCP,          /* connect to the URL's host and port only */
	PROBE_ANSWER,       /* GET path; any HTTP answer below 500 will do */
	PROBE_REPORT,       /* GET path; `version` words the answer for the line */
};

struct source_probe {
	const char *name;   /* the --check line: "prometheus", "api" */
	enum probe_kind kind;
	/* The configured URL it probes, or NULL when it is not configured. */
	const char *(*url)(const struct ms5_config *c);
	const char *path;   /* PROBE_VERSION, PROBE_ANSWER */
	bool (*version)(const char *body, size_t len, long http_status, char *out, size_t size,
		struct ms5_error *err);
	bool advisory;      /* a failure is a warning (WARN), not a failed source */
};

#define SOURCE_MAX_PROBES 3

struct source_type {
	const char *name;        /* in dashboards ("source": "prometheus") and --check */
	const char *title;       /* in the header and the JSON snapshot: "Prometheus" */
	const char *brief;       /* in a narrow header: "Prom" */
	const char *const *config_keys;  /* "section.key" of the options it reads; NULL-ended */
	bool shows_age;          /* the header shows the age of its newest data */
	bool needs_expr;         /* its targets must have an "expr" */
	bool takes_range;        /* its targets may be range queries */
	const char *json_key;    /* the JSON snapshot lists its rows under this key, or NULL */

	/* The URL it is reached at, or NULL when not configured (its state is
	 * then "off" and its targets are not sent). */
	const char *(*url)(const struct ms5_config *c);
	/* The request for a target, into *r (promreq_finish frees it).
	 * NULL for a source without requests (a stream). */
	void (*build)(const struct source_ctx *ctx, const struct source_target *t,
		struct promreq *r);
	/* Decodes an answer into *out (finished by the caller, also on
	 * failure); false with err filled when it is not a good answer. */
	bool (*decode)(const struct source_ctx *ctx, const char *body, size_t len,
		long http_status, struct result *out, struct ms5_error *err);
	/* The source whose state an answer tells (NULL: this one). A source may
	 * stand in for another that is not configured. */
	const struct source_type *(*speaks_for)(const struct ms5_config *c);

	struct source_probe probes[SOURCE_MAX_PROBES];
};

/* ---- The registry ---------------------------------------------------- */

/* Every source, in header order; the first is the default of a target. */
extern const struct source_type *const source_types[];
extern const size_t source_count;
#define SOURCE_MAX 8

/* The source of that name, or NULL. */
const struct source_type *source_find(const char *name);
/* Its index in source_types (source_count when it is not registered). */
size_t source_index(const struct source_type *t);
/* "prometheus, alertmanager, andon": for error messages. */
const char *source_names(void);
/* The source an answer of t tells about under configuration c. */
const struct source_type *source_judged(const struct source_type *t, const struct ms5_config *c);

/* The sources, one file each. */
extern const struct source_type source_prometheus;
extern const struct source_type source_alertmanager;
extern const struct source_type source_andon;

#endif
