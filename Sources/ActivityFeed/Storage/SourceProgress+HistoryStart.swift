extension SourceProgress {
    /// The lowest `seq` ingested from the source, nil before its first record.
    ///
    /// Derived from the counters: the ingested records and the missing ranges together cover
    /// every `seq` from the first one seen to the high-water mark.
    public var firstSeq: Int64? {
        guard ingested > 0 else { return nil }
        let missingCount = missing.reduce(Int64(0)) { $0 + $1.upperBound - $1.lowerBound + 1 }
        return highWater - ingested - missingCount + 1
    }

    /// The `seq` the source's history starts at when the first record seen is not its first
    /// (seq 1): a log that was rotated away before the first build, or a feed state started late.
    /// A notice, not a gap: nothing before it was ever seen missing.
    public var historyStart: Int64? {
        guard let firstSeq, firstSeq > 1 else { return nil }
        return firstSeq
    }
}
