import Foundation

/// Draws the host view: how to join, the server's settings and totals, every inbox with its
/// queue against capacity, idle countdown and waiting poll, the pending messages with their
/// expiry countdowns, and the live event log.
func drawHost(_ host: HostState, state: AppState, into grid: inout Grid, compact: Bool) {
    let now = state.now
    let glyphs = grid.glyphs
    grid.fill(x: 0, y: 0, count: grid.width, style: Palette.bar)
    let rate = "\(formatted(host.totals.requestsPerSecond)) req/s"
    grid.write(compact ? " host" : " signalbox host\(glyphs.separator)\(host.join.urls.first ?? "")", x: 0, y: 0, style: Palette.barBold,
               maxWidth: grid.width - rate.count - 2)
    grid.write(rate, x: grid.width - rate.count - 1, y: 0, style: Palette.bar)

    var y = 1
    for line in joinLines(host.join, width: grid.width, compact: compact, glyphs: glyphs) {
        var x = 0
        for (text, style) in line { x += grid.write(text, x: x, y: y, style: style) }
        y += 1
    }
    if !compact {
        // Advice and settings wrap rather than lose their ends (a port, a URL).
        let indent = "       "
        var notes = Truncation.wrapped(host.join.hint, separator: "; ", width: grid.width - indent.count, glyphs: glyphs)
        notes += Truncation.wrapped(host.join.settings, separator: glyphs.separator, width: grid.width - indent.count, glyphs: glyphs)
        for note in notes {
            grid.write(indent + note, x: 0, y: y, style: Palette.dim)
            y += 1
        }
    }
    let totals = host.totals
    let totalsText = compact
        ? [Plural.of(totals.inboxes, "inbox", "inboxes"), Plural.of(totals.messages, "msg"), "\(totals.deliveries) delivered"]
        : [Plural.of(totals.inboxes, "inbox", "inboxes"), Plural.of(totals.messages, "message") + " (\(ByteCountText.of(totals.bytes)))",
           "\(totals.deliveries) delivered", "\(totals.expiries) expired", Plural.of(totals.authenticationFailures, "wrong password")]
    grid.write((compact ? "" : " ") + totalsText.joined(separator: glyphs.separator), x: 0, y: y, style: Palette.title)
    y += 1
    grid.fill(x: 0, y: y, count: grid.width, style: Palette.rule, character: glyphs.horizontalRule)
    if !host.filter.isEmpty {
        grid.write(" / \(host.filter) (esc clears) ", x: 1, y: y, style: Palette.warning, maxWidth: grid.width - 2)
    }
    y += 1

    // The event log takes the bottom third (half while focused); the inboxes the rest.
    let bottom = grid.height - 2
    let logRows = hostLogRows(state)
    let logTop = bottom - logRows
    drawHostInboxes(host, now: now, into: &grid, top: y, bottom: logTop - 1, compact: compact)
    drawHostLog(host, state: state, into: &grid, top: logTop, rows: logRows, compact: compact)
}

/// The event log under its rule, which says which lines show and whether keys scroll it.
private func drawHostLog(_ host: HostState, state: AppState, into grid: inout Grid, top: Int, rows: Int, compact: Bool) {
    let glyphs = grid.glyphs
    grid.fill(x: 0, y: top - 1, count: grid.width, style: Palette.rule, character: glyphs.horizontalRule)
    let window = hostLogWindow(host, rows: rows)
    var label = host.logFocused ? " log\(glyphs.separator)scrolling " : " log "
    if !host.log.isEmpty { label += "\(window.lowerBound + 1)-\(window.upperBound)/\(host.log.count) " }
    if window.upperBound < host.log.count { label += "\(glyphs.separator.dropFirst())\(glyphs.newBelow) \(host.log.count - window.upperBound) newer " }
    grid.write(label, x: 1, y: top - 1, style: host.logFocused ? Palette.title : Palette.rule, maxWidth: grid.width - 2)
    grid.mark(.hostLog, x: 0, y: top - 1, count: grid.width)
    for row in 0..<rows { grid.mark(.hostLog, x: 0, y: top + row, count: grid.width) }
    for (row, line) in host.log[window].enumerated() {
        let time = Clock.time(line.time, in: state.timeZone)
        let column = grid.write((compact ? String(time.prefix(5)) : time) + " ", x: 0, y: top + row, style: Palette.dim)
        grid.write(line.text, x: column, y: top + row, maxWidth: grid.width - column)
    }
}

