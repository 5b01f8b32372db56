/// What the admin page shows, read from the feed store once per publish.
struct AdminPageSnapshot: Sendable {
    /// The newest entries, newest first, at most ``PublishOptions/windowForPage``.
    var window: [FeedEntry]
    /// Whether ``window`` holds every record ever ingested.
    var windowIsWholeHistory: Bool
    /// Record counts per UTC day and signal, oldest day first.
    var dailyCounts: [DailySignalCount]
    /// Record counts per actor, most active first.
    var actorCounts: [ActorCount]
    /// Every source's progress, by name.
    var sources: [SourceProgress]

    /// Reads the snapshot from the store.
    init(feed: some FeedReading, options: PublishOptions) throws {
        window = try feed.newestEntries(limit: options.windowForPage)
        windowIsWholeHistory = Int64(window.count) >= (try feed.lastOrdinal())
        dailyCounts = try feed.dailySignalCounts(since: nil)
        actorCounts = try feed.actorCounts()
        sources = try feed.sources()
    }
}
