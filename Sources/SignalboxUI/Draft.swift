/// The composer's text with a cursor, and the editing a shell's line editor offers: move by
/// character and to the line's ends, delete a word or back to the line's start, insert.
/// Lines are split at "\n"; a message may have several.
public struct Draft: Equatable, Sendable {
    public private(set) var text: String
    /// Characters before the cursor.
    public private(set) var cursor: Int

    public init(text: String, cursor: Int? = nil) {
        self.text = text
        self.cursor = min(max(0, cursor ?? text.count), text.count)
    }

    /// A draft put aside with Esc, for the next `c` to the same peer.
    public struct Kept: Equatable, Sendable {
        public var peer: String
        public var text: String
        /// Characters between the cursor and the end of the text.
        public var cursorFromEnd: Int

        public init(peer: String, text: String, cursorFromEnd: Int) {
            self.peer = peer
            self.text = text
            self.cursorFromEnd = cursorFromEnd
        }
    }

    /// What a composer key does to a draft.
    public enum Edit: Equatable, Sendable {
        case insert(String)
        case left, right, lineStart, lineEnd
        case deleteBackward, deleteForward, deleteWord, deleteToLineStart
    }

    public mutating func apply(_ edit: Edit) {
        var characters = Array(text)
        switch edit {
        case .insert(let inserted):
            characters.insert(contentsOf: inserted, at: cursor)
            cursor += inserted.count
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(characters.count, cursor + 1)
        case .lineStart:
            cursor = lineStart(in: characters)
        case .lineEnd:
            cursor = characters[cursor...].firstIndex(of: "\n") ?? characters.count
        case .deleteBackward:
            guard cursor > 0 else { return }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .deleteForward:
            guard cursor < characters.count else { return }
            characters.remove(at: cursor)
        case .deleteWord:
            // As ^W in a shell: the blanks before the cursor, then the word before them.
            var start = cursor
            while start > 0, characters[start - 1] == " " || characters[start - 1] == "\t" { start -= 1 }
            while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .deleteToLineStart:
            let start = lineStart(in: characters)
            characters.removeSubrange(start..<cursor)
            cursor = start
        }
        text = String(characters)
    }

    private func lineStart(in characters: [Character]) -> Int {
        characters[..<cursor].lastIndex(of: "\n").map { $0 + 1 } ?? 0
    }
}
