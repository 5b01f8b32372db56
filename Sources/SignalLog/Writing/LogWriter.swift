import Foundation
import Synchronization

/// The durable appender of the activity log: whole lines, one `write(2)` per batch, `fsync` before returning.
///
/// Opens the file with `O_APPEND | O_CREAT` (mode 0640). Concurrent callers share flushes (group
/// commit): the caller that finds the writer idle writes and syncs the batch; whoever arrives
/// meanwhile joins the next batch, so one `write` and one `fsync` serve many appends. The file I/O
/// runs on the calling task's thread (or, for follow-up batches, on a task of the writer's own).
/// Before each batch it checks whether its path was rotated away (the file renamed or deleted, so
/// the path's inode differs or is gone) and if so reopens the path. Lines never interleave: each
/// batch is a concatenation of whole lines written by one `write` on an `O_APPEND` descriptor (a
/// short write is finished by further `write`s before anything else is written). A write that fails part
/// way (the disk is full) is taken back with `ftruncate` to where the batch began, so the log holds no torn
/// line; only if that too fails does the next batch begin with `\n`, so readers reject only that line.
public final class LogWriter: Sendable {
    /// The log file's path.
    public let path: String
    /// When batches are forced to stable storage.
    public let fsyncPolicy: FsyncPolicy

    private struct State: ~Copyable {
        var descriptor: Int32
        var device: UInt64
        var inode: UInt64
        var pending: [UInt8] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var flushing = false
        var closed = false
        var lastSync: ContinuousClock.Instant = .now
        /// A failed write left part of a line in the file: the next batch starts with `\n` to end it.
        var tornLine = false
    }

    private let state: Mutex<State>

    /// Opens (creating it with mode 0640 if needed) the log at `path` for appending.
    ///
    /// Throws ``LogWriteError`` when the file cannot be opened.
    public init(path: String, fsync: FsyncPolicy = .everyBatch) throws {
        self.path = path
        self.fsyncPolicy = fsync
        let (descriptor, device, inode, tornLine) = try Self.openLog(path)
        state = Mutex(State(descriptor: descriptor, device: device, inode: inode, tornLine: tornLine))
    }

    deinit {
        state.withLock(sanitizerAddress: self) { state in
            if state.descriptor >= 0 { _ = Foundation.close(state.descriptor) }
        }
    }

    /// Validates, encodes and appends `records` as one batch; returns once they are written and, by
    /// the policy, synced.
    ///
    /// Throws ``RecordValidationError`` (nothing written) when a record breaks the format's rules, and
    /// ``LogWriteError`` when the file cannot be written or synced.
    public func append(_ records: [SignalRecord]) async throws {
        var batch: [UInt8] = []
        batch.reserveCapacity(records.count * 320)
        for record in records {
            try record.validate()
            batch.append(contentsOf: record.encodedLine())
        }
        try await enqueue(batch)
    }

    /// Appends pre-encoded lines, each exactly one line ending in `\n`, as one batch.
    ///
    /// Throws ``LogWriteError`` (nothing written) when a line is empty, does not end in `\n` or holds
    /// another `\n`, and when the file cannot be written or synced. The lines are not validated as records.
    public func append(lines: [[UInt8]]) async throws {
        var batch: [UInt8] = []
        batch.reserveCapacity(lines.reduce(0) { $0 + $1.count })
        for (index, line) in lines.enumerated() {
            guard line.last == 0x0A, line.firstIndex(of: 0x0A) == line.count - 1 else {
                throw LogWriteError.notWholeLine(path, index: index)
            }
            batch.append(contentsOf: line)
        }
        try await enqueue(batch)
    }

    /// Syncs and closes the file; later appends throw. Appends already waiting are still written
    /// first (and the file is then closed by the caller writing them).
    ///
    /// Throws ``LogWriteError`` when the final `fsync` or `close` fails.
    public func close() throws {
        let descriptor = state.withLock(sanitizerAddress: self) { state -> Int32 in
            guard !state.closed else { return -1 }
            state.closed = true
            if state.flushing { return -1 }
            defer { state.descriptor = -1 }
            return state.descriptor
        }
        guard descriptor >= 0 else { return }
        if fsync(descriptor) != 0 {
            let error = errno
            _ = Foundation.close(descriptor)
            throw LogWriteError.sync(path, errno: error)
        }
        if Foundation.close(descriptor) != 0 {
            throw LogWriteError.close(path, errno: errno)
        }
    }

