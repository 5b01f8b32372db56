#!/usr/bin/env bash
# End-to-end test of the whole path, over real HTTP:
#   bucketlist-server (temporary database, activity log and feed folder)
#   → curl: users, lists and items created, renamed, completed, deleted
#   → activity-feed build → /admin/feed.atom and /admin/ served to the admin.
#
# Checks that the served feed holds exactly the operations performed (one
# entry per record: its signal, actor and (source, seq)), that Python's
# feedparser parses it with bozo == 0, that every admin credential kind works
# (bearer, HTTP Basic, ?token=), that a non-admin gets 403 and anonymous 401,
# that the published documents validate against RFC 4287's RELAX NG schema,
# and that the page renders in headless Chromium (scripts/validate-feed.sh).
#
# Then the reverse proxy of deploy/nginx/ runs for real in front of the same
# server (nginx, not as a daemon, on a free loopback port, its files in the
# temporary folder): a request through it works and carries HSTS and the
# defensive headers; a body over 2 MiB gets nginx's 413; a burst of logins
# gets nginx's 429 (limit_req); the access log line of a ?token= request does
# not hold the token. Through the proxy, headless Chromium driven by
# Playwright (scripts/check-page-csp.py) loads /admin/ with JavaScript on
# under the Content-Security-Policy and must report no violation, and the
# page's script must run. When bucketlist-server itself sends that policy on
# /admin/, the same check runs against the server directly.
#
# Needs: swift, curl, python3 with feedparser (Debian: python3-feedparser)
# and Playwright (PyPI: playwright; no browser download), jing, chromium,
# nginx. Non-interactive; exits non-zero on the first failed check.
# KEEP_WORK=1 keeps the temporary folder; E2E_SCREENSHOT=FILE copies the
# page's screenshot there.
set -euo pipefail
cd "$(dirname "$0")/.."

harness_name=e2e
# shellcheck source=scripts/lib/server-harness.sh
source scripts/lib/server-harness.sh
harness_init
# The loosest common umask: the binaries must make their files private themselves.
umask 022
started=$SECONDS

for tool in chromium jing nginx; do
    command -v "$tool" >/dev/null || die "'$tool' not found (Debian: apt-get install -y $tool)"
done
python3 -c 'import feedparser' 2>/dev/null ||
    die "Python's feedparser is missing (Debian: apt-get install -y python3-feedparser)"
python3 -c 'import playwright' 2>/dev/null ||
    die "Python's Playwright is missing (pip install playwright; .ci/run installs it)"

harness_build

source_name=e2e
admin=alice admin_password='alice keeps the admin keys'
member=bob member_password='tr0ub4dor&3 is weak'

# The admin is made with the command line (password on stdin) before the
# server starts; everyone else registers over HTTP.
printf '%s\n' "$admin_password" |
    "$bin/bucketlist-server" user add --username "$admin" --admin --database "$work/app.sqlite" \
        --source "$source_name" >"$work/user-add.out" 2>&1 || {
    cat "$work/user-add.out" >&2
    die "bucketlist-server user add --admin failed"
}

# Each operation that succeeds appends one step to $expected:
# "actor<TAB>signal[ signal…]" — the records that one operation must produce
# (deleting a list with items writes one record per deleted row, in an order
# the server chooses).
expected=$work/expected.tsv
: >"$expected"
step() {
    printf '%s\t%s\n' "$1" "$2" >>"$expected"
}
# The command line records as system:bucketlist-server; the server relays
# that record from the outbox when it starts.
step system:bucketlist-server user.registered
start_server "$source_name"
json() {
    python3 -c 'import json, sys
a = sys.argv[1:]
print(json.dumps(dict(zip(a[::2], a[1::2]))))' "$@"
}

admin_token=$(login "$admin" "$admin_password")
member_token=$(register_and_login "$member" "$member_password")
step "$member" user.registered

