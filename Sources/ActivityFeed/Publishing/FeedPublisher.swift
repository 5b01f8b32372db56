public import Foundation
public import Logging
import SignalLog

/// Publishes the feed store as `feed.atom` (and the same entries as JSON Feed 1.1 in `feed.json`),
/// `archive/<n>.atom`, `index.html` and the page's
/// stylesheet and script (`page.css`, `page.js`).
///
/// Archives follow RFC 5005 §4 with fixed pages cut by ordinal: page `n` holds ordinals
/// `(n−1)·S+1 … n·S` (`S` = ``PublishOptions/entriesPerDocument``) and is written
/// once a full page of newer entries follows it. The subscription document holds the entries
/// after the last archived page — once there are `S` or more, between `S` and `2S−1` of them,
/// so a feed reader that ignores archives still sees at least the newest `S` — and links to
/// the newest page with `prev-archive`, so a reader walking `prev-archive` sees every record
/// exactly once.
///
/// A page gains `next-archive` once, when the page after it appears; it never changes
/// otherwise. To rewrite it then, its entries must still be in the store, so the publisher
/// marks a page archived (``FeedReading/markArchived(through:)``) only once it is final —
/// that is, once it links to its successor: the store holds at most one written page
/// beyond ``FeedReading/archivedThrough()``, besides the window. Worker threads fetch and
/// render a few pages ahead (``pagesInFlight``) while the calling thread writes them in order,
/// so memory is bounded by `S`, not by the size of the log. Archive
/// pages are renamed into place without an fsync each; one `syncfs` every 100 pages (and
/// after the last) makes them durable before they are marked archived, so a crash in
/// between only means those pages are compared and rewritten on the next run.
///
/// Every file is replaced atomically and only when its bytes change; `index.html` embeds
/// its generation time but is left alone when nothing but that time would change.
///
/// An archive page, once published, keeps its entries forever. A publish that finds in the folder
/// an archive page the store has no entries for, or one the store would fill with other entries
/// (the state was lost or replaced since it published the folder), writes nothing and throws
/// ``PublishError/archiveConflict(_:_:)``. The documents' `updated` is never later than the
/// publish's `now`, whatever clocks stamped the records.
public struct FeedPublisher: Sendable {
    /// The page and feed file names, relative to the output folder.
    static let subscriptionPath = AtomDocument.path(of: .subscription)
    static let pagePath = "index.html"
    /// How many archive pages share one file-system sync (and one
    /// ``FeedReading/markArchived(through:)``) on a run that writes many.
    static let pagesPerFolderSync = 100
    /// How many archive pages a run must write before they render on worker threads.
    static let pagesToRenderInParallel = 4
    /// How many worker threads fetch and render archive pages: one per core (no more than pages
    /// in flight), as the calling thread spends much of its time in the kernel writing files.
    static let renderThreads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, pagesInFlight))
    /// How many archive pages may be fetching, rendering or rendered but not yet written.
    static let pagesInFlight = 8

    let options: PublishOptions
    private let logger: Logger

    /// Creates a publisher; options are checked when publishing.
    public init(options: PublishOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Checks the options and loads the page template, as ``publish(from:to:now:)`` does first;
    /// lets a caller refuse bad options before it does any other work.
    ///
    /// - Throws: ``PublishError`` for an invalid option or a template that cannot be read or parsed.
    public func validate() throws {
        _ = try AdminPageRenderer(options: options, base: options.validatedBase())
    }

    /// Writes `feed.atom`, `archive/<n>.atom` (new full pages, and the previous newest page
    /// once it gains `next-archive`), `page.css`, `page.js` and `index.html` into `directory`;
    /// returns which files changed.
    ///
    /// - Throws: ``PublishError`` for an invalid option, a store that no longer holds a
    ///   page's entries, a template that does not parse, a file that cannot be written, or
    ///   archive pages in `directory` the store does not know (then before writing anything);
    ///   errors from `feed` as they are. Files already replaced stay valid.
    public func publish(from feed: some FeedReading, to directory: URL, now: Date) throws -> PublishReport {
        let base = try options.validatedBase()
        let renderer = try AdminPageRenderer(options: options, base: base)
        let writer = AtomFeedWriter(options: options, base: base)
        let files = AtomicFileWriter(root: directory)
        let pageSize = Int64(options.entriesPerDocument)
        var changed: [String] = []
        var unchanged: [String] = []
        func record(_ path: String, _ didChange: Bool) {
            if didChange { changed.append(path) } else { unchanged.append(path) }
        }

        let last = try feed.lastOrdinal()
        let latest = RecordTimestamp(now)
        // The newest full page stays in the subscription document until a full page of newer
        // entries exists, so feed.atom always holds at least the newest S entries (S to 2S−1).
        let (fullPages, firstKept, finalPages) = try archivePages(of: feed, last: last)
        if let unknown = Self.unknownArchivePage(in: directory, fullPages: fullPages) {
            throw Self.archiveConflict(
                in: directory, "\(unknown) lies beyond the \(fullPages) archive page(s) the feed state has entries for")
        }
        if finalPages < fullPages {
            try checkExistingArchivePages(
                (finalPages + 1)...fullPages, of: fullPages, firstPage: firstKept, from: feed, with: writer,
                in: directory, latest: latest)
        }
        let interruptedRemovals = try removeArchivePages(below: firstKept, in: directory)
        if interruptedRemovals > 0 {
            logger.notice(
                "removed archive pages outside the retention that an interrupted run left",
                metadata: ["count": "\(interruptedRemovals)"])
        }

        let leftovers =
            files.removeLeftovers(besides: Self.subscriptionPath)
            + files.removeLeftovers(besides: AtomDocument.path(of: .archive(page: 1)))
        if leftovers > 0 {
            logger.notice("removed temporary files an interrupted run left", metadata: ["count": "\(leftovers)"])
        }
        if finalPages >= max(1, firstKept) {
            let newestFinal = AtomDocument.path(of: .archive(page: finalPages))
            if !FileManager.default.fileExists(atPath: directory.appendingPathComponent(newestFinal).path) {
                logger.warning(
                    """
                    \(directory.path) lacks the archive page \(newestFinal), which the store no longer holds the \
                    entries of; restore it from a backup of the folder
                    """
                )
            }
        }

        if finalPages < fullPages {
            try writeArchivePages(
                (finalPages + 1)...fullPages, of: fullPages, firstPage: firstKept, from: feed, with: writer,
                to: files, latest: latest, record: record)
        }
        // The retention: the oldest page kept ends the chain before the state says so, and the pages
        // before it are removed once feed.atom no longer links them, at the end.
        let firstInRetention = firstPageInRetention(from: firstKept, of: fullPages, in: directory, now: now)
        if firstInRetention > firstKept {
            let chainEnd = AtomDocument.path(of: .archive(page: firstInRetention))
            if firstInRetention <= fullPages, try endChain(at: firstInRetention, with: files, in: directory),
                !changed.contains(chainEnd)
            {
                unchanged.removeAll { $0 == chainEnd }
                record(chainEnd, true)
            }
            try feed.markFirstArchivePage(firstInRetention)
            try feed.markArchived(through: Int64(firstInRetention - 1) * pageSize)
        }

        let firstCurrent = Int64(fullPages) * pageSize + 1
        let current = last >= firstCurrent ? try feed.entries(ordinals: firstCurrent...last) : []
        // A record stamped by a clock running ahead stays in the feed, but never makes the feed updated later than now.
        let newestTime = min(
            try current.map(\.record.timestamp).max()
                ?? feed.newestEntries(limit: 1).first?.record.timestamp
                ?? RecordTimestamp(millisecondsSinceEpoch: 0),
            latest
        )
        let subscription = AtomDocument(
            role: .subscription,
            entries: current.reversed(),
            previousArchivePage: fullPages >= max(1, firstInRetention) ? fullPages : nil,
            nextArchivePage: nil,
            updated: newestTime
        )
        let feedChanged = try files.replaceIfChanged(Self.subscriptionPath, with: try writer.data(for: subscription))
        record(Self.subscriptionPath, feedChanged)
        let jsonFeed = try JSONFeedWriter(options: options, base: base).data(for: current.reversed())
        record(JSONFeedWriter.path, try files.replaceIfChanged(JSONFeedWriter.path, with: jsonFeed))

        // The stylesheet and script the page links, written first so that a new page never links
        // a stylesheet without its filter rules.
        let snapshot = try AdminPageSnapshot(feed: feed, options: options)
        for asset in try renderer.renderAssets(snapshot, now: now) {
            record(asset.path, try files.replaceIfChanged(asset.path, with: asset.data))
        }
        // With no other file changed, the page is kept if rendering it as of its own generation
        // time gives its bytes again (relative times such as "3 hours ago" depend on that time);
        // only otherwise is it rendered as of now.
        let pageFile = directory.appendingPathComponent(Self.pagePath).path
        let existingPage = changed.isEmpty ? FileManager.default.contents(atPath: pageFile) : nil
        if let existingPage, let previous = Self.generationTime(in: existingPage),
            try renderer.render(snapshot, now: previous) == existingPage
        {
            record(Self.pagePath, false)
        } else {
            let page = try renderer.render(snapshot, now: now)
            record(Self.pagePath, try files.replaceIfChanged(Self.pagePath, with: page))
        }

        if firstInRetention > firstKept {
            let removed = try removeArchivePages(below: firstInRetention, in: directory)
            logger.info("removed archive pages outside the retention", metadata: ["count": "\(removed)"])
        }

        logger.info(
            "published",
            metadata: [
                "changed": "\(changed.count)", "unchanged": "\(unchanged.count)",
                "archivePages": "\(fullPages)", "feedEntries": "\(current.count)",
            ]
        )
        return PublishReport(
            changedFiles: changed,
            unchangedFiles: unchanged,
            archivePages: fullPages,
            subscriptionEntries: current.count
        )
    }

    /// Writes the archive pages that a batch's entries make final, before the batch commits: those
    /// from the first not yet archived up to the one before the newest full page, as a publish of
    /// the store with the batch committed would write them (the newest full page stays out of them,
    /// in the subscription document, until a full page of newer entries follows). Returns the ordinal
    /// they hold durably, for the batch to commit with (``LogTailer/ingest(paths:leavingOutBefore:archiver:progress:shouldStop:)``),
    /// and how many pages changed, or nil when the batch completes no page.
    ///
    /// Pages already in `directory` are first checked to hold the entries the batch puts on them, as
    /// a publish does, so a run killed after writing them and before committing writes the same pages
    /// again on the next run. The rest of a publish (`feed.atom`, the page, a retention) is left to
    /// ``publish(from:to:now:)`` at the end of the cycle.
    ///
    /// - Throws: ``PublishError`` for an invalid option, a page in the folder with other entries,
    ///   or a file that cannot be written; errors from `store` as they are.
    public func archiveBeforeCommit(
        of batch: UncommittedEntries, after store: some FeedReading, to directory: URL, now: Date
    ) throws -> (archivedThrough: Int64, changedPages: Int)? {
        let feed = try StoreWithBatch(base: store, batch: batch)
        let (fullPages, firstKept, finalPages) = try archivePages(of: store, last: feed.lastOrdinal)
        guard fullPages - 1 > finalPages else { return nil }
        let pages = (finalPages + 1)...(fullPages - 1)
        let writer = AtomFeedWriter(options: options, base: try options.validatedBase())
        let latest = RecordTimestamp(now)
        try checkExistingArchivePages(
            pages, of: fullPages, firstPage: firstKept, from: feed, with: writer, in: directory, latest: latest)
        var written = 0
        try writeArchivePages(
            pages, of: fullPages, firstPage: firstKept, from: feed, with: writer, to: AtomicFileWriter(root: directory),
            latest: latest, record: { _, changed in written += changed ? 1 : 0 })
        logger.debug(
            "archived before the commit", metadata: ["pages": "\(pages)", "changed": "\(written)"])
        return feed.markedThrough.map { ($0, written) }
    }

    /// The archive pages of `feed`, whose last ordinal is `last`: how many are full, the oldest kept
    /// (pages before it were removed by a retention, or are about to be), and how many are final
    /// (marked archived, or removed), which no publish rewrites.
    private func archivePages(of feed: some FeedReading, last: Int64) throws -> (
        full: Int, firstKept: Int, final: Int
    ) {
        let pageSize = Int64(options.entriesPerDocument)
        let firstKept = try feed.firstArchivePage()
        let final = max(Int(min(try feed.archivedThrough(), last) / pageSize), firstKept - 1)
        return (Self.fullPages(lastOrdinal: last, pageSize: pageSize), firstKept, final)
    }

    /// Fetches, renders and writes the archive pages `pages` (the newest full page being `fullPages`)
    /// in page order, reporting each file to `record`; syncs the file system and then marks pages
    /// archived every ``pagesPerFolderSync`` pages and after the last of `pages`.
    ///
    /// On a long run, worker threads fetch and render the next pages while the calling thread
    /// writes finished ones in page order, and each sync with its ``FeedReading/markArchived(through:)``
    /// runs on a thread of its own while later pages are written; a sync covers every page
    /// written before it, and the last has finished when this returns. A page that cannot be
    /// fetched or rendered fails the run when its turn to be written comes, so every page before
    /// it is written first.
    private func writeArchivePages(
        _ pages: ClosedRange<Int>,
        of fullPages: Int,
        firstPage: Int,
        from feed: some ArchivePageSource,
        with writer: AtomFeedWriter,
        to files: AtomicFileWriter,
        latest: RecordTimestamp,
        record: (String, Bool) -> Void
    ) throws {
        let pageSize = options.entriesPerDocument
        let isLong = pages.count >= Self.pagesToRenderInParallel
        let renderer = OrderedWorkQueue<Data>(workers: isLong ? Self.renderThreads : 0)
        let durability = OrderedWorkQueue<Void>(workers: isLong ? 1 : 0)
        var nextToWrite = pages.lowerBound
        // Pages before `pages` are final and marked archived already.
        var markedThrough = pages.lowerBound - 1
        func writeNext() throws {
            let page = nextToWrite
            nextToWrite += 1
            let path = AtomDocument.path(of: .archive(page: page))
            let didChange = try files.replaceIfChanged(path, with: try renderer.next(), durability: .deferred)
            record(path, didChange)
            logger.debug("archive page", metadata: ["page": "\(page)", "changed": "\(didChange)"])
            if page == pages.upperBound || page % Self.pagesPerFolderSync == 0 {
                // The sync makes every page written so far durable, the newest final one among them.
                let newestFinal = min(page, fullPages - 1)
                let through = newestFinal > markedThrough ? Int64(newestFinal) * Int64(pageSize) : nil
                markedThrough = newestFinal
                // One sync in flight at most: the one before must have succeeded first.
                while durability.count > 0 { try durability.next() }
                durability.submit {
                    try files.syncFileSystem(of: path)
                    if let through { try feed.markArchived(through: through) }
                }
            }
        }

        for page in pages {
            renderer.submit {
                let document = try Self.archiveDocument(
                    page: page, of: fullPages, firstPage: firstPage, pageSize: pageSize, from: feed, latest: latest)
                return try writer.data(for: document)
            }
            if renderer.count >= Self.pagesInFlight { try writeNext() }
        }
        while renderer.count > 0 { try writeNext() }
        while durability.count > 0 { try durability.next() }
    }

    /// Archive page `page` with its entries from `feed`, the newest full page being `fullPages` and
    /// the oldest kept `firstPage` (which has no `prev-archive`); its `updated` is its newest entry's
    /// time, but never later than `latest`.
    ///
    /// - Throws: ``PublishError`` when the store no longer holds every entry of the page.
    static func archiveDocument(
        page: Int,
        of fullPages: Int,
        firstPage: Int,
        pageSize: Int,
        from feed: some ArchivePageSource,
        latest: RecordTimestamp
    ) throws -> AtomDocument {
        let first = Int64(page - 1) * Int64(pageSize) + 1
        var entries = try feed.entries(ordinals: first...(Int64(page) * Int64(pageSize)))
        let role = AtomDocument.Role.archive(page: page)
        guard entries.count == pageSize, entries.first?.ordinal == first else {
            throw PublishError.storeIncomplete(
                AtomDocument.path(of: role),
                "the store holds \(entries.count) of the \(pageSize) entries from ordinal \(first) on"
            )
        }
        let updated = min(
            entries.lazy.map(\.record.timestamp).max() ?? RecordTimestamp(millisecondsSinceEpoch: 0), latest)
        entries.reverse()
        return AtomDocument(
            role: role,
            entries: entries,
            previousArchivePage: page > max(1, firstPage) ? page - 1 : nil,
            nextArchivePage: page < fullPages ? page + 1 : nil,
            updated: updated
        )
    }

    /// The generation time a page records in its `activity-feed-generated` meta element, if any.
    private static func generationTime(in data: Data) -> Date? {
        let marker = Array(AdminPageRenderer.generationMarker.utf8)
        guard let start = data.firstRange(of: marker)?.upperBound, data.count >= start + 24 else { return nil }
        return RecordTimestamp(rfc3339: String(decoding: data[start..<(start + 24)], as: UTF8.self))?.date
    }
}
