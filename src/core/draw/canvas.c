/*
 * The cell grid and its drawing primitives. See canvas.h.
 *
 * Invariants kept by every write (all of them go through put_cell):
 * - a wide character is always followed, in the same row, by a
 *   CANVAS_WIDE_NEXT cell, and a CANVAS_WIDE_NEXT cell always follows a wide
 *   character: overwriting either half of a pair blanks the other half;
 * - no cell holds a control character (C0, DEL, C1), a surrogate, a value
 *   over U+10FFFF or a zero-width character: controls become U+FFFD, so a
 *   label from the network can never smuggle an escape sequence into the
 *   terminal, and combining marks are dropped (a cell holds one code point);
 * - in CANVAS_GLYPHS_ASCII every cell is printable ASCII: other characters
 *   are replaced by a look-alike ('-' for a box line, '*' for a bullet) or
 *   by '?', one per column, so widths are the same in every glyph set.
 */
#include "ms5top/canvas.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/fmt.h"
#include "ms5top/text.h"
#include "ms5top/xalloc.h"

#define CANVAS_MAX_DIM 4096   /* columns or rows; far beyond any terminal */

/* ---- Cells ---------------------------------------------------------------- */

void canvas_init(struct canvas *c, int w, int h, enum canvas_glyphs glyphs)
{
	c->w = 0;
	c->h = 0;
	c->cells = NULL;
	c->glyphs = glyphs;
	canvas_resize(c, w, h);
}

void canvas_finish(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->w = 0;
	c->h = 0;
}

void canvas_resize(struct canvas *c, int w, int h)
{
	w = w < 0 ? 0 : w > CANVAS_MAX_DIM ? CANVAS_MAX_DIM : w;
	h = h < 0 ? 0 : h > CANVAS_MAX_DIM ? CANVAS_MAX_DIM : h;
	free(c->cells);
	c->cells = w && h ? xmalloc((size_t)w * (size_t)h * sizeof(*c->cells)) : NULL;
	c->w = c->cells ? w : 0;
	c->h = c->cells ? h : 0;
	canvas_clear(c);
}

void canvas_copy(struct canvas *dst, const struct canvas *src)
{
	size_t n = (size_t)src->w * (size_t)src->h;

	if (dst->w != src->w || dst->h != src->h) {
		canvas_resize(dst, src->w, src->h);
	}
	/* A 0x0 canvas (a terminal that reports 0x0 while resizing) has no
	 * cells: memcpy must not see its NULL. */
	if (n && dst->cells && src->cells) {
		memcpy(dst->cells, src->cells, n * sizeof(*src->cells));
	}
}

void canvas_clear(struct canvas *c)
{
	size_t n = (size_t)c->w * (size_t)c->h;

	for (size_t i = 0; i < n; i++) {
		c->cells[i] = (struct cell){ ' ', ROLE_DEFAULT, 0 };
	}
}

const struct cell *canvas_at(const struct canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h) {
		return NULL;
	}
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

static struct cell *cell_at(struct canvas *c, int x, int y)
{
	return (struct cell *)canvas_at(c, x, y);
}

/* Clips r to the canvas; false when nothing is left. */
static bool clip(const struct canvas *c, struct rect r, int *x0, int *y0, int *x1, int *y1)
{
	long long ax = r.x, ay = r.y, bx = (long long)r.x + r.w, by = (long long)r.y + r.h;

	if (r.w <= 0 || r.h <= 0) {
		return false;
	}
	ax = ax < 0 ? 0 : ax;
	ay = ay < 0 ? 0 : ay;
	bx = bx > c->w ? c->w : bx;
	by = by > c->h ? c->h : by;
	if (ax >= bx || ay >= by) {
		return false;
	}
	*x0 = (int)ax;
	*y0 = (int)ay;
	*x1 = (int)bx;
	*y1 = (int)by;
	return true;
}

/* Blanks the other half of a wide pair that the cell at (x, y) belongs to,
 * before that cell is overwritten. */
static void break_pair(struct canvas *c, int x, int y)
{
	struct cell *p = cell_at(c, x, y), *q;

	if (!p) {
		return;
	}
	if (p->ch == CANVAS_WIDE_NEXT) {
		q = cell_at(c, x - 1, y);
		if (q) {
			q->ch = ' ';
		}
	} else {
		q = cell_at(c, x + 1, y);
		if (q && q->ch == CANVAS_WIDE_NEXT) {
			q->ch = ' ';
		}
	}
}

