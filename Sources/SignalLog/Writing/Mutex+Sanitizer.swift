import Foundation
import Synchronization

// The same as Signals' `Mutex+Sanitizer.swift`: the two libraries import nothing but Foundation,
// so neither can share it with the other.

extension Mutex where Value: ~Copyable {
    /// `withLock`, also announcing the critical section to the thread sanitizer at `owner`'s address.
    ///
    /// On Linux a contended `Mutex` is handed over inside the kernel (a futex), where the thread sanitizer cannot
    /// see it, so `swift test --sanitize=thread` reports every value behind a contended `Mutex` as raced (a plain
    /// `Mutex<[Int]>` appended to from two threads is enough). Announcing an acquire right after locking and a
    /// release right before unlocking gives the sanitizer the ordering the lock really provides. Pass the object
    /// that holds the mutex, so that each mutex has its own address.
    borrowing func withLock<Result: Sendable, E: Error>(
        sanitizerAddress owner: AnyObject,
        _ body: (inout sending Value) throws(E) -> Result
    ) throws(E) -> Result {
        try withLock { (value: inout sending Value) throws(E) -> Result in
            ThreadSanitizerHooks.acquire(owner)
            defer { ThreadSanitizerHooks.release(owner) }
            return try body(&value)
        }
    }
}

/// The thread sanitizer's annotations for synchronization it cannot observe; no-ops in a normal build.
///
/// The hooks exist only in a process linked with the sanitizer's runtime, so they are looked up once with `dlsym`;
/// a normal build pays one `nil` check per call. On Apple platforms `Mutex` uses `os_unfair_lock`, which the
/// sanitizer observes, and the hooks are not needed.
private enum ThreadSanitizerHooks {
    private typealias Hook = @convention(c) (UnsafeRawPointer?) -> Void

    #if os(Linux)
        private static let acquireHook = hook(named: "__tsan_acquire")
        private static let releaseHook = hook(named: "__tsan_release")

        private static func hook(named name: String) -> Hook? {
            dlsym(nil, name).map { unsafeBitCast($0, to: Hook.self) }
        }
    #else
        private static let acquireHook: Hook? = nil
        private static let releaseHook: Hook? = nil
    #endif

    static func acquire(_ owner: AnyObject) {
        acquireHook?(UnsafeRawPointer(Unmanaged.passUnretained(owner).toOpaque()))
    }

    static func release(_ owner: AnyObject) {
        releaseHook?(UnsafeRawPointer(Unmanaged.passUnretained(owner).toOpaque()))
    }
}
