/*
 * Theme files, colour depth conversion and ANSI output. See theme.h.
 *
 * The parser works line by line on a length-counted buffer (the file is not
 * NUL-terminated and may hold anything); every key lives in one table that
 * says where its value goes. Conversion to 16 and 8 colours goes by hue and
 * lightness rather than by RGB distance: the 16 basic colours are so far
 * apart that the nearest by distance of a soft green (#5fd75f) is grey, and
 * a theme's green must stay green when the terminal has few colours.
 */
#include "ms5top/theme.h"

#include <stdio.h>
#include <string.h>

#include "ms5top/text.h"

/* ---- The built-in themes ------------------------------------------------- */

/* themes/default.theme and themes/mono.theme, compiled in by scripts/embed.py
 * (the themes.inc target of src/core/meson.build): the files are the one
 * source of the built-in themes. */
#include "themes.inc"

static const struct {
	const char *name;
	const char *text;
} builtins[] = {
	{ "default", builtin_theme_default },
	{ "mono", builtin_theme_mono },
};

#define N_BUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static void set_name(struct theme *t, const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n >= sizeof(t->name)) {
		n = sizeof(t->name) - 1;
	}
	if (n) {
		memcpy(t->name, name, n);
	}
	t->name[n] = '\0';
}

/* Roles with a background key of their own; the others take main_bg. */
static bool own_bg(enum style_role role)
{
	return role == ROLE_HEADER || role == ROLE_SELECTED;
}

static void resolve_bg(struct theme *t)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!own_bg((enum style_role)r)) {
			t->bg[r] = t->main_bg;
		}
	}
}

/* Built-in theme i, parsed from its embedded file the first time it is
 * asked for and kept: plain data, the same on every call. theme_parse
 * starts from the default theme, so the default file itself is parsed on
 * top of an empty theme (no colours, no attributes; it sets every key), and
 * the others after it. The shipped files parse cleanly (test_theme checks
 * it); were one broken, the theme would be what parsed of it. */
static void from_builtin(size_t i, struct theme *t)
{
	static struct theme parsed[N_BUILTINS];
	static bool done[N_BUILTINS], parsing_default;

	if (!done[i]) {
		struct ms5_error err;

		if (parsing_default) {
			memset(t, 0, sizeof(*t));
			return;
		}
		if (i != 0) {
			from_builtin(0, t);
		} else {
			parsing_default = true;
		}
		theme_parse(builtins[i].text, strlen(builtins[i].text), builtins[i].name,
			&parsed[i], &err);
		parsing_default = false;
		done[i] = true;
	}
	*t = parsed[i];
}

void theme_builtin(struct theme *t)
{
	from_builtin(0, t);
}

bool theme_builtin_named(const char *name, struct theme *t)
{
	for (size_t i = 0; i < N_BUILTINS; i++) {
		if (name && strcmp(name, builtins[i].name) == 0) {
			from_builtin(i, t);
			return true;
		}
	}
	return false;
}

/* ---- Keys ------------------------------------------------------------------ */

enum key_kind { KEY_MAIN_BG, KEY_FG, KEY_BG, KEY_ATTR };

struct key {
	const char *name;
	enum key_kind kind;
	enum style_role role;
};

static const char *const role_names[ROLE_COUNT] = {
	[ROLE_DEFAULT] = "main", [ROLE_DIM] = "dim", [ROLE_TITLE] = "title",
	[ROLE_BORDER] = "border", [ROLE_FOCUS] = "focus", [ROLE_HEADER] = "header",
	[ROLE_OK] = "ok", [ROLE_WARN] = "warn", [ROLE_CRIT] = "crit", [ROLE_INFO] = "info",
	[ROLE_GRAPH] = "graph", [ROLE_GRAPH2] = "graph2", [ROLE_GRAPH3] = "graph3",
	[ROLE_GRAPH4] = "graph4", [ROLE_SELECTED] = "selected",
};

/* The key of a role's foreground: the role's name, but "main_fg",
 * "header_fg" and "selected_fg" for the roles that have a background key. */
