/*
 * ms5sim: a simulated MS5 plant for ms5top demos and tests. This file
 * turns the command line into a model and either writes its history as
 * OpenMetrics (--history) or serves it (sim_server.c).
 *
 * The model always starts at an epoch (by default the start of the
 * previous UTC day) and is advanced to "now" before anything is written or
 * served, so a history written up to now and a server started a little
 * later (on the same UTC day, or with the same --epoch) continue the same
 * counters.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libwebsockets.h>

#include "ms5_build.h"
#include "ms5top/err.h"
#include "sim_metrics.h"
#include "sim_model.h"
#include "sim_server.h"

#define DAY 86400

struct opts {
	char listen[300];            /* as given: the default instance label */
	char job[128];
	char instance[300];
	char host[256];
	int port;
	int lines, equipment;
	unsigned long long seed;
	double speed;
	char user[128], pass[128];
	char role[32];
	double token_ttl, refresh_ttl;
	bool mixed;
	double event_rate;
	double duration;
	double history;              /* seconds; 0: serve */
	double history_step;
	const char *out;
	bool epoch_set, now_set;
	long long epoch;
	double now;
	double demo_fault;           /* seconds after start; < 0: off */
	double idle_timeout;
	bool verbose, help, version;
};

static const char usage[] =
	"Usage: ms5sim [OPTION]...\n"
	"A simulated MS5 plant: production lines with equipment, shifts, faults and\n"
	"Andon events, served over the MS5 WebSocket contract, REST and /metrics on\n"
	"one port; or its past written as OpenMetrics for promtool.\n"
	"\n"
	"Server:\n"
	"  --listen ADDR:PORT      address to serve on (default 127.0.0.1:8000)\n"
	"  --credentials USER:PASS the login that /api/v1/auth/login accepts (demo:demo)\n"
	"  --role ROLE             the MS5 role the login answer names (admin); e.g. operator\n"
	"  --token-ttl SECONDS     access token lifetime, real time (1800)\n"
	"  --refresh-ttl SECONDS   refresh token lifetime, real time (604800)\n"
	"  --shapes a|mixed        WebSocket payloads: shape A only (default), or all three\n"
	"                          shapes, naive and zoned timestamps, and duplicates\n"
	"  --event-rate N          also send N synthetic Andon frames per second to every\n"
	"                          client (load tests; 0..1000000, default 0)\n"
	"  --duration SECONDS      exit after this long (real time; default: run until\n"
	"                          SIGINT/SIGTERM); accepts 90, 90s, 15m, 2h\n"
	"  --ws-idle-timeout SECONDS  forget a client silent this long without closing it,\n"
	"                          as the backend does (300; 0: never)\n"
	"  --demo-fault SECONDS|off  line_001 faults this long after start for 5-6 minutes\n"
	"                          (critical Andon, acknowledged late) (30)\n"
	"  -v, --verbose           log every HTTP request\n"
	"\n"
	"Plant:\n"
	"  --lines N               production lines, 1..1000 (6)\n"
	"  --equipment N           equipment per line, 1..48 (5)\n"
	"  --seed N                random seed; the same seed gives the same plant (1)\n"
	"  --speed X               simulated seconds per real second, >0..100000 (1)\n"
	"  --epoch UNIX            when the model starts, counters at zero (default: the\n"
	"                          start of the previous UTC day)\n"
	"  --now UNIX              pretend the current time is this (tests)\n"
	"\n"
	"History:\n"
	"  --history DURATION      write the model's past, from now - DURATION to now,\n"
	"                          as OpenMetrics text and exit (e.g. 6h, 90m, 3600)\n"
	"  --history-step SECONDS  sample interval of the history (15)\n"
	"  --out FILE              where --history writes (\"-\": standard output)\n"
	"  --job NAME              the job label of the history's series: the job_name\n"
	"                          Prometheus scrapes this server under (ms5sim; \"\": none)\n"
	"  --instance HOST:PORT    their instance label: the target Prometheus scrapes\n"
	"                          (default: the --listen address)\n"
	"\n"
	"  -h, --help              show this help and exit\n"
	"  -V, --version           show the version and exit\n"
	"\n"
	"Endpoints: ws://ADDR:PORT/ws/?token=T, /ws/andon?token=T&line_id=ID&priority=P,\n"
	"/ws/production?token=T&line_id=ID, /ws/equipment?token=T&equipment_code=C;\n"
	"POST /api/v1/auth/login, POST /api/v1/auth/refresh, GET /api/v1/andon/events/active,\n"
	"GET /api/v1/andon/events, GET /api/v1/dashboard/lines, GET /api/v1/dashboard/summary\n"
	"(Bearer token), GET /metrics, GET /health.\n"
	"Exit status: 0 done, 1 bad usage or cannot listen/write.\n";

