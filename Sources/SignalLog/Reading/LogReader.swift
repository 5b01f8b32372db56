import Foundation

// The second thread (`LineBatchDecoder`, and `Pass`'s run and read-ahead code here) speeds up
// reading a large log: 0.168 s on two threads (`scripts/bench-reader.sh`, 779e9e7) against 0.264 s
// on one core (`taskset -c 0 reader-bench`, 322b9af) for 1M records (349 MB), README's figures
// from the final code. Reading the next chunk ahead on that thread makes it about 5% faster:
// `scripts/compare-reader-builds.sh --runs 16 a6f2a92 a6f2a92~1` gave medians of 0.156 vs 0.164 s
// with repeated titles and 0.198 vs 0.209 s with distinct ones (3240883).

/// Streams the records of one log file from a byte offset, in large chunks, never loading the whole file.
///
/// Only complete lines (ending in `\n`) are read; bytes after the last `\n` are left for the next
/// run, and ``Outcome/nextOffset`` says where to resume. A `\r` before the `\n` and a UTF-8 BOM at
/// the start of the file are tolerated. Every line that is not a valid record is reported as a
/// ``RejectedLine`` (see ``SignalRecord/decode(line:)-(UnsafeRawBufferPointer)``) and reading goes on;
/// empty and blank lines are rejected as `invalidJSON`. A line longer than `maxLineLength` bytes
/// (without its `\n`) is skipped to its end and reported once as `lineTooLong`. Memory stays below
/// one buffer of `maxLineLength + 1 + chunkSize` bytes (two when a second thread helps), plus at
/// most 8192 events decoded ahead on the other thread, whatever the file holds.
///
/// With two or more cores, once 64 KiB or more are buffered, their whole lines are decoded from
/// both ends: this thread takes 16 KiB ranges from the front and delivers their lines as it goes,
/// another takes ranges from the back, until they meet; this thread then delivers the other's
/// lines. The other thread also reads the next chunk ahead, into the second buffer. `body` is
/// always called on the calling thread, in file order, with the same events, offsets and counts as
/// on one core.
public struct LogReader: Sendable {
    /// The file to read.
    public let path: String
    /// The longest line, without its `\n`, that is decoded; longer ones are rejected as `lineTooLong`.
    public let maxLineLength: Int
    /// How many bytes each `read` asks for.
    public let chunkSize: Int
    /// Whether large runs of lines are split between this thread and one other; true with two or more cores.
    var decodesOnTwoThreads = ProcessInfo.processInfo.activeProcessorCount > 1
    /// How runs are split between the two threads when they are; tests and the fuzz target shrink it.
    var twoThreadSplit = TwoThreadSplit()
    /// When set, the lines at the start of a read that begin the way ``LogWriter`` writes records
    /// (`{"v":1,"seq":<digits>,"ts":"<24 bytes>"`) with a `ts` before this instant are consumed
    /// without being decoded or delivered, and counted in ``Outcome/staleLines``; the first line
    /// that is not such a line ends the skipping for the rest of the read, and every line from it on
    /// is decoded as usual. Nothing of a skipped line is checked beyond its timestamp's bytes, so
    /// it is never rejected either. Lets a caller that would drop old records anyway pass over a
    /// long history at about the speed of finding its line ends.
    public var skipsLinesStampedBefore: RecordTimestamp?

    /// Creates a reader of `path`; the file is opened by each ``read(from:limit:_:)``.
    public init(path: String, maxLineLength: Int = 1 << 20, chunkSize: Int = 1 << 20) {
        self.path = path
        self.maxLineLength = max(1, maxLineLength)
        self.chunkSize = max(1, chunkSize)
    }

    /// One line of the log, as the reader found it.
    public enum Event: Sendable {
        /// A valid record; `offset` is its line's first byte and `length` includes the `\n`.
        case record(SignalRecord, offset: UInt64, length: Int)
        /// A line that is not a valid record.
        case rejected(RejectedLine)
    }

