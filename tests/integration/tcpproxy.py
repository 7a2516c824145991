#!/usr/bin/python3
"""A loopback TCP proxy that can blackhole its traffic (for the soak).

    tcpproxy.py --control PORT --route NAME=LISTEN:UPSTREAM[@SOURCE] ...

Each route listens on 127.0.0.1:LISTEN and forwards every connection to
127.0.0.1:UPSTREAM, its upstream socket bound to the address SOURCE when
given (e.g. 127.0.0.2: the server's log then tells that route's clients
apart). Standard library only, one thread, selectors.

Faults, per route, by a line on the control port (answered "ok ..." or
"error ..."):

  blackhole NAME...  new connections are accepted, and what the client
                     sends is read and thrown away, but nothing is forwarded
                     (no upstream connection is made); open connections
                     freeze: nothing is read or written either way, as on a
                     network that loses every packet
  freeze NAME...     open connections freeze (as with blackhole), new ones
                     are forwarded: a flow the network forgot
  refuse NAME...     the route stops listening: new connections are refused
                     (the port is closed until heal)
  drop NAME...       open connections end: what was already read from the
                     server is delivered, then the client gets a FIN; the
                     server's side is shut down and read to its end
  heal NAME...       back to forwarding: connections accepted while
                     blackholed are closed (they never had an upstream),
                     frozen ones carry on
  stats              one JSON object: per route its mode and counters
  quit               exit (as SIGTERM does)

SIGUSR1 blackholes and drops every route, SIGUSR2 heals every route.

WebSocket accounting: when the server answers "HTTP/1.1 101", the frames it
sends after that header are parsed (server frames are not masked) and its
messages (not its control frames) counted as forwarded (every byte put to
the client) or discarded (any byte thrown away: read while the connection
was being dropped or drained). So
that every frame the server wrote is counted one way or the other, a
connection whose client went away is not cut off: its server side is shut
down for writing and read until the server closes it (deadline 10 s).
What a client received is then exactly the forwarded frames (TCP
delivers what was put to its socket before the FIN), and the server's
count of frames sent equals forwarded + discarded.

On exit the counters go to stderr as "tcpproxy: stats {...}".
"""
import argparse
import errno
import json
import os
import selectors
import signal
import socket
import sys
import time

DRAIN_DEADLINE = 10.0
VERBOSE = False
BUF = 65536


def log(msg):
    print("tcpproxy: " + msg, file=sys.stderr, flush=True)


class WsCounter:
    """Counts the WebSocket frames in a server-to-client byte stream."""

    def __init__(self):
        self.head = b""          # the HTTP response header, until its end
        self.ws = None           # None: header not read yet; False: not a WebSocket
        self.need = 0            # bytes left of the current frame (payload included)
        self.hdr = b""           # a frame header being read
        self.tainted = False     # a byte of the current frame was discarded
        self.counted = False     # the current frame ends a message

    def feed(self, data, kept, route):
        """data was read from the server; kept says whether it went to the client."""
        if self.ws is False:
            return
        if self.ws is None:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                if len(self.head) > 16384:
                    self.ws = False
                return
            self.ws = self.head.startswith(b"HTTP/1.1 101")
            data = self.head[end + 4:]
            self.head = b""
            if not self.ws:
                return
        i = 0
        n = len(data)
        while i < n:
            if self.need == 0:
                # A frame header: 2 bytes, then 0, 2 or 8 of length (no mask).
                self.hdr += data[i:i + 1]
                i += 1
                if not kept:
                    self.tainted = True
                if len(self.hdr) < 2:
                    continue
                b1 = self.hdr[1] & 0x7F
                ext = 2 if b1 == 126 else 8 if b1 == 127 else 0
                mask = 4 if self.hdr[1] & 0x80 else 0
                if len(self.hdr) < 2 + ext + mask:
                    continue
                if ext:
                    length = int.from_bytes(self.hdr[2:2 + ext], "big")
                else:
                    length = b1
                # Messages only: control frames (close, ping, pong) and the
                # frames before a fragmented message's last are not counted.
                self.counted = self.hdr[0] & 0x80 and (self.hdr[0] & 0x0F) < 8
                self.hdr = b""
                self.need = length
                if length == 0:
                    self.done(route)
                continue
            take = min(self.need, n - i)
            i += take
            self.need -= take
            if not kept:
                self.tainted = True
            if self.need == 0:
                self.done(route)

    def done(self, route):
        if not self.counted:
            pass
        elif self.tainted:
            route.stats["frames_discarded"] += 1
        else:
            route.stats["frames_forwarded"] += 1
        self.tainted = False

    def end(self, route):
        """The stream ended: a partial frame counts as discarded."""
        if self.ws and (self.need or self.hdr):
            if self.counted or self.hdr:
                route.stats["frames_discarded"] += 1
            self.need = 0
            self.hdr = b""


