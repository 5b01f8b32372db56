import Dispatch
import Foundation
import Synchronization

/// Decodes a run of whole lines from both ends at once: the reading thread takes ranges of bytes
/// from the front and delivers their lines as it goes, while a thread of this decoder's own takes
/// ranges from the back and keeps their events; the two meet wherever they meet, so neither waits
/// for the other however their speeds differ. The reading thread then delivers the kept events.
///
/// One job at a time: ``start(_:from:to:bufferOffset:readAhead:)``; ``claimFront()`` until nil, decoding each
/// claimed range; ``waitForBack()``; then ``backRanges`` in file order. The lines' bytes must stay
/// untouched until ``finish()`` returns. ``close()`` ends the worker thread, started by the first job.
///
/// A line belongs to the range that holds its first byte, so every line is decoded once, by one
/// thread, and the caller can deliver in file order: its own lines, then the kept ranges lowest first.
///
/// Speeds up reading large runs by decoding them on a second core. Wall time on a 1M-record log
/// (the commits record no command): the first split onto two threads (0ff7a52) 0.540 s → 0.343 s,
/// peak RSS 17 → 21 MiB; handing events over as they are decoded, on a thread of its own (01fae30)
/// 0.26 s → 0.24–0.26 s; freeing them on that thread (ba0f7ac) 0.25–0.31 s → 0.226 s. Decoding from
/// both ends (c67b547) was not measured separately. The read ahead (``ReadAhead``) made the reader
/// about 5% faster: `scripts/compare-reader-builds.sh --runs 16 a6f2a92 a6f2a92~1` (3240883).
final class LineBatchDecoder: @unchecked Sendable {
    // Safe to share: while a job runs, the worker alone touches `decoder`, `ranges`, `eventCount`,
    // the events, `readAheadCount` and the read ahead's destination; the reading thread reads them
    // only after loading `backDone` as true (acquire, pairing with the worker's release store after
    // its last write). The two threads agree on who
    // decodes what through `frontiers` alone. Every other field is written by the reading thread
    // before it publishes a job (`generation`, release) and read by the worker after it sees the
    // job (acquire).

    /// One range the worker took from the back, up to buffer index `end`: events `events` are its
    /// first lines; when the event storage filled up, the lines after them that start before `end`
    /// were not decoded and are left for the reading thread.
    struct BackRange {
        var events: Range<Int>
        var end: Int
    }

    /// A read the worker does at the start of a job, while the reading thread starts on the lines:
    /// `count` bytes at file offset `position` into `destination`.
    struct ReadAhead {
        var descriptor: Int32
        var position: UInt64
        var count: Int
        var destination: UnsafeMutablePointer<UInt8>
    }

    /// How many bytes each claim takes by default: small enough that the threads meet near the
    /// balance, large enough that claims (one atomic operation each) cost nothing next to decoding.
    static let rangeSize = 16 << 10
    /// The longest run a job takes: both frontiers must fit in 32 bits.
    static let longestRun = Int(UInt32.max)

    private let path: String
    private let maxLineLength: Int
    private var decoder = LineDecoder(interning: true)
    /// The job: the buffer and the file offset of its first byte; the run is `runStart..<runEnd`.
    private var bytes: UnsafePointer<UInt8>?
    private var bufferOffset = 0
    private var runStart = 0
    private var runEnd = 0
    private var readAhead: ReadAhead?
    /// How many bytes the last job's read ahead got, or -1 when it failed or there was none; read
    /// it after ``finish()``.
    private(set) var readAheadCount = -1
    /// Both threads' frontiers, as offsets from `runStart`: the reading thread has claimed up to the
    /// low 32 bits, the worker down to the high 32 bits; they have met when the two are equal.
    private let frontiers = Atomic<UInt64>(0)
    /// Events of the current job, in the order decoded. Never reallocated while a job runs.
    private let events: UnsafeMutablePointer<LogReader.Event>
    private let capacity: Int
    /// How many bytes each claim takes.
    private let rangeSize: Int
    /// How many events the current (or last) job initialized; the worker's, freed by its next job
    /// or as it ends.
    private var eventCount = 0
    /// The worker's ranges, highest first (the order it took them).
    private var ranges: [BackRange] = []
    /// Bumped by the reading thread for each job (and to stop the worker).
    private let generation = Atomic<Int>(0)
    private let backDone = Atomic<Bool>(false)
    private let workerSleeps = Atomic<Bool>(false)
    /// Signalled by the reading thread when a job is ready and the worker may be asleep.
    private let wakeUp = DispatchSemaphore(value: 0)
    private var running = false
    private var stopping = false
    private var worker: Thread?
    private let workerEnded = DispatchSemaphore(value: 0)

