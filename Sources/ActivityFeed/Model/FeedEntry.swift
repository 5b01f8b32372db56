public import SignalLog

/// One ingested record as the feed store keeps it.
///
/// `ordinal` is the record's place in ingest order across all sources: 1, 2, 3, …
/// assigned by the store when the record is first ingested and never reused, so
/// fixed-size archive pages can be cut by ordinal and never change.
public struct FeedEntry: Sendable, Hashable {
    /// The record's place in ingest order, from 1, without gaps.
    public var ordinal: Int64
    /// The record itself.
    public var record: SignalRecord

    /// Creates an entry.
    public init(ordinal: Int64, record: SignalRecord) {
        self.ordinal = ordinal
        self.record = record
    }
}
