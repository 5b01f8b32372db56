/// The values the page template renders; every string is plain text that Mustache's
/// `{{…}}` escapes, and class or id fragments are digits or record sources only.
struct AdminPageModel: Sendable {
    /// A moment shown three ways.
    struct Moment: Sendable {
        /// `YYYY-MM-DDTHH:MM:SS.sssZ`, for `<time datetime>`.
        var iso: String
        /// `2026-11-24 10:15 UTC`.
        var absolute: String
        /// `3 hours ago`, relative to the page's generation time.
        var relative: String
    }

    /// One row of the per-signal summary.
    struct SignalFigures: Sendable {
        var signal: String
        var lastDay: String
        var lastWeek: String
        var allTime: String
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

    /// One line of recent activity: a single record or an aggregated run.
    struct Line: Sendable {
        var anchors: [String]
        var actor: String
        var actorIndex: Int
        var signal: String
        var signalIndex: Int
        var verb: String
        var subject: String?
        var preposition: String?
        var parent: String?
        var suffix: String
        var details: [String]
        var hasDetails: Bool
        var time: Moment
    }

    /// The lines of one UTC day.
    struct Day: Sendable {
        var id: String
        var heading: String
        var lines: [Line]
    }

    /// One row of the most-active table.
    struct ActorRow: Sendable {
        var name: String
        var count: Int
    }

    var title: String
    var subtitle: String
    var generatedAt: String
    var generated: Moment
    var latest: Moment?
    var feedHref: String
    var hasActivity: Bool
    var signals: [SignalFigures]
    var totalLastDay: String
    var totalLastWeek: String
    var totalAllTime: String
    var approximate: Bool
    var chart: Chart
    var actorChoices: [FilterChoice]
    var signalChoices: [FilterChoice]
    var days: [Day]
    var windowSize: Int
    var mostActive: [ActorRow]
}
