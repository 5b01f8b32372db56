import Dispatch
import Foundation

/// Decodes a run of whole lines on another thread while the reading thread decodes the lines before
/// it, and keeps the events in file order for the reading thread to deliver after its own.
///
/// One job at a time: ``start(_:count:at:)``, then ``wait()``, then ``next()`` until nil (or
/// ``discardRemaining()``). The lines' bytes must stay untouched until ``wait()`` returns.
final class LineBatchDecoder: @unchecked Sendable {
    // Safe to share: the reading thread fills in a job and then hands `self` to one dispatch worker;
    // it reads or writes the fields again only after `wait()`, and `DispatchGroup.wait` orders all of
    // the worker's accesses before it. No field is touched by both threads while a job is in flight.
    private let path: String
    private let maxLineLength: Int
    private var decoder = LineDecoder(interning: true)
    private var lines: UnsafePointer<UInt8>?
    private var byteCount = 0
    private var fileOffset: UInt64 = 0
    private var events: UnsafeMutablePointer<LogReader.Event>
    private var capacity = 4096
    private var count = 0
    private var delivered = 0
    private var running = false
    private let group = DispatchGroup()

    /// A decoder for lines of `path`, with the reader's maximum line length.
    init(path: String, maxLineLength: Int) {
        self.path = path
        self.maxLineLength = maxLineLength
        events = .allocate(capacity: capacity)
    }

    deinit {
        wait()
        discardRemaining()
        events.deallocate()
    }

    /// Starts decoding the `count` bytes at `lines`, whole lines each ending in `\n`, whose first
    /// byte is at file offset `offset`; drops any events of the previous job not yet delivered.
    func start(_ lines: UnsafePointer<UInt8>, count: Int, at offset: UInt64) {
        wait()
        discardRemaining()
        self.lines = lines
        byteCount = count
        fileOffset = offset
        running = true
        DispatchQueue.global().async(group: group) { self.run() }
    }

    /// Waits until the job started last is decoded.
    func wait() {
        guard running else { return }
        group.wait()
        running = false
    }

    /// Whether the job started last is decoded, without waiting for it.
    func isFinished() -> Bool {
        !running || group.wait(timeout: .now()) == .success
    }

    /// The next event of the finished job, moved out; nil when all are delivered.
    func next() -> LogReader.Event? {
        guard delivered < count else { return nil }
        delivered += 1
        return (events + delivered - 1).move()
    }

    /// Drops the events not delivered yet.
    func discardRemaining() {
        (events + delivered).deinitialize(count: count - delivered)
        count = 0
        delivered = 0
    }

    private func run() {
        guard let lines else { return }
        var lineStart = 0
        while lineStart < byteCount,
            let found = memchr(lines + lineStart, 0x0A, byteCount - lineStart)
        {
            let newline = UnsafeRawPointer(lines).distance(to: found)
            let event = decoder.event(
                line: lines + lineStart, length: newline - lineStart, at: fileOffset + UInt64(lineStart),
                path: path, maxLineLength: maxLineLength)
            if count == capacity { grow() }
            (events + count).initialize(to: event)
            count += 1
            lineStart = newline + 1
        }
    }

    private func grow() {
        let larger = UnsafeMutablePointer<LogReader.Event>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: events, count: count)
        events.deallocate()
        events = larger
        capacity *= 2
    }
}
