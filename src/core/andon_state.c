/*
 * The client's Andon state. See andon_state.h for the rules.
 *
 * Storage, all allocated once by andon_state_create:
 *
 *   pool[cap]         the active events; free slots on a stack
 *   heap[]            the active slots as a binary heap, most evictable on
 *                     top (lowest priority, then oldest report), so that a
 *                     full table drops the right event in O(log cap); it is
 *                     also the dense list of active events for the views
 *   act_index         id hash -> pool slot
 *   hist[history_cap] a ring of resolved events, oldest at hist_start; a
 *                     slot whose event was reopened stays as a hole (live
 *                     false) until the ring comes round to it
 *   hist_index        id hash -> ring slot
 *   seen[seen_cap]    a ring of (dedup key hash, content fingerprint), the
 *                     memory of resends, with seen_index: key hash -> slot
 *
 * The indexes are open-addressing tables with linear probing, at most half
 * full, with backward-shift deletion (no tombstones, so lookups stay short
 * however long the program runs).
 */
#include "ms5top/andon_state.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/xalloc.h"

#define SEEN_MIN 1024u
/* Slots are uint32_t with 0 meaning empty; far below that anyway. */
#define CAP_MAX ((size_t)1 << 24)

struct entry {
	struct andon_event ev;   /* first: views hand out &entry->ev */
	double version;          /* newest of the server's time fields; NAN: none */
	double moved_at;         /* history: now when it got there */
	uint64_t hash;           /* of ev.id */
	uint32_t heap_pos;       /* active: position in heap[] */
	unsigned mark;           /* active: resync generation that listed it */
	double updated;          /* now of the last change */
	bool live;               /* in use (pool slot or ring slot) */
};

struct index {
	uint64_t *keys;
	uint32_t *vals;   /* slot + 1; 0 is empty */
	size_t mask;
};

struct seen {
	uint64_t key;   /* hash of the dedup key */
	uint64_t fp;    /* fingerprint of the event it carried */
};

struct andon_state {
	size_t cap;
	struct entry *pool;      /* pool_len slots, grown on demand up to cap */
	size_t pool_len;
	uint32_t *free_slots;
	size_t n_free;
	uint32_t *heap;
	size_t n_active;
	struct index act_index;
	size_t counts[ANDON_PRIO_UNKNOWN + 1];

	struct entry *hist;
	size_t hist_cap, hist_start, hist_len, hist_live;
	struct index hist_index;
	double shift;

	struct seen *seen;
	size_t seen_cap, seen_start, seen_len;
	struct index seen_index;

	unsigned resync_gen;
	struct andon_state_stats stats;
};

/*
 * Hashing.
 */

/* The splitmix64 finaliser: spreads FNV's weak low bits over the word. */
static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* FNV-1a, continued from h, over n bytes. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ b[i]) * 0x100000001b3ULL;
	}
	return h;
}

#define FNV_BASIS 0xcbf29ce484222325ULL

static uint64_t hash_str(const char *s)
{
	return mix(fnv(FNV_BASIS, s, strlen(s)));
}

static uint64_t fp_str(uint64_t h, const char *s)
{
	return fnv(h, s, strlen(s) + 1);   /* the NUL separates the fields */
}

static uint64_t fp_num(uint64_t h, double v)
{
	uint64_t bits = 0;

	if (isnan(v)) {
		bits = 0x7ff8000000000001ULL;
	} else if (v != 0.0) {   /* -0 and +0 are the same time */
		memcpy(&bits, &v, sizeof(bits));
	}
	return fnv(h, &bits, sizeof(bits));
}

/* A fingerprint of everything an event says: two frames with the same
 * fingerprint carry the same news. */
static uint64_t fingerprint(const struct andon_event *e)
{
	uint64_t h = FNV_BASIS;
	int32_t ints[3] = { (int32_t)e->priority, (int32_t)e->status, e->escalation_level };

	h = fp_str(h, e->id);
	h = fp_str(h, e->line_id);
	h = fp_str(h, e->equipment_code);
	h = fp_str(h, e->event_type);
	h = fp_str(h, e->priority_text);
	h = fp_str(h, e->status_text);
	h = fp_str(h, e->description);
	h = fp_str(h, e->reported_by);
	h = fp_str(h, e->acknowledged_by);
	h = fp_str(h, e->resolved_by);
	h = fp_str(h, e->resolution_notes);
	h = fp_num(h, e->reported_at);
	h = fp_num(h, e->acknowledged_at);
	h = fp_num(h, e->resolved_at);
	h = fnv(h, ints, sizeof(ints));
	return mix(h);
}

