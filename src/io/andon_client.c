/*
 * The Andon stream client. See andon_client.h.
 *
 * Life of a connection:
 *   start -> [login] -> resolve (uv_getaddrinfo) -> lws connect -> ESTABLISHED
 *         -> subscribe + REST resync -> frames ... -> closed/error/silent
 *         -> backoff timer -> resolve ...
 * lws resolves names synchronously, so the name is resolved on the libuv
 * thread pool first and lws is given the address. Every lws callback runs
 * on our loop; writes happen only in CLIENT_WRITEABLE. lws reports a failed
 * attempt with CLIENT_CONNECTION_ERROR (no CLOSED follows) and a closed
 * connection with CLIENT_CLOSED; after either the wsi is gone.
 */
#include "andon_client.h"

#include <cjson/cJSON.h>
#include <libwebsockets.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ms5top/backoff.h"
#include "ms5top/config.h"
#include "ms5top/prom.h"
#include "ms5top/secret.h"
#include "ms5top/strbuf.h"
#include "ms5top/token.h"
#include "ms5top/url.h"
#include "ms5top/xalloc.h"

#define GOODBYE_MS 500    /* how long a close frame may take at exit */
#define OUTQ 512         /* queued outgoing messages: a subscribe per line, and more */
#define UP_STABLE_MS 30000  /* a connection up this long resets the backoff */

struct resolve_req {
	uv_getaddrinfo_t req;
	struct andon_client *client;   /* NULL once the client is gone */
};

struct andon_client {
	uv_loop_t *loop;
	struct http *http;
	struct lws_context *ctx;
	struct lws *wsi;
	struct andon_client_hooks hooks;
	void *ud;
	struct andon_client_status st;

	/* Options (copies). */
	struct url_parts url;
	char *api_url, *token_file, *user, *password;
	char **lines;
	size_t n_lines;
	bool tls, insecure;
	uint64_t heartbeat_ms;
	const char *ping_type;          /* "heartbeat" on /ws/, "ping" elsewhere */

	/* Tokens. */
	char *access, *refresh;
	bool fixed_token;               /* --token: nothing to refresh */
	bool auth_retry_used;           /* one refresh/login per auth failure */

	/* Timers (embedded; the client is freed when all have closed). */
	uv_timer_t retry, beat, renew;
	int open_handles;
	bool dying;
	bool leaving;                   /* sending the close frame before the context goes */

	struct resolve_req *resolving;
	struct backoff backoff;
	uint64_t up_since;              /* uv_now when ESTABLISHED */
	uint64_t last_rx;               /* uv_now of the newest frame */
	int close_code;                 /* from the peer's close frame */

	struct strbuf rx;               /* reassembly of one message */
	bool rx_oversized, rx_binary;
	char *outq[OUTQ];
	size_t outq_head, outq_len;
};

static void schedule_retry(struct andon_client *c, enum andon_conn why, const char *detail);
static void on_goodbye_done(uv_timer_t *t);
static void connect_now(struct andon_client *c);
static void login(struct andon_client *c, bool use_refresh);

const char *andon_conn_name(enum andon_conn s)
{
	static const char *const names[] = { "idle", "logging in", "connecting", "up",
		"reconnecting", "authentication failed" };

	return names[s];
}

static void set_state(struct andon_client *c, enum andon_conn s, const char *detail)
{
	c->st.conn = s;
	snprintf(c->st.detail, sizeof(c->st.detail), "%s", detail ? detail : "");
	log_msg("andon: %s%s%s", andon_conn_name(s), detail && *detail ? ": " : "",
		detail ? detail : "");
	if (c->hooks.status) {
		c->hooks.status(c->ud, &c->st);
	}
}

/* ---- Outgoing messages ------------------------------------------------- */

