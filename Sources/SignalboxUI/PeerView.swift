import Foundation

/// Draws the peer view: header, inbox, peers, message log, composer, footer, and the help and
/// inspector overlays. 80x24 and larger get panels side by side; smaller screens, down to
/// 40x12, a compact stack.
public func render(_ state: AppState) -> Grid {
    var grid = Grid(width: state.width, height: state.height)
    guard state.width >= 20, state.height >= 6 else {
        grid.write("window too small", x: 0, y: 0, style: Palette.warning)
        return grid
    }
    let compact = state.width < 80 || state.height < 20
    if state.view == .host, let host = state.host, state.mode != .help {
        drawHost(host, state: state, into: &grid, compact: compact)
        drawComposer(state, into: &grid, y: state.height - 2)
        drawFooter(state, into: &grid, y: state.height - 1)
        return grid
    }
    drawHeader(state, into: &grid, compact: compact)
    drawInbox(state, into: &grid, y: 1, compact: compact)

    let footerY = state.height - 1
    let composerY = state.height - 2
    let bodyTop = 3
    let bodyBottom = compact ? composerY : composerY - 1  // exclusive
    switch state.mode {
    case .help:
        drawHelp(into: &grid, top: bodyTop - 1, bottom: composerY + 1, hosting: state.host != nil, hostView: state.view == .host)
    case .inspecting(let offset):
        drawInspector(state, offset: offset, into: &grid, top: bodyTop - 1, bottom: composerY)
    default:
        if compact {
            drawPeerLine(state, into: &grid, y: 2)
            drawLog(state, into: &grid, x: 0, top: bodyTop, bottom: bodyBottom, width: state.width)
        } else {
            let peersWidth = 22
            grid.fill(x: 0, y: 2, count: state.width, style: Palette.rule, character: "─")
            drawPeerPanel(state, into: &grid, top: bodyTop, bottom: bodyBottom, width: peersWidth)
            for y in bodyTop..<bodyBottom { grid.write("│", x: peersWidth, y: y, style: Palette.rule) }
            drawLog(state, into: &grid, x: peersWidth + 2, top: bodyTop, bottom: bodyBottom, width: state.width - peersWidth - 2)
            grid.fill(x: 0, y: bodyBottom, count: state.width, style: Palette.rule, character: "─")
        }
    }
    drawComposer(state, into: &grid, y: composerY)
    drawFooter(state, into: &grid, y: footerY)
    return grid
}

// MARK: - Header and inbox

private func drawHeader(_ state: AppState, into grid: inout Grid, compact: Bool) {
    grid.fill(x: 0, y: 0, count: grid.width, style: Palette.bar)
    let (status, statusStyle) = connectionText(state)
    let statusWidth = DisplayWidth.of(status)
    let title = compact ? " \(state.identity)" : " signalbox · \(state.identity) @ \(state.server)"
    grid.write(title, x: 0, y: 0, style: Palette.barBold, maxWidth: max(0, grid.width - statusWidth - 2))
    grid.write(status, x: grid.width - statusWidth - 1, y: 0, style: statusStyle)
}

private func connectionText(_ state: AppState) -> (String, Style) {
    switch state.connection {
    case .connecting: ("◌ connecting", Palette.barWarning)
    case .longPolling: ("● long-poll waiting", Palette.barGood)
    case .polling(let interval): ("● polling every \(Clock.seconds(interval)) s", Palette.barGood)
    case .retrying(_, let retryAt): ("✗ retry in \(Clock.secondsUntil(retryAt, from: state.now)) s", Palette.barBad)
    case .stopped: ("✗ stopped", Palette.barBad)
    }
}

