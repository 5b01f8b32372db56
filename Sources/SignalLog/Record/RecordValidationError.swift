/// Why a record breaks the rules of format version 1: the field and what is wrong with it.
///
/// Thrown by ``SignalRecord/validate()`` and by ``LogWriter`` before anything is written.
public struct RecordValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case missing
        case invalid
    }

    private let code: Code
    /// The field in the record format's spelling, dotted for nested fields (`seq`, `actor.name`, `parent`).
    public let field: String
    /// What is wrong, in words a user can act on.
    public let message: String

    private init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// A required field is absent (or, for `changes`, empty).
    static func missing(_ field: String, _ message: String) -> RecordValidationError {
        RecordValidationError(code: .missing, field: field, message: message)
    }

    /// A field is present but its value is not allowed.
    static func invalid(_ field: String, _ message: String) -> RecordValidationError {
        RecordValidationError(code: .invalid, field: field, message: message)
    }

    /// Whether the error is about a required field that is absent rather than one with a bad value.
    public var isMissingField: Bool { code == .missing }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}
