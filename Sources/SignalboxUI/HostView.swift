import Foundation

/// Draws the host view: how to join, the server's settings and totals, every inbox with its
/// queue against capacity, idle countdown and waiting poll, the pending messages with their
/// expiry countdowns, and the live event log; beside the inboxes, when there is room, the QR
/// code of the page.
func drawHost(_ host: HostState, state: AppState, into grid: inout Grid, compact: Bool) {
    let now = state.now
    grid.fill(x: 0, y: 0, count: grid.width, style: Palette.bar)
    let rate = "\(formatted(host.totals.requestsPerSecond)) req/s"
    grid.write(compact ? " host" : " signalbox host · \(host.join.urls.first ?? "")", x: 0, y: 0, style: Palette.barBold,
               maxWidth: grid.width - rate.count - 2)
    grid.write(rate, x: grid.width - rate.count - 1, y: 0, style: Palette.bar)

    var y = 1
    var x = grid.write(compact ? "join " : " Join  ", x: 0, y: y, style: Palette.title)
    x += grid.write(host.join.command, x: x, y: y, style: Palette.good, maxWidth: grid.width - x)
    if !compact, host.join.urls.count > 1 {
        grid.write("  also " + host.join.urls.dropFirst().joined(separator: " "), x: x, y: y, style: Palette.dim, maxWidth: grid.width - x)
    }
    y += 1
    if !compact {
        x = grid.write(" Web   ", x: 0, y: y, style: Palette.title)
        x += grid.write(host.join.pageURL, x: x, y: y, style: Palette.good, maxWidth: grid.width - x)
        grid.write(host.join.qrCode == nil ? "  in a browser" : "  b: its QR code, large", x: x, y: y, style: Palette.dim, maxWidth: grid.width - x)
        y += 1
        if let hint = host.join.hint {
            grid.write("       " + hint, x: 0, y: y, style: Palette.dim)
            y += 1
        }
        if let fingerprint = host.join.fingerprint {
            for line in FingerprintText.lines(fingerprint, first: "       self-signed, SHA-256 ", rest: "       ", width: grid.width) {
                grid.write(line, x: 0, y: y, style: Palette.warning)
                y += 1
            }
        }
        grid.write("       " + host.join.settings, x: 0, y: y, style: Palette.dim)
        y += 1
    }
    let totals = host.totals
    let totalsText = compact
        ? "\(totals.inboxes) inboxes · \(totals.messages) msgs · \(totals.deliveries) delivered"
        : " \(totals.inboxes) inboxes · \(totals.messages) messages (\(ByteCountText.of(totals.bytes))) · \(totals.deliveries) delivered · \(totals.expiries) expired · \(totals.authenticationFailures) wrong password\(totals.authenticationFailures == 1 ? "" : "s")"
    grid.write(totalsText, x: 0, y: y, style: Palette.title)
    y += 1
    grid.fill(x: 0, y: y, count: grid.width, style: Palette.rule, character: "─")
    y += 1

    // The page's QR code goes right under the rule when it leaves the inboxes room enough;
    // rows beside it are narrower. `b` shows it large at any size.
    let bottom = grid.height - 2
    var codeBottom = y
    var besideCode = grid.width
    if !compact, let code = host.join.qrCode {
        let blocks = QRBlocks(code)
        if grid.width - blocks.columns - 1 >= minimumWidthBesideCode, y + blocks.rows <= bottom {
            blocks.draw(into: &grid, x: grid.width - blocks.columns, y: y)
            codeBottom = y + blocks.rows
            besideCode = grid.width - blocks.columns - 1
        }
    }
    let fullWidth = grid.width
    let widthAt = { [codeBottom, besideCode] (row: Int) in row < codeBottom ? besideCode : fullWidth }

    // The event log takes the bottom third; the inboxes the rest.
    let logRows = max(compact ? 2 : 3, (bottom - y) / 3)
    let logTop = bottom - logRows
    drawHostInboxes(host, now: now, into: &grid, top: y, bottom: logTop - 1, width: besideCode, compact: compact)
    grid.fill(x: 0, y: logTop - 1, count: widthAt(logTop - 1), style: Palette.rule, character: "─")
    for (row, line) in host.log.suffix(logRows).enumerated() {
        let time = Clock.time(line.time, in: state.timeZone)
        let column = grid.write((compact ? String(time.prefix(5)) : time) + " ", x: 0, y: logTop + row, style: Palette.dim)
        grid.write(line.text, x: column, y: logTop + row, maxWidth: widthAt(logTop + row) - column)
    }
}

/// The columns the inboxes need beside the QR code: a row with its countdown bar.
private let minimumWidthBesideCode = 64

private func drawHostInboxes(_ host: HostState, now: Date, into grid: inout Grid, top: Int, bottom: Int, width: Int, compact: Bool) {
    guard !host.inboxes.isEmpty else {
        grid.write(" no inboxes yet: a peer's first request opens one", x: 0, y: top, style: Palette.dim, maxWidth: width)
        return
    }
    // Rows: each inbox, and under it its pending messages, the selected inbox's first.
    var rows: [(text: [(String, Style)], selected: Bool)] = []
    for (index, inbox) in host.inboxes.enumerated() {
        let selected = index == host.selectedInbox
        rows.append((inboxRow(inbox, now: now, compact: compact), selected))
        for message in inbox.messages {
            rows.append((messageRow(message, now: now, compact: compact), false))
        }
    }
    let selectedRow = rows.firstIndex { $0.selected } ?? 0
    let visible = bottom - top
    let start = max(0, min(selectedRow, rows.count - visible))
    for (offset, row) in rows.dropFirst(start).prefix(visible).enumerated() {
        let y = top + offset
        if row.selected { grid.fill(x: 0, y: y, count: width, style: Palette.selected) }
        var x = 0
        for (text, style) in row.text {
            var style = style
            if row.selected { style.reverse = true }
            x += grid.write(text, x: x, y: y, style: style, maxWidth: width - x)
        }
    }
}

private func inboxRow(_ inbox: HostInbox, now: Date, compact: Bool) -> [(String, Style)] {
    let nameWidth = compact ? 12 : 20
    let depth = "\(inbox.messages.count)/\(inbox.capacity)"
    var row: [(String, Style)] = [
        (" " + fitted(inbox.owner, nameWidth).padding(toColumns: nameWidth) + " ", Palette.title),
        (depth.padding(toColumns: 8), inbox.messages.count >= inbox.capacity ? Palette.bad : .plain),
    ]
    guard let expiresAt = inbox.expiresAt else {
        row.append(("⟳ long poll waiting", Palette.good))
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
    if let expiresAt = message.expiresAt {
        let remaining = Clock.secondsUntil(expiresAt, from: now)
        row.append((compact ? "\(remaining) s" : "expires in \(remaining) s", remaining > 10 ? Palette.dim : Palette.warning))
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
