/*
 * ms5top-gendoc: the documentation made from the tables, at build time (as
 * curl makes its man pages from docs/cmdline-opts). The options table of
 * src/core/config.c (through config_doc_option) gives the OPTIONS and the
 * ENVIRONMENT entries of ms5top(1), the keys of ms5top.conf(5),
 * dist/config.example and the README's tables; the key table of the help
 * overlay gives the KEYS of ms5top(1).
 *
 *   ms5top-gendoc ARTIFACT          prints one artifact (the list: --help)
 *   ms5top-gendoc fill IN OUT       copies IN to OUT ('-': standard output),
 *                                   a marker line in place of its artifact
 *
 * A marker is a line holding only "@artifact@" behind a comment of the
 * file's kind: `.\" @man-options@` in a man page, `# @...@`, or
 * `<!-- @...@ -->` in Markdown. When an `@end@` marker follows it (the
 * README, which is both source and output), both marker lines stay and the
 * lines between them are replaced; else the marker line itself is.
 *
 * The text of an option is the table's doc field, in a small markup:
 * `bold`, *italic*, {flag} for another option (--flag in ms5top(1), its
 * configuration key in the file formats), a newline between sentences.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/config.h"
#include "ms5top/keys.h"
#include "ms5top/strbuf.h"

/* ---- The key table --------------------------------------------------------- */

/* Key i of the help overlay: its label and its help text, from the
 * binding table (keys.h). Returns false past the last key. */
static bool key_at(size_t i, const char **key, const char **help)
{
	for (size_t b = 0, n = 0; b < key_binding_count; b++) {
		if (key_bindings[b].label && n++ == i) {
			*key = key_bindings[b].label;
			*help = key_bindings[b].help;
			return true;
		}
	}
	return false;
}

/* What ms5top(1) says of a key, where that is more than the overlay's
 * line. Every label must be one of the key table (else gendoc fails: the
 * manual would describe a key that is gone); a key without an entry gets
 * its overlay text. */
static const struct {
	const char *key, *doc;
} key_docs[] = {
	{ "1 2 3", "The floor, ops and exec view." },
	{ "Tab / arrows", "Move between panels (Tab, Right or Down: next; Shift-Tab, Left or Up: "
		"previous).\nA mouse click selects a panel." },
	{ "Enter", "Zoom the selected panel to the whole screen; again (or `Esc`): back." },
	{ "PgUp / PgDn", "Scroll the selected panel's rows (also `K` and `J`)." },
	{ "s", "Sort a table by the next column: ascending, then descending, then the next "
		"column." },
	{ "/", "Filter lines, equipment and text: type, Enter keeps the filter, Backspace "
		"deletes, `Esc` clears the filter (and leaves the zoom)." },
	{ "p", "Pause updates; again: resume." },
	{ "r", "Refresh now." },
	{ "t", "Cycle the time range of the charts: the dashboard's own, 1 h, 6 h, 24 h, 7 d." },
	{ "?", "This help (also `h`); any key closes it." },
	{ "q", "Quit (also `Q`)." },
};

#define N_KEY_DOCS (sizeof(key_docs) / sizeof(key_docs[0]))

/* ---- Text ------------------------------------------------------------------ */

enum ctx {
	CTX_MAN1,      /* ms5top(1): {flag} is --flag */
	CTX_MAN5,      /* ms5top.conf(5): {flag} is the option's key */
	CTX_PLAIN,     /* dist/config.example: no markup, {flag} is the key */
};

static bool failed;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ms5top-gendoc: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failed = true;
}

static bool option_by_flag(const char *flag, size_t n, struct config_doc *d)
{
	for (size_t i = 0; config_doc_option(i, d); i++) {
		if (d->flag && strlen(d->flag) == n && memcmp(d->flag, flag, n) == 0) {
			return true;
		}
	}
	return false;
}

/* s for roff: '-' as \-, '\' as \e, a '.' or '\'' at a line's start
 * guarded. */