/// How to join, by priority: the command with every URL, the command alone, the URL alone,
/// and at worst the URL over several lines. The URL with its port is never cut.
private func joinLines(_ join: JoinInfo, width: Int, compact: Bool, glyphs: Glyphs) -> [[(String, Style)]] {
    let label = compact ? "join " : " Join  "
    let url = glyphs.displayable(join.urls.first ?? "URL")
    let command = glyphs.displayable(join.command)
    let also = join.urls.count > 1 ? "  also " + join.urls.dropFirst().map(glyphs.displayable).joined(separator: " ") : ""
    let labelWidth = DisplayWidth.of(label)
    if !compact, labelWidth + DisplayWidth.of(command + also) <= width {
        return [[(label, Palette.title), (command, Palette.good), (also, Palette.dim)]]
    }
    if labelWidth + DisplayWidth.of(command) <= width { return [[(label, Palette.title), (command, Palette.good)]] }
    if labelWidth + DisplayWidth.of(url) <= width { return [[(label, Palette.title), (url, Palette.good)]] }
    return [[(label, Palette.title)]] + Truncation.wrapped([url], separator: "", width: width, glyphs: glyphs).map { [($0, Palette.good)] }
}

private func drawHostInboxes(_ host: HostState, now: Date, into grid: inout Grid, top: Int, bottom: Int, compact: Bool) {
    guard !host.inboxes.isEmpty else {
        grid.write(" no inboxes yet: a peer's first request opens one", x: 0, y: top, style: Palette.dim)
        return
    }
    // Rows: each inbox, and under it its pending messages, the selected inbox's first.
    var rows: [(text: [(String, Style)], selected: Bool, inbox: Int)] = []
    for index in Filter.visibleInboxes(in: host) {
        let inbox = host.inboxes[index]
        let selected = index == host.selectedInbox
        rows.append((inboxRow(inbox, now: now, compact: compact, glyphs: grid.glyphs), selected, index))
        for message in inbox.messages {
            rows.append((messageRow(message, now: now, compact: compact, glyphs: grid.glyphs), false, index))
        }
    }
    guard !rows.isEmpty else {
        grid.write(" no inbox matches: esc shows all", x: 0, y: top, style: Palette.dim)
        return
    }
    let selectedRow = rows.firstIndex { $0.selected } ?? 0
    let visible = bottom - top
    let start = max(0, min(selectedRow, rows.count - visible))
    for (offset, row) in rows.dropFirst(start).prefix(visible).enumerated() {
        let y = top + offset
        grid.mark(.inbox(row.inbox), x: 0, y: y, count: grid.width)
        if row.selected { grid.fill(x: 0, y: y, count: grid.width, style: Palette.selected) }
        var x = 0
        for (text, style) in row.text {
            var style = style
            if row.selected { style.reverse = true }
            x += grid.write(text, x: x, y: y, style: style, maxWidth: grid.width - x)
        }
    }
}

private func inboxRow(_ inbox: HostInbox, now: Date, compact: Bool, glyphs: Glyphs) -> [(String, Style)] {
    let nameWidth = compact ? 12 : 20
    let depth = "\(inbox.messages.count)/\(inbox.capacity)"
    var row: [(String, Style)] = [
        (" " + Truncation.fitted(inbox.owner, width: nameWidth, glyphs: glyphs).padding(toColumns: nameWidth) + " ", Palette.title),
        (depth.padding(toColumns: 8), inbox.messages.count >= inbox.capacity ? Palette.bad : .plain),
    ]
    guard let expiresAt = inbox.expiresAt else {
        row.append(("\(glyphs.waiting) long poll" + (compact ? "" : " waiting"), Palette.good))
        return row
    }
    let remaining = Clock.secondsUntil(expiresAt, from: now)
    let total = max(1, Clock.seconds(inbox.inboxTimeout))
    if !compact {
        row += CountdownBar(remaining: remaining, total: total, width: 12, glyphs: glyphs).runs.map { ($0.text, $0.style) }
        row.append((" ", .plain))
    }
    row.append((compact ? "idle \(remaining) s" : "idle, expires in \(remaining) s", Clock.style(remaining: remaining)))
    return row
}

private func messageRow(_ message: HostMessage, now: Date, compact: Bool, glyphs: Glyphs) -> [(String, Style)] {
    var row: [(String, Style)] = [
        ("   \(glyphs.received) ", Palette.dim),
        (Truncation.fitted(message.sender, width: compact ? 8 : 16, glyphs: glyphs).padding(toColumns: compact ? 9 : 17), .plain),
        (compact ? message.kind.shortBadge.padding(toColumns: 5) : message.kind.badge.padding(toColumns: 10), Palette.badge(message.kind)),
        (ByteCountText.of(message.size).padding(toColumns: compact ? 7 : 9), Palette.dim),
    ]
    if let expiresAt = message.expiresAt {
        let remaining = Clock.secondsUntil(expiresAt, from: now)
        row.append((compact ? "\(remaining) s" : "expires in \(remaining) s", Clock.style(remaining: remaining, normal: Palette.dim)))
    }
    return row
}

/// "12", "3.5", "0.2": a rate with one decimal when it is small.
private func formatted(_ rate: Double) -> String {
    rate >= 10 ? String(Int(rate.rounded())) : String((rate * 10).rounded() / 10)
}

extension String {
    /// The text followed by spaces up to `columns` display columns.
    func padding(toColumns columns: Int) -> String {
        self + String(repeating: " ", count: max(0, columns - DisplayWidth.of(self)))
    }
}
