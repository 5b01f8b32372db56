import ArgumentParser
import Bucketlists

/// `bucketlist-server feed-token …`: personal feed tokens for `/admin/feed.atom?token=…`.
struct FeedTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed-token",
        abstract: "Manage personal feed tokens.",
        subcommands: [FeedTokenResetCommand.self]
    )
}

/// `bucketlist-server feed-token reset --username U`: prints a new feed token; the old one stops working.
struct FeedTokenResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Create or replace a user's feed token and print it (it is shown only this once)."
    )

    @Option(help: "The user whose token to replace.")
    var username: String

    @Option(help: ArgumentHelp(stringLiteral: StoreCommand.databaseHelp))
    var database = "bucketlists.sqlite"

    func run() async throws {
        print(
            try await StoreCommand.run(database: database, source: "feed-token") {
                try await $0.resetFeedToken(username: username)
            })
    }
}
