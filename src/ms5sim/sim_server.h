/*
 * ms5sim's server: one port, libwebsockets on its own poll loop, serving
 * the MS5 WebSocket contract (/ws/, /ws/andon, /ws/production,
 * /ws/equipment), the REST endpoints ms5top uses (login, refresh, active
 * and listed Andon events, dashboard lines and summary) and /metrics,
 * all from one simulated plant.
 *
 * A timer every 100 ms moves the model to "now" (real time times the
 * speed), turns its events into frames for the clients whose
 * subscriptions want them, and adds the synthetic load frames. SIGINT and
 * SIGTERM (or --duration) send system_shutdown to every client, close the
 * connections with 1001 and return.
 */
#ifndef MS5SIM_SIM_SERVER_H
#define MS5SIM_SIM_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "sim_model.h"

struct sim_server_opts {
	const char *host;            /* listen address; "0.0.0.0" or "*": any */
	int port;
	const char *user, *pass;     /* the one account */
	const char *role;            /* its MS5 role in the login answer (admin) */
	double token_ttl;            /* access token lifetime, real seconds */
	double refresh_ttl;          /* refresh token lifetime, real seconds */
	bool mixed;                  /* --shapes mixed */
	double event_rate;           /* synthetic Andon frames per second */
	double duration;             /* real seconds to run; 0: until a signal */
	double speed;                /* simulated seconds per real second */
	double idle_timeout;         /* forget a silent client after this; 0 never */
	double sim_start;            /* the model's time when serving starts */
	bool verbose;                /* log every HTTP request */
	uint64_t seed;
};

/* Serves until a signal or the duration; returns the process exit status
 * (0, or 1 when the port cannot be opened). */
int sim_server_run(struct sim_model *m, const struct sim_server_opts *o);

#endif
