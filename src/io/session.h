/*
 * A session: what the interactive view and the snapshot share. The app
 * (loop, credentials, HTTP, Andon client) and the fetch engine; the dashboard and
 * model of the current role; the Andon state fed by the stream client
 * (kept across role switches); the theme.
 */
#ifndef MS5TOP_SESSION_H
#define MS5TOP_SESSION_H

#include <stdbool.h>
#include <uv.h>

#include "andon_client.h"
#include "app.h"
#include "cmd.h"
#include "engine.h"
#include "ms5top/andon_state.h"
#include "ms5top/canvas.h"
#include "ms5top/config.h"
#include "ms5top/dashboard.h"
#include "ms5top/model.h"
#include "ms5top/theme.h"

struct session {
	const struct ms5_config *cfg;
	struct app app;           /* the loop, credentials, HTTP and the Andon client */
	struct engine engine;

	enum ms5_role role;
	struct dashboard dash;
	struct model model;
	bool have_model;
	char dash_origin[256];
	char dash_error[512];     /* the dashboard could not be loaded: shown instead */

	struct andon_state *andon;  /* NULL without an Andon source */
	bool andon_resynced;      /* the REST list of active events has arrived */
	bool andon_settled;       /* resynced, or the attempt failed */
	double andon_up_at;       /* when the stream last came up: the resync was asked then */
	char user_role[32];       /* the MS5 role of the login, "" when unknown */
	char resync_error[160];   /* why the last Andon resync failed, "" if it did not */

	struct theme theme;

	/* Called after Andon changes (the engine has its own hook). */
	void (*changed)(void *ud);
	void *changed_ud;
};

/* Sets up everything but the dashboard (session_load_role) and the Andon
 * client (session_start_andon). False with err filled on a bad theme or
 * unreadable secret file. */
bool session_init(struct session *s, const struct ms5_config *cfg, struct ms5_error *err);
/* Loads role's dashboard and a fresh model sized for `width` columns; the
 * sources' states carry over. A dashboard that fails to load leaves an
 * empty one and the error in dash_error. */
void session_load_role(struct session *s, enum ms5_role role, int width);
void session_start_andon(struct session *s);
/* Logs the Andon stream's counters (frames, malformed, oversized, ...),
 * one line, so that a live view's log says what it received. */
void session_log_counters(const struct session *s);
/* Tears down and runs the loop until every handle has closed. */
void session_finish(struct session *s);

/* Glyphs from --glyphs, else from the locale (UTF-8: braille, else ASCII). */
enum canvas_glyphs session_glyphs(const struct ms5_config *cfg);
/* Colour depth from --colors, else NO_COLOR, else the given terminfo colour
 * count (0 when unknown). */
enum color_depth session_depth(const struct ms5_config *cfg, int colors);

#endif
