/// The lock file next to the state could not be opened or locked.
public struct StateLockError: Error, Sendable, CustomStringConvertible {
    /// The lock file.
    public let path: String
    /// What the system said.
    public let reason: String

    /// The error as one line.
    public var description: String { "\(path): cannot lock the feed state: \(reason)" }
}
