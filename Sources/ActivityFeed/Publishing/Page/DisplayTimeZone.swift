import Foundation
import SignalLog

/// The time zone the page shows days and times in: an IANA zone, UTC by default.
///
/// A record's local day and time come from shifting its UTC instant by the zone's offset at that
/// instant, so a zone's daylight-saving changes move each record to its own local day.
struct DisplayTimeZone: Sendable {
    /// The zone.
    let zone: TimeZone
    /// Whether the zone is UTC, which the page names `UTC` and shows without an offset.
    let isUTC: Bool

    init(_ zone: TimeZone) {
        self.zone = zone
        isUTC = zone.identifier == "UTC" || zone.identifier == "GMT"
    }

    /// The zone's name as the page states it: `UTC` or the IANA name (`Europe/Paris`).
    var name: String { isUTC ? "UTC" : zone.identifier }

    /// `timestamp` as a wall-clock time in the zone, expressed as a UTC timestamp with the same
    /// fields: its `utcDay`, `daysSinceEpoch` and `rfc3339` read as the local day and time.
    func local(_ timestamp: RecordTimestamp) -> RecordTimestamp {
        RecordTimestamp(millisecondsSinceEpoch: timestamp.millisecondsSinceEpoch + offsetMilliseconds(at: timestamp))
    }

    /// The local day of `timestamp`, `YYYY-MM-DD`.
    func day(of timestamp: RecordTimestamp) -> String {
        local(timestamp).utcDay
    }

    /// `2026-11-24 11:15 UTC+01:00`, or `2026-11-24 10:15 UTC` in UTC.
    func absolute(_ timestamp: RecordTimestamp) -> String {
        let text = local(timestamp).rfc3339
        let clock = "\(text.prefix(10)) \(text.dropFirst(11).prefix(5))"
        return isUTC ? "\(clock) UTC" : "\(clock) \(Self.offsetText(offsetMilliseconds(at: timestamp)))"
    }

    /// `UTC+01:00`, `UTC−03:30`, `UTC+00:00`.
    static func offsetText(_ milliseconds: Int64) -> String {
        let minutes = abs(milliseconds) / 60_000
        let hours = String(minutes / 60)
        let rest = String(minutes % 60)
        let sign = milliseconds < 0 ? "−" : "+"
        return "UTC\(sign)\(hours.count < 2 ? "0" + hours : hours):\(rest.count < 2 ? "0" + rest : rest)"
    }

    private func offsetMilliseconds(at timestamp: RecordTimestamp) -> Int64 {
        isUTC ? 0 : Int64(zone.secondsFromGMT(for: timestamp.date)) * 1000
    }
}
