/// The values the page template renders; every string is plain text that Mustache's
/// `{{…}}` escapes, and class or id fragments are digits or record sources only.
struct AdminPageModel: Sendable {
    /// A moment shown three ways.
    struct Moment: Sendable {
        /// `YYYY-MM-DDTHH:MM:SS.sssZ`, for `<time datetime>`.
        var iso: String
        /// `2026-11-24 10:15 UTC`, or `2026-11-24 11:15 UTC+01:00` in another display zone.
        var absolute: String
        /// `3 hours ago`, relative to the page's generation time; `in the future` when ``isFuture``.
        var relative: String
        /// Whether the moment is later than the page's generation time by more than
        /// ``AdminPageModelBuilder/futureTolerance``: a record stamped by a clock running ahead.
        var isFuture: Bool
    }

    /// One row of the per-signal summary.
    struct SignalFigures: Sendable {
        /// The newest record's signal.
        var signal: String
        var lastDay: String
        var lastWeek: String
        var allTime: String
        /// Records stamped later than the page's generation time; nil when no signal has any.
        var future: String?
    }

    /// One bar of the chart, in SVG user units.
    struct ChartBar: Sendable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var label: String
    }

    /// One axis label of the chart.
    struct ChartLabel: Sendable {
        var x: Int
        var y: Int
        var anchor: String
        var text: String
    }

    /// The activity chart.
    struct Chart: Sendable {
        var width: Int
        var height: Int
        var baseline: Int
        var days: Int
        var summary: String
        var bars: [ChartBar]
        var labels: [ChartLabel]
        var rows: [ChartRow]
    }

    /// One day of the chart as a table row, for readers that skip the picture.
    struct ChartRow: Sendable {
        var day: String
        var count: Int
    }

    /// One filter choice (an actor or a signal).
    struct FilterChoice: Sendable {
        var index: Int
        var name: String
        var count: Int
    }

    /// One changed field of a record, each part shown in its own bidirectional isolate.
    struct Change: Sendable {
        /// The field's name, as the record spells it.
        var field: String
        /// The value before the change, in words (strings quoted, `none` for null).
        var old: String
        /// The value after the change, in words.
        var new: String
    }

    /// One line of recent activity: a single record or an ``EntryGroup`` of several.
    struct Line: Sendable {
        /// The page ids of every record of the line (`e-<source>-<seq>`), targets of the feed's links.
        var anchors: [String]
        /// Who acted.
        var actor: String
        /// The actor's filter choice index (class `a<index>`).
        var actorIndex: Int
        var signal: String
        /// The signal's filter choice index (class `s<index>`).
        var signalIndex: Int
        /// The list's filter choice index (class `l<index>`), 0 for a line about no list.
        var listIndex: Int
        /// What happened: `completed`, `created`, … or a generic phrase for an unknown signal.
        var verb: String
        /// What it happened to (`‘See the cherry blossoms’`, `the list ‘Visit Japan’`, `4 items`).
        var subject: String?
        /// `in` when there is a parent list.
        var preposition: String?
        /// The list, quoted.
        var parent: String?
        /// ` 3 times` for a group of records about one subject, else empty.
        var suffix: String
        /// Each change, read as `field: old → new` (single records only).
        var details: [Change]
        /// Whether ``details`` has lines.
        var hasDetails: Bool
        /// When the newest record of the line happened.
        var time: Moment
    }

    /// The lines of one day in the display zone.
    struct Day: Sendable {
        var id: String
        var heading: String
        var lines: [Line]
    }

    /// A source whose history starts after seq 1.
    struct LateStart: Sendable {
        var source: String
        /// The first `seq` seen.
        var seq: Int64
    }

    /// One row of the most-active table.
    struct ActorRow: Sendable {
        var name: String
        var count: Int
    }

    /// The page's title.
    var title: String
    /// The subtitle.
    var subtitle: String
    /// The generation time, `YYYY-MM-DDTHH:MM:SS.sssZ`; keep it in `<meta name="activity-feed-generated">`.
    var generatedAt: String
    /// The generation time.
    var generated: Moment
    /// The newest record time that is not in the future, if any.
    var latest: Moment?
    /// The link to `feed.atom`.
    var feedHref: String
    /// Whether there is any record to show.
    var hasActivity: Bool
    /// Per-signal figures, by signal name.
    var signals: [SignalFigures]
    /// All signals, last 24 hours.
    var totalLastDay: String
    /// All signals, last 7 days.
    var totalLastWeek: String
    /// All signals, all time.
    var totalAllTime: String
    /// All signals, stamped later than the page's generation time; nil when there are none.
    var totalFuture: String?
    /// Whether some figures count whole UTC days (marked `≈`).
    var approximate: Bool
    /// The zone of day groups, chart days and shown times: `UTC` or an IANA name such as `Europe/Paris`.
    var timeZoneName: String
    /// The activity chart.
    var chart: Chart
    /// The people in the recent activity, most active first.
    var actorChoices: [FilterChoice]
    /// The signals in the recent activity, most frequent first.
    var signalChoices: [FilterChoice]
    /// The bucketlists in the recent activity (an item's list, or the list itself), most frequent first.
    var listChoices: [FilterChoice]
    /// The list choice indexes `page.css` has a rule for: 1 to the number of lists rounded up to a
    /// multiple of ``AdminPageModelBuilder/listRuleStep``, so the stylesheet changes only when the
    /// number of lists crosses one, not with every new list.
    var listRuleIndexes: [Int]
    /// Recent activity by day in the display zone, newest day first (days later than today first of all), each day once.
    var days: [Day]
    /// How many records the recent activity covers.
    var windowSize: Int
    /// The sources whose first seen `seq` is above 1, by name: a notice, not a gap.
    var lateStarts: [LateStart]
    /// Whether ``lateStarts`` has any.
    var hasLateStarts: Bool
    /// The ten most active people of all time.
    var mostActive: [ActorRow]
}