/* Look-alikes for the non-ASCII glyphs panels use, for CANVAS_GLYPHS_ASCII. */
static const struct {
	uint32_t cp;
	char ascii;
} ascii_map[] = {
	{ 0x00A0, ' ' }, { 0x00AB, '<' }, { 0x00B0, 'o' }, { 0x00B7, '.' }, { 0x00BB, '>' },
	{ 0x00D7, 'x' }, { 0x2010, '-' }, { 0x2011, '-' }, { 0x2012, '-' }, { 0x2013, '-' },
	{ 0x2014, '-' }, { 0x2015, '-' }, { 0x2016, '|' }, { 0x2018, '\'' }, { 0x2019, '\'' },
	{ 0x201C, '"' }, { 0x201D, '"' }, { 0x2022, '*' }, { 0x2026, '~' }, { 0x2190, '<' },
	{ 0x2191, '^' }, { 0x2192, '>' }, { 0x2193, 'v' }, { 0x2212, '-' }, { 0x2219, '.' },
	{ 0x2225, '=' }, { 0x25A0, '#' }, { 0x25A1, 'o' }, { 0x25AA, '#' }, { 0x25B2, '^' },
	{ 0x25B6, '>' }, { 0x25B8, '>' }, { 0x25BA, '>' }, { 0x25BC, 'v' }, { 0x25C0, '<' },
	{ 0x25C6, '*' }, { 0x25CB, 'o' }, { 0x25CF, '*' }, { 0x2605, '*' }, { 0x2692, 'M' },
	{ 0x2699, 'S' }, { 0x26A0, '!' }, { 0x2713, 'v' }, { 0x2714, 'v' }, { 0x2715, 'X' },
	{ 0x2716, 'X' }, { 0x2717, 'x' }, { 0x2718, 'x' }, { 0xFFFD, '?' },
};

/* Box drawing (U+2500-U+257F) to ASCII: lines by direction, the rest '+'. */
static char box_ascii(uint32_t cp)
{
	static const uint32_t horizontal[] = {
		0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D,
		0x2574, 0x2576, 0x2578, 0x257A, 0x257C, 0x257E,
	};
	static const uint32_t vertical[] = {
		0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551,
		0x2575, 0x2577, 0x2579, 0x257B, 0x257D, 0x257F,
	};

	for (size_t i = 0; i < sizeof(horizontal) / sizeof(horizontal[0]); i++) {
		if (horizontal[i] == cp) {
			return '-';
		}
	}
	for (size_t i = 0; i < sizeof(vertical) / sizeof(vertical[0]); i++) {
		if (vertical[i] == cp) {
			return '|';
		}
	}
	switch (cp) {
	case 0x2550:
		return '=';
	case 0x2571:
		return '/';
	case 0x2572:
		return '\\';
	case 0x2573:
		return 'X';
	default:
		return '+';
	}
}

static char to_ascii(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(ascii_map) / sizeof(ascii_map[0]);

	if (cp >= 0x2500 && cp <= 0x257F) {
		return box_ascii(cp);
	}
	if (cp >= 0x2580 && cp <= 0x259F) {   /* block elements */
		return cp == 0x2591 ? '.' : cp == 0x2592 ? ':' : '#';
	}
	if (cp >= 0x2800 && cp <= 0x28FF) {   /* braille */
		return cp == 0x2800 ? ' ' : '.';
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ascii_map[mid].cp == cp) {
			return ascii_map[mid].ascii;
		}
		if (ascii_map[mid].cp < cp) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return '?';
}

/* The one writer of cells: sanitises ch, keeps wide pairs whole, clips. */
static void put_cell(struct canvas *c, int x, int y, uint32_t ch, enum style_role role,
	unsigned attr)
{
	struct cell *p;
	int w;

	if (ch == CANVAS_WIDE_NEXT) {
		return;
	}
	if (text_is_control(ch) || ch > 0x10FFFF || (ch >= 0xD800 && ch <= 0xDFFF)) {
		ch = 0xFFFD;
	}
	w = uc_width(ch);
	if (w == 0) {
		return;   /* Combining marks: a cell holds one code point. */
	}
	if (c->glyphs == CANVAS_GLYPHS_ASCII && ch >= 0x80) {
		char a = to_ascii(ch);

		put_cell(c, x, y, (uint32_t)(unsigned char)a, role, attr);
		if (w == 2) {
			put_cell(c, x + 1, y, (uint32_t)(unsigned char)a, role, attr);
		}
		return;
	}
	if (w == 2 && x + 1 >= c->w) {
		ch = ' ';   /* Half a wide character is never drawn. */
		w = 1;
	}
	p = cell_at(c, x, y);
	if (!p) {
		return;
	}
	break_pair(c, x, y);
	if (w == 2) {
		break_pair(c, x + 1, y);
		p[1] = (struct cell){ CANVAS_WIDE_NEXT, (uint8_t)role, (uint8_t)attr };
	}
	*p = (struct cell){ ch, (uint8_t)role, (uint8_t)attr };
}

