import CLibXML2
import Foundation

/// A thin, checked wrapper over libxml2's `xmlTextWriter` writing one UTF-8 document to memory.
///
/// Every string loses the characters XML 1.0 forbids (as ``String/removingXMLForbiddenCharacters``
/// does), then libxml2 escapes it. Text in which libxml2 would escape nothing (``XMLTextScan``
/// finds nothing to escape) is handed to libxml2 as raw bytes, which writes the same bytes
/// without its escaping pass; text written in pieces reaches libxml2 as one call. A failing
/// libxml2 call throws ``PublishError`` naming the document.
/// Element and attribute names are literals, so their bytes are passed to libxml2 as they are.
/// A noncopyable value, so its state needs no reference counting or run-time exclusivity checks;
/// one writer belongs to one document being written on one thread.
struct XMLDocumentWriter: ~Copyable {
    private let buffer: xmlBufferPtr
    private var writer: xmlTextWriterPtr?
    private let documentName: String
    /// Whether an attribute is open, so text is escaped as an attribute value.
    private var isInAttribute = false
    /// Text written since the last element or attribute call, handed to libxml2 in one call
    /// before the next; whether there is any, as even empty text closes an open start tag.
    private var pendingText: [UInt8] = []
    private var hasPendingText = false

    /// Starts a document (`<?xml version="1.0" encoding="UTF-8"?>`), indented by two spaces unless
    /// `indented` is false (no whitespace between elements at all); `capacity` is the expected size in
    /// bytes, so the buffer rarely grows.
    init(documentName: String, capacity: Int = 0, indented: Bool = true) throws {
        Self.libraryReady
        guard let buffer = xmlBufferCreateSize(max(capacity, 4096)) else {
            throw PublishError.xmlWriter(documentName, "libxml2 could not allocate a buffer")
        }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw PublishError.xmlWriter(documentName, "libxml2 could not create a writer")
        }
        let started =
            xmlTextWriterSetIndent(writer, indented ? 1 : 0) >= 0
            && xmlTextWriterSetIndentString(writer, Self.name("  ")) >= 0
            && xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil) >= 0
        guard started else {
            xmlFreeTextWriter(writer)
            xmlBufferFree(buffer)
            throw PublishError.xmlWriter(documentName, "libxml2 could not start the document")
        }
        self.documentName = documentName
        self.buffer = buffer
        self.writer = writer
    }

    /// libxml2's global set-up, which it would otherwise do lazily, unsafely when two
    /// threads start their first documents at once; Swift runs this once, whichever thread asks first.
    private static let libraryReady: Void = xmlInitParser()

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        xmlBufferFree(buffer)
    }

    /// Opens an element; close it with ``endElement()``.
    mutating func startElement(_ name: StaticString) throws {
        try writePendingText()
        try check(xmlTextWriterStartElement(try activeWriter(), Self.name(name)), "open <\(name)>")
    }

    /// Adds an attribute to the element just opened.
    mutating func attribute(_ name: StaticString, _ value: String) throws {
        try startAttribute(name)
        try text(value)
        try endAttribute()
    }

    /// Opens an attribute of the element just opened; ``text(_:)`` then writes its value,
    /// in as many pieces as the caller likes, and ``endAttribute()`` closes it.
    mutating func startAttribute(_ name: StaticString) throws {
        try writePendingText()
        try check(xmlTextWriterStartAttribute(try activeWriter(), Self.name(name)), "open attribute \(name)")
        isInAttribute = true
    }

    /// Closes the open attribute.
    mutating func endAttribute() throws {
        try writePendingText()
        isInAttribute = false
        try check(xmlTextWriterEndAttribute(try activeWriter()), "close an attribute")
    }

    /// Writes escaped text inside the open element or attribute; consecutive calls
    /// write the same bytes as one call with the texts joined, and are handed to libxml2 as one.
    mutating func text(_ content: String) throws {
        _ = try activeWriter()
        pendingText.append(contentsOf: content.utf8)
        hasPendingText = true
    }

    /// Writes a number's decimal digits inside the open element or attribute.
    mutating func text(_ number: Int64) throws {
        try text(String(number))
    }

    /// Hands the text written since the last element or attribute call to libxml2.
    private mutating func writePendingText() throws {
        guard hasPendingText else { return }
        let writer = try activeWriter()
        let result = pendingText.withUnsafeBufferPointer { [isInAttribute] in
            Self.write($0, inAttribute: isInAttribute, to: writer)
        }
        pendingText.removeAll(keepingCapacity: true)
        hasPendingText = false
        try check(result, "write text")
    }

    /// Closes the innermost open element.
    mutating func endElement() throws {
        try writePendingText()
        try check(xmlTextWriterEndElement(try activeWriter()), "close an element")
    }

    /// Writes `<name>text</name>`, or `<name/>` without text.
    mutating func element(_ name: StaticString, text content: String? = nil) throws {
        try startElement(name)
        if let content { try text(content) }
        try endElement()
    }

    /// Writes `<name attribute="value">text</name>`, or `<name attribute="value"/>` without text.
    mutating func element(
        _ name: StaticString,
        _ attribute: StaticString,
        _ value: String,
        text content: String? = nil
    ) throws {
        try startElement(name)
        try self.attribute(attribute, value)
        if let content { try text(content) }
        try endElement()
    }

    /// Closes every open element, ends the document and returns its bytes without copying them;
    /// the writer cannot be used after.
    mutating func finish() throws -> Data {
        try writePendingText()
        let writer = try activeWriter()
        try check(xmlTextWriterEndDocument(writer), "end the document")
        xmlFreeTextWriter(writer)
        self.writer = nil
        let count = Int(xmlBufferLength(buffer))
        guard count > 0, let content = xmlBufferDetach(buffer) else { return Data() }
        return Data(bytesNoCopy: content, count: count, deallocator: .custom { pointer, _ in cxml_free(pointer) })
    }

    /// Writes valid UTF-8 `bytes` as text: raw when libxml2 would escape nothing in them,
    /// else through libxml2's escaping, after removing forbidden characters if there are any.
    private static func write(
        _ bytes: UnsafeBufferPointer<UInt8>,
        inAttribute isInAttribute: Bool,
        to writer: xmlTextWriterPtr
    ) -> Int32 {
        // Empty text still closes an open start tag (`<e></e>`, not `<e/>`), as libxml2 does it.
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return xmlTextWriterWriteString(writer, "") }
        let scan = XMLTextScan(bytes)
        if scan.hasForbiddenCharacter {
            var allowed = String(decoding: bytes, as: UTF8.self).removingXMLForbiddenCharacters
            return allowed.withUTF8 { write($0, inAttribute: isInAttribute, to: writer) }
        }
        let needsEscaping = isInAttribute ? scan.needsAttributeEscaping : scan.needsTextEscaping
        guard needsEscaping else { return xmlTextWriterWriteRawLen(writer, start, Int32(bytes.count)) }
        return withUnsafeTemporaryAllocation(of: xmlChar.self, capacity: bytes.count + 1) { terminated in
            _ = terminated.initialize(from: bytes)
            terminated[bytes.count] = 0
            return xmlTextWriterWriteString(writer, terminated.baseAddress!)
        }
    }

    private func activeWriter() throws -> xmlTextWriterPtr {
        guard let writer else { throw PublishError.xmlWriter(documentName, "the document is already finished") }
        return writer
    }

    private func check(_ result: Int32, _ action: @autoclosure () -> String) throws {
        guard result >= 0 else { throw PublishError.xmlWriter(documentName, "libxml2 could not \(action())") }
    }

    /// A literal's bytes for libxml2: literals are stored with a terminating NUL.
    private static func name(_ name: StaticString) -> UnsafePointer<xmlChar> {
        precondition(name.hasPointerRepresentation, "element and attribute names are string literals")
        return name.utf8Start
    }
}
