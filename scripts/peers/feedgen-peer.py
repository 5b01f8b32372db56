#!/usr/bin/env python3
"""The script a user would write instead of `activity-feed build`: the newest 50 records of one or
more activity logs to an Atom feed (feedgen) plus an HTML page (Jinja2), reading lines with orjson.

Usage: feedgen-peer.py OUT_DIR LOG...

It keeps no state: every run reads every log from the start. `scripts/bench-feed.sh` runs it on the
same log as `activity-feed build`, as the peer the cold build is measured against.
"""

import collections
import os
import re
import sys

import jinja2
import orjson
from feedgen.feed import FeedGenerator

NEWEST = 50
BASE = "https://example.com/admin/"

PAGE = jinja2.Template(
    """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Bucketlist activity</title></head>
<body>
<h1>Bucketlist activity</h1>
<ol>
{% for r in records %}  <li id="e-{{ r.source }}-{{ r.seq }}"><time datetime="{{ r.ts }}">{{ r.ts }}</time>
    {{ r.actor.name }} · {{ r.signal }} · {{ r.subject.title }}{% if r.parent %} in {{ r.parent.title }}{% endif %}</li>
{% endfor %}</ol>
</body>
</html>
""",
    autoescape=True,
)


# XML 1.0 cannot carry most control characters; lxml (under feedgen) refuses them, so they go.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def xml_text(text):
    return NOT_XML.sub("", text)


def newest(paths):
    kept = collections.deque(maxlen=NEWEST)
    for path in paths:
        with open(path, "rb") as log:
            for line in log:
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                kept.append(record)
    return sorted(kept, key=lambda r: (r["ts"], r["source"], r["seq"]), reverse=True)[:NEWEST]


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: feedgen-peer.py OUT_DIR LOG...")
    out, paths = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    records = newest(paths)

    feed = FeedGenerator()
    feed.id("tag:example.com,2026:activity-feed")
    feed.title("Bucketlist activity")
    feed.author({"name": "activity-feed"})
    feed.link(href=BASE + "feed.atom", rel="self")
    feed.link(href=BASE + "index.html", rel="alternate")
    for record in reversed(records):
        entry = feed.add_entry()
        entry.id(f"tag:example.com,2026:{record['source']}/{record['seq']}")
        title = f"{record['actor']['name']} {record['signal']} {record['subject']['title']}"
        title = xml_text(title)
        entry.title(title)
        entry.updated(record["ts"])
        entry.published(record["ts"])
        entry.author({"name": xml_text(record["actor"]["name"])})
        entry.category(term=record["signal"])
        entry.link(href=f"{BASE}index.html#e-{record['source']}-{record['seq']}", rel="alternate")
        entry.content(title, type="text")
    if records:
        feed.updated(records[0]["ts"])
    feed.atom_file(os.path.join(out, "feed.atom"), pretty=True)
    with open(os.path.join(out, "index.html"), "w", encoding="utf-8") as page:
        page.write(PAGE.render(records=records))


if __name__ == "__main__":
    main()
