/// What `serve` needs to build the HTTP application.
struct ServerSettings: Sendable {
    var hostname = "127.0.0.1"
    var port = 8080
    /// The published page and feed, served under `/admin/`.
    var feedDirectory = "output"
}
