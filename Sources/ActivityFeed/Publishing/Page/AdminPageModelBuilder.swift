import Foundation
import SignalLog

/// Turns a store snapshot into the values the page template renders, as of one moment.
///
/// The summary's "last 24 hours" and "last 7 days" are exact when the snapshot's window
/// reaches back past the period; otherwise they count whole UTC days and are marked `≈`.
///
/// The log is the truth, so a record stamped by a clock running ahead is listed like any other, but
/// as "in the future" with its absolute time; the summary counts such records in a column of their
/// own, so none is left out unsaid; the chart says how many it does not draw.
struct AdminPageModelBuilder {
    /// How much later than the page's generation time a record may be stamped and still read as
    /// "just now" (clocks of different machines differ a little).
    static let futureTolerance: Int64 = 5 * 60_000
    /// `page.css` holds list filter rules in blocks of this many (lists come and go more than people).
    static let listRuleStep = 16

    let options: PublishOptions
    let base: String
    let now: Date
    /// The zone of day groups, chart days and shown times.
    let zone: DisplayTimeZone

    init(options: PublishOptions, base: String, now: Date) {
        self.options = options
        self.base = base
        self.now = now
        zone = DisplayTimeZone(options.timeZone)
    }

    func model(from snapshot: AdminPageSnapshot) -> AdminPageModel {
        let nowStamp = RecordTimestamp(now)
        let window = snapshot.window
        let actorChoices = choices(counting: window.map { clean($0.record.actor.name) })
        let signalChoices = choices(counting: window.map { clean($0.record.signal) })
        let actorIndex = Dictionary(uniqueKeysWithValues: actorChoices.map { ($0.name, $0.index) })
        let signalIndex = Dictionary(uniqueKeysWithValues: signalChoices.map { ($0.name, $0.index) })
        let (listChoices, listIndex) = lists(in: window)
        let figures = summary(snapshot, now: nowStamp)
        let lateStarts = snapshot.sources.compactMap { source in
            source.historyStart.map { AdminPageModel.LateStart(source: clean(source.source), seq: $0) }
        }
        return AdminPageModel(
            title: clean(options.feedTitle),
            subtitle: clean(options.feedSubtitle),
            generatedAt: nowStamp.rfc3339,
            generated: moment(nowStamp),
            latest: window.lazy.map(\.record.timestamp).filter { !isFuture($0, now: nowStamp) }.max().map(moment),
            feedHref: base + FeedPublisher.subscriptionPath,
            hasActivity: !window.isEmpty,
            signals: figures.rows,
            totalLastDay: figures.totals.0,
            totalLastWeek: figures.totals.1,
            totalAllTime: figures.totals.2,
            totalFuture: figures.future,
            approximate: figures.approximate,
            timeZoneName: zone.name,
            chart: chart(snapshot, now: nowStamp),
            actorChoices: actorChoices,
            signalChoices: signalChoices,
            listChoices: listChoices,
            listRuleIndexes: Array(
                stride(
                    from: 1,
                    through: (listChoices.count + Self.listRuleStep - 1) / Self.listRuleStep * Self.listRuleStep, by: 1)
            ),
            days: days(
                window, indexes: .init(actor: actorIndex, signal: signalIndex, list: listIndex), now: nowStamp),
            windowSize: window.count,
            lateStarts: lateStarts,
            hasLateStarts: !lateStarts.isEmpty,
            mostActive: snapshot.actorCounts.prefix(10).map { .init(name: clean($0.name), count: $0.count) }
        )
    }

    // MARK: Summary

