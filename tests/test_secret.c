/*
 * secret.h: every block that secret_free hands to free() is zero. The hook
 * sees the bytes after the wipe and before free(), so these tests look at
 * what the real code path releases, in the module and in config.c.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ms5top/config.h"
#include "ms5top/secret.h"
#include "ms5top/strbuf.h"

#define SEEN_MAX 256

static size_t seen_n[SEEN_MAX];
static bool seen_zero[SEEN_MAX];
static size_t n_seen;

static void hook(const void *p, size_t n)
{
	const unsigned char *b = p;
	bool zero = true;

	for (size_t i = 0; i < n; i++) {
		zero = zero && b[i] == 0;
	}
	if (n_seen < SEEN_MAX) {
		seen_n[n_seen] = n;
		seen_zero[n_seen] = zero;
	}
	n_seen++;
}

static void setup(void)
{
	n_seen = 0;
	secret_free_hook = hook;
}

static void teardown(void)
{
	secret_free_hook = NULL;
}

/* True when some hooked block had n bytes; every block must be zero. */
static bool saw(size_t n)
{
	bool found = false;

	for (size_t i = 0; i < n_seen && i < SEEN_MAX; i++) {
		cr_assert(seen_zero[i], "block %zu of %zu bytes was not wiped", i, seen_n[i]);
		found = found || seen_n[i] == n;
	}
	return found;
}

TestSuite(secret, .init = setup, .fini = teardown);

Test(secret, free_wipes_the_string_and_its_nul)
{
	char *s = strdup("Bearer eyJhbGciOiJIUzI1NiJ9.secret");

	cr_assert(s);
	secret_free(s);
	cr_assert_eq(n_seen, 1);
	cr_assert(saw(strlen("Bearer eyJhbGciOiJIUzI1NiJ9.secret") + 1));
}

Test(secret, free_n_wipes_binary_buffers)
{
	unsigned char *b = malloc(64);

	cr_assert(b);
	memset(b, 0xA5, 64);
	b[10] = 0;   /* a NUL inside does not stop the wipe */
	secret_free_n(b, 64);
	cr_assert_eq(n_seen, 1);
	cr_assert(saw(64));
}

Test(secret, null_is_a_no_op)
{
	secret_free(NULL);
	secret_free_n(NULL, 10);
	secret_wipe(NULL, 10);
	cr_assert_eq(n_seen, 0);
}

Test(secret, wipe_zeroes_in_place)
{
	char buf[16] = "password=hunter";

	secret_wipe(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++) {
		cr_assert_eq(buf[i], 0);
	}
}

Test(secret, strbuf_finish_wipes_the_whole_allocation)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	cr_assert(strbuf_puts(&sb, "{\"access_token\":\"abc.def.ghi\"}"));
	strbuf_reset(&sb);   /* the old content stays behind the NUL */
	cr_assert(strbuf_puts(&sb, "x"));
	{
		size_t cap = sb.cap;

		secret_strbuf_finish(&sb);
		cr_assert(saw(cap));
	}
	cr_assert_null(sb.data);
	secret_strbuf_finish(&sb);   /* twice is fine */
}

/* config.c keeps the token and the header values: config_finish wipes
 * them through secret_free. */
Test(secret, config_finish_wipes_token_and_headers)
{
	static const char token[] = "tok_0123456789abcdef";
	static const char header[] = "X-Api-Key: k3y-value-here";
	char *argv[] = { "ms5top", "--token", (char *)token, "--header", (char *)header, NULL };
	struct ms5_config c;
	struct ms5_error err;

	config_init(&c);
	cr_assert(config_parse_args(&c, 5, argv, &err), "%s", err.msg);
	n_seen = 0;
	config_finish(&c);
	cr_assert(saw(sizeof(token)), "the token was not freed through secret_free");
	cr_assert(saw(sizeof(header)), "the header was not freed through secret_free");
}

/* config_read_secret wipes the file's bytes and the read buffer. */
Test(secret, read_secret_wipes_the_file_text)
{
	char path[] = "/tmp/ms5top-secret-XXXXXX";
	int fd = mkstemp(path);
	static const char text[] = "s3cr3t-pass\nsecond line\n";
	struct ms5_error err;
	char *s;

	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	s = config_read_secret(path, "--password-file", &err);
	unlink(path);
	cr_assert_not_null(s, "%s", err.msg);
	cr_assert_str_eq(s, "s3cr3t-pass");
	cr_assert(saw(sizeof(text) - 1));
	n_seen = 0;
	secret_free(s);
	cr_assert(saw(strlen("s3cr3t-pass") + 1));
}
