import CLibXML2
import Foundation
import Testing

@Suite struct LibXML2ModuleTests {
    @Test func parsesADocumentAndFreesLibxmlMemory() throws {
        let xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t &amp; u</title></feed>"
        let document = try #require(xml.withCString { xmlReadMemory($0, Int32(strlen($0)), nil, "UTF-8", 0) })
        defer { xmlFreeDoc(document) }
        let root = try #require(xmlDocGetRootElement(document))
        let title = try #require(root.pointee.children)
        let content = try #require(xmlNodeGetContent(title))
        defer { cxml_free(content) }
        #expect(String(cString: content) == "t & u")
    }
}
