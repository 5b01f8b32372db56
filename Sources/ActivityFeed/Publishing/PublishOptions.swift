public import Foundation
public import SignalLog

/// How ``FeedPublisher`` lays out and labels what it publishes.
public struct PublishOptions: Sendable {
    /// A setting the publisher may refuse, so a caller can tell which of its own inputs to blame
    /// (``PublishError/invalidSetting``); its raw value is the property's name.
    public enum Setting: String, Sendable, CaseIterable {
        /// ``PublishOptions/entriesPerDocument``.
        case entriesPerDocument
        /// ``PublishOptions/baseURL``.
        case baseURL
        /// ``PublishOptions/tagAuthority``.
        case tagAuthority
        /// ``PublishOptions/windowForPage``.
        case windowForPage
        /// ``PublishOptions/chartDays``.
        case chartDays
        /// ``PublishOptions/archiveRetentionDays``.
        case archiveRetentionDays
    }

    /// Entries per archive page, and the most the subscription document holds (default 50).
    ///
    /// Archive page `n` holds ordinals `(n−1)·S+1 … n·S`; changing this after pages were
    /// published renumbers nothing already written, so keep it fixed for one output folder.
    public var entriesPerDocument: Int
    /// The absolute URL the output folder is served at (for example `https://example.com/admin/`),
    /// for `rel="self"` and absolute alternates; when nil, links are relative and `rel="self"` is left out.
    public var baseURL: URL?
    /// The tag-URI authority and date of every id, for example `example.com,2026`.
    ///
    /// Fixed by configuration, never taken from a request: changing it changes every entry's id.
    public var tagAuthority: String
    /// The feed's and the page's title.
    public var feedTitle: String
    /// The feed's subtitle.
    public var feedSubtitle: String
    /// A folder whose `index.mustache` (and other `*.mustache` partials, such as `style.mustache`)
    /// replace the embedded page template; nil uses the embedded one.
    ///
    /// A template should keep `<meta name="activity-feed-generated" content="{{generatedAt}}">`:
    /// it lets a run with nothing new leave `index.html` untouched; without it the page is
    /// rewritten on every run.
    public var templateDirectory: URL?
    /// How many of the newest entries the page lists (default 200).
    public var windowForPage: Int
    /// How many days, ending today, the page's activity chart covers (default 30).
    public var chartDays: Int
    /// The zone the page's day groups, chart days and shown times are in (default UTC); the feeds
    /// always carry UTC times.
    public var timeZone: TimeZone
    /// How many days of history the archives keep; nil (the default) keeps every record reachable.
    ///
    /// With a retention, a run leaves out records stamped more than this many days before it
    /// (``retentionCutoff(now:)``), removes the archive pages whose newest entry is older, and
    /// makes the oldest page it keeps the end of the `prev-archive` chain. `feed.atom` and the page
    /// keep showing the newest entries, however old.
    public var archiveRetentionDays: Int?

    /// Creates options; see each property for its meaning.
    public init(
        entriesPerDocument: Int = 50,
        baseURL: URL? = nil,
        tagAuthority: String,
        feedTitle: String = "Bucketlist activity",
        feedSubtitle: String = "Every change to users, bucketlists and items, newest first",
        templateDirectory: URL? = nil,
        windowForPage: Int = 200,
        chartDays: Int = 30,
        timeZone: TimeZone = PublishOptions.utc,
        archiveRetentionDays: Int? = nil
    ) {
        self.entriesPerDocument = entriesPerDocument
        self.baseURL = baseURL
        self.tagAuthority = tagAuthority
        self.feedTitle = feedTitle
        self.feedSubtitle = feedSubtitle
        self.templateDirectory = templateDirectory
        self.windowForPage = windowForPage
        self.chartDays = chartDays
        self.timeZone = timeZone
        self.archiveRetentionDays = archiveRetentionDays
    }

    /// The instant before which records fall outside ``archiveRetentionDays`` for a run at `now`;
    /// nil without a retention.
    public func retentionCutoff(now: Date) -> RecordTimestamp? {
        guard let days = archiveRetentionDays else { return nil }
        return RecordTimestamp(
            millisecondsSinceEpoch: RecordTimestamp(now).millisecondsSinceEpoch
                - Int64(days) * RecordTimestamp.millisecondsPerDay)
    }

    /// The UTC zone, the default display zone.
    public static let utc = TimeZone(identifier: "UTC") ?? .gmt

    /// The zone named by an IANA time zone name (`Europe/Paris`, `America/New_York`, `UTC`), or nil
    /// when `name` is not one of the system's zone database (`/usr/share/zoneinfo`): Foundation alone
    /// would also take abbreviations such as `PST` and offsets such as `GMT+0130`.
    public static func ianaTimeZone(named name: String) -> TimeZone? {
        if name == "UTC" { return utc }
        guard TimeZone.knownTimeZoneIdentifiers.contains(name) else { return nil }
        return TimeZone(identifier: name)
    }

    /// Checks every option and returns the base URL as text ending in `/` (empty when there is none).
    func validatedBase() throws -> String {
        guard entriesPerDocument >= 1 else {
            throw PublishError.invalidOption(.entriesPerDocument, "must be at least 1, not \(entriesPerDocument)")
        }
        guard windowForPage >= 1 else {
            throw PublishError.invalidOption(.windowForPage, "must be at least 1, not \(windowForPage)")
        }
        guard chartDays >= 1 else {
            throw PublishError.invalidOption(.chartDays, "must be at least 1, not \(chartDays)")
        }
        if let days = archiveRetentionDays, !(1...1_000_000).contains(days) {
            throw PublishError.invalidOption(.archiveRetentionDays, "must be from 1 to 1000000 days, not \(days)")
        }
        guard Self.isTagAuthority(tagAuthority) else {
            throw PublishError.invalidOption(
                .tagAuthority,
                "‘\(tagAuthority)’ is not a tag-URI authority such as example.com,2026 (a domain or email, a comma, a date)"
            )
        }
        guard let baseURL else { return "" }
        guard let scheme = baseURL.scheme, ["http", "https"].contains(scheme.lowercased()), baseURL.host != nil
        else {
            throw PublishError.invalidOption(.baseURL, "‘\(baseURL.absoluteString)’ is not an absolute http(s) URL")
        }
        let text = baseURL.absoluteString
        return text.hasSuffix("/") ? text : text + "/"
    }

    private static func isTagAuthority(_ text: String) -> Bool {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let nameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-@_")
        guard parts[0].allSatisfy(nameCharacters.contains) else { return false }
        let date = Array(parts[1])
        guard [4, 7, 10].contains(date.count) else { return false }
        for (index, character) in date.enumerated() {
            let isDash = index == 4 || index == 7
            guard isDash ? character == "-" : character.isASCII && character.isNumber else { return false }
        }
        return true
    }
}
