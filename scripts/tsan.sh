#!/usr/bin/env bash
# Runs the tests of the Foundation-only libraries, Signals and SignalLog (or the
# ones named: scripts/tsan.sh Signals), under the thread sanitizer. They depend
# on no package, so each is copied with its tests and the fixtures into a
# throwaway package: the sanitized build compiles them alone instead of the
# whole dependency graph. Exits non-zero on a failed test or any TSan report.
# KEEP_WORK=FILE keeps the test output, with any reports in full, in FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(Signals SignalLog)
work=$(mktemp -d)
trap '[[ -n ${KEEP_WORK:-} ]] && cp "$work/output.txt" "$KEEP_WORK"; rm -rf "$work"' EXIT
mkdir -p "$work/Sources" "$work/Tests"
cp -R fixtures "$work/"
declarations=""
for target in "${targets[@]}"; do
    cp -R "Sources/$target" "$work/Sources/"
    cp -R "Tests/${target}Tests" "$work/Tests/"
    declarations+="        .target(name: \"$target\", swiftSettings: settings),
        .testTarget(name: \"${target}Tests\", dependencies: [\"$target\"], swiftSettings: settings),
"
done
cat >"$work/Package.swift" <<SWIFT
// swift-tools-version:6.1
import PackageDescription

let settings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
let package = Package(
    name: "tsan",
    targets: [
$declarations    ]
)
SWIFT
# The crash tests SIGKILL a child writer: they test a process kill, not threads, and under the
# sanitizer they sometimes found the child already exited. They run in `swift test` as usual.
swift test --package-path "$work" --sanitize=thread --skip LogWriterCrashTests 2>&1 | tee "$work/output.txt" | grep -E "Test run with|✘" || true
reports=$(grep -c "WARNING: ThreadSanitizer" "$work/output.txt" || true)
echo "tsan: ${targets[*]}: ThreadSanitizer reports: $reports"
grep -q "Test run with .* passed" "$work/output.txt" && [[ $reports == 0 ]]
