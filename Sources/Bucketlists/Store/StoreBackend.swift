/// The database a ``BucketlistStore`` runs on: one store API, one implementation per backend.
///
/// SQLite (through GRDB) is the embedded default for one machine; PostgreSQL (through postgres-nio) lets
/// several server instances share one database, each with its own `source` and activity log.
public enum StoreBackend: Sendable {
    /// An SQLite database file (or an in-memory one in tests).
    case sqlite(AppDatabase)
    /// A PostgreSQL database reached through a connection pool.
    case postgres(PostgresDatabase)

    /// A short name for logs and messages: `sqlite` or `postgresql`.
    public var name: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }
}
