import ActivityFeed
import ArgumentParser
import Foundation
import Logging

/// The publishing options of `activity-feed build`, checked by the publisher before anything is ingested.
struct FeedPublishing: ParsableArguments {
    /// The tag-URI authority used when none is configured: fine for a demo, but every entry's id
    /// embeds it, so set `--tag-authority` once, before anyone subscribes.
    static let demoTagAuthority = "localhost,2026"

    @Option(help: ArgumentHelp("Entries in feed.atom and in each archive page (RFC 5005).", valueName: "n"))
    var entries: Int = 50

    @Option(
        help: ArgumentHelp(
            "The absolute URL the output folder is served at, e.g. https://example.com/admin/ (for rel=\"self\").",
            valueName: "url"
        )
    )
    var baseURL: String?

    @Option(
        help: ArgumentHelp(
            "The authority of every id, a domain or email and a date, e.g. example.com,2026; set it once and keep it.",
            valueName: "authority"
        )
    )
    var tagAuthority: String = FeedPublishing.demoTagAuthority

    @Option(help: ArgumentHelp("The feed's and the page's title.", valueName: "text"))
    var title: String = "Bucketlist activity"

    @Option(
        help: ArgumentHelp(
            "A folder whose index.mustache (and partials) replace the built-in page template.",
            valueName: "dir"
        )
    )
    var template: String?

    @Option(help: ArgumentHelp("How many of the newest entries the page lists.", valueName: "n"))
    var pageEntries: Int = 200

    @Option(
        help: ArgumentHelp(
            "The IANA time zone of the page's day groups, chart days and times, e.g. Europe/Paris.",
            valueName: "zone"
        )
    )
    var timeZone: String = "UTC"

    @Option(
        help: ArgumentHelp(
            "Keep this many days of history: older records are left out, older archive pages removed "
                + "(the oldest kept ends the prev-archive chain). Default: keep every record.",
            valueName: "days"
        )
    )
    var archiveRetention: Int?

    @Option(
        help: ArgumentHelp(
            "With several --log: entries ingested but not yet in archive pages that make a long run publish "
                + "before it ends, so the state stays small on a first run (one log archives as it goes).",
            valueName: "n"
        )
    )
    var publishBacklog: Int = BuildCycle.defaultPublishBacklog

    /// Refuses bad publishing options before anything is ingested, with the publisher's own checks
    /// (entries, base URL, tag authority, template).
    func validate() throws {
        guard pageEntries >= 1 else { throw ValidationError("--page-entries must be 1 or more (got \(pageEntries))") }
        guard publishBacklog >= entries else {
            throw ValidationError("--publish-backlog must be at least --entries (got \(publishBacklog))")
        }
        guard PublishOptions.ianaTimeZone(named: timeZone) != nil else {
            throw ValidationError(
                "--time-zone: ‘\(TerminalText.escape(timeZone))’ is not an IANA time zone name; use a name such as UTC, "
                    + "Europe/Paris or America/New_York (the list is in /usr/share/zoneinfo)"
            )
        }
        if let baseURL, URL(string: baseURL) == nil {
            throw ValidationError("--base-url must be an absolute http(s) URL (got ‘\(baseURL)’)")
        }
        do {
            try FeedPublisher(options: options(window: pageEntries), logger: Logger(label: "activity-feed")).validate()
        } catch let error as PublishError {
            let flag = error.invalidSetting.flatMap(Self.flag(setting:))
            throw ValidationError(flag.map { "\($0): \(error.message)" } ?? error.description)
        }
    }

    /// The command-line flag that sets `setting`, or nil for one no flag sets.
    private static func flag(setting: PublishOptions.Setting) -> String? {
        switch setting {
        case .entriesPerDocument: "--entries"
        case .baseURL: "--base-url"
        case .tagAuthority: "--tag-authority"
        case .windowForPage: "--page-entries"
        case .chartDays: nil
        case .archiveRetentionDays: "--archive-retention"
        }
    }

    /// The publisher's options; the page never lists more than the store's window keeps.
    func options(window: Int) -> PublishOptions {
        PublishOptions(
            entriesPerDocument: entries,
            baseURL: baseURL.flatMap(URL.init(string:)),
            tagAuthority: tagAuthority,
            feedTitle: title,
            templateDirectory: template.map { URL(fileURLWithPath: $0, isDirectory: true) },
            windowForPage: max(1, min(pageEntries, window)),
            timeZone: PublishOptions.ianaTimeZone(named: timeZone) ?? PublishOptions.utc,
            archiveRetentionDays: archiveRetention
        )
    }
}
