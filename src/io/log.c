/*
 * The debug log. See log.h.
 */
#include "log.h"

#include <stdarg.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static FILE *log_fp;

bool log_open(const char *path)
{
	FILE *fp = fopen(path, "a");

	if (!fp) {
		return false;
	}
	setvbuf(fp, NULL, _IOLBF, 0);
	log_close();
	log_fp = fp;
	return true;
}

void log_close(void)
{
	if (log_fp) {
		fclose(log_fp);
		log_fp = NULL;
	}
}

FILE *log_stream(void)
{
	return log_fp;
}

void log_msg(const char *fmt, ...)
{
	struct timeval tv;
	struct tm tm;
	char stamp[32];
	va_list ap;

	if (!log_fp) {
		return;
	}
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(log_fp, "%s.%03dZ ", stamp, (int)(tv.tv_usec / 1000));
	va_start(ap, fmt);
	vfprintf(log_fp, fmt, ap);
	va_end(ap);
	fputc('\n', log_fp);
}

const char *log_redact_url(const char *url, char *buf, size_t size)
{
	static const char *const secret[] = { "token=", "access_token=", "password=" };
	size_t o = 0;
	const char *p = url;

	if (size == 0) {
		return buf;
	}
	while (*p && o + 1 < size) {
		bool hidden = false;

		if (p == url || p[-1] == '?' || p[-1] == '&') {
			for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++) {
				size_t n = strlen(secret[i]);

				if (strncmp(p, secret[i], n) == 0) {
					int w = snprintf(buf + o, size - o, "%s***", secret[i]);

					o += (size_t)w < size - o ? (size_t)w : size - o - 1;
					p += n + strcspn(p + n, "&#");
					hidden = true;
					break;
				}
			}
		}
		if (!hidden) {
			buf[o++] = *p++;
		}
	}
	buf[o] = '\0';
	return buf;
}
