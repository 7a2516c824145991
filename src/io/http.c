/*
 * libcurl multi on a libuv loop. See http.h.
 *
 * The socket callback keeps one uv_poll_t per curl socket (hung off the
 * socket with curl_multi_assign); the timer callback arms one uv_timer_t.
 * Both only record what curl asked for: curl_multi_socket_action is called
 * from the uv callbacks, never from inside a curl callback. Finished
 * transfers are drained after every socket_action, removed from the multi
 * handle, and only then reported, so a callback may start new requests.
 */
#include "http.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ms5_build.h"
#include "ms5top/prom.h"
#include "ms5top/secret.h"
#include "ms5top/strbuf.h"
#include "ms5top/xalloc.h"

struct transfer {
	struct http *http;
	CURL *easy;
	struct curl_slist *headers;
	struct strbuf body;
	char *key;             /* URL + "\n" + body: the in-flight identity */
	http_done_fn done;
	void *ud;
	bool overflow;         /* the body hit the cap */
	char errbuf[CURL_ERROR_SIZE];
	struct transfer *next;
};

struct sock {
	uv_poll_t poll;
	curl_socket_t fd;
	struct http *http;
};

struct http {
	uv_loop_t *loop;
	CURLM *multi;
	uv_timer_t timer;
	struct transfer *transfers;
	size_t n_transfers;
	/* Copies of the options. */
	char *bearer, *user, *password, *ca_file, *cert, *key;
	bool insecure;
	char **headers;
	size_t n_headers;
	long timeout_ms;
	size_t max_body;
};

static void check_done(struct http *h);

static void poll_closed(uv_handle_t *handle)
{
	free(handle->data);
}

static void on_poll(uv_poll_t *poll, int status, int events)
{
	struct sock *s = poll->data;
	int flags = 0, running;

	if (status < 0) {
		flags = CURL_CSELECT_ERR;
	}
	if (events & UV_READABLE) {
		flags |= CURL_CSELECT_IN;
	}
	if (events & UV_WRITABLE) {
		flags |= CURL_CSELECT_OUT;
	}
	curl_multi_socket_action(s->http->multi, s->fd, flags, &running);
	check_done(s->http);
}

static int socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct http *h = userp;
	struct sock *s = socketp;
	int events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s) {
			uv_poll_stop(&s->poll);
			uv_close((uv_handle_t *)&s->poll, poll_closed);
			curl_multi_assign(h->multi, fd, NULL);
		}
		return 0;
	}
	if (!s) {
		s = xcalloc(1, sizeof(*s));
		s->fd = fd;
		s->http = h;
		if (uv_poll_init_socket(h->loop, &s->poll, fd) != 0) {
			free(s);
			return -1;
		}
		s->poll.data = s;
		curl_multi_assign(h->multi, fd, s);
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) {
		events |= UV_READABLE;
	}
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) {
		events |= UV_WRITABLE;
	}
	uv_poll_start(&s->poll, events, on_poll);
	return 0;
}

static void on_timer(uv_timer_t *timer)
{
	struct http *h = timer->data;
	int running;

	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(h);
}

static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct http *h = userp;

	(void)multi;
	if (timeout_ms < 0) {
		uv_timer_stop(&h->timer);
	} else {
		/* 0 means "as soon as possible", but not from inside this callback. */
		uv_timer_start(&h->timer, on_timer, timeout_ms ? (uint64_t)timeout_ms : 1, 0);
	}
	return 0;
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct transfer *t = userp;
	size_t n = size * nmemb;

	if (!strbuf_append(&t->body, data, n)) {
		t->overflow = true;
		return 0;   /* Aborts the transfer with CURLE_WRITE_ERROR. */
	}
	return n;
}

struct http *http_create(uv_loop_t *loop, const struct http_options *o)
{
	struct http *h = xcalloc(1, sizeof(*h));

	h->loop = loop;
	h->multi = curl_multi_init();
	if (!h->multi) {
		ms5_fatal("curl_multi_init failed");
	}
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 6L);
	uv_timer_init(loop, &h->timer);
	h->timer.data = h;
	xstrset(&h->bearer, o->bearer);
	xstrset(&h->user, o->user);
	xstrset(&h->password, o->password);
	xstrset(&h->ca_file, o->ca_file);
	xstrset(&h->cert, o->cert);
	xstrset(&h->key, o->key);
	h->insecure = o->insecure;
	h->headers = xcalloc(o->n_headers + 1, sizeof(char *));
	for (size_t i = 0; i < o->n_headers; i++) {
		h->headers[i] = xstrdup(o->headers[i]);
	}
	h->n_headers = o->n_headers;
	h->timeout_ms = o->timeout > 0 ? (long)(o->timeout * 1000.0) : 10000;
	h->max_body = o->max_body ? o->max_body : PROM_MAX_BODY;
	return h;
}