/*
 * Open-addressing index: 64-bit hash -> slot.
 */

static void index_init(struct index *ix, size_t entries)
{
	size_t size = 16;

	while (size < entries * 2) {
		size *= 2;
	}
	ix->keys = xcalloc(size, sizeof(*ix->keys));
	ix->vals = xcalloc(size, sizeof(*ix->vals));
	ix->mask = size - 1;
}

static void index_finish(struct index *ix)
{
	free(ix->keys);
	free(ix->vals);
}

static void index_clear(struct index *ix)
{
	memset(ix->vals, 0, (ix->mask + 1) * sizeof(*ix->vals));
}

static void index_put(struct index *ix, uint64_t key, uint32_t slot)
{
	size_t i = (size_t)key & ix->mask;

	while (ix->vals[i]) {
		i = (i + 1) & ix->mask;
	}
	ix->keys[i] = key;
	ix->vals[i] = slot + 1;
}

/* Removes the mapping key -> slot (which must be there), shifting the rest
 * of its probe run back so that no lookup ever has to skip a hole. */
static void index_del(struct index *ix, uint64_t key, uint32_t slot)
{
	size_t i = (size_t)key & ix->mask, j;

	while (ix->vals[i] && !(ix->keys[i] == key && ix->vals[i] == slot + 1)) {
		i = (i + 1) & ix->mask;
	}
	if (!ix->vals[i]) {
		return;
	}
	ix->vals[i] = 0;
	j = i;
	for (;;) {
		size_t home;

		j = (j + 1) & ix->mask;
		if (!ix->vals[j]) {
			break;
		}
		home = (size_t)ix->keys[j] & ix->mask;
		/* Entry j may move into the hole at i unless its home lies
		 * cyclically in (i, j]. */
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			ix->keys[i] = ix->keys[j];
			ix->vals[i] = ix->vals[j];
			ix->vals[j] = 0;
			i = j;
		}
	}
}

/* Finds the entry of id among entries[] through the index; NULL if none. */
static struct entry *index_find(const struct index *ix, struct entry *entries, uint64_t key,
	const char *id)
{
	for (size_t i = (size_t)key & ix->mask; ix->vals[i]; i = (i + 1) & ix->mask) {
		if (ix->keys[i] == key) {
			struct entry *e = &entries[ix->vals[i] - 1];

			if (strcmp(e->ev.id, id) == 0) {
				return e;
			}
		}
	}
	return NULL;
}

/* The seen-ring slot of a dedup key hash, or -1. */
static long seen_find(const struct andon_state *s, uint64_t key)
{
	const struct index *ix = &s->seen_index;

	for (size_t i = (size_t)key & ix->mask; ix->vals[i]; i = (i + 1) & ix->mask) {
		if (ix->keys[i] == key) {
			return (long)(ix->vals[i] - 1);
		}
	}
	return -1;
}

/* Remembers that key carried fp. Returns true when it already had: a
 * resend. */
static bool seen_check(struct andon_state *s, const char *dedup_key, const struct andon_event *e)
{
	uint64_t key = hash_str(dedup_key), fp = fingerprint(e);
	long at = seen_find(s, key);
	size_t slot;

	if (at >= 0) {
		if (s->seen[at].fp == fp) {
			return true;
		}
		s->seen[at].fp = fp;
		return false;
	}
	if (s->seen_len == s->seen_cap) {
		slot = s->seen_start;
		index_del(&s->seen_index, s->seen[slot].key, (uint32_t)slot);
		s->seen_start = (s->seen_start + 1) % s->seen_cap;
	} else {
		slot = (s->seen_start + s->seen_len++) % s->seen_cap;
	}
	s->seen[slot].key = key;
	s->seen[slot].fp = fp;
	index_put(&s->seen_index, key, (uint32_t)slot);
	return false;
}

/*
 * Ordering.
 */

/* Position on the line an event may only move forward on. */
static int status_rank(enum andon_status st)
{
	switch (st) {
	case ANDON_STATUS_ESCALATED:
		return 1;
	case ANDON_STATUS_ACKNOWLEDGED:
		return 2;
	case ANDON_STATUS_RESOLVED:
		return 3;
	default:
		return 0;
	}
}

