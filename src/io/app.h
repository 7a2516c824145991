/*
 * The app: what every mode runs on. One libuv loop, the credentials read
 * from the secret files, the HTTP client on that loop, and the Andon
 * stream client when a mode starts it. --check, --query, --andon-tail, the
 * snapshot and the interactive view each make one app and nothing else of
 * this kind; the session (session.h) adds a dashboard and its model on top.
 */
#ifndef MS5TOP_APP_H
#define MS5TOP_APP_H

#include <stdbool.h>
#include <uv.h>

#include "andon_client.h"
#include "cmd.h"
#include "http.h"
#include "ms5top/config.h"

struct app {
	const struct ms5_config *cfg;
	uv_loop_t loop;
	struct creds creds;
	struct http *http;
	struct andon_client *andon;   /* NULL until app_start_andon */
};

/* False with err filled when a secret file cannot be read. */
bool app_init(struct app *a, const struct ms5_config *cfg, struct ms5_error *err);
/* Creates and starts the Andon client with the configuration's URL, lines,
 * TLS and credentials; false with error filled when it cannot be created
 * (the uv plugin of libwebsockets missing, a bad URL). */
bool app_start_andon(struct app *a, const struct andon_client_hooks *hooks, void *ud,
	char *error, size_t size);
/* Tears everything down and runs the loop until every handle has closed. */
void app_finish(struct app *a);

#endif
