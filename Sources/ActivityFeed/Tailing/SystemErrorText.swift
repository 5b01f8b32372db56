#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The text of a C `errno` value, for error messages.
enum SystemErrorText {
    /// The system's text for `code`; a full disk or quota is said in words first ("the disk is full").
    static func describe(_ code: Int32) -> String {
        let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        switch code {
        case ENOSPC: return "the disk is full (\(text))"
        case EDQUOT: return "the disk quota is used up (\(text))"
        default: return text
        }
    }

    /// Whether `code` says the disk (or the user's quota on it) has no room left.
    static func isDiskFull(_ code: Int32) -> Bool {
        code == ENOSPC || code == EDQUOT
    }
}
