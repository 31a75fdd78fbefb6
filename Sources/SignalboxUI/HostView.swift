import Foundation

/// Draws the host view: how to join, the server's settings and totals, every inbox with its
/// queue against capacity, idle countdown and waiting poll, the pending messages with their
/// expiry countdowns, and the live event log; beside the inboxes, when there is room, the QR
/// code of the page.
func drawHost(_ host: HostState, state: AppState, into grid: inout Grid, compact: Bool) {
    let now = state.now
    let glyphs = grid.glyphs
    grid.fill(x: 0, y: 0, count: grid.width, style: Palette.bar)
    // Modes that change what peers see come before the title's tail, and on a small screen
    // before the request rate: a forgotten one misleads.
    let badges = hostBadges(host, compact: compact, glyphs: glyphs)
    let rate = compact && !badges.isEmpty ? "" : "\(formatted(host.totals.requestsPerSecond)) req/s"
    let badgesWidth = badges.reduce(0) { $0 + DisplayWidth.of($1.text) }
    let badgesX = max(compact ? 5 : 16, grid.width - rate.count - 2 - badgesWidth)
    grid.write(compact ? " host" : " signalbox host\(glyphs.separator)\(host.join.urls.first ?? "")", x: 0, y: 0, style: Palette.barBold,
               maxWidth: (badges.isEmpty ? grid.width - rate.count - 2 : badgesX - 1))
    grid.write(rate, x: grid.width - rate.count - 1, y: 0, style: Palette.bar)
    var badgeX = badgesX
    for badge in badges {
        badgeX += grid.write(badge.text, x: badgeX, y: 0, style: badge.style, maxWidth: max(0, grid.width - rate.count - 2 - badgeX))
    }

    var y = 1
    for line in joinLines(host.join, width: grid.width, compact: compact, glyphs: glyphs) {
        var x = 0
        for (text, style) in line { x += grid.write(text, x: x, y: y, style: style) }
        y += 1
    }
    if !compact {
        var x = grid.write(" Web   ", x: 0, y: y, style: Palette.title)
        x += grid.write(host.join.pageURL, x: x, y: y, style: Palette.good, maxWidth: grid.width - x)
        grid.write(host.join.qrCode == nil ? "  in a browser" : "  b: its QR code, large", x: x, y: y, style: Palette.dim, maxWidth: grid.width - x)
        y += 1
        // Advice and settings wrap rather than lose their ends (a port, a URL).
        let indent = "       "
        for note in Truncation.wrapped(host.join.hint, separator: "; ", width: grid.width - indent.count, glyphs: glyphs) {
            grid.write(indent + note, x: 0, y: y, style: Palette.dim)
            y += 1
        }
        if let fingerprint = host.join.fingerprint {
            for line in FingerprintText.lines(fingerprint, first: indent + "self-signed, SHA-256 ", rest: indent, width: grid.width) {
                grid.write(line, x: 0, y: y, style: Palette.warning)
                y += 1
            }
        }
        for note in Truncation.wrapped(host.join.settings, separator: glyphs.separator, width: grid.width - indent.count, glyphs: glyphs) {
            grid.write(indent + note, x: 0, y: y, style: Palette.dim)
            y += 1
        }
    }
    let totals = host.totals
    let totalsText = compact
        ? [Plural.of(totals.inboxes, "inbox", "inboxes"), Plural.of(totals.messages, "msg"), "\(totals.deliveries) delivered"]
        : [Plural.of(totals.inboxes, "inbox", "inboxes"), Plural.of(totals.messages, "message") + " (\(ByteCountText.of(totals.bytes)))",
           "\(totals.deliveries) delivered", "\(totals.expiries) expired"]
            + (host.faults != nil ? ["\(totals.dropped) dropped"] : [])
            + [Plural.of(totals.authenticationFailures, "wrong password")]
    grid.write((compact ? "" : " ") + totalsText.joined(separator: glyphs.separator), x: 0, y: y, style: Palette.title)
    y += 1
    grid.fill(x: 0, y: y, count: grid.width, style: Palette.rule, character: glyphs.horizontalRule)
    if !host.filter.isEmpty {
        grid.write(" / \(host.filter) (esc clears) ", x: 1, y: y, style: Palette.warning, maxWidth: grid.width - 2)
    }
    y += 1
    // Under the header down to the notice's row: the diagram, or the inboxes over the log.
    let body = Rect(x: 0, y: y, width: grid.width, height: grid.height - 2 - y)
    if host.showsDiagram {
        drawSequenceDiagram(host, now: now, into: &grid, area: body)
        return
    }

    // The page's QR code goes right under the rule when it leaves the inboxes room enough;
    // rows beside it are narrower. `b` shows it large at any size.
    var code: Rect?
    if !compact, let matrix = host.join.qrCode {
        let blocks = QRBlocks(matrix)
        if body.width - blocks.columns - 1 >= minimumWidthBesideCode, blocks.rows <= body.height {
            let spot = body.splitRight(blocks.columns).right.splitTop(blocks.rows).top
            blocks.draw(into: &grid, x: spot.x, y: spot.y)
            code = spot
        }
    }
    let besideCode = code.map { $0.x - 1 } ?? body.width
    let widthAt = { [code, body] (row: Int) in code.map { $0.rows.contains(row) } == true ? besideCode : body.width }

    // The event log and its rule take the bottom third (half while focused); the inboxes the rest.
    let (inboxes, log) = body.splitBottom(hostLogRows(state) + 1)
    drawHostInboxes(host, now: now, into: &grid, top: inboxes.y, bottom: inboxes.bottom, width: besideCode, compact: compact)
    drawHostLog(host, state: state, into: &grid, top: log.y + 1, rows: log.height - 1, compact: compact, widthAt: widthAt)
}

