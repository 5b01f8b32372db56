import BackendTestSupport
import Bucketlists
import Foundation
import Hummingbird
import HummingbirdTesting
import SignalLog
import Testing

@testable import BucketlistServer

@Suite("/admin/: the published files, for admins only")
struct AdminRouteTests {
    static let feed = #"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>"#
    static let page = "<!doctype html><title>Activity</title>"

    /// A server whose feed folder holds a page, a feed and an archive entry, with an admin and a user.
    static func publishedServer(
        _ backend: TestBackend = .sqlite
    ) async throws -> (server: TestServer, admin: String, user: String) {
        let server = try await TestServer(backend)
        let folder = server.feedDirectory
        try Data(feed.utf8).write(to: folder.appendingPathComponent("feed.atom"))
        try Data(page.utf8).write(to: folder.appendingPathComponent("index.html"))
        try Data(jsonFeed.utf8).write(to: folder.appendingPathComponent("feed.json"))
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("archive"),
            withIntermediateDirectories: true
        )
        try Data("<feed>old</feed>".utf8).write(to: folder.appendingPathComponent("archive/2026-11.atom"))
        try Data("outside secret".utf8).write(to: server.folder.appendingPathComponent("secret.txt"))
        let admin = try await server.user("root", role: .admin)
        let user = try await server.user("someone")
        return (server, admin.token, user.token)
    }

    static func basic(_ username: String, _ password: String) -> HTTPFields {
        [.authorization: "Basic \(Data("\(username):\(password)".utf8).base64EncodedString())"]
    }

    @Test(arguments: TestBackend.allCases) func anAdminBearerTokenGetsThePageAndTheFeedWithTheirContentTypes(
        backend: TestBackend
    ) async throws {
        let (server, admin, _) = try await Self.publishedServer(backend)
        try await server.run { api in
            let page = try await api.send(.get, "/admin/", token: admin)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text == Self.page)
            let feed = try await api.send(.get, "/admin/feed.atom", token: admin)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "application/atom+xml; charset=utf-8")
            #expect(feed.text == Self.feed)
            let archived = try await api.send(.get, "/admin/archive/2026-11.atom", token: admin)
            #expect(archived.text == "<feed>old</feed>")
            // `/admin` redirects, so that the page's relative links to its script and style resolve.
            #expect(try await api.send(.get, "/admin", token: admin).headers[.location] == "/admin/")
        }
    }

    static let jsonFeed = #"{"items":[],"title":"t","version":"https://jsonfeed.org/version/1.1"}"#

    @Test(arguments: TestBackend.allCases) func theJSONFeedIsServedToAnAdminOnlyAsFeedJSON(backend: TestBackend)
        async throws
    {
        let (server, admin, user) = try await Self.publishedServer(backend)
        try await server.run { api in
            let feed = try await api.send(.get, "/admin/feed.json", token: admin)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "application/feed+json; charset=utf-8")
            #expect(feed.text == Self.jsonFeed)
            #expect(try await api.send(.get, "/admin/feed.json", token: user).status == .forbidden)
            #expect(try await api.send(.get, "/admin/feed.json").status == .unauthorized)
        }
    }

    @Test func aHeadRequestGetsTheHeadersWithoutTheBodyAndOnlyForAnAdmin() async throws {
        let (server, admin, _) = try await Self.publishedServer()
        try await server.run { api in
            let head = try await api.send(.head, "/admin/feed.atom", token: admin)
            #expect(head.status == .ok)
            #expect(head.headers[.contentType] == "application/atom+xml; charset=utf-8")
            #expect(head.headers[.eTag] != nil)
            #expect(head.body.readableBytes == 0)
            #expect(try await api.send(.head, "/admin/feed.atom").status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.allCases) func httpBasicWithAnAdminsPasswordGetsTheFeedAndAWrongPasswordGets401(
        backend: TestBackend
    ) async throws {
        let (server, _, _) = try await Self.publishedServer(backend)
        try await server.run { api in
            let feed = try await api.send(.get, "/admin/feed.atom", headers: Self.basic("root", "password-root"))
            #expect(feed.status == .ok)
            #expect(feed.text == Self.feed)
            let wrong = try await api.send(.get, "/admin/feed.atom", headers: Self.basic("root", "wrong-password"))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.wwwAuthenticate]?.hasPrefix("Basic realm=") == true)
        }
    }

    @Test(arguments: TestBackend.allCases) func aPersonalFeedTokenInTheURLGetsTheFeedUntilItIsReset(
        backend: TestBackend
    ) async throws {
        let (server, _, _) = try await Self.publishedServer(backend)
        let old = try await server.store.resetFeedToken(username: "root")
        let new = try await server.store.resetFeedToken(username: "root")
        try await server.run { api in
            let feed = try await api.send(.get, "/admin/feed.atom?token=\(new)")
            #expect(feed.status == .ok)
            #expect(feed.text == Self.feed)
            #expect(try await api.send(.get, "/admin/feed.atom?token=\(old)").status == .unauthorized)
            #expect(try await api.send(.get, "/admin/feed.atom?token=").status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.allCases) func aNonAdminGets403WithEveryKindOfCredential(backend: TestBackend)
        async throws
    {
        let (server, _, user) = try await Self.publishedServer(backend)
        let feedToken = try await server.store.resetFeedToken(username: "someone")
        try await server.run { api in
            let bearer = try await api.send(.get, "/admin/feed.atom", token: user)
            #expect(bearer.status == .forbidden)
            #expect(!bearer.text.contains("feed"))
            let basic = try await api.send(.get, "/admin/", headers: Self.basic("someone", "password-someone"))
            #expect(basic.status == .forbidden)
            #expect(try await api.send(.get, "/admin/feed.atom?token=\(feedToken)").status == .forbidden)
        }
    }

    @Test func anAnonymousRequestGets401WithABasicChallenge() async throws {
        let (server, _, _) = try await Self.publishedServer()
        try await server.run { api in
            for uri in ["/admin/", "/admin/feed.atom", "/admin/archive/2026-11.atom", "/admin/missing"] {
                let response = try await api.send(.get, uri)
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == AdminFeedController.challenge)
                #expect(!response.text.contains("feed xmlns"))
            }
        }
    }

    @Test func aMatchingIfNoneMatchOrIfModifiedSinceAnswers304() async throws {
        let (server, admin, _) = try await Self.publishedServer()
        try await server.run { api in
            let first = try await api.send(.get, "/admin/feed.atom", token: admin)
            let etag = try #require(first.headers[.eTag])
            let lastModified = try #require(first.headers[.lastModified])
            #expect(etag.hasPrefix("\""))

            let byTag = try await api.send(.get, "/admin/feed.atom", token: admin, headers: [.ifNoneMatch: etag])
            #expect(byTag.status == .notModified)
            #expect(byTag.body.readableBytes == 0)
            #expect(byTag.headers[.eTag] == etag)
            let otherTag = try await api.send(.get, "/admin/feed.atom", token: admin, headers: [.ifNoneMatch: "\"x\""])
            #expect(otherTag.status == .ok)

            let byDate = try await api.send(
                .get, "/admin/feed.atom", token: admin, headers: [.ifModifiedSince: lastModified])
            #expect(byDate.status == .notModified)
            let older = try await api.send(
                .get, "/admin/feed.atom", token: admin, headers: [.ifModifiedSince: "Sat, 01 Jan 2000 00:00:00 GMT"])
            #expect(older.status == .ok)
            // If-None-Match decides when both are present.
            let both = try await api.send(
                .get, "/admin/feed.atom", token: admin,
                headers: [.ifNoneMatch: "\"x\"", .ifModifiedSince: lastModified])
            #expect(both.status == .ok)
        }
    }

    @Test func aReplacedFileGetsANewETag() async throws {
        let (server, admin, _) = try await Self.publishedServer()
        let path = server.feedDirectory.appendingPathComponent("feed.atom")
        try await server.run { api in
            let before = try await api.send(.get, "/admin/feed.atom", token: admin).headers[.eTag]
            let replacement = server.feedDirectory.appendingPathComponent("feed.atom.tmp")
            try Data("<feed>new</feed>".utf8).write(to: replacement)
            #expect(rename(replacement.path, path.path) == 0)
            let after = try await api.send(
                .get, "/admin/feed.atom", token: admin, headers: [.ifNoneMatch: before ?? ""])
            #expect(after.status == .ok)
            #expect(after.text == "<feed>new</feed>")
            #expect(after.headers[.eTag] != before)
        }
    }

    @Test(arguments: [
        "/admin/../secret.txt",
        "/admin/%2e%2e/secret.txt",
        "/admin/%2E%2E%2Fsecret.txt",
        "/admin/archive/../../secret.txt",
        "/admin/archive/%2e%2e/%2e%2e/secret.txt",
        "/admin//etc/passwd",
        "/admin/%2Fetc%2Fpasswd",
        "/admin/%2fetc/passwd",
        "/admin/..%5Csecret.txt",
        "/admin/.hidden",
        "/admin/feed.atom%00.html",
    ])
    func pathsThatLeaveTheFolderAnswer404(uri: String) async throws {
        let (server, admin, _) = try await Self.publishedServer()
        try Data("hidden".utf8).write(to: server.feedDirectory.appendingPathComponent(".hidden"))
        try await server.run { api in
            let response = try await api.send(.get, uri, token: admin)
            #expect(response.status == .notFound)
            #expect(!response.text.contains("outside secret"))
            #expect(!response.text.contains("root:"))
            #expect(!response.text.contains("hidden"))
        }
    }

    @Test func aSymbolicLinkPointingOutOfTheFolderAnswers404AndOneInsideIsServed() async throws {
        let (server, admin, _) = try await Self.publishedServer()
        let folder = server.feedDirectory
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("escape.html").path,
            withDestinationPath: server.folder.appendingPathComponent("secret.txt").path
        )
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("outside").path,
            withDestinationPath: server.folder.path
        )
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("latest.atom").path,
            withDestinationPath: "feed.atom"
        )
        try await server.run { api in
            for uri in ["/admin/escape.html", "/admin/outside/secret.txt", "/admin/outside/"] {
                let response = try await api.send(.get, uri, token: admin)
                #expect(response.status == .notFound, "\(uri)")
                #expect(!response.text.contains("outside secret"))
            }
            let inside = try await api.send(.get, "/admin/latest.atom", token: admin)
            #expect(inside.status == .ok)
            #expect(inside.text == Self.feed)
        }
    }

    @Test func aFIFOInTheFolderAnswers404WithoutWaitingForAWriter() async throws {
        let (server, admin, _) = try await Self.publishedServer()
        #expect(mkfifo(server.feedDirectory.appendingPathComponent("pipe.atom").path, 0o600) == 0)
        try await server.run { api in
            let response = try await api.send(.get, "/admin/pipe.atom", token: admin)
            #expect(response.status == .notFound)
        }
    }

    @Test(arguments: TestBackend.allCases) func nothingIsServedBeforeAnythingIsPublished(backend: TestBackend)
        async throws
    {
        let server = try await TestServer(backend)
        let admin = try await server.user("root", role: .admin)
        try FileManager.default.removeItem(at: server.feedDirectory)
        try await server.run { api in
            let response = try await api.send(.get, "/admin/feed.atom", token: admin.token)
            #expect(response.status == .notFound)
        }
    }
}