# bob: a list with two items; rename the list, complete one item, rename and
# then delete the other.
api POST /bucketlists "$(json name 'Visit Japan')" "$member_token"
expect_status 201 "create a list"
japan=$(json_field id)
step "$member" bucketlist.created

api POST "/bucketlists/$japan/items" "$(json name 'See the cherry blossoms')" "$member_token"
expect_status 201 "add an item"
blossoms=$(json_field id)
step "$member" item.created

api POST "/bucketlists/$japan/items" "$(json name 'Climb Mount Fuji')" "$member_token"
expect_status 201 "add a second item"
fuji=$(json_field id)
step "$member" item.created

api PUT "/bucketlists/$japan" "$(json name 'Visit Japan in spring')" "$member_token"
expect_status 200 "rename a list"
step "$member" bucketlist.updated

api PUT "/bucketlists/$japan/items/$blossoms" '{"done":true}' "$member_token"
expect_status 200 "complete an item"
step "$member" item.updated

api PUT "/bucketlists/$japan/items/$fuji" "$(json name 'Climb Mount Fuji at dawn')" "$member_token"
expect_status 200 "rename an item"
step "$member" item.updated

api DELETE "/bucketlists/$japan/items/$fuji" "" "$member_token"
expect_status 204 "delete an item"
step "$member" item.deleted

# alice: a list with a hostile title and two items, then the whole list deleted.
hostile='Road trip <script>alert(1)</script> & "friends"'
api POST /bucketlists "$(json name "$hostile")" "$admin_token"
expect_status 201 "create a list with a hostile title"
road=$(json_field id)
step "$admin" bucketlist.created
for item in 'Grand Canyon' "Route 66 ‘end to end’"; do
    api POST "/bucketlists/$road/items" "$(json name "$item")" "$admin_token"
    expect_status 201 "add an item to the hostile list"
    step "$admin" item.created
done

# Refused requests change nothing and so write no record.
api GET "/bucketlists/$road" "" "$member_token"
expect_status 404 "someone else's list"
api POST /bucketlists '{"name": ' "$member_token"
expect_status 400 "malformed JSON"
api POST /bucketlists '{}' "$member_token"
expect_status 400 "missing name"
api PUT "/bucketlists/$road/items/$blossoms" '{"done":true}' "$admin_token"
expect_status 404 "an item of another list"

api DELETE "/bucketlists/$road" "" "$admin_token"
expect_status 204 "delete a list with items"
step "$admin" "item.deleted item.deleted bucketlist.deleted"

# A user added from the command line while the server runs: the server
# relays that record from the outbox too (it polls for other processes'
# commits).
printf '%s\n' 'carol has a long password' |
    "$bin/bucketlist-server" user add --username carol --database "$work/app.sqlite" \
        --source "$source_name" >"$work/user-add-carol.out" 2>&1 || {
    cat "$work/user-add-carol.out" >&2
    die "bucketlist-server user add (server running) failed"
}
step system:bucketlist-server user.registered

operations=$(wc -l <"$expected")
records=$(cut -f2 "$expected" | tr ' ' '\n' | grep -c '\.')
say "$operations operations acknowledged, $records records expected"

wait_for_log_lines "$records"
"$bin/activity-feed" build --log "$work/log/activity.log" --out "$work/feed" \
    --state "$work/feed.state" >"$work/build-feed.out" 2>&1 || {
    cat "$work/build-feed.out" >&2
    die "activity-feed build failed"
}
[[ -s $work/feed/feed.atom && -s $work/feed/index.html ]] ||
    die "activity-feed build published no feed.atom or index.html in $work/feed"

# fetch NAME [curl options…] URL_PATH: GET, status in $status, body in
# $work/NAME, headers in $work/NAME.headers.
fetch() {
    local name=$1
    shift
    local path=${*: -1} options=("${@:1:$#-1}")
    status=$(curl -sS -o "$work/$name" -D "$work/$name.headers" -w '%{http_code}' \
        --max-time 30 "${options[@]}" "$base_url$path") || status=000
}
expect_fetch() {
    [[ $status == "$1" ]] || die "$2: expected HTTP $1, got $status"
}
header() {
    { grep -i "^$2:" "$work/$1.headers" || true; } | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'
}

