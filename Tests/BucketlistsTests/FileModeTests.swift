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
