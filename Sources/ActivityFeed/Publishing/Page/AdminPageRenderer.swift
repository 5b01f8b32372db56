import Foundation
import Mustache
import SignalLog

/// Renders `index.html`, the static admin page, and the stylesheet and script it links
/// (`page.css`, `page.js`) from a store snapshot with a Mustache template.
///
/// The embedded template (``DefaultPageTemplate``) works without any file beside the binary;
/// `PublishOptions.templateDirectory` replaces any of its parts (`index.mustache`,
/// `stylesheet.mustache`, `style.mustache`, `script.mustache`). Every value handed to the
/// template is plain text, so `{{…}}` escapes it; templates must not use `{{{…}}}` for user text.
struct AdminPageRenderer: Sendable {
    /// The text just before the page's generation time in the rendered page.
    static let generationMarker = "<meta name=\"activity-feed-generated\" content=\""

    /// A file the page links, beside `index.html`, and the template part that renders it.
    struct Asset: Sendable, Equatable {
        /// The file's path relative to the output folder.
        var path: String
        /// The template part rendered into it.
        var part: String
    }

    /// The stylesheet and the script, in the order they are written (before the page that links them).
    static let assets = [
        Asset(path: "page.css", part: "stylesheet"),
        Asset(path: "page.js", part: "script"),
    ]

    private let options: PublishOptions
    private let base: String
    private let library: MustacheLibrary

    /// Loads the templates; `base` is the validated base URL ending in `/`, or empty.
    init(options: PublishOptions, base: String) throws {
        self.options = options
        self.base = base
        var library = MustacheLibrary()
        for (name, text) in DefaultPageTemplate.parts {
            try Self.register(text, named: name, from: "embedded template \(name)", in: &library)
        }
        if let directory = options.templateDirectory {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                throw PublishError.template(
                    directory.path, "cannot list the template folder: \(error.localizedDescription)")
            }
            guard names.contains("index.mustache") else {
                throw PublishError.template(directory.path, "the template folder has no index.mustache")
            }
            for name in names.sorted() where name.hasSuffix(".mustache") && !name.hasPrefix(".") {
                let url = directory.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: url.path),
                    let text = String(data: data, encoding: .utf8)
                else {
                    throw PublishError.template(url.path, "cannot read the template as UTF-8 text")
                }
                try Self.register(text, named: String(name.dropLast(".mustache".count)), from: url.path, in: &library)
            }
        }
        self.library = library
    }

    /// The page's id for a record's line, the target of the feed's alternate links.
    static func anchor(for record: SignalRecord) -> String {
        "e-\(record.source)-\(record.seq)"
    }

    /// The page's bytes as of `now`.
    func render(_ snapshot: AdminPageSnapshot, now: Date) throws -> Data {
        try render(part: "index", model(snapshot, now: now))
    }

    /// The bytes of each of ``assets`` as of `now`, in that order. The embedded parts do not
    /// depend on the time, so their bytes change only with the filter choices or the template.
    func renderAssets(_ snapshot: AdminPageSnapshot, now: Date) throws -> [(path: String, data: Data)] {
        let model = model(snapshot, now: now)
        return try Self.assets.map { ($0.path, try render(part: $0.part, model)) }
    }

    private func model(_ snapshot: AdminPageSnapshot, now: Date) -> AdminPageModel {
        AdminPageModelBuilder(options: options, base: base, now: now).model(from: snapshot)
    }

    private func render(part: String, _ model: AdminPageModel) throws -> Data {
        guard let text = library.render(model, withTemplate: part) else {
            throw PublishError.template(part, "the template library has no \(part) template")
        }
        return Data(text.utf8)
    }

    private static func register(
        _ text: String,
        named name: String,
        from origin: String,
        in library: inout MustacheLibrary
    ) throws {
        do {
            try library.register(text, named: name)
        } catch {
            throw PublishError.template(origin, "the template does not parse: \(error)")
        }
    }
}
