#!/usr/bin/env python3
"""Three bucketlist-server instances on one PostgreSQL database, each SIGKILLed and restarted at random moments
during concurrent CRUD traffic; checks that their three activity logs hold exactly the committed operations.

Usage: scripts/scale-test.py SERVER ACTIVITY_FEED PSQL DATABASE_URL WORK_DIR
           [--instances N] [--seconds S] [--kills K] [--workers W] [--seed N]

(scripts/scale-test.sh starts the scratch PostgreSQL cluster and builds the executables.)

Instances app-1 … app-N serve one database, each on its own port with its own log. W workers, each a user of
its own (registered over HTTP, or by `user add --source` of a random instance), create lists, add items, rename both, tick items and delete both, each request sent to a random
instance that is up, for S seconds; meanwhile every instance is SIGKILLed K times, at a random moment of each
of K equal slots, and restarted with the same source and log (some restarts are also SIGKILLed once during
start-up, before they serve). A request whose connection failed after it was
sent (or that got a 5xx) has an unknown outcome: its operation may or may not be in the log, and the worker
stops touching that list or item. At the end the instances are stopped with SIGTERM (they drain), then:
  - the logs' lines, deduplicated by (source, seq), never disagree, and each log holds only its own source;
  - each source's seqs are exactly 1..N, N being the counter PostgreSQL holds, and the outbox is empty;
  - every acknowledged (2xx) operation is in the logs exactly once, every record is an operation that was
    acknowledged or has an unknown outcome, and none is there twice;
  - replaying the records (users, lists, items, names, done) gives exactly the database's final state;
  - `activity-feed build --log … --log …` ingests every record (stats: no missing range, no reject) and
    publishes them all (entries of feed.atom and the archive pages).
Prints the figures; exits 1 with the failed checks listed.
"""
import argparse
import glob
import http.client
import importlib.util
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

_spec = importlib.util.spec_from_file_location(
    "kill_test", os.path.join(os.path.dirname(os.path.abspath(__file__)), "kill-test.py"))
kill_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kill_test)
free_port, read_log = kill_test.free_port, kill_test.read_log


class Instance(kill_test.Server):
    """One server of the group: its own source, port, log and feed folder; the shared PostgreSQL database."""

    def __init__(self, binary, folder, port, source, database_url):
        super().__init__(binary, folder, port)
        self.source, self.database_url = source, database_url
        self.log = os.path.join(folder, "activity.log")
        self.up = False
        self.kills = 0
        self.start_kills = 0
        self.start_retries = 0

    def arguments(self):
        return [self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port),
                "--database", self.database_url, "--activity-log", self.log,
                "--feed-dir", os.path.join(self.folder, "feed"), "--source", self.source,
                "--log-level", "warning"]

    def start(self):
        # Right after a SIGKILL, PostgreSQL may not yet have seen the old session go, and with it the advisory
        # lock of the source: the new server then refuses to start ("another bucketlist-server is running").
        for attempt in range(20):
            try:
                super().start()
                with open(os.path.join(self.folder, "server.pid"), "w") as pid:
                    pid.write(f"{self.process.pid}\n")  # for scripts/scale-test.sh's trap, should this driver die
                self.up = True
                return
            except SystemExit:
                if attempt == 19:
                    raise
                self.start_retries += 1
                time.sleep(0.25)

    def kill(self):
        self.up = False
        super().kill()
        self.kills += 1

    def terminate(self):
        self.up = False
        return super().terminate()

    def kill_during_start(self, delay):
        """Starts a server and SIGKILLs it `delay` seconds later, most likely before it serves: while it
        migrates, takes its source's lock or drains the outbox."""
        with open(os.path.join(self.folder, "server.stderr"), "ab") as stderr:
            process = subprocess.Popen(self.arguments(), stdout=subprocess.DEVNULL, stderr=stderr)
        time.sleep(delay)
        process.kill()
        process.wait()
        self.start_kills += 1


class NotSent(Exception):
    """No instance took the connection: the request was never sent."""


class Unknown(Exception):
    """The request was sent but its answer was lost (or was a 5xx): its outcome is unknown."""


