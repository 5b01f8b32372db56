import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder of published files (`--feed-dir`) and the only files under it that may be served.
///
/// A request path is taken apart into components, each percent-decoded once; a component that is empty is
/// skipped, and one that is `.`, `..`, starts with `.`, or holds `/`, `\` or NUL refuses the whole path. The
/// joined path is then resolved with `realpath` and must still lie inside the folder's own resolved path, so a
/// symbolic link pointing out of the folder is refused too. Refused and missing paths look the same (404).
struct FeedDirectory: Sendable {
    /// A file ready to be served, with what validators and headers need.
    struct File {
        var contents: Data
        var contentType: String
        /// Seconds since the epoch, whole seconds (HTTP dates have no fraction).
        var modified: Int
        /// A strong validator: changes whenever the file is replaced (published files get a new inode) or
        /// rewritten (size or modification time).
        var etag: String
    }

    /// The folder as configured; it may not exist yet (nothing published), in which case nothing is served.
    let path: String

    /// The file for the path after `/admin/` (still percent-encoded), or nil when it is refused or missing.
    func file(forEncodedPath encodedPath: Substring) -> File? {
        var components: [String] = []
        for encoded in encodedPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(encoded).removingPercentEncoding, Self.isAllowed(decoded) else { return nil }
            components.append(decoded)
        }
        guard let root = Self.resolve(path),
            let resolved = Self.resolve(([root] + components).joined(separator: "/")),
            Self.isInside(resolved, root: root),
            var entry = Self.entry(at: resolved)
        else { return nil }
        if case .directory = entry {
            guard let index = Self.resolve(resolved + "/index.html"), Self.isInside(index, root: root),
                let indexEntry = Self.entry(at: index)
            else { return nil }
            entry = indexEntry
        }
        guard case .file(let contents, let status, let resolvedPath) = entry else { return nil }
        let modified = Int(status.st_mtim.tv_sec)
        let etag =
            "\"\(String(status.st_ino, radix: 16))-\(String(status.st_size, radix: 16))-"
            + "\(String(modified, radix: 16)).\(String(status.st_mtim.tv_nsec, radix: 16))\""
        return File(contents: contents, contentType: Self.contentType(of: resolvedPath), modified: modified, etag: etag)
    }

    static func isAllowed(_ component: String) -> Bool {
        !component.isEmpty && !component.hasPrefix(".")
            && !component.contains { $0 == "/" || $0 == "\\" || $0 == "\0" }
    }

    static func contentType(of path: String) -> String {
        // JSON Feed 1.1 names its own media type (https://jsonfeed.org/version/1.1, "Suggestions").
        if (path as NSString).lastPathComponent == "feed.json" { return "application/feed+json; charset=utf-8" }
        return switch (path as NSString).pathExtension.lowercased() {
        case "atom": "application/atom+xml; charset=utf-8"
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "xml": "application/xml; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }

    private static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// What a resolved path holds: a directory, or a regular file read through the same descriptor it was
    /// checked on, so that its validators describe exactly the bytes served. Anything else is nil.
    private enum Entry {
        case directory
        case file(Data, stat, path: String)
    }

    /// Opens `path` once (non-blocking, so that a FIFO cannot stall the request), then `fstat`s and reads it.
    private static func entry(at path: String) -> Entry? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG:
            let contents: Data?
            do { contents = try handle.readToEnd() } catch { return nil }
            return .file(contents ?? Data(), status, path: path)
        default: return nil
        }
    }
}
