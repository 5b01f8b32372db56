import SignalLog

/// Plain-words descriptions of records, shared by the Atom feed and the admin page.
///
/// Signals of the catalogue (``SignalLog/KnownSignal``) read as sentences ("alice completed
/// ‘See the cherry blossoms’ in ‘Visit Japan’"); other signals are named as they are.
/// Every string returned is user text: the caller escapes it for its output.
enum EntryWording {
    /// The most Unicode scalars (code points) a piece of user text keeps, ellipsis included.
    ///
    /// Counted in scalars, not characters: one character can hold any number of combining marks.
    static let titleScalarLimit = 300

    /// The most UTF-8 bytes a piece of user text keeps, ellipsis included; never less than
    /// ``titleScalarLimit``.
    ///
    /// A scalar takes at most 4 bytes, so today ``titleScalarLimit`` binds first; the bytes are
    /// checked too, so that the bound on a title's size holds whichever limit changes.
    static let titleByteLimit = 1_200

    /// What happened, as a verb: `completed`, `created`, `updated`, `deleted`, `registered`,
    /// or the signal itself for a signal this version does not know.
    static func verb(for record: SignalRecord) -> String {
        if record.isCompletion { return "completed" }
        switch record.knownSignal?.action {
        case .registered: return "registered"
        case .created: return "created"
        case .updated: return "updated"
        case .deleted: return "deleted"
        case nil: return record.signal
        }
    }

    /// A title in curly quotes, as ``displayed(_:)`` shows it.
    ///
    /// A title with right-to-left letters or bidirectional marks is wrapped in a first-strong
    /// isolate (U+2068 … U+2069), so its direction cannot reorder the words around it.
    static func quoted(_ title: String) -> String {
        let text = displayed(title)
        let isolates =
            mayHoldBidirectionallySensitiveScalars(text)
            && text.unicodeScalars.contains(where: isBidirectionallySensitive)
        let (open, close) = isolates ? ("‘\u{2068}", "\u{2069}’") : ("‘", "’")
        var quoted = ""
        quoted.reserveCapacity(open.utf8.count + text.utf8.count + close.utf8.count)
        quoted += open
        quoted += text
        quoted += close
        return quoted
    }

    /// User text as the wording shows it: every bidirectional embedding, override and isolate control
    /// (U+202A…U+202E, U+2066…U+2069) written as its visible code (`⟨U+202E⟩`), then cut to
    /// ``titleScalarLimit`` scalars and ``titleByteLimit`` bytes with an ellipsis when it is longer.
    ///
    /// The result holds no control that opens or closes a bidirectional run, so it can neither leave
    /// one open after it nor close one around it; right-to-left letters and the marks U+200E, U+200F are
    /// kept. The cut falls between scalars, never inside one nor inside a visible code, and may fall
    /// inside a character. Reads at most the bytes it keeps plus one scalar, whatever the length of `text`.
    static func displayed(_ text: String) -> String {
        // At most `titleScalarLimit` bytes is at most that many scalars, and fewer bytes than `titleByteLimit`.
        guard text.utf8.count > titleScalarLimit || containsBidirectionalControl(text) else { return text }
        var kept: [UInt8] = []
        kept.reserveCapacity(min(text.utf8.count, titleByteLimit))
        var keptScalars = 0
        // The longest kept prefix that an ellipsis (1 scalar, 3 bytes) can follow within both limits.
        var prefixBeforeEllipsis = 0
        for scalar in text.unicodeScalars {
            let piece = isBidirectionalControl(scalar) ? visibleCode(of: scalar) : String(scalar)
            let pieceScalars = piece.unicodeScalars.count
            guard keptScalars + pieceScalars <= titleScalarLimit, kept.count + piece.utf8.count <= titleByteLimit
            else {
                return String(decoding: kept[..<prefixBeforeEllipsis], as: UTF8.self) + "…"
            }
            kept.append(contentsOf: piece.utf8)
            keptScalars += pieceScalars
            if keptScalars < titleScalarLimit, kept.count <= titleByteLimit - 3 { prefixBeforeEllipsis = kept.count }
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Whether `scalar` opens or closes a bidirectional embedding, override or isolate.
    private static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether `text` holds a scalar ``isBidirectionalControl(_:)`` accepts: in UTF-8, U+202A…U+202E
    /// are `E2 80 AA`…`E2 80 AE` and U+2066…U+2069 are `E2 81 A6`…`E2 81 A9`. Typographic quotes,
    /// dashes and other scalars that start with `E2` are not.
    private static func containsBidirectionalControl(_ text: String) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            while index + 2 < bytes.count {
                if bytes[index] == 0xE2 {
                    switch (bytes[index + 1], bytes[index + 2]) {
                    case (0x80, 0xAA...0xAE), (0x81, 0xA6...0xA9): return true
                    default: break
                    }
                }
                index += 1
            }
            return false
        }
        return found ?? text.unicodeScalars.contains(where: isBidirectionalControl)
    }