/// The columns the inboxes need beside the QR code: a row with its countdown bar.
private let minimumWidthBesideCode = 64

/// The event log under its rule, which says which lines show and whether keys scroll it.
/// `widthAt` gives each row's width (narrower beside the QR code).
private func drawHostLog(
    _ host: HostState, state: AppState, into grid: inout Grid, top: Int, rows: Int, compact: Bool, widthAt: (Int) -> Int
) {
    let glyphs = grid.glyphs
    grid.fill(x: 0, y: top - 1, count: widthAt(top - 1), style: Palette.rule, character: glyphs.horizontalRule)
    let window = hostLogWindow(host, rows: rows)
    var label = host.logFocused ? " log\(glyphs.separator)scrolling " : " log "
    if !host.log.isEmpty { label += "\(window.lowerBound + 1)-\(window.upperBound)/\(host.log.count) " }
    if window.upperBound < host.log.count { label += "\(glyphs.separator.dropFirst())\(glyphs.newBelow) \(host.log.count - window.upperBound) newer " }
    grid.write(label, x: 1, y: top - 1, style: host.logFocused ? Palette.title : Palette.rule, maxWidth: widthAt(top - 1) - 2)
    grid.mark(.hostLog, x: 0, y: top - 1, count: widthAt(top - 1))
    for row in 0..<rows { grid.mark(.hostLog, x: 0, y: top + row, count: widthAt(top + row)) }
    for (row, line) in host.log[window].enumerated() {
        let time = Clock.time(line.time, in: state.timeZone)
        let column = grid.write((compact ? String(time.prefix(5)) : time) + " ", x: 0, y: top + row, style: Palette.dim)
        grid.write(line.text, x: column, y: top + row, maxWidth: widthAt(top + row) - column)
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

private func drawHostInboxes(_ host: HostState, now: Date, into grid: inout Grid, top: Int, bottom: Int, width: Int, compact: Bool) {
    guard !host.inboxes.isEmpty else {
        grid.write(" no inboxes yet: a peer's first request opens one", x: 0, y: top, style: Palette.dim, maxWidth: width)
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
        grid.mark(.inbox(row.inbox), x: 0, y: y, count: width)
        if row.selected { grid.fill(x: 0, y: y, count: width, style: Palette.selected) }
        var x = 0
        for (text, style) in row.text {
            var style = style
            if row.selected { style.reverse = true }
            x += grid.write(text, x: x, y: y, style: style, maxWidth: width - x)
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
    let held = inbox.messages.filter(\.isHeld).count
    if inbox.isHeld { row.append(("\(glyphs.held) deliveries held ", Palette.warning)) }
    if held > 0 { row.append(("\(glyphs.held) \(held) held ", Palette.warning)) }
    if inbox.hasWaitingPoll { row.append(("\(glyphs.waiting) long poll" + (compact ? "" : " waiting"), Palette.good)) }
    guard let expiresAt = inbox.expiresAt else {
        if !inbox.hasWaitingPoll { row.append(("idle timer paused", Palette.dim)) }
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
    if message.isHeld {
        row.append(("\(glyphs.held) held: no GET sees it", Palette.warning))
    } else if let expiresAt = message.expiresAt {
        let remaining = Clock.secondsUntil(expiresAt, from: now)
        row.append((compact ? "\(remaining) s" : "expires in \(remaining) s", Clock.style(remaining: remaining, normal: Palette.dim)))
    }
    return row
}

/// The header's loud notes: step mode, the demo and test faults on.
private func hostBadges(_ host: HostState, compact: Bool, glyphs: Glyphs) -> [(text: String, style: Style)] {
    var badges: [(text: String, style: Style)] = []
    let separator = glyphs.separator
    if host.totals.stepMode {
        let held = host.totals.heldMessages
        badges.append((compact ? " \(glyphs.held) step \(held) " : " \(glyphs.held) STEP MODE\(separator)\(held) held\(separator)space releases ",
                       Palette.barWarning))
    }
    if let demo = host.demo {
        badges.append((compact ? " \(glyphs.arrowRight) demo " : " \(glyphs.arrowRight) DEMO\(separator)\(demo) ", Palette.barGood))
    }
    if let faults = host.faults {
        badges.append((compact ? " \(glyphs.warning) \(faults) " : " \(glyphs.warning) TEST FAULTS: \(faults) ", Palette.barBad))
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
