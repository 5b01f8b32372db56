#!/usr/bin/env python3
"""Writes a realistic, deterministic activity log in the record format (docs/record-format.md).

Usage: generate-activity-log.py COUNT SEED SOURCE OUTPUT [--distinct-titles]

A dozen users with Unicode names register, create bucketlists and items, rename them, complete
items (item.updated with changes.done == [false, true]), reopen and delete them; a system tool
imports a few. Titles include Unicode, emoji, HTML-special characters and a few control
characters. Timestamps spread over a few days ending on 2026-11-24. The same arguments always
give the same bytes, and every line is exactly what SignalLog's encoder writes for the record
(fields in the format's order, no spaces, every control character as \\u00XX, other text raw UTF-8).

Titles come from two short lists, so they repeat from line to line. With --distinct-titles every
list and item gets a title of its own (the list's title and " #<id>"), which it keeps in every
record about it until it is renamed, as a large real log would have.
"""

import datetime
import random
import sys

END_MS = 1_795_521_600_000  # 2026-11-24T12:00:00.000Z
SPAN_MS = 3 * 86_400_000 + 7 * 3_600_000
MAX_LISTS_PER_USER = 6
MAX_ITEMS_PER_LIST = 25

USERS = [
    "alice", "Bob Ödegaard", "Zoë Martín", "山田 太郎", "Ольга Иванова", "José María", "Søren Kierkegaard",
    "محمد الأحمد", "Nguyễn Văn An", "Łukasz Żółw", "O'Brien & Sons", "<script>alert(1)</script>",
]

LISTS = [
    'Visit Japan 🗾', '<b>Tokyo & "Kyoto"</b>', "Cafés de Paris", "Ski & Snowboard <Alps>", "Learn 中文",
    "Read 100 books 📚", "Run a marathon", "Cook like Nonna 🍝", "Road trip: Route 66", "Ἑλλάς & Αἰγαῖον",
    "Music 🎸 & more", "Fix the house \\ garden",
]

ITEMS = [
    "See the cherry blossoms 🌸", "Climb Mount Fuji", 'Eat "real" ramen', "Visit the Louvre & Musée d'Orsay",
    "Learn 100 characters: 你好世界", "Swim in the Ægean", "Ride the Shinkansen 🚄", "Bake sourdough <crusty>",
    "Sing at karaoke 🎤", "Write a letter to Ѳеодоръ", "Tab\there", "Bell\u0007ring", "Line\u2028separator",
    "Emoji flags 🇯🇵🇫🇷", "Run 42.195 km", "Plant a 🌳", "Read «War and Peace»", "Fix the \\ and /",
    "R&D <i>notes</i>", "Try café crème", "A very long title " + "that goes on and on " * 6,
    "Zero\u0000byte?", "Ünïcödé everywhere", "See the northern lights ✨",
]

ESCAPES = {0x22: '\\"', 0x5C: "\\\\"}
for code in list(range(0x00, 0x20)) + [0x7F] + list(range(0x80, 0xA0)):
    ESCAPES[code] = "\\u%04x" % code


def string(text):
    return '"' + text.translate(ESCAPES) + '"'


def timestamp(ms):
    seconds, millis = divmod(ms, 1000)
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % millis


def value(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, int):
        return str(v)
    return string(v)


def subject(kind, ident, title):
    return '{"type":%s,"id":%d,"title":%s}' % (string(kind), ident, string(title))


