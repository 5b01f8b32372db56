import Foundation
import SignalLog
import Testing

@Suite struct LogWriterTests {
    @Test func appendsValidatedRecordsAsCanonicalLines() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try LogWriter(path: directory.path("a.log"))
        try await writer.append([RecordSamples.example, RecordSamples.simple(seq: 1043)])
        try writer.close()
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: directory.path("a.log"))))
        #expect(bytes == RecordSamples.example.encodedLine() + RecordSamples.simple(seq: 1043).encodedLine())
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path("a.log"))
        let permissions = try #require(attributes[.posixPermissions] as? Int)
        #expect(permissions & 0o007 == 0, "no access for others")
        #expect(permissions & 0o600 == 0o600)
    }

    @Test func writesNothingWhenARecordOfTheBatchIsInvalid() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try LogWriter(path: directory.path("a.log"))
        await #expect(throws: RecordValidationError.self) {
            try await writer.append([RecordSamples.simple(seq: 1), RecordSamples.simple(seq: 0)])
        }
        await #expect(throws: LogWriteError.self) {
            try await writer.append(lines: [Array("{}\n".utf8), Array("{}\n{}\n".utf8)])
        }
        await #expect(throws: LogWriteError.self) {
            try await writer.append(lines: [Array("{}".utf8)])
        }
        try writer.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.path("a.log"))).isEmpty)
        await #expect(throws: LogWriteError.self) {
            try await writer.append([RecordSamples.simple(seq: 1)])
        }
    }

    @Test func concurrentWritersFromManyTasksNeverInterleaveLines() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        let writer = try LogWriter(path: path)
        let tasks = 64
        let batches = 20
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for batch in 0..<batches {
                        let base = Int64(task * batches * 3 + batch * 3)
                        let records = (1...3).map {
                            RecordSamples.simple(
                                seq: base + $0, title: String(repeating: "t\(task)", count: 40 * (task % 7)))
                        }
                        try await writer.append(records)
                    }
                }
            }
            try await group.waitForAll()
        }
        try writer.close()
        let pass = try LogReaderTests.readAll(LogReader(path: path))
        #expect(pass.rejected.isEmpty)
        #expect(pass.outcome.trailingPartialBytes == 0)
        #expect(Set(pass.records.map(\.record.seq)) == Set(1...Int64(tasks * batches * 3)))
        #expect(pass.records.count == tasks * batches * 3)
    }

    @Test func reopensThePathWhenTheFileWasRotatedAway() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        let writer = try LogWriter(path: path)
        try await writer.append([RecordSamples.simple(seq: 1)])
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try await writer.append([RecordSamples.simple(seq: 2)])
        try FileManager.default.removeItem(atPath: path)
        try await writer.append([RecordSamples.simple(seq: 3)])
        try writer.close()
        #expect(try LogReaderTests.readAll(LogReader(path: path + ".1")).records.map(\.record.seq) == [1])
        #expect(try LogReaderTests.readAll(LogReader(path: path)).records.map(\.record.seq) == [3])
    }

    @Test func reportsAFailedWriteNamingTheFile() async throws {
        let writer = try LogWriter(path: "/dev/full")
        await #expect {
            try await writer.append([RecordSamples.simple(seq: 1)])
        } throws: { error in
            (error as? LogWriteError)?.description.hasPrefix("cannot append to /dev/full: ") == true
        }
    }

    @Test func appendsToAnExistingFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        try Data(RecordSamples.simple(seq: 1).encodedLine()).write(to: URL(fileURLWithPath: path))
        let writer = try LogWriter(path: path, fsync: .interval(.seconds(1)))
        try await writer.append(lines: [RecordSamples.simple(seq: 2).encodedLine()])
        try writer.close()
        #expect(try LogReaderTests.readAll(LogReader(path: path)).records.map(\.record.seq) == [1, 2])
    }

    @Test func endsALineACrashedWriterLeftHalfWrittenBeforeItsFirstBatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        let torn = Array(RecordSamples.simple(seq: 2).encodedLine().prefix(40))
        try Data(RecordSamples.simple(seq: 1).encodedLine() + torn).write(to: URL(fileURLWithPath: path))
        let writer = try LogWriter(path: path)
        try await writer.append([RecordSamples.simple(seq: 2), RecordSamples.simple(seq: 3)])
        try writer.close()
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(
            bytes == RecordSamples.simple(seq: 1).encodedLine() + torn + [UInt8(ascii: "\n")]
                + RecordSamples.simple(seq: 2).encodedLine() + RecordSamples.simple(seq: 3).encodedLine()
        )
        let result = try LogReaderTests.readAll(LogReader(path: path))
        #expect(result.records.map(\.0.seq) == [1, 2, 3])
        #expect(result.rejected.map(\.offset) == [UInt64(RecordSamples.simple(seq: 1).encodedLine().count)])
    }
}