class Traffic:
    """The operations the workers sent, with their outcome, and the figures."""

    def __init__(self, instances):
        self.instances = instances
        self.lock = threading.Lock()
        self.operations = []  # (key, outcome, detail): outcome "ack" or "unknown"
        self.rejected = []  # unexpected 4xx answers
        self.not_sent = 0
        self.server_errors = 0  # 5xx answers (outcome unknown too)

    def note(self, key, outcome, detail=None):
        with self.lock:
            self.operations.append((key, outcome, detail))

    def send(self, method, path, body=None, token=None, stop=None):
        """Sends to a random instance that is up; retries others while none takes the connection."""
        while True:
            candidates = [i for i in self.instances if i.up]
            if not candidates:
                if stop is not None and stop.is_set():
                    raise NotSent()
                time.sleep(0.02)
                continue
            instance = random.choice(candidates)
            connection = http.client.HTTPConnection("127.0.0.1", instance.port, timeout=15)
            try:
                connection.connect()
            except OSError:
                connection.close()
                with self.lock:
                    self.not_sent += 1
                time.sleep(0.01)
                continue
            try:
                headers = {"Content-Type": "application/json"}
                if token:
                    headers["Authorization"] = f"Bearer {token}"
                connection.request(method, path, body=json.dumps(body) if body is not None else None,
                                   headers=headers)
                response = connection.getresponse()
                status, data = response.status, response.read()
            except (OSError, http.client.HTTPException):
                raise Unknown()
            finally:
                connection.close()
            if status >= 500:
                with self.lock:
                    self.server_errors += 1
                raise Unknown()
            return status, data


def worker(number, traffic, stop, failures):
    """One user: creates, renames, ticks and deletes its own lists and items until `stop`."""
    rng = random.Random(number * 7919 + random.randrange(1 << 30))
    username = f"scale-w{number}"
    password = "scale-test-password"
    serial = 0

    def unique(kind):
        nonlocal serial
        serial += 1
        return f"w{number}-{kind}{serial}"

    try:
        # Registration and login are retried until answered (a lost answer to the registration leaves its
        # outcome unknown, so a 409 afterwards is fine). Even workers are added by `user add` with the source
        # of a random instance, which relays the record of that other process (woken by NOTIFY, or at its start
        # drain if it is down at that moment).
        registered = False
        if number % 2 == 0:
            instance = rng.choice(traffic.instances)
            added = subprocess.run(
                [instance.binary, "user", "add", "--username", username, "--database", instance.database_url,
                 "--source", instance.source], input=password + "\n", capture_output=True, text=True)
            if added.returncode != 0:
                failures.append(f"worker {number}: user add exited with {added.returncode}: {added.stderr[:300]}")
                return
            traffic.note(("user", username), "ack")
            registered = True
        while not registered:
            try:
                status, _ = traffic.send("POST", "/auth/register", {"username": username, "password": password})
            except Unknown:
                traffic.note(("user", username), "unknown")
                continue
            if status == 201:
                traffic.note(("user", username), "ack")
                registered = True
            elif status == 409:
                registered = True
            elif status in (429, 503):
                time.sleep(0.2)
            else:
                failures.append(f"worker {number}: register answered {status}")
                return
        token = None
        while token is None:
            try:
                status, body = traffic.send("POST", "/auth/login", {"username": username, "password": password})
            except Unknown:
                continue
            if status == 200:
                token = json.loads(body)["token"]
            elif status in (429, 503):
                time.sleep(0.2)
            else:
                failures.append(f"worker {number}: login answered {status}")
                return

        lists = {}  # id -> {"name", "items": {id -> {"name", "done"}}}, only what the worker knows for sure

        def call(method, path, body, key, expected, detail=None):
            """Sends one operation; returns the parsed body on `expected`, None otherwise."""
            try:
                status, data = traffic.send(method, path, body, token, stop)
            except Unknown:
                traffic.note(key, "unknown", detail)
                return None
            if status != expected:
                with traffic.lock:
                    traffic.rejected.append(f"{method} {path} {body} -> {status} {data[:200]!r}")
                return None
            traffic.note(key, "ack", detail)
            return json.loads(data) if data else {}

        while not stop.is_set():
            items = [(list_id, item_id) for list_id, entry in lists.items() for item_id in entry["items"]]
            choice = rng.random()
            try:
                if not lists or choice < 0.15:
                    name = unique("list")
                    answer = call("POST", "/bucketlists", {"name": name}, ("list+", name), 201)
                    if answer is not None:
                        lists[answer["id"]] = {"name": name, "items": {}}
                elif choice < 0.45 or not items:
                    list_id = rng.choice(list(lists))
                    name = unique("item")
                    answer = call("POST", f"/bucketlists/{list_id}/items", {"name": name}, ("item+", name), 201)
                    if answer is None:
                        continue
                    lists[list_id]["items"][answer["id"]] = {"name": name, "done": False}
                elif choice < 0.55:
                    list_id = rng.choice(list(lists))
                    name = unique("list")
                    if call("PUT", f"/bucketlists/{list_id}", {"name": name}, ("list~", name), 200) is None:
                        del lists[list_id]  # unknown: the worker leaves it alone from now on
                        continue
                    lists[list_id]["name"] = name
                elif choice < 0.68:
                    list_id, item_id = rng.choice(items)
                    name = unique("item")
                    if call("PUT", f"/bucketlists/{list_id}/items/{item_id}", {"name": name}, ("item~", name),
                            200) is None:
                        del lists[list_id]["items"][item_id]
                        continue
                    lists[list_id]["items"][item_id]["name"] = name
                elif choice < 0.83:
                    undone = [(l, i) for l, i in items if not lists[l]["items"][i]["done"]]
                    if not undone:
                        continue
                    list_id, item_id = rng.choice(undone)
                    if call("PUT", f"/bucketlists/{list_id}/items/{item_id}", {"done": True}, ("item!", item_id),
                            200) is None:
                        del lists[list_id]["items"][item_id]
                        continue
                    lists[list_id]["items"][item_id]["done"] = True
                elif choice < 0.93:
                    list_id, item_id = rng.choice(items)
                    call("DELETE", f"/bucketlists/{list_id}/items/{item_id}", None, ("item-", item_id), 204)
                    del lists[list_id]["items"][item_id]
                else:
                    list_id = rng.choice(list(lists))
                    # An acknowledged list delete must log one item.deleted per item the worker knows of.
                    call("DELETE", f"/bucketlists/{list_id}", None, ("list-", list_id), 204,
                         detail=sorted(lists[list_id]["items"]))
                    del lists[list_id]
            except NotSent:
                return
    except Exception as error:  # a bug in the driver must fail the run, not hang it
        failures.append(f"worker {number}: {type(error).__name__}: {error}")


