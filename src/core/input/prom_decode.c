/*
 * Decoding Prometheus (/api/v1/query, /query_range, /alerts,
 * /status/buildinfo) and Alertmanager (/api/v2/alerts, /api/v2/status)
 * responses into the plain structs of prom.h.
 *
 * Every decoder is a pure function of the body bytes and the HTTP status. The
 * body is parsed with cJSON, copied into our own structs, and the cJSON tree
 * is deleted before the decoder returns, on every path. The input is treated
 * as hostile: its size is capped before parsing, and json_parse (json.h)
 * refuses NUL bytes and nesting deeper than JSON_MAX_DEPTH before cJSON
 * recurses into it; every member is type-checked (a wrong type is an error
 * naming the path, never a crash), and every string we keep is a sanitised
 * copy (text.h: an invalid byte becomes U+FFFD, a control character a
 * space). Error messages only ever quote sanitised text, since they end up
 * on a terminal.
 */
#include "ms5top/prom.h"

#include <cjson/cJSON.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms5top/strbuf.h"
#include "ms5top/json.h"
#include "ms5top/text.h"
#include "ms5top/timeparse.h"
#include "ms5top/xalloc.h"

/* Bytes of a body quoted in a "not JSON" message. */
#define SNIPPET_MAX 40

/* Longest detail (an HTML title, a first line) that http_error_describe
 * appends, and how far into a body it looks for one. */
#define DETAIL_MAX 120
#define SCAN_MAX ((size_t)64 * 1024)

/* Longest piece of server-supplied text quoted in an error message, so that
 * the message still fits struct ms5_error. */
#define QUOTE_MAX 240

/* A path such as "data.result[12].values[3]" for error messages. */
#define WHERE_MAX 96

/*
 * Small text helpers.
 */

/* Quotes server text for an error message (text.h): sanitised, and cut
 * before QUOTE_MAX bytes with "...". buf must hold QUOTE_MAX + 4 bytes. */
static const char *quote_text(const char *s, char *buf)
{
	return text_quote(buf, QUOTE_MAX + 4, s, strlen(s));
}

/* Writes the first bytes of a body into buf (SNIPPET_MAX * 4 + 4 bytes) as
 * printable ASCII, with every other byte as a \xNN escape, so that a binary or
 * gzip body is shown for what it is. */
static const char *snippet(const char *body, size_t len, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, n = len < SNIPPET_MAX ? len : SNIPPET_MAX;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)body[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			buf[o++] = (char)c;
		} else {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		}
	}
	if (len > n) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/*
 * Sample values.
 */

/* strtod() in the "C" locale. Plain strtod() follows LC_NUMERIC, so under a
 * German locale it would stop at the '.' of "1.5". strtod_l() would do, but
 * it is a GNU extension that needs _GNU_SOURCE; POSIX 2008's uselocale()
 * switches the locale of this thread only, and newlocale() of "C" allocates
 * nothing on glibc and musl. prom_parse_value() only gets here for the rare
 * values that its exact fast path cannot handle. */
static double c_strtod(const char *s)
{
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old;
	double d;

	if (c == (locale_t)0) {
		ms5_fatal("out of memory (newlocale)");
	}
	old = uselocale(c);
	d = strtod(s, NULL);
	uselocale(old);
	freelocale(c);
	return d;
}

/* Powers of ten that a double holds exactly. */
static const double exact_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The syntax is what Go's strconv.FormatFloat writes and ParseFloat reads,
 * minus hex floats and underscores: an optional sign, digits with an optional
 * point (at least one digit in all), an optional exponent; or NaN, Inf,
 * Infinity with an optional sign, in any case. The syntax is checked here,
 * not by strtod, so that nothing locale-specific is accepted. A number of at
 * most 19 significant digits whose mantissa fits 2^53 and whose decimal
 * exponent is within +-22 is computed exactly with one IEEE multiplication
 * or division (Clinger's fast path); anything else goes to c_strtod(). */
bool prom_parse_value(const char *s, double *v)
{
	static const char *const specials[] = { "nan", "inf", "infinity" };
	const char *p = s, *q;
	uint64_t mant = 0;
	int sig = 0, frac = 0, digits = 0;
	long exp = 0;
	bool neg = false, exact = true;
	double d;

	if (!s) {
		return false;
	}
	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
	}
	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		/* Go reads a sign before Inf but not before NaN. */
		if (text_casecmp(p, specials[i]) == 0 && (i > 0 || p == s)) {
			if (i == 0) {
				d = NAN;
			} else {
				d = neg ? -INFINITY : INFINITY;
			}
			if (v) {
				*v = d;
			}
			return true;
		}
	}
	for (q = p; *q >= '0' && *q <= '9'; q++) {
		digits++;
	}
	if (*q == '.') {
		for (q++; *q >= '0' && *q <= '9'; q++) {
			digits++;
			frac++;
		}
	}
	if (digits == 0) {
		return false;
	}
	for (; p < q; p++) {
		if (*p == '.') {
			continue;
		}
		if (mant == 0 && *p == '0') {
			continue;
		}
		if (++sig > 19) {
			exact = false;
			break;
		}
		mant = mant * 10 + (uint64_t)(*p - '0');
	}
	p = q;
	if (*p == 'e' || *p == 'E') {
		bool eneg = false;

		p++;
		if (*p == '+' || *p == '-') {
			eneg = *p == '-';
			p++;
		}
		if (*p < '0' || *p > '9') {
			return false;
		}
		for (; *p >= '0' && *p <= '9'; p++) {
			if (exp < 100000) {
				exp = exp * 10 + (*p - '0');
			}
		}
		if (eneg) {
			exp = -exp;
		}
	}
	if (*p != '\0') {
		return false;
	}
	exp -= frac;
	if (exact && mant == 0) {
		d = 0.0;
	} else if (exact && mant <= (UINT64_C(1) << 53) && exp >= -22 && exp <= 22) {
		d = (double)mant;
		d = exp < 0 ? d / exact_pow10[-exp] : d * exact_pow10[exp];
	} else {
		d = fabs(c_strtod(s));
	}
	if (v) {
		*v = neg ? -d : d;
	}
	return true;
}

