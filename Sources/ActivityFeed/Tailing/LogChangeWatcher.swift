import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Waits until one of the watched logs (or its directory, for rotation) may have changed.
///
/// Uses inotify on each log's directory where the system offers it and falls back to
/// polling at ``pollInterval`` otherwise. Changes are debounced: a burst of appends wakes
/// the caller once. Not thread-safe: one thread waits at a time.
public final class LogChangeWatcher {
    /// How often to look when inotify is not available.
    public static let pollInterval: Duration = .milliseconds(500)
    /// How long the logs must stay quiet after a change before the caller wakes.
    public static let debounce: Duration = .milliseconds(100)
    /// The longest a burst of changes can delay the caller.
    public static let maximumDelay: Duration = .milliseconds(500)

    private var descriptor: Int32 = -1
    private var nextPoll = ContinuousClock.now

    /// Whether changes are signalled by inotify (otherwise by polling).
    public var usesNotifications: Bool { descriptor >= 0 }

    /// Starts watching the directories of `paths`.
    public init(paths: [String]) {
        #if canImport(Glibc)
            let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard fd >= 0 else { return }
            let mask = UInt32(
                IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB
            )
            let directories = Set(paths.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path })
            var watched = 0
            for directory in directories where inotify_add_watch(fd, directory, mask) >= 0 {
                watched += 1
            }
            guard watched > 0 else {
                close(fd)
                return
            }
            descriptor = fd
        #endif
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
        }
    }

    /// Returns true once a change was seen and the logs were quiet for ``debounce``, or false
    /// after `timeout` without a change. With polling, every ``pollInterval`` counts as a change.
    public func waitForChange(timeout: Duration) -> Bool {
        guard descriptor >= 0 else {
            let now = ContinuousClock.now
            if nextPoll > now {
                sleepFor(min(timeout, nextPoll - now))
            }
            guard ContinuousClock.now >= nextPoll else { return false }
            nextPoll = ContinuousClock.now + Self.pollInterval
            return true
        }
        guard waitReadable(timeout) else { return false }
        drain()
        var waited: Duration = .zero
        while waited < Self.maximumDelay, waitReadable(Self.debounce) {
            drain()
            waited += Self.debounce
        }
        return true
    }

    private func waitReadable(_ timeout: Duration) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        return poll(&entry, 1, milliseconds) > 0
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 8192)
        while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
    }

    private func sleepFor(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