static int bad(const char *flag, const char *value, const char *want)
{
	fprintf(stderr, "ms5sim: %s: expected %s, got '%s' (see --help)\n", flag, want, value);
	return 0;
}

static int parse_double(const char *flag, const char *v, double lo, double hi, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end || errno || !isfinite(d) || d < lo || d > hi) {
		char want[96];

		snprintf(want, sizeof(want), "a number from %g to %g", lo, hi);
		return bad(flag, v, want);
	}
	*out = d;
	return 1;
}

static int parse_int(const char *flag, const char *v, long long lo, long long hi, long long *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (end == v || *end || errno || n < lo || n > hi) {
		char want[96];

		snprintf(want, sizeof(want), "a whole number from %lld to %lld", lo, hi);
		return bad(flag, v, want);
	}
	*out = n;
	return 1;
}

/* "90", "90s", "15m", "6h", "2d" -> seconds. */
static int parse_duration(const char *flag, const char *v, double lo, double hi, double *out)
{
	char *end;
	double d, unit = 1;

	errno = 0;
	d = strtod(v, &end);
	if (end != v && !errno && isfinite(d)) {
		if (*end == 's' || *end == 'm' || *end == 'h' || *end == 'd') {
			unit = *end == 's' ? 1 : *end == 'm' ? 60 : *end == 'h' ? 3600 : DAY;
			end++;
		}
		if (!*end && d * unit >= lo && d * unit <= hi) {
			*out = d * unit;
			return 1;
		}
	}
	{
		char want[128];

		snprintf(want, sizeof(want), "a duration from %gs to %gs, like 90, 90s, 15m, 6h", lo, hi);
		return bad(flag, v, want);
	}
}

static int parse_pair(const char *flag, const char *v, char *a, size_t na, char *b, size_t nb,
	const char *want)
{
	const char *colon = strchr(v, ':');

	if (!colon || colon == v || !colon[1] || (size_t)(colon - v) >= na || strlen(colon + 1) >= nb) {
		return bad(flag, v, want);
	}
	memcpy(a, v, (size_t)(colon - v));
	a[colon - v] = '\0';
	snprintf(b, nb, "%s", colon + 1);
	return 1;
}

static int parse_listen(const char *v, struct opts *o)
{
	const char *colon = strrchr(v, ':');
	size_t hl;
	long long port;

	if (!colon || colon == v) {
		return bad("--listen", v, "ADDR:PORT");
	}
	hl = (size_t)(colon - v);
	if (v[0] == '[' && hl >= 2 && v[hl - 1] == ']') {
		v++;
		hl -= 2;
	}
	if (hl >= sizeof(o->host)) {
		return bad("--listen", v, "ADDR:PORT");
	}
	memcpy(o->host, v, hl);
	o->host[hl] = '\0';
	if (!parse_int("--listen port", colon + 1, 1, 65535, &port)) {
		return 0;
	}
	o->port = (int)port;
	return 1;
}