static void roff_escaped(struct strbuf *out, const char *s, size_t n, bool *line_start)
{
	for (size_t i = 0; i < n; i++) {
		if (*line_start && (s[i] == '.' || s[i] == '\'')) {
			strbuf_puts(out, "\\&");
		}
		*line_start = false;
		if (s[i] == '-') {
			strbuf_puts(out, "\\-");
		} else if (s[i] == '\\') {
			strbuf_puts(out, "\\e");
		} else {
			strbuf_putc(out, s[i]);
		}
	}
}

/* The doc markup of text, rendered for ctx into out. In roff each sentence
 * (a newline of the markup) is a line, and the text ends with a newline. */
static void render(struct strbuf *out, const char *text, enum ctx ctx)
{
	bool bold = false, italic = false, line_start = true;

	for (const char *p = text; *p; p++) {
		if (*p == '`' || *p == '*') {
			bool *on = *p == '`' ? &bold : &italic;

			*on = !*on;
			if (ctx != CTX_PLAIN) {
				strbuf_puts(out, *on ? (*p == '`' ? "\\fB" : "\\fI") : "\\fR");
			}
		} else if (*p == '{') {
			const char *end = strchr(p, '}');
			struct config_doc d;
			char name[128];
			bool flag_form;

			if (!end || !option_by_flag(p + 1, (size_t)(end - p - 1), &d)) {
				fail("no option named in %s", text);
				return;
			}
			flag_form = ctx == CTX_MAN1 || !d.key;
			snprintf(name, sizeof(name), "%s%s", flag_form ? "--" : "",
				flag_form ? d.flag : d.key);
			if (ctx == CTX_PLAIN) {
				strbuf_puts(out, name);
			} else {
				strbuf_puts(out, "\\fB");
				roff_escaped(out, name, strlen(name), &line_start);
				strbuf_puts(out, "\\fR");
			}
			p = end;
		} else if (*p == '\n') {
			strbuf_putc(out, ctx == CTX_PLAIN ? ' ' : '\n');
			line_start = true;
			while (p[1] == ' ') {
				p++;
			}
		} else if (ctx == CTX_PLAIN) {
			strbuf_putc(out, *p);
		} else {
			roff_escaped(out, p, 1, &line_start);
		}
	}
	if (bold || italic) {
		fail("an unclosed ` or * in %s", text);
	}
	if (ctx != CTX_PLAIN) {
		strbuf_putc(out, '\n');
	}
}

/* Writes text word-wrapped into lines of at most width columns, each
 * started by prefix. Backtick spans are not broken when keep_code. */
static void wrapped(FILE *f, const char *prefix, const char *text, size_t width, bool keep_code)
{
	size_t col = 0;
	const char *p = text;

	while (*p) {
		const char *w = p;
		bool code = false;
		size_t n;

		while (*p && (code || *p != ' ')) {
			if (*p == '`' && keep_code) {
				code = !code;
			}
			p++;
		}
		n = (size_t)(p - w);
		if (col > 0 && col + 1 + n > width) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0) {
			fputs(prefix, f);
			col = strlen(prefix);
		} else {
			fputc(' ', f);
			col++;
		}
		fwrite(w, 1, n, f);
		col += n;
		while (*p == ' ') {
			p++;
		}
	}
	if (col > 0) {
		fputc('\n', f);
	}
}

static void roff_out(FILE *f, const char *text, enum ctx ctx)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	render(&sb, text, ctx);
	fputs(strbuf_str(&sb), f);
	strbuf_finish(&sb);
}

/* A word of the table, escaped for roff, in bold. */
static void roff_bold(FILE *f, const char *s)
{
	struct strbuf sb;
	bool line_start = false;

	strbuf_init(&sb, 0);
	strbuf_puts(&sb, "\\fB");
	roff_escaped(&sb, s, strlen(s), &line_start);
	strbuf_puts(&sb, "\\fR");
	fputs(strbuf_str(&sb), f);
	strbuf_finish(&sb);
}

/* ---- The artifacts --------------------------------------------------------- */

/* OPTIONS of ms5top(1): every option but the modes (MODES describes those),
 * in the groups of --help. */