static void send_json(struct andon_client *c, cJSON *msg)
{
	char *text = cJSON_PrintUnformatted(msg);

	cJSON_Delete(msg);
	if (!text) {
		return;
	}
	if (c->outq_len == OUTQ) {
		log_msg("andon: send queue full, dropping %s", text);
		free(text);
		return;
	}
	c->outq[(c->outq_head + c->outq_len++) % OUTQ] = text;
	if (c->wsi) {
		lws_callback_on_writable(c->wsi);
	}
}

static void outq_clear(struct andon_client *c)
{
	while (c->outq_len) {
		free(c->outq[c->outq_head]);
		c->outq_head = (c->outq_head + 1) % OUTQ;
		c->outq_len--;
	}
}

static void subscribe(struct andon_client *c, const char *type, const char *target)
{
	cJSON *m = cJSON_CreateObject();

	cJSON_AddStringToObject(m, "type", "subscribe");
	cJSON_AddStringToObject(m, "subscription_type", type);
	cJSON_AddStringToObject(m, "target_id", target);
	cJSON_AddObjectToObject(m, "filters");
	send_json(c, m);
}

/* ---- REST: tokens and resync ------------------------------------------ */

static char *api(struct andon_client *c, const char *path)
{
	return url_join(c->api_url, path);
}

/* The stream stays up without the list; the owner hears of the failure
 * (a snapshot stops waiting for it) and the next connect asks again. */
static void resync_failed(struct andon_client *c, const char *why)
{
	log_msg("andon: resync failed: %s", why);
	snprintf(c->st.resync_error, sizeof(c->st.resync_error), "%s", why);
	if (c->hooks.status) {
		c->hooks.status(c->ud, &c->st);
	}
}

static void on_resync(void *ud, const struct http_response *r)
{
	struct andon_client *c = ud;
	struct andon_event *events = NULL;
	size_t n = 0, skipped = 0;
	struct ms5_error err = { "" };

	if (r->error) {
		resync_failed(c, r->error);
		return;
	}
	if (r->status < 200 || r->status > 299) {
		http_error_describe(r->status, r->body, r->len, &err);
		resync_failed(c, err.msg);
		return;
	}
	if (!andon_decode_active(r->body, r->len, &events, &n, &skipped, &err)) {
		resync_failed(c, err.msg);
		return;
	}
	c->st.resync_error[0] = '\0';
	log_msg("andon: resync: %zu active events (%zu skipped)", n, skipped);
	c->st.malformed += skipped;
	if (c->hooks.resync) {
		c->hooks.resync(c->ud, events, n);
	}
	free(events);
}

#define MAX_AUTO_LINES 256

/* With no --line, every line the backend lists is subscribed too, so that
 * low and medium Andon events arrive live and not only at the next
 * resync (escalation "all" carries the high and critical ones). */
static void on_lines(void *ud, const struct http_response *r)
{
	struct andon_client *c = ud;
	char (*ids)[ANDON_ID_SIZE] = NULL;
	struct ms5_error err = { "" };
	size_t n = 0;

	if (r->error || r->status < 200 || r->status > 299) {
		log_msg("andon: cannot list the lines (%s); following escalations and downtime only",
			r->error ? r->error : "HTTP error");
		return;
	}
	if (!andon_decode_lines(r->body, r->len, MAX_AUTO_LINES, &ids, &n, &err)) {
		log_msg("andon: lines: %s", err.msg);
		return;
	}
	log_msg("andon: subscribing to %zu lines", n);
	for (size_t i = 0; i < n && c->wsi; i++) {
		subscribe(c, "line", ids[i]);
	}
	free(ids);
}

static void fetch_lines(struct andon_client *c)
{
	char *url = api(c, "/api/v1/dashboard/lines");
	struct http_request req = { .url = url, .bearer = c->access, .no_auth = !c->access };

	http_send(c->http, &req, on_lines, c);
	free(url);
}

static void resync(struct andon_client *c)
{
	char *url = api(c, "/api/v1/andon/events/active");
	struct http_request req = { .url = url, .bearer = c->access, .no_auth = !c->access };

	http_send(c->http, &req, on_resync, c);
	free(url);
}

