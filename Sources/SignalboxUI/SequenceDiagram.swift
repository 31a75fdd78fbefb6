import Foundation
import MailboxCore

/// Draws the sequence diagram of the selected inbox's conversation in `area`: a title, the
/// peers' names, then a lane per peer and an arrow per message, newest at the bottom, with its
/// type badge, size and time since the first message on the shaft and its fate beyond the
/// head. A refused post is a stopped arrow, ending in ✗ before its recipient's lane.
/// It follows the newest arrow unless scrolled back.
func drawSequenceDiagram(_ host: HostState, now: Date, into grid: inout Grid, area: Rect) {
    guard area.height >= 3 else { return }
    guard let selected = host.selectedInbox, selected < host.inboxes.count else {
        grid.write(" no inbox yet: a peer's first request opens one", x: area.x, y: area.y, style: Palette.dim, maxWidth: area.width)
        return
    }
    let owner = host.inboxes[selected].owner
    let (lanes, arrows) = host.trace.conversation(of: owner)
    // A title row, a row of names, then the lanes with an arrow a row.
    let (title, rest) = area.splitTop(1)
    let (names, body) = rest.splitTop(1)

    let glyphs = grid.glyphs
    let rows = body.height
    let scroll = min(host.diagramScroll, max(0, arrows.count - rows))
    let end = arrows.count - scroll
    let start = max(0, end - rows)
    var heading = " Sequence\(glyphs.separator)\(owner)'s conversation\(glyphs.separator)\(Plural.of(arrows.count, "message"))"
    if start > 0 { heading += "\(glyphs.separator)\(glyphs.above) \(start) earlier" }
    if scroll > 0 { heading += "\(glyphs.separator)\(glyphs.newBelow) \(scroll) newer" }
    grid.write(heading, x: title.x, y: title.y, style: Palette.title, maxWidth: title.width)

    let layout = DiagramLayout(lanes: lanes.count, area: body)
    for (lane, name) in lanes.enumerated() {
        let inbox = host.inboxes.first { $0.owner == name }
        var label = Truncation.fitted(name, width: max(1, layout.laneRoom - 3), glyphs: grid.glyphs)
        if inbox?.isHeld == true { label += " " + glyphs.held } else if inbox?.hasWaitingPoll == true { label += " " + glyphs.waiting }
        let x = max(names.x, layout.x[lane] - DisplayWidth.of(label) / 2)
        grid.write(label, x: x, y: names.y, style: Palette.title, maxWidth: layout.laneRoom)
    }
    for y in body.rows {
        for x in layout.x { grid.write(String(glyphs.verticalRule), x: x, y: y, style: Palette.rule) }
    }
    guard !arrows.isEmpty else {
        grid.write(" no messages to or from \(owner) yet", x: body.x, y: body.y, style: Palette.dim,
                   maxWidth: max(0, layout.x[0] - 1 - body.x))
        return
    }
    let first = arrows[0].postedAt
    for (row, arrow) in arrows[start..<end].enumerated() {
        let from = lanes.firstIndex(of: arrow.sender) ?? 0
        let to = lanes.firstIndex(of: arrow.recipient) ?? 0
        drawArrow(arrow, from: layout.x[from], to: layout.x[to], since: first, now: now, compact: layout.compact,
                  into: &grid, row: body.row(row))
    }
}

/// Where the lanes go: evenly spread, leaving room on both sides for the fates written
/// beyond the outer lanes' heads.
private struct DiagramLayout {
    let x: [Int]
    /// Columns a lane's name may take.
    let laneRoom: Int
    let compact: Bool

    init(lanes: Int, area: Rect) {
        let width = area.width
        compact = width < 100
        // Room for the longest compact fate ("… waiting, 59 s") or the full one.
        let margin = min(compact ? 18 : 30, max(4, width / 3 - 2))
        let span = max(1, width - 1 - 2 * margin)
        if lanes <= 1 {
            x = [area.x + width / 2]
        } else {
            x = (0..<lanes).map { area.x + margin + $0 * span / (lanes - 1) }
        }
        laneRoom = lanes <= 1 ? width : max(4, min(2 * margin, span / (lanes - 1)) - 1)
    }
}

