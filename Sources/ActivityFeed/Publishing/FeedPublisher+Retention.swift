import Foundation
import SignalLog

/// The archive retention (``PublishOptions/archiveRetentionDays``): which pages are old, how the
/// oldest kept page becomes the end of the chain, and the removal of the others.
///
/// A run first makes the oldest page it keeps the end of the chain (its `prev-archive` link taken
/// out, durably), then records that page in the state, then removes the older pages once
/// `feed.atom` no longer links them; a run killed in between removes what is left the next time.
extension FeedPublisher {
    /// The first archive page to keep at `now`: from `firstKept` on, the first page of the
    /// `fullPages` whose newest entry (its `updated`) is not older than the retention, or
    /// `fullPages + 1` when they all are; `firstKept` without a retention.
    func firstPageInRetention(
        from firstKept: Int, of fullPages: Int, in directory: URL, now: Date
    ) -> Int {
        guard let cutoff = options.retentionCutoff(now: now) else { return firstKept }
        var page = firstKept
        while page <= fullPages, let updated = Self.updated(ofArchivePage: page, in: directory), updated < cutoff {
            page += 1
        }
        return page
    }

    /// Makes `page` the end of the chain: rewrites it without its `prev-archive` link (durably);
    /// returns whether the file changed.
    func endChain(at page: Int, with files: AtomicFileWriter, in directory: URL) throws -> Bool {
        let path = AtomDocument.path(of: .archive(page: page))
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(path).path),
            let link = data.firstRange(of: Data(#"<link rel="prev-archive""#.utf8)),
            let close = data.firstRange(of: Data("/>".utf8), in: link.upperBound..<data.endIndex)
        else { return false }
        var ended = data
        ended.removeSubrange(link.lowerBound..<close.upperBound)
        return try files.replaceIfChanged(path, with: ended)
    }

    /// Removes the archive pages below `firstKept` that are still in `directory`, newest first,
    /// stopping at the first one missing; returns how many it removed.
    @discardableResult
    func removeArchivePages(below firstKept: Int, in directory: URL) throws -> Int {
        var page = firstKept - 1
        var removed = 0
        while page >= 1 {
            let path = directory.appendingPathComponent(AtomDocument.path(of: .archive(page: page))).path
            guard unlink(path) == 0 else {
                if errno == ENOENT { break }
                throw PublishError.fileSystem(path, "cannot be removed: \(String(cString: strerror(errno)))")
            }
            removed += 1
            page -= 1
        }
        return removed
    }

    /// The `updated` time of an archive page this publisher wrote (its first `<updated>`: the
    /// feed's, its newest entry's time), or nil when the page is missing or holds none.
    static func updated(ofArchivePage page: Int, in directory: URL) -> RecordTimestamp? {
        let path = directory.appendingPathComponent(AtomDocument.path(of: .archive(page: page))).path
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // The feed's own elements come before its entries, within the first few kilobytes.
        guard let head = try? handle.read(upToCount: 8192),
            let open = head.firstRange(of: Data("<updated>".utf8)),
            let close = head.firstRange(of: Data("</updated>".utf8), in: open.upperBound..<head.endIndex)
        else { return nil }
        return RecordTimestamp(rfc3339: String(decoding: head[open.upperBound..<close.lowerBound], as: UTF8.self))
    }
}