static void on_renew_timer(uv_timer_t *t)
{
	login(t->data, true);
}

/* Keeps the new tokens and schedules the next refresh before expiry. */
static void take_tokens(struct andon_client *c, char *access, char *refresh, double expires_in)
{
	double exp_unix, now_unix = (double)time(NULL);
	double lifetime = expires_in;

	secret_free(c->access);
	c->access = access;
	if (refresh) {
		secret_free(c->refresh);
		c->refresh = refresh;
	}
	if (isnan(lifetime) && jwt_exp(access, &exp_unix)) {
		lifetime = exp_unix - now_unix;
	}
	if (!isnan(lifetime)) {
		double in = token_refresh_in(lifetime);

		log_msg("andon: token valid for %.0f s, refreshing in %.0f s", lifetime, in);
		uv_timer_start(&c->renew, on_renew_timer, (uint64_t)(in * 1000.0), 0);
	}
}

/* A token refresh failed while the stream is up: the connection goes on
 * with the old token while it lasts, and the refresh is tried again on the
 * backoff schedule instead of tearing a working stream down. */
static void login_failed(struct andon_client *c, enum andon_conn why, const char *detail)
{
	if (c->wsi) {
		double delay = backoff_next(&c->backoff);

		log_msg("andon: token refresh failed (%s); trying again in %.0f s", detail, delay);
		uv_timer_start(&c->renew, on_renew_timer, (uint64_t)(delay * 1000.0), 0);
		return;
	}
	schedule_retry(c, why, detail);
}

static void on_login(void *ud, const struct http_response *r)
{
	struct andon_client *c = ud;
	char *access = NULL, *refresh = NULL;
	double expires_in = NAN;
	struct ms5_error err = { "" };
	/* A live connection goes on with the new token. Ask the socket, not
	 * the state: after a 1008/1011 close the state still says "up". */
	bool was_up = c->wsi != NULL;

	if (r->error) {
		login_failed(c, ANDON_CONN_RETRY, r->error);
		return;
	}
	if (r->status == 401 || r->status == 403 || r->status == 422) {
		if (c->refresh && r->status != 422 && c->user) {
			/* The refresh token was refused: log in afresh. */
			secret_free(c->refresh);
			c->refresh = NULL;
			login(c, false);
			return;
		}
		snprintf(err.msg, sizeof(err.msg), "login refused (HTTP %ld): check --user and --password-file",
			r->status);
		login_failed(c, ANDON_CONN_AUTH_FAILED, err.msg);
		return;
	}
	if (r->status < 200 || r->status > 299 ||
		!andon_decode_token(r->body, r->len, &access, &refresh, &expires_in, &err)) {
		if (!err.msg[0]) {
			snprintf(err.msg, sizeof(err.msg), "login failed (HTTP %ld)", r->status);
		}
		login_failed(c, ANDON_CONN_RETRY, err.msg);
		return;
	}
	if (andon_decode_user_role(r->body, r->len, c->st.user_role, sizeof(c->st.user_role))) {
		log_msg("andon: logged in with the MS5 role '%s'", c->st.user_role);
	}
	take_tokens(c, access, refresh, expires_in);
	if (!was_up) {
		connect_now(c);
	}
}

/* Wipes the string members of a login or refresh body (the password, the
 * refresh token) before cJSON frees them. */
static void wipe_json_strings(cJSON *j)
{
	for (cJSON *it = j ? j->child : NULL; it; it = it->next) {
		if (cJSON_IsString(it) && it->valuestring) {
			secret_wipe(it->valuestring, strlen(it->valuestring));
		}
	}
}