    /// A decoder for lines of `path`, with the reader's maximum line length, keeping at most
    /// `capacity` events per job and claiming `rangeSize` bytes at a time.
    init(path: String, maxLineLength: Int, capacity: Int = 8192, rangeSize: Int = LineBatchDecoder.rangeSize) {
        self.path = path
        self.maxLineLength = maxLineLength
        self.capacity = capacity
        self.rangeSize = max(1, rangeSize)
        events = .allocate(capacity: capacity)
    }

    deinit {
        events.deallocate()
    }

    /// Ends the worker thread after the current job; call once, when the reader is done.
    func close() {
        finish()
        guard worker != nil else { return }
        stopping = true
        publishJob()
        workerEnded.wait()
        worker = nil
    }

    /// Starts a job over the whole lines at `runStart..<runEnd` of `bytes`, whose first byte is at
    /// file offset `bufferOffset` (below 0 when the data starts later in the buffer); `runStart`
    /// starts a line and `runEnd` follows a `\n`. The worker first does `readAhead`, if given.
    func start(
        _ bytes: UnsafePointer<UInt8>, from runStart: Int, to runEnd: Int, bufferOffset: Int,
        readAhead: ReadAhead? = nil
    ) {
        finish()
        precondition(runEnd - runStart <= Self.longestRun, "a run must be at most 4 GiB")
        self.bytes = bytes
        self.bufferOffset = bufferOffset
        self.readAhead = readAhead
        readAheadCount = -1
        self.runStart = runStart
        self.runEnd = runEnd
        frontiers.store(UInt64(runEnd - runStart) << 32, ordering: .relaxed)
        backDone.store(false, ordering: .relaxed)
        running = true
        if worker == nil {
            // A thread of its own rather than a dispatch queue: the reader may be called from a
            // thread of a pool that would otherwise have to run the job too.
            let thread = Thread { [self] in workerLoop() }
            thread.name = "SignalLog.LineBatchDecoder"
            thread.start()
            worker = thread
        }
        publishJob()
    }

    /// Claims the next range from the front for the reading thread: lines starting before the
    /// returned buffer index (and after the previous claim) are its to decode. Nil once the threads met.
    func claimFront() -> Int? {
        moveFrontiers { front, back in (min(front + UInt64(rangeSize), back), back) }
            .map { runStart + Int($0.after.front) }
    }

    /// Waits until the worker has decoded every range it took; then ``backRanges`` may be read.
    func waitForBack() {
        var spins = 0
        while !backDone.load(ordering: .acquiring) {
            spins += 1
            if spins > 64 { sched_yield() }
        }
    }

    /// The worker's ranges, lowest first, once ``waitForBack()`` returned.
    var backRanges: ReversedCollection<[BackRange]> { ranges.reversed() }

    /// The event at `index` of a back range. The event stays in place for the worker to free at its
    /// next job, so the strings it made are released on its own thread: the caller may move the
    /// event out but must move it back.
    func event(at index: Int) -> UnsafeMutablePointer<LogReader.Event> {
        events + index
    }

    /// Ends the job: takes what is left of the run so the worker stops claiming, and waits for it.
    func finish() {
        guard running else { return }
        _ = moveFrontiers { _, back in (back, back) }
        waitForBack()
        running = false
    }

