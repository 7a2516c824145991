/*
 * ISO 8601 / RFC 3339 timestamps as the MS5 backend and Prometheus write them:
 * "2026-11-20T06:02:10", "...10.123456", "...10Z", "...10.5+00:00",
 * "...10-05:30", also with a space instead of 'T'. A timestamp without a zone
 * (naive) is UTC. Independent of the process's locale and TZ.
 */
#ifndef MS5TOP_TIMEPARSE_H
#define MS5TOP_TIMEPARSE_H

#include <stdbool.h>
#include <stddef.h>

/* Parses s into seconds since the Unix epoch (with fraction). Returns false
 * for anything that is not a complete, valid timestamp (trailing garbage,
 * month 13, Feb 30, hour 25, ...). */
bool iso8601_parse(const char *s, double *unix_seconds);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds) into buf (>= 21
 * bytes). Returns buf. */
char *iso8601_format(double t, char *buf, size_t size);

#endif
