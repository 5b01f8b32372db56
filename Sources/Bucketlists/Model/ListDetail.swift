/// A bucketlist with its items, as its owner sees it.
public struct ListDetail: Sendable, Hashable {
    /// The list.
    public var list: Bucketlist
    /// Its items, by id.
    public var items: [Item]
}
