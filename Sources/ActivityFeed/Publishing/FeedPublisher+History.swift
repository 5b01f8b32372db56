import Foundation
import SignalLog

/// Archive pages never change their entries: the checks that refuse a publish that would rewrite
/// them, and what a cycle asks before it publishes.
extension FeedPublisher {
    /// The files every publish writes, relative to the output folder (archive pages aside).
    static var alwaysPublishedFiles: [String] {
        [subscriptionPath, JSONFeedWriter.path, pagePath] + AdminPageRenderer.assets.map(\.path)
    }

    /// Which of the files every publish writes (`feed.atom`, `feed.json`, `index.html`, `page.css`, `page.js`)
    /// are missing from `directory`, say because someone deleted the output folder.
    public static func missingFiles(in directory: URL) -> [String] {
        alwaysPublishedFiles.filter {
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
        }
    }

    /// The full archive pages the store's `lastOrdinal` entries make: the newest full page stays in
    /// the subscription document until a full page of newer entries exists.
    static func fullPages(lastOrdinal: Int64, pageSize: Int64) -> Int {
        max(0, Int(lastOrdinal / pageSize) - 1)
    }

    /// An archive page in `directory` beyond the pages `feed` has entries for (a page a state that
    /// knew more published), or nil. Pages are numbered without gaps, so only the next one is looked at.
    func unknownArchivePage(of feed: some FeedReading, in directory: URL) throws -> String? {
        let pages = Self.fullPages(lastOrdinal: try feed.lastOrdinal(), pageSize: Int64(options.entriesPerDocument))
        return Self.unknownArchivePage(in: directory, fullPages: pages)
    }

    static func unknownArchivePage(in directory: URL, fullPages: Int) -> String? {
        let path = AtomDocument.path(of: .archive(page: fullPages + 1))
        return FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path) ? path : nil
    }

    /// Checks, before anything is written, that each page of `pages` already in `directory` holds the
    /// entries the store gives it, in the same order; a page may still gain `next-archive` or change
    /// links, never entries.
    ///
    /// - Throws: ``PublishError/archiveConflict(_:_:)`` for the first page whose entries differ.
    func checkExistingArchivePages(
        _ pages: ClosedRange<Int>,
        of fullPages: Int,
        firstPage: Int,
        from feed: some ArchivePageSource,
        with writer: AtomFeedWriter,
        in directory: URL,
        latest: RecordTimestamp
    ) throws {
        for page in pages {
            let path = AtomDocument.path(of: .archive(page: page))
            guard let existing = FileManager.default.contents(atPath: directory.appendingPathComponent(path).path)
            else { continue }
            let document = try Self.archiveDocument(
                page: page, of: fullPages, firstPage: firstPage, pageSize: options.entriesPerDocument, from: feed,
                latest: latest)
            let rendered = try writer.data(for: document)
            if rendered != existing, Self.entryIDs(in: rendered) != Self.entryIDs(in: existing) {
                throw Self.archiveConflict(
                    in: directory, "\(path) holds other entries than the feed state puts on that page")
            }
        }
    }

    /// The text of each entry's `<id>` in an Atom document this publisher wrote, in document order.
    static func entryIDs(in data: Data) -> [Data] {
        let entry = Data("<entry>".utf8)
        let open = Data("<id>".utf8)
        let close = Data("</id>".utf8)
        var ids: [Data] = []
        var position = data.startIndex
        while let start = data.range(of: entry, in: position..<data.endIndex),
            let idStart = data.range(of: open, in: start.upperBound..<data.endIndex),
            let idEnd = data.range(of: close, in: idStart.upperBound..<data.endIndex)
        {
            ids.append(data[idStart.upperBound..<idEnd.lowerBound])
            position = idEnd.upperBound
        }
        return ids
    }

    /// The refusal to rewrite history in `directory`: what was found, why it happens, and the two ways out.
    static func archiveConflict(in directory: URL, _ finding: String) -> PublishError {
        let folder = directory.path
        return .archiveConflict(
            folder,
            "\(finding): the feed state is not the one that published this folder (it was deleted, replaced, "
                + "or restored from a backup older than what the logs still hold). Archive pages never change, "
                + "so nothing was published; restore the feed state that published \(folder) from its backup, "
                + "or move \(folder) aside to start a new feed there"
        )
    }
}
