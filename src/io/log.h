/*
 * The debug log (--log FILE): every request, reconnect and dropped message,
 * one line each with a UTC timestamp. Without --log nothing is written.
 * Secrets never reach the log: log_redact_url() hides token query params,
 * and callers never pass credentials.
 */
#ifndef MS5TOP_LOG_H
#define MS5TOP_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* Opens (appends to) path; returns false with errno set on failure. */
bool log_open(const char *path);
void log_close(void);
/* The log's stream, or NULL when not logging (for curl's CURLOPT_STDERR). */
FILE *log_stream(void);
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Copies url into buf with the value of any token=, access_token= or
 * password= query parameter replaced by "***". */
const char *log_redact_url(const char *url, char *buf, size_t size);

#endif
