/*
 * Configuration: flags, MS5TOP_* variables and the INI file merged into one
 * struct ms5_config. See config.h.
 *
 * Every option is one row of opts[] below. The row says how the option is
 * spelled in each source (flag, file section and key, variable), what type
 * its value has, and its help text; the flag parser, the INI parser, the
 * environment, validation and --help all read the same rows, so an option
 * cannot be documented in one place and forgotten in another.
 *
 * Values are checked when they are applied, where the source is known, so
 * an error names it ("MS5TOP_ROLE: ...", "/path:7: [ui] refresh: ...").
 * Cross-field rules (a certificate needs its key) are checked by
 * config_validate at the end; during config_load it knows where each value
 * came from, and names that.
 *
 * Rules every source shares:
 * - A stronger source replaces a weaker one per key. For the lists (lines,
 *   headers) the strongest source that names any entry replaces the whole
 *   list of the weaker ones.
 * - An empty value unsets an optional setting (--alertmanager ''), and is
 *   an error for one that must have a value (the Prometheus URL). An empty
 *   or unset variable is ignored: `MS5TOP_ROLE= ms5top` is plain ms5top.
 * - --token and --token-file are one setting written two ways: both in one
 *   source is an error; a stronger source naming one drops the other.
 * - Error messages show values escaped (control characters and invalid
 *   UTF-8 as \xNN) and shortened, never the token, never a header value
 *   (headers carry credentials: Authorization, X-Api-Key), and never a
 *   URL's query string or user part.
 */
#include "ms5top/config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms5top/fmt.h"
#include "ms5top/secret.h"
#include "ms5top/text.h"
#include "ms5top/url.h"
#include "ms5top/utf8.h"
#include "ms5top/xalloc.h"

#define CONFIG_FILE_MAX (1024 * 1024)  /* a config file is a few hundred bytes */
#define CONFIG_LINE_MAX 16384
#define SECRET_MAX (64 * 1024)
#define SHOWN_MAX 64                     /* bytes of a value shown in an error */
/* Room for SHOWN_MAX bytes (plus a started UTF-8 sequence) at 4 bytes each
 * when escaped, "..." and the NUL. */
#define SHOWN_SIZE (4 * (SHOWN_MAX + 3) + 4)
#define PATH_SHOWN_MAX 200               /* paths: long enough to keep the file name */
#define PATH_SHOWN_SIZE (4 * (PATH_SHOWN_MAX + 3) + 4)

enum opt_id {
	O_HELP, O_VERSION, O_CHECK, O_QUERY, O_ANDON_TAIL, O_SNAPSHOT,
	O_FORMAT, O_COLOR, O_WIDTH, O_HEIGHT,
	O_PROMETHEUS, O_ALERTMANAGER, O_ANDON_URL, O_API_URL, O_LINE,
	O_TOKEN, O_TOKEN_FILE, O_USER, O_PASSWORD_FILE,
	O_CA_FILE, O_CERT, O_KEY, O_INSECURE, O_HEADER, O_TIMEOUT,
	O_ROLE, O_PLANT, O_THEME, O_DASHBOARD, O_REFRESH, O_KIOSK, O_KIOSK_UNLOCK,
	O_COLORS, O_GLYPHS,
	O_LOG, O_CONFIG,
	O_COUNT
};

enum opt_type {
	T_MODE,        /* selects c->mode; --query also takes the expression */
	T_URL_HTTP,    /* http:// or https:// with a host */
	T_URL_WS,      /* ws:// or wss:// with a host */
	T_TEXT,        /* shown to people: valid UTF-8, no control characters */
	T_NAME,        /* a theme name: letters, digits, '_', '-', '.' */
	T_PATH,        /* a file name: no control characters */
	T_USER,        /* T_TEXT without ':' (HTTP basic auth) */
	T_SECRET,      /* the token: printable ASCII, never shown */
	T_BOOL,
	T_SECONDS,     /* a decimal number of seconds in [min, max], or 0 if zero_ok */
	T_INT,         /* a whole number in [min, max] */
	T_ENUM,
	T_LINES,       /* one line ID per value; comma separated in the environment */
	T_HEADERS,     /* one 'Name: value' per value; one per line in the environment */
};

struct enum_name {
	const char *name;
	int value;
	bool alias;    /* accepted, but not listed in errors and help */
};

struct opt {
	const char *group;        /* heading in --help */
	const char *flag;         /* long flag without "--"; NULL when none */
	char short_flag;          /* 0 when none */
	const char *section;      /* config file section; NULL when not in the file */
	const char *key;
	const char *env;          /* NULL when not in the environment */
	enum opt_type type;
	size_t offset;            /* the field, for strings, bools, numbers */
	bool required;            /* an empty value is an error, not "unset"; with a
	                           * default, the setting can never be unset */
	const struct enum_name *names;
	double min, max;
	bool zero_ok;
	enum ms5_mode mode;       /* T_MODE */
	const char *def;          /* default, in the form a user would write it */
	const char *arg;          /* argument name in --help; NULL: no argument */
	const char *help;
	/* Documentation only: ms5top-gendoc writes the OPTIONS of ms5top(1), the
	 * keys of ms5top.conf(5), dist/config.example and the README's tables
	 * from these and the fields above (config_doc_option). */
	const char *doc;          /* the manuals' text; NULL: help. `bold`, *italic*,
	                           * {flag}: that option (--flag in ms5top(1), its key
	                           * in the file); a newline ends a sentence */
	const char *doc_def;      /* the default the docs show when def is NULL */
	const char *example;      /* dist/config.example's value (a newline between
	                           * the values of a list); NULL: def */
	bool example_off;         /* written "# key = example": it needs a file of
	                           * yours, or is best left unset */
	const char *note;         /* a remark in the README's table: "empty: off" */
	const char *env_doc;      /* what the variable's entry in ms5top(1) adds */
};

static const struct enum_name role_names[] = {
	{ "floor", MS5_ROLE_FLOOR, false }, { "ops", MS5_ROLE_OPS, false },
	{ "exec", MS5_ROLE_EXEC, false }, { "operations", MS5_ROLE_OPS, true },
	{ "executive", MS5_ROLE_EXEC, true }, { NULL, 0, false },
};
static const struct enum_name depth_names[] = {
	{ "auto", MS5_DEPTH_AUTO, false }, { "none", MS5_DEPTH_NONE, false },
	{ "8", MS5_DEPTH_8, false }, { "16", MS5_DEPTH_16, false },
	{ "256", MS5_DEPTH_256, false }, { "truecolor", MS5_DEPTH_TRUECOLOR, false },
	{ NULL, 0, false },
};
static const struct enum_name glyph_names[] = {
	{ "auto", MS5_GLYPHS_AUTO, false }, { "braille", MS5_GLYPHS_BRAILLE, false },
	{ "blocks", MS5_GLYPHS_BLOCKS, false }, { "ascii", MS5_GLYPHS_ASCII, false },
	{ NULL, 0, false },
};
static const struct enum_name format_names[] = {
	{ "text", MS5_FORMAT_TEXT, false }, { "json", MS5_FORMAT_JSON, false },
	{ NULL, 0, false },
};
static const struct enum_name color_names[] = {
	{ "auto", MS5_COLOR_AUTO, false }, { "always", MS5_COLOR_ALWAYS, false },
	{ "never", MS5_COLOR_NEVER, false }, { NULL, 0, false },
};
static const struct enum_name bool_names[] = {
	{ "true", 1, false }, { "false", 0, false }, { "yes", 1, true }, { "no", 0, true },
	{ "on", 1, true }, { "off", 0, true }, { "1", 1, true }, { "0", 0, true },
	{ NULL, 0, false },
};

#define F(field) offsetof(struct ms5_config, field)