class Conn:
    def __init__(self, proxy, route, client):
        self.proxy = proxy
        self.route = route
        self.client = client
        self.server = None
        self.to_client = bytearray()
        self.to_server = bytearray()
        self.ws = WsCounter()
        self.blackholed = False      # accepted while the route was blackholed
        self.frozen = False          # open when the route was blackholed or frozen
        self.client_gone = False     # the client side is closed (or being closed)
        self.server_eof = False
        self.draining = False        # reading the server to its end, discarding
        self.drain_until = 0.0
        self.closed = False

    # -- selector registration ----------------------------------------------------------
    def events_for(self, sock):
        frozen = self.frozen
        ev = 0
        if sock is self.client and not self.client_gone:
            if frozen:
                return 0
            if self.blackholed or len(self.to_server) < 4 * BUF:
                ev |= selectors.EVENT_READ
            if self.to_client:
                ev |= selectors.EVENT_WRITE
        elif sock is self.server and sock is not None:
            if frozen and not self.draining:
                return 0
            if not self.server_eof and (self.draining or len(self.to_client) < 4 * BUF):
                ev |= selectors.EVENT_READ
            if self.to_server and not self.draining:
                ev |= selectors.EVENT_WRITE
        return ev

    def update(self):
        for sock in (self.client, self.server):
            if sock is None or sock.fileno() < 0:
                continue
            if sock is self.client and self.client_gone:
                self.proxy.unregister(sock)
                continue
            self.proxy.set_events(sock, self.events_for(sock), self)

    # -- events -------------------------------------------------------------------------
    def on_event(self, sock, mask):
        if sock is self.client:
            if mask & selectors.EVENT_READ:
                self.read_client()
            if not self.closed and mask & selectors.EVENT_WRITE:
                self.write_client()
        else:
            if mask & selectors.EVENT_READ:
                self.read_server()
            if not self.closed and mask & selectors.EVENT_WRITE:
                self.write_server()
        if not self.closed:
            self.maybe_finish()
            if not self.closed:
                self.update()

    def read_client(self):
        try:
            data = self.client.recv(BUF)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self.lose_client()
            return
        if self.blackholed:
            return                      # thrown away: nothing is forwarded
        self.route.stats["bytes_up"] += len(data)
        self.to_server += data

    def write_client(self):
        try:
            n = self.client.send(self.to_client)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.lose_client()
            return
        self.delivered(self.to_client[:n])
        del self.to_client[:n]

    def read_server(self):
        try:
            data = self.server.recv(BUF)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self.server_eof = True
            return
        if self.draining or self.client_gone:
            self.discard(data)
            return
        self.to_client += data

    def write_server(self):
        try:
            n = self.server.send(self.to_server)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.start_drain()
            return
        del self.to_server[:n]

    # -- what the client got, and what it did not ------------------------------------------
    def delivered(self, data):
        self.route.stats["bytes_down"] += len(data)
        self.ws.feed(bytes(data), True, self.route)

    def discard(self, data):
        self.route.stats["bytes_discarded"] += len(data)
        self.ws.feed(bytes(data), False, self.route)

    # -- ends ---------------------------------------------------------------------------
    def lose_client(self):
        """The client went away (or we cut it): drain the server side."""
        if not self.client_gone:
            self.client_gone = True
            self.discard(self.to_client)
            self.to_client.clear()
            self.proxy.unregister(self.client)
            try:
                self.client.close()
            except OSError:
                pass
        self.start_drain()

    def start_drain(self):
        if self.server is None or self.server_eof:
            return
        if not self.draining:
            self.draining = True
            self.drain_until = time.monotonic() + DRAIN_DEADLINE
            self.to_server.clear()
            try:
                self.server.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def drop(self):
        """The drop fault: deliver what was read, FIN the client, drain the server."""
        if self.client_gone:
            return
        try:
            self.client.setblocking(True)
            self.client.settimeout(2)
            if self.to_client:
                self.client.sendall(self.to_client)
                self.delivered(self.to_client)
                self.to_client.clear()
        except OSError:
            pass
        try:
            self.client.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        self.lose_client()

    def maybe_finish(self):
        if self.server is None:
            if self.client_gone:
                self.close()
            return
        if self.server_eof:
            if self.client_gone:
                self.close()
            elif not self.to_client:
                # The server ended and all it sent is out: the client gets a FIN.
                try:
                    self.client.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                self.client_gone = True
                self.proxy.unregister(self.client)
                self.client.close()
                self.close()
            return
        if self.draining and time.monotonic() > self.drain_until:
            log("route %s: a server did not close within %.0f s of the drain" %
                (self.route.name, DRAIN_DEADLINE))
            self.close()

    def close(self):
        if self.closed:
            return
        self.closed = True
        if VERBOSE:
            log("route %s: closed a connection (client %s, server %s, %d bytes undelivered)" % (
                self.route.name, "gone" if self.client_gone else "open",
                "none" if self.server is None else "ended" if self.server_eof else "cut",
                len(self.to_client)))
        self.discard(self.to_client)
        self.to_client.clear()
        self.ws.end(self.route)
        for sock in (self.client, self.server):
            if sock is None:
                continue
            self.proxy.unregister(sock)
            try:
                sock.close()
            except OSError:
                pass
        self.route.conns.discard(self)
        self.route.stats["open"] = len(self.route.conns)


