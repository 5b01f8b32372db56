#!/usr/bin/env bash
# Runs scripts/e2e.sh and scripts/logrotate-test.sh with bucketlist-server and
# activity-feed each inside the sandbox of its systemd unit, as far as it can
# be had without systemd (scripts/unit-sandbox.py: the system-call filter,
# address families, write-and-execute memory, capabilities, no_new_privs and
# the /proc view). Shows that the hardening of deploy/systemd/ leaves both
# programs working. Not a CI step: it needs root (a mount namespace) and
# Debian's python3 with python3-seccomp.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $(id -u) == 0 ]] || { echo "sandbox-e2e: run as root (unit-sandbox.py remounts /proc)" >&2; exit 1; }
/usr/bin/python3 -c 'import seccomp' 2>/dev/null ||
    { echo "sandbox-e2e: python3-seccomp is missing (Debian: apt-get install -y python3-seccomp)" >&2; exit 1; }

swift build >/dev/null
real=$(swift build --show-bin-path)
wrappers=$(mktemp -d "${TMPDIR:-/tmp}/sandbox-e2e.XXXXXX")
trap 'rm -rf "$wrappers"' EXIT
for pair in bucketlist-server:bucketlist-server activity-feed:activity-feed; do
    executable=${pair%%:*} unit=$PWD/deploy/systemd/${pair#*:}.service
    printf '#!/bin/sh\nexec /usr/bin/python3 %q %q -- %q "$@"\n' \
        "$PWD/scripts/unit-sandbox.py" "$unit" "$real/$executable" >"$wrappers/$executable"
    chmod +x "$wrappers/$executable"
done
BUCKETLIST_BIN=$wrappers scripts/e2e.sh
BUCKETLIST_BIN=$wrappers scripts/logrotate-test.sh
echo "sandbox-e2e: OK: both programs work inside their units' system-call filter and /proc view"
