#!/usr/bin/python3
"""A misbehaving HTTP server for the integration suites.

usage: badserver.py MODE PORT [FILE]
  hang     accepts connections and never answers
  html502  answers every request with a proxy's 502 HTML page
  huge     answers 200 with a JSON body of 20 MB
  record   answers like Prometheus' buildinfo and appends each request's
           headers to FILE (one "Name: value" per line, a blank line between)
"""
import http.server
import socket
import sys
import time

mode, port = sys.argv[1], int(sys.argv[2])
record_file = sys.argv[3] if len(sys.argv) > 3 else None

if mode == "hang":
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    held = []
    while True:
        conn, _ = s.accept()
        held.append(conn)  # never read, never answer, never close

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self):
        if mode == "html502":
            body = b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
            self.send_response(502)
            self.send_header("Content-Type", "text/html")
        elif mode == "huge":
            body = b'{"status":"success","data":{"resultType":"vector","result":[' + b" " * (20 * 1024 * 1024) + b"]}}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        else:
            with open(record_file, "a") as f:
                f.write("%s %s\n" % (self.command, self.path))
                for k, v in self.headers.items():
                    f.write("%s: %s\n" % (k, v))
                f.write("\n")
            body = b'{"status":"success","data":{"version":"9.9.9-record"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:
            pass

    do_GET = answer
    do_POST = answer

http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
