/// What the feed state holds, for `activity-feed stats` and monitoring; read from the state, never from the logs.
public struct FeedStatistics: Sendable, Hashable {
    /// How many records of one signal were ingested.
    public struct SignalCount: Sendable, Hashable {
        /// The signal, for example `item.updated`.
        public var signal: String
        /// The number of records.
        public var count: Int64

        /// Creates a count.
        public init(signal: String, count: Int64) {
            self.signal = signal
            self.count = count
        }
    }

    /// The highest ordinal ingested, 0 when nothing was.
    public var lastOrdinal: Int64
    /// The highest ordinal archive documents hold, 0 when none.
    public var archivedThrough: Int64
    /// How many entries the store holds now (the unarchived ones plus the window).
    public var storedEntries: Int64
    /// Every source seen, by name.
    public var sources: [SourceProgress]
    /// Records per signal, by signal name.
    public var signals: [SignalCount]
    /// How many lines were rejected in all.
    public var rejectCount: Int64
    /// The latest rejects, newest first.
    public var latestRejects: [RecordedReject]
    /// Every checkpoint, by path then role.
    public var checkpoints: [Checkpoint]

    /// Creates statistics from their parts.
    public init(
        lastOrdinal: Int64,
        archivedThrough: Int64,
        storedEntries: Int64,
        sources: [SourceProgress],
        signals: [SignalCount],
        rejectCount: Int64,
        latestRejects: [RecordedReject],
        checkpoints: [Checkpoint]
    ) {
        self.lastOrdinal = lastOrdinal
        self.archivedThrough = archivedThrough
        self.storedEntries = storedEntries
        self.sources = sources
        self.signals = signals
        self.rejectCount = rejectCount
        self.latestRejects = latestRejects
        self.checkpoints = checkpoints
    }
}
