import ArgumentParser
import Bucketlists
import Foundation
import Logging
import Testing

@testable import BucketlistServer

@Suite("bucketlist-server command line")
struct CommandLineTests {
    @Test func serveTakesTheDocumentedOptions() throws {
        let command = try ServeCommand.parse([
            "--hostname", "0.0.0.0", "--port", "9000", "--database", "/tmp/x.sqlite", "--activity-log", "/tmp/a.log",
            "--source", "app-2", "--feed-dir", "/srv/feed", "--no-activity-log",
        ])
        #expect(command.hostname == "0.0.0.0")
        #expect(command.port == 9000)
        #expect(command.database == "/tmp/x.sqlite")
        #expect(command.activityLog == "/tmp/a.log")
        #expect(command.source == "app-2")
        #expect(command.feedDirectory == "/srv/feed")
        #expect(command.withoutActivityLog)
    }

    @Test func aSourceOutsideTheRecordFormatsAlphabetIsABadUsage() {
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--source", "app 1"]) }
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--source", String(repeating: "a", count: 65)]) }
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--port", "70000"]) }
        #expect(throws: (any Error).self) { try UserAddCommand.parse(["--username", "u", "--source", "a/b"]) }
    }

    @Test func theDefaultSourceIsAValidSourceName() {
        #expect(BucketlistStore.Configuration.isValidSource(ServeCommand.defaultSource()))
    }

    @Test func userAddNeverTakesAPasswordArgument() {
        #expect(throws: (any Error).self) { try UserAddCommand.parse(["--username", "u", "--password", "secret"]) }
        #expect(throws: (any Error).self) { try UserAddCommand.parse([]) }
        #expect(throws: (any Error).self) { try FeedTokenResetCommand.parse([]) }
    }

    @Test func tokenRevokeRevokesEveryTokenOfTheUserFromTheShellAndNamesAMissingOne() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("token-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("app.sqlite").path
        let store = BucketlistStore(
            database: try AppDatabase.open(path: path), configuration: .init(source: "test-1", passwordCost: 4),
            logger: Logger(label: "test"))
        let alice = try await store.register(username: "alice", password: "password-alice", role: .admin)
        let bearer = try await store.issueToken(for: alice).token
        let feed = try await store.resetFeedToken(username: "alice")

        try await TokenRevokeCommand.parse(["--username", "alice", "--database", path]).run()
        #expect(try await store.user(bearerToken: bearer) == nil)
        #expect(try await store.user(feedToken: feed) == nil)
        await #expect(throws: CommandFailure.self) {
            try await TokenRevokeCommand.parse(["--username", "nobody", "--database", path]).run()
        }
    }
}
