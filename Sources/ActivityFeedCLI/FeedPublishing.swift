import ActivityFeed
import Foundation

/// The one place `build` hands the committed store to the publishers.
///
/// The publishers (Atom feed, archives, HTML page) arrive with the publishing issue;
/// until they are wired in here this writes nothing, and the store keeps every
/// unarchived entry for them.
enum FeedPublishing {
    static func publish(from store: FeedStore, to outputDirectory: URL) throws {}
}
