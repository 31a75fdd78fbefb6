import Foundation

/// Draws the peer view: header, inbox, peers, message log, composer, footer, and the help and
/// inspector overlays. 80x24 and larger get panels side by side; smaller screens, down to
/// 40x12, a compact stack.
public func render(_ state: AppState) -> Grid {
    var grid = Grid(width: state.width, height: state.height, glyphs: state.glyphs)
    guard state.width >= PeerLayout.minimumWidth, state.height >= PeerLayout.minimumHeight else {
        let message = "window too small: \(PeerLayout.minimumWidth)x\(PeerLayout.minimumHeight) at least, this is \(state.width)x\(state.height)"
        for (row, line) in Truncation.wrapped([message], separator: " ", width: state.width, glyphs: grid.glyphs).enumerated() {
            grid.write(line, x: 0, y: row, style: Palette.warning)
        }
        return grid
    }
    let layout = PeerLayout(state)
    let compact = layout.compact
    if state.mode == .banner, let host = state.host {
        drawBanner(host, into: &grid, area: grid.area.splitBottom(1).rest)
        drawFooter(state, into: &grid, area: layout.footer)
        return grid
    }
    // The host view draws only its own: the peer view's modes and status stay out of it.
    if state.view == .host, let host = state.host {
        drawHost(host, state: state, into: &grid, compact: compact)
        if state.mode == .help { HelpScreen.draw(state, into: &grid) }
        if let notice = state.notice { drawNotice(notice, into: &grid, y: layout.composer.y) }
        drawFooter(state, into: &grid, area: layout.footer)
        return grid
    }
    drawHeader(state, into: &grid, area: layout.header, compact: compact)
    drawInbox(state, into: &grid, area: layout.inbox, compact: compact)

    switch state.mode {
    case .help:
        HelpScreen.draw(state, into: &grid)
    case .inspecting(let offset):
        drawInspector(state, offset: offset, into: &grid, area: layout.overlay)
    default:
        if compact {
            drawPeerLine(state, into: &grid, area: layout.peerLine, layout: layout)
            drawLog(state, into: &grid, area: layout.log, hasTitle: layout.logHasTitle)
        } else {
            grid.fill(layout.peerLine, style: Palette.rule, character: grid.glyphs.horizontalRule)
            drawPeerPanel(state, into: &grid, area: layout.peers)
            grid.fill(layout.divider, style: Palette.rule, character: grid.glyphs.verticalRule)
            drawLog(state, into: &grid, area: layout.log, hasTitle: layout.logHasTitle)
            grid.fill(layout.bottomRule, style: Palette.rule, character: grid.glyphs.horizontalRule)
        }
    }
    if state.mode != .help { drawComposer(state, into: &grid, area: layout.composer) }
    drawFooter(state, into: &grid, area: layout.footer)
    return grid
}

// MARK: - Header and inbox

private func drawHeader(_ state: AppState, into grid: inout Grid, area: Rect, compact: Bool) {
    grid.fill(area, style: Palette.bar)
    let (status, statusStyle) = connectionText(state, compact: compact)
    let statusWidth = min(DisplayWidth.of(status), area.width - 2)
    let room = max(0, area.width - statusWidth - 2)
    grid.write(headerTitle(state, room: room, compact: compact, glyphs: grid.glyphs), x: area.x, y: area.y, style: Palette.barBold, maxWidth: room)
    grid.write(status, x: area.right - statusWidth - 1, y: area.y, style: statusStyle, maxWidth: statusWidth)
}

/// The title by priority: the product name goes first, then the username is shortened, and
/// the server's URL is shown whole or not at all.
private func headerTitle(_ state: AppState, room: Int, compact: Bool, glyphs: Glyphs) -> String {
    let identity = glyphs.displayable(state.identity)
    let server = " @ " + glyphs.displayable(state.server)
    if !compact {
        let full = " signalbox\(glyphs.separator)\(identity)\(server)"
        if DisplayWidth.of(full) <= room { return full }
        let identityRoom = room - 1 - DisplayWidth.of(server)
        if identityRoom >= min(12, DisplayWidth.of(identity)) {
            return " " + Truncation.fitted(identity, width: identityRoom, glyphs: glyphs) + server
        }
    }
    return " " + identity
}