static const struct opt opts[O_COUNT] = {
	[O_HELP] = { .group = "Modes", .flag = "help", .short_flag = 'h', .type = T_MODE,
		.mode = MS5_MODE_HELP, .help = "List every option and exit." },
	[O_VERSION] = { .group = "Modes", .flag = "version", .short_flag = 'V', .type = T_MODE,
		.mode = MS5_MODE_VERSION,
		.help = "Print the version (and those of libcurl and libuv) and exit." },
	[O_CHECK] = { .group = "Modes", .flag = "check", .type = T_MODE, .mode = MS5_MODE_CHECK,
		.help = "Contact every configured source and print one line each: OK with "
		"version and latency, or FAIL and why. Exits 0 only if all are OK. "
		"A rules line lists the project's recording rules Prometheus lacks "
		"(WARN, which leaves the exit status). "
		"With --dashboard FILE, checks that file instead." },
	[O_QUERY] = { .group = "Modes", .flag = "query", .type = T_MODE, .mode = MS5_MODE_QUERY,
		.offset = F(query), .arg = "EXPR",
		.help = "Run one instant PromQL query and print the result as a table "
		"(or JSON with --format=json)." },
	[O_ANDON_TAIL] = { .group = "Modes", .flag = "andon-tail", .type = T_MODE,
		.mode = MS5_MODE_ANDON_TAIL, .help = "Print Andon events as they arrive." },
	[O_SNAPSHOT] = { .group = "Modes", .flag = "snapshot", .type = T_MODE,
		.mode = MS5_MODE_SNAPSHOT,
		.help = "Render one frame of the role's dashboard to standard output and exit." },
	[O_FORMAT] = { .group = "Modes", .flag = "format", .type = T_ENUM, .names = format_names,
		.def = "text", .arg = "FORMAT", .help = "Output of --query and --snapshot: text or json.",
		.doc = "`text` or `json`, for {query}, {snapshot} and {andon-tail}." },
	[O_COLOR] = { .group = "Modes", .flag = "color", .type = T_ENUM, .names = color_names,
		.def = "auto", .arg = "WHEN",
		.help = "Colour escape codes in --snapshot output: auto (when standard output "
		"is a terminal), always or never.",
		.doc = "Colour escape codes in the {snapshot} text: `auto` (when standard output is a "
		"terminal), `always` or `never`.\n"
		"The depth follows {colors}; with `--colors=auto`, 256 colours, or truecolor when "
		"`COLORTERM` says so, or none (bold, dim and reverse only) when `NO_COLOR` is "
		"set." },
	[O_WIDTH] = { .group = "Modes", .flag = "width", .type = T_INT, .offset = F(width),
		.min = 10, .max = 1000, .arg = "N",
		.help = "Columns of a --snapshot, 10 to 1000. Default: COLUMNS, else 120.",
		.doc = "Columns of a {snapshot}, 10 to 1000.\n"
		"Default: `COLUMNS`, else 120." },
	[O_HEIGHT] = { .group = "Modes", .flag = "height", .type = T_INT, .offset = F(height),
		.min = 10, .max = 1000, .arg = "N",
		.help = "Rows of a --snapshot, 10 to 1000. Default: LINES, else 40.",
		.doc = "Rows of a {snapshot}, 10 to 1000.\n"
		"Default: `LINES`, else 40." },

	[O_PROMETHEUS] = { .group = "Sources", .flag = "prometheus", .section = "prometheus",
		.key = "url", .env = "MS5TOP_PROMETHEUS", .type = T_URL_HTTP,
		.offset = F(prometheus_url), .required = true, .def = "http://127.0.0.1:9090",
		.arg = "URL", .help = "Prometheus, or anything serving its HTTP API (Thanos, Mimir, "
		"Cortex, VictoriaMetrics). A path prefix is kept.",
		.doc = "Prometheus, or anything serving its HTTP API: Thanos, Mimir, Cortex, "
		"VictoriaMetrics.\n"
		"A path prefix is kept (*https://host/prometheus/*).",
		.example = "https://prometheus.plant.example" },
	[O_ALERTMANAGER] = { .group = "Sources", .flag = "alertmanager", .section = "alertmanager",
		.key = "url", .env = "MS5TOP_ALERTMANAGER", .type = T_URL_HTTP,
		.offset = F(alertmanager_url), .arg = "URL",
		.help = "Alertmanager, for active alerts. Unset by default.",
		.doc = "Alertmanager, for the ops view's active alerts.\n"
		"Unset by default: the alerts panel then shows the alerts Prometheus itself "
		"reports.",
		.example = "https://alertmanager.plant.example" },
	[O_ANDON_URL] = { .group = "Sources", .flag = "andon-url", .section = "andon", .key = "url",
		.env = "MS5TOP_ANDON_URL", .type = T_URL_WS, .offset = F(andon_url),
		.def = "ws://127.0.0.1:8000/ws/", .arg = "URL",
		.help = "The MS5 Andon WebSocket, ws:// or wss://; empty turns it off.",
		.doc = "The MS5 Andon WebSocket, `ws://` or `wss://`; the trailing slash of `/ws/` "
		"matters.\n"
		"An empty value turns the Andon stream off.",
		.example = "wss://ms5.plant.example/ws/",
		.note = "empty: off" },
	[O_API_URL] = { .group = "Sources", .flag = "api-url", .section = "andon", .key = "api_url",
		.env = "MS5TOP_API_URL", .type = T_URL_HTTP, .offset = F(api_url), .arg = "URL",
		.help = "The MS5 REST API (login, token refresh, active Andon events). "
		"Default: derived from the Andon URL.",
		.doc = "The MS5 REST API: login, token refresh and the list of active Andon events.\n"
		"Default: the host and port of the Andon URL, over `http://` or `https://`; set "
		"it only when the API is elsewhere.",
		.example = "https://api.ms5.plant.example",
		.example_off = true,
		.note = "default: from the Andon URL" },
	[O_LINE] = { .group = "Sources", .flag = "line", .section = "andon", .key = "line",
		.env = "MS5TOP_LINES", .type = T_LINES, .arg = "ID",
		.help = "A production line to follow (repeatable; comma separated in "
		"MS5TOP_LINES). Without any, all lines.",
		.doc = "A production line to follow on the Andon stream (repeatable).\n"
		"Without any, ms5top subscribes to the whole plant's escalations and downtime, "
		"and the list of active events fetched at each connect fills in the rest.\n"
		"The Prometheus panels always show every line; a dashboard file can narrow its "
		"queries.",
		.example = "line_001\n"
		"line_002" },

	[O_TOKEN] = { .group = "Credentials (never printed or logged)", .flag = "token",
		.section = "auth", .key = "token", .env = "MS5TOP_TOKEN", .type = T_SECRET,
		.offset = F(token), .arg = "TOKEN",
		.help = "A bearer token sent with every request. Command lines are visible "
		"to other users: prefer --token-file.",
		.doc = "A bearer token: sent as `Authorization: Bearer` to Prometheus, Alertmanager and "
		"the MS5 REST API, and as the `token` query parameter of the Andon WebSocket.\n"
		"Printable ASCII without blanks.\n"
		"Command lines are visible to other users: prefer {token-file}.\n"
		"A configuration file that holds a token and can be read by others draws a "
		"warning (`chmod 600` it).\n"
		"Cannot be combined with {token-file}.",
		.example = "eyJhbGciOi...",
		.example_off = true },
	[O_TOKEN_FILE] = { .group = "Credentials (never printed or logged)", .flag = "token-file",
		.section = "auth", .key = "token_file", .env = "MS5TOP_TOKEN_FILE", .type = T_PATH,
		.offset = F(token_file), .arg = "FILE",
		.help = "Read the bearer token from the first line of FILE.",
		.doc = "Reads the bearer token from the first line of this file.\n"
		"The file is read again before each Andon (re)connection, so a rotated token is "
		"picked up.",
		.example = "/etc/ms5top/token",
		.example_off = true },
	[O_USER] = { .group = "Credentials (never printed or logged)", .flag = "user",
		.section = "auth", .key = "user", .env = "MS5TOP_USER", .type = T_USER,
		.offset = F(user), .arg = "USER",
		.help = "User for HTTP basic auth and the MS5 login. Needs --password-file.",
		.doc = "A user name, without a colon: HTTP basic auth to Prometheus and Alertmanager "
		"when no token is set, and the MS5 login (`POST /api/v1/auth/login`) for the "
		"Andon stream and the REST API.\n"
		"After the login the token is refreshed before it expires; when the server "
		"refuses it (WebSocket close 1008 or 1011), ms5top logs in again once, then backs "
		"off.\n"
		"Needs {password-file}.",
		.example = "floor7",
		.example_off = true },
	[O_PASSWORD_FILE] = { .group = "Credentials (never printed or logged)",
		.flag = "password-file", .section = "auth", .key = "password_file",
		.env = "MS5TOP_PASSWORD_FILE", .type = T_PATH, .offset = F(password_file),
		.arg = "FILE", .help = "Read the password of --user from the first line of FILE.",
		.doc = "Reads the password of {user} from the first line of this file.\n"
		"Needs {user}.",
		.example = "/etc/ms5top/password",
		.example_off = true },

	[O_CA_FILE] = { .group = "TLS and HTTP", .flag = "ca-file", .section = "tls", .key = "ca_file",
		.env = "MS5TOP_CA_FILE", .type = T_PATH, .offset = F(ca_file), .arg = "FILE",
		.help = "CA certificates (PEM) to verify servers with, instead of the system's.",
		.example = "/etc/ms5top/plant-ca.pem",
		.example_off = true },
	[O_CERT] = { .group = "TLS and HTTP", .flag = "cert", .section = "tls", .key = "cert",
		.env = "MS5TOP_CERT", .type = T_PATH, .offset = F(cert), .arg = "FILE",
		.help = "Client certificate (PEM) for mutual TLS. Needs --key.",
		.doc = "A client certificate (PEM) for mutual TLS.\n"
		"Needs {key}.",
		.example = "/etc/ms5top/client.pem",
		.example_off = true },
	[O_KEY] = { .group = "TLS and HTTP", .flag = "key", .section = "tls", .key = "key",
		.env = "MS5TOP_KEY", .type = T_PATH, .offset = F(key), .arg = "FILE",
		.help = "The client certificate's private key (PEM).",
		.doc = "The client certificate's private key (PEM).\n"
		"Needs {cert}.",
		.example = "/etc/ms5top/client.key",
		.example_off = true },
	[O_INSECURE] = { .group = "TLS and HTTP", .flag = "insecure", .section = "tls",
		.key = "insecure", .env = "MS5TOP_INSECURE", .type = T_BOOL, .offset = F(insecure),
		.help = "Do not verify server certificates (verification is on unless this "
		"is given).",
		.doc = "Does not verify server certificates; verification is on unless this is given.\n"
		"Only for a test bench: anyone on the network path can then read the token.",
		.example = "false" },
	[O_HEADER] = { .group = "TLS and HTTP", .flag = "header", .section = "http", .key = "header",
		.env = "MS5TOP_HEADERS", .type = T_HEADERS, .arg = "'Name: value'",
		.help = "An extra HTTP header on every request (repeatable; one per line in "
		"MS5TOP_HEADERS), e.g. X-Scope-OrgID for Mimir, Cortex or Thanos tenants.",
		.doc = "An extra HTTP header on every request (repeatable, at most 16), for example "
		"`X-Scope-OrgID: plant-7` for a Mimir, Cortex or Thanos tenant.\n"
		"Header values are never shown in messages or logs.",
		.example = "X-Scope-OrgID: plant-7" },
	[O_TIMEOUT] = { .group = "TLS and HTTP", .flag = "timeout", .section = "http",
		.key = "timeout", .env = "MS5TOP_TIMEOUT", .type = T_SECONDS, .offset = F(timeout),
		.min = 0.1, .max = 300, .def = "10", .arg = "SECONDS",
		.help = "Time limit of each request, 0.1 to 300.",
		.doc = "Time limit of each request, in seconds, 0.1 to 300.",
		.example = "10" },

	[O_ROLE] = { .group = "Interface", .flag = "role", .section = "ui", .key = "role",
		.env = "MS5TOP_ROLE", .type = T_ENUM, .names = role_names, .def = "floor",
		.arg = "ROLE", .help = "floor, ops (alias operations) or exec (alias executive).",
		.doc = "The view: `floor`, `ops` (alias `operations`) or `exec` (alias `executive`).",
		.example = "floor" },
	[O_PLANT] = { .group = "Interface", .flag = "plant", .section = "ui", .key = "plant",
		.env = "MS5TOP_PLANT", .type = T_TEXT, .offset = F(plant), .required = true,
		.def = "MS5 plant", .arg = "NAME", .help = "The plant name shown in the header.",
		.doc = "The plant name shown in the header.",
		.example = "Plant 7" },
	[O_THEME] = { .group = "Interface", .flag = "theme", .section = "ui", .key = "theme",
		.env = "MS5TOP_THEME", .type = T_NAME, .offset = F(theme), .required = true,
		.def = "default", .arg = "NAME", .help = "A colour theme from the theme directories.",
		.doc = "A colour theme: *NAME*`.theme` from the theme directories, "
		"*~/.config/ms5top/themes/* first (see THEME FILES in ms5top.conf(5)).\n"
		"Shipped: `default`, `light`, `high-contrast` and `mono`; `default` and `mono` "
		"are also built in.",
		.example = "default" },
	[O_DASHBOARD] = { .group = "Interface", .flag = "dashboard", .section = "ui",
		.key = "dashboard", .env = "MS5TOP_DASHBOARD", .type = T_PATH, .offset = F(dashboard),
		.arg = "FILE", .help = "A dashboard file to use instead of the role's built-in one.",
		.doc = "A dashboard file to use for the chosen role instead of the built-in one (or "
		"*~/.config/ms5top/dashboards/ROLE.json* when it exists); see DASHBOARD FILES in "
		"ms5top.conf(5).\n"
		"With {check}, checks the file.",
		.example = "/etc/ms5top/dashboards/floor.json",
		.example_off = true },
	[O_REFRESH] = { .group = "Interface", .flag = "refresh", .section = "ui", .key = "refresh",
		.env = "MS5TOP_REFRESH", .type = T_SECONDS, .offset = F(refresh), .min = 1,
		.max = 3600, .zero_ok = true, .arg = "SECONDS",
		.help = "Override the dashboard's refresh interval, 1 to 3600; 0 keeps it.",
		.doc = "Overrides the dashboard's refresh interval, in seconds, 1 to 3600; 0 keeps it.",
		.doc_def = "0",
		.example = "0",
		.note = "0 keeps the dashboard's" },
	[O_KIOSK] = { .group = "Interface", .flag = "kiosk", .section = "ui", .key = "kiosk",
		.env = "MS5TOP_KIOSK", .type = T_BOOL, .offset = F(kiosk),
		.help = "Lock the terminal to one role, for unattended floor screens.",
		.doc = "Locks the terminal to the role, for unattended floor screens: no view switching, "
		"no filter, and `q` does not quit (see KIOSK in ms5top(1)).",
		.example = "false" },
	[O_KIOSK_UNLOCK] = { .group = "Interface", .flag = "kiosk-unlock", .section = "ui",
		.key = "kiosk_unlock", .env = "MS5TOP_KIOSK_UNLOCK", .type = T_TEXT,
		.offset = F(kiosk_unlock), .arg = "KEYS", .help = "The key sequence that quits a kiosk.",
		.doc = "The keys that quit a kiosk, typed in a row (ASCII).\n"
		"Without them, only a signal (`systemctl stop`) ends a kiosk.",
		.example = "ms5quit" },
	[O_COLORS] = { .group = "Interface", .flag = "colors", .section = "ui", .key = "colors",
		.env = "MS5TOP_COLORS", .type = T_ENUM, .names = depth_names, .def = "auto",
		.arg = "DEPTH", .help = "Colour depth: auto (from the terminal and NO_COLOR), none, "
		"8, 16, 256 or truecolor.",
		.doc = "Colour depth: `auto`, `none`, `8`, `16`, `256` or `truecolor`.\n"
		"`auto` takes the terminal's colour count from terminfo, truecolor when "
		"`COLORTERM` is `truecolor` or `24bit` (and the terminal has 256 colours or "
		"more), and none when `NO_COLOR` is set.\n"
		"With no colour, roles stay apart by bold, dim and reverse video, and states are "
		"always shown by a glyph and a word as well as a colour.",
		.example = "auto" },
	[O_GLYPHS] = { .group = "Interface", .flag = "glyphs", .section = "ui", .key = "glyphs",
		.env = "MS5TOP_GLYPHS", .type = T_ENUM, .names = glyph_names, .def = "auto",
		.arg = "SET", .help = "Glyphs: auto (from the locale), braille, blocks or ascii.",
		.doc = "Glyphs: `auto`, `braille`, `blocks` or `ascii`.\n"
		"`auto` is braille in a UTF-8 locale, else ascii.\n"
		"Braille draws charts at two by four dots a cell; blocks use the Unicode block "
		"elements; ascii uses only printable ASCII (boxes as `+`, `-`, `|`).\n"
		"The Linux console's font has no braille: use `ascii` there.",
		.example = "auto" },

	[O_LOG] = { .group = "Files", .flag = "log", .section = "log", .key = "file",
		.env = "MS5TOP_LOG", .type = T_PATH, .offset = F(log_file), .arg = "FILE",
		.help = "Append a debug log: requests, reconnects, dropped messages. Tokens "
		"are masked.",
		.doc = "Appends a debug log to this file, one line each with a UTC time: every request "
		"with its status, size and latency, every reconnect, every dropped message.\n"
		"Tokens in URLs are masked.\n"
		"Unset by default.",
		.example = "/var/log/ms5top/ms5top.log",
		.example_off = true },
	[O_CONFIG] = { .group = "Files", .flag = "config", .env = "MS5TOP_CONFIG", .type = T_PATH,
		.offset = F(config_file), .required = true, .arg = "FILE",
		.help = "Read this configuration file instead of the default one; it must exist.",
		.env_doc = "the configuration file to read; it must exist." },
};