/*
 * JSON helpers.
 */

/* Names a JSON value's type for an error message ("got an array"). */
static const char *type_name(const cJSON *j)
{
	static const struct {
		cJSON_bool (*is)(const cJSON *);
		const char *name;
	} types[] = {
		{ cJSON_IsObject, "an object" }, { cJSON_IsArray, "an array" },
		{ cJSON_IsString, "a string" }, { cJSON_IsNumber, "a number" },
		{ cJSON_IsBool, "a boolean" }, { cJSON_IsNull, "null" },
	};

	if (!j) {
		return "nothing";
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (types[i].is(j)) {
			return types[i].name;
		}
	}
	return "an invalid value";
}

/* Fills err with "<where>: expected <what>, got <type>" (or "missing")
 * and returns false. */
static bool expected(struct ms5_error *err, const char *where, const char *what,
	const cJSON *got)
{
	if (!got) {
		return ms5_error_set(err, "%s: missing (expected %s)", where, what);
	}
	return ms5_error_set(err, "%s: expected %s, got %s", where, what, type_name(got));
}

static const cJSON *member(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

/* True for a member that is absent or null, which optional fields may be. */
static bool absent(const cJSON *j)
{
	return !j || cJSON_IsNull(j);
}

static size_t count(const cJSON *array)
{
	const cJSON *it;
	size_t n = 0;

	cJSON_ArrayForEach(it, array) {
		n++;
	}
	return n;
}

/* Parses the body as exactly one JSON document through json.h (whitespace
 * around it is allowed, anything else is not; invalid UTF-8 in strings is
 * repaired when they are copied). Returns the tree, which the caller
 * deletes, or NULL with err filled. */
static cJSON *parse_json(const char *body, size_t len, struct ms5_error *err)
{
	char snip[SNIPPET_MAX * 4 + 4];
	size_t i = json_start(body, len);
	struct json_result r;
	cJSON *root;

	if (i == len) {
		ms5_error_set(err, "empty response");
		return NULL;
	}
	if (body[i] != '{' && body[i] != '[' && body[i] != '"') {
		ms5_error_set(err, "response is not JSON (it starts with \"%s\")",
			snippet(body + i, len - i, snip));
		return NULL;
	}
	root = json_parse(body, len, PROM_MAX_BODY, JSON_UTF8_REPAIR, &r);
	switch (r.status) {
	case JSON_OK:
		break;
	case JSON_TOO_DEEP:
		ms5_error_set(err, "JSON in response is nested deeper than %d levels", JSON_MAX_DEPTH);
		break;
	case JSON_TRAILING:
		ms5_error_set(err, "invalid JSON in response (offset %zu: data after the end)",
			r.offset);
		break;
	case JSON_SYNTAX:
		ms5_error_set(err, "invalid JSON in response (offset %zu)", r.offset);
		break;
	case JSON_TOO_BIG:
		ms5_error_set(err, "response is %zu bytes, over the %zu-byte cap", len, PROM_MAX_BODY);
		break;
	default:
		json_error(err, "response", &r, len, PROM_MAX_BODY);
		break;
	}
	return root;
}

static bool is_2xx(long status)
{
	return status >= 200 && status <= 299;
}

/* Refuses a body over PROM_MAX_BODY before anything looks at its bytes. */
static bool check_len(const char *body, size_t len, struct ms5_error *err)
{
	if (len > PROM_MAX_BODY) {
		return ms5_error_set(err, "response is %zu bytes, over the %zu-byte cap",
			len, PROM_MAX_BODY);
	}
	if (!body && len) {
		return ms5_error_set(err, "response body missing");
	}
	return true;
}

/*
 * HTTP errors.
 */

static const struct {
	long code;
	const char *reason;
} reasons[] = {
	{ 300, "Multiple Choices" },
	{ 301, "Moved Permanently" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 304, "Not Modified" },
	{ 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 402, "Payment Required" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" },
	{ 408, "Request Timeout" },
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 411, "Length Required" },
	{ 412, "Precondition Failed" },
	{ 413, "Payload Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 416, "Range Not Satisfiable" },
	{ 417, "Expectation Failed" },
	{ 421, "Misdirected Request" },
	{ 422, "Unprocessable Entity" },
	{ 425, "Too Early" },
	{ 426, "Upgrade Required" },
	{ 428, "Precondition Required" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 451, "Unavailable For Legal Reasons" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
	{ 505, "HTTP Version Not Supported" },
	{ 507, "Insufficient Storage" },
	{ 511, "Network Authentication Required" },
};

static const char *reason_phrase(long code)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		if (reasons[i].code == code) {
			return reasons[i].reason;
		}
	}
	return NULL;
}

/* Decodes the HTML character reference at s (n bytes available) into *c and
 * returns its length, or returns 0 when it is not one of the few that proxy
 * error pages use. Non-ASCII references decode to '?'. */
static size_t html_entity(const char *s, size_t n, char *c)
{
	static const struct {
		const char *name;
		char c;
	} entities[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
		{ "&apos;", '\'' }, { "&#39;", '\'' }, { "&nbsp;", ' ' },
	};

	for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
		size_t k = strlen(entities[i].name);

		if (k <= n && memcmp(s, entities[i].name, k) == 0) {
			*c = entities[i].c;
			return k;
		}
	}
	return 0;
}

/* Cleans n bytes of page text into out (DETAIL_MAX + 1 bytes): runs of
 * whitespace become one space, entities are decoded when html is set, any
 * other byte outside printable ASCII becomes '?', and the result is trimmed
 * and cut at DETAIL_MAX bytes ("..." marks the cut). */
