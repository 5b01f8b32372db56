#!/usr/bin/env bash
# The project's test command: the unit and integration tests, then the
# end-to-end test over real HTTP (scripts/e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
scripts/e2e.sh
