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
        let messages = KeyTable.browsing.filter { KeyTable.isShown($0, in: state) }
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

    /// Where the help goes in the state's view: under the host view's title, above its notice
    /// row; under the peer view's inbox line, over the composer.
    private static func area(_ state: AppState) -> Rect {
        let layout = PeerLayout(state)
        if state.view == .host, state.host != nil { return Rect(x: 0, y: 1, width: state.width, height: layout.composer.y - 1) }
        return layout.help
    }

    private static func rows(_ state: AppState) -> Int {
        area(state).height
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

    /// "j, pgdn": the first key of each action in the help's own table.
    private static func keys(for actions: [Action]) -> String {
        actions.compactMap { action in
            KeyTable.help.first { $0.action == action }.flatMap { $0.label.split(separator: "/").first.map(String.init) }
        }.joined(separator: ", ")
    }

    /// Draws the help over its area in the state's view.
    static func draw(_ state: AppState, into grid: inout Grid) {
        let area = area(state)
        let top = area.y
        let rows = area.height
        grid.fill(area, style: .plain)
        let columns = columns(state)
        let maxOffset = maxOffset(state)
        let offset = min(state.helpOffset, maxOffset)
        let shown = maxOffset == 0 ? rows : rows - 1
        let columnWidth = area.width / columns.count
        for (index, column) in columns.enumerated() {
            let x = area.x + index * columnWidth
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
            ? "\(grid.glyphs.moreBelow): \(keys(for: [.next, .pageDown])) (\(offset + shown)/\(maxOffset + shown))"
            : "\(grid.glyphs.moreAbove): \(keys(for: [.previous, .pageUp]))"
        grid.write(more, x: area.x + 1, y: top + rows - 1, style: Palette.dim)
    }
}
