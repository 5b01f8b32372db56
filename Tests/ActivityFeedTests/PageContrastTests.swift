import ActivityFeed
import Foundation
import Testing

/// The page's text colours against their backgrounds meet WCAG's 4.5:1 in the light and the dark scheme.
@Suite struct PageContrastTests {
    /// The custom properties `--name: #rrggbb` of the first `:root { … }` after `marker` in `css`.
    private static func palette(in css: String, after marker: String) throws -> [String: [Double]] {
        let start = marker.isEmpty ? css.startIndex : try #require(css.range(of: marker)).upperBound
        let root = try #require(css.range(of: ":root {", range: start..<css.endIndex)).upperBound
        let end = try #require(css.range(of: "}", range: root..<css.endIndex)).lowerBound
        var colours: [String: [Double]] = [:]
        for declaration in css[root..<end].split(separator: ";") {
            let parts = declaration.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0].hasPrefix("--"), parts[1].hasPrefix("#"), parts[1].count == 7 else {
                continue
            }
            let hex = Array(parts[1].dropFirst())
            colours[String(parts[0].dropFirst(2))] = try stride(from: 0, to: 6, by: 2).map {
                Double(try #require(Int(String(hex[$0...($0 + 1)]), radix: 16))) / 255
            }
        }
        return colours
    }

    /// WCAG 2 relative luminance and contrast ratio.
    private static func contrast(_ a: [Double], _ b: [Double]) -> Double {
        func luminance(_ rgb: [Double]) -> Double {
            let linear = rgb.map { $0 <= 0.04045 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        let (light, dark) = (max(luminance(a), luminance(b)), min(luminance(a), luminance(b)))
        return (light + 0.05) / (dark + 0.05)
    }

    @Test func everyTextColourHasAContrastOfAtLeast4Point5ToOneOnItsBackgroundsInBothSchemes() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(3))
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        let css = try String(contentsOf: folder.appendingPathComponent("page.css"), encoding: .utf8)
        let schemes = [
            ("light", try Self.palette(in: css, after: "")),
            ("dark", try Self.palette(in: css, after: "@media (prefers-color-scheme: dark)")),
        ]
        // Text colours, and the backgrounds each is shown on (chips hold names, counts and links' outlines).
        let pairs = [
            ("fg", "bg"), ("muted", "bg"), ("accent", "bg"), ("warn", "bg"), ("fg", "chip"), ("muted", "chip"),
            ("accent", "chip"),
        ]
        for (scheme, colours) in schemes {
            #expect(colours.count == 8, "\(scheme): \(colours.keys.sorted())")
            for (text, background) in pairs {
                let ratio = Self.contrast(try #require(colours[text]), try #require(colours[background]))
                #expect(ratio >= 4.5, "\(scheme): --\(text) on --\(background) is \(ratio):1")
            }
        }
    }
}