static const char *fg_key(int r)
{
	switch (r) {
	case ROLE_DEFAULT:
		return "main_fg";
	case ROLE_HEADER:
		return "header_fg";
	case ROLE_SELECTED:
		return "selected_fg";
	default:
		return role_names[r];
	}
}

const char *theme_role_key(enum style_role role)
{
	return (unsigned)role < ROLE_COUNT ? fg_key(role) : "?";
}

const char *theme_role_name(enum style_role role)
{
	return (unsigned)role < ROLE_COUNT ? role_names[role] : "?";
}

/* Finds key (klen bytes, not NUL-terminated). */
static bool find_key(const char *key, size_t klen, struct key *out)
{
	static const char attr_suffix[] = "_attr";
	size_t slen = sizeof(attr_suffix) - 1;

	if (klen == 7 && memcmp(key, "main_bg", 7) == 0) {
		*out = (struct key){ "main_bg", KEY_MAIN_BG, ROLE_DEFAULT };
		return true;
	}
	if (klen == 9 && memcmp(key, "header_bg", 9) == 0) {
		*out = (struct key){ "header_bg", KEY_BG, ROLE_HEADER };
		return true;
	}
	if (klen == 11 && memcmp(key, "selected_bg", 11) == 0) {
		*out = (struct key){ "selected_bg", KEY_BG, ROLE_SELECTED };
		return true;
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		size_t n = strlen(fg_key(r));

		if (klen == n && memcmp(key, fg_key(r), n) == 0) {
			*out = (struct key){ fg_key(r), KEY_FG, (enum style_role)r };
			return true;
		}
	}
	if (klen > slen && memcmp(key + klen - slen, attr_suffix, slen) == 0) {
		for (int r = 0; r < ROLE_COUNT; r++) {
			size_t n = strlen(role_names[r]);

			if (klen - slen == n && memcmp(key, role_names[r], n) == 0) {
				*out = (struct key){ role_names[r], KEY_ATTR, (enum style_role)r };
				return true;
			}
		}
	}
	return false;
}

/* ---- Values ---------------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

static bool hexbyte(const char *s, uint8_t *out)
{
	int hi = hexval(s[0]), lo = hexval(s[1]);

	if (hi < 0 || lo < 0) {
		return false;
	}
	*out = (uint8_t)(hi * 16 + lo);
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Parses a colour value (already unquoted and trimmed). */
static bool parse_color(const char *s, size_t n, struct theme_rgb *out)
{
	struct theme_rgb c = { true, 0, 0, 0 };

	if (n == 0) {
		*out = (struct theme_rgb){ false, 0, 0, 0 };
		return true;
	}
	if (s[0] == '#') {
		if (n == 7 && hexbyte(s + 1, &c.r) && hexbyte(s + 3, &c.g) && hexbyte(s + 5, &c.b)) {
			*out = c;
			return true;
		}
		if (n == 3 && hexbyte(s + 1, &c.r)) {
			c.g = c.b = c.r;
			*out = c;
			return true;
		}
		return false;
	}
	/* "r g b": three decimal numbers 0-255 separated by blanks. */
	{
		uint8_t v[3];
		size_t i = 0;

		for (int k = 0; k < 3; k++) {
			unsigned num = 0;
			size_t digits = 0;

			if (k > 0) {
				if (i >= n || !is_space(s[i])) {
					return false;
				}
				while (i < n && is_space(s[i])) {
					i++;
				}
			}
			while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 4) {
				num = num * 10 + (unsigned)(s[i] - '0');
				i++;
				digits++;
			}
			if (digits == 0 || digits > 3 || num > 255) {
				return false;
			}
			v[k] = (uint8_t)num;
		}
		if (i != n) {
			return false;
		}
		*out = (struct theme_rgb){ true, v[0], v[1], v[2] };
		return true;
	}
}

