public import Logging
import SignalLog

/// Reads what was appended to activity logs since the last run and commits it to a ``FeedStore``, exactly once.
///
/// For each `--log` path the tailer follows its ``Checkpoint``s: it reads on from the offset
/// when the path holds the same file; finishes the old file first when rotation renamed it
/// to a sibling (`PATH.1`, `PATH-*`), then reads the new one from 0; reads from 0 with a
/// warning when the file was truncated or replaced in place (after finishing the copy
/// copytruncate left, when it finds one). Lines are committed in batches, each in one
/// transaction with its checkpoint, dedupe marks, counters and rejects, so a kill at any
/// instant loses and repeats nothing. A file whose size and modification time match its
/// checkpoint is not read at all. The caller must hold the state's ``StateLock``.
public struct LogTailer: Sendable {
    /// Limits on batches and lines.
    public struct Options: Sendable, Hashable {
        /// Lines per batch (one transaction).
        public var batchLines: Int
        /// Bytes of new records held in memory per batch, at most (about).
        public var batchBytes: Int
        /// The longest line accepted, without its `\n`; longer lines are rejected.
        public var maxLineLength: Int

        /// Creates options; the defaults keep memory small and transactions few.
        public init(batchLines: Int = 20_000, batchBytes: Int = 8 << 20, maxLineLength: Int = 1 << 20) {
            self.batchLines = max(1, batchLines)
            self.batchBytes = max(1, batchBytes)
            self.maxLineLength = max(1, maxLineLength)
        }
    }

    /// The store the tailer commits to.
    public let store: FeedStore
    /// The limits in force.
    public let options: Options
    private let logger: Logger

    /// Creates a tailer over `store`.
    public init(store: FeedStore, options: Options = Options(), logger: Logger) {
        self.store = store
        self.options = options
        self.logger = logger
    }

    /// Reads every log in `paths` on from its checkpoint and commits what it finds.
    ///
    /// - Parameters:
    ///   - progress: called after each committed batch.
    ///   - shouldStop: asked after each committed batch; when it answers true the run ends
    ///     there, everything committed so far kept, and ``IngestSummary/interrupted`` is set.
    /// - Throws: ``TailingError`` when a log that was never read does not exist or a file
    ///   cannot be read; ``FeedStoreError`` when the state cannot be written. What was
    ///   committed before the error stays committed.
    public func ingest(
        paths: [String],
        progress: ((IngestProgress) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) throws -> IngestSummary {
        var session = TailSession(
            store: store,
            options: options,
            logger: logger,
            sources: try store.sourceProgress(),
            checkpoints: try store.checkpoints(),
            progress: progress,
            shouldStop: shouldStop
        )
        do {
            for path in paths {
                try session.tail(path)
            }
        } catch is TailSession.Stop {
            session.summary.interrupted = true
        }
        return session.summary
    }
}

/// One run of the tailer: the dedupe state in memory and the figures so far.
private struct TailSession {
    /// Thrown after a committed batch when the caller asked to stop.
    struct Stop: Error {}

    let store: FeedStore
    let options: LogTailer.Options
    let logger: Logger
    var sources: [String: SourceProgress]
    var checkpoints: [String: [Checkpoint.Role: Checkpoint]]
    let progress: ((IngestProgress) -> Void)?
    let shouldStop: (() -> Bool)?
    var summary = IngestSummary()

    init(
        store: FeedStore,
        options: LogTailer.Options,
        logger: Logger,
        sources: [String: SourceProgress],
        checkpoints: [Checkpoint],
        progress: ((IngestProgress) -> Void)?,
        shouldStop: (() -> Bool)?
    ) {
        self.store = store
        self.options = options
        self.logger = logger
        self.sources = sources
        self.checkpoints = Dictionary(grouping: checkpoints, by: \.path).mapValues { list in
            Dictionary(list.map { ($0.role, $0) }, uniquingKeysWith: { first, _ in first })
        }
        self.progress = progress
        self.shouldStop = shouldStop
    }

    mutating func tail(_ path: String) throws {
        // Opened before the siblings are listed, so a rotation in between leaves the old file among them.
        let opened = try OpenLogFile.openIfPresent(path)
        let siblings = RotatedSiblings(logPath: path)
        let retiredInode = try finishRetired(of: path, siblings: siblings)
        let current = checkpoints[path]?[.current]
        guard let file = opened else {
            guard let current else { throw TailingError.missingFile(path) }
            switch try siblings.find(current) {
            case .unchanged:
                break
            case .found(let old):
                consume(old)
                try drain(old, for: path, role: .current, from: current.offset)
            case .absent:
                warn("\(path) is missing and its last file was not found among its rotated siblings")
            }
            return
        }
        guard let current else {
            // A first run reads the file the latest rotation moved aside before the current one, so
            // the records written just before the tailer was installed are not skipped and each
            // source's `seq` stays ascending.
            if retiredInode == nil, let rotated = try siblings.newest(), !rotated.snapshot.isSameFile(as: file.snapshot)
            {
                logger.info("first run for \(path): reading its rotated file \(rotated.path) first")
                consume(rotated)
                try drain(rotated, for: path, role: .retired, from: 0)
            }
            try drain(file, for: path, role: .current, from: 0)
            return
        }
        if current.describesSameInode(as: file.snapshot) {
            if current.isUnchanged(file.snapshot) {
                return
            }
            if try file.holdsContent(of: current) {
                consume(file)
                try drain(file, for: path, role: .current, from: current.offset)
                return
            }
            consume(file)
            let what = file.snapshot.size < current.offset ? "was truncated" : "was replaced in place"
            if current.offset > 0, case .found(let copy) = try siblings.find(current),
                copy.snapshot.inode != retiredInode
            {
                warn(
                    "\(path) \(what); finishing its copy \(copy.path) from byte \(current.offset), "
                        + "then reading \(path) from the start"
                )
                consume(copy)
                try drain(copy, for: path, role: .retired, from: current.offset)
            } else {
                warn("\(path) \(what) (checkpoint at byte \(current.offset)); reading it again from the start")
            }
            try drain(file, for: path, role: .current, from: 0)
            return
        }
        var carried: [Checkpoint] = []
        switch try siblings.find(current) {
        case .unchanged:
            var retired = current
            retired.role = .retired
            carried.append(retired)
        case .found(let old) where old.snapshot.inode != retiredInode:
            consume(old)
            var retired = try drain(old, for: path, role: .current, from: current.offset)
            retired.role = .retired
            carried.append(retired)
        case .found, .absent:
            warn(
                "\(path) holds a new file and the previous one was not found among its rotated siblings; "
                    + "reading the new file from the start"
            )
        }
        try drain(file, for: path, role: .current, from: 0, carrying: carried)
    }

