/// A sendable, type-erased hashable value with the equality of `AnyHashable`.
///
/// `AnyHashable` itself is not `Sendable`; this keeps the sendable value and erases it only to compare and hash.
struct HashableValue: Hashable, Sendable {
    let base: any Hashable & Sendable

    init(_ base: some Hashable & Sendable) {
        self.base = base
    }

    static func == (lhs: HashableValue, rhs: HashableValue) -> Bool {
        AnyHashable(lhs.base) == AnyHashable(rhs.base)
    }

    func hash(into hasher: inout Hasher) {
        AnyHashable(base).hash(into: &hasher)
    }
}
