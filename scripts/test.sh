#!/usr/bin/env bash
# The project's test command: installs what a fresh Debian machine lacks
# (scripts/lib/install-test-deps.sh), then the deployment files' static checks (systemd
# units' exposure ratings, offline), the unit and integration tests, then the
# checks that run the real executables (each well under a minute): the
# end-to-end test over HTTP (with the nginx example in front), the server kill
# test, the scale test (three servers on one PostgreSQL database, each killed
# and restarted), and log rotation under load.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/install-test-deps.sh
source scripts/lib/install-test-deps.sh
scripts/check-deploy.sh
swift build --build-tests
swift test --skip-build
scripts/e2e.sh
scripts/kill-test.sh
scripts/scale-test.sh
scripts/logrotate-test.sh
