import Foundation
import Mustache
import SignalLog

/// Renders `index.html`, the static admin page, from a store snapshot with a Mustache template.
///
/// The embedded template (``DefaultPageTemplate``) works without any file beside the binary;
/// `PublishOptions.templateDirectory` replaces any of its parts (`index.mustache`,
/// `style.mustache`, `script.mustache`). Every value handed to the template is plain text,
/// so `{{…}}` escapes it; templates must not use `{{{…}}}` for user text.
struct AdminPageRenderer: Sendable {
    /// The text just before the page's generation time in the rendered page.
    static let generationMarker = "<meta name=\"activity-feed-generated\" content=\""

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
        let model = AdminPageModelBuilder(options: options, base: base, now: now).model(from: snapshot)
        guard let html = library.render(model, withTemplate: "index") else {
            throw PublishError.template("index", "the template library has no index template")
        }
        return Data(html.utf8)
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