def killer(instance, seconds, kills, stop, failures):
    """Kills `instance` once at a random moment of each of `kills` equal slots, restarting it each time."""
    rng = random.Random(random.randrange(1 << 30))
    started = time.monotonic()
    slot = seconds / kills
    try:
        for number in range(kills):
            moment = started + slot * number + rng.uniform(0.15, 0.9) * slot
            delay = moment - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            instance.kill()
            time.sleep(rng.uniform(0, 0.3))
            if rng.random() < 0.4:
                instance.kill_during_start(rng.uniform(0.05, 0.6))
            instance.start()
    except BaseException as error:
        failures.append(f"{instance.source}: restart failed: {error}")
        stop.set()


def record_key(record):
    """The operation a record stands for (see Traffic.note's keys)."""
    signal, subject = record["signal"], record["subject"]
    changes = record.get("changes", {})
    if signal == "user.registered":
        return ("user", subject["title"])
    if signal == "bucketlist.created":
        return ("list+", subject["title"])
    if signal == "bucketlist.updated" and set(changes) == {"name"}:
        return ("list~", changes["name"][1])
    if signal == "bucketlist.deleted":
        return ("list-", subject["id"])
    if signal == "item.created":
        return ("item+", subject["title"])
    if signal == "item.updated" and set(changes) == {"name"}:
        return ("item~", changes["name"][1])
    if signal == "item.updated" and changes == {"done": [False, True]}:
        return ("item!", subject["id"])
    if signal == "item.deleted":
        return ("item-", subject["id"])
    return ("unexpected", signal, json.dumps(changes))


