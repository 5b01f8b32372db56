/// Passwords of at least 12 characters that appear most often in published breach corpora, compared
/// case-insensitively. Shorter ones are already refused by ``PasswordPolicy/minimumLength``.
enum CommonPasswords {
    static func contains(_ password: String) -> Bool {
        list.contains(password.lowercased())
    }

    private static let list: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "123456789123", "1234567891011", "111111111111",
        "000000000000", "123123123123", "121212121212", "qwertyuiopasdfghjkl", "qwertyuiop123", "qwertyuiopas",
        "1q2w3e4r5t6y", "1qaz2wsx3edc", "1qaz2wsx3edc4rfv", "zaq12wsxcde3", "q1w2e3r4t5y6", "a1b2c3d4e5f6",
        "password1234", "password12345", "password123456", "passwordpassword", "password123!", "passw0rd1234",
        "iloveyou1234", "letmein12345", "welcome12345", "welcome123456", "administrator", "administrator1",
        "adminadmin123", "changeme1234", "abcdefghijkl", "abcd1234abcd", "abc123abc123", "monkey123456",
        "football1234", "baseball1234", "superman1234", "sunshine1234", "princess1234", "trustno1trustno1",
        "correcthorsebatterystaple", "correct horse battery staple", "qwerty123456", "asdfghjkl123",
        "asdfasdfasdf", "qwertyqwerty", "passwordpass", "mypassword123", "bucketlist123", "bucketlist1234",
    ]
}
