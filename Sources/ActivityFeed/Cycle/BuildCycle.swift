public import Foundation
public import Logging

/// Ingests what activity logs gained into a feed store and publishes the store: once, or following
/// the logs until asked to stop.
///
/// A cycle reads every log on from its checkpoint with a ``LogTailer``. With one log (and
/// ``archivesBeforeCommit``), the archive pages each batch completes are written from its entries
/// before it commits (``FeedPublisher/archiveBeforeCommit(of:after:to:now:)``), so entries that go
/// straight into archive pages are never stored, and a first run over a large log keeps the state
/// small without reading them back. Otherwise (several logs merge in time order, and their
/// entries get their ordinals only once no log can bring an older one), whenever the entries ingested
/// but not yet in archive pages reach ``publishBacklog``, it publishes in the middle of the ingest: the
/// archive pages written let the store drop those entries. When the ingest ends it publishes if the store changed since the last publish, or if
/// a file every publish writes (`feed.atom`, `index.html`, `page.css`, `page.js`) is missing from the
/// output folder. Each publish writes into ``outputDirectory`` with a ``FeedPublisher`` and then marks
/// the store published; nothing commits in between, so a cycle over logs with nothing new writes
/// nothing. While the output folder holds archive pages the store has no entries for yet, the ingest
/// does not publish (the store may be catching up from a backup); the publish that ends the cycle
/// then refuses with ``PublishError/archiveConflict(_:_:)`` if it still does not know them. The caller
/// must hold the state's ``StateLock``.
public struct BuildCycle: Sendable {
    /// Unarchived entries that make an ingest publish before it ends, unless told otherwise.
    public static let defaultPublishBacklog = 100_000
    /// The longest a following cycle waits on ``Wake/logChanges`` before it looks at its stop request again.
    static let stopCheckInterval: Duration = .milliseconds(200)

    /// Something a cycle did, told to the caller's observer as it happens, on the thread running the cycle.
    public enum Event: Sendable {
        /// The tailer finished a batch of a log file.
        case ingestProgress(IngestProgress)
        /// The store was published in the middle of the ingest, as `unarchivedEntries` reached ``publishBacklog``.
        case publishedDuringIngest(PublishReport, unarchivedEntries: Int64)
        /// Reading the logs ended; the publish that ends the cycle, if any, comes next.
        case ingestEnded
        /// The cycle ended.
        case cycleEnded(Report)
    }

    /// What one cycle did, and how long it took on the cycle's clock.
    public struct Report: Sendable {
        /// What the ingest read and committed; ``IngestSummary/interrupted`` when a stop request ended it early.
        public var ingest: IngestSummary
        /// How many times the store was published in the middle of the ingest.
        public var publishesDuringIngest: Int
        /// Archive pages written (or rewritten) from batches before they committed, with one log.
        public var pagesArchivedDuringIngest: Int
        /// The publish that ended the cycle; nil when the store had not changed since the last publish.
        public var published: PublishReport?
        /// The whole cycle.
        public var duration: Duration
        /// The part of ``duration`` spent publishing, in the middle of the ingest and at its end.
        public var publishingDuration: Duration
    }

    /// How a following cycle learns that a log may have changed.
    public enum Wake: Sendable {
        /// A ``LogChangeWatcher`` on the logs' directories: inotify where the system offers it,
        /// polling every ``LogChangeWatcher/pollInterval`` otherwise.
        case logChanges
        /// A cycle every `interval` on the cycle's clock, whether anything changed or not: for logs
        /// on a file system whose changes inotify does not see, such as a network share.
        case polling(every: Duration)
    }

    /// The logs, in the order each cycle reads them.
    public let logPaths: [String]
    /// The folder published into; created when missing.
    public let outputDirectory: URL
    /// What the publisher writes and how.
    public let publishOptions: PublishOptions
    /// Entries ingested but not yet in archive pages that make an ingest publish before it ends.
    ///
    /// A publish leaves from two to three times ``PublishOptions/entriesPerDocument`` entries
    /// unarchived (the newest written page is marked archived only once it links to the next), so
    /// a smaller threshold publishes after nearly every batch.
    public let publishBacklog: Int
    /// Whether, with one log, archive pages are written from each batch before it commits (the
    /// default); when false, every entry is stored and archived by publishing, as with several logs.
    public let archivesBeforeCommit: Bool
    private let tailer: LogTailer
    private let clock: any Clock<Duration>
    private let logger: Logger

