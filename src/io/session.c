/*
 * What the interactive view and the snapshot share. See session.h.
 */
#include "session.h"

#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashload.h"
#include "log.h"
#include "ms5_build.h"
#include "ms5top/text.h"
#include "ms5top/xalloc.h"


enum canvas_glyphs session_glyphs(const struct ms5_config *cfg)
{
	const char *cs;

	switch (cfg->glyphs) {
	case MS5_GLYPHS_BRAILLE:
		return CANVAS_GLYPHS_BRAILLE;
	case MS5_GLYPHS_BLOCKS:
		return CANVAS_GLYPHS_BLOCKS;
	case MS5_GLYPHS_ASCII:
		return CANVAS_GLYPHS_ASCII;
	case MS5_GLYPHS_AUTO:
		break;
	}
	cs = nl_langinfo(CODESET);
	return cs && (text_casecmp(cs, "UTF-8") == 0 || text_casecmp(cs, "utf8") == 0) ?
		CANVAS_GLYPHS_BRAILLE : CANVAS_GLYPHS_ASCII;
}

enum color_depth session_depth(const struct ms5_config *cfg, int colors)
{
	const char *no_color = getenv("NO_COLOR"), *ct = getenv("COLORTERM");

	switch (cfg->colors) {
	case MS5_DEPTH_NONE:
		return COLOR_DEPTH_NONE;
	case MS5_DEPTH_8:
		return COLOR_DEPTH_8;
	case MS5_DEPTH_16:
		return COLOR_DEPTH_16;
	case MS5_DEPTH_256:
		return COLOR_DEPTH_256;
	case MS5_DEPTH_TRUECOLOR:
		return COLOR_DEPTH_TRUECOLOR;
	case MS5_DEPTH_AUTO:
		break;
	}
	if (no_color && *no_color) {
		return COLOR_DEPTH_NONE;
	}
	if (ct && (strcmp(ct, "truecolor") == 0 || strcmp(ct, "24bit") == 0) && colors >= 256) {
		return COLOR_DEPTH_TRUECOLOR;
	}
	if (colors >= 256) {
		return COLOR_DEPTH_256;
	}
	if (colors >= 16) {
		return COLOR_DEPTH_16;
	}
	if (colors >= 8) {
		return COLOR_DEPTH_8;
	}
	return COLOR_DEPTH_NONE;
}

/* Themes are looked up as NAME.theme in the user's config directory, then
 * the installed data directory, then the source tree (for a build that was
 * not installed); a name with a '/' is a path. "default" is also built in. */
static bool load_theme(const char *name, struct theme *t, struct ms5_error *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *candidates[4] = { NULL, NULL, NULL, NULL };
	size_t n = 0;
	bool ok = false, found = false;

	if (strchr(name, '/')) {
		candidates[n++] = xstrdup(name);
	} else {
		if (xdg && *xdg) {
			candidates[n++] = xasprintf("%s/ms5top/themes/%s.theme", xdg, name);
		} else if (home && *home) {
			candidates[n++] = xasprintf("%s/.config/ms5top/themes/%s.theme", home, name);
		}
		candidates[n++] = xasprintf("%s/themes/%s.theme", MS5_DATADIR, name);
		candidates[n++] = xasprintf("%s/themes/%s.theme", MS5_SOURCE_DIR, name);
	}
	for (size_t i = 0; i < n && !found; i++) {
		size_t len;
		struct ms5_error rerr;
		char *text = read_file_capped(candidates[i], THEME_MAX_FILE, &len, &rerr);

		if (!text) {
			continue;
		}
		found = true;
		ok = theme_parse(text, len, name, t, err);
		if (!ok) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			ms5_error_set(err, "%s (%s)", msg, candidates[i]);
		}
		free(text);
	}
	for (size_t i = 0; i < n; i++) {
		free(candidates[i]);
	}
	if (!found) {
		if (theme_builtin_named(name, t)) {
			return true;
		}
		return ms5_error_set(err, "--theme: no theme '%s' (looked in the config directory, "
			"%s/themes and the source tree)", name, MS5_DATADIR);
	}
	return ok;
}

bool session_init(struct session *s, const struct ms5_config *cfg, struct ms5_error *err)
{
	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	if (!load_theme(cfg->theme ? cfg->theme : "default", &s->theme, err)) {
		return false;
	}
	/* Theme warnings (unknown keys) go to stderr, and to the status line
	 * of the first frame, where the interactive view shows them. */
	for (size_t i = 0; i < s->theme.n_warnings && i < THEME_MAX_WARNINGS; i++) {
		fprintf(stderr, "ms5top: warning: %s\n", s->theme.warnings[i]);
	}
	if (!app_init(&s->app, cfg, err)) {
		return false;
	}
	engine_init(&s->engine, &s->app.loop, cfg, s->app.http);
	if (cfg->andon_url && *cfg->andon_url) {
		s->andon = andon_state_create(0, 0, 0);
		s->andon_up_at = NAN;
	}
	return true;
}

