import Foundation

/// The files rotation may have moved a log to: `PATH.1` and `PATH-*` in the same
/// directory, uncompressed ones only.
struct RotatedSiblings {
    private static let compressedSuffixes = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".lzma", ".Z", ".zip"]

    /// The log path whose siblings these are.
    let logPath: String

    /// The sibling paths that exist, `PATH.1` first, then `PATH-*` newest name first.
    func paths() -> [String] {
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
        for path in paths() {
            guard let file = try OpenLogFile.openIfPresent(path) else { continue }
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
