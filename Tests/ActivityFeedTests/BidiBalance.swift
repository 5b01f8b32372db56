/// Checks that text leaves no bidirectional embedding, override or isolate open and closes none it did
/// not open, pairing them as Unicode's bidirectional algorithm (UAX #9) does.
///
/// U+202A…U+202B and U+202D…U+202E open an embedding or override that U+202C closes; U+2066…U+2068
/// open an isolate that U+2069 closes, with every embedding opened inside it.
enum BidiBalance {
    private enum Opener {
        case embedding(Unicode.Scalar)
        case isolate(Unicode.Scalar)
    }

    /// Each problem found, in order, with the scalar offset where it is; empty when the text is balanced.
    static func problems(in text: String) -> [String] {
        var open: [Opener] = []
        var problems: [String] = []
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            switch scalar.value {
            case 0x202A, 0x202B, 0x202D, 0x202E:
                open.append(.embedding(scalar))
            case 0x2066...0x2068:
                open.append(.isolate(scalar))
            case 0x202C:
                if case .embedding = open.last {
                    open.removeLast()
                } else {
                    problems.append("U+202C at \(offset) closes no embedding or override")
                }
            case 0x2069:
                if let isolate = open.lastIndex(where: { if case .isolate = $0 { true } else { false } }) {
                    open.removeSubrange(isolate...)
                } else {
                    problems.append("U+2069 at \(offset) closes no isolate")
                }
            default:
                break
            }
        }
        for opener in open {
            switch opener {
            case .embedding(let scalar), .isolate(let scalar):
                problems.append("U+\(String(scalar.value, radix: 16, uppercase: true)) is still open at the end")
            }
        }
        return problems
    }
}
