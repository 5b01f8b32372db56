import Foundation

/// Lines for people on stderr, each prefixed with the tool's name.
enum Diagnostics {
    static func write(_ message: String) {
        FileHandle.standardError.write(Data("activity-feed: \(message)\n".utf8))
    }
}
