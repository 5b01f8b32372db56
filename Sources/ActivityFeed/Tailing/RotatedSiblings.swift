import Foundation

/// The files rotation may have moved a log to: `PATH.1` and `PATH-*` in the same
/// directory, uncompressed ones only.
///
/// Lists the directory once, on first use, and opens each sibling at most once, keeping it
/// open: every search of one log's turn shares them. List after opening the log itself, so
/// that a file renamed away from the path in between is among the siblings.
final class RotatedSiblings {
    private static let compressedSuffixes = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".lzma", ".Z", ".zip"]

    /// The log path whose siblings these are.
    let logPath: String
    private lazy var paths = Self.siblingPaths(of: logPath)
    private var opened: [OpenLogFile?] = []

    init(logPath: String) {
        self.logPath = logPath
    }

    /// The sibling paths that exist, `PATH.1` first, then `PATH-*` newest name first.
    private static func siblingPaths(of logPath: String) -> [String] {
        let url = URL(fileURLWithPath: logPath)
        let directory = url.deletingLastPathComponent().path
        let base = url.lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let dashed = names.filter { name in
            name.hasPrefix(base + "-") && !Self.compressedSuffixes.contains { name.hasSuffix($0) }
        }
        var result: [String] = []
        if names.contains(base + ".1") {
            result.append(base + ".1")
        }
        result.append(contentsOf: dashed.sorted(by: >))
        return result.map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The sibling at `index` of ``paths``, opened on first use; nil when it vanished after the listing.
    private func file(at index: Int) throws(TailingError) -> OpenLogFile? {
        while opened.count <= index {
            opened.append(try OpenLogFile.openIfPresent(paths[opened.count]))
        }
        return opened[index]
    }

    /// The file the latest rotation moved aside: the first sibling, `PATH.1` or the newest `PATH-*`.
    func newest() throws(TailingError) -> OpenLogFile? {
        paths.isEmpty ? nil : try file(at: 0)
    }

    /// What the search for a checkpoint's file among the siblings found.
    enum Match {
        /// The file, by device and inode, with the size and modification time the checkpoint saw: nothing to read.
        case unchanged(inode: UInt64)
        /// The file, opened: by device and inode (rename rotation) or, for a checkpoint past
        /// offset 0, by its fingerprinted content under another inode (the copy copytruncate made).
        case found(OpenLogFile)
        /// No sibling holds it.
        case absent
    }

    /// Looks for the file `checkpoint` describes among the siblings; reads no file bytes when it is unchanged.
    func find(_ checkpoint: Checkpoint) throws(TailingError) -> Match {
        var others: [OpenLogFile] = []
        for index in paths.indices {
            guard let file = try file(at: index) else { continue }
            if checkpoint.describesSameInode(as: file.snapshot) {
                if checkpoint.isUnchanged(file.snapshot) {
                    return .unchanged(inode: file.snapshot.inode)
                }
                if try file.holdsContent(of: checkpoint) {
                    return .found(file)
                }
            } else if checkpoint.offset > 0 {
                others.append(file)
            }
        }
        for file in others where try file.holdsContent(of: checkpoint) {
            return .found(file)
        }
        return .absent
    }
}
