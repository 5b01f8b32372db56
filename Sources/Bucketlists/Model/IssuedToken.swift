import Foundation

/// A bearer token as issued at login: the secret (shown once) and when it stops working.
public struct IssuedToken: Sendable, Hashable {
    /// The token text for `Authorization: Bearer`; only its digest is stored.
    public var token: String
    /// When the token expires.
    public var expiresAt: Date
}
