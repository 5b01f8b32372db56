/// What a new password must be: long enough, short enough for bcrypt, free of control characters and not one
/// of the most common passwords.
///
/// bcrypt stops at the first NUL and reads at most 72 bytes, so a password with a NUL or over 72 bytes would
/// be checked as a shorter one; both are refused rather than silently cut. Other C0 controls and DEL are
/// refused too: they cannot be typed reliably, and a password holding one was almost always pasted by mistake.
public enum PasswordPolicy {
    /// The fewest characters (Unicode code points) a password may have.
    public static let minimumLength = 12
    /// The most UTF-8 bytes a password may have: all that bcrypt reads.
    public static let maximumBytes = 72

    /// Why `password` is not acceptable as a new password, or nil when it is.
    public static func problem(with password: String) -> String? {
        if let control = password.unicodeScalars.first(where: isControl) {
            let code = String(control.value, radix: 16, uppercase: true)
            return
                "must not contain control characters (found U+\(String(repeating: "0", count: 4 - code.count))\(code))"
        }
        guard password.unicodeScalars.count >= minimumLength else {
            return "must be at least \(minimumLength) characters long"
        }
        guard password.utf8.count <= maximumBytes else {
            return "must be at most \(maximumBytes) bytes long (bcrypt reads no more)"
        }
        if CommonPasswords.contains(password) {
            return "is one of the most common passwords; choose another"
        }
        return nil
    }

    /// Whether `password` holds a C0 control or DEL: none can be registered, so such a password never
    /// matches, and a NUL would cut it short inside bcrypt.
    static func hasControlCharacter(_ password: String) -> Bool {
        password.unicodeScalars.contains(where: isControl)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }
}