/* Parses an attribute list: bold, dim, reverse separated by blanks or commas. */
static bool parse_attr(const char *s, size_t n, unsigned *out)
{
	static const struct { const char *word; unsigned bit; } words[] = {
		{ "bold", CELL_BOLD }, { "dim", CELL_DIM }, { "reverse", CELL_REVERSE },
	};
	unsigned a = 0;
	size_t i = 0;

	while (i < n) {
		size_t start, len;
		bool found = false;

		while (i < n && (is_space(s[i]) || s[i] == ',')) {
			i++;
		}
		start = i;
		while (i < n && !is_space(s[i]) && s[i] != ',') {
			i++;
		}
		len = i - start;
		if (len == 0) {
			break;
		}
		for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
			if (strlen(words[w].word) == len && memcmp(words[w].word, s + start, len) == 0) {
				a |= words[w].bit;
				found = true;
			}
		}
		if (!found) {
			return false;
		}
	}
	*out = a;
	return true;
}

/* ---- The parser ------------------------------------------------------------ */

struct parse {
	char name[sizeof(((struct theme *)0)->name)];   /* t->name, copied for messages */
	size_t line;
	struct theme *t;
	struct ms5_error *err;
};

/* An excerpt of untrusted bytes for a message: sanitised (text.h), long
 * ones cut with "...". */
static void excerpt(char *buf, size_t size, const char *s, size_t n)
{
	text_quote(buf, size, s, n);
}

static bool fail_line(struct parse *p, const char *what)
{
	return ms5_error_set(p->err, "theme %s:%zu: %s", p->name, p->line, what);
}

static void warn(struct parse *p, const char *key, size_t klen)
{
	char k[48];

	if (p->t->n_warnings < THEME_MAX_WARNINGS) {
		excerpt(k, sizeof(k), key, klen);
		snprintf(p->t->warnings[p->t->n_warnings], THEME_WARNING_LEN,
			"theme %.60s:%zu: unknown key '%s' (ignored)", p->name, p->line, k);
	}
	p->t->n_warnings++;
}

static bool apply(struct parse *p, const struct key *k, const char *v, size_t n)
{
	char ex[48];

	if (k->kind == KEY_ATTR) {
		if (parse_attr(v, n, &p->t->attr[k->role])) {
			return true;
		}
		excerpt(ex, sizeof(ex), v, n);
		return ms5_error_set(p->err, "theme %s:%zu: '%s' is not an attribute list "
			"(bold, dim, reverse or \"\")", p->name, p->line, ex);
	}
	{
		struct theme_rgb c;

		if (!parse_color(v, n, &c)) {
			excerpt(ex, sizeof(ex), v, n);
			return ms5_error_set(p->err, "theme %s:%zu: '%s' is not a colour "
				"(#rrggbb, #gg, \"r g b\" or \"\")", p->name, p->line, ex);
		}
		if (k->kind == KEY_MAIN_BG) {
			p->t->main_bg = c;
		} else if (k->kind == KEY_BG) {
			p->t->bg[k->role] = c;
		} else {
			p->t->fg[k->role] = c;
		}
	}
	return true;
}

/* The index of the first non-blank of s at or after i (n at the end). */
static size_t skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && is_space(s[i])) {
		i++;
	}
	return i;
}

/* Reads `theme[key] =` at *i, moving *i past it and the blanks after:
 * the key is s[*kstart .. *kstart + *klen). */
static bool read_key(const char *s, size_t n, size_t *i, size_t *kstart, size_t *klen)
{
	static const char prefix[] = "theme[";
	size_t plen = sizeof(prefix) - 1, j = *i;

	if (n - j < plen || memcmp(s + j, prefix, plen) != 0) {
		return false;
	}
	j += plen;
	*kstart = j;
	while (j < n && s[j] != ']') {
		j++;
	}
	if (j == n || j == *kstart) {
		return false;
	}
	*klen = j - *kstart;
	j = skip_space(s, n, j + 1);
	if (j == n || s[j] != '=') {
		return false;
	}
	*i = skip_space(s, n, j + 1);
	return true;
}

/* Reads the value at i: "quoted" (then only a comment may follow) or bare
 * to the end of the line, blanks around it trimmed. Returns NULL, or what
 * is wrong with it. */
