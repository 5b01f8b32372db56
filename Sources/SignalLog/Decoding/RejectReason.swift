/// Why a reader rejected a line: a kind, the field concerned (if any) and a detail for people.
///
/// Build one with the static functions (``invalidJSON(position:_:)`` and the others); `kind`
/// is stable for programs, `detail` is for people and may change wording.
public struct RejectReason: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable {
        /// The line is not valid UTF-8.
        case invalidUTF8
        /// The line is not one JSON object (syntax, duplicate key, empty or blank line).
        case invalidJSON
        /// The line is longer than the reader's maximum line length.
        case lineTooLong
        /// A required field is absent.
        case missingField
        /// A field has the wrong type or a value the format does not allow.
        case invalidField
        /// The record's `v` is a version this reader does not know.
        case unsupportedVersion
    }

    /// The kind of problem.
    public var kind: Kind
    /// The field concerned, dotted for nested fields (`actor.name`), for missing and invalid fields.
    public var field: String?
    /// What is wrong, for people.
    public var detail: String
    /// Byte position in the line (from its first byte, BOM included) where the problem was found,
    /// for invalid UTF-8 and invalid JSON; nil otherwise, and for an empty line.
    ///
    /// Always less than the line's length (without its `\n`): where the line ends too early (inside a
    /// string, before a value or a closing bracket), the position is its last byte.
    public var position: Int?

    /// Creates a reason from its parts.
    public init(kind: Kind, field: String? = nil, detail: String, position: Int? = nil) {
        self.kind = kind
        self.field = field
        self.detail = detail
        self.position = position
    }

    /// The bytes at `position` are not valid UTF-8.
    public static func invalidUTF8(position: Int) -> RejectReason {
        RejectReason(kind: .invalidUTF8, detail: "invalid UTF-8 at byte \(position)", position: position)
    }

    /// The line is not a JSON object; `position` is where the problem was found.
    public static func invalidJSON(position: Int, _ why: String) -> RejectReason {
        RejectReason(kind: .invalidJSON, detail: "invalid JSON at byte \(position): \(why)", position: position)
    }

    /// The line is empty, or holds only a byte order mark: `invalidJSON` with no position, since it
    /// has no byte to point at.
    static let emptyLine = RejectReason(kind: .invalidJSON, detail: "invalid JSON: empty line")

    /// The line (without its `\n`) has `length` bytes, more than `limit`.
    public static func lineTooLong(length: Int, limit: Int) -> RejectReason {
        RejectReason(kind: .lineTooLong, detail: "line of \(length) bytes is longer than the limit of \(limit) bytes")
    }

    /// The required field `name` is absent.
    public static func missingField(_ name: String, _ why: String? = nil) -> RejectReason {
        RejectReason(kind: .missingField, field: name, detail: why ?? "required field \"\(name)\" is missing")
    }

    /// The field `name` is present but not acceptable, for the reason `why`.
    public static func invalidField(_ name: String, _ why: String) -> RejectReason {
        RejectReason(kind: .invalidField, field: name, detail: "field \"\(name)\": \(why)")
    }

    /// The record's format version `version` is not one this reader knows.
    public static func unsupportedVersion(_ version: Int64) -> RejectReason {
        RejectReason(
            kind: .unsupportedVersion, field: "v",
            detail: "format version \(version) is not supported (this reader knows \(SignalRecord.formatVersion))")
    }

    /// `kind: detail`.
    public var description: String { "\(kind.rawValue): \(detail)" }
}
