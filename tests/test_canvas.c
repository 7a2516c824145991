#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/canvas.h"

/* The canvas as text, compared with the expected rows. */
static void expect_text(const struct canvas *c, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	canvas_to_text(c, &sb);
	cr_expect_str_eq(strbuf_str(&sb), want);
	strbuf_finish(&sb);
}

/* Draws s on a fresh one-row canvas and returns the row (trimmed). */
static char *draw_one(int cw, int x, int maxw, const char *s, enum canvas_glyphs g, int *used)
{
	struct canvas c;
	struct strbuf sb;
	char *out;

	canvas_init(&c, cw, 1, g);
	*used = canvas_text(&c, x, 0, maxw, s, ROLE_DEFAULT, 0);
	strbuf_init(&sb, 0);
	canvas_to_text(&c, &sb);
	out = strbuf_steal(&sb);
	out[strlen(out) - 1] = '\0';   /* the row's '\n' */
	canvas_finish(&c);
	return out;
}

/* Every WIDE_NEXT follows a wide character and every wide character is
 * followed by a WIDE_NEXT; no cell holds a control. */
static void expect_invariants(const struct canvas *c)
{
	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++) {
			uint32_t ch = canvas_at(c, x, y)->ch;

			if (ch == CANVAS_WIDE_NEXT) {
				cr_expect(x > 0 && uc_width(canvas_at(c, x - 1, y)->ch) == 2,
					"stray continuation at %d,%d", x, y);
				continue;
			}
			cr_expect(ch >= 0x20 && ch != 0x7F && !(ch >= 0x80 && ch < 0xA0),
				"control U+%04X at %d,%d", ch, x, y);
			cr_expect_neq(uc_width(ch), 0, "zero-width U+%04X at %d,%d", ch, x, y);
			if (uc_width(ch) == 2) {
				cr_expect(x + 1 < c->w && canvas_at(c, x + 1, y)->ch == CANVAS_WIDE_NEXT,
					"wide U+%04X at %d,%d lacks its right half", ch, x, y);
			}
		}
	}
}

/* ---- Widths and UTF-8 ----------------------------------------------------- */

Test(canvas, text_width_ascii_cjk_combining_emoji)
{
	cr_expect_eq(text_width(NULL), 0);
	cr_expect_eq(text_width(""), 0);
	cr_expect_eq(text_width("Line 3: OEE 87.5%"), 17);
	cr_expect_eq(text_width("漢字"), 4);
	cr_expect_eq(text_width("한국어"), 6);
	cr_expect_eq(text_width("ｶﾀｶﾅ"), 4);        /* halfwidth katakana: one each */
	cr_expect_eq(text_width("ＡＢ"), 4);        /* fullwidth Latin */
	cr_expect_eq(text_width("e\xcc\x81"), 1);   /* e + COMBINING ACUTE */
	cr_expect_eq(text_width("Ame\xcc\x81lie"), 6);
	cr_expect_eq(text_width("\xe2\x80\x8b"), 0); /* ZERO WIDTH SPACE */
	cr_expect_eq(text_width("😀"), 2);
	cr_expect_eq(text_width("⚠\xef\xb8\x8f"), 1); /* U+26A0 (narrow) + VS16 (zero) */
	cr_expect_eq(text_width("…·─│█⣿"), 6);
	cr_expect_eq(text_width("Müller"), 6);
}

Test(canvas, text_width_invalid_utf8)
{
	cr_expect_eq(text_width("\xff"), 1);
	cr_expect_eq(text_width("a\xff" "b"), 3);
	cr_expect_eq(text_width("\xe2\x82"), 2);          /* truncated: two bad bytes */
	cr_expect_eq(text_width("\xc0\xaf"), 2);          /* overlong '/' */
	cr_expect_eq(text_width("\xed\xa0\x80"), 3);      /* a UTF-16 surrogate */
	cr_expect_eq(text_width("\xf4\x90\x80\x80"), 4);  /* above U+10FFFF */
	cr_expect_eq(text_width("\x80\x80\x80"), 3);      /* lone continuations */
	cr_expect_eq(text_width("\x1b[31m"), 5);          /* controls count one (U+FFFD) */
}

