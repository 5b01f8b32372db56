/// What one ingest run did: counts, the first rejects, the gaps it found, warnings and bytes read.
public struct IngestSummary: Sendable, Hashable {
    /// A jump in one source's `seq`: the records in ``missing`` were never seen.
    public struct Gap: Sendable, Hashable {
        /// The source.
        public var source: String
        /// The `seq` values never seen.
        public var missing: ClosedRange<Int64>
    }

    /// How many of the rejects of a run are kept in ``firstRejects``.
    public static let keptRejects = 5

    /// New entries committed.
    public var newEntries: Int64 = 0
    /// Records skipped as already ingested.
    public var duplicates: Int64 = 0
    /// Records left out as stamped before the run's retention cutoff (``LogTailer/ingest(paths:leavingOutBefore:archiver:progress:shouldStop:)``).
    public var outsideRetention: Int64 = 0
    /// Lines rejected.
    public var rejectCount: Int64 = 0
    /// The first ``keptRejects`` rejected lines, in reading order.
    public var firstRejects: [RecordedReject] = []
    /// Gaps in `seq` found during the run.
    public var gaps: [Gap] = []
    /// Rotation, truncation and replacement events worth an admin's attention, one sentence each.
    public var warnings: [String] = []
    /// Bytes read from log files, line data and fingerprints together.
    public var logBytesRead: UInt64 = 0
    /// Transactions committed.
    public var commits = 0
    /// Whether the run stopped early because the caller asked it to.
    public var interrupted = false

    /// Creates an empty summary.
    public init() {}
}
