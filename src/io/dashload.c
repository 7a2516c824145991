/*
 * Finding and loading a role's dashboard. See dashload.h.
 */
#include "dashload.h"

#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ms5top/xalloc.h"

char *read_file_capped(const char *path, size_t max, size_t *len, struct ms5_error *err)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;
	char *buf;
	size_t n;

	if (!fp) {
		ms5_error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		ms5_error_set(err, "%s: not a regular file", path);
		fclose(fp);
		return NULL;
	}
	if ((size_t)st.st_size > max) {
		ms5_error_set(err, "%s: %lld bytes, over the %zu-byte limit", path,
			(long long)st.st_size, max);
		fclose(fp);
		return NULL;
	}
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max + 1, fp);
	if (ferror(fp) || n > max) {
		ms5_error_set(err, "%s: %s", path, n > max ? "grew past the limit while read" :
			strerror(errno));
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* $XDG_CONFIG_HOME/ms5top/dashboards/ROLE.json, or under ~/.config. */
static char *user_file(const char *role)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg) {
		return xasprintf("%s/ms5top/dashboards/%s.json", xdg, role);
	}
	if (home && *home) {
		return xasprintf("%s/.config/ms5top/dashboards/%s.json", home, role);
	}
	return NULL;
}

static bool load_file(const char *path, struct dashboard *d, struct ms5_error *err)
{
	size_t len;
	char *json = read_file_capped(path, DASH_MAX_FILE, &len, err);
	bool ok;

	memset(d, 0, sizeof(*d));
	if (!json) {
		return false;
	}
	ok = dashboard_parse(json, len, path, d, err);
	free(json);
	return ok;
}

bool dashload(const struct ms5_config *c, enum ms5_role role, struct dashboard *d,
	char *origin, size_t origin_size, struct ms5_error *err)
{
	const char *name = config_role_name(role);
	const char *json;
	char *path;
	struct stat st;

	if (c->dashboard && role == c->role) {
		snprintf(origin, origin_size, "%s", c->dashboard);
		return load_file(c->dashboard, d, err);
	}
	path = user_file(name);
	if (path && stat(path, &st) == 0) {
		bool ok = load_file(path, d, err);

		snprintf(origin, origin_size, "%s", path);
		free(path);
		return ok;
	}
	free(path);
	json = dashboard_builtin(name);
	snprintf(origin, origin_size, "built-in %s", name);
	return dashboard_parse(json, strlen(json), origin, d, err);
}

int cmd_check_dashboard(const struct ms5_config *c)
{
	struct dashboard d;
	struct ms5_error err = { "" };
	size_t len;
	char *json = read_file_capped(c->dashboard, DASH_MAX_FILE, &len, &err);
	bool ok = json && dashboard_parse(json, len, c->dashboard, &d, &err);

	if (ok) {
		printf("dashboard     OK   %zu panels, \"%s\", refresh %gs (%s)\n", d.n_panels,
			d.title ? d.title : "", d.refresh, c->dashboard);
	} else {
		printf("dashboard     FAIL %s\n", err.msg);
	}
	if (json) {
		dashboard_finish(&d);
	}
	free(json);
	return ok ? MS5_EXIT_OK : MS5_EXIT_USAGE;
}
