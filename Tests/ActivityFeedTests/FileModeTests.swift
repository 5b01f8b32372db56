import Foundation
import Testing

@testable import ActivityFeed

@Suite("File modes: private state, group-readable output")
struct FileModeTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func theFeedStateAndItsLockAreOwnerOnlyEvenWhenAnOlderRunLeftThemReadable() throws {
        let directory = try FeedTestDirectory()
        let state = directory.statePath
        _ = try FeedStore(path: state)
        let lock = try #require(try StateLock.acquire(forStateAt: state))
        #expect(try Self.mode(state) == 0o600)
        #expect(try Self.mode(state + ".lock") == 0o600)
        #expect(try Self.mode(directory.path("state")) == 0o700)
        _ = lock

        let older = directory.path("older.sqlite")
        FileManager.default.createFile(atPath: older, contents: nil, attributes: [.posixPermissions: 0o644])
        _ = try FeedStore(path: older)
        #expect(try Self.mode(older) == 0o600)
    }

    // The mode is set with fchmod, not left to the umask; the umask is not changed here because the tests
    // share one process. scripts/e2e.sh checks every file of a real run under umask 022.
    @Test func publishedFilesAndTheirFoldersAreGroupReadableAndNothingForOthers() throws {
        let directory = try FeedTestDirectory()
        let writer = AtomicFileWriter(root: directory.url.appendingPathComponent("out"))
        #expect(try writer.replaceIfChanged("archive/1.atom", with: Data("<feed/>".utf8)))
        #expect(try Self.mode(directory.path("out/archive/1.atom")) == 0o640)
        #expect(try Self.mode(directory.path("out/archive")) & 0o007 == 0)
    }
}
