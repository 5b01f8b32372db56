#!/usr/bin/env bash
# Times the line decoder on lines of 65,536 keys against plain lines of the same length.
#
# Usage: scripts/bench-many-keys.sh   (MANY_KEYS_SHAPE=PREFIX times only the shapes so named, for a profiler)
#
# Compiles scripts/bench-many-keys.swift with the SignalLog sources into one optimized module
# (`swiftc -O -wmo`, as a release build compiles the library) and runs it. For each shape (many fields
# in `changes` on the canonical fast path, the same with a space so the general scan decodes it, many
# keys in an unknown object, many unknown top-level keys) it prints the best of 15 decodes beside the
# best of 15 decodes of a plain line of the same length (the format's example with a long title), their
# ratio and the decoder's answer, first with 65,536 keys (the lines that took 69 s each when keys were
# compared pairwise; now rejected at the limit of 1,024 keys per object), then at the limit (accepted).
# Goal: every ratio of the 65,536-key lines <= 10 (exits 1 otherwise); the lines at the limit are shown
# for what an accepted line of many keys costs. The machine's load (uptime) comes first: times on a busy
# machine are not comparable.
set -euo pipefail
cd "$(dirname "$0")/.."

out=.build-bench
mkdir -p "$out"
mapfile -t sources < <(find Sources/SignalLog -name '*.swift' | sort)
swiftc -O -wmo -parse-as-library -swift-version 6 \
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility \
    -module-name ManyKeysBench "${sources[@]}" scripts/bench-many-keys.swift -o "$out/many-keys-bench"
uptime
"$out/many-keys-bench"
