/*
 * Decoding the Prometheus HTTP API (and Alertmanager's v2 alerts) into plain
 * C structs. Every function here is pure: response bytes and the HTTP status
 * in, structs or an error message out. cJSON trees never leave this module.
 *
 * Errors are reported in plain words in err->msg, for example
 *   "bad_data: 1:5: parse error: unexpected <op:*>"   (status:"error" body)
 *   "HTTP 502 Bad Gateway: <title of the proxy's HTML page>"
 *   "HTTP 401 Unauthorized"
 *   "invalid JSON in response (offset 17)"
 *   "response is 52428800 bytes, over the 16777216-byte cap"
 */
#ifndef MS5TOP_PROM_H
#define MS5TOP_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/err.h"

/* Largest response body any decoder accepts (and the HTTP layer's default
 * receive cap). */
#define PROM_MAX_BODY ((size_t)16 * 1024 * 1024)

enum prom_result_type {
	PROM_RESULT_NONE = 0,
	PROM_RESULT_VECTOR,
	PROM_RESULT_MATRIX,
	PROM_RESULT_SCALAR,
	PROM_RESULT_STRING,
};

struct prom_label {
	char *name;
	char *value;
};

struct prom_point {
	double t;   /* Unix seconds. */
	double v;   /* NAN, INFINITY and -INFINITY come through as themselves. */
};

/* Most buckets one native histogram sample may have; more is an error
 * naming the sample (a real one has a few hundred at most: Prometheus
 * clients cap them at 160 by default). */
#define PROM_MAX_BUCKETS 10000

/* How a native histogram bucket's boundaries count, the "boundary_rule" of
 * the API: 0 the lower one is open, 1 the upper one, 2 both, 3 neither. */
enum prom_boundary {
	PROM_OPEN_LOWER = 0,    /* (lower, upper] */
	PROM_OPEN_UPPER = 1,    /* [lower, upper) */
	PROM_OPEN_BOTH = 2,     /* (lower, upper) */
	PROM_CLOSED_BOTH = 3,   /* [lower, upper] (the zero bucket) */
};

struct prom_bucket {
	enum prom_boundary boundary;
	double lower, upper;   /* -INFINITY and INFINITY come through as themselves */
	double count;          /* observations in this bucket (not cumulative) */
};

/* One native histogram sample: the API's [time, {"count": "N", "sum": "S",
 * "buckets": [[boundary_rule, "lower", "upper", "count"], ...]}]. Counts
 * and boundaries are parsed like sample values (prom_parse_value), so NaN
 * and the infinities come through as themselves; "buckets" may be absent
 * (Prometheus leaves it out when every bucket is empty). */
struct prom_histogram {
	double t;              /* Unix seconds */
	double count, sum;
	struct prom_bucket *buckets;   /* as the server sent them; NULL when none */
	size_t n_buckets;
};

/* One series of a vector (exactly one point) or a matrix (any number).
 *
 * Native histograms (Prometheus 3: "histogram" in a vector, "histograms" in
 * a matrix, beside or instead of "values") are kept whole in histograms[],
 * and each of their samples is also a point whose value is the histogram's
 * count, the number of observations (what histogram_count() gives): panels
 * read points only, so a series with histogram samples only shows its
 * count, never nothing. A vector series has a "value" or a "histogram",
 * never both. When a matrix series has both kinds (a metric that changed
 * kind within the range), points holds the float samples and the counts
 * together, ordered by time (a float sample first at an equal time); with
 * float samples only, points is exactly what the server sent, in its
 * order, and histograms is NULL. */
struct prom_series {
	struct prom_label *labels;   /* Sorted by name; __name__ included when present. */
	size_t n_labels;
	struct prom_point *points;
	size_t n_points;
	struct prom_histogram *histograms;   /* NULL when none (also for "histograms": []) */
	size_t n_histograms;
};

