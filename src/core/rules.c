/*
 * The project's rules. See rules.h.
 */
#include "ms5top/rules.h"

#include <string.h>

#include "rules.inc"   /* rules_oee, rules_slo, rules_alerts */

#define MAX_RULES 256
#define MAX_NAME 128

static const struct {
	const char *path;
	const char *text;
} files[] = {
	{ "rules/oee.yml", rules_oee },
	{ "rules/slo.yml", rules_slo },
	{ "rules/alerts.yml", rules_alerts },
};

static struct {
	char name[MAX_NAME];
	const char *path;
} rules[MAX_RULES];
static size_t n_rules;
static bool scanned;

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == ':';
}

/* Every "record: NAME" line of the rule files, in their order. */
static void scan(void)
{
	scanned = true;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		for (const char *p = files[f].text; (p = strstr(p, "record:")) != NULL;) {
			size_t n = 0;

			p += strlen("record:");
			while (*p == ' ' || *p == '"' || *p == '\'') {
				p++;
			}
			while (name_char(p[n]) && n + 1 < MAX_NAME) {
				n++;
			}
			if (n > 0 && n_rules < MAX_RULES) {
				memcpy(rules[n_rules].name, p, n);
				rules[n_rules].name[n] = '\0';
				rules[n_rules].path = files[f].path;
				n_rules++;
			}
			p += n;
		}
	}
}

size_t rules_count(void)
{
	if (!scanned) {
		scan();
	}
	return n_rules;
}

const char *rules_name(size_t i)
{
	return i < rules_count() ? rules[i].name : NULL;
}

const char *rules_file_of(const char *name)
{
	for (size_t i = 0; name && i < rules_count(); i++) {
		if (strcmp(rules[i].name, name) == 0) {
			return rules[i].path;
		}
	}
	return NULL;
}

const char *rules_read_by(const char *expr)
{
	const char *p = expr;

	/* Recorded names hold a colon (level:metric:operations), which no raw
	 * metric of the contract does; quoted strings are skipped. */
	while (p && *p) {
		size_t n = 0;
		char name[MAX_NAME];

		if (*p == '"' || *p == '\'' || *p == '`') {
			const char *end = strchr(p + 1, *p);

			p = end ? end + 1 : p + strlen(p);
			continue;
		}
		while (name_char(p[n])) {
			n++;
		}
		if (n == 0) {
			p++;
			continue;
		}
		if (n < MAX_NAME && memchr(p, ':', n)) {
			memcpy(name, p, n);
			name[n] = '\0';
			for (size_t i = 0; i < rules_count(); i++) {
				if (strcmp(rules[i].name, name) == 0) {
					return rules[i].name;
				}
			}
		}
		p += n;
	}
	return NULL;
}
