import Foundation
import SignalLog

/// Reads a whole log with `LogReader` and prints
/// `records=N rejects=N bytes=N seconds=S cpu_seconds=C peak_rss_kb=K checksum=X`.
///
/// Usage: `reader-bench PATH`, with `READER_CHUNK=BYTES` to try another chunk size than the reader's
/// 1 MiB default. CPU time (user + system) and peak RSS come from
/// `getrusage(RUSAGE_SELF)` after the read; on a busy machine CPU time is the steadier figure.
@main
struct ReaderBench {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: reader-bench PATH\n".utf8))
            exit(2)
        }
        let chunk = ProcessInfo.processInfo.environment["READER_CHUNK"].flatMap { Int($0) } ?? 1 << 20
        let reader = LogReader(path: arguments[1], chunkSize: chunk)
        var checksum: Int64 = 0
        let clock = ContinuousClock()
        var outcome: LogReader.Outcome?
        let elapsed = try clock.measure {
            outcome = try reader.read(from: 0) { event in
                if case .record(let record, _, _) = event {
                    checksum &+= record.seq &+ Int64(record.subject.title.utf8.count)
                }
                return true
            }
        }
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpuSeconds =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        print(
            "records=\(outcome!.records) rejects=\(outcome!.rejects) bytes=\(outcome!.nextOffset)"
                + " seconds=\(String(format: "%.3f", seconds)) cpu_seconds=\(String(format: "%.3f", cpuSeconds))"
                + " peak_rss_kb=\(usage.ru_maxrss) checksum=\(checksum)")
    }
}