struct prom_result {
	enum prom_result_type type;
	struct prom_series *series;  /* vector and matrix */
	size_t n_series;
	struct prom_point scalar;    /* scalar; also the time of a string result */
	char *string;                /* string */
	char **warnings;             /* "warnings" of the response, also on success */
	size_t n_warnings;
	char **infos;                /* "infos" (Prometheus 3: info-level annotations,
	                              * possible query issues), kept like warnings */
	size_t n_infos;
	char *error_type;            /* errorType of a status:"error" body, else NULL */
};

/* Decodes a /api/v1/query or /api/v1/query_range response. http_status is
 * the HTTP code (200, 400, 422, 503, ...). On success returns true and fills
 * *out (which the caller frees with prom_result_finish). On failure returns
 * false, fills err, and leaves *out holding only what helps to explain the
 * failure (error_type, warnings, infos), which must still be finished.
 * Label and metric names may be any UTF-8 (Prometheus 3 allows
 * {"__name__":"métrique.total","läbel":"x"}); they are kept as the server
 * sent them, sanitised like every other string (text.h). */
bool prom_decode_query(const char *body, size_t len, long http_status,
	struct prom_result *out, struct ms5_error *err);
void prom_result_finish(struct prom_result *r);

/* Looks a label up by name; returns its value or NULL. */
const char *prom_label_get(const struct prom_label *labels, size_t n, const char *name);

/* Parses a Prometheus sample value string ("1.5", "NaN", "+Inf", "-Inf",
 * "1e-3"), independent of LC_NUMERIC. Returns false for anything else. */
bool prom_parse_value(const char *s, double *v);

struct prom_alert {
	struct prom_label *labels;        /* sorted by name */
	size_t n_labels;
	struct prom_label *annotations;   /* sorted by name */
	size_t n_annotations;
	char *state;     /* "firing", "pending" (Prometheus); "active", "suppressed", "unprocessed" (Alertmanager) */
	double since;    /* activeAt (Prometheus) or startsAt (Alertmanager), Unix s; NAN if absent */
	double value;    /* Prometheus's value; NAN if absent or Alertmanager */
	char *fingerprint;  /* Alertmanager only, else NULL */
};

struct prom_alerts {
	struct prom_alert *alerts;
	size_t n;
};

/* /api/v1/alerts of Prometheus: {"status":"success","data":{"alerts":[...]}} */
bool prom_decode_alerts(const char *body, size_t len, long http_status,
	struct prom_alerts *out, struct ms5_error *err);
/* /api/v2/alerts of Alertmanager: a bare JSON array of gettableAlert. */
bool am_decode_alerts(const char *body, size_t len, long http_status,
	struct prom_alerts *out, struct ms5_error *err);
void prom_alerts_finish(struct prom_alerts *a);

/* /api/v1/status/buildinfo: copies data.version into version. */
bool prom_decode_buildinfo(const char *body, size_t len, long http_status,
	char *version, size_t version_size, struct ms5_error *err);
/* Alertmanager /api/v2/status: copies versionInfo.version into version. */
bool am_decode_status(const char *body, size_t len, long http_status,
	char *version, size_t version_size, struct ms5_error *err);

/* /api/v1/rules: the names of the recording rules (at most PROM_MAX_RULES)
 * into *names (freed with prom_rule_names_finish). */
#define PROM_MAX_RULES 10000
bool prom_decode_rule_names(const char *body, size_t len, long http_status,
	char ***names, size_t *n, struct ms5_error *err);
void prom_rule_names_finish(char **names, size_t n);

/* Describes a non-2xx response whose body is not a Prometheus JSON error, in
 * plain words: "HTTP 502 Bad Gateway" plus, when the body is HTML, its
 * <title>, else its first line, trimmed to a sane length and to printable
 * ASCII. Used by every decoder above; exposed for other HTTP clients. */
void http_error_describe(long http_status, const char *body, size_t len,
	struct ms5_error *err);

#endif
