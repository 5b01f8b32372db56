import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A log file held open by descriptor, so that its identity cannot change while it is read.
///
/// Reading through ``readerPath`` (`/proc/self/fd/N` on Linux) reaches this very inode
/// even if rotation renames the path meanwhile.
final class OpenLogFile {
    /// The path the file was opened by (for messages and checkpoints).
    let path: String
    /// What `fstat` said when the file was opened or last refreshed.
    private(set) var snapshot: FileSnapshot
    /// How many bytes fingerprints read since the last ``takeBytesRead()``.
    private var bytesRead: UInt64 = 0
    private let descriptor: Int32

    /// Opens `path` read-only; nil when there is no such file.
    static func openIfPresent(_ path: String) throws(TailingError) -> OpenLogFile? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw .cannotOpen(path, errno: code)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw .cannotOpen(path, errno: code)
        }
        return OpenLogFile(path: path, descriptor: descriptor, snapshot: FileSnapshot(status))
    }

    private init(path: String, descriptor: Int32, snapshot: FileSnapshot) {
        self.path = path
        self.descriptor = descriptor
        self.snapshot = snapshot
    }

    deinit {
        close(descriptor)
    }

    /// Returns how many bytes fingerprints read since the last call, and starts counting again.
    func takeBytesRead() -> UInt64 {
        defer { bytesRead = 0 }
        return bytesRead
    }

    /// A path that opens this same file, whatever happens to ``path`` meanwhile.
    var readerPath: String {
        let procPath = "/proc/self/fd/\(descriptor)"
        return access(procPath, R_OK) == 0 ? procPath : path
    }

    /// Updates ``snapshot`` from `fstat`.
    func refresh() throws(TailingError) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .cannotRead(path, offset: 0, errno: errno)
        }
        snapshot = FileSnapshot(status)
    }

    /// The hash of the bytes in `range`; nil when the file is shorter than the range's end.
    func hash(of range: Range<UInt64>) throws(TailingError) -> ContentHash? {
        var buffer = [UInt8](repeating: 0, count: Int(range.count))
        guard try fill(&buffer, count: buffer.count, at: range.lowerBound) == buffer.count else { return nil }
        return ContentHash(of: buffer)
    }

    /// Reads up to `count` bytes at `offset` into the start of `buffer`; returns how many it read (fewer at EOF).
    private func fill(_ buffer: inout [UInt8], count: Int, at offset: UInt64) throws(TailingError) -> Int {
        var filled = 0
        while filled < count {
            let result = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path, offset: offset + UInt64(filled), errno: errno)
            }
            if result == 0 { break }
            filled += result
        }
        bytesRead += UInt64(filled)
        return filled
    }

    /// Whether the file still holds the bytes `checkpoint` fingerprinted: the same head and
    /// the same bytes just before its offset.
    func holdsContent(of checkpoint: Checkpoint) throws(TailingError) -> Bool {
        guard snapshot.size >= checkpoint.offset else { return false }
        guard try hash(of: 0..<checkpoint.headLength) == checkpoint.headHash else { return false }
        return try hash(of: checkpoint.tailRange) == checkpoint.tailHash
    }

    /// A checkpoint of this file for `logPath` at `offset`, fingerprinting the bytes before it.
    ///
    /// `observed` is the size and modification time the checkpoint vouches for: take it
    /// before the read that reached `offset`, so that bytes appended during that read are
    /// never mistaken for bytes already seen.
    func checkpoint(
        for logPath: String,
        role: Checkpoint.Role,
        offset: UInt64,
        observed: FileSnapshot
    ) throws(TailingError) -> Checkpoint {
        let headLength = min(offset, Checkpoint.fingerprintLength)
        let tailRange = (offset - min(offset, Checkpoint.fingerprintLength))..<offset
        guard let headHash = try hash(of: 0..<headLength), let tailHash = try hash(of: tailRange) else {
            throw .cannotRead(path, offset: offset, errno: EIO)
        }
        return Checkpoint(
            path: logPath,
            role: role,
            device: snapshot.device,
            inode: snapshot.inode,
            headLength: headLength,
            headHash: headHash,
            offset: offset,
            tailHash: tailHash,
            observedSize: observed.size,
            observedModificationNanoseconds: observed.modificationNanoseconds
        )
    }
}
