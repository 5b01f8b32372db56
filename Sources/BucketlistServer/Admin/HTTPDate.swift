import Foundation

/// Dates in HTTP headers (`Last-Modified`, `If-Modified-Since`): the IMF-fixdate of RFC 9110,
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    static func string(fromSecondsSinceEpoch seconds: Int) -> String {
        formatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Seconds since the epoch, or nil when `text` is not an IMF-fixdate.
    static func seconds(from text: String) -> Int? {
        formatter().date(from: text).map { Int($0.timeIntervalSince1970) }
    }

    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
