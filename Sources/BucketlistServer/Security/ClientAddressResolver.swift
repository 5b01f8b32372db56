import Foundation

/// Says which address a request comes from, for throttling and for the authentication log.
///
/// The peer's IP address, unless the peer is one of the configured proxies: then the rightmost address in
/// `X-Forwarded-For` that is not itself a trusted proxy. A client cannot forge its address with its own
/// `X-Forwarded-For`, because the header is read only when a trusted proxy sent the request.
struct ClientAddressResolver: Sendable {
    /// The proxies whose `X-Forwarded-For` is believed, as IP addresses (`127.0.0.1`, `::1`).
    var trustedProxies: Set<String> = []

    /// The client's address: `peer` (nil when unknown, as in tests), or what a trusted proxy forwarded.
    func clientAddress(peer: String?, forwardedFor: [String]) -> String {
        guard let peer else { return "unknown" }
        guard trustedProxies.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !hop.isEmpty && !trustedProxies.contains(hop) {
            return LogText.sanitized(hop, limit: 64)
        }
        return peer
    }
}