private func drawInbox(_ state: AppState, into grid: inout Grid, y: Int, compact: Bool) {
    var x = grid.write(compact ? "inbox " : " Inbox  ", x: 0, y: y, style: Palette.title)
    guard let inbox = state.inbox else {
        let reason: String = switch state.connection {
        case .retrying(let reason, _), .stopped(let reason): reason
        default: "not open yet"
        }
        grid.write(reason, x: x, y: y, style: Palette.dim)
        return
    }
    if let pending = inbox.pending {
        x += grid.write("\(pending) pending · ", x: x, y: y)
    }
    let total = max(1, Clock.seconds(inbox.inboxTimeout))
    let remaining: Int
    if state.connection == .longPolling {
        remaining = total
        x += grid.write(compact ? "kept alive" : "kept alive by the waiting poll", x: x, y: y, style: Palette.good)
    } else {
        remaining = Clock.secondsUntil(inbox.expiresAt, from: state.now)
        let text = remaining > 0 ? "expires in \(remaining) s" : "expired: the next poll opens it again"
        x += grid.write(text, x: x, y: y, style: remaining > 10 ? .plain : Palette.warning)
    }
    let barWidth = compact ? 0 : min(20, grid.width - x - 4)
    guard barWidth >= 5 else { return }
    var barX = grid.width - barWidth - 1
    for run in CountdownBar(remaining: remaining, total: total, width: barWidth).runs {
        barX += grid.write(run.text, x: barX, y: y, style: run.style)
    }
}

// MARK: - Peers

private func drawPeerPanel(_ state: AppState, into grid: inout Grid, top: Int, bottom: Int, width: Int) {
    grid.write(" Peers", x: 0, y: top, style: Palette.title)
    guard !state.peers.isEmpty else {
        grid.write(" n: add a peer", x: 0, y: top + 1, style: Palette.dim, maxWidth: width)
        return
    }
    for (index, peer) in state.peers.enumerated() where top + 1 + index < bottom {
        let y = top + 1 + index
        let selected = index == state.selectedPeer
        let style = selected ? Palette.selected : Style.plain
        if selected { grid.fill(x: 0, y: y, count: width, style: style) }
        let time = peer.lastActivity.map { Clock.time($0, in: state.timeZone) } ?? ""
        grid.write(selected ? "›" : " ", x: 0, y: y, style: style)
        grid.write(fitted(peer.name, width - 3 - (time.isEmpty ? 0 : 9)), x: 2, y: y, style: style)
        grid.write(time, x: width - 9, y: y, style: selected ? style : Palette.dim)
    }
}

private func drawPeerLine(_ state: AppState, into grid: inout Grid, y: Int) {
    var x = grid.write("to ", x: 0, y: y, style: Palette.title)
    guard let target = state.target else {
        grid.write("nobody yet (n: add a peer)", x: x, y: y, style: Palette.dim)
        return
    }
    x += grid.write(target.name, x: x, y: y, style: Palette.selected, maxWidth: grid.width - x - 12)
    if state.peers.count > 1 {
        grid.write(" (\(state.peers.count) peers, tab)", x: x, y: y, style: Palette.dim)
    }
}

// MARK: - Message log

private func drawLog(_ state: AppState, into grid: inout Grid, x: Int, top: Int, bottom: Int, width: Int) {
    let compact = width < 50
    var y = top
    if !compact {
        grid.write("Messages", x: x, y: y, style: Palette.title)
        y += 1
    }
    let rows = bottom - y
    guard rows > 0 else { return }
    guard !state.log.isEmpty else {
        let hint = state.inbox == nil ? "waiting for the server…" : "no messages yet: they appear here as they arrive"
        grid.write(hint, x: x, y: y, style: Palette.dim, maxWidth: width)
        return
    }
    // The window ends at the selected message, or at the newest when following.
    let selected = state.selectedEntry ?? state.log.count - 1
    let start = max(0, selected - rows + 1)
    for (row, index) in (start..<min(state.log.count, start + rows)).enumerated() {
        drawLogRow(state.log[index], state: state, selected: index == selected && state.selectedEntry != nil,
                   into: &grid, x: x, y: y + row, width: width, compact: compact)
    }
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
    case .received: arrow = "←"
    case .sent(.sending): arrow = "…"
    case .sent(.delivered): arrow = "→"
    case .sent(.failed): arrow = "✗"; arrowStyle = Palette.bad
    }
    column += grid.write(arrow, x: column, y: y, style: arrowStyle)
    let nameWidth = compact ? 6 : 10
    grid.write(fitted(entry.peer, nameWidth), x: column, y: y, style: base)
    column += nameWidth + 1
    var badgeStyle = Palette.badge(entry.kind)
    badgeStyle.reverse = selected ? false : badgeStyle.reverse
    let badge = compact ? String(entry.kind.badge.prefix(4)) : entry.kind.badge
    grid.write(badge, x: column, y: y, style: badgeStyle)
    column += compact ? 5 : 10
    grid.write(MessageKind.summary(of: entry.body, kind: entry.kind), x: column, y: y, style: base, maxWidth: x + width - column)
}