private func connectionText(_ state: AppState, compact: Bool) -> (String, Style) {
    let glyphs = state.glyphs
    let dot = glyphs.separator
    switch state.connection {
    case .connecting: return ("\(glyphs.pending) connecting", Palette.barWarning)
    case .longPolling(let until):
        let left = Clock.secondsUntil(until, from: state.now)
        return (compact ? "\(glyphs.good) waiting \(left) s" : "\(glyphs.good) long-poll waiting\(dot)\(left) s left", Palette.barGood)
    case .polling(let interval): return ("\(glyphs.good) polling every \(Clock.seconds(interval)) s", Palette.barGood)
    case .retrying(let reason, let retryAt):
        let next = Clock.secondsUntil(retryAt, from: state.now)
        return ("\(glyphs.bad) \(compact ? "unreachable" : reason)\(dot)retry in \(next) s", Palette.barBad)
    case .paused: return ("\(glyphs.paused) paused", Palette.barWarning)
    case .stopped: return ("\(glyphs.bad) stopped", Palette.barBad)
    }
}

private func drawInbox(_ state: AppState, into grid: inout Grid, area: Rect, compact: Bool) {
    let y = area.y
    var x = area.x + grid.write(compact ? "inbox " : " Inbox  ", x: area.x, y: y, style: Palette.title)
    switch state.connection {
    case .retrying(let reason, _):
        // What the server last said still counts down there, unless the server itself is gone.
        let idle = state.inbox.map { inbox in
            let remaining = Clock.secondsUntil(inbox.expiresAt, from: state.now)
            return remaining > 0 ? "\(grid.glyphs.separator)expires in \(remaining) s" : "\(grid.glyphs.separator)expired"
        } ?? ""
        let texts = ["cannot reach the server: \(reason)\(idle)\(grid.glyphs.separator)R retries now",
                     "cannot reach the server: \(reason)\(idle)", "unreachable: \(reason)\(idle)", "unreachable\(idle)"]
        grid.write(firstFitting(texts, area.right - x), x: x, y: y, style: Palette.bad, maxWidth: area.right - x)
        return
    case .stopped(let reason):
        grid.write(reason, x: x, y: y, style: Palette.bad, maxWidth: area.right - x)
        return
    default:
        break
    }
    guard let inbox = state.inbox else {
        grid.write("not open yet", x: x, y: y, style: Palette.dim)
        return
    }
    if let pending = inbox.pending {
        x += grid.write("\(pending) pending\(grid.glyphs.separator)", x: x, y: y)
    }
    let total = max(1, Clock.seconds(inbox.inboxTimeout))
    let remaining = Clock.secondsUntil(inbox.expiresAt, from: state.now)
    let texts: [String]
    var style = Clock.style(remaining: remaining)
    switch state.connection {
    case .longPolling:
        texts = ["kept alive by the waiting poll", "kept alive"]
        style = Palette.good
    case .paused where remaining > 0:
        let dot = grid.glyphs.separator
        texts = ["paused\(dot)expires in \(remaining) s, then the server deletes it and its queue (senders get 404)\(dot)p resumes",
                 "paused\(dot)expires in \(remaining) s, then it is deleted (senders get 404)",
                 "paused\(dot)expires in \(remaining) s"]
    case .paused:
        let dot = grid.glyphs.separator
        texts = ["paused\(dot)expired: the server deleted it and its queue; senders get 404\(dot)p opens it again",
                 "paused\(dot)expired: deleted with its queue\(dot)p reopens", "expired"]
        style = Palette.bad
    default:
        texts = remaining > 0 ? ["expires in \(remaining) s"] : ["expired: the next poll opens it again"]
    }
    // The words come first: the bar only takes what the fullest text that fits leaves over.
    let room = area.right - x - 1
    let text = firstFitting(texts, room)
    x += grid.write(text, x: x, y: y, style: style, maxWidth: room)
    let barWidth = compact ? 0 : min(20, area.right - x - 3)
    guard barWidth >= 5 else { return }
    var barX = area.right - barWidth - 1
    let shown = state.connection.isLongPolling ? total : remaining
    for run in CountdownBar(remaining: shown, total: total, width: barWidth, glyphs: grid.glyphs).runs {
        barX += grid.write(run.text, x: barX, y: y, style: run.style)
    }
}

