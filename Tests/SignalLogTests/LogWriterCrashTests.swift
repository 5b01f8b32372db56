import Foundation
import SignalLog
import Testing

/// A writer process killed with SIGKILL in the middle of a stream of appends.
///
/// The child is this test bundle itself: the parent test starts the running test executable
/// (`/proc/self/exe`) again with `--filter` selecting ``appendsUntilKilled()`` and an environment
/// variable naming the log, a mode in which that test is enabled and appends from several tasks until
/// it is killed. Without the variable the child-mode test is skipped, so a normal run never starts it.
@Suite struct LogWriterCrashTests {
    static let childLogVariable = "SIGNALLOG_WRITER_CHILD_LOG"

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment[childLogVariable] != nil,
            "only as the child process of killedWriterLeavesOnlyWholeLinesAndAtMostOnePartialLastLine"))
    func appendsUntilKilled() async throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.childLogVariable])
        let writer = try LogWriter(path: path)
        let tasks = 4
        let batchSize = 20
        // Appends until killed: a bounded workload could end before a parent starved of CPU by the other
        // tests looks at the log again. The time and size bounds only stop an orphan whose parent died.
        let end = ContinuousClock.now + .seconds(600)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var batch = 0
                    while ContinuousClock.now < end, batch % 100 != 0 || Self.size(of: path) < 1 << 30 {
                        let first = Int64((batch * tasks + task) * batchSize)
                        let records = (1...Int64(batchSize)).map {
                            RecordSamples.simple(seq: first + $0, title: String(repeating: "東京 <&> ", count: 40))
                        }
                        try await writer.append(records)
                        batch += 1
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private static func testExecutable() -> URL {
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path) {
            return URL(fileURLWithPath: target)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0])
    }

    private static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test func killedWriterLeavesOnlyWholeLinesAndAtMostOnePartialLastLine() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("activity.log")
        let child = Process()
        child.executableURL = Self.testExecutable()
        child.arguments = ["--testing-library", "swift-testing", "--filter", "LogWriterCrashTests/appendsUntilKilled"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childLogVariable: path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let deadline = ContinuousClock.now + .seconds(300)
        while Self.size(of: path) < 2_000_000, child.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(child.isRunning, "the child should still be appending when it is killed")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == SIGKILL)

        let pass = try LogReaderTests.readAll(LogReader(path: path))
        #expect(pass.rejected.isEmpty, "every complete line is a whole record")
        #expect(pass.records.count > 2_000)
        #expect(Set(pass.records.map(\.record.seq)).count == pass.records.count)
        let longestLine = pass.records.map(\.length).max() ?? 0
        #expect(pass.outcome.trailingPartialBytes < longestLine, "at most one partial last line")
        #expect(pass.outcome.nextOffset + UInt64(pass.outcome.trailingPartialBytes) == UInt64(Self.size(of: path)))
    }
}
