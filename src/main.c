/*
 * ms5top: a terminal dashboard for factory floors. This file turns the
 * command line into a configuration and hands it to the mode it asks for;
 * exit codes are documented in ms5top(1).
 */
#include <curl/curl.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "cmd.h"
#include "log.h"
#include "ms5_build.h"
#include "ms5top/config.h"
#include "ms5top/strbuf.h"

extern char **environ;

static int cmd_version(const struct ms5_config *c)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

	(void)c;
	printf("ms5top %s (libcurl %s, libuv %s)\n", MS5_VERSION, cv->version,
		uv_version_string());
	return MS5_EXIT_OK;
}

static int cmd_help(const struct ms5_config *c)
{
	struct strbuf help;

	(void)c;
	strbuf_init(&help, 0);
	config_help(&help, "ms5top");
	fputs(strbuf_str(&help), stdout);
	strbuf_finish(&help);
	return MS5_EXIT_OK;
}

static int cmd_check_any(const struct ms5_config *c)
{
	return c->dashboard ? cmd_check_dashboard(c) : cmd_check(c);
}

/* The modes: one row each. */
static const struct command {
	enum ms5_mode mode;
	bool terminal;        /* needs a terminal on standard input and output */
	bool network;         /* needs libcurl (and so OpenSSL) initialised */
	int (*run)(const struct ms5_config *c);
} commands[] = {
	{ MS5_MODE_TUI, true, true, cmd_tui },
	{ MS5_MODE_HELP, false, false, cmd_help },
	{ MS5_MODE_VERSION, false, false, cmd_version },
	{ MS5_MODE_CHECK, false, true, cmd_check_any },
	{ MS5_MODE_QUERY, false, true, cmd_query },
	{ MS5_MODE_SNAPSHOT, false, true, cmd_snapshot },
	{ MS5_MODE_ANDON_TAIL, false, true, cmd_andon_tail },
};

static int run(const struct ms5_config *c)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (commands[i].mode != c->mode) {
			continue;
		}
		int status;

		if (commands[i].terminal && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
			fprintf(stderr, "ms5top: the interactive view needs a terminal; "
				"use --snapshot for a one-shot frame\n");
			return MS5_EXIT_USAGE;
		}
		/* Only modes that talk to servers pay for libcurl's and OpenSSL's
		 * start-up (about 2.4 MB of memory and most of --version's time). */
		if (commands[i].network && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			fprintf(stderr, "ms5top: cannot initialise libcurl\n");
			return MS5_EXIT_USAGE;
		}
		status = commands[i].run(c);
		if (commands[i].network) {
			curl_global_cleanup();
		}
		return status;
	}
	return MS5_EXIT_USAGE;
}

int main(int argc, char *argv[])
{
	struct ms5_config config;
	struct ms5_error err = { "" };
	int status;

	/* Character handling follows the user's locale (UTF-8 glyphs); numbers
	 * never do: output must parse the same everywhere. */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	signal(SIGPIPE, SIG_IGN);

	config_init(&config);
	if (!config_load(&config, argc, argv, environ, &err)) {
		fprintf(stderr, "ms5top: %s\n", err.msg);
		config_finish(&config);
		return MS5_EXIT_USAGE;
	}
	for (size_t i = 0; i < config.n_warnings; i++) {
		fprintf(stderr, "ms5top: warning: %s\n", config.warnings[i]);
	}
	if (config.log_file && !log_open(config.log_file)) {
		fprintf(stderr, "ms5top: --log %s: %s\n", config.log_file, strerror(errno));
		config_finish(&config);
		return MS5_EXIT_USAGE;
	}

	status = run(&config);
	log_close();
	config_finish(&config);
	return status;
}