    /// `⟨U+XXXX⟩`: how ``displayed(_:)`` writes a bidirectional control.
    private static func visibleCode(of scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "⟨U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "⟩"
    }

    /// False when no UTF-8 byte of `text` could start one of ``isBidirectionallySensitive(_:)``'s
    /// scalars: U+0590…U+07FF start with 0xD6…0xDF, U+0800…U+08FF with 0xE0, U+200E…U+2069 with
    /// 0xE2, U+FB1D…U+FEFF with 0xEF, and U+10800…U+1EFFF with 0xF0.
    private static func mayHoldBidirectionallySensitiveScalars(_ text: String) -> Bool {
        text.utf8.contains { (0xD6...0xE0).contains($0) || $0 == 0xE2 || $0 == 0xEF || $0 == 0xF0 }
    }

    private static func isBidirectionallySensitive(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: true
        default: false
        }
    }

    /// A record's sentence after its actor: what happened, to what, and in which list.
    struct Phrase: Sendable {
        /// `completed`, `created`, … or `caused <signal> on` for a signal this version does not know.
        var verb: String
        /// What it happened to (`‘See the cherry blossoms’`, `the list ‘Visit Japan’`); empty
        /// for a user who registered themselves.
        var subject: String
        /// The list the subject belongs to, quoted.
        var parent: String?
    }

    /// The parts of the record's sentence; `text` transforms each piece of user text first.
    static func phrase(for record: SignalRecord, text: (String) -> String = { $0 }) -> Phrase {
        let subject = quoted(text(record.subject.title))
        let parent = record.parent.map { quoted(text($0.title)) }
        switch record.knownSignal {
        case .userRegistered:
            let isSelf = record.subject.title == record.actor.name
            return Phrase(verb: verb(for: record), subject: isSelf ? "" : "user \(subject)", parent: nil)
        case .bucketlistCreated, .bucketlistUpdated, .bucketlistDeleted:
            return Phrase(verb: verb(for: record), subject: "the list \(subject)", parent: nil)
        case .itemCreated, .itemUpdated, .itemDeleted:
            return Phrase(verb: verb(for: record), subject: subject, parent: parent)
        case nil:
            return Phrase(
                verb: "caused \(displayed(text(record.signal))) on",
                subject: "\(displayed(text(record.subject.type))) \(subject)",
                parent: parent
            )
        }
    }

    /// The record as one sentence; every piece of user text in it is ``displayed(_:)``.
    static func headline(for record: SignalRecord) -> String {
        let phrase = phrase(for: record)
        let actor = displayed(record.actor.name)
        var sentence = ""
        sentence.reserveCapacity(
            actor.utf8.count + phrase.verb.utf8.count + phrase.subject.utf8.count
                + (phrase.parent?.utf8.count ?? 0) + 5
        )
        sentence += actor
        sentence += " "
        sentence += phrase.verb
        if !phrase.subject.isEmpty {
            sentence += " "
            sentence += phrase.subject
        }
        if let parent = phrase.parent {
            sentence += " in "
            sentence += parent
        }
        return sentence
    }

    /// One line per changed field: `done: false → true`.
    static func changeLines(for record: SignalRecord) -> [String] {
        record.changes.map { "\(displayed($0.field)): \(describe($0.old)) → \(describe($0.new))" }
    }

    /// A JSON value in words: strings quoted, `null` as `none`, containers compact.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "none"
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .string(let text): quoted(text)
        case .array(let values): "[" + values.map(describe).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.map { "\($0.key): \(describe($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
