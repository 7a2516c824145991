#include <criterion/criterion.h>
#include <stdlib.h>

#include "ms5top/strbuf.h"
#include "ms5top/url.h"

static char *enc(const char *s, bool form)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	cr_assert(url_encode(&sb, s, form));
	return strbuf_steal(&sb);
}

Test(url, encodes_promql_specials)
{
	char *e = enc("sum(rate(x{job=~\"a|b\", le=\"0.2\"}[5m])) > 0", false);

	cr_assert_str_eq(e, "sum%28rate%28x%7Bjob%3D~%22a%7Cb%22%2C%20le%3D%220.2%22%7D%5B5m%5D%29%29%20%3E%200");
	free(e);
}

Test(url, form_encoding_uses_plus_for_space)
{
	char *e = enc("a b+c&d", true);

	cr_assert_str_eq(e, "a+b%2Bc%26d");
	free(e);
}

Test(url, encodes_utf8_bytewise)
{
	char *e = enc("line_name=\"Abfüllung 温\"", true);

	cr_assert_str_eq(e, "line_name%3D%22Abf%C3%BCllung+%E6%B8%A9%22");
	free(e);
}

Test(url, encode_respects_cap)
{
	struct strbuf sb;

	strbuf_init(&sb, 8);
	cr_assert_not(url_encode(&sb, "{{{{{{{{", false));
	strbuf_finish(&sb);
}

Test(url, join_handles_slashes)
{
	char *a = url_join("http://h:9090", "/api/v1/query");
	char *b = url_join("http://h:9090/prom/", "api/v1/query");
	char *c = url_join("http://h:9090//", "//x");

	cr_assert_str_eq(a, "http://h:9090/api/v1/query");
	cr_assert_str_eq(b, "http://h:9090/prom/api/v1/query");
	cr_assert_str_eq(c, "http://h:9090/x");
	free(a);
	free(b);
	free(c);
}

Test(url, split_fills_defaults)
{
	struct url_parts p;

	cr_assert(url_split("ws://127.0.0.1:8000/ws/?token=x", &p));
	cr_assert_str_eq(p.scheme, "ws");
	cr_assert_str_eq(p.host, "127.0.0.1");
	cr_assert_eq(p.port, 8000);
	cr_assert_str_eq(p.path, "/ws/?token=x");
	url_parts_finish(&p);

	cr_assert(url_split("HTTPS://prom.example", &p));
	cr_assert_str_eq(p.scheme, "https");
	cr_assert_eq(p.port, 443);
	cr_assert_str_eq(p.path, "/");
	url_parts_finish(&p);

	cr_assert(url_split("http://[::1]:9090?x", &p));
	cr_assert_str_eq(p.host, "::1");
	cr_assert_eq(p.port, 9090);
	cr_assert_str_eq(p.path, "/?x");
	url_parts_finish(&p);
}

Test(url, split_rejects_bad_urls)
{
	static const char *bad[] = {
		"", "localhost:9090", "ftp://h/", "http://", "http://:80/", "http://h:0/",
		"http://h:65536/", "http://h:80x/", "http://u:p@h/", "http://[::1/", "://h",
		"http://[::1]x/",
	};
	struct url_parts p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_not(url_split(bad[i], &p), "accepted '%s'", bad[i]);
	}
}
