/*
 * Configuration: command-line flags, MS5TOP_* environment variables and the
 * INI-style config file, merged into one struct ms5_config. Precedence, from
 * strongest: flags, then environment, then the file, then built-in defaults.
 * Every option is one row of a table in config.c (flag, file key, environment
 * variable, type, help), which drives parsing, validation and --help alike.
 *
 * Errors name the source, the key and the value (never the value of a secret):
 *   "--role: 'forman' is not one of floor, ops, exec"
 *   "/home/u/.config/ms5top/config:7: [ui] refresh: '5x' is not a number of seconds"
 *   "MS5TOP_PROMETHEUS: 'localhost:9090' is not an http:// or https:// URL"
 */
#ifndef MS5TOP_CONFIG_H
#define MS5TOP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "ms5top/err.h"
#include "ms5top/strbuf.h"

#define MS5_MAX_HEADERS 16
#define MS5_MAX_LINES 256
#define MS5_MAX_WARNINGS 8

enum ms5_role { MS5_ROLE_FLOOR = 0, MS5_ROLE_OPS, MS5_ROLE_EXEC };

/* What the invocation asks for. */
enum ms5_mode {
	MS5_MODE_TUI = 0,      /* the interactive dashboard (default) */
	MS5_MODE_HELP,         /* --help */
	MS5_MODE_VERSION,      /* --version */
	MS5_MODE_CHECK,        /* --check */
	MS5_MODE_QUERY,        /* --query EXPR */
	MS5_MODE_ANDON_TAIL,   /* --andon-tail */
	MS5_MODE_SNAPSHOT,     /* --snapshot */
};

enum ms5_format { MS5_FORMAT_TEXT = 0, MS5_FORMAT_JSON };
enum ms5_color_when { MS5_COLOR_AUTO = 0, MS5_COLOR_ALWAYS, MS5_COLOR_NEVER };
/* Forced colour depth; AUTO means from terminfo and NO_COLOR. */
enum ms5_depth { MS5_DEPTH_AUTO = 0, MS5_DEPTH_NONE, MS5_DEPTH_8, MS5_DEPTH_16,
	MS5_DEPTH_256, MS5_DEPTH_TRUECOLOR };
/* Forced glyph set; AUTO means from the locale. */
enum ms5_glyphs { MS5_GLYPHS_AUTO = 0, MS5_GLYPHS_BRAILLE, MS5_GLYPHS_BLOCKS, MS5_GLYPHS_ASCII };

struct ms5_config {
	/* Sources. Defaults: prometheus http://127.0.0.1:9090,
	 * andon ws://127.0.0.1:8000/ws/; the others unset (NULL). api_url, when
	 * unset, is derived from andon_url by the caller (ws->http, path "/"). */
	char *prometheus_url;     /* --prometheus, [prometheus] url, MS5TOP_PROMETHEUS */
	char *alertmanager_url;   /* --alertmanager, [alertmanager] url, MS5TOP_ALERTMANAGER */
	char *andon_url;          /* --andon-url, [andon] url, MS5TOP_ANDON_URL */
	char *api_url;            /* --api-url, [andon] api_url, MS5TOP_API_URL */
	char *lines[MS5_MAX_LINES]; /* --line ID (repeatable), [andon] line, MS5TOP_LINES (comma separated) */
	size_t n_lines;

	/* Credentials. Secrets: never printed, logged or shown. */
	char *token;              /* --token, [auth] token, MS5TOP_TOKEN */
	char *token_file;         /* --token-file, [auth] token_file, MS5TOP_TOKEN_FILE */
	char *user;               /* --user, [auth] user, MS5TOP_USER */
	char *password_file;      /* --password-file, [auth] password_file, MS5TOP_PASSWORD_FILE */

	/* TLS and HTTP. */
	char *ca_file;            /* --ca-file, [tls] ca_file, MS5TOP_CA_FILE */
	char *cert;               /* --cert, [tls] cert, MS5TOP_CERT */
	char *key;                /* --key, [tls] key, MS5TOP_KEY */
	bool insecure;            /* --insecure, [tls] insecure, MS5TOP_INSECURE */
	char *headers[MS5_MAX_HEADERS]; /* --header 'Name: value' (repeatable), [http] header (repeatable),
	                                 * MS5TOP_HEADERS (entries separated by newlines). The strongest
	                                 * source that sets any header replaces the weaker sources' list. */
	size_t n_headers;
	double timeout;           /* --timeout SECONDS, [http] timeout, MS5TOP_TIMEOUT; default 10, 0.1..300 */

	/* Interface. */
	enum ms5_role role;       /* --role, [ui] role, MS5TOP_ROLE; aliases operations, executive */
	char *plant;              /* --plant NAME, [ui] plant, MS5TOP_PLANT; default "MS5 plant" */
	char *theme;              /* --theme NAME, [ui] theme, MS5TOP_THEME; default "default" */
	char *dashboard;          /* --dashboard FILE, [ui] dashboard, MS5TOP_DASHBOARD */
	double refresh;           /* --refresh SECONDS, [ui] refresh, MS5TOP_REFRESH; 0 = the dashboard's; 0 or 1..3600 */
	bool kiosk;               /* --kiosk, [ui] kiosk, MS5TOP_KIOSK */
	char *kiosk_unlock;       /* --kiosk-unlock KEYS, [ui] kiosk_unlock, MS5TOP_KIOSK_UNLOCK */
	enum ms5_depth colors;    /* --colors auto|none|8|16|256|truecolor, [ui] colors, MS5TOP_COLORS */
	enum ms5_glyphs glyphs;   /* --glyphs auto|braille|blocks|ascii, [ui] glyphs, MS5TOP_GLYPHS */
	char *log_file;           /* --log FILE, [log] file, MS5TOP_LOG */