static void clean_detail(const char *s, size_t n, bool html, char *out)
{
	size_t o = 0;
	bool space = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		size_t k;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
			space = o > 0;
			continue;
		}
		if (html && c == '&' && (k = html_entity(s + i, n - i, &c)) > 0) {
			i += k - 1;
			if (c == ' ') {
				space = o > 0;
				continue;
			}
		} else if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f) {
			c = '?';
		}
		if (o + (space ? 2 : 1) > DETAIL_MAX) {
			if (o > DETAIL_MAX - 3) {
				o = DETAIL_MAX - 3;
			}
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (space) {
			out[o++] = ' ';
			space = false;
		}
		out[o++] = c;
	}
	out[o] = '\0';
}

/* Finds the text of the first <tag ...>...</tag> element (tag in lower case)
 * and cleans it into out. Returns false when there is none or it is empty. */
static bool html_element(const char *s, size_t n, const char *tag, char *out)
{
	char open[16], close[16];
	size_t a, b, gt;

	snprintf(open, sizeof(open), "<%s", tag);
	snprintf(close, sizeof(close), "</%s", tag);
	a = text_find_ci(s, n, open);
	while (a < n) {
		char next = a + strlen(open) < n ? s[a + strlen(open)] : '\0';

		/* "<title" must not match "<titlebar". */
		if (next == '>' || next == ' ' || next == '\t' || next == '\n' || next == '\r') {
			break;
		}
		a += 1 + text_find_ci(s + a + 1, n - a - 1, open);
	}
	if (a >= n) {
		return false;
	}
	gt = a + text_find_ci(s + a, n - a, ">");
	if (gt >= n) {
		return false;
	}
	gt++;
	b = gt + text_find_ci(s + gt, n - gt, close);
	clean_detail(s + gt, b - gt, true, out);
	return out[0] != '\0';
}

void http_error_describe(long http_status, const char *body, size_t len,
	struct ms5_error *err)
{
	char detail[DETAIL_MAX + 1], both[64];
	const char *reason = reason_phrase(http_status);
	size_t n = body ? (len < SCAN_MAX ? len : SCAN_MAX) : 0;
	size_t i = body ? json_start(body, n) : 0;

	detail[0] = '\0';
	if (i < n && body[i] == '<') {
		if (!html_element(body, n, "title", detail)) {
			html_element(body, n, "h1", detail);
		}
	} else {
		while (i < n && detail[0] == '\0') {
			size_t e = i;

			while (e < n && body[e] != '\n') {
				e++;
			}
			clean_detail(body + i, e - i, false, detail);
			i = e + 1;
		}
	}
	/* Drop a detail that only repeats the status ("502 Bad Gateway"). */
	snprintf(both, sizeof(both), "%ld %s", http_status, reason ? reason : "");
	if (reason && (text_casecmp(detail, reason) == 0 || text_casecmp(detail, both) == 0)) {
		detail[0] = '\0';
	}
	ms5_error_set(err, "HTTP %ld%s%s%s%s", http_status,
		reason ? " " : "", reason ? reason : "",
		detail[0] ? ": " : "", detail);
}

/* Fills err from a Prometheus {"status":"error"} body as "errorType: error"
 * and stores a copy of errorType in *error_type when that is given. */
static void prom_error_message(const cJSON *root, long http_status, char **error_type,
	struct ms5_error *err)
{
	const cJSON *type = member(root, "errorType");
	const cJSON *text = member(root, "error");
	char tq[QUOTE_MAX + 4], eq[QUOTE_MAX + 4];
	const char *t = cJSON_IsString(type) ? quote_text(type->valuestring, tq) : NULL;
	const char *e = cJSON_IsString(text) ? quote_text(text->valuestring, eq) : NULL;

	if (error_type && cJSON_IsString(type)) {
		xstrset(error_type, NULL);
		*error_type = text_dup(type->valuestring);
	}
	if (t && e) {
		ms5_error_set(err, "%s: %s", t, e);
	} else if (t || e) {
		ms5_error_set(err, "%s", t ? t : e);
	} else {
		ms5_error_set(err, "HTTP %ld: the server reported an error without a message",
			http_status);
	}
}

/* Describes a non-2xx response that is not a Prometheus error body. JSON
 * bodies that carry a message (Alertmanager sends a bare JSON string, its
 * go-openapi layer {"code":...,"message":...}) have it quoted; anything else
 * goes to http_error_describe. */
static void non_2xx(long http_status, const char *body, size_t len, const cJSON *root,
	struct ms5_error *err)
{
	char q[QUOTE_MAX + 4];
	const char *reason = reason_phrase(http_status);
	const cJSON *msg = NULL;

	if (cJSON_IsString(root)) {
		msg = root;
	} else if (cJSON_IsObject(root)) {
		msg = member(root, "message");
		if (!cJSON_IsString(msg)) {
			msg = member(root, "error");
		}
	}
	if (cJSON_IsString(msg) && msg->valuestring[0]) {
		ms5_error_set(err, "HTTP %ld%s%s: %s", http_status,
			reason ? " " : "", reason ? reason : "", quote_text(msg->valuestring, q));
	} else {
		http_error_describe(http_status, body, len, err);
	}
}

/* True when root is a Prometheus {"status":"error", ...} body. */
static bool is_prom_error(const cJSON *root)
{
	const cJSON *status = member(root, "status");

	return cJSON_IsObject(root) && cJSON_IsString(status) &&
		strcmp(status->valuestring, "error") == 0;
}

/*
 * Prometheus responses.
 */

/* Copies an array of strings of the envelope, "warnings" or "infos"
 * (absent or null means none). On failure what was copied stays for the
 * caller to free. */
static bool decode_notes(const cJSON *root, const char *key, char ***notes, size_t *n,
	struct ms5_error *err)
{
	const cJSON *w = member(root, key), *it;

	if (absent(w)) {
		return true;
	}
	if (!cJSON_IsArray(w)) {
		return expected(err, key, "an array", w);
	}
	*notes = xcalloc(count(w) + 1, sizeof(**notes));
	cJSON_ArrayForEach(it, w) {
		if (!cJSON_IsString(it)) {
			return ms5_error_set(err, "%s[%zu]: expected a string, got %s",
				key, *n, type_name(it));
		}
		(*notes)[(*n)++] = text_dup(it->valuestring);
	}
	return true;
}