feed_token=$("$bin/bucketlist-server" feed-token reset --username "$admin" \
    --database "$work/app.sqlite" 2>"$work/feed-token.err" | tail -n 1) ||
    die "feed-token reset failed: $(cat "$work/feed-token.err")"
[[ -n $feed_token ]] || die "feed-token reset printed no token"

fetch feed-bearer -H "Authorization: Bearer $admin_token" /admin/feed.atom
expect_fetch 200 "the admin's feed with a bearer token"
[[ $(header feed-bearer Content-Type) == 'application/atom+xml; charset=utf-8' ]] ||
    die "feed Content-Type is '$(header feed-bearer Content-Type)'"
fetch feed-basic -u "$admin:$admin_password" /admin/feed.atom
expect_fetch 200 "the admin's feed with HTTP Basic"
fetch feed-token "/admin/feed.atom?token=$feed_token"
expect_fetch 200 "the admin's feed with the feed token"
for kind in basic token; do
    cmp -s "$work/feed-bearer" "$work/feed-$kind" ||
        die "bearer and $kind credentials were served different feeds"
done
cmp -s "$work/feed-bearer" "$work/feed/feed.atom" ||
    die "the served feed differs from the published $work/feed/feed.atom"

etag=$(header feed-bearer ETag)
[[ -n $etag ]] || die "the feed was served without an ETag"
fetch feed-304 -H "Authorization: Bearer $admin_token" -H "If-None-Match: $etag" /admin/feed.atom
expect_fetch 304 "a conditional GET with the feed's ETag"

fetch denied-member -H "Authorization: Bearer $member_token" /admin/feed.atom
expect_fetch 403 "a non-admin's bearer token"
fetch denied-member-basic -u "$member:$member_password" /admin/feed.atom
expect_fetch 403 "a non-admin's HTTP Basic credentials"
fetch denied-anonymous /admin/feed.atom
expect_fetch 401 "an anonymous request"
header denied-anonymous WWW-Authenticate | grep -qi '^Basic' ||
    die "401 without 'WWW-Authenticate: Basic'"
fetch denied-carol -u 'carol:carol has a long password' /admin/feed.atom
expect_fetch 403 "a non-admin added from the command line"
fetch denied-wrong-password -u "$admin:not the password" /admin/feed.atom
expect_fetch 401 "a wrong password"
fetch denied-old-token "/admin/feed.atom?token=${feed_token}x"
expect_fetch 401 "a wrong feed token"
fetch denied-page /admin/
expect_fetch 401 "the page, anonymously"

# Nothing outside the feed folder is reachable, even for an admin: the
# database sits next to it ($work/app.sqlite, $work/feed/).
ln -s ../app.sqlite "$work/feed/escape.atom"
for path in /admin/../app.sqlite /admin/%2e%2e/app.sqlite /admin/%2E%2E%2Fapp.sqlite \
    "/admin/$work/app.sqlite" /admin/escape.atom; do
    fetch traversal --path-as-is -H "Authorization: Bearer $admin_token" "$path"
    [[ $status == 400 || $status == 403 || $status == 404 ]] ||
        die "GET $path answered $status (expected 400, 403 or 404)"
    if head -c 16 "$work/traversal" | grep -q 'SQLite format'; then
        die "GET $path served the database"
    fi
done
rm "$work/feed/escape.atom"

# The feed holds exactly the operations above, and feedparser accepts it.
python3 - "$work/feed-bearer" "$expected" "$source_name" <<'PY' || die "the served feed does not match the operations"
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import feedparser

feed_path, expected_path, source = sys.argv[1:4]
ns = {"a": "http://www.w3.org/2005/Atom"}
data = open(feed_path, "rb").read()

parsed = feedparser.parse(data)
if parsed.bozo:
    sys.exit(f"feedparser: bozo=1 ({parsed.bozo_exception!r})")

