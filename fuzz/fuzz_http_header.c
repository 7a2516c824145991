/*
 * libFuzzer target for the extra HTTP headers ms5top sends on every
 * request (--header 'Name: value', MS5TOP_HEADERS, one per line). http.c
 * parses no response headers (it reads only the status code from curl),
 * so what stands between untrusted text and the wire is the config's
 * header check; config.c keeps it private, so the target drives it the
 * way ms5top does: through config_parse_args and config_apply_env.
 *
 * Besides the sanitizers' checks it asserts what http.c relies on when it
 * hands the lines to curl: an accepted header is one line, "Name: value"
 * with a name of RFC 9110 token characters, one ": " and a value with no
 * blanks around it and no control character but TAB; a refused one sets a
 * printable message that never shows the value (headers carry
 * credentials); and at most MS5_MAX_HEADERS are kept.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/config.h"
#include "ms5top/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A value tail no header name or message can hold by chance. */
#define SECRET "s3cr3t-7f3a9c"

static bool tchar(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		(ch && strchr("!#$%&'*+-.^_`|~", ch));
}

static void check_header(const char *h)
{
	const char *colon = strchr(h, ':');
	size_t n;

	if (!colon || colon == h || colon[1] != ' ' || !colon[2]) {
		abort();
	}
	for (const char *p = h; p < colon; p++) {
		if (!tchar(*p)) {
			abort();
		}
	}
	n = strlen(colon + 2);
	if (colon[2] == ' ' || colon[2] == '\t' || colon[1 + n] == ' ' || colon[1 + n] == '\t') {
		abort();
	}
	for (const unsigned char *p = (const unsigned char *)colon + 2; *p; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			abort();
		}
	}
}

static void check_message(const struct ms5_error *err, bool secret)
{
	size_t n = strnlen(err->msg, sizeof(err->msg));

	if (n == 0 || n == sizeof(err->msg) || (secret && strstr(err->msg, SECRET))) {
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)err->msg[i] < 0x20 || err->msg[i] == 0x7f) {
			abort();
		}
	}
}

static void check_config(const struct ms5_config *c, bool ok, const struct ms5_error *err,
	bool secret)
{
	if (c->n_headers > MS5_MAX_HEADERS) {
		abort();
	}
	for (size_t i = 0; i < c->n_headers; i++) {
		check_header(c->headers[i]);
	}
	if (!ok) {
		check_message(err, secret);
	}
}

/* One header through the flag; secret: the value ends in SECRET. */
static void through_flag(const char *v, bool secret)
{
	char *argv[] = { "ms5top", "--header", (char *)v, NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };
	bool ok;

	config_init(&c);
	ok = config_parse_args(&c, 3, argv, &err);
	check_config(&c, ok, &err, secret);
	if (ok && c.n_headers != 1) {
		abort();
	}
	config_finish(&c);
}

/* Every line a header, through the environment. */
static void through_env(const char *v)
{
	char *var = xasprintf("MS5TOP_HEADERS=%s", v);
	char *envp[] = { var, NULL };
	struct ms5_config c;
	struct ms5_error err = { "" };

	config_init(&c);
	check_config(&c, config_apply_env(&c, envp, &err), &err, false);
	config_finish(&c);
	free(var);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v = malloc(size + 1);
	char *with_secret;

	memcpy(v, data, size);
	v[size] = '\0';   /* a NUL ends the text, as in argv and the environment */
	through_flag(v, false);
	through_env(v);
	with_secret = xasprintf("%s" SECRET, v);
	/* (An input that spells SECRET itself may have it in the name.) */
	if (strchr(v, ':') && !strstr(v, SECRET)) {
		through_flag(with_secret, true);
	}
	free(with_secret);
	free(v);
	return 0;
}