/// The first of `texts` (longest first) that fits in `width` columns, else the last.
func firstFitting(_ texts: [String], _ width: Int) -> String {
    texts.first { DisplayWidth.of($0) <= width } ?? texts.last ?? ""
}

extension ConnectionStatus {
    var isLongPolling: Bool {
        if case .longPolling = self { true } else { false }
    }
}

// MARK: - Peers

private func drawPeerPanel(_ state: AppState, into grid: inout Grid, area: Rect) {
    let (title, list) = area.splitTop(1)
    grid.write(" Peers", x: title.x, y: title.y, style: Palette.title)
    guard !state.peers.isEmpty else {
        grid.write(" n: add a peer", x: list.x, y: list.y, style: Palette.dim, maxWidth: list.width)
        return
    }
    for (index, peer) in state.peers.enumerated() where index < list.height {
        let row = list.row(index)
        grid.mark(.peer(index), x: row.x, y: row.y, count: row.width)
        let selected = index == state.selectedPeer
        let style = selected ? Palette.selected : Style.plain
        if selected { grid.fill(row, style: style) }
        let time = peer.lastActivity.map { Clock.time($0, in: state.timeZone) } ?? ""
        grid.write(selected ? grid.glyphs.selector : " ", x: row.x, y: row.y, style: style)
        grid.write(peer.name, x: row.x + 2, y: row.y, style: style, maxWidth: row.width - 3 - (time.isEmpty ? 0 : 9))
        grid.write(time, x: row.right - 9, y: row.y, style: selected ? style : Palette.dim)
    }
}

private func drawPeerLine(_ state: AppState, into grid: inout Grid, area: Rect, layout: PeerLayout) {
    let y = area.y
    // The list's position takes the right end, as the list has no title row of its own.
    var right = area.right
    if !layout.logHasTitle, let position = logPosition(state, visible: Filter.visibleEntries(in: state)) {
        right -= DisplayWidth.of(position) + 1
        grid.write(position, x: right + 1, y: y, style: Palette.dim)
    }
    var x = area.x + grid.write("to ", x: area.x, y: y, style: Palette.title)
    guard let target = state.target else {
        grid.write("nobody yet (n: add a peer)", x: x, y: y, style: Palette.dim, maxWidth: right - x - 1)
        return
    }
    let others = state.peers.count > 1 ? " (\(Plural.of(state.peers.count, "peer")), tab)" : ""
    x += grid.write(target.name, x: x, y: y, style: Palette.selected, maxWidth: max(8, right - x - DisplayWidth.of(others) - 1))
    if !others.isEmpty { grid.mark(.key(.tab), x: area.x, y: y, count: area.width) }
    grid.write(others, x: x, y: y, style: Palette.dim, maxWidth: right - x - 1)
}

// MARK: - Message log

/// "12/1000": which of the messages shown the keys act on, of how many.
private func logPosition(_ state: AppState, visible: [Int]) -> String? {
    guard !visible.isEmpty else { return nil }
    let selected = state.selectedEntry.flatMap { selected in visible.lastIndex { $0 <= selected } } ?? visible.count - 1
    return "\(selected + 1)/\(visible.count)"
}

