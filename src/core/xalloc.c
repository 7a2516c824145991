/*
 * Aborting allocators and the fatal-error path. See xalloc.h.
 */
#include "ms5top/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*fatal_hook)(void);

void ms5_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

_Noreturn void ms5_fatal(const char *fmt, ...)
{
	va_list ap;

	if (fatal_hook) {
		void (*hook)(void) = fatal_hook;
		fatal_hook = NULL;   /* A failing hook must not recurse. */
		hook();
	}
	fputs("ms5top: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		ms5_fatal("out of memory (%zu bytes)", n);
	}
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p) {
		ms5_fatal("out of memory (%zu x %zu bytes)", nmemb, size);
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		ms5_fatal("out of memory (%zu bytes)", n);
	}
	return q;
}

void *xgrow(void *p, size_t *cap, size_t want, size_t size)
{
	size_t n = *cap ? *cap : 8;

	if (want <= *cap) {
		return p;
	}
	while (n < want) {
		if (n > SIZE_MAX / 2) {
			ms5_fatal("array size overflow");
		}
		n *= 2;
	}
	if (size && n > SIZE_MAX / size) {
		ms5_fatal("array size overflow");
	}
	*cap = n;
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *s;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_end(ap2);
		ms5_fatal("xasprintf: bad format");
	}
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return s;
}

void xstrset(char **dst, const char *src)
{
	char *copy = src ? xstrdup(src) : NULL;

	free(*dst);
	*dst = copy;
}
