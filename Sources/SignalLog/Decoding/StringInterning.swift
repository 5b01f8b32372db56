import Foundation

/// A small direct-mapped cache of strings by their UTF-8 bytes, so fields that repeat from line to
/// line (source, signal, types, actor names, list titles) share one `String` instead of each line
/// allocating its own.
struct StringInterning {
    /// The fields that are interned, each with its own part of the cache.
    enum Field: Int {
        case source, signal, type, actorName, parentTitle
    }

    private static let slotsPerField = 64
    private static let longestInterned = 64
    /// Strings this short are stored inline in the `String` value, so there is nothing to share.
    private static let longestInline = 15
    private var entries: [String?]

    /// A cache, or with `enabled` false a pass-through that only makes strings (for one-off decoding).
    init(enabled: Bool) {
        entries = enabled ? Array(repeating: nil, count: 5 * Self.slotsPerField) : []
    }

    /// The string for `bytes`, from the cache when the same bytes were seen last in its slot, else
    /// from `make` (nil when the bytes are not valid UTF-8; nothing is cached then).
    @inline(__always)
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Field, make: () -> String?) -> String? {
        let count = bytes.count
        guard count > Self.longestInline, count <= Self.longestInterned, !entries.isEmpty else {
            return make()
        }
        var hash = UInt32(count) &* 0x9E37_79B1
        hash ^= UInt32(bytes[0]) &* 0x85EB_CA77
        hash ^= UInt32(bytes[count - 1]) &* 0xC2B2_AE3D
        hash ^= UInt32(bytes[count >> 1]) &* 0x27D4_EB2F
        let slot = field.rawValue * Self.slotsPerField + Int((hash >> 16) & UInt32(Self.slotsPerField - 1))
        if let cached = entries[slot], cached.utf8.count == count {
            let equal = cached.utf8.withContiguousStorageIfAvailable { stored in
                memcmp(stored.baseAddress!, bytes.baseAddress!, count) == 0
            }
            if equal == true { return cached }
        }
        guard let made = make() else { return nil }
        entries[slot] = made
        return made
    }
}