private func drawLog(_ state: AppState, into grid: inout Grid, area: Rect, hasTitle: Bool) {
    let x = area.x
    let width = area.width
    let compact = !hasTitle
    let top = area.y
    var y = top
    let visible = Filter.visibleEntries(in: state)
    let status = listStatus(state, visible: visible, glyphs: grid.glyphs)
    if hasTitle {
        var column = x + grid.write("Messages", x: x, y: y, style: Palette.title)
        if let position = logPosition(state, visible: visible) { column += grid.write("  " + position, x: column, y: y, style: Palette.dim) }
        if !status.isEmpty { grid.write(status, x: column + 2, y: y, style: Palette.warning, maxWidth: x + width - column - 2) }
        y += 1
    } else if !status.isEmpty {
        grid.write(status, x: x, y: y, style: Palette.warning, maxWidth: width)
        y += 1
        y += 1
    }
    let rows = area.bottom - y
    guard rows > 0 else { return }
    grid.mark(.messageList, x: x, y: top, count: width)
    for row in y..<area.bottom { grid.mark(.messageList, x: x, y: row, count: width) }
    guard !visible.isEmpty else {
        let hint = !state.log.isEmpty ? "no message matches: esc shows all"
            : state.inbox == nil ? "waiting for the server\(grid.glyphs.ellipsis)" : "no messages yet: they appear here as they arrive"
        grid.write(hint, x: x, y: y, style: Palette.dim, maxWidth: width)
        return
    }
    // The window ends at the selected message, or at the newest when following; either way
    // the row that the keys act on is highlighted.
    let selected = state.selectedEntry.flatMap { selected in visible.lastIndex { $0 <= selected } } ?? visible.count - 1
    let start = max(0, selected - rows + 1)
    for (row, position) in (start..<min(visible.count, start + rows)).enumerated() {
        let index = visible[position]
        grid.mark(.message(index), x: x, y: y + row, count: width)
        drawLogRow(state.log[index], state: state, selected: position == selected,
                   into: &grid, x: x, y: y + row, width: width, compact: compact)
    }
}

/// What narrows the list or lies beyond it: "/ bob · only bob · ↓ 3 new (G)".
private func listStatus(_ state: AppState, visible: [Int], glyphs: Glyphs) -> String {
    var parts: [String] = []
    if !state.filter.isEmpty { parts.append("/ \(state.filter)") }
    if state.followsPeer, let target = state.target { parts.append("only \(target.name)") }
    if let selected = state.selectedEntry {
        let new = visible.filter { $0 > selected && state.log[$0].id > state.seenThrough }.count
        if new > 0 { parts.append("\(glyphs.newBelow) \(new) new (G)") }
    }
    return parts.joined(separator: glyphs.separator)
}

private func drawLogRow(_ entry: LogEntry, state: AppState, selected: Bool, into grid: inout Grid, x: Int, y: Int, width: Int, compact: Bool) {
    let base = selected ? Palette.selected : Style.plain
    if selected { grid.fill(x: x, y: y, count: width, style: base) }
    var column = x
    let time = Clock.time(entry.time, in: state.timeZone)
    column += grid.write(compact ? String(time.prefix(5)) + " " : time + " ", x: column, y: y, style: selected ? base : Palette.dim)
    let arrow: String
    var arrowStyle = base
    switch entry.direction {
    case .received: arrow = grid.glyphs.received
    case .sent(.sending): arrow = grid.glyphs.sending
    case .sent(.failed): arrow = grid.glyphs.bad; arrowStyle = Palette.bad
    case .sent: arrow = grid.glyphs.sent
    }
    column += grid.write(arrow, x: column, y: y, style: arrowStyle)
    let nameWidth = compact ? 6 : 10
    grid.write(entry.peer, x: column, y: y, style: base, maxWidth: nameWidth)
    column += nameWidth + 1
    var badgeStyle = Palette.badge(entry.kind)
    badgeStyle.reverse = selected
    grid.write(compact ? entry.kind.shortBadge : entry.kind.badge, x: column, y: y, style: badgeStyle)
    column += compact ? 5 : 10
    var summaryEnd = x + width
    if let fate = SendFate(of: entry, in: state) {
        // The fate matters more than the summary of what this user wrote: it may take all but a few columns.
        let text = firstFitting([fate.long, fate.short], max(0, x + width - column - 8))
        let fateWidth = DisplayWidth.of(text)
        if fateWidth < x + width - column {
            summaryEnd = x + width - fateWidth - 1
            var style = fate.style
            style.reverse = selected  // the selected row's fate keeps its color, as its badge does
            grid.write(text, x: summaryEnd + 1, y: y, style: style)
        }
    }
    grid.write(MessageKind.summary(of: entry.body, kind: entry.kind, glyphs: grid.glyphs), x: column, y: y, style: base, maxWidth: summaryEnd - column)
}

