import Crypto

/// A random secret handed to a user once (a bearer or feed token), and the digest the database keeps.
///
/// The text is an optional prefix that says what the token is for (``feedPrefix``), then 64 lowercase hex
/// characters (256 random bits from the system's secure generator). Only ``digest`` is stored, so a copy of the
/// database lets no one log in.
public struct SecretToken: Sendable {
    /// The token to give to the user; never log or store it.
    public let text: String

    /// The prefix of personal feed tokens, so that one found in a log, a URL or a repository is recognised.
    public static let feedPrefix = "blfeed_"

    /// A new random token whose text starts with `prefix`.
    public init(prefix: String = "") {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.text = prefix + Self.hex(bytes)
    }

    /// The lowercase hex SHA-256 of the token, as stored.
    public var digest: String { Self.digest(of: text) }

    /// The lowercase hex SHA-256 of any presented token text, to look it up.
    public static func digest(of text: String) -> String {
        hex(Array(SHA256.hash(data: Array(text.utf8))))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
