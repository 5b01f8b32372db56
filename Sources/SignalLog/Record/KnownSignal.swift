/// The signals of format version 1: the one place where a signal's wire name (its `rawValue`,
/// `<subject type>.<verb>`) is spelled.
///
/// Writers name a signal by case, so one that does not exist cannot be sent. A record read from a log
/// keeps its `signal` as a string, because a later version may add signals a reader of this one shows
/// generically; ``SignalRecord/knownSignal`` says which of these it is, if any.
public enum KnownSignal: String, CaseIterable, Sendable {
    /// A user registered; actor and subject are the new user.
    case userRegistered = "user.registered"
    /// A bucketlist was created.
    case bucketlistCreated = "bucketlist.created"
    /// A bucketlist was renamed.
    case bucketlistUpdated = "bucketlist.updated"
    /// A bucketlist was deleted (after one `item.deleted` per item it held).
    case bucketlistDeleted = "bucketlist.deleted"
    /// An item was added to a list.
    case itemCreated = "item.created"
    /// An item was renamed or ticked off (or on again).
    case itemUpdated = "item.updated"
    /// An item was removed.
    case itemDeleted = "item.deleted"

    /// What a signal did to its subject: the part of the name after the dot.
    public enum Action: Sendable {
        /// `registered`.
        case registered
        /// `created`.
        case created
        /// `updated`: the record carries at least one change.
        case updated
        /// `deleted`.
        case deleted
    }

    /// What the signal did to its subject.
    public var action: Action {
        switch self {
        case .userRegistered: .registered
        case .bucketlistCreated, .itemCreated: .created
        case .bucketlistUpdated, .itemUpdated: .updated
        case .bucketlistDeleted, .itemDeleted: .deleted
        }
    }
}

extension SignalRecord {
    /// The catalogued signal this record carries, or nil for a signal of a later format version.
    public var knownSignal: KnownSignal? { KnownSignal(rawValue: signal) }
}
