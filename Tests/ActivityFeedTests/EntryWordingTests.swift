import Foundation
import SignalLog
import Testing

@testable import ActivityFeed

@Suite struct EntryWordingTests {
    /// The first and last scalar of each range that needs an isolate.
    static let sensitive: [Unicode.Scalar] = [
        "\u{0590}", "\u{05D0}", "\u{07FF}", "\u{0800}", "\u{08FF}", "\u{200E}", "\u{200F}", "\u{FB1D}",
        "\u{FDFF}", "\u{FE70}", "\u{FEFF}", "\u{10800}", "\u{10FFF}", "\u{1E800}", "\u{1EFFF}",
    ]
    /// Every bidirectional embedding, override and isolate control.
    static let controls: [Unicode.Scalar] = [
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
    ]
    /// Scalars just outside those ranges, and others that share their first UTF-8 byte.
    static let insensitive: [Unicode.Scalar] = [
        "a", "é", "\u{058F}", "\u{0900}", "\u{200D}", "\u{2010}", "\u{2029}", "\u{202F}", "\u{2065}", "\u{206A}",
        "\u{2018}", "中", "\u{FB1C}", "\u{FF00}", "\u{FFFD}", "\u{107FF}", "\u{11000}", "\u{1E7FF}", "\u{1F000}", "😀",
    ]

    @Test(arguments: sensitive)
    func aTitleWithARightToLeftLetterOrBidiMarkIsIsolated(_ scalar: Unicode.Scalar) {
        #expect(EntryWording.quoted("Visit \(scalar) soon") == "‘\u{2068}Visit \(scalar) soon\u{2069}’")
    }

    @Test(arguments: insensitive)
    func aTitleWithoutThemIsOnlyQuoted(_ scalar: Unicode.Scalar) {
        #expect(EntryWording.quoted("Visit \(scalar) soon") == "‘Visit \(scalar) soon’")
    }

    @Test(arguments: KnownSignal.allCases)
    func everyCataloguedSignalReadsAsASentenceWithoutItsName(_ signal: KnownSignal) {
        let record = PublishingFixtures.record(seq: 1, signal: signal.rawValue, actor: "bob")
        let headline = EntryWording.headline(for: record)
        #expect(headline.hasPrefix("bob \(EntryWording.verb(for: record)) "))
        #expect(!headline.contains(signal.rawValue))
        #expect(!headline.contains("caused"))
    }

