import ActivityFeed
import ArgumentParser
import Foundation

/// Where the feed state lives and where output goes, as absolute paths, with the rule that state is never published.
struct StateLocation {
    /// The default state file, relative to the current directory.
    static let defaultStatePath = ".activity-feed/state.sqlite"
    /// The default output directory, relative to the current directory.
    static let defaultOutputPath = "output"

    let statePath: String
    let outputPath: String

    init(state: String, output: String) {
        statePath = Self.absolute(state)
        outputPath = Self.absolute(output)
    }

    /// Rejects a state file inside the output directory, which would publish it.
    func validate() throws {
        let state = Self.resolved(statePath)
        let output = Self.resolved(outputPath)
        if state == output || state.hasPrefix(output.hasSuffix("/") ? output : output + "/") {
            throw ValidationError(
                "--state \(statePath) is inside --out \(outputPath): the state would be published; choose a path outside it"
            )
        }
    }

    /// What stands in the way of the paths, in one line naming the flag and what to do; nil when nothing does.
    /// Checked before the state is locked or anything is read, so a wrong path changes nothing.
    func problem() -> String? {
        if let file = Folders.nonFolder(onWayTo: outputPath) {
            return file == outputPath
                ? "--out \(outputPath) is a file, not a directory: give --out a folder (it is created when missing), "
                    + "or move the file away"
                : "--out \(outputPath) cannot be created: \(file) is a file, not a directory; give --out a folder"
        }
        let stateFolder = URL(fileURLWithPath: statePath).deletingLastPathComponent().path
        if let file = Folders.nonFolder(onWayTo: stateFolder) {
            return "--state \(statePath) cannot be created: \(file) is a file, not a directory; "
                + "give --state a path inside a folder"
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: statePath, isDirectory: &isDirectory), isDirectory.boolValue {
            return "--state \(statePath) is a directory, not the feed state file: give --state a file's path, "
                + "for example \(URL(fileURLWithPath: statePath).appendingPathComponent("state.sqlite").path)"
        }
        return nil
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The path with symbolic links resolved as far as its existing ancestors go.
    private static func resolved(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.pathComponents.count > 1 {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var url = existing.resolvingSymlinksInPath()
        for component in rest {
            url.appendPathComponent(component)
        }
        return url.path
    }
}