static void man_options(FILE *f)
{
	struct config_doc d;
	const char *group = NULL;

	for (size_t i = 0; config_doc_option(i, &d); i++) {
		if (!d.flag || d.mode) {
			continue;
		}
		if (!group || strcmp(group, d.group) != 0) {
			group = d.group;
			fprintf(f, ".SS %s\n", d.group_title);
			if (d.group_doc) {
				roff_out(f, d.group_doc, CTX_MAN1);
			}
		}
		fputs(".TP\n", f);
		{
			char flag[128];

			snprintf(flag, sizeof(flag), "--%s", d.flag);
			roff_bold(f, flag);
		}
		if (d.arg) {
			struct strbuf sb;
			bool ls = false;

			strbuf_init(&sb, 0);
			roff_escaped(&sb, d.arg, strlen(d.arg), &ls);
			fprintf(f, " \\fI%s\\fR", strbuf_str(&sb));
			strbuf_finish(&sb);
		}
		fputc('\n', f);
		roff_out(f, d.doc, CTX_MAN1);
		if (d.def) {
			fputs("Default: ", f);
			roff_bold(f, d.def);
			fputs(".\n", f);
		}
		if (d.env || d.section) {
			fputc('(', f);
			if (d.env) {
				roff_bold(f, d.env);
			}
			if (d.env && d.section) {
				fputs("; ", f);
			}
			if (d.section) {
				fprintf(f, "\\fB[%s]\\~", d.section);
				fputs("\\fR", f);
				roff_bold(f, d.key);
			}
			fputs(")\n", f);
		}
	}
}

/* The MS5TOP_ variables of ENVIRONMENT in ms5top(1). */
static void man_env(FILE *f)
{
	struct config_doc d;

	for (size_t i = 0; config_doc_option(i, &d); i++) {
		char flag[128];

		if (!d.env) {
			continue;
		}
		snprintf(flag, sizeof(flag), "--%s", d.flag);
		fputs(".TP\n.B ", f);
		fputs(d.env, f);
		fputc('\n', f);
		roff_bold(f, flag);
		if (d.env_doc) {
			fputs(": ", f);
			roff_out(f, d.env_doc, CTX_MAN1);
		} else if (d.env_format) {
			fprintf(f, ", %s.\n", d.env_format);
		} else if (d.type && strcmp(d.type, "boolean") == 0) {
			fputs(": a boolean.\n", f);
		} else {
			fputs(".\n", f);
		}
	}
}

/* KEYS of ms5top(1). */
static void man_keys(FILE *f)
{
	const char *key, *help;
	bool used[N_KEY_DOCS] = { false };

	for (size_t i = 0; key_at(i, &key, &help); i++) {
		const char *doc = NULL;

		for (size_t k = 0; k < N_KEY_DOCS; k++) {
			if (strcmp(key_docs[k].key, key) == 0) {
				doc = key_docs[k].doc;
				used[k] = true;
			}
		}
		fputs(i == 0 ? ".TP 14\n.B " : ".TP\n.B ", f);
		{
			struct strbuf sb;
			bool ls = true;

			strbuf_init(&sb, 0);
			roff_escaped(&sb, key, strlen(key), &ls);
			fprintf(f, "%s\n", strbuf_str(&sb));
			strbuf_finish(&sb);
		}
		if (doc) {
			roff_out(f, doc, CTX_MAN1);
		} else {
			char first[2] = { help[0], '\0' };

			if (first[0] >= 'a' && first[0] <= 'z') {
				first[0] = (char)(first[0] - 'a' + 'A');
			}
			fprintf(f, "%s", first);
			{
				struct strbuf sb;
				bool ls = false;

				strbuf_init(&sb, 0);
				roff_escaped(&sb, help + 1, strlen(help + 1), &ls);
				fprintf(f, "%s.\n", strbuf_str(&sb));
				strbuf_finish(&sb);
			}
		}
	}
	for (size_t k = 0; k < N_KEY_DOCS; k++) {
		if (!used[k]) {
			fail("key_docs names '%s', which the key table does not have", key_docs[k].key);
		}
	}
}

