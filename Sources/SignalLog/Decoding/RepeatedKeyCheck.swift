/// Finds a key repeated among an object's keys in time linear in their total length.
///
/// The first ``linearLimit`` keys are compared one by one, which costs nothing for the two or three keys
/// of a record's objects; from then on the keys go into a hash set of their UTF-8 bytes, so an object of
/// 65,536 keys costs 65,536 hash lookups instead of two billion comparisons (a 1 MiB line of such keys
/// took 69 s to decode before). Keys compare by their bytes, as `isSameKey(as:)` does: canonically
/// equivalent spellings are different keys.
struct RepeatedKeyCheck {
    /// How many earlier keys are compared one by one before the hash set takes over.
    static let linearLimit = 16

    private var hashed: Set<[UInt8]>? = nil

    /// Whether `key` repeats one of `earlier`, the object's keys before it (`keyOf` reads an element's key).
    /// Call it for every key of one object, in order, with all the keys before it.
    @inline(__always)
    mutating func isRepeated<Earlier: RandomAccessCollection>(
        _ key: String, among earlier: Earlier, keyOf: (Earlier.Element) -> String
    ) -> Bool {
        if earlier.count < Self.linearLimit {
            return earlier.contains { keyOf($0).isSameKey(as: key) }
        }
        return isRepeatedInSet(Array(key.utf8)) { earlier.map { Array(keyOf($0).utf8) } }
    }

    /// The hash-set half of ``isRepeated(_:among:keyOf:)``, for callers that compare the first
    /// ``linearLimit`` keys themselves; `earlierKeys` gives the bytes of every earlier key when the set is
    /// first built.
    mutating func isRepeatedInSet(_ key: [UInt8], earlierKeys: () -> [[UInt8]]) -> Bool {
        if hashed == nil {
            hashed = Set(earlierKeys())
        }
        return !hashed!.insert(key).inserted
    }
}
