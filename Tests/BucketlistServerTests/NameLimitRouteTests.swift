import BackendTestSupport
import Bucketlists
import Foundation
import Hummingbird
import HummingbirdTesting
import SignalLog
import Testing

@testable import BucketlistServer

/// A name just over a limit, described briefly so a 1.2 MB name is not printed with the test.
enum OverLimitName: CaseIterable, Sendable, CustomTestStringConvertible {
    case codePoints, bytes, combiningAccents

    var name: String {
        switch self {
        case .codePoints: String(repeating: "a", count: 201)
        case .bytes: String(repeating: "😀", count: 200) + "a"
        case .combiningAccents: "M" + String(repeating: "\u{0301}", count: 600_000)
        }
    }

    /// The error message the API answers with.
    var message: String {
        switch self {
        case .codePoints: "name: must be at most 200 Unicode code points, not 201"
        case .bytes: "name: must be at most 800 bytes of UTF-8, not 801"
        case .combiningAccents: "name: must be at most 800 bytes of UTF-8, not 1200001"
        }
    }

    var testDescription: String {
        switch self {
        case .codePoints: "201 code points"
        case .bytes: "801 bytes"
        case .combiningAccents: "M and 600,000 combining accents"
        }
    }
}

@Suite("/bucketlists routes: name limits")
struct NameLimitRouteTests {
    @Test(arguments: OverLimitName.allCases)
    func aNameOverALimitAnswers400NamingTheLimitOnEveryRouteAndRecordsNothing(_ overLimit: OverLimitName)
        async throws
    {
        let server = try TestServer()
        let alice = try await server.user("alice")
        let list = try await server.store.createList(named: "Trips", by: alice.user)
        let listID = try #require(list.id)
        let itemID = try #require(try await server.store.addItem(named: "Lisbon", toList: listID, by: alice.user).id)
        let before = try await server.records()
        let body = try APIClient.json(["name": overLimit.name])
        try await server.run { api in
            let answers = [
                try await api.send(.post, "/bucketlists", token: alice.token, json: body),
                try await api.send(.put, "/bucketlists/\(listID)", token: alice.token, json: body),
                try await api.send(.post, "/bucketlists/\(listID)/items", token: alice.token, json: body),
                try await api.send(.put, "/bucketlists/\(listID)/items/\(itemID)", token: alice.token, json: body),
            ]
            for answer in answers {
                #expect(answer.status == .badRequest)
                #expect(answer.errorCode == "invalid_field")
                #expect(answer.errorMessage == overLimit.message)
            }
            let shown: ListBody = try await api.send(.get, "/bucketlists/\(listID)", token: alice.token).decoded()
            #expect(shown.name == "Trips")
            #expect(shown.items?.map(\.name) == ["Lisbon"])
        }
        #expect(try await server.records() == before)
        #expect(try await server.store.lists(ownedBy: alice.user).total == 1)
    }
}
