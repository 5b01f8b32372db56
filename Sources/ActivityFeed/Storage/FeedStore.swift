import Foundation
import GRDB
public import SignalLog

/// The feed's durable state in one SQLite file: entries, dedupe marks, counters, rejects and checkpoints.
///
/// Keeps every entry above ``archivedThrough()`` plus the newest ``window`` entries and
/// prunes the rest, so its size follows the window and the archive's progress, not the
/// log's size. Each ingested batch is committed in one transaction with the checkpoints
/// that led to it, so a kill at any instant neither loses nor repeats an entry. Only one
/// process may write it at a time: hold a ``StateLock`` first.
public struct FeedStore: FeedReading {
    /// The number of newest entries kept whatever the archive holds, unless told otherwise.
    public static let defaultWindow = 500

    /// The state file.
    public let path: String
    /// The number of newest entries always kept.
    public let window: Int
    let database: any DatabaseWriter

    /// Opens the state at `path`, creating it (and its directory) unless `createIfMissing` is false.
    ///
    /// - Throws: ``FeedStoreError`` when the file is missing and may not be created, or is not a feed state.
    public init(path: String, window: Int = FeedStore.defaultWindow, createIfMissing: Bool = true) throws {
        self.path = path
        self.window = max(0, window)
        let exists = FileManager.default.fileExists(atPath: path)
        if exists {
            try Self.refuseIfNotAState(path)
        } else {
            guard createIfMissing else { throw FeedStoreError.missingState(path) }
            do {
                try Folders.create(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, mode: 0o700)
            } catch {
                throw FeedStoreError.cannotOpen(path, error)
            }
        }
        // The state is private (mode 0600) whatever the umask; SQLite gives its journal the same mode.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)
            close(descriptor)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "feed-state"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.whileMigrationsAreOurs(path) { try Self.migrator.migrate(queue) }
            database = queue
        } catch {
            throw FeedStoreError.cannotOpen(path, error)
        }
    }

    /// Runs `body` holding an exclusive `flock` on the state's folder, so two processes opening one new
    /// state (a build creating it, `stats` or `serve` reading it) never both create its tables: GRDB's
    /// migrator reads which migrations were applied outside the transaction that applies them.
    ///
    /// The lock is on the folder, not the file, because closing any descriptor of the database file would
    /// drop SQLite's own POSIX locks on it.
    private static func whileMigrationsAreOurs(_ path: String, _ body: () throws -> Void) throws {
        let folder = open(
            URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return try body() }
        defer { close(folder) }
        while flock(folder, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(folder, LOCK_UN) }
        try body()
    }

    /// Refuses, without touching it, a folder or a file that is not empty and not an SQLite database:
    /// a wrong `--state` must not become one, nor have its mode changed.
    private static func refuseIfNotAState(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw FeedStoreError.notAState(
                path, "it is a directory, not the feed state's file; point --state at a file")
        }
        guard status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 else { return }
        let expected = Data("SQLite format 3\0".utf8)
        guard let file = FileHandle(forReadingAtPath: path), let header = try? file.read(upToCount: expected.count)
        else { return }
        try? file.close()
        guard header == expected else {
            throw FeedStoreError.notAState(
                path,
                "the file is not a feed state (not an SQLite database); point --state at the feed state, "
                    + "or at a path that does not exist yet to start a new one")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE feed_state (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        last_ordinal INTEGER NOT NULL,
                        archived_through INTEGER NOT NULL,
                        reject_count INTEGER NOT NULL,
                        needs_publish INTEGER NOT NULL);
                    INSERT INTO feed_state VALUES (1, 0, 0, 0, 0);
                    CREATE TABLE entry (ordinal INTEGER PRIMARY KEY, line BLOB NOT NULL);
                    CREATE TABLE source (
                        name TEXT PRIMARY KEY,
                        ingested INTEGER NOT NULL,
                        duplicates INTEGER NOT NULL,
                        high_water INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE TABLE missing_range (
                        source TEXT NOT NULL,
                        first_seq INTEGER NOT NULL,
                        last_seq INTEGER NOT NULL,
                        PRIMARY KEY (source, first_seq)) WITHOUT ROWID;
                    CREATE TABLE daily_signal_count (
                        day TEXT NOT NULL,
                        signal TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (day, signal)) WITHOUT ROWID;
                    CREATE TABLE actor_count (
                        actor_key TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        count INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE TABLE reject (
                        id INTEGER PRIMARY KEY,
                        path TEXT NOT NULL,
                        byte_offset INTEGER NOT NULL,
                        length INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        prefix BLOB NOT NULL);
                    CREATE TABLE checkpoint (
                        path TEXT NOT NULL,
                        role TEXT NOT NULL,
                        device INTEGER NOT NULL,
                        inode INTEGER NOT NULL,
                        head_length INTEGER NOT NULL,
                        head_hash INTEGER NOT NULL,
                        byte_offset INTEGER NOT NULL,
                        tail_hash INTEGER NOT NULL,
                        observed_size INTEGER NOT NULL,
                        observed_modification INTEGER NOT NULL,
                        PRIMARY KEY (path, role)) WITHOUT ROWID;
                    """
            )
        }
        // Records of several logs merged in one run wait here, committed with their checkpoints,
        // until no log can bring an older one; then they get their ordinals in this key's order.
        migrator.registerMigration("v2-pending-entries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE pending_entry (
                        ts INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        line BLOB NOT NULL,
                        PRIMARY KEY (ts, source, seq)) WITHOUT ROWID;
                    """
            )
        }
        // The oldest archive page an archive retention kept: the end of the prev-archive chain.
        migrator.registerMigration("v3-first-archive-page") { db in
            try db.execute(sql: "ALTER TABLE feed_state ADD COLUMN first_archive_page INTEGER NOT NULL DEFAULT 1")
        }
        return migrator
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as FeedStoreError {
            throw error
        } catch {
            throw FeedStoreError.database(path, error)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as FeedStoreError {
            throw error
        } catch {
            throw FeedStoreError.database(path, error)
        }
    }

    // MARK: - FeedReading

    /// The highest ordinal ingested so far, 0 when the store is empty.
    public func lastOrdinal() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT last_ordinal FROM feed_state") ?? 0 }
    }

    /// The stored entries whose ordinals fall in `ordinals`, ascending.
    public func entries(ordinals: ClosedRange<Int64>) throws -> [FeedEntry] {
        try entries(
            sql: "SELECT ordinal, line FROM entry WHERE ordinal BETWEEN ? AND ? ORDER BY ordinal",
            arguments: [ordinals.lowerBound, ordinals.upperBound]
        )
    }

    /// The newest `limit` stored entries, newest first.
    public func newestEntries(limit: Int) throws -> [FeedEntry] {
        try entries(sql: "SELECT ordinal, line FROM entry ORDER BY ordinal DESC LIMIT ?", arguments: [max(0, limit)])
    }

    /// Record counts per UTC day and signal, for days on or after `since`'s day (all when nil), oldest first.
    public func dailySignalCounts(since: RecordTimestamp?) throws -> [DailySignalCount] {
        let firstDay = since?.utcDay ?? ""
        return try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT day, signal, count FROM daily_signal_count WHERE day >= ? ORDER BY day, signal",
                arguments: [firstDay]
            ).map { DailySignalCount(day: $0["day"], signal: $0["signal"], count: $0["count"]) }
        }
    }

    /// Record counts per actor (users by id, system actors by name) under their latest name, most active first.
    public func actorCounts() throws -> [ActorCount] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, count FROM actor_count ORDER BY count DESC, name")
                .map { ActorCount(name: $0["name"], count: $0["count"]) }
        }
    }

    /// The highest ordinal that archive documents already hold durably, 0 when none.
    public func archivedThrough() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT archived_through FROM feed_state") ?? 0 }
    }

    /// Records that archive documents hold every entry up to `ordinal`, and prunes the
    /// entries that are now both archived and outside the window. Never moves backwards.
    public func markArchived(through ordinal: Int64) throws {
        try write { db in
            try recordArchived(through: ordinal, in: db)
            try prune(db)
        }
    }

    /// Moves `archived_through` up to `ordinal`, never past the last ordinal nor backwards.
    func recordArchived(through ordinal: Int64, in db: Database) throws {
        try db.execute(
            sql: "UPDATE feed_state SET archived_through = max(archived_through, min(?, last_ordinal))",
            arguments: [ordinal]
        )
    }

    /// The oldest archive page kept, the end of the `prev-archive` chain; 1 unless a retention removed pages.
    public func firstArchivePage() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT first_archive_page FROM feed_state") ?? 1 }
    }

    /// Records that `page` is the end of the `prev-archive` chain, the pages before it removed. Never moves backwards.
    public func markFirstArchivePage(_ page: Int) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE feed_state SET first_archive_page = max(first_archive_page, ?)", arguments: [page])
        }
    }

    // MARK: - Publishing state

    /// Whether entries were committed since the last ``markPublished()``: the outputs are stale.
    public func needsPublishing() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT needs_publish FROM feed_state") ?? false }
    }

    /// Records that the outputs now reflect the committed state.
    public func markPublished() throws {
        try write { db in try db.execute(sql: "UPDATE feed_state SET needs_publish = 0") }
    }

    func prune(_ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM entry WHERE ordinal <=
                    (SELECT min(archived_through, last_ordinal - ?) FROM feed_state)
                """,
            arguments: [window]
        )
    }

    /// The entries an `ordinal, line` query selects, in its order.
    private func entries(sql: String, arguments: StatementArguments) throws -> [FeedEntry] {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var result: [FeedEntry] = []
            while let row = try rows.next() {
                result.append(try decodeEntry(row))
            }
            return result
        }
    }

    private func decodeEntry(_ row: Row) throws -> FeedEntry {
        let ordinal: Int64 = row[0]
        let line: [UInt8] = Array(row[1] as Data)
        do {
            return FeedEntry(ordinal: ordinal, record: try SignalRecord.decode(line: line).get())
        } catch {
            throw FeedStoreError.corruptEntry(path, ordinal: ordinal, error)
        }
    }
}