// MARK: - Composer and footer

private func drawComposer(_ state: AppState, into grid: inout Grid, area: Rect) {
    let y = area.y
    let glyphs = grid.glyphs
    switch state.mode {
    case .composing(let text):
        var x = area.x + grid.write("to \(state.target?.name ?? "?")", x: area.x, y: y, style: Palette.title, maxWidth: area.width / 2 - 3)
        x += grid.write(glyphs.prompt, x: x, y: y, style: Palette.title)
        drawDraft(Draft(text: text, cursor: text.count - state.composerCursor), into: &grid, x: x, y: y)
    case .prompting(let prompt, let text):
        let name = switch prompt {
        case .newPeer: "peer name"
        case .savePath: "save to"
        case .filter: state.view == .host ? "filter inboxes" : "filter messages"
        }
        let label = name + glyphs.prompt
        let x = area.x + grid.write(label, x: area.x, y: y, style: Palette.title)
        let end = x + grid.write(Truncation.tail(of: text, width: area.right - x - 1, glyphs: glyphs), x: x, y: y)
        grid.write(glyphs.cursor, x: end, y: y, style: Palette.good)
    default:
        if let notice = state.notice {
            drawNotice(notice, into: &grid, y: y)
        } else if let entry = state.currentEntry, state.selectedEntry != nil {
            let detail = [entry.kind.badge.lowercased(), ByteCountText.of(entry.body.count), entry.contentType ?? "no type"]
            grid.write(detail.joined(separator: glyphs.separator), x: area.x, y: y, style: Palette.dim)
        } else if state.target != nil {
            let writing: [Action] = [.compose, .offerTemplate, .answerTemplate, .candidateTemplate, .composeInEditor]
            let hints = KeyTable.browsing.filter { writing.contains($0.action) }.map { "\(glyphs.key($0.label)) \($0.short)" }
            grid.write(hints.joined(separator: glyphs.separator), x: area.x, y: y, style: Palette.dim)
        }
    }
}

/// A notice is read whole: a long one (a save error with its path) wraps upwards over the
/// rows above its line, three at most.
func drawNotice(_ notice: String, into grid: inout Grid, y: Int) {
    let lines = Truncation.wrapped([notice], separator: " ", width: grid.width, glyphs: grid.glyphs)
    let shown = lines.count > 3 ? Array(lines.prefix(2)) + [lines.dropFirst(2).joined(separator: " ")] : lines
    for (row, line) in shown.enumerated() {
        let lineY = y - shown.count + 1 + row
        grid.fill(x: 0, y: lineY, count: grid.width, style: .plain)
        grid.write(line, x: 0, y: lineY, style: Palette.warning)
    }
}

