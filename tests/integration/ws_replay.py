#!/usr/bin/python3
"""An independent MS5 WebSocket server for the Andon integration suite.

Written with Debian's python3-websockets (10.4, the legacy asyncio API),
so that ms5top's client is tried against a WebSocket stack other than
libwebsockets. It replays a file of frames to the first client that
connects to /ws/, then keeps the connection open (later connections get
nothing and are held open too), and answers the REST resync
GET /api/v1/andon/events/active on the same port.

usage: ws_replay.py --port PORT --frames FILE [--active JSON] [--rest-delay S]
                    [--close-after S]

The frames file has one text frame per line, sent as it stands (without
the newline). Blank lines and lines starting with "# " are skipped; lines
starting with "#!" make frames no JSON file can hold:

  #!binary N           a binary frame of N bytes
  #!big N              a text frame of N bytes (a JSON object padded with x)
  #!nest N             a text frame of an object nested N levels deep
  #!badutf8            a text frame that is not UTF-8
  #!fragments K FRAME  FRAME (the rest of the line) sent as K fragments
  #!sleep S            a pause of S seconds

--active is the JSON body of the REST answer (default "[]"); --rest-delay
holds that answer back for S seconds (to try the race between the stream
and the resync). Every connection, message received, frame sent and HTTP
request is logged on stderr, one line each, prefixed "ws_replay: ".
"""
import argparse
import asyncio
import http
import sys

import websockets
from websockets.frames import OP_TEXT


def log(*parts):
    print("ws_replay:", *parts, file=sys.stderr, flush=True)


def load_frames(path):
    """The file as a list of (kind, value) steps."""
    steps = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("# "):
                continue
            if not line.startswith("#!"):
                steps.append(("text", line))
                continue
            word, _, rest = line[2:].partition(" ")
            if word == "binary":
                steps.append(("binary", bytes(range(256)) * (int(rest) // 256) +
                              bytes(int(rest) % 256)))
            elif word == "big":
                head = '{"type":"andon_event","data":{"andon_event":{"id":"big","pad":"'
                tail = '"}}}'
                n = max(int(rest) - len(head) - len(tail), 0)
                steps.append(("text", head + "x" * n + tail))
            elif word == "nest":
                n = int(rest)
                steps.append(("text", '{"type":"andon_event","data":' + '{"a":' * n + "1" +
                              "}" * n + "}"))
            elif word == "badutf8":
                steps.append(("raw_text", b'{"type":"andon_event","data":{"id":"\xff\xfe\xc0"}}'))
            elif word == "fragments":
                k, _, frame = rest.partition(" ")
                k = int(k)
                size = -(-len(frame) // k)
                steps.append(("fragments", [frame[i:i + size] for i in range(0, len(frame), size)]))
            elif word == "sleep":
                steps.append(("sleep", float(rest)))
            else:
                raise SystemExit("ws_replay: %s: unknown directive #!%s" % (path, word))
    return steps


class Replay:
    def __init__(self, args):
        self.args = args
        self.steps = load_frames(args.frames)
        self.connections = 0
        self.rest_requests = 0

    async def process_request(self, path, headers):
        """Plain HTTP: the REST resync; None lets a WebSocket upgrade through."""
        route = path.split("?", 1)[0]
        if route == "/ws/" and "upgrade" in headers.get("Connection", "").lower():
            return None
        if route == "/api/v1/andon/events/active":
            self.rest_requests += 1
            log("http GET %s #%d auth=%s" % (route, self.rest_requests,
                                             "bearer" if headers.get("Authorization", "")
                                             .lower().startswith("bearer ") else "none"))
            if self.args.rest_delay > 0:
                await asyncio.sleep(self.args.rest_delay)
            log("http answered #%d" % self.rest_requests)
            return (http.HTTPStatus.OK, [("Content-Type", "application/json")],
                    self.args.active.encode())
        log("http %s -> 404" % route)
        return (http.HTTPStatus.NOT_FOUND, [("Content-Type", "application/json")],
                b'{"detail":"Not Found"}')

    async def send_steps(self, ws):
        sent = 0
        for kind, value in self.steps:
            if kind == "sleep":
                await asyncio.sleep(value)
                continue
            if kind == "text" or kind == "binary":
                await ws.send(value)
            elif kind == "fragments":
                await ws.send(value)
            elif kind == "raw_text":
                await ws.write_frame(True, OP_TEXT, value)
            sent += 1
        log("sent %d frames" % sent)

    async def receive(self, ws, n):
        async for message in ws:
            log("received on #%d: %s" % (n, message if isinstance(message, str) else
                                          "<%d binary bytes>" % len(message)))

    async def handler(self, ws):
        path = ws.path
        self.connections += 1
        n = self.connections
        log("connect #%d %s token=%s" % (n, path.split("?", 1)[0],
                                         "yes" if "token=" in path else "no"))
        reader = asyncio.ensure_future(self.receive(ws, n))
        try:
            if n == 1:
                await self.send_steps(ws)
            if self.args.close_after > 0:
                await asyncio.sleep(self.args.close_after)
                await ws.close(1000, "replay done")
            await reader
        except websockets.ConnectionClosed:
            pass
        finally:
            reader.cancel()
            log("closed #%d code=%s" % (n, ws.close_code))

    async def run(self):
        async with websockets.serve(self.handler, self.args.host, self.args.port,
                                    process_request=self.process_request,
                                    ping_interval=None, max_size=1 << 20,
                                    compression=None):
            log("listening on %s:%d (%d steps)" % (self.args.host, self.args.port,
                                                   len(self.steps)))
            await asyncio.Future()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--frames", required=True)
    p.add_argument("--active", default="[]")
    p.add_argument("--rest-delay", type=float, default=0.0)
    p.add_argument("--close-after", type=float, default=0.0)
    args = p.parse_args()
    try:
        asyncio.run(Replay(args).run())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