/* The header list holds the Authorization line and the configured headers,
 * the key a login body, the response body a token: all are wiped. */
static void transfer_free(struct transfer *t)
{
	curl_easy_cleanup(t->easy);
	for (struct curl_slist *n = t->headers; n; n = n->next) {
		secret_wipe(n->data, strlen(n->data));
	}
	curl_slist_free_all(t->headers);
	secret_strbuf_finish(&t->body);
	secret_free(t->key);
	free(t);
}

/* Unlinks t from the client's list and from the multi handle. */
static void transfer_detach(struct http *h, struct transfer *t)
{
	for (struct transfer **pp = &h->transfers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			h->n_transfers--;
			break;
		}
	}
	curl_multi_remove_handle(h->multi, t->easy);
}

static void timer_closed(uv_handle_t *handle)
{
	free(handle->data);
}

void http_destroy(struct http *h)
{
	if (!h) {
		return;
	}
	while (h->transfers) {
		struct transfer *t = h->transfers;

		transfer_detach(h, t);
		transfer_free(t);
	}
	curl_multi_cleanup(h->multi);
	secret_free(h->bearer);
	free(h->user);
	secret_free(h->password);
	free(h->ca_file);
	free(h->cert);
	free(h->key);
	for (size_t i = 0; i < h->n_headers; i++) {
		secret_free(h->headers[i]);
	}
	free(h->headers);
	/* The timer handle lives inside h: free h when it has closed. */
	h->timer.data = h;
	uv_close((uv_handle_t *)&h->timer, timer_closed);
}

static bool add_header(struct curl_slist **list, const char *line)
{
	struct curl_slist *n = curl_slist_append(*list, line);

	if (!n) {
		return false;
	}
	*list = n;
	return true;
}

/* Applies the client's auth, TLS and headers, and the request's body. */
static bool setup(struct http *h, struct transfer *t, const struct http_request *req)
{
	CURL *e = t->easy;
	const char *bearer = req->no_auth ? NULL : (req->bearer ? req->bearer : h->bearer);
	char *line;
	bool ok;

	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->timeout_ms);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_USERAGENT, "ms5top/" MS5_VERSION);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	if (log_stream()) {
		curl_easy_setopt(e, CURLOPT_STDERR, log_stream());
	}
	if (req->connect_only) {
		curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	}
	if (h->ca_file) {
		curl_easy_setopt(e, CURLOPT_CAINFO, h->ca_file);
	}
	if (h->cert) {
		curl_easy_setopt(e, CURLOPT_SSLCERT, h->cert);
	}
	if (h->key) {
		curl_easy_setopt(e, CURLOPT_SSLKEY, h->key);
	}
	if (h->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (!bearer && !req->no_auth && !req->bearer && h->user && h->password) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, h->user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, h->password);
	}
	for (size_t i = 0; i < h->n_headers; i++) {
		if (!add_header(&t->headers, h->headers[i])) {
			return false;
		}
	}
	if (bearer) {
		line = xasprintf("Authorization: Bearer %s", bearer);
		ok = add_header(&t->headers, line);
		secret_free(line);
		if (!ok) {
			return false;
		}
	}
	if (req->body) {
		line = xasprintf("Content-Type: %s", req->content_type ? req->content_type
			: "application/x-www-form-urlencoded");
		ok = add_header(&t->headers, line);
		free(line);
		if (!ok) {
			return false;
		}
		curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req->body);
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
	return true;
}

