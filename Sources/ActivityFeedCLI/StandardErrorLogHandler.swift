import Foundation
import Logging

/// Writes log messages to stderr as `activity-feed: <level>: <message>`, terminal control characters escaped.
struct StandardErrorLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let label = event.level >= .warning ? "\(event.level): " : ""
        Diagnostics.write("\(label)\(TerminalText.escape(event.message.description))")
    }
}
