import SignalLog

/// The `changes` column as schema v1 wrote it, turned into the log's form for the migration that replaced it.
///
/// Schema v1 stored `[{"field": F, "old": V, "new": V}, …]`, where every object value was tagged as
/// `{"object": [{"key": K, "value": V}, …]}` to keep its member order. The text is parsed with the log's own
/// JSON parser (``JSONValue/init(parsing:)``); only its shape is rewritten here.
enum LegacyChangesColumn {
    /// The changes a v1 `changes` column holds, or nil when `text` is not in the v1 form.
    static func changes(fromV1 text: String) -> [SignalRecord.FieldChange]? {
        guard case .array(let elements)? = try? JSONValue(parsing: text) else { return nil }
        var changes: [SignalRecord.FieldChange] = []
        for element in elements {
            guard case .object(let members) = element,
                case .string(let field)? = member("field", of: members),
                let old = member("old", of: members).flatMap(untagged),
                let new = member("new", of: members).flatMap(untagged)
            else { return nil }
            changes.append(SignalRecord.FieldChange(field: field, old: old, new: new))
        }
        return changes
    }

    private static func member(_ key: String, of members: [(key: String, value: JSONValue)]) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    /// `value` with every tagged object turned back into a plain one.
    private static func untagged(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .null, .bool, .integer, .number, .string:
            return value
        case .array(let elements):
            var converted: [JSONValue] = []
            for element in elements {
                guard let element = untagged(element) else { return nil }
                converted.append(element)
            }
            return .array(converted)
        case .object(let tagged):
            guard case .array(let entries)? = member("object", of: tagged) else { return nil }
            var members: [(key: String, value: JSONValue)] = []
            for entry in entries {
                guard case .object(let parts) = entry, case .string(let key)? = member("key", of: parts),
                    let value = member("value", of: parts).flatMap(untagged)
                else { return nil }
                members.append((key: key, value: value))
            }
            return .object(members)
        }
    }
}
