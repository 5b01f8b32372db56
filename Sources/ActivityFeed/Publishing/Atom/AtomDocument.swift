import SignalLog

/// One Atom document of the archived feed (RFC 5005 §4): the subscription document or an archive page.
struct AtomDocument: Sendable {
    /// Which document of the logical feed this is.
    enum Role: Sendable, Hashable {
        /// `feed.atom`: the entries after the last full archive page.
        case subscription
        /// `archive/<page>.atom`: a full, fixed page.
        case archive(page: Int)
    }

    /// Which document this is.
    var role: Role
    /// Its entries, newest (highest ordinal) first.
    var entries: [FeedEntry]
    /// The archive page before this document, if any (`prev-archive`).
    var previousArchivePage: Int?
    /// The archive page after this one, if any (`next-archive`, archive pages only).
    var nextArchivePage: Int?
    /// The feed's `updated`: the newest entry's time.
    var updated: RecordTimestamp

    /// The document's path relative to the output folder.
    var path: String { Self.path(of: role) }

    /// The path of a document relative to the output folder.
    static func path(of role: Role) -> String {
        switch role {
        case .subscription: "feed.atom"
        case .archive(let page): "archive/\(page).atom"
        }
    }
}
