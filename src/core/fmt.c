/*
 * Locale-independent formatting. See fmt.h.
 *
 * snprintf follows LC_NUMERIC, so formatting runs under a private "C"
 * locale object selected with uselocale() for the duration of the call
 * (thread-local, POSIX 2008); the process locale is left alone.
 */
#include "ms5top/fmt.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "ms5top/xalloc.h"

static locale_t c_locale(void)
{
	static locale_t c;   /* Created once, never freed: a cache, not state. */

	if (!c) {
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
		if (!c) {
			ms5_fatal("cannot create the C locale");
		}
	}
	return c;
}

int fmt_vc(char *buf, size_t size, const char *fmt, va_list ap)
{
	locale_t old = uselocale(c_locale());
	int n = vsnprintf(buf, size, fmt, ap);

	uselocale(old);
	return n;
}

char *fmt_c(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vc(buf, size, fmt, ap);
	va_end(ap);
	return buf;
}

char *fmt_number(char *buf, size_t size, double v)
{
	if (isnan(v)) {
		return fmt_c(buf, size, "NaN");
	}
	if (isinf(v)) {
		return fmt_c(buf, size, "%s", v > 0 ? "+Inf" : "-Inf");
	}
	return fmt_c(buf, size, "%.15g", v);
}

char *fmt_duration(char *buf, size_t size, double seconds)
{
	long long s = seconds > 0 && seconds < 1e15 ? (long long)seconds : 0;

	if (s < 60) {
		return fmt_c(buf, size, "%llds", s);
	}
	if (s < 3600) {
		return fmt_c(buf, size, "%lldm%02llds", s / 60, s % 60);
	}
	if (s < 86400) {
		return fmt_c(buf, size, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	}
	return fmt_c(buf, size, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
}
