/*
 * libFuzzer target for theme files and the text path of the canvas. Each
 * input is parsed as a theme; besides the sanitizers' checks it asserts the
 * promises of theme.h: messages and warnings are sanitised (text.h) and name the
 * theme, a failed parse leaves the built-in theme. The same bytes are then
 * drawn as text (NUL-terminated copy) on a small canvas in every glyph set
 * and written out with canvas_to_ansi at every depth: the cells must keep the
 * canvas invariants, and the output must hold no control byte but ESC in an
 * SGR sequence and the row ends.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/text.h"
#include "ms5top/theme.h"
#include "ms5top/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_message(const char *m)
{
	size_t n = strnlen(m, 512);

	if (n == 512 || strncmp(m, "theme fuzz", 10) != 0) {
		abort();
	}
	/* The text.h rule: valid UTF-8 without control characters. */
	for (size_t i = 0, k; i < n; i += k) {
		uint32_t cp;

		k = utf8_seq(m + i, n - i);
		if (k == 0) {
			abort();
		}
		utf8_decode(m + i, n - i, &cp);
		if (text_is_control(cp)) {
			abort();
		}
	}
}

static void check_canvas(const struct canvas *c)
{
	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++) {
			uint32_t ch = canvas_at(c, x, y)->ch;

			if (ch == CANVAS_WIDE_NEXT) {
				if (x == 0 || uc_width(canvas_at(c, x - 1, y)->ch) != 2) {
					abort();
				}
				continue;
			}
			if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0) || uc_width(ch) == 0 ||
				(c->glyphs == CANVAS_GLYPHS_ASCII && ch >= 0x7F)) {
				abort();
			}
			if (uc_width(ch) == 2 &&
				(x + 1 >= c->w || canvas_at(c, x + 1, y)->ch != CANVAS_WIDE_NEXT)) {
				abort();
			}
		}
	}
}

static void check_ansi(const struct strbuf *sb)
{
	for (size_t i = 0; i < sb->len; i++) {
		unsigned char ch = (unsigned char)sb->data[i];

		if (ch == 0x1B) {
			if (i + 1 >= sb->len || sb->data[i + 1] != '[') {
				abort();
			}
			i++;
			while (i + 1 < sb->len && ((sb->data[i + 1] >= '0' && sb->data[i + 1] <= '9') ||
				sb->data[i + 1] == ';')) {
				i++;
			}
			if (i + 1 >= sb->len || sb->data[i + 1] != 'm') {
				abort();
			}
			i++;
		} else if ((ch < 0x20 && ch != '\n') || ch == 0x7F) {
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum color_depth depths[] = { COLOR_DEPTH_NONE, COLOR_DEPTH_8, COLOR_DEPTH_16,
		COLOR_DEPTH_256, COLOR_DEPTH_TRUECOLOR };
	struct theme t;
	struct ms5_error err = { "" };
	char *text;

	if (theme_parse((const char *)data, size, "fuzz", &t, &err)) {
		size_t kept = t.n_warnings < THEME_MAX_WARNINGS ? t.n_warnings : THEME_MAX_WARNINGS;

		for (size_t i = 0; i < kept; i++) {
			check_message(t.warnings[i]);
		}
	} else {
		struct theme def;

		check_message(err.msg);
		theme_builtin(&def);
		if (t.n_warnings != 0 || memcmp(t.fg, def.fg, sizeof(t.fg)) != 0 ||
			memcmp(t.attr, def.attr, sizeof(t.attr)) != 0) {
			abort();
		}
	}

	text = malloc(size + 1);
	if (!text) {
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	for (int g = CANVAS_GLYPHS_BRAILLE; g <= CANVAS_GLYPHS_ASCII; g++) {
		struct canvas c;
		int used;

		canvas_init(&c, 13, 3, (enum canvas_glyphs)g);
		used = canvas_text(&c, -1, 0, 14, text, ROLE_OK, CELL_BOLD);
		if (used < 0 || used > 14) {
			abort();
		}
		canvas_text_right(&c, 0, 1, 13, text, ROLE_CRIT, 0);
		canvas_box(&c, (struct rect){ 0, 0, 13, 3 }, text, ROLE_BORDER, ROLE_TITLE);
		canvas_bigtext(&c, 2, -1, text, ROLE_GRAPH);
		check_canvas(&c);
		for (size_t d = 0; d < sizeof(depths) / sizeof(depths[0]); d++) {
			struct strbuf sb;

			strbuf_init(&sb, 0);
			canvas_to_ansi(&c, &t, depths[d], &sb);
			check_ansi(&sb);
			strbuf_finish(&sb);
		}
		canvas_finish(&c);
	}
	if (text_width(text) < 0) {
		abort();
	}
	free(text);
	return 0;
}
