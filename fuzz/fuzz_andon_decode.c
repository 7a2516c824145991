/*
 * libFuzzer target for the Andon decoders. Each input is fed to
 * andon_decode, andon_decode_active and andon_decode_token. Besides the
 * sanitizers' checks it asserts the promises of andon.h: every string copied
 * out is valid UTF-8 without control characters, a refused frame leaves an
 * empty message, an event always has an id, OEE factors are fractions,
 * tokens hold only bearer-token characters. What decodes is then applied to
 * a small andon_state (also as a resync list), whose bounds are checked.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/andon.h"
#include "ms5top/andon_state.h"
#include "ms5top/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid UTF-8 with no C0, DEL or C1 control character, and NUL-terminated
 * within size bytes. */
static void check_text(const char *s, size_t size)
{
	size_t n;

	if (!memchr(s, '\0', size)) {
		abort();
	}
	n = strlen(s);
	for (size_t i = 0, k; i < n; i += k) {
		uint32_t cp;

		k = utf8_seq(s + i, n - i);
		if (k == 0) {
			abort();
		}
		utf8_decode(s + i, n - i, &cp);
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			abort();
		}
	}
}

#define TEXT(f) check_text((f), sizeof(f))

static void check_event(const struct andon_event *e)
{
	TEXT(e->id);
	TEXT(e->line_id);
	TEXT(e->equipment_code);
	TEXT(e->event_type);
	TEXT(e->priority_text);
	TEXT(e->status_text);
	TEXT(e->description);
	TEXT(e->reported_by);
	TEXT(e->acknowledged_by);
	TEXT(e->resolved_by);
	TEXT(e->resolution_notes);
	if (!e->id[0] || !e->status_text[0] || (unsigned)e->priority > ANDON_PRIO_UNKNOWN ||
		(unsigned)e->status > ANDON_STATUS_UNKNOWN ||
		e->escalation_level < -1 || e->escalation_level > 1000) {
		abort();
	}
	if (isinf(e->reported_at) || isinf(e->acknowledged_at) || isinf(e->resolved_at)) {
		abort();
	}
}

static void check_factor(double v)
{
	if (!isnan(v) && (v < 0.0 || v > 1.0)) {
		abort();
	}
}

static void check_msg(const struct andon_msg *m, int ok)
{
	TEXT(m->type);
	TEXT(m->dedup_key);
	TEXT(m->severity);
	TEXT(m->message);
	if (!ok) {
		if (m->kind != ANDON_MSG_UNKNOWN || m->type[0] || m->event.id[0] || m->message[0] ||
			!isnan(m->timestamp)) {
			abort();
		}
		return;
	}
	if (!m->type[0]) {
		abort();
	}
	switch (m->kind) {
	case ANDON_MSG_EVENT:
		check_event(&m->event);
		break;
	case ANDON_MSG_ESCALATION:
		TEXT(m->escalation.id);
		TEXT(m->escalation.event_id);
		TEXT(m->escalation.line_id);
		TEXT(m->escalation.assigned_to);
		TEXT(m->escalation.status);
		break;
	case ANDON_MSG_LINE_STATUS:
		TEXT(m->line.line_id);
		TEXT(m->line.status);
		TEXT(m->line.old_status);
		break;
	case ANDON_MSG_OEE:
		check_factor(m->oee.oee);
		check_factor(m->oee.availability);
		check_factor(m->oee.performance);
		check_factor(m->oee.quality);
		break;
	case ANDON_MSG_EQUIPMENT:
		TEXT(m->equipment.equipment_code);
		TEXT(m->equipment.status);
		TEXT(m->equipment.severity);
		break;
	case ANDON_MSG_DOWNTIME:
		TEXT(m->downtime.id);
		TEXT(m->downtime.reason);
		TEXT(m->downtime.category);
		break;
	case ANDON_MSG_ERROR:
		if (!m->message[0]) {
			abort();
		}
		break;
	default:
		break;
	}
}

static void check_token(const char *t)
{
	for (const char *p = t; *p; p++) {
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=",
			*p)) {
			abort();
		}
	}
	if (!t[0]) {
		abort();
	}
}

static void check_state(const struct andon_state *s, size_t cap, size_t hist_cap)
{
	const struct andon_event *v[8];
	size_t n = andon_state_view(s, v, 8, ANDON_ORDER_PRIORITY, 1.8e9);

	if (andon_state_count(s) > cap || andon_state_history_count(s) > hist_cap ||
		n != andon_state_count(s)) {
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		if (andon_state_find(s, v[i]->id) != v[i] || andon_state_find_resolved(s, v[i]->id)) {
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct andon_state *st = andon_state_create(4, 4, 3600);
	struct andon_msg m;
	struct andon_event *events = NULL;
	struct ms5_error err;
	char *access, *refresh;
	size_t n, skipped;
	double exp;
	int ok;

	err.msg[0] = '\0';
	ok = andon_decode(body, size, &m, &err);
	check_msg(&m, ok);
	if (!ok && !err.msg[0]) {
		abort();
	}
	if (ok) {
		andon_state_apply(st, &m, 1.8e9);
		andon_state_apply(st, &m, 1.8e9 + 1);
		check_state(st, 4, 4);
	}

	if (andon_decode_active(body, size, &events, &n, &skipped, &err)) {
		for (size_t i = 0; i < n; i++) {
			check_event(&events[i]);
		}
		andon_state_resync(st, events, n, 1.8e9, 1.8e9 + 2);
		check_state(st, 4, 4);
		andon_state_prune(st, 1.8e9 + 7200);
		check_state(st, 4, 4);
	} else if (events || n || skipped) {
		abort();
	}
	free(events);

	{
		char (*ids)[ANDON_ID_SIZE];
		size_t n_ids;

		if (andon_decode_lines(body, size, 8, &ids, &n_ids, &err)) {
			if (n_ids > 8) {
				abort();
			}
			for (size_t i = 0; i < n_ids; i++) {
				if (strnlen(ids[i], ANDON_ID_SIZE) == ANDON_ID_SIZE) {
					abort();
				}
			}
			free(ids);
		} else if (ids) {
			abort();
		}
	}

	if (andon_decode_token(body, size, &access, &refresh, &exp, &err)) {
		check_token(access);
		if (refresh) {
			check_token(refresh);
		}
		if (!isnan(exp) && !(exp > 0.0)) {
			abort();
		}
		free(access);
		free(refresh);
	} else if (access || refresh || !isnan(exp)) {
		abort();
	}
	andon_state_destroy(st);
	return 0;
}
