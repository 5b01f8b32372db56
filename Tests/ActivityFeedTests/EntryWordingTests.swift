import SignalLog
import Testing

@testable import ActivityFeed

@Suite struct EntryWordingTests {
    /// The first and last scalar of each range that needs an isolate.
    static let sensitive: [Unicode.Scalar] = [
        "\u{0590}", "\u{05D0}", "\u{07FF}", "\u{0800}", "\u{08FF}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202E}",
        "\u{2066}", "\u{2069}", "\u{FB1D}", "\u{FDFF}", "\u{FE70}", "\u{FEFF}", "\u{10800}", "\u{10FFF}",
        "\u{1E800}", "\u{1EFFF}",
    ]
    /// Scalars just outside those ranges, and others that share their first UTF-8 byte.
    static let insensitive: [Unicode.Scalar] = [
        "a", "é", "\u{058F}", "\u{0900}", "\u{200D}", "\u{2010}", "\u{2029}", "\u{202F}", "\u{2065}", "\u{206A}",
        "\u{2018}", "中", "\u{FB1C}", "\u{FF00}", "\u{FFFD}", "\u{107FF}", "\u{11000}", "\u{1E7FF}", "\u{1F000}", "😀",
    ]

    @Test(arguments: sensitive)
    func aTitleWithARightToLeftLetterOrBidiControlIsIsolated(_ scalar: Unicode.Scalar) {
        #expect(EntryWording.quoted("Visit \(scalar) soon") == "‘\u{2068}Visit \(scalar) soon\u{2069}’")
    }

    @Test(arguments: insensitive)
    func aTitleWithoutThemIsOnlyQuoted(_ scalar: Unicode.Scalar) {
        #expect(EntryWording.quoted("Visit \(scalar) soon") == "‘Visit \(scalar) soon’")
    }

    @Test(arguments: KnownSignal.allCases)
    func everyCataloguedSignalReadsAsASentenceWithoutItsName(_ signal: KnownSignal) {
        let record = PublishingFixtures.record(seq: 1, signal: signal.name, actor: "bob")
        let headline = EntryWording.headline(for: record)
        #expect(headline.hasPrefix("bob \(EntryWording.verb(for: record)) "))
        #expect(!headline.contains(signal.name))
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

    @Test func aLongTitleIsCutToTheLimitInCharactersNotBytes() {
        let accented = String(repeating: "é", count: EntryWording.titleLimit)
        #expect(EntryWording.quoted(accented) == "‘\(accented)’")
        let long = String(repeating: "é", count: EntryWording.titleLimit + 1)
        #expect(EntryWording.quoted(long) == "‘\(String(repeating: "é", count: EntryWording.titleLimit - 1))…’")
    }
}