/// `text` cut to `width` columns, ending in "…" when something was cut.
func fitted(_ text: String, _ width: Int) -> String {
    let safe = SafeText.displayable(text)
    guard DisplayWidth.of(safe) > width else { return safe }
    var result = ""
    var columns = 0
    for character in safe {
        let characterWidth = DisplayWidth.of(character)
        guard columns + characterWidth <= width - 1 else { break }
        result.append(character)
        columns += characterWidth
    }
    return result + "…"
}

// MARK: - Composer and footer

private func drawComposer(_ state: AppState, into grid: inout Grid, y: Int) {
    switch state.mode {
    case .composing(let text):
        var x = grid.write("to \(state.target?.name ?? "?") › ", x: 0, y: y, style: Palette.title, maxWidth: grid.width / 2)
        // Show the end of a long text, as one line: newlines appear escaped.
        let shown = SafeText.displayable(text)
        let room = grid.width - x - 1
        var tail = ""
        var columns = 0
        for character in shown.reversed() {
            let width = DisplayWidth.of(character)
            if columns + width > room - 1 { break }
            tail.insert(character, at: tail.startIndex)
            columns += width
        }
        x += grid.write(tail, x: x, y: y)
        grid.write("▏", x: x, y: y, style: Palette.good)
    case .prompting(let prompt, let text):
        let label = prompt == .newPeer ? "peer name › " : "save to › "
        let x = grid.write(label, x: 0, y: y, style: Palette.title)
        let end = x + grid.write(text, x: x, y: y, maxWidth: grid.width - x - 1)
        grid.write("▏", x: end, y: y, style: Palette.good)
    default:
        if let notice = state.notice {
            grid.write(notice, x: 0, y: y, style: Palette.warning)
        } else if let entry = state.currentEntry, state.selectedEntry != nil {
            let detail = "\(entry.kind.badge.lowercased()) · \(ByteCountText.of(entry.body.count)) · \(entry.contentType ?? "no type")"
            grid.write(detail, x: 0, y: y, style: Palette.dim)
        } else if state.target != nil {
            grid.write("c compose · o offer · a answer · d candidate · e $EDITOR", x: 0, y: y, style: Palette.dim)
        }
    }
}

private func drawFooter(_ state: AppState, into grid: inout Grid, y: Int) {
    grid.fill(x: 0, y: y, count: grid.width, style: Palette.bar)
    let table: [KeyBinding] = switch state.mode {
    case .inspecting: KeyTable.inspecting
    case .composing: KeyTable.composing
    case .prompting: [KeyBinding([.enter], "⏎", .close, "ok", hint: true), KeyBinding([.escape], "esc", .close, "cancel", hint: true)]
    case .help: [KeyBinding([], "any key", .close, "close the help", hint: true)]
    case .browsing where state.view == .host: KeyTable.hosting
    case .browsing: state.host == nil ? KeyTable.browsing.filter { $0.action != .switchView } : KeyTable.browsing
    }
    var x = 1
    for binding in table where binding.hint {
        let hint = "\(binding.label) \(binding.action == .quit ? "quit" : shortName(binding))"
        guard x + DisplayWidth.of(hint) < grid.width else { break }
        x += grid.write(binding.label, x: x, y: y, style: Palette.barBold)
        x += grid.write(" " + shortName(binding) + "  ", x: x, y: y, style: Palette.bar)
    }
}