Test(canvas, utf8_decode_and_encode)
{
	static const uint32_t cps[] = { 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFD, 0xFFFF,
		0x10000, 0x1F600, 0x10FFFF };
	char buf[4];
	uint32_t cp;

	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		size_t n = utf8_encode(cps[i], buf);

		cr_expect_eq(utf8_decode(buf, n, &cp), n);
		cr_expect_eq(cp, cps[i]);
		/* Cut short, the lead byte alone is one U+FFFD. */
		if (n > 1) {
			cr_expect_eq(utf8_decode(buf, n - 1, &cp), 1);
			cr_expect_eq(cp, 0xFFFD);
		}
	}
	cr_expect_eq(utf8_encode(0xD800, buf), 3);
	cr_expect_eq(memcmp(buf, "\xef\xbf\xbd", 3), 0);
	cr_expect_eq(utf8_encode(0x110000, buf), 3);
	cr_expect_eq(utf8_decode("\xe0\x80\x80", 3, &cp), 1);   /* overlong 3-byte NUL */
	cr_expect_eq(cp, 0xFFFD);
	cr_expect_eq(utf8_decode("\xf5\x80\x80\x80", 4, &cp), 1);
	cr_expect_eq(cp, 0xFFFD);
}

Test(canvas, uc_width_table_spots)
{
	cr_expect_eq(uc_width('a'), 1);
	cr_expect_eq(uc_width(0x0301), 0);
	cr_expect_eq(uc_width(0x1100), 2);   /* Hangul choseong */
	cr_expect_eq(uc_width(0x1160), 0);   /* Hangul jungseong */
	cr_expect_eq(uc_width(0x3000), 2);   /* ideographic space */
	cr_expect_eq(uc_width(0x302A), 0);   /* ideographic tone mark */
	cr_expect_eq(uc_width(0x4E00), 2);
	cr_expect_eq(uc_width(0x9FFF), 2);
	cr_expect_eq(uc_width(0xAC00), 2);
	cr_expect_eq(uc_width(0xD7A3), 2);
	cr_expect_eq(uc_width(0xFE0F), 0);
	cr_expect_eq(uc_width(0xFF01), 2);
	cr_expect_eq(uc_width(0xFF61), 1);
	cr_expect_eq(uc_width(0x1F680), 2);
	cr_expect_eq(uc_width(0x20000), 2);
	cr_expect_eq(uc_width(0xE0100), 0);
	cr_expect_eq(uc_width(0x2026), 1);
	cr_expect_eq(uc_width(0x2588), 1);
}

/* ---- Text, truncation, clipping ------------------------------------------ */

Test(canvas, truncation_at_every_width)
{
	static const char *const want[] = {
		"", "…", "a…", "ab…", "abc…", "abcd…", "abcdef", "abcdef", "abcdef",
	};
	static const int used[] = { 0, 1, 2, 3, 4, 5, 6, 6, 6 };

	for (int w = 0; w < 9; w++) {
		int u;
		char *row = draw_one(10, 0, w, "abcdef", CANVAS_GLYPHS_BRAILLE, &u);

		cr_expect_str_eq(row, want[w], "maxw %d", w);
		cr_expect_eq(u, used[w], "maxw %d: used %d", w, u);
		free(row);
	}
}

Test(canvas, truncation_with_a_wide_char_at_the_edge)
{
	static const char *const want[] = {
		"", "…", "…", "漢…", "漢…", "漢字…", "漢字a…", "漢字abc", "漢字abc",
	};
	static const int used[] = { 0, 1, 1, 3, 3, 5, 6, 7, 7 };

	for (int w = 0; w < 9; w++) {
		int u;
		char *row = draw_one(10, 0, w, "漢字abc", CANVAS_GLYPHS_BLOCKS, &u);

		cr_expect_str_eq(row, want[w], "maxw %d", w);
		cr_expect_eq(u, used[w], "maxw %d: used %d", w, u);
		cr_expect_leq(u, w);
		free(row);
	}
}

Test(canvas, truncation_ascii_and_negative_width)
{
	int u;
	char *row = draw_one(10, 0, 4, "abcdef", CANVAS_GLYPHS_ASCII, &u);

	cr_expect_str_eq(row, "abc~");
	free(row);
	row = draw_one(10, 0, -3, "abcdef", CANVAS_GLYPHS_BRAILLE, &u);
	cr_expect_str_eq(row, "");
	cr_expect_eq(u, 0);
	free(row);
	row = draw_one(10, 0, 5, NULL, CANVAS_GLYPHS_BRAILLE, &u);
	cr_expect_eq(u, 0);
	free(row);
}

Test(canvas, clipping_left_and_right)
{
	int u;
	char *row = draw_one(5, -2, 10, "abcdef", CANVAS_GLYPHS_BRAILLE, &u);

	cr_expect_str_eq(row, "cdef");
	cr_expect_eq(u, 6, "columns used are counted before clipping");
	free(row);
	row = draw_one(5, 3, 10, "abcdef", CANVAS_GLYPHS_BRAILLE, &u);
	cr_expect_str_eq(row, "   ab");
	free(row);
	row = draw_one(5, -100, 10, "abcdef", CANVAS_GLYPHS_BRAILLE, &u);
	cr_expect_str_eq(row, "");
	free(row);
	row = draw_one(5, 2147483647 - 3, 2147483647, "abcdef", CANVAS_GLYPHS_BRAILLE, &u);
	cr_expect_str_eq(row, "");
	free(row);
}

