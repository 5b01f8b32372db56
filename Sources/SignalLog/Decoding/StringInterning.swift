import Foundation

/// A small direct-mapped cache of strings by the raw bytes between their quotes, so fields that
/// repeat from line to line (source, signal, types, actor names, titles, changed values) share one
/// `String` instead of each line allocating, checking and unescaping its own.
struct StringInterning {
    /// The fields that are interned, each with its own part of the cache.
    enum Field: Int, CaseIterable {
        case source, signal, type, actorName, title, changedValue
    }

    private static let slotBits = 9
    private static let slotsPerField = 1 << slotBits
    private static let longestInterned = 256
    /// Strings this short are stored inline in the `String` value, so there is nothing to share.
    private static let longestInline = 15
    /// The raw bytes each slot holds, as text (they were valid UTF-8 when stored).
    private var keys: [String]
    /// The string each slot's raw bytes decode to.
    private var values: [String]

    /// A cache, or with `enabled` false a pass-through that only makes strings (for one-off decoding).
    init(enabled: Bool) {
        let count = enabled ? Field.allCases.count * Self.slotsPerField : 0
        keys = Array(repeating: "", count: count)
        values = Array(repeating: "", count: count)
    }

    /// The string whose raw bytes (between the quotes, escapes as written) are `raw`: from the cache
    /// when the same bytes were seen last in its slot, else from `make` (nil when the bytes are not
    /// valid UTF-8 or hold a bad escape; nothing is cached then).
    @inline(__always)
    mutating func string(_ raw: UnsafeBufferPointer<UInt8>, _ field: Field, make: () -> String?) -> String? {
        let count = raw.count
        guard count > Self.longestInline, count <= Self.longestInterned, !keys.isEmpty else {
            return make()
        }
        let first = UnsafeRawPointer(raw.baseAddress!).loadUnaligned(as: UInt64.self)
        let last = UnsafeRawPointer(raw.baseAddress! + count - 8).loadUnaligned(as: UInt64.self)
        let hash = (first ^ (last &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        let slot = field.rawValue * Self.slotsPerField + Int(hash >> (64 - Self.slotBits))
        let equal = keys[slot].utf8.withContiguousStorageIfAvailable { stored in
            stored.count == count && memcmp(stored.baseAddress!, raw.baseAddress!, count) == 0
        }
        if equal == true { return values[slot] }
        guard let made = make() else { return nil }
        keys[slot] = String(decoding: raw, as: UTF8.self)
        values[slot] = made
        return made
    }
}
