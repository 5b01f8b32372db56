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
        let target = path(of: relativePath)
        if Self.file(atPath: target, holds: data) { return false }
        let split = target.lastIndex(of: "/")!
        let folder = String(target[..<split])
        let temporary = "\(folder)/.\(target[target.index(after: split)...]).\(UUID().uuidString).tmp"
        do {
            try writeFile(data, to: temporary, replacing: target, in: folder, syncing: durability == .immediate)
            try moveIntoPlace(temporary, to: target)
            if durability == .immediate { try syncFolder(atPath: folder) }
        } catch {
            unlink(temporary)
            throw error
        }
        return true
    }

    /// `relativePath` under ``root``, as a path.
    private func path(of relativePath: String) -> String {
        let rootPath = root.path
        return rootPath.hasSuffix("/") ? rootPath + relativePath : "\(rootPath)/\(relativePath)"
    }

    /// Whether the regular file at `path` exists and holds exactly `data`; false when it cannot be read.
    private static func file(atPath path: String, holds data: Data) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == data.count
        else { return false }
        var existing = [UInt8](repeating: 0, count: data.count + 1)
        var filled = 0
        while filled < existing.count {
            let count = existing.withUnsafeMutableBytes {
                read(descriptor, $0.baseAddress! + filled, $0.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        guard filled == data.count else { return false }
        guard !data.isEmpty else { return true }
        return existing.withUnsafeBytes { existing in
            data.withUnsafeBytes { memcmp(existing.baseAddress!, $0.baseAddress!, data.count) == 0 }
        }
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

    /// The mode of every published file, whatever the umask: the owner writes, the group (the web server's)
    /// reads, others nothing.
    static let fileMode: mode_t = 0o640
    /// The mode of the folders this writer creates: the group may list them, others nothing.
    static let folderMode: Int = 0o750

    /// Writes `data` to the new file `path` in `folder`, creating the folder first if it is missing;
    /// failures name `target`, the file the new one is to replace.
    private func writeFile(_ data: Data, to path: String, replacing target: String, in folder: String, syncing: Bool)
        throws
    {
        var descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, Self.fileMode)
        if descriptor < 0, errno == ENOENT {
            do {
                try Folders.create(atPath: folder, mode: mode_t(Self.folderMode))
            } catch {
                throw PublishError.fileSystem(folder, "\(error)")
            }
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, Self.fileMode)
        }
        guard descriptor >= 0 else { throw Self.failure(target, "cannot create a temporary file beside it") }
        defer { close(descriptor) }
        // The umask may have removed the group's read bit; the mode is set exactly.
        guard fchmod(descriptor, Self.fileMode) == 0 else { throw Self.failure(target, "cannot set the file's mode") }
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Self.failure(target, "cannot write")
                }
                offset += written
            }
        }
        guard !syncing || fsync(descriptor) == 0 else { throw Self.failure(target, "cannot fsync") }
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
        let code = errno
        guard SystemErrorText.isDiskFull(code) else {
            return PublishError.fileSystem(path, "\(action): \(SystemErrorText.describe(code))")
        }
        return PublishError.diskFull(
            path,
            "\(action): \(SystemErrorText.describe(code)); free some space there and run again "
                + "(every published file is whole, old or new, and the next run publishes the rest)"
        )
    }
}

/// `syncfs(2)`, which Swift's Glibc module does not declare; looked up once in the C library.
/// Where it is missing, `sync(2)` flushes every file system instead: slower, and as safe on Linux,
/// but on Darwin it may return before the data reaches the disk.
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
        #if canImport(Glibc)
            Glibc.sync()
        #else
            Darwin.sync()
        #endif
        return 0
    }
}
