/*
 * A fixed-size error message that core functions fill and callers show.
 * Core code never prints; it fills one of these and returns false.
 */
#ifndef MS5TOP_ERR_H
#define MS5TOP_ERR_H

#include <stdbool.h>

struct ms5_error {
	char msg[512];
};

/* Sets err->msg (err may be NULL: then nothing happens). Always returns
 * false, so that `return ms5_error_set(err, ...);` reads naturally. */
bool ms5_error_set(struct ms5_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