    /// What one ``read(from:limit:_:)`` did.
    public struct Outcome: Sendable, Hashable {
        /// The first byte not consumed: where the next read should start.
        public var nextOffset: UInt64
        /// `nextOffset` minus the start offset.
        public var bytesConsumed: UInt64
        /// How many records were delivered.
        public var records: Int
        /// How many lines were rejected.
        public var rejects: Int
        /// Bytes after the last consumed line that do not (yet) end in `\n` before EOF or the limit.
        public var trailingPartialBytes: Int
        /// How many lines were consumed unread as older than ``LogReader/skipsLinesStampedBefore``.
        public var staleLines: Int

        /// Creates an outcome from its parts.
        public init(
            nextOffset: UInt64, bytesConsumed: UInt64, records: Int, rejects: Int, trailingPartialBytes: Int,
            staleLines: Int = 0
        ) {
            self.nextOffset = nextOffset
            self.bytesConsumed = bytesConsumed
            self.records = records
            self.rejects = rejects
            self.trailingPartialBytes = trailingPartialBytes
            self.staleLines = staleLines
        }
    }

    /// Reads complete lines from `offset` and calls `body` with each; stops at EOF, after a line for
    /// which `body` returns false, or before passing `limit`.
    ///
    /// `limit` is an absolute file offset: no byte at or after it is read, so a line that ends past it
    /// is left for later and counted in ``Outcome/trailingPartialBytes``. ``Outcome/nextOffset`` is the
    /// first byte not consumed; bytes after the last `\n` are never consumed. Throws ``LogReadError``
    /// when the file cannot be opened or read, and rethrows what `body` throws; never throws for bad
    /// content. An offset past the end of the file reads nothing.
    public func read(
        from offset: UInt64, limit: UInt64? = nil, _ body: (Event) throws -> Bool
    ) throws -> Outcome {
        try read(from: offset, limit: limit, lines: { event, _ in try body(event) })
    }