/* Parses argv into o; returns 0 after printing an error. */
static int parse_args(int argc, char *argv[], struct opts *o)
{
	/* The options that take a duration: bounds in seconds, where it goes. */
	const struct {
		const char *name;
		double lo, hi;
		double *out;
	} durations[] = {
		{ "--token-ttl", 1, 366.0 * DAY, &o->token_ttl },
		{ "--refresh-ttl", 1, 3660.0 * DAY, &o->refresh_ttl },
		{ "--duration", 0.001, 3660.0 * DAY, &o->duration },
		{ "--ws-idle-timeout", 0, 3660.0 * DAY, &o->idle_timeout },
		{ "--history", 1, 31.0 * DAY, &o->history },
		{ "--history-step", 1, 3600, &o->history_step },
	};
	const size_t n_durations = sizeof(durations) / sizeof(durations[0]);

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL, *eq;
		char name[64];
		long long n;
		size_t d = 0;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			o->help = true;
			continue;
		}
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			o->version = true;
			continue;
		}
		if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			o->verbose = true;
			continue;
		}
		if (strncmp(a, "--", 2) != 0) {
			fprintf(stderr, "ms5sim: unexpected argument '%s' (see --help)\n", a);
			return 0;
		}
		eq = strchr(a, '=');
		if (eq) {
			snprintf(name, sizeof(name), "%.*s", (int)(eq - a), a);
			v = eq + 1;
		} else {
			snprintf(name, sizeof(name), "%s", a);
		}
		{
			static const char *const known[] = {
				"--listen", "--credentials", "--role", "--token-ttl", "--refresh-ttl", "--shapes",
				"--event-rate", "--duration", "--ws-idle-timeout", "--demo-fault", "--lines",
				"--equipment", "--seed", "--speed", "--epoch", "--now", "--history",
				"--history-step", "--out", "--job", "--instance",
			};
			bool found = false;

			for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
				found |= !strcmp(name, known[k]);
			}
			if (!found) {
				fprintf(stderr, "ms5sim: unknown option '%s' (see --help)\n", name);
				return 0;
			}
		}
		if (!v) {
			if (i + 1 >= argc) {
				fprintf(stderr, "ms5sim: %s needs a value (see --help)\n", name);
				return 0;
			}
			v = argv[++i];
		}
		while (d < n_durations && strcmp(name, durations[d].name)) {
			d++;
		}
		if (d < n_durations) {
			if (!parse_duration(name, v, durations[d].lo, durations[d].hi, durations[d].out)) {
				return 0;
			}
		} else if (!strcmp(name, "--listen")) {
			if (strlen(v) >= sizeof(o->listen) || strpbrk(v, "\"\\\n")) {
				return bad(name, v, "ADDR:PORT");
			}
			if (!parse_listen(v, o)) {
				return 0;
			}
			snprintf(o->listen, sizeof(o->listen), "%s", v);
		} else if (!strcmp(name, "--credentials")) {
			if (!parse_pair(name, v, o->user, sizeof(o->user), o->pass, sizeof(o->pass), "USER:PASS")) {
				return 0;
			}
		} else if (!strcmp(name, "--role")) {
			size_t len = strlen(v);

			if (len == 0 || len >= sizeof(o->role) ||
				strspn(v, "abcdefghijklmnopqrstuvwxyz_") != len) {
				fprintf(stderr, "ms5sim: --role: '%s' is not a role name (a-z and _)\n", v);
				return 0;
			}
			snprintf(o->role, sizeof(o->role), "%s", v);
		} else if (!strcmp(name, "--shapes")) {
			if (!strcmp(v, "a") || !strcmp(v, "A")) {
				o->mixed = false;
			} else if (!strcmp(v, "mixed")) {
				o->mixed = true;
			} else {
				return bad(name, v, "a or mixed");
			}
		} else if (!strcmp(name, "--event-rate")) {
			if (!parse_double(name, v, 0, 1e6, &o->event_rate)) {
				return 0;
			}
		} else if (!strcmp(name, "--demo-fault")) {
			if (!strcmp(v, "off") || !strcmp(v, "none")) {
				o->demo_fault = -1;
			} else if (!parse_duration(name, v, 0, 366.0 * DAY, &o->demo_fault)) {
				return 0;
			}
		} else if (!strcmp(name, "--lines")) {
			if (!parse_int(name, v, 1, SIM_MAX_LINES, &n)) {
				return 0;
			}
			o->lines = (int)n;
		} else if (!strcmp(name, "--equipment")) {
			if (!parse_int(name, v, 1, SIM_MAX_EQUIPMENT, &n)) {
				return 0;
			}
			o->equipment = (int)n;
		} else if (!strcmp(name, "--seed")) {
			char *end;

			errno = 0;
			o->seed = strtoull(v, &end, 10);
			if (end == v || *end || errno || v[0] == '-') {
				return bad(name, v, "a whole number from 0 to 18446744073709551615");
			}
		} else if (!strcmp(name, "--speed")) {
			if (!parse_double(name, v, 1e-6, 100000, &o->speed)) {
				return 0;
			}
		} else if (!strcmp(name, "--epoch")) {
			if (!parse_int(name, v, 0, 253402300799LL, &o->epoch)) {
				return 0;
			}
			o->epoch_set = true;
		} else if (!strcmp(name, "--now")) {
			if (!parse_double(name, v, 86400.0 * 40, 253402300799.0, &o->now)) {
				return 0;
			}
			o->now_set = true;
		} else if (!strcmp(name, "--out")) {
			o->out = v;
		} else if (!strcmp(name, "--job")) {
			if (strlen(v) >= sizeof(o->job) || strpbrk(v, "\"\\\n")) {
				return bad(name, v, "a label value without quotes, backslashes or newlines");
			}
			snprintf(o->job, sizeof(o->job), "%s", v);
		} else if (!strcmp(name, "--instance")) {
			if (strlen(v) >= sizeof(o->instance) || strpbrk(v, "\"\\\n") || !v[0]) {
				return bad(name, v, "HOST:PORT");
			}
			snprintf(o->instance, sizeof(o->instance), "%s", v);
		}
	}
	if (o->history > 0 && !o->out) {
		fprintf(stderr, "ms5sim: --history needs --out FILE (see --help)\n");
		return 0;
	}
	if (o->out && o->history <= 0) {
		fprintf(stderr, "ms5sim: --out is only used with --history (see --help)\n");
		return 0;
	}
	return 1;
}

