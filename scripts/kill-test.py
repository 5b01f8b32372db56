#!/usr/bin/env python3
"""SIGKILL a real bucketlist-server at random moments during a stream of writes, restart it, and check that
the activity log holds exactly the committed operations (after dropping duplicate (source, seq) pairs).

Usage: scripts/kill-test.py BINARY [--rounds N] [--writers N] [--seed N]

Each round starts the server (which drains the outbox before serving), runs concurrent writers that add
items and mark them done over HTTP, kills the server with SIGKILL after a random delay, and restarts it.
After every restart it checks, against the database file itself:
  - the outbox is empty and the log's seqs (deduplicated) are exactly 1..N, N being the last seq SQLite
    assigned: every committed record reached the log, none was invented;
  - the items in the database are exactly the item.created records, and the done items exactly those with
    a done [false, true] change: the log describes exactly the committed state;
  - every operation the server acknowledged (2xx) is in the log.
Prints the figures per kill and in total; exits 1 on any mismatch.
"""
import argparse
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, folder, port):
        self.binary, self.folder, self.port = binary, folder, port
        self.process = None

    def arguments(self):
        """The `serve` command line (scripts/scale-test.py overrides it to serve PostgreSQL)."""
        return [self.binary, "serve", "--port", str(self.port),
                "--database", os.path.join(self.folder, "db.sqlite"),
                "--activity-log", os.path.join(self.folder, "activity.log"),
                "--feed-dir", os.path.join(self.folder, "feed"),
                "--source", "kill-test", "--log-level", "warning"]

    def start(self):
        stderr = open(os.path.join(self.folder, "server.stderr"), "ab")
        self.process = subprocess.Popen(self.arguments(), stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server exited with {self.process.returncode}; see {stderr.name}")
            try:
                status, _ = request(self.port, "GET", "/health")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("server did not answer /health within 60 s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def terminate(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def request(port, method, path, body=None, token=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def writer(port, token, list_id, prefix, stop, acknowledged):
    """Adds items and marks every other one done until stopped; keeps what the server acknowledged."""
    index = 0
    while not stop.is_set():
        name = f"{prefix}-{index}"
        index += 1
        try:
            status, body = request(port, "POST", f"/bucketlists/{list_id}/items", {"name": name}, token)
            if status != 201:
                continue
            acknowledged.append(("item.created", name))
            item_id = json.loads(body)["id"]
            if index % 2 == 0:
                status, _ = request(port, "PUT", f"/bucketlists/{list_id}/items/{item_id}", {"done": True}, token)
                if status == 200:
                    acknowledged.append(("item.updated", item_id))
        except (OSError, http.client.HTTPException):
            return


def read_log(path):
    """Records by (source, seq), the number of duplicate lines, and unparsable lines."""
    records, duplicates, broken = {}, 0, 0
    with open(path, "rb") as log:
        for line in log:
            if not line.endswith(b"\n"):
                broken += 1
                continue
            try:
                record = json.loads(line)
            except ValueError:
                broken += 1
                continue
            key = (record["source"], record["seq"])
            if key in records:
                duplicates += 1
                if records[key] != record:
                    raise SystemExit(f"seq {key} appears twice with different contents")
            records[key] = record
    return records, duplicates, broken


def check(folder, acknowledged):
    """Compares the log with the database and the acknowledged operations; returns the figures."""
    records, duplicates, broken = read_log(os.path.join(folder, "activity.log"))
    database = sqlite3.connect(os.path.join(folder, "db.sqlite"))
    try:
        outbox = database.execute("SELECT count(*) FROM outbox").fetchone()[0]
        last_seq = database.execute("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetchone()[0]
        items = {name: done for name, done in database.execute("SELECT name, done FROM item")}
    finally:
        database.close()
    problems = []
    if outbox != 0:
        problems.append(f"{outbox} rows left in the outbox after the start drain")
    seqs = sorted(seq for _, seq in records)
    if seqs != list(range(1, last_seq + 1)):
        problems.append(f"log seqs are not exactly 1..{last_seq} (found {len(seqs)})")
    created = {r["subject"]["title"] for r in records.values() if r["signal"] == "item.created"}
    done_ids = {r["subject"]["id"] for r in records.values()
                if r["signal"] == "item.updated" and r.get("changes", {}).get("done") == [False, True]}
    if created != set(items):
        problems.append(f"items in the database ({len(items)}) differ from item.created records ({len(created)})")
    if len(done_ids) != sum(1 for done in items.values() if done):
        problems.append("done items differ from the done [false, true] records")
    updated_ids = {r["subject"]["id"] for r in records.values() if r["signal"] == "item.updated"}
    for kind, key in acknowledged:
        if (kind == "item.created" and key not in created) or (kind == "item.updated" and key not in updated_ids):
            problems.append(f"acknowledged {kind} {key} is not in the log")
            break
    return len(records), duplicates, broken, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    arguments = parser.parse_args()
    random.seed(arguments.seed)
    folder = tempfile.mkdtemp(prefix="kill-test-")
    port = free_port()
    server = Server(os.path.abspath(arguments.binary), folder, port)
    print(f"kill test: {arguments.rounds} rounds, {arguments.writers} writers, seed {arguments.seed}, in {folder}")

    server.start()
    request(port, "POST", "/auth/register", {"username": "killer", "password": "kill-test-password"})
    _, body = request(port, "POST", "/auth/login", {"username": "killer", "password": "kill-test-password"})
    token = json.loads(body)["token"]
    _, body = request(port, "POST", "/bucketlists", {"name": "Kill test"}, token)
    list_id = json.loads(body)["id"]
    acknowledged = []  # besides the registration and the list, counted in total_acknowledged
    total_acknowledged, failures, previous_records, previous_duplicates = 2, 0, 2, 0
    started = time.monotonic()

    for round_number in range(1, arguments.rounds + 1):
        stop = threading.Event()
        round_acknowledged = []
        threads = [threading.Thread(target=writer, args=(port, token, list_id, f"r{round_number}w{w}", stop,
                                                         round_acknowledged))
                   for w in range(arguments.writers)]
        for thread in threads:
            thread.start()
        time.sleep(random.uniform(0.2, 1.2))
        server.kill()
        stop.set()
        for thread in threads:
            thread.join()
        server.start()
        acknowledged += round_acknowledged
        total_acknowledged += len(round_acknowledged)
        found, duplicates, broken, problems = check(folder, acknowledged)
        failures += bool(problems)
        print(f"kill {round_number:2}: acknowledged {len(round_acknowledged):4} operations, "
              f"{found - previous_records:4} new records ({found - previous_records - len(round_acknowledged)} "
              f"committed but unacknowledged), log total {found}, duplicate lines {duplicates - previous_duplicates}, "
              f"partial lines {broken}{'' if not problems else '  FAIL: ' + '; '.join(problems)}")
        previous_records, previous_duplicates = found, duplicates

    status = server.terminate()
    found, duplicates, broken, problems = check(folder, acknowledged)
    if status != 0:
        problems.append(f"server exited with {status} after SIGTERM")
    failures += bool(problems)
    print(f"total: {arguments.rounds} kills, {total_acknowledged} operations acknowledged, {found} records in the "
          f"log after dedupe by (source, seq) = every committed operation; {duplicates} duplicate lines dropped; "
          f"{time.monotonic() - started:.1f} s")
    print(f"{arguments.rounds + 1 - failures} passed, {failures} failed")
    if failures == 0:
        subprocess.run(["rm", "-rf", folder])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
