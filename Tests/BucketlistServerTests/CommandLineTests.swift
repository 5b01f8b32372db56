import ArgumentParser
import Bucketlists
import Foundation
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
}
