/// Turns a click or a wheel turn into what the same place on screen means: the renderer marks
/// what it draws where (``Grid/regions``), so the layout is known in one place only.
///
/// A click selects a message, peer or inbox (a click on the selected message opens it), runs
/// a footer hint as its key would, and focuses the host's log; the wheel scrolls what is under
/// it by three lines.
func handleMouse(_ mouse: MouseEvent, in state: inout AppState) -> [Effect] {
    if case .release = mouse.kind { return [] }  // a click acts when pressed
    let target = render(state).target(atX: mouse.x, y: mouse.y)
    if state.confirmingQuit, mouse.kind != .press(.left) || !(target.map(isKey) ?? false) {
        // "Stop the server?" is answered by its footer hint, and anything else goes on serving.
        state.confirmingQuit = false
        state.notice = "still serving"
        return []
    }
    switch mouse.kind {
    case .press(.left):
        return click(target, in: &state)
    case .wheelUp, .wheelDown:
        let up = mouse.kind == .wheelUp
        for _ in 0..<3 { scroll(up: up, over: target, in: &state) }
        return []
    case .press, .release:
        return []
    }
}

private func isKey(_ target: HitTarget) -> Bool {
    if case .key = target { true } else { false }
}

private func click(_ target: HitTarget?, in state: inout AppState) -> [Effect] {
    if case .key(let key) = target { return update(&state, .input(.key(key))) }
    if state.mode == .help { return update(&state, .input(.key(.escape))) }  // as any key does
    guard state.mode == .browsing, let target else { return [] }
    state.notice = nil
    switch target {
    case .message(let index):
        if index == state.selectedEntry { return update(&state, .input(.key(.enter))) }
        state.selectedEntry = index
    case .peer(let index):
        state.selectedPeer = index
    case .inbox(let owner):
        state.host?.selectedInbox = owner
        state.host?.logFocused = false
    case .hostLog:
        state.host?.logFocused = true
    case .key, .messageList:
        break
    }
    return []
}

private func scroll(up: Bool, over target: HitTarget?, in state: inout AppState) {
    switch (state.mode, target) {
    case (.inspecting, _):
        _ = update(&state, .input(.key(up ? .up : .down)))
    case (.browsing, .hostLog?):
        guard var host = state.host else { return }
        let most = max(0, host.log.count - hostLogRows(state))
        host.logScroll = min(max(0, host.logScroll + (up ? 1 : -1)), most)
        state.host = host
    case (.browsing, .inbox?):
        guard var host = state.host else { return }
        moveInboxSelection(up ? .previous : .next, in: &host)
        state.host = host
    case (.browsing, .message?), (.browsing, .messageList?):
        moveSelection(up ? .previous : .next, in: &state)
    default:
        break
    }
}
