import Foundation

// The libFuzzer entry point of the SignalLog fuzz target (`scripts/fuzz.sh` builds and runs it).
//
// Compiled into one module with the SignalLog sources, so it reaches the reader's internal options.
// Each input is the content of a log file. Every line of it goes through `LineChecks`, and the whole
// input through `ReaderChecks`. A broken check prints what it found and aborts, so libFuzzer keeps the
// input as a crash.

/// Called by libFuzzer once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    var lineStart = 0
    while lineStart < input.count {
        let lineEnd = input[lineStart...].firstIndex(of: 0x0A) ?? input.count
        LineChecks.check(line: Array(input[lineStart..<lineEnd]))
        lineStart = lineEnd + 1
    }
    ReaderChecks.check(file: input)
    return 0
}

/// Reports a broken check and stops the process, so that libFuzzer saves the input.
func fuzzFailure(_ message: String) -> Never {
    FileHandle.standardError.write(Data("SignalLog fuzz check failed: \(message)\n".utf8))
    abort()
}
