#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/theme.h"

static const char *const shipped[] = { "default", "light", "high-contrast", "mono" };

/* Reads themes/NAME.theme: from $MS5_TESTDATA/../../themes (meson sets it to
 * tests/data), else relative to this source file. */
static char *read_theme_file(const char *name, size_t *len)
{
	const char *data = getenv("MS5_TESTDATA");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	if (data && *data) {
		snprintf(path, sizeof(path), "%s/../../themes/%s.theme", data, name);
	} else {
		const char *slash = strrchr(__FILE__, '/');
		int dir = slash ? (int)(slash - __FILE__) : 1;

		snprintf(path, sizeof(path), "%.*s/../themes/%s.theme", dir, slash ? __FILE__ : ".",
			name);
	}
	f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static bool parse_str(const char *text, struct theme *t, struct ms5_error *err)
{
	return theme_parse(text, strlen(text), "t", t, err);
}

static void expect_error(const char *text, size_t len, const char *want)
{
	struct theme t;
	struct ms5_error err = { "" };

	cr_expect_not(theme_parse(text, len, "mono", &t, &err), "accepted: %s", text);
	cr_expect(strstr(err.msg, want) != NULL, "error '%s' lacks '%s'", err.msg, want);
	/* A failed parse leaves the built-in default, under the given name. */
	cr_expect_str_eq(t.name, "mono");
	cr_expect_eq(t.fg[ROLE_CRIT].r, 0xff);
	cr_expect_eq(t.fg[ROLE_CRIT].g, 0x5f);
	cr_expect_eq(t.n_warnings, 0);
}

static bool same_rgb(struct theme_rgb a, struct theme_rgb b)
{
	return a.set == b.set && (!a.set || (a.r == b.r && a.g == b.g && a.b == b.b));
}

static bool same_color(struct term_color a, struct term_color b)
{
	return a.kind == b.kind && a.index == b.index && a.r == b.r && a.g == b.g && a.b == b.b &&
		a.bright == b.bright;
}

static bool same_style(struct term_style a, struct term_style b)
{
	return same_color(a.fg, b.fg) && same_color(a.bg, b.bg) && a.attr == b.attr;
}

static void expect_same_theme(const struct theme *a, const struct theme *b, const char *what)
{
	cr_expect(same_rgb(a->main_bg, b->main_bg), "%s: main_bg", what);
	for (int r = 0; r < ROLE_COUNT; r++) {
		cr_expect(same_rgb(a->fg[r], b->fg[r]), "%s: fg of %s", what,
			theme_role_name((enum style_role)r));
		cr_expect(same_rgb(a->bg[r], b->bg[r]), "%s: bg of %s", what,
			theme_role_name((enum style_role)r));
		cr_expect_eq(a->attr[r], b->attr[r], "%s: attr of %s", what,
			theme_role_name((enum style_role)r));
	}
}

/* WCAG contrast ratio of two colours. */
static double luminance(struct theme_rgb c)
{
	double ch[3] = { c.r / 255.0, c.g / 255.0, c.b / 255.0 };

	for (int i = 0; i < 3; i++) {
		ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

static double contrast(struct theme_rgb a, struct theme_rgb b)
{
	double la = luminance(a), lb = luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* ---- The shipped files --------------------------------------------------- */

Test(theme, shipped_files_parse_cleanly_and_are_complete)
{
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		size_t len;
		char *text = read_theme_file(shipped[i], &len);
		struct theme t;
		struct ms5_error err = { "" };
		char key[64];

		cr_expect(theme_parse(text, len, shipped[i], &t, &err), "%s: %s", shipped[i], err.msg);
		cr_expect_eq(t.n_warnings, 0, "%s: %s", shipped[i], t.warnings[0]);
		cr_expect_str_eq(t.name, shipped[i]);
		/* Complete: every key is set in the file itself. */
		cr_expect(strstr(text, "theme[main_bg]=") != NULL, "%s lacks main_bg", shipped[i]);
		cr_expect(strstr(text, "theme[header_bg]=") != NULL, "%s lacks header_bg", shipped[i]);
		cr_expect(strstr(text, "theme[selected_bg]=") != NULL, "%s lacks selected_bg",
			shipped[i]);
		for (int r = 0; r < ROLE_COUNT; r++) {
			snprintf(key, sizeof(key), "\ntheme[%s]=", theme_role_key((enum style_role)r));
			cr_expect(strstr(text, key) != NULL, "%s lacks %s", shipped[i], key + 1);
			snprintf(key, sizeof(key), "\ntheme[%s_attr]=", theme_role_name((enum style_role)r));
			cr_expect(strstr(text, key) != NULL, "%s lacks %s", shipped[i], key + 1);
		}
		free(text);
	}
}

Test(theme, builtins_match_their_files)
{
	static const char *const names[] = { "default", "mono" };

	for (size_t i = 0; i < 2; i++) {
		size_t len;
		char *text = read_theme_file(names[i], &len);
		struct theme file, builtin;
		struct ms5_error err;

		cr_assert(theme_parse(text, len, names[i], &file, &err), "%s", err.msg);
		cr_assert(theme_builtin_named(names[i], &builtin));
		cr_expect_str_eq(builtin.name, names[i]);
		expect_same_theme(&file, &builtin, names[i]);
		free(text);
	}
	{
		struct theme a, b;

		theme_builtin(&a);
		cr_assert(theme_builtin_named("default", &b));
		expect_same_theme(&a, &b, "theme_builtin");
		cr_expect_not(theme_builtin_named("light", &b));
		cr_expect_not(theme_builtin_named(NULL, &b));
	}
}

/* The built-in themes are the embedded files, parsed: not empty, without
 * warnings, and the same on every call. */
Test(theme, builtins_are_the_embedded_files)
{
	struct theme d, m, again;

	theme_builtin(&d);
	cr_expect_str_eq(d.name, "default");
	cr_expect_eq(d.n_warnings, 0);
	cr_expect(d.main_bg.set && d.main_bg.r == 0x12 && d.main_bg.g == 0x12 && d.main_bg.b == 0x12);
	cr_expect(d.bg[ROLE_OK].set && d.bg[ROLE_OK].r == 0x12, "bg resolved from main_bg");
	cr_expect(d.attr[ROLE_CRIT] & CELL_BOLD);
	cr_assert(theme_builtin_named("mono", &m));
	cr_expect_str_eq(m.name, "mono");
	cr_expect_eq(m.n_warnings, 0);
	cr_expect_not(m.main_bg.set);
	cr_expect_eq(m.attr[ROLE_CRIT], CELL_BOLD | CELL_REVERSE);
	theme_builtin(&again);
	expect_same_theme(&d, &again, "theme_builtin twice");
}

/* ok, warn and crit must differ from each other and from their background
 * at every depth, and (with colour) be readable on the theme's background. */
Test(theme, states_stay_distinguishable)
{
	static const enum color_depth depths[] = { COLOR_DEPTH_NONE, COLOR_DEPTH_8, COLOR_DEPTH_16,
		COLOR_DEPTH_256, COLOR_DEPTH_TRUECOLOR };
	static const enum style_role states[] = { ROLE_OK, ROLE_WARN, ROLE_CRIT };

	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		size_t len;
		char *text = read_theme_file(shipped[i], &len);
		struct theme t;
		struct ms5_error err;

		cr_assert(theme_parse(text, len, shipped[i], &t, &err), "%s", err.msg);
		for (size_t d = 0; d < sizeof(depths) / sizeof(depths[0]); d++) {
			struct term_style s[3];

			for (int k = 0; k < 3; k++) {
				s[k] = theme_style(&t, states[k], depths[d]);
				if (s[k].fg.kind == TERM_COLOR_INDEX && s[k].bg.kind == TERM_COLOR_INDEX) {
					cr_expect_neq(s[k].fg.index, s[k].bg.index, "%s depth %d: %s on itself",
						shipped[i], (int)depths[d], theme_role_name(states[k]));
				}
			}
			cr_expect_not(same_style(s[0], s[1]), "%s depth %d: ok == warn", shipped[i],
				(int)depths[d]);
			cr_expect_not(same_style(s[1], s[2]), "%s depth %d: warn == crit", shipped[i],
				(int)depths[d]);
			cr_expect_not(same_style(s[0], s[2]), "%s depth %d: ok == crit", shipped[i],
				(int)depths[d]);
		}
		for (int k = 0; k < 3; k++) {
			if (t.fg[states[k]].set && t.bg[states[k]].set) {
				double cr = contrast(t.fg[states[k]], t.bg[states[k]]);

				cr_expect_geq(cr, 3.0, "%s: %s has contrast %.2f", shipped[i],
					theme_role_name(states[k]), cr);
			}
		}
		if (t.fg[ROLE_DEFAULT].set && t.main_bg.set) {
			cr_expect_geq(contrast(t.fg[ROLE_DEFAULT], t.main_bg), 7.0, "%s: main text",
				shipped[i]);
		}
		free(text);
	}
}

Test(theme, mono_has_no_hues)
{
	size_t len;
	char *text = read_theme_file("mono", &len);
	struct theme t;
	struct ms5_error err;

	cr_assert(theme_parse(text, len, "mono", &t, &err), "%s", err.msg);
	for (int r = 0; r < ROLE_COUNT; r++) {
		cr_expect(!t.fg[r].set || (t.fg[r].r == t.fg[r].g && t.fg[r].g == t.fg[r].b));
		cr_expect(!t.bg[r].set || (t.bg[r].r == t.bg[r].g && t.bg[r].g == t.bg[r].b));
	}
	free(text);
}

/* ---- Values ---------------------------------------------------------------- */

Test(theme, value_forms)
{
	struct theme t;
	struct ms5_error err = { "" };
	const char *text =
		"# comment\n"
		"   # indented comment\n"
		"\n"
		"theme[ok]=\"#FF8000\"\n"
		"theme[warn]=\"#80\"\n"
		"theme[crit] = \" 10   20\t30 \"  # trailing comment\n"
		"theme[info]=\"\"\n"
		"theme[graph]=#123456\n"
		"theme[graph2]= 1 2 3   \r\n"
		"theme[main_bg]=\"\"\n"
		"theme[header_bg]=\"#0a0B0c\"\n"
		"theme[selected_fg]=\"0 0 0\"\n"
		"theme[crit_attr]=\"bold, reverse\"\n"
		"theme[title_attr]=\"\"\n"
		"theme[dim_attr]=dim";

	cr_assert(parse_str(text, &t, &err), "%s", err.msg);
	cr_expect_eq(t.n_warnings, 0);
	cr_expect(same_rgb(t.fg[ROLE_OK], (struct theme_rgb){ true, 0xff, 0x80, 0x00 }));
	cr_expect(same_rgb(t.fg[ROLE_WARN], (struct theme_rgb){ true, 0x80, 0x80, 0x80 }));
	cr_expect(same_rgb(t.fg[ROLE_CRIT], (struct theme_rgb){ true, 10, 20, 30 }));
	cr_expect_not(t.fg[ROLE_INFO].set);
	cr_expect(same_rgb(t.fg[ROLE_GRAPH], (struct theme_rgb){ true, 0x12, 0x34, 0x56 }));
	cr_expect(same_rgb(t.fg[ROLE_GRAPH2], (struct theme_rgb){ true, 1, 2, 3 }));
	cr_expect(same_rgb(t.fg[ROLE_SELECTED], (struct theme_rgb){ true, 0, 0, 0 }));
	cr_expect_eq(t.attr[ROLE_CRIT], CELL_BOLD | CELL_REVERSE);
	cr_expect_eq(t.attr[ROLE_TITLE], 0);
	cr_expect_eq(t.attr[ROLE_DIM], CELL_DIM);
	/* main_bg reaches every role without a background of its own. */
	cr_expect_not(t.main_bg.set);
	cr_expect_not(t.bg[ROLE_DEFAULT].set);
	cr_expect_not(t.bg[ROLE_CRIT].set);
	cr_expect(same_rgb(t.bg[ROLE_HEADER], (struct theme_rgb){ true, 0x0a, 0x0b, 0x0c }));
	/* Unset keys keep the built-in values. */
	cr_expect(same_rgb(t.bg[ROLE_SELECTED], (struct theme_rgb){ true, 0x44, 0x44, 0x44 }));
	cr_expect(same_rgb(t.fg[ROLE_DEFAULT], (struct theme_rgb){ true, 0xd0, 0xd0, 0xd0 }));
	cr_expect_str_eq(t.name, "t");
}

Test(theme, empty_bom_and_no_final_newline)
{
	struct theme t, def;
	struct ms5_error err;

	theme_builtin(&def);
	cr_expect(theme_parse("", 0, "empty", &t, &err));
	expect_same_theme(&t, &def, "empty");
	cr_expect(theme_parse("\n\n\n", 3, "blank", &t, &err));
	cr_expect(parse_str("\xef\xbb\xbftheme[ok]=\"#010203\"", &t, &err), "%s", err.msg);
	cr_expect(same_rgb(t.fg[ROLE_OK], (struct theme_rgb){ true, 1, 2, 3 }));
	cr_expect(theme_parse(NULL, 0, NULL, &t, &err));
	cr_expect_str_eq(t.name, "theme");
}

Test(theme, unknown_keys_are_warnings)
{
	struct theme t;
	struct ms5_error err = { "" };
	struct strbuf sb;

	cr_assert(parse_str("theme[cpu_box]=\"#ff0000\"\ntheme[ok]=\"#000001\"\n"
		"theme[hi_fg]=\"not even a colour\"\ntheme[ok_attr_attr]=\"bold\"\n", &t, &err), "%s",
		err.msg);
	cr_expect_eq(t.n_warnings, 3);
	cr_expect_str_eq(t.warnings[0], "theme t:1: unknown key 'cpu_box' (ignored)");
	cr_expect_str_eq(t.warnings[1], "theme t:3: unknown key 'hi_fg' (ignored)");
	cr_expect_str_eq(t.warnings[2], "theme t:4: unknown key 'ok_attr_attr' (ignored)");
	cr_expect_eq(t.fg[ROLE_OK].b, 1);

	/* More than fit: all counted, the first kept. */
	strbuf_init(&sb, 0);
	for (int i = 0; i < 20; i++) {
		strbuf_printf(&sb, "theme[x%d]=\"\"\n", i);
	}
	strbuf_puts(&sb, "theme[bad\x1b]=\"\"\n");
	cr_assert(theme_parse(sb.data, sb.len, "many", &t, &err), "%s", err.msg);
	cr_expect_eq(t.n_warnings, 21);
	cr_expect_str_eq(t.warnings[THEME_MAX_WARNINGS - 1],
		"theme many:8: unknown key 'x7' (ignored)");
	strbuf_finish(&sb);
	cr_assert(parse_str("theme[bad\x1b" "key]=1\n", &t, &err));
	/* A control character becomes a space (text.h, the one sanitiser). */
	cr_expect_str_eq(t.warnings[0], "theme t:1: unknown key 'bad key' (ignored)");
}

Test(theme, error_names_the_line)
{
	const char *text = "# mono\n\ntheme[ok]=\"\"\n#\n\ntheme[warn]=\"#80\"\ntheme[crit]=\"blue\"\n";
	struct theme t;
	struct ms5_error err;

	cr_expect_not(theme_parse(text, strlen(text), "mono", &t, &err));
	cr_expect_str_eq(err.msg,
		"theme mono:7: 'blue' is not a colour (#rrggbb, #gg, \"r g b\" or \"\")");
}

Test(theme, bad_colours)
{
	static const char *const bad[] = {
		"#ff00", "#gg0000", "#1234567", "#", "#f", "#fff", "256 0 0", "1 2", "1 2 3 4",
		"-1 0 0", "1,2,3", "0x10 0 0", "1 2 3x", "1  2 3.0", "0255 0 0", "red", "#12345g",
		"#ff0000 #ff0000",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[128], want[128];

		snprintf(line, sizeof(line), "theme[ok]=\"%s\"\n", bad[i]);
		snprintf(want, sizeof(want), "theme mono:1: '%s' is not a colour", bad[i]);
		expect_error(line, strlen(line), want);
	}
	expect_error("theme[main_bg]=blue\n", 20, "theme mono:1: 'blue' is not a colour");
	expect_error("theme[ok_attr]=\"bold blink\"\n", 28,
		"theme mono:1: 'bold blink' is not an attribute list (bold, dim, reverse or \"\")");
	expect_error("theme[ok_attr]=\"#ff0000\"\n", 25, "is not an attribute list");
}

Test(theme, syntax_errors)
{
	expect_error("theme[ok]=\"#ff0000\n", 19, "theme mono:1: unterminated quote");
	expect_error("theme[ok]=\"#ff0000\" x\n", 22, "theme mono:1: text after the closing quote");
	expect_error("theme[ok]=\"#ff0000\"\"\"\n", 22, "text after the closing quote");
	expect_error("theme[ok] \"#ff0000\"\n", 20, "theme mono:1: expected theme[key]=\"value\"");
	expect_error("theme[ok=\"#ff0000\"\n", 19, "expected theme[key]=\"value\"");
	expect_error("theme[]=\"#ff0000\"\n", 18, "expected theme[key]=\"value\"");
	expect_error("ok=\"#ff0000\"\n", 13, "expected theme[key]=\"value\"");
	expect_error("\n\ncolor[ok]=1\n", 13, "theme mono:3: expected");
	expect_error("theme[ok]\n", 10, "expected theme[key]=\"value\"");
	expect_error("theme", 5, "expected theme[key]=\"value\"");
}

Test(theme, hostile_input)
{
	static const char nul[] = "theme[ok]=\"#ff\0000000\"\n";
	static const char nul_comment[] = "# fine\n#\0\n";
	char *big;
	size_t n;

	expect_error(nul, sizeof(nul) - 1, "theme mono:1: NUL byte");
	expect_error(nul_comment, sizeof(nul_comment) - 1, "theme mono:2: NUL byte");

	/* A line of exactly THEME_MAX_LINE bytes is fine, one more is not. */
	big = malloc(THEME_MAX_FILE + 2);
	memset(big, '#', THEME_MAX_LINE);
	big[THEME_MAX_LINE] = '\n';
	{
		struct theme t;
		struct ms5_error err;

		cr_expect(theme_parse(big, THEME_MAX_LINE + 1, "x", &t, &err), "%s", err.msg);
		cr_expect(theme_parse(big, THEME_MAX_LINE, "x", &t, &err), "%s", err.msg);
	}
	memset(big, '#', THEME_MAX_LINE + 2);
	expect_error(big, THEME_MAX_LINE + 1, "theme mono:1: line is over 1024 bytes");
	big[0] = '\n';
	expect_error(big, THEME_MAX_LINE + 2, "theme mono:2: line is over 1024 bytes");
	memset(big, '\n', 10);
	memset(big + 10, '#', THEME_MAX_LINE + 1);
	expect_error(big, THEME_MAX_LINE + 11, "theme mono:11: line is over");

	/* A file of exactly THEME_MAX_FILE bytes is fine, one more is not. */
	for (n = 0; n < THEME_MAX_FILE + 1; n++) {
		big[n] = n % 64 == 63 ? '\n' : '#';
	}
	{
		struct theme t;
		struct ms5_error err;

		cr_expect(theme_parse(big, THEME_MAX_FILE, "x", &t, &err), "%s", err.msg);
	}
	expect_error(big, THEME_MAX_FILE + 1, "theme mono: file is over 65536 bytes");
	free(big);

	/* Untrusted bytes in messages are made printable and cut, by the one
	 * rule of text.h: a control becomes a space, a bad byte U+FFFD. */
	expect_error("theme[ok]=\"\x1b[2J\xff\"\n", strlen("theme[ok]=\"\x1b[2J\xff\"\n"),
		"' [2J\xef\xbf\xbd' is not a colour");
	{
		char line[300], want[80];

		snprintf(line, sizeof(line), "theme[ok]=\"%0200d\"\n", 7);
		snprintf(want, sizeof(want), "'%.44s...' is not a colour", line + 11);
		expect_error(line, strlen(line), want);
	}
}

Test(theme, long_name_is_cut)
{
	char name[200];
	struct theme t;
	struct ms5_error err;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	cr_expect(theme_parse("", 0, name, &t, &err));
	cr_expect_eq(strlen(t.name), sizeof(t.name) - 1);
	cr_expect_not(theme_parse("x\n", 2, name, &t, &err));
	cr_expect_eq(strlen(t.name), sizeof(t.name) - 1);
	cr_expect(strstr(err.msg, ":1: expected") != NULL, "%s", err.msg);
}

/* ---- Colour depth ---------------------------------------------------------- */

Test(theme, convert_spot_checks)
{
	struct theme_rgb red = { true, 255, 0, 0 }, unset = { false, 0, 0, 0 };
	struct term_color c;

	cr_expect_eq(color_to_256(255, 0, 0), 196);
	cr_expect_eq(color_to_16(255, 0, 0), 9);
	c = theme_convert(red, COLOR_DEPTH_8, false);
	cr_expect_eq(c.kind, TERM_COLOR_INDEX);
	cr_expect_eq(c.index, 1);
	cr_expect(c.bright);
	c = theme_convert(red, COLOR_DEPTH_8, true);
	cr_expect_eq(c.index, 1);
	cr_expect_not(c.bright, "backgrounds cannot be bright");
	c = theme_convert(red, COLOR_DEPTH_16, false);
	cr_expect_eq(c.index, 9);
	c = theme_convert(red, COLOR_DEPTH_256, false);
	cr_expect_eq(c.index, 196);
	c = theme_convert(red, COLOR_DEPTH_TRUECOLOR, false);
	cr_expect_eq(c.kind, TERM_COLOR_RGB);
	cr_expect_eq(c.r, 255);
	cr_expect_eq(theme_convert(red, COLOR_DEPTH_NONE, false).kind, TERM_COLOR_DEFAULT);
	cr_expect_eq(theme_convert(unset, COLOR_DEPTH_TRUECOLOR, false).kind, TERM_COLOR_DEFAULT);
	cr_expect_eq(theme_convert(unset, COLOR_DEPTH_256, true).kind, TERM_COLOR_DEFAULT);

	/* The cube. */
	cr_expect_eq(color_to_256(0, 255, 0), 46);
	cr_expect_eq(color_to_256(0, 0, 255), 21);
	cr_expect_eq(color_to_256(0x5f, 0x87, 0xaf), 67);
	cr_expect_eq(color_to_256(0xff, 0xaf, 0x00), 214);
	cr_expect_eq(color_to_256(0, 0, 0), 16);
	cr_expect_eq(color_to_256(255, 255, 255), 231);
	cr_expect_eq(color_to_256(0x60, 0x88, 0xb0), 67);   /* near, not exact */
	/* Greys go to the ramp. */
	cr_expect_eq(color_to_256(0x80, 0x80, 0x80), 244);
	cr_expect_eq(color_to_256(0x12, 0x12, 0x12), 233);
	cr_expect_eq(color_to_256(0x08, 0x08, 0x08), 232);
	cr_expect_eq(color_to_256(0xee, 0xee, 0xee), 255);
	cr_expect_eq(color_to_256(0x4e, 0x4e, 0x4e), 239);
	cr_expect_eq(color_to_256(0x81, 0x7f, 0x80), 244);  /* nearly grey */
	cr_expect_eq(color_to_256(0x5f, 0x5f, 0x5f), 59);   /* exact cube grey beats the ramp */

	/* 16: greys by lightness, hues by hue, bright when light. */
	cr_expect_eq(color_to_16(0, 0, 0), 0);
	cr_expect_eq(color_to_16(0x30, 0x30, 0x30), 0);
	cr_expect_eq(color_to_16(0x80, 0x80, 0x80), 8);
	cr_expect_eq(color_to_16(0xd0, 0xd0, 0xd0), 7);
	cr_expect_eq(color_to_16(255, 255, 255), 15);
	cr_expect_eq(color_to_16(0xcd, 0, 0), 9);
	cr_expect_eq(color_to_16(0x80, 0, 0), 1);
	cr_expect_eq(color_to_16(0x5f, 0xd7, 0x5f), 10);
	cr_expect_eq(color_to_16(0, 0x87, 0), 2);
	cr_expect_eq(color_to_16(0xff, 0xaf, 0), 11);
	cr_expect_eq(color_to_16(0xaf, 0x87, 0), 3);
	cr_expect_eq(color_to_16(0, 0, 0x80), 4);
	cr_expect_eq(color_to_16(0x80, 0, 0x80), 5);
	cr_expect_eq(color_to_16(0, 0x80, 0x80), 6);
	cr_expect_eq(color_to_16(0xff, 0, 0x40), 9);       /* hue 345: still red */
	c = theme_convert((struct theme_rgb){ true, 0x80, 0x80, 0x80 }, COLOR_DEPTH_8, false);
	cr_expect_eq(c.index, 0);
	cr_expect(c.bright);
}

Test(theme, foreground_never_lands_on_its_background)
{
	struct theme t;
	struct ms5_error err;
	struct term_style s;

	cr_assert(parse_str("theme[main_bg]=\"#000000\"\ntheme[border]=\"#1c1c1c\"\n"
		"theme[dim]=\"#808080\"\ntheme[selected_bg]=\"#0000cd\"\n"
		"theme[selected_fg]=\"#0000ee\"\n", &t, &err), "%s", err.msg);
	s = theme_style(&t, ROLE_BORDER, COLOR_DEPTH_16);
	cr_expect_eq(s.bg.index, 0);
	cr_expect_eq(s.fg.index, 8);
	s = theme_style(&t, ROLE_BORDER, COLOR_DEPTH_8);
	cr_expect_eq(s.fg.index, 7);
	cr_expect_not(s.fg.bright);
	/* Bright black on black at 8 colours is not trusted either. */
	s = theme_style(&t, ROLE_DIM, COLOR_DEPTH_8);
	cr_expect_eq(s.fg.index, 7);
	/* Same hue: the other brightness at 16, white at 8. */
	s = theme_style(&t, ROLE_SELECTED, COLOR_DEPTH_16);
	cr_expect_eq(s.bg.index, 12);
	cr_expect_eq(s.fg.index, 4);
	s = theme_style(&t, ROLE_SELECTED, COLOR_DEPTH_8);
	cr_expect_eq(s.bg.index, 4);
	cr_expect_eq(s.fg.index, 7);
	/* 256 colours keep what they were given. */
	s = theme_style(&t, ROLE_BORDER, COLOR_DEPTH_256);
	cr_expect_eq(s.fg.index, 234);
	cr_expect_eq(s.bg.index, 16);
}

Test(theme, styles_by_depth)
{
	struct theme t;
	struct term_style s;

	theme_builtin(&t);
	s = theme_style(&t, ROLE_CRIT, COLOR_DEPTH_NONE);
	cr_expect_eq(s.fg.kind, TERM_COLOR_DEFAULT);
	cr_expect_eq(s.bg.kind, TERM_COLOR_DEFAULT);
	cr_expect_eq(s.attr, CELL_BOLD | CELL_REVERSE);
	cr_expect_eq(theme_style(&t, ROLE_SELECTED, COLOR_DEPTH_NONE).attr, CELL_REVERSE);
	cr_expect_eq(theme_style(&t, ROLE_HEADER, COLOR_DEPTH_NONE).attr, CELL_REVERSE);
	cr_expect_eq(theme_style(&t, ROLE_DIM, COLOR_DEPTH_NONE).attr, CELL_DIM);
	cr_expect_eq(theme_style(&t, ROLE_OK, COLOR_DEPTH_NONE).attr, 0);
	cr_expect_eq(theme_style(&t, ROLE_HEADER, COLOR_DEPTH_256).attr, 0);
	/* Bright at 8 colours is bold. */
	s = theme_style(&t, ROLE_OK, COLOR_DEPTH_8);
	cr_expect_eq(s.fg.index, 2);
	cr_expect(s.fg.bright);
	cr_expect_eq(s.attr, CELL_BOLD);
	cr_expect_eq(s.bg.index, 0);
	s = theme_style(&t, ROLE_DEFAULT, COLOR_DEPTH_256);
	cr_expect_eq(s.fg.index, 252);
	cr_expect_eq(s.bg.index, 233);
	cr_expect(same_color(theme_color(&t, ROLE_WARN, COLOR_DEPTH_16),
		theme_style(&t, ROLE_WARN, COLOR_DEPTH_16).fg));
	/* An out-of-range role is drawn as the default one. */
	cr_expect(same_style(theme_style(&t, (enum style_role)200, COLOR_DEPTH_256),
		theme_style(&t, ROLE_DEFAULT, COLOR_DEPTH_256)));
}

Test(theme, role_keys_and_names)
{
	cr_expect_str_eq(theme_role_key(ROLE_DEFAULT), "main_fg");
	cr_expect_str_eq(theme_role_key(ROLE_HEADER), "header_fg");
	cr_expect_str_eq(theme_role_key(ROLE_SELECTED), "selected_fg");
	cr_expect_str_eq(theme_role_key(ROLE_GRAPH4), "graph4");
	cr_expect_str_eq(theme_role_name(ROLE_DEFAULT), "main");
	cr_expect_str_eq(theme_role_name(ROLE_CRIT), "crit");
	cr_expect_str_eq(theme_role_name(ROLE_COUNT), "?");
	cr_expect_str_eq(theme_role_key(ROLE_COUNT), "?");
}

/* ---- ANSI ------------------------------------------------------------------ */

static char *ansi_of(const struct canvas *c, const struct theme *t, enum color_depth d)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	cr_expect(canvas_to_ansi(c, t, d, &sb));
	return strbuf_steal(&sb);
}

Test(theme, ansi_output_of_a_small_canvas)
{
	static const struct {
		enum color_depth depth;
		const char *want;
	} cases[] = {
		{ COLOR_DEPTH_TRUECOLOR, "\033[0;38;2;255;0;0mab\033[0;1;38;2;0;255;0mc\033[0m\n"
			"x\033[0;2m \033[0;7m漢\033[0m\n" },
		{ COLOR_DEPTH_256, "\033[0;38;5;196mab\033[0;1;38;5;46mc\033[0m\n"
			"x\033[0;2m \033[0;7m漢\033[0m\n" },
		{ COLOR_DEPTH_16, "\033[0;91mab\033[0;1;92mc\033[0m\n"
			"x\033[0;2m \033[0;7m漢\033[0m\n" },
		{ COLOR_DEPTH_8, "\033[0;1;31mab\033[0;1;32mc\033[0m\n"
			"x\033[0;2m \033[0;7m漢\033[0m\n" },
		{ COLOR_DEPTH_NONE, "ab\033[0;1;7mc\033[0m\n"
			"x\033[0;2m \033[0;7m漢\033[0m\n" },
	};
	struct theme t;
	struct ms5_error err;
	struct canvas c;

	cr_assert(parse_str("theme[main_bg]=\"\"\ntheme[main_fg]=\"\"\ntheme[ok]=\"#ff0000\"\n"
		"theme[crit]=\"#00ff00\"\ntheme[crit_attr]=\"bold\"\ntheme[selected_bg]=\"\"\n"
		"theme[selected_fg]=\"\"\ntheme[selected_attr]=reverse\n", &t, &err), "%s", err.msg);
	canvas_init(&c, 8, 2, CANVAS_GLYPHS_BRAILLE);
	canvas_text(&c, 0, 0, 2, "ab", ROLE_OK, 0);
	canvas_text(&c, 2, 0, 1, "c", ROLE_CRIT, 0);
	canvas_text(&c, 0, 1, 1, "x", ROLE_DEFAULT, 0);
	canvas_text(&c, 1, 1, 1, " ", ROLE_DEFAULT, CELL_DIM);   /* a blank inside the row stays */
	canvas_text(&c, 2, 1, 2, "漢", ROLE_SELECTED, 0);
	canvas_text(&c, 4, 1, 4, "    ", ROLE_DEFAULT, 0);      /* trailing blanks go */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = ansi_of(&c, &t, cases[i].depth);

		cr_expect_str_eq(got, cases[i].want, "depth %d", (int)cases[i].depth);
		free(got);
	}
	canvas_finish(&c);
}

