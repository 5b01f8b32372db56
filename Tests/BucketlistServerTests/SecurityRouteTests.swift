import BackendTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import BucketlistServer
@testable import Bucketlists

/// A clock the tests move by hand.
final class TestClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var date: Date { now.withLock { $0 } }
    func advance(by seconds: TimeInterval) { now.withLock { $0 += seconds } }
}

@Suite("Security: throttling, bounded bcrypt, revocation, passwords, headers")
struct SecurityRouteTests {
    @Test(arguments: TestBackend.allCases) func theEleventhWrongPasswordAnswers429WithoutBcryptWhileAnotherUserLogsIn(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        let clock = TestClock()
        _ = try await server.user("alice")
        _ = try await server.user("bob")
        try await server.run(clock: { clock.date }) { (api: APIClient) async throws in
            for _ in 1...10 {
                #expect(try await api.login("alice", password: "wrong password!").status == .unauthorized)
            }
            let before = server.store.passwordComputations
            let throttled = try await api.login("alice", password: "wrong password!")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.errorCode == "too_many_attempts")
            #expect(Int(throttled.headers[.retryAfter] ?? "") == 600)
            #expect(server.store.passwordComputations == before)
            // The right password is throttled too: the attacker learns nothing from it.
            #expect(try await api.login("alice", password: "password-alice").status == .tooManyRequests)
            #expect(try await api.login("bob", password: "password-bob").status == .ok)
        }
    }

    @Test(arguments: TestBackend.allCases) func theRightPasswordWorksAgainOnceRetryAfterHasPassed(backend: TestBackend)
        async throws
    {
        let server = try await TestServer(backend)
        let clock = TestClock()
        _ = try await server.user("alice")
        try await server.run(clock: { clock.date }) { (api: APIClient) async throws in
            for _ in 1...10 { _ = try await api.login("alice", password: "wrong password!") }
            let throttled = try await api.login("alice", password: "password-alice")
            let wait = try #require(TimeInterval(throttled.headers[.retryAfter] ?? ""))
            clock.advance(by: wait - 2)
            #expect(try await api.login("alice", password: "password-alice").status == .tooManyRequests)
            clock.advance(by: 2)
            #expect(try await api.login("alice", password: "password-alice").status == .ok)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func failuresFromOneAddressAcrossUsernamesAreThrottledByTheirOwnConfigurableLimit(backend: TestBackend) async throws
    {
        let server = try await TestServer(backend)
        var limits = SignInThrottle.Limits()
        limits.failuresPerAddress = 5
        try await server.run(limits: limits) { (api: APIClient) async throws in
            for index in 1...5 {
                #expect(try await api.login("nobody\(index)", password: "wrong password!").status == .unauthorized)
            }
            #expect(try await api.login("nobody6", password: "wrong password!").status == .tooManyRequests)
        }
    }

    @Test(arguments: TestBackend.allCases) func basicOnAdminIsThrottledAndAVerifiedHeaderIsNotCheckedAgainByBcrypt(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        _ = try await server.user("root", role: .admin)
        _ = try await server.user("boss", role: .admin)
        try "<p>ok</p>".write(
            to: server.feedDirectory.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try await server.run { (api: APIClient) async throws in
            for _ in 1...10 {
                let wrong = try await api.send(.get, "/admin/", headers: AdminRouteTests.basic("root", "not it at all"))
                #expect(wrong.status == .unauthorized)
            }
            let throttled = try await api.send(.get, "/admin/", headers: AdminRouteTests.basic("root", "password-root"))
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)

            let right = AdminRouteTests.basic("boss", "password-boss")
            #expect(try await api.send(.get, "/admin/", headers: right).status == .ok)
            let afterFirst = server.store.passwordComputations
            for _ in 1...5 {
                #expect(try await api.send(.get, "/admin/", headers: right).status == .ok)
            }
            #expect(server.store.passwordComputations == afterFirst)
        }
    }

    @Test func sixtyFourConcurrentWrongBasicRequestsRunAtMostTwiceTheCoresVerificationsAtOnce() async throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let server = try TestServer(configuration: .init(source: "test-1", passwordCost: 8))
        _ = try await server.user("root", role: .admin)
        var limits = SignInThrottle.Limits()
        limits.failuresPerUsername = 1000
        limits.failuresPerAddress = 1000
        try await server.run(limits: limits) { (api: APIClient) async throws in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        let headers = AdminRouteTests.basic("root", "wrong guess \(index)")
                        let response = try await api.send(.get, "/admin/feed.atom", headers: headers)
                        if response.status == .serviceUnavailable {
                            #expect(response.headers[.retryAfter] == "1")
                        }
                        return response.status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 64)
            #expect(statuses.allSatisfy { $0 == .unauthorized || $0 == .serviceUnavailable })
            #expect(statuses.contains(.serviceUnavailable))
        }
        #expect(server.store.peakPasswordConcurrency <= 2 * cores)
        #expect(server.store.peakPasswordConcurrency >= 1)
    }

    @Test(arguments: TestBackend.allCases) func aLoggedOutTokenAnswers401EverywhereAndLogoutAllRevokesEveryToken(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        let (_, first) = try await server.user("root", role: .admin)
        let second = try await server.store.issueToken(for: try #require(await server.store.user(named: "root"))).token
        let feed = try await server.store.resetFeedToken(username: "root")
        try "<p>ok</p>".write(
            to: server.feedDirectory.appendingPathComponent("feed.atom"), atomically: true, encoding: .utf8)
        try await server.run { (api: APIClient) async throws in
            #expect(try await api.send(.get, "/bucketlists", token: first).status == .ok)
            #expect(try await api.send(.post, "/auth/logout", token: first).status == .noContent)
            #expect(try await api.send(.get, "/bucketlists", token: first).status == .unauthorized)
            #expect(try await api.send(.get, "/admin/feed.atom", token: first).status == .unauthorized)
            #expect(try await api.send(.post, "/auth/logout", token: first).status == .unauthorized)

            #expect(try await api.send(.get, "/admin/feed.atom?token=\(feed)").status == .ok)
            #expect(try await api.send(.post, "/auth/logout-all", token: second).status == .noContent)
            #expect(try await api.send(.get, "/bucketlists", token: second).status == .unauthorized)
            #expect(try await api.send(.get, "/admin/feed.atom?token=\(feed)").status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.allCases) func aFeedTokenHasItsPrefixAndOpensTheFeedsButNotThePage(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        _ = try await server.user("root", role: .admin)
        let feed = try await server.store.resetFeedToken(username: "root")
        #expect(feed.hasPrefix(SecretToken.feedPrefix))
        for name in ["index.html", "feed.atom", "feed.json"] {
            try "x".write(to: server.feedDirectory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try await server.run { (api: APIClient) async throws in
            #expect(try await api.send(.get, "/admin/feed.atom?token=\(feed)").status == .ok)
            #expect(try await api.send(.get, "/admin/feed.json?token=\(feed)").status == .ok)
            #expect(try await api.send(.get, "/admin/?token=\(feed)").status == .unauthorized)
            #expect(try await api.send(.get, "/admin/index.html?token=\(feed)").status == .unauthorized)
        }
    }

    @Test(arguments: [
        ("\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}", "control"), ("a long password\u{0}", "control"),
        ("tab\tinside password", "control"), ("short pass", "at least 12"), ("Password1234", "common"),
        (String(repeating: "é", count: 40), "72 bytes"),
    ])
    func aPasswordThePolicyRefusesAnswers400NamingThePasswordField(password: String, reason: String) async throws {
        let server = try TestServer()
        try await server.run { (api: APIClient) async throws in
            let body = try APIClient.json(["username": "mallory", "password": password])
            let response = try await api.send(.post, "/auth/register", json: body)
            #expect(response.status == .badRequest)
            #expect(response.text.contains("password"))
            #expect(response.text.contains(reason))
        }
        #expect(try await server.store.user(named: "mallory") == nil)
    }

    @Test(arguments: TestBackend.allCases) func aPasswordWithANulNeverLogsInEvenAsTheEmptyPrefixBcryptWouldSee(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        _ = try await server.user("alice")
        try await server.run { (api: APIClient) async throws in
            let body = try APIClient.json(["username": "alice", "password": "password-alice\u{0}anything"])
            #expect(try await api.send(.post, "/auth/login", json: body).status == .unauthorized)
            #expect(try await api.login("alice", password: "").status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.allCases) func registrationsFromOneAddressAreLimited(backend: TestBackend) async throws
    {
        let server = try await TestServer(backend)
        var limits = SignInThrottle.Limits()
        limits.registrationsPerAddress = 3
        try await server.run(limits: limits) { (api: APIClient) async throws in
            for index in 1...3 {
                #expect(try await api.register("user\(index)", password: "a fine password").status == .created)
            }
            let refused = try await api.register("user4", password: "a fine password")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func everyResponseCarriesNosniffAndAdminAndCredentialResponsesTheirDefensiveHeaders(backend: TestBackend)
        async throws
    {
        let server = try await TestServer(backend)
        let (_, token) = try await server.user("root", role: .admin)
        let feed = try await server.store.resetFeedToken(username: "root")
        for name in ["index.html", "feed.atom"] {
            try "x".write(to: server.feedDirectory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try await server.run { (api: APIClient) async throws in
            let health = try await api.send(.get, "/health")
            #expect(health.headers[.xContentTypeOptions] == "nosniff")
            let missing = try await api.send(.get, "/bucketlists")
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.xContentTypeOptions] == "nosniff")

            let page = try await api.send(.get, "/admin/", token: token)
            #expect(page.status == .ok)
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            let denied = try await api.send(.get, "/admin/")
            #expect(denied.headers[.contentSecurityPolicy] != nil)

            let byToken = try await api.send(.get, "/admin/feed.atom?token=\(feed)")
            #expect(byToken.headers[.cacheControl] == "private, no-store")
            let login = try await api.login("root", password: "password-root")
            #expect(login.status == .ok)
            #expect(login.headers[.cacheControl] == "private, no-store")
        }
    }

    @Test(arguments: TestBackend.allCases) func thePagesScriptAndStyleAreServedWithTypesABrowserRunsUnderNosniff(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        let (_, token) = try await server.user("root", role: .admin)
        for name in ["index.html", "page.js", "page.css"] {
            try "x".write(to: server.feedDirectory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try await server.run { (api: APIClient) async throws in
            let script = try await api.send(.get, "/admin/page.js", token: token)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            let style = try await api.send(.get, "/admin/page.css", token: token)
            #expect(style.headers[.contentType] == "text/css; charset=utf-8")
            let bare = try await api.send(.get, "/admin", token: token)
            #expect(bare.status == .movedPermanently)
            #expect(bare.headers[.location] == "/admin/")
        }
    }

    @Test func aBearerUserHoldsAtMostTheCappedNumberOfTokensTheOldestRevokedFirst() async throws {
        let server = try TestServer(configuration: .init(source: "test-1", passwordCost: 4, maximumLiveTokens: 3))
        let alice = try await server.store.register(username: "alice", password: "password-alice")
        var tokens: [String] = []
        for _ in 1...4 { tokens.append(try await server.store.issueToken(for: alice).token) }
        #expect(try await server.store.user(bearerToken: tokens[0]) == nil)
        for token in tokens.dropFirst() { #expect(try await server.store.user(bearerToken: token)?.id == alice.id) }
    }

    @Test(arguments: TestBackend.allCases) func loginEventsAreLoggedWithUsernameAddressAndReasonButNeverThePassword(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        _ = try await server.user("alice")
        let lines = CapturingLogHandler.Lines()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        try await server.run(logger: logger) { (api: APIClient) async throws in
            _ = try await api.login("alice", password: "wrong password!")
            _ = try await api.login("alice", password: "password-alice")
            let hostile = try APIClient.json(["username": "evil\ninjected line", "password": "wrong password!"])
            _ = try await api.send(.post, "/auth/login", json: hostile)
        }
        let text = lines.all
        #expect(text.contains("login failed"))
        #expect(text.contains("login succeeded"))
        #expect(text.contains("alice"))
        #expect(text.contains("wrong username or password"))
        #expect(text.contains("address"))
        #expect(text.contains("evil\\u{a}injected line"))
        #expect(!text.contains("wrong password!"))
        #expect(!text.contains("password-alice"))
    }

    @Test func aForwardedForHeaderCountsOnlyFromATrustedProxy() {
        let resolver = ClientAddressResolver(trustedProxies: ["10.0.0.1"])
        #expect(resolver.clientAddress(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"]) == "203.0.113.9")
        #expect(resolver.clientAddress(peer: "10.0.0.1", forwardedFor: ["1.2.3.4, 198.51.100.7"]) == "198.51.100.7")
        #expect(resolver.clientAddress(peer: "10.0.0.1", forwardedFor: ["198.51.100.7, 10.0.0.1"]) == "198.51.100.7")
        #expect(resolver.clientAddress(peer: "10.0.0.1", forwardedFor: []) == "10.0.0.1")
        #expect(resolver.clientAddress(peer: nil, forwardedFor: ["1.2.3.4"]) == "unknown")
    }
}