/* The labels of the key table, one a line (for the docs suite). */
static void key_list(FILE *f)
{
	const char *key, *help;

	for (size_t i = 0; key_at(i, &key, &help); i++) {
		fprintf(f, "%s\n", key);
	}
}

/* Keys of ms5top.conf(5): every option with a [section] key. */
static void conf_keys(FILE *f)
{
	struct config_doc d;

	for (size_t i = 0; config_doc_option(i, &d); i++) {
		if (!d.section) {
			continue;
		}
		fprintf(f, ".TP\n\\fB[%s] ", d.section);
		fputs("\\fR", f);
		roff_bold(f, d.key);
		fputs(" = ", f);
		if (d.choices[0]) {
			char *choices = strdup(d.choices);

			for (char *w = strtok(choices, "|"), *first = w; w; w = strtok(NULL, "|")) {
				if (w != first) {
					fputs(" | ", f);
				}
				roff_bold(f, w);
			}
			free(choices);
		} else {
			fprintf(f, "\\fI%s\\fR", d.type);
		}
		fputc('\n', f);
		roff_out(f, d.doc, CTX_MAN5);
		if (d.def) {
			fputs("Default: ", f);
			roff_bold(f, d.def);
			fputs(".\n", f);
		}
		fputc('(', f);
		if (d.flag) {
			char flag[128];

			snprintf(flag, sizeof(flag), "--%s", d.flag);
			roff_bold(f, flag);
		}
		if (d.env) {
			fputs(", ", f);
			roff_bold(f, d.env);
			if (d.env_format) {
				fprintf(f, ", %s", d.env_format);
			}
		}
		fputs(")\n", f);
	}
}

static const char example_preamble[] =
	"# ms5top configuration: every key, with its default or an example value.\n"
	"#\n"
	"# Copy this file to ~/.config/ms5top/config (or $XDG_CONFIG_HOME/ms5top/config),\n"
	"# or name it with --config FILE or MS5TOP_CONFIG. The kiosk unit in this\n"
	"# directory reads /etc/ms5top/config. ms5top reads this file and never writes it.\n"
	"#\n"
	"# Format: [section] lines, then \"key = value\" lines. A line starting with '#'\n"
	"# or ';' is a comment, and so is the rest of a line after \" #\" (a blank then\n"
	"# '#'). A value may be double-quoted; quote it when it holds \" #\". An unknown\n"
	"# section or key is an error, reported with this file's name and line number.\n"
	"# A key may appear once per file, except \"line\" and \"header\", which repeat.\n"
	"#\n"
	"# Precedence, weakest first: built-in defaults, this file, MS5TOP_* environment\n"
	"# variables, command-line flags. For the lists (line, header) the strongest\n"
	"# place that names any entry replaces the whole list of the weaker ones.\n"
	"#\n"
	"# Lines that start with \"# key = \" are settings left at their default, or ones\n"
	"# that need a file of yours: remove the \"# \" to use them. See ms5top.conf(5).\n";

/* dist/config.example: every key, with its text, default and example. */
static void config_example(FILE *f)
{
	struct config_doc d;
	const char *section = NULL, *group = NULL;

	fputs(example_preamble, f);
	for (size_t i = 0; config_doc_option(i, &d); i++) {
		struct strbuf text;
		const char *v;

		if (!d.section) {
			continue;
		}
		if (!section || strcmp(section, d.section) != 0) {
			section = d.section;
			fprintf(f, "\n[%s]\n", section);
			if ((!group || strcmp(group, d.group) != 0) && d.group_doc) {
				strbuf_init(&text, 0);
				render(&text, d.group_doc, CTX_PLAIN);
				wrapped(f, "# ", strbuf_str(&text), 79, false);
				fputs("#\n", f);
				strbuf_finish(&text);
			}
			group = d.group;
		}
		strbuf_init(&text, 0);
		render(&text, d.doc, CTX_PLAIN);
		if (d.def) {
			strbuf_printf(&text, " Default: %s", d.def);
		}
		wrapped(f, "# ", strbuf_str(&text), 79, false);
		strbuf_finish(&text);
		if (!d.example) {
			fail("[%s] has no example value (.example)", d.key);
			continue;
		}
		v = d.example;
		while (*v) {
			size_t n = strcspn(v, "\n");
			bool quote = strstr(v, " #") && (size_t)(strstr(v, " #") - v) < n;

			quote = quote || v[0] == ' ' || (n > 0 && v[n - 1] == ' ');
			fprintf(f, "%s%s = %s%.*s%s\n", d.example_off ? "# " : "", d.key,
				quote ? "\"" : "", (int)n, v, quote ? "\"" : "");
			v += n;
			if (*v == '\n') {
				v++;
			}
		}
	}
}

