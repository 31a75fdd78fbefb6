/// Moves the message list's selection among the messages it shows (after `/` and `f`): up,
/// down, to the oldest, or back to following the newest.
func moveSelection(_ action: Action, in state: inout AppState, page: Int = 1) {
    let visible = Filter.visibleEntries(in: state)
    guard !visible.isEmpty else { return }
    // A selection the filter hides counts from the nearest older message that is shown.
    let position = state.selectedEntry.map { selected in visible.lastIndex { $0 <= selected } ?? 0 } ?? visible.count - 1
    switch action {
    case .previous:
        state.selectedEntry = visible[max(0, position - 1)]
    case .next:
        guard state.selectedEntry != nil else { return }
        state.selectedEntry = position + 1 >= visible.count - 1 ? nil : visible[position + 1]
    case .first:
        state.selectedEntry = visible[0]
    case .last:
        state.selectedEntry = nil
    case .pageUp:
        state.selectedEntry = visible[max(0, position - max(1, page))]
    case .pageDown:
        guard state.selectedEntry != nil else { return }
        let next = position + max(1, page)
        state.selectedEntry = next >= visible.count - 1 ? nil : visible[next]
    default:
        break
    }
}

/// Moves the host view's selection among the inboxes it lists (after `/`): a search in the
/// sorted list, however many inboxes there are.
func moveInboxSelection(_ action: Action, in host: inout HostState) {
    let listed = host.listed
    guard !listed.isEmpty else { return }
    guard let position = host.selectedPosition(), position < listed.count, listed[position] == host.selectedInbox else {
        host.selectedInbox = listed[min(host.selectedPosition() ?? 0, listed.count - 1)]
        return
    }
    let moved = action == .previous ? max(0, position - 1) : min(listed.count - 1, position + 1)
    host.selectedInbox = listed[moved]
}