class Generator:
    def __init__(self, seed, source, distinct_titles=False):
        self.rng = random.Random(seed)
        self.source = source
        self.distinct_titles = distinct_titles
        self.seq = 0
        self.users = []  # (id, name)
        self.lists = {}  # id -> [owner, title, {item id -> [title, done]}]
        self.user_lists = {}  # user id -> ids of the user's lists, oldest first
        self.next_id = {"user": 1, "bucketlist": 1, "item": 1}

    def request_id(self):
        r = self.rng.getrandbits(128)
        h = "%032x" % r
        return "%s-%s-4%s-%s-%s" % (h[:8], h[8:12], h[13:16], h[16:20], h[20:32])

    def line(self, ms, signal, actor, subj, parent=None, changes=None, system=False):
        self.seq += 1
        parts = [
            '{"v":1', '"seq":%d' % self.seq, '"ts":"%s"' % timestamp(ms), '"source":%s' % string(self.source),
            '"signal":%s' % string(signal), '"actor":{"id":%d,"name":%s}' % (actor[0], string(actor[1])),
            '"subject":' + subj,
        ]
        if parent is not None:
            parts.append('"parent":' + parent)
        if changes:
            parts.append('"changes":{' + ",".join(
                "%s:[%s,%s]" % (string(k), value(old), value(new)) for k, old, new in changes) + "}")
        if not system:
            parts.append('"request_id":' + string(self.request_id()))
        return ",".join(parts) + "}\n"

    def new_id(self, kind):
        ident = self.next_id[kind]
        self.next_id[kind] += 1
        return ident

    def title(self, pool, ident):
        title = self.rng.choice(pool)
        return "%s #%d" % (title, ident) if self.distinct_titles else title

    def lines_at(self, ms):
        """One action (a list deletion gives one line per item and one for the list)."""
        rng = self.rng
        if len(self.users) < len(USERS) and (not self.users or rng.random() < 0.15):
            ident = self.new_id("user")
            name = USERS[len(self.users)]
            self.users.append((ident, name))
            return [self.line(ms, "user.registered", (ident, name), subject("user", ident, name))]
        user = rng.choice(self.users)
        own = self.user_lists.setdefault(user[0], [])
        roll = rng.random()
        system = rng.random() < 0.03
        actor = (0, "system:import") if system else user
        if not own or (roll < 0.08 and len(own) < MAX_LISTS_PER_USER):
            ident = self.new_id("bucketlist")
            title = self.title(LISTS, ident)
            self.lists[ident] = [user[0], title, {}]
            own.append(ident)
            return [self.line(ms, "bucketlist.created", actor, subject("bucketlist", ident, title), system=system)]
        list_id = rng.choice(own)
        owner, list_title, items = self.lists[list_id]
        parent = subject("bucketlist", list_id, list_title)
        if roll < 0.12:
            new_title = self.title(LISTS, list_id)
            if new_title == list_title:
                new_title += " (2)"
            self.lists[list_id][1] = new_title
            return [self.line(ms, "bucketlist.updated", actor, subject("bucketlist", list_id, new_title),
                              changes=[("name", list_title, new_title)], system=system)]
        if roll < 0.14:
            out = []
            for item_id, (title, _) in items.items():
                out.append(self.line(ms, "item.deleted", actor, subject("item", item_id, title), parent, system=system))
            out.append(self.line(ms, "bucketlist.deleted", actor, subject("bucketlist", list_id, list_title), system=system))
            del self.lists[list_id]
            own.remove(list_id)
            return out
        if not items or (roll < 0.45 and len(items) < MAX_ITEMS_PER_LIST):
            item_id = self.new_id("item")
            title = self.title(ITEMS, item_id)
            items[item_id] = [title, False]
            return [self.line(ms, "item.created", actor, subject("item", item_id, title), parent, system=system)]
        item_id = rng.choice(list(items))
        title, done = items[item_id]
        if roll < 0.80:
            items[item_id][1] = not done
            return [self.line(ms, "item.updated", actor, subject("item", item_id, title), parent,
                              changes=[("done", done, not done)], system=system)]
        if roll < 0.92:
            new_title = self.title(ITEMS, item_id)
            if new_title == title:
                new_title += " again"
            items[item_id][0] = new_title
            changes = [("name", title, new_title)]
            if rng.random() < 0.3:
                changes.append(("position", rng.randrange(0, 20), rng.randrange(20, 40)))
            return [self.line(ms, "item.updated", actor, subject("item", item_id, new_title), parent,
                              changes=changes, system=system)]
        del items[item_id]
        return [self.line(ms, "item.deleted", actor, subject("item", item_id, title), parent, system=system)]


def main():
    arguments = sys.argv[1:]
    distinct = "--distinct-titles" in arguments
    if distinct:
        arguments.remove("--distinct-titles")
    if len(arguments) != 4:
        sys.exit("usage: generate-activity-log.py COUNT SEED SOURCE OUTPUT [--distinct-titles]")
    count, seed, source, output = int(arguments[0]), int(arguments[1]), arguments[2], arguments[3]
    generator = Generator(seed, source, distinct)
    start = END_MS - SPAN_MS
    step = SPAN_MS / max(count, 1)
    written = 0
    with open(output, "w", encoding="utf-8", newline="\n") as out:
        buffer = []
        while written < count:
            ms = start + int(written * step) + generator.rng.randrange(0, max(1, int(step)))
            for line in generator.lines_at(ms)[: count - written]:
                buffer.append(line)
                written += 1
            if len(buffer) >= 10_000:
                out.write("".join(buffer))
                buffer = []
        out.write("".join(buffer))


if __name__ == "__main__":
    main()
