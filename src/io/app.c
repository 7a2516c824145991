/*
 * The app. See app.h.
 */
#include "app.h"

#include <string.h>

bool app_init(struct app *a, const struct ms5_config *cfg, struct ms5_error *err)
{
	struct http_options opts;

	memset(a, 0, sizeof(*a));
	a->cfg = cfg;
	if (!creds_load(cfg, &a->creds, err)) {
		return false;
	}
	uv_loop_init(&a->loop);
	http_options_from_config(cfg, &a->creds, &opts);
	a->http = http_create(&a->loop, &opts);
	return true;
}

bool app_start_andon(struct app *a, const struct andon_client_hooks *hooks, void *ud,
	char *error, size_t size)
{
	const struct ms5_config *c = a->cfg;
	struct andon_client_options o;

	memset(&o, 0, sizeof(o));
	o.url = c->andon_url;
	o.api_url = c->api_url;
	o.token = c->token;
	o.token_file = c->token_file;
	o.user = c->user;
	o.password = a->creds.password;
	o.ca_file = c->ca_file;
	o.cert = c->cert;
	o.key = c->key;
	o.insecure = c->insecure;
	o.lines = c->lines;
	o.n_lines = c->n_lines;
	a->andon = andon_client_create(&a->loop, a->http, &o, hooks, ud, error, size);
	if (!a->andon) {
		return false;
	}
	andon_client_start(a->andon);
	return true;
}

void app_finish(struct app *a)
{
	/* The lws context goes in two steps: its handles close on the loop
	 * first, then the context is freed. */
	andon_client_destroy(a->andon);
	http_destroy(a->http);
	uv_run(&a->loop, UV_RUN_DEFAULT);
	andon_client_free(a->andon);
	a->andon = NULL;
	uv_run(&a->loop, UV_RUN_DEFAULT);
	uv_loop_close(&a->loop);
	creds_finish(&a->creds);
}
