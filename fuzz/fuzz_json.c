/*
 * libFuzzer target for json.h and text.h, the one door for untrusted JSON.
 * Each input is parsed in both UTF-8 modes. Besides the sanitizers' checks
 * it asserts the promises of json.h: a tree comes back exactly when the
 * status is JSON_OK, it is never deeper than JSON_MAX_DEPTH, an offset lies
 * inside the input, refusing UTF-8 accepts a subset of what repairing does;
 * and of text.h: every string's text_dup and text_copy are valid UTF-8
 * without control characters, and text_copy fits its buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/json.h"
#include "ms5top/text.h"
#include "ms5top/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_clean(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0, k; i < n; i += k) {
		uint32_t cp;

		k = utf8_seq(s + i, n - i);
		if (k == 0) {
			abort();
		}
		utf8_decode(s + i, n - i, &cp);
		if (text_is_control(cp)) {
			abort();
		}
	}
}

/* Walks the tree: depth, and every string and key through text.h. */
static void walk(const cJSON *j, size_t depth)
{
	char small[7];

	if ((cJSON_IsArray(j) || cJSON_IsObject(j)) && depth > JSON_MAX_DEPTH) {
		abort();
	}
	for (const cJSON *it = j->child; it; it = it->next) {
		walk(it, depth + 1);
	}
	if (j->string) {
		char *d = text_dup(j->string);

		check_clean(d);
		free(d);
	}
	if (cJSON_IsString(j) && j->valuestring) {
		char *d = text_dup(j->valuestring);

		check_clean(d);
		free(d);
		text_copy(small, sizeof(small), j->valuestring);
		if (strlen(small) >= sizeof(small)) {
			abort();
		}
		check_clean(small);
		text_quote(small, sizeof(small), j->valuestring, strlen(j->valuestring));
		check_clean(small);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct json_result strict, repair;
	cJSON *a = json_parse(text, size, 1 << 20, JSON_UTF8_REFUSE, &strict);
	cJSON *b = json_parse(text, size, 1 << 20, JSON_UTF8_REPAIR, &repair);

	if ((a != NULL) != (strict.status == JSON_OK) || (b != NULL) != (repair.status == JSON_OK)) {
		abort();
	}
	if ((strict.status != JSON_OK && strict.offset > size) ||
		(repair.status != JSON_OK && repair.offset > size)) {
		abort();
	}
	if (a && !b) {
		abort();   /* refusing bad UTF-8 may only take away */
	}
	if (b) {
		walk(b, 1);
	}
	cJSON_Delete(a);
	cJSON_Delete(b);
	return 0;
}
