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
        Self.stopAtExit.withLock { $0 = (binaries + "/pg_ctl", folder + "/data") }
        atexit {
            guard let (pgCtl, data) = ScratchPostgres.stopAtExit.withLock({ $0 }) else { return }
            try? ScratchPostgres.run(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], log: nil)
        }
    }

    private static let stopAtExit = Mutex<(String, String)?>(nil)

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

    /// Runs `tool` with `arguments` (as the `postgres` user when root, unless `asPostgres` is false).
    ///
    /// - Throws: ``Failure`` naming the tool, its exit status and its output (or the log it wrote to).
    static func run(_ tool: String, _ arguments: [String], log: String?, asPostgres: Bool = true) throws {
        let process = Process()
        if asPostgres && geteuid() == 0 && !tool.hasPrefix("/bin/") {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", tool] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run \(tool): \(error)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if let log { try? text.write(toFile: log, atomically: false, encoding: .utf8) }
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "\(tool) \(arguments.joined(separator: " ")) failed with status "
                    + "\(process.terminationStatus): \(text.prefix(2000))")
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