enum http_send_result http_send(struct http *h, const struct http_request *req,
	http_done_fn done, void *ud)
{
	char *key = xasprintf("%s\n%s", req->url, req->body ? req->body : "");
	struct transfer *t;
	char redacted[512];

	for (t = h->transfers; t; t = t->next) {
		if (strcmp(t->key, key) == 0) {
			log_msg("http: %s still in flight, not sent again",
				log_redact_url(req->url, redacted, sizeof(redacted)));
			secret_free(key);
			return HTTP_BUSY;
		}
	}
	t = xcalloc(1, sizeof(*t));
	t->http = h;
	t->key = key;
	t->done = done;
	t->ud = ud;
	strbuf_init(&t->body, h->max_body);
	t->easy = curl_easy_init();
	if (!t->easy || !setup(h, t, req) || curl_multi_add_handle(h->multi, t->easy) != CURLM_OK) {
		transfer_free(t);
		return HTTP_FAILED;
	}
	t->next = h->transfers;
	h->transfers = t;
	h->n_transfers++;
	log_msg("http: %s %s", req->body ? "POST" : "GET",
		log_redact_url(req->url, redacted, sizeof(redacted)));
	return HTTP_SENT;
}

void http_cancel(struct http *h, void *ud)
{
	struct transfer *t = h->transfers;

	while (t) {
		struct transfer *next = t->next;

		if (t->ud == ud) {
			transfer_detach(h, t);
			transfer_free(t);
		}
		t = next;
	}
}

size_t http_in_flight(const struct http *h)
{
	return h->n_transfers;
}

/* The curl errors said as "<words>: <curl's detail>". */
static const struct {
	CURLcode rc;
	const char *words;
} curl_words[] = {
	{ CURLE_COULDNT_CONNECT, "cannot connect" },
	{ CURLE_COULDNT_RESOLVE_HOST, "cannot resolve host name" },
	{ CURLE_PEER_FAILED_VERIFICATION, "TLS verification failed" },
	{ CURLE_SSL_CACERT_BADFILE, "cannot use the CA file" },
	{ CURLE_SSL_CERTPROBLEM, "client certificate problem" },
	{ CURLE_SSL_CONNECT_ERROR, "TLS handshake failed" },
	{ CURLE_RECV_ERROR, "connection lost" },
	{ CURLE_SEND_ERROR, "connection lost" },
};

/* Says what went wrong with a transfer in words a floor installer knows. */
static void describe(struct transfer *t, CURLcode rc, char *buf, size_t size)
{
	long os_errno = 0;
	const char *detail = t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc);
	const char *words = NULL;

	curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os_errno);
	if (rc == CURLE_COULDNT_CONNECT && os_errno == ECONNREFUSED) {
		snprintf(buf, size, "connection refused");
	} else if (rc == CURLE_COULDNT_CONNECT && (os_errno == EHOSTUNREACH || os_errno == ENETUNREACH)) {
		snprintf(buf, size, "host unreachable");
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		snprintf(buf, size, "timeout: no answer within %.3g s", (double)t->http->timeout_ms / 1000.0);
	} else if (rc == CURLE_GOT_NOTHING) {
		snprintf(buf, size, "the server closed the connection without answering");
	} else if (rc == CURLE_WRITE_ERROR && t->overflow) {
		snprintf(buf, size, "response larger than the %zu-byte cap", t->body.max);
	} else {
		for (size_t i = 0; i < sizeof(curl_words) / sizeof(curl_words[0]) && !words; i++) {
			words = curl_words[i].rc == rc ? curl_words[i].words : NULL;
		}
		snprintf(buf, size, "%s%s%s", words ? words : "", words ? ": " : "", detail);
	}
}

static void check_done(struct http *h)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(h->multi, &left))) {
		struct transfer *t;
		struct http_response resp = { 0 };
		CURLcode rc;
		curl_off_t us = 0;
		char error[CURL_ERROR_SIZE + 64];
		char redacted[512];
		char *url = NULL;

		if (msg->msg != CURLMSG_DONE) {
			continue;
		}
		rc = msg->data.result;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &resp.status);
		curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &us);
		curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
		resp.elapsed_ms = (double)us / 1000.0;
		resp.body = strbuf_str(&t->body);
		resp.len = t->body.len;
		if (rc != CURLE_OK) {
			describe(t, rc, error, sizeof(error));
			resp.error = error;
			resp.status = 0;
		}
		log_msg("http: %s -> %ld %s (%zu bytes, %.1f ms)",
			log_redact_url(url ? url : "?", redacted, sizeof(redacted)),
			resp.status, resp.error ? resp.error : "", resp.len, resp.elapsed_ms);
		transfer_detach(h, t);
		t->done(t->ud, &resp);
		transfer_free(t);
	}
}
