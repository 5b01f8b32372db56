#!/usr/bin/env bash
# Runs the Signals tests under the thread sanitizer. The Signals target depends on
# nothing, so it is copied into a throwaway package: the sanitized build then
# compiles Signals alone instead of the whole dependency graph.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/Sources" "$work/Tests"
cp -R Sources/Signals "$work/Sources/"
cp -R Tests/SignalsTests "$work/Tests/"
cat >"$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription

let settings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
let package = Package(
    name: "signals-tsan",
    targets: [
        .target(name: "Signals", swiftSettings: settings),
        .testTarget(name: "SignalsTests", dependencies: ["Signals"], swiftSettings: settings),
    ]
)
SWIFT
swift test --package-path "$work" --sanitize=thread 2>&1 | tee "$work/output.txt" | grep -E "Test run with|✘" || true
reports=$(grep -c "WARNING: ThreadSanitizer" "$work/output.txt" || true)
echo "tsan-signals: ThreadSanitizer reports: $reports"
grep -q "Test run with .* passed" "$work/output.txt" && [[ $reports == 0 ]]