#undef F

/* Pairs that are one setting written two ways. */
static const enum opt_id exclusive[][2] = { { O_TOKEN, O_TOKEN_FILE } };

/* Settings that are useless without another one. */
static const struct {
	enum opt_id opt, needs;
	const char *why;
} needs[] = {
	{ O_CERT, O_KEY, "a client certificate needs its private key" },
	{ O_KEY, O_CERT, "a private key needs its client certificate" },
	{ O_USER, O_PASSWORD_FILE, "a user needs a password" },
	{ O_PASSWORD_FILE, O_USER, "a password needs a user" },
};

/* Where each value came from, kept during config_load so that
 * config_validate can name it. */
struct origins {
	char where[O_COUNT][512];
};

enum source_kind { SRC_DEFAULT, SRC_FILE, SRC_ENV, SRC_FLAG };

/* One source being applied: the file, the environment or the flags. */
struct source {
	enum source_kind kind;
	const char *path;             /* SRC_FILE */
	char file[PATH_SHOWN_SIZE];   /* SRC_FILE: path as errors show it */
	size_t line;                  /* SRC_FILE: the line being applied */
	size_t seen[O_COUNT];         /* set by this source: its line, or 1 */
	bool holds_secret;            /* SRC_FILE: names a token inline */
	bool want_help, want_version; /* SRC_FLAG */
	enum opt_id mode_opt;         /* SRC_FLAG: the mode flag given, or O_COUNT */
	struct origins *origins;      /* NULL outside config_load */
};

/* Length of the character at s (at most n bytes) when it is valid UTF-8
 * and printable, else 0: C0 controls, DEL and the C1 controls
 * (U+0080..U+009F, which some terminals obey as escape sequences) are not. */
static size_t text_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = utf8_seq((const char *)s, n);

	if (len == 0) {
		return 0;
	}
	utf8_decode((const char *)s, n, cp);
	return *cp < 0x20 || (*cp >= 0x7f && *cp <= 0x9f) ? 0 : len;
}

/* Characters that do not show, or that reorder what follows (the bidi
 * controls): an error message escapes them so that what it quotes is what
 * is in the file. */
static bool invisible(uint32_t cp)
{
	return cp == 0xfeff || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
		(cp >= 0x2060 && cp <= 0x2069);
}

/* Writes s into buf for an error message: control characters, invalid
 * UTF-8 and invisible characters as \xNN, the rest as is, at most max
 * bytes of s (then "..."). buf holds 4 * (max + 3) + 4 bytes. Returns buf. */
static const char *shown_max(char *buf, const char *str, size_t n, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0, i = 0;

	while (i < n && i < max) {
		uint32_t cp;
		size_t len = text_char(s + i, n - i, &cp);

		if (len == 0 || invisible(cp)) {
			for (size_t k = 0; k < (len ? len : 1); k++) {
				snprintf(buf + o, 5, "\\x%02X", s[i]);
				o += 4;
				i++;
			}
		} else {
			memcpy(buf + o, s + i, len);
			o += len;
			i += len;
		}
	}
	if (i < n) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* A value for an error message; buf holds SHOWN_SIZE bytes. */
static const char *shown(char *buf, const char *str, size_t n)
{
	return shown_max(buf, str, n, SHOWN_MAX);
}

/* A file name for an error message; buf holds PATH_SHOWN_SIZE bytes. */
static const char *shown_path(char *buf, const char *path)
{
	return shown_max(buf, path, strlen(path), PATH_SHOWN_MAX);
}

/* Whether s is valid UTF-8 without control characters. */
static bool clean_text(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = text_char(s + i, n - i, &cp);

		if (len == 0) {
			return false;
		}
		i += len;
	}
	return true;
}

