import ActivityFeed
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A one-line progress bar on stderr, shown only when stderr is a terminal and a file's backlog is large.
final class ProgressDisplay {
    /// The backlog, in bytes, from which progress is worth showing.
    static let threshold: UInt64 = 32 << 20

    private let enabled: Bool
    private var showing = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func update(_ progress: IngestProgress) {
        guard enabled, progress.size > progress.startOffset,
            progress.size - progress.startOffset >= Self.threshold
        else { return }
        let total = progress.size - progress.startOffset
        let done = min(total, progress.offset - min(progress.offset, progress.startOffset))
        let fraction = Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let name = TerminalText.escape(URL(fileURLWithPath: progress.path).lastPathComponent)
        let line = "\r\(name) [\(bar)] \(Int(fraction * 100))% \(done >> 20)/\(total >> 20) MiB"
        FileHandle.standardError.write(Data(line.utf8))
        showing = true
    }

    func finish() {
        guard showing else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        showing = false
    }
}
