/*
 * Wiping secrets before their memory is freed. See secret.h.
 */
#include "ms5top/secret.h"

#include <stdlib.h>
#include <string.h>

#include "ms5top/strbuf.h"

void (*secret_free_hook)(const void *p, size_t n);

void secret_wipe(void *p, size_t n)
{
	if (p && n) {
		explicit_bzero(p, n);
	}
}

void secret_free_n(void *p, size_t n)
{
	if (!p) {
		return;
	}
	secret_wipe(p, n);
	if (secret_free_hook) {
		secret_free_hook(p, n);
	}
	free(p);
}

void secret_free(char *s)
{
	if (s) {
		secret_free_n(s, strlen(s) + 1);
	}
}

void secret_strbuf_finish(struct strbuf *sb)
{
	if (sb->data) {
		secret_free_n(sb->data, sb->cap);
		sb->data = NULL;
	}
	strbuf_finish(sb);
}
