/*
 * Sanitised copies of outside text, ASCII case folding and identifier
 * checks. See text.h for the rules.
 */
#include "ms5top/text.h"

#include <string.h>

#include "ms5top/strbuf.h"
#include "ms5top/utf8.h"

static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD */

size_t text_bom(const char *s, size_t n)
{
	return s && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

bool text_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* The bytes that stand for the character at s in a sanitised copy: itself,
 * a space for a control, U+FFFD for a bad byte. *used says how many bytes of
 * s it stands for; *len how long the output is. */
static const char *one_char(const char *s, size_t n, size_t *used, size_t *len)
{
	uint32_t cp;
	size_t k = utf8_seq(s, n);

	if (k == 0) {
		*used = 1;
		*len = 3;
		return replacement;
	}
	utf8_decode(s, n, &cp);
	*used = k;
	if (text_is_control(cp)) {
		*len = 1;
		return " ";
	}
	*len = k;
	return s;
}

size_t text_sanitize(char *dst, size_t size, const char *src, size_t n)
{
	size_t i = 0, o = 0;

	if (size == 0) {
		return 0;
	}
	while (i < n) {
		size_t used, len;
		const char *out = one_char(src + i, n - i, &used, &len);

		if (o + len >= size) {
			break;
		}
		memcpy(dst + o, out, len);
		o += len;
		i += used;
	}
	dst[o] = '\0';
	return i;
}

void text_copy(char *dst, size_t size, const char *src)
{
	text_sanitize(dst, size, src, strlen(src));
}

const char *text_quote(char *dst, size_t size, const char *src, size_t n)
{
	if (size < 5) {
		text_sanitize(dst, size, src, n);
	} else if (text_sanitize(dst, size, src, n) < n) {
		size_t o;

		text_sanitize(dst, size - 3, src, n);
		o = strlen(dst);
		memcpy(dst + o, "...", 4);
	}
	return dst;
}

char *text_dup(const char *s)
{
	size_t n = strlen(s), i = 0;
	struct strbuf sb;

	strbuf_init(&sb, 0);
	while (i < n) {
		size_t used, len;
		const char *out = one_char(s + i, n - i, &used, &len);

		strbuf_append(&sb, out, len);
		i += used;
	}
	return strbuf_steal(&sb);
}

static int fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int text_casecmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && fold(*p) == fold(*q)) {
		p++;
		q++;
	}
	return fold(*p) - fold(*q);
}

bool text_prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		if (fold((unsigned char)*s) != fold((unsigned char)*prefix)) {
			return false;
		}
	}
	return true;
}

size_t text_find_ci(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++) {
		size_t j = 0;

		while (j < k && fold((unsigned char)hay[i + j]) == fold((unsigned char)needle[j])) {
			j++;
		}
		if (j == k) {
			return i;
		}
	}
	return n;
}

bool text_id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '.' || c == ':' || c == '-';
}

bool text_id_ok(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++) {
		if (n == TEXT_ID_MAX || !text_id_char(s[n])) {
			return false;
		}
	}
	return n > 0;
}
