import ArgumentParser
import Foundation

/// `activity-feed`: tails activity logs into a feed state and publishes the feed.
@main
struct ActivityFeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity-feed",
        abstract: "Tail bucketlist activity logs and publish what happened as a feed.",
        subcommands: [BuildCommand.self, StatsCommand.self]
    )

    /// Runs the command line; usage errors exit 2, a held lock 75, other failures 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}
