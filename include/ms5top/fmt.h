/*
 * Number and duration formatting for people and for JSON, independent of
 * LC_NUMERIC: a German locale must not turn 1.5 into "1,5" in a snapshot
 * that a script parses.
 */
#ifndef MS5TOP_FMT_H
#define MS5TOP_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* printf into buf under the "C" locale. Returns buf. */
char *fmt_c(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* vsnprintf under the "C" locale: the length the whole text needs. */
int fmt_vc(char *buf, size_t size, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

/* A sample value the way Prometheus writes it: shortest of %.15g,
 * "NaN", "+Inf", "-Inf". Returns buf. */
char *fmt_number(char *buf, size_t size, double v);

/* An age or duration in one or two units: "0s", "45s", "3m12s", "2h05m",
 * "3d04h". Negative durations are shown as "0s". Returns buf. */
char *fmt_duration(char *buf, size_t size, double seconds);

#endif
