import Foundation
import SignalLog

/// Writes Atom documents (RFC 4287) of the archived feed (RFC 5005 §4) with libxml2's `xmlTextWriter`.
///
/// Output depends only on the document and the options, never on the clock, so
/// rewriting a document that did not change yields the same bytes.
struct AtomFeedWriter: Sendable {
    static let atomNamespace = "http://www.w3.org/2005/Atom"
    static let historyNamespace = "http://purl.org/syndication/history/1.0"
    static let xhtmlNamespace = "http://www.w3.org/1999/xhtml"

    private let options: PublishOptions
    private let base: String

    /// Creates a writer; `base` is the validated base URL ending in `/`, or empty for relative links.
    init(options: PublishOptions, base: String) {
        self.options = options
        self.base = base
    }

    /// The feed's id, the same for every document of the logical feed.
    var feedID: String { "tag:\(options.tagAuthority):activity-feed" }

    /// An entry's id: stable forever, from the record's source and sequence number.
    func entryID(for record: SignalRecord) -> String {
        "tag:\(options.tagAuthority):\(record.source)/\(record.seq)"
    }

    /// The document's bytes.
    func data(for document: AtomDocument) throws -> Data {
        let xml = try XMLDocumentWriter(documentName: document.path)
        try xml.startElement("feed")
        try xml.attribute("xmlns", Self.atomNamespace)
        if case .archive = document.role { try xml.attribute("xmlns:fh", Self.historyNamespace) }
        try xml.element("id", text: feedID)
        switch document.role {
        case .subscription:
            try xml.element("title", ["type": "text"], text: options.feedTitle)
        case .archive(let page):
            try xml.element("title", ["type": "text"], text: "\(options.feedTitle) (archive page \(page))")
        }
        try xml.element("subtitle", ["type": "text"], text: options.feedSubtitle)
        try xml.element("updated", text: document.updated.rfc3339)
        try xml.startElement("author")
        try xml.element("name", text: "activity-feed")
        try xml.endElement()
        try xml.element("generator", ["version": "1"], text: "activity-feed")
        try writeLinks(of: document, to: xml)
        if case .archive = document.role {
            try xml.element("fh:archive")
        }
        for entry in document.entries {
            try writeEntry(entry, in: document, to: xml)
        }
        try xml.endElement()
        return try xml.finish()
    }

    private func writeLinks(of document: AtomDocument, to xml: XMLDocumentWriter) throws {
        if !base.isEmpty {
            try xml.element("link", ["rel": "self", "type": "application/atom+xml", "href": base + document.path])
        }
        let page = href("index.html", from: document)
        try xml.element("link", ["rel": "alternate", "type": "text/html", "href": page])
        if case .archive = document.role {
            let current = href(AtomDocument.path(of: .subscription), from: document)
            try xml.element("link", ["rel": "current", "type": "application/atom+xml", "href": current])
        }
        if let previous = document.previousArchivePage {
            let target = href(AtomDocument.path(of: .archive(page: previous)), from: document)
            try xml.element("link", ["rel": "prev-archive", "type": "application/atom+xml", "href": target])
        }
        if let next = document.nextArchivePage {
            let target = href(AtomDocument.path(of: .archive(page: next)), from: document)
            try xml.element("link", ["rel": "next-archive", "type": "application/atom+xml", "href": target])
        }
    }

    private func writeEntry(_ entry: FeedEntry, in document: AtomDocument, to xml: XMLDocumentWriter) throws {
        let record = entry.record
        let headline = EntryWording.headline(for: record)
        let time = record.timestamp.rfc3339
        try xml.startElement("entry")
        try xml.element("id", text: entryID(for: record))
        try xml.element("title", ["type": "text"], text: headline)
        try xml.element("published", text: time)
        try xml.element("updated", text: time)
        try xml.startElement("author")
        try xml.element("name", text: record.actor.name)
        try xml.endElement()
        try xml.element("category", ["term": record.signal])
        let anchor = "index.html#" + AdminPageRenderer.anchor(for: record)
        try xml.element("link", ["rel": "alternate", "type": "text/html", "href": href(anchor, from: document)])
        try xml.startElement("content")
        try xml.attribute("type", "xhtml")
        try xml.startElement("div")
        try xml.attribute("xmlns", Self.xhtmlNamespace)
        try xml.element("p", text: headline)
        let changes = EntryWording.changeLines(for: record)
        if !changes.isEmpty {
            try xml.startElement("ul")
            for change in changes { try xml.element("li", text: change) }
            try xml.endElement()
        }
        try xml.element("p", text: "\(record.signal) · \(record.source) #\(record.seq) · \(time)")
        try xml.endElement()
        try xml.endElement()
        try xml.endElement()
    }

    /// The link to `target` (a path relative to the output folder) as seen from `document`:
    /// absolute under the base URL, else relative to the document's own folder.
    private func href(_ target: String, from document: AtomDocument) -> String {
        if !base.isEmpty { return base + target }
        guard case .archive = document.role else { return target }
        let archivePrefix = "archive/"
        return target.hasPrefix(archivePrefix) ? String(target.dropFirst(archivePrefix.count)) : "../" + target
    }
}