Test(theme, ansi_keeps_backgrounds_and_respects_the_cap)
{
	struct theme t;
	struct canvas c;
	struct strbuf sb;
	char *got;

	theme_builtin(&t);
	canvas_init(&c, 2, 1, CANVAS_GLYPHS_BRAILLE);
	got = ansi_of(&c, &t, COLOR_DEPTH_256);
	cr_expect_str_eq(got, "\033[0;38;5;252;48;5;233m  \033[0m\n");
	free(got);
	got = ansi_of(&c, &t, COLOR_DEPTH_16);
	cr_expect_str_eq(got, "\033[0;37;40m  \033[0m\n");
	free(got);
	got = ansi_of(&c, NULL, COLOR_DEPTH_16);
	cr_expect_str_eq(got, "\033[0;37;40m  \033[0m\n");
	free(got);
	got = ansi_of(&c, &t, COLOR_DEPTH_NONE);
	cr_expect_str_eq(got, "\n");
	free(got);
	canvas_text(&c, 0, 0, 2, "ab", ROLE_HEADER, 0);
	got = ansi_of(&c, &t, COLOR_DEPTH_NONE);
	cr_expect_str_eq(got, "\033[0;7mab\033[0m\n");
	free(got);

	strbuf_init(&sb, 5);
	cr_expect_not(canvas_to_ansi(&c, &t, COLOR_DEPTH_256, &sb));
	cr_expect_leq(sb.len, 5);
	strbuf_finish(&sb);
	canvas_finish(&c);
}
