#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates folders with POSIX calls, so that a failure names the exact path that failed and why, in
/// words (never a Foundation error domain).
public enum Folders {
    /// Creates the folder at `path` and its missing parents, each new one with exactly `mode` whatever
    /// the umask; an existing folder is left as it is.
    ///
    /// - Throws: ``FolderError`` naming the first path that is not a folder or could not be created.
    static func create(atPath path: String, mode: mode_t) throws(FolderError) {
        if isFolder(path) { return }
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/\(component)"
            var status = stat()
            if stat(prefix, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFDIR else {
                    throw FolderError(folder: path, failing: prefix, isFile: true, reason: "is a file, not a directory")
                }
                continue
            }
            guard errno == ENOENT else { throw FolderError(folder: path, failing: prefix, errno: errno) }
            if mkdir(prefix, mode) == 0 {
                // mkdir's mode is cut by the umask; a new folder gets exactly `mode`.
                chmod(prefix, mode)
            } else if !(errno == EEXIST && isFolder(prefix)) {
                throw FolderError(folder: path, failing: prefix, errno: errno)
            }
        }
    }

    /// The first path, `path` itself or one of its ancestors, that exists and is not a folder; nil when
    /// every existing one is a folder (so `path` can be a folder, or be created as one).
    public static func nonFolder(onWayTo path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/\(component)"
            var status = stat()
            guard stat(prefix, &status) == 0 else { return nil }
            if status.st_mode & S_IFMT != S_IFDIR { return prefix }
        }
        return nil
    }

    /// Whether `path` is a folder (following symbolic links).
    static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}

/// A folder could not be created: the folder wanted, the path that failed and why, in words.
public struct FolderError: Error, Sendable, CustomStringConvertible {
    /// The folder that was to be created.
    public let folder: String
    /// The path that failed: the folder itself or one of its ancestors.
    public let failingPath: String
    /// Whether ``failingPath`` exists as a file (or another non-folder) standing where a folder must be.
    public let isFile: Bool
    /// What went wrong with ``failingPath``.
    public let reason: String

    init(folder: String, failing: String, isFile: Bool = false, reason: String) {
        self.folder = folder
        self.failingPath = failing
        self.isFile = isFile
        self.reason = reason
    }

    init(folder: String, failing: String, errno code: Int32) {
        self.init(folder: folder, failing: failing, reason: SystemErrorText.describe(code))
    }

    /// One line: `<path> is a file, not a directory`, or `cannot create the folder <path>: <reason>`,
    /// naming the folder wanted when an ancestor failed.
    public var description: String {
        let wanted = failingPath == folder ? "" : " (on the way to \(folder))"
        return isFile
            ? "\(failingPath) \(reason)\(wanted)" : "cannot create the folder \(failingPath)\(wanted): \(reason)"
    }
}