Test(canvas, clipping_wide_chars_are_never_split)
{
	struct canvas c;
	int u;
	char *row = draw_one(5, -1, 10, "漢a", CANVAS_GLYPHS_BRAILLE, &u);

	cr_expect_str_eq(row, " a", "the visible right half of a wide char is a blank");
	free(row);
	row = draw_one(4, 3, 10, "漢", CANVAS_GLYPHS_BRAILLE, &u);
	cr_expect_str_eq(row, "");
	free(row);
	row = draw_one(4, 2, 10, "漢", CANVAS_GLYPHS_BRAILLE, &u);
	cr_expect_str_eq(row, "  漢");
	free(row);

	canvas_init(&c, 4, 1, CANVAS_GLYPHS_BRAILLE);
	canvas_put(&c, 3, 0, 0x6F22, ROLE_OK, 0);
	cr_expect_eq(canvas_at(&c, 3, 0)->ch, ' ');
	cr_expect_eq(canvas_at(&c, 3, 0)->role, ROLE_OK);
	expect_invariants(&c);
	canvas_finish(&c);
}

Test(canvas, clipping_top_bottom_and_outside)
{
	struct canvas c;

	canvas_init(&c, 3, 2, CANVAS_GLYPHS_BRAILLE);
	canvas_text(&c, 0, -1, 3, "top", ROLE_DEFAULT, 0);
	canvas_text(&c, 0, 2, 3, "bot", ROLE_DEFAULT, 0);
	canvas_text(&c, 0, 1, 3, "ok", ROLE_DEFAULT, 0);
	canvas_put(&c, -1, 0, 'x', ROLE_DEFAULT, 0);
	canvas_put(&c, 3, 0, 'x', ROLE_DEFAULT, 0);
	canvas_put(&c, 0, -1, 'x', ROLE_DEFAULT, 0);
	canvas_put(&c, 0, 2, 'x', ROLE_DEFAULT, 0);
	expect_text(&c, "\nok\n");
	cr_expect_null(canvas_at(&c, -1, 0));
	cr_expect_null(canvas_at(&c, 0, 2));
	cr_expect_null(canvas_at(&c, 3, 0));
	cr_expect_not_null(canvas_at(&c, 2, 1));
	canvas_fill(&c, (struct rect){ -5, -5, 7, 6 }, '#', ROLE_DIM);
	expect_text(&c, "##\nok\n");
	canvas_fill(&c, (struct rect){ 1, 0, 2147483647, 2147483647 }, '+', ROLE_DIM);
	expect_text(&c, "#++\no++\n");
	canvas_fill(&c, (struct rect){ 0, 0, -1, 5 }, '!', ROLE_DIM);
	canvas_fill(&c, (struct rect){ 0, 0, 5, 0 }, '!', ROLE_DIM);
	expect_text(&c, "#++\no++\n");
	canvas_finish(&c);
}

Test(canvas, overwriting_half_a_wide_char)
{
	struct canvas c;

	canvas_init(&c, 6, 1, CANVAS_GLYPHS_BRAILLE);
	canvas_text(&c, 0, 0, 6, "漢字漢", ROLE_DEFAULT, 0);
	canvas_put(&c, 1, 0, 'x', ROLE_DEFAULT, 0);   /* right half of the first */
	canvas_put(&c, 2, 0, 'y', ROLE_DEFAULT, 0);   /* left half of the second */
	expect_text(&c, " xy 漢\n");
	canvas_put(&c, 3, 0, 0x5B57, ROLE_DEFAULT, 0);   /* a wide char over ' ' and the third's left */
	expect_text(&c, " xy字\n");
	expect_invariants(&c);
	canvas_put(&c, 0, 0, CANVAS_WIDE_NEXT, ROLE_DEFAULT, 0);   /* ignored */
	canvas_put(&c, 0, 0, 0x0301, ROLE_DEFAULT, 0);             /* combining: dropped */
	expect_text(&c, " xy字\n");
	expect_invariants(&c);
	canvas_finish(&c);
}