static void readme_config(FILE *f)
{
	fputs("```ini\n", f);
	config_example(f);
	fputs("```\n", f);
}

/* "--flag ARG" as the README writes it; in a table, '|' escaped. */
static void readme_flag(struct strbuf *out, const struct config_doc *d, bool table)
{
	strbuf_printf(out, "`--%s", d->flag);
	if (d->choices[0]) {
		strbuf_putc(out, ' ');
		for (const char *c = d->choices; *c; c++) {
			strbuf_puts(out, *c == '|' && table ? "\\|" : (char[]){ *c, '\0' });
		}
	} else if (d->arg) {
		strbuf_printf(out, " %s", d->arg);
	}
	strbuf_putc(out, '`');
}

/* The README's table of flags, variables and keys, and the flags-only
 * options after it. */
static void readme_flags(FILE *f)
{
	struct config_doc d;
	struct strbuf only;

	fputs("| flag | environment | config file |\n|---|---|---|\n", f);
	for (size_t i = 0; config_doc_option(i, &d); i++) {
		struct strbuf row;
		const char *sep = " (";

		if (!d.flag || (!d.env && !d.section)) {
			continue;
		}
		strbuf_init(&row, 0);
		strbuf_puts(&row, "| ");
		readme_flag(&row, &d, true);
		if (d.def && strcmp(d.type, "boolean") != 0) {
			strbuf_printf(&row, "%sdefault `%s`", sep, d.def);
			sep = "; ";
		}
		if (d.repeatable) {
			strbuf_printf(&row, "%srepeatable", sep);
			sep = "; ";
		}
		if (d.note) {
			strbuf_printf(&row, "%s%s", sep, d.note);
			sep = "; ";
		}
		if (strcmp(sep, "; ") == 0) {
			strbuf_putc(&row, ')');
		}
		strbuf_puts(&row, " | ");
		if (d.env) {
			strbuf_printf(&row, "`%s`", d.env);
			if (d.env_format) {
				strbuf_printf(&row, " (%s)", d.env_format);
			}
		}
		strbuf_puts(&row, " |");
		if (d.section) {
			strbuf_printf(&row, " `[%s] %s` |", d.section, d.key);
		} else {
			strbuf_puts(&row, " |");
		}
		fprintf(f, "%s\n", strbuf_str(&row));
		strbuf_finish(&row);
	}
	strbuf_init(&only, 0);
	strbuf_puts(&only, "The modes and their output options are flags only:");
	for (size_t i = 0, n = 0; config_doc_option(i, &d); i++) {
		if (d.flag && !d.env && !d.section) {
			strbuf_puts(&only, n++ ? ", " : " ");
			readme_flag(&only, &d, false);
		}
	}
	strbuf_putc(&only, '.');
	fputc('\n', f);
	wrapped(f, "", strbuf_str(&only), 82, true);
	strbuf_finish(&only);
}

static const struct {
	const char *name;
	void (*write)(FILE *f);
	const char *what;
} artifacts[] = {
	{ "man-options", man_options, "the OPTIONS subsections of ms5top(1)" },
	{ "man-env", man_env, "the MS5TOP_ variables of ENVIRONMENT in ms5top(1)" },
	{ "man-keys", man_keys, "the KEYS of ms5top(1)" },
	{ "key-list", key_list, "the labels of the key table, one a line" },
	{ "conf-keys", conf_keys, "the Keys of ms5top.conf(5)" },
	{ "config-example", config_example, "dist/config.example" },
	{ "readme-config", readme_config, "dist/config.example as the README shows it" },
	{ "readme-flags", readme_flags, "the README's table of flags, variables and keys" },
};

