/*
 * Aborting allocators. Out of memory is not a recoverable condition for a
 * dashboard: these never return NULL. Before aborting they run the fatal hook
 * (the terminal front end registers one that restores the terminal), then
 * print a message and abort.
 */
#ifndef MS5TOP_XALLOC_H
#define MS5TOP_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of nmemb elements to at least want elements, doubling; returns
 * the new pointer and updates *cap. Aborts on overflow. */
void *xgrow(void *p, size_t *cap, size_t want, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A printf into a fresh string that the caller owns. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Replaces *dst (freed) with a copy of src (NULL allowed). */
void xstrset(char **dst, const char *src);

/* Registers the function that ms5_fatal and the allocators call before they
 * print and abort (for example, endwin()). NULL removes it. */
void ms5_set_fatal_hook(void (*hook)(void));
_Noreturn void ms5_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