private func shortName(_ binding: KeyBinding) -> String {
    switch binding.action {
    case .switchView: "view"
    case .previous where binding.summary.hasSuffix("inbox"): "up"
    case .copy where binding.summary.contains("join"): "copy join"
    case .quit: "quit"
    case .help: "help"
    case .inspect: "inspect"
    case .nextPeer: "peer"
    case .newPeer: "new peer"
    case .compose: binding.keys == [.enter] ? "send" : "compose"
    case .copy: "copy"
    case .save: "save"
    case .close: binding.label == "any key" ? "close" : (binding.summary == "ok" ? "ok" : "back")
    case .previous: "up"
    case .next: "down"
    case .composeInEditor: "editor"
    case .toggleStepMode: "step"
    case .releaseOldest: "release"
    case .releaseAll: "release all"
    case .holdInbox: "hold inbox"
    case .sequenceDiagram: "diagram"
    default: binding.summary
    }
}

// MARK: - Help

private func drawHelp(into grid: inout Grid, top: Int, bottom: Int, hosting: Bool, hostView: Bool) {
    for y in top..<bottom { grid.fill(x: 0, y: y, count: grid.width, style: .plain) }
    var sections = [("Messages", KeyTable.browsing.filter { hosting || $0.action != .switchView }),
                    ("Inspector", KeyTable.inspecting), ("Composer", KeyTable.composing)]
    // Opened from the host view, its own keys come first.
    if hosting { sections.insert(("Host view", KeyTable.hosting), at: hostView ? 0 : sections.count) }
    // Wide screens put the other sections beside the long first one.
    let columns = grid.width >= 80 ? [[sections[0]], Array(sections.dropFirst())] : [sections]
    let columnWidth = grid.width / columns.count
    for (index, column) in columns.enumerated() {
        let x = index * columnWidth
        var y = top
        for (title, table) in column {
            guard y < bottom else { break }
            grid.write(title, x: x + 1, y: y, style: Palette.title)
            y += 1
            for binding in table where y < bottom {
                grid.write(binding.label, x: x + 3, y: y, style: Palette.good, maxWidth: 8)
                grid.write(binding.summary, x: x + 12, y: y, maxWidth: columnWidth - 13)
                y += 1
            }
            y += 1
        }
    }
}

// MARK: - Inspector

private func drawInspector(_ state: AppState, offset: Int, into grid: inout Grid, top: Int, bottom: Int) {
    for y in top..<bottom { grid.fill(x: 0, y: y, count: grid.width, style: .plain) }
    guard let entry = state.currentEntry else { return }
    let direction = entry.direction == .received ? "from" : "to"
    var x = grid.write("\(direction) \(entry.peer)", x: 1, y: top, style: Palette.title, maxWidth: grid.width / 2)
    x += grid.write("  \(Clock.time(entry.time, in: state.timeZone))  ", x: 1 + x, y: top, style: Palette.dim)
    x += grid.write(entry.kind.badge, x: 1 + x, y: top, style: Palette.badge(entry.kind))
    grid.write("  \(entry.contentType ?? "no type") · \(ByteCountText.of(entry.body.count))", x: 1 + x, y: top, style: Palette.dim)

    let lines = MessageFormatter.lines(for: entry, width: grid.width - 2)
    let rows = bottom - top - 1
    let start = min(offset, max(0, lines.count - rows))
    for (row, line) in lines.dropFirst(start).prefix(rows).enumerated() {
        grid.write(line.text, x: 1, y: top + 1 + row, style: line.style, maxWidth: grid.width - 2)
    }
}