    /// Reads late lines appended to the file the last rotation retired; returns its inode when it still exists.
    private mutating func finishRetired(of path: String, siblings: RotatedSiblings) throws -> UInt64? {
        guard let retired = checkpoints[path]?[.retired] else { return nil }
        switch try siblings.find(retired) {
        case .unchanged(let inode):
            return inode
        case .found(let file):
            consume(file)
            try drain(file, for: path, role: .retired, from: retired.offset)
            return file.snapshot.inode
        case .absent:
            var batch = IngestBatch()
            batch.droppedCheckpoints = [(path, .retired)]
            try commit(batch)
            checkpoints[path]?[.retired] = nil
            return nil
        }
    }

    private mutating func consume(_ file: OpenLogFile) {
        summary.logBytesRead += file.takeBytesRead()
    }

    /// Reads `file` from `start` to its last complete line in batches, committing each with the
    /// checkpoint of `role` for `logPath` (and `carrying`, with the first batch); returns the last checkpoint.
    @discardableResult
    private mutating func drain(
        _ file: OpenLogFile,
        for logPath: String,
        role: Checkpoint.Role,
        from start: UInt64,
        carrying carried: [Checkpoint] = []
    ) throws -> Checkpoint {
        var offset = start
        var carried = carried
        while true {
            var batch = IngestBatch()
            batch.checkpoints = carried
            var changedSources: Set<String> = []
            var stoppedEarly = false
            try file.refresh()
            let before = file.snapshot
            let reader = LogReader(path: file.readerPath, maxLineLength: options.maxLineLength)
            let outcome: LogReader.Outcome
            do {
                outcome = try reader.read(from: offset) { event, line in
                    switch event {
                    case .record(let record, _, _):
                        let admission = sources[record.source, default: SourceProgress(source: record.source)]
                            .admit(record.seq)
                        changedSources.insert(record.source)
                        switch admission {
                        case .duplicate:
                            summary.duplicates += 1
                        case .afterGap(let missing):
                            noteGap(source: record.source, missing: missing, at: file.path)
                            batch.add(record, line: line)
                        case .next, .fillsGap:
                            batch.add(record, line: line)
                        }
                    case .rejected(let line):
                        batch.rejects.append(
                            RecordedReject(
                                path: file.path,
                                offset: line.offset,
                                length: line.length,
                                kind: line.reason.kind.rawValue,
                                detail: line.reason.detail,
                                prefix: line.prefix
                            )
                        )
                    }
                    batch.lineCount += 1
                    stoppedEarly = batch.lineCount >= options.batchLines || batch.heldBytes >= options.batchBytes
                    return !stoppedEarly
                }
            } catch let error as TailingError {
                throw error
            } catch {
                throw TailingError.cannotRead(file.path, offset: offset, underlying: error)
            }
            summary.logBytesRead += outcome.bytesConsumed + UInt64(outcome.trailingPartialBytes)
            offset = outcome.nextOffset
            for name in changedSources {
                batch.sources[name] = sources[name]
            }
            var observed = before
            if stoppedEarly {
                observed.size = offset
            }
            let checkpoint = try file.checkpoint(for: logPath, role: role, offset: offset, observed: observed)
            consume(file)
            if batch.lineCount > 0 || !carried.isEmpty || checkpoint != checkpoints[logPath]?[role] {
                batch.checkpoints.append(checkpoint)
                try commit(batch)
            }
            summary.newEntries += Int64(batch.lines.count)
            summary.rejectCount += Int64(batch.rejects.count)
            summary.firstRejects.append(
                contentsOf: batch.rejects.prefix(max(0, IngestSummary.keptRejects - summary.firstRejects.count))
            )
            checkpoints[logPath, default: [:]][role] = checkpoint
            for carriedCheckpoint in carried {
                checkpoints[logPath, default: [:]][carriedCheckpoint.role] = carriedCheckpoint
            }
            carried = []
            progress?(
                IngestProgress(path: file.path, startOffset: start, offset: offset, size: file.snapshot.size)
            )
            if shouldStop?() == true {
                throw Stop()
            }
            if !stoppedEarly {
                return checkpoint
            }
        }
    }

    private mutating func commit(_ batch: IngestBatch) throws {
        try store.commit(batch)
        summary.commits += 1
    }

    private mutating func noteGap(source: String, missing: ClosedRange<Int64>, at path: String) {
        summary.gaps.append(IngestSummary.Gap(source: source, missing: missing))
        let count = missing.upperBound - missing.lowerBound + 1
        logger.warning(
            "source \(source): \(count) record(s) missing, seq \(missing.lowerBound)…\(missing.upperBound) (seen in \(path))"
        )
    }

    private mutating func warn(_ message: String) {
        summary.warnings.append(message)
        logger.warning("\(message)")
    }
}