    /// Reads as ``read(from:limit:_:)`` does, and also hands `body` the bytes of each record's line
    /// as the file holds them, so that a caller who keeps lines need not read the file again.
    ///
    /// The bytes are those the record was decoded from: without the `\n`, a `\r` before it, or a
    /// UTF-8 BOM at offset 0. They are valid only during the call (copy what you keep); for a
    /// rejected line they are empty (its first bytes are in ``RejectedLine/prefix``).
    public func read(
        from offset: UInt64, limit: UInt64? = nil, lines body: (Event, UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Outcome {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LogReadError.open(path, errno: errno) }
        defer { close(descriptor) }
        // `pread` takes signed offsets, and no file reaches `Int64.max` bytes: nothing at or past
        // that offset is read.
        guard offset < UInt64(Int64.max) else {
            return Outcome(nextOffset: offset, bytesConsumed: 0, records: 0, rejects: 0, trailingPartialBytes: 0)
        }
        let end = min(limit ?? UInt64(Int64.max), UInt64(Int64.max))
        var pass = Pass(
            path: path, maxLineLength: maxLineLength, chunkSize: chunkSize, offset: offset,
            parallel: decodesOnTwoThreads ? twoThreadSplit : nil)
        pass.staleBefore = skipsLinesStampedBefore.map { Array($0.rfc3339.utf8) }
        defer { pass.close() }
        var readPosition = offset
        var atEnd = false
        while true {
            let wanted = Int(min(UInt64(chunkSize), end > readPosition ? end - readPosition : 0))
            // What the next read will be: the other thread, if it takes part, reads it ahead.
            pass.nextRead = wanted > 0 && !atEnd ? (descriptor, readPosition, wanted) : nil
            let keepGoing = try pass.consumeLines(body)
            if !keepGoing || atEnd { break }
            if wanted == 0 {
                atEnd = true
                continue
            }
            let count: Int
            if let readAhead = pass.takeReadAhead() {
                count = readAhead
            } else {
                pass.makeRoom()
                count = try readChunk(descriptor, into: pass.bytes + pass.end, count: wanted, at: readPosition)
                pass.end += count
            }
            if count == 0 {
                atEnd = true
            }
            readPosition += UInt64(count)
        }
        return pass.outcome(startingAt: offset)
    }

    private func readChunk(
        _ descriptor: Int32, into destination: UnsafeMutablePointer<UInt8>, count: Int, at position: UInt64
    ) throws(LogReadError) -> Int {
        let result = Self.read(descriptor, into: destination, count: count, at: position)
        guard result >= 0 else { throw LogReadError.read(path, offset: position, errno: errno) }
        return result
    }

    /// `pread`, again when interrupted: how many bytes it read, or -1 with `errno` set.
    static func read(
        _ descriptor: Int32, into destination: UnsafeMutablePointer<UInt8>, count: Int, at position: UInt64
    ) -> Int {
        while true {
            let result = pread(descriptor, destination, count, off_t(position))
            if result >= 0 || errno != EINTR { return result }
        }
    }
}

/// The state of one pass over a file: the buffered bytes, the line being skipped, the counts.
private struct Pass {
    let path: String
    let maxLineLength: Int
    /// Room for the unconsumed bytes (at most `maxLineLength`) before a chunk read ahead.
    let reserve: Int
    /// The buffer: room for `maxLineLength + 1` unconsumed bytes and a chunk.
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    /// The second buffer, which `helper` reads the next chunk into; made with `helper`.
    private var spare: UnsafeMutablePointer<UInt8>?
    private let capacity: Int
    /// File offset of the buffer's first byte; below 0 when the data starts at a later index.
    var bufferStart: Int
    /// Buffer index of the first unconsumed byte.
    var start = 0
    /// Buffer index after the last byte read.
    var end = 0
    /// Buffer index from which no `\n` has been found yet.
    var searchFrom = 0
    /// The over-long line being skipped: its offset, the bytes seen so far, and its first bytes (up to
    /// ``RejectedLine/prefixLimit``, as for any rejected line).
    var skipped: (offset: UInt64, length: Int, prefix: [UInt8])?
    var records = 0
    var rejects = 0
    /// The timestamp, as the record format writes it, before which leading lines are skipped unread
    /// (``LogReader/skipsLinesStampedBefore``); nil once a line that is not such a line was found.
    var staleBefore: [UInt8]?
    var staleLines = 0
    var decoder = LineDecoder(interning: true)
    /// Whether large runs of lines are split with `helper`.
    let parallel: Bool
    /// How they are split, when they are.
    let split: LogReader.TwoThreadSplit
    /// Decodes large runs of lines from the back on another core; made by the first such run,
    /// so reads of a few new lines (a tailer's) pay neither for it nor for its string cache.
    private(set) var helper: LineBatchDecoder?
    /// The read that follows the lines in the buffer, if any: `helper` does it during its next job.
    var nextRead: (descriptor: Int32, position: UInt64, count: Int)?
    /// Whether `helper`'s last job read `nextRead` ahead into `spare`.
    private var readingAhead = false

    init(path: String, maxLineLength: Int, chunkSize: Int, offset: UInt64, parallel split: LogReader.TwoThreadSplit?) {
        self.path = path
        self.maxLineLength = maxLineLength
        self.reserve = maxLineLength + 1
        self.capacity = maxLineLength + 1 + chunkSize
        self.bytes = .allocate(capacity: capacity)
        self.bufferStart = Int(offset)
        self.parallel = split != nil
        self.split = split ?? LogReader.TwoThreadSplit()
    }

    /// Ends `helper` and frees the buffers.
    mutating func close() {
        helper?.close()
        bytes.deallocate()
        spare?.deallocate()
    }

    /// The file offset of buffer index `index`.
    @inline(__always)
    func fileOffset(_ index: Int) -> UInt64 {
        UInt64(bufferStart + index)
    }

