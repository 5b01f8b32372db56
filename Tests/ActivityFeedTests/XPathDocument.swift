import CLibXML2
import Foundation

/// A document parsed back with libxml2 and queried with XPath, for checking published files.
/// Prefixes: `a` Atom, `fh` feed history, `x` XHTML.
final class XPathDocument {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    private let document: xmlDocPtr

    /// Parses well-formed XML; throws when the bytes are not well-formed.
    init(xml data: Data, name: String = "document") throws {
        let parsed = data.withUnsafeBytes { bytes in
            xmlReadMemory(
                bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), name, "UTF-8",
                Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
            )
        }
        guard let parsed else { throw ParseError(description: "\(name) is not well-formed XML") }
        document = parsed
    }

    /// Parses HTML with libxml2's HTML parser.
    init(html data: Data) throws {
        let parsed = data.withUnsafeBytes { bytes in
            htmlReadMemory(
                bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), "index.html", "UTF-8",
                Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
            )
        }
        guard let parsed else { throw ParseError(description: "the page does not parse as HTML") }
        document = parsed
    }

    convenience init(file url: URL) throws {
        try self.init(xml: try Data(contentsOf: url), name: url.lastPathComponent)
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The string values of every node the expression selects, in document order.
    func strings(_ expression: String) throws -> [String] {
        guard let context = xmlXPathNewContext(document) else { throw ParseError(description: "no XPath context") }
        defer { xmlXPathFreeContext(context) }
        let namespaces = [
            ("a", "http://www.w3.org/2005/Atom"), ("fh", "http://purl.org/syndication/history/1.0"),
            ("x", "http://www.w3.org/1999/xhtml"),
        ]
        for (prefix, uri) in namespaces {
            _ = xmlXPathRegisterNs(context, prefix, uri)
        }
        guard let result = xmlXPathEvalExpression(expression, context) else {
            throw ParseError(description: "XPath \(expression) does not evaluate")
        }
        defer { xmlXPathFreeObject(result) }
        guard let nodes = result.pointee.nodesetval, let table = nodes.pointee.nodeTab else { return [] }
        return (0..<Int(nodes.pointee.nodeNr)).map { index in
            guard let content = xmlNodeGetContent(table[index]) else { return "" }
            defer { cxml_free(content) }
            return String(cString: content)
        }
    }

    /// The single string the expression selects; throws unless exactly one node matches.
    func string(_ expression: String) throws -> String {
        let values = try strings(expression)
        guard values.count == 1 else {
            throw ParseError(description: "XPath \(expression) selects \(values.count) nodes, not 1")
        }
        return values[0]
    }
}
