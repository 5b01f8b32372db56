import Foundation
import GRDB
import SignalLog

/// The application's SQLite database: its connection and its schema.
///
/// Open a file database with ``open(path:)`` (WAL mode, so readers never wait for the writer) or wrap any
/// `DatabaseWriter` (an in-memory `DatabaseQueue` in tests) with ``init(_:)``. Either way the migrations run
/// before the value is returned, so every `AppDatabase` holds the current schema.
public struct AppDatabase: Sendable {
    /// The connection every read and write goes through. A `write` that returns has committed.
    public let writer: any DatabaseWriter

    /// Wraps a connection and brings its schema up to date.
    ///
    /// - Throws: A GRDB `DatabaseError` when a migration fails; the database is left as it was.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens (or creates) the database file at `path` in WAL mode, with foreign keys on and every commit synced
    /// to disk (`synchronous = FULL`), and migrates it. The file and its `-wal` and `-shm` are mode 0600.
    ///
    /// - Throws: ``DatabaseOpenError``, which says in one line what is wrong (the disk is full, no
    ///   permission, not a database) when the file cannot be opened or migrated.
    public static func open(path: String) throws -> AppDatabase {
        do {
            return try openFile(path: path)
        } catch {
            throw DatabaseOpenError(path: path, error: error)
        }
    }

    private static func openFile(path: String) throws -> AppDatabase {
        // The database holds password hashes: mode 0600 whatever the umask, tightened if it was looser.
        // SQLite gives its -wal and -shm files the database file's mode.
        let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)
            close(descriptor)
        }
        for companion in [path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: companion) {
            chmod(companion, 0o600)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB opens WAL pools with synchronous = NORMAL, where a power loss may undo the last commits. The
        // relay may already have written their records to the log by then, so commits are synced (FULL):
        // the log never describes a change the database lost.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return try AppDatabase(pool)
    }

    /// A fresh in-memory database, for tests and tools.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue())
    }

    /// The named migrations, applied in order; a migration never changes once released.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: users, tokens, bucketlists, items, outbox") { db in
            // Usernames are restricted to ASCII letters, digits, '.', '_' and '-', so SQLite's NOCASE
            // collation makes them unique case-insensitively.
            try db.create(table: "user") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("username", .text).notNull().unique().collate(.nocase)
                table.column("passwordHash", .text).notNull()
                table.column("role", .text).notNull().check { ["user", "admin"].contains($0) }
                table.column("createdAt", .datetime).notNull()
            }
            // Only the SHA-256 digest of a token is stored: a stolen database yields no usable token.
            try db.create(table: "accessToken") { table in
                table.autoIncrementedPrimaryKey("id")
                table.belongsTo("user", onDelete: .cascade).notNull()
                table.column("digest", .text).notNull().unique()
                table.column("kind", .text).notNull().check { ["bearer", "feed"].contains($0) }
                table.column("createdAt", .datetime).notNull()
                table.column("expiresAt", .datetime)
            }
            try db.create(table: "bucketlist") { table in
                table.autoIncrementedPrimaryKey("id")
                table.belongsTo("owner", inTable: "user", onDelete: .cascade).notNull()
                table.column("name", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "item") { table in
                table.autoIncrementedPrimaryKey("id")
                table.belongsTo("bucketlist", onDelete: .cascade).notNull()
                table.column("name", .text).notNull()
                table.column("done", .boolean).notNull().defaults(to: false)
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
            // The transactional outbox. AUTOINCREMENT (not a plain rowid) guarantees that a seq is never
            // reused, even after the relay deletes the drained rows, so `(source, seq)` stays unique forever.
            try db.create(table: "outbox") { table in
                table.autoIncrementedPrimaryKey("seq")
                table.column("ts", .integer).notNull()
                table.column("source", .text).notNull()
                table.column("signal", .text).notNull()
                table.column("actorId", .integer).notNull()
                table.column("actorName", .text).notNull()
                table.column("subjectType", .text).notNull()
                table.column("subjectId", .integer).notNull()
                table.column("subjectTitle", .text).notNull()
                table.column("parentType", .text)
                table.column("parentId", .integer)
                table.column("parentTitle", .text)
                table.column("changes", .text).notNull()
                table.column("requestId", .text)
            }
        }
        migrator.registerMigration("v2: outbox changes in the log's JSON form") { db in
            // v1 wrote `changes` with a codec of its own; rows a stopped server left behind are rewritten in
            // the form the log uses, so one codec (SignalLog's) reads every row.
            let rows = try Row.fetchAll(db, sql: "SELECT seq, changes FROM outbox")
            for row in rows {
                let seq: Int64 = row["seq"]
                let text: String = row["changes"]
                guard let changes = LegacyChangesColumn.changes(fromV1: text) else {
                    throw StoreError.corruptOutbox(seq: seq, reason: "changes column is not in the v1 form")
                }
                try db.execute(
                    sql: "UPDATE outbox SET changes = ? WHERE seq = ?",
                    arguments: [SignalRecord.changesObject(changes).jsonText, seq]
                )
            }
        }
        return migrator
    }
}
