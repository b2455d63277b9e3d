// The Python side of `LoopbackHTTPServer`, kept in Swift so the test target has no
// unhandled resource files. Written to a temporary folder and run with `python3`.
enum LoopbackHTTPServerScript {
    static let source = #"""
"""Loopback HTTP server for the CatalogSources tests.

Usage: server.py ROOT. Serves the routes in ROOT/routes.json (re-read on every request),
logs each request as a JSON line in ROOT/requests.log, keeps the most requests ever in
flight at once in ROOT/stats.json, prints "PORT <n>" on stdout once
listening on 127.0.0.1, and exits when stdin closes.

routes.json: {"/path?param=value": [response, ...]}. A route matches when the path is equal
and every listed parameter is present with that value ("*" = any value); the route listing
the most parameters wins. The n-th request to a route gets its n-th response (the last one
repeats). A response: {"status": 200, "headers": {}, "body": "...", "body_file": "rel/path",
"etag": "\"v1\"", "last_modified": "...", "size": N, "content_length": true,
"never_finish": false, "delay": 0}.
"""
import json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qsl

ROOT = sys.argv[1]
LOCK = threading.Lock()
COUNTS = {}
ACTIVE = [0, 0]  # in flight now, most ever in flight


def track(delta):
    with LOCK:
        ACTIVE[0] += delta
        ACTIVE[1] = max(ACTIVE[1], ACTIVE[0])
        with open(os.path.join(ROOT, "stats.json"), "w") as f:
            json.dump({"active": ACTIVE[0], "max_active": ACTIVE[1]}, f)


def load_routes():
    with open(os.path.join(ROOT, "routes.json"), "rb") as f:
        return json.load(f)


def match(routes, path, params):
    best, best_score = None, -1
    for key in routes:
        parts = urlsplit(key)
        if parts.path != path:
            continue
        wanted = parse_qsl(parts.query, keep_blank_values=True)
        if all(k in params and (v == "*" or params[k] == v) for k, v in wanted) and len(wanted) > best_score:
            best, best_score = key, len(wanted)
    return best


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        track(1)
        try:
            self.handle_get()
        finally:
            track(-1)

    def handle_get(self):
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        with LOCK:
            with open(os.path.join(ROOT, "requests.log"), "a") as log:
                log.write(json.dumps({"path": parts.path, "query": params,
                                      "headers": {k.lower(): v for k, v in self.headers.items()}}) + "\n")
        try:
            routes = load_routes()
        except Exception as error:
            return self.reply(500, {}, ("bad routes.json: %s" % error).encode())
        key = match(routes, parts.path, params)
        if key is None:
            return self.reply(404, {"Content-Type": "text/plain"}, b"not found")
        with LOCK:
            n = COUNTS.get(key, 0)
            COUNTS[key] = n + 1
        responses = routes[key]
        spec = responses[min(n, len(responses) - 1)]
        if spec.get("delay"):
            time.sleep(spec["delay"])
        headers = dict(spec.get("headers", {}))
        etag, modified = spec.get("etag"), spec.get("last_modified")
        if etag:
            headers["ETag"] = etag
        if modified:
            headers["Last-Modified"] = modified
        if (etag and self.headers.get("If-None-Match") == etag) or \
           (modified and not etag and self.headers.get("If-Modified-Since") == modified):
            return self.reply(304, headers, b"")
        status = spec.get("status", 200)
        if spec.get("never_finish"):
            return self.never_finish(status, headers)
        if "size" in spec:
            return self.sized(status, headers, spec["size"], spec.get("content_length", True))
        if "body_file" in spec:
            with open(os.path.join(ROOT, spec["body_file"]), "rb") as f:
                body = f.read()
        else:
            body = spec.get("body", "").encode()
        self.reply(status, headers, body)

    def reply(self, status, headers, body):
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def sized(self, status, headers, size, with_length):
        chunk = (b"<p>" + b"x" * 1017 + b"</p>\n") * 64
        try:
            self.send_response(status)
            headers.setdefault("Content-Type", "text/html")
            for k, v in headers.items():
                self.send_header(k, v)
            if with_length:
                self.send_header("Content-Length", str(size))
            self.end_headers()
            sent = 0
            while sent < size:
                piece = chunk[: size - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def never_finish(self, status, headers):
        try:
            self.send_response(status)
            headers.setdefault("Content-Type", "text/html")
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(b"<html><body><main><h1>Slow")
            self.wfile.flush()
            while True:
                time.sleep(0.2)
                self.wfile.write(b" ")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        sys.stdin.read()
    finally:
        os._exit(0)  # daemon threads (a body that never ends) die with the process


main()
"""#
}
