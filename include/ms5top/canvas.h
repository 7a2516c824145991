/*
 * The canvas: a grid of cells, each a glyph and a style role, that panels
 * draw into. It knows nothing of terminals or colours: the curses front end
 * blits it (diffing against the previous frame), the snapshot writer prints
 * it as plain text or ANSI, and tests compare it with expected text.
 *
 * Coordinates are columns and rows from the top left; every primitive clips
 * to the canvas (and to the rectangle it is given), so a panel may draw
 * anywhere without checking. Text is UTF-8 and measured in display columns
 * (East Asian wide characters take two, combining marks none), independent
 * of the locale. A wide character occupies its cell plus a continuation cell
 * (ch == CANVAS_WIDE_NEXT).
 *
 * Glyph sets degrade: braille sparklines -> block elements -> ASCII; box
 * drawing -> ASCII (+ - |) in CANVAS_GLYPHS_ASCII.
 *
 * What the cells may hold (src/core/canvas.c keeps it so):
 * - never a control character: C0, DEL and C1 become U+FFFD, so text from
 *   the network cannot put an escape sequence on the terminal;
 * - one code point each: combining marks and other zero-width characters
 *   are dropped ("e" + U+0301 draws "e");
 * - never half a wide character: where one would be cut (at the canvas
 *   edge, at a text limit, or by overwriting its other half) a blank is put;
 * - in CANVAS_GLYPHS_ASCII only printable ASCII: other characters become a
 *   look-alike ('-' '|' '+' for box lines, '*' for bullets, '~' for "…") or
 *   '?', one per column, so text measures the same in every glyph set.
 * canvas_box draws only the frame (a 1-row box is a rule, a 1-column one a
 * bar; the title needs 6 columns: "╭─ Title ─╮"); sparklines and big digits
 * write every cell of their area, so a redraw leaves nothing behind.
 */
#ifndef MS5TOP_CANVAS_H
#define MS5TOP_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ms5top/strbuf.h"
#include "ms5top/utf8.h"

/* Semantic style roles: themes give each a colour; state is never shown by
 * colour alone (panels add a glyph or a word). */
enum style_role {
	ROLE_DEFAULT = 0, /* normal text */
	ROLE_DIM,         /* secondary text, stale data */
	ROLE_TITLE,       /* panel titles */
	ROLE_BORDER,      /* panel frames */
	ROLE_FOCUS,       /* the focused panel's frame and title */
	ROLE_HEADER,      /* the header and status bars */
	ROLE_OK,          /* running, within target */
	ROLE_WARN,        /* degraded, at risk */
	ROLE_CRIT,        /* stopped, fault, breached, critical */
	ROLE_INFO,        /* neutral highlights (setup, maintenance) */
	ROLE_GRAPH,       /* sparklines and chart lines */
	ROLE_GRAPH2,      /* a second series */
	ROLE_GRAPH3,
	ROLE_GRAPH4,
	ROLE_SELECTED,    /* the selected row */
	ROLE_COUNT
};

/* Cell attributes, combined with the role's colour. */
#define CELL_BOLD 0x01u
#define CELL_REVERSE 0x02u
#define CELL_DIM 0x04u    /* stale: the front end dims whatever the role */

#define CANVAS_WIDE_NEXT 0xFFFFFFFFu  /* right half of a wide character */

struct cell {
	uint32_t ch;     /* Unicode code point; ' ' when empty */
	uint8_t role;    /* enum style_role */
	uint8_t attr;    /* CELL_* */
};

enum canvas_glyphs { CANVAS_GLYPHS_BRAILLE = 0, CANVAS_GLYPHS_BLOCKS, CANVAS_GLYPHS_ASCII };

struct canvas {
	int w, h;
	struct cell *cells;          /* w * h, row-major */
	enum canvas_glyphs glyphs;
};

struct rect {
	int x, y, w, h;
};

