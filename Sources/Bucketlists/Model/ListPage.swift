/// One page of a user's bucketlists, with the total across all pages.
public struct ListPage: Sendable, Hashable {
    /// The lists on this page, by id.
    public var lists: [Bucketlist]
    /// The page number, from 1.
    public var page: Int
    /// The page size asked for.
    public var perPage: Int
    /// How many lists match, across all pages.
    public var total: Int

    /// Creates a page.
    public init(lists: [Bucketlist], page: Int, perPage: Int, total: Int) {
        self.lists = lists
        self.page = page
        self.perPage = perPage
        self.total = total
    }
}
