/*
 * Secrets wiped one way. Every copy of a token, password, Authorization
 * value, header value, login body or URL that carries a token is released
 * through this module, so that no freed heap block keeps the secret.
 *
 * Contract:
 * - secret_wipe(p, n) zeroes n bytes with explicit_bzero(), which the
 *   compiler may not remove the way it may remove a memset() before free().
 * - secret_free(s) wipes strlen(s) + 1 bytes of a NUL-terminated string and
 *   frees it; secret_free_n(p, n) does the same for a buffer of n bytes
 *   (binary data, or a string whose length is known). Both accept NULL.
 * - secret_strbuf_finish(sb) wipes all sb->cap bytes of a strbuf (the
 *   unused tail may hold a longer, earlier content) and finishes it.
 *
 * Not covered: copies that libraries make inside themselves (curl's copy of
 * CURLOPT_PASSWORD and of COPYPOSTFIELDS, lws's copy of the connect path),
 * and the old block a realloc() leaves behind when a buffer grows.
 *
 * The hook: when secret_free_hook is set (tests do; production never does),
 * secret_free and secret_free_n call it with the block and its wiped length
 * after the wipe and before free(), so a test can see that the bytes the
 * real code path hands to free() are zero. It costs one NULL test per call.
 */
#ifndef MS5TOP_SECRET_H
#define MS5TOP_SECRET_H

#include <stddef.h>

struct strbuf;

void secret_wipe(void *p, size_t n);
void secret_free(char *s);
void secret_free_n(void *p, size_t n);
void secret_strbuf_finish(struct strbuf *sb);

/* For tests only; see above. NULL by default. */
extern void (*secret_free_hook)(const void *p, size_t n);

#endif
