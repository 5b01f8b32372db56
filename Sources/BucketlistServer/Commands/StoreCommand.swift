import Bucketlists
import Logging

/// What the one-shot commands (`user add`, `feed-token reset`, `token revoke`) share: the store over the
/// database (`--database`: an SQLite file, or `postgres://USER@HOST:PORT/DB`), and a store error turned into one
/// line and exit status 1.
enum StoreCommand {
    /// The help of every command's `--database` option.
    static let databaseHelp: String =
        "The SQLite database file, or postgres://USER@HOST:PORT/DB (password from PGPASSWORD or ~/.pgpass)."

    /// Opens the backend `database` names, migrated.
    ///
    /// - Throws: ``CommandFailure`` saying what is wrong with the option or the database.
    static func openBackend(_ database: String, logger: Logger) async throws -> StoreBackend {
        let location: DatabaseLocation
        do {
            location = try DatabaseLocation(parsing: database)
        } catch {
            throw CommandFailure(message: "--database: \(error)")
        }
        do {
            switch location {
            case .sqlite(let path):
                return .sqlite(try AppDatabase.open(path: path))
            case .postgres(let address):
                return .postgres(try await PostgresDatabase.open(address: address, logger: logger))
            }
        } catch let error as DatabaseOpenError {
            throw CommandFailure(message: error.description)
        }
    }

    /// Runs `body` with the store at `database`, whose records carry `source`.
    ///
    /// - Throws: ``CommandFailure`` with the store's message when `body` throws a `StoreError`.
    static func run<Value>(
        database: String, source: String, _ body: (BucketlistStore) async throws -> Value
    ) async throws -> Value {
        let logger = Logger(label: "bucketlist-server.\(source)")
        let backend = try await openBackend(database, logger: logger)
        defer { if case .postgres(let database) = backend { database.close() } }
        let store = BucketlistStore(backend: backend, configuration: .init(source: source), logger: logger)
        do {
            return try await body(store)
        } catch let error as StoreError {
            throw CommandFailure(message: error.description)
        }
    }
}
