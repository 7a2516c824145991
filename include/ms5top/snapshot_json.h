/*
 * The model as one JSON document, for `ms5top --snapshot --format=json`:
 * the sources' states, every panel with its state, age and error and the
 * values of each of its targets (labels, value or points), the alerts and
 * the Andon events. Numbers that JSON cannot hold (NaN, ±Inf) are written
 * as null. Pure.
 */
#ifndef MS5TOP_SNAPSHOT_JSON_H
#define MS5TOP_SNAPSHOT_JSON_H

#include "ms5top/model.h"
#include "ms5top/strbuf.h"

void snapshot_json(const struct model *m, const char *role, double now, struct strbuf *out);

#endif