static int prio_index(enum andon_priority p)
{
	return (unsigned)p <= ANDON_PRIO_UNKNOWN ? (int)p : ANDON_PRIO_UNKNOWN;
}

/* The newest of the server's time fields; NAN when it gave none. */
static double version_of(const struct andon_event *e)
{
	return fmax(e->reported_at, fmax(e->acknowledged_at, e->resolved_at));
}

/* Does an update with version v and status st supersede the entry? */
static bool supersedes(const struct entry *held, double v, enum andon_status st)
{
	if (!isnan(v) && !isnan(held->version) && v != held->version) {
		return v > held->version;
	}
	return status_rank(st) >= status_rank(held->ev.status);
}

/* -1, 0, 1 as a is earlier, equal, later; a NAN time sorts as the earliest
 * (an event of unknown age is treated as old). */
static int cmp_time(double a, double b)
{
	if (isnan(a) || isnan(b)) {
		return isnan(a) ? (isnan(b) ? 0 : -1) : 1;
	}
	return a < b ? -1 : a > b;
}

/* Should a be evicted before b? Lower priority first, then older. */
static bool more_evictable(const struct andon_event *a, const struct andon_event *b)
{
	int pa = prio_index(a->priority), pb = prio_index(b->priority);

	if (pa != pb) {
		return pa > pb;
	}
	return cmp_time(a->reported_at, b->reported_at) < 0;
}

/*
 * The eviction heap (most evictable on top).
 */

static void heap_set(struct andon_state *s, size_t pos, uint32_t slot)
{
	s->heap[pos] = slot;
	s->pool[slot].heap_pos = (uint32_t)pos;
}

static bool heap_above(const struct andon_state *s, size_t a, size_t b)
{
	return more_evictable(&s->pool[s->heap[a]].ev, &s->pool[s->heap[b]].ev);
}

static void heap_up(struct andon_state *s, size_t pos)
{
	uint32_t slot = s->heap[pos];

	while (pos > 0) {
		size_t parent = (pos - 1) / 2;

		if (!more_evictable(&s->pool[slot].ev, &s->pool[s->heap[parent]].ev)) {
			break;
		}
		heap_set(s, pos, s->heap[parent]);
		pos = parent;
	}
	heap_set(s, pos, slot);
}

static void heap_down(struct andon_state *s, size_t pos)
{
	for (;;) {
		size_t l = 2 * pos + 1, r = l + 1, top = pos;
		uint32_t tmp;

		if (l < s->n_active && heap_above(s, l, top)) {
			top = l;
		}
		if (r < s->n_active && heap_above(s, r, top)) {
			top = r;
		}
		if (top == pos) {
			return;
		}
		tmp = s->heap[pos];
		heap_set(s, pos, s->heap[top]);
		heap_set(s, top, tmp);
		pos = top;
	}
}

/* Restores the heap after the entry at pos changed its key. */
static void heap_fix(struct andon_state *s, size_t pos)
{
	uint32_t slot = s->heap[pos];

	heap_up(s, pos);
	if (s->pool[slot].heap_pos == pos) {
		heap_down(s, pos);
	}
}

/*
 * Active events.
 */

static struct entry *find_active(const struct andon_state *s, uint64_t h, const char *id)
{
	return index_find(&s->act_index, s->pool, h, id);
}

/* Takes an active entry out of the table (its slot becomes free). */
static void remove_active(struct andon_state *s, struct entry *e)
{
	uint32_t slot = (uint32_t)(e - s->pool);
	size_t pos = e->heap_pos;

	index_del(&s->act_index, e->hash, slot);
	s->counts[prio_index(e->ev.priority)]--;
	s->n_active--;
	if (pos != s->n_active) {
		heap_set(s, pos, s->heap[s->n_active]);
		heap_fix(s, pos);
	}
	e->live = false;
	s->free_slots[s->n_free++] = slot;
}

/* The pool grows as events arrive (doubling, up to cap), so that a floor
 * with a handful of open events does not hold room for thousands: the
 * full pool is 4096 slots of about 1 KB. Only called with every slot in
 * use, so the new slots are handed out lowest first, as a full pool's
 * would be. Callers hold no pointer into the pool across it. */
#define POOL_START 64

