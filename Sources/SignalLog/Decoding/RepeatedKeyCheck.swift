import Foundation

/// Finds a key repeated among an object's keys in time linear in their total length.
///
/// The first ``linearLimit`` keys are compared one by one, which costs nothing for the two or three keys
/// of a record's objects; from then on the keys go into a hash table of their UTF-8 bytes, so an object of
/// n keys costs n hash lookups instead of n²/2 comparisons (a 1 MiB line of 65,536 keys took 69 s to
/// decode before; readers now also stop at ``SignalRecord/maximumKeysPerObject`` keys an object). Keys compare by their bytes, as `isSameKey(as:)` does: canonically
/// equivalent spellings are different keys.
///
/// Speeds up objects of many keys: the table keeps every key's bytes in one buffer and hashes them with
/// the standard library's per-process seeded hasher, so a key costs no allocation of its own. Against a
/// `Set<[UInt8]>` of one array per key, with the general scan skipping unknown values without building
/// them, the decode of a line of 65,536 unknown top-level keys went from 16.6 ms to 8.0 ms, and one of
/// 65,536 keys in an unknown object from 17.0 ms to 4.6 ms (`scripts/bench-many-keys.sh`, best of 15).
struct RepeatedKeyCheck {
    /// How many earlier keys are compared one by one before the hash table takes over.
    static let linearLimit = 16

    /// The bytes of every key in the table, one after the other.
    private var storage: [UInt8] = []
    /// Each key in the table: its hash, and where its bytes are in `storage`.
    private var entries: [(hash: UInt64, start: Int, count: Int)] = []
    /// The table, with open addressing: 0 for an empty slot, else the key's hash in the high 32 bits and
    /// one more than its index in `entries` in the low 32, so that most probes compare no bytes.
    private var slots: [UInt64] = []

    /// Whether `key` repeats one of `earlier`, the object's keys before it (`keyOf` reads an element's key).
    /// Call it for every key of one object, in order, with all the keys before it.
    @inline(__always)
    mutating func isRepeated<Earlier: RandomAccessCollection>(
        _ key: String, among earlier: Earlier, keyOf: (Earlier.Element) -> String
    ) -> Bool {
        if earlier.count < Self.linearLimit {
            return earlier.contains { keyOf($0).isSameKey(as: key) }
        }
        var key = key
        return key.withUTF8 { bytes in
            isRepeatedInTable(bytes) { insert in
                for element in earlier {
                    var earlierKey = keyOf(element)
                    earlierKey.withUTF8 { insert($0) }
                }
            }
        }
    }

    /// The hash-table half of ``isRepeated(_:among:keyOf:)``, for callers that compare the first
    /// ``linearLimit`` keys themselves; `earlierKeys` calls its argument with the bytes of every earlier
    /// key, once, when the table is first built.
    mutating func isRepeatedInTable(
        _ key: UnsafeBufferPointer<UInt8>, earlierKeys: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void
    ) -> Bool {
        if slots.isEmpty {
            slots = Array(repeating: 0, count: 4 * Self.linearLimit)
            earlierKeys { _ = insert($0) }
        }
        return !insert(key)
    }

    /// Adds `key` to the table; false when it was there already.
    private mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        if 2 * (entries.count + 1) > slots.count { grow() }
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(key))
        let hash = UInt64(UInt(bitPattern: hasher.finalize()))
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let occupant = slots[slot]
            if occupant == 0 { break }
            if occupant & 0xFFFF_FFFF_0000_0000 == tag {
                let entry = entries[Int(occupant & 0xFFFF_FFFF) - 1]
                if entry.count == key.count,
                    storage.withUnsafeBufferPointer({ stored in
                        key.isEmpty || memcmp(stored.baseAddress! + entry.start, key.baseAddress!, key.count) == 0
                    })
                {
                    return false
                }
            }
            slot = (slot + 1) & mask
        }
        entries.append((hash, storage.count, key.count))
        slots[slot] = tag | UInt64(entries.count)
        storage.append(contentsOf: key)
        return true
    }

    /// Doubles the table and places every key again.
    private mutating func grow() {
        slots = Array(repeating: 0, count: 2 * slots.count)
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry.hash & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
        }
    }
}
