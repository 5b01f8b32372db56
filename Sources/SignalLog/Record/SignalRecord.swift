/// One activity-log record of format version 1 (`docs/record-format.md`).
///
/// `(source, seq)` identifies a record forever. Build one with the memberwise
/// initializer and check it with ``validate()`` before writing it; records
/// produced by ``LogReader`` are already valid.
public struct SignalRecord: Sendable, Hashable {
    /// The format version this library reads and writes.
    public static let formatVersion = 1

    /// The record's format version (`v`).
    public var version: Int
    /// Strictly increasing number within one source (`seq`), 1 … 2^53−1.
    public var seq: Int64
    /// Commit time of the change (`ts`), millisecond precision, UTC.
    public var timestamp: RecordTimestamp
    /// The application instance that wrote the record (`source`), `[A-Za-z0-9._-]{1,64}`.
    public var source: String
    /// `<subject type>.<verb>`, for example `item.updated` (`signal`).
    public var signal: String
    /// The user who acted (`actor`).
    public var actor: Actor
    /// What was acted on (`subject`).
    public var subject: Subject
    // Spelled `Optional<…>` rather than `…?`, here and for `requestID`, so the property has no
    // implicit `= nil` default: with one, the optimizer leaves a redundant retain and release of
    // every field of the record in each `init` (Swift 6.3), a tenth of the reader's time.
    /// The bucketlist an item belongs to (`parent`); required for `item.*` signals.
    public var parent: Optional<Subject>
    /// The fields that really changed, in the order they were written (`changes`).
    public var changes: [FieldChange]
    /// The HTTP request that caused the change (`request_id`), if any.
    public var requestID: Optional<String>

    /// Creates a record; call ``validate()`` before writing it.
    public init(
        version: Int = SignalRecord.formatVersion,
        seq: Int64,
        timestamp: RecordTimestamp,
        source: String,
        signal: String,
        actor: Actor,
        subject: Subject,
        parent: Subject? = nil,
        changes: [FieldChange] = [],
        requestID: String? = nil
    ) {
        self.version = version
        self.seq = seq
        self.timestamp = timestamp
        self.source = source
        self.signal = signal
        self.actor = actor
        self.subject = subject
        self.parent = parent
        self.changes = changes
        self.requestID = requestID
    }
}

extension SignalRecord {
    /// The user who made a change; `id` 0 and a `system:<tool>` name for changes made outside a request.
    public struct Actor: Sendable, Hashable {
        /// The user's id, or 0 for a system actor.
        public var id: Int64
        /// The user's name at the time of the change.
        public var name: String

        /// Creates an actor.
        public init(id: Int64, name: String) {
            self.id = id
            self.name = name
        }

        /// The actor for a change made by a tool rather than a user, named `system:<tool>`.
        public static func system(_ tool: String) -> Actor {
            Actor(id: 0, name: "system:\(tool)")
        }
    }

    /// What a record is about (`subject`) or the list it belongs to (`parent`).
    public struct Subject: Sendable, Hashable {
        /// The kind of object: `user`, `bucketlist`, `item`, or another in a later version.
        public var type: String
        /// The object's id.
        public var id: Int64
        /// The object's title after the action (before it, for a delete). User text: escape it on output.
        public var title: String

        /// Creates a subject.
        public init(type: String, id: Int64, title: String) {
            self.type = type
            self.id = id
            self.title = title
        }
    }

    /// One changed field of an update: its value before and after.
    public struct FieldChange: Sendable, Hashable {
        /// The field's name, for example `done` or `name`.
        public var field: String
        /// The value before the change.
        public var old: JSONValue
        /// The value after the change.
        public var new: JSONValue

        /// Creates a change.
        public init(field: String, old: JSONValue, new: JSONValue) {
            self.field = field
            self.old = old
            self.new = new
        }
    }
}

extension SignalRecord {
    /// Whether this record reads as "completed": an `item.updated` whose `done` went from false to true.
    public var isCompletion: Bool {
        signal == KnownSignal.itemUpdated.rawValue
            && changes.contains { $0.field == "done" && $0.old == .bool(false) && $0.new == .bool(true) }
    }
}