static void grow_pool(struct andon_state *s)
{
	size_t old = s->pool_len, n = old ? 2 * old : POOL_START;

	n = n < s->cap ? n : s->cap;
	s->pool = xrealloc(s->pool, n * sizeof(*s->pool));
	memset(s->pool + old, 0, (n - old) * sizeof(*s->pool));
	s->free_slots = xrealloc(s->free_slots, n * sizeof(*s->free_slots));
	s->heap = xrealloc(s->heap, n * sizeof(*s->heap));
	for (size_t i = n; i > old; i--) {
		s->free_slots[s->n_free++] = (uint32_t)(i - 1);
	}
	s->pool_len = n;
}

/* Adds a copy of *in to the active table, evicting the most evictable
 * event when the table is full. Returns the new entry, or NULL when *in is
 * itself the least important and was refused. */
static struct entry *insert_active(struct andon_state *s, const struct entry *in)
{
	struct entry *e;
	uint32_t slot;

	if (s->n_active == s->cap) {
		struct entry *top = &s->pool[s->heap[0]];

		s->stats.evicted++;
		if (more_evictable(&in->ev, &top->ev)) {
			return NULL;
		}
		remove_active(s, top);
	}
	if (s->n_free == 0) {
		grow_pool(s);
	}
	slot = s->free_slots[--s->n_free];
	e = &s->pool[slot];
	*e = *in;
	e->live = true;
	index_put(&s->act_index, e->hash, slot);
	s->counts[prio_index(e->ev.priority)]++;
	heap_set(s, s->n_active++, slot);
	heap_up(s, e->heap_pos);
	return e;
}

/*
 * History.
 */

static struct entry *find_resolved(const struct andon_state *s, uint64_t h, const char *id)
{
	return index_find(&s->hist_index, s->hist, h, id);
}

/* Appends a resolved event to the ring, overwriting the oldest when full. */
static void push_history(struct andon_state *s, const struct entry *in, double now)
{
	size_t slot;

	if (s->hist_len == s->hist_cap) {
		slot = s->hist_start;
		if (s->hist[slot].live) {
			index_del(&s->hist_index, s->hist[slot].hash, (uint32_t)slot);
			s->hist_live--;
		}
		s->hist_start = (s->hist_start + 1) % s->hist_cap;
	} else {
		slot = (s->hist_start + s->hist_len++) % s->hist_cap;
	}
	s->hist[slot] = *in;
	s->hist[slot].live = true;
	s->hist[slot].moved_at = now;
	s->hist_live++;
	index_put(&s->hist_index, in->hash, (uint32_t)slot);
}

static void remove_history(struct andon_state *s, struct entry *e)
{
	index_del(&s->hist_index, e->hash, (uint32_t)(e - s->hist));
	e->live = false;
	s->hist_live--;
}

/* Moves an active event to the history as resolved. */
static void resolve_active(struct andon_state *s, struct entry *e, double now)
{
	struct entry copy = *e;

	remove_active(s, e);
	if (copy.ev.status != ANDON_STATUS_RESOLVED) {
		copy.ev.status = ANDON_STATUS_RESOLVED;
		strcpy(copy.ev.status_text, "resolved");
	}
	if (isnan(copy.ev.resolved_at)) {
		copy.ev.resolved_at = now;
	}
	push_history(s, &copy, now);
}

/*
 * Applying events.
 */

static void take_text(char *dst, const char *src, size_t size)
{
	if (src[0]) {
		memcpy(dst, src, strnlen(src, size - 1));
		dst[strnlen(src, size - 1)] = '\0';
	}
}

#define TAKE(field) take_text(dst->ev.field, in->field, sizeof(dst->ev.field))

/* Merges the update *in (version v) into the held entry: what the update
 * says replaces what was held, what it leaves out stays. */
static void merge(struct entry *dst, const struct andon_event *in, double v, double now)
{
	TAKE(line_id);
	TAKE(equipment_code);
	TAKE(event_type);
	TAKE(description);
	TAKE(reported_by);
	TAKE(acknowledged_by);
	TAKE(resolved_by);
	TAKE(resolution_notes);
	if (in->priority_text[0] || in->priority != ANDON_PRIO_UNKNOWN) {
		dst->ev.priority = in->priority;
		strcpy(dst->ev.priority_text, "");
		TAKE(priority_text);
	}
	dst->ev.status = in->status;
	strcpy(dst->ev.status_text, andon_status_name(in->status));
	TAKE(status_text);
	if (!isnan(in->reported_at)) {
		dst->ev.reported_at = in->reported_at;
	}
	if (!isnan(in->acknowledged_at)) {
		dst->ev.acknowledged_at = in->acknowledged_at;
	}
	if (!isnan(in->resolved_at)) {
		dst->ev.resolved_at = in->resolved_at;
	}
	if (in->escalation_level > dst->ev.escalation_level) {
		dst->ev.escalation_level = in->escalation_level;
	}
	dst->version = fmax(dst->version, v);
	dst->updated = now;
}

