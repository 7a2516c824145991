/*
 * The key bindings: one table of key, action and help text that drives the
 * interactive view's key handler, the help overlay and the KEYS section of
 * ms5top(1). The front end translates its terminal's key codes into these
 * (characters are their Unicode code points; special keys lie above
 * Unicode) and acts on the action it gets back.
 *
 * Also the filter line's editing, which is pure: a key in, the text out.
 */
#ifndef MS5TOP_KEYS_H
#define MS5TOP_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum {
	KEYCODE_ESC = 27,
	KEYCODE_SPECIAL = 0x110000,   /* above every Unicode code point */
	KEYCODE_UP = KEYCODE_SPECIAL,
	KEYCODE_DOWN,
	KEYCODE_LEFT,
	KEYCODE_RIGHT,
	KEYCODE_BACKTAB,
	KEYCODE_ENTER,
	KEYCODE_PAGE_UP,
	KEYCODE_PAGE_DOWN,
	KEYCODE_BACKSPACE,
	KEYCODE_MOUSE,
};

enum key_action {
	ACT_NONE = 0,
	ACT_VIEW,          /* the n-th key of the binding picks the n-th view */
	ACT_NEXT_PANEL,
	ACT_PREV_PANEL,
	ACT_ZOOM,
	ACT_SCROLL_DOWN,
	ACT_SCROLL_UP,
	ACT_SORT,
	ACT_FILTER,
	ACT_CLEAR,         /* clear the filter and the zoom */
	ACT_PAUSE,
	ACT_REFRESH,
	ACT_RANGE,
	ACT_HELP,
	ACT_QUIT,
	ACT_CLICK,
};

#define KEY_BINDING_KEYS 4

struct key_binding {
	enum key_action action;
	int keys[KEY_BINDING_KEYS];  /* 0-ended */
	const char *label;           /* as the help shows the keys; NULL: not listed */
	const char *help;            /* what it does */
	bool kiosk_locked;           /* refused in kiosk mode */
};

extern const struct key_binding key_bindings[];
extern const size_t key_binding_count;

/* The binding of a key, or NULL; *index is the key's place in it. */
const struct key_binding *key_binding_of(int key, size_t *index);

/* Edits the filter line (buf of size bytes, UTF-8) with one key: a
 * character is appended as UTF-8, backspace drops the last character.
 * Returns false when the key ends the editing (Enter keeps the text, Esc
 * clears it); *cleared tells which. */
bool key_edit_filter(char *buf, size_t size, int key, bool *cleared);

#endif
