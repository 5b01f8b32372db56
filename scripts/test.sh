#!/usr/bin/env bash
# The project's test command: the unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