/* A fresh entry for an event not held anywhere. */
static void entry_from(struct entry *e, const struct andon_event *in, uint64_t h, double v,
	double now)
{
	memset(e, 0, sizeof(*e));
	e->ev = *in;
	e->ev.id[sizeof(e->ev.id) - 1] = '\0';
	if (!e->ev.status_text[0]) {
		strcpy(e->ev.status_text, andon_status_name(in->status));
	}
	if (isnan(e->ev.reported_at)) {
		e->ev.reported_at = now;
	}
	e->version = v;
	e->hash = h;
	e->updated = now;
	e->moved_at = NAN;
}

/* The heart of it. dedup_key may be NULL or "". mark: the entry was listed
 * by the current resync. */
static enum andon_change put_event(struct andon_state *s, const struct andon_event *in,
	const char *dedup_key, double now, bool mark)
{
	double v = version_of(in);
	bool resolved = in->status == ANDON_STATUS_RESOLVED;
	struct entry tmp, *e;
	uint64_t h;

	if (!in->id[0] || strnlen(in->id, sizeof(in->id)) == sizeof(in->id)) {
		s->stats.invalid++;
		return ANDON_CHANGE_INVALID;
	}
	if (dedup_key && dedup_key[0] && seen_check(s, dedup_key, in)) {
		s->stats.duplicates++;
		return ANDON_CHANGE_DUPLICATE;
	}
	h = hash_str(in->id);
	if ((e = find_active(s, h, in->id)) != NULL) {
		int old_prio = prio_index(e->ev.priority);

		if (mark) {
			e->mark = s->resync_gen;
		}
		if (!supersedes(e, v, in->status)) {
			s->stats.stale++;
			return ANDON_CHANGE_STALE;
		}
		merge(e, in, v, now);
		if (resolved) {
			resolve_active(s, e, now);
			return ANDON_CHANGE_RESOLVED;
		}
		s->counts[old_prio]--;
		s->counts[prio_index(e->ev.priority)]++;
		heap_fix(s, e->heap_pos);
		return ANDON_CHANGE_UPDATED;
	}
	if ((e = find_resolved(s, h, in->id)) != NULL) {
		if (!supersedes(e, v, in->status)) {
			s->stats.stale++;
			return ANDON_CHANGE_STALE;
		}
		if (resolved) {
			merge(e, in, v, now);
			return ANDON_CHANGE_UPDATED;
		}
		/* Reopened: back to the active table, with what we knew. */
		tmp = *e;
		remove_history(s, e);
		merge(&tmp, in, v, now);
		tmp.ev.resolved_at = NAN;
		tmp.ev.resolved_by[0] = '\0';
		tmp.ev.resolution_notes[0] = '\0';
		if ((e = insert_active(s, &tmp)) == NULL) {
			return ANDON_CHANGE_REFUSED;
		}
		if (mark) {
			e->mark = s->resync_gen;
		}
		return ANDON_CHANGE_REOPENED;
	}
	entry_from(&tmp, in, h, v, now);
	if (resolved) {
		if (isnan(tmp.ev.resolved_at)) {
			tmp.ev.resolved_at = now;
		}
		push_history(s, &tmp, now);
		return ANDON_CHANGE_RESOLVED;
	}
	if ((e = insert_active(s, &tmp)) == NULL) {
		return ANDON_CHANGE_REFUSED;
	}
	if (mark) {
		e->mark = s->resync_gen;
	}
	return ANDON_CHANGE_ADDED;
}

static enum andon_change put_escalation(struct andon_state *s, const struct andon_escalation *x,
	double now)
{
	struct entry *e;

	if (!x->event_id[0] || !(e = find_active(s, hash_str(x->event_id), x->event_id))) {
		s->stats.unmatched++;
		return ANDON_CHANGE_UNMATCHED;
	}
	if (x->level <= e->ev.escalation_level) {
		return ANDON_CHANGE_NONE;
	}
	e->ev.escalation_level = x->level;
	e->updated = now;
	return ANDON_CHANGE_ESCALATED;
}

