/*
 * The key bindings and the filter line. See keys.h.
 */
#include "ms5top/keys.h"

#include <string.h>

#include "ms5top/utf8.h"

/* In the order the help lists them. */
const struct key_binding key_bindings[] = {
	{ ACT_VIEW, { '1', '2', '3' }, "1 2 3", "floor, ops, exec view", true },
	{ ACT_NEXT_PANEL, { '\t', KEYCODE_RIGHT, KEYCODE_DOWN }, "Tab / arrows",
	  "move between panels", false },
	{ ACT_PREV_PANEL, { KEYCODE_BACKTAB, KEYCODE_LEFT, KEYCODE_UP }, NULL,
	  "move back between panels", false },
	{ ACT_ZOOM, { '\n', '\r', KEYCODE_ENTER }, "Enter", "zoom the panel (again: back)", false },
	{ ACT_SCROLL_DOWN, { KEYCODE_PAGE_DOWN, 'J' }, "PgUp / PgDn", "scroll the panel's rows",
	  false },
	{ ACT_SCROLL_UP, { KEYCODE_PAGE_UP, 'K' }, NULL, "scroll the panel's rows back", false },
	{ ACT_SORT, { 's' }, "s", "sort a table by the next column", false },
	{ ACT_FILTER, { '/' }, "/", "filter lines, equipment, text (Esc clears)", true },
	{ ACT_CLEAR, { KEYCODE_ESC }, NULL, "clear the filter and the zoom", false },
	{ ACT_PAUSE, { 'p' }, "p", "pause updates", false },
	{ ACT_REFRESH, { 'r' }, "r", "refresh now", false },
	{ ACT_RANGE, { 't' }, "t", "cycle the time range", false },
	{ ACT_HELP, { '?', 'h' }, "?", "this help", false },
	{ ACT_QUIT, { 'q', 'Q' }, "q", "quit", true },
	{ ACT_CLICK, { KEYCODE_MOUSE }, NULL, "focus the panel clicked", false },
};

const size_t key_binding_count = sizeof(key_bindings) / sizeof(key_bindings[0]);

const struct key_binding *key_binding_of(int key, size_t *index)
{
	for (size_t i = 0; key && i < key_binding_count; i++) {
		for (size_t k = 0; k < KEY_BINDING_KEYS && key_bindings[i].keys[k]; k++) {
			if (key_bindings[i].keys[k] == key) {
				if (index) {
					*index = k;
				}
				return &key_bindings[i];
			}
		}
	}
	return NULL;
}

bool key_edit_filter(char *buf, size_t size, int key, bool *cleared)
{
	size_t n = strlen(buf);
	char mb[4];
	size_t len;

	*cleared = false;
	if (key == KEYCODE_ESC) {
		buf[0] = '\0';
		*cleared = true;
		return false;
	}
	if (key == '\n' || key == '\r' || key == KEYCODE_ENTER) {
		return false;
	}
	if (key == KEYCODE_BACKSPACE || key == 127 || key == 8) {
		/* Drop one UTF-8 character. */
		while (n > 0 && ((unsigned char)buf[--n] & 0xC0) == 0x80) {
		}
		buf[n] = '\0';
		return true;
	}
	if (key < 32 || key >= KEYCODE_SPECIAL || (key >= 0xD800 && key <= 0xDFFF)) {
		return true;
	}
	/* A character, whatever its code point: U+00E9 is two bytes, not one. */
	len = utf8_encode((uint32_t)key, mb);
	if (len > 0 && n + len < size) {
		memcpy(buf + n, mb, len);
		buf[n + len] = '\0';
	}
	return true;
}