Test(canvas, controls_and_combining_marks)
{
	int u;
	char *row = draw_one(20, 0, 20, "a\x1b[31mb\x7f\xc2\x9b", CANVAS_GLYPHS_BRAILLE, &u);

	cr_expect_str_eq(row, "a\xef\xbf\xbd[31mb\xef\xbf\xbd\xef\xbf\xbd");
	cr_expect_eq(u, 9);
	free(row);
	row = draw_one(20, 0, 20, "a\xff" "b", CANVAS_GLYPHS_BRAILLE, &u);
	cr_expect_str_eq(row, "a\xef\xbf\xbd" "b");
	free(row);
	/* Combining marks take no column and are dropped: the cell holds one
	 * code point. */
	row = draw_one(20, 0, 20, "Ame\xcc\x81lie", CANVAS_GLYPHS_BRAILLE, &u);
	cr_expect_str_eq(row, "Amelie");
	cr_expect_eq(u, 6);
	free(row);
}

Test(canvas, ascii_glyphs_hold_only_ascii)
{
	int u;
	char *row = draw_one(20, 0, 20, "Müller 漢 ─│● ▶…\x1b", CANVAS_GLYPHS_ASCII, &u);

	cr_expect_str_eq(row, "M?ller ?? -|* >~?");
	cr_expect_eq(u, 17);
	free(row);
}

Test(canvas, right_aligned)
{
	struct canvas c;

	canvas_init(&c, 8, 3, CANVAS_GLYPHS_BRAILLE);
	cr_expect_eq(canvas_text_right(&c, 0, 0, 6, "abc", ROLE_DEFAULT, 0), 3);
	cr_expect_eq(canvas_text_right(&c, 0, 1, 4, "abcdefgh", ROLE_DEFAULT, 0), 4);
	cr_expect_eq(canvas_text_right(&c, 2, 2, 6, "漢字", ROLE_DEFAULT, 0), 4);
	expect_text(&c, "   abc\nabc…\n    漢字\n");
	canvas_finish(&c);
}

Test(canvas, printf_ignores_the_locale)
{
	struct canvas c;
	char big[600];

	canvas_init(&c, 12, 2, CANVAS_GLYPHS_BRAILLE);
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "de_DE.utf8")) {
		cr_expect_eq(canvas_printf(&c, 0, 0, 12, ROLE_OK, 0, "%.1f%%", 87.25), 5);
		setlocale(LC_NUMERIC, "C");
	} else {
		canvas_printf(&c, 0, 0, 12, ROLE_OK, 0, "%.1f%%", 87.25);
	}
	/* Longer than the internal buffer. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cr_expect_eq(canvas_printf(&c, 0, 1, 12, ROLE_OK, CELL_BOLD, "%s!", big), 12);
	expect_text(&c, "87.2%\nxxxxxxxxxxx…\n");
	cr_expect_eq(canvas_at(&c, 0, 0)->role, ROLE_OK);
	cr_expect_eq(canvas_at(&c, 0, 1)->attr, CELL_BOLD);
	canvas_finish(&c);
}

/* ---- Cells ---------------------------------------------------------------- */

Test(canvas, init_clear_resize_attr)
{
	struct canvas c;

	canvas_init(&c, 3, 2, CANVAS_GLYPHS_BLOCKS);
	cr_expect_eq(c.w, 3);
	cr_expect_eq(c.h, 2);
	cr_expect_eq(c.glyphs, CANVAS_GLYPHS_BLOCKS);
	expect_text(&c, "\n\n");
	canvas_text(&c, 0, 0, 3, "abc", ROLE_WARN, CELL_BOLD);
	canvas_attr(&c, (struct rect){ 1, 0, 5, 5 }, CELL_DIM);
	cr_expect_eq(canvas_at(&c, 0, 0)->attr, CELL_BOLD);
	cr_expect_eq(canvas_at(&c, 1, 0)->attr, CELL_BOLD | CELL_DIM);
	cr_expect_eq(canvas_at(&c, 1, 1)->attr, CELL_DIM);
	canvas_clear(&c);
	cr_expect_eq(canvas_at(&c, 1, 0)->ch, ' ');
	cr_expect_eq(canvas_at(&c, 1, 0)->attr, 0);
	cr_expect_eq(canvas_at(&c, 1, 0)->role, ROLE_DEFAULT);
	canvas_resize(&c, 5, 1);
	cr_expect_eq(c.w, 5);
	cr_expect_eq(c.h, 1);
	canvas_text(&c, 0, 0, 5, "hello", ROLE_DEFAULT, 0);
	expect_text(&c, "hello\n");
	canvas_resize(&c, 0, 0);
	expect_text(&c, "");
	canvas_text(&c, 0, 0, 5, "hello", ROLE_DEFAULT, 0);
	canvas_box(&c, (struct rect){ 0, 0, 3, 3 }, "x", ROLE_BORDER, ROLE_TITLE);
	canvas_resize(&c, -4, 3);
	cr_expect_eq(c.w, 0);
	canvas_finish(&c);
}