static enum andon_change counted(struct andon_state *s, enum andon_change c)
{
	if (ANDON_CHANGED(c)) {
		s->stats.applied++;
	}
	return c;
}

enum andon_change andon_state_apply(struct andon_state *s, const struct andon_msg *m, double now)
{
	switch (m->kind) {
	case ANDON_MSG_EVENT:
		return counted(s, put_event(s, &m->event, m->dedup_key, now, false));
	case ANDON_MSG_ESCALATION:
		return counted(s, put_escalation(s, &m->escalation, now));
	default:
		return ANDON_CHANGE_NONE;
	}
}

enum andon_change andon_state_apply_event(struct andon_state *s, const struct andon_event *ev,
	double now)
{
	return counted(s, put_event(s, ev, NULL, now, false));
}

size_t andon_state_resync(struct andon_state *s, const struct andon_event *events, size_t n,
	double asked_at, double now)
{
	size_t changed = 0;

	s->resync_gen++;
	for (size_t i = 0; i < n; i++) {
		changed += ANDON_CHANGED(counted(s, put_event(s, &events[i], NULL, now, true)));
	}
	/* The pool, not the heap: the heap reorders under removal. */
	for (size_t slot = 0; slot < s->pool_len; slot++) {
		struct entry *e = &s->pool[slot];

		if (e->live && e->mark != s->resync_gen && !(e->updated > asked_at)) {
			resolve_active(s, e, now);
			s->stats.resynced_away++;
			s->stats.applied++;
			changed++;
		}
	}
	return changed;
}

/* The time a history entry counts as resolved at. */
static double resolved_time(const struct entry *e)
{
	return isnan(e->ev.resolved_at) ? e->moved_at : e->ev.resolved_at;
}

void andon_state_prune(struct andon_state *s, double now)
{
	size_t kept = 0;

	/* Compact the ring in place, oldest first, then index it afresh. */
	for (size_t i = 0; i < s->hist_len; i++) {
		struct entry *e = &s->hist[(s->hist_start + i) % s->hist_cap];

		if (!e->live) {
			continue;
		}
		if (resolved_time(e) < now - s->shift) {
			s->stats.pruned++;
			continue;
		}
		if (kept != i) {
			s->hist[(s->hist_start + kept) % s->hist_cap] = *e;
		}
		kept++;
	}
	index_clear(&s->hist_index);
	s->hist_len = s->hist_live = kept;
	for (size_t i = 0; i < kept; i++) {
		size_t slot = (s->hist_start + i) % s->hist_cap;

		index_put(&s->hist_index, s->hist[slot].hash, (uint32_t)slot);
	}
	for (size_t i = kept; i < s->hist_cap; i++) {
		s->hist[(s->hist_start + i) % s->hist_cap].live = false;
	}
}

/*
 * Views.
 */

double andon_event_due(const struct andon_event *e)
{
	if (e->status == ANDON_STATUS_RESOLVED || isnan(e->reported_at)) {
		return NAN;
	}
	if (e->status == ANDON_STATUS_ACKNOWLEDGED) {
		return e->reported_at + andon_resolve_timeout(e->priority) * 60.0;
	}
	return e->reported_at + andon_ack_timeout(e->priority) * 60.0;
}

bool andon_event_overdue(const struct andon_event *e, double now)
{
	double due = andon_event_due(e);

	return !isnan(due) && now > due;
}

struct view {
	enum andon_order order;
	double now;
};

/* Does a come before b in the view? */
static bool before(const struct andon_event *a, const struct andon_event *b,
	const struct view *v)
{
	int c;

	if (v->order == ANDON_ORDER_TIME) {
		c = cmp_time(b->reported_at, a->reported_at);   /* newest first */
	} else {
		int pa = prio_index(a->priority), pb = prio_index(b->priority);
		bool oa = andon_event_overdue(a, v->now), ob = andon_event_overdue(b, v->now);

		if (pa != pb) {
			return pa < pb;
		}
		if (oa != ob) {
			return oa;
		}
		c = cmp_time(a->reported_at, b->reported_at);   /* oldest first */
	}
	return c != 0 ? c < 0 : strcmp(a->id, b->id) < 0;
}

