#!/usr/bin/env bash
# Checks the files under deploy/ without installing them:
#   - `systemd-analyze security --offline=yes` rates each service's exposure
#     (0 = fully sandboxed … 10 = not at all); the run fails if
#     bucketlist-server.service rates above 1.2 (MAX_SERVER_EXPOSURE, in
#     tenths: 12) or activity-feed.service above 1.2 (MAX_FEED_EXPOSURE);
#   - `systemd-analyze verify` finds nothing wrong with the units but the
#     executables missing from /usr/local/bin (they are not installed here);
#   - `systemd-sysusers` creates the two users in a scratch root with the
#     groups the units rely on: bucketlist-feed's group is bucketlist;
#   - `nginx -t` accepts deploy/nginx/ as it is, TLS included, with a
#     throwaway self-signed certificate in place of the real one (scripts/e2e.sh
#     runs it, over plain HTTP, in front of a real server).
#
# Offline analysis needs no running systemd, so this works in a container.
# Needs: systemd (Debian package `systemd`: systemd-analyze, systemd-sysusers),
# nginx, openssl.
set -euo pipefail
cd "$(dirname "$0")/.."

max_server=${MAX_SERVER_EXPOSURE:-12}
max_feed=${MAX_FEED_EXPOSURE:-12}

fail() {
    echo "check-deploy: FAIL: $*" >&2
    exit 1
}

for tool in systemd-analyze systemd-sysusers; do
    command -v "$tool" >/dev/null || fail "'$tool' not found (Debian: apt-get install -y systemd)"
done
for tool in nginx openssl; do
    command -v "$tool" >/dev/null || fail "'$tool' not found (Debian: apt-get install -y $tool)"
done

# exposure UNIT MAX: prints the unit's rating; fails above MAX (tenths).
exposure() {
    local unit=$1 max=$2 report
    report=$(systemd-analyze security --offline=yes --no-pager "$unit" 2>&1) || true
    local overall
    overall=$(grep -o 'Overall exposure level for [^ ]*: [0-9.]* [A-Z]*' <<<"$report") ||
        fail "systemd-analyze security did not rate $unit: $report"
    echo "check-deploy: $overall (limit $((max / 10)).$((max % 10)))"
    # --threshold compares the rating in tenths and exits non-zero above it.
    if ! systemd-analyze security --offline=yes --threshold="$max" "$unit" >/dev/null 2>&1; then
        grep '✗' <<<"$report" >&2 || true
        fail "$unit is rated above $((max / 10)).$((max % 10))"
    fi
}
exposure deploy/systemd/bucketlist-server.service "$max_server"
exposure deploy/systemd/activity-feed.service "$max_feed"

# verify: the only complaint allowed is the executables this machine lacks.
verify=$(systemd-analyze verify deploy/systemd/bucketlist-server.service deploy/systemd/activity-feed.service \
    deploy/systemd/activity-feed.timer 2>&1) || true
unexpected=$(grep -v -e 'Command /usr/local/bin/[a-z-]* is not executable' <<<"$verify" | grep -v '^$' || true)
[[ -z $unexpected ]] || fail "systemd-analyze verify: $unexpected"
echo "check-deploy: systemd-analyze verify accepts the units (executables not installed here)"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc" "$root/usr/lib/sysusers.d"
cp deploy/sysusers/bucketlist.conf "$root/usr/lib/sysusers.d/"
systemd-sysusers --root="$root" >/dev/null 2>&1 || fail "systemd-sysusers rejected deploy/sysusers/bucketlist.conf"
gid_of() { awk -F: -v name="$1" '$1 == name { print $4 }' "$root/etc/passwd"; }
[[ -n $(gid_of bucketlist) && $(gid_of bucketlist-feed) == "$(gid_of bucketlist)" ]] ||
    fail "sysusers: bucketlist-feed's group is not bucketlist's: $(cat "$root/etc/passwd")"
echo "check-deploy: systemd-sysusers creates bucketlist and bucketlist-feed (group bucketlist)"

# The nginx site as installed (Debian includes sites-enabled/* inside
# `http { }`), with the certificate paths and log folder pointed at scratch files.
site=$root/nginx
mkdir -p "$site/snippets" "$site/logs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=example.com \
    -keyout "$site/privkey.pem" -out "$site/fullchain.pem" >/dev/null 2>&1 ||
    fail "openssl could not make a scratch certificate"
sed -e "s|/etc/letsencrypt/live/example.com/|$site/|" -e "s|/var/log/nginx/|$site/logs/|" \
    deploy/nginx/bucketlist.conf >"$site/bucketlist.conf"
cp deploy/nginx/bucketlist-headers.conf "$site/snippets/"
printf 'pid %s/nginx.pid;\nevents {}\nhttp {\n    include %s/bucketlist.conf;\n}\n' "$site" "$site" >"$site/nginx.conf"
nginx -t -q -p "$site" -c "$site/nginx.conf" -e "$site/logs/error.log" 2>"$site/nginx-t.out" ||
    fail "nginx -t rejects deploy/nginx/: $(cat "$site/nginx-t.out")"
echo "check-deploy: nginx -t accepts deploy/nginx/ (TLS with a scratch certificate)"
