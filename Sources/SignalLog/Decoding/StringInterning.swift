import Foundation

/// A small direct-mapped cache of strings by the raw bytes between their quotes, so fields that
/// repeat from line to line (source, signal, types, actor names, titles, changed values) share one
/// `String` instead of each line allocating, checking and unescaping its own.
///
/// Speeds up the canonical fast path wherever strings repeat. CPU time reading a 1M-record log on
/// one core: interning titles, changed values and escaped strings by their raw bytes (3c988fa,
/// under `taskset -c 1`) 0.565 s → 0.52 s; 512 slots per field and a 64-bit hash (073a30c)
/// 0.505 s → 0.45 s; the table of short strings (6e9eb83) 0.45 s → 0.39 s; keying a string without
/// escapes by itself (7999fec, a `--distinct-titles` log) 0.55 s → 0.52 s. Only 3c988fa records how
/// it ran. The first interning (a725ed3) and keeping a long string on its second miss (44c59fe)
/// were not measured separately; measure with `scripts/compare-reader-builds.sh A B`.
///
/// A string of more than 15 raw bytes is kept the second time running that its slot misses it, so
/// strings seen once do not churn the cache.
///
/// Strings of at most 15 raw bytes have a table of their own keyed by the bytes packed into two
/// words: making such a string allocates nothing, but checking and copying it costs more than the
/// lookup.
struct StringInterning {
    /// The fields that are interned, each with its own part of the cache.
    enum Field: Int, CaseIterable {
        case source, signal, type, actorName, title, changedValue, fieldName
    }

    private static let slotBits = 9
    private static let slotsPerField = 1 << slotBits
    private static let longestInterned = 256
    /// The longest raw string kept in the table of short strings.
    private static let longestShort = 15
    /// The raw bytes each slot of longer strings holds, as text (they were valid UTF-8 when stored).
    private var keys: [String]
    /// The string each slot's raw bytes decode to.
    private var values: [String]
    /// Which longer strings missed their slot last.
    private var misses: SecondMissFilter
    /// The raw bytes of each short string's slot: bytes 0-7 and 8-15, zero-padded, and the count.
    private var shortKeys: [(low: UInt64, high: UInt64, count: Int)]
    /// The string each short slot's raw bytes decode to.
    private var shortValues: [String]

    /// A cache, or with `enabled` false a pass-through that only makes strings (for one-off decoding).
    init(enabled: Bool) {
        let count = enabled ? Field.allCases.count * Self.slotsPerField : 0
        keys = Array(repeating: "", count: count)
        values = Array(repeating: "", count: count)
        misses = SecondMissFilter(slots: count)
        shortKeys = Array(repeating: (0, 0, -1), count: count)
        shortValues = Array(repeating: "", count: count)
    }

    /// The string whose raw bytes (between the quotes, escapes as written) are `raw`: from the cache
    /// when the same bytes were seen last in its slot, else from `make` (nil when the bytes are not
    /// valid UTF-8 or hold a bad escape; nothing is cached then). `readable` is how many bytes from
    /// `raw`'s start may be read (at least `raw.count`).
    @inline(__always)
    mutating func string(
        _ raw: UnsafeBufferPointer<UInt8>, readable: Int, _ field: Field, make: () -> String?
    ) -> String? {
        let count = raw.count
        guard count <= Self.longestInterned, !keys.isEmpty else { return make() }
        let start = UnsafeRawPointer(raw.baseAddress!)
        if count <= Self.longestShort {
            guard readable >= 16 else { return make() }
            var low = start.loadUnaligned(as: UInt64.self)
            var high = start.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if count < 8 {
                low &= (1 << (count << 3)) &- 1
                high = 0
            } else {
                high &= (1 << ((count - 8) << 3)) &- 1
            }
            let hash = SecondMissFilter.hash(low, high, count: count)
            let slot = field.rawValue * Self.slotsPerField + Int(hash >> (64 - Self.slotBits))
            let key = shortKeys[slot]
            if key.low == low, key.high == high, key.count == count { return shortValues[slot] }
            guard let made = make() else { return nil }
            shortKeys[slot] = (low, high, count)
            shortValues[slot] = made
            return made
        }
        let first = start.loadUnaligned(as: UInt64.self)
        let last = start.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        let hash = SecondMissFilter.hash(first, last, count: count)
        let slot = field.rawValue * Self.slotsPerField + Int(hash >> (64 - Self.slotBits))
        let equal = keys[slot].utf8.withContiguousStorageIfAvailable { stored in
            stored.count == count && memcmp(stored.baseAddress!, raw.baseAddress!, count) == 0
        }
        if equal == true { return values[slot] }
        guard let made = make() else { return nil }
        // Kept only when the same bytes were missed in this slot just before: a string seen once
        // (a title in a log of distinct titles) would cost two retains and a release for nothing.
        guard misses.admits(hash, in: slot) else { return made }
        // Every escape is longer than what it stands for: the same count means the same bytes.
        keys[slot] = made.utf8.count == count ? made : String(decoding: raw, as: UTF8.self)
        values[slot] = made
        return made
    }
}