entries = []
for entry in ET.fromstring(data).findall("a:entry", ns):
    entry_id = entry.findtext("a:id", namespaces=ns) or ""
    match = re.fullmatch(r"tag:.+:([A-Za-z0-9._-]{1,64})/([0-9]+)", entry_id)
    if not match:
        sys.exit(f"entry id {entry_id!r} is not tag:…:<source>/<seq>")
    terms = [c.get("term") for c in entry.findall("a:category", ns)]
    author = entry.findtext("a:author/a:name", namespaces=ns)
    entries.append((match.group(1), int(match.group(2)), terms, author))

steps = []
for line in open(expected_path, encoding="utf-8"):
    actor, signals = line.rstrip("\n").split("\t")
    steps.append((actor, signals.split()))
want = sum(len(signals) for _, signals in steps)

if len(entries) != want or len(parsed.entries) != want:
    sys.exit(f"{len(entries)} entries (feedparser: {len(parsed.entries)}), expected {want}")
keys = [(s, q) for s, q, _, _ in entries]
if len(set(keys)) != len(keys):
    sys.exit("an entry id appears twice")
if {s for s, _ in keys} != {source}:
    sys.exit(f"sources {sorted({s for s, _ in keys})}, expected only {source!r}")
entries.sort(key=lambda e: e[1])
seqs = [q for _, q, _, _ in entries]
if seqs != list(range(seqs[0], seqs[0] + want)):
    sys.exit(f"seqs {seqs} are not consecutive")

position = 0
for actor, signals in steps:
    chunk = entries[position:position + len(signals)]
    got = Counter(t[0] if len(t) == 1 else repr(t) for _, _, t, _ in chunk)
    if got != Counter(signals):
        sys.exit(f"seqs {[q for _, q, _, _ in chunk]}: signals {dict(got)}, expected {signals}")
    for _, seq, _, author in chunk:
        if author != actor:
            sys.exit(f"seq {seq}: author {author!r}, expected {actor!r}")
    position += len(signals)

summary = Counter(t[0] for _, _, t, _ in entries)
print(f"e2e: feed holds the {want} records, seqs {seqs[0]}…{seqs[-1]}: "
      + ", ".join(f"{k} ×{v}" for k, v in sorted(summary.items())))
PY

# The page: served to the admin, no injected markup, rendered by Chromium.
fetch page -H "Authorization: Bearer $admin_token" /admin/
expect_fetch 200 "the admin page"
[[ $(header page Content-Type) == 'text/html; charset=utf-8' ]] ||
    die "page Content-Type is '$(header page Content-Type)'"
cmp -s "$work/page" "$work/feed/index.html" || die "the served page differs from the published one"
if grep -qF '<script>alert(1)' "$work/page"; then
    die "the page contains the hostile title unescaped"
fi
grep -qF "$member" "$work/page" || die "the page does not mention $member"

# File modes: nothing the binaries created (database, -wal, -shm, activity log,
# feed state and lock, published files and folders) is open to others. The log
# and feed folders themselves are the operator's (made by start_server here).
world=$(
    find "$work"/app.sqlite* "$work"/feed.state* -perm /o=rwx -printf '%m %p\n'
    find "$work/log" "$work/feed" -mindepth 1 -perm /o=rwx -printf '%m %p\n'
)
[[ -z $world ]] || die "files open to others under umask 022: $world"
private=$(stat -c '%a' "$work/app.sqlite" "$work/feed.state")
[[ $private == $'600\n600' ]] || die "the database and the feed state should be 0600, not: $private"

# The published files: every Atom document valid against RFC 4287's RELAX NG
# schema, and the page (the same bytes as served, checked above) rendered by
# headless Chromium into a non-blank screenshot.
scripts/validate-feed.sh "$work/feed" >"$work/validate.out" 2>&1 || {
    cat "$work/validate.out" >&2
    die "scripts/validate-feed.sh rejected the published feed or page"
}
sed 's/^/  /' "$work/validate.out"
screenshot=$work/feed/index.png
if [[ -n ${E2E_SCREENSHOT:-} ]]; then
    cp "$screenshot" "$E2E_SCREENSHOT"
