import Foundation
import SignalLog
import Testing

/// A writer whose file cannot grow past a limit, as on a full disk: the batch cut short is taken back.
///
/// The child is this test bundle again (as in ``LogWriterCrashTests``), started with `RLIMIT_FSIZE` set so
/// that a write past the limit is cut short and the next one fails with `EFBIG`, the way a disk fills in the
/// middle of a batch. Without the variable the child-mode test is skipped.
@Suite struct LogWriterDiskFullTests {
    static let childLogVariable = "SIGNALLOG_WRITER_FULL_DISK_LOG"
    static let limit = 100_000

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment[childLogVariable] != nil,
            "only as the child process of aBatchCutShortByAFullDiskIsTakenBackAndTheNextBatchFitsAgain"))
    func appendsUntilTheFileIsFull() async throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.childLogVariable])
        signal(SIGXFSZ, SIG_IGN)
        var limit = rlimit(rlim_cur: rlim_t(Self.limit), rlim_max: rlim_t(Self.limit))
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
        let writer = try LogWriter(path: path)
        var seq: Int64 = 0
        var failures = 0
        // Batches of 7 lines of about 700 bytes: one of them straddles the limit and fails part way.
        while failures < 3 {
            let records = (1...7).map {
                RecordSamples.simple(seq: seq + Int64($0), title: String(repeating: "x", count: 600))
            }
            do {
                try await writer.append(records)
                seq += 7
            } catch {
                failures += 1
            }
        }
        // One small record still fits in what the failed batch left free.
        try await writer.append([RecordSamples.simple(seq: seq + 1, title: "after the disk filled")])
        try writer.close()
    }

    @Test func aBatchCutShortByAFullDiskIsTakenBackAndTheNextBatchFitsAgain() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("activity.log")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = [
            "--testing-library", "swift-testing", "--filter", "LogWriterDiskFullTests/appendsUntilTheFileIsFull",
        ]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childLogVariable: path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        #expect(child.terminationStatus == 0)

        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count <= Self.limit)
        #expect(bytes.last == 0x0A, "the log ends with a whole line")
        let pass = try LogReaderTests.readAll(LogReader(path: path))
        #expect(pass.rejected.isEmpty, "no torn line")
        #expect(pass.outcome.trailingPartialBytes == 0)
        #expect(pass.records.last?.record.subject.title == "after the disk filled")
        let seqs = pass.records.map(\.record.seq)
        #expect(seqs == Array(1...Int64(seqs.count)), "only whole batches, in order")
    }
}
