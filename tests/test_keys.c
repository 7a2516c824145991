/*
 * The binding table and the filter line (keys.h).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "ms5top/keys.h"

Test(keys, every_key_has_one_action)
{
	for (size_t i = 0; i < key_binding_count; i++) {
		const struct key_binding *b = &key_bindings[i];

		cr_assert_not_null(b->help);
		cr_assert_neq(b->keys[0], 0, "binding %zu has no key", i);
		for (size_t k = 0; k < KEY_BINDING_KEYS && b->keys[k]; k++) {
			size_t nth = 99;

			cr_assert_eq(key_binding_of(b->keys[k], &nth), b, "key %d bound twice", b->keys[k]);
			cr_assert_eq(nth, k);
		}
	}
	cr_assert_null(key_binding_of('x', NULL));
	cr_assert_null(key_binding_of(0, NULL));
}

Test(keys, views_by_position)
{
	size_t nth;

	cr_assert_eq(key_binding_of('3', &nth)->action, ACT_VIEW);
	cr_assert_eq(nth, 2);
	cr_assert_eq(key_binding_of(KEYCODE_UP, NULL)->action, ACT_PREV_PANEL);
	cr_assert(key_binding_of('q', NULL)->kiosk_locked);
	cr_assert_not(key_binding_of('p', NULL)->kiosk_locked);
}

/* Code points 128-255 are characters, not bytes: é is two bytes of UTF-8
 * (the filter used to store 0xE9 alone, which matched nothing). */
Test(keys, filter_takes_characters)
{
	char f[16] = "";
	bool cleared;

	cr_assert(key_edit_filter(f, sizeof(f), 'L', &cleared));
	cr_assert(key_edit_filter(f, sizeof(f), 0xE9, &cleared));
	cr_assert_str_eq(f, "L\xc3\xa9");
	cr_assert(key_edit_filter(f, sizeof(f), 0x30EF, &cleared));   /* ワ */
	cr_assert_str_eq(f, "L\xc3\xa9\xe3\x83\xaf");
	cr_assert(key_edit_filter(f, sizeof(f), KEYCODE_BACKSPACE, &cleared));
	cr_assert_str_eq(f, "L\xc3\xa9");
	cr_assert(key_edit_filter(f, sizeof(f), 127, &cleared));
	cr_assert_str_eq(f, "L");
	/* Control characters, surrogates and special keys add nothing. */
	cr_assert(key_edit_filter(f, sizeof(f), 7, &cleared));
	cr_assert(key_edit_filter(f, sizeof(f), 0xD800, &cleared));
	cr_assert(key_edit_filter(f, sizeof(f), KEYCODE_UP, &cleared));
	cr_assert_str_eq(f, "L");
	/* Enter keeps it, Esc clears it. */
	cr_assert_not(key_edit_filter(f, sizeof(f), '\n', &cleared));
	cr_assert_not(cleared);
	cr_assert_str_eq(f, "L");
	cr_assert_not(key_edit_filter(f, sizeof(f), KEYCODE_ESC, &cleared));
	cr_assert(cleared);
	cr_assert_str_eq(f, "");
}

Test(keys, filter_never_overflows)
{
	char f[4] = "";
	bool cleared;

	for (int i = 0; i < 10; i++) {
		key_edit_filter(f, sizeof(f), 0xE9, &cleared);
	}
	cr_assert_str_eq(f, "\xc3\xa9");   /* a third would need 6 bytes + NUL */
	key_edit_filter(f, sizeof(f), 'a', &cleared);
	cr_assert_str_eq(f, "\xc3\xa9" "a");
}
