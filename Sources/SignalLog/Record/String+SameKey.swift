extension String {
    /// Whether `other` spells the same JSON key: the same Unicode scalars, compared by their UTF-8
    /// bytes. Unlike `==`, canonically equivalent spellings (a precomposed `é` and `e` followed by a
    /// combining accent) are different keys, as in the JSON text and in every other JSON reader.
    @inline(__always)
    func isSameKey(as other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }
}
