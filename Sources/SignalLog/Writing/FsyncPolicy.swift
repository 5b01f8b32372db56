/// When ``LogWriter`` forces appended lines to stable storage.
public enum FsyncPolicy: Sendable, Hashable {
    /// `fsync` every batch before its callers return: nothing acknowledged is ever lost (the default).
    case everyBatch
    /// `fsync` a batch only when the last one is at least this long ago: more throughput, but lines
    /// acknowledged since the last `fsync` can be lost if the machine (not just the process) crashes.
    /// ``LogWriter/close()`` syncs whatever is left.
    case interval(Duration)
}
