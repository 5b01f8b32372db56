import ActivityFeed
import SignalLog
import Synchronization

/// A feed store in memory for publisher tests: it prunes like the real store, dropping
/// entries that are archived and outside the window when ``markArchived(through:)`` is called.
final class InMemoryFeed: FeedReading {
    private struct State {
        var entries: [FeedEntry] = []
        var lastOrdinal: Int64 = 0
        var archivedThrough: Int64 = 0
        var firstArchivePage = 1
        var markCalls: [Int64] = []
    }

    private let state = Mutex(State())
    private let window: Int

    init(window: Int = 200) {
        self.window = window
    }

    /// Appends records with the next ordinals.
    func append(_ records: [SignalRecord]) {
        state.withLock { state in
            for record in records {
                state.lastOrdinal += 1
                state.entries.append(FeedEntry(ordinal: state.lastOrdinal, record: record))
            }
        }
    }

    /// Every ordinal `markArchived(through:)` was called with, in order.
    var markCalls: [Int64] { state.withLock { $0.markCalls } }

    /// How many entries the store still holds.
    var heldCount: Int { state.withLock { $0.entries.count } }

    func lastOrdinal() throws -> Int64 { state.withLock { $0.lastOrdinal } }

    func entries(ordinals: ClosedRange<Int64>) throws -> [FeedEntry] {
        state.withLock { $0.entries.filter { ordinals.contains($0.ordinal) } }
    }

    func newestEntries(limit: Int) throws -> [FeedEntry] {
        state.withLock { Array($0.entries.suffix(limit).reversed()) }
    }

    func dailySignalCounts(since: RecordTimestamp?) throws -> [DailySignalCount] {
        var counts: [String: [String: Int]] = [:]
        for entry in state.withLock({ $0.entries }) {
            if let since, entry.record.timestamp < since { continue }
            counts[String(entry.record.timestamp.rfc3339.prefix(10)), default: [:]][entry.record.signal, default: 0] +=
                1
        }
        return counts.keys.sorted().flatMap { day in
            counts[day, default: [:]].sorted { $0.key < $1.key }.map {
                DailySignalCount(day: day, signal: $0.key, count: $0.value)
            }
        }
    }

    func actorCounts() throws -> [ActorCount] {
        var counts: [String: Int] = [:]
        for entry in state.withLock({ $0.entries }) { counts[entry.record.actor.name, default: 0] += 1 }
        return counts.map { ActorCount(name: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }

    /// Each source's progress as the real store keeps it, admitting every appended record in order.
    func sources() throws -> [SourceProgress] {
        var progress: [String: SourceProgress] = [:]
        for entry in state.withLock({ $0.entries }) {
            let source = entry.record.source
            _ = progress[source, default: SourceProgress(source: source)].admit(entry.record.seq)
        }
        return progress.values.sorted { $0.source < $1.source }
    }

    func archivedThrough() throws -> Int64 { state.withLock { $0.archivedThrough } }

    func markArchived(through ordinal: Int64) throws {
        state.withLock { state in
            state.markCalls.append(ordinal)
            state.archivedThrough = max(state.archivedThrough, ordinal)
            let keepFrom = state.lastOrdinal - Int64(window) + 1
            state.entries.removeAll { $0.ordinal <= state.archivedThrough && $0.ordinal < keepFrom }
        }
    }

    func firstArchivePage() throws -> Int { state.withLock { $0.firstArchivePage } }

    func markFirstArchivePage(_ page: Int) throws {
        state.withLock { $0.firstArchivePage = max($0.firstArchivePage, page) }
    }
}
