import ArgumentParser
import Bucketlists
import Logging

/// `bucketlist-server token …`: the tokens of a user, from the shell.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage users' tokens.",
        subcommands: [TokenRevokeCommand.self]
    )
}

/// `bucketlist-server token revoke --username U`: every bearer and feed token of the user stops working.
struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke every token of a user (bearer and feed): they must log in again."
    )

    @Option(help: "The user whose tokens to revoke.")
    var username: String

    @Option(help: "The SQLite database file.")
    var database = "bucketlists.sqlite"

    func run() async throws {
        let store = BucketlistStore(
            database: try AppDatabase.open(path: database),
            configuration: .init(source: "token-revoke"),
            logger: Logger(label: "bucketlist-server.token")
        )
        do {
            let count = try await store.revokeAllTokens(username: username)
            print("revoked \(count) token\(count == 1 ? "" : "s") of \(username)")
        } catch let error as StoreError {
            throw CommandFailure(message: error.description)
        }
    }
}