    /// The per-signal figures, their totals, the records stamped in the future (nil when none) and
    /// whether some figures count whole days.
    ///
    /// Each record counts in at most one of "last 24 hours" (or "last 7 days") and "in the future".
    /// The window's records are classified one by one; records outside it only by their day's count,
    /// those of days after today as in the future.
    private func summary(
        _ snapshot: AdminPageSnapshot,
        now: RecordTimestamp
    ) -> (
        rows: [AdminPageModel.SignalFigures], totals: (String, String, String), future: String?, approximate: Bool
    ) {
        let dayCutoff = RecordTimestamp(
            millisecondsSinceEpoch: now.millisecondsSinceEpoch - RecordTimestamp.millisecondsPerDay)
        let weekCutoff = RecordTimestamp(
            millisecondsSinceEpoch: now.millisecondsSinceEpoch - 7 * RecordTimestamp.millisecondsPerDay)
        let today = now.utcDay
        let oldest = snapshot.window.map(\.record.timestamp).min()
        // Corrections to whole-day counts the window knows better: its records of later days that are
        // not in the future (minutes past midnight within the tolerance), and its records later today
        // than now, which are.
        var recentLater: [String: Int] = [:]
        var futureToday: [String: Int] = [:]
        var future: [String: Int] = [:]
        var windowLater: [String: Int] = [:]
        for entry in snapshot.window {
            let record = entry.record
            let day = record.timestamp.utcDay
            let ahead = isFuture(record.timestamp, now: now)
            if ahead { future[record.signal, default: 0] += 1 }
            if day > today {
                windowLater["\(day) \(record.signal)", default: 0] += 1
                if !ahead { recentLater[record.signal, default: 0] += 1 }
            } else if day == today && ahead {
                futureToday[record.signal, default: 0] += 1
            }
        }
        for count in snapshot.dailyCounts where count.day > today {
            future[count.signal, default: 0] += max(
                0, count.count - windowLater["\(count.day) \(count.signal)", default: 0])
        }
        func counts(since cutoff: RecordTimestamp) -> (counts: [String: Int], exact: Bool) {
            if snapshot.windowIsWholeHistory || (oldest.map { $0 < cutoff } ?? true) {
                var counts: [String: Int] = [:]
                for entry in snapshot.window
                where entry.record.timestamp >= cutoff && !isFuture(entry.record.timestamp, now: now) {
                    counts[entry.record.signal, default: 0] += 1
                }
                return (counts, true)
            }
            let firstDay = cutoff.utcDay
            var counts: [String: Int] = [:]
            for count in snapshot.dailyCounts where count.day >= firstDay && count.day <= today {
                counts[count.signal, default: 0] += count.count
            }
            counts.merge(recentLater, uniquingKeysWith: +)
            counts.merge(futureToday.mapValues { -$0 }, uniquingKeysWith: +)
            return (counts, false)
        }
        let lastDay = counts(since: dayCutoff)
        let lastWeek = counts(since: weekCutoff)
        var allTime: [String: Int] = [:]
        for count in snapshot.dailyCounts { allTime[count.signal, default: 0] += count.count }
        if allTime.isEmpty {
            for entry in snapshot.window { allTime[entry.record.signal, default: 0] += 1 }
        }
        func text(_ value: Int, exact: Bool) -> String { exact ? String(value) : "≈\(value)" }
        let signals = Set(allTime.keys).union(lastWeek.counts.keys).union(lastDay.counts.keys).union(future.keys)
            .sorted()
        let anyFuture = future.values.contains { $0 > 0 }
        let rows = signals.map { signal in
            AdminPageModel.SignalFigures(
                signal: clean(signal),
                lastDay: text(lastDay.counts[signal] ?? 0, exact: lastDay.exact),
                lastWeek: text(lastWeek.counts[signal] ?? 0, exact: lastWeek.exact),
                allTime: String(allTime[signal] ?? 0),
                future: anyFuture ? String(future[signal] ?? 0) : nil
            )
        }
        let totals = (
            text(lastDay.counts.values.reduce(0, +), exact: lastDay.exact),
            text(lastWeek.counts.values.reduce(0, +), exact: lastWeek.exact),
            String(allTime.values.reduce(0, +))
        )
        return (rows, totals, anyFuture ? String(future.values.reduce(0, +)) : nil, !lastDay.exact || !lastWeek.exact)
    }

    // MARK: Chart

    private func chart(_ snapshot: AdminPageSnapshot, now: RecordTimestamp) -> AdminPageModel.Chart {
        let dayCount = options.chartDays
        let today = zone.local(now).daysSinceEpoch
        let dayNames = (0..<dayCount).map { offset in
            RecordTimestamp(startOfDay: today - Int64(dayCount - 1 - offset)).utcDay
        }
        let perDay = recordsPerDay(snapshot)
        let values = dayNames.map { perDay[$0] ?? 0 }
        let highest = max(values.max() ?? 0, 1)
        let barWidth = 16
        let gap = 4
        let left = 40
        let top = 10
        let plotHeight = 120
        let baseline = top + plotHeight
        let bars = values.enumerated().map { index, value in
            let height = value == 0 ? 0 : max(1, value * plotHeight / highest)
            return AdminPageModel.ChartBar(
                x: left + index * (barWidth + gap),
                y: baseline - height,
                width: barWidth,
                height: height,
                label: "\(dayNames[index]): \(value) \(value == 1 ? "record" : "records")"
            )
        }
        let width = left + dayCount * (barWidth + gap)
        let labels = [
            AdminPageModel.ChartLabel(x: left - 6, y: top + 4, anchor: "end", text: String(highest)),
            AdminPageModel.ChartLabel(x: left - 6, y: baseline, anchor: "end", text: "0"),
            AdminPageModel.ChartLabel(x: left, y: baseline + 16, anchor: "start", text: dayNames.first ?? ""),
            AdminPageModel.ChartLabel(x: width, y: baseline + 16, anchor: "end", text: dayNames.last ?? ""),
        ]
        let total = values.reduce(0, +)
        let lastDay = dayNames.last ?? ""
        let later = perDay.lazy.filter { $0.key > lastDay }.map(\.value).reduce(0, +)
        let notDrawn =
            later == 0
            ? "" : "; \(later) \(later == 1 ? "record" : "records") stamped after \(lastDay) (a clock ahead) not drawn"
        return AdminPageModel.Chart(
            width: width,
            height: baseline + 24,
            baseline: baseline,
            days: dayCount,
            summary: "Records per day from \(dayNames.first ?? "") to \(lastDay) (\(zone.name)): "
                + "\(total) in all, at most \(values.max() ?? 0) in one day\(notDrawn)",
            bars: bars,
            labels: labels,
            rows: zip(dayNames, values).filter { $0.1 > 0 }.reversed().map { .init(day: $0.0, count: $0.1) }
        )
    }

