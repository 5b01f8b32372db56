/// Why publishing failed: what happened, and the file or option concerned.
public struct PublishError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable {
        case invalidOption(PublishOptions.Setting)
        case fileSystem
        case diskFull
        case archiveConflict
        case xmlWriter
        case template
        case storeIncomplete
    }

    private let code: Code
    /// What happened, in words.
    public let message: String
    /// The file, folder or option concerned (for an option, its ``PublishOptions/Setting`` raw value).
    public let location: String

    private init(_ code: Code, _ message: String, location: String) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// One line: the location, then the message.
    public var description: String { "\(location): \(message)" }

    /// An option that cannot work (a relative base URL, a malformed tag authority).
    public static func invalidOption(_ setting: PublishOptions.Setting, _ message: String) -> PublishError {
        PublishError(.invalidOption(setting), message, location: setting.rawValue)
    }

    /// A file or folder that could not be read, written, synced or renamed.
    public static func fileSystem(_ path: String, _ message: String) -> PublishError {
        PublishError(.fileSystem, message, location: path)
    }

    /// A file that could not be written because its disk (or the user's quota on it) is full.
    public static func diskFull(_ path: String, _ message: String) -> PublishError {
        PublishError(.diskFull, message, location: path)
    }

    /// The output folder holds an archive page the feed store does not know, or one the store would
    /// fill with other entries: publishing would rewrite history under the same URL, so nothing is written.
    public static func archiveConflict(_ folder: String, _ message: String) -> PublishError {
        PublishError(.archiveConflict, message, location: folder)
    }

    /// libxml2's writer refused a call while producing a document.
    public static func xmlWriter(_ document: String, _ message: String) -> PublishError {
        PublishError(.xmlWriter, message, location: document)
    }

    /// A page template that could not be read or parsed.
    public static func template(_ path: String, _ message: String) -> PublishError {
        PublishError(.template, message, location: path)
    }

    /// The feed store no longer holds entries an archive page needs.
    public static func storeIncomplete(_ document: String, _ message: String) -> PublishError {
        PublishError(.storeIncomplete, message, location: document)
    }

    /// Whether a disk (or quota) filled while publishing.
    public var isDiskFull: Bool {
        if case .diskFull = code { true } else { false }
    }

    /// Whether publishing was refused because it would rewrite archive pages (see ``archiveConflict(_:_:)``).
    public var isArchiveConflict: Bool {
        if case .archiveConflict = code { true } else { false }
    }

    /// Whether the error is about an option, so a command line can exit with a usage status.
    public var isInvalidOption: Bool { invalidSetting != nil }

    /// The option that cannot work, when the error is about one.
    public var invalidSetting: PublishOptions.Setting? {
        guard case .invalidOption(let setting) = code else { return nil }
        return setting
    }
}