    @Test func aSignalOutsideTheCatalogueIsNamedAsItIs() {
        let record = PublishingFixtures.record(seq: 1, signal: "item.archived")
        #expect(EntryWording.verb(for: record) == "item.archived")
        #expect(
            EntryWording.headline(for: record)
                == "alice caused item.archived on item ‘See the cherry blossoms’ in ‘Visit Japan’"
        )
    }

    @Test(arguments: controls)
    func aBidiControlInATitleIsShownAsItsCodeSoTheTitleOpensAndClosesNothing(_ scalar: Unicode.Scalar) {
        let code = "⟨U+\(String(scalar.value, radix: 16, uppercase: true))⟩"
        #expect(EntryWording.quoted("Visit \(scalar) soon") == "‘Visit \(code) soon’")
        #expect(EntryWording.quoted("עברית \(scalar)") == "‘\u{2068}עברית \(code)\u{2069}’")
    }

    /// Every scalar whose UTF-8 starts with `E2` (U+2000…U+2FFF: typographic quotes, dashes, arrows,
    /// symbols): only the bidirectional controls are rewritten, the rest shown as they are.
    @Test func amongScalarsThatStartWithE2OnlyTheBidiControlsAreRewritten() {
        for value in UInt32(0x2000)...0x2FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "Go \(scalar) now"
            if Self.controls.contains(scalar) {
                #expect(EntryWording.displayed(text).contains("⟨U+"))
            } else if EntryWording.displayed(text) != text {
                Issue.record("U+\(String(value, radix: 16)) was rewritten")
            }
        }
    }

    @Test func aTitleOpeningWithAnIsolateCloserAndAnOverrideNeitherEscapesTheIsolateNorReversesTheRest() {
        for title in ["\u{2069}\u{202E}evil", "שלום \u{2069}\u{202E}evil", "\u{2067}\u{202B}evil\u{202C}"] {
            let record = PublishingFixtures.record(
                seq: 1, signal: "item.updated", actor: "\u{202E}mallory", subject: title, parent: title,
                changes: [SignalRecord.FieldChange(field: "name\u{2066}", old: .string(title), new: .string(title))]
            )
            let headline = EntryWording.headline(for: record)
            #expect(BidiBalance.problems(in: headline).isEmpty, "\(headline.debugDescription)")
            #expect(headline.hasPrefix("⟨U+202E⟩mallory updated ‘"))
            #expect(headline.contains("⟨U+2069⟩") || headline.contains("⟨U+2067⟩"))
            for line in EntryWording.changeLines(for: record) {
                #expect(BidiBalance.problems(in: line).isEmpty, "\(line.debugDescription)")
            }
        }
        #expect(EntryWording.quoted("\u{2069}\u{202E}evil") == "‘⟨U+2069⟩⟨U+202E⟩evil’")
    }

    @Test func theBidiCheckerFindsAnOpenOverrideAndAStrayIsolateCloser() {
        #expect(BidiBalance.problems(in: "‘\u{2068}a\u{2069}’").isEmpty)
        #expect(BidiBalance.problems(in: "\u{2067}\u{202E}a\u{2069}").isEmpty)
        #expect(BidiBalance.problems(in: "‘\u{202E}evil’") == ["U+202E is still open at the end"])
        #expect(
            BidiBalance.problems(in: "\u{2069}\u{202E}evil")
                == ["U+2069 at 0 closes no isolate", "U+202E is still open at the end"])
        #expect(BidiBalance.problems(in: "a\u{202C}") == ["U+202C at 1 closes no embedding or override"])
    }

    @Test func aTitleOfExactly300CodePointsIsKeptAndOneMoreIsCutTo299AndAnEllipsis() {
        let limit = EntryWording.titleScalarLimit
        let accented = String(repeating: "é", count: limit)
        #expect(EntryWording.quoted(accented) == "‘\(accented)’")
        let long = String(repeating: "é", count: limit + 1)
        #expect(EntryWording.quoted(long) == "‘\(String(repeating: "é", count: limit - 1))…’")
    }

    @Test func oneCharacterOfManyCombiningAccentsIsCutByCodePoints() {
        let title = "M" + String(repeating: "\u{0301}", count: 600_000)
        #expect(title.count == 1)
        let shown = EntryWording.displayed(title)
        #expect(shown == "M" + String(repeating: "\u{0301}", count: EntryWording.titleScalarLimit - 2) + "…")
        #expect(shown.unicodeScalars.count == EntryWording.titleScalarLimit)
    }

    @Test func aTitleOf1200BytesIsKeptAndALongerOneIsCutBetweenScalarsWithinTheByteLimit() {
        let emoji = String(repeating: "😀", count: EntryWording.titleScalarLimit)
        #expect(emoji.utf8.count == EntryWording.titleByteLimit)
        #expect(EntryWording.displayed(emoji) == emoji)
        for longer in [emoji + "😀", "a" + emoji, emoji + "\u{0301}"] {
            let shown = EntryWording.displayed(longer)
            #expect(shown.utf8.count <= EntryWording.titleByteLimit)
            #expect(shown.unicodeScalars.count <= EntryWording.titleScalarLimit)
            #expect(shown.hasSuffix("…"))
            #expect(longer.unicodeScalars.starts(with: shown.unicodeScalars.dropLast()))
        }
    }

    @Test func aVisibleCodeIsNeverCutInHalf() {
        let limit = EntryWording.titleScalarLimit
        let title = String(repeating: "a", count: limit - 5) + "\u{202E}" + "b"
        #expect(EntryWording.displayed(title) == String(repeating: "a", count: limit - 5) + "…")
        let fitting = String(repeating: "a", count: limit - 8) + "\u{202E}"
        #expect(EntryWording.displayed(fitting) == String(repeating: "a", count: limit - 8) + "⟨U+202E⟩")
    }

    @Test func hostileTitlesLeaveNoBidiRunOpenInAnyPublishedFeedTitle() throws {
        let hostile = ["\u{2069}\u{202E}evil", "שלום \u{2069}\u{202E}evil", "\u{202D}\u{2066}", "\u{202C}\u{2069}x"]
        let records = hostile.enumerated().map { index, title in
            PublishingFixtures.record(
                seq: Int64(index + 1), actor: "\u{2067}bob", subject: title, parent: "Visit \(title)",
                changes: [SignalRecord.FieldChange(field: "done", old: .bool(false), new: .bool(true))]
            )
        }
        let feed = InMemoryFeed()
        feed.append(records)
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        let document = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        let titles = try document.strings("/a:feed/a:entry/a:title")
        #expect(titles.count == hostile.count)
        for title in titles {
            #expect(BidiBalance.problems(in: title).isEmpty, "\(title.debugDescription)")
            #expect(title.hasPrefix("⟨U+2067⟩bob completed ‘"))
        }
    }
}