private func drawArrow(
    _ arrow: TracedMessage, from: Int, to: Int, since first: Date, now: Date, compact: Bool, into grid: inout Grid, row: Rect
) {
    let y = row.y
    let glyphs = grid.glyphs
    let (fate, fateStyle) = fateText(arrow.fate, now: now, compact: compact, glyphs: glyphs)
    let badge = arrow.kind?.badge ?? "POST"
    let badgeStyle = arrow.kind.map(Palette.badge) ?? Palette.bad
    let size = arrow.kind == nil ? nil : ByteCountText.of(arrow.size)
    let time = elapsed(arrow.postedAt.timeIntervalSince(first))

    if from == to {
        // A peer writing to itself: a loop on its own lane.
        var x = from + 1
        x += grid.write(glyphs.loop + " ", x: x, y: y, style: Palette.rule)
        x += grid.write(badge, x: x, y: y, style: badgeStyle)
        x += grid.write(" " + ([size, time].compactMap { $0 }.joined(separator: " ")) + "  ", x: x, y: y, style: Palette.dim)
        grid.write(fate, x: x, y: y, style: fateStyle, maxWidth: max(0, row.right - x))
        return
    }
    let rightward = from < to
    let refused = if case .refused = arrow.fate { true } else { false }
    // A refused post stops at its recipient's door, where the server turned it back.
    let low = min(from, to) + 1 + (refused && !rightward ? 2 : 0)
    let high = max(from, to) - 1 - (refused && rightward ? 2 : 0)
    grid.fill(x: low, y: y, count: max(0, high - low + 1), style: Palette.rule, character: glyphs.horizontalRule)
    let head = rightward ? high : low
    grid.write(refused ? glyphs.bad : (rightward ? glyphs.arrowRight : glyphs.arrowLeft), x: head, y: y, style: refused ? Palette.bad : Palette.title)

    // The label sits on the shaft next to the tail, as much of it as fits.
    let room = high - low - 3
    let details = [[size, time], [time], []].map { " " + ([badge] + $0.compactMap { $0 }).joined(separator: " ") + " " }
    if let label = details.first(where: { DisplayWidth.of($0) <= room }) ?? (room >= 6 ? " " + String(badge.prefix(4)) + " " : nil) {
        let width = DisplayWidth.of(label)
        let x = rightward ? low + 1 : high - 1 - width
        let shown = label.dropFirst().prefix(while: { $0 != " " })
        var column = x + grid.write(" ", x: x, y: y)
        column += grid.write(String(shown), x: column, y: y, style: badgeStyle)
        grid.write(String(label.dropFirst(1 + shown.count)), x: column, y: y, style: Palette.dim)
    }

    // The fate beyond the recipient's lane, where the head points: a refused post's too, so
    // that fates line up.
    if rightward {
        grid.write(fate, x: to + 2, y: y, style: fateStyle, maxWidth: max(0, row.right - to - 2))
    } else {
        let x = max(row.x, to - 1 - DisplayWidth.of(fate))
        grid.write(fate, x: x, y: y, style: fateStyle, maxWidth: max(0, to - 1 - x))
    }
}

private func fateText(_ fate: MessageFate, now: Date, compact: Bool, glyphs: Glyphs) -> (String, Style) {
    switch fate {
    case .held:
        return ("\(glyphs.held) held", Palette.warning)
    case .waiting(let expiresAt?):
        let remaining = Clock.secondsUntil(expiresAt, from: now)
        let waiting = "\(glyphs.sending) waiting"
        return (compact ? "\(waiting), \(remaining) s" : "\(waiting), expires in \(remaining) s", Clock.style(remaining: remaining))
    case .waiting(nil):
        return ("\(glyphs.sending) waiting", .plain)
    case .delivered(let after):
        let seconds = after.seconds
        let text = seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : "\((seconds * 10).rounded() / 10) s"
        return (glyphs.done + (compact ? " after " : " delivered after ") + text, Palette.good)
    case .expired:
        return ("\(glyphs.bad) expired unread", Palette.bad)
    case .dropped:
        return (glyphs.bad + (compact ? " dropped" : " dropped on purpose"), Palette.warning)
    case .refused(let reason):
        return (glyphs.bad + (compact ? " " : " refused: ") + reason, Palette.bad)
    }
}

/// "+0.4 s", "+12 s": time since the conversation's first message.
private func elapsed(_ seconds: TimeInterval) -> String {
    let seconds = max(0, seconds)
    return seconds < 10 ? "+\((seconds * 10).rounded() / 10) s" : "+\(Int(seconds.rounded())) s"
}
