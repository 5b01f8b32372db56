import BackendTestSupport
import Bucketlists
import Foundation
import Hummingbird
import HummingbirdTesting
import SignalLog
import Testing

@testable import BucketlistServer

@Suite("Authorization matrix: owner, another user, anonymous and admin on every route")
struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case owner, anotherUser, anonymous, admin
    }

    enum Route: String, CaseIterable, Sendable {
        case listIndex, listCreate, listShow, listRename, listDelete, itemCreate, itemUpdate, itemDelete
        case adminPage, adminFeed

        func request(list: Int64, item: Int64) -> (HTTPRequest.Method, String, String?) {
            switch self {
            case .listIndex: (.get, "/bucketlists", nil)
            case .listCreate: (.post, "/bucketlists", #"{"name":"New"}"#)
            case .listShow: (.get, "/bucketlists/\(list)", nil)
            case .listRename: (.put, "/bucketlists/\(list)", #"{"name":"Renamed"}"#)
            case .listDelete: (.delete, "/bucketlists/\(list)", nil)
            case .itemCreate: (.post, "/bucketlists/\(list)/items", #"{"name":"New item"}"#)
            case .itemUpdate: (.put, "/bucketlists/\(list)/items/\(item)", #"{"done":true}"#)
            case .itemDelete: (.delete, "/bucketlists/\(list)/items/\(item)", nil)
            case .adminPage: (.get, "/admin/", nil)
            case .adminFeed: (.get, "/admin/feed.atom", nil)
            }
        }

        /// The status each caller gets: lists are private to their owner (others get 404, admins included);
        /// the admin pages are for admins only.
        func expectedStatus(for caller: Caller) -> HTTPResponse.Status {
            switch (self, caller) {
            case (_, .anonymous): .unauthorized
            case (.adminPage, .admin), (.adminFeed, .admin): .ok
            case (.adminPage, _), (.adminFeed, _): .forbidden
            case (.listIndex, _): .ok
            case (.listCreate, _), (.itemCreate, .owner): .created
            case (.listDelete, .owner), (.itemDelete, .owner): .noContent
            case (_, .owner): .ok
            default: .notFound
            }
        }
    }

    @Test(arguments: Route.allCases, Caller.allCases)
    func eachCallerGetsTheContractStatusAndSeesNothingOfAnotherUsersList(route: Route, caller: Caller) async throws {
        let server = try TestServer()
        try Data("<feed/>".utf8).write(to: server.feedDirectory.appendingPathComponent("feed.atom"))
        try Data("<html></html>".utf8).write(to: server.feedDirectory.appendingPathComponent("index.html"))
        let owner = try await server.user("owner")
        let another = try await server.user("another")
        let admin = try await server.user("admin", role: .admin)
        let list = try await server.store.createList(named: "Owner's secret list", by: owner.user)
        let listID = try #require(list.id)
        let item = try await server.store.addItem(named: "Owner's secret item", toList: listID, by: owner.user)
        let token: String? =
            switch caller {
            case .owner: owner.token
            case .anotherUser: another.token
            case .admin: admin.token
            case .anonymous: nil
            }
        let recordsBefore = try await server.records().count
        let (method, uri, body) = route.request(list: listID, item: try #require(item.id))
        try await server.run { api in
            let response = try await api.send(method, uri, token: token, json: body)
            #expect(response.status == route.expectedStatus(for: caller))
            if caller != .owner {
                #expect(!response.text.contains("secret"))
            }
        }
        if route.expectedStatus(for: caller).code >= 400 {
            #expect(try await server.records().count == recordsBefore)
        }
    }
}
