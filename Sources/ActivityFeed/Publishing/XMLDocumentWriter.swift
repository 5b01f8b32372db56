import CLibXML2
import Foundation

/// A thin, checked wrapper over libxml2's `xmlTextWriter` writing one UTF-8 document to memory.
///
/// Every string passes through ``String/removingXMLForbiddenCharacters`` first, then libxml2
/// escapes it. A failing libxml2 call throws ``PublishError`` naming the document.
/// Not thread-safe: one writer belongs to one document being written on one thread.
final class XMLDocumentWriter {
    private let buffer: xmlBufferPtr
    private var writer: xmlTextWriterPtr?
    private let documentName: String

    /// Starts a document (`<?xml version="1.0" encoding="UTF-8"?>`), indented by two spaces.
    init(documentName: String) throws {
        self.documentName = documentName
        guard let buffer = xmlBufferCreate() else {
            throw PublishError.xmlWriter(documentName, "libxml2 could not allocate a buffer")
        }
        self.buffer = buffer
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw PublishError.xmlWriter(documentName, "libxml2 could not create a writer")
        }
        self.writer = writer
        try check(xmlTextWriterSetIndent(writer, 1), "set indentation")
        try check(Self.withXMLChars("  ") { xmlTextWriterSetIndentString(writer, $0) }, "set indentation")
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "start the document")
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        xmlBufferFree(buffer)
    }

    /// Opens an element; close it with ``endElement()``.
    func startElement(_ name: String) throws {
        let writer = try activeWriter()
        try check(Self.withXMLChars(name) { xmlTextWriterStartElement(writer, $0) }, "open <\(name)>")
    }

    /// Adds an attribute to the element just opened.
    func attribute(_ name: String, _ value: String) throws {
        let writer = try activeWriter()
        let result = Self.withXMLChars(name) { name in
            Self.withXMLChars(value.removingXMLForbiddenCharacters) { xmlTextWriterWriteAttribute(writer, name, $0) }
        }
        try check(result, "write attribute \(name)")
    }

    /// Writes escaped text inside the open element.
    func text(_ content: String) throws {
        let writer = try activeWriter()
        let result = Self.withXMLChars(content.removingXMLForbiddenCharacters) { xmlTextWriterWriteString(writer, $0) }
        try check(result, "write text")
    }

    /// Closes the innermost open element.
    func endElement() throws {
        try check(xmlTextWriterEndElement(try activeWriter()), "close an element")
    }

    /// Writes `<name attributes…>text</name>`.
    func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text content: String? = nil) throws
    {
        try startElement(name)
        for (key, value) in attributes { try attribute(key, value) }
        if let content { try text(content) }
        try endElement()
    }

    /// Closes every open element, ends the document and returns its bytes; the writer cannot be used after.
    func finish() throws -> Data {
        let writer = try activeWriter()
        try check(xmlTextWriterEndDocument(writer), "end the document")
        xmlFreeTextWriter(writer)
        self.writer = nil
        guard let content = xmlBufferContent(buffer) else { return Data() }
        return Data(bytes: content, count: Int(xmlBufferLength(buffer)))
    }

    private func activeWriter() throws -> xmlTextWriterPtr {
        guard let writer else { throw PublishError.xmlWriter(documentName, "the document is already finished") }
        return writer
    }

    private func check(_ result: Int32, _ action: String) throws {
        guard result >= 0 else { throw PublishError.xmlWriter(documentName, "libxml2 could not \(action)") }
    }

    private static func withXMLChars<Result>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> Result) -> Result {
        text.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: strlen(pointer) + 1, body)
        }
    }
}
