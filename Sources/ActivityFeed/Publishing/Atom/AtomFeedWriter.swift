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
    /// What every entry's id starts with: an entry's id is this, then `<source>/<seq>`,
    /// from the record's source and sequence number, so it is stable forever.
    private let entryIDPrefix: String

    /// Creates a writer; `base` is the validated base URL ending in `/`, or empty for relative links.
    init(options: PublishOptions, base: String) {
        self.options = options
        self.base = base
        self.entryIDPrefix = "tag:\(options.tagAuthority):"
    }

    /// The feed's id, the same for every document of the logical feed.
    var feedID: String { "tag:\(options.tagAuthority):activity-feed" }

    /// The document's bytes.
    ///
    /// The subscription document is indented for people who open it; archive pages, written once and read
    /// by feed readers, have no whitespace between elements, which is about a fifth of their bytes.
    func data(for document: AtomDocument) throws -> Data {
        let isArchive = if case .archive = document.role { true } else { false }
        var xml = try XMLDocumentWriter(
            documentName: document.path,
            capacity: Self.expectedHeaderBytes + document.entries.count * Self.expectedEntryBytes,
            indented: !isArchive
        )
        try xml.startElement("feed")
        try xml.attribute("xmlns", Self.atomNamespace)
        if case .archive = document.role { try xml.attribute("xmlns:fh", Self.historyNamespace) }
        try xml.element("id", text: feedID)
        switch document.role {
        case .subscription:
            try xml.element("title", "type", "text", text: options.feedTitle)
        case .archive(let page):
            try xml.element("title", "type", "text", text: "\(options.feedTitle) (archive page \(page))")
        }
        try xml.element("subtitle", "type", "text", text: options.feedSubtitle)
        try xml.element("updated", text: document.updated.rfc3339)
        try xml.startElement("author")
        try xml.element("name", text: "activity-feed")
        try xml.endElement()
        try xml.element("generator", "version", "1", text: "activity-feed")
        try writeLinks(of: document, to: &xml)
        if case .archive = document.role {
            try xml.element("fh:archive")
        }
        let entryLinkPrefix = href(FeedPublisher.pagePath + "#", from: document)
        var timestamps = TimestampFormatter()
        for index in document.entries.indices {
            try writeEntry(
                document.entries[index].record, linkPrefix: entryLinkPrefix, compact: isArchive,
                timestamps: &timestamps, to: &xml)
        }
        try xml.endElement()
        return try xml.finish()
    }

    /// Bytes a document holds besides its entries, and per entry, about; a guess at the buffer to reserve.
    private static let expectedHeaderBytes = 2048
    private static let expectedEntryBytes = 1024

    private func writeLinks(of document: AtomDocument, to xml: inout XMLDocumentWriter) throws {
        if !base.isEmpty {
            try writeLink(rel: "self", type: "application/atom+xml", href: base + document.path, to: &xml)
        }
        try writeLink(rel: "alternate", type: "text/html", href: href(FeedPublisher.pagePath, from: document), to: &xml)
        if case .archive = document.role {
            let current = href(AtomDocument.path(of: .subscription), from: document)
            try writeLink(rel: "current", type: "application/atom+xml", href: current, to: &xml)
        }
        if let previous = document.previousArchivePage {
            let target = href(AtomDocument.path(of: .archive(page: previous)), from: document)
            try writeLink(rel: "prev-archive", type: "application/atom+xml", href: target, to: &xml)
        }
        if let next = document.nextArchivePage {
            let target = href(AtomDocument.path(of: .archive(page: next)), from: document)
            try writeLink(rel: "next-archive", type: "application/atom+xml", href: target, to: &xml)
        }
    }

    private func writeLink(rel: String, type: String, href: String, to xml: inout XMLDocumentWriter) throws {
        try xml.startElement("link")
        try xml.attribute("rel", rel)
        try xml.attribute("type", type)
        try xml.attribute("href", href)
        try xml.endElement()
    }

    /// Writes one record's entry; `linkPrefix` is the link to the page's anchors (`…index.html#`) as seen from its document.
    ///
    /// A `compact` entry (archive pages) leaves out what repeats its other fields, about half its
    /// bytes: `published` (the same time as `updated`), and the content's headline (the title) and
    /// its signal · source #seq · time line (the category, id and `updated`); its content is the
    /// list of changes alone, and absent when there is none (its alternate link stands in, RFC 4287 §4.1.1).
    private func writeEntry(
        _ record: SignalRecord,
        linkPrefix: String,
        compact: Bool,
        timestamps: inout TimestampFormatter,
        to xml: inout XMLDocumentWriter
    ) throws {
        let headline = EntryWording.headline(for: record)
        let time = timestamps.rfc3339(record.timestamp)
        try xml.startElement("entry")
        try xml.startElement("id")
        try xml.text(entryIDPrefix)
        try xml.text(record.source)
        try xml.text("/")
        try xml.text(record.seq)
        try xml.endElement()
        try xml.element("title", "type", "text", text: headline)
        if !compact { try xml.element("published", text: time) }
        try xml.element("updated", text: time)
        try xml.startElement("author")
        try xml.element("name", text: record.actor.name)
        try xml.endElement()
        try xml.element("category", "term", record.signal)
        try xml.startElement("link")
        try xml.attribute("rel", "alternate")
        try xml.attribute("type", "text/html")
        try xml.startAttribute("href")
        try xml.text(linkPrefix)
        try xml.text(AdminPageRenderer.anchor(for: record))
        try xml.endAttribute()
        try xml.endElement()
        let changes = EntryWording.changeLines(for: record)
        if !compact || !changes.isEmpty {
            try xml.startElement("content")
            try xml.attribute("type", "xhtml")
            try xml.startElement("div")
            try xml.attribute("xmlns", Self.xhtmlNamespace)
            if !compact { try xml.element("p", text: headline) }
            if !changes.isEmpty {
                try xml.startElement("ul")
                for change in changes { try xml.element("li", text: change) }
                try xml.endElement()
            }
            if !compact {
                try xml.startElement("p")
                try xml.text(record.signal)
                try xml.text(" · ")
                try xml.text(record.source)
                try xml.text(" #")
                try xml.text(record.seq)
                try xml.text(" · ")
                try xml.text(time)
                try xml.endElement()
            }
            try xml.endElement()
            try xml.endElement()
        }
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