    /// Records per day in the display zone, `YYYY-MM-DD` → count.
    ///
    /// The store counts records per UTC day; in UTC those counts are exact. In another zone, days the
    /// window covers whole (every day after its oldest record's day, or all of them when the window is
    /// the whole history) are counted from the window's records by local day, and earlier days take
    /// the store's count of the UTC day of the same date.
    private func recordsPerDay(_ snapshot: AdminPageSnapshot) -> [String: Int] {
        var perDay: [String: Int] = [:]
        guard !zone.isUTC else {
            for count in snapshot.dailyCounts { perDay[count.day, default: 0] += count.count }
            return perDay
        }
        let oldest = snapshot.window.lazy.map(\.record.timestamp).min()
        let firstWholeDay =
            snapshot.windowIsWholeHistory
            ? "" : oldest.map { RecordTimestamp(startOfDay: zone.local($0).daysSinceEpoch + 1).utcDay } ?? "~"
        for count in snapshot.dailyCounts where count.day < firstWholeDay {
            perDay[count.day, default: 0] += count.count
        }
        for entry in snapshot.window {
            let day = zone.day(of: entry.record.timestamp)
            if day >= firstWholeDay { perDay[day, default: 0] += 1 }
        }
        return perDay
    }

    // MARK: Recent activity

    private func choices(counting names: [String]) -> [AdminPageModel.FilterChoice] {
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        let ordered = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return ordered.enumerated().map { .init(index: $0.offset + 1, name: $0.element.key, count: $0.element.value) }
    }

    /// The filter choice indexes of actors and signals by name, and of lists by ``listKey(of:)``.
    private struct ChoiceIndexes {
        var actor: [String: Int]
        var signal: [String: Int]
        var list: [String: Int]
    }

    /// The bucketlist a record is about, `<source>/<id>`: an item's list, or the list itself; nil for
    /// other records. Ids belong to one application database, so the source is part of the key.
    private static func listKey(of record: SignalRecord) -> (key: String, title: String)? {
        if let parent = record.parent, parent.type == "bucketlist" {
            return ("\(record.source)/\(parent.id)", parent.title)
        }
        if record.subject.type == "bucketlist" {
            return ("\(record.source)/\(record.subject.id)", record.subject.title)
        }
        return nil
    }

