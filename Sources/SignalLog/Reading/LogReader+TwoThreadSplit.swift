extension LogReader {
    /// How a reader splits runs of lines between two threads: the tuned sizes by default.
    ///
    /// Tests and the fuzz target make the sizes small so that small files are split too; what the
    /// reader delivers must not depend on them.
    struct TwoThreadSplit: Sendable {
        /// The fewest bytes of whole lines worth splitting between two threads.
        var minimumRun = 64 << 10
        /// How many bytes each thread claims at a time (``LineBatchDecoder/rangeSize``).
        var rangeSize = LineBatchDecoder.rangeSize
        /// How many events the other thread keeps per job before leaving the rest to the reading thread.
        var eventCapacity = 8192
    }
}
