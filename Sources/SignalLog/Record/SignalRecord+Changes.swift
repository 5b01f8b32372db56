extension SignalRecord {
    /// A record's `changes` as the log holds them: one object whose members map each field, in order, to its
    /// `[old, new]` pair.
    public static func changesObject(_ changes: [FieldChange]) -> JSONValue {
        .object(changes.map { (key: $0.field, value: .array([$0.old, $0.new])) })
    }

    /// The changes a `changes` object holds, in order; nil when `object` is not an object whose every
    /// member is an `[old, new]` pair.
    public static func changes(from object: JSONValue) -> [FieldChange]? {
        guard case .object(let members) = object else { return nil }
        var changes: [FieldChange] = []
        changes.reserveCapacity(members.count)
        for member in members {
            guard case .array(let pair) = member.value, pair.count == 2 else { return nil }
            changes.append(FieldChange(field: member.key, old: pair[0], new: pair[1]))
        }
        return changes
    }
}