static void free_notes(char ***notes, size_t *n)
{
	for (size_t i = 0; i < *n; i++) {
		free((*notes)[i]);
	}
	free(*notes);
	*notes = NULL;
	*n = 0;
}

/* The warnings and infos of a query's envelope into r. With err NULL (an
 * error body, whose own message is the one to report) an array of the
 * wrong shape is dropped; otherwise it fails the answer. */
static bool decode_envelope_notes(const cJSON *root, struct prom_result *r,
	struct ms5_error *err)
{
	if (!decode_notes(root, "warnings", &r->warnings, &r->n_warnings, err)) {
		free_notes(&r->warnings, &r->n_warnings);
		if (err) {
			return false;
		}
	}
	if (!decode_notes(root, "infos", &r->infos, &r->n_infos, err)) {
		free_notes(&r->infos, &r->n_infos);
		if (err) {
			return false;
		}
	}
	return true;
}

/* The part that every /api/v1 decoder shares. It checks the size and the HTTP
 * status, parses the body, turns a status:"error" body into err, collects the
 * warnings, infos and errorType into *notes (when notes is not NULL), and
 * checks that "data" is an object. Returns the tree (the caller deletes it)
 * with *data pointing into it, or NULL with err filled. The notes are filled
 * whenever the body has them, also on failure. */
static cJSON *prom_envelope(const char *body, size_t len, long http_status,
	const cJSON **data, struct prom_result *notes, struct ms5_error *err)
{
	const cJSON *status;
	cJSON *root;

	if (!check_len(body, len, err)) {
		return NULL;
	}
	if (!is_2xx(http_status)) {
		root = parse_json(body, len, NULL);
		if (is_prom_error(root)) {
			prom_error_message(root, http_status, notes ? &notes->error_type : NULL, err);
			if (notes) {
				decode_envelope_notes(root, notes, NULL);
			}
		} else {
			non_2xx(http_status, body, len, root, err);
		}
		cJSON_Delete(root);
		return NULL;
	}
	root = parse_json(body, len, err);
	if (!root) {
		return NULL;
	}
	if (!cJSON_IsObject(root)) {
		expected(err, "response", "a JSON object", root);
		goto fail;
	}
	status = member(root, "status");
	if (!cJSON_IsString(status)) {
		expected(err, "status", "a string", status);
		goto fail;
	}
	if (strcmp(status->valuestring, "error") == 0) {
		prom_error_message(root, http_status, notes ? &notes->error_type : NULL, err);
		if (notes) {
			decode_envelope_notes(root, notes, NULL);
		}
		goto fail;
	}
	if (strcmp(status->valuestring, "success") != 0) {
		char q[QUOTE_MAX + 4];

		ms5_error_set(err, "status: unexpected \"%s\"", quote_text(status->valuestring, q));
		goto fail;
	}
	if (notes && !decode_envelope_notes(root, notes, err)) {
		goto fail;
	}
	*data = member(root, "data");
	if (!cJSON_IsObject(*data)) {
		expected(err, "data", "an object", *data);
		goto fail;
	}
	return root;

fail:
	cJSON_Delete(root);
	return NULL;
}

/* Orders labels by name, then by value. */
static int label_cmp(const void *a, const void *b)
{
	const struct prom_label *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->value, y->value);
}

static void free_labels(struct prom_label *labels, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(labels[i].name);
		free(labels[i].value);
	}
	free(labels);
}

/* Copies a JSON object of string values into a label array sorted by name
 * (ties, which only a hostile body has, by value, so the order is stable).
 * On failure the labels copied so far stay in *labels and *n, for the caller
 * to free. */
static bool decode_labels(const cJSON *obj, const char *where, struct prom_label **labels,
	size_t *n, struct ms5_error *err)
{
	const cJSON *it;

	*labels = NULL;
	*n = 0;
	if (!cJSON_IsObject(obj)) {
		return expected(err, where, "an object", obj);
	}
	*labels = xcalloc(count(obj) + 1, sizeof(**labels));
	cJSON_ArrayForEach(it, obj) {
		const char *name = it->string ? it->string : "";

		if (!cJSON_IsString(it)) {
			char q[QUOTE_MAX + 4];

			return ms5_error_set(err, "%s.%s: expected a string, got %s", where,
				quote_text(name, q), type_name(it));
		}
		(*labels)[*n].name = text_dup(name);
		(*labels)[*n].value = text_dup(it->valuestring);
		(*n)++;
	}
	qsort(*labels, *n, sizeof(**labels), label_cmp);
	return true;
}

/* Decodes a [time, "value"] pair: the time a finite JSON number, the value a
 * string in prom_parse_value's syntax. */
static bool decode_point(const cJSON *pair, const char *where, struct prom_point *pt,
	struct ms5_error *err)
{
	const cJSON *t, *v;
	char q[QUOTE_MAX + 4];

	if (!cJSON_IsArray(pair) || count(pair) != 2) {
		if (cJSON_IsArray(pair)) {
			return ms5_error_set(err, "%s: expected [time, \"value\"], got %zu elements",
				where, count(pair));
		}
		return expected(err, where, "an array [time, \"value\"]", pair);
	}
	t = pair->child;
	v = t->next;
	if (!cJSON_IsNumber(t) || !isfinite(t->valuedouble)) {
		return ms5_error_set(err, "%s[0]: expected the time as a number, got %s",
			where, cJSON_IsNumber(t) ? "an infinite number" : type_name(t));
	}
	if (!cJSON_IsString(v)) {
		return ms5_error_set(err, "%s[1]: expected the value as a string, got %s",
			where, type_name(v));
	}
	if (!prom_parse_value(v->valuestring, &pt->v)) {
		return ms5_error_set(err, "%s[1]: \"%s\" is not a number", where,
			quote_text(v->valuestring, q));
	}
	pt->t = t->valuedouble;
	return true;
}

