/// How many arrows a page key scrolls the sequence diagram.
private let diagramPage = 10

/// The host view's keys that act on the mailbox (step mode, releasing held messages and
/// holding one inbox) and show the sequence diagram. The store is the truth; the state changes at once only so that the
/// screen answers the key before the next snapshot confirms it.
func controlHost(_ action: Action, in host: inout HostState, notice: inout String?) -> [Effect] {
    switch action {
    case .toggleStepMode:
        host.totals.stepMode.toggle()
        notice = host.totals.stepMode
            ? "step mode on: every new message is held; space releases the oldest"
            : "step mode off: every held message is released"
        return [.host(.setStepMode(host.totals.stepMode))]
    case .releaseOldest:
        return [.host(.releaseOldest)]
    case .releaseAll:
        return [.host(.releaseAll)]
    case .holdInbox:
        guard let owner = host.selectedOwner else {
            notice = "no inbox to hold yet"
            return []
        }
        let held = !(host.page[owner]?.isHeld ?? false)
        host.page[owner]?.isHeld = held
        notice = held
            ? "deliveries to \(owner) are held: h again lets them through"
            : "deliveries to \(owner) resume"
        return [.host(.setHold(owner: owner, held: held))]
    case .sequenceDiagram:
        host.showsDiagram.toggle()
        host.diagramScroll = 0
        return []
    case .pageUp where host.showsDiagram:
        host.diagramScroll += diagramPage
        return []
    case .pageDown where host.showsDiagram:
        host.diagramScroll = max(0, host.diagramScroll - diagramPage)
        return []
    default:
        return []
    }
}