Test(canvas, fill_with_wide_chars)
{
	struct canvas c;

	canvas_init(&c, 5, 1, CANVAS_GLYPHS_BRAILLE);
	canvas_fill(&c, (struct rect){ 0, 0, 5, 1 }, 0x6F22, ROLE_DEFAULT);
	expect_text(&c, "漢漢\n");
	expect_invariants(&c);
	canvas_fill(&c, (struct rect){ 1, 0, 1, 1 }, '-', ROLE_DEFAULT);
	expect_text(&c, " -漢\n");
	expect_invariants(&c);
	canvas_finish(&c);
}

Test(canvas, to_text_trims_and_skips_continuations)
{
	struct canvas c;

	canvas_init(&c, 6, 3, CANVAS_GLYPHS_BRAILLE);
	canvas_text(&c, 1, 0, 6, "a b ", ROLE_DEFAULT, 0);
	canvas_text(&c, 0, 2, 6, "漢字 ", ROLE_DEFAULT, 0);
	canvas_put(&c, 5, 1, 0x2800, ROLE_DEFAULT, 0);   /* a blank braille cell is not trimmed */
	expect_text(&c, " a b\n     \xe2\xa0\x80\n漢字\n");
	canvas_finish(&c);
}

/* ---- Frames --------------------------------------------------------------- */

static void box_case(int cw, int ch, struct rect r, const char *title, enum canvas_glyphs g,
	const char *want)
{
	struct canvas c;

	canvas_init(&c, cw, ch, g);
	canvas_box(&c, r, title, ROLE_BORDER, ROLE_TITLE);
	expect_text(&c, want);
	expect_invariants(&c);
	canvas_finish(&c);
}

Test(canvas, box_sizes)
{
	box_case(3, 3, (struct rect){ 0, 0, 0, 0 }, NULL, CANVAS_GLYPHS_BRAILLE, "\n\n\n");
	box_case(3, 3, (struct rect){ 0, 0, 1, 1 }, "T", CANVAS_GLYPHS_BRAILLE, "─\n\n\n");
	box_case(3, 3, (struct rect){ 0, 0, 2, 2 }, "T", CANVAS_GLYPHS_BRAILLE, "╭╮\n╰╯\n\n");
	box_case(3, 3, (struct rect){ 0, 0, 3, 3 }, NULL, CANVAS_GLYPHS_BRAILLE, "╭─╮\n│ │\n╰─╯\n");
	box_case(3, 3, (struct rect){ 1, 0, 1, 3 }, "T", CANVAS_GLYPHS_BRAILLE, " │\n │\n │\n");
	box_case(4, 2, (struct rect){ 0, 0, 4, 2 }, NULL, CANVAS_GLYPHS_ASCII, "+--+\n+--+\n");
	box_case(3, 3, (struct rect){ 0, 0, 3, 3 }, NULL, CANVAS_GLYPHS_ASCII, "+-+\n| |\n+-+\n");
}

Test(canvas, box_titles)
{
	box_case(12, 2, (struct rect){ 0, 0, 12, 2 }, "Title", CANVAS_GLYPHS_BRAILLE,
		"╭─ Title ──╮\n╰──────────╯\n");
	box_case(8, 2, (struct rect){ 0, 0, 8, 2 }, "Title", CANVAS_GLYPHS_BRAILLE,
		"╭─ Ti… ╮\n╰──────╯\n");
	box_case(6, 2, (struct rect){ 0, 0, 6, 2 }, "Title", CANVAS_GLYPHS_BRAILLE,
		"╭─ … ╮\n╰────╯\n");
	box_case(5, 2, (struct rect){ 0, 0, 5, 2 }, "Title", CANVAS_GLYPHS_BRAILLE,
		"╭───╮\n╰───╯\n");
	box_case(12, 2, (struct rect){ 0, 0, 12, 2 }, "Title", CANVAS_GLYPHS_ASCII,
		"+- Title --+\n+----------+\n");
	box_case(10, 1, (struct rect){ 0, 0, 10, 1 }, "T", CANVAS_GLYPHS_BRAILLE, "── T ─────\n");
	box_case(12, 2, (struct rect){ 0, 0, 12, 2 }, "漢字漢字", CANVAS_GLYPHS_BRAILLE,
		"╭─ 漢字漢… ╮\n╰──────────╯\n");
}

