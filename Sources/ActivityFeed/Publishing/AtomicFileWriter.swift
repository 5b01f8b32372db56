import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces files so that a reader sees either the old or the new bytes, never a mix,
/// and leaves a file alone when its bytes would not change (its mtime stays, so
/// ETag, Last-Modified and conditional GETs keep working).
///
/// A replacement is written to a temporary file in the same folder, fsynced, renamed
/// over the target, and the folder is fsynced so the rename survives a crash.
struct AtomicFileWriter: Sendable {
    /// The folder every relative path is resolved against.
    let root: URL

    /// When a replaced file's bytes and its rename reach the disk.
    enum Durability {
        /// The file and its folder are fsynced before ``replaceIfChanged(_:with:durability:)`` returns.
        case immediate
        /// Nothing is synced: the rename is atomic for readers but survives a crash only after
        /// ``syncFileSystem(of:)``, which lets many files share one flush.
        case deferred
    }

    /// Writes `data` to `relativePath` unless the file already holds exactly these bytes;
    /// returns whether the file changed. Creates missing folders.
    func replaceIfChanged(_ relativePath: String, with data: Data, durability: Durability = .immediate) throws -> Bool {
        let target = root.appendingPathComponent(relativePath)
        let folder = target.deletingLastPathComponent()
        if let existing = FileManager.default.contents(atPath: target.path), existing == data {
            return false
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PublishError.fileSystem(folder.path, "cannot create the folder: \(error.localizedDescription)")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try writeFile(data, to: temporary.path, syncing: durability == .immediate)
            try moveIntoPlace(temporary.path, to: target.path)
            if durability == .immediate { try syncFolder(atPath: folder.path) }
        } catch {
            unlink(temporary.path)
            throw error
        }
        return true
    }

    /// Removes temporary files a crashed run left in the folder holding `relativePath`
    /// (names `.<file>.<UUID>.tmp`); returns how many it removed.
    func removeLeftovers(besides relativePath: String) -> Int {
        let folder = root.appendingPathComponent(relativePath).deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed = 0
        for name in names where Self.isTemporaryName(name) {
            if unlink(folder.appendingPathComponent(name).path) == 0 { removed += 1 }
        }
        return removed
    }

    private static func isTemporaryName(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
        let parts = name.dropFirst().dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let uuid = parts.last else { return false }
        return UUID(uuidString: String(uuid)) != nil
    }

    private func writeFile(_ data: Data, to path: String, syncing: Bool) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(path, "cannot create the temporary file") }
        defer { close(descriptor) }
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Self.failure(path, "cannot write")
                }
                offset += written
            }
        }
        guard !syncing || fsync(descriptor) == 0 else { throw Self.failure(path, "cannot fsync") }
    }

    private func moveIntoPlace(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw Self.failure(destination, "cannot rename the temporary file into place")
        }
    }

    /// Makes every file written with ``Durability/deferred`` on the file system holding `relativePath`,
    /// and their renames, durable: one `syncfs(2)` instead of an fsync per file and folder.
    func syncFileSystem(of relativePath: String) throws {
        let path = root.appendingPathComponent(relativePath).deletingLastPathComponent().path
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure(path, "cannot open the folder to sync it") }
        defer { close(descriptor) }
        guard FileSystemSync.sync(descriptor) == 0 else { throw Self.failure(path, "cannot sync the file system") }
    }

    private func syncFolder(atPath path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure(path, "cannot open the folder to fsync it") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Self.failure(path, "cannot fsync the folder") }
    }

    private static func failure(_ path: String, _ action: String) -> PublishError {
        PublishError.fileSystem(path, "\(action): \(String(cString: strerror(errno)))")
    }
}

/// `syncfs(2)`, which Swift's Glibc module does not declare; looked up once in the C library.
/// Where it is missing, `sync(2)` flushes every file system instead, which is slower but as safe.
private enum FileSystemSync {
    private typealias SyncFileSystem = @convention(c) (Int32) -> Int32

    #if os(Linux)
        private static let syncfs: SyncFileSystem? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs")
            .map { unsafeBitCast($0, to: SyncFileSystem.self) }
    #else
        private static let syncfs: SyncFileSystem? = nil
    #endif

    static func sync(_ descriptor: Int32) -> Int32 {
        if let syncfs { return syncfs(descriptor) }
        Glibc.sync()
        return 0
    }
}
