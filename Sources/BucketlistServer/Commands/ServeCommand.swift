import ArgumentParser
import Bucketlists
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SignalLog

/// `bucketlist-server serve`: drains the outbox, then serves HTTP until SIGTERM or SIGINT, then drains again.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API and relay committed changes to the activity log."
    )

    @Option(help: "The address to listen on.")
    var hostname = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: ArgumentHelp(stringLiteral: StoreCommand.databaseHelp + " An SQLite file is created if missing."))
    var database = "bucketlists.sqlite"

    @Option(name: .customLong("activity-log"), help: "The activity log the committed changes are appended to.")
    var activityLog = "activity.log"

    @Option(help: "This instance's name in records ([A-Za-z0-9._-], 1-64); defaults to the host name.")
    var source = ServeCommand.defaultSource()

    @Option(name: .customLong("feed-dir"), help: "The folder of the published page and feed, served under /admin/.")
    var feedDirectory = "output"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(
        name: .customLong("trusted-proxy"),
        help: "A reverse proxy's IP address whose X-Forwarded-For is believed (repeat for several)."
    )
    var trustedProxies: [String] = []

    @Option(
        name: .customLong("login-failures-per-user"),
        help: "Failed logins allowed per username in 10 minutes before 429 (Basic on /admin/ included)."
    )
    var failuresPerUsername = 10

    @Option(
        name: .customLong("login-failures-per-address"),
        help: "Failed logins allowed per client address in 1 minute before 429."
    )
    var failuresPerAddress = 30

    @Option(
        name: .customLong("request-head-timeout"),
        help: "Seconds a connection may stay without a complete request head before it is closed."
    )
    var requestHeadTimeout: Int64 = 20

    @Flag(
        name: .customLong("no-activity-log"),
        help: "Do not relay the outbox to the activity log (for benchmarks: records pile up in the database)."
    )
    var withoutActivityLog = false

    func validate() throws {
        guard BucketlistStore.Configuration.isValidSource(source) else {
            throw ValidationError("--source must be 1 to 64 characters of [A-Za-z0-9._-], got '\(source)'")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard failuresPerUsername >= 1, failuresPerAddress >= 1 else {
            throw ValidationError("--login-failures-per-user and --login-failures-per-address must be 1 or more")
        }
        guard requestHeadTimeout >= 1 else { throw ValidationError("--request-head-timeout must be 1 or more") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown --log-level '\(logLevel)'")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "bucketlist-server")
        let backend = try await StoreCommand.openBackend(database, logger: Logger(label: "bucketlist-server.database"))
        defer { if case .postgres(let database) = backend { database.close() } }
        let store = BucketlistStore(
            backend: backend,
            configuration: .init(source: source),
            logger: Logger(label: "bucketlist-server.store")
        )
        var limits = SignInThrottle.Limits()
        limits.failuresPerUsername = failuresPerUsername
        limits.failuresPerAddress = failuresPerAddress
        let settings = ServerSettings(
            hostname: hostname, port: port, feedDirectory: feedDirectory, trustedProxies: Set(trustedProxies),
            signInLimits: limits, requestHeadTimeout: requestHeadTimeout)

        guard !withoutActivityLog else {
            logger.warning("the activity log relay is off: committed records stay in the outbox")
            try await buildApplication(store: store, settings: settings, logger: logger).runService()
            return
        }
        let writer = try LogWriter(path: activityLog)
        let relay = LogRelay(backend: backend, source: source, logger: Logger(label: "bucketlist-server.relay")) {
            records in
            try await writer.append(records)
        }
        // On PostgreSQL this instance claims its source before it relays anything: a second server with the same
        // --source stops here. The claim's connection also wakes the relay on each commit (LISTEN/NOTIFY).
        var services: [any Service] = [relay, OutboxPoll(relay: relay, interval: Self.outboxPollInterval)]
        if case .postgres(let database) = backend {
            do {
                let claim = try await PostgresSourceLock.acquire(
                    source: source, database: database, relay: relay, logger: Logger(label: "bucketlist-server.relay"))
                services.append(claim)
            } catch let error as PostgresSourceLock.SourceInUse {
                try? writer.close()
                throw CommandFailure(message: error.description)
            }
        }
        // Whatever a crash left in the outbox reaches the log before the first request is served. If the log
        // cannot take it now (its disk is full), serve anyway: changes commit to the outbox, and the relay
        // keeps retrying until the log can be written, rather than leaving the API down.
        do {
            let recovered = try await relay.drain()
            logger.info("outbox drained at start", metadata: ["records": "\(recovered)", "source": "\(source)"])
        } catch {
            logger.error(
                "could not drain the outbox at start; serving anyway, the relay retries every second",
                metadata: ["error": "\(error)", "source": "\(source)"])
        }
        relay.connect(to: store)
        relay.nudge()
        // Graceful shutdown stops the server first, so the requests in flight commit, then the poll, then the
        // relay, whose last drain empties the outbox.
        let app = buildApplication(
            store: store, settings: settings, logger: logger,
            services: services
        )
        do {
            try await app.runService()
        } catch let error where error is LogRelay.UndrainedOutbox || error is PostgresSourceLock.LockLost {
            // Errors that say in one line what stopped the server.
            try? writer.close()
            throw CommandFailure(message: "\(error)")
        } catch {
            try? writer.close()
            throw error
        }
        try writer.close()
    }

    /// How often the relay looks for records that other processes committed.
    static let outboxPollInterval = Duration.seconds(2)

    /// The host name with every character outside `[A-Za-z0-9._-]` replaced by `-`, at most 64 characters;
    /// `app-1` when that leaves nothing.
    static func defaultSource() -> String {
        let sanitized = String(
            ProcessInfo.processInfo.hostName.unicodeScalars.prefix(64).map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "-"
            }
        )
        return sanitized.isEmpty ? "app-1" : sanitized
    }
}
