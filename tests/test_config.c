#include <criterion/criterion.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms5top/andon.h"
#include "ms5top/config.h"
#include "ms5top/strbuf.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0]) - 1))

/* A scratch directory per test (criterion runs each test in its own
 * process, so a static is per test). */
static char tmpdir[64];

static const char *tmp(void)
{
	if (!tmpdir[0]) {
		strcpy(tmpdir, "/tmp/ms5cfg.XXXXXX");
		cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	}
	return tmpdir;
}

/* Writes len bytes to tmp()/name with mode; returns the path (static). */
static const char *write_file(const char *name, const char *text, size_t len, mode_t mode)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", tmp(), name);
	f = fopen(p, "wb");
	cr_assert_not_null(f, "%s: %s", p, strerror(errno));
	cr_assert_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	cr_assert_eq(chmod(p, mode), 0);
	return p;
}

static const char *write_text(const char *name, const char *text)
{
	return write_file(name, text, strlen(text), 0600);
}

static void mkdirs(const char *rel)
{
	char p[256], *s;

	snprintf(p, sizeof(p), "%s/%s", tmp(), rel);
	for (s = p + strlen(tmp()) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0700);
		*s = '/';
	}
	mkdir(p, 0700);
}

/* Parses text as a config file; returns whether it was accepted. */
static bool ini(struct ms5_config *c, const char *text, struct ms5_error *err)
{
	config_init(c);
	return config_parse_ini(c, text, strlen(text), "t.conf", err);
}

static void ini_error(const char *text, const char *part)
{
	struct ms5_config c;
	struct ms5_error err = { "" };

	cr_expect_not(ini(&c, text, &err), "accepted: %s", text);
	cr_expect(strstr(err.msg, part) != NULL, "error '%s' lacks '%s'", err.msg, part);
	config_finish(&c);
}

static void args_error(int argc, char *const argv[], const char *part)
{
	struct ms5_config c;
	struct ms5_error err = { "" };
	bool ok;

	config_init(&c);
	ok = config_parse_args(&c, argc, argv, &err) && config_validate(&c, &err);
	cr_expect_not(ok, "accepted %s %s", argv[1], argc > 2 ? argv[2] : "");
	cr_expect(strstr(err.msg, part) != NULL, "error '%s' lacks '%s'", err.msg, part);
	config_finish(&c);
}

#define ARGS_ERROR(part, ...) do { \
		char *const argv_[] = { "ms5top", __VA_ARGS__, NULL }; \
		args_error(ARGC(argv_), argv_, part); \
	} while (0)

static void env_error(char *const envp[], const char *part)
{
	struct ms5_config c;
	struct ms5_error err = { "" };
	bool ok;

	config_init(&c);
	ok = config_apply_env(&c, envp, &err) && config_validate(&c, &err);
	cr_expect_not(ok, "accepted %s", envp[0]);
	cr_expect(strstr(err.msg, part) != NULL, "error '%s' lacks '%s'", err.msg, part);
	config_finish(&c);
}

#define ENV_ERROR(part, ...) do { \
		char *const envp_[] = { __VA_ARGS__, NULL }; \
		env_error(envp_, part); \
	} while (0)

/* config_load with a given argv and envp; empty environment by default. */
static bool load(struct ms5_config *c, int argc, char *const argv[], char *const envp[],
	struct ms5_error *err)
{
	config_init(c);
	return config_load(c, argc, argv, envp, err);
}

Test(config, defaults)
{
	struct ms5_config c;

	config_init(&c);
	cr_assert_str_eq(c.prometheus_url, "http://127.0.0.1:9090");
	cr_assert_str_eq(c.andon_url, "ws://127.0.0.1:8000/ws/");
	cr_assert_null(c.alertmanager_url);
	cr_assert_null(c.api_url);
	cr_assert_null(c.token);
	cr_assert_float_eq(c.timeout, 10, 1e-12);
	cr_assert_float_eq(c.refresh, 0, 1e-12);
	cr_assert_str_eq(c.plant, "MS5 plant");
	cr_assert_str_eq(c.theme, "default");
	cr_assert_eq(c.role, MS5_ROLE_FLOOR);
	cr_assert_eq(c.mode, MS5_MODE_TUI);
	cr_assert_eq(c.format, MS5_FORMAT_TEXT);
	cr_assert_eq(c.n_lines, 0);
	cr_assert_eq(c.n_headers, 0);
	cr_assert_not(c.insecure);
	cr_assert(config_validate(&c, NULL));
	config_finish(&c);
}

Test(config, man_page_example_parses)
{
	static const char text[] =
		"[prometheus]\n"
		"url = https://prometheus.plant.example\n"
		"[alertmanager]\n"
		"url = https://alertmanager.plant.example\n"
		"[andon]\n"
		"url = wss://ms5.plant.example/ws/\n"
		"api_url = https://ms5.plant.example\n"
		"line = line_01\n"
		"line = line_02\n"
		"[auth]\n"
		"token_file = /etc/ms5top/token        # or: user = floor / password_file = ...\n"
		"# user = floor\n"
		"[tls]\n"
		"ca_file = /etc/ssl/certs/plant-ca.pem # cert/key for mutual TLS\n"
		"; insecure = false\n"
		"[http]\n"
		"header = X-Scope-OrgID: plant-7       # repeatable\n"
		"timeout = 2.5\n"
		"[ui]\n"
		"role = operations\n"
		"plant = Plant 7\n"
		"theme = default\n"
		"refresh = 0\n"
		"kiosk = yes\n"
		"kiosk_unlock = \"ctrl-x #q\"\n"
		"colors = 256\n"
		"glyphs = ascii\n"
		"dashboard = /etc/ms5top/floor.json\n"
		"[log]\n"
		"file = /var/log/ms5top.log\n";
	struct ms5_config c;
	struct ms5_error err = { "" };

	cr_assert(ini(&c, text, &err), "%s", err.msg);
	cr_assert(config_validate(&c, &err), "%s", err.msg);
	cr_expect_str_eq(c.prometheus_url, "https://prometheus.plant.example");
	cr_expect_str_eq(c.alertmanager_url, "https://alertmanager.plant.example");
	cr_expect_str_eq(c.andon_url, "wss://ms5.plant.example/ws/");
	cr_expect_str_eq(c.api_url, "https://ms5.plant.example");
	cr_assert_eq(c.n_lines, 2);
	cr_expect_str_eq(c.lines[0], "line_01");
	cr_expect_str_eq(c.lines[1], "line_02");
	cr_expect_str_eq(c.token_file, "/etc/ms5top/token");
	cr_expect_null(c.user);
	cr_expect_str_eq(c.ca_file, "/etc/ssl/certs/plant-ca.pem");
	cr_assert_eq(c.n_headers, 1);
	cr_expect_str_eq(c.headers[0], "X-Scope-OrgID: plant-7");
	cr_expect_float_eq(c.timeout, 2.5, 1e-12);
	cr_expect_eq(c.role, MS5_ROLE_OPS);
	cr_expect_str_eq(c.plant, "Plant 7");
	cr_expect(c.kiosk);
	cr_expect_str_eq(c.kiosk_unlock, "ctrl-x #q");
	cr_expect_eq(c.colors, MS5_DEPTH_256);
	cr_expect_eq(c.glyphs, MS5_GLYPHS_ASCII);
	cr_expect_str_eq(c.dashboard, "/etc/ms5top/floor.json");
	cr_expect_str_eq(c.log_file, "/var/log/ms5top.log");
	config_finish(&c);
}