/* Parses a member of a histogram that the API writes as a string in
 * prom_parse_value's syntax ("count", "sum", a bucket's boundaries and
 * count). */
static bool hist_number(const cJSON *j, const char *where, double *d, struct ms5_error *err)
{
	char q[QUOTE_MAX + 4];

	if (!cJSON_IsString(j)) {
		return expected(err, where, "a string", j);
	}
	if (!prom_parse_value(j->valuestring, d)) {
		return ms5_error_set(err, "%s: \"%s\" is not a number", where,
			quote_text(j->valuestring, q));
	}
	return true;
}

/* Decodes one bucket, [boundary_rule, "lower", "upper", "count"]. */
static bool decode_bucket(const cJSON *b, const char *where, struct prom_bucket *out,
	struct ms5_error *err)
{
	const cJSON *rule, *lo, *hi, *n;
	char path[WHERE_MAX + 24];

	if (!cJSON_IsArray(b) || count(b) != 4) {
		if (cJSON_IsArray(b)) {
			return ms5_error_set(err, "%s: expected [boundary_rule, \"lower\", \"upper\", "
				"\"count\"], got %zu elements", where, count(b));
		}
		return expected(err, where, "an array [boundary_rule, \"lower\", \"upper\", \"count\"]", b);
	}
	rule = b->child;
	lo = rule->next;
	hi = lo->next;
	n = hi->next;
	if (!cJSON_IsNumber(rule) || !(rule->valuedouble >= 0 && rule->valuedouble <= 3) ||
		rule->valuedouble != (double)(int)rule->valuedouble) {
		if (cJSON_IsNumber(rule)) {
			return ms5_error_set(err, "%s[0]: boundary rule %g is not 0, 1, 2 or 3",
				where, rule->valuedouble);
		}
		return ms5_error_set(err, "%s[0]: expected the boundary rule as a number, got %s",
			where, type_name(rule));
	}
	out->boundary = (enum prom_boundary)(int)rule->valuedouble;
	snprintf(path, sizeof(path), "%s[1]", where);
	if (!hist_number(lo, path, &out->lower, err)) {
		return false;
	}
	snprintf(path, sizeof(path), "%s[2]", where);
	if (!hist_number(hi, path, &out->upper, err)) {
		return false;
	}
	snprintf(path, sizeof(path), "%s[3]", where);
	return hist_number(n, path, &out->count, err);
}

/* Decodes a native histogram sample, [time, {"count": "N", "sum": "S",
 * "buckets": [...]}]: the time a finite JSON number, count and sum required,
 * buckets optional (absent or null: none). On failure what was copied stays
 * in *h for the caller to free. */
static bool decode_histogram(const cJSON *pair, const char *where, struct prom_histogram *h,
	struct ms5_error *err)
{
	const cJSON *t, *obj, *buckets, *b;
	char path[WHERE_MAX + 16];
	size_t j = 0;

	if (!cJSON_IsArray(pair) || count(pair) != 2) {
		if (cJSON_IsArray(pair)) {
			return ms5_error_set(err, "%s: expected [time, {histogram}], got %zu elements",
				where, count(pair));
		}
		return expected(err, where, "an array [time, {histogram}]", pair);
	}
	t = pair->child;
	obj = t->next;
	if (!cJSON_IsNumber(t) || !isfinite(t->valuedouble)) {
		return ms5_error_set(err, "%s[0]: expected the time as a number, got %s",
			where, cJSON_IsNumber(t) ? "an infinite number" : type_name(t));
	}
	h->t = t->valuedouble;
	if (!cJSON_IsObject(obj)) {
		return ms5_error_set(err, "%s[1]: expected the histogram as an object, got %s",
			where, type_name(obj));
	}
	snprintf(path, sizeof(path), "%s[1].count", where);
	if (!hist_number(member(obj, "count"), path, &h->count, err)) {
		return false;
	}
	snprintf(path, sizeof(path), "%s[1].sum", where);
	if (!hist_number(member(obj, "sum"), path, &h->sum, err)) {
		return false;
	}
	buckets = member(obj, "buckets");
	snprintf(path, sizeof(path), "%s[1].buckets", where);
	if (absent(buckets)) {
		return true;
	}
	if (!cJSON_IsArray(buckets)) {
		return expected(err, path, "an array", buckets);
	}
	h->n_buckets = count(buckets);
	if (h->n_buckets > PROM_MAX_BUCKETS) {
		size_t n = h->n_buckets;

		h->n_buckets = 0;
		return ms5_error_set(err, "%s: %zu buckets, over the limit of %d", path, n,
			PROM_MAX_BUCKETS);
	}
	if (h->n_buckets == 0) {
		return true;   /* buckets stays NULL, as for none at all */
	}
	h->buckets = xcalloc(h->n_buckets, sizeof(*h->buckets));
	cJSON_ArrayForEach(b, buckets) {
		snprintf(path, sizeof(path), "%s[1].buckets[%zu]", where, j);
		if (!decode_bucket(b, path, &h->buckets[j], err)) {
			return false;
		}
		j++;
	}
	return true;
}

/* Orders a series' points by time; a float sample (index below n_float)
 * before a histogram's count at an equal time, and otherwise the order
 * they came in, so that the sort is stable. */
struct merged_point {
	struct prom_point p;
	size_t index;
};