static const char *read_value(const char *s, size_t n, size_t i, size_t *vstart, size_t *vlen)
{
	if (i < n && s[i] == '"') {
		const char *close = memchr(s + i + 1, '"', n - i - 1);

		if (!close) {
			return "unterminated quote";
		}
		*vstart = i + 1;
		*vlen = (size_t)(close - (s + *vstart));
		i = skip_space(s, n, (size_t)(close - s) + 1);
		if (i < n && s[i] != '#') {
			return "text after the closing quote";
		}
	} else {
		*vstart = i;
		*vlen = n - i;
	}
	while (*vlen > 0 && is_space(s[*vstart])) {
		(*vstart)++;
		(*vlen)--;
	}
	while (*vlen > 0 && is_space(s[*vstart + *vlen - 1])) {
		(*vlen)--;
	}
	return NULL;
}

static bool parse_line(struct parse *p, const char *s, size_t n)
{
	size_t i = skip_space(s, n, 0), kstart, klen, vstart, vlen;
	const char *wrong;
	struct key k;

	if (i == n || s[i] == '#') {
		return true;
	}
	if (!read_key(s, n, &i, &kstart, &klen)) {
		return fail_line(p, "expected theme[key]=\"value\"");
	}
	wrong = read_value(s, n, i, &vstart, &vlen);
	if (wrong) {
		return fail_line(p, wrong);
	}
	if (!find_key(s + kstart, klen, &k)) {
		warn(p, s + kstart, klen);
		return true;
	}
	return apply(p, &k, s + vstart, vlen);
}

bool theme_parse(const char *text, size_t len, const char *name, struct theme *t,
	struct ms5_error *err)
{
	struct parse p = { "", 0, t, err };
	size_t pos = 0;

	theme_builtin(t);
	set_name(t, name ? name : "theme");
	memcpy(p.name, t->name, sizeof(p.name));
	if (len > THEME_MAX_FILE) {
		return ms5_error_set(err, "theme %s: file is over %zu bytes", p.name, THEME_MAX_FILE);
	}
	pos = text_bom(text, len);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - pos;
		bool ok;

		p.line++;
		if (n > THEME_MAX_LINE) {
			ok = ms5_error_set(err, "theme %s:%zu: line is over %zu bytes", p.name, p.line,
				THEME_MAX_LINE);
		} else if (memchr(text + pos, '\0', n)) {
			ok = fail_line(&p, "NUL byte");
		} else {
			ok = parse_line(&p, text + pos, n > 0 && text[end - 1] == '\r' ? n - 1 : n);
		}
		if (!ok) {
			/* The built-in theme, named and without stray warnings. */
			theme_builtin(t);
			memcpy(t->name, p.name, sizeof(p.name));
			return false;
		}
		pos = end + 1;
	}
	resolve_bg(t);
	return true;
}

/* ---- Colour depth ---------------------------------------------------------- */

static const uint8_t cube_levels[6] = { 0, 95, 135, 175, 215, 255 };

/* Weighted squared distance (green counts most, blue least: a cheap
 * stand-in for perceived difference). */