    /// Creates a cycle that ingests `logPaths` with `tailer` and publishes its store into `outputDirectory`.
    ///
    /// - Parameter clock: times each cycle and paces ``Wake/polling(every:)``.
    public init(
        tailer: LogTailer,
        logPaths: [String],
        outputDirectory: URL,
        publishOptions: PublishOptions,
        publishBacklog: Int = BuildCycle.defaultPublishBacklog,
        archivesBeforeCommit: Bool = true,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger
    ) {
        self.archivesBeforeCommit = archivesBeforeCommit
        self.tailer = tailer
        self.logPaths = logPaths
        self.outputDirectory = outputDirectory
        self.publishOptions = publishOptions
        self.publishBacklog = publishBacklog
        self.clock = clock
        self.logger = logger
    }

    /// Runs one cycle: ingests, publishing as the backlog requires, then publishes if the store changed.
    ///
    /// - Parameters:
    ///   - stop: when requested, the ingest ends after its current batch; the cycle still publishes
    ///     what was committed, so the output matches the state.
    ///   - observer: told of each event as it happens; a slow observer slows the cycle.
    /// - Throws: ``PublishError`` when the output folder cannot be created (before anything is read);
    ///   what ``LogTailer/ingest(paths:progress:shouldStop:)`` and ``FeedPublisher/publish(from:to:now:)``
    ///   throw, and ``FeedStoreError``. What was committed and published before the error stays so;
    ///   a publish in the middle of the ingest that fails ends the ingest after its batch.
    @discardableResult
    public func runOnce(stop: StopRequest? = nil, observer: (Event) -> Void = { _ in }) throws -> Report {
        try withoutActuallyEscaping(observer) { observer in
            var ingest = IngestSummary()
            var publishesDuringIngest = 0
            var published: PublishReport?
            var publishing = Duration.zero
            var failure: (any Error)?
            try createOutputDirectory()
            let publisher = FeedPublisher(options: publishOptions, logger: logger)
            let store = tailer.store
            let directory = outputDirectory
            var pagesArchived = 0
            var archiver: ((UncommittedEntries) throws -> Int64?)?
            if archivesBeforeCommit {
                archiver = { entries in
                    var archived: (archivedThrough: Int64, changedPages: Int)?
                    publishing += try clock.measure {
                        archived = try publisher.archiveBeforeCommit(
                            of: entries, after: store, to: directory, now: Date())
                    }
                    pagesArchived += archived?.changedPages ?? 0
                    return archived?.archivedThrough
                }
            }
            let duration = try clock.measure {
                ingest = try tailer.ingest(
                    paths: logPaths,
                    leavingOutBefore: publishOptions.retentionCutoff(now: Date()),
                    archiver: archiver,
                    progress: { progress in
                        observer(.ingestProgress(progress))
                        do {
                            var event: Event?
                            publishing += try clock.measure { event = try publishIfBacklogReached() }
                            if let event {
                                publishesDuringIngest += 1
                                observer(event)
                            }
                        } catch {
                            failure = error
                        }
                    },
                    shouldStop: { failure != nil || stop?.isRequested == true }
                )
                observer(.ingestEnded)
                if let failure { throw failure }
                if try tailer.store.needsPublishing() || outputLacksFiles() {
                    publishing += try clock.measure { published = try publish() }
                }
            }
            let report = Report(
                ingest: ingest,
                publishesDuringIngest: publishesDuringIngest,
                pagesArchivedDuringIngest: pagesArchived,
                published: published,
                duration: duration,
                publishingDuration: publishing
            )
            observer(.cycleEnded(report))
            return report
        }
    }

