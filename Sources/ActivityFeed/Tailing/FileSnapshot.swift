#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `fstat` says about an open log file: its identity, size and last modification.
public struct FileSnapshot: Sendable, Hashable {
    /// The device the file lives on.
    public var device: UInt64
    /// The file's inode number on that device.
    public var inode: UInt64
    /// The file's size in bytes.
    public var size: UInt64
    /// The last modification time, nanoseconds since the epoch.
    public var modificationNanoseconds: Int64

    /// Creates a snapshot from its parts.
    public init(device: UInt64, inode: UInt64, size: UInt64, modificationNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modificationNanoseconds = modificationNanoseconds
    }

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = UInt64(max(0, status.st_size))
        #if canImport(Darwin)
            let time = status.st_mtimespec
        #else
            let time = status.st_mtim
        #endif
        modificationNanoseconds = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Whether both snapshots describe the same file (same device and inode).
    public func isSameFile(as other: FileSnapshot) -> Bool {
        device == other.device && inode == other.inode
    }
}
