/// The help screen, made from the key tables alone: the keys of the view on screen, in one
/// column, or two side by side on a wide screen, scrolled when they do not fit.
enum HelpScreen {
    private enum Line {
        case title(String)
        case binding(KeyBinding)
        case blank
    }

    /// The sections of the view on screen: the host view's keys there, the peer view's here.
    private static func sections(_ state: AppState) -> [(String, [KeyBinding])] {
        if state.view == .host, state.host != nil {
            let demo = state.host?.demo == nil ? [] : [("Demo", KeyTable.demo)]
            return [("Host view", KeyTable.hosting)] + demo + [("Host log", KeyTable.hostLog), ("Help", KeyTable.help)]
        }
        let messages = KeyTable.browsing.filter { state.host != nil || $0.action != .switchView }
        return [("Messages", messages), ("Inspector", KeyTable.inspecting), ("Composer", KeyTable.composing),
                ("Prompts", KeyTable.prompting), ("Help", KeyTable.help)]
    }

    /// Wide screens put the other sections beside the long first one.
    private static func columns(_ state: AppState) -> [[Line]] {
        let sections = sections(state)
        let grouped = state.width >= 80 ? [[sections[0]], Array(sections.dropFirst())] : [sections]
        return grouped.map { column in
            column.flatMap { title, table in [.title(title)] + table.map(Line.binding) + [.blank] }.dropLast()
        }
    }

    /// The rows the help has on screen in the state's view.
    private static func rows(_ state: AppState) -> Int {
        if state.view == .host, state.host != nil { return state.height - 3 }
        return PeerLayout(state).composerY - 1
    }

    /// The furthest the help scrolls: one row is kept for the "more" line when it does not fit.
    static func maxOffset(_ state: AppState) -> Int {
        let length = columns(state).map(\.count).max() ?? 0
        let rows = rows(state)
        return length <= rows ? 0 : length - (rows - 1)
    }

    /// How far a page key scrolls: the lines on screen.
    static func page(_ state: AppState) -> Int {
        max(1, rows(state) - 1)
    }

    /// Draws the help over rows `top..<top + rows(state)`.
    static func draw(_ state: AppState, into grid: inout Grid, top: Int) {
        let rows = rows(state)
        for y in top..<top + rows { grid.fill(x: 0, y: y, count: grid.width, style: .plain) }
        let columns = columns(state)
        let maxOffset = maxOffset(state)
        let offset = min(state.helpOffset, maxOffset)
        let shown = maxOffset == 0 ? rows : rows - 1
        let columnWidth = grid.width / columns.count
        for (index, column) in columns.enumerated() {
            let x = index * columnWidth
            for (row, line) in column.dropFirst(offset).prefix(shown).enumerated() {
                switch line {
                case .title(let title):
                    grid.write(title, x: x + 1, y: top + row, style: Palette.title)
                case .binding(let binding):
                    grid.write(grid.glyphs.key(binding.label), x: x + 3, y: top + row, style: Palette.good, maxWidth: 8)
                    grid.write(binding.summary, x: x + 12, y: top + row, maxWidth: columnWidth - 13)
                case .blank:
                    break
                }
            }
        }
        guard maxOffset > 0 else { return }
        let more = offset < maxOffset
            ? "\(grid.glyphs.moreBelow): j, pgdn (\(offset + shown)/\(maxOffset + shown))"
            : "\(grid.glyphs.moreAbove): k, pgup"
        grid.write(more, x: 1, y: top + rows - 1, style: Palette.dim)
    }
}
