import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import SignalLog
import Testing

@testable import BucketlistServer
@testable import Bucketlists

/// A server over an in-memory database (bcrypt cost 4) and a temporary feed folder.
struct TestServer {
    let store: BucketlistStore
    let folder: URL
    var feedDirectory: URL { folder.appendingPathComponent("feed") }

    init() throws {
        store = BucketlistStore(
            database: try AppDatabase.inMemory(),
            configuration: .init(source: "test-1", passwordCost: 4)
        )
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: feedDirectory, withIntermediateDirectories: true)
    }

    /// Runs `test` against the real router, then removes the temporary files.
    func run(_ test: @escaping @Sendable (APIClient) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = buildApplication(
            store: store,
            settings: ServerSettings(feedDirectory: feedDirectory.path),
            logger: logger
        )
        try await app.test(.router) { client in try await test(APIClient(client: client)) }
    }

    /// Every record in the outbox, by seq (nothing relays it in these tests).
    func records() async throws -> [SignalRecord] {
        try await store.database.writer.read { db in
            try OutboxEntry.order(OutboxEntry.Columns.seq).fetchAll(db).map { try $0.record() }
        }
    }

    /// A user created directly in the store, with a bearer token.
    func user(_ name: String, role: User.Role = .user) async throws -> (user: User, token: String) {
        let user = try await store.register(username: name, password: "password-\(name)", role: role)
        return (user, try await store.issueToken(for: user).token)
    }
}

/// The test client with one helper per route; every helper returns the raw response.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        token: String? = nil,
        headers: HTTPFields = [:],
        json: String? = nil
    ) async throws -> TestResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func register(_ username: String, password: String) async throws -> TestResponse {
        try await send(.post, "/auth/register", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
    }

    func login(_ username: String, password: String) async throws -> TestResponse {
        try await send(.post, "/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
    }

    func createList(_ name: String, token: String?) async throws -> TestResponse {
        try await send(.post, "/bucketlists", token: token, json: try Self.json(["name": name]))
    }

    func addItem(_ name: String, list: Int64, token: String?) async throws -> TestResponse {
        try await send(.post, "/bucketlists/\(list)/items", token: token, json: try Self.json(["name": name]))
    }

    static func json(_ object: [String: String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}

extension TestResponse {
    /// The body decoded as `Body`.
    func decoded<Body: Decodable>(_ type: Body.Type = Body.self) throws -> Body {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Body.self, from: Data(body.readableBytesView))
    }

    /// The `error.code` of an error body, or nil when the body is not one.
    var errorCode: String? {
        struct ErrorBody: Decodable {
            struct Detail: Decodable {
                var code: String
                var message: String
            }
            var error: Detail
        }
        return try? decoded(ErrorBody.self).error.code
    }

    var text: String { String(buffer: body) }
}

/// The shapes the tests read back.
struct ListBody: Decodable {
    var id: Int64
    var name: String
    var items: [ItemBody]?
}

struct ItemBody: Decodable {
    var id: Int64
    var bucketlistId: Int64
    var name: String
    var done: Bool
}

struct PageBody: Decodable {
    var bucketlists: [ListBody]
    var page: Int
    var perPage: Int
    var total: Int
}

struct TokenBody: Decodable {
    var token: String
    var expiresAt: Date
}

struct UserBody: Decodable {
    var id: Int64
    var username: String
    var role: String
}
