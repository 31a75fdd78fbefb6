import Foundation

/// Draws the host view: how to join, the server's settings and totals, every inbox with its
/// queue against capacity, idle countdown and waiting poll, the pending messages with their
/// expiry countdowns, and the live event log.
func drawHost(_ host: HostState, state: AppState, into grid: inout Grid, compact: Bool) {
    let now = state.now
    grid.fill(x: 0, y: 0, count: grid.width, style: Palette.bar)
    // Modes that change what peers see come before the title's tail, and on a small screen
    // before the request rate: a forgotten one misleads.
    let badges = hostBadges(host, compact: compact)
    let rate = compact && !badges.isEmpty ? "" : "\(formatted(host.totals.requestsPerSecond)) req/s"
    let badgesWidth = badges.reduce(0) { $0 + DisplayWidth.of($1.text) }
    let badgesX = max(compact ? 5 : 16, grid.width - rate.count - 2 - badgesWidth)
    grid.write(compact ? " host" : " signalbox host · \(host.join.urls.first ?? "")", x: 0, y: 0, style: Palette.barBold,
               maxWidth: (badges.isEmpty ? grid.width - rate.count - 2 : badgesX - 1))
    grid.write(rate, x: grid.width - rate.count - 1, y: 0, style: Palette.bar)
    var badgeX = badgesX
    for badge in badges {
        badgeX += grid.write(badge.text, x: badgeX, y: 0, style: badge.style, maxWidth: max(0, grid.width - rate.count - 2 - badgeX))
    }

    var y = 1
    var x = grid.write(compact ? "join " : " Join  ", x: 0, y: y, style: Palette.title)
    x += grid.write(host.join.command, x: x, y: y, style: Palette.good, maxWidth: grid.width - x)
    if !compact, host.join.urls.count > 1 {
        grid.write("  also " + host.join.urls.dropFirst().joined(separator: " "), x: x, y: y, style: Palette.dim, maxWidth: grid.width - x)
    }
    y += 1
    if !compact {
        if let hint = host.join.hint {
            grid.write("       " + hint, x: 0, y: y, style: Palette.dim)
            y += 1
        }
        grid.write("       " + host.join.settings, x: 0, y: y, style: Palette.dim)
        y += 1
    }
    let totals = host.totals
    let totalsText = compact
        ? "\(totals.inboxes) inboxes · \(totals.messages) msgs · \(totals.deliveries) delivered"
        : " \(totals.inboxes) inboxes · \(totals.messages) messages (\(ByteCountText.of(totals.bytes))) · \(totals.deliveries) delivered · \(totals.expiries) expired"
            + (host.faults != nil ? " · \(totals.dropped) dropped on purpose" : "")
            + " · \(totals.authenticationFailures) wrong password\(totals.authenticationFailures == 1 ? "" : "s")"
    grid.write(totalsText, x: 0, y: y, style: Palette.title)
    y += 1
    grid.fill(x: 0, y: y, count: grid.width, style: Palette.rule, character: "─")
    y += 1
    if host.showsDiagram {
        drawSequenceDiagram(host, now: now, into: &grid, top: y, bottom: grid.height - 2)
        return
    }

    // The event log takes the bottom third; the inboxes the rest.
    let bottom = grid.height - 2
    let logRows = max(compact ? 2 : 3, (bottom - y) / 3)
    let logTop = bottom - logRows
    drawHostInboxes(host, now: now, into: &grid, top: y, bottom: logTop - 1, compact: compact)
    grid.fill(x: 0, y: logTop - 1, count: grid.width, style: Palette.rule, character: "─")
    for (row, line) in host.log.suffix(logRows).enumerated() {
        let time = Clock.time(line.time, in: state.timeZone)
        let column = grid.write((compact ? String(time.prefix(5)) : time) + " ", x: 0, y: logTop + row, style: Palette.dim)
        grid.write(line.text, x: column, y: logTop + row, maxWidth: grid.width - column)
    }
}

