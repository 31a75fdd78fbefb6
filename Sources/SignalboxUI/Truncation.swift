/// How every view fits text into columns: cut with an ellipsis, or wrapped so that nothing is
/// cut. The grid cuts with `fitted` whenever a text does not fit, so no view clips silently.
enum Truncation {
    /// `text`, made displayable, in at most `width` columns, ending in the ellipsis when
    /// something was cut.
    static func fitted(_ text: String, width: Int, glyphs: Glyphs) -> String {
        let safe = glyphs.displayable(text)
        guard columns(of: safe) > width else { return safe }
        let ellipsisWidth = columns(of: glyphs.ellipsis)
        guard width > ellipsisWidth else { return String(glyphs.ellipsis.prefix(max(0, width))) }
        return prefix(of: safe, columns: width - ellipsisWidth) + glyphs.ellipsis
    }

    /// The end of `text`, made displayable, in at most `width` columns, starting with the
    /// ellipsis when its beginning was cut: where one types, the end is what matters.
    static func tail(of text: String, width: Int, glyphs: Glyphs) -> String {
        let safe = glyphs.displayable(text)
        guard columns(of: safe) > width else { return safe }
        let room = width - columns(of: glyphs.ellipsis)
        guard room > 0 else { return "" }
        var tail = ""
        var used = 0
        for character in safe.reversed() {
            let characterWidth = DisplayWidth.of(character)
            guard used + characterWidth <= room else { break }
            tail.insert(character, at: tail.startIndex)
            used += characterWidth
        }
        return glyphs.ellipsis + tail
    }

    /// The columns of text that is displayable already (unlike `DisplayWidth.of`, which
    /// sanitizes it again: the grid measures every text it writes).
    private static func columns(of text: String) -> Int {
        text.reduce(0) { $0 + DisplayWidth.of($1) }
    }

    /// The longest start of `text` (already displayable) that takes at most `columns`.
    static func prefix(of text: String, columns: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let width = DisplayWidth.of(character)
            guard used + width <= columns else { break }
            result.append(character)
            used += width
        }
        return result
    }

    /// `items` laid out in lines of at most `width` columns, joined by `separator` within a
    /// line: a line breaks between items, an item longer than a line between its words, and a
    /// word longer than a line (a URL) is split across lines but never cut.
    static func wrapped(_ items: [String], separator: String, width: Int, glyphs: Glyphs) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = ""
        func add(_ piece: String, joinedBy joiner: String) {
            if line.isEmpty {
                line = piece
            } else if columns(of: line + joiner + piece) <= width {
                line += joiner + piece
            } else {
                lines.append(line)
                line = piece
            }
            while columns(of: line) > width {
                // A wide character on a one-column line still has to go somewhere.
                let head = prefix(of: line, columns: width).nonEmpty ?? String(line.prefix(1))
                lines.append(head)
                line = String(line.dropFirst(head.count))
            }
        }
        for item in items.map(glyphs.displayable) {
            if columns(of: item) <= width {
                add(item, joinedBy: separator)
            } else {
                // Too long for any line: its words fill this line and go on to the next.
                for (index, word) in item.split(separator: " ").enumerated() {
                    add(String(word), joinedBy: index == 0 ? separator : " ")
                }
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
