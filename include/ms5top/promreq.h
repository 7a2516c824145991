/*
 * Building Prometheus API requests: which URL, GET or POST, what form body.
 * Pure functions; the HTTP layer sends what these describe.
 */
#ifndef MS5TOP_PROMREQ_H
#define MS5TOP_PROMREQ_H

#include <stddef.h>

/* PromQL longer than this (encoded) goes as a POST form, not in the URL. */
#define PROMREQ_MAX_GET 1024

struct promreq {
	char *url;    /* Owned. */
	char *body;   /* Owned form body for POST, NULL for GET. */
};

/* /api/v1/query. time is Unix seconds, or NAN for "now" (no time param). */
void promreq_query(struct promreq *r, const char *base, const char *expr, double time);
/* /api/v1/query_range over [start, end] with the given step (seconds). */
void promreq_range(struct promreq *r, const char *base, const char *expr,
	double start, double end, double step);
/* Plain GETs: /api/v1/alerts, /api/v1/status/buildinfo, Alertmanager's
 * /api/v2/alerts and /api/v2/status. */
void promreq_get(struct promreq *r, const char *base, const char *path);
void promreq_finish(struct promreq *r);

/* The step for a range query drawn into `points` columns (a braille chart
 * has two points per cell): range / points rounded up to a "nice" step
 * (1s, 2s, 5s, 10s, 15s, 30s, 1m, 2m, 5m, 10m, 15m, 30m, 1h, ...), never
 * below min_step, and never so small that the query returns more than
 * 11,000 points (Prometheus's limit). */
double promreq_step(double range_seconds, int points, double min_step);

#endif
