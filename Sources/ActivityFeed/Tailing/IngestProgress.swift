/// How far the reading of one log file has come, reported after each committed batch.
public struct IngestProgress: Sendable, Hashable {
    /// The file being read.
    public var path: String
    /// Where this run started reading it.
    public var startOffset: UInt64
    /// Where it has read to.
    public var offset: UInt64
    /// The file's size when the batch was committed.
    public var size: UInt64
}
