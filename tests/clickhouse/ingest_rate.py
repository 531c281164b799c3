#!/usr/bin/env python3
"""Measure how many spans per second a `canopy serve` ingests (and acknowledges).

Sends OTLP/JSON requests from several threads at once. Each request is one trace of
--spans spans (an AGENT root, LLM and TOOL children with token counts, a model name and
~1 KB of prompt and completion text), all with fresh ids, timestamped around now. The rate
counts only spans of requests answered 200, i.e. spans the server says it has stored.

  python3 tests/clickhouse/ingest_rate.py --endpoint http://127.0.0.1:4318 \\
      --requests 400 --spans 50 --concurrency 8

Standard library only; README ("Scale out on ClickHouse") has the numbers it gave.
"""

import argparse
import json
import os
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PROMPT = "Plan a three-day trip to Lisbon for two, with a budget of 900 EUR. " * 8
COMPLETION = "Day 1: Alfama and the castle; day 2: Belem; day 3: Sintra by train. " * 5


def attr(key, value):
    if isinstance(value, bool):
        v = {"boolValue": value}
    elif isinstance(value, int):
        v = {"intValue": str(value)}
    else:
        v = {"stringValue": value}
    return {"key": key, "value": v}


def request_body(n_spans, now_ns):
    trace_id = os.urandom(16).hex()
    root_id = os.urandom(8).hex()
    spans = [{
        "traceId": trace_id, "spanId": root_id, "name": "travel-planner.run", "kind": 1,
        "startTimeUnixNano": str(now_ns), "endTimeUnixNano": str(now_ns + n_spans * 1_000_000),
        "attributes": [attr("openinference.span.kind", "AGENT"), attr("agent.name", "planner"),
                       attr("session.id", "sess-" + trace_id[:8]), attr("input.value", PROMPT[:200])],
        "status": {},
    }]
    for i in range(1, n_spans):
        start = now_ns + i * 1_000_000
        llm = i % 3 != 0
        attributes = [attr("openinference.span.kind", "LLM" if llm else "TOOL")]
        if llm:
            attributes += [attr("llm.model_name", "gpt-4o-mini"), attr("llm.provider", "openai"),
                           attr("llm.token_count.prompt", 400 + i), attr("llm.token_count.completion", 120),
                           attr("input.value", PROMPT), attr("output.value", COMPLETION)]
        else:
            attributes += [attr("tool.name", "get_weather"), attr("input.value", '{"city": "Lisbon"}'),
                           attr("output.value", '{"temp_c": 21}')]
        spans.append({
            "traceId": trace_id, "spanId": os.urandom(8).hex(), "parentSpanId": root_id,
            "name": "chat gpt-4o-mini" if llm else "execute_tool get_weather", "kind": 3 if llm else 1,
            "startTimeUnixNano": str(start), "endTimeUnixNano": str(start + 900_000),
            "attributes": attributes, "status": {"code": 2, "message": "boom"} if i % 17 == 0 else {},
        })
    return json.dumps({"resourceSpans": [{
        "resource": {"attributes": [attr("service.name", "ingest-rate")]},
        "scopeSpans": [{"scope": {"name": "ingest_rate.py"}, "spans": spans}],
    }]}).encode()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--endpoint", default="http://127.0.0.1:4318")
    p.add_argument("--requests", type=int, default=400)
    p.add_argument("--spans", type=int, default=50, help="spans per request (one trace)")
    p.add_argument("--concurrency", type=int, default=8)
    args = p.parse_args()

    now = time.time_ns()
    bodies = [request_body(args.spans, now + i * 1000) for i in range(args.requests)]
    url = args.endpoint.rstrip("/") + "/v1/traces"
    failures = []
    lock = threading.Lock()

    def send(body):
        req = urllib.request.Request(url, data=body, headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                r.read()
                return r.status == 200
        except Exception as e:  # report, keep measuring
            with lock:
                failures.append(str(e))
            return False

    started = time.monotonic()
    with ThreadPoolExecutor(args.concurrency) as pool:
        ok = sum(pool.map(send, bodies))
    elapsed = time.monotonic() - started
    spans = ok * args.spans
    mb = sum(len(b) for b in bodies) / 1e6
    print(f"{spans} spans in {ok}/{args.requests} requests ({mb:.1f} MB of OTLP/JSON) "
          f"in {elapsed:.2f}s with {args.concurrency} clients: {spans / elapsed:,.0f} spans/s")
    if failures:
        print(f"{len(failures)} failed, e.g. {failures[0]}")


if __name__ == "__main__":
    main()
