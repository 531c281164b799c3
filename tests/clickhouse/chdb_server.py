#!/usr/bin/env python3
"""A minimal ClickHouse HTTP interface on top of chDB, for canopy's ClickHouse test suite.

No modern ClickHouse server package reaches the CI machines, but PyPI's `chdb` carries the
ClickHouse engine in-process. This script puts the slice of ClickHouse's HTTP interface that
canopy's ClickHouse store uses (src/store/clickhouse/http.rs) in front of it, bound to 127.0.0.1:

  GET  /ping                          -> 200 "Ok."
  GET  /?query=SQL                    -> the result
  POST /?query=SQL  (body: data)      -> runs "SQL\\n<body>", e.g. INSERT ... FORMAT JSONEachRow
  POST /            (body: SQL)       -> runs the body
  param_NAME=VALUE                    -> the value of the query parameter {NAME:Type}
  default_format=FORMAT               -> output format (default TabSeparated)

Errors answer 500 with ClickHouse's message as the body and its code in the
X-ClickHouse-Exception-Code header, as the real server does. Any other URL parameter (settings,
database, credentials) is refused with 400, so canopy cannot come to depend on something this
front silently ignores. Credentials in headers are ignored: the front only listens on loopback.
Queries run one at a time (chDB sessions are not meant for concurrent queries); ClickHouse's own
background merges still run.

It is test infrastructure, not a product. Usage:

  python3 tests/clickhouse/chdb_server.py --port-file /tmp/port [--port 0] [--data-dir DIR]

It writes the port to --port-file once it answers queries, and stops on SIGTERM or SIGINT.
"""

import argparse
import os
import re
import signal
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from chdb import session as chdb_session

ALLOWED = {"query", "default_format"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "chdb-front"

    def log_message(self, fmt, *args):  # quiet: one line per request would drown CI logs
        pass

    def answer(self, status, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.handle_query(b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.handle_query(self.rfile.read(length) if length else b"")

    def handle_query(self, body):
        url = urlsplit(self.path)
        if url.path == "/ping":
            return self.answer(200, b"Ok.\n")
        if url.path != "/":
            return self.answer(404, f"no such endpoint: {url.path}\n".encode())
        query, fmt, params = None, "TabSeparated", {}
        for key, value in parse_qsl(url.query, keep_blank_values=True):
            if key.startswith("param_"):
                params[key[len("param_"):]] = value
            elif key == "query":
                query = value
            elif key == "default_format":
                fmt = value
            else:
                return self.answer(400, f"chdb_server.py does not support the URL parameter {key!r}\n".encode())
        text = body.decode("utf-8")
        sql = f"{query}\n{text}" if query is not None and text else (query if query is not None else text)
        if not sql.strip():
            return self.answer(400, b"empty query\n")
        try:
            with self.server.lock:
                result = self.server.session.query(sql, fmt, params=params)
            data = result.bytes() if result is not None else b""
        except Exception as e:  # chDB raises its own exception types; all carry the message
            message = str(e)
            code = re.search(r"Code: (\d+)", message)
            headers = [("X-ClickHouse-Exception-Code", code.group(1))] if code else []
            return self.answer(500, (message + "\n").encode(), headers)
        self.answer(200, data or b"")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free one)")
    parser.add_argument("--port-file", required=True, help="where to write the port once ready")
    parser.add_argument("--data-dir", help="chDB data directory (default: a temporary one)")
    args = parser.parse_args()

    temporary = None if args.data_dir else tempfile.TemporaryDirectory(prefix="chdb-")
    data_dir = args.data_dir or temporary.name
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.lock = threading.Lock()
    server.session = chdb_session.Session(data_dir)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.session.query("SELECT 1", "TabSeparated")  # ready: the engine answers
        port = server.server_address[1]
        partial = args.port_file + ".partial"
        with open(partial, "w") as f:
            f.write(f"{port}\n")
        os.replace(partial, args.port_file)
        print(f"chdb_server.py: ClickHouse {server.session.query('SELECT version()', 'TabSeparated').bytes().decode().strip()} "
              f"(chDB) on http://127.0.0.1:{port}", file=sys.stderr, flush=True)
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
        server.session.close()
        if temporary:
            temporary.cleanup()


if __name__ == "__main__":
    main()
