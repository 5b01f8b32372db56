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
            2 usage error, 65 the output folder holds archive pages the feed state does not know \
            (nothing published), 75 another run holds the feed state, 130 or 143 stopped by SIGINT \
            or SIGTERM (what was read is committed and published; without --follow).
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
        TerminationRequest.install()
        let location = StateLocation(state: state, output: out)
        if let problem = location.problem() {
            Diagnostics.write("error: \(TerminalText.escape(problem))")
            throw ExitCode(ExitStatus.failure)
        }
        let logger = Logger(label: "activity-feed") { _ in
            StandardErrorLogHandler(logLevel: quiet ? .error : verbose ? .info : .warning)
        }
        let lock: StateLock
        let store: FeedStore
        do {
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
        let cycle = BuildCycle(
            tailer: LogTailer(store: store, options: LogTailer.Options(batchLines: batchLines), logger: logger),
            logPaths: logPaths,
            outputDirectory: URL(fileURLWithPath: location.outputPath, isDirectory: true),
            publishOptions: publishing.options(window: window),
            publishBacklog: publishing.publishBacklog,
            logger: logger
        )
        let progress = ProgressDisplay(enabled: !quiet)
        let observer = { (event: BuildCycle.Event) in show(event, progress: progress, outputPath: location.outputPath) }
        let report: BuildCycle.Report
        do {
            if follow {
                try await cycle.follow(until: TerminationRequest.stop, observer: observer)
                return
            }
            report = try cycle.runOnce(stop: TerminationRequest.stop, observer: observer)
        } catch {
            progress.finish()
            throw fatal(error)
        }
        if let signal = TerminationRequest.receivedSignal {
            let entries = report.ingest.newEntries == 1 ? "1 new entry" : "\(report.ingest.newEntries) new entries"
            let read = report.ingest.interrupted ? "before reading everything" : "after reading everything"
            Diagnostics.write(
                "stopped by \(TerminationRequest.name(of: signal)) \(read); \(entries) committed and published, "
                    + "the feed state and \(location.outputPath) agree, and the next run goes on from there"
            )
            throw ExitCode(ExitStatus.stopped(by: signal))
        }
    }

    /// Shows what a cycle does as it happens: progress on a terminal, rejects unless `--quiet`, and
    /// with `--verbose` each publish, what the cycle ingested and how long it took.
    private func show(_ event: BuildCycle.Event, progress: ProgressDisplay, outputPath: String) {
        switch event {
        case .ingestProgress(let update):
            progress.update(update)
        case .publishedDuringIngest(let published, let unarchivedEntries):
            if verbose {
                Diagnostics.write(
                    "published \(published.archivePages) archive page(s) during the run "
                        + "(\(unarchivedEntries) entries were not archived)"
                )
            }
        case .ingestEnded:
            progress.finish()
        case .cycleEnded(let finished):
            if verbose, finished.pagesArchivedDuringIngest > 0 {
                Diagnostics.write(
                    "wrote \(finished.pagesArchivedDuringIngest) archive page(s) while reading, each batch's "
                        + "before it committed"
                )
            }
            if verbose, let published = finished.published {
                Diagnostics.write(
                    "published \(published.changedFiles.count) changed file(s) into \(outputPath): "
                        + "\(published.subscriptionEntries) entries in feed.atom, \(published.archivePages) archive page(s)"
                )
            }
            report(finished.ingest)
            if !quiet, verbose || isatty(STDOUT_FILENO) != 0 {
                print(Self.summary(finished, outputPath: outputPath))
            }
            if verbose {
                let ingesting = finished.duration - finished.publishingDuration
                Diagnostics.write(
                    "took \(Self.seconds(finished.duration)) s: ingest \(Self.seconds(ingesting)) s, "
                        + "publish \(Self.seconds(finished.publishingDuration)) s"
                )
            }
        }
    }

    /// What a cycle did, in one line for people: what it read, what it published and where the page is.
    /// Printed on standard output when it is a terminal (or with `--verbose`), so cron stays silent.
    static func summary(_ cycle: BuildCycle.Report, outputPath: String) -> String {
        let ingest = cycle.ingest
        let entries = ingest.newEntries == 1 ? "1 new entry" : "\(ingest.newEntries) new entries"
        var line = "read \(entries) (\(ingest.logBytesRead) bytes)"
        if ingest.outsideRetention > 0 {
            line += ", left out \(ingest.outsideRetention) older than --archive-retention"
        }
        if ingest.rejectCount > 0 {
            line += ", \(ingest.rejectCount) line(s) rejected (`activity-feed stats` lists them)"
        }
        let page = TerminalText.escape(URL(fileURLWithPath: outputPath).appendingPathComponent("index.html").path)
        let took = "in \(seconds(cycle.duration)) s"
        guard let published = cycle.published, !published.changedFiles.isEmpty || cycle.pagesArchivedDuringIngest > 0
        else {
            return line + " \(took); nothing to publish, \(page) is up to date"
        }
        let files = published.changedFiles.count + cycle.pagesArchivedDuringIngest
        return line
            + " \(took); published \(files) file(s): \(published.subscriptionEntries) "
            + "entries in feed.atom, \(published.archivePages) archive page(s); open \(page)"
    }

    /// `duration` in seconds with three decimals.
    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.3f", Double(seconds) + Double(attoseconds) / 1e18)
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
                    + "\(summary.outsideRetention) outside the retention, "
                    + "\(summary.gaps.count) gap(s); read \(summary.logBytesRead) log bytes in \(summary.commits) commit(s)"
            )
        }
    }

    private func fatal(_ error: any Error) -> ExitCode {
        Diagnostics.write("error: \(TerminalText.escape(String(describing: error)))")
        if let error = error as? PublishError, error.isArchiveConflict {
            return ExitCode(ExitStatus.outputConflict)
        }
        return ExitCode(ExitStatus.failure)
    }
}