/* out[0..n) as a heap with the event that comes last in the view on top. */
static void view_down(const struct andon_event **out, size_t n, size_t pos, const struct view *v)
{
	for (;;) {
		size_t l = 2 * pos + 1, r = l + 1, top = pos;
		const struct andon_event *tmp;

		if (l < n && before(out[top], out[l], v)) {
			top = l;
		}
		if (r < n && before(out[top], out[r], v)) {
			top = r;
		}
		if (top == pos) {
			return;
		}
		tmp = out[pos];
		out[pos] = out[top];
		out[top] = tmp;
		pos = top;
	}
}

size_t andon_state_view(const struct andon_state *s, const struct andon_event **out,
	size_t max, enum andon_order order, double now)
{
	struct view v = { order, now };
	size_t n = 0;

	if (max == 0) {
		return 0;
	}
	/* Keep the first max of the order in a heap (the last of them on
	 * top), then sort the heap: O(active * log max), no allocation. */
	for (size_t i = 0; i < s->n_active; i++) {
		const struct andon_event *e = &s->pool[s->heap[i]].ev;

		if (n < max) {
			out[n++] = e;
			if (n == max) {
				for (size_t k = n / 2; k-- > 0;) {
					view_down(out, n, k, &v);
				}
			}
		} else if (before(e, out[0], &v)) {
			out[0] = e;
			view_down(out, n, 0, &v);
		}
	}
	if (n < max) {
		for (size_t k = n / 2; k-- > 0;) {
			view_down(out, n, k, &v);
		}
	}
	for (size_t k = n; k > 1; k--) {
		const struct andon_event *tmp = out[0];

		out[0] = out[k - 1];
		out[k - 1] = tmp;
		view_down(out, k - 1, 0, &v);
	}
	return n;
}

size_t andon_state_history(const struct andon_state *s, const struct andon_event **out,
	size_t max)
{
	size_t n = 0;

	for (size_t i = s->hist_len; i-- > 0 && n < max;) {
		const struct entry *e = &s->hist[(s->hist_start + i) % s->hist_cap];

		if (e->live) {
			out[n++] = &e->ev;
		}
	}
	return n;
}

const struct andon_event *andon_state_find(const struct andon_state *s, const char *id)
{
	const struct entry *e = id ? find_active(s, hash_str(id), id) : NULL;

	return e ? &e->ev : NULL;
}

const struct andon_event *andon_state_find_resolved(const struct andon_state *s,
	const char *id)
{
	const struct entry *e = id ? find_resolved(s, hash_str(id), id) : NULL;

	return e ? &e->ev : NULL;
}

size_t andon_state_count(const struct andon_state *s)
{
	return s->n_active;
}

size_t andon_state_history_count(const struct andon_state *s)
{
	return s->hist_live;
}

void andon_state_counts(const struct andon_state *s, size_t counts[ANDON_PRIO_UNKNOWN + 1])
{
	memcpy(counts, s->counts, sizeof(s->counts));
}

size_t andon_state_overdue_count(const struct andon_state *s, double now)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n_active; i++) {
		n += andon_event_overdue(&s->pool[s->heap[i]].ev, now);
	}
	return n;
}

const struct andon_state_stats *andon_state_stats(const struct andon_state *s)
{
	return &s->stats;
}

/*
 * Life cycle.
 */

struct andon_state *andon_state_create(size_t cap, size_t history_cap, double shift_seconds)
{
	struct andon_state *s = xcalloc(1, sizeof(*s));

	s->cap = cap ? (cap < CAP_MAX ? cap : CAP_MAX) : ANDON_STATE_CAP;
	s->hist_cap = history_cap ? (history_cap < CAP_MAX ? history_cap : CAP_MAX) :
		ANDON_HISTORY_CAP;
	s->shift = shift_seconds > 0.0 ? shift_seconds : ANDON_SHIFT_SECONDS;
	grow_pool(s);
	index_init(&s->act_index, s->cap);
	s->hist = xcalloc(s->hist_cap, sizeof(*s->hist));
	index_init(&s->hist_index, s->hist_cap);
	s->seen_cap = 2 * s->cap > SEEN_MIN ? 2 * s->cap : SEEN_MIN;
	s->seen = xcalloc(s->seen_cap, sizeof(*s->seen));
	index_init(&s->seen_index, s->seen_cap);
	return s;
}

void andon_state_destroy(struct andon_state *s)
{
	if (!s) {
		return;
	}
	free(s->pool);
	free(s->free_slots);
	free(s->heap);
	index_finish(&s->act_index);
	free(s->hist);
	index_finish(&s->hist_index);
	free(s->seen);
	index_finish(&s->seen_index);
	free(s);
}
