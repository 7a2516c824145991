/*
 * Finding a role's dashboard: --dashboard FILE (for the role it was given
 * with), else $XDG_CONFIG_HOME/ms5top/dashboards/ROLE.json (or
 * ~/.config/...), else the compiled-in default. Files are read, never written.
 */
#ifndef MS5TOP_DASHLOAD_H
#define MS5TOP_DASHLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/config.h"
#include "ms5top/dashboard.h"

/* Loads the dashboard for role into *d; origin names where it came from
 * ("built-in floor", a path). On failure err names the file and the JSON
 * path of the problem; *d must still be finished. */
bool dashload(const struct ms5_config *c, enum ms5_role role, struct dashboard *d,
	char *origin, size_t origin_size, struct ms5_error *err);

/* Reads a whole file of at most max bytes into a fresh NUL-terminated
 * buffer (free()). NULL with err filled ("PATH: No such file or directory",
 * "PATH: over the N-byte limit"). */
char *read_file_capped(const char *path, size_t max, size_t *len, struct ms5_error *err);

#endif