/* Logs in with the user's password, or refreshes with the refresh token. */
static void login(struct andon_client *c, bool use_refresh)
{
	cJSON *body = cJSON_CreateObject();
	char *text, *url;
	struct http_request req = { .content_type = "application/json", .no_auth = true };

	if (use_refresh && c->refresh) {
		url = api(c, "/api/v1/auth/refresh");
		cJSON_AddStringToObject(body, "refresh_token", c->refresh);
	} else if (c->user && c->password) {
		url = api(c, "/api/v1/auth/login");
		cJSON_AddStringToObject(body, "username", c->user);
		cJSON_AddStringToObject(body, "password", c->password);
		cJSON_AddFalseToObject(body, "remember_me");
	} else {
		cJSON_Delete(body);
		connect_now(c);
		return;
	}
	text = cJSON_PrintUnformatted(body);
	wipe_json_strings(body);
	cJSON_Delete(body);
	req.url = url;
	req.body = text;
	if (c->st.conn != ANDON_CONN_UP) {
		set_state(c, ANDON_CONN_LOGIN, use_refresh && c->refresh ? "refreshing the token" : "logging in");
	}
	if (http_send(c->http, &req, on_login, c) == HTTP_FAILED) {
		schedule_retry(c, ANDON_CONN_RETRY, "cannot start the login request");
	}
	free(url);
	secret_free(text);
}

/* ---- Connection -------------------------------------------------------- */

static void on_retry_timer(uv_timer_t *t)
{
	struct andon_client *c = t->data;

	if (!c->fixed_token && (c->refresh || c->user) && !c->access) {
		login(c, c->refresh != NULL);
	} else {
		connect_now(c);
	}
}

static void schedule_retry(struct andon_client *c, enum andon_conn why, const char *detail)
{
	double delay = backoff_next(&c->backoff);

	if (c->dying) {
		return;
	}
	c->st.retry_in = delay;
	uv_timer_stop(&c->beat);
	uv_timer_start(&c->retry, on_retry_timer, (uint64_t)(delay * 1000.0), 0);
	set_state(c, why, detail);
}

/* The connection failed because of the token: refresh or log in once,
 * then fall back to the backoff schedule. */
static void auth_failed(struct andon_client *c, const char *detail)
{
	if (!c->auth_retry_used && !c->fixed_token && (c->refresh || (c->user && c->password))) {
		c->auth_retry_used = true;
		secret_free(c->access);
		c->access = NULL;
		log_msg("andon: %s; getting a new token", detail);
		login(c, c->refresh != NULL);
		return;
	}
	schedule_retry(c, ANDON_CONN_AUTH_FAILED, "authentication failed, token expired?");
}

static void on_beat(uv_timer_t *t)
{
	struct andon_client *c = t->data;
	cJSON *m;

	if (!c->wsi) {
		return;
	}
	if (uv_now(c->loop) - c->last_rx > 2 * c->heartbeat_ms + 5000) {
		log_msg("andon: no reply to two heartbeats, reconnecting");
		snprintf(c->st.detail, sizeof(c->st.detail), "no reply to two heartbeats");
		lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_ACK, LWS_TO_KILL_ASYNC);
		return;
	}
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "type", c->ping_type);
	send_json(c, m);
}

/* Reads the token file again (it may have been rotated). */
static void reload_token_file(struct andon_client *c)
{
	struct ms5_error err;
	char *t;

	if (!c->token_file) {
		return;
	}
	t = config_read_secret(c->token_file, "--token-file", &err);
	if (t) {
		secret_free(c->access);
		c->access = t;
	} else {
		log_msg("andon: %s", err.msg);
	}
}

/* The WebSocket path; the token travels in the query string (the
 * contract). Owned, and a secret: free it with secret_free. */
static char *ws_path(const struct andon_client *c)
{
	struct strbuf p;

	strbuf_init(&p, 0);
	strbuf_puts(&p, c->url.path);
	if (c->access) {
		strbuf_putc(&p, strchr(c->url.path, '?') ? '&' : '?');
		strbuf_puts(&p, "token=");
		url_encode(&p, c->access, false);
	}
	return strbuf_steal(&p);
}