def replay(records, problems):
    """The state the records describe: users, lists {id: name}, items {id: (list id, name, done)}.

    Records of one list or item come from requests one worker sent one after another (possibly to different
    instances), so they are applied in `ts` order; a record that does not apply yet (same millisecond) waits
    until one that does has been applied. What never applies is a problem."""
    users, lists, items = set(), {}, {}

    def apply(record):
        signal, subject, changes = record["signal"], record["subject"], record.get("changes", {})
        identifier, title = subject["id"], subject["title"]
        if signal == "user.registered":
            if title in users:
                return False
            users.add(title)
        elif signal == "bucketlist.created":
            if identifier in lists:
                return False
            lists[identifier] = title
        elif signal == "bucketlist.updated":
            if lists.get(identifier) != changes["name"][0]:
                return False
            lists[identifier] = changes["name"][1]
        elif signal == "bucketlist.deleted":
            if identifier not in lists or any(item[0] == identifier for item in items.values()):
                return False
            del lists[identifier]
        elif signal == "item.created":
            parent = record["parent"]["id"]
            if identifier in items or parent not in lists:
                return False
            items[identifier] = (parent, title, False)
        elif signal == "item.updated":
            if identifier not in items:
                return False
            parent, name, done = items[identifier]
            if "name" in changes:
                if name != changes["name"][0]:
                    return False
                name = changes["name"][1]
            if "done" in changes:
                if done != changes["done"][0]:
                    return False
                done = changes["done"][1]
            items[identifier] = (parent, name, done)
        elif signal == "item.deleted":
            if identifier not in items:
                return False
            del items[identifier]
        return True

    waiting = []
    for record in sorted(records, key=lambda r: (r["ts"], r["source"], r["seq"])):
        if not apply(record):
            waiting.append(record)
            continue
        progress = True
        while progress and waiting:
            progress = False
            for other in list(waiting):
                if apply(other):
                    waiting.remove(other)
                    progress = True
    for record in waiting[:5]:
        problems.append(f"record ({record['source']}, {record['seq']}) {record['signal']} of "
                        f"{record['subject']} does not apply to the state the records before it describe")
    return users, lists, items


def psql_rows(psql, url, query):
    output = subprocess.run([psql, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", url,
                             "-c", query], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in output.splitlines() if line]


