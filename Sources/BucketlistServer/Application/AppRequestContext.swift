import Bucketlists
import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore

/// The per-request context: Hummingbird's core storage plus the authenticated user, if any.
///
/// Responses are encoded as JSON with snake_case keys and ISO 8601 dates, as the HTTP contract shows.
struct AppRequestContext: AuthRequestContext, RequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: User?
    /// The IP address of the connection's peer (a proxy, when there is one); nil when unknown (in tests).
    let peerAddress: String?

    init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }

    var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