/// The composer's text on one line, with the cursor where it is: as much of the text before
/// it as fits, then the rest. Line breaks show as "↵" ("\\n" in ASCII); other control
/// characters escaped.
private func drawDraft(_ draft: Draft, into grid: inout Grid, x: Int, y: Int) {
    let glyphs = grid.glyphs
    func shown(_ text: Substring) -> String {
        glyphs.displayable(text.replacingOccurrences(of: "\n", with: glyphs.lineBreak))
    }
    let characters = Array(draft.text)
    let before = shown(String(characters[..<draft.cursor])[...])
    let after = shown(String(characters[draft.cursor...])[...])
    let room = grid.width - x - 1
    // Keep the cursor on screen, with a few columns of what follows it when there is more.
    let beforeRoom = max(0, room - min(DisplayWidth.of(after), max(0, room / 4)))
    var tail = ""
    var columns = 0
    for character in before.reversed() {
        let width = DisplayWidth.of(character)
        if columns + width > beforeRoom { break }
        tail.insert(character, at: tail.startIndex)
        columns += width
    }
    if tail.count < before.count {
        // Text was cut before the cursor: say so, and keep the cursor where it was.
        let ellipsisWidth = DisplayWidth.of(glyphs.ellipsis)
        while !tail.isEmpty, columns + ellipsisWidth > beforeRoom {
            columns -= DisplayWidth.of(tail.removeFirst())
        }
        tail = glyphs.ellipsis + tail
    }
    var column = x + grid.write(tail, x: x, y: y)
    column += grid.write(glyphs.cursor, x: column, y: y, style: Palette.good)
    grid.write(after, x: column, y: y, maxWidth: grid.width - column)
}

private func drawFooter(_ state: AppState, into grid: inout Grid, area: Rect) {
    grid.fill(area, style: Palette.bar)
    let y = area.y
    var x = area.x + 1
    for binding in KeyTable.active(in: state) where binding.hint && KeyTable.isShown(binding, in: state) {
        let label = grid.glyphs.key(binding.label)
        let hint = "\(label) \(binding.short)"
        guard x + DisplayWidth.of(hint) < area.right else { break }
        if let key = binding.keys.first { grid.mark(.key(key), x: x, y: y, count: DisplayWidth.of(hint)) }
        x += grid.write(label, x: x, y: y, style: Palette.barBold)
        x += grid.write(" " + binding.short, x: x, y: y, style: Palette.bar) + 2
    }
}

// MARK: - Inspector

private func drawInspector(_ state: AppState, offset: Int, into grid: inout Grid, area: Rect) {
    grid.fill(area, style: .plain)
    guard let entry = state.currentEntry else { return }
    // A column of margin on either side, the title row, then the text.
    let inner = area.inset(left: 1, right: 1)
    let (title, text) = inner.splitTop(1)
    let top = title.y
    let direction = entry.direction == .received ? "from" : "to"
    var x = title.x + grid.write("\(direction) \(entry.peer)", x: title.x, y: top, style: Palette.title, maxWidth: area.width / 2)
    x += grid.write("  \(Clock.time(entry.time, in: state.timeZone))  ", x: x, y: top, style: Palette.dim)
    x += grid.write(entry.kind.badge, x: x, y: top, style: Palette.badge(entry.kind))
    x += grid.write("  \(entry.contentType ?? "no type")\(grid.glyphs.separator)\(ByteCountText.of(entry.body.count))", x: x, y: top, style: Palette.dim)
    if let fate = SendFate(of: entry, in: state) {
        grid.write(grid.glyphs.separator + fate.long, x: x, y: top, style: fate.style, maxWidth: inner.right - x)
    }

    let lines = state.explains
        ? Explainer.lines(for: entry, width: text.width, glyphs: grid.glyphs)
        : MessageFormatter.lines(for: entry, width: text.width, glyphs: grid.glyphs)
    let start = min(offset, max(0, lines.count - text.height))
    for (row, line) in lines.dropFirst(start).prefix(text.height).enumerated() {
        let used = grid.write(line.text, x: text.x, y: text.y + row, style: line.style, maxWidth: text.width)
        if let note = line.note, used + 3 + DisplayWidth.of(note) <= text.width {
            grid.write(note, x: text.right - DisplayWidth.of(note), y: text.y + row, style: Palette.dim)
        }
    }
}
