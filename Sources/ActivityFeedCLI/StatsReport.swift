import ActivityFeed
import Foundation

/// The `activity-feed stats --json` document; its shape is documented in `docs/activity-feed.md`
/// and only ever grows by new keys.
struct StatsReport: Encodable {
    struct Entries: Encodable {
        var lastOrdinal: Int64
        var archivedThrough: Int64
        var stored: Int64

        enum CodingKeys: String, CodingKey {
            case lastOrdinal = "last_ordinal"
            case archivedThrough = "archived_through"
            case stored
        }
    }

    struct Source: Encodable {
        var source: String
        var ingested: Int64
        var duplicates: Int64
        var highWaterSeq: Int64
        var missingRanges: [MissingRange]
        /// The lowest seq ingested; absent before the first record.
        var firstSeq: Int64?
        /// The first seq seen when it is above 1: the history starts late (a notice, not a gap).
        var historyStartsAtSeq: Int64?

        enum CodingKeys: String, CodingKey {
            case source, ingested, duplicates
            case highWaterSeq = "high_water_seq"
            case missingRanges = "missing_ranges"
            case firstSeq = "first_seq"
            case historyStartsAtSeq = "history_starts_at_seq"
        }
    }

    struct MissingRange: Encodable {
        var first: Int64
        var last: Int64
    }

    struct Signal: Encodable {
        var signal: String
        var count: Int64
    }

    struct Rejects: Encodable {
        var count: Int64
        var latest: [Reject]
    }

    struct Reject: Encodable {
        var path: String
        var offset: UInt64
        var length: Int
        var kind: String
        var detail: String
        var prefix: String
    }

    struct CheckpointReport: Encodable {
        var path: String
        var role: String
        var device: UInt64
        var inode: UInt64
        var offset: UInt64
        var observedSize: UInt64

        enum CodingKeys: String, CodingKey {
            case path, role, device, inode, offset
            case observedSize = "observed_size"
        }
    }

    var format = 1
    var statePath: String
    var entries: Entries
    var sources: [Source]
    var signals: [Signal]
    var rejects: Rejects
    var checkpoints: [CheckpointReport]

    enum CodingKeys: String, CodingKey {
        case format
        case statePath = "state_path"
        case entries, sources, signals, rejects, checkpoints
    }

    init(statePath: String, statistics: FeedStatistics) {
        self.statePath = statePath
        entries = Entries(
            lastOrdinal: statistics.lastOrdinal,
            archivedThrough: statistics.archivedThrough,
            stored: statistics.storedEntries
        )
        sources = statistics.sources.map { source in
            Source(
                source: source.source,
                ingested: source.ingested,
                duplicates: source.duplicates,
                highWaterSeq: source.highWater,
                missingRanges: source.missing.map { MissingRange(first: $0.lowerBound, last: $0.upperBound) },
                firstSeq: source.firstSeq,
                historyStartsAtSeq: source.historyStart
            )
        }
        signals = statistics.signals.map { Signal(signal: $0.signal, count: $0.count) }
        rejects = Rejects(
            count: statistics.rejectCount,
            latest: statistics.latestRejects.map { reject in
                Reject(
                    path: reject.path,
                    offset: reject.offset,
                    length: reject.length,
                    kind: reject.kind,
                    detail: reject.detail,
                    prefix: String(decoding: reject.prefix, as: UTF8.self)
                )
            }
        )
        checkpoints = statistics.checkpoints.map { checkpoint in
            CheckpointReport(
                path: checkpoint.path,
                role: checkpoint.role.rawValue,
                device: checkpoint.device,
                inode: checkpoint.inode,
                offset: checkpoint.offset,
                observedSize: checkpoint.observedSize
            )
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        var lines: [String] = []
        lines.append("state: \(TerminalText.escape(statePath))")
        lines.append(
            "entries: \(entries.lastOrdinal) ingested, \(entries.stored) stored, archived through \(entries.archivedThrough)"
        )
        lines.append("sources:")
        for source in sources {
            var line =
                "  \(TerminalText.escape(source.source)): \(source.ingested) ingested, high-water seq "
                + "\(source.highWaterSeq), \(source.duplicates) duplicate(s)"
            if let start = source.historyStartsAtSeq {
                line += ", history starts at seq \(start)"
            }
            if !source.missingRanges.isEmpty {
                line += ", missing " + source.missingRanges.map { "\($0.first)…\($0.last)" }.joined(separator: ", ")
            }
            lines.append(line)
        }
        lines.append("signals:")
        for signal in signals {
            lines.append("  \(TerminalText.escape(signal.signal)): \(signal.count)")
        }
        lines.append("rejects: \(rejects.count)")
        for reject in rejects.latest {
            lines.append(
                "  \(TerminalText.escape(reject.path)) at byte \(reject.offset): \(TerminalText.escape(reject.detail))"
            )
        }
        lines.append("checkpoints:")
        for checkpoint in checkpoints {
            lines.append(
                "  \(TerminalText.escape(checkpoint.path)) (\(checkpoint.role)): device \(checkpoint.device), "
                    + "inode \(checkpoint.inode), offset \(checkpoint.offset)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
