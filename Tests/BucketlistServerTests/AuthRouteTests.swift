import BackendTestSupport
import Bucketlists
import Foundation
import Hummingbird
import HummingbirdTesting
import SignalLog
import Testing

@testable import BucketlistServer

@Suite("POST /auth/register and /auth/login")
struct AuthRouteTests {
    @Test(arguments: TestBackend.allCases) func registeringAnswers201WithTheUserAndNeverThePasswordOrItsHash(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        try await server.run { api in
            let response = try await api.register("alice", password: "correct horse")
            #expect(response.status == .created)
            let user: UserBody = try response.decoded()
            #expect(user.username == "alice")
            #expect(user.role == "user")
            #expect(!response.text.contains("correct horse"))
            #expect(!response.text.contains("$2"))
        }
        let records = try await server.records()
        #expect(records.map(\.signal) == ["user.registered"])
        #expect(records.first?.requestID?.isEmpty == false)
    }

    @Test(arguments: TestBackend.allCases) func aTakenUsernameAnswers409WhateverItsCase(backend: TestBackend)
        async throws
    {
        let server = try await TestServer(backend)
        try await server.run { api in
            _ = try await api.register("alice", password: "correct horse")
            let response = try await api.register("ALICE", password: "another password")
            #expect(response.status == .conflict)
            #expect(response.errorCode == "username_taken")
        }
    }

    @Test(arguments: TestBackend.allCases) func badJSONAMissingFieldAWrongTypeAndABadPasswordAnswer400WithACode(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        try await server.run { api in
            let notJSON = try await api.send(.post, "/auth/register", json: "{not json")
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.errorCode == "invalid_json")
            let array = try await api.send(.post, "/auth/register", json: "[]")
            #expect(array.errorCode == "invalid_json")
            let missing = try await api.send(.post, "/auth/register", json: #"{"username":"bob"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.errorCode == "missing_field")
            #expect(missing.text.contains("password"))
            let wrongType = try await api.send(.post, "/auth/register", json: #"{"username":1,"password":"x"}"#)
            #expect(wrongType.errorCode == "invalid_field")
            let short = try await api.register("bob", password: "short")
            #expect(short.status == .badRequest)
            #expect(short.errorCode == "invalid_field")
            let badName = try await api.register("bob smith", password: "long enough")
            #expect(badName.status == .badRequest)
        }
        #expect(try await server.records().isEmpty)
    }

    @Test(arguments: TestBackend.allCases) func loggingInAnswersATokenThatOpensTheAPIAndAWrongPasswordAnswers401(
        backend: TestBackend
    ) async throws {
        let server = try await TestServer(backend)
        try await server.run { api in
            _ = try await api.register("alice", password: "correct horse")
            let response = try await api.login("alice", password: "correct horse")
            #expect(response.status == .ok)
            let token: TokenBody = try response.decoded()
            #expect(token.token.count == 64)
            #expect(token.expiresAt > Date())
            #expect(try await api.send(.get, "/bucketlists", token: token.token).status == .ok)

            let wrong = try await api.login("alice", password: "wrong horse")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == "invalid_credentials")
            let unknown = try await api.login("nobody", password: "correct horse")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.errorCode == "invalid_credentials")
        }
    }

    @Test(arguments: TestBackend.allCases) func anUnknownRouteAnswers404InTheErrorFormat(backend: TestBackend)
        async throws
    {
        let server = try await TestServer(backend)
        try await server.run { api in
            let response = try await api.send(.get, "/nowhere")
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
        }
    }
}