    /// Moves both frontiers at once to what `move` makes of them, unless they have met; the
    /// frontiers (offsets from `runStart`) before and after, or nil when they had met.
    private func moveFrontiers(
        _ move: (_ front: UInt64, _ back: UInt64) -> (front: UInt64, back: UInt64)
    ) -> (before: (front: UInt64, back: UInt64), after: (front: UInt64, back: UInt64))? {
        var current = frontiers.load(ordering: .relaxed)
        while true {
            let before = (front: current & 0xFFFF_FFFF, back: current >> 32)
            guard before.front < before.back else { return nil }
            let after = move(before.front, before.back)
            let (exchanged, original) = frontiers.compareExchange(
                expected: current, desired: after.back << 32 | after.front, ordering: .relaxed)
            if exchanged { return (before, after) }
            current = original
        }
    }

    // MARK: The worker

    private func publishJob() {
        generation.add(1, ordering: .sequentiallyConsistent)
        if workerSleeps.load(ordering: .sequentiallyConsistent) { wakeUp.signal() }
    }

    private func workerLoop() {
        var seen = 0
        while true {
            seen = waitForJob(after: seen)
            if stopping { break }
            runJob()
        }
        events.deinitialize(count: eventCount)
        eventCount = 0
        workerEnded.signal()
    }

    /// Waits for a generation after `seen`, polling for a while first: the next job usually comes
    /// within microseconds, sooner than a sleeping thread wakes.
    private func waitForJob(after seen: Int) -> Int {
        for spin in 0..<20_000 {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            if spin & 63 == 63 { sched_yield() }
        }
        while true {
            workerSleeps.store(true, ordering: .sequentiallyConsistent)
            let current = generation.load(ordering: .sequentiallyConsistent)
            if current != seen {
                workerSleeps.store(false, ordering: .relaxed)
                return current
            }
            wakeUp.wait()
            workerSleeps.store(false, ordering: .relaxed)
        }
    }

    /// Claims ranges from the back and decodes the lines starting in each until the threads meet or
    /// the event storage is full.
    private func runJob() {
        events.deinitialize(count: eventCount)
        eventCount = 0
        ranges.removeAll(keepingCapacity: true)
        // Set by `start` before every job; returning without storing `backDone` would leave the
        // reading thread waiting for ever.
        let bytes = bytes!
        if let readAhead {
            readAheadCount = LogReader.read(
                readAhead.descriptor, into: readAhead.destination, count: readAhead.count, at: readAhead.position)
        }
        while eventCount < capacity, let (low, high) = claimBack() {
            var lineStart = low
            if low > runStart {
                // The first line starting in the range follows the first `\n` at or after `low - 1`.
                lineStart =
                    memchr(bytes + low - 1, 0x0A, high - low).map {
                        UnsafeRawPointer(bytes).distance(to: $0) + 1
                    } ?? high
            }
            let first = eventCount
            while lineStart < high, eventCount < capacity {
                // Every line of the run ends in `\n` before `runEnd`.
                let newline = UnsafeRawPointer(bytes).distance(to: memchr(bytes + lineStart, 0x0A, runEnd - lineStart)!)
                (events + eventCount).initialize(
                    to: decoder.event(
                        line: bytes + lineStart, length: newline - lineStart,
                        at: UInt64(bufferOffset + lineStart), path: path, maxLineLength: maxLineLength))
                eventCount += 1
                lineStart = newline + 1
            }
            ranges.append(BackRange(events: first..<eventCount, end: high))
        }
        backDone.store(true, ordering: .releasing)
    }

    /// Claims the next range from the back for the worker, as buffer indexes; nil once the threads met.
    private func claimBack() -> (Int, Int)? {
        moveFrontiers { front, back in (front, back - min(UInt64(rangeSize), back - front)) }
            .map { (runStart + Int($0.after.back), runStart + Int($0.before.back)) }
    }
}