static int merged_cmp(const void *a, const void *b)
{
	const struct merged_point *x = a, *y = b;

	if (x->p.t != y->p.t) {
		return x->p.t < y->p.t ? -1 : 1;
	}
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Appends each histogram's count to the float points of s, and orders the
 * lot by time when there are both kinds (prom.h). */
static void merge_histogram_points(struct prom_series *s)
{
	size_t n = s->n_points + s->n_histograms;
	struct merged_point *m;

	if (s->n_histograms == 0) {
		return;
	}
	m = xcalloc(n + 1, sizeof(*m));
	for (size_t i = 0; i < s->n_points; i++) {
		m[i].p = s->points[i];
		m[i].index = i;
	}
	for (size_t i = 0; i < s->n_histograms; i++) {
		m[s->n_points + i].p.t = s->histograms[i].t;
		m[s->n_points + i].p.v = s->histograms[i].count;
		m[s->n_points + i].index = s->n_points + i;
	}
	if (s->n_points > 0) {
		qsort(m, n, sizeof(*m), merged_cmp);
	}
	free(s->points);
	s->points = xcalloc(n + 1, sizeof(*s->points));
	for (size_t i = 0; i < n; i++) {
		s->points[i] = m[i].p;
	}
	s->n_points = n;
	free(m);
}

/* Decodes the one sample of a vector series: a "value" or a "histogram". */
static bool decode_vector_sample(const cJSON *item, size_t i, struct prom_series *s,
	struct ms5_error *err)
{
	const cJSON *value = member(item, "value"), *hist = member(item, "histogram");
	char where[WHERE_MAX];

	/* A null member is as good as none: a value with a null histogram is a
	 * float sample, and the other way round. */
	value = absent(value) ? NULL : value;
	hist = absent(hist) ? NULL : hist;

	if (value && hist) {
		return ms5_error_set(err, "data.result[%zu]: both a value and a histogram "
			"(expected one)", i);
	}
	if (hist) {
		snprintf(where, sizeof(where), "data.result[%zu].histogram", i);
		s->histograms = xcalloc(1, sizeof(*s->histograms));
		s->n_histograms = 1;
		if (!decode_histogram(hist, where, &s->histograms[0], err)) {
			return false;
		}
		merge_histogram_points(s);
		return true;
	}
	snprintf(where, sizeof(where), "data.result[%zu].value", i);
	s->points = xcalloc(1, sizeof(*s->points));
	s->n_points = 1;
	return decode_point(value, where, &s->points[0], err);
}

/* Decodes the samples of a matrix series: "values", "histograms", or both;
 * at least one of them. */
static bool decode_matrix_samples(const cJSON *item, size_t i, struct prom_series *s,
	struct ms5_error *err)
{
	const cJSON *values = member(item, "values"), *hists = member(item, "histograms"), *p;
	char where[WHERE_MAX];
	size_t j = 0;

	values = absent(values) ? NULL : values;   /* null as in decode_vector_sample */
	hists = absent(hists) ? NULL : hists;
	if (values || !hists) {
		snprintf(where, sizeof(where), "data.result[%zu].values", i);
		if (!cJSON_IsArray(values)) {
			return expected(err, where, "an array", values);
		}
		s->n_points = count(values);
		s->points = xcalloc(s->n_points + 1, sizeof(*s->points));
		cJSON_ArrayForEach(p, values) {
			snprintf(where, sizeof(where), "data.result[%zu].values[%zu]", i, j);
			if (!decode_point(p, where, &s->points[j], err)) {
				return false;
			}
			j++;
		}
	}
	if (!hists) {
		return true;
	}
	snprintf(where, sizeof(where), "data.result[%zu].histograms", i);
	if (!cJSON_IsArray(hists)) {
		return expected(err, where, "an array", hists);
	}
	s->n_histograms = count(hists);
	if (s->n_histograms == 0) {
		return true;   /* histograms stays NULL (prom.h) */
	}
	s->histograms = xcalloc(s->n_histograms, sizeof(*s->histograms));
	j = 0;
	cJSON_ArrayForEach(p, hists) {
		snprintf(where, sizeof(where), "data.result[%zu].histograms[%zu]", i, j);
		if (!decode_histogram(p, where, &s->histograms[j], err)) {
			return false;
		}
		j++;
	}
	merge_histogram_points(s);
	return true;
}

/* Decodes the "result" of a vector (one "value" or "histogram" per series)
 * or a matrix ("values" and/or "histograms"). */
static bool decode_series(const cJSON *result, bool matrix, struct prom_result *out,
	struct ms5_error *err)
{
	const cJSON *item;
	size_t i = 0;

	if (!cJSON_IsArray(result)) {
		return expected(err, "data.result", "an array", result);
	}
	out->n_series = count(result);
	out->series = xcalloc(out->n_series + 1, sizeof(*out->series));
	cJSON_ArrayForEach(item, result) {
		struct prom_series *s = &out->series[i];
		char where[WHERE_MAX];

		snprintf(where, sizeof(where), "data.result[%zu]", i);
		if (!cJSON_IsObject(item)) {
			return expected(err, where, "an object", item);
		}
		snprintf(where, sizeof(where), "data.result[%zu].metric", i);
		if (!decode_labels(member(item, "metric"), where, &s->labels, &s->n_labels, err)) {
			return false;
		}
		if (matrix ? !decode_matrix_samples(item, i, s, err) :
			!decode_vector_sample(item, i, s, err)) {
			return false;
		}
		i++;
	}
	return true;
}

static void free_series(struct prom_result *r)
{
	for (size_t i = 0; i < r->n_series; i++) {
		struct prom_series *s = &r->series[i];

		free_labels(s->labels, s->n_labels);
		free(s->points);
		for (size_t k = 0; k < s->n_histograms; k++) {
			free(s->histograms[k].buckets);
		}
		free(s->histograms);
	}
	free(r->series);
	r->series = NULL;
	r->n_series = 0;
}

/* Decodes the [time, "text"] result of a string query. */
static bool decode_string(const cJSON *result, struct prom_result *out,
	struct ms5_error *err)
{
	const cJSON *t, *s;

	if (!cJSON_IsArray(result) || count(result) != 2) {
		return expected(err, "data.result", "an array [time, \"string\"]", result);
	}
	t = result->child;
	s = t->next;
	if (!cJSON_IsNumber(t) || !isfinite(t->valuedouble)) {
		return expected(err, "data.result[0]", "a finite number", t);
	}
	if (!cJSON_IsString(s)) {
		return expected(err, "data.result[1]", "a string", s);
	}
	out->scalar.t = t->valuedouble;
	out->string = text_dup(s->valuestring);
	return true;
}

bool prom_decode_query(const char *body, size_t len, long http_status,
	struct prom_result *out, struct ms5_error *err)
{
	const cJSON *data = NULL, *type, *result;
	cJSON *root;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	out->scalar.t = NAN;
	out->scalar.v = NAN;
	root = prom_envelope(body, len, http_status, &data, out, err);
	if (!root) {
		return false;
	}
	type = member(data, "resultType");
	result = member(data, "result");
	if (!cJSON_IsString(type)) {
		expected(err, "data.resultType", "a string", type);
	} else if (!result) {
		expected(err, "data.result", "a value", result);
	} else if (strcmp(type->valuestring, "vector") == 0) {
		ok = decode_series(result, false, out, err);
		out->type = PROM_RESULT_VECTOR;
	} else if (strcmp(type->valuestring, "matrix") == 0) {
		ok = decode_series(result, true, out, err);
		out->type = PROM_RESULT_MATRIX;
	} else if (strcmp(type->valuestring, "scalar") == 0) {
		ok = decode_point(result, "data.result", &out->scalar, err);
		out->type = PROM_RESULT_SCALAR;
	} else if (strcmp(type->valuestring, "string") == 0) {
		ok = decode_string(result, out, err);
		out->type = PROM_RESULT_STRING;
	} else {
		char q[QUOTE_MAX + 4];

		ms5_error_set(err, "data.resultType: unknown \"%s\"",
			quote_text(type->valuestring, q));
	}
	cJSON_Delete(root);
	if (!ok) {
		free_series(out);
		free(out->string);
		out->string = NULL;
		out->type = PROM_RESULT_NONE;
		out->scalar.t = NAN;
		out->scalar.v = NAN;
	}
	return ok;
}

void prom_result_finish(struct prom_result *r)
{
	if (!r) {
		return;
	}
	free_series(r);
	free(r->string);
	free_notes(&r->warnings, &r->n_warnings);
	free_notes(&r->infos, &r->n_infos);
	free(r->error_type);
	memset(r, 0, sizeof(*r));
}

const char *prom_label_get(const struct prom_label *labels, size_t n, const char *name)
{
	if (!labels || !name) {
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(labels[i].name, name) == 0) {
			return labels[i].value;
		}
	}
	return NULL;
}

