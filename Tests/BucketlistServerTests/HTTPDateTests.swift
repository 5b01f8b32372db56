import Testing

@testable import BucketlistServer

@Suite("HTTPDate: the IMF-fixdate of Last-Modified and If-Modified-Since")
struct HTTPDateTests {
    @Test func formatsTheExampleOfRFC9110() {
        #expect(HTTPDate.string(fromSecondsSinceEpoch: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.string(fromSecondsSinceEpoch: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func parsesWhatItFormats() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let seconds = Int.random(in: 0...4_102_444_800, using: &generator)
            #expect(HTTPDate.seconds(from: HTTPDate.string(fromSecondsSinceEpoch: seconds)) == seconds)
        }
        #expect(HTTPDate.seconds(from: "Thu, 29 Feb 2024 23:59:59 GMT") == 1_709_251_199)
    }

    @Test(arguments: [
        "", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC", "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:49 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ", "Sun, +6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 +8:49:37 GMT", "Sun, 06 Nov 1994 08:49:+7 GMT",
    ])
    func refusesAnythingElse(_ text: String) {
        #expect(HTTPDate.seconds(from: text) == nil)
    }
}
