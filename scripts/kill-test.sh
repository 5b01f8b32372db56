#!/usr/bin/env bash
# The kill test of issue 4: SIGKILL a real bucketlist-server 20 times during a stream of writes and check
# that the activity log holds exactly the committed operations. Builds the server (debug) first.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product bucketlist-server >/dev/null
exec python3 scripts/kill-test.py "$(swift build --show-bin-path)/bucketlist-server" "$@"