static bool has_control(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			return true;
		}
	}
	return false;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* The RFC 9110 token characters of a header name. */
static bool tchar(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch) ||
		(ch && strchr("!#$%&'*+-.^_`|~", ch));
}

/* Writes how a source spells an option, as the prefix of its errors:
 * "--role", "MS5TOP_ROLE", "/home/u/.config/ms5top/config:7: [ui] role". */
static void where(const struct source *src, enum opt_id id, char *buf, size_t size)
{
	const struct opt *o = &opts[id];

	switch (src->kind) {
	case SRC_FILE:
		/* Only a path of escapes is longer than 300 bytes here. */
		snprintf(buf, size, "%.300s:%zu: [%s] %s", src->file, src->line, o->section, o->key);
		break;
	case SRC_ENV:
		snprintf(buf, size, "%s", o->env);
		break;
	case SRC_FLAG:
		snprintf(buf, size, "--%s", o->flag);
		break;
	case SRC_DEFAULT:
		snprintf(buf, size, "the default of --%s", o->flag);
		break;
	}
}

/* "--key, [tls] key or MS5TOP_KEY": every spelling of an option. */
static void all_names(enum opt_id id, char *buf, size_t size)
{
	const struct opt *o = &opts[id];

	if (o->section && o->env) {
		snprintf(buf, size, "--%s, [%s] %s or %s", o->flag, o->section, o->key, o->env);
	} else {
		snprintf(buf, size, "--%s", o->flag);
	}
}

/* Writes a URL for an error message without what may be secret in it: the
 * user part becomes "***@" and the query string "?...". */
static const char *shown_url(char *buf, const char *url)
{
	struct url_spans sp;
	struct strbuf sb;

	url_spans(url, &sp);
	strbuf_init(&sb, 0);
	if (sp.at) {
		strbuf_append(&sb, url, (size_t)(sp.auth - url));
		strbuf_puts(&sb, "***");
		strbuf_append(&sb, sp.at, strcspn(sp.at, "?"));
	} else {
		strbuf_append(&sb, url, strcspn(url, "?"));
	}
	if (strchr(url, '?')) {
		strbuf_puts(&sb, "?...");
	}
	shown(buf, strbuf_str(&sb), sb.len);
	strbuf_finish(&sb);
	return buf;
}

static bool check_url(const char *pre, const char *v, bool ws, struct ms5_error *err)
{
	const char *want = ws ? "a ws:// or wss:// URL" : "an http:// or https:// URL";
	char buf[SHOWN_SIZE];
	struct url_parts u;
	struct url_spans sp;
	bool scheme_ok = false;

	if (url_spans(v, &sp)) {
		size_t n = sp.scheme_len;

		if (sp.at) {
			return ms5_error_set(err, "%s: user names and passwords in URLs are not "
				"supported (use --user and --password-file, or --token)", pre);
		}
		if (ws) {
			scheme_ok = (n == 2 && strncmp(v, "ws", 2) == 0) ||
				(n == 3 && strncmp(v, "wss", 3) == 0);
		} else {
			scheme_ok = (n == 4 && strncmp(v, "http", 4) == 0) ||
				(n == 5 && strncmp(v, "https", 5) == 0);
		}
	}
	if (!scheme_ok) {
		return ms5_error_set(err, "%s: '%s' is not %s", pre, shown_url(buf, v), want);
	}
	for (const char *p = v; *p; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f) {
			return ms5_error_set(err, "%s: '%s' holds a space or control character",
				pre, shown_url(buf, v));
		}
	}
	if (!url_split(v, &u)) {
		return ms5_error_set(err, "%s: '%s' has no valid host and port", pre,
			shown_url(buf, v));
	}
	url_parts_finish(&u);
	return true;
}

/* Checks one 'Name: value' header. The value is never shown: headers carry
 * credentials. */
static bool check_header(const char *pre, const char *v, struct ms5_error *err)
{
	const char *colon = strchr(v, ':');
	const char *val;
	char buf[SHOWN_SIZE];
	size_t vlen;

	if (!colon || colon == v) {
		return ms5_error_set(err, "%s: a header is written 'Name: value'", pre);
	}
	for (const char *p = v; p < colon; p++) {
		if (!tchar(*p)) {
			return ms5_error_set(err, "%s: '%s' is not a valid header name", pre,
				shown(buf, v, (size_t)(colon - v)));
		}
	}
	val = colon + 1;
	while (*val == ' ' || *val == '\t') {
		val++;
	}
	vlen = strlen(val);
	while (vlen > 0 && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t')) {
		vlen--;
	}
	if (vlen == 0) {
		return ms5_error_set(err, "%s: header %s has no value", pre,
			shown(buf, v, (size_t)(colon - v)));
	}
	for (size_t i = 0; i < vlen; i++) {
		unsigned char ch = (unsigned char)val[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
			return ms5_error_set(err, "%s: the value of header %s holds a CR, LF or "
				"other control character", pre, shown(buf, v, (size_t)(colon - v)));
		}
	}
	return true;
}

/* "Name: value" with the blanks around the value trimmed. Owned. */
static char *normal_header(const char *v)
{
	const char *colon = strchr(v, ':');
	const char *val = colon + 1;
	size_t vlen;

	while (*val == ' ' || *val == '\t') {
		val++;
	}
	vlen = strlen(val);
	while (vlen > 0 && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t')) {
		vlen--;
	}
	return xasprintf("%.*s: %.*s", (int)(colon - v), v, (int)vlen, val);
}

/* Line IDs end up inside PromQL label matchers, so they are kept to a
 * charset that needs no quoting; the charset and the bound are text.h's,
 * which the Andon decoder applies to the IDs the backend sends. */
static bool check_line_id(const char *pre, const char *v, struct ms5_error *err)
{
	char buf[SHOWN_SIZE];
	size_t n = strlen(v);

	if (n == 0) {
		return ms5_error_set(err, "%s: a line ID is empty", pre);
	}
	for (const char *p = v; *p; p++) {
		if (!text_id_char(*p)) {
			return ms5_error_set(err, "%s: '%s' is not a line ID (letters, digits, "
				"'_', '-', '.', ':')", pre, shown(buf, v, n));
		}
	}
	if (!text_id_ok(v)) {
		return ms5_error_set(err, "%s: '%s' is longer than %d bytes", pre, shown(buf, v, n),
			TEXT_ID_MAX);
	}
	return true;
}

/* Checks a string value of a string-typed option (not empty). */
static bool check_string(const struct opt *o, const char *pre, const char *v,
	struct ms5_error *err)
{
	char buf[SHOWN_SIZE];
	size_t n = strlen(v);

	switch (o->type) {
	case T_URL_HTTP:
	case T_URL_WS:
		return check_url(pre, v, o->type == T_URL_WS, err);
	case T_SECRET:
		for (const char *p = v; *p; p++) {
			if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) {
				return ms5_error_set(err, "%s: the token holds a space or a character "
					"that cannot be sent in an HTTP header", pre);
			}
		}
		return true;
	case T_NAME:
		for (const char *p = v; *p; p++) {
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || is_digit(*p) ||
				*p == '_' || *p == '-' || (*p == '.' && p != v))) {
				return ms5_error_set(err, "%s: '%s' is not a name (letters, digits, "
					"'_', '-', '.')", pre, shown(buf, v, n));
			}
		}
		return true;
	case T_USER:
		if (strchr(v, ':')) {
			return ms5_error_set(err, "%s: '%s' holds a ':', which HTTP basic auth "
				"cannot send", pre, shown(buf, v, n));
		}
		/* fall through */
	case T_TEXT:
		if (!clean_text(v)) {
			return ms5_error_set(err, "%s: '%s' is not valid UTF-8 text without control "
				"characters", pre, shown(buf, v, n));
		}
		return true;
	case T_PATH:
		if (has_control(v)) {
			return ms5_error_set(err, "%s: '%s' holds a control character", pre,
				shown(buf, v, n));
		}
		return true;
	default:
		return true;
	}
}

/* Parses a decimal number without exponent, independent of LC_NUMERIC
 * ("1.5", "-3", ".25"). */
static bool parse_number(const char *s, double *out)
{
	double ip = 0, fp = 0, div = 1;
	bool neg = false, digits = false;
	int nf = 0;

	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	for (; is_digit(*s); s++) {
		ip = ip * 10 + (*s - '0');
		digits = true;
	}
	if (*s == '.') {
		for (s++; is_digit(*s); s++) {
			if (nf < 17) {
				fp = fp * 10 + (*s - '0');
				div *= 10;
				nf++;
			}
			digits = true;
		}
	}
	if (!digits || *s) {
		return false;
	}
	*out = (ip + fp / div) * (neg ? -1 : 1);
	return true;
}

/* Parses a whole number; a long one parses as out of any range. */
static bool parse_int(const char *s, long *out)
{
	long v = 0;
	const char *p = s;

	if (*p == '-' || *p == '+') {
		p++;
	}
	if (!*p) {
		return false;
	}
	for (; *p; p++) {
		if (!is_digit(*p)) {
			return false;
		}
		if (v < 100000000) {
			v = v * 10 + (*p - '0');
		}
	}
	*out = *s == '-' ? -v : v;
	return true;
}

/* "0.1 and 300": an option's range for messages, independent of LC_NUMERIC. */
static const char *range(const struct opt *o, char *buf, size_t size)
{
	char lo[32], hi[32];

	snprintf(buf, size, "%s and %s", fmt_number(lo, sizeof(lo), o->min),
		fmt_number(hi, sizeof(hi), o->max));
	return buf;
}

static const struct enum_name *find_name(const struct enum_name *names, const char *v)
{
	for (const struct enum_name *e = names; e->name; e++) {
		if (text_casecmp(e->name, v) == 0) {
			return e;
		}
	}
	return NULL;
}

/* "floor, ops, exec" */
static void list_names(const struct enum_name *names, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (const struct enum_name *e = names; e->name; e++) {
		if (!e->alias && o < size) {
			o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? ", " : "", e->name);
		}
	}
}