void session_load_role(struct session *s, enum ms5_role role, int width)
{
	struct ms5_error err = { "" };
	struct model old = s->model;
	struct dashboard old_dash = s->dash;
	bool had = s->have_model;

	s->role = role;
	s->dash_error[0] = '\0';
	if (!dashload(s->cfg, role, &s->dash, s->dash_origin, sizeof(s->dash_origin), &err)) {
		snprintf(s->dash_error, sizeof(s->dash_error), "dashboard %s", err.msg);
		dashboard_finish(&s->dash);
		memset(&s->dash, 0, sizeof(s->dash));
		s->dash.refresh = 5;
		s->dash.range = 3600;
	}
	model_init(&s->model, &s->dash, width);
	s->have_model = true;
	if (had) {
		/* The sources' states and the line names outlive a dashboard. */
		model_carry(&s->model, &old);
		model_finish(&old);
		dashboard_finish(&old_dash);
	} else if (s->theme.n_warnings) {
		model_note_error(&s->model, "theme", s->theme.warnings[0], engine_now());
	}
	if (s->andon) {
		s->model.andon = s->andon;
		if (model_source(&s->model, &source_andon)->state == SOURCE_OFF) {
			model_source_set(&s->model, &source_andon, SOURCE_CONNECTING, NULL, engine_now());
		}
	}
}

static void changed(struct session *s)
{
	model_touch(&s->model);
	if (s->changed) {
		s->changed(s->changed_ud);
	}
}

static void on_andon_message(void *ud, const struct andon_msg *m)
{
	struct session *s = ud;

	if (ANDON_CHANGED(andon_state_apply(s->andon, m, engine_now()))) {
		changed(s);
	}
	if (m->kind == ANDON_MSG_ERROR) {
		model_note_error(&s->model, "Andon", m->message, engine_now());
	}
}

static void on_andon_resync(void *ud, const struct andon_event *events, size_t n)
{
	struct session *s = ud;

	double now = engine_now();

	/* Frames that changed an event after the list was asked for are newer
	 * than the list: the resync keeps them. */
	andon_state_resync(s->andon, events, n, isnan(s->andon_up_at) ? now : s->andon_up_at, now);
	andon_state_prune(s->andon, now);
	s->andon_resynced = true;
	s->andon_settled = true;
	changed(s);
}

static void on_andon_status(void *ud, const struct andon_client_status *st)
{
	struct session *s = ud;
	enum source_state state = SOURCE_CONNECTING;
	char detail[300];

	if (st->user_role[0]) {
		snprintf(s->user_role, sizeof(s->user_role), "%s", st->user_role);
	}
	snprintf(s->resync_error, sizeof(s->resync_error), "%s", st->resync_error);
	if (st->resync_error[0] && !s->andon_settled) {
		s->andon_settled = true;
		model_note_error(&s->model, "Andon resync", st->resync_error, engine_now());
	}
	switch (st->conn) {
	case ANDON_CONN_UP:
		if (model_source(&s->model, &source_andon)->state != SOURCE_UP) {
			s->andon_up_at = engine_now();
		}
		state = SOURCE_UP;
		break;
	case ANDON_CONN_RETRY:
		state = SOURCE_DOWN;
		s->andon_settled = true;
		break;
	case ANDON_CONN_AUTH_FAILED:
		state = SOURCE_AUTH_FAILED;
		s->andon_settled = true;
		break;
	case ANDON_CONN_IDLE:
	case ANDON_CONN_LOGIN:
	case ANDON_CONN_CONNECTING:
		break;
	}
	if (state == SOURCE_DOWN || state == SOURCE_AUTH_FAILED) {
		snprintf(detail, sizeof(detail), "%s, retry in %.0fs", st->detail, st->retry_in);
	} else {
		snprintf(detail, sizeof(detail), "%s", st->detail);
	}
	model_source_set(&s->model, &source_andon, state, detail, engine_now());
	changed(s);
}

void session_start_andon(struct session *s)
{
	static const struct andon_client_hooks hooks = { on_andon_message, on_andon_resync,
		on_andon_status };
	char error[256];

	if (s->andon && !app_start_andon(&s->app, &hooks, s, error, sizeof(error))) {
		model_source_set(&s->model, &source_andon, SOURCE_DOWN, error, engine_now());
		s->andon_settled = true;
	}
}

void session_log_counters(const struct session *s)
{
	const struct andon_client_status *st;
	const struct andon_state_stats *k;

	if (!s->andon || !s->app.andon) {
		return;
	}
	st = andon_client_status(s->app.andon);
	k = andon_state_stats(s->andon);
	log_msg("andon: %lu frames, %lu applied, %lu duplicates, %lu malformed, %lu unknown, "
		"%lu oversized, %lu connects, %zu active", st->frames, k->applied, k->duplicates,
		st->malformed, st->unknown, st->oversized, st->connects, andon_state_count(s->andon));
}

void session_finish(struct session *s)
{
	app_finish(&s->app);
	if (s->have_model) {
		model_finish(&s->model);
		dashboard_finish(&s->dash);
	}
	andon_state_destroy(s->andon);
}