void canvas_init(struct canvas *c, int w, int h, enum canvas_glyphs glyphs);
void canvas_finish(struct canvas *c);
/* Changes the size; the contents are cleared. */
void canvas_resize(struct canvas *c, int w, int h);
/* Fills everything with blanks of ROLE_DEFAULT. */
/* Makes dst a copy of src (size and cells); any size, 0x0 included. */
void canvas_copy(struct canvas *dst, const struct canvas *src);
void canvas_clear(struct canvas *c);
void canvas_fill(struct canvas *c, struct rect r, uint32_t ch, enum style_role role);
const struct cell *canvas_at(const struct canvas *c, int x, int y);  /* NULL outside */
void canvas_put(struct canvas *c, int x, int y, uint32_t ch, enum style_role role, unsigned attr);
/* Sets attr bits on every cell of r (e.g. CELL_DIM for stale data). */
void canvas_attr(struct canvas *c, struct rect r, unsigned attr);

/* Display width of UTF-8 text in columns (invalid bytes count as one column
 * each and are drawn as U+FFFD). */
int text_width(const char *s);

/* The pieces text_width is made of (src/core/uwidth.c), for panels that
 * walk text themselves.
 *
 * uc_width: the columns one code point takes: 0 for combining marks and
 * other zero-width characters (format characters, variation selectors,
 * conjoining Hangul vowels), 2 for East Asian Wide and Fullwidth characters
 * and emoji with emoji presentation, 1 for everything else, controls
 * included (the canvas draws those as U+FFFD). From built-in tables, never
 * from the locale. (UTF-8 decoding is in utf8.h.) */
int uc_width(uint32_t cp);

/* Draws s at (x, y) in at most maxw columns; text that does not fit is cut
 * and ends with an ellipsis ("…", or "~" in ASCII glyphs). Returns the
 * columns used. */
int canvas_text(struct canvas *c, int x, int y, int maxw, const char *s,
	enum style_role role, unsigned attr);
/* The same, right-aligned so that the text ends at column x + maxw - 1. */
int canvas_text_right(struct canvas *c, int x, int y, int maxw, const char *s,
	enum style_role role, unsigned attr);
/* printf-style convenience (numbers are formatted with fmt_c: locale-free). */
int canvas_printf(struct canvas *c, int x, int y, int maxw, enum style_role role,
	unsigned attr, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* A frame around r with the title in its top edge (truncated to fit). */
void canvas_box(struct canvas *c, struct rect r, const char *title, enum style_role border,
	enum style_role title_role);
/* A horizontal bar of w columns filled to fraction (0..1, clamped; NaN draws
 * nothing), with eighth-block precision in block/braille glyph sets and '#'
 * in ASCII; the unfilled part is drawn as a light track. */
void canvas_hbar(struct canvas *c, int x, int y, int w, double fraction,
	enum style_role fill, enum style_role track);
/* A sparkline of the n values (NaN = gap) scaled between lo and hi (NaN:
 * from the data) in a w x h area: braille (2x4 dots per cell), blocks
 * (eighths per cell, h rows stacked) or ASCII (" .-=#" heights). When n > the
 * available resolution, the newest values are kept (right-aligned). */
void canvas_sparkline(struct canvas *c, struct rect r, const double *v, size_t n,
	double lo, double hi, enum style_role role);
/* Big digits, 5 rows high, for digits 0-9, '.', '%', '-', ':', ' ' (other
 * characters as '?'). Drawn with block glyphs (or '#' in ASCII). Returns the
 * width drawn; bigtext_width gives it without drawing. */
int canvas_bigtext(struct canvas *c, int x, int y, const char *s, enum style_role role);
int bigtext_width(const char *s);
#define BIGTEXT_HEIGHT 5

/* The canvas as plain UTF-8 text: one line per row, trailing blanks
 * trimmed, '\n' after each row. Continuation cells are skipped. */
void canvas_to_text(const struct canvas *c, struct strbuf *out);

#endif