    /// Delivers every complete line in the buffer; false once `body` asked to stop.
    mutating func consumeLines(_ body: (LogReader.Event, UnsafeRawBufferPointer) throws -> Bool) rethrows -> Bool {
        if staleBefore != nil, skipped == nil { skipStaleLines() }
        while searchFrom < end {
            if skipped == nil, parallel, end - start >= split.minimumRun,
                end - start <= LineBatchDecoder.longestRun, let runEnd = endOfLastLine()
            {
                let helper =
                    helper
                    ?? LineBatchDecoder(
                        path: path, maxLineLength: maxLineLength, capacity: split.eventCapacity,
                        rangeSize: split.rangeSize)
                if self.helper == nil {
                    self.helper = helper
                    spare = .allocate(capacity: capacity)
                }
                guard try consumeRun(upTo: runEnd, helper, body) else { return false }
                continue
            }
            guard let found = memchr(bytes + searchFrom, 0x0A, end - searchFrom) else {
                searchFrom = end
                break
            }
            let newline = UnsafeRawPointer(bytes).distance(to: found)
            let lineLength = newline - start
            let event: LogReader.Event
            if skipped != nil {
                extendSkippedPrefix(upTo: newline)
                let skipped = skipped!
                let length = skipped.length + lineLength + 1
                event = .rejected(
                    RejectedLine(
                        path: path, offset: skipped.offset, length: length,
                        reason: .lineTooLong(length: length - 1, limit: maxLineLength), prefix: skipped.prefix))
                self.skipped = nil
            } else {
                event = decoder.event(
                    line: bytes + start, length: lineLength, at: fileOffset(start), path: path,
                    maxLineLength: maxLineLength)
            }
            start = newline + 1
            searchFrom = start
            guard try deliver(event, body) else { return false }
        }
        if skipped != nil {
            extendSkippedPrefix(upTo: end)
            skipped!.length += end - start
            start = end
        } else if end - start > maxLineLength {
            let prefix = Array(
                UnsafeBufferPointer(start: bytes + start, count: min(end - start, RejectedLine.prefixLimit)))
            skipped = (fileOffset(start), end - start, prefix)
            start = end
        }
        return true
    }

    /// Consumes the whole lines from `start` that ``StaleLinePrefix`` finds older than `staleBefore`,
    /// up to the first that is not (which ends the skipping) or the end of the buffered bytes.
    private mutating func skipStaleLines() {
        guard let cutoff = staleBefore else { return }
        while start < end, let found = memchr(bytes + start, 0x0A, end - start) {
            let newline = UnsafeRawPointer(bytes).distance(to: found)
            guard newline - start <= maxLineLength,
                StaleLinePrefix.isStamped(bytes + start, length: newline - start, before: cutoff)
            else {
                staleBefore = nil
                return
            }
            staleLines += 1
            start = newline + 1
            searchFrom = start
        }
        // A line too long to decode is rejected, not skipped, and ends the skipping as any other line does.
        if end - start > maxLineLength { staleBefore = nil }
    }

    /// Adds the skipped line's bytes from `start` to `limit` to its prefix, up to
    /// ``RejectedLine/prefixLimit`` bytes in all: the prefix does not depend on where chunks end.
    private mutating func extendSkippedPrefix(upTo limit: Int) {
        let room = RejectedLine.prefixLimit - skipped!.prefix.count
        guard room > 0, limit > start else { return }
        skipped!.prefix.append(contentsOf: UnsafeBufferPointer(start: bytes + start, count: min(room, limit - start)))
    }

    /// Delivers the whole lines from `start` to `runEnd` (just after a `\n`), decoding them from
    /// the front here while `helper` decodes them from the back, then delivering `helper`'s events;
    /// false once `body` asked to stop.
    private mutating func consumeRun(
        upTo runEnd: Int, _ helper: LineBatchDecoder, _ body: (LogReader.Event, UnsafeRawBufferPointer) throws -> Bool
    ) rethrows -> Bool {
        var readAhead: LineBatchDecoder.ReadAhead?
        if let nextRead, let spare {
            readAhead = .init(
                descriptor: nextRead.descriptor, position: nextRead.position, count: nextRead.count,
                destination: spare + reserve)
            self.nextRead = nil
        }
        readingAhead = readAhead != nil
        helper.start(bytes, from: start, to: runEnd, bufferOffset: bufferStart, readAhead: readAhead)
        defer { helper.finish() }
        while let claimed = helper.claimFront() {
            guard try consumeLines(before: claimed, upTo: runEnd, body) else { return false }
        }
        helper.waitForBack()
        for range in helper.backRanges {
            for index in range.events {
                let slot = helper.event(at: index)
                let event = slot.move()
                switch event {
                case .record(_, let offset, let length): start = Int(offset) - bufferStart + length
                case .rejected(let line): start = Int(line.offset) - bufferStart + line.length
                }
                let keepGoing: Bool
                do {
                    keepGoing = try deliver(event, body)
                } catch {
                    slot.initialize(to: event)
                    searchFrom = start
                    throw error
                }
                slot.initialize(to: event)
                guard keepGoing else {
                    searchFrom = start
                    return false
                }
            }
            guard try consumeLines(before: range.end, upTo: runEnd, body) else { return false }
        }
        searchFrom = start
        return true
    }

