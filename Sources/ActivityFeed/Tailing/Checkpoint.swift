/// Where reading of one log file stopped, and how to recognise that file again.
///
/// A checkpoint belongs to a `--log` path. The ``Role/current`` checkpoint describes the
/// file last read at that path; the ``Role/retired`` one describes the file it replaced,
/// which rotation moved to a sibling (`PATH.1`, `PATH-*`) and which may still receive
/// a few late lines. Only complete lines are ever consumed, so ``offset`` is always
/// just after a `\n` (or 0).
public struct Checkpoint: Sendable, Hashable {
    /// Which file of a path a checkpoint describes.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// The file at the path itself.
        case current
        /// The file the path held before the last rotation.
        case retired
    }

    /// How many bytes the head and tail hashes cover at most.
    public static let fingerprintLength: UInt64 = 1024

    /// The `--log` path the checkpoint belongs to.
    public var path: String
    /// Which file of that path this is.
    public var role: Role
    /// The file's device.
    public var device: UInt64
    /// The file's inode.
    public var inode: UInt64
    /// How many bytes from the start ``headHash`` covers: `min(offset, fingerprintLength)`.
    public var headLength: UInt64
    /// The hash of the file's first ``headLength`` bytes.
    public var headHash: ContentHash
    /// The offset of the next unread line.
    public var offset: UInt64
    /// The hash of the (up to) ``fingerprintLength`` bytes just before ``offset``.
    public var tailHash: ContentHash
    /// The file size up to which every complete line was consumed: the size seen before the
    /// read that reached the end of the file, or ``offset`` when a batch stopped earlier.
    public var observedSize: UInt64
    /// The file's modification time seen before that read, nanoseconds since the epoch.
    public var observedModificationNanoseconds: Int64

    /// Creates a checkpoint from its parts.
    public init(
        path: String,
        role: Role,
        device: UInt64,
        inode: UInt64,
        headLength: UInt64,
        headHash: ContentHash,
        offset: UInt64,
        tailHash: ContentHash,
        observedSize: UInt64,
        observedModificationNanoseconds: Int64
    ) {
        self.path = path
        self.role = role
        self.device = device
        self.inode = inode
        self.headLength = headLength
        self.headHash = headHash
        self.offset = offset
        self.tailHash = tailHash
        self.observedSize = observedSize
        self.observedModificationNanoseconds = observedModificationNanoseconds
    }

    /// The range of bytes ``tailHash`` covers.
    public var tailRange: Range<UInt64> {
        (offset - min(offset, Self.fingerprintLength))..<offset
    }

    /// Whether `snapshot` is the same device and inode as this checkpoint's file.
    public func describesSameInode(as snapshot: FileSnapshot) -> Bool {
        device == snapshot.device && inode == snapshot.inode
    }

    /// Whether `snapshot` is this checkpoint's file with the size and modification time seen
    /// when the checkpoint was written: then there is nothing new to read and nothing to verify.
    public func isUnchanged(_ snapshot: FileSnapshot) -> Bool {
        describesSameInode(as: snapshot) && snapshot.size == observedSize
            && snapshot.modificationNanoseconds == observedModificationNanoseconds
    }
}
