import Foundation
import GRDB
import Testing

@testable import Bucketlists

@Suite("The database's file modes")
struct DatabaseFileModeTests {
    @Test func theDatabaseAndItsWALFilesAreOwnerOnlyAndALooserFileIsTightened() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("db-modes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("app.sqlite").path
        FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644])

        let database = try AppDatabase.open(path: path)
        try await database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO user (username, passwordHash, role, createdAt) VALUES ('a', 'h', 'user', 0)")
        }
        for file in [path, path + "-wal", path + "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600, "\(file)")
        }
    }
}

@Suite("The database's start-up errors, in one line")
struct DatabaseOpenErrorTests {
    @Test func aFullDiskAMissingFolderAndAFileThatIsNoDatabaseEachSayWhatAndWhere() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("db-errors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let full = DatabaseOpenError(path: "/srv/app.sqlite", error: DatabaseError(resultCode: .SQLITE_FULL))
        #expect(
            full.description
                == "cannot open the database /srv/app.sqlite: the disk holding /srv is full; free some space and start again"
        )

        let missing = folder.appendingPathComponent("no/such/folder/app.sqlite").path
        do {
            _ = try AppDatabase.open(path: missing)
            Issue.record("a database in a missing folder opened")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("cannot open the database \(missing): "))
            #expect(!text.contains("\n"))
        }

        let notDatabase = folder.appendingPathComponent("notes.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: notDatabase))
        do {
            _ = try AppDatabase.open(path: notDatabase)
            Issue.record("a file that is no database opened")
        } catch {
            #expect(
                "\(error)"
                    == "cannot open the database \(notDatabase): the file is not a bucketlist database or is damaged; restore it from a backup"
            )
        }
    }
}
