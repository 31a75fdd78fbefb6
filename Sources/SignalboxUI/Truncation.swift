/// How every view fits text into columns: cut with an ellipsis, or wrapped so that nothing is
/// cut. The grid cuts with `fitted` whenever a text does not fit, so no view clips silently.
enum Truncation {
    /// `text`, made displayable, in at most `width` columns, ending in the ellipsis when
    /// something was cut.
    static func fitted(_ text: String, width: Int, glyphs: Glyphs) -> String {
        let safe = glyphs.displayable(text)
        guard DisplayWidth.of(safe) > width else { return safe }
        let ellipsisWidth = DisplayWidth.of(glyphs.ellipsis)
        guard width > ellipsisWidth else { return String(glyphs.ellipsis.prefix(max(0, width))) }
        return prefix(of: safe, columns: width - ellipsisWidth) + glyphs.ellipsis
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
            } else if DisplayWidth.of(line + joiner + piece) <= width {
                line += joiner + piece
            } else {
                lines.append(line)
                line = piece
            }
            while DisplayWidth.of(line) > width {
                // A wide character on a one-column line still has to go somewhere.
                let head = prefix(of: line, columns: width).nonEmpty ?? String(line.prefix(1))
                lines.append(head)
                line = String(line.dropFirst(head.count))
            }
        }
        for item in items.map(glyphs.displayable) {
            if DisplayWidth.of(item) <= width {
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
