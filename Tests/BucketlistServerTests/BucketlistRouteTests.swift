import BackendTestSupport
import Bucketlists
import Foundation
import Hummingbird
import HummingbirdTesting
import SignalLog
import Testing

@testable import BucketlistServer

@Suite("/bucketlists routes")
struct BucketlistRouteTests {
    @Test(arguments: TestBackend.allCases) func theListAndItemLifecycleAnswersTheContractStatusesAndRecordsEachChange(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        let alice = try await server.user("alice")
        try await server.run { api in
            let created = try await api.createList("Visit Japan", token: alice.token)
            #expect(created.status == .created)
            let list: ListBody = try created.decoded()
            #expect(list.name == "Visit Japan")

            let added = try await api.addItem("See the cherry blossoms", list: list.id, token: alice.token)
            #expect(added.status == .created)
            let item: ItemBody = try added.decoded()
            #expect(item.bucketlistId == list.id)
            #expect(item.done == false)

            let done = try await api.send(
                .put, "/bucketlists/\(list.id)/items/\(item.id)", token: alice.token, json: #"{"done":true}"#)
            #expect(done.status == .ok)
            #expect(try done.decoded(ItemBody.self).done)
            let unchanged = try await api.send(
                .put, "/bucketlists/\(list.id)/items/\(item.id)", token: alice.token, json: "{}")
            #expect(unchanged.status == .ok)

            let shown = try await api.send(.get, "/bucketlists/\(list.id)", token: alice.token)
            #expect(shown.status == .ok)
            #expect(try shown.decoded(ListBody.self).items?.map(\.name) == ["See the cherry blossoms"])

            let renamed = try await api.send(
                .put, "/bucketlists/\(list.id)", token: alice.token, json: #"{"name":"Japan"}"#)
            #expect(try renamed.decoded(ListBody.self).name == "Japan")

            let itemDeleted = try await api.send(
                .delete, "/bucketlists/\(list.id)/items/\(item.id)", token: alice.token)
            #expect(itemDeleted.status == .noContent)
            let listDeleted = try await api.send(.delete, "/bucketlists/\(list.id)", token: alice.token)
            #expect(listDeleted.status == .noContent)
            #expect(try await api.send(.get, "/bucketlists/\(list.id)", token: alice.token).status == .notFound)
        }
        let records = try await server.records().dropFirst()
        #expect(
            records.map(\.signal) == [
                "bucketlist.created", "item.created", "item.updated", "bucketlist.updated", "item.deleted",
                "bucketlist.deleted",
            ]
        )
        #expect(records.allSatisfy { $0.actor.name == "alice" && $0.requestID?.isEmpty == false })
        #expect(Set(records.compactMap(\.requestID)).count == records.count)
    }

    @Test(arguments: TestBackend.allCases) func deletingANonEmptyListOverHTTPRecordsEachItemThenTheList(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        let alice = try await server.user("alice")
        try await server.run { api in
            let list: ListBody = try await api.createList("Trips", token: alice.token).decoded()
            _ = try await api.addItem("Lisbon", list: list.id, token: alice.token)
            _ = try await api.addItem("Oslo", list: list.id, token: alice.token)
            #expect(try await api.send(.delete, "/bucketlists/\(list.id)", token: alice.token).status == .noContent)
        }
        let records = try await server.records().suffix(3)
        #expect(records.map(\.signal) == ["item.deleted", "item.deleted", "bucketlist.deleted"])
        #expect(records.map(\.subject.title) == ["Lisbon", "Oslo", "Trips"])
    }

    @Test(arguments: TestBackend.allCases) func listsArePaginatedWithTheTotalAndSearchedWithQ(backend: TestBackend)
        async throws
    {
        let server = try await TestServer(backend)
        let alice = try await server.user("alice")
        let bob = try await server.user("bob")
        for index in 1...12 {
            _ = try await server.store.createList(
                named: index.isMultiple(of: 4) ? "Trip \(index)" : "List \(index)", by: alice.user)
        }
        _ = try await server.store.createList(named: "Trip of bob", by: bob.user)
        try await server.run { api in
            let page: PageBody = try await api.send(.get, "/bucketlists?page=2&per_page=5", token: alice.token)
                .decoded()
            #expect(page.total == 12)
            #expect(page.page == 2)
            #expect(page.perPage == 5)
            #expect(page.bucketlists.map(\.name) == ["List 6", "List 7", "Trip 8", "List 9", "List 10"])

            let search: PageBody = try await api.send(.get, "/bucketlists?q=trip", token: alice.token).decoded()
            #expect(search.bucketlists.map(\.name) == ["Trip 4", "Trip 8", "Trip 12"])
            #expect(search.total == 3)

            let tooBig = try await api.send(.get, "/bucketlists?per_page=101", token: alice.token)
            #expect(tooBig.status == .badRequest)
            #expect(tooBig.errorCode == "invalid_field")
            #expect(try await api.send(.get, "/bucketlists?page=x", token: alice.token).status == .badRequest)
            #expect(try await api.send(.get, "/bucketlists?page=0", token: alice.token).status == .badRequest)
        }
    }

    @Test(arguments: TestBackend.allCases) func emptyOrOver200CodePointNamesAnswer400AndRecordNothing(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        let alice = try await server.user("alice")
        let before = try await server.records().count
        try await server.run { api in
            let empty = try await api.createList("", token: alice.token)
            #expect(empty.status == .badRequest)
            #expect(empty.errorCode == "invalid_field")
            #expect(
                try await api.createList(String(repeating: "x", count: 201), token: alice.token).status == .badRequest)
            let missing = try await api.send(.post, "/bucketlists", token: alice.token, json: "{}")
            #expect(missing.errorCode == "missing_field")
            let list: ListBody = try await api.createList(String(repeating: "x", count: 200), token: alice.token)
                .decoded()
            let item = try await api.send(
                .put, "/bucketlists/\(list.id)/items/1", token: alice.token, json: #"{"name":""}"#)
            #expect(item.status == .badRequest)
            let badDone = try await api.send(
                .put, "/bucketlists/\(list.id)/items/1", token: alice.token, json: #"{"done":"yes"}"#)
            #expect(badDone.errorCode == "invalid_field")
        }
        #expect(try await server.records().count == before + 1)
    }

    @Test(arguments: TestBackend.allCases) func hostileTitlesComeBackUnchangedAsJSON(backend: TestBackend) async throws
    {
        let server = try await TestServer(backend)
        let alice = try await server.user("alice")
        let title = "<script>alert(\"x\")</script> & \u{7} ✓"
        try await server.run { api in
            let list: ListBody = try await api.createList(title, token: alice.token).decoded()
            #expect(list.name == title)
        }
        #expect(try await server.records().last?.subject.title == title)
    }

    @Test(arguments: TestBackend.allCases) func idsThatAreNotPositiveIntegersAnswer404(backend: TestBackend)
        async throws
    {
        let server = try await TestServer(backend)
        let alice = try await server.user("alice")
        try await server.run { api in
            #expect(try await api.send(.get, "/bucketlists/abc", token: alice.token).status == .notFound)
            #expect(try await api.send(.get, "/bucketlists/-1", token: alice.token).status == .notFound)
            let missing = try await api.send(.get, "/bucketlists/999", token: alice.token)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test(arguments: TestBackend.allCases) func anExpiredOrUnknownTokenAnswers401WithABearerChallenge(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        try await server.run { api in
            let response = try await api.send(.get, "/bucketlists", token: String(repeating: "0", count: 64))
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "unauthorized")
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
        }
    }
}