private func drawHostInboxes(_ host: HostState, now: Date, into grid: inout Grid, top: Int, bottom: Int, compact: Bool) {
    guard !host.inboxes.isEmpty else {
        grid.write(" no inboxes yet: a peer's first request opens one", x: 0, y: top, style: Palette.dim)
        return
    }
    // Rows: each inbox, and under it its pending messages, the selected inbox's first.
    var rows: [(text: [(String, Style)], selected: Bool)] = []
    for (index, inbox) in host.inboxes.enumerated() {
        let selected = index == host.selectedInbox
        rows.append((inboxRow(inbox, now: now, width: grid.width, compact: compact), selected))
        for message in inbox.messages {
            rows.append((messageRow(message, now: now, compact: compact), false))
        }
    }
    let selectedRow = rows.firstIndex { $0.selected } ?? 0
    let visible = bottom - top
    let start = max(0, min(selectedRow, rows.count - visible))
    for (offset, row) in rows.dropFirst(start).prefix(visible).enumerated() {
        let y = top + offset
        if row.selected { grid.fill(x: 0, y: y, count: grid.width, style: Palette.selected) }
        var x = 0
        for (text, style) in row.text {
            var style = style
            if row.selected { style.reverse = true }
            x += grid.write(text, x: x, y: y, style: style, maxWidth: grid.width - x)
        }
    }
}

private func inboxRow(_ inbox: HostInbox, now: Date, width: Int, compact: Bool) -> [(String, Style)] {
    let nameWidth = compact ? 12 : 20
    let depth = "\(inbox.messages.count)/\(inbox.capacity)"
    var row: [(String, Style)] = [
        (" " + fitted(inbox.owner, nameWidth).padding(toColumns: nameWidth) + " ", Palette.title),
        (depth.padding(toColumns: 8), inbox.messages.count >= inbox.capacity ? Palette.bad : .plain),
    ]
    let held = inbox.messages.filter(\.isHeld).count
    if inbox.isHeld { row.append(("⏸ deliveries held ", Palette.warning)) }
    if held > 0 { row.append(("⏸ \(held) held ", Palette.warning)) }
    if inbox.hasWaitingPoll { row.append(("⟳ long poll waiting", Palette.good)) }
    guard let expiresAt = inbox.expiresAt else {
        if !inbox.hasWaitingPoll { row.append(("idle timer paused", Palette.dim)) }
        return row
    }
    let remaining = Clock.secondsUntil(expiresAt, from: now)
    let total = max(1, Clock.seconds(inbox.inboxTimeout))
    if !compact {
        row += CountdownBar(remaining: remaining, total: total, width: 12).runs.map { ($0.text, $0.style) }
        row.append((" ", .plain))
    }
    row.append((compact ? "idle \(remaining) s" : "idle, expires in \(remaining) s", remaining > 10 ? .plain : Palette.warning))
    return row
}

private func messageRow(_ message: HostMessage, now: Date, compact: Bool) -> [(String, Style)] {
    var row: [(String, Style)] = [
        ("   ← ", Palette.dim),
        (fitted(message.sender, compact ? 8 : 16).padding(toColumns: compact ? 9 : 17), .plain),
        (compact ? String(message.kind.badge.prefix(4)) + " " : message.kind.badge.padding(toColumns: 10), Palette.badge(message.kind)),
        (ByteCountText.of(message.size).padding(toColumns: compact ? 7 : 9), Palette.dim),
    ]
    if message.isHeld {
        row.append(("⏸ held: no GET sees it", Palette.warning))
    } else if let expiresAt = message.expiresAt {
        let remaining = Clock.secondsUntil(expiresAt, from: now)
        row.append((compact ? "\(remaining) s" : "expires in \(remaining) s", remaining > 10 ? Palette.dim : Palette.warning))
    }
    return row
}

/// The header's loud notes: step mode and test faults on.
private func hostBadges(_ host: HostState, compact: Bool) -> [(text: String, style: Style)] {
    var badges: [(text: String, style: Style)] = []
    if host.totals.stepMode {
        let held = host.totals.heldMessages
        badges.append((compact ? " ⏸ step \(held) " : " ⏸ STEP MODE · \(held) held · space releases ", Palette.barWarning))
    }
    if let faults = host.faults {
        badges.append((compact ? " ⚠ \(faults) " : " ⚠ TEST FAULTS: \(faults) ", Palette.barBad))
    }
    return badges
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
