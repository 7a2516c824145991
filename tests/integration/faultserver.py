#!/usr/bin/python3
"""Servers that misbehave on purpose, one way each, for tests/integration/faults.sh.

usage: faultserver.py MODE PORT [--tls CERT KEY] [--seconds S]

HTTP, in the manner of a Prometheus (any path):
  ok         answers like Prometheus: buildinfo, an empty vector or matrix
  hang       accepts connections and never answers
  trickle    a 200 whose 100000-byte body comes one byte a second
  huge       a 200 whose JSON body is 100 MB (sent until the client leaves)
  badjson    a 200 whose body is not JSON
  apierror   a 200 with {"status":"error", ...}
  redirect   a 302 to the same URL, for ever
--tls CERT KEY serves HTTPS with that certificate chain and key (python's
ssl module).

WebSocket (python3-websockets), on /ws/ with the REST resync
/api/v1/andon/events/active (an empty list) on the same port. Each sends
the Andon event "after-fault" when its fault is over, so that a client
that survived it has something to show:
  ws-big        a 16 MB text frame, then the event
  ws-fragments  one message in 4 KB fragments for S seconds (--seconds,
                default 3; 0: for ever), its last fragment, then the event
  ws-pingflood  pings as fast as the socket takes them for S seconds, then
                the event
  ws-close1008  closes every connection at once with 1008 (policy
                violation: the backend's word for a refused token)
  ws-nohandshake  accepts TCP connections, reads, and never answers the
                upgrade (also any HTTP request)

Every connection and what was sent is logged on stderr, one line each,
prefixed "faultserver: "; "faultserver: listening" says it is ready.
"""
import asyncio
import http
import http.server
import socket
import ssl
import sys
import threading
import time

EVENT = ('{"type":"andon_event","data":{"andon_event":{"id":"after-fault","line_id":"line_001",'
         '"equipment_code":"L01.FILL.01","event_type":"stop","priority":"critical",'
         '"description":"After the fault","status":"open","reported_at":"2026-11-20T06:00:01Z"}},'
         '"timestamp":"2026-11-20T06:00:01.100000","priority":1}')


def log(*parts):
    print("faultserver:", *parts, file=sys.stderr, flush=True)


