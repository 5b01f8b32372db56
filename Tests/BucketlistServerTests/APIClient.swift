import Foundation
import Hummingbird
import HummingbirdTesting

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
