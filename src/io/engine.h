/*
 * The fetch engine: keeps a model fed from Prometheus and Alertmanager on
 * the event loop. One refresh sends every query of the dashboard that is
 * not still in flight (a slow query is never sent twice; its panel ages and
 * turns stale instead), plus the alerts when a panel shows them, and marks
 * each source up, down or refusing our credentials from what comes back.
 *
 * Both the interactive view and the snapshot drive it; neither waits on it:
 * results arrive through the model and the `changed` hook.
 */
#ifndef MS5TOP_ENGINE_H
#define MS5TOP_ENGINE_H

#include <stdbool.h>
#include <uv.h>

#include "http.h"
#include "ms5top/config.h"
#include "ms5top/model.h"

struct engine {
	uv_loop_t *loop;
	const struct ms5_config *cfg;
	struct http *http;
	struct model *model;
	double range;              /* seconds covered by range queries */
	unsigned epoch;            /* bumped when the model is replaced */
	unsigned pending;          /* requests of this epoch in flight */
	unsigned failed;           /* requests of this epoch that failed */
	void (*changed)(void *ud); /* after each answer (success or not) */
	void *ud;
};

void engine_init(struct engine *e, uv_loop_t *loop, const struct ms5_config *cfg,
	struct http *http);
/* Points the engine at a (new) model; answers to the old one are dropped. */
void engine_set_model(struct engine *e, struct model *m, double range);
void engine_refresh(struct engine *e);

/* Wall-clock Unix seconds, for the model's `now`. */
double engine_now(void);

#endif