Test(canvas, box_partly_outside)
{
	box_case(3, 3, (struct rect){ -1, -1, 4, 4 }, "Title", CANVAS_GLYPHS_BRAILLE,
		"  │\n  │\n──╯\n");
	box_case(3, 3, (struct rect){ 1, 1, 100, 100 }, "Title", CANVAS_GLYPHS_BRAILLE,
		"\n ╭─\n │\n");
	box_case(3, 3, (struct rect){ 2147483647 - 5, 0, 10, 2 }, "Title", CANVAS_GLYPHS_BRAILLE,
		"\n\n\n");
	box_case(3, 3, (struct rect){ -2147483647, -2147483647, 2147483647, 2147483647 }, "T",
		CANVAS_GLYPHS_BRAILLE, "\n\n\n");
}

Test(canvas, box_roles)
{
	struct canvas c;

	canvas_init(&c, 12, 2, CANVAS_GLYPHS_BRAILLE);
	canvas_box(&c, (struct rect){ 0, 0, 12, 2 }, "Title", ROLE_FOCUS, ROLE_TITLE);
	cr_expect_eq(canvas_at(&c, 0, 0)->role, ROLE_FOCUS);
	cr_expect_eq(canvas_at(&c, 2, 0)->role, ROLE_FOCUS);
	cr_expect_eq(canvas_at(&c, 3, 0)->role, ROLE_TITLE);
	cr_expect_eq(canvas_at(&c, 7, 0)->role, ROLE_TITLE);
	cr_expect_eq(canvas_at(&c, 8, 0)->role, ROLE_FOCUS);
	canvas_finish(&c);
}

/* ---- Bars ----------------------------------------------------------------- */

static void hbar_case(enum canvas_glyphs g, int w, double f, const char *want)
{
	struct canvas c;

	canvas_init(&c, 6, 1, g);
	canvas_hbar(&c, 1, 0, w, f, ROLE_OK, ROLE_DIM);
	expect_text(&c, want);
	canvas_finish(&c);
}

Test(canvas, hbar_fractions)
{
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, 0, " ····\n");
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, 0.5, " ██··\n");
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, 1, " ████\n");
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, 2.5, " ████\n");
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, -1, " ····\n");
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, NAN, "\n");
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, INFINITY, " ████\n");
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, 0.3, " █▎··\n");      /* 9.6 eighths -> 10 */
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, 0.001, " ▏···\n");    /* above zero shows */
	hbar_case(CANVAS_GLYPHS_BLOCKS, 4, 0.999, " ███▉\n");    /* below one is not full */
	hbar_case(CANVAS_GLYPHS_BRAILLE, 1, 0.5, " ▌\n");
	hbar_case(CANVAS_GLYPHS_BRAILLE, 8, 0.5, " ████·\n");    /* clipped at the edge */
	hbar_case(CANVAS_GLYPHS_BRAILLE, 0, 0.5, "\n");
	hbar_case(CANVAS_GLYPHS_ASCII, 4, 0, " ....\n");
	hbar_case(CANVAS_GLYPHS_ASCII, 4, 0.5, " ##..\n");
	hbar_case(CANVAS_GLYPHS_ASCII, 4, 1, " ####\n");
	hbar_case(CANVAS_GLYPHS_ASCII, 4, 0.01, " #...\n");
	hbar_case(CANVAS_GLYPHS_ASCII, 4, 0.99, " ###.\n");
	hbar_case(CANVAS_GLYPHS_ASCII, 4, NAN, "\n");
}

Test(canvas, hbar_roles_and_offscreen)
{
	struct canvas c;

	canvas_init(&c, 4, 1, CANVAS_GLYPHS_BLOCKS);
	canvas_hbar(&c, 0, 0, 4, 0.5, ROLE_OK, ROLE_DIM);
	cr_expect_eq(canvas_at(&c, 1, 0)->role, ROLE_OK);
	cr_expect_eq(canvas_at(&c, 2, 0)->role, ROLE_DIM);
	canvas_hbar(&c, -2, 0, 4, 0.5, ROLE_CRIT, ROLE_DIM);   /* cells -2..1: the fill is off */
	expect_text(&c, "····\n");
	canvas_hbar(&c, 0, 5, 4, 1, ROLE_CRIT, ROLE_DIM);
	canvas_hbar(&c, 2147483647 - 1, 0, 2147483647, 1, ROLE_CRIT, ROLE_DIM);
	expect_text(&c, "····\n");
	canvas_finish(&c);
}

/* ---- Sparklines ----------------------------------------------------------- */

static void spark_case(enum canvas_glyphs g, struct rect r, const double *v, size_t n,
	double lo, double hi, const char *want)
{
	struct canvas c;

	canvas_init(&c, r.w, r.h, g);
	canvas_sparkline(&c, r, v, n, lo, hi, ROLE_GRAPH);
	expect_text(&c, want);
	canvas_finish(&c);
}