Test(config, every_flag)
{
	char *const argv[] = { "ms5top", "--prometheus", "https://p.example/prom/",
		"--alertmanager=http://am:9093", "--andon-url", "wss://a.example/ws/",
		"--api-url", "https://a.example", "--line", "l1", "--line=l2",
		"--token-file", "/run/tok", "--user", "floor", "--password-file", "/run/pw",
		"--ca-file", "/ca.pem", "--cert", "/c.pem", "--key", "/c.key", "--insecure",
		"--header", "X-A: 1", "--header", "X-B:2", "--timeout", "0.1",
		"--role=exec", "--plant", "Werk Süd", "--theme", "mono", "--dashboard", "/d.json",
		"--refresh", "3600", "--kiosk", "--kiosk-unlock", "qq", "--colors", "truecolor",
		"--glyphs", "braille", "--log", "/tmp/l", "--snapshot", "--format", "json",
		"--color", "never", "--width", "10", "--height", "1000", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	cr_assert(config_parse_args(&c, ARGC(argv), argv, &err), "%s", err.msg);
	cr_assert(config_validate(&c, &err), "%s", err.msg);
	cr_expect_str_eq(c.prometheus_url, "https://p.example/prom/");
	cr_expect_str_eq(c.alertmanager_url, "http://am:9093");
	cr_expect_str_eq(c.andon_url, "wss://a.example/ws/");
	cr_expect_str_eq(c.api_url, "https://a.example");
	cr_assert_eq(c.n_lines, 2);
	cr_expect_str_eq(c.lines[1], "l2");
	cr_expect_str_eq(c.token_file, "/run/tok");
	cr_expect_str_eq(c.user, "floor");
	cr_expect_str_eq(c.password_file, "/run/pw");
	cr_expect_str_eq(c.ca_file, "/ca.pem");
	cr_expect_str_eq(c.cert, "/c.pem");
	cr_expect_str_eq(c.key, "/c.key");
	cr_expect(c.insecure);
	cr_assert_eq(c.n_headers, 2);
	cr_expect_str_eq(c.headers[1], "X-B: 2");
	cr_expect_float_eq(c.timeout, 0.1, 1e-12);
	cr_expect_eq(c.role, MS5_ROLE_EXEC);
	cr_expect_str_eq(c.plant, "Werk Süd");
	cr_expect_str_eq(c.theme, "mono");
	cr_expect_str_eq(c.dashboard, "/d.json");
	cr_expect_float_eq(c.refresh, 3600, 1e-12);
	cr_expect(c.kiosk);
	cr_expect_str_eq(c.kiosk_unlock, "qq");
	cr_expect_eq(c.colors, MS5_DEPTH_TRUECOLOR);
	cr_expect_eq(c.glyphs, MS5_GLYPHS_BRAILLE);
	cr_expect_str_eq(c.log_file, "/tmp/l");
	cr_expect_eq(c.mode, MS5_MODE_SNAPSHOT);
	cr_expect_eq(c.format, MS5_FORMAT_JSON);
	cr_expect_eq(c.color, MS5_COLOR_NEVER);
	cr_expect_eq(c.width, 10);
	cr_expect_eq(c.height, 1000);
	config_finish(&c);
}

Test(config, every_variable)
{
	char *const envp[] = { "PATH=/bin", "MS5TOP_PROMETHEUS=http://p:1",
		"MS5TOP_ALERTMANAGER=http://am:2", "MS5TOP_ANDON_URL=ws://a:3/",
		"MS5TOP_API_URL=http://a:4", "MS5TOP_LINES= l1, l2,,l3 ,", "MS5TOP_TOKEN=abc.def",
		"MS5TOP_CA_FILE=/ca", "MS5TOP_CERT=/c", "MS5TOP_KEY=/k", "MS5TOP_INSECURE=on",
		"MS5TOP_HEADERS=X-A: 1\r\n\nX-B: 2\n", "MS5TOP_TIMEOUT=300", "MS5TOP_ROLE=executive",
		"MS5TOP_PLANT=P", "MS5TOP_THEME=light", "MS5TOP_DASHBOARD=/d", "MS5TOP_REFRESH=1",
		"MS5TOP_KIOSK=1", "MS5TOP_KIOSK_UNLOCK=x", "MS5TOP_COLORS=none",
		"MS5TOP_GLYPHS=blocks", "MS5TOP_LOG=/l", "MS5TOP_CONFIG=/cfg", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	cr_assert(config_apply_env(&c, envp, &err), "%s", err.msg);
	cr_assert(config_validate(&c, &err), "%s", err.msg);
	cr_expect_str_eq(c.prometheus_url, "http://p:1");
	cr_expect_str_eq(c.alertmanager_url, "http://am:2");
	cr_expect_str_eq(c.andon_url, "ws://a:3/");
	cr_expect_str_eq(c.api_url, "http://a:4");
	cr_assert_eq(c.n_lines, 3);
	cr_expect_str_eq(c.lines[0], "l1");
	cr_expect_str_eq(c.lines[2], "l3");
	cr_expect_str_eq(c.token, "abc.def");
	cr_expect(c.insecure);
	cr_assert_eq(c.n_headers, 2);
	cr_expect_str_eq(c.headers[0], "X-A: 1");
	cr_expect_str_eq(c.headers[1], "X-B: 2");
	cr_expect_float_eq(c.timeout, 300, 1e-12);
	cr_expect_eq(c.role, MS5_ROLE_EXEC);
	cr_expect_str_eq(c.theme, "light");
	cr_expect(c.kiosk);
	cr_expect_eq(c.colors, MS5_DEPTH_NONE);
	cr_expect_eq(c.glyphs, MS5_GLYPHS_BLOCKS);
	cr_expect_str_eq(c.log_file, "/l");
	cr_expect_str_eq(c.config_file, "/cfg");
	cr_expect(c.config_file_explicit);
	cr_expect_eq(c.n_warnings, 0);
	config_finish(&c);
}

Test(config, precedence_per_key)
{
	const char *path = write_text("config",
		"[prometheus]\nurl = http://file:1\n"
		"[alertmanager]\nurl = http://file:2\n"
		"[ui]\nrole = exec\nplant = from-file\n"
		"[http]\ntimeout = 5\n");
	char env_cfg[300];
	char *const envp[] = { env_cfg, "MS5TOP_ALERTMANAGER=http://env:2",
		"MS5TOP_ROLE=ops", "MS5TOP_TIMEOUT=6", NULL };
	char *const argv[] = { "ms5top", "--timeout", "7", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	snprintf(env_cfg, sizeof(env_cfg), "MS5TOP_CONFIG=%s", path);
	cr_assert(load(&c, ARGC(argv), argv, envp, &err), "%s", err.msg);
	cr_expect_str_eq(c.prometheus_url, "http://file:1");     /* file only */
	cr_expect_str_eq(c.alertmanager_url, "http://env:2");    /* env beats file */
	cr_expect_eq(c.role, MS5_ROLE_OPS);                      /* env beats file */
	cr_expect_str_eq(c.plant, "from-file");                  /* file beats default */
	cr_expect_float_eq(c.timeout, 7, 1e-12);                 /* flag beats both */
	cr_expect_str_eq(c.theme, "default");                    /* default */
	cr_expect_str_eq(c.config_file, path);
	cr_expect(c.config_file_explicit);
	config_finish(&c);
}

Test(config, lists_are_replaced_by_the_strongest_source)
{
	const char *path = write_text("config",
		"[http]\nheader = X-File-1: a\nheader = X-File-2: b\n"
		"[andon]\nline = f1\nline = f2\nline = f3\n");
	char cfg[300];
	char *const envp[] = { cfg, "MS5TOP_HEADERS=X-Env: c", NULL };
	char *const argv_none[] = { "ms5top", NULL };
	char *const argv[] = { "ms5top", "--header", "X-Flag-1: d", "--header", "X-Flag-2: e",
		"--line", "x1", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	snprintf(cfg, sizeof(cfg), "MS5TOP_CONFIG=%s", path);
	cr_assert(load(&c, ARGC(argv_none), argv_none, envp, &err), "%s", err.msg);
	cr_assert_eq(c.n_headers, 1);
	cr_expect_str_eq(c.headers[0], "X-Env: c");
	cr_assert_eq(c.n_lines, 3);       /* the file's lines stay: nothing stronger names one */
	cr_expect_str_eq(c.lines[2], "f3");
	config_finish(&c);

	cr_assert(load(&c, ARGC(argv), argv, envp, &err), "%s", err.msg);
	cr_assert_eq(c.n_headers, 2);
	cr_expect_str_eq(c.headers[0], "X-Flag-1: d");
	cr_expect_str_eq(c.headers[1], "X-Flag-2: e");
	cr_assert_eq(c.n_lines, 1);
	cr_expect_str_eq(c.lines[0], "x1");
	config_finish(&c);
}

Test(config, stronger_token_source_drops_the_weaker_token_file)
{
	const char *path = write_text("config", "[auth]\ntoken_file = /run/token\n");
	char cfg[300];
	char *const envp[] = { cfg, NULL };
	char *const argv[] = { "ms5top", "--token", "t0k", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	snprintf(cfg, sizeof(cfg), "MS5TOP_CONFIG=%s", path);
	cr_assert(load(&c, ARGC(argv), argv, envp, &err), "%s", err.msg);
	cr_expect_str_eq(c.token, "t0k");
	cr_expect_null(c.token_file);
	config_finish(&c);
}

Test(config, token_and_token_file_in_one_source)
{
	ARGS_ERROR("--token and --token-file cannot be used together",
		"--token", "abc", "--token-file", "/x");
	ENV_ERROR("MS5TOP_TOKEN and MS5TOP_TOKEN_FILE cannot be used together",
		"MS5TOP_TOKEN=abc", "MS5TOP_TOKEN_FILE=/x");
	ini_error("[auth]\ntoken = abc\ntoken_file = /x\n",
		"t.conf:3: [auth] token_file: cannot be used with [auth] token (line 2)");

	struct ms5_config c;
	struct ms5_error err;

	config_init(&c);
	c.token = strdup("a");
	c.token_file = strdup("/b");
	cr_expect_not(config_validate(&c, &err));
	cr_expect(strstr(err.msg, "cannot be used together") != NULL, "%s", err.msg);
	config_finish(&c);
}

Test(config, error_messages_name_the_source)
{
	struct ms5_config c;
	struct ms5_error err = { "" };
	char *const argv[] = { "ms5top", "--role", "forman", NULL };
	char *const envp[] = { "MS5TOP_PROMETHEUS=localhost:9090", NULL };

	config_init(&c);
	cr_expect_not(config_parse_args(&c, ARGC(argv), argv, &err));
	cr_expect_str_eq(err.msg, "--role: 'forman' is not one of floor, ops, exec");
	cr_expect_not(config_apply_env(&c, envp, &err));
	cr_expect_str_eq(err.msg,
		"MS5TOP_PROMETHEUS: 'localhost:9090' is not an http:// or https:// URL");
	config_finish(&c);
	ini_error("# c\n\n[ui]\n\nrole = ops\n  \nrefresh = 5x\n",
		"t.conf:7: [ui] refresh: '5x' is not a number of seconds");
	ini(&c, "[ui]\nrefresh = 5x\n", &err);
	cr_expect_str_eq(err.msg, "t.conf:2: [ui] refresh: '5x' is not a number of seconds");
	config_finish(&c);
}

Test(config, url_validation)
{
	ARGS_ERROR("is not an http:// or https:// URL", "--prometheus", "localhost:9090");
	ARGS_ERROR("is not an http:// or https:// URL", "--prometheus", "ftp://h/");
	ARGS_ERROR("is not an http:// or https:// URL", "--alertmanager", "ws://h/");
	ARGS_ERROR("is not an http:// or https:// URL", "--api-url", "HTTPX://h/");
	ARGS_ERROR("is not a ws:// or wss:// URL", "--andon-url", "http://h/ws/");
	ARGS_ERROR("'http://:9090' has no valid host and port", "--prometheus", "http://:9090");
	ARGS_ERROR("has no valid host and port", "--prometheus", "http://h:99999");
	ARGS_ERROR("has no valid host and port", "--prometheus", "http://h:x");
	ARGS_ERROR("has no valid host and port", "--andon-url", "ws://[::1/");
	ARGS_ERROR("holds a space or control character", "--prometheus", "http://h /x");
	ARGS_ERROR("must not be empty", "--prometheus", "");
	ENV_ERROR("MS5TOP_ANDON_URL: 'wss:/h' is not a ws:// or wss:// URL", "MS5TOP_ANDON_URL=wss:/h");

	char *const argv[] = { "ms5top", "--prometheus", "https://[::1]:9090/p/",
		"--andon-url", "", "--alertmanager", "", "--api-url", "http://H:80", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	cr_assert(config_parse_args(&c, ARGC(argv), argv, &err), "%s", err.msg);
	cr_assert(config_validate(&c, &err), "%s", err.msg);
	cr_expect_null(c.andon_url);           /* empty turns the stream off */
	cr_expect_null(c.alertmanager_url);
	config_finish(&c);
}

Test(config, number_validation)
{
	ARGS_ERROR("--timeout: '0.09' is not between 0.1 and 300 seconds", "--timeout", "0.09");
	ARGS_ERROR("--timeout: '300.5' is not between 0.1 and 300 seconds", "--timeout", "300.5");
	ARGS_ERROR("--timeout: '-1' is not between", "--timeout", "-1");
	ARGS_ERROR("--timeout: '1e3' is not a number of seconds", "--timeout", "1e3");
	ARGS_ERROR("is not a number of seconds", "--timeout", "nan");
	ARGS_ERROR("is not a number of seconds", "--timeout", "1,5");
	ARGS_ERROR("is not a number of seconds", "--timeout", ".");
	ARGS_ERROR("--refresh: '0.5' is not 0 or between 1 and 3600 seconds", "--refresh", "0.5");
	ARGS_ERROR("is not 0 or between 1 and 3600", "--refresh", "3601");
	ARGS_ERROR("--width: '9' is not between 10 and 1000", "--width", "9");
	ARGS_ERROR("--height: '1001' is not between 10 and 1000", "--height", "1001");
	ARGS_ERROR("--height: '99999999999999999999' is not between", "--height",
		"99999999999999999999");
	ARGS_ERROR("--width: '12.5' is not a whole number", "--width", "12.5");
	ARGS_ERROR("--width: '' is not a whole number", "--width", "");
	ENV_ERROR("MS5TOP_TIMEOUT: '10s' is not a number of seconds", "MS5TOP_TIMEOUT=10s");

	char *const argv[] = { "ms5top", "--timeout", ".5", "--refresh", "0", "--width", "+80",
		NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	cr_assert(config_parse_args(&c, ARGC(argv), argv, &err), "%s", err.msg);
	cr_expect_float_eq(c.timeout, 0.5, 1e-12);
	cr_expect_float_eq(c.refresh, 0, 1e-12);
	cr_expect_eq(c.width, 80);
	/* validate catches what a caller set directly */
	c.timeout = 0;
	cr_expect_not(config_validate(&c, &err));
	cr_expect(strstr(err.msg, "--timeout: 0 is not between 0.1 and 300") != NULL, "%s", err.msg);
	config_finish(&c);
}

Test(config, numbers_ignore_the_locale)
{
	struct ms5_config c;
	struct ms5_error err = { "" };
	char *const argv[] = { "ms5top", "--timeout", "0.5", NULL };
	char *const bad[] = { "ms5top", "--timeout", "0,5", NULL };

	if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "de_DE.utf8")) {
		cr_skip_test("no German locale installed");
	}
	config_init(&c);
	cr_assert(config_parse_args(&c, 3, argv, &err), "%s", err.msg);
	cr_expect_float_eq(c.timeout, 0.5, 1e-12);
	cr_expect_not(config_parse_args(&c, 3, bad, &err));
	cr_expect_str_eq(err.msg, "--timeout: '0,5' is not a number of seconds");
	c.timeout = 0.05;
	cr_expect_not(config_validate(&c, &err));
	cr_expect_str_eq(err.msg, "--timeout: 0.05 is not between 0.1 and 300 seconds");
	config_finish(&c);
}

Test(config, enum_and_bool_validation)
{
	ARGS_ERROR("--colors: 'millions' is not one of auto, none, 8, 16, 256, truecolor",
		"--colors", "millions");
	ARGS_ERROR("--glyphs: 'emoji' is not one of auto, braille, blocks, ascii",
		"--glyphs", "emoji");
	ARGS_ERROR("--format: 'yaml' is not one of text, json", "--format", "yaml");
	ARGS_ERROR("--color: 'sometimes' is not one of auto, always, never", "--color", "sometimes");
	ENV_ERROR("MS5TOP_INSECURE: 'maybe' is not one of true, false", "MS5TOP_INSECURE=maybe");
	ENV_ERROR("MS5TOP_ROLE: 'boss' is not one of floor, ops, exec", "MS5TOP_ROLE=boss");
	ini_error("[ui]\nkiosk = 2\n", "t.conf:2: [ui] kiosk: '2' is not one of true, false");

	static const struct { const char *v; enum ms5_role r; } roles[] = {
		{ "floor", MS5_ROLE_FLOOR }, { "ops", MS5_ROLE_OPS }, { "operations", MS5_ROLE_OPS },
		{ "exec", MS5_ROLE_EXEC }, { "executive", MS5_ROLE_EXEC }, { "EXEC", MS5_ROLE_EXEC },
	};
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		char arg[32];
		char *const argv[] = { "ms5top", arg, NULL };
		struct ms5_config c;
		struct ms5_error err = { "" };

		snprintf(arg, sizeof(arg), "--role=%s", roles[i].v);
		config_init(&c);
		cr_expect(config_parse_args(&c, 2, argv, &err), "%s: %s", arg, err.msg);
		cr_expect_eq(c.role, roles[i].r, "%s", arg);
		config_finish(&c);
	}
	cr_expect_str_eq(config_role_name(MS5_ROLE_FLOOR), "floor");
	cr_expect_str_eq(config_role_name(MS5_ROLE_OPS), "ops");
	cr_expect_str_eq(config_role_name(MS5_ROLE_EXEC), "exec");

	char *const envp[] = { "MS5TOP_INSECURE=No", "MS5TOP_KIOSK=TRUE", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	c.insecure = true;
	cr_assert(config_apply_env(&c, envp, &err), "%s", err.msg);
	cr_expect_not(c.insecure);
	cr_expect(c.kiosk);
	config_finish(&c);
}

Test(config, header_validation)
{
	ARGS_ERROR("--header: a header is written 'Name: value'", "--header", "X-Scope-OrgID");
	ARGS_ERROR("--header: a header is written 'Name: value'", "--header", ": v");
	ARGS_ERROR("--header: 'X Scope' is not a valid header name", "--header", "X Scope: v");
	ARGS_ERROR("--header: header X-A has no value", "--header", "X-A:  ");
	ARGS_ERROR("--header: the value of header X-A holds a CR, LF", "--header", "X-A: a\r\nB: c");
	ARGS_ERROR("--header: the value of header X-A holds a CR, LF", "--header", "X-A: a\nb");
	ini_error("[http]\nheader = X-\x01: v\n", "t.conf:2: [http] header: 'X-\\x01' is not a valid");

	char *argv[MS5_MAX_HEADERS * 2 + 3] = { "ms5top" };
	int argc = 1;

	for (int i = 0; i <= MS5_MAX_HEADERS; i++) {
		argv[argc++] = "--header";
		argv[argc++] = "X-A: 1";
	}
	args_error(argc, argv, "--header: more than 16 headers");
}

/* One bound for identifiers: a line ID that config.c accepts is one that
 * andon_decode.c keeps, and one byte more is refused by both. config.c used
 * to take 64 bytes, which the Andon decoder then dropped from a lines answer. */
Test(config, line_id_bound_matches_the_andon_decoder)
{
	char id[ANDON_ID_SIZE + 1], body[ANDON_ID_SIZE + 32];
	char (*ids)[ANDON_ID_SIZE];
	size_t n_ids;
	struct ms5_error err = { "" };

	for (size_t len = ANDON_ID_SIZE - 1; len <= ANDON_ID_SIZE; len++) {
		char *argv[] = { "ms5top", "--line", id, NULL };
		struct ms5_config c;
		bool config_ok, andon_ok;

		memset(id, 'L', len);
		id[len] = '\0';
		snprintf(body, sizeof(body), "[{\"line_id\":\"%s\"}]", id);
		config_init(&c);
		config_ok = config_parse_args(&c, 3, argv, &err);
		config_finish(&c);
		cr_assert(andon_decode_lines(body, strlen(body), 4, &ids, &n_ids, &err), "%s", err.msg);
		andon_ok = n_ids == 1;
		free(ids);
		cr_expect_eq(config_ok, andon_ok, "a %zu-byte line ID: config %s it, andon %s it", len,
			config_ok ? "accepts" : "refuses", andon_ok ? "keeps" : "drops");
		cr_expect_eq(config_ok, len < ANDON_ID_SIZE, "a %zu-byte line ID", len);
	}
}

Test(config, line_validation)
{
	ARGS_ERROR("--line: 'a\"b' is not a line ID", "--line", "a\"b");
	ARGS_ERROR("--line: 'a b' is not a line ID", "--line", "a b");
	ARGS_ERROR("--line: a line ID is empty", "--line", "");
	/* 63 bytes since the bound is shared with the Andon decoder (text.h). */
	ARGS_ERROR("is longer than 63 bytes", "--line",
		"l123456789012345678901234567890123456789012345678901234567890123456789");
	ENV_ERROR("MS5TOP_LINES: 'l{2}' is not a line ID", "MS5TOP_LINES=l1,l{2}");

	struct strbuf sb;
	struct ms5_config c;
	struct ms5_error err = { "" };

	strbuf_init(&sb, 0);
	strbuf_puts(&sb, "[andon]\n");
	for (int i = 0; i <= MS5_MAX_LINES; i++) {
		strbuf_printf(&sb, "line = l%d\n", i);
	}
	cr_expect_not(ini(&c, strbuf_str(&sb), &err));
	cr_expect(strstr(err.msg, "t.conf:258: [andon] line: more than 256 lines") != NULL,
		"%s", err.msg);
	cr_expect_eq(c.n_lines, MS5_MAX_LINES);
	config_finish(&c);
	strbuf_finish(&sb);
}

Test(config, text_validation)
{
	ARGS_ERROR("--plant: 'a\\x1B[31m' is not valid UTF-8 text", "--plant", "a\x1b[31m");
	ARGS_ERROR("--plant: 'caf\\xE9' is not valid UTF-8", "--plant", "caf\xe9");
	ARGS_ERROR("--plant: '\\xC2\\x9B' is not valid UTF-8", "--plant", "\xc2\x9b");
	ARGS_ERROR("--plant: must not be empty", "--plant", "");
	ARGS_ERROR("--theme: '../etc/passwd' is not a name", "--theme", "../etc/passwd");
	ARGS_ERROR("--theme: '.hidden' is not a name", "--theme", ".hidden");
	ARGS_ERROR("--user: 'a:b' holds a ':'", "--user", "a:b");
	ARGS_ERROR("--log: '/tmp/a\\x0Ab' holds a control character", "--log", "/tmp/a\nb");
}

Test(config, pairs_that_need_each_other)
{
	ARGS_ERROR("--cert: a client certificate needs its private key: set --key, [tls] key "
		"or MS5TOP_KEY too", "--cert", "/c.pem");
	ARGS_ERROR("--key: a private key needs its client certificate", "--key", "/c.key");
	ARGS_ERROR("--user: a user needs a password", "--user", "floor");
	ARGS_ERROR("--password-file: a password needs a user", "--password-file", "/pw");

	/* During a load the error names where the value came from. */
	const char *path = write_text("config", "[tls]\n\ncert = /c.pem\n");
	char cfg[300];
	char *const envp[] = { cfg, NULL };
	char *const argv[] = { "ms5top", NULL };
	char *const argv_key[] = { "ms5top", "--key", "/c.key", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	snprintf(cfg, sizeof(cfg), "MS5TOP_CONFIG=%s", path);
	cr_expect_not(load(&c, ARGC(argv), argv, envp, &err));
	cr_expect(strstr(err.msg, "config:3: [tls] cert: a client certificate needs its private key")
		!= NULL, "%s", err.msg);
	config_finish(&c);
	cr_expect(load(&c, ARGC(argv_key), argv_key, envp, &err), "%s", err.msg);
	config_finish(&c);
}

Test(config, modes)
{
	ARGS_ERROR("--check and --query cannot be used together", "--check", "--query", "up");
	ARGS_ERROR("--snapshot and --andon-tail cannot be used together", "--snapshot",
		"--andon-tail");
	ARGS_ERROR("--query: the expression is empty", "--query", "");

	static const struct { const char *a[4]; enum ms5_mode m; } ok[] = {
		{ { "--check" }, MS5_MODE_CHECK },
		{ { "--dashboard", "/d.json", "--check" }, MS5_MODE_CHECK },
		{ { "--check", "--check" }, MS5_MODE_CHECK },
		{ { "--query", "up", "--format=json" }, MS5_MODE_QUERY },
		{ { "--andon-tail" }, MS5_MODE_ANDON_TAIL },
		{ { "--snapshot", "--role", "exec" }, MS5_MODE_SNAPSHOT },
		{ { "--check", "--help" }, MS5_MODE_HELP },
		{ { "-h" }, MS5_MODE_HELP },
		{ { "--version", "--snapshot" }, MS5_MODE_VERSION },
		{ { "-V" }, MS5_MODE_VERSION },
		{ { "-hV" }, MS5_MODE_HELP },
		{ { "--role", "ops" }, MS5_MODE_TUI },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char *argv[6] = { "ms5top" };
		int argc = 1;
		struct ms5_config c;
		struct ms5_error err = { "" };

		for (int k = 0; k < 4 && ok[i].a[k]; k++) {
			argv[argc++] = (char *)ok[i].a[k];
		}
		config_init(&c);
		cr_expect(config_parse_args(&c, argc, argv, &err), "case %zu: %s", i, err.msg);
		cr_expect(config_validate(&c, &err), "case %zu: %s", i, err.msg);
		cr_expect_eq(c.mode, ok[i].m, "case %zu", i);
		if (ok[i].m == MS5_MODE_QUERY) {
			cr_expect_str_eq(c.query, "up");
			cr_expect_eq(c.format, MS5_FORMAT_JSON);
		}
		config_finish(&c);
	}
}

Test(config, flag_errors)
{
	ARGS_ERROR("unknown option '--bogus' (see --help)", "--bogus");
	ARGS_ERROR("unknown option '-x'", "-x");
	ARGS_ERROR("--prometheus needs a value (URL)", "--prometheus");
	ARGS_ERROR("--insecure takes no value", "--insecure=yes");
	ARGS_ERROR("'--colo' is ambiguous", "--colo", "auto");
	ARGS_ERROR("unexpected argument 'extra'", "--check", "extra");
	ARGS_ERROR("unexpected argument 'x'", "--", "x");
	ARGS_ERROR("--config: must not be empty", "--config", "");
	ARGS_ERROR("--token needs a value (TOKEN), not the flag --check", "--token", "--check");

	/* An unambiguous prefix is the option (getopt_long). */
	char *const argv[] = { "ms5top", "--prom=http://x:1", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	cr_assert(config_parse_args(&c, ARGC(argv), argv, &err), "%s", err.msg);
	cr_expect_str_eq(c.prometheus_url, "http://x:1");
	config_finish(&c);
}

Test(config, args_can_be_parsed_twice)
{
	char *const a1[] = { "ms5top", "--role", "ops", "--check", NULL };
	char *const a2[] = { "ms5top", "--role", "exec", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	cr_assert(config_parse_args(&c, ARGC(a1), a1, &err), "%s", err.msg);
	cr_assert(config_parse_args(&c, ARGC(a2), a2, &err), "%s", err.msg);
	cr_expect_eq(c.role, MS5_ROLE_EXEC);
	cr_expect_eq(c.mode, MS5_MODE_CHECK);   /* a parse without a mode flag keeps it */
	config_finish(&c);
}

Test(config, ini_syntax_errors)
{
	ini_error("[prometheus]\nurl http://x\n", "t.conf:2: expected 'key = value'");
	ini_error("url = http://x\n", "t.conf:1: 'url' comes before any [section]");
	ini_error("[prometheus\n", "t.conf:1: a section header without ']'");
	ini_error("[ui] role = ops\n", "t.conf:1: text after the section header");
	ini_error("[bogus]\n", "t.conf:1: unknown section [bogus]");
	ini_error("[]\n", "t.conf:1: unknown section []");
	ini_error("[UI]\n", "t.conf:1: unknown section [UI]");
	ini_error("[ui]\ncolour = auto\n", "t.conf:2: unknown key 'colour' in [ui]");
	ini_error("[ui]\n = x\n", "t.conf:2: a value without a key");
	ini_error("[ui]\nplant = \"Plant 7\n", "t.conf:2: [ui] plant: the quote is not closed");
	ini_error("[ui]\nplant = \"Plant\" 7\n", "t.conf:2: [ui] plant: text after the closing quote");
	ini_error("[ui]\nrole = ops\n[http]\n[ui]\nrole = exec\n",
		"t.conf:5: [ui] role: already set on line 2");
	ini_error("[prometheus]\nurl = localhost:9090\n",
		"t.conf:2: [prometheus] url: 'localhost:9090' is not an http:// or https:// URL");
	ini_error("[ui]\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx = 1\n",
		"t.conf:2: unknown key 'xxxxxxxx");
	ini_error("[xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx]\n",
		"t.conf:1: unknown section [xxxxxxx");
}

Test(config, a_long_path_keeps_its_file_name)
{
	char path[200], want[220];
	struct ms5_config c;
	struct ms5_error err = { "" };

	memset(path, 'd', sizeof(path));
	path[0] = '/';
	strcpy(path + 150, "/x.conf");
	config_init(&c);
	cr_expect_not(config_parse_ini(&c, "[ui]\nrole = x\n", 15, path, &err));
	snprintf(want, sizeof(want), "%s:2: [ui] role: 'x'", path);
	cr_expect(strstr(err.msg, want) != NULL, "%s", err.msg);
	config_finish(&c);
}

Test(config, ini_details)
{
	static const char text[] =
		"  ; comment\n"
		"\t# another\n"
		"[ ui ]   # section comment\n"
		"plant=\"  Plant #7 ; x \"  # kept inside quotes\n"
		"kiosk_unlock =q#not-a-comment\n"
		"dashboard = \"\"\n"
		"[auth]\n"
		"user = o'brien\n"
		"password_file = /etc/pw # comment\n";
	struct ms5_config c;
	struct ms5_error err = { "" };

	cr_assert(ini(&c, text, &err), "%s", err.msg);
	cr_expect_str_eq(c.plant, "  Plant #7 ; x ");
	cr_expect_null(c.dashboard);
	cr_expect_str_eq(c.kiosk_unlock, "q#not-a-comment");
	cr_expect_str_eq(c.user, "o'brien");
	cr_expect_str_eq(c.password_file, "/etc/pw");
	config_finish(&c);
	/* '#' without a blank before it is part of the value; a theme name
	 * cannot hold one. */
	ini_error("[ui]\ntheme =mono#x\n", "'mono#x' is not a name");
}

Test(config, ini_hostile_bytes)
{
	struct ms5_config c;
	struct ms5_error err = { "" };
	char *big;
	size_t n = 1024 * 1024;

	/* No newline at the end. */
	cr_assert(ini(&c, "[ui]\nrole = exec", &err), "%s", err.msg);
	cr_expect_eq(c.role, MS5_ROLE_EXEC);
	config_finish(&c);

	/* CRLF line ends, and a BOM. */
	cr_assert(ini(&c, "\xef\xbb\xbf[ui]\r\nrole = ops\r\nplant = P\r\n\r\n", &err), "%s", err.msg);
	cr_expect_eq(c.role, MS5_ROLE_OPS);
	cr_expect_str_eq(c.plant, "P");
	config_finish(&c);

	/* A BOM alone, nothing, blanks. */
	cr_assert(ini(&c, "\xef\xbb\xbf", &err));
	config_finish(&c);
	cr_assert(ini(&c, "", &err));
	config_finish(&c);
	cr_assert(ini(&c, "\n\n \t \r\n", &err));
	config_finish(&c);
	/* A BOM in the middle is not one. */
	ini_error("[ui]\n\xef\xbb\xbfrole = ops\n", "t.conf:2: unknown key '\\xEF");

	/* NUL bytes, shown with the line they are on. */
	config_init(&c);
	cr_expect_not(config_parse_ini(&c, "[ui]\nrole = o\0ps\n", 15, "t.conf", &err));
	cr_expect(strstr(err.msg, "t.conf:2: a NUL byte") != NULL, "%s", err.msg);
	config_finish(&c);
	config_init(&c);
	cr_expect_not(config_parse_ini(&c, "\0", 1, "t.conf", &err));
	config_finish(&c);

	/* A 1 MB line. */
	big = malloc(n + 16);
	memcpy(big, "[ui]\nplant = ", 13);
	memset(big + 13, 'a', n);
	config_init(&c);
	cr_expect_not(config_parse_ini(&c, big, n + 13, "t.conf", &err));
	cr_expect(strstr(err.msg, "t.conf:2: the line is longer than") != NULL, "%s", err.msg);
	config_finish(&c);
	/* A line of 1 MB of comment is refused the same way. */
	big[5] = '#';
	config_init(&c);
	cr_expect_not(config_parse_ini(&c, big, n + 13, "t.conf", &err));
	config_finish(&c);
	free(big);

	/* Control characters in values are refused; the message escapes them. */
	cr_expect_not(ini(&c, "[ui]\nplant = \x1b]0;pwned\x07\n", &err));
	cr_expect(strstr(err.msg, "'\\x1B]0;pwned\\x07'") != NULL, "%s", err.msg);
	config_finish(&c);
	for (const char *p = err.msg; *p; p++) {
		cr_expect((unsigned char)*p >= 0x20, "control byte in '%s'", err.msg);
	}
}

Test(config, secrets_are_never_in_errors)
{
	struct ms5_config c;
	struct ms5_error err = { "" };
	char *const argv_tokn[] = { "ms5top", "--tokn=S3CRET", NULL };
	char *const argv_space[] = { "ms5top", "--token", "S3CRET with space", NULL };
	char *const argv_hdr[] = { "ms5top", "--header", "Authorization: Bearer S3CRET\r\nX: y", NULL };
	char *const argv_hdr2[] = { "ms5top", "--header", "S3CRET", NULL };
	char *const argv_url[] = { "ms5top", "--prometheus", "ftp://u:S3CRET@h/?token=S3CRET", NULL };
	char *const argv_url2[] = { "ms5top", "--andon-url", "http://h/ws/?token=S3CRET", NULL };
	char *const argv_url3[] = { "ms5top", "--api-url", "http://u:S3CRET@h/", NULL };
	char *const envp[] = { "MS5TOP_TOKEN=S3CRET\x01", NULL };
	const struct { int argc; char *const *argv; const char *part; } cases[] = {
		{ 2, argv_tokn, "unknown option '--tokn'" },
		{ 3, argv_space, "--token: the token holds a space" },
		{ 3, argv_hdr, "the value of header Authorization holds a CR, LF" },
		{ 3, argv_hdr2, "a header is written 'Name: value'" },
		{ 3, argv_url, "user names and passwords in URLs are not supported" },
		{ 3, argv_url2, "'http://h/ws/?...' is not a ws:// or wss:// URL" },
		{ 3, argv_url3, "user names and passwords in URLs are not supported" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		config_init(&c);
		cr_expect_not(config_parse_args(&c, cases[i].argc, cases[i].argv, &err), "case %zu", i);
		cr_expect(strstr(err.msg, cases[i].part) != NULL, "case %zu: %s", i, err.msg);
		cr_expect_null(strstr(err.msg, "S3CRET"), "case %zu leaks: %s", i, err.msg);
		config_finish(&c);
	}
	config_init(&c);
	cr_expect_not(config_apply_env(&c, envp, &err));
	cr_expect(strstr(err.msg, "MS5TOP_TOKEN: the token holds") != NULL, "%s", err.msg);
	cr_expect_null(strstr(err.msg, "S3CRET"), "%s", err.msg);
	config_finish(&c);

	static const char *const files[] = {
		"[auth]\ntokn = S3CRET\n",
		"[auth]\ntoken S3CRET\n",
		"[auth]\ntoken = S3CRET # a comment\n",
		"[auth]\ntoken = \"S3CRET\n",
		"[auth]\ntoken = \"S3CRET\" x\n",
		"[auth]\ntoken = S3CRET\ntoken = S3CRET\n",
		"[http]\nheader = X-Key: S3CRET\x7f\n",
		"S3CRET\n",
		"[S3CRET]\n",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		cr_expect_not(ini(&c, files[i], &err), "file %zu accepted", i);
		if (i < 7) {
			cr_expect_null(strstr(err.msg, "S3CRET"), "file %zu leaks: %s", i, err.msg);
		}
		config_finish(&c);
	}
}

Test(config, a_token_may_be_quoted)
{
	struct ms5_config c;
	struct ms5_error err = { "" };

	ini_error("[auth]\ntoken = abc # mine\n",
		"t.conf:2: [auth] token: a comment after a token is not allowed");

	cr_assert(ini(&c, "[auth]\ntoken = \"eyJ.a#b\" # comment\n", &err), "%s", err.msg);
	cr_expect_str_eq(c.token, "eyJ.a#b");
	config_finish(&c);
}

Test(config, xdg_and_home_lookup)
{
	char xdg[300], home[300], cfg[300], rel[] = "XDG_CONFIG_HOME=relative/dir";
	char *const argv[] = { "ms5top", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	mkdirs("xdg/ms5top");
	mkdirs("home/.config/ms5top");
	write_text("xdg/ms5top/config", "[ui]\nplant = from-xdg\n");
	write_text("home/.config/ms5top/config", "[ui]\nplant = from-home\n");
	write_text("other.conf", "[ui]\nplant = from-other\n");
	snprintf(xdg, sizeof(xdg), "XDG_CONFIG_HOME=%s/xdg", tmp());
	snprintf(home, sizeof(home), "HOME=%s/home", tmp());
	snprintf(cfg, sizeof(cfg), "MS5TOP_CONFIG=%s/other.conf", tmp());

	{
		char *const envp[] = { "A=1", xdg, home, NULL };

		cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
		cr_expect_str_eq(c.plant, "from-xdg");
		cr_expect_not(c.config_file_explicit);
		cr_expect(strstr(c.config_file, "/xdg/ms5top/config") != NULL);
		config_finish(&c);
	}
	{
		char *const envp[] = { home, NULL };

		cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
		cr_expect_str_eq(c.plant, "from-home");
		config_finish(&c);
	}
	{
		char *const envp[] = { rel, home, NULL };   /* a relative XDG dir is ignored */

		cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
		cr_expect_str_eq(c.plant, "from-home");
		config_finish(&c);
	}
	{
		char *const envp[] = { xdg, home, cfg, NULL };

		cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
		cr_expect_str_eq(c.plant, "from-other");
		cr_expect(c.config_file_explicit);
		config_finish(&c);
	}
	{
		char flag[300];
		char *const envp[] = { xdg, cfg, NULL };
		char *const argv2[] = { "ms5top", "--config", flag, NULL };

		snprintf(flag, sizeof(flag), "%s/home/.config/ms5top/config", tmp());
		cr_assert(load(&c, 3, argv2, envp, &err), "%s", err.msg);
		cr_expect_str_eq(c.plant, "from-home");
		cr_expect_str_eq(c.config_file, flag);
		cr_expect(c.config_file_explicit);
		config_finish(&c);
	}
	{
		/* No default file anywhere: not an error. */
		char none[300];
		char *const envp[] = { none, NULL };

		snprintf(none, sizeof(none), "HOME=%s/nowhere", tmp());
		cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
		cr_expect_null(c.config_file);
		cr_expect_str_eq(c.plant, "MS5 plant");
		config_finish(&c);
		cr_assert(load(&c, 1, argv, NULL, &err), "%s", err.msg);
		config_finish(&c);
	}
}

Test(config, missing_and_unreadable_files)
{
	char nope[200], env[300], flag[300];
	char *const argv[] = { "ms5top", "--config", nope, NULL };
	char *const argv0[] = { "ms5top", NULL };
	char *const envp[] = { env, NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	snprintf(nope, sizeof(nope), "%s/nope.conf", tmp());
	cr_expect_not(load(&c, 3, argv, NULL, &err));
	snprintf(flag, sizeof(flag), "--config %s: No such file or directory", nope);
	cr_expect_str_eq(err.msg, flag);
	config_finish(&c);

	snprintf(env, sizeof(env), "MS5TOP_CONFIG=%s", nope);
	cr_expect_not(load(&c, 1, argv0, envp, &err));
	snprintf(flag, sizeof(flag), "MS5TOP_CONFIG %s: No such file or directory", nope);
	cr_expect_str_eq(err.msg, flag);
	config_finish(&c);

	/* A directory cannot be read as a file, default place or not. */
	mkdirs("xdg/ms5top/config");
	snprintf(env, sizeof(env), "XDG_CONFIG_HOME=%s/xdg", tmp());
	cr_expect_not(load(&c, 1, argv0, envp, &err));
	cr_expect(strstr(err.msg, "/xdg/ms5top/config: Is a directory") != NULL, "%s", err.msg);
	config_finish(&c);

	if (geteuid() != 0) {
		const char *p = write_file("locked", "[ui]\n", 5, 0);

		snprintf(env, sizeof(env), "MS5TOP_CONFIG=%s", p);
		cr_expect_not(load(&c, 1, argv0, envp, &err));
		cr_expect(strstr(err.msg, "Permission denied") != NULL, "%s", err.msg);
		config_finish(&c);
	}

	/* Larger than 1 MiB. */
	{
		size_t n = 1024 * 1024 + 1;
		char *big = malloc(n);
		const char *p;

		memset(big, '\n', n);
		p = write_file("big.conf", big, n, 0600);
		free(big);
		snprintf(env, sizeof(env), "MS5TOP_CONFIG=%s", p);
		cr_expect_not(load(&c, 1, argv0, envp, &err));
		cr_expect(strstr(err.msg, "big.conf: larger than 1 MiB") != NULL, "%s", err.msg);
		config_finish(&c);
	}

	/* A malformed file names path and line (the integration test's case). */
	{
		const char *p = write_text("bad.conf", "[prometheus]\nurl http://x\n");

		snprintf(env, sizeof(env), "MS5TOP_CONFIG=%s", p);
		cr_expect_not(load(&c, 1, argv0, envp, &err));
		cr_expect(strstr(err.msg, "bad.conf:2:") != NULL, "%s", err.msg);
		config_finish(&c);
	}
}

Test(config, help_and_version_work_with_a_broken_file)
{
	const char *p = write_text("bad.conf", "garbage\n");
	char env[300];
	char *const envp[] = { env, "MS5TOP_ROLE=boss", NULL };
	char *const argv_h[] = { "ms5top", "--help", NULL };
	char *const argv_v[] = { "ms5top", "-V", NULL };
	char *const argv_c[] = { "ms5top", "--check", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	snprintf(env, sizeof(env), "MS5TOP_CONFIG=%s", p);
	cr_expect(load(&c, 2, argv_h, envp, &err), "%s", err.msg);
	cr_expect_eq(c.mode, MS5_MODE_HELP);
	config_finish(&c);
	cr_expect(load(&c, 2, argv_v, envp, &err), "%s", err.msg);
	cr_expect_eq(c.mode, MS5_MODE_VERSION);
	config_finish(&c);
	cr_expect_not(load(&c, 2, argv_c, envp, &err));
	config_finish(&c);
}

Test(config, permissions_warning)
{
	const char *open_tok = write_file("open.conf", "[auth]\ntoken = abc\n", 19, 0644);
	const char *closed_tok = write_file("closed.conf", "[auth]\ntoken = abc\n", 19, 0600);
	const char *open_file = write_file("file.conf", "[auth]\ntoken_file = /t\n", 23, 0644);
	const char *group_tok = write_file("group.conf", "[auth]\ntoken = abc\n", 19, 0640);
	char env[300], want[400];
	char *const envp[] = { env, NULL };
	char *const argv[] = { "ms5top", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	snprintf(env, sizeof(env), "MS5TOP_CONFIG=%s", open_tok);
	cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
	cr_assert_eq(c.n_warnings, 1);
	snprintf(want, sizeof(want), "config file %s holds a token and is readable by others "
		"(chmod 600 it)", open_tok);
	cr_expect_str_eq(c.warnings[0], want);
	config_finish(&c);

	snprintf(env, sizeof(env), "MS5TOP_CONFIG=%s", group_tok);
	cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
	cr_expect_eq(c.n_warnings, 1);
	config_finish(&c);

	snprintf(env, sizeof(env), "MS5TOP_CONFIG=%s", closed_tok);
	cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
	cr_expect_eq(c.n_warnings, 0);
	config_finish(&c);

	snprintf(env, sizeof(env), "MS5TOP_CONFIG=%s", open_file);
	cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
	cr_expect_eq(c.n_warnings, 0);
	config_finish(&c);
}

Test(config, unknown_variables_warn)
{
	char *const envp[] = { "MS5TOP_PROMETHEUS_URL=http://x", "MS5TOP_ROLE=ops", "MS5TOPX=1",
		"HOME=/nonexistent", NULL };
	char *const argv[] = { "ms5top", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	cr_assert(load(&c, 1, argv, envp, &err), "%s", err.msg);
	cr_assert_eq(c.n_warnings, 1);
	cr_expect_str_eq(c.warnings[0], "MS5TOP_PROMETHEUS_URL is not a variable ms5top knows "
		"(ignored)");
	config_finish(&c);
}

Test(config, empty_variables_are_ignored)
{
	char *const envp[] = { "MS5TOP_PROMETHEUS=", "MS5TOP_ROLE=", "MS5TOP_HEADERS=", NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	cr_assert(config_apply_env(&c, envp, &err), "%s", err.msg);
	cr_expect_str_eq(c.prometheus_url, "http://127.0.0.1:9090");
	config_finish(&c);
}

Test(config, help_lists_every_flag)
{
	static const char *const flags[] = { "--prometheus URL", "--alertmanager URL",
		"--andon-url URL", "--api-url URL", "--line ID", "--token TOKEN", "--token-file FILE",
		"--user USER", "--password-file FILE", "--ca-file FILE", "--cert FILE", "--key FILE",
		"--insecure", "--header 'Name: value'", "--timeout SECONDS", "--role ROLE",
		"--plant NAME", "--theme NAME", "--dashboard FILE", "--refresh SECONDS", "--kiosk",
		"--kiosk-unlock KEYS", "--colors DEPTH", "--glyphs SET", "--log FILE", "--config FILE",
		"-h, --help", "-V, --version", "--check", "--query EXPR", "--andon-tail", "--snapshot",
		"--format FORMAT", "--color WHEN", "--width N", "--height N", "MS5TOP_PROMETHEUS",
		"MS5TOP_LINES", "MS5TOP_HEADERS", "[http] header", "operations", "executive",
		"Default: http://127.0.0.1:9090." };
	struct strbuf sb;
	const char *text, *line;

	strbuf_init(&sb, 0);
	config_help(&sb, "myprog");
	text = strbuf_str(&sb);
	cr_expect(strncmp(text, "Usage: myprog ", 14) == 0, "%s", text);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		cr_expect(strstr(text, flags[i]) != NULL, "help lacks %s", flags[i]);
	}
	/* Lines fit a terminal. */
	for (line = text; *line;) {
		size_t n = strcspn(line, "\n");

		cr_expect_leq(n, 79, "long help line: %.*s", (int)n, line);
		line += n + (line[n] == '\n');
	}
	cr_expect_eq(text[sb.len - 1], '\n');
	strbuf_finish(&sb);
}

Test(config, read_secret)
{
	struct ms5_error err = { "" };
	char want[400];
	char *s;
	const char *p;

	p = write_text("tok1", "abc.def \t\r\nsecond line\n");
	s = config_read_secret(p, "--token-file", &err);
	cr_assert_not_null(s, "%s", err.msg);
	cr_expect_str_eq(s, "abc.def");
	free(s);

	p = write_text("tok2", "\xef\xbb\xbf  pass word");
	s = config_read_secret(p, "--password-file", &err);
	cr_assert_not_null(s, "%s", err.msg);
	cr_expect_str_eq(s, "  pass word");
	free(s);

	p = write_text("empty", "");
	cr_expect_null(config_read_secret(p, "--token-file", &err));
	snprintf(want, sizeof(want), "--token-file %s: the first line is empty", p);
	cr_expect_str_eq(err.msg, want);

	p = write_text("blank", "  \r\nsecret\n");
	cr_expect_null(config_read_secret(p, "--token-file", &err));
	cr_expect(strstr(err.msg, "the first line is empty") != NULL, "%s", err.msg);

	p = write_file("nul", "ab\0cd\n", 6, 0600);
	cr_expect_null(config_read_secret(p, "--token-file", &err));
	cr_expect(strstr(err.msg, "a NUL byte") != NULL, "%s", err.msg);

	/* A NUL after the first line does not matter. */
	p = write_file("nul2", "abcd\n\0", 6, 0600);
	s = config_read_secret(p, "--token-file", &err);
	cr_assert_not_null(s, "%s", err.msg);
	cr_expect_str_eq(s, "abcd");
	free(s);

	snprintf(want, sizeof(want), "%s/missing", tmp());
	cr_expect_null(config_read_secret(want, "--password-file", &err));
	snprintf(want, sizeof(want), "--password-file %s/missing: No such file or directory", tmp());
	cr_expect_str_eq(err.msg, want);

	cr_expect_null(config_read_secret(tmp(), "--token-file", &err));
	cr_expect(strstr(err.msg, "Is a directory") != NULL, "%s", err.msg);

	/* 64 KiB is the limit, inclusive. */
	{
		size_t n = 64 * 1024;
		char *big = malloc(n + 1);

		memset(big, 'k', n + 1);
		p = write_file("max", big, n, 0600);
		s = config_read_secret(p, "--token-file", &err);
		cr_assert_not_null(s, "%s", err.msg);
		cr_expect_eq(strlen(s), n);
		free(s);
		p = write_file("over", big, n + 1, 0600);
		cr_expect_null(config_read_secret(p, "--token-file", &err));
		cr_expect(strstr(err.msg, "larger than 64 KiB") != NULL, "%s", err.msg);
		free(big);
	}
}

Test(config, finish_frees_everything_and_can_repeat)
{
	struct ms5_config c;
	struct ms5_error err = { "" };

	cr_assert(ini(&c, "[auth]\ntoken = t\n[http]\nheader = A: b\n[andon]\nline = x\n", &err),
		"%s", err.msg);
	config_finish(&c);
	cr_expect_null(c.token);
	cr_expect_eq(c.n_headers, 0);
	config_finish(&c);
}

Test(config, role_claim_limits_views)
{
	cr_assert(config_role_allows(NULL, MS5_ROLE_EXEC));
	cr_assert(config_role_allows("", MS5_ROLE_OPS));
	cr_assert(config_role_allows("admin", MS5_ROLE_EXEC));
	cr_assert(config_role_allows("production_manager", MS5_ROLE_EXEC));
	cr_assert_not(config_role_allows("shift_manager", MS5_ROLE_EXEC));
	cr_assert(config_role_allows("shift_manager", MS5_ROLE_OPS));
	cr_assert(config_role_allows("engineer", MS5_ROLE_OPS));
	cr_assert(config_role_allows("maintenance", MS5_ROLE_OPS));
	cr_assert_not(config_role_allows("operator", MS5_ROLE_OPS));
	cr_assert_not(config_role_allows("operator", MS5_ROLE_EXEC));
	cr_assert(config_role_allows("operator", MS5_ROLE_FLOOR));
	cr_assert(config_role_allows("someone_new", MS5_ROLE_FLOOR));
	cr_assert_not(config_role_allows("Admin", MS5_ROLE_EXEC));
}

/* The table as the documentation sees it (config_doc_option, for
 * ms5top-gendoc): every option is there, in --help order; each file key has
 * an example that the parser accepts, under its own section; the doc markup
 * is balanced and names only options that exist. */
Test(config, doc_rows)
{
	struct config_doc d;
	struct strbuf help;
	size_t n = 0, pos = 0;

	strbuf_init(&help, 0);
	config_help(&help, "ms5top");
	for (size_t i = 0; config_doc_option(i, &d); i++) {
		char flag[64];
		const char *at;

		n++;
		cr_assert_not_null(d.group);
		cr_assert_not_null(d.group_title);
		cr_assert_not_null(d.doc, "option %zu has no text", i);
		cr_expect(d.flag || d.env, "option %zu has neither flag nor variable", i);
		if (d.flag) {
			snprintf(flag, sizeof(flag), "--%s", d.flag);
			at = strstr(help.data + pos, flag);
			cr_expect_not_null(at, "%s is not in --help, or not in table order", flag);
			pos = at ? (size_t)(at - help.data) : pos;
		}
		if (d.type && strcmp(d.type, "word") == 0) {
			cr_expect_neq(d.choices[0], '\0', "%s lists no names", flag);
		}
		for (const char *p = d.doc, *q; (p = strchr(p, '{')); p = q + 1) {
			struct config_doc o;
			bool found = false;

			q = strchr(p, '}');
			cr_assert_not_null(q, "an unclosed { in the doc of %s", flag);
			for (size_t k = 0; config_doc_option(k, &o); k++) {
				found = found || (o.flag && strlen(o.flag) == (size_t)(q - p - 1) &&
					strncmp(o.flag, p + 1, (size_t)(q - p - 1)) == 0);
			}
			cr_expect(found, "the doc of %s names an option that is not there", flag);
		}
		{
			size_t ticks = 0, stars = 0;

			for (const char *p = d.doc; *p; p++) {
				ticks += *p == '`';
				stars += *p == '*';
			}
			cr_expect_eq(ticks % 2, 0, "an unclosed ` in the doc of %s", flag);
			cr_expect_eq(stars % 2, 0, "an unclosed * in the doc of %s", flag);
		}
		if (d.section) {
			struct strbuf text;
			struct ms5_config c;
			struct ms5_error err = { "" };

			cr_assert_not_null(d.example, "[%s] %s has no example", d.section, d.key);
			strbuf_init(&text, 0);
			strbuf_printf(&text, "[%s]\n", d.section);
			for (const char *v = d.example; *v;) {
				size_t len = strcspn(v, "\n");

				strbuf_printf(&text, "%s = %.*s\n", d.key, (int)len, v);
				v += len + (v[len] == '\n');
			}
			cr_expect(ini(&c, strbuf_str(&text), &err), "[%s] %s's example: %s", d.section,
				d.key, err.msg);
			config_finish(&c);
			strbuf_finish(&text);
		}
	}
	cr_expect_gt(n, 30);
	cr_expect_not(config_doc_option(n, &d));
	strbuf_finish(&help);
}