void canvas_put(struct canvas *c, int x, int y, uint32_t ch, enum style_role role, unsigned attr)
{
	put_cell(c, x, y, ch, role, attr);
}

void canvas_fill(struct canvas *c, struct rect r, uint32_t ch, enum style_role role)
{
	int x0, y0, x1, y1;
	int w;

	if (!clip(c, r, &x0, &y0, &x1, &y1)) {
		return;
	}
	w = ch == CANVAS_WIDE_NEXT ? 0 : uc_width(ch);
	if (w == 0) {
		ch = ' ';
		w = 1;
	}
	for (int y = y0; y < y1; y++) {
		int x = x0;

		for (; x + w <= x1; x += w) {
			put_cell(c, x, y, ch, role, 0);
		}
		if (x < x1) {
			put_cell(c, x, y, ' ', role, 0);   /* An odd column after wide ones. */
		}
	}
}

void canvas_attr(struct canvas *c, struct rect r, unsigned attr)
{
	int x0, y0, x1, y1;

	if (!clip(c, r, &x0, &y0, &x1, &y1)) {
		return;
	}
	for (int y = y0; y < y1; y++) {
		for (int x = x0; x < x1; x++) {
			struct cell *p = cell_at(c, x, y);

			p->attr = (uint8_t)(p->attr | attr);
		}
	}
}

/* ---- Text ----------------------------------------------------------------- */

/* The character at s as the canvas draws it and its width. */
static size_t next_char(const char *s, size_t n, uint32_t *cp, int *w)
{
	size_t len = utf8_decode(s, n, cp);

	if (text_is_control(*cp)) {
		*cp = 0xFFFD;
	}
	*w = uc_width(*cp);
	return len;
}

/* How much of s fits in maxw columns: the bytes to draw, their width and
 * whether an ellipsis follows them. */
struct fit {
	size_t bytes;
	int width;
	bool ellipsis;
};

static struct fit fit_text(const char *s, int maxw)
{
	struct fit f = { 0, 0, false };
	size_t n = strlen(s);
	int total = text_width(s);

	if (maxw <= 0) {
		return f;
	}
	if (total <= maxw) {
		f.bytes = n;
		f.width = total;
		return f;
	}
	/* Leave one column for the ellipsis; a wide character that would
	 * straddle the limit is left out whole. */
	while (f.bytes < n) {
		uint32_t cp;
		int w;
		size_t len = next_char(s + f.bytes, n - f.bytes, &cp, &w);

		if (f.width + w > maxw - 1) {
			break;
		}
		f.width += w;
		f.bytes += len;
	}
	f.ellipsis = true;
	return f;
}

static void draw_fit(struct canvas *c, long long x, int y, const char *s, struct fit f,
	enum style_role role, unsigned attr)
{
	long long col = x;
	size_t i = 0;

	while (i < f.bytes) {
		uint32_t cp;
		int w;

		i += next_char(s + i, f.bytes - i, &cp, &w);
		if (w == 0) {
			continue;
		}
		if (col >= c->w) {
			return;
		}
		if (col >= 0) {
			put_cell(c, (int)col, y, cp, role, attr);
		} else if (col + w > 0) {
			put_cell(c, 0, y, ' ', role, attr);   /* The right half of a cut wide char. */
		}
		col += w;
	}
	if (f.ellipsis && col >= 0 && col < c->w) {
		put_cell(c, (int)col, y, c->glyphs == CANVAS_GLYPHS_ASCII ? '~' : 0x2026, role, attr);
	}
}

int canvas_text(struct canvas *c, int x, int y, int maxw, const char *s,
	enum style_role role, unsigned attr)
{
	struct fit f;

	if (!s) {
		return 0;
	}
	f = fit_text(s, maxw);
	draw_fit(c, x, y, s, f, role, attr);
	return f.width + (f.ellipsis ? 1 : 0);
}

