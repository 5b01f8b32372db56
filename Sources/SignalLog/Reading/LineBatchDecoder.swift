import Dispatch
import Foundation
import Synchronization

/// Decodes a run of whole lines on another thread while the reading thread decodes the lines before
/// it, handing each event over as soon as it is ready so the reading thread can deliver them in file
/// order while the rest are still being decoded.
///
/// One job at a time: ``start(_:count:at:)``, then ``next()`` until nil, then ``decodedBytes`` says
/// how far the job got (it stops early when its event storage is full; the reading thread decodes
/// the rest). The lines' bytes must stay untouched until ``finish()`` returns. ``close()`` ends the
/// worker thread, which is started by the first job.
final class LineBatchDecoder: @unchecked Sendable {
    // Safe to share: while a job runs, the worker alone writes `decoder`, `decodedBytes`, `left` and
    // the events at and after `published`; the reading thread reads an event only after loading a
    // `published` count above its index (acquire, pairing with the worker's release store after
    // initializing it), and reads `decodedBytes` only after loading `done` as true (likewise). Every
    // other field is touched by the reading thread alone, or before `jobReady.signal()` hands a job
    // to the worker, or after `jobEnded.wait()`, which orders all of the worker's accesses before it.
    private let path: String
    private let maxLineLength: Int
    private var decoder = LineDecoder(interning: true)
    private var lines: UnsafePointer<UInt8>?
    private var byteCount = 0
    private var fileOffset: UInt64 = 0
    /// Events of the current job, initialized up to the count published, the first `delivered`
    /// handed out. Never reallocated while a job runs.
    private let events: UnsafeMutablePointer<LogReader.Event>
    private let capacity: Int
    private var delivered = 0
    /// How many events the last job left initialized; the worker's, freed by its next job or as it ends.
    private var left = 0
    private let published = Atomic<Int>(0)
    private let done = Atomic<Bool>(false)
    private var running = false
    /// Signalled by the reading thread when a job is ready (or the decoder is going away).
    private let jobReady = DispatchSemaphore(value: 0)
    /// Signalled by the worker when it has finished a job and will touch nothing until the next.
    private let jobEnded = DispatchSemaphore(value: 0)
    private var stopping = false
    private var worker: Thread?
    /// How many bytes of the job's lines were decoded, once it is done: all of them unless the
    /// event storage filled up first.
    private(set) var decodedBytes = 0
    /// How many times ``next()`` found no event ready and had to wait since ``start(_:count:at:)``.
    private(set) var waits = 0

    /// A decoder for lines of `path`, with the reader's maximum line length, holding at most
    /// `capacity` events per job.
    init(path: String, maxLineLength: Int, capacity: Int = 8192) {
        self.path = path
        self.maxLineLength = maxLineLength
        self.capacity = capacity
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
        jobReady.signal()
        jobEnded.wait()
        worker = nil
    }

    /// Starts decoding the `count` bytes at `lines`, whole lines each ending in `\n`, whose first
    /// byte is at file offset `offset`.
    func start(_ lines: UnsafePointer<UInt8>, count: Int, at offset: UInt64) {
        finish()
        self.lines = lines
        byteCount = count
        fileOffset = offset
        delivered = 0
        waits = 0
        decodedBytes = 0
        published.store(0, ordering: .relaxed)
        done.store(false, ordering: .relaxed)
        running = true
        if worker == nil {
            // A thread of its own rather than a dispatch queue: the reader may be called from a
            // thread of a pool that would otherwise have to run the job too.
            let thread = Thread { [self] in
                while true {
                    jobReady.wait()
                    if stopping { break }
                    run()
                    jobEnded.signal()
                }
                events.deinitialize(count: left)
                left = 0
                jobEnded.signal()
            }
            thread.name = "SignalLog.LineBatchDecoder"
            thread.start()
            worker = thread
        }
        jobReady.signal()
    }

    /// Whether the job started last has decoded all it will, without waiting for it.
    var isDone: Bool {
        !running || done.load(ordering: .acquiring)
    }

    /// The next event of the job, once it is decoded; nil when the job is done and all of its events
    /// were handed out. The event stays in place for the worker to free at its next job, so that
    /// the strings it made are released on its own thread: the caller may move the event out but must
    /// move it back before the next call.
    func next() -> UnsafeMutablePointer<LogReader.Event>? {
        var spins = 0
        while true {
            if delivered < published.load(ordering: .acquiring) {
                delivered += 1
                return events + delivered - 1
            }
            if done.load(ordering: .acquiring) {
                if delivered < published.load(ordering: .acquiring) { continue }
                return nil
            }
            if spins == 0 { waits += 1 }
            spins += 1
            if spins > 64 { sched_yield() }
        }
    }

    /// Waits for the job to end; its events are freed on the worker by the next job, or as ``close()`` ends it.
    func finish() {
        guard running else { return }
        jobEnded.wait()
        running = false
    }

    private func run() {
        events.deinitialize(count: left)
        left = 0
        // Set by `start(_:count:at:)` before every job; returning without storing `done` would leave
        // the reading thread waiting in `next()` for ever.
        let lines = lines!
        var lineStart = 0
        var count = 0
        while lineStart < byteCount, count < capacity,
            let found = memchr(lines + lineStart, 0x0A, byteCount - lineStart)
        {
            let newline = UnsafeRawPointer(lines).distance(to: found)
            (events + count).initialize(
                to: decoder.event(
                    line: lines + lineStart, length: newline - lineStart, at: fileOffset + UInt64(lineStart),
                    path: path, maxLineLength: maxLineLength))
            count += 1
            left = count
            published.store(count, ordering: .releasing)
            lineStart = newline + 1
        }
        decodedBytes = lineStart
        done.store(true, ordering: .releasing)
    }
}