class Route:
    def __init__(self, name, listen, upstream, source):
        self.name = name
        self.listen = listen
        self.upstream = upstream
        self.source = source
        self.mode = "pass"
        self.conns = set()
        self.stats = {"accepted": 0, "open": 0, "refused_upstream": 0, "bytes_up": 0,
                      "bytes_down": 0, "bytes_discarded": 0, "frames_forwarded": 0,
                      "frames_discarded": 0, "drops": 0, "blackholes": 0}
        self.open_listener()

    def open_listener(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.listen))
        self.sock.listen(128)
        self.sock.setblocking(False)


class Proxy:
    def __init__(self, routes, control):
        self.sel = selectors.DefaultSelector()
        self.routes = {r.name: r for r in routes}
        self.registered = {}
        for r in routes:
            self.sel.register(r.sock, selectors.EVENT_READ, ("listen", r))
        self.ctl = socket.socket()
        self.ctl.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ctl.bind(("127.0.0.1", control))
        self.ctl.listen(8)
        self.ctl.setblocking(False)
        self.sel.register(self.ctl, selectors.EVENT_READ, ("ctl", None))
        self.ctl_bufs = {}
        self.stop = False
        self.sig_r, self.sig_w = socket.socketpair()
        self.sig_r.setblocking(False)
        self.sig_w.setblocking(False)
        self.sel.register(self.sig_r, selectors.EVENT_READ, ("sig", None))
        for s in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGTERM, signal.SIGINT):
            signal.signal(s, self.on_signal)

    def on_signal(self, signum, frame):
        try:
            self.sig_w.send(bytes([signum]))
        except OSError:
            pass

    # -- selector helpers ---------------------------------------------------------------
    def set_events(self, sock, ev, conn):
        key = self.registered.get(sock)
        if ev == 0:
            if key is not None:
                self.sel.unregister(sock)
                del self.registered[sock]
            return
        if key is None:
            self.sel.register(sock, ev, ("conn", conn))
            self.registered[sock] = ev
        elif key != ev:
            self.sel.modify(sock, ev, ("conn", conn))
            self.registered[sock] = ev

    def unregister(self, sock):
        if sock in self.registered:
            try:
                self.sel.unregister(sock)
            except (KeyError, ValueError, OSError):
                pass
            del self.registered[sock]

    # -- connections --------------------------------------------------------------------
    def accept(self, route):
        try:
            client, _ = route.sock.accept()
        except (BlockingIOError, InterruptedError):
            return
        client.setblocking(False)
        route.stats["accepted"] += 1
        conn = Conn(self, route, client)
        if VERBOSE:
            log("route %s: accepted #%d from port %d%s" % (route.name, route.stats["accepted"],
                client.getpeername()[1], " (blackholed)" if route.mode == "blackhole" else ""))
        route.conns.add(conn)
        route.stats["open"] = len(route.conns)
        if route.mode == "blackhole":
            conn.blackholed = True
            conn.update()
            return
        server = socket.socket()
        try:
            if route.source:
                server.bind((route.source, 0))
            server.setblocking(False)
            err = server.connect_ex(("127.0.0.1", route.upstream))
            if err not in (0, errno.EINPROGRESS):
                raise OSError(err, os.strerror(err))
        except OSError:
            server.close()
            route.stats["refused_upstream"] += 1
            conn.client_gone = True
            client.close()
            conn.close()
            return
        conn.server = server
        conn.update()

    # -- control ------------------------------------------------------------------------
    def command(self, line):
        words = line.split()
        if not words:
            return "error: empty command"
        cmd, names = words[0], words[1:]
        if cmd == "stats":
            return json.dumps({n: dict(r.stats, mode=r.mode) for n, r in self.routes.items()},
                              sort_keys=True)
        if cmd == "quit":
            self.stop = True
            return "ok quitting"
        if cmd not in ("blackhole", "freeze", "refuse", "drop", "heal"):
            return "error: unknown command " + cmd
        bad = [n for n in names if n not in self.routes]
        if bad or not names:
            return "error: unknown route(s) %s" % " ".join(bad or ["(none)"])
        for n in names:
            self.fault(self.routes[n], cmd)
        return "ok %s %s" % (cmd, " ".join(names))

    def fault(self, route, cmd):
        if cmd in ("blackhole", "freeze"):
            route.mode = cmd
            route.stats["blackholes"] += 1
            for c in route.conns:
                if not c.blackholed:
                    c.frozen = True
        elif cmd == "refuse" and route.mode != "refuse":
            route.mode = "refuse"
            self.sel.unregister(route.sock)
            route.sock.close()
        elif cmd == "drop":
            route.stats["drops"] += 1
            for c in list(route.conns):
                if not c.blackholed:
                    c.drop()
                    c.maybe_finish()
        elif cmd == "heal":
            if route.mode == "refuse":
                route.open_listener()
                self.sel.register(route.sock, selectors.EVENT_READ, ("listen", route))
            route.mode = "pass"
            for c in list(route.conns):
                c.frozen = False
                if c.blackholed:
                    c.client_gone = True
                    c.close()
        log("route %s: %s (%d open)" % (route.name, cmd, len(route.conns)))
        for c in list(route.conns):
            if not c.closed:
                c.update()

    def ctl_read(self, sock):
        try:
            data = sock.recv(4096)
        except OSError:
            data = b""
        if not data:
            self.sel.unregister(sock)
            self.ctl_bufs.pop(sock, None)
            sock.close()
            return
        buf = self.ctl_bufs.get(sock, b"") + data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            reply = self.command(line.decode(errors="replace"))
            try:
                sock.setblocking(True)
                sock.settimeout(2)
                sock.sendall(reply.encode() + b"\n")
                sock.setblocking(False)
            except OSError:
                pass
        self.ctl_bufs[sock] = buf

    # -- loop ---------------------------------------------------------------------------
    def run(self):
        for r in self.routes.values():
            log("route %s: 127.0.0.1:%d -> 127.0.0.1:%d%s" % (r.name, r.listen, r.upstream,
                " from " + r.source if r.source else ""))
        log("control on 127.0.0.1:%d" % self.ctl.getsockname()[1])
        log("ready")
        while not self.stop:
            for key, mask in self.sel.select(timeout=0.5):
                kind, obj = key.data
                if kind == "listen":
                    self.accept(obj)
                elif kind == "ctl":
                    try:
                        s, _ = self.ctl.accept()
                    except OSError:
                        continue
                    s.setblocking(False)
                    self.sel.register(s, selectors.EVENT_READ, ("ctlconn", None))
                elif kind == "ctlconn":
                    self.ctl_read(key.fileobj)
                elif kind == "sig":
                    for b in self.sig_r.recv(64):
                        if b == signal.SIGUSR1:
                            for r in self.routes.values():
                                self.fault(r, "blackhole")
                                self.fault(r, "drop")
                        elif b == signal.SIGUSR2:
                            for r in self.routes.values():
                                self.fault(r, "heal")
                        else:
                            self.stop = True
                elif kind == "conn":
                    if not obj.closed:
                        obj.on_event(key.fileobj, mask)
            for r in self.routes.values():
                for c in list(r.conns):
                    if c.draining and not c.closed:
                        c.maybe_finish()
        log("stats " + self.command("stats"))


def parse_route(text):
    name, _, rest = text.partition("=")
    ports, _, source = rest.partition("@")
    listen, _, upstream = ports.partition(":")
    if not name or not listen.isdigit() or not upstream.isdigit():
        raise argparse.ArgumentTypeError("a route is NAME=LISTEN:UPSTREAM[@SOURCE]: " + text)
    return name, int(listen), int(upstream), source or None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--control", type=int, required=True, help="control port on 127.0.0.1")
    ap.add_argument("--route", type=parse_route, action="append", required=True,
                    help="NAME=LISTEN:UPSTREAM[@SOURCE] (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="log every connection")
    a = ap.parse_args()
    global VERBOSE
    VERBOSE = a.verbose
    try:
        routes = [Route(*r) for r in a.route]
        proxy = Proxy(routes, a.control)
    except OSError as e:
        log("cannot listen: %s" % e)
        return 1
    proxy.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