/* Starts the WebSocket connection to the resolved address addr. */
static void open_ws(struct andon_client *c, const char *addr)
{
	struct lws_client_connect_info ci;
	char *path = ws_path(c);

	memset(&ci, 0, sizeof(ci));
	ci.context = c->ctx;
	ci.address = addr;
	ci.port = c->url.port;
	ci.path = path;
	ci.host = c->url.host;
	ci.origin = c->url.host;
	ci.local_protocol_name = "ms5-andon";
	ci.pwsi = &c->wsi;
	ci.userdata = c;
	if (c->tls) {
		ci.ssl_connection = LCCSCF_USE_SSL;
		if (c->insecure) {
			ci.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK |
				LCCSCF_ALLOW_EXPIRED | LCCSCF_ALLOW_INSECURE;
		}
	}
	c->close_code = 0;
	set_state(c, ANDON_CONN_CONNECTING, addr);
	if (!lws_client_connect_via_info(&ci)) {
		c->wsi = NULL;
		secret_free(path);
		schedule_retry(c, ANDON_CONN_RETRY, "cannot start the WebSocket connection");
		return;
	}
	secret_free(path);
}

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	struct resolve_req *rr = req->data;
	struct andon_client *c = rr->client;
	char addr[64] = "";

	free(rr);
	if (!c) {
		uv_freeaddrinfo(res);
		return;
	}
	c->resolving = NULL;
	if (status < 0 || !res) {
		char msg[160];

		snprintf(msg, sizeof(msg), "cannot resolve %s: %s", c->url.host, uv_strerror(status));
		uv_freeaddrinfo(res);
		schedule_retry(c, ANDON_CONN_RETRY, msg);
		return;
	}
	if (res->ai_family == AF_INET6) {
		uv_ip6_name((struct sockaddr_in6 *)res->ai_addr, addr, sizeof(addr));
	} else {
		uv_ip4_name((struct sockaddr_in *)res->ai_addr, addr, sizeof(addr));
	}
	uv_freeaddrinfo(res);
	open_ws(c, addr);
}

static void connect_now(struct andon_client *c)
{
	struct resolve_req *rr;
	struct addrinfo hints;
	char port[8];

	if (c->dying || c->wsi || c->resolving) {
		return;
	}
	if (c->token_file) {
		reload_token_file(c);
	}
	rr = xcalloc(1, sizeof(*rr));
	rr->client = c;
	rr->req.data = rr;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof(port), "%d", c->url.port);
	set_state(c, ANDON_CONN_CONNECTING, c->url.host);
	if (uv_getaddrinfo(c->loop, &rr->req, on_resolved, c->url.host, port, &hints) != 0) {
		free(rr);
		schedule_retry(c, ANDON_CONN_RETRY, "cannot resolve the host name");
		return;
	}
	c->resolving = rr;
}

/* ---- lws callback ------------------------------------------------------ */

static void deliver(struct andon_client *c)
{
	struct andon_msg msg;
	struct ms5_error err = { "" };

	c->st.frames++;
	if (c->rx_oversized) {
		c->st.oversized++;
		log_msg("andon: dropped a frame over %zu bytes", (size_t)ANDON_MAX_FRAME);
	} else if (c->rx_binary) {
		c->st.binary++;
		log_msg("andon: dropped a binary frame");
	} else if (!andon_decode(strbuf_str(&c->rx), c->rx.len, &msg, &err)) {
		c->st.malformed++;
		log_msg("andon: dropped a frame: %s", err.msg);
	} else {
		if (msg.kind == ANDON_MSG_UNKNOWN) {
			c->st.unknown++;
			log_msg("andon: skipped a frame of unknown type '%s'", msg.type);
		}
		if (msg.kind == ANDON_MSG_ERROR) {
			log_msg("andon: server error: %s", msg.message);
		}
		if (c->hooks.message) {
			c->hooks.message(c->ud, &msg);
		}
		if (msg.kind == ANDON_MSG_SHUTDOWN && c->wsi) {
			log_msg("andon: server shutting down, reconnecting");
			lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_ACK, LWS_TO_KILL_ASYNC);
		}
	}
	strbuf_reset(&c->rx);
	c->rx_oversized = false;
	c->rx_binary = false;
}

