/*
 * The commands (--check, --query, --snapshot, --andon-tail, the
 * interactive view) and what they share with the
 * interactive modes: turning the configuration into HTTP client options.
 */
#ifndef MS5TOP_CMD_H
#define MS5TOP_CMD_H

#include "http.h"
#include "ms5top/config.h"
#include "ms5top/err.h"

/* Exit codes, documented in ms5top(1). */
enum {
	MS5_EXIT_OK = 0,
	MS5_EXIT_USAGE = 1,    /* usage or configuration error */
	MS5_EXIT_SOURCE = 2,   /* a source failed (unreachable, error answer) */
};

/* Secrets read from --token-file / --password-file, owned here so that
 * they can be wiped and freed in one place. */
struct creds {
	char *token;
	char *password;
};

/* Reads the secret files the configuration names and fills *o (which
 * borrows from c and cr). Returns false with err filled when a file cannot
 * be read. */
bool creds_load(const struct ms5_config *c, struct creds *cr, struct ms5_error *err);
void creds_finish(struct creds *cr);
void http_options_from_config(const struct ms5_config *c, const struct creds *cr,
	struct http_options *o);

int cmd_check(const struct ms5_config *c);
int cmd_query(const struct ms5_config *c);
int cmd_snapshot(const struct ms5_config *c);
int cmd_tui(const struct ms5_config *c);
int cmd_andon_tail(const struct ms5_config *c);
/* --dashboard FILE --check: validates the file, prints OK or the first error. */
int cmd_check_dashboard(const struct ms5_config *c);

#endif