	/* One-shot modes (flags only). */
	enum ms5_mode mode;
	char *query;              /* --query EXPR */
	enum ms5_format format;   /* --format text|json */
	enum ms5_color_when color;/* --color auto|always|never */
	int width, height;        /* --width N, --height N (snapshot); 0 = unset; 10..1000 */

	char *config_file;        /* --config FILE or MS5TOP_CONFIG; else the XDG path if it exists */
	bool config_file_explicit;/* true when named by --config or MS5TOP_CONFIG (then it must exist) */

	/* Non-fatal findings, e.g. "config file ... holds a secret and is
	 * readable by others (chmod 600 it)". */
	char *warnings[MS5_MAX_WARNINGS];
	size_t n_warnings;
};

/* Fills c with the defaults. Must be paired with config_finish. */
void config_init(struct ms5_config *c);
void config_finish(struct ms5_config *c);

/* The whole load: finds the config file (--config among argv, else
 * MS5TOP_CONFIG in envp, else $XDG_CONFIG_HOME/ms5top/config, else
 * $HOME/.config/ms5top/config, looked up in envp), parses it, applies envp's
 * MS5TOP_* variables, then argv's flags, then validates. envp is a
 * NULL-terminated "NAME=value" array (pass environ). A missing default file is
 * not an error; a missing explicit one is. Does not print and does not read
 * token or password files (the clients do). Returns false with err filled on
 * the first error; c then holds whatever was applied and must still be
 * finished. */
bool config_load(struct ms5_config *c, int argc, char *const argv[],
	char *const envp[], struct ms5_error *err);

/* The pieces config_load is made of, for tests and the fuzzer. */
bool config_parse_ini(struct ms5_config *c, const char *text, size_t len,
	const char *path, struct ms5_error *err);
bool config_apply_env(struct ms5_config *c, char *const envp[], struct ms5_error *err);
bool config_parse_args(struct ms5_config *c, int argc, char *const argv[], struct ms5_error *err);
bool config_validate(const struct ms5_config *c, struct ms5_error *err);

/* Appends the --help text (usage, every flag with its argument and help,
 * from the options table) to out. */
void config_help(struct strbuf *out, const char *progname);

const char *config_role_name(enum ms5_role r);

/* One row of the options table as the documentation sees it. ms5top-gendoc
 * (src/tools/gendoc.c) writes the OPTIONS and ENVIRONMENT entries of
 * ms5top(1), the keys of ms5top.conf(5), dist/config.example and the
 * README's tables from these, so that they say what --help says. The
 * strings are the table's (static); doc is the manuals' text, in a small
 * markup: `bold`, *italic*, {flag} for another option, and a newline
 * between sentences. */
struct config_doc {
	const char *group;        /* heading in --help */
	const char *group_title;  /* the group's heading in the manuals */
	const char *group_doc;    /* what the manuals say of the group, or NULL */
	const char *flag;         /* long flag without "--", or NULL */
	char short_flag;          /* or 0 */
	const char *section, *key;/* the file's [section] key, or NULL */
	const char *env;          /* the variable, or NULL */
	const char *arg;          /* argument name in --help; NULL: none */
	const char *type;         /* "URL", "text", "name", "path", "token", "boolean",
	                           * "seconds", "number", "word", "line ID" or "header";
	                           * NULL for a flag without a value */
	char choices[128];        /* a word's names ("floor|ops|exec"), else "" */
	bool mode;                /* a mode flag (ms5top(1) MODES has its text) */
	bool repeatable;          /* a list: the flag and key may repeat */
	const char *env_format;   /* a list in the variable: "comma separated", ... */
	const char *def;          /* the default as a user writes it, or NULL */
	const char *help;         /* the --help text */
	const char *doc;          /* the manuals' text (help when the row has none) */
	const char *example;      /* dist/config.example's value (values of a list
	                           * separated by newlines), or NULL */
	bool example_off;         /* written commented out in dist/config.example */
	const char *note;         /* a short remark for the README's table, or NULL */
	const char *env_doc;      /* more for the variable's entry, or NULL */
};

/* Fills d with option i of the table (0, 1, ... in --help order). Returns
 * false when there is no option i. */
bool config_doc_option(size_t i, struct config_doc *d);

/* Whether a user with this MS5 role (the login's role claim) may open a
 * view (product.md): exec for admin and production_manager; ops also for
 * shift_manager, engineer and maintenance; floor for every role. An empty
 * claim (none known) allows every view: the server stays the authority on
 * the data; this keeps a floor terminal on the floor view. */
bool config_role_allows(const char *ms5_role, enum ms5_role view);

/* Reads a secret from a file: the first line, without trailing whitespace.
 * Refuses files over 64 KiB and empty results. Owned result, or NULL with
 * err filled ("--token-file /x: No such file or directory"). */
char *config_read_secret(const char *path, const char *what, struct ms5_error *err);

#endif
