#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on the lock file next to a feed state, held until released or the process ends.
///
/// Only the holder may write the state. The kernel drops the lock when the process dies,
/// even by SIGKILL, so a crashed run never blocks the next one.
public final class StateLock {
    /// The lock file, `<state>.lock`.
    public let path: String
    private var descriptor: Int32

    /// Takes the lock for the state at `statePath` without waiting, creating the state's folder
    /// (mode 0700) when it is missing.
    ///
    /// - Returns: nil when another process holds it.
    /// - Throws: ``StateLockError`` when the folder cannot be created or the lock file cannot be opened.
    public static func acquire(forStateAt statePath: String) throws(StateLockError) -> StateLock? {
        let path = statePath + ".lock"
        let folder = statePath.lastIndex(of: "/").map { String(statePath[..<$0]) } ?? "."
        do {
            try Folders.create(atPath: folder.isEmpty ? "/" : folder, mode: 0o700)
        } catch {
            throw StateLockError(path: path, reason: "\(error)")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateLockError(path: path, reason: SystemErrorText.describe(errno))
        }
        // Private whatever the umask, and tightened if an older version left it readable by others.
        fchmod(descriptor, 0o600)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            throw StateLockError(path: path, reason: SystemErrorText.describe(code))
        }
        return StateLock(path: path, descriptor: descriptor)
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Releases the lock now rather than when the lock is deallocated.
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit {
        release()
    }
}