int canvas_text_right(struct canvas *c, int x, int y, int maxw, const char *s,
	enum style_role role, unsigned attr)
{
	struct fit f;
	int used;

	if (!s) {
		return 0;
	}
	f = fit_text(s, maxw);
	used = f.width + (f.ellipsis ? 1 : 0);
	draw_fit(c, (long long)x + maxw - used, y, s, f, role, attr);
	return used;
}

int canvas_printf(struct canvas *c, int x, int y, int maxw, enum style_role role,
	unsigned attr, const char *fmt, ...)
{
	char small[256];
	char *text = small;
	va_list ap;
	int n, used;

	if (!fmt) {
		return 0;
	}
	/* Numbers on screen never follow LC_NUMERIC. */
	va_start(ap, fmt);
	n = fmt_vc(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(small)) {
		text = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		fmt_vc(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	used = n < 0 ? 0 : canvas_text(c, x, y, maxw, text, role, attr);
	if (text != small) {
		free(text);
	}
	return used;
}

/* ---- Frames --------------------------------------------------------------- */

/* The columns [*a, *b) of the span [x, x + w) that lie on the canvas; false
 * when none does. Keeps loops over huge or far-off spans short and free of
 * int overflow. */
static bool visible_span(const struct canvas *c, long long x, long long w, int *a, int *b)
{
	long long lo = x < 0 ? 0 : x, hi = x + w > c->w ? c->w : x + w;

	if (w <= 0 || lo >= hi) {
		return false;
	}
	*a = (int)lo;
	*b = (int)hi;
	return true;
}

static void hline(struct canvas *c, long long x, long long w, long long y, uint32_t ch,
	enum style_role role)
{
	int a, b;

	if (y < 0 || y >= c->h || !visible_span(c, x, w, &a, &b)) {
		return;
	}
	for (int i = a; i < b; i++) {
		put_cell(c, i, (int)y, ch, role, 0);
	}
}

static void put_ll(struct canvas *c, long long x, long long y, uint32_t ch, enum style_role role)
{
	if (x >= 0 && x < c->w && y >= 0 && y < c->h) {
		put_cell(c, (int)x, (int)y, ch, role, 0);
	}
}

void canvas_box(struct canvas *c, struct rect r, const char *title, enum style_role border,
	enum style_role title_role)
{
	bool ascii = c->glyphs == CANVAS_GLYPHS_ASCII;
	uint32_t hz = ascii ? '-' : 0x2500, vt = ascii ? '|' : 0x2502;
	long long x = r.x, y = r.y, right = x + r.w - 1, bottom = y + r.h - 1;

	if (r.w <= 0 || r.h <= 0) {
		return;
	}
	if (r.h == 1) {
		hline(c, x, r.w, y, hz, border);   /* too flat for a frame: a rule */
	} else if (r.w == 1) {
		for (long long i = y < 0 ? 0 : y; i <= bottom && i < c->h; i++) {
			put_ll(c, x, i, vt, border);
		}
		return;   /* no room for a title */
	} else {
		hline(c, x + 1, r.w - 2, y, hz, border);
		hline(c, x + 1, r.w - 2, bottom, hz, border);
		for (long long i = y + 1 < 0 ? 0 : y + 1; i < bottom && i < c->h; i++) {
			put_ll(c, x, i, vt, border);
			put_ll(c, right, i, vt, border);
		}
		put_ll(c, x, y, ascii ? '+' : 0x256D, border);
		put_ll(c, right, y, ascii ? '+' : 0x256E, border);
		put_ll(c, x, bottom, ascii ? '+' : 0x2570, border);
		put_ll(c, right, bottom, ascii ? '+' : 0x256F, border);
	}

	/* "╭─ Title ──╮": the title starts after one line segment and a space
	 * and keeps a space before the line resumes; it needs 6 columns. */
	if (title && *title && r.w >= 6 && x + 3 <= c->w) {
		int used = canvas_text(c, r.x + 3, r.y, r.w - 5, title, title_role, 0);

		put_ll(c, x + 2, y, ' ', border);
		put_ll(c, x + 3 + used, y, ' ', border);
	}
}

/* ---- Bars and sparklines -------------------------------------------------- */

void canvas_hbar(struct canvas *c, int x, int y, int w, double fraction,
	enum style_role fill, enum style_role track)
{
	static const uint32_t eighths[8] = {
		0, 0x258F, 0x258E, 0x258D, 0x258C, 0x258B, 0x258A, 0x2589,
	};
	bool ascii = c->glyphs == CANVAS_GLYPHS_ASCII;
	long long units, per = ascii ? 1 : 8, filled;
	int a, b;

	if (w <= 0 || isnan(fraction) || y < 0 || y >= c->h || !visible_span(c, x, w, &a, &b)) {
		return;
	}
	fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
	units = (long long)w * per;
	filled = llround(fraction * (double)units);
	/* Honest ends: anything above zero shows, anything below full is not
	 * drawn full. */
	if (units >= 2) {
		if (fraction > 0 && filled == 0) {
			filled = 1;
		}
		if (fraction < 1 && filled == units) {
			filled = units - 1;
		}
	}
	for (int col = a; col < b; col++) {
		long long part = filled - (col - (long long)x) * per;

		if (part >= per) {
			put_cell(c, col, y, ascii ? '#' : 0x2588, fill, 0);
		} else if (part > 0) {
			put_cell(c, col, y, eighths[part], fill, 0);
		} else {
			put_cell(c, col, y, ascii ? '.' : 0x00B7, track, 0);
		}
	}
}

/* Height of v in units 1..units (0 for a gap), scaled between lo and hi. A
 * value at lo still shows one unit, so a zero is not mistaken for a gap. */
static long long spark_height(double v, double lo, double hi, long long units)
{
	double f;

	if (isnan(v)) {
		return 0;
	}
	if (!isfinite(lo) || !isfinite(hi) || !(hi > lo)) {
		return 1;   /* nothing to scale by (a flat series): the baseline */
	}
	f = (v - lo) / (hi - lo);
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	return 1 + llround(f * (double)(units - 1));
}

void canvas_sparkline(struct canvas *c, struct rect r, const double *v, size_t n,
	double lo, double hi, enum style_role role)
{
	static const uint32_t blocks[9] = {
		' ', 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588,
	};
	static const char ascii_levels[] = " .-=#";
	/* Braille dot bits of the left and right columns, from the bottom up. */
	static const uint8_t dots[2][4] = { { 0x40, 0x04, 0x02, 0x01 }, { 0x80, 0x20, 0x10, 0x08 } };
	bool braille = c->glyphs == CANVAS_GLYPHS_BRAILLE;
	size_t per_cell = braille ? 2 : 1;
	long long per_row = c->glyphs == CANVAS_GLYPHS_BLOCKS ? 8 : 4;
	long long bottom = (long long)r.y + r.h - 1;
	size_t slots, first;
	int a, b;

	if (r.w <= 0 || r.h <= 0 || !visible_span(c, r.x, r.w, &a, &b)) {
		return;
	}
	if (!v) {
		n = 0;
	}
	/* The newest values, right-aligned: value i sits in slot first + i. */
	slots = (size_t)r.w * per_cell;
	if (n > slots) {
		v += n - slots;
		n = slots;
	}
	first = slots - n;
	if (isnan(lo) || isnan(hi)) {
		double dlo = INFINITY, dhi = -INFINITY;

		for (size_t i = 0; i < n; i++) {
			if (isfinite(v[i])) {
				dlo = v[i] < dlo ? v[i] : dlo;
				dhi = v[i] > dhi ? v[i] : dhi;
			}
		}
		lo = isnan(lo) ? dlo : lo;
		hi = isnan(hi) ? dhi : hi;
	}

	for (int x = a; x < b; x++) {
		long long hgt[2] = { 0, 0 };
		size_t col = (size_t)(x - (long long)r.x);

		for (size_t k = 0; k < per_cell; k++) {
			size_t slot = col * per_cell + k;

			if (slot >= first) {
				hgt[k] = spark_height(v[slot - first], lo, hi, r.h * per_row);
			}
		}
		for (long long y = bottom < c->h - 1 ? bottom : c->h - 1; y >= 0 && y >= r.y; y--) {
			long long row = bottom - y;   /* 0 is the bottom row */
			uint32_t ch;

			if (braille) {
				unsigned bits = 0;

				for (int k = 0; k < 2; k++) {
					long long in = hgt[k] - row * 4;

					for (int d = 0; d < 4 && d < in; d++) {
						bits |= dots[k][d];
					}
				}
				ch = bits ? 0x2800 + bits : ' ';
			} else {
				long long in = hgt[0] - row * per_row;

				in = in < 0 ? 0 : in > per_row ? per_row : in;
				ch = c->glyphs == CANVAS_GLYPHS_BLOCKS ? blocks[in]
					: (uint32_t)(unsigned char)ascii_levels[in];
			}
			put_cell(c, x, (int)y, ch, role, 0);
		}
	}
}

/* ---- Big digits ----------------------------------------------------------- */

struct big_glyph {
	char ch;
	const char *rows[BIGTEXT_HEIGHT];   /* '#' = ink; all rows the same width */
};

static const struct big_glyph big_glyphs[] = {
	{ '0', { "###", "# #", "# #", "# #", "###" } },
	{ '1', { "## ", " # ", " # ", " # ", "###" } },
	{ '2', { "###", "  #", "###", "#  ", "###" } },
	{ '3', { "###", "  #", " ##", "  #", "###" } },
	{ '4', { "# #", "# #", "###", "  #", "  #" } },
	{ '5', { "###", "#  ", "###", "  #", "###" } },
	{ '6', { "###", "#  ", "###", "# #", "###" } },
	{ '7', { "###", "  #", "  #", "  #", "  #" } },
	{ '8', { "###", "# #", "###", "# #", "###" } },
	{ '9', { "###", "# #", "###", "  #", "###" } },
	{ '.', { " ", " ", " ", " ", "#" } },
	{ ':', { " ", "#", " ", "#", " " } },
	{ '%', { "# #", "  #", " # ", "#  ", "# #" } },
	{ '-', { "   ", "   ", "###", "   ", "   " } },
	{ ' ', { "  ", "  ", "  ", "  ", "  " } },
	{ '?', { "###", "  #", " ##", "   ", " # " } },   /* last: anything else */
};

static const struct big_glyph *big_glyph(uint32_t cp)
{
	size_t n = sizeof(big_glyphs) / sizeof(big_glyphs[0]);

	for (size_t i = 0; i < n; i++) {
		if ((uint32_t)(unsigned char)big_glyphs[i].ch == cp) {
			return &big_glyphs[i];
		}
	}
	return &big_glyphs[n - 1];
}

/* Walks s, one glyph per character (combining marks skipped), a blank
 * column between glyphs; every cell of the 5-row band is written, so a
 * redraw leaves nothing behind. With c NULL it only measures. */
static int bigtext(struct canvas *c, long long x, long long y, const char *s,
	enum style_role role)
{
	size_t n = strlen(s), i = 0;
	long long col = 0;

	while (i < n) {
		uint32_t cp;
		const struct big_glyph *g;
		long long gw;

		i += utf8_decode(s + i, n - i, &cp);
		if (uc_width(cp) == 0) {
			continue;
		}
		g = big_glyph(cp);
		gw = (long long)strlen(g->rows[0]);
		if (col > 0) {
			for (int r = 0; c && r < BIGTEXT_HEIGHT; r++) {
				put_ll(c, x + col, y + r, ' ', role);
			}
			col++;
		}
		for (int r = 0; c && r < BIGTEXT_HEIGHT; r++) {
			for (long long k = 0; k < gw; k++) {
				put_ll(c, x + col + k, y + r, g->rows[r][k] != '#' ? ' '
					: c->glyphs == CANVAS_GLYPHS_ASCII ? '#' : 0x2588, role);
			}
		}
		col += gw;
	}
	return col > 0x7FFFFFFF ? 0x7FFFFFFF : (int)col;
}

int canvas_bigtext(struct canvas *c, int x, int y, const char *s, enum style_role role)
{
	return s ? bigtext(c, x, y, s, role) : 0;
}

int bigtext_width(const char *s)
{
	return s ? bigtext(NULL, 0, 0, s, ROLE_DEFAULT) : 0;
}

/* ---- Output --------------------------------------------------------------- */

void canvas_to_text(const struct canvas *c, struct strbuf *out)
{
	for (int y = 0; y < c->h; y++) {
		const struct cell *row = canvas_at(c, 0, y);
		int end = c->w;

		while (end > 0 && row[end - 1].ch == ' ') {
			end--;
		}
		for (int x = 0; x < end; x++) {
			char buf[4];

			if (row[x].ch == CANVAS_WIDE_NEXT) {
				continue;
			}
			strbuf_append(out, buf, utf8_encode(row[x].ch, buf));
		}
		strbuf_putc(out, '\n');
	}
}