static void on_established(struct andon_client *c)
{
	c->up_since = c->last_rx = uv_now(c->loop);
	c->st.connects++;
	strbuf_reset(&c->rx);
	outq_clear(c);
	if (c->n_lines) {
		for (size_t i = 0; i < c->n_lines; i++) {
			subscribe(c, "line", c->lines[i]);
		}
	} else {
		subscribe(c, "escalation", "all");
		subscribe(c, "downtime", "all");
		fetch_lines(c);
	}
	uv_timer_start(&c->beat, on_beat, c->heartbeat_ms, c->heartbeat_ms);
	set_state(c, ANDON_CONN_UP, "");
	resync(c);
}

static void on_closed(struct andon_client *c, const char *why)
{
	bool stable = c->up_since && uv_now(c->loop) - c->up_since >= UP_STABLE_MS;
	char detail[200];

	c->wsi = NULL;
	c->up_since = 0;
	outq_clear(c);
	uv_timer_stop(&c->beat);
	if (c->dying) {
		if (c->leaving) {
			/* Not from inside lws's own callback: on the next turn. */
			uv_timer_start(&c->retry, on_goodbye_done, 0, 0);
		}
		return;
	}
	if (stable) {
		backoff_reset(&c->backoff);
		c->auth_retry_used = false;
	}
	if (c->close_code == 1008 || c->close_code == 1011) {
		snprintf(detail, sizeof(detail), "closed with %d", c->close_code);
		auth_failed(c, detail);
		return;
	}
	schedule_retry(c, ANDON_CONN_RETRY, why);
}

/* The close frame of a client that leaves: code 1001 (going away) and a
 * reason, written as a frame of its own. lws 4.1's own ways (return -1
 * after lws_close_reason, or a timeout) kill the connection on the uv
 * event loop before the frame goes out (its close is retried at once from
 * the loop's callback), and the server would see an abnormal 1006. The
 * server's answering close frame then closes the connection. */
#define LWS_WRITE_CLOSE_FRAME ((enum lws_write_protocol)4)   /* lws's LWS_WRITE_CLOSE */

static int send_goodbye(struct lws *wsi, unsigned char *buf)
{
	static const char bye[] = "\x03\xe9" "ms5top exits";

	memcpy(buf + LWS_PRE, bye, sizeof(bye) - 1);
	return lws_write(wsi, buf + LWS_PRE, sizeof(bye) - 1, LWS_WRITE_CLOSE_FRAME) < 0 ? -1 : 0;
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	void *in, size_t len)
{
	struct andon_client *c = lws_context_user(lws_get_context(wsi));
	unsigned char buf[LWS_PRE + 4096];
	char why[200];

	(void)user;
	if (!c) {
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		on_established(c);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		c->last_rx = uv_now(c->loop);
		if (lws_is_first_fragment(wsi)) {
			c->rx_binary = lws_frame_is_binary(wsi) != 0;
		}
		if (!c->rx_oversized && !strbuf_append(&c->rx, in, len)) {
			c->rx_oversized = true;
			strbuf_reset(&c->rx);
		}
		if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
			deliver(c);
		}
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (c->leaving) {
			return send_goodbye(wsi, buf);
		}
		if (c->outq_len) {
			char *text = c->outq[c->outq_head];
			size_t n = strlen(text);

			c->outq_head = (c->outq_head + 1) % OUTQ;
			c->outq_len--;
			/* Whatever its size: a message longer than the stack buffer
			 * gets one of its own (it used to be dropped without a word). */
			unsigned char *out = n <= sizeof(buf) - LWS_PRE ? buf : xmalloc(LWS_PRE + n);
			int wrote;

			memcpy(out + LWS_PRE, text, n);
			wrote = lws_write(wsi, out + LWS_PRE, n, LWS_WRITE_TEXT);
			if (out != buf) {
				free(out);
			}
			free(text);
			if (wrote < (int)n) {
				return -1;
			}
			if (c->outq_len) {
				lws_callback_on_writable(wsi);
			}
		}
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (len >= 2) {
			const unsigned char *p = in;

			c->close_code = (p[0] << 8) | p[1];
			log_msg("andon: server closed with code %d", c->close_code);
		}
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		snprintf(why, sizeof(why), "%s", in && len ? (const char *)in : "connection failed");
		if (strstr(why, "refused") || strstr(why, "ECONNREFUSED")) {
			snprintf(why, sizeof(why), "connection refused");
		} else if (strstr(why, "closed before established")) {
			/* lws 4.1's words for a refused or reset TCP connection. */
			snprintf(why, sizeof(why), "connection refused or closed before the handshake");
		}
		if (c->wsi == wsi || !c->wsi) {
			on_closed(c, why);
		}
		break;
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (c->wsi == wsi || !c->wsi) {
			on_closed(c, c->st.detail[0] && c->st.conn == ANDON_CONN_UP ?
				c->st.detail : "connection closed");
		}
		break;
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "ms5-andon", callback, 0, 4096, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 },
};

