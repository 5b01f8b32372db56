import Bucketlists
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BucketlistServer

@Suite("Slow clients")
struct SlowClientTests {
    @Test func theDefaultRequestHeadTimeoutIsWellUnderThirtySeconds() {
        #expect(ServerSettings().requestHeadTimeout <= 30)
        #expect(ServerSettings().requestHeadTimeout >= 5)
    }

    static func application(requestHeadTimeout: Int64) throws -> some ApplicationProtocol {
        let store = BucketlistStore(
            database: try AppDatabase.inMemory(), configuration: .init(source: "test-1", passwordCost: 4),
            logger: Logger(label: "test"))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let settings = ServerSettings(
            hostname: "127.0.0.1", port: 0, feedDirectory: "/nonexistent", requestHeadTimeout: requestHeadTimeout)
        return buildApplication(store: store, settings: settings, logger: logger)
    }

    @Test func aConnectionWhoseRequestHeadNeverCompletesIsClosedAfterTheTimeout() async throws {
        try await Self.application(requestHeadTimeout: 1).test(.live) { client in
            let socket = try RawConnection(port: try #require(client.port))
            defer { socket.close() }
            let start = ContinuousClock.now
            try socket.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            // Waits (up to 15 s) for the server to close: recv returns 0 at end of stream.
            let received = try socket.receiveUntilClosed(timeoutSeconds: 15)
            let elapsed = ContinuousClock.now - start
            #expect(received.isClosed)
            #expect(received.bytes.isEmpty)
            #expect(elapsed >= .milliseconds(500))
        }
    }

    @Test func halfSentRequestsDoNotKeepTheServerFromAnsweringOthers() async throws {
        try await Self.application(requestHeadTimeout: ServerSettings().requestHeadTimeout).test(.live) { client in
            let port = try #require(client.port)
            let slow = try (0..<50).map { _ in try RawConnection(port: port) }
            defer { slow.forEach { $0.close() } }
            for connection in slow { try connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n") }
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
        }
    }
}

/// A plain TCP connection to 127.0.0.1, to send a request byte by byte as a slow client would.
final class RawConnection {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Foundation.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.EIO) }
    }

    /// Reads until the peer closes or `timeoutSeconds` pass.
    func receiveUntilClosed(timeoutSeconds: Int) throws -> (isClosed: Bool, bytes: [UInt8]) {
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return (true, received) }
            if count < 0 { return (errno == ECONNRESET, received) }
            received += buffer[0..<count]
        }
    }

    func close() {
        _ = Foundation.close(descriptor)
    }
}
