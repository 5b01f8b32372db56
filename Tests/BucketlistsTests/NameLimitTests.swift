import BackendTestSupport
import SignalLog
import Testing

@testable import Bucketlists

@Suite("Names of lists and items: limited in code points and bytes")
struct NameLimitTests {
    /// 200 precomposed "é": 200 code points, 400 bytes.
    static let twoHundredCodePoints = String(repeating: "é", count: 200)
    /// 200 "😀": 200 code points and 800 bytes, both limits at once.
    static let eightHundredBytes = String(repeating: "😀", count: 200)

    @Test(arguments: TestBackend.allCases, NamingOperation.allCases)
    func aNameOfExactly200CodePointsOr800BytesIsAcceptedAndRecordedIntact(
        backend: TestBackend, _ operation: NamingOperation
    )
        async throws
    {
        let fixture = try await NamingFixture(backend)
        for name in [Self.twoHundredCodePoints, Self.eightHundredBytes] {
            #expect(try await fixture.name(operation, name) == name)
            let record = try #require(try await fixture.test.outbox().last)
            #expect(record.subject.title == name)
        }
        #expect(Self.eightHundredBytes.utf8.count == BucketlistStore.maximumNameBytes)
        #expect(Self.twoHundredCodePoints.unicodeScalars.count == BucketlistStore.maximumNameCodePoints)
    }

    @Test(arguments: TestBackend.allCases, NamingOperation.allCases)
    func aNameOneCodePointOverTheLimitIsRefusedAsNameSayingTheCodePointLimitAndChangesNothing(
        backend: TestBackend, _ operation: NamingOperation
    ) async throws {
        let fixture = try await NamingFixture(backend)
        let before = (try await fixture.test.outbox(), try await fixture.storedNames())
        for name in [String(repeating: "a", count: 201), Self.twoHundredCodePoints + "e"] {
            let error = try await #require(throws: StoreError.invalidInput()) {
                try await fixture.name(operation, name)
            }
            #expect(error.field == "name")
            #expect(error.message == "must be at most 200 Unicode code points, not 201")
        }
        #expect((try await fixture.test.outbox(), try await fixture.storedNames()) == before)
    }

    @Test(arguments: TestBackend.allCases, NamingOperation.allCases)
    func aNameOneByteOverTheLimitIsRefusedAsNameSayingTheByteLimitAndChangesNothing(
        backend: TestBackend, _ operation: NamingOperation
    )
        async throws
    {
        let fixture = try await NamingFixture(backend)
        let before = (try await fixture.test.outbox(), try await fixture.storedNames())
        let error = try await #require(throws: StoreError.invalidInput()) {
            try await fixture.name(operation, Self.eightHundredBytes + "a")
        }
        #expect(error.field == "name")
        #expect(error.message == "must be at most 800 bytes of UTF-8, not 801")
        #expect((try await fixture.test.outbox(), try await fixture.storedNames()) == before)
    }

    @Test(arguments: TestBackend.allCases, NamingOperation.allCases)
    func oneCharacterMadeOfCombiningAccentsIsRefusedByItsCodePointsAndBytes(
        backend: TestBackend, _ operation: NamingOperation
    )
        async throws
    {
        let fixture = try await NamingFixture(backend)
        let before = (try await fixture.test.outbox(), try await fixture.storedNames())
        let huge = "M" + String(repeating: "\u{0301}", count: 600_000)
        let small = "M" + String(repeating: "\u{0301}", count: 200)
        #expect(huge.count == 1 && small.count == 1)
        let hugeError = try await #require(throws: StoreError.invalidInput()) {
            try await fixture.name(operation, huge)
        }
        #expect(hugeError.message == "must be at most 800 bytes of UTF-8, not 1200001")
        let smallError = try await #require(throws: StoreError.invalidInput()) {
            try await fixture.name(operation, small)
        }
        #expect(smallError.message == "must be at most 200 Unicode code points, not 201")
        #expect((try await fixture.test.outbox(), try await fixture.storedNames()) == before)
    }

    @Test(arguments: TestBackend.allCases, NamingOperation.allCases)
    func anEmptyNameIsRefusedAsName(backend: TestBackend, _ operation: NamingOperation) async throws {
        let fixture = try await NamingFixture(backend)
        let error = try await #require(throws: StoreError.invalidInput()) { try await fixture.name(operation, "") }
        #expect(error.description == "name: must not be empty")
    }
}