def check(arguments, instances, traffic, problems):
    """Every check after the run; appends what failed to `problems` and returns the figures."""
    figures = {}
    # The logs: dedupe by (source, seq) across all of them, never with different contents.
    records, duplicates, broken = {}, 0, 0
    for instance in instances:
        try:
            found, dupes, bad = read_log(instance.log)
        except SystemExit as error:
            problems.append(f"{instance.source}: {error}")
            continue
        duplicates += dupes
        broken += bad
        for key, record in found.items():
            if record["source"] != instance.source:
                problems.append(f"{instance.log} holds a record of source {record['source']}")
                break
            records[key] = record
    figures.update(records=len(records), duplicates=duplicates, broken=broken)
    if broken:
        problems.append(f"{broken} partial or unparsable lines in the logs")

    # seq gapless from 1 per source, up to PostgreSQL's counter; the outbox empty.
    counters = {source: int(last) for source, last in
                psql_rows(arguments.psql, arguments.database, "SELECT source, last_seq FROM outbox_counters")}
    outbox = int(psql_rows(arguments.psql, arguments.database, "SELECT count(*) FROM outbox")[0][0])
    if outbox:
        problems.append(f"{outbox} rows left in the outbox after every instance stopped")
    for instance in instances:
        seqs = sorted(seq for source, seq in records if source == instance.source)
        last = counters.get(instance.source, 0)
        figures[f"records {instance.source}"] = len(seqs)
        if seqs != list(range(1, last + 1)):
            missing = sorted(set(range(1, last + 1)) - set(seqs))
            extra = sorted(set(seqs) - set(range(1, last + 1)))
            problems.append(f"{instance.source}: seqs are not exactly 1..{last} (the counter in PostgreSQL): "
                            f"{len(seqs)} found, missing {missing[:10]}, beyond {extra[:10]}")

    # Acknowledged operations in the logs exactly once; nothing that was not sent.
    keys = {}
    for (source, seq), record in records.items():
        keys.setdefault(record_key(record), []).append((source, seq))
    sent = {}
    for key, outcome, detail in traffic.operations:
        sent.setdefault(key, []).append((outcome, detail))
    deleted_lists = {key[1] for key in sent if key[0] == "list-"}
    acknowledged = [(key, detail) for key, outcome, detail in traffic.operations if outcome == "ack"]
    figures["acknowledged"] = len(acknowledged)
    figures["unknown"] = sum(1 for _, outcome, _ in traffic.operations if outcome == "unknown")
    unknown_in_log = 0
    for key, where in keys.items():
        if len(where) > 1:
            problems.append(f"operation {key} is in the logs {len(where)} times: {where}")
        if key[0] == "unexpected":
            problems.append(f"record {where[0]} is no operation the test sends: {key}")
        elif key not in sent:
            record = records[where[0]]
            if not (key[0] == "item-" and record["parent"]["id"] in deleted_lists):
                problems.append(f"record {where[0]} ({key}) is no operation that was sent")
        elif all(outcome == "unknown" for outcome, _ in sent[key]):
            unknown_in_log += 1
    figures["unknown in the logs"] = unknown_in_log
    lost = [key for key, _ in acknowledged if key not in keys]
    for key, detail in acknowledged:
        if key[0] == "list-":
            lost += [("item-", item) for item in detail if ("item-", item) not in keys]
    if lost:
        problems.append(f"{len(lost)} acknowledged operations are not in the logs, e.g. {lost[:5]}")
    if traffic.rejected:
        problems.append(f"{len(traffic.rejected)} requests on lists and items the worker knew were refused, "
                        f"e.g. {traffic.rejected[:3]}")

    # Replaying the records gives the database's final state.
    users, lists, items = replay(list(records.values()), problems)
    database_users = {name for (name,) in psql_rows(arguments.psql, arguments.database, "SELECT username FROM users")}
    database_lists = {int(i): name for i, name in
                      psql_rows(arguments.psql, arguments.database, "SELECT id, name FROM bucketlists")}
    database_items = {int(i): (int(parent), name, done == "t") for i, parent, name, done in
                      psql_rows(arguments.psql, arguments.database, "SELECT id, bucketlist_id, name, done FROM items")}
    figures.update(users=len(database_users), lists=len(database_lists), items=len(database_items))
    for what, replayed, database in (("users", users, database_users), ("lists", lists, database_lists),
                                     ("items", items, database_items)):
        if replayed != database:
            if isinstance(database, dict):
                differ = sorted(k for k in set(replayed) | set(database) if replayed.get(k) != database.get(k))
                sample = [(k, replayed.get(k), database.get(k)) for k in differ[:5]]
            else:
                sample = sorted(replayed ^ database)[:5]
            problems.append(f"replaying the logs gives other {what} than the database has "
                            f"({len(replayed)} against {len(database)}; replayed vs database: {sample})")

    # The feed: one build over the three logs ingests and publishes every record.
    feed = os.path.join(arguments.work, "feed")
    state = os.path.join(arguments.work, "feed-state", "state.sqlite")
    build = subprocess.run([arguments.activity_feed, "build", "--quiet", "--state", state, "--out", feed]
                           + [argument for instance in instances for argument in ("--log", instance.log)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        problems.append(f"activity-feed build exited with {build.returncode}: {build.stderr.strip()[:500]}")
        return figures
    stats = json.loads(subprocess.run([arguments.activity_feed, "stats", "--json", "--state", state],
                                      check=True, capture_output=True, text=True).stdout)
    figures["feed entries"] = stats["entries"]["last_ordinal"]
    if stats["entries"]["last_ordinal"] != len(records):
        problems.append(f"activity-feed ingested {stats['entries']['last_ordinal']} entries, "
                        f"the logs hold {len(records)} records")
    if stats["rejects"]["count"]:
        problems.append(f"activity-feed rejected {stats['rejects']['count']} lines: {stats['rejects']['latest'][:2]}")
    by_source = {entry["source"]: entry for entry in stats["sources"]}
    for instance in instances:
        entry = by_source.get(instance.source)
        want = counters.get(instance.source, 0)
        if entry is None or entry["ingested"] != want or entry["high_water_seq"] != want or entry["missing_ranges"]:
            problems.append(f"activity-feed stats for {instance.source}: {entry}, expected {want} records 1..{want}")
    published = set()
    for path in [os.path.join(feed, "feed.atom")] + glob.glob(os.path.join(feed, "archive", "**", "*.atom"),
                                                               recursive=True):
        with open(path, encoding="utf-8") as page:
            published.update(re.findall(r"<entry>\s*<id>([^<]+)</id>", page.read()))
    figures["published"] = len(published)
    if len(published) != len(records):
        problems.append(f"feed.atom and the archive pages publish {len(published)} distinct entries, "
                        f"the logs hold {len(records)} records")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("activity_feed")
    parser.add_argument("psql")
    parser.add_argument("database")
    parser.add_argument("work")
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=35)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    arguments = parser.parse_args()
    # SIGTERM ends the run like SIGINT: the servers are killed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    random.seed(arguments.seed)
    began = time.monotonic()
    print(f"scale test: {arguments.instances} instances, {arguments.workers} workers, {arguments.seconds:g} s, "
          f"{arguments.kills} kills per instance, seed {arguments.seed}, in {arguments.work}", flush=True)

    instances = []
    for number in range(1, arguments.instances + 1):
        folder = os.path.join(arguments.work, f"app-{number}")
        os.makedirs(folder, exist_ok=True)
        instances.append(Instance(os.path.abspath(arguments.binary), folder, free_port(), f"app-{number}",
                                  arguments.database))
    problems, failures = [], []
    traffic, figures, traffic_seconds = Traffic(instances), {}, 0.0
    try:
        for instance in instances:  # one at a time: the first creates the schema
            instance.start()
        stop = threading.Event()
        workers = [threading.Thread(target=worker, args=(n, traffic, stop, failures))
                   for n in range(1, arguments.workers + 1)]
        killers = [threading.Thread(target=killer, args=(i, arguments.seconds, arguments.kills, stop, failures))
                   for i in instances]
        traffic_began = time.monotonic()
        for thread in workers + killers:
            thread.start()
        for thread in killers:
            thread.join()
        remaining = traffic_began + arguments.seconds - time.monotonic()
        if remaining > 0 and not stop.is_set():
            time.sleep(remaining)
        stop.set()
        for thread in workers:
            thread.join()
        traffic_seconds = time.monotonic() - traffic_began
        for instance in instances:
            status = instance.terminate()
            if status != 0:
                problems.append(f"{instance.source} exited with {status} after SIGTERM; see "
                                f"{os.path.join(instance.folder, 'server.stderr')}")
        problems += failures
        figures = check(arguments, instances, traffic, problems)
    finally:
        for instance in instances:
            if instance.process is not None and instance.process.poll() is None:
                instance.process.kill()
                instance.process.wait()

    kills = ", ".join(f"{i.source} {i.kills}" for i in instances)
    retries = sum(i.start_retries for i in instances)
    print(f"traffic: {traffic_seconds:.1f} s; operations acknowledged {figures.get('acknowledged')}, "
          f"unknown outcome {figures.get('unknown')} (of which in the logs: {figures.get('unknown in the logs')}), "
          f"5xx answers {traffic.server_errors}, connections refused and retried {traffic.not_sent}")
    print(f"kills: {kills}; besides, kills during start-up: {sum(i.start_kills for i in instances)}; "
          f"starts that waited for the old session's lock: {retries}")
    print(f"records: {figures.get('records')} after dedupe by (source, seq) ("
          + ", ".join(f"{i.source} {figures.get('records ' + i.source)}" for i in instances)
          + f"); duplicate lines dropped {figures.get('duplicates')}; partial lines {figures.get('broken')}")
    print(f"final state: {figures.get('users')} users, {figures.get('lists')} lists, {figures.get('items')} items; "
          f"feed: {figures.get('feed entries')} entries ingested, {figures.get('published')} published")
    print(f"seconds: {time.monotonic() - began:.1f}")
    if problems:
        print("scale test: FAIL:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print("scale test: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