static long dist(int r1, int g1, int b1, int r2, int g2, int b2)
{
	long dr = r1 - r2, dg = g1 - g2, db = b1 - b2;

	return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

static int nearest_level(int v)
{
	int best = 0;

	for (int i = 1; i < 6; i++) {
		int d = v - cube_levels[i], bd = v - cube_levels[best];

		if (d * d < bd * bd) {
			best = i;
		}
	}
	return best;
}

uint8_t color_to_256(uint8_t r, uint8_t g, uint8_t b)
{
	int cr = nearest_level(r), cg = nearest_level(g), cb = nearest_level(b);
	long dc = dist(r, g, b, cube_levels[cr], cube_levels[cg], cube_levels[cb]);
	/* The grey nearest under the weights is the weighted mean, then the
	 * ramp step nearest to it (8 + 10n, n = 0..23). */
	int mean = (2 * r + 4 * g + 3 * b + 4) / 9;
	int n = mean < 8 ? 0 : (mean - 8 + 5) / 10;
	int grey;
	long dg;

	n = n > 23 ? 23 : n;
	grey = 8 + 10 * n;
	dg = dist(r, g, b, grey, grey, grey);
	if (dg < dc) {
		return (uint8_t)(232 + n);
	}
	return (uint8_t)(16 + 36 * cr + 6 * cg + cb);
}

uint8_t color_to_16(uint8_t r, uint8_t g, uint8_t b)
{
	int mx = r > g ? (r > b ? r : b) : (g > b ? g : b);
	int mn = r < g ? (r < b ? r : b) : (g < b ? g : b);
	int c = mx - mn, h, base;

	if (c < 32 || c * 4 < mx) {
		/* Greys (and colours too pale to name): black, dark grey,
		 * light grey, white by lightness. */
		int l = (mx + mn) / 2;

		return l < 64 ? 0 : l < 160 ? 8 : l < 224 ? 7 : 15;
	}
	if (mx == r) {
		h = 60 * (g - b) / c;
		h = h < 0 ? h + 360 : h;
	} else if (mx == g) {
		h = 120 + 60 * (b - r) / c;
	} else {
		h = 240 + 60 * (r - g) / c;
	}
	base = h < 30 || h >= 330 ? 1 : h < 90 ? 3 : h < 150 ? 2 : h < 210 ? 6 : h < 270 ? 4 : 5;
	return (uint8_t)(base + (mx >= 192 ? 8 : 0));
}

struct term_color theme_convert(struct theme_rgb c, enum color_depth depth, bool background)
{
	struct term_color t = { TERM_COLOR_DEFAULT, 0, 0, 0, 0, false };

	if (!c.set || depth == COLOR_DEPTH_NONE) {
		return t;
	}
	switch (depth) {
	case COLOR_DEPTH_TRUECOLOR:
		t.kind = TERM_COLOR_RGB;
		t.r = c.r;
		t.g = c.g;
		t.b = c.b;
		break;
	case COLOR_DEPTH_256:
		t.kind = TERM_COLOR_INDEX;
		t.index = color_to_256(c.r, c.g, c.b);
		break;
	case COLOR_DEPTH_16:
		t.kind = TERM_COLOR_INDEX;
		t.index = color_to_16(c.r, c.g, c.b);
		break;
	default:
		t.kind = TERM_COLOR_INDEX;
		t.index = color_to_16(c.r, c.g, c.b);
		t.bright = !background && t.index >= 8;
		t.index &= 7;
		break;
	}
	return t;
}

static bool is_grey16(int i)
{
	return i == 0 || i == 7 || i == 8 || i == 15;
}

/* A foreground that landed on its background's palette entry gets the
 * nearest readable one instead. */
static void separate(struct term_color *fg, const struct term_color *bg, enum color_depth depth)
{
	if (fg->kind != TERM_COLOR_INDEX || bg->kind != TERM_COLOR_INDEX || fg->index != bg->index) {
		return;
	}
	if (depth == COLOR_DEPTH_16) {
		if (is_grey16(fg->index)) {
			static const uint8_t next[16] = { [0] = 8, [8] = 7, [7] = 0, [15] = 7 };

			fg->index = next[fg->index];
		} else {
			fg->index ^= 8;
		}
	} else if (depth == COLOR_DEPTH_8) {
		/* Blue, red, magenta and black backgrounds are dark. */
		bool dark = fg->index == 0 || fg->index == 1 || fg->index == 4 || fg->index == 5;

		fg->index = dark ? 7 : 0;
		fg->bright = false;
	}
}

struct term_style theme_style(const struct theme *t, enum style_role role, enum color_depth depth)
{
	/* Without colour, roles are told apart by attributes. */
	static const unsigned none_attr[ROLE_COUNT] = {
		[ROLE_DIM] = CELL_DIM, [ROLE_TITLE] = CELL_BOLD, [ROLE_FOCUS] = CELL_BOLD,
		[ROLE_HEADER] = CELL_REVERSE, [ROLE_WARN] = CELL_BOLD,
		[ROLE_CRIT] = CELL_BOLD | CELL_REVERSE, [ROLE_SELECTED] = CELL_REVERSE,
	};
	struct term_style s;

	if ((unsigned)role >= ROLE_COUNT) {
		role = ROLE_DEFAULT;
	}
	s.fg = theme_convert(t->fg[role], depth, false);
	s.bg = theme_convert(t->bg[role], depth, true);
	s.attr = t->attr[role];
	if (depth == COLOR_DEPTH_NONE) {
		s.attr |= none_attr[role];
	}
	separate(&s.fg, &s.bg, depth);
	if (s.fg.bright) {
		s.attr |= CELL_BOLD;
	}
	return s;
}

struct term_color theme_color(const struct theme *t, enum style_role role, enum color_depth depth)
{
	return theme_style(t, role, depth).fg;
}

/* ---- ANSI ------------------------------------------------------------------ */

static void sgr_color(char *buf, size_t size, const struct term_color *c, enum color_depth depth,
	bool background)
{
	int base = background ? 40 : 30;

	buf[0] = '\0';
	if (c->kind == TERM_COLOR_RGB) {
		snprintf(buf, size, ";%d;2;%u;%u;%u", base + 8, c->r, c->g, c->b);
	} else if (c->kind == TERM_COLOR_INDEX) {
		if (depth == COLOR_DEPTH_256) {
			snprintf(buf, size, ";%d;5;%u", base + 8, c->index);
		} else if (c->index < 8) {
			snprintf(buf, size, ";%d", base + c->index);
		} else {
			snprintf(buf, size, ";%d", base + 60 + (c->index & 7));
		}
	}
}

/* The SGR parameters of a style, from a reset: "0;1;38;5;196". */
static void sgr(char *buf, size_t size, const struct term_style *s, unsigned cell_attr,
	enum color_depth depth)
{
	unsigned a = s->attr | cell_attr;
	char fg[24], bg[24];

	sgr_color(fg, sizeof(fg), &s->fg, depth, false);
	sgr_color(bg, sizeof(bg), &s->bg, depth, true);
	snprintf(buf, size, "0%s%s%s%s%s", a & CELL_BOLD ? ";1" : "", a & CELL_DIM ? ";2" : "",
		a & CELL_REVERSE ? ";7" : "", fg, bg);
}

bool canvas_to_ansi(const struct canvas *c, const struct theme *t, enum color_depth depth,
	struct strbuf *out)
{
	struct term_style styles[ROLE_COUNT];
	struct theme builtin;
	bool ok = true;

	if (!t) {
		theme_builtin(&builtin);
		t = &builtin;
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		styles[r] = theme_style(t, (enum style_role)r, depth);
	}
	for (int y = 0; y < c->h; y++) {
		const struct cell *row = canvas_at(c, 0, y);
		char cur[64] = "0";
		int end = c->w;

		/* Trailing blanks that show nothing (no background, not reversed). */
		while (end > 0) {
			const struct cell *p = &row[end - 1];
			const struct term_style *s = &styles[p->role < ROLE_COUNT ? p->role : 0];

			if (p->ch != ' ' || s->bg.kind != TERM_COLOR_DEFAULT ||
				((s->attr | p->attr) & CELL_REVERSE)) {
				break;
			}
			end--;
		}
		for (int x = 0; x < end; x++) {
			const struct cell *p = &row[x];
			char want[64], buf[4];

			if (p->ch == CANVAS_WIDE_NEXT) {
				continue;
			}
			sgr(want, sizeof(want), &styles[p->role < ROLE_COUNT ? p->role : 0], p->attr, depth);
			if (strcmp(want, cur) != 0) {
				ok = ok && strbuf_printf(out, "\033[%sm", want);
				memcpy(cur, want, sizeof(cur));
			}
			ok = ok && strbuf_append(out, buf, utf8_encode(p->ch, buf));
		}
		if (strcmp(cur, "0") != 0) {
			ok = ok && strbuf_puts(out, "\033[0m");
		}
		ok = ok && strbuf_putc(out, '\n');
	}
	return ok;
}