static void set_enum(struct ms5_config *c, enum opt_id id, int v)
{
	switch (id) {
	case O_ROLE:
		c->role = (enum ms5_role)v;
		break;
	case O_COLORS:
		c->colors = (enum ms5_depth)v;
		break;
	case O_GLYPHS:
		c->glyphs = (enum ms5_glyphs)v;
		break;
	case O_FORMAT:
		c->format = (enum ms5_format)v;
		break;
	case O_COLOR:
		c->color = (enum ms5_color_when)v;
		break;
	default:
		ms5_fatal("config: option %d is not an enum", (int)id);
	}
}

/* Whether the option's value is a string at its offset. */
static bool stores_string(const struct opt *o)
{
	switch (o->type) {
	case T_URL_HTTP:
	case T_URL_WS:
	case T_TEXT:
	case T_NAME:
	case T_PATH:
	case T_USER:
	case T_SECRET:
		return true;
	default:
		return false;
	}
}

static char **field_str(struct ms5_config *c, const struct opt *o)
{
	return (char **)(void *)((char *)c + o->offset);
}

static const char *field_cstr(const struct ms5_config *c, enum opt_id id)
{
	return *(char *const *)(const void *)((const char *)c + opts[id].offset);
}

static void set_str(struct ms5_config *c, const struct opt *o, const char *v)
{
	char **f = field_str(c, o);

	if (o->type == T_SECRET) {
		secret_free(*f);
		*f = v ? xstrdup(v) : NULL;
	} else {
		xstrset(f, v);
	}
}

/* Adds one entry to a list option. The first entry a source gives replaces
 * the weaker sources' entries. */
static bool add_to_list(struct ms5_config *c, enum opt_id id, const char *v,
	const struct source *src, const char *pre, struct ms5_error *err)
{
	bool lines = opts[id].type == T_LINES;
	char **items = lines ? c->lines : c->headers;
	size_t *n = lines ? &c->n_lines : &c->n_headers;
	size_t max = lines ? MS5_MAX_LINES : MS5_MAX_HEADERS;

	if (lines ? !check_line_id(pre, v, err) : !check_header(pre, v, err)) {
		return false;
	}
	if (!src->seen[id]) {
		for (size_t i = 0; i < *n; i++) {
			secret_free(items[i]);
			items[i] = NULL;
		}
		*n = 0;
	}
	if (*n == max) {
		return ms5_error_set(err, "%s: more than %zu %s", pre, max,
			lines ? "lines" : "headers");
	}
	items[(*n)++] = lines ? xstrdup(v) : normal_header(v);
	return true;
}

/* Records, once applied, that src set option id. */
static void mark(struct source *src, enum opt_id id, const char *pre)
{
	src->seen[id] = src->kind == SRC_FILE ? src->line : 1;
	if (src->origins) {
		snprintf(src->origins->where[id], sizeof(src->origins->where[id]), "%s", pre);
	}
}

/* The other half of an exclusive pair, or O_COUNT. */
static enum opt_id partner(enum opt_id id)
{
	for (size_t i = 0; i < sizeof(exclusive) / sizeof(exclusive[0]); i++) {
		if (exclusive[i][0] == id) {
			return exclusive[i][1];
		}
		if (exclusive[i][1] == id) {
			return exclusive[i][0];
		}
	}
	return O_COUNT;
}

static bool set_mode(struct ms5_config *c, enum opt_id id, const char *v,
	struct source *src, struct ms5_error *err)
{
	const struct opt *o = &opts[id];

	if (o->mode == MS5_MODE_HELP) {
		src->want_help = true;
	} else if (o->mode == MS5_MODE_VERSION) {
		src->want_version = true;
	} else {
		if (src->mode_opt != O_COUNT && src->mode_opt != id) {
			return ms5_error_set(err, "--%s and --%s cannot be used together",
				opts[src->mode_opt].flag, o->flag);
		}
		src->mode_opt = id;
	}
	if (o->mode == MS5_MODE_QUERY) {
		if (!*v) {
			return ms5_error_set(err, "--query: the expression is empty");
		}
		xstrset(&c->query, v);
	}
	return true;
}

/* Applies one value of option id from src: checks it, converts it, stores
 * it. v is NUL-terminated. */
static bool set_value(struct ms5_config *c, enum opt_id id, const char *v,
	struct source *src, struct ms5_error *err)
{
	const struct opt *o = &opts[id];
	const struct enum_name *e;
	char pre[512], buf[SHOWN_SIZE], list[128];
	double d;
	long l;

	where(src, id, pre, sizeof(pre));
	if (src->kind == SRC_FILE && src->seen[id] && o->type != T_LINES &&
		o->type != T_HEADERS) {
		return ms5_error_set(err, "%s: already set on line %zu", pre, src->seen[id]);
	}
	switch (o->type) {
	case T_MODE:
		if (!set_mode(c, id, v, src, err)) {
			return false;
		}
		break;
	case T_URL_HTTP:
	case T_URL_WS:
	case T_TEXT:
	case T_NAME:
	case T_PATH:
	case T_USER:
	case T_SECRET:
		if (!*v) {
			if (o->required) {
				return ms5_error_set(err, "%s: must not be empty", pre);
			}
			set_str(c, o, NULL);
			break;
		}
		if (!check_string(o, pre, v, err)) {
			return false;
		}
		if (partner(id) != O_COUNT) {
			enum opt_id p = partner(id);
			char other[512];

			if (src->seen[p] && *field_str(c, &opts[p])) {
				where(src, p, other, sizeof(other));
				if (src->kind == SRC_FILE) {
					return ms5_error_set(err, "%s: cannot be used with [%s] %s (line %zu)",
						pre, opts[p].section, opts[p].key, src->seen[p]);
				}
				return ms5_error_set(err, "%s and %s cannot be used together", other, pre);
			}
			set_str(c, &opts[p], NULL);
			if (src->origins) {
				src->origins->where[p][0] = '\0';
			}
		}
		set_str(c, o, v);
		if (id == O_CONFIG) {
			c->config_file_explicit = true;
		}
		if (src->kind == SRC_FILE && o->type == T_SECRET) {
			src->holds_secret = true;
		}
		break;
	case T_BOOL:
		if (!(e = find_name(bool_names, v))) {
			return ms5_error_set(err, "%s: '%s' is not one of true, false (or yes, no, "
				"on, off, 1, 0)", pre, shown(buf, v, strlen(v)));
		}
		*(bool *)(void *)((char *)c + o->offset) = e->value != 0;
		break;
	case T_SECONDS:
		if (!parse_number(v, &d)) {
			return ms5_error_set(err, "%s: '%s' is not a number of seconds", pre,
				shown(buf, v, strlen(v)));
		}
		if (!(d == 0 && o->zero_ok) && !(d >= o->min && d <= o->max)) {
			return ms5_error_set(err, "%s: '%s' is not %sbetween %s seconds", pre,
				shown(buf, v, strlen(v)), o->zero_ok ? "0 or " : "",
				range(o, list, sizeof(list)));
		}
		*(double *)(void *)((char *)c + o->offset) = d;
		break;
	case T_INT:
		if (!parse_int(v, &l)) {
			return ms5_error_set(err, "%s: '%s' is not a whole number", pre,
				shown(buf, v, strlen(v)));
		}
		if (l < (long)o->min || l > (long)o->max) {
			return ms5_error_set(err, "%s: '%s' is not between %s", pre,
				shown(buf, v, strlen(v)), range(o, list, sizeof(list)));
		}
		*(int *)(void *)((char *)c + o->offset) = (int)l;
		break;
	case T_ENUM:
		if (!(e = find_name(o->names, v))) {
			list_names(o->names, list, sizeof(list));
			return ms5_error_set(err, "%s: '%s' is not one of %s", pre,
				shown(buf, v, strlen(v)), list);
		}
		set_enum(c, id, e->value);
		break;
	case T_LINES:
	case T_HEADERS:
		if (!add_to_list(c, id, v, src, pre, err)) {
			return false;
		}
		break;
	}
	mark(src, id, pre);
	return true;
}

static void init_source(struct source *src, enum source_kind kind, struct origins *origins)
{
	memset(src, 0, sizeof(*src));
	src->kind = kind;
	src->mode_opt = O_COUNT;
	src->origins = origins;
}

void config_init(struct ms5_config *c)
{
	struct source src;
	struct ms5_error err;

	memset(c, 0, sizeof(*c));
	init_source(&src, SRC_DEFAULT, NULL);
	for (int id = 0; id < O_COUNT; id++) {
		if (opts[id].def && !set_value(c, (enum opt_id)id, opts[id].def, &src, &err)) {
			ms5_fatal("config: bad default: %s", err.msg);
		}
	}
}

void config_finish(struct ms5_config *c)
{
	for (int id = 0; id < O_COUNT; id++) {
		if (stores_string(&opts[id])) {
			set_str(c, &opts[id], NULL);
		}
	}
	free(c->query);
	for (size_t i = 0; i < c->n_lines; i++) {
		free(c->lines[i]);
	}
	for (size_t i = 0; i < c->n_headers; i++) {
		secret_free(c->headers[i]);
	}
	for (size_t i = 0; i < c->n_warnings; i++) {
		free(c->warnings[i]);
	}
	memset(c, 0, sizeof(*c));
}

static void add_warning(struct ms5_config *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_warning(struct ms5_config *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->n_warnings == MS5_MAX_WARNINGS) {
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		char *s = xmalloc((size_t)n + 1);

		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
		c->warnings[c->n_warnings++] = s;
	}
}

/* The INI parser. */

static const struct opt *find_key(const char *section, const char *key, enum opt_id *id)
{
	for (int i = 0; i < O_COUNT; i++) {
		if (opts[i].section && strcmp(opts[i].section, section) == 0 &&
			strcmp(opts[i].key, key) == 0) {
			*id = (enum opt_id)i;
			return &opts[i];
		}
	}
	return NULL;
}

