/*
 * A growable byte buffer with a hard cap (curl's dynbuf idea). An append that
 * would take the buffer past its cap fails and leaves the buffer as it was, so
 * a hostile peer cannot make us allocate without bound. The data is always
 * NUL-terminated (the NUL is not counted in len), so it may be printed, but
 * it is length-counted and may hold NULs.
 */
#ifndef MS5TOP_STRBUF_H
#define MS5TOP_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *data;   /* NULL until the first append; NUL-terminated after. */
	size_t len;   /* Bytes held, without the terminating NUL. */
	size_t cap;   /* Bytes allocated. */
	size_t max;   /* Hard cap on len; 0 means no cap. */
};

void strbuf_init(struct strbuf *sb, size_t max);
void strbuf_finish(struct strbuf *sb);   /* Frees; the buffer may be reused after init. */
void strbuf_reset(struct strbuf *sb);    /* Empties, keeps the allocation. */
/* Returns false (and appends nothing) when the cap would be exceeded. */
bool strbuf_append(struct strbuf *sb, const void *p, size_t n);
bool strbuf_puts(struct strbuf *sb, const char *s);
bool strbuf_putc(struct strbuf *sb, char c);
bool strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Returns the NUL-terminated contents ("" when empty); never NULL. */
const char *strbuf_str(const struct strbuf *sb);
/* Hands the allocation to the caller (never NULL) and re-initialises sb. */
char *strbuf_steal(struct strbuf *sb);

/* "a, b, c": the names of a table's rows joined into buf, for messages
 * that list what is allowed. Each row is a struct whose first member is
 * its `const char *name` (panel classes, source types). Returns buf. */
const char *strbuf_join_names(char *buf, size_t size, const void *const *rows, size_t n);

#endif
