import Foundation
import SignalLog

/// Writes `feed.json`, a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1) with the same
/// entries, in the same order and with the same ids, as the Atom subscription document.
///
/// Output depends only on the entries and the options, never on the clock: keys are sorted, so
/// rewriting a document that did not change yields the same bytes. Text is cleaned of the
/// characters XML 1.0 forbids, as in the Atom feed.
struct JSONFeedWriter: Sendable {
    /// The file's path relative to the output folder.
    static let path = "feed.json"
    /// The `version` every JSON Feed 1.1 document carries.
    static let version = "https://jsonfeed.org/version/1.1"

    private let options: PublishOptions
    private let base: String

    /// Creates a writer; `base` is the validated base URL ending in `/`, or empty for relative links.
    init(options: PublishOptions, base: String) {
        self.options = options
        self.base = base
    }

    /// The document's bytes for `entries`, newest first as in `feed.atom`.
    func data(for entries: [FeedEntry]) throws -> Data {
        var feed: [String: Any] = [
            "version": Self.version,
            "title": options.feedTitle.removingXMLForbiddenCharacters,
            "description": options.feedSubtitle.removingXMLForbiddenCharacters,
            "authors": [["name": "activity-feed"]],
            "items": entries.map { item(for: $0.record) },
        ]
        if !base.isEmpty {
            feed["home_page_url"] = base + FeedPublisher.pagePath
            feed["feed_url"] = base + Self.path
        }
        return try JSONSerialization.data(withJSONObject: feed, options: [.sortedKeys, .withoutEscapingSlashes])
            + Data("\n".utf8)
    }

    private func item(for record: SignalRecord) -> [String: Any] {
        let headline = EntryWording.headline(for: record)
        let time = record.timestamp.rfc3339
        let text =
            ([headline] + EntryWording.changeLines(for: record)
            + ["\(record.signal) · \(record.source) #\(record.seq) · \(time)"])
            .joined(separator: "\n").removingXMLForbiddenCharacters
        return [
            "id": "tag:\(options.tagAuthority):\(record.source)/\(record.seq)",
            "url": base + FeedPublisher.pagePath + "#" + AdminPageRenderer.anchor(for: record),
            "title": headline.removingXMLForbiddenCharacters,
            "content_text": text,
            "date_published": time,
            "date_modified": time,
            "authors": [["name": record.actor.name.removingXMLForbiddenCharacters]],
            "tags": [record.signal.removingXMLForbiddenCharacters],
        ]
    }
}
