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
    /// With one log, entries get their ordinals in the order of the log. With several (the
    /// multi-instance deployment), the logs are read a batch at a time, the log that has read the
    /// oldest timestamp so far going next, and their records wait in the state (committed with
    /// their checkpoints) until no log can still bring an older one: they then get their ordinals
    /// in `(ts, source, seq)` order, so archive pages read in time order within one run. A record
    /// older than those a log already gave (a clock that went back), or a log that comes late with
    /// old timestamps, gets its ordinal when it is read, after the entries published before it:
    /// it lands in the subscription document like any new entry, so a reader polling only
    /// `feed.atom` still sees it. Waiting records are always given their ordinals before the run ends.
    ///
    /// With a `cutoff`, records stamped before it are left out: neither entries nor counted as
    /// ingested, duplicates or gaps (``IngestSummary/outsideRetention`` counts them). The lines at
    /// the start of a file that begin as the log writer writes records are passed over by their
    /// timestamp alone (``LogReader/skipsLinesStampedBefore``), so a long history outside the
    /// retention costs about what finding its line ends does; their other bytes are not checked.
    ///
    /// With an `archiver` and one log, each batch with new entries is handed to it before it
    /// commits; it may write the archive pages those entries complete and return the ordinal they
    /// now hold durably, which commits with the batch, so the entries it archived never need to be
    /// stored (see ``FeedPublisher/archiveBeforeCommit(of:after:to:now:)``). If the run is killed in
    /// between, the next one reads the same lines again, gives them the same ordinals and finds the
    /// pages already written. Several logs merged wait for their ordinals, so they are not handed over.
    ///
    /// - Parameters:
    ///   - cutoff: the instant before which records are left out; nil keeps every record.
    ///   - archiver: called before each commit of new entries from one log, as above.
    ///   - progress: called after each committed batch.
    ///   - shouldStop: asked after each committed batch; when it answers true the run ends
    ///     there, everything committed so far kept, and ``IngestSummary/interrupted`` is set.
    /// - Throws: ``TailingError`` when a log that was never read does not exist or a file
    ///   cannot be read; ``FeedStoreError`` when the state cannot be written. What was
    ///   committed before the error stays committed.
    public func ingest(
        paths: [String],
        leavingOutBefore cutoff: RecordTimestamp? = nil,
        archiver: ((UncommittedEntries) throws -> Int64?)? = nil,
        progress: ((IngestProgress) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) throws -> IngestSummary {
        var session = TailSession(
            store: store,
            options: options,
            logger: logger,
            sources: try store.sourceProgress(),
            checkpoints: try store.checkpoints(),
            pendingEntries: try store.pendingEntryCount(),
            cutoff: cutoff,
            archiver: archiver,
            progress: progress,
            shouldStop: shouldStop
        )
        do {
            if paths.count > 1 || session.pendingEntries > 0 {
                try session.merge(paths)
            } else {
                for path in paths {
                    var segments = try session.plan(path)
                    while !segments.isEmpty {
                        var segment = segments.removeFirst()
                        while try session.drainBatch(&segment) {}
                        segment.handOver(to: &segments)
                    }
                }
            }
        } catch is TailSession.Stop {
            session.summary.interrupted = true
            try session.releasePendingEntries()
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
    /// Records committed to the state that wait for their ordinals (several logs are being merged).
    var pendingEntries: Int64
    /// While several logs are merged: what each has read so far, and which ended.
    private var merging: MergeProgress?
    /// Records stamped before this are left out.
    let cutoff: RecordTimestamp?
    /// Writes the archive pages a batch's entries complete before it commits (one log only).
    let archiver: ((UncommittedEntries) throws -> Int64?)?
    let progress: ((IngestProgress) -> Void)?
    let shouldStop: (() -> Bool)?
    var summary = IngestSummary()

    init(
        store: FeedStore,
        options: LogTailer.Options,
        logger: Logger,
        sources: [String: SourceProgress],
        checkpoints: [Checkpoint],
        pendingEntries: Int64,
        cutoff: RecordTimestamp?,
        archiver: ((UncommittedEntries) throws -> Int64?)?,
        progress: ((IngestProgress) -> Void)?,
        shouldStop: (() -> Bool)?
    ) {
        self.pendingEntries = pendingEntries
        self.cutoff = cutoff
        self.archiver = archiver
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

    /// What to read of the log at `path`, in order: the files it consists of since its checkpoints,
    /// each from an offset. Warns of rotation events as it finds them; reads only fingerprints.
    mutating func plan(_ path: String) throws -> [Segment] {
        var segments: [Segment] = []
        func read(
            _ file: OpenLogFile, for logPath: String, role: Checkpoint.Role, from start: UInt64,
            carryingOnAsRetired: Bool = false
        ) {
            segments.append(
                Segment(
                    file: file, logPath: logPath, role: role, offset: start, carriesOnAsRetired: carryingOnAsRetired))
        }
        // Opened before the siblings are listed, so a rotation in between leaves the old file among them.
        let opened = try OpenLogFile.openIfPresent(path)
        let siblings = RotatedSiblings(logPath: path)
        let retiredInode = try finishRetired(of: path, siblings: siblings, into: &segments)
        let current = checkpoints[path]?[.current]
        guard let file = opened else {
            guard let current else { throw TailingError.missingFile(path) }
            switch try siblings.find(current) {
            case .unchanged:
                break
            case .found(let old):
                consume(old)
                read(old, for: path, role: .current, from: current.offset)
            case .absent:
                warn("\(path) is missing and its last file was not found among its rotated siblings")
            }
            return segments
        }
        guard let current else {
            // A first run reads the file the latest rotation moved aside before the current one, so
            // the records written just before the tailer was installed are not skipped and each
            // source's `seq` stays ascending.
            if retiredInode == nil, let rotated = try siblings.newest(), !rotated.snapshot.isSameFile(as: file.snapshot)
            {
                logger.info("first run for \(path): reading its rotated file \(rotated.path) first")
                consume(rotated)
                read(rotated, for: path, role: .retired, from: 0)
            }
            read(file, for: path, role: .current, from: 0)
            return segments
        }
        if current.describesSameInode(as: file.snapshot) {
            if current.isUnchanged(file.snapshot) {
                return segments
            }
            if try file.holdsContent(of: current) {
                consume(file)
                read(file, for: path, role: .current, from: current.offset)
                return segments
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
                read(copy, for: path, role: .retired, from: current.offset)
            } else {
                warn("\(path) \(what) (checkpoint at byte \(current.offset)); reading it again from the start")
            }
            read(file, for: path, role: .current, from: 0)
            return segments
        }
        var carried: [Checkpoint] = []
        switch try siblings.find(current) {
        case .unchanged:
            var retired = current
            retired.role = .retired
            carried.append(retired)
        case .found(let old) where old.snapshot.inode != retiredInode:
            consume(old)
            read(old, for: path, role: .current, from: current.offset, carryingOnAsRetired: true)
        case .found, .absent:
            warn(
                "\(path) holds a new file and the previous one was not found among its rotated siblings; "
                    + "reading the new file from the start"
            )
        }
        segments.append(Segment(file: file, logPath: path, role: .current, offset: 0, carried: carried))
        return segments
    }

    /// Plans reading late lines appended to the file the last rotation retired; returns its inode when it still exists.
    private mutating func finishRetired(
        of path: String, siblings: RotatedSiblings, into segments: inout [Segment]
    ) throws -> UInt64? {
        guard let retired = checkpoints[path]?[.retired] else { return nil }
        switch try siblings.find(retired) {
        case .unchanged(let inode):
            return inode
        case .found(let file):
            consume(file)
            segments.append(Segment(file: file, logPath: path, role: .retired, offset: retired.offset))
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

    /// Reads the logs in `paths` together: plans each, then reads a batch at a time from the log
    /// that has read the oldest timestamp so far; each batch's records wait in the state until no
    /// log can bring an older record, then get their ordinals in `(ts, source, seq)` order.
    mutating func merge(_ paths: [String]) throws {
        var plans: [[Segment]] = []
        for path in paths {
            plans.append(try plan(path))
        }
        merging = MergeProgress(logs: plans.count)
        for (log, segments) in plans.enumerated() where segments.isEmpty {
            merging!.ended[log] = true
        }
        while let log = merging!.next() {
            merging!.current = log
            var segment = plans[log].removeFirst()
            merging!.isLastSegment = plans[log].isEmpty
            let more = try drainBatch(&segment)
            if more {
                plans[log].insert(segment, at: 0)
            } else if plans[log].isEmpty {
                merging!.ended[log] = true
            } else {
                segment.handOver(to: &plans[log])
            }
        }
        merging = nil
        try releasePendingEntries()
    }

    /// Gives every record still waiting in the state its ordinal; nothing when none waits.
    mutating func releasePendingEntries() throws {
        guard pendingEntries > 0 else { return }
        var batch = IngestBatch()
        batch.staging = IngestBatch.Staging(releaseBelow: nil)
        try commit(batch)
    }

    /// Reads the next batch of `segment` (up to the batch limits) and commits it with the checkpoint
    /// of its role for its log (and what it carries, with the first batch); returns whether lines
    /// remain past the batch. The segment's offset and last checkpoint move on.
    mutating func drainBatch(_ segment: inout Segment) throws -> Bool {
        let file = segment.file
        let logPath = segment.logPath
        let role = segment.role
        let offset = segment.offset
        var batch = IngestBatch()
        batch.checkpoints = segment.carried
        var changedSources: Set<String> = []
        var stoppedEarly = false
        var newestRead: Int64?
        try file.refresh()
        let before = file.snapshot
        var reader = LogReader(path: file.readerPath, maxLineLength: options.maxLineLength)
        reader.skipsLinesStampedBefore = cutoff
        var leftOut: Int64 = 0
        let outcome: LogReader.Outcome
        do {
            outcome = try reader.read(from: offset) { event, line in
                switch event {
                case .record(let record, _, _) where cutoff.map({ record.timestamp < $0 }) ?? false:
                    leftOut += 1
                case .record(let record, _, _):
                    newestRead = max(newestRead ?? .min, record.timestamp.millisecondsSinceEpoch)
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
        summary.outsideRetention += leftOut + Int64(outcome.staleLines)
        segment.offset = outcome.nextOffset
        for name in changedSources {
            batch.sources[name] = sources[name]
        }
        if var merging {
            merging.noteRead(newestRead, logEnds: !stoppedEarly && merging.isLastSegment)
            batch.staging = IngestBatch.Staging(releaseBelow: merging.releaseBound)
            self.merging = merging
        }
        var observed = before
        if stoppedEarly {
            observed.size = segment.offset
        }
        let checkpoint = try file.checkpoint(for: logPath, role: role, offset: segment.offset, observed: observed)
        consume(file)
        if batch.lineCount > 0 || !segment.carried.isEmpty || checkpoint != checkpoints[logPath]?[role] {
            batch.checkpoints.append(checkpoint)
            if batch.staging == nil, !batch.lines.isEmpty, let archiver {
                batch.archivedThrough = try archiver(batch.uncommittedEntries)
            }
            try commit(batch)
        }
        summary.newEntries += Int64(batch.lines.count)
        summary.rejectCount += Int64(batch.rejects.count)
        summary.firstRejects.append(
            contentsOf: batch.rejects.prefix(max(0, IngestSummary.keptRejects - summary.firstRejects.count))
        )
        checkpoints[logPath, default: [:]][role] = checkpoint
        for carriedCheckpoint in segment.carried {
            checkpoints[logPath, default: [:]][carriedCheckpoint.role] = carriedCheckpoint
        }
        segment.carried = []
        segment.lastCheckpoint = checkpoint
        progress?(
            IngestProgress(
                path: file.path, startOffset: segment.startOffset, offset: segment.offset, size: file.snapshot.size)
        )
        if shouldStop?() == true {
            throw Stop()
        }
        return stoppedEarly
    }

    private mutating func commit(_ batch: IngestBatch) throws {
        let released = try store.commit(batch)
        if batch.staging != nil {
            pendingEntries += Int64(batch.lines.count) - released
        }
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

/// One file of a log to read from an offset, as ``TailSession/plan(_:)`` found it.
private struct Segment {
    let file: OpenLogFile
    /// The `--log` path whose checkpoints the file's progress goes to.
    let logPath: String
    /// Which of the log's checkpoints it goes to.
    let role: Checkpoint.Role
    /// Where the next batch starts.
    var offset: UInt64
    /// Where this run started reading the file, for progress across its batches.
    let startOffset: UInt64
    /// Checkpoints to commit with the first batch.
    var carried: [Checkpoint] = []
    /// Whether the segment's last checkpoint, as the log's retired one, goes with the next segment's first batch.
    var carriesOnAsRetired = false
    /// The checkpoint the last batch committed.
    var lastCheckpoint: Checkpoint?

    init(
        file: OpenLogFile, logPath: String, role: Checkpoint.Role, offset: UInt64, carried: [Checkpoint] = [],
        carriesOnAsRetired: Bool = false
    ) {
        self.file = file
        self.logPath = logPath
        self.role = role
        self.offset = offset
        self.startOffset = offset
        self.carried = carried
        self.carriesOnAsRetired = carriesOnAsRetired
    }

    /// Once this segment is read to its end: when it carries on as the retired file, its last
    /// checkpoint goes, as the log's retired one, with the first batch of the next segment.
    func handOver(to rest: inout [Segment]) {
        guard carriesOnAsRetired, !rest.isEmpty, var retired = lastCheckpoint else { return }
        retired.role = .retired
        rest[0].carried.append(retired)
    }
}

/// How far each of several merged logs has read: which goes next, and below which timestamp no
/// log can still bring a record.
private struct MergeProgress {
    /// The newest timestamp each log has read (milliseconds), nil before its first record.
    var newest: [Int64?]
    /// Which logs have no more to read in this run.
    var ended: [Bool]
    /// The log being read.
    var current = 0
    /// Whether the current log is on its last segment.
    var isLastSegment = false

    init(logs: Int) {
        newest = Array(repeating: nil, count: logs)
        ended = Array(repeating: false, count: logs)
    }

    /// The log to read next: of those not ended, the one whose newest timestamp is oldest (one that
    /// read nothing yet first); nil when all ended.
    func next() -> Int? {
        newest.indices.filter { !ended[$0] }.min { (newest[$0] ?? .min, $0) < (newest[$1] ?? .min, $1) }
    }

    /// Notes what the current log's batch read: its newest timestamp, and whether the log ends with it.
    mutating func noteRead(_ newestRead: Int64?, logEnds: Bool) {
        if let newestRead { newest[current] = max(newest[current] ?? .min, newestRead) }
        if logEnds { ended[current] = true }
    }

    /// Records older than this (milliseconds) may get their ordinals: every log not ended has read
    /// at least this far, and each log's timestamps ascend. Nil when every log ended: all may.
    var releaseBound: Int64? {
        let open = newest.indices.filter { !ended[$0] }
        guard !open.isEmpty else { return nil }
        return open.map { newest[$0] ?? .min }.min()
    }
}
