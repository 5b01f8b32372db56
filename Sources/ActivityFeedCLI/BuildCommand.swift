import ActivityFeed
import ArgumentParser
import Foundation
import Logging

/// `activity-feed build`: ingests what the logs gained since the last run, then publishes.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Ingest what was appended to the logs since the last run, then publish the feed.",
        discussion: """
            Exit status: 0 success (rejected lines are reported on stderr), 1 fatal error, \
            2 usage error, 75 another run holds the feed state.
            """
    )

    @Option(name: .customLong("log"), help: ArgumentHelp("An activity log to tail (repeatable).", valueName: "path"))
    var logs: [String] = []

    @Option(help: ArgumentHelp("The feed state file (never inside --out).", valueName: "path"))
    var state: String = StateLocation.defaultStatePath

    @Option(help: ArgumentHelp("The directory to publish into.", valueName: "dir"))
    var out: String = StateLocation.defaultOutputPath

    @Option(help: "How many newest entries the state always keeps.")
    var window: Int = FeedStore.defaultWindow

    @Option(help: "Lines per transaction; each commits its entries, counters and checkpoint together.")
    var batchLines: Int = LogTailer.Options().batchLines

    @Flag(help: "Stay running and publish within about a second of each append; stop with SIGINT or SIGTERM.")
    var follow = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Also print what each run ingested, how many log bytes it read, and how long it took.")
    var verbose = false

    @OptionGroup(title: "Publishing")
    var publishing: FeedPublishing

    func validate() throws {
        guard window >= 0 else { throw ValidationError("--window must be 0 or more (got \(window))") }
        guard batchLines >= 1 else { throw ValidationError("--batch-lines must be 1 or more (got \(batchLines))") }
        guard !(quiet && verbose) else { throw ValidationError("--quiet and --verbose exclude each other") }
        for log in logs where log.isEmpty {
            throw ValidationError("--log needs a file path")
        }
        try StateLocation(state: state, output: out).validate()
    }

    func run() async throws {
        let location = StateLocation(state: state, output: out)
        let logger = Logger(label: "activity-feed") { _ in
            StandardErrorLogHandler(logLevel: quiet ? .error : verbose ? .info : .warning)
        }
        let lock: StateLock
        let store: FeedStore
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: location.statePath).deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            guard let acquired = try StateLock.acquire(forStateAt: location.statePath) else {
                Diagnostics.write(
                    "another activity-feed run is using the feed state \(location.statePath) "
                        + "(lock \(location.statePath).lock); nothing was changed"
                )
                throw ExitCode(ExitStatus.stateBusy)
            }
            lock = acquired
            store = try FeedStore(path: location.statePath, window: window)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fatal(error)
        }
        defer { lock.release() }

        var seen: Set<String> = []
        let logPaths = logs.map(StateLocation.absolute).filter { seen.insert($0).inserted }
        let tailer = LogTailer(store: store, options: LogTailer.Options(batchLines: batchLines), logger: logger)
        let progress = ProgressDisplay(enabled: !quiet)
        guard follow else {
            try cycle(tailer: tailer, logPaths: logPaths, location: location, progress: progress, logger: logger)
            return
        }
        TerminationRequest.install()
        let watcher = LogChangeWatcher(paths: logPaths)
        try cycle(tailer: tailer, logPaths: logPaths, location: location, progress: progress, logger: logger)
        logger.info("following \(logPaths.count) log(s) (\(watcher.usesNotifications ? "inotify" : "polling"))")
        while !TerminationRequest.isRequested {
            if watcher.waitForChange(timeout: .milliseconds(200)) {
                try cycle(tailer: tailer, logPaths: logPaths, location: location, progress: progress, logger: logger)
            }
        }
        logger.info("stopped")
    }

    /// One run: ingest, report, and publish when the committed state changed since the last publish.
    private func cycle(
        tailer: LogTailer,
        logPaths: [String],
        location: StateLocation,
        progress: ProgressDisplay,
        logger: Logger
    ) throws {
        let summary: IngestSummary
        let output = URL(fileURLWithPath: location.outputPath, isDirectory: true)
        var backlogFailure: (any Error)?
        let clock = ContinuousClock()
        let started = clock.now
        var publishing = Duration.zero
        do {
            summary = try tailer.ingest(
                paths: logPaths,
                progress: { update in
                    progress.update(update)
                    do {
                        publishing += try clock.measure {
                            try publishBacklog(from: tailer.store, to: output, logger: logger)
                        }
                    } catch {
                        backlogFailure = error
                    }
                },
                shouldStop: { backlogFailure != nil || (follow && TerminationRequest.isRequested) }
            )
            progress.finish()
            if let backlogFailure { throw backlogFailure }
            if try tailer.store.needsPublishing() {
                let publishStarted = clock.now
                let published = try publish(from: tailer.store, to: output, logger: logger)
                publishing += clock.now - publishStarted
                if verbose {
                    Diagnostics.write(
                        "published \(published.changedFiles.count) changed file(s) into \(location.outputPath): "
                            + "\(published.subscriptionEntries) entries in feed.atom, \(published.archivePages) archive page(s)"
                    )
                }
            }
        } catch {
            progress.finish()
            throw fatal(error)
        }
        report(summary)
        if verbose {
            let total = clock.now - started
            Diagnostics.write(
                "took \(Self.seconds(total)) s: ingest \(Self.seconds(total - publishing)) s, "
                    + "publish \(Self.seconds(publishing)) s"
            )
        }
    }

    /// `duration` in seconds with three decimals.
    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.3f", Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Publishes in the middle of a long ingest once the entries not yet archived reach
    /// `--publish-backlog`: the archive pages written let the store drop them, so a first run
    /// over a large log keeps the state small instead of holding the whole log.
    private func publishBacklog(from store: FeedStore, to output: URL, logger: Logger) throws {
        let backlog = try store.lastOrdinal() - store.archivedThrough()
        guard backlog >= publishing.publishBacklog else { return }
        let published = try publish(from: store, to: output, logger: logger)
        if verbose {
            Diagnostics.write(
                "published \(published.archivePages) archive page(s) during the run (\(backlog) entries were not archived)"
            )
        }
    }

    /// Publishes the committed store and marks it published. Nothing commits in between, and the
    /// next batch with entries marks the store stale again, so the end of a run publishes only when
    /// a batch came after the last publish during the run.
    private func publish(from store: FeedStore, to output: URL, logger: Logger) throws -> PublishReport {
        let published = try publishing.publish(from: store, to: output, window: window, logger: logger)
        try store.markPublished()
        return published
    }

    private func report(_ summary: IngestSummary) {
        if !quiet && summary.rejectCount > 0 {
            Diagnostics.write(
                "\(summary.rejectCount) line(s) rejected and kept aside (see `activity-feed stats`):"
            )
            for reject in summary.firstRejects {
                Diagnostics.write(
                    "  \(TerminalText.escape(reject.path)) at byte \(reject.offset): \(TerminalText.escape(reject.detail))"
                        + " (line begins: \(TerminalText.escape(bytes: Array(reject.prefix.prefix(60)))))"
                )
            }
            if summary.rejectCount > summary.firstRejects.count {
                Diagnostics.write("  … and \(summary.rejectCount - Int64(summary.firstRejects.count)) more")
            }
        }
        if verbose {
            Diagnostics.write(
                "ingested \(summary.newEntries) new entr\(summary.newEntries == 1 ? "y" : "ies"), "
                    + "\(summary.duplicates) duplicate(s), \(summary.rejectCount) reject(s), "
                    + "\(summary.gaps.count) gap(s); read \(summary.logBytesRead) log bytes in \(summary.commits) commit(s)"
            )
        }
    }

    private func fatal(_ error: any Error) -> ExitCode {
        Diagnostics.write("error: \(TerminalText.escape(String(describing: error)))")
        return ExitCode(ExitStatus.failure)
    }
}
