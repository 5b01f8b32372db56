#!/usr/bin/env bash
# Validates the published feed against RFC 4287's RELAX NG schema and takes a
# screenshot of the published page.
#
#   scripts/validate-feed.sh [OUT_DIR]        (default: output)
#
# Checks OUT_DIR/feed.atom and every OUT_DIR/archive/*.atom with jing against
# fixtures/atom.rnc (RFC 4287, Appendix B), then renders OUT_DIR/index.html in
# headless Chromium into OUT_DIR/index.png; then, with scripts/check-page-layout.py
# (Playwright from PyPI driving the same chromium), takes index-1280.png, index-360.png and
# index-nojs.png (JavaScript off), checks that the page is no wider than the viewport and that a
# person filter hides the other lines without JavaScript. Needs the Debian packages `jing`
# and `chromium` (fonts-dejavu-core, fonts-droid-fallback and
# fonts-noto-color-emoji give the screenshot Latin, CJK and emoji glyphs) and
# python3. Exits non-zero if any document is invalid or the screenshot is
# missing or blank.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-output}
schema=fixtures/atom.rnc

for tool in jing chromium; do
    command -v "$tool" >/dev/null || {
        echo "validate-feed: '$tool' not found (Debian: apt-get install -y $tool)" >&2
        exit 1
    }
done
[[ -f $out/feed.atom ]] || {
    echo "validate-feed: $out/feed.atom not found; run 'swift run activity-feed build' first" >&2
    exit 1
}

documents=("$out/feed.atom")
shopt -s nullglob
for archive in "$out"/archive/*.atom; do
    documents+=("$archive")
done
shopt -u nullglob

# jing prints one line per error and exits 1 if any document is invalid.
if jing -c "$schema" "${documents[@]}"; then
    echo "validate-feed: ${#documents[@]} document(s) valid against $schema:"
    printf '  %s\n' "${documents[@]}"
else
    echo "validate-feed: RELAX NG validation failed (see above)" >&2
    exit 1
fi

# Chromium writes the screenshot itself; its own chatter goes to a log file
# that is shown only if no picture came out.
page=$(realpath "$out/index.html")
png=$(realpath -m "$out/index.png")
profile=$(mktemp -d)
chromium_log=$(mktemp)
trap 'rm -rf "$profile" "$chromium_log"' EXIT
rm -f "$png"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$profile" --no-first-run --no-default-browser-check \
    --window-size=1280,2000 --screenshot="$png" "file://$page" >"$chromium_log" 2>&1 || true
if [[ ! -s $png ]]; then
    cat "$chromium_log" >&2
    echo "validate-feed: chromium produced no screenshot of $page" >&2
    exit 1
fi
# A rendering, not a blank page: a 1280×2000 PNG whose pixel data holds many
# distinct byte values.
python3 - "$png" <<'PY' || exit 1
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"validate-feed: {sys.argv[1]} is not a PNG")
width, height = struct.unpack(">II", data[16:24])
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + length]
    pos += 12 + length
distinct = len(set(zlib.decompress(idat)))
if (width, height) != (1280, 2000) or distinct < 16:
    sys.exit(f"validate-feed: the screenshot looks blank ({width}×{height}, {distinct} distinct byte values)")
print(f"validate-feed: screenshot {sys.argv[1]}: {width}×{height}, {len(data)} bytes, "
      f"{distinct} distinct byte values")
PY

python3 scripts/check-page-layout.py "$out" || {
    echo "validate-feed: the page's layout or filter check failed (see above)" >&2
    exit 1
}