static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void utc(char *buf, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int write_history(struct sim_model *m, const struct opts *o, int64_t t0, int64_t step,
	size_t points)
{
	struct sim_mw w;
	struct ms5_error err = { "" };
	FILE *f = strcmp(o->out, "-") ? fopen(o->out, "w") : stdout;
	double started = mono();
	char from[32], to[32], labels[700];
	bool ok;

	if (!f) {
		fprintf(stderr, "ms5sim: --out %s: %s\n", o->out, strerror(errno));
		return 1;
	}
	sim_advance_to(m, t0);
	sim_mw_init_collect(&w, points);
	if (o->job[0]) {
		snprintf(labels, sizeof(labels), "job=\"%s\",instance=\"%s\"", o->job,
			o->instance[0] ? o->instance : o->listen);
		w.target_labels = labels;
	}
	for (size_t p = 0; p < points; p++) {
		sim_advance_to(m, t0 + (int64_t)p * step);
		sim_mw_next_pass(&w);
		sim_metrics_write(&w, m, NULL);
	}
	ok = sim_mw_write_openmetrics(&w, f, t0, step, &err);
	if (f != stdout && fclose(f) != 0 && ok) {
		ok = false;
		snprintf(err.msg, sizeof(err.msg), "%s", strerror(errno));
	}
	utc(from, sizeof(from), t0);
	utc(to, sizeof(to), t0 + (int64_t)(points - 1) * step);
	if (!ok) {
		fprintf(stderr, "ms5sim: --out %s: %s\n", o->out, err.msg);
	} else {
		fprintf(stderr, "ms5sim: wrote %zu series x %zu samples (%s .. %s, every %llds, "
			"model epoch %lld, labels {%s}) to %s in %.2f s\n", w.n_series, points, from, to,
			(long long)step, (long long)m->cfg.epoch, w.target_labels ? w.target_labels : "",
			o->out, mono() - started);
	}
	sim_mw_finish(&w);
	return ok ? 0 : 1;
}

int main(int argc, char *argv[])
{
	struct opts o = {
		.listen = "127.0.0.1:8000", .job = "ms5sim",
		.host = "127.0.0.1", .port = 8000, .lines = 6, .equipment = 5, .seed = 1, .speed = 1,
		.user = "demo", .pass = "demo", .token_ttl = 1800, .refresh_ttl = 7.0 * DAY,
		.history_step = 15, .demo_fault = 30, .idle_timeout = 300,
	};
	struct sim_config cfg;
	struct sim_model *m;
	const char *err = NULL;
	double now;
	int64_t t0 = 0, step = 0;
	size_t points = 0;
	int status;

	if (!parse_args(argc, argv, &o)) {
		return 1;
	}
	if (o.help) {
		fputs(usage, stdout);
		return 0;
	}
	if (o.version) {
		printf("ms5sim %s (libwebsockets %s)\n", MS5_VERSION, lws_get_library_version());
		return 0;
	}

	now = o.now_set ? o.now : wall();
	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = o.seed;
	cfg.n_lines = o.lines;
	cfg.n_equipment = o.equipment;
	cfg.epoch = o.epoch_set ? o.epoch : (int64_t)floor(now / DAY) * DAY - DAY;
	if (o.history > 0) {
		int64_t end;

		step = (int64_t)o.history_step;
		end = (int64_t)floor(now) / step * step;
		points = (size_t)(o.history / (double)step) + 1;
		t0 = end - (int64_t)(points - 1) * step;
		if (t0 < cfg.epoch) {
			if (o.epoch_set) {
				fprintf(stderr, "ms5sim: --history reaches before --epoch %lld\n", o.epoch);
				return 1;
			}
			cfg.epoch = t0 / DAY * DAY;
			fprintf(stderr, "ms5sim: note: history before yesterday: the model starts at %lld; "
				"start the server with --epoch %lld to continue its counters\n",
				(long long)cfg.epoch, (long long)cfg.epoch);
		}
	} else {
		if ((int64_t)floor(now) < cfg.epoch) {
			fprintf(stderr, "ms5sim: --epoch %lld is after now\n", o.epoch);
			return 1;
		}
		cfg.events = true;
		cfg.demo_fault_at = o.demo_fault >= 0 ? (int64_t)floor(now + o.demo_fault) : 0;
	}
	m = sim_create(&cfg, &err);
	if (!m) {
		fprintf(stderr, "ms5sim: %s\n", err);
		return 1;
	}
	if (o.history > 0) {
		status = write_history(m, &o, t0, step, points);
	} else {
		struct sim_server_opts so = {
			.host = o.host, .port = o.port, .user = o.user, .pass = o.pass, .role = o.role,
			.token_ttl = o.token_ttl, .refresh_ttl = o.refresh_ttl, .mixed = o.mixed,
			.event_rate = o.event_rate, .duration = o.duration, .speed = o.speed,
			.idle_timeout = o.idle_timeout, .verbose = o.verbose, .seed = o.seed,
		};
		double started = mono();

		/* The model's past up to now: the live plant continues from it. */
		sim_advance_to(m, (int64_t)floor(now));
		fprintf(stderr, "ms5sim: model epoch %lld, caught up to now in %.2f s\n",
			(long long)cfg.epoch, mono() - started);
		so.sim_start = o.now_set ? o.now : wall();
		status = sim_server_run(m, &so);
	}
	sim_destroy(m);
	return status;
}
