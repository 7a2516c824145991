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
#include <uv.h>

#include "cmd.h"
#include "log.h"
#include "ms5_build.h"
#include "ms5top/config.h"
#include "ms5top/strbuf.h"

extern char **environ;

static void print_version(void)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

	printf("ms5top %s (libcurl %s, libuv %s)\n", MS5_VERSION, cv->version,
		uv_version_string());
}

int main(int argc, char *argv[])
{
	struct ms5_config config;
	struct ms5_error err = { "" };
	struct strbuf help;
	int status = MS5_EXIT_OK;

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
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "ms5top: cannot initialise libcurl\n");
		config_finish(&config);
		return MS5_EXIT_USAGE;
	}

	switch (config.mode) {
	case MS5_MODE_HELP:
		strbuf_init(&help, 0);
		config_help(&help, "ms5top");
		fputs(strbuf_str(&help), stdout);
		strbuf_finish(&help);
		break;
	case MS5_MODE_VERSION:
		print_version();
		break;
	case MS5_MODE_CHECK:
		status = config.dashboard ? cmd_check_dashboard(&config) : cmd_check(&config);
		break;
	case MS5_MODE_QUERY:
		status = cmd_query(&config);
		break;
	case MS5_MODE_TUI:
		status = cmd_tui(&config);
		break;
	case MS5_MODE_SNAPSHOT:
		status = cmd_snapshot(&config);
		break;
	case MS5_MODE_ANDON_TAIL:
		status = cmd_andon_tail(&config);
		break;
	}
	curl_global_cleanup();
	log_close();
	config_finish(&config);
	return status;
}
