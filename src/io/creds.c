/*
 * Credentials from the configuration. Secret files are read once at start;
 * the secrets are wiped before they are freed.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "ms5top/secret.h"

bool creds_load(const struct ms5_config *c, struct creds *cr, struct ms5_error *err)
{
	memset(cr, 0, sizeof(*cr));
	if (c->token_file && !(cr->token = config_read_secret(c->token_file, "--token-file", err))) {
		return false;
	}
	if (c->password_file &&
		!(cr->password = config_read_secret(c->password_file, "--password-file", err))) {
		creds_finish(cr);
		return false;
	}
	return true;
}

void creds_finish(struct creds *cr)
{
	secret_free(cr->token);
	secret_free(cr->password);
	memset(cr, 0, sizeof(*cr));
}

void http_options_from_config(const struct ms5_config *c, const struct creds *cr,
	struct http_options *o)
{
	memset(o, 0, sizeof(*o));
	o->bearer = c->token ? c->token : cr->token;
	o->user = c->user;
	o->password = cr->password;
	o->ca_file = c->ca_file;
	o->cert = c->cert;
	o->key = c->key;
	o->insecure = c->insecure;
	o->headers = c->headers;
	o->n_headers = c->n_headers;
	o->timeout = c->timeout;
}
