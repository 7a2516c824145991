/*
 * Themes: the colours (and a few attributes) of the canvas's style roles,
 * read from btop-style theme files, and their conversion to what a terminal
 * can show: truecolor, the xterm 256-colour palette, 16 colours, 8 colours
 * (bright as bold) or none (attributes only).
 *
 * The file format (themes/NAME.theme), one setting a line:
 *
 *   # a comment (so is a blank line)
 *   theme[crit]="#ff5f5f"      24-bit colour
 *   theme[dim]="#80"           greyscale shorthand: #gg = #gggggg
 *   theme[ok]="95 215 95"      three decimal numbers 0-255
 *   theme[main_bg]=""          the terminal's own default colour
 *   theme[crit_attr]="bold"    attributes: bold, dim, reverse (or "")
 *
 * The value may also be written without quotes (to the end of the line).
 * Spaces around '=' and inside the quotes are allowed, CR LF line ends too.
 *
 * Colour keys and the roles they set:
 *
 *   main_bg      background of every role except header and selected
 *   main_fg      ROLE_DEFAULT (normal text)
 *   dim          ROLE_DIM          title      ROLE_TITLE
 *   border       ROLE_BORDER       focus      ROLE_FOCUS
 *   header_bg    ROLE_HEADER background
 *   header_fg    ROLE_HEADER
 *   ok, warn, crit, info           ROLE_OK, ROLE_WARN, ROLE_CRIT, ROLE_INFO
 *   graph, graph2, graph3, graph4  ROLE_GRAPH .. ROLE_GRAPH4
 *   selected_bg  ROLE_SELECTED background
 *   selected_fg  ROLE_SELECTED
 *
 * Attribute keys, <role>_attr for the role names main, dim, title, border,
 * focus, header, ok, warn, crit, info, graph, graph2, graph3, graph4,
 * selected: words among bold, dim and reverse, separated by spaces or commas.
 * They apply at every colour depth; at depth none a fixed set is added so
 * that roles stay apart without colour (title, focus and crit bold, header
 * and selected reversed, dim dimmed).
 *
 * A key the file does not set keeps the built-in default theme's value
 * (theme_builtin). An unknown key is skipped with a warning (kept in the
 * theme, for the status line); the first error fails the parse and names the
 * line: "theme mono:7: 'blue' is not a colour (#rrggbb, #gg, "r g b" or "")".
 * Errors: a value that is not a colour or an attribute list, an unterminated
 * quote, text after the closing quote, a line that is not theme[key]=value,
 * a NUL byte, a line over THEME_MAX_LINE bytes, a file over THEME_MAX_FILE.
 *
 * A struct theme is plain data (no allocation): copy it, no finish needed.
 */
#ifndef MS5TOP_THEME_H
#define MS5TOP_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ms5top/canvas.h"
#include "ms5top/err.h"
#include "ms5top/strbuf.h"

#define THEME_MAX_FILE ((size_t)64 * 1024)
#define THEME_MAX_LINE ((size_t)1024)
#define THEME_MAX_WARNINGS 8
#define THEME_WARNING_LEN 160

/* What the terminal can show, weakest first. */
enum color_depth {
	COLOR_DEPTH_NONE = 0,    /* no colour: attributes only (NO_COLOR, dumb terminals) */
	COLOR_DEPTH_8,           /* the 8 ANSI colours; bright foregrounds as bold */
	COLOR_DEPTH_16,          /* 8 colours and their bright variants */
	COLOR_DEPTH_256,         /* the xterm palette: 6x6x6 cube and grey ramp */
	COLOR_DEPTH_TRUECOLOR,   /* 24-bit */
};

/* A theme colour: 24-bit, or the terminal's default. */
struct theme_rgb {
	bool set;        /* false: the terminal's default colour ("" in a file) */
	uint8_t r, g, b;
};