Test(canvas, sparkline_blocks)
{
	static const double ramp[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const double gap[] = { 0, NAN, 7 };
	static const double tall[] = { 0, 7.5, 15 };
	static const double many[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 8, 1 }, ramp, 8, 0, 7, "▁▂▃▄▅▆▇█\n");
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 8, 1 }, ramp, 8, NAN, NAN,
		"▁▂▃▄▅▆▇█\n");
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 3, 1 }, gap, 3, NAN, NAN, "▁ █\n");
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 3, 2 }, tall, 3, 0, 15,
		" ▁█\n▁██\n");
	/* Fewer values than columns: right-aligned. More: the newest kept, and
	 * the range taken from those shown. */
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 5, 1 }, ramp + 6, 2, 0, 7, "   ▇█\n");
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 3, 1 }, many, 10, NAN, NAN, "▁▅█\n");
	/* Values outside a fixed range are clamped. */
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 4, 1 }, many + 4, 4, 5, 6, "▁▁██\n");
}

Test(canvas, sparkline_braille)
{
	static const double v[] = { 0, 1, 2, 3 };
	static const double one[] = { 5 };
	static const double tall[] = { 0, 7 };

	/* Heights 1..4 dots from the bottom: left column then right column. */
	spark_case(CANVAS_GLYPHS_BRAILLE, (struct rect){ 0, 0, 2, 1 }, v, 4, 0, 3, "⣠⣾\n");
	/* One value: the right column of the last cell, on the baseline. */
	spark_case(CANVAS_GLYPHS_BRAILLE, (struct rect){ 0, 0, 2, 1 }, one, 1, NAN, NAN, " ⢀\n");
	/* Two rows: 8 dot rows; 0 -> 1 dot, 7 -> 8 dots. */
	spark_case(CANVAS_GLYPHS_BRAILLE, (struct rect){ 0, 0, 1, 2 }, tall, 2, 0, 7, "⢸\n⣸\n");
}

Test(canvas, sparkline_ascii)
{
	static const double v[] = { 0, 1, 2, 3 };
	static const double tall[] = { 0, 3, 4, 7 };

	spark_case(CANVAS_GLYPHS_ASCII, (struct rect){ 0, 0, 4, 1 }, v, 4, 0, 3, ".-=#\n");
	spark_case(CANVAS_GLYPHS_ASCII, (struct rect){ 0, 0, 4, 2 }, tall, 4, 0, 7,
		"  .#\n.###\n");
}

Test(canvas, sparkline_degenerate)
{
	static const double nan3[] = { NAN, NAN, NAN };
	static const double flat[] = { 4, 4, 4 };
	static const double inf[] = { 1, INFINITY, -INFINITY, 3 };

	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 3, 1 }, nan3, 3, NAN, NAN, "\n");
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 3, 1 }, flat, 3, NAN, NAN, "▁▁▁\n");
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 3, 1 }, NULL, 5, NAN, NAN, "\n");
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 4, 1 }, inf, 4, NAN, NAN, "▁█▁█\n");
	spark_case(CANVAS_GLYPHS_BLOCKS, (struct rect){ 0, 0, 3, 1 }, flat, 3, 5, 1, "▁▁▁\n");
}

Test(canvas, sparkline_clears_its_area_and_clips)
{
	static const double v[] = { 0, 10 };
	struct canvas c;

	canvas_init(&c, 4, 2, CANVAS_GLYPHS_BLOCKS);
	canvas_fill(&c, (struct rect){ 0, 0, 4, 2 }, 'x', ROLE_DEFAULT);
	canvas_sparkline(&c, (struct rect){ 2, 1, 4, 3 }, v, 2, 0, 10, ROLE_GRAPH);
	/* Columns 2-5 of rows 1-3: the values sit in columns 4 and 5, off screen. */
	expect_text(&c, "xxxx\nxx\n");
	canvas_sparkline(&c, (struct rect){ -1, 0, 2, 1 }, v, 2, 0, 10, ROLE_GRAPH);
	expect_text(&c, "█xxx\nxx\n");
	cr_expect_eq(canvas_at(&c, 0, 0)->role, ROLE_GRAPH);
	canvas_finish(&c);
}

/* ---- Big digits ----------------------------------------------------------- */