static bool known_section(const char *section)
{
	for (int i = 0; i < O_COUNT; i++) {
		if (opts[i].section && strcmp(opts[i].section, section) == 0) {
			return true;
		}
	}
	return false;
}

/* Trims blanks off both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((*s)[*n - 1])) {
		(*n)--;
	}
}

/* Where an unquoted value's trailing comment starts: a '#' after a blank. */
static size_t cut_comment(const char *s, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (s[i] == '#' && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
			return i;
		}
	}
	return n;
}

/* Parses one "key = value" line (trimmed, not a comment). */
static bool ini_assignment(struct ms5_config *c, const char *section, const char *s,
	size_t n, struct source *src, struct ms5_error *err)
{
	const char *eq = memchr(s, '=', n);
	const char *k = s, *v;
	size_t kn, vn;
	char key[64], buf[SHOWN_SIZE], *value;
	enum opt_id id;
	const struct opt *o;
	bool ok;

	if (!eq) {
		return ms5_error_set(err, "%s:%zu: expected 'key = value', '[section]' or a comment",
			src->file, src->line);
	}
	kn = (size_t)(eq - s);
	trim(&k, &kn);
	if (kn == 0) {
		return ms5_error_set(err, "%s:%zu: a value without a key",
			src->file, src->line);
	}
	if (!section) {
		return ms5_error_set(err, "%s:%zu: '%s' comes before any [section]",
			src->file, src->line, shown(buf, k, kn));
	}
	o = NULL;
	if (kn < sizeof(key)) {
		memcpy(key, k, kn);
		key[kn] = '\0';
		o = find_key(section, key, &id);
	}
	if (!o) {
		return ms5_error_set(err, "%s:%zu: unknown key '%s' in [%s]",
			src->file, src->line, shown(buf, k, kn), section);
	}
	v = eq + 1;
	vn = n - (size_t)(v - s);
	trim(&v, &vn);
	if (vn > 0 && v[0] == '"') {
		const char *close = memchr(v + 1, '"', vn - 1);
		const char *rest;
		size_t rn;

		if (!close) {
			return ms5_error_set(err, "%s:%zu: [%s] %s: the quote is not closed",
				src->file, src->line, o->section, o->key);
		}
		rest = close + 1;
		rn = vn - (size_t)(rest - v);
		trim(&rest, &rn);
		if (rn > 0 && rest[0] != '#' && rest[0] != ';') {
			return ms5_error_set(err, "%s:%zu: [%s] %s: text after the closing quote",
				src->file, src->line, o->section, o->key);
		}
		v++;
		vn = (size_t)(close - v);
	} else if (o->type != T_SECRET) {
		vn = cut_comment(v, vn);
		trim(&v, &vn);
	} else if (cut_comment(v, vn) < vn) {
		/* Cutting it off could send a token that is not the one meant. */
		return ms5_error_set(err, "%s:%zu: [%s] %s: a comment after a token is not "
			"allowed (put it on its own line, or quote the token)",
			src->file, src->line, o->section, o->key);
	}
	value = xstrndup(v, vn);
	ok = set_value(c, id, value, src, err);
	secret_free(value);
	return ok;
}

static bool parse_ini(struct ms5_config *c, const char *text, size_t len, const char *path,
	struct source *src, struct ms5_error *err)
{
	char section[32] = "";
	bool in_section = false;
	size_t pos = 0;
	char buf[SHOWN_SIZE];

	src->path = path;
	shown_path(src->file, path);
	pos = text_bom(text, len);
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl != NULL);
		src->line++;
		if (n > CONFIG_LINE_MAX) {
			return ms5_error_set(err, "%s:%zu: the line is longer than %d bytes",
				src->file, src->line, CONFIG_LINE_MAX);
		}
		if (memchr(s, '\0', n)) {
			return ms5_error_set(err, "%s:%zu: a NUL byte (is this a text file?)",
				src->file, src->line);
		}
		trim(&s, &n);
		if (n == 0 || s[0] == '#' || s[0] == ';') {
			continue;
		}
		if (s[0] == '[') {
			const char *close = memchr(s, ']', n);
			const char *name = s + 1, *rest;
			size_t nn, rn;

			if (!close) {
				return ms5_error_set(err, "%s:%zu: a section header without ']'",
					src->file, src->line);
			}
			rest = close + 1;
			rn = n - (size_t)(rest - s);
			trim(&rest, &rn);
			if (rn > 0 && rest[0] != '#' && rest[0] != ';') {
				return ms5_error_set(err, "%s:%zu: text after the section header",
					src->file, src->line);
			}
			nn = (size_t)(close - name);
			trim(&name, &nn);
			if (nn >= sizeof(section)) {
				nn = sizeof(section);
			} else {
				memcpy(section, name, nn);
				section[nn] = '\0';
			}
			if (nn == sizeof(section) || !known_section(section)) {
				return ms5_error_set(err, "%s:%zu: unknown section [%s]",
					src->file, src->line, shown(buf, name, nn));
			}
			in_section = true;
			continue;
		}
		if (!ini_assignment(c, in_section ? section : NULL, s, n, src, err)) {
			return false;
		}
	}
	return true;
}

bool config_parse_ini(struct ms5_config *c, const char *text, size_t len,
	const char *path, struct ms5_error *err)
{
	struct source src;

	init_source(&src, SRC_FILE, NULL);
	return parse_ini(c, text, len, path, &src, err);
}

/* The environment. */

static const char *env_get(char *const envp[], const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; envp && envp[i]; i++) {
		if (strncmp(envp[i], name, n) == 0 && envp[i][n] == '=') {
			return envp[i] + n + 1;
		}
	}
	return NULL;
}

/* Applies each entry of a list variable: separated by sep, blanks around
 * entries trimmed, empty entries skipped. */
static bool env_list(struct ms5_config *c, enum opt_id id, const char *v, char sep,
	struct source *src, struct ms5_error *err)
{
	while (*v) {
		const char *s = v;
		size_t n = strcspn(v, (char[]){ sep, '\0' });
		char *item;
		bool ok;

		v += n + (v[n] != '\0');
		trim(&s, &n);
		if (n == 0) {
			continue;
		}
		item = xstrndup(s, n);
		ok = set_value(c, id, item, src, err);
		secret_free(item);
		if (!ok) {
			return false;
		}
	}
	return true;
}

static bool apply_env(struct ms5_config *c, char *const envp[], struct origins *origins,
	struct ms5_error *err)
{
	struct source src;

	init_source(&src, SRC_ENV, origins);
	for (int i = 0; i < O_COUNT; i++) {
		const struct opt *o = &opts[i];
		const char *v = o->env ? env_get(envp, o->env) : NULL;
		bool ok;

		if (!v || !*v) {
			continue;
		}
		if (o->type == T_LINES) {
			ok = env_list(c, (enum opt_id)i, v, ',', &src, err);
		} else if (o->type == T_HEADERS) {
			ok = env_list(c, (enum opt_id)i, v, '\n', &src, err);
		} else {
			ok = set_value(c, (enum opt_id)i, v, &src, err);
		}
		if (!ok) {
			return false;
		}
	}
	/* A misspelt variable would otherwise be ignored without a word. */
	for (size_t i = 0; envp && envp[i]; i++) {
		size_t n = strcspn(envp[i], "=");
		bool known = false;
		char buf[SHOWN_SIZE];

		if (strncmp(envp[i], "MS5TOP_", 7) != 0) {
			continue;
		}
		for (int k = 0; k < O_COUNT && !known; k++) {
			known = opts[k].env && strlen(opts[k].env) == n &&
				strncmp(opts[k].env, envp[i], n) == 0;
		}
		if (!known) {
			add_warning(c, "%s is not a variable ms5top knows (ignored)",
				shown(buf, envp[i], n));
		}
	}
	return true;
}

bool config_apply_env(struct ms5_config *c, char *const envp[], struct ms5_error *err)
{
	return apply_env(c, envp, NULL, err);
}

/* The flags. */

static bool flag_error(int argc, char *const argv[], bool missing,
	struct ms5_error *err)
{
	const char *arg = optind > 0 && optind - 1 < argc ? argv[optind - 1] : "";
	char buf[SHOWN_SIZE];
	size_t n, matches = 0;

	if (optopt >= 256 && optopt < 256 + O_COUNT) {
		const struct opt *o = &opts[optopt - 256];

		if (missing) {
			return ms5_error_set(err, "--%s needs a value (%s)", o->flag, o->arg);
		}
		return ms5_error_set(err, "--%s takes no value", o->flag);
	}
	if (optopt > 0 && optopt < 256) {
		if (missing) {
			return ms5_error_set(err, "-%c needs a value", optopt);
		}
		return ms5_error_set(err, "unknown option '-%s' (see --help)",
			shown(buf, (char[]){ (char)optopt, '\0' }, 1));
	}
	/* An unknown or ambiguous long option: named without any "=value",
	 * which may be a secret given to a misspelt flag. */
	if (strncmp(arg, "--", 2) != 0) {
		return ms5_error_set(err, "unknown option (see --help)");
	}
	n = strcspn(arg + 2, "=");
	for (int i = 0; i < O_COUNT; i++) {
		if (opts[i].flag && strncmp(opts[i].flag, arg + 2, n) == 0) {
			matches++;
		}
	}
	if (matches > 1) {
		return ms5_error_set(err, "'--%s' is ambiguous (see --help)", shown(buf, arg + 2, n));
	}
	return ms5_error_set(err, "unknown option '--%s' (see --help)", shown(buf, arg + 2, n));
}

/* Whether s is exactly one of our long flags: "--token --check" most likely
 * forgot the token, rather than meaning a token "--check". */
