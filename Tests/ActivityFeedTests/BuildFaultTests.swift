import ActivityFeed
import Foundation
import SignalLog
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Faults an operator meets (a lost state, a deleted output, a wrong path, a full disk, a stop
/// request): each is one clear line on stderr and an exit status that says what happened.
@Suite(.serialized) struct BuildFaultTests {
    /// What a fault's line must never hold: Foundation error domains, SQL, escaped newlines.
    static func expectOneCleanLine(
        _ result: BuildCommandRunner.Result, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)", sourceLocation: sourceLocation)
        for unwanted in ["Error Domain", "NSCocoaErrorDomain", "\\u{a}", "while executing", "SQLite error"] {
            #expect(!result.standardError.contains(unwanted), "\(result.standardError)", sourceLocation: sourceLocation)
        }
    }

    /// The `source/seq` of each entry of `output/feed.atom`, newest first, whatever the tag authority.
    static func feedEntries(in directory: FeedTestDirectory) throws -> [String] {
        let feed = try XPathDocument(file: directory.url.appendingPathComponent("output/feed.atom"))
        return try feed.strings("/a:feed/a:entry/a:id").map { String($0.split(separator: ":").last ?? "") }
    }

    @Test func aBuildWhoseStateWasLostAfterRotationRefusesToRewriteArchivePages() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let output = directory.url.appendingPathComponent("output")
        let arguments = ["build", "--log", log, "--state", directory.statePath, "--entries", "5"]
        try FeedFixtures.append(FeedFixtures.lines(1...30), to: log)
        #expect(try BuildCommandRunner.run(arguments, in: directory.url).status == 0)
        let published = try ArchiveHistoryTests.contents(of: output)
        #expect(published.keys.contains("archive/5.atom"))

        // The older log is rotated away and the state deleted: rebuilt, it would number other records 1, 2, …
        try FileManager.default.removeItem(atPath: log)
        try FeedFixtures.append(FeedFixtures.lines(31...60), to: log)
        try FileManager.default.removeItem(atPath: directory.path("state"))
        let refused = try BuildCommandRunner.run(arguments, in: directory.url)
        #expect(refused.status == 65)
        Self.expectOneCleanLine(refused)
        #expect(refused.standardError.contains(output.path))
        #expect(refused.standardError.contains("archive/1.atom holds other entries"))
        #expect(refused.standardError.contains("restore the feed state"))
        #expect(refused.standardError.contains("move \(output.path) aside"))
        #expect(try ArchiveHistoryTests.contents(of: output) == published)

        // Refused again while nothing changes; moving the output aside starts a new feed.
        #expect(try BuildCommandRunner.run(arguments, in: directory.url).status == 65)
        #expect(try ArchiveHistoryTests.contents(of: output) == published)
        try FileManager.default.moveItem(at: output, to: directory.url.appendingPathComponent("output.old"))
        #expect(try BuildCommandRunner.run(arguments, in: directory.url).status == 0)
        #expect(try Self.feedEntries(in: directory).first == "app-1/60")
    }

    @Test func aBuildWhoseStateWasLostWhileTheLogHoldsEverythingPublishesTheSameFiles() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let output = directory.url.appendingPathComponent("output")
        let arguments = ["build", "--log", log, "--state", directory.statePath, "--entries", "5"]
        try FeedFixtures.append(FeedFixtures.lines(1...30), to: log)
        #expect(try BuildCommandRunner.run(arguments, in: directory.url).status == 0)
        let published = try ArchiveHistoryTests.contents(of: output)

        try FileManager.default.removeItem(atPath: directory.path("state"))
        let rebuilt = try BuildCommandRunner.run(arguments, in: directory.url)
        #expect(rebuilt.status == 0)
        #expect(rebuilt.standardError.isEmpty)
        #expect(try ArchiveHistoryTests.contents(of: output) == published)
    }

    @Test func aDeletedOutputFolderIsPublishedAgainWithNothingNew() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let output = directory.url.appendingPathComponent("output")
        let arguments = ["build", "--log", log, "--state", directory.statePath]
        try FeedFixtures.append(FeedFixtures.lines(1...20), to: log)
        #expect(try BuildCommandRunner.run(arguments, in: directory.url).status == 0)
        let published = try ArchiveHistoryTests.contents(of: output)

        try FileManager.default.removeItem(at: output)
        let again = try BuildCommandRunner.run(arguments + ["--verbose"], in: directory.url)
        #expect(again.status == 0)
        #expect(again.standardError.contains("ingested 0 new entries"))
        #expect(
            again.standardError.contains("\(output.path) lacks feed.atom, feed.json, index.html, page.css, page.js"))
        let republished = try ArchiveHistoryTests.contents(of: output)
        #expect(Set(republished.keys) == ["feed.atom", "feed.json", "index.html", "page.css", "page.js"])
        #expect(republished["feed.atom"] == published["feed.atom"])
        #expect(try Self.feedEntries(in: directory).count == 20)

        // With the files back, a run with nothing new writes nothing.
        let quiet = try BuildCommandRunner.run(arguments + ["--verbose"], in: directory.url)
        #expect(quiet.status == 0)
        #expect(!quiet.standardError.contains("changed file(s)"))
    }

    @Test func outputOnARegularFileIsOneLineAndExitsOneBeforeAnythingIsRead() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...3), to: log)
        let site = directory.path("site")
        try FeedFixtures.write(Array("not a folder\n".utf8), to: site)
        let result = try BuildCommandRunner.run(
            ["build", "--log", log, "--state", directory.statePath, "--out", site], in: directory.url)
        #expect(result.status == 1)
        Self.expectOneCleanLine(result)
        #expect(result.standardError.contains("--out \(site) is a file, not a directory"))
        #expect(result.standardError.contains("give --out a folder"))
        #expect(!FileManager.default.fileExists(atPath: directory.statePath), "refused before the state is made")

        let below = try BuildCommandRunner.run(
            ["build", "--log", log, "--state", directory.statePath, "--out", site + "/feed"], in: directory.url)
        #expect(below.status == 1)
        Self.expectOneCleanLine(below)
        #expect(below.standardError.contains("\(site) is a file, not a directory"))
    }

    @Test func stateOnARegularFileThatIsNoFeedStateIsOneLineAndLeavesTheFileAlone() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...3), to: log)
        let notes = directory.path("notes.txt")
        let text = Array("my notes\nline two\n".utf8)
        try FeedFixtures.write(text, to: notes)
        chmod(notes, 0o644)
        let result = try BuildCommandRunner.run(["build", "--log", log, "--state", notes], in: directory.url)
        #expect(result.status == 1)
        Self.expectOneCleanLine(result)
        #expect(result.standardError.contains("\(notes): cannot open the feed state: the file is not a feed state"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: notes)) == Data(text))
        var status = stat()
        #expect(stat(notes, &status) == 0 && status.st_mode & 0o777 == 0o644)

        let stats = try BuildCommandRunner.run(["stats", "--state", notes], in: directory.url)
        #expect(stats.status == 1)
        Self.expectOneCleanLine(stats)
    }

    @Test func stateBelowARegularFileIsOneLineSayingWhichPathIsAFile() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...3), to: log)
        let file = directory.path("file.txt")
        try FeedFixtures.write(Array("x".utf8), to: file)
        let result = try BuildCommandRunner.run(
            ["build", "--log", log, "--state", file + "/state.sqlite"], in: directory.url)
        #expect(result.status == 1)
        Self.expectOneCleanLine(result)
        #expect(result.standardError.contains("\(file) is a file, not a directory"))
        #expect(result.standardError.contains("--state"))
    }

    @Test(.timeLimit(.minutes(5)))
    func sigtermStopsAPlainBuildAfterABatchWithExitStatus143AndAConsistentState() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let total: Int64 = 100_000
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(total) * 400)
        for seq in 1...total {
            bytes += FeedFixtures.record(seq: seq).encodedLine()
        }
        try FeedFixtures.write(bytes, to: log)
        let state = directory.statePath
        let arguments = ["build", "--log", log, "--state", state, "--batch-lines", "500", "--window", "\(total)"]
        let (process, _, errors) = try BuildCommandRunner.start(arguments, in: directory.url)
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        #expect(
            BuildCommandRunner.eventually {
                !process.isRunning || ((try? FeedStore(path: state, createIfMissing: false).lastOrdinal()) ?? 0) > 0
            })
        kill(process.processIdentifier, SIGTERM)
        let standardError = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 143)
        #expect(standardError.contains("activity-feed: stopped by SIGTERM before reading everything"))
        #expect(standardError.split(separator: "\n").count == 1, "\(standardError)")

        // What was committed is whole and published; the next run reads on from the checkpoint.
        let store = try FeedStore(path: state, window: Int(total))
        let committed = try store.lastOrdinal()
        #expect(committed > 0 && committed < total)
        #expect(try store.needsPublishing() == false)
        #expect(try FeedFixtures.storedKeys(state: state) == FeedFixtures.keys(1...committed))
        #expect(try Self.feedEntries(in: directory).first == "app-1/\(committed)")
        let rest = try BuildCommandRunner.run(arguments, in: directory.url)
        #expect(rest.status == 0)
        #expect(try FeedFixtures.storedKeys(state: state) == FeedFixtures.keys(1...total))
    }

    /// Whether this process may mount a small tmpfs in a namespace of its own (root, with `unshare`).
    /// The disk-full tests are reported as skipped, with this reason, where it may not.
    static let canMountSmallDisks = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")

    /// Runs `build` in a private mount namespace where `folder` is a tmpfs of `kilobytes`: a disk that
    /// fills.
    ///
    /// - Throws: when the tmpfs cannot be mounted, so a test that needs it fails rather than passes unchecked.
    static func runOnSmallDisk(
        _ arguments: [String],
        folder: String,
        kilobytes: Int,
        in directory: URL
    ) throws -> BuildCommandRunner.Result {
        let script = "mount -t tmpfs -o size=\(kilobytes)k tmpfs \"$1\" || exit 99; shift; exec \"$@\""
        let result = try BuildCommandRunner.run(
            ["-m", "sh", "-c", script, "sh", folder, BuildCommandRunner.executable.path] + arguments,
            in: directory, executable: URL(fileURLWithPath: "/usr/bin/unshare"))
        try #require(
            result.status != 99, "could not mount a \(kilobytes) KiB tmpfs on \(folder): \(result.standardError)")
        return result
    }

    @Test(.enabled(if: canMountSmallDisks, "mounts a small tmpfs: needs root and unshare"))
    func aFullDiskUnderTheOutputIsOneLineSayingSo() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...2000), to: log)
        let output = directory.path("output")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let arguments = ["build", "--log", log, "--state", directory.statePath, "--out", output]
        let result = try Self.runOnSmallDisk(arguments, folder: output, kilobytes: 64, in: directory.url)
        #expect(result.status == 1)
        Self.expectOneCleanLine(result)
        #expect(result.standardError.contains("the disk is full"))
        #expect(result.standardError.contains(output))
        #expect(result.standardError.contains("free some space there and run again"))
    }

    @Test(.enabled(if: canMountSmallDisks, "mounts a small tmpfs: needs root and unshare"))
    func aFullDiskUnderTheStateIsOneLineWithoutSQL() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...2000), to: log)
        let stateFolder = directory.path("state")
        try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let arguments = ["build", "--log", log, "--state", directory.statePath, "--window", "2000"]
        let result = try Self.runOnSmallDisk(arguments, folder: stateFolder, kilobytes: 128, in: directory.url)
        #expect(result.status == 1)
        Self.expectOneCleanLine(result)
        #expect(result.standardError.contains("the disk holding \(stateFolder) is full"))
        #expect(result.standardError.contains("the next run goes on from it"))
    }
}
