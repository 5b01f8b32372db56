#!/usr/bin/env bash
# Checks a published folder: every Atom document against RFC 4287's RELAX NG
# schema (fixtures/atom.rnc, with jing), then screenshots of index.html with
# headless Chromium: light with the page's script removed (what a reader with
# JavaScript off sees), and dark with the script.
#
#   scripts/check-publish.sh [OUT_DIR] [SCREENSHOT_DIR]
#
# OUT_DIR defaults to output/; screenshots go to SCREENSHOT_DIR (default
# .build/publish-check/), never into the published folder. Needs Debian's
# jing and chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-output}"
shots="${2:-.build/publish-check}"

for tool in jing chromium; do
    command -v "$tool" >/dev/null || { echo "check-publish: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done
[[ -f "$out/feed.atom" ]] || { echo "check-publish: $out/feed.atom does not exist; publish first" >&2; exit 1; }

documents=("$out/feed.atom")
if [[ -d "$out/archive" ]]; then
    while IFS= read -r file; do documents+=("$file"); done < <(find "$out/archive" -name '*.atom' | sort -V)
fi
jing -c fixtures/atom.rnc "${documents[@]}"
echo "check-publish: ${#documents[@]} Atom document(s) valid against RFC 4287's schema"

mkdir -p "$shots"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed '/^<script>$/,/^<\/script>$/d' "$out/index.html" >"$work/index-nojs.html"
shoot() { # OUTPUT PAGE [FLAGS...]
    local output="$1" page="$2"
    shift 2
    rm -rf "$work/profile"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
        --window-size=1280,1800 "$@" --screenshot="$(realpath "$shots")/$output" "file://$page" 2>/dev/null
    [[ -s "$shots/$output" ]] || { echo "check-publish: chromium wrote no $output" >&2; exit 1; }
}
shoot index-light-nojs.png "$work/index-nojs.html"
shoot index-dark.png "$(realpath "$out/index.html")" --force-dark-mode --blink-settings=preferredColorScheme=0
echo "check-publish: screenshots in $shots/"