    /// Runs a cycle, then another each time `wake` says a log may have changed, until `stop` is requested.
    ///
    /// The logs are watched from before the first cycle, so a change made while a cycle runs wakes the
    /// next one. A stop requested during a cycle ends its ingest after the current batch and the cycle
    /// publishes what was committed; a stop requested while waiting is seen within 200 ms with
    /// ``Wake/logChanges``, and when the clock next wakes the loop
    /// with ``Wake/polling(every:)``. Either way no cycle starts after the request, and the output
    /// matches the state when this returns. The calling thread is blocked while a cycle runs and, with
    /// ``Wake/logChanges``, while it waits.
    ///
    /// - Throws: what ``runOnce(stop:observer:)`` throws, which ends the loop; `CancellationError`
    ///   when the task is cancelled while it sleeps between polls.
    public func follow(until stop: StopRequest, wake: Wake = .logChanges, observer: (Event) -> Void = { _ in })
        async throws
    {
        switch wake {
        case .logChanges:
            let watcher = LogChangeWatcher(paths: logPaths)
            try await follow(
                until: stop, observer: observer, noticing: watcher.usesNotifications ? "inotify" : "polling"
            ) {
                watcher.waitForChange(timeout: Self.stopCheckInterval)
            }
        case .polling(let interval):
            try await follow(until: stop, observer: observer, noticing: "polling") {
                try await clock.sleep(for: interval)
                return true
            }
        }
    }

    /// The loop of ``follow(until:wake:observer:)``: `waitForChange` answers whether a log may have
    /// changed, `noticing` says how it knows, for the log.
    private func follow(
        until stop: StopRequest,
        observer: (Event) -> Void,
        noticing: String,
        waitForChange: () async throws -> Bool
    ) async throws {
        try runOnce(stop: stop, observer: observer)
        logger.info("following \(logPaths.count) log(s) (\(noticing))")
        while !stop.isRequested {
            if try await waitForChange(), !stop.isRequested {
                try runOnce(stop: stop, observer: observer)
            }
        }
        logger.info("stopped")
    }

    /// Publishes when the entries not yet in archive pages reach ``publishBacklog``; returns the
    /// ``Event/publishedDuringIngest(_:unarchivedEntries:)`` to tell, or nil when the backlog is smaller.
    private func publishIfBacklogReached() throws -> Event? {
        let backlog = try tailer.store.lastOrdinal() - tailer.store.archivedThrough()
        guard backlog >= publishBacklog else { return nil }
        let publisher = FeedPublisher(options: publishOptions, logger: logger)
        if let unknown = try publisher.unknownArchivePage(of: tailer.store, in: outputDirectory) {
            logger.info(
                "not publishing during the ingest: \(outputDirectory.path) holds \(unknown), beyond what the state has entries for yet"
            )
            return nil
        }
        return .publishedDuringIngest(try publish(), unarchivedEntries: backlog)
    }

    /// Whether a file every publish writes is missing from the output folder (someone deleted it or the
    /// whole folder): the cycle then publishes even with nothing new.
    private func outputLacksFiles() throws -> Bool {
        let missing = FeedPublisher.missingFiles(in: outputDirectory)
        guard !missing.isEmpty else { return false }
        if try tailer.store.lastOrdinal() > 0 {
            logger.warning(
                "\(outputDirectory.path) lacks \(missing.joined(separator: ", ")); publishing again from the feed state"
            )
        }
        return true
    }

    /// Creates the output folder (mode 0750) when it is missing.
    ///
    /// - Throws: ``PublishError`` saying which path is in the way or why the folder cannot be made.
    private func createOutputDirectory() throws {
        do throws(FolderError) {
            try Folders.create(atPath: outputDirectory.path, mode: mode_t(AtomicFileWriter.folderMode))
        } catch {
            let culprit = error.failingPath == error.folder ? "" : error.failingPath + (error.isFile ? " " : ": ")
            let problem =
                error.isFile && culprit.isEmpty ? error.reason : "cannot be created: \(culprit)\(error.reason)"
            let advice =
                error.isFile ? "; publish into a folder (it is created when missing), or move the file away" : ""
            throw PublishError.fileSystem(outputDirectory.path, problem + advice)
        }
    }

    /// Publishes the committed store and marks it published. Nothing commits in between, and the
    /// next batch with entries marks the store stale again, so the end of a cycle publishes only when
    /// a batch came after the last publish in the middle of the ingest.
    ///
    /// The folder was made when the cycle began; one deleted since is made again by the file writer.
    private func publish() throws -> PublishReport {
        let published = try FeedPublisher(options: publishOptions, logger: logger)
            .publish(from: tailer.store, to: outputDirectory, now: Date())
        try tailer.store.markPublished()
        return published
    }
}
