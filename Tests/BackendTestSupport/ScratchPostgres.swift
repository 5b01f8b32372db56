import Bucketlists
import Foundation
import Synchronization

/// A real PostgreSQL cluster for the tests of one process: started once (initdb and pg_ctl from Debian's
/// `postgresql` package, as the `postgres` user when the tests run as root), in a scratch folder, on a free
/// port of 127.0.0.1 with trust authentication, and stopped when the process exits.
///
/// It never makes a test pass without a server: when the cluster cannot start, ``shared()`` throws a
/// ``Failure`` that says why, and every PostgreSQL test fails with it.
public final class ScratchPostgres: Sendable {
    /// Why the cluster could not start, and where its logs are.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, in one line.
        public var description: String
    }

    /// The folder holding the cluster's data, socket and logs.
    public let folder: String
    /// The port the server listens on, on 127.0.0.1.
    public let port: Int
    private let binaries: String
    private let databaseCount = Mutex(0)

    private static let started: Result<ScratchPostgres, Failure> = Result { try ScratchPostgres() }
        .mapError { $0 as? Failure ?? Failure(description: "\($0)") }

    /// The process's cluster, started on first use.
    ///
    /// - Throws: ``Failure`` when it could not start (the same failure for every caller).
    public static func shared() throws -> ScratchPostgres {
        try started.get()
    }

    private init() throws {
        let fileManager = FileManager.default
        let versions = (try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max() else {
            throw Failure(
                description:
                    "PostgreSQL tests need Debian's postgresql package (no /usr/lib/postgresql/*/bin/initdb); "
                    + "scripts/lib/install-test-deps.sh installs it")
        }
        binaries = "/usr/lib/postgresql/\(version)/bin"
        folder = fileManager.temporaryDirectory.appendingPathComponent("scratch-postgres-\(UUID().uuidString)").path
        try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        chmod(folder, 0o755)
        if geteuid() == 0 {
            try Self.run("/bin/chown", ["postgres:", folder], log: nil)
        }
        port = try Self.freePort()
        try Self.run(
            binaries + "/initdb", ["-D", folder + "/data", "-A", "trust", "-U", "postgres", "--no-sync"],
            log: folder + "/initdb.log")
        try Self.run(
            binaries + "/pg_ctl",
            [
                "-D", folder + "/data", "-l", folder + "/server.log", "-w", "-o",
                "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder) -c fsync=off -c max_connections=300",
                "start",
            ],
            log: folder + "/pg_ctl.log")
        try Self.stopWhenProcessEnds(pgCtl: binaries + "/pg_ctl", data: folder + "/data")
    }

    /// Starts a watcher that stops the cluster once this process has ended, however it ends (a normal exit, a
    /// crash, a kill): Swift Testing's runner does not always run `atexit` handlers.
    private static func stopWhenProcessEnds(pgCtl: String, data: String) throws {
        let stop = geteuid() == 0 ? "runuser -u postgres -- \(pgCtl)" : pgCtl
        let script =
            "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
            + "\(stop) -D '\(data)' -m immediate -w stop >/dev/null 2>&1; rm -rf '\(data)'"
        var pid: pid_t = 0
        let argv = ["/bin/sh", "-c", script]
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a signal to the test runner's group does not end the watcher first.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        // Not the runner's output: whoever reads it (swift test) would wait for the watcher to end.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_RDWR, 0)
        }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "cannot start the cluster's stop watcher: \(spawned)") }
    }

    /// Creates a new empty database on the cluster and returns its address.
    public func createDatabase() throws -> PostgresAddress {
        let number = databaseCount.withLock { count in
            count += 1
            return count
        }
        let name = "test_\(getpid())_\(number)"
        try Self.run(
            binaries + "/psql",
            ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-q", "-c", "CREATE DATABASE \(name)", "postgres"],
            log: nil, asPostgres: false)
        return PostgresAddress(username: "postgres", host: "127.0.0.1", port: port, database: name)
    }

    /// Runs `tool` with `arguments` (as the `postgres` user when root, unless `asPostgres` is false), its
    /// output appended to `log` (or a scratch file), and waits for it.
    ///
    /// Uses `posix_spawn` and `waitpid`, not Foundation's `Process`, whose wait needs a free thread: the tests
    /// that wait for this cluster's start can hold them all.
    ///
    /// - Throws: ``Failure`` naming the tool, its exit status and its output.
    static func run(_ tool: String, _ arguments: [String], log: String?, asPostgres: Bool = true) throws {
        let argv =
            asPostgres && geteuid() == 0 && !tool.hasPrefix("/bin/")
            ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments
            : [tool] + arguments
        let output = log ?? FileManager.default.temporaryDirectory.appendingPathComponent("scratch-\(UUID()).out").path
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(argv[0]): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        if log == nil { unlink(output) }
        guard status == 0 else {
            throw Failure(
                description: "\(argv.joined(separator: " ")) failed (wait status \(status)): \(text.prefix(2000))")
        }
    }

    /// A TCP port of 127.0.0.1 that nothing listens on now.
    private static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketFD, generic, length) == 0 && getsockname(socketFD, generic, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "cannot bind a port on 127.0.0.1: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
