/*
 * A capped growable buffer. See strbuf.h.
 */
#include "ms5top/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/xalloc.h"

void strbuf_init(struct strbuf *sb, size_t max)
{
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->max = max;
}

void strbuf_finish(struct strbuf *sb)
{
	free(sb->data);
	strbuf_init(sb, sb->max);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->data) {
		sb->data[0] = '\0';
	}
}

/* Makes room for n more bytes plus the NUL, respecting the cap. */
static bool reserve(struct strbuf *sb, size_t n)
{
	size_t need;

	if (n > (size_t)-1 - sb->len - 1 || (sb->max && sb->len + n > sb->max)) {
		return false;
	}
	need = sb->len + n + 1;
	if (need > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 64;

		while (cap < need) {
			cap = cap > (size_t)-1 / 2 ? need : cap * 2;
		}
		sb->data = xrealloc(sb->data, cap);
		sb->cap = cap;
	}
	return true;
}

bool strbuf_append(struct strbuf *sb, const void *p, size_t n)
{
	if (!reserve(sb, n)) {
		return false;
	}
	if (n) {
		memcpy(sb->data + sb->len, p, n);
	}
	sb->len += n;
	sb->data[sb->len] = '\0';
	return true;
}

bool strbuf_puts(struct strbuf *sb, const char *s)
{
	return strbuf_append(sb, s, strlen(s));
}

bool strbuf_putc(struct strbuf *sb, char c)
{
	return strbuf_append(sb, &c, 1);
}

bool strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(sb, (size_t)n)) {
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return true;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->data ? sb->data : "";
}

char *strbuf_steal(struct strbuf *sb)
{
	char *p = sb->data ? sb->data : xstrdup("");

	strbuf_init(sb, sb->max);
	return p;
}

const char *strbuf_join_names(char *buf, size_t size, const void *const *rows, size_t n)
{
	size_t used = 0;

	if (size == 0) {
		return buf;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		const char *name = *(const char *const *)rows[i];
		int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", name);

		used += w > 0 ? (size_t)w : 0;
	}
	return buf;
}
