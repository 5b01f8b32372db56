import ArgumentParser

/// The exit codes `activity-feed` promises.
enum ExitStatus {
    /// Success: everything new was ingested and published.
    static let success: Int32 = 0
    /// A fatal error, reported in one line on stderr.
    static let failure: Int32 = 1
    /// Bad usage.
    static let usage: Int32 = 2
    /// The output folder holds archive pages the feed state does not know (the state was lost or
    /// replaced): nothing was published (`EX_DATAERR`).
    static let outputConflict: Int32 = 65
    /// Another run holds the feed state (`EX_TEMPFAIL`).
    static let stateBusy: Int32 = 75

    /// A plain `build` stopped by `signal` (SIGINT, SIGTERM) after committing and publishing what it had
    /// read: 128 + the signal's number, as a shell reports a process the signal killed.
    static func stopped(by signal: Int32) -> Int32 {
        128 + signal
    }
}
