/// What one ``FeedPublisher/publish(from:to:now:)`` run wrote.
public struct PublishReport: Sendable, Hashable {
    /// Paths, relative to the output folder, of files whose bytes changed (new or replaced).
    public var changedFiles: [String]
    /// Paths, relative to the output folder, of files left untouched because their bytes would not change.
    public var unchangedFiles: [String]
    /// How many full archive pages the output holds after the run.
    public var archivePages: Int
    /// How many entries the subscription document (`feed.atom`) holds.
    public var subscriptionEntries: Int

    /// Creates a report.
    public init(changedFiles: [String], unchangedFiles: [String], archivePages: Int, subscriptionEntries: Int) {
        self.changedFiles = changedFiles
        self.unchangedFiles = unchangedFiles
        self.archivePages = archivePages
        self.subscriptionEntries = subscriptionEntries
    }
}
