#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/strbuf.h"

Test(strbuf, grows_and_terminates)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	cr_assert_str_eq(strbuf_str(&sb), "");
	for (int i = 0; i < 1000; i++) {
		cr_assert(strbuf_printf(&sb, "%d,", i % 10));
	}
	cr_assert_eq(sb.len, 2000);
	cr_assert_eq(sb.data[sb.len], '\0');
	cr_assert_eq(strncmp(sb.data, "0,1,2,", 6), 0);
	strbuf_finish(&sb);
}

Test(strbuf, cap_refuses_and_keeps_contents)
{
	struct strbuf sb;

	strbuf_init(&sb, 10);
	cr_assert(strbuf_puts(&sb, "0123456789"));
	cr_assert_not(strbuf_putc(&sb, 'x'));
	cr_assert_not(strbuf_printf(&sb, "%s", "y"));
	cr_assert_str_eq(strbuf_str(&sb), "0123456789");
	strbuf_reset(&sb);
	cr_assert_eq(sb.len, 0);
	cr_assert(strbuf_puts(&sb, "abc"));
	strbuf_finish(&sb);
}

Test(strbuf, a_50_mb_body_is_rejected_at_a_16_mb_cap)
{
	struct strbuf sb;
	size_t chunk = 64 * 1024, sent = 0;
	char *block = malloc(chunk);

	memset(block, '[', chunk);
	strbuf_init(&sb, 16u * 1024 * 1024);
	while (sent < 50u * 1024 * 1024 && strbuf_append(&sb, block, chunk)) {
		sent += chunk;
	}
	cr_assert_eq(sent, 16u * 1024 * 1024);
	cr_assert_eq(sb.len, 16u * 1024 * 1024);
	strbuf_finish(&sb);
	free(block);
}

Test(strbuf, steal_hands_over)
{
	struct strbuf sb;
	char *s;

	strbuf_init(&sb, 0);
	s = strbuf_steal(&sb);
	cr_assert_str_eq(s, "");
	free(s);
	strbuf_puts(&sb, "hi");
	s = strbuf_steal(&sb);
	cr_assert_str_eq(s, "hi");
	cr_assert_null(sb.data);
	free(s);
}
