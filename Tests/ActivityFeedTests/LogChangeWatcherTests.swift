import ActivityFeed
import Foundation
import Testing

@Suite struct LogChangeWatcherTests {
    @Test func anAppendWakesTheWatcherAndQuietLogsLetItTimeOut() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...2), to: log)
        let watcher = LogChangeWatcher(paths: [log])
        try #require(watcher.usesNotifications)
        #expect(watcher.waitForChange(timeout: .milliseconds(50)) == false)
        try FeedFixtures.append(FeedFixtures.lines(3...3), to: log)
        #expect(watcher.waitForChange(timeout: .seconds(10)))
        #expect(watcher.waitForChange(timeout: .milliseconds(50)) == false)
    }

    @Test func aRotationWakesTheWatcher() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...2), to: log)
        let watcher = LogChangeWatcher(paths: [log])
        try #require(watcher.usesNotifications)
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        #expect(watcher.waitForChange(timeout: .seconds(10)))
    }
}
