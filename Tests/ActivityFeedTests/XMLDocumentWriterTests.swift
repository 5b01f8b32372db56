import CLibXML2
import Foundation
import Testing

@testable import ActivityFeed

@Suite struct XMLDocumentWriterTests {
    /// Texts that put every ASCII character, escaped or not, at places inside and after the first
    /// 16 bytes (the scan reads eight at a time, then the rest one by one), plus non-ASCII,
    /// forbidden and mixed texts.
    static let texts: [String] = {
        var texts: [String] = []
        for value in UInt8(1)...0x7F {
            let character = String(UnicodeScalar(value))
            for position in [0, 3, 7, 8, 15, 16, 19] {
                let filler = Array(repeating: "a", count: 20)
                var pieces = filler
                pieces[position] = character
                texts.append(pieces.joined())
            }
            texts.append("x\(character)y")
        }
        texts += [
            "", "plain words only", "Zoë Martín deleted ‘Eat \"real\" ramen’ in ‘Learn 中文’",
            "tab\there, line\nfeed, return\r, bell\u{7}, escape\u{1B}[31m", "\u{FFFE}\u{FFFF}\u{FFFD} edge",
            "C1 \u{85}\u{9F} controls", "sixteen bytes, then C1\u{85}\u{85}\u{85}\u{85}\u{85}\u{85}\u{85}\u{85}",
            "ahead of sixteen bytes \u{FFFF}", "‘quoted’ ‘quoted’ ‘quoted’ ‘quoted’ ‘quoted’ ‘quoted’",
            "emoji 😀 and \u{202E}override", "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>", "literal &amp; and &#38;", String(repeating: "long ", count: 2000),
        ]
        return texts
    }()

    /// What libxml2 itself writes for `text` as an attribute value and as element text,
    /// after the characters XML forbids are removed by the scalar filter below.
    private static func libxml2Document(_ text: String) throws -> Data {
        let allowed = String(String.UnicodeScalarView(text.unicodeScalars.filter(isXMLCharacter)))
        let buffer = try #require(xmlBufferCreate())
        defer { xmlBufferFree(buffer) }
        let writer = try #require(xmlNewTextWriterMemory(buffer, 0))
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, "  ")
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
        xmlTextWriterStartElement(writer, "feed")
        xmlTextWriterStartElement(writer, "e")
        xmlTextWriterWriteAttribute(writer, "a", allowed)
        xmlTextWriterWriteString(writer, allowed)
        xmlTextWriterEndElement(writer)
        xmlTextWriterEndDocument(writer)
        xmlFreeTextWriter(writer)
        return Data(bytes: xmlBufferContent(buffer), count: Int(xmlBufferLength(buffer)))
    }

    private static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    @Test(arguments: texts)
    func writesTheSameBytesAsLibxml2EscapingTheFilteredText(_ text: String) throws {
        var document = try XMLDocumentWriter(documentName: "test.xml")
        try document.startElement("feed")
        try document.startElement("e")
        try document.attribute("a", text)
        try document.text(text)
        try document.endElement()
        #expect(try document.finish() == Self.libxml2Document(text))
    }

    @Test func textWrittenInPiecesIsTheSameAsTextWrittenWhole() throws {
        let pieces = ["tag:example.com,2026:", "app-1", "/", "Zoë & <b>", "\u{7}", "‘x’"]
        var whole = try XMLDocumentWriter(documentName: "whole.xml")
        try whole.startElement("e")
        try whole.attribute("href", pieces.joined())
        try whole.text(pieces.joined() + "-1042")
        var pieced = try XMLDocumentWriter(documentName: "pieced.xml")
        try pieced.startElement("e")
        try pieced.startAttribute("href")
        for piece in pieces { try pieced.text(piece) }
        try pieced.endAttribute()
        for piece in pieces { try pieced.text(piece) }
        try pieced.text(-1042)
        #expect(try pieced.finish() == whole.finish())
    }

    @Test(arguments: [Int64.min, -1, 0, 7, 1042, Int64.max])
    func numbersAreWrittenAsTheirDecimalDigits(_ number: Int64) throws {
        var document = try XMLDocumentWriter(documentName: "number.xml")
        try document.startElement("n")
        try document.text(number)
        let text = String(decoding: try document.finish(), as: UTF8.self)
        #expect(text.contains("<n>\(number)</n>"))
    }

    @Test(arguments: texts)
    func theFiltersMatchTheirScalarDefinitions(_ text: String) {
        let xml = String(String.UnicodeScalarView(text.unicodeScalars.filter(Self.isXMLCharacter)))
        let html = String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { Self.isXMLCharacter($0) && !(0x7F...0x9F).contains($0.value) }
            )
        )
        #expect(text.removingXMLForbiddenCharacters.unicodeScalars.elementsEqual(xml.unicodeScalars))
        #expect(text.removingHTMLForbiddenCharacters.unicodeScalars.elementsEqual(html.unicodeScalars))
    }
}
