import ArgumentParser

/// `bucketlist-server`: the bucketlist HTTP API and its administration commands.
@main
struct BucketlistServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bucketlist-server",
        abstract: "The bucketlist HTTP API, whose every committed change is recorded in the activity log.",
        subcommands: [ServeCommand.self, UserCommand.self, FeedTokenCommand.self, TokenCommand.self]
    )
}
