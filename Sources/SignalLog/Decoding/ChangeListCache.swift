import Foundation

/// A small direct-mapped cache of short `changes` objects by their raw bytes, so the ones that
/// repeat from line to line (`"done":[false,true]`) share one array instead of each line
/// allocating and filling its own.
///
/// Speeds up the canonical fast path on records whose `changes` repeat (42e8dbe). No separate
/// measurement was recorded; measure with `scripts/compare-reader-builds.sh A B`.
///
/// A key is the bytes of a whole object after its `{`, up to and including its `}`: when a line's
/// bytes from the same position start with a key, the line's object is that one, because a JSON
/// object ends at the first `}` that closes it. Like ``StringInterning``, a list is kept the second
/// time running that its slot misses it.
struct ChangeListCache {
    private static let slotBits = 6
    /// The longest object kept, in raw bytes.
    static let longestKept = 64

    /// The raw bytes of each slot's object.
    private var keys: [[UInt8]]
    /// The list each slot's bytes decode to.
    private var values: [[SignalRecord.FieldChange]]
    /// Which lists missed their slot last.
    private var misses: SecondMissFilter

    /// A cache, or with `enabled` false one that keeps nothing.
    init(enabled: Bool) {
        let count = enabled ? 1 << Self.slotBits : 0
        keys = Array(repeating: [], count: count)
        values = Array(repeating: [], count: count)
        misses = SecondMissFilter(slots: count)
    }

    /// Where the object starting at `bytes` (just after its `{`), of which `readable` bytes may be
    /// read, would be kept: nil when it cannot be (fewer than 16 bytes left, or no cache).
    @inline(__always)
    func slot(_ bytes: UnsafePointer<UInt8>, readable: Int) -> (index: Int, hash: UInt64)? {
        guard readable >= 16, !keys.isEmpty else { return nil }
        let start = UnsafeRawPointer(bytes)
        let low = start.loadUnaligned(as: UInt64.self)
        let high = start.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let hash = SecondMissFilter.hash(low, high, count: 0)
        return (Int(hash >> (64 - Self.slotBits)), hash)
    }

    /// The list kept in `slot` and its key's length when `bytes` start with that key.
    @inline(__always)
    func list(in slot: Int, matching bytes: UnsafePointer<UInt8>, readable: Int) -> (
        [SignalRecord.FieldChange], length: Int
    )? {
        let matched = keys[slot].withUnsafeBufferPointer { key in
            !key.isEmpty && key.count <= readable && memcmp(key.baseAddress!, bytes, key.count) == 0
        }
        return matched ? (values[slot], keys[slot].count) : nil
    }

    /// Records that `list`, whose object's raw bytes are `raw`, was decoded after missing `slot`:
    /// keeps it when the same bytes missed the slot just before.
    mutating func missed(
        _ slot: (index: Int, hash: UInt64), raw: UnsafeBufferPointer<UInt8>, list: [SignalRecord.FieldChange]
    ) {
        guard raw.count <= Self.longestKept, misses.admits(slot.hash, in: slot.index) else { return }
        keys[slot.index] = Array(raw)
        values[slot.index] = list
    }
}