#define N_ARTIFACTS (sizeof(artifacts) / sizeof(artifacts[0]))

static int find_artifact(const char *name, size_t n)
{
	for (size_t i = 0; i < N_ARTIFACTS; i++) {
		if (strlen(artifacts[i].name) == n && memcmp(artifacts[i].name, name, n) == 0) {
			return (int)i;
		}
	}
	return -1;
}

/* The marker in line (without its newline): sets name and n and returns
 * true for `.\" @x@`, `# @x@` and `<!-- @x@ -->`. */
static bool marker(const char *line, size_t len, const char **name, size_t *n)
{
	static const char *const forms[][2] = { { ".\\\" @", "@" }, { "# @", "@" },
		{ "<!-- @", "@ -->" } };

	for (size_t i = 0; i < 3; i++) {
		size_t a = strlen(forms[i][0]), b = strlen(forms[i][1]);

		if (len > a + b && memcmp(line, forms[i][0], a) == 0 &&
			memcmp(line + len - b, forms[i][1], b) == 0) {
			*name = line + a;
			*n = len - a - b;
			return memchr(*name, ' ', *n) == NULL && memchr(*name, '@', *n) == NULL;
		}
	}
	return false;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[8192];
	size_t n;

	if (!f) {
		perror(path);
		exit(1);
	}
	strbuf_init(&sb, 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_append(&sb, buf, n);
	}
	fclose(f);
	*len = sb.len;
	return sb.len ? strbuf_steal(&sb) : calloc(1, 1);
}

static int fill(const char *in, const char *out)
{
	size_t len, pos = 0;
	char *text = read_file(in, &len);
	FILE *f = strcmp(out, "-") == 0 ? stdout : fopen(out, "w");

	if (!f) {
		perror(out);
		return 1;
	}
	while (pos < len) {
		const char *line = text + pos, *name;
		size_t n = strcspn(line, "\n"), nn;
		size_t next = pos + n + (pos + n < len);
		int a;

		if (!marker(line, n, &name, &nn) || (nn == 3 && memcmp(name, "end", 3) == 0)) {
			fwrite(line, 1, next - pos, f);
			pos = next;
			continue;
		}
		a = find_artifact(name, nn);
		if (a < 0) {
			fprintf(stderr, "ms5top-gendoc: %s: unknown marker '%.*s'\n", in, (int)nn, name);
			failed = true;
			break;
		}
		/* A region up to an @end@ marker, when one follows before the next
		 * marker: keep both marker lines. */
		{
			size_t p = next, end = 0;

			while (p < len) {
				const char *l = text + p, *m;
				size_t ln = strcspn(l, "\n"), mn;

				if (marker(l, ln, &m, &mn)) {
					if (mn == 3 && memcmp(m, "end", 3) == 0) {
						end = p;
					}
					break;
				}
				p += ln + (p + ln < len);
			}
			if (end) {
				fwrite(line, 1, next - pos, f);
				artifacts[a].write(f);
				pos = end;
				continue;
			}
		}
		artifacts[a].write(f);
		pos = next;
	}
	free(text);
	if (f != stdout && fclose(f) != 0) {
		perror(out);
		return 1;
	}
	if (failed && f != stdout) {
		remove(out);
	}
	return failed ? 1 : 0;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: ms5top-gendoc ARTIFACT\n"
		"       ms5top-gendoc fill TEMPLATE OUT\n\nArtifacts:\n");
	for (size_t i = 0; i < N_ARTIFACTS; i++) {
		fprintf(f, "  %-16s%s\n", artifacts[i].name, artifacts[i].what);
	}
}

int main(int argc, char **argv)
{
	int a;

	if (argc == 4 && strcmp(argv[1], "fill") == 0) {
		return fill(argv[2], argv[3]);
	}
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc != 2 || (a = find_artifact(argv[1], strlen(argv[1]))) < 0) {
		usage(stderr);
		return 1;
	}
	artifacts[a].write(stdout);
	return failed || fflush(stdout) != 0 ? 1 : 0;
}
