/// An error from ``BucketlistStore``: what went wrong, and which field or row it concerns.
///
/// Compare with the static constructors (`error == .notFound()`); equality looks at the kind only, so new
/// kinds and richer messages do not break callers.
public struct StoreError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable {
        case invalidInput
        case notFound
        case usernameTaken
        case corruptOutbox
        case busy
    }

    private let code: Code
    /// A sentence for the person who made the request; it never contains a password or token.
    public let message: String
    /// The input field at fault (`name`, `username`, `password`), when one is.
    public let field: String?

    private init(_ code: Code, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// A field's value is outside what the store accepts (length, characters).
    public static func invalidInput(field: String = "", message: String = "invalid input") -> StoreError {
        StoreError(.invalidInput, message: message, field: field)
    }

    /// The list or item does not exist, or belongs to someone else (the two are not told apart).
    public static func notFound(_ message: String = "not found") -> StoreError {
        StoreError(.notFound, message: message)
    }

    /// Another user already has this username (compared case-insensitively).
    public static func usernameTaken(_ username: String = "") -> StoreError {
        StoreError(.usernameTaken, message: "the username '\(username)' is taken", field: "username")
    }

    /// An outbox row could not be turned back into a record; the relay stops before it.
    public static func corruptOutbox(seq: Int64 = 0, reason: String = "") -> StoreError {
        StoreError(.corruptOutbox, message: "outbox row \(seq) is corrupt: \(reason)")
    }

    /// The server is too busy to check a password now; the client should retry in a moment (HTTP 503).
    public static func busy(_ message: String = "busy") -> StoreError {
        StoreError(.busy, message: message)
    }

    /// Whether the two errors are of the same kind.
    public static func == (lhs: StoreError, rhs: StoreError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the kind, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }

    /// The message, with the field when there is one.
    public var description: String {
        if let field, !field.isEmpty { return "\(field): \(message)" }
        return message
    }
}