    /// The list filter choices, most frequent first (then by name), each named by its newest title
    /// (with its source and id when two lists share a title), and each list key's choice index.
    private func lists(in window: [FeedEntry]) -> ([AdminPageModel.FilterChoice], [String: Int]) {
        var counts: [String: Int] = [:]
        var titles: [String: String] = [:]
        for entry in window {
            guard let list = Self.listKey(of: entry.record) else { continue }
            counts[list.key, default: 0] += 1
            if titles[list.key] == nil { titles[list.key] = clean(EntryWording.displayed(list.title)) }
        }
        var titleUses: [String: Int] = [:]
        for title in titles.values { titleUses[title, default: 0] += 1 }
        let named = counts.map { key, count in
            let title = titles[key] ?? key
            return (key: key, name: titleUses[title, default: 0] > 1 ? "\(title) (\(key))" : title, count: count)
        }
        let ordered = named.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.name != $1.name ? $0.name < $1.name : $0.key < $1.key
        }
        let choices = ordered.enumerated().map {
            AdminPageModel.FilterChoice(index: $0.offset + 1, name: $0.element.name, count: $0.element.count)
        }
        let indexes = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element.key, $0.offset + 1) })
        return (choices, indexes)
    }

    private func days(
        _ window: [FeedEntry],
        indexes: ChoiceIndexes,
        now: RecordTimestamp
    ) -> [AdminPageModel.Day] {
        // Newest first by (ts, source, seq), not by ingest order: records of several sources ingested
        // one log after another interleave by time, and records of one day stay together under one
        // heading even when a clock running ahead or behind stamped them out of order.
        let ordered = window.sorted { Self.isNewer($0.record, than: $1.record) }
        var days: [AdminPageModel.Day] = []
        var currentDay = ""
        var dayEntries: [FeedEntry] = []
        func flush() {
            guard let first = dayEntries.first else { return }
            let lines = EntryGroup.groups(of: dayEntries).map { line(for: $0, indexes: indexes) }
            days.append(
                .init(id: "d-\(currentDay)", heading: heading(for: first.record.timestamp, now: now), lines: lines))
            dayEntries = []
        }
        for entry in ordered {
            let day = zone.day(of: entry.record.timestamp)
            if day != currentDay {
                flush()
                currentDay = day
            }
            dayEntries.append(entry)
        }
        flush()
        return days
    }

    /// Whether `record` comes before `other` on the page: the later `ts` first, then on equal times
    /// the greater `source`, then the greater `seq`, the reverse of the `(ts, source, seq)` order.
    static func isNewer(_ record: SignalRecord, than other: SignalRecord) -> Bool {
        if record.timestamp != other.timestamp { return record.timestamp > other.timestamp }
        if record.source != other.source { return record.source > other.source }
        return record.seq > other.seq
    }

    private func line(for group: EntryGroup, indexes: ChoiceIndexes) -> AdminPageModel.Line {
        let record = group.newest
        let actor = clean(record.actor.name)
        let signal = clean(record.signal)
        let phrase = EntryWording.phrase(for: record, text: clean)
        var subject = phrase.subject
        var suffix = ""
        switch group.kind {
        case .single:
            break
        case .sameSubject:
            suffix = " \(group.entries.count) times"
        case .sameParent:
            let distinct = Set(group.entries.map(\.record.subject.id)).count
            let noun = record.subject.type == "item" ? "items" : "\(clean(record.subject.type)) records"
            subject = "\(distinct) \(noun)"
            if distinct != group.entries.count { suffix = " (\(group.entries.count) times)" }
        }
        let details =
            group.kind == .single
            ? record.changes.map {
                AdminPageModel.Change(
                    field: clean($0.field),
                    old: clean(EntryWording.describe($0.old)),
                    new: clean(EntryWording.describe($0.new))
                )
            } : []
        return AdminPageModel.Line(
            anchors: group.entries.map { AdminPageRenderer.anchor(for: $0.record) },
            actor: actor,
            actorIndex: indexes.actor[actor] ?? 0,
            signal: signal,
            signalIndex: indexes.signal[signal] ?? 0,
            listIndex: Self.listKey(of: record).flatMap { indexes.list[$0.key] } ?? 0,
            verb: phrase.verb,
            subject: subject.isEmpty ? nil : subject,
            preposition: phrase.parent == nil ? nil : "in",
            parent: phrase.parent,
            suffix: suffix,
            details: details,
            hasDetails: !details.isEmpty,
            time: moment(record.timestamp)
        )
    }

    // MARK: Time

    private func heading(for timestamp: RecordTimestamp, now: RecordTimestamp) -> String {
        let local = zone.local(timestamp)
        let day = local.daysSinceEpoch
        let today = zone.local(now).daysSinceEpoch
        let weekdays = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
        let weekday = weekdays[Int(((day % 7) + 7) % 7)]
        let date = "\(weekday), \(local.utcDay)"
        switch today - day {
        case ..<0: return "In the future: \(date)"
        case 0: return "Today, \(date)"
        case 1: return "Yesterday, \(date)"
        default: return date
        }
    }

    private func moment(_ timestamp: RecordTimestamp) -> AdminPageModel.Moment {
        let iso = timestamp.rfc3339
        let absolute = zone.absolute(timestamp)
        let nowStamp = RecordTimestamp(now)
        let future = isFuture(timestamp, now: nowStamp)
        return .init(
            iso: iso, absolute: absolute, relative: future ? "in the future" : relative(timestamp, now: nowStamp),
            isFuture: future)
    }

    /// Whether `timestamp` is later than `now` by more than ``futureTolerance``.
    private func isFuture(_ timestamp: RecordTimestamp, now: RecordTimestamp) -> Bool {
        timestamp.millisecondsSinceEpoch > now.millisecondsSinceEpoch + Self.futureTolerance
    }

    private func relative(_ timestamp: RecordTimestamp, now: RecordTimestamp) -> String {
        let seconds = (now.millisecondsSinceEpoch - timestamp.millisecondsSinceEpoch) / 1000
        let units: [(Int64, String)] = [
            (31_536_000, "year"), (2_592_000, "month"), (86_400, "day"), (3_600, "hour"), (60, "minute"),
        ]
        for (size, name) in units where seconds >= size {
            let count = seconds / size
            return "\(count) \(name)\(count == 1 ? "" : "s") ago"
        }
        return "just now"
    }

    private func clean(_ text: String) -> String {
        text.removingHTMLForbiddenCharacters
    }
}
