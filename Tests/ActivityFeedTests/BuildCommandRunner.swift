import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `activity-feed` executable (next to the test bundle) as a child process.
enum BuildCommandRunner {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static var executable: URL {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidates = [bundle, URL(fileURLWithPath: CommandLine.arguments[0])].map {
            $0.deletingLastPathComponent().appendingPathComponent("activity-feed")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Starts `executable` (the `activity-feed` binary unless told otherwise) with `arguments` in `directory`.
    static func start(_ arguments: [String], in directory: URL, executable: URL = executable) throws -> (
        Process, Pipe, Pipe
    ) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return (process, output, error)
    }

    static func run(_ arguments: [String], in directory: URL, executable: URL = executable) throws -> Result {
        let (process, output, error) = try start(arguments, in: directory, executable: executable)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }

    /// The `stats --json` document as a dictionary.
    static func stats(state: String, in directory: URL) throws -> [String: Any] {
        let result = try run(["stats", "--state", state, "--json"], in: directory)
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        else { return [:] }
        return object
    }

    static func lastOrdinal(state: String, in directory: URL) throws -> Int {
        let entries = try stats(state: state, in: directory)["entries"] as? [String: Any]
        return entries?["last_ordinal"] as? Int ?? 0
    }

    /// Polls `stats` until the state's last ordinal is `ordinal`; false when it never gets there.
    static func eventually(lastOrdinal ordinal: Int, state: String, in directory: URL) throws -> Bool {
        try eventually { try lastOrdinal(state: state, in: directory) == ordinal }
    }

    /// Sends `signal` to a `build --follow` process and waits for it; true when it exited with status 0.
    static func stop(_ follower: Process, with signal: Int32) -> Bool {
        kill(follower.processIdentifier, signal)
        follower.waitUntilExit()
        return follower.terminationReason == .exit && follower.terminationStatus == 0
    }

    /// Polls until `condition` holds or `limit` passes; the limit only guards against a hang.
    static func eventually(within limit: Duration = .seconds(60), _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }
}
