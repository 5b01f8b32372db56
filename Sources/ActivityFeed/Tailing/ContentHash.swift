/// A 64-bit FNV-1a hash of a byte range, used to recognise a log file by its content.
///
/// Not cryptographic: it tells a rewritten or replaced file from the one a checkpoint
/// describes, it does not resist a file crafted to collide.
public struct ContentHash: Sendable, Hashable {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash value.
    public let value: UInt64

    /// The hash of `bytes`.
    public init(of bytes: some Sequence<UInt8>) {
        var hash = Self.offsetBasis
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* Self.prime
        }
        value = hash
    }

    /// Creates a hash from a stored value.
    public init(value: UInt64) {
        self.value = value
    }
}
