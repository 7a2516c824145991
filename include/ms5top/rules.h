/*
 * The project's Prometheus rules (the files of rules/), compiled in: which series
 * they record and in which file, so that a panel whose query finds nothing
 * can say which recording rule it needs ("is rules/oee.yml loaded?"), and
 * --check can list the rules a Prometheus lacks.
 *
 * Pure: the rule files are scanned for their "record:" lines once.
 */
#ifndef MS5TOP_RULES_H
#define MS5TOP_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* How many series the project's rules record, and the i-th of them. */
size_t rules_count(void);
const char *rules_name(size_t i);
/* The file that records a series ("rules/oee.yml"), or NULL. */
const char *rules_file_of(const char *name);
/* The first recorded series that a PromQL expression reads, or NULL. */
const char *rules_read_by(const char *expr);

#endif