    /// Decodes and delivers the lines that start from `start` up to `limit`, each ending in a `\n`
    /// before `runEnd`; false once `body` asked to stop.
    @inline(__always)
    private mutating func consumeLines(
        before limit: Int, upTo runEnd: Int, _ body: (LogReader.Event, UnsafeRawBufferPointer) throws -> Bool
    ) rethrows -> Bool {
        while start < limit, let found = memchr(bytes + start, 0x0A, runEnd - start) {
            let newline = UnsafeRawPointer(bytes).distance(to: found)
            let event = decoder.event(
                line: bytes + start, length: newline - start, at: fileOffset(start), path: path,
                maxLineLength: maxLineLength)
            start = newline + 1
            searchFrom = start
            guard try deliver(event, body) else { return false }
        }
        return true
    }

    /// The buffer index just after the last `\n` from `start` to `end`, or nil when there is none.
    private func endOfLastLine() -> Int? {
        var index = end
        while index > start {
            index -= 1
            if bytes[index] == 0x0A { return index + 1 }
        }
        return nil
    }

    @inline(__always)
    private mutating func deliver(
        _ event: LogReader.Event, _ body: (LogReader.Event, UnsafeRawBufferPointer) throws -> Bool
    ) rethrows
        -> Bool
    {
        guard case .record(_, let offset, let length) = event else {
            rejects += 1
            return try body(event, UnsafeRawBufferPointer(start: nil, count: 0))
        }
        records += 1
        var lower = Int(offset) - bufferStart
        var upper = lower + length - 1
        if upper > lower && bytes[upper - 1] == 0x0D { upper -= 1 }
        if offset == 0 && upper - lower >= 3 && bytes[lower] == 0xEF && bytes[lower + 1] == 0xBB
            && bytes[lower + 2] == 0xBF
        {
            lower += 3
        }
        return try body(event, UnsafeRawBufferPointer(start: bytes + lower, count: upper - lower))
    }

    /// Moves the unconsumed bytes to the front of the buffer.
    mutating func makeRoom() {
        guard start > 0 else { return }
        let remaining = end - start
        if remaining > 0 { memmove(bytes, bytes + start, remaining) }
        bufferStart += start
        searchFrom -= start
        end = remaining
        start = 0
    }

    /// When `helper` read the next chunk ahead into the spare buffer, switches to that buffer with
    /// the unconsumed bytes moved in before the chunk, and returns how many bytes it read; nil when
    /// the next chunk is still to be read (or the read ahead failed: reading again reports why).
    mutating func takeReadAhead() -> Int? {
        guard readingAhead, let helper, let spare else { return nil }
        readingAhead = false
        let count = helper.readAheadCount
        guard count >= 0 else { return nil }
        let remaining = end - start
        let newStart = reserve - remaining
        if remaining > 0 { memcpy(spare + newStart, bytes + start, remaining) }
        let chunkOffset = fileOffset(end)
        self.spare = bytes
        bytes = spare
        bufferStart = Int(chunkOffset) - reserve
        searchFrom += newStart - start
        start = newStart
        end = reserve + count
        return count
    }

    func outcome(startingAt offset: UInt64) -> LogReader.Outcome {
        let next = skipped?.offset ?? fileOffset(start)
        let partial = skipped?.length ?? (end - start)
        return LogReader.Outcome(
            nextOffset: next, bytesConsumed: next - offset, records: records, rejects: rejects,
            trailingPartialBytes: partial, staleLines: staleLines)
    }
}
