/*
 * The source registry and the generic result. See source.h.
 *
 * Adding a source is one file in this folder and one row here.
 */
#include "ms5top/source.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/strbuf.h"

const struct source_type *const source_types[] = {
	&source_prometheus,
	&source_alertmanager,
	&source_andon,
};

const size_t source_count = sizeof(source_types) / sizeof(source_types[0]);

_Static_assert(sizeof(source_types) / sizeof(source_types[0]) <= SOURCE_MAX,
	"raise SOURCE_MAX");

const struct source_type *source_find(const char *name)
{
	for (size_t i = 0; name && i < source_count; i++) {
		if (strcmp(source_types[i]->name, name) == 0) {
			return source_types[i];
		}
	}
	return NULL;
}

size_t source_index(const struct source_type *t)
{
	size_t i = 0;

	while (i < source_count && source_types[i] != t) {
		i++;
	}
	return i;
}

_Static_assert(offsetof(struct source_type, name) == 0, "strbuf_join_names reads the name first");

const char *source_names(void)
{
	static char names[256];

	return names[0] ? names : strbuf_join_names(names, sizeof(names),
		(const void *const *)source_types, source_count);
}

const struct source_type *source_judged(const struct source_type *t, const struct ms5_config *c)
{
	const struct source_type *other = t->speaks_for ? t->speaks_for(c) : NULL;

	return other ? other : t;
}

/* ---- Results --------------------------------------------------------- */

const struct prom_result *result_series(const struct result *r)
{
	return r && r->kind == RESULT_SERIES ? &r->u.series : NULL;
}

const struct prom_alerts *result_rows(const struct result *r)
{
	return r && r->kind == RESULT_ROWS ? &r->u.rows : NULL;
}

const char *result_text(const struct result *r)
{
	return r && r->kind == RESULT_TEXT ? r->u.text : NULL;
}

size_t result_count(const struct result *r)
{
	switch (r ? r->kind : RESULT_NONE) {
	case RESULT_SERIES:
		return r->u.series.type == PROM_RESULT_SCALAR || r->u.series.type == PROM_RESULT_STRING ?
			1 : r->u.series.n_series;
	case RESULT_ROWS:
		return r->u.rows.n;
	case RESULT_TEXT:
		return 1;
	case RESULT_NONE:
		break;
	}
	return 0;
}

void result_finish(struct result *r)
{
	switch (r->kind) {
	case RESULT_SERIES:
		prom_result_finish(&r->u.series);
		break;
	case RESULT_ROWS:
		prom_alerts_finish(&r->u.rows);
		break;
	case RESULT_TEXT:
		free(r->u.text);
		break;
	case RESULT_NONE:
		break;
	}
	memset(r, 0, sizeof(*r));
}