fi

# The page links its stylesheet and script and holds nothing inline, so it
# works under a policy without 'unsafe-inline'.
[[ -s $work/feed/page.css && -s $work/feed/page.js ]] || die "activity-feed build published no page.css or page.js"
if grep -qE '<style|<script>|style=' "$work/page"; then
    die "the page holds inline style or script, which the admin Content-Security-Policy blocks"
fi

# --- The reverse proxy of deploy/nginx/, run for real in front of this server.
# Plain HTTP on a loopback port: there is no certificate to hand here, so
# scripts/lib/nginx-test-config.py drops the example's TLS lines and its
# port-80 redirect and changes nothing else (limits, timeouts, headers, log
# format). nginx runs in the foreground of a background job (daemon off),
# with its pid file, logs and temporary folders under $work/nginx; as root
# (CI), its workers run as nobody.
nginx_dir=$work/nginx
proxy_port=$(free_port)
python3 scripts/lib/nginx-test-config.py deploy/nginx "$nginx_dir" "$proxy_port" "${base_url##*:}" ||
    die "cannot make an nginx configuration from deploy/nginx/"
nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -e "$nginx_dir/logs/error.log" >"$nginx_dir/nginx.out" 2>&1 &
nginx_pid=$!
stop_nginx() {
    if [[ -n ${nginx_pid:-} ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
}
harness_cleanup_extra=stop_nginx
proxy_url=http://127.0.0.1:$proxy_port
deadline=$((SECONDS + 30))
until curl -fs -o /dev/null --max-time 2 "$proxy_url/health"; do
    kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited: $(cat "$nginx_dir/nginx.out" "$nginx_dir/logs/error.log" 2>/dev/null)"
    ((SECONDS < deadline)) || die "nginx did not answer within 30 s on $proxy_url"
    sleep 0.2
done
say "nginx (pid $nginx_pid) proxying $proxy_url → $base_url"

# proxied NAME [curl options…] URL_PATH: like fetch, through nginx.
proxied() {
    local saved=$base_url
    base_url=$proxy_url
    fetch "$@"
    base_url=$saved
}
proxied proxy-feed -H "Authorization: Bearer $admin_token" /admin/feed.atom
expect_fetch 200 "the feed through nginx"
cmp -s "$work/proxy-feed" "$work/feed/feed.atom" || die "nginx served a different feed.atom"
hsts=$(header proxy-feed Strict-Transport-Security)
[[ $hsts == max-age=* ]] || die "no Strict-Transport-Security through nginx (got '$hsts')"
for expected in 'X-Frame-Options: DENY' 'Referrer-Policy: no-referrer' 'X-Content-Type-Options: nosniff'; do
    [[ $(header proxy-feed "${expected%%:*}") == "${expected#*: }" ]] ||
        die "through nginx, ${expected%%:*} is '$(header proxy-feed "${expected%%:*}")', expected '${expected#*: }'"
    (($(grep -ci "^${expected%%:*}:" "$work/proxy-feed.headers") == 1)) || die "${expected%%:*} sent twice"
done
(($(grep -ci '^Content-Security-Policy:' "$work/proxy-feed.headers") == 1)) ||
    die "through nginx, not exactly one Content-Security-Policy header"

# The feed token in the query string reaches the server but not the access log.
proxied proxy-token "/admin/feed.atom?token=$feed_token"
expect_fetch 200 "the feed with the feed token through nginx"
access_log=$nginx_dir/logs/bucketlist.access.log
grep -q '"GET /admin/feed.atom HTTP/1.1" 200 ' "$access_log" || die "no access log line for /admin/feed.atom"
if grep -qF -e "$feed_token" -e 'token=' "$access_log" "$nginx_dir"/logs/*error.log; then
    die "the feed token reached nginx's logs"
fi

# A body over 2 MiB: nginx answers 413 itself (the access log shows no upstream).
{
    printf '{"name": "'
    head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' x
    printf '"}'
} >"$work/big.json"
proxied too-big -X POST -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    --data-binary "@$work/big.json" /bucketlists
expect_fetch 413 "a body over 2 MiB through nginx"
grep -q '"POST /bucketlists HTTP/1.1" 413 .* upstream=- ' "$access_log" || die "the 413 did not come from nginx"

# The admin page in Chromium under the policy, through nginx.
PAGE_BEARER_TOKEN=$admin_token python3 scripts/check-page-csp.py "$proxy_url/admin/" \
    --screenshot "$work/page-csp.png" >"$work/page-csp.out" 2>&1 || {
    cat "$work/page-csp.out" >&2
    die "the admin page does not work under its Content-Security-Policy (through nginx)"
}
sed 's/^/  /' "$work/page-csp.out"
# The same against the server itself, which sends the policy on /admin/.
[[ -n $(header page Content-Security-Policy) ]] || die "bucketlist-server sent no Content-Security-Policy on /admin/"
PAGE_BEARER_TOKEN=$admin_token python3 scripts/check-page-csp.py "$base_url/admin/" \
    >"$work/page-csp-direct.out" 2>&1 || {
    cat "$work/page-csp-direct.out" >&2
    die "the admin page does not work under the server's Content-Security-Policy"
}
sed 's/^/  /' "$work/page-csp-direct.out"
csp_where="through nginx and from the server directly"

# Password guessing against the server itself: 10 wrong passwords answer 401,
# the 11th 429 with Retry-After at once (no bcrypt), while another user still
# logs in; a logged-out token then answers 401.
mallory_token=$(register_and_login mallory 'mallory has a password')
for _ in $(seq 10); do
    api POST /auth/login '{"username":"mallory","password":"a wrong guess!"}'
    expect_status 401 "a wrong password"
done
guess=$(curl -sS -o "$work/body" -D "$work/guess.headers" -w '%{http_code} %{time_total}' --max-time 30 \
    -X POST -H 'Content-Type: application/json' --data-binary '{"username":"mallory","password":"another guess"}' \
    "$base_url/auth/login")
[[ ${guess% *} == 429 ]] || die "the 11th wrong password answered ${guess% *}, not 429"
[[ -n $(header guess Retry-After) ]] || die "the 429 has no Retry-After"
login "$member" "$member_password" >/dev/null
api POST /auth/logout '' "$mallory_token"
expect_status 204 "POST /auth/logout"
api GET /bucketlists '' "$mallory_token"
expect_status 401 "a logged-out token"
say "11th wrong password: 429 in ${guess#* } s (Retry-After $(header guess Retry-After) s); another user logged in; logout revoked the token"

# A burst of logins: limit_req lets 1 + 5 (burst) through at once, then 429,
# answered by nginx (no upstream in the access log). Last, as it uses up this
# address's allowance for a while.
burst=()
for _ in $(seq 12); do
    burst+=("$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X POST \
        -H 'Content-Type: application/json' --data-binary '{}' "$proxy_url/auth/login")")
done
[[ ${burst[0]} != 429 ]] || die "the first login through nginx was refused: ${burst[*]}"
refused=$(grep -c '"POST /auth/login HTTP/1.1" 429 .* upstream=- ' "$access_log" || true)
((refused >= 1)) || die "a burst of 12 logins got no 429 from nginx: ${burst[*]}"
say "nginx: HSTS and the defensive headers, 413 over 2 MiB, no token in the access log, burst of 12 logins: ${burst[*]}"

say "OK: $operations operations → $records feed entries checked (signal, actor, seq); feedparser bozo=0; admin via bearer, Basic and feed token; 403 non-admin, 401 anonymous; 5 traversal attempts refused; RELAX NG valid; page screenshot $(stat -c %s "$screenshot") bytes; page under its CSP in Chromium $csp_where; nginx limits, headers and log checked; $((SECONDS - started)) s"
