import Foundation
import SignalLog
import Synchronization

/// The new entries of a batch the tailer is about to commit, one log read in order: their lines,
/// to be numbered after the store's last ordinal. What ``LogTailer`` hands an archiver, so that
/// archive pages can be written from them before they reach the store (see
/// ``FeedPublisher/archiveBeforeCommit(of:after:to:now:)``).
public struct UncommittedEntries: Sendable {
    /// The lines as the log holds them, in the order they will be numbered.
    let lines: [Data]

    /// How many entries the batch brings.
    public var count: Int { lines.count }
}

/// A store's entries as they will read once a batch commits: its own, then the batch's, numbered
/// after its last ordinal. ``markArchived(through:)`` is kept here, for the batch to commit with, not
/// passed on.
struct StoreWithBatch<Base: FeedReading>: ArchivePageSource {
    /// The highest ordinal ``markArchived(through:)`` was called with; 0 when it was not.
    final class Marks: Sendable {
        let newest = Mutex<Int64>(0)
    }

    let base: Base
    let batch: UncommittedEntries
    let baseLast: Int64
    let marks = Marks()

    init(base: Base, batch: UncommittedEntries) throws {
        self.base = base
        self.batch = batch
        baseLast = try base.lastOrdinal()
    }

    /// The last ordinal once the batch commits.
    var lastOrdinal: Int64 { baseLast + Int64(batch.count) }

    func entries(ordinals: ClosedRange<Int64>) throws -> [FeedEntry] {
        var result =
            ordinals.lowerBound <= baseLast
            ? try base.entries(ordinals: ordinals.lowerBound...min(ordinals.upperBound, baseLast)) : []
        let first = max(ordinals.lowerBound, baseLast + 1)
        let last = min(ordinals.upperBound, lastOrdinal)
        if first <= last {
            for ordinal in first...last {
                let line = batch.lines[Int(ordinal - baseLast - 1)]
                // The tailer decoded each of these lines already; a line that no longer decodes is a bug.
                let record = try line.withUnsafeBytes { try SignalRecord.decode(line: $0).get() }
                result.append(FeedEntry(ordinal: ordinal, record: record))
            }
        }
        return result
    }

    func markArchived(through ordinal: Int64) throws {
        marks.newest.withLock { $0 = max($0, ordinal) }
    }

    /// The highest ordinal ``markArchived(through:)`` was called with, nil when it was not.
    var markedThrough: Int64? {
        let newest = marks.newest.withLock { $0 }
        return newest > 0 ? newest : nil
    }
}
