/// How many lines of the host view's event log are on screen: a third of the room under the
/// header, or half while it is focused for scrolling.
func hostLogRows(_ state: AppState) -> Int {
    guard let host = state.host else { return 0 }
    let compact = state.width < 80 || state.height < 20
    let bottom = state.height - 2
    let room = bottom - hostHeaderRows(host, compact: compact)
    return max(compact ? 2 : 3, host.logFocused ? room / 2 : room / 3)
}

/// The host view's rows above its inboxes, at their fewest: title, join line, web page,
/// hint, fingerprint and settings, totals, rule (wrapping may add some).
func hostHeaderRows(_ host: HostState, compact: Bool) -> Int {
    compact ? 4 : 6 + (host.join.hint.isEmpty ? 0 : 1) + (host.join.fingerprint == nil ? 0 : 1)
}

/// The lines of the log on screen, as a range of `host.log`: `rows` lines ending `logScroll`
/// lines before the newest.
func hostLogWindow(_ host: HostState, rows: Int) -> Range<Int> {
    let end = host.log.count - min(host.logScroll, max(0, host.log.count - rows))
    return max(0, end - rows)..<end
}

/// Scrolls the focused event log: a line, a page, to the oldest, or back to the newest.
func scrollHostLog(_ action: Action, in state: inout AppState) -> [Effect] {
    guard var host = state.host else { return [] }
    let rows = hostLogRows(state)
    let most = max(0, host.log.count - rows)
    switch action {
    case .close: host.logFocused = false
    case .previous: host.logScroll += 1
    case .next: host.logScroll -= 1
    case .pageUp: host.logScroll += rows
    case .pageDown: host.logScroll -= rows
    case .first: host.logScroll = most
    case .last: host.logScroll = 0
    default: break  // quit and help are `perform`'s
    }
    host.logScroll = min(max(0, host.logScroll), most)
    state.host = host
    return []
}
