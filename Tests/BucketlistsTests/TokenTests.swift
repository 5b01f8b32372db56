import BackendTestSupport
import Foundation
import GRDB
import Testing

@testable import Bucketlists

@Suite("Bearer and feed tokens")
struct TokenTests {
    @Test(arguments: TestBackend.allCases) func anIssuedBearerTokenIdentifiesItsUserUntilItExpires(backend: TestBackend)
        async throws
    {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        let issued = try await test.store.issueToken(for: alice)
        #expect(issued.token.count == 64)
        #expect(try await test.store.user(bearerToken: issued.token) == alice)
        #expect(try await test.store.user(bearerToken: issued.token + "0") == nil)
        test.advance(by: 3601)
        #expect(try await test.store.user(bearerToken: issued.token) == nil)
    }

    @Test func onlyTheSHA256DigestOfATokenIsStored() async throws {
        let test = try TestStore()
        let alice = try await test.register("alice", role: .admin)
        let bearer = try await test.store.issueToken(for: alice).token
        let feed = try await test.store.resetFeedToken(username: "alice")
        let digests = try await test.store.sqlite().writer.read { db in
            try String.fetchAll(db, sql: "SELECT digest FROM accessToken ORDER BY id")
        }
        #expect(digests == [SecretToken.digest(of: bearer), SecretToken.digest(of: feed)])
        let dump = try await test.store.sqlite().writer.read { db in
            try String.fetchAll(db, sql: "SELECT quote(digest) || kind FROM accessToken").joined()
        }
        #expect(!dump.contains(bearer) && !dump.contains(feed))
        #expect(SecretToken.digest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: TestBackend.allCases) func aBearerTokenIsNotAFeedTokenAndAFeedTokenIsNotABearerToken(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice", role: .admin)
        let bearer = try await test.store.issueToken(for: alice).token
        let feed = try await test.store.resetFeedToken(username: "alice")
        #expect(try await test.store.user(feedToken: bearer) == nil)
        #expect(try await test.store.user(bearerToken: feed) == nil)
        #expect(try await test.store.user(feedToken: feed) == alice)
    }

    @Test(arguments: TestBackend.allCases) func resettingAFeedTokenInvalidatesTheOldOne(backend: TestBackend)
        async throws
    {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice", role: .admin)
        let old = try await test.store.resetFeedToken(username: "alice")
        let new = try await test.store.resetFeedToken(username: "ALICE")
        #expect(old != new)
        #expect(try await test.store.user(feedToken: old) == nil)
        #expect(try await test.store.user(feedToken: new) == alice)
        await #expect(throws: StoreError.notFound()) { try await test.store.resetFeedToken(username: "nobody") }
    }
}