struct theme {
	char name[64];
	struct theme_rgb main_bg;             /* also bg of the roles without their own */
	struct theme_rgb fg[ROLE_COUNT];      /* fg[ROLE_DEFAULT] is main_fg */
	struct theme_rgb bg[ROLE_COUNT];      /* resolved: main_bg unless the role has a key */
	unsigned attr[ROLE_COUNT];            /* CELL_BOLD | CELL_DIM | CELL_REVERSE */
	size_t n_warnings;                    /* all of them, also those not kept */
	char warnings[THEME_MAX_WARNINGS][THEME_WARNING_LEN];
};

/* A colour as the terminal is told it. */
enum term_color_kind {
	TERM_COLOR_DEFAULT = 0,  /* the terminal's default (SGR 39 / 49; ncurses -1) */
	TERM_COLOR_INDEX,        /* a palette index: 0-255, 0-15 or 0-7 by depth */
	TERM_COLOR_RGB,          /* 24-bit */
};

struct term_color {
	enum term_color_kind kind;
	uint8_t index;           /* TERM_COLOR_INDEX */
	uint8_t r, g, b;         /* TERM_COLOR_RGB */
	bool bright;             /* depth 8 foregrounds: index is 0-7, draw bold for 8-15 */
};

/* Everything needed to draw a role: colours and attributes (the theme's,
 * those of depth none, and CELL_BOLD for a bright colour at depth 8). */
struct term_style {
	struct term_color fg, bg;
	unsigned attr;
};

/* Fills t with the built-in default theme (dark; the same as
 * themes/default.theme). Its name is "default". */
void theme_builtin(struct theme *t);

/* Fills t with the built-in theme called name ("default" or "mono", the
 * same as the shipped files). Returns false (t untouched) for other names. */
bool theme_builtin_named(const char *name, struct theme *t);

/* Parses len bytes of theme file text (NULs are an error, no terminator
 * needed) on top of the built-in default. name is used in messages and
 * copied into t->name (cut to fit). Returns false with err filled on the
 * first error; t then holds the built-in default theme (with the name), so
 * the caller may draw with it and show the error. Warnings are in t. */
bool theme_parse(const char *text, size_t len, const char *name, struct theme *t,
	struct ms5_error *err);

/* The file key of a role's foreground ("main_fg", "crit", ...) and the role
 * name used in <role>_attr keys ("main", "crit", ...). */
const char *theme_role_key(enum style_role role);
const char *theme_role_name(enum style_role role);

/* A role's colours for the given depth. theme_style also keeps the
 * foreground from landing on the background's colour when the depth is too
 * low to tell them apart (a dark grey border on black at 16 colours takes
 * the next nearest colour instead). theme_color is theme_style's fg. */
struct term_style theme_style(const struct theme *t, enum style_role role,
	enum color_depth depth);
struct term_color theme_color(const struct theme *t, enum style_role role,
	enum color_depth depth);

/* A colour converted for a depth, as a foreground or a background. The
 * palettes: 256 uses the 6x6x6 cube (levels 0, 95, 135, 175, 215, 255) and
 * the grey ramp 232-255 (8 + 10n), never the 16 user-defined colours, and
 * takes the nearest by weighted RGB distance. 16 and 8 go by hue and
 * lightness (the basic colours are too far apart for distance to keep a
 * soft green green): pale colours become black, dark grey, light grey or
 * white, the others one of the six hues, bright when light. Pure red gives
 * 196, 9 and 1 (bright); #808080 gives 244, 8 and 0 (bright). */
struct term_color theme_convert(struct theme_rgb c, enum color_depth depth, bool background);
uint8_t color_to_256(uint8_t r, uint8_t g, uint8_t b);
uint8_t color_to_16(uint8_t r, uint8_t g, uint8_t b);

/* The canvas as text with SGR escape sequences: one sequence at each change
 * of style (starting from a reset, "\033[0;...m"), a reset "\033[0m" at the
 * end of each row that set one, '\n' after each row. Trailing blanks that
 * show no background are trimmed. At depth none only bold, dim and reverse
 * are emitted. t NULL means the built-in theme. Returns false when out's
 * cap was reached (out then holds a cut frame). */
bool canvas_to_ansi(const struct canvas *c, const struct theme *t, enum color_depth depth,
	struct strbuf *out);

#endif
