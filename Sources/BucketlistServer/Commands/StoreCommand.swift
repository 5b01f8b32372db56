import Bucketlists
import Logging

/// What the one-shot commands (`user add`, `feed-token reset`, `token revoke`) share: the store over the
/// database file, and a store error turned into one line and exit status 1.
enum StoreCommand {
    /// Runs `body` with the store at `database`, whose records carry `source`.
    ///
    /// - Throws: ``CommandFailure`` with the store's message when `body` throws a `StoreError`.
    static func run<Value>(
        database: String, source: String, _ body: (BucketlistStore) async throws -> Value
    ) async throws -> Value {
        let store = BucketlistStore(
            database: try AppDatabase.open(path: database),
            configuration: .init(source: source),
            logger: Logger(label: "bucketlist-server.\(source)")
        )
        do {
            return try await body(store)
        } catch let error as StoreError {
            throw CommandFailure(message: error.description)
        }
    }
}
