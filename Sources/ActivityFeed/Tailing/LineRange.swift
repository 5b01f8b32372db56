/// Where one line lies in a log file: its first byte and its length, `\n` included.
struct LineRange: Hashable {
    var offset: UInt64
    var length: Int
}
