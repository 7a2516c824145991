/*
 * The metric contract (spec/metrics.md) of the simulated plant, written
 * two ways from the same code so that they cannot drift apart:
 *
 * - Prometheus text exposition (format 0.0.4) for GET /metrics: one
 *   sample per series at the model's current time.
 * - OpenMetrics with timestamps for --history: the writer is run once per
 *   sample time in "collect" mode and keeps the values; then the whole
 *   history is written family by family, series by series (histograms:
 *   one labelset's buckets, sum and count together per point), ending in
 *   "# EOF", which `promtool tsdb create-blocks-from openmetrics` reads.
 *
 * A scraped series carries the job and instance labels of its target, so
 * a history meant to continue a scraped server must carry the same ones
 * (target_labels); /metrics never has them.
 *
 * Every series is written at every sample, zeros included, so the set of
 * series never changes between samples (collect mode relies on it and
 * reports an error otherwise). Series that only a running server knows
 * (the ms5sim_* self metrics) are written when live stats are given.
 */
#ifndef MS5SIM_SIM_METRICS_H
#define MS5SIM_SIM_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ms5top/err.h"
#include "ms5top/strbuf.h"
#include "sim_model.h"

/* WebSocket message types, the message_type label of
 * ms5_websocket_messages_total (the canonical name of each kind; the
 * aliases sent with --shapes mixed count under it). */
enum sim_msg {
	SIM_MSG_ANDON, SIM_MSG_ESCALATION, SIM_MSG_LINE_STATUS, SIM_MSG_PRODUCTION,
	SIM_MSG_OEE, SIM_MSG_EQUIPMENT, SIM_MSG_DOWNTIME, SIM_MSG_QUALITY,
	SIM_MSG_SYSTEM_ALERT, SIM_MSG_HEALTH_ALERT, SIM_MSG_SUBSCRIPTION, SIM_MSG_PONG,
	SIM_MSG_ERROR, SIM_MSG_SHUTDOWN,
	SIM_N_MSG
};
extern const char *const sim_msg_names[SIM_N_MSG];

/* What only the running server knows. */
struct sim_live {
	unsigned ws_connections;         /* connected, authenticated clients */
	uint64_t ws_messages[SIM_N_MSG]; /* frames sent by type */
	uint64_t frames_sent;            /* every frame, synthetic included */
	uint64_t synthetic_sent;         /* --event-rate frames */
	uint64_t duplicates_sent;        /* --shapes mixed resends */
	uint64_t frames_dropped;         /* a slow client's queue overflowed */
	uint64_t ws_connects;            /* connections accepted so far */
	double speed;
};

struct mw_family;
struct mw_series;

struct sim_mw {
	bool collect;                /* false: Prometheus text into out */
	struct strbuf *out;
	const char *name;            /* the family being written */
	/* Collect mode: labels added to every series, e.g. the job and
	 * instance that Prometheus attaches when it scrapes (NULL: none). */
	const char *target_labels;
	/* Collect mode. */
	bool first;                  /* the first pass records the series */
	bool broken;                 /* the series set changed between passes */
	size_t point, n_points;      /* the pass being written, passes planned */
	size_t k;                    /* series index within the pass */
	size_t cur_fam, fam_seen;    /* family index within the pass */
	int group;                   /* histogram labelset group, -1 none */
	int next_group;
	struct mw_family *fam;
	size_t n_fam, cap_fam;
	struct mw_series *series;
	size_t n_series, cap_series;
};

/* Text mode: samples are appended to out. */
void sim_mw_init_text(struct sim_mw *w, struct strbuf *out);
/* Collect mode for n_points passes; call sim_mw_next_pass before each. */
void sim_mw_init_collect(struct sim_mw *w, size_t n_points);
void sim_mw_next_pass(struct sim_mw *w);
void sim_mw_finish(struct sim_mw *w);

/* Writes every metric of the model at its current time (live may be NULL). */
void sim_metrics_write(struct sim_mw *w, const struct sim_model *m, const struct sim_live *live);

/* Writes the collected history as OpenMetrics; pass p is stamped
 * t0 + p * step. Returns false with err set on a write error or when the
 * series set changed between passes. */
bool sim_mw_write_openmetrics(const struct sim_mw *w, FILE *f, int64_t t0, int64_t step,
	struct ms5_error *err);

/* Appends v the way Prometheus writes sample values ("NaN", "+Inf",
 * integers without a fraction, else up to 10 significant digits). */
void sim_put_number(struct strbuf *b, double v);

#endif
