#include "ms5top/err.h"

#include <stdarg.h>
#include <stdio.h>

bool ms5_error_set(struct ms5_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return false;
}
