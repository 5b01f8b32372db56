public import SignalLog

/// What the publishers read from the feed store; a pure view of committed state.
///
/// The store keeps every entry whose ordinal is above ``archivedThrough()``, plus
/// the newest entries of the page's window; publishers call ``markArchived(through:)``
/// after an archive document is durably written, which lets the store drop entries
/// that are both archived and outside the window.
public protocol FeedReading: ArchivePageSource {
    /// The highest ordinal ingested so far, 0 when the store is empty.
    func lastOrdinal() throws -> Int64

    /// The newest `limit` entries, newest first.
    func newestEntries(limit: Int) throws -> [FeedEntry]

    /// Record counts per UTC day and signal, for days on or after `since` (all days when nil), oldest day first.
    func dailySignalCounts(since: RecordTimestamp?) throws -> [DailySignalCount]

    /// Record counts per actor name, most active first.
    func actorCounts() throws -> [ActorCount]

    /// Every source's progress (what it ingested, its high-water and missing `seq`), by name.
    func sources() throws -> [SourceProgress]

    /// The highest ordinal that archive documents already hold durably, 0 when none.
    func archivedThrough() throws -> Int64

    /// The oldest archive page kept, the end of the `prev-archive` chain: 1 until an archive
    /// retention removed older pages.
    func firstArchivePage() throws -> Int

    /// Records that the archive pages before `page` are removed (or about to be): `page` is the
    /// end of the chain from now on. Never moves backwards.
    func markFirstArchivePage(_ page: Int) throws
}

/// What writing archive pages needs of a store: the entries of a page, and a place to record how
/// far pages now hold them durably.
public protocol ArchivePageSource: Sendable {
    /// The entries whose ordinals fall in `ordinals`, ascending; entries already pruned are absent.
    func entries(ordinals: ClosedRange<Int64>) throws -> [FeedEntry]

    /// Records that archive documents now hold every entry up to `ordinal`.
    func markArchived(through ordinal: Int64) throws
}

/// How many records of one signal one UTC day saw.
public struct DailySignalCount: Sendable, Hashable {
    /// The UTC day, `YYYY-MM-DD`.
    public var day: String
    /// The signal, for example `item.updated`.
    public var signal: String
    /// The number of records.
    public var count: Int

    /// Creates a count.
    public init(day: String, signal: String, count: Int) {
        self.day = day
        self.signal = signal
        self.count = count
    }
}

/// How many records one actor caused.
public struct ActorCount: Sendable, Hashable {
    /// The actor's name as last seen.
    public var name: String
    /// The number of records.
    public var count: Int

    /// Creates a count.
    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}