/*
 * Alerts.
 */

/* Reads an optional RFC 3339 time member into *t (NAN when absent). */
static bool decode_time(const cJSON *obj, const char *name, const char *where, double *t,
	struct ms5_error *err)
{
	const cJSON *j = member(obj, name);
	char q[QUOTE_MAX + 4];

	*t = NAN;
	if (absent(j)) {
		return true;
	}
	if (!cJSON_IsString(j)) {
		return ms5_error_set(err, "%s.%s: expected a string, got %s", where, name,
			type_name(j));
	}
	if (!iso8601_parse(j->valuestring, t)) {
		*t = NAN;
		return ms5_error_set(err, "%s.%s: \"%s\" is not an RFC 3339 time", where, name,
			quote_text(j->valuestring, q));
	}
	return true;
}

/* Decodes one alert, from Prometheus (am false) or Alertmanager (am true).
 * labels and the state are required; everything else is optional, but has to
 * have the right type when present. On failure whatever was copied stays in
 * *a for the caller to free. */
static bool decode_alert(const cJSON *item, const char *where, bool am, struct prom_alert *a,
	struct ms5_error *err)
{
	char path[WHERE_MAX + 32];
	const cJSON *ann, *state, *j;

	a->since = NAN;
	a->value = NAN;
	if (!cJSON_IsObject(item)) {
		return expected(err, where, "an object", item);
	}
	snprintf(path, sizeof(path), "%s.labels", where);
	if (!decode_labels(member(item, "labels"), path, &a->labels, &a->n_labels, err)) {
		return false;
	}
	ann = member(item, "annotations");
	snprintf(path, sizeof(path), "%s.annotations", where);
	if (!absent(ann) &&
		!decode_labels(ann, path, &a->annotations, &a->n_annotations, err)) {
		return false;
	}
	if (am) {
		j = member(item, "status");
		snprintf(path, sizeof(path), "%s.status", where);
		if (!cJSON_IsObject(j)) {
			return expected(err, path, "an object", j);
		}
		state = member(j, "state");
		snprintf(path, sizeof(path), "%s.status.state", where);
	} else {
		state = member(item, "state");
		snprintf(path, sizeof(path), "%s.state", where);
	}
	if (!cJSON_IsString(state)) {
		return expected(err, path, "a string", state);
	}
	a->state = text_dup(state->valuestring);
	if (!decode_time(item, am ? "startsAt" : "activeAt", where, &a->since, err)) {
		return false;
	}
	if (am) {
		j = member(item, "fingerprint");
		if (!absent(j) && !cJSON_IsString(j)) {
			snprintf(path, sizeof(path), "%s.fingerprint", where);
			return expected(err, path, "a string", j);
		}
		a->fingerprint = cJSON_IsString(j) ? text_dup(j->valuestring) : NULL;
	} else {
		j = member(item, "value");
		snprintf(path, sizeof(path), "%s.value", where);
		if (!absent(j) && !cJSON_IsString(j)) {
			return expected(err, path, "a string", j);
		}
		if (cJSON_IsString(j) && !prom_parse_value(j->valuestring, &a->value)) {
			char q[QUOTE_MAX + 4];

			a->value = NAN;
			return ms5_error_set(err, "%s: \"%s\" is not a number", path,
				quote_text(j->valuestring, q));
		}
	}
	return true;
}

/* Decodes an array of alerts into out; prefix names the array in messages.
 * On failure out is emptied. */
static bool decode_alert_array(const cJSON *arr, const char *prefix, bool am,
	struct prom_alerts *out, struct ms5_error *err)
{
	const cJSON *item;
	size_t i = 0;

