import SignalLog

/// Consecutive records of one actor that read as one line on the page:
/// "alice updated ‘Visit Japan’ 3 times", "bob completed 4 items in ‘Road trip’".
struct EntryGroup: Sendable {
    /// How the records of a group relate.
    enum Kind: Sendable, Equatable {
        /// A single record.
        case single
        /// Several records about the same subject.
        case sameSubject
        /// Several records about different items of the same list.
        case sameParent
    }

    /// The group's records, newest first.
    private(set) var entries: [FeedEntry]
    /// How the records relate.
    private(set) var kind: Kind = .single

    /// The newest record of the group.
    var newest: SignalRecord { entries[0].record }

    /// Groups entries (newest first), joining a record to the group before it when the
    /// same actor did the same thing to the same subject, or to items of the same list.
    static func groups(of entries: [FeedEntry]) -> [EntryGroup] {
        var groups: [EntryGroup] = []
        for entry in entries {
            if var group = groups.last, group.absorb(entry) {
                groups[groups.count - 1] = group
            } else {
                groups.append(EntryGroup(entries: [entry]))
            }
        }
        return groups
    }

    private mutating func absorb(_ entry: FeedEntry) -> Bool {
        let first = newest
        let record = entry.record
        // Ids belong to one application database, so records of another source are other objects.
        guard record.source == first.source, record.actor == first.actor, record.signal == first.signal,
            record.isCompletion == first.isCompletion, record.subject.type == first.subject.type
        else { return false }
        let sameSubject = record.subject.id == first.subject.id
        let sameParent =
            record.parent != nil && record.parent?.type == first.parent?.type && record.parent?.id == first.parent?.id
        switch kind {
        case .single where sameSubject: kind = .sameSubject
        case .single where sameParent: kind = .sameParent
        case .sameSubject where sameSubject, .sameParent where sameParent: break
        default: return false
        }
        entries.append(entry)
        return true
    }
}