    private func enqueue(_ batch: [UInt8]) async throws {
        guard !batch.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let leads = state.withLock(sanitizerAddress: self) { state -> Bool? in
                if state.closed { return nil }
                state.pending.append(contentsOf: batch)
                state.waiters.append(continuation)
                if state.flushing { return false }
                state.flushing = true
                return true
            }
            switch leads {
            case nil: continuation.resume(throwing: LogWriteError.closed(path))
            case true?: flushAsLeader()
            case false?: break
            }
        }
    }

    /// Writes the batch holding the leading caller's lines; whatever arrived meanwhile is written by
    /// a task of its own, so no caller waits for more than the batch after its own.
    private func flushAsLeader() {
        if flushBatch() {
            Task { self.flushUntilIdle() }
        }
    }

    private func flushUntilIdle() {
        while flushBatch() {}
    }

    /// Writes all pending lines as one batch and resumes their callers; returns true when more lines
    /// arrived meanwhile (the writer stays in its flushing state), false once it is idle.
    private func flushBatch() -> Bool {
        let (batch, waiters) = state.withLock(sanitizerAddress: self) { state in
            defer {
                state.pending = []
                state.waiters = []
            }
            return (state.pending, state.waiters)
        }
        do {
            try write(batch)
            for waiter in waiters { waiter.resume() }
        } catch {
            for waiter in waiters { waiter.resume(throwing: error) }
        }
        return state.withLock(sanitizerAddress: self) { state in
            guard state.pending.isEmpty else { return true }
            state.flushing = false
            if state.closed, state.descriptor >= 0 {
                _ = fsync(state.descriptor)
                _ = Foundation.close(state.descriptor)
                state.descriptor = -1
            }
            return false
        }
    }

    private func write(_ batch: [UInt8]) throws(LogWriteError) {
        let (descriptor, endsTornLine) = try currentDescriptor()
        var bytes = batch
        if endsTornLine { bytes.insert(0x0A, at: 0) }
        var before = stat()
        let sizeBefore = fstat(descriptor, &before) == 0 ? before.st_size : nil
        let (written, failure) = bytes.withUnsafeBytes { buffer -> (Int, Int32?) in
            var written = 0
            while written < buffer.count {
                let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return (written, errno)
                }
                written += result
            }
            return (written, nil)
        }
        if let failure {
            // A batch cut short (the disk filled) is taken back whole, so the log never holds a torn line
            // in its middle; the callers are told, and their records stay in the outbox for the next try.
            let takenBack = written > 0 && sizeBefore.map { ftruncate(descriptor, $0) == 0 } == true
            state.withLock(sanitizerAddress: self) {
                $0.tornLine = written > 0 && !takenBack ? bytes[written - 1] != 0x0A : endsTornLine
            }
            throw LogWriteError.write(path, errno: failure)
        }
        state.withLock(sanitizerAddress: self) { $0.tornLine = written > 0 ? bytes[written - 1] != 0x0A : endsTornLine }
        let now = ContinuousClock.now
        let due: Bool
        switch fsyncPolicy {
        case .everyBatch: due = true
        case .interval(let interval): due = state.withLock(sanitizerAddress: self) { now - $0.lastSync >= interval }
        }
        guard due else { return }
        guard fsync(descriptor) == 0 else { throw LogWriteError.sync(path, errno: errno) }
        state.withLock(sanitizerAddress: self) { $0.lastSync = now }
    }

    /// The open descriptor, reopened first if the path no longer names the open file, and whether a
    /// torn line must be ended before the batch.
    private func currentDescriptor() throws(LogWriteError) -> (Int32, Bool) {
        var status = stat()
        let pathStatus = stat(path, &status)
        return try state.withLock(sanitizerAddress: self) { (state) throws(LogWriteError) -> (Int32, Bool) in
            let rotated =
                pathStatus != 0 || UInt64(status.st_dev) != state.device || UInt64(status.st_ino) != state.inode
            guard rotated else { return (state.descriptor, state.tornLine) }
            let (descriptor, device, inode, tornLine) = try Self.openLog(path)
            if state.descriptor >= 0 { _ = Foundation.close(state.descriptor) }
            state.descriptor = descriptor
            state.device = device
            state.inode = inode
            state.tornLine = tornLine
            return (descriptor, tornLine)
        }
    }

    /// Opens the log for appending; also tells whether it ends in part of a line (a writer that
    /// crashed mid-write, or power lost before a sync), so the first batch ends that line first and
    /// its own first record is not glued to the fragment.
    private static func openLog(_ path: String) throws(LogWriteError) -> (Int32, UInt64, UInt64, Bool) {
        let descriptor = Foundation.open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw LogWriteError.open(path, errno: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = errno
            _ = Foundation.close(descriptor)
            throw LogWriteError.open(path, errno: error)
        }
        var lastByte: UInt8 = UInt8(ascii: "\n")
        if status.st_size > 0 {
            _ = pread(descriptor, &lastByte, 1, status.st_size - 1)
        }
        return (descriptor, UInt64(status.st_dev), UInt64(status.st_ino), lastByte != UInt8(ascii: "\n"))
    }
}
