extension String {
    /// The text with every character XML 1.0 forbids removed (C0 controls other than
    /// tab, line feed and carriage return, and U+FFFE / U+FFFF); Swift strings never hold surrogates.
    var removingXMLForbiddenCharacters: String {
        guard hasForbiddenCharacter(forbiddingC1Controls: false) else { return self }
        return keepingScalars(where: \.isXMLCharacter)
    }

    /// The text fit for an HTML page: XML-forbidden characters and C1 controls removed.
    var removingHTMLForbiddenCharacters: String {
        guard hasForbiddenCharacter(forbiddingC1Controls: true) else { return self }
        return keepingScalars { $0.isXMLCharacter && !(0x7F...0x9F).contains($0.value) }
    }

    /// Whether ``XMLTextScan`` finds a forbidden character in the text's UTF-8 bytes.
    private func hasForbiddenCharacter(forbiddingC1Controls: Bool) -> Bool {
        var text = self
        return text.withUTF8 { XMLTextScan($0, forbiddingC1Controls: forbiddingC1Controls).hasForbiddenCharacter }
    }

    /// The allowed scalars only.
    private func keepingScalars(where allowed: (Unicode.Scalar) -> Bool) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars where allowed(scalar) { scalars.append(scalar) }
        return String(scalars)
    }
}

extension Unicode.Scalar {
    /// Whether XML 1.0's `Char` production allows this scalar.
    fileprivate var isXMLCharacter: Bool {
        switch value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