/* ---- Lifecycle --------------------------------------------------------- */

static void lws_log(int level, const char *line)
{
	size_t n = strlen(line);

	(void)level;
	log_msg("lws: %.*s", (int)(n && line[n - 1] == '\n' ? n - 1 : n), line);
}

struct andon_client *andon_client_create(uv_loop_t *loop, struct http *http,
	const struct andon_client_options *o, const struct andon_client_hooks *hooks,
	void *ud, char *error, size_t error_size)
{
	struct andon_client *c = xcalloc(1, sizeof(*c));
	struct lws_context_creation_info info;
	void *foreign[1] = { loop };

	if (!url_split(o->url, &c->url) ||
		(strcmp(c->url.scheme, "ws") != 0 && strcmp(c->url.scheme, "wss") != 0)) {
		snprintf(error, error_size, "--andon-url: '%s' is not a ws:// or wss:// URL", o->url);
		url_parts_finish(&c->url);
		free(c);
		return NULL;
	}
	c->loop = loop;
	c->http = http;
	c->hooks = *hooks;
	c->ud = ud;
	c->tls = strcmp(c->url.scheme, "wss") == 0;
	c->insecure = o->insecure;
	c->heartbeat_ms = (uint64_t)((o->heartbeat > 0 ? o->heartbeat : 30) * 1000.0);
	c->ping_type = strncmp(c->url.path, "/ws/", 4) == 0 &&
		(c->url.path[4] == '\0' || c->url.path[4] == '?') ? "heartbeat" : "ping";
	if (o->api_url) {
		c->api_url = xstrdup(o->api_url);
	} else {
		c->api_url = url_origin(&c->url);
	}
	xstrset(&c->token_file, o->token_file);
	xstrset(&c->user, o->user);
	xstrset(&c->password, o->password);
	xstrset(&c->access, o->token);
	c->fixed_token = o->token != NULL || o->token_file != NULL;
	c->lines = xcalloc(o->n_lines + 1, sizeof(char *));
	for (size_t i = 0; i < o->n_lines; i++) {
		c->lines[i] = xstrdup(o->lines[i]);
	}
	c->n_lines = o->n_lines;
	backoff_init(&c->backoff, 1.0, 60.0, o->seed ? o->seed : (uint64_t)uv_hrtime());
	strbuf_init(&c->rx, ANDON_MAX_FRAME);

	lws_set_log_level(LLL_ERR | LLL_WARN, lws_log);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	/* TLS only for wss://: the client TLS context loads the system's CA
	 * bundle, some 10 ms of every snapshot's start, for nothing on ws://. */
	info.options = LWS_SERVER_OPTION_LIBUV | (c->tls ? LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT : 0);
	info.foreign_loops = foreign;
	info.user = c;
	info.client_ssl_ca_filepath = o->ca_file;
	info.client_ssl_cert_filepath = o->cert;
	info.client_ssl_private_key_filepath = o->key;
	c->ctx = lws_create_context(&info);
	if (!c->ctx) {
		snprintf(error, error_size, "cannot create the WebSocket context "
			"(is the package libwebsockets-evlib-uv installed?)");
		c->dying = true;
		andon_client_free(c);
		return NULL;
	}
	uv_timer_init(loop, &c->retry);
	uv_timer_init(loop, &c->beat);
	uv_timer_init(loop, &c->renew);
	c->retry.data = c->beat.data = c->renew.data = c;
	c->open_handles = 3;
	return c;
}