static bool is_flag(const char *s)
{
	if (strncmp(s, "--", 2) != 0) {
		return false;
	}
	for (int i = 0; i < O_COUNT; i++) {
		if (opts[i].flag && strcmp(opts[i].flag, s + 2) == 0) {
			return true;
		}
	}
	return false;
}

static bool parse_args(struct ms5_config *c, int argc, char *const argv[],
	struct origins *origins, struct ms5_error *err)
{
	struct option longopts[O_COUNT + 1];
	char shortopts[2 * O_COUNT + 3] = "+:";
	size_t n = 0, ns = 2;
	struct source src;
	int ch, saved_opterr = opterr;
	bool ok = true;

	for (int i = 0; i < O_COUNT; i++) {
		const struct opt *o = &opts[i];

		if (!o->flag) {
			continue;
		}
		longopts[n++] = (struct option){ o->flag, o->arg ? required_argument : no_argument,
			NULL, 256 + i };
		if (o->short_flag) {
			shortopts[ns++] = o->short_flag;
			if (o->arg) {
				shortopts[ns++] = ':';
			}
		}
	}
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[ns] = '\0';

	init_source(&src, SRC_FLAG, origins);
	optind = 0;     /* glibc: start over, also after an earlier parse */
	opterr = 0;     /* the core never prints */
	while (ok && (ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		enum opt_id id = O_COUNT;

		if (ch == '?' || ch == ':') {
			ok = flag_error(argc, argv, ch == ':', err);
			break;
		}
		if (ch >= 256) {
			id = (enum opt_id)(ch - 256);
		} else {
			for (int i = 0; i < O_COUNT; i++) {
				if (opts[i].short_flag == ch) {
					id = (enum opt_id)i;
				}
			}
		}
		if (id == O_COUNT) {
			ok = ms5_error_set(err, "unknown option '-%c'", ch);
			break;
		}
		if (optarg && optind > 1 && argv[optind - 1] == optarg && is_flag(optarg)) {
			ok = ms5_error_set(err, "--%s needs a value (%s), not the flag %s",
				opts[id].flag, opts[id].arg, optarg);
			break;
		}
		ok = set_value(c, id, opts[id].arg ? optarg : "true", &src, err);
	}
	if (ok && optind < argc) {
		char buf[SHOWN_SIZE];

		ok = ms5_error_set(err, "unexpected argument '%s' (options start with --)",
			shown(buf, argv[optind], strlen(argv[optind])));
	}
	opterr = saved_opterr;
	if (!ok) {
		return false;
	}
	if (src.want_help) {
		c->mode = MS5_MODE_HELP;
	} else if (src.want_version) {
		c->mode = MS5_MODE_VERSION;
	} else if (src.mode_opt != O_COUNT) {
		c->mode = opts[src.mode_opt].mode;
	}
	return true;
}

bool config_parse_args(struct ms5_config *c, int argc, char *const argv[], struct ms5_error *err)
{
	return parse_args(c, argc, argv, NULL, err);
}

/* Validation of the merged result. */

/* The prefix of an error about option id: where it came from when known,
 * else its flag. */
static void origin_of(const struct origins *origins, enum opt_id id, char *buf, size_t size)
{
	if (origins && origins->where[id][0]) {
		snprintf(buf, size, "%s", origins->where[id]);
	} else {
		snprintf(buf, size, "--%s", opts[id].flag);
	}
}

static bool validate(const struct ms5_config *c, const struct origins *origins,
	struct ms5_error *err)
{
	char pre[512], names[256];

	for (int i = 0; i < O_COUNT; i++) {
		const struct opt *o = &opts[i];
		const char *v;

		origin_of(origins, (enum opt_id)i, pre, sizeof(pre));
		switch (o->type) {
		case T_URL_HTTP:
		case T_URL_WS:
		case T_TEXT:
		case T_NAME:
		case T_PATH:
		case T_USER:
		case T_SECRET:
			v = field_cstr(c, (enum opt_id)i);
			if (o->required && o->def && (!v || !*v)) {
				return ms5_error_set(err, "%s: must not be empty", pre);
			}
			if (v && *v && !check_string(o, pre, v, err)) {
				return false;
			}
			break;
		case T_SECONDS: {
			double d = *(const double *)(const void *)((const char *)c + o->offset);

			if (!(d == 0 && o->zero_ok) && !(d >= o->min && d <= o->max)) {
				char num[32], r[80];

				return ms5_error_set(err, "%s: %s is not %sbetween %s seconds", pre,
					fmt_number(num, sizeof(num), d), o->zero_ok ? "0 or " : "",
					range(o, r, sizeof(r)));
			}
			break;
		}
		case T_INT: {
			int n = *(const int *)(const void *)((const char *)c + o->offset);

			if (n != 0 && (n < (int)o->min || n > (int)o->max)) {
				char r[80];

				return ms5_error_set(err, "%s: %d is not between %s", pre, n,
					range(o, r, sizeof(r)));
			}
			break;
		}
		case T_LINES:
			if (c->n_lines > MS5_MAX_LINES) {
				return ms5_error_set(err, "%s: more than %d lines", pre, MS5_MAX_LINES);
			}
			for (size_t k = 0; k < c->n_lines; k++) {
				if (!c->lines[k] || !check_line_id(pre, c->lines[k], err)) {
					return c->lines[k] ? false :
						ms5_error_set(err, "%s: a missing line ID", pre);
				}
			}
			break;
		case T_HEADERS:
			if (c->n_headers > MS5_MAX_HEADERS) {
				return ms5_error_set(err, "%s: more than %d headers", pre, MS5_MAX_HEADERS);
			}
			for (size_t k = 0; k < c->n_headers; k++) {
				if (!c->headers[k] || !check_header(pre, c->headers[k], err)) {
					return c->headers[k] ? false :
						ms5_error_set(err, "%s: a missing header", pre);
				}
			}
			break;
		default:
			break;
		}
	}
	if ((unsigned)c->role > MS5_ROLE_EXEC || (unsigned)c->colors > MS5_DEPTH_TRUECOLOR ||
		(unsigned)c->glyphs > MS5_GLYPHS_ASCII || (unsigned)c->format > MS5_FORMAT_JSON ||
		(unsigned)c->color > MS5_COLOR_NEVER || (unsigned)c->mode > MS5_MODE_SNAPSHOT) {
		return ms5_error_set(err, "config: an enumerated setting is out of range");
	}
	if (c->mode == MS5_MODE_QUERY && (!c->query || !*c->query)) {
		return ms5_error_set(err, "--query: the expression is empty");
	}
	for (size_t i = 0; i < sizeof(exclusive) / sizeof(exclusive[0]); i++) {
		const struct opt *a = &opts[exclusive[i][0]], *b = &opts[exclusive[i][1]];

		if (field_cstr(c, exclusive[i][0]) && field_cstr(c, exclusive[i][1])) {
			return ms5_error_set(err, "--%s and --%s cannot be used together",
				a->flag, b->flag);
		}
	}
	for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
		if (field_cstr(c, needs[i].opt) && !field_cstr(c, needs[i].needs)) {
			origin_of(origins, needs[i].opt, pre, sizeof(pre));
			all_names(needs[i].needs, names, sizeof(names));
			return ms5_error_set(err, "%s: %s: set %s too", pre, needs[i].why, names);
		}
	}
	return true;
}

bool config_validate(const struct ms5_config *c, struct ms5_error *err)
{
	return validate(c, NULL, err);
}

/* Loading. */

/* Reads a whole file of at most max bytes. Returns false with errno set
 * (EFBIG when it is larger). */
static bool read_all(const char *path, size_t max, char **out, size_t *len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct strbuf sb;
	char chunk[8192];
	ssize_t r;
	int saved;

	if (fd < 0) {
		return false;
	}
	if (fstat(fd, st) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return false;
	}
	strbuf_init(&sb, max);
	for (;;) {
		r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			break;
		}
		if (!strbuf_append(&sb, chunk, (size_t)r)) {
			r = -1;
			errno = EFBIG;
			break;
		}
	}
	saved = errno;
	secret_wipe(chunk, sizeof(chunk));
	close(fd);
	if (r < 0) {
		secret_strbuf_finish(&sb);
		errno = saved;
		return false;
	}
	*len = sb.len;
	*out = strbuf_steal(&sb);
	return true;
}

/* Finds the config file as config.h says. *label says how it was named
 * ("--config", "MS5TOP_CONFIG", or "" for the default place). Owned
 * result, or NULL when there is no place to look. */
static char *find_config(const struct ms5_config *flags, char *const envp[],
	const char **label)
{
	const char *v;

	if (flags->config_file) {
		*label = "--config ";
		return xstrdup(flags->config_file);
	}
	*label = "MS5TOP_CONFIG ";
	if ((v = env_get(envp, "MS5TOP_CONFIG")) && *v) {
		return xstrdup(v);
	}
	*label = "";
	/* The XDG base directory spec: a relative XDG_CONFIG_HOME is invalid. */
	if ((v = env_get(envp, "XDG_CONFIG_HOME")) && v[0] == '/') {
		return xasprintf("%s/ms5top/config", v);
	}
	if ((v = env_get(envp, "HOME")) && *v) {
		return xasprintf("%s/.config/ms5top/config", v);
	}
	return NULL;
}