def parse_args(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    opts = {"mode": argv[1], "port": int(argv[2]), "tls": None, "seconds": 3.0}
    i = 3
    while i < len(argv):
        if argv[i] == "--tls":
            opts["tls"] = (argv[i + 1], argv[i + 2])
            i += 3
        elif argv[i] == "--seconds":
            opts["seconds"] = float(argv[i + 1])
            i += 2
        else:
            raise SystemExit("faultserver: unknown argument %s" % argv[i])
    return opts


def listener(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)
    return s


def hold_forever(port):
    """Accepts, reads what comes, never answers, never closes."""
    s = listener(port)
    log("listening on 127.0.0.1:%d (hang)" % port)
    held = []
    n = 0
    while True:
        conn, _ = s.accept()
        n += 1
        log("connection #%d held" % n)
        held.append(conn)
        threading.Thread(target=drain, args=(conn,), daemon=True).start()


def drain(conn):
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mode = "ok"

    def log_message(self, *args):
        pass

    def send_body(self, status, body, ctype="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        log("%s %s" % (self.command, self.path.split("?", 1)[0]))
        try:
            getattr(self, "mode_" + self.mode)()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            log("the client left")

    do_GET = answer
    do_POST = answer

    def mode_ok(self):
        path = self.path.split("?", 1)[0]
        if path.endswith("/status/buildinfo"):
            body = b'{"status":"success","data":{"version":"9.9.9-fault"}}'
        elif path.endswith("/query_range"):
            body = b'{"status":"success","data":{"resultType":"matrix","result":[]}}'
        else:
            body = b'{"status":"success","data":{"resultType":"vector","result":[]}}'
        self.send_body(200, body)

    def mode_trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.flush()
        for b in b'{"status":"success","data":{"resultType":"vector","result":[' + b" " * 99900:
            self.wfile.write(bytes([b]))
            self.wfile.flush()
            time.sleep(1)   # the trickle: one byte a second is the fault

    def mode_huge(self):
        total = 100 * 1024 * 1024
        head = b'{"status":"success","data":{"resultType":"vector","result":['
        tail = b"]}}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        self.wfile.write(head)
        left = total - len(head) - len(tail)
        chunk = b" " * 65536
        sent = 0
        while left > 0:
            k = min(left, len(chunk))
            self.wfile.write(chunk[:k])
            left -= k
            sent += k
        self.wfile.write(tail)
        log("sent all 100 MB")

    def mode_badjson(self):
        self.send_body(200, b'{"status":"success","data":{"resultType":"vector","result":[{"metric":')

    def mode_apierror(self):
        self.send_body(200, b'{"status":"error","errorType":"execution",'
                            b'"error":"fault injected: query processing failed"}')

    def mode_redirect(self):
        self.send_response(302)
        self.send_header("Location", self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()


def serve_http(opts):
    Handler.mode = opts["mode"]
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", opts["port"]), Handler)
    srv.daemon_threads = True
    if opts["tls"]:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opts["tls"][0], opts["tls"][1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    log("listening on 127.0.0.1:%d (%s%s)" % (opts["port"], opts["mode"],
                                           ", TLS" if opts["tls"] else ""))
    srv.serve_forever()


# ---- WebSocket ------------------------------------------------------------------

async def ws_main(opts):
    import websockets
    from websockets.frames import OP_CONT, OP_PING, OP_TEXT

    mode, seconds = opts["mode"], opts["seconds"]
    count = {"n": 0}

    async def process_request(path, headers):
        route = path.split("?", 1)[0]
        if route == "/ws/" and "upgrade" in headers.get("Connection", "").lower():
            return None
        if route == "/api/v1/andon/events/active":
            log("http GET %s" % route)
            return (http.HTTPStatus.OK, [("Content-Type", "application/json")], b"[]")
        return (http.HTTPStatus.NOT_FOUND, [("Content-Type", "application/json")],
                b'{"detail":"Not Found"}')

    async def handler(ws):
        count["n"] += 1
        n = count["n"]
        log("connect #%d" % n)
        try:
            if mode == "ws-close1008":
                await ws.close(1008, "invalid or expired token")
                log("closed #%d with 1008" % n)
                return
            await asyncio.sleep(0.3)   # lets the client's resync answer come first
            if mode == "ws-big":
                await ws.send("x" * (16 * 1024 * 1024))
                log("sent a 16 MB frame")
            elif mode == "ws-fragments":
                piece = '{"pad":"' + "x" * 4096
                await ws.write_frame(False, OP_TEXT, piece.encode())
                sent, t0 = 1, time.monotonic()
                while seconds <= 0 or time.monotonic() - t0 < seconds:
                    await ws.write_frame(False, OP_CONT, ("x" * 4096).encode())
                    sent += 1
                await ws.write_frame(True, OP_CONT, b'"}')
                log("sent one message in %d fragments (%d bytes)" % (sent + 1, sent * 4096))
            elif mode == "ws-pingflood":
                sent, t0 = 0, time.monotonic()
                while time.monotonic() - t0 < seconds:
                    await ws.write_frame(True, OP_PING, b"%d" % sent)
                    sent += 1
                log("sent %d pings" % sent)
            await ws.send(EVENT)
            log("sent the event after-fault")
            async for _ in ws:
                pass
        except websockets.ConnectionClosed:
            pass
        log("closed #%d code=%s" % (n, ws.close_code))

    async with websockets.serve(handler, "127.0.0.1", opts["port"],
                                process_request=process_request, ping_interval=None,
                                max_size=1 << 20, compression=None, write_limit=1 << 20):
        log("listening on 127.0.0.1:%d (%s)" % (opts["port"], mode))
        await asyncio.Future()


def main():
    opts = parse_args(sys.argv)
    mode = opts["mode"]
    try:
        if mode in ("hang", "ws-nohandshake"):
            hold_forever(opts["port"])
        elif mode.startswith("ws-"):
            asyncio.run(ws_main(opts))
        else:
            serve_http(opts)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