void andon_client_start(struct andon_client *c)
{
	if (!c->fixed_token && c->user && c->password) {
		login(c, false);
	} else {
		connect_now(c);
	}
}

const struct andon_client_status *andon_client_status(const struct andon_client *c)
{
	return &c->st;
}

static void free_client(struct andon_client *c)
{
	outq_clear(c);
	strbuf_finish(&c->rx);
	url_parts_finish(&c->url);
	free(c->api_url);
	free(c->token_file);
	free(c->user);
	secret_free(c->password);
	secret_free(c->access);
	secret_free(c->refresh);
	for (size_t i = 0; i < c->n_lines; i++) {
		free(c->lines[i]);
	}
	free(c->lines);
	free(c);
}

static void timer_closed(uv_handle_t *h)
{
	struct andon_client *c = h->data;

	c->open_handles--;
}

/* The last step of a shutdown: the lws context and the timers go. */
static void teardown(struct andon_client *c)
{
	/* On a foreign loop, the first destroy only starts lws's shutdown: its
	 * handles close as the loop runs, and andon_client_free destroys the
	 * context again to free it. */
	if (c->ctx) {
		lws_context_destroy(c->ctx);
	}
	c->wsi = NULL;
	if (c->open_handles > 0) {
		uv_close((uv_handle_t *)&c->retry, timer_closed);
		uv_close((uv_handle_t *)&c->beat, timer_closed);
		uv_close((uv_handle_t *)&c->renew, timer_closed);
	}
}

/* The goodbye is over (the connection closed) or took too long. */
static void on_goodbye_done(uv_timer_t *t)
{
	struct andon_client *c = t->data;

	log_msg("andon: goodbye %s", c->leaving && c->wsi ? "timed out" : "done");
	c->leaving = false;
	teardown(c);
}

void andon_client_destroy(struct andon_client *c)
{
	if (!c) {
		return;
	}
	c->dying = true;
	memset(&c->hooks, 0, sizeof(c->hooks));   /* nothing reaches the app any more */
	if (c->resolving) {
		c->resolving->client = NULL;
		uv_cancel((uv_req_t *)&c->resolving->req);
		c->resolving = NULL;
	}
	if (c->http) {
		http_cancel(c->http, c);
	}
	if (c->wsi && c->st.conn == ANDON_CONN_UP && c->open_handles > 0) {
		/* Say goodbye first: a close frame with 1001 (going away), so that
		 * the server sees a clean close instead of an abnormal 1006; the
		 * context goes when the connection has closed, or after GOODBYE_MS. */
		c->leaving = true;
		uv_timer_stop(&c->beat);
		uv_timer_stop(&c->renew);
		uv_timer_start(&c->retry, on_goodbye_done, GOODBYE_MS, 0);
		log_msg("andon: closing with 1001 (going away)");
		lws_callback_on_writable(c->wsi);
		return;
	}
	teardown(c);
}

void andon_client_free(struct andon_client *c)
{
	if (!c) {
		return;
	}
	if (c->ctx) {
		lws_context_destroy(c->ctx);
		c->ctx = NULL;
	}
	free_client(c);
}