	if (!cJSON_IsArray(arr)) {
		return expected(err, prefix, "an array", arr);
	}
	out->n = count(arr);
	out->alerts = xcalloc(out->n + 1, sizeof(*out->alerts));
	cJSON_ArrayForEach(item, arr) {
		char where[WHERE_MAX];

		snprintf(where, sizeof(where), "%s[%zu]", prefix, i);
		if (!decode_alert(item, where, am, &out->alerts[i], err)) {
			prom_alerts_finish(out);
			return false;
		}
		i++;
	}
	return true;
}

bool prom_decode_alerts(const char *body, size_t len, long http_status,
	struct prom_alerts *out, struct ms5_error *err)
{
	const cJSON *data = NULL;
	cJSON *root;
	bool ok;

	memset(out, 0, sizeof(*out));
	root = prom_envelope(body, len, http_status, &data, NULL, err);
	if (!root) {
		return false;
	}
	ok = decode_alert_array(member(data, "alerts"), "data.alerts", false, out, err);
	cJSON_Delete(root);
	return ok;
}

/* Parses an Alertmanager v2 body: size check, non-2xx handling, JSON. */
static cJSON *am_parse(const char *body, size_t len, long http_status,
	struct ms5_error *err)
{
	cJSON *root;

	if (!check_len(body, len, err)) {
		return NULL;
	}
	if (!is_2xx(http_status)) {
		root = parse_json(body, len, NULL);
		non_2xx(http_status, body, len, root, err);
		cJSON_Delete(root);
		return NULL;
	}
	return parse_json(body, len, err);
}

bool am_decode_alerts(const char *body, size_t len, long http_status,
	struct prom_alerts *out, struct ms5_error *err)
{
	cJSON *root;
	bool ok;

	memset(out, 0, sizeof(*out));
	root = am_parse(body, len, http_status, err);
	if (!root) {
		return false;
	}
	ok = decode_alert_array(root, "alerts", true, out, err);
	cJSON_Delete(root);
	return ok;
}

void prom_alerts_finish(struct prom_alerts *a)
{
	if (!a) {
		return;
	}
	for (size_t i = 0; i < a->n; i++) {
		struct prom_alert *x = &a->alerts[i];

		free_labels(x->labels, x->n_labels);
		free_labels(x->annotations, x->n_annotations);
		free(x->state);
		free(x->fingerprint);
	}
	free(a->alerts);
	a->alerts = NULL;
	a->n = 0;
}

/*
 * Versions.
 */

/* Copies a version string as printable ASCII (anything else becomes '?'),
 * cut to fit version_size. */
static bool copy_version(const cJSON *v, const char *where, char *version,
	size_t version_size, struct ms5_error *err)
{
	size_t o = 0;

	if (!cJSON_IsString(v)) {
		return expected(err, where, "a string", v);
	}
	if (!version || version_size == 0) {
		return ms5_error_set(err, "no room for the version");
	}
	for (const char *s = v->valuestring; *s && o + 1 < version_size; s++) {
		unsigned char c = (unsigned char)*s;

		version[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	version[o] = '\0';
	return true;
}

bool prom_decode_buildinfo(const char *body, size_t len, long http_status,
	char *version, size_t version_size, struct ms5_error *err)
{
	const cJSON *data = NULL;
	cJSON *root;
	bool ok;

	if (version && version_size) {
		version[0] = '\0';
	}
	root = prom_envelope(body, len, http_status, &data, NULL, err);
	if (!root) {
		return false;
	}
	ok = copy_version(member(data, "version"), "data.version", version, version_size, err);
	cJSON_Delete(root);
	return ok;
}

bool am_decode_status(const char *body, size_t len, long http_status,
	char *version, size_t version_size, struct ms5_error *err)
{
	const cJSON *info;
	cJSON *root;
	bool ok = false;

	if (version && version_size) {
		version[0] = '\0';
	}
	root = am_parse(body, len, http_status, err);
	if (!root) {
		return false;
	}
	info = cJSON_IsObject(root) ? member(root, "versionInfo") : NULL;
	if (!cJSON_IsObject(root)) {
		expected(err, "response", "a JSON object", root);
	} else if (!cJSON_IsObject(info)) {
		expected(err, "versionInfo", "an object", info);
	} else {
		ok = copy_version(member(info, "version"), "versionInfo.version", version,
			version_size, err);
	}
	cJSON_Delete(root);
	return ok;
}

/* The names of the recording rules in /api/v1/rules:
 * {"status":"success","data":{"groups":[{"rules":[{"type":"recording",
 * "name":"line:..."}, ...]}, ...]}}. Alerting rules are skipped. */
bool prom_decode_rule_names(const char *body, size_t len, long http_status,
	char ***names, size_t *n, struct ms5_error *err)
{
	const cJSON *data = NULL, *groups, *g;
	cJSON *root;
	size_t cap = 0, gi = 0;

	*names = NULL;
	*n = 0;
	root = prom_envelope(body, len, http_status, &data, NULL, err);
	if (!root) {
		return false;
	}
	groups = member(data, "groups");
	if (!cJSON_IsArray(groups)) {
		expected(err, "data.groups", "an array", groups);
		cJSON_Delete(root);
		return false;
	}
	cJSON_ArrayForEach(g, groups) {
		const cJSON *rules = member(g, "rules"), *r;
		char where[64];

		snprintf(where, sizeof(where), "data.groups[%zu].rules", gi++);
		if (!cJSON_IsArray(rules)) {
			expected(err, where, "an array", rules);
			prom_rule_names_finish(*names, *n);
			*names = NULL;
			*n = 0;
			cJSON_Delete(root);
			return false;
		}
		cJSON_ArrayForEach(r, rules) {
			const cJSON *type = member(r, "type"), *name = member(r, "name");

			if (!cJSON_IsString(type) || strcmp(type->valuestring, "recording") != 0 ||
				!cJSON_IsString(name) || *n >= PROM_MAX_RULES) {
				continue;
			}
			*names = xgrow(*names, &cap, *n + 1, sizeof(**names));
			(*names)[(*n)++] = xstrdup(name->valuestring);
		}
	}
	cJSON_Delete(root);
	return true;
}

void prom_rule_names_finish(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
	}
	free(names);
}