bool config_load(struct ms5_config *c, int argc, char *const argv[],
	char *const envp[], struct ms5_error *err)
{
	struct ms5_config flags;
	struct origins *origins;
	const char *label = "";
	char *path, *text = NULL;
	size_t len = 0;
	struct stat st;
	bool ok = true;

	/* A first pass over the flags finds --config, and --help or --version,
	 * which must work even when the config file is broken. */
	config_init(&flags);
	if (!config_parse_args(&flags, argc, argv, err)) {
		config_finish(&flags);
		return false;
	}
	if (flags.mode == MS5_MODE_HELP || flags.mode == MS5_MODE_VERSION) {
		config_finish(&flags);
		return config_parse_args(c, argc, argv, err);
	}
	path = find_config(&flags, envp, &label);
	config_finish(&flags);

	origins = xcalloc(1, sizeof(*origins));
	if (path && !read_all(path, CONFIG_FILE_MAX, &text, &len, &st)) {
		int e = errno;
		char pbuf[PATH_SHOWN_SIZE];

		if (*label || (e != ENOENT && e != ENOTDIR)) {
			ok = ms5_error_set(err, "%s%s: %s", label, shown_path(pbuf, path),
				e == EFBIG ? "larger than 1 MiB" : strerror(e));
		}
		free(path);
		path = NULL;
	}
	if (ok && path) {
		struct source src;

		init_source(&src, SRC_FILE, origins);
		ok = parse_ini(c, text, len, path, &src, err);
		if (ok && src.holds_secret && S_ISREG(st.st_mode) &&
			(st.st_mode & (S_IRGRP | S_IROTH))) {
			char pbuf[PATH_SHOWN_SIZE];

			add_warning(c, "config file %s holds a token and is readable by others "
				"(chmod 600 it)", shown_path(pbuf, path));
		}
		xstrset(&c->config_file, path);
		c->config_file_explicit = *label != '\0';
	}
	if (text) {
		secret_free_n(text, len);
	}
	free(path);
	ok = ok && apply_env(c, envp, origins, err) && parse_args(c, argc, argv, origins, err) &&
		validate(c, origins, err);
	free(origins);
	return ok;
}

/* --help */

#define HELP_WIDTH 79
#define HELP_INDENT 28

/* Appends text word-wrapped; the cursor is at column col, where the text
 * starts. Continuation lines start at HELP_INDENT. */
static void wrap(struct strbuf *out, const char *text, size_t col)
{
	bool line_start = true;

	while (*text) {
		size_t word = strcspn(text, " ");

		if (!line_start && col + 1 + word > HELP_WIDTH) {
			strbuf_printf(out, "\n%*s", HELP_INDENT, "");
			col = HELP_INDENT;
			line_start = true;
		}
		if (!line_start) {
			strbuf_putc(out, ' ');
			col++;
		}
		strbuf_append(out, text, word);
		col += word;
		line_start = false;
		text += word;
		while (*text == ' ') {
			text++;
		}
	}
	strbuf_putc(out, '\n');
}

void config_help(struct strbuf *out, const char *progname)
{
	const char *group = NULL;

	strbuf_printf(out,
		"Usage: %s [OPTION]...                 the dashboard\n"
		"       %s --check [OPTION]...         is every source reachable?\n"
		"       %s --query EXPR [OPTION]...    one PromQL query\n"
		"\nA terminal dashboard for factory floors: Prometheus, Alertmanager and the MS5\n"
		"Andon stream, with panels for the floor, operations and executives.\n",
		progname, progname, progname);
	for (int i = 0; i < O_COUNT; i++) {
		const struct opt *o = &opts[i];
		struct strbuf left, text;

		if (!o->flag) {
			continue;
		}
		if (!group || strcmp(group, o->group) != 0) {
			group = o->group;
			strbuf_printf(out, "\n%s:\n", group);
		}
		strbuf_init(&left, 0);
		if (o->short_flag) {
			strbuf_printf(&left, "  -%c, --%s", o->short_flag, o->flag);
		} else {
			strbuf_printf(&left, "      --%s", o->flag);
		}
		if (o->arg) {
			strbuf_printf(&left, " %s", o->arg);
		}
		strbuf_puts(out, strbuf_str(&left));
		if (left.len + 2 > HELP_INDENT) {
			strbuf_printf(out, "\n%*s", HELP_INDENT, "");
		} else {
			strbuf_printf(out, "%*s", (int)(HELP_INDENT - left.len), "");
		}
		strbuf_init(&text, 0);
		strbuf_puts(&text, o->help);
		if (o->def) {
			strbuf_printf(&text, " Default: %s.", o->def);
		}
		if (o->env && o->section) {
			strbuf_printf(&text, " (%s; [%s] %s)", o->env, o->section, o->key);
		} else if (o->env) {
			strbuf_printf(&text, " (%s)", o->env);
		}
		wrap(out, strbuf_str(&text), HELP_INDENT);
		strbuf_finish(&text);
		strbuf_finish(&left);
	}
	strbuf_printf(out,
		"\nSettings come from, weakest first: defaults, the config file\n"
		"($XDG_CONFIG_HOME/ms5top/config, else ~/.config/ms5top/config), MS5TOP_*\n"
		"variables, flags. In parentheses: the variable, and the config file's\n"
		"[section] key.\n"
		"Exit status: 0 success, 1 usage or configuration error, 2 a source failed.\n"
		"See ms5top(1).\n");
}

const char *config_role_name(enum ms5_role r)
{
	for (const struct enum_name *e = role_names; e->name; e++) {
		if (!e->alias && e->value == (int)r) {
			return e->name;
		}
	}
	return "floor";
}

char *config_read_secret(const char *path, const char *what, struct ms5_error *err)
{
	char pbuf[PATH_SHOWN_SIZE];
	char *text = NULL, *line, *secret;
	size_t len = 0, n;
	struct stat st;

	if (!read_all(path, SECRET_MAX, &text, &len, &st)) {
		int e = errno;

		ms5_error_set(err, "%s %s: %s", what, shown_path(pbuf, path),
			e == EFBIG ? "larger than 64 KiB" : strerror(e));
		return NULL;
	}
	line = text + text_bom(text, len);
	n = strcspn(line, "\n");
	if (line + n < text + len && line[n] == '\0') {
		secret_free_n(text, len);
		ms5_error_set(err, "%s %s: a NUL byte in the first line", what,
			shown_path(pbuf, path));
		return NULL;
	}
	while (n > 0 && is_space(line[n - 1])) {
		n--;
	}
	if (n == 0) {
		secret_free_n(text, len);
		ms5_error_set(err, "%s %s: the first line is empty", what,
			shown_path(pbuf, path));
		return NULL;
	}
	secret = xstrndup(line, n);
	secret_free_n(text, len);
	return secret;
}

bool config_role_allows(const char *ms5_role, enum ms5_role view)
{
	static const char *const exec_roles[] = { "admin", "production_manager", NULL };
	static const char *const ops_roles[] = { "admin", "production_manager", "shift_manager",
		"engineer", "maintenance", NULL };
	const char *const *allowed;

	if (!ms5_role || !*ms5_role || view == MS5_ROLE_FLOOR) {
		return true;
	}
	allowed = view == MS5_ROLE_EXEC ? exec_roles : ops_roles;
	for (size_t i = 0; allowed[i]; i++) {
		if (strcmp(ms5_role, allowed[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* Documentation (ms5top-gendoc) */

/* What the manuals say of each group of --help, and the title they give it:
 * ms5top(1) shows each group as a subsection of OPTIONS (the modes
 * themselves have a section of their own, MODES), dist/config.example puts
 * the text under the group's first [section]. */
static const struct {
	const char *group, *title, *doc;
} group_docs[] = {
	{ "Modes", "Output of the modes", NULL },
	{ "Sources", "Sources", NULL },
	{ "Credentials (never printed or logged)", "Credentials",
		"One set of credentials serves every source.\n"
		"Secrets are never printed, logged or shown on screen." },
	{ "TLS and HTTP", "TLS and HTTP", NULL },
	{ "Interface", "Interface", NULL },
	{ "Files", "Files", NULL },
};

/* A value type as the manuals name it (ms5top.conf(5), Value types). */
static const char *type_doc(const struct opt *o)
{
	switch (o->type) {
	case T_MODE:
		return o->arg ? "text" : NULL;
	case T_URL_HTTP:
	case T_URL_WS:
		return "URL";
	case T_TEXT:
	case T_USER:
		return "text";
	case T_NAME:
		return "name";
	case T_PATH:
		return "path";
	case T_SECRET:
		return "token";
	case T_BOOL:
		return "boolean";
	case T_SECONDS:
		return "seconds";
	case T_INT:
		return "number";
	case T_ENUM:
		return "word";
	case T_LINES:
		return "line ID";
	case T_HEADERS:
		return "header";
	}
	return NULL;
}

bool config_doc_option(size_t i, struct config_doc *d)
{
	const struct opt *o;

	if (i >= O_COUNT) {
		return false;
	}
	o = &opts[i];
	memset(d, 0, sizeof(*d));
	d->group = o->group;
	d->group_title = o->group;
	for (size_t g = 0; g < sizeof(group_docs) / sizeof(group_docs[0]); g++) {
		if (strcmp(group_docs[g].group, o->group) == 0) {
			d->group_title = group_docs[g].title;
			d->group_doc = group_docs[g].doc;
		}
	}
	d->flag = o->flag;
	d->short_flag = o->short_flag;
	d->section = o->section;
	d->key = o->key;
	d->env = o->env;
	d->arg = o->arg;
	d->type = type_doc(o);
	d->mode = o->type == T_MODE;
	d->repeatable = o->type == T_LINES || o->type == T_HEADERS;
	d->env_format = o->type == T_LINES ? "comma separated" :
		o->type == T_HEADERS ? "one per line" : NULL;
	if (o->names) {
		size_t n = 0;

		for (const struct enum_name *e = o->names; e->name; e++) {
			if (!e->alias) {
				n += (size_t)snprintf(d->choices + n, sizeof(d->choices) - n, "%s%s",
					n ? "|" : "", e->name);
				if (n >= sizeof(d->choices)) {
					ms5_fatal("config: the names of --%s do not fit", o->flag);
				}
			}
		}
	}
	d->def = o->def ? o->def : o->doc_def ? o->doc_def : o->type == T_BOOL ? "false" : NULL;
	d->help = o->help;
	d->doc = o->doc ? o->doc : o->help;
	d->example = o->example ? o->example : o->def;
	d->example_off = o->example_off;
	d->note = o->note;
	d->env_doc = o->env_doc;
	return true;
}
