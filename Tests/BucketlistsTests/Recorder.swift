import SignalLog
import Synchronization

/// Collects what signal receivers were given, from any thread.
final class Recorder: Sendable {
    private let state = Mutex<(records: [SignalRecord], allVisible: Bool)>(([], true))

    func add(_ record: SignalRecord, visible: Bool = true) {
        state.withLock {
            $0.records.append(record)
            $0.allVisible = $0.allVisible && visible
        }
    }

    var records: [SignalRecord] { state.withLock { $0.records } }
    var allVisible: Bool { state.withLock { $0.allVisible } }
}
