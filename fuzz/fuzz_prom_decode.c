/*
 * libFuzzer target for the Prometheus / Alertmanager decoders. Each input is
 * fed to every decoder in prom.h under a success status and two error
 * statuses, to http_error_describe, and (as a NUL-terminated copy) to
 * prom_parse_value and iso8601_parse. Besides the sanitizers' checks it
 * asserts the promises of prom.h: labels sorted by name, every kept string
 * valid UTF-8, vectors with exactly one point, a point for every float and
 * every native histogram sample (its count), at most PROM_MAX_BUCKETS
 * buckets of known boundary rules, output emptied on failure.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/prom.h"
#include "ms5top/timeparse.h"
#include "ms5top/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Returns whether s is valid UTF-8. */
static int valid_utf8(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0, k; i < n; i += k) {
		if ((k = utf8_seq(s + i, n - i)) == 0) {
			return 0;
		}
	}
	return 1;
}

static void check_labels(const struct prom_label *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!l[i].name || !l[i].value || !valid_utf8(l[i].name) || !valid_utf8(l[i].value)) {
			abort();
		}
		if (i > 0 && strcmp(l[i - 1].name, l[i].name) > 0) {
			abort();
		}
	}
}

static void check_result(const struct prom_result *r, int ok)
{
	for (size_t i = 0; i < r->n_warnings; i++) {
		if (!valid_utf8(r->warnings[i])) {
			abort();
		}
	}
	for (size_t i = 0; i < r->n_infos; i++) {
		if (!valid_utf8(r->infos[i])) {
			abort();
		}
	}
	if (r->error_type && !valid_utf8(r->error_type)) {
		abort();
	}
	if (!ok) {
		if (r->type != PROM_RESULT_NONE || r->series || r->n_series || r->string) {
			abort();
		}
		return;
	}
	for (size_t i = 0; i < r->n_series; i++) {
		const struct prom_series *s = &r->series[i];

		check_labels(s->labels, s->n_labels);
		if (r->type == PROM_RESULT_VECTOR && (s->n_points != 1 || s->n_histograms > 1)) {
			abort();
		}
		if ((s->n_histograms == 0) != (s->histograms == NULL) ||
			s->n_points < s->n_histograms) {
			abort();
		}
		for (size_t k = 0; k < s->n_histograms; k++) {
			const struct prom_histogram *h = &s->histograms[k];

			if (h->n_buckets > PROM_MAX_BUCKETS || (h->n_buckets == 0) != (h->buckets == NULL)) {
				abort();
			}
			for (size_t b = 0; b < h->n_buckets; b++) {
				if ((int)h->buckets[b].boundary < 0 || (int)h->buckets[b].boundary > 3) {
					abort();
				}
			}
		}
	}
	if (r->type == PROM_RESULT_STRING && (!r->string || !valid_utf8(r->string))) {
		abort();
	}
}

static void check_alerts(const struct prom_alerts *a, int ok)
{
	if (!ok && (a->n || a->alerts)) {
		abort();
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct prom_alert *x = &a->alerts[i];

		check_labels(x->labels, x->n_labels);
		check_labels(x->annotations, x->n_annotations);
		if (!x->state || !valid_utf8(x->state) ||
			(x->fingerprint && !valid_utf8(x->fingerprint))) {
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 422, 502 };
	const char *body = (const char *)data;
	struct ms5_error err;
	char version[32], when[32];
	char *copy;
	double d;

	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		struct prom_result r;
		struct prom_alerts a;
		int ok;

		ok = prom_decode_query(body, size, statuses[i], &r, &err);
		check_result(&r, ok);
		prom_result_finish(&r);
		ok = prom_decode_alerts(body, size, statuses[i], &a, &err);
		check_alerts(&a, ok);
		prom_alerts_finish(&a);
		ok = am_decode_alerts(body, size, statuses[i], &a, &err);
		check_alerts(&a, ok);
		prom_alerts_finish(&a);
		prom_decode_buildinfo(body, size, statuses[i], version, sizeof(version), &err);
		am_decode_status(body, size, statuses[i], version, sizeof(version), &err);
		{
			char **names;
			size_t n;

			ok = prom_decode_rule_names(body, size, statuses[i], &names, &n, &err);
			/* Every name a string; nothing on failure; never over the cap. */
			if ((!ok && (names || n)) || n > PROM_MAX_RULES) {
				abort();
			}
			for (size_t k = 0; k < n; k++) {
				(void)strlen(names[k]);
			}
			prom_rule_names_finish(names, n);
		}
	}
	http_error_describe(503, body, size, &err);
	if (strlen(err.msg) >= sizeof(err.msg)) {
		abort();
	}

	copy = malloc(size + 1);
	if (!copy) {
		return 0;
	}
	memcpy(copy, data, size);
	copy[size] = '\0';
	prom_parse_value(copy, &d);
	if (iso8601_parse(copy, &d)) {
		double back;

		/* Whatever parses must format and parse back to the same second. */
		iso8601_format(d, when, sizeof(when));
		if (d >= -62167219200.0 && d < 253402300800.0 &&
			(!iso8601_parse(when, &back) || back > d || d - back >= 1.0)) {
			abort();
		}
	}
	free(copy);
	return 0;
}
