import ActivityFeed
import Foundation
import SignalLog
import Testing

/// Archive pages never change their entries: a store that does not know what a folder holds
/// publishes nothing into it.
@Suite struct ArchiveHistoryTests {
    /// Every regular file under `folder`, by relative path, with its bytes.
    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            let url = folder.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func aStoreWithOtherEntriesForAWrittenPageIsRefusedAndChangesNoFile() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let published = InMemoryFeed()
        published.append(PublishingFixtures.records(200))
        _ = try PublishingFixtures.publisher().publish(from: published, to: folder, now: PublishingFixtures.now)
        let before = try Self.contents(of: folder)
        #expect(before.keys.contains("archive/3.atom"))

        // The state is lost and rebuilt from what the logs still hold: other records get the same ordinals.
        let rebuilt = InMemoryFeed()
        rebuilt.append(PublishingFixtures.records(200, startingAt: 1001))
        let error = #expect(throws: PublishError.self) {
            try PublishingFixtures.publisher().publish(from: rebuilt, to: folder, now: PublishingFixtures.now)
        }
        #expect(error?.isArchiveConflict == true)
        #expect(error?.location == folder.path)
        #expect(error?.description.contains("archive/1.atom holds other entries") == true)
        #expect(try Self.contents(of: folder) == before)
        #expect(rebuilt.markCalls.isEmpty)
    }

    @Test func aStoreThatKnowsFewerPagesThanTheFolderHoldsIsRefusedAndChangesNoFile() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let published = InMemoryFeed()
        published.append(PublishingFixtures.records(200))
        _ = try PublishingFixtures.publisher().publish(from: published, to: folder, now: PublishingFixtures.now)
        let before = try Self.contents(of: folder)

        let shorter = InMemoryFeed()
        shorter.append(PublishingFixtures.records(60, startingAt: 1001))
        let error = #expect(throws: PublishError.self) {
            try PublishingFixtures.publisher().publish(from: shorter, to: folder, now: PublishingFixtures.now)
        }
        #expect(error?.isArchiveConflict == true)
        #expect(error?.description.contains("archive/1.atom lies beyond the 0 archive page(s)") == true)
        #expect(error?.description.contains("move \(folder.path) aside") == true)
        #expect(try Self.contents(of: folder) == before)
    }

    @Test func aStoreRebuiltFromTheSameRecordsPublishesTheSameFilesAgain() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let records = PublishingFixtures.records(200)
        let published = InMemoryFeed()
        published.append(records)
        _ = try PublishingFixtures.publisher().publish(from: published, to: folder, now: PublishingFixtures.now)
        let before = try Self.contents(of: folder)

        let rebuilt = InMemoryFeed()
        rebuilt.append(records)
        let later = PublishingFixtures.now.addingTimeInterval(600)
        let report = try PublishingFixtures.publisher().publish(from: rebuilt, to: folder, now: later)
        #expect(report.changedFiles.isEmpty)
        #expect(try Self.contents(of: folder) == before)
        #expect(rebuilt.markCalls == [100])
    }
}