Test(canvas, bigtext_rows)
{
	struct canvas c;

	canvas_init(&c, 20, BIGTEXT_HEIGHT, CANVAS_GLYPHS_BLOCKS);
	cr_expect_eq(canvas_bigtext(&c, 0, 0, "12.5%", ROLE_OK), 17);
	expect_text(&c,
		"██  ███   ███ █ █\n"
		" █    █   █     █\n"
		" █  ███   ███  █\n"
		" █  █       █ █\n"
		"███ ███ █ ███ █ █\n");
	cr_expect_eq(canvas_at(&c, 0, 0)->role, ROLE_OK);
	canvas_finish(&c);

	canvas_init(&c, 20, BIGTEXT_HEIGHT, CANVAS_GLYPHS_ASCII);
	cr_expect_eq(canvas_bigtext(&c, 1, 0, "0:-8", ROLE_OK), 13);
	expect_text(&c,
		" ###       ###\n"
		" # # #     # #\n"
		" # #   ### ###\n"
		" # # #     # #\n"
		" ###       ###\n");
	canvas_finish(&c);
}

Test(canvas, bigtext_width_and_unknown)
{
	struct canvas c;

	cr_expect_eq(bigtext_width(NULL), 0);
	cr_expect_eq(bigtext_width(""), 0);
	cr_expect_eq(bigtext_width("0"), 3);
	cr_expect_eq(bigtext_width("10"), 7);
	cr_expect_eq(bigtext_width("."), 1);
	cr_expect_eq(bigtext_width(":"), 1);
	cr_expect_eq(bigtext_width(" "), 2);
	cr_expect_eq(bigtext_width("87.5%"), 3 + 1 + 3 + 1 + 1 + 1 + 3 + 1 + 3);
	cr_expect_eq(bigtext_width("x"), 3);
	cr_expect_eq(bigtext_width("漢"), 3);
	cr_expect_eq(bigtext_width("e\xcc\x81"), 3);

	canvas_init(&c, 3, BIGTEXT_HEIGHT, CANVAS_GLYPHS_BRAILLE);
	cr_expect_eq(canvas_bigtext(&c, 0, 0, "x", ROLE_DEFAULT), 3);
	expect_text(&c, "███\n  █\n ██\n\n █\n");
	/* Clipped on every side without harm. */
	canvas_clear(&c);
	cr_expect_eq(canvas_bigtext(&c, -2, -3, "88", ROLE_DEFAULT), 7);
	expect_text(&c, "█ █\n█ █\n\n\n\n");
	cr_expect_eq(canvas_bigtext(&c, 2147483647 - 2, 0, "88", ROLE_DEFAULT), 7);
	canvas_finish(&c);
}

Test(canvas, utf8_seq_boundaries)
{
	static const struct { const char *s; size_t n, want; } cases[] = {
		{ "a", 1, 1 }, { "\xc3\xa9", 2, 2 }, { "\xe2\x82\xac", 3, 3 }, { "\xf0\x9f\x98\x80", 4, 4 },
		{ "\xf4\x8f\xbf\xbf", 4, 4 },   /* U+10FFFF */
		{ "\xc0\x80", 2, 0 },           /* overlong NUL */
		{ "\xe0\x80\x80", 3, 0 },       /* overlong */
		{ "\xf0\x80\x80\x80", 4, 0 },   /* overlong */
		{ "\xed\xa0\x80", 3, 0 },       /* surrogate U+D800 */
		{ "\xf4\x90\x80\x80", 4, 0 },   /* over U+10FFFF */
		{ "\xf5\x80\x80\x80", 4, 0 }, { "\x80", 1, 0 }, { "\xff", 1, 0 },
		{ "\xe2\x82\xac", 2, 0 },       /* truncated */
		{ "\xe2\x28\xac", 3, 0 },       /* bad continuation */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_expect_eq(utf8_seq(cases[i].s, cases[i].n), cases[i].want, "case %zu", i);
	}
}

/* A terminal may report 0x0 while it resizes: copying such a frame (what
 * the front end does after each blit) must not hand memcpy a NULL. */
Test(canvas, copy_any_size_even_0x0)
{
	struct canvas a, b;

	canvas_init(&a, 0, 0, CANVAS_GLYPHS_ASCII);
	canvas_init(&b, 3, 2, CANVAS_GLYPHS_ASCII);
	cr_assert_null(a.cells);
	canvas_copy(&b, &a);
	cr_assert_eq(b.w, 0);
	cr_assert_eq(b.h, 0);
	canvas_copy(&a, &b);
	cr_assert_eq(a.w, 0);
	canvas_resize(&a, 4, 1);
	canvas_text(&a, 0, 0, 4, "abcd", ROLE_DEFAULT, 0);
	canvas_copy(&b, &a);
	cr_assert_eq(b.w, 4);
	cr_assert_eq(canvas_at(&b, 3, 0)->ch, 'd');
	canvas_finish(&a);
	canvas_finish(&b);
}
