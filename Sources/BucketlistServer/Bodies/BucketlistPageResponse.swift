import Bucketlists
import Hummingbird

/// One page of lists with the total across pages.
struct BucketlistPageResponse: ResponseEncodable {
    var bucketlists: [BucketlistResponse]
    var page: Int
    var perPage: Int
    var total: Int

    init(_ page: ListPage) {
        self.bucketlists = page.lists.map { BucketlistResponse($0) }
        self.page = page.page
        self.perPage = page.perPage
        self.total = page.total
    }
}
