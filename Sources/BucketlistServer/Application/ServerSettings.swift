/// What `serve` needs to build the HTTP application.
struct ServerSettings: Sendable {
    var hostname = "127.0.0.1"
    var port = 8080
    /// The published page and feed, served under `/admin/`.
    var feedDirectory = "output"
    /// The proxies whose `X-Forwarded-For` is believed (IP addresses).
    var trustedProxies: Set<String> = []
    /// The limits on failed sign-ins and registrations.
    var signInLimits = SignInThrottle.Limits()
    /// How long, in seconds, a connection may stay without a complete request head before it is closed: a
    /// new connection that has not sent a whole head by then, or an idle keep-alive connection.
    var requestHeadTimeout: Int64 = 20
}
