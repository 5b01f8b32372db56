import ActivityFeed
import ArgumentParser
import Foundation

/// `activity-feed stats`: what the feed state holds, read from the state alone (never the logs).
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show what the feed state holds: sources, signals, rejects and checkpoints.",
        discussion: "The --json form is stable and documented in docs/activity-feed.md."
    )

    @Option(help: ArgumentHelp("The feed state file.", valueName: "path"))
    var state: String = StateLocation.defaultStatePath

    @Flag(help: "Print the stable JSON document instead of text.")
    var json = false

    func run() async throws {
        let statePath = StateLocation.absolute(state)
        let output: String
        do {
            let store = try FeedStore(path: statePath, createIfMissing: false)
            let report = StatsReport(statePath: statePath, statistics: try store.statistics())
            output = json ? try report.json() : report.text()
        } catch {
            Diagnostics.write("error: \(TerminalText.escape(String(describing: error)))")
            throw ExitCode(ExitStatus.failure)
        }
        print(output)
    }
}
