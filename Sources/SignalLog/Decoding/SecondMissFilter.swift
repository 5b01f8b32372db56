/// Remembers, for each slot of a cache, the last bytes that missed it, so that the cache keeps
/// bytes only when they miss the same slot twice running: bytes seen once do not churn it.
///
/// Speeds up ``StringInterning`` and ``ChangeListCache`` on logs where most strings appear once
/// (`--distinct-titles`): no retains and releases for what the cache would only replace (44c59fe,
/// 42e8dbe; shared here since af6a640). No separate measurement was recorded; measure with
/// `scripts/compare-reader-builds.sh A B`.
struct SecondMissFilter {
    private var tags: [UInt32]

    /// A filter for a cache of `slots` slots.
    init(slots: Int) {
        tags = Array(repeating: 0, count: slots)
    }

    /// A mix of two words of raw bytes and their count, for picking a slot (from its top bits) and
    /// for ``admits(_:in:)``.
    @inline(__always)
    static func hash(_ first: UInt64, _ second: UInt64, count: Int) -> UInt64 {
        (first ^ (second &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Whether the bytes of `hash` missed `slot` just before; when not, they become its last miss.
    @inline(__always)
    mutating func admits(_ hash: UInt64, in slot: Int) -> Bool {
        let tag = UInt32(truncatingIfNeeded: hash) | 1
        if tags[slot] == tag { return true }
        tags[slot] = tag
        return false
    }
}
