/// What the store knows about one source: how much it ingested, its high-water `seq`
/// and the ranges of `seq` it never saw.
///
/// `seq` is strictly increasing within a source, so a record at or below the high-water
/// mark is a duplicate unless it falls in a missing range (a line that reached the log
/// late, for example through a rotated file read after the new one), which it then fills.
public struct SourceProgress: Sendable, Hashable {
    /// What one record's `seq` means for the source.
    public enum Admission: Sendable, Hashable {
        /// A new record right after the high-water mark (or the source's first record).
        case next
        /// A new record after a jump: the records in the range were never seen.
        case afterGap(ClosedRange<Int64>)
        /// A record from a missing range, which it narrows.
        case fillsGap
        /// A record already ingested: it changes nothing.
        case duplicate
    }

    /// The source's name.
    public var source: String
    /// How many of its records were ingested.
    public var ingested: Int64
    /// How many of its records were duplicates.
    public var duplicates: Int64
    /// The highest `seq` ingested, 0 before the first record.
    public var highWater: Int64
    /// The ranges of `seq` below the high-water mark never seen, ascending and disjoint.
    public var missing: [ClosedRange<Int64>]

    /// Creates the progress of a source.
    public init(
        source: String,
        ingested: Int64 = 0,
        duplicates: Int64 = 0,
        highWater: Int64 = 0,
        missing: [ClosedRange<Int64>] = []
    ) {
        self.source = source
        self.ingested = ingested
        self.duplicates = duplicates
        self.highWater = highWater
        self.missing = missing
    }

    /// Classifies `seq` and updates the progress to include it; the caller ingests the record unless it is a duplicate.
    public mutating func admit(_ seq: Int64) -> Admission {
        if ingested == 0 && highWater == 0 {
            highWater = seq
            ingested = 1
            return .next
        }
        if seq > highWater {
            let admission: Admission = seq == highWater + 1 ? .next : .afterGap((highWater + 1)...(seq - 1))
            if case .afterGap(let range) = admission {
                missing.append(range)
            }
            highWater = seq
            ingested += 1
            return admission
        }
        guard let index = missingIndex(containing: seq) else {
            duplicates += 1
            return .duplicate
        }
        let range = missing[index]
        var replacement: [ClosedRange<Int64>] = []
        if range.lowerBound < seq {
            replacement.append(range.lowerBound...(seq - 1))
        }
        if seq < range.upperBound {
            replacement.append((seq + 1)...range.upperBound)
        }
        missing.replaceSubrange(index...index, with: replacement)
        ingested += 1
        return .fillsGap
    }

    private func missingIndex(containing seq: Int64) -> Int? {
        var low = 0
        var high = missing.count
        while low < high {
            let middle = (low + high) / 2
            if missing[middle].upperBound < seq {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < missing.count && missing[low].contains(seq) ? low : nil
    }
}
