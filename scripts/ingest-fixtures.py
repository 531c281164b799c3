#!/usr/bin/env python3
"""Posts every captured OTLP trace request of tests/fixtures/otlp/*/raw to a canopy server.

Usage: scripts/ingest-fixtures.py http://127.0.0.1:4318 [TOKEN]

The bodies go over the wire as they were captured (protobuf, gzip or OTLP/JSON), with their
content type and encoding. Standard library only, so any python3 runs it.
"""

import json
import pathlib
import sys
import urllib.request

root = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "otlp"
endpoint = sys.argv[1].rstrip("/")
token = sys.argv[2] if len(sys.argv) > 2 else None
sent = 0
for headers_file in sorted(root.glob("*/raw/*-v1_traces.headers.json")):
    headers = json.loads(headers_file.read_text())
    stem = headers_file.name.removesuffix(".headers.json")
    content_type = headers["content-type"]
    encoding = headers.get("content-encoding")
    ext = "pb.gz" if encoding == "gzip" else "json" if content_type == "application/json" else "pb"
    request = urllib.request.Request(
        f"{endpoint}/v1/traces",
        data=(headers_file.parent / f"{stem}.{ext}").read_bytes(),
        method="POST",
        headers={"Content-Type": content_type},
    )
    if encoding:
        request.add_header("Content-Encoding", encoding)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request) as response:
        if response.status != 200:
            sys.exit(f"{headers_file.parent.parent.name}/{stem}: HTTP {response.status}")
    sent += 1
print(f"ingested {sent} fixture requests", file=sys.stderr)
