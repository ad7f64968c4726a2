#!/usr/bin/env python3
"""A benchmark fixture, never a test of Connect: plays several Connect clusters far larger
than one Connect on this machine can hold, from an `expand=status&expand=info` answer
recorded from the real stack. Each cluster gets N connectors cloned from the recorded ones
(renamed); every interval a share of them flips between RUNNING and PAUSED, so a refresh
has something to send. Counts the list calls each cluster receives.

  replay.py RECORDED.json --connectors 10000 --ports 9101,9102 [--churn 0.01 --every 2]
  GET http://127.0.0.1:PORT/__calls  → list calls so far (the fixture's own route)
"""

import argparse
import copy
import json
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def clone(recorded, n, cluster):
    templates = list(recorded.values())
    out = {}
    for i in range(n):
        name = f"replay-{cluster}-{i:06d}"
        entry = copy.deepcopy(templates[i % len(templates)])
        old = entry["status"]["name"]
        entry["status"]["name"] = name
        entry["info"]["name"] = name
        entry["info"]["config"]["name"] = name
        for t in entry["info"].get("tasks", []):
            t["connector"] = name
        entry["status"]["connector"].setdefault("worker_id", "127.0.0.1:8083")
        assert old
        out[name] = entry
    return out


class Cluster:
    def __init__(self, connectors):
        self.connectors = connectors
        self.lock = threading.Lock()
        self.calls = 0
        self.render()

    def render(self):
        body = json.dumps(self.connectors).encode()
        names = json.dumps(list(self.connectors)).encode()
        with self.lock:
            self.body, self.names = body, names

    def churn(self, share):
        for name in random.sample(list(self.connectors), max(1, int(len(self.connectors) * share))):
            c = self.connectors[name]["status"]["connector"]
            c["state"] = "PAUSED" if c["state"] == "RUNNING" else "RUNNING"
        self.render()


def handler(cluster):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def send(self, status, body):
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path, _, query = self.path.partition("?")
            if path == "/":
                self.send(200, b'{"version":"4.1.1","commit":"replay","kafka_cluster_id":"replay"}')
            elif path == "/connectors" and "expand" in query:
                with cluster.lock:
                    cluster.calls += 1
                    body = cluster.body
                self.send(200, body)
            elif path == "/connectors":
                self.send(200, cluster.names)
            elif path == "/__calls":
                self.send(200, str(cluster.calls).encode())
            elif path == "/connector-plugins":
                self.send(200, b"[]")
            else:
                self.send(404, b'{"error_code":404,"message":"not in the replay fixture"}')

    return Handler


class Quiet(ThreadingHTTPServer):
    # Sluice drops its connections when the benchmark stops it: not worth a traceback.
    def handle_error(self, request, client_address):
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recorded")
    ap.add_argument("--connectors", type=int, required=True, help="per cluster")
    ap.add_argument("--ports", required=True)
    ap.add_argument("--churn", type=float, default=0.01)
    ap.add_argument("--every", type=float, default=2.0)
    a = ap.parse_args()
    recorded = json.load(open(a.recorded))
    clusters = []
    for i, port in enumerate(int(p) for p in a.ports.split(",")):
        cluster = Cluster(clone(recorded, a.connectors, i))
        clusters.append(cluster)
        server = Quiet(("127.0.0.1", port), handler(cluster))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print("ready", flush=True)
    stop = threading.Event()
    while not stop.wait(a.every):
        for c in clusters:
            c.churn(a.churn)


if __name__ == "__main__":
    main()
