import ArgumentParser
import Bucketlists

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

    @Option(help: ArgumentHelp(stringLiteral: StoreCommand.databaseHelp))
    var database = "bucketlists.sqlite"

    func run() async throws {
        let count = try await StoreCommand.run(database: database, source: "token-revoke") {
            try await $0.revokeAllTokens(username: username)
        }
        print("revoked \(count) token\(count == 1 ? "" : "s") of \(username)")
    }
}
