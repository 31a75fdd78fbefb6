import Foundation

/// Applies one event to the state and returns the work the runtime must do for it.
public func update(_ state: inout AppState, _ event: Event) -> [Effect] {
    let effects = apply(event, to: &state)
    // What arrived while the list followed the newest has been seen; later messages are new.
    if state.selectedEntry == nil, let newest = state.log.last { state.seenThrough = newest.id }
    return effects
}

private func apply(_ event: Event, to state: inout AppState) -> [Effect] {
    switch event {
    case .input(let input):
        return handle(input, in: &state)
    case .tick(let now):
        state.now = now
    case .connectionChanged(let connection):
        state.connection = connection
    case .inboxRefreshed(let inbox):
        state.inbox = inbox
        state.now = max(state.now, inbox.refreshedAt)
    case .received(let sender, let body, let contentType, let time):
        state.now = max(state.now, time)
        markRepliedSince(before: time, by: sender, in: &state)
        append(LogEntry(id: state.nextEntryID, time: time, peer: sender, direction: .received, body: body, contentType: contentType), to: &state)
        let index = peerIndex(sender, in: &state)
        state.peers[index].lastActivity = time
        if state.selectedPeer == nil { state.selectedPeer = index }
    case .sendFinished(let id, let time, let error):
        guard let index = state.log.firstIndex(where: { $0.id == id }) else { break }
        state.now = max(state.now, time)
        if let error {
            state.log[index].direction = .sent(.failed(error))
            state.notice = "not sent to \(state.log[index].peer): \(error)"
        } else if state.log[index].direction == .sent(.sending) {
            // Its TTL in the recipient's inbox runs from now. (A hosted mailbox may already
            // have told its fate: that stays.)
            state.log[index].time = time
            state.log[index].direction = .sent(.queued)
        }
    case .hostMessageFate(let sender, let recipient, let delivered, let time):
        guard sender == state.identity,
              let index = state.log.firstIndex(where: { $0.peer == recipient && $0.isAwaitingFate })
        else { break }
        let sentAt = state.log[index].time
        let after = Duration.milliseconds(Int64((max(0, time.timeIntervalSince(sentAt)) * 1000).rounded()))
        state.log[index].direction = .sent(delivered ? .delivered(after: after) : .expiredUnread)
    case .editorFinished(let text):
        if let text, !text.isEmpty, state.target != nil {
            state.mode = .composing(text: text)
            state.composerCursor = 0
        } else {
            state.notice = "nothing to send: the editor was closed without text"
        }
    case .copyFinished(let bytes, let outcome):
        state.notice = outcome.notice(bytes: bytes)
    case .saveFinished(let path, let error):
        state.notice = error.map { "cannot save \(path): \($0)" } ?? "saved to \(path)"
    case .hostChanged(let inboxes, let totals):
        guard var host = state.host else { break }
        // Keep the same inbox selected as others come and go.
        let selectedOwner = host.selectedInbox.flatMap { $0 < host.inboxes.count ? host.inboxes[$0].owner : nil }
        host.inboxes = inboxes
        host.totals = totals
        host.selectedInbox = selectedOwner.flatMap { owner in inboxes.firstIndex { $0.owner == owner } }
            ?? (inboxes.isEmpty ? nil : min(host.selectedInbox ?? 0, inboxes.count - 1))
        state.host = host
    case .hostTraced(let change):
        state.host?.trace.apply(change)
    case .hostLogged(let line):
        state.host?.log.append(line)
        if let host = state.host, host.logScroll > 0 { state.host?.logScroll += 1 }  // what is read stays put
        if let count = state.host?.log.count, count > HostState.logLimit {
            state.host?.log.removeFirst(count - HostState.logLimit)
        }
    }
    return []
}

private func handle(_ input: TerminalInput, in state: inout AppState) -> [Effect] {
    switch input {
    case .resize(let width, let height):
        state.width = width
        state.height = height
        return []
    case .interrupt:
        return [.quit]
    case .paste(let text):
        return paste(text, in: &state)
    case .mouse(let mouse):
        return handleMouse(mouse, in: &state)
    case .key(let key):
        state.notice = nil
        return perform(KeyTable.action(for: key, in: KeyTable.active(in: state)), key: key, in: &state)
    }
}

/// The one dispatch of keys: the action the active key table gives `key` (nil for a key
/// outside it, which types in the composer and prompts, and closes the help, the banner and
/// the quit question), in the mode and view on screen.
private func perform(_ action: Action?, key: Key, in state: inout AppState) -> [Effect] {
    if state.confirmingQuit {
        state.confirmingQuit = false
        if action == .quit { return [.quit] }
        state.notice = "still serving"
        return []
    }
    switch state.mode {
    case .help:
        scrollHelp(action, in: &state)
        return []
    case .banner:
        state.mode = .browsing
        return []
    case .inspecting(let offset):
        return inspect(action, offset: offset, in: &state)
    case .composing(let text):
        return compose(action, key: key, text: text, in: &state)
    case .prompting(let prompt, let text):
        return promptKey(action, key: key, prompt: prompt, text: text, in: &state)
    case .browsing:
        guard let action else { return [] }
        switch action {
        case .quit:
            return quit(&state)
        case .help:
            openHelp(in: &state)
            return []
        case _ where state.view == .host && state.host?.logFocused == true:
            return scrollHostLog(action, in: &state)
        case _ where state.view == .host:
            return performHost(action, in: &state)
        default:
            return performPeer(action, in: &state)
        }
    }
}

/// What an action does in the peer view's message list (quit and help are `perform`'s).
private func performPeer(_ action: Action, in state: inout AppState) -> [Effect] {
    switch action {
    case .quit, .help:
        break
    case .close:
        state.mode = .browsing
    case .previous, .next, .first, .last, .pageUp, .pageDown:
        moveSelection(action, in: &state, page: PeerLayout(state).logRows)
    case .focusLog, .banner, .toggleStepMode, .releaseOldest, .releaseAll, .holdInbox, .sequenceDiagram, .explain, .playDemoAgain:
        break
    case .cursorLeft, .cursorRight, .lineStart, .lineEnd, .deleteBackward, .deleteForward, .deleteWord,
         .deleteToLineStart, .newline, .accept:
        break  // the composer's and the prompts'
    case .filter:
        state.mode = .prompting(.filter, text: state.filter)
    case .clearFilter:
        state.filter = ""
        state.followsPeer = false
    case .followPeer:
        guard let target = state.target else {
            state.notice = "no peer selected: press n to add one"
            break
        }
        state.followsPeer.toggle()
        state.selectedEntry = nil
        state.notice = state.followsPeer ? "only \(target.name)'s conversation: f again for everyone" : nil
    case .inspect:
        if state.currentEntry != nil { state.mode = .inspecting(offset: 0) }
    case .nextPeer, .previousPeer:
        guard !state.peers.isEmpty else {
            state.notice = "no peers yet: press n to add one"
            break
        }
        let step = action == .nextPeer ? 1 : state.peers.count - 1
        state.selectedPeer = ((state.selectedPeer ?? -1) + step + state.peers.count) % state.peers.count
    case .newPeer:
        state.mode = .prompting(.newPeer, text: "")
    case .compose:
        startComposing("", in: &state)
    case .reply:
        guard let entry = state.currentEntry else { break }
        state.selectedPeer = peerIndex(entry.peer, in: &state)
        startComposing("", in: &state)
    case .offerTemplate:
        startComposing(Templates.offer, in: &state)
    case .answerTemplate:
        startComposing(Templates.answer, in: &state)
    case .candidateTemplate:
        startComposing(Templates.candidate, in: &state)
    case .composeInEditor:
        guard state.target != nil else {
            state.notice = "no peer selected: press n to add one"
            break
        }
        return [.openEditor("")]
    case .switchView:
        if state.host != nil {
            state.view = .host
        } else {
            state.notice = "this UI is a peer only: run signalbox without --server to host"
        }
    case .togglePause:
        state.pollingPaused.toggle()
        return [.pausePolling(state.pollingPaused)]
    case .retryNow:
        guard case .retrying = state.connection else {
            state.notice = "nothing to retry: the server answers"
            break
        }
        return [.retryNow]
    case .copy:
        guard let entry = state.currentEntry else { break }
        let text = String(validating: entry.body, as: UTF8.self) ?? Data(entry.body).base64EncodedString()
        return [.copy(text)]
    case .save:
        guard let entry = state.currentEntry else { break }
        state.mode = .prompting(.savePath, text: "message-\(entry.id).\(fileExtension(for: entry))")
    }
    return []
}

/// What an action does in the host view (quit and help are `perform`'s).
private func performHost(_ action: Action, in state: inout AppState) -> [Effect] {
    guard var host = state.host else { return [] }
    switch action {
    case .switchView:
        state.view = .peer
    case .clearFilter where host.filter.isEmpty:
        state.view = .peer
    case .clearFilter:
        host.filter = ""
    case .filter:
        state.mode = .prompting(.filter, text: host.filter)
    case .focusLog:
        host.logFocused = true
    case .previous, .next:
        moveInboxSelection(action, in: &host)
    case .copy:
        return [.copy(host.join.command)]
    case .banner:
        state.mode = .banner
    case .playDemoAgain:
        return [.host(.playDemoAgain)]
    default:
        let effects = controlHost(action, in: &host, notice: &state.notice)
        state.host = host
        return effects
    }
    if host.inboxes.isEmpty { host.selectedInbox = nil }
    state.host = host
    return []
}

private func openHelp(in state: inout AppState) {
    state.mode = .help
    state.helpOffset = 0
}

/// The help scrolls with its own keys; any other key closes it.
private func scrollHelp(_ action: Action?, in state: inout AppState) {
    let page = HelpScreen.page(state)
    let offset = state.helpOffset
    switch action {
    case .next: state.helpOffset = offset + 1
    case .previous: state.helpOffset = offset - 1
    case .pageDown: state.helpOffset = offset + page
    case .pageUp: state.helpOffset = offset - page
    default: state.mode = .browsing
    }
    state.helpOffset = min(max(0, state.helpOffset), HelpScreen.maxOffset(state))
}

private func inspect(_ action: Action?, offset: Int, in state: inout AppState) -> [Effect] {
    let page = max(1, state.height - 4)
    switch action {
    case .close: state.mode = .browsing
    case .previous: state.mode = .inspecting(offset: max(0, offset - 1))
    case .next: state.mode = .inspecting(offset: offset + 1)
    case .pageUp: state.mode = .inspecting(offset: max(0, offset - page))
    case .pageDown: state.mode = .inspecting(offset: offset + page)
    case .copy: return performPeer(.copy, in: &state)
    case .save: return performPeer(.save, in: &state)
    case .explain:
        state.explains.toggle()
        state.mode = .inspecting(offset: 0)
    default: break
    }
    return []
}

private func compose(_ action: Action?, key: Key, text: String, in state: inout AppState) -> [Effect] {
    switch action {
    case .compose:
        return send(text, in: &state)
    case .close:
        state.mode = .browsing
        if let target = state.target, !text.isEmpty {
            state.keptDraft = Draft.Kept(peer: target.name, text: text, cursorFromEnd: state.composerCursor)
            state.notice = "draft kept: c brings it back"
        }
        return []
    case .composeInEditor:
        return [.openEditor(text)]
    default:
        break
    }
    let edit: Draft.Edit? = switch (action, key) {
    case (.newline, _): .insert("\n")
    case (.cursorLeft, _): .left
    case (.cursorRight, _): .right
    case (.lineStart, _): .lineStart
    case (.lineEnd, _): .lineEnd
    case (.deleteBackward, _): .deleteBackward
    case (.deleteForward, _): .deleteForward
    case (.deleteWord, _): .deleteWord
    case (.deleteToLineStart, _): .deleteToLineStart
    case (_, .character(let character)): .insert(String(character))
    default: nil
    }
    guard let edit else { return [] }
    var draft = Draft(text: text, cursor: text.count - state.composerCursor)
    draft.apply(edit)
    state.mode = .composing(text: draft.text)
    state.composerCursor = draft.text.count - draft.cursor
    return []
}

/// Quits, unless the server this process hosts has other users: then asks first.
func quit(_ state: inout AppState) -> [Effect] {
    let others = state.host?.inboxes.filter { $0.owner != state.identity }.map(\.owner) ?? []
    guard !others.isEmpty else { return [.quit] }
    state.confirmingQuit = true
    let names = others.prefix(3).joined(separator: ", ") + (others.count > 3 ? "…" : "")
    state.notice = "stop the server? \(others.count == 1 ? "1 other uses" : "\(others.count) others use") it (\(names)): q or y stops it, any other key goes on"
    return []
}

private func promptKey(_ action: Action?, key: Key, prompt: AppState.Prompt, text: String, in state: inout AppState) -> [Effect] {
    if prompt == .filter {
        // The filter applies as it is typed; Enter keeps it, Esc clears it.
        switch action {
        case .close: setFilter("", in: &state)
        case .accept: break
        default:
            let text = edited(text, by: action, key: key)
            setFilter(text, in: &state)
            state.mode = .prompting(.filter, text: text)
            return []
        }
        state.mode = .browsing
        return []
    }
    switch action {
    case .close:
        state.mode = .browsing
    case .accept:
        state.mode = .browsing
        let value = text.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return [] }
        switch prompt {
        case .newPeer:
            state.selectedPeer = peerIndex(value, in: &state)
        case .savePath:
            guard let entry = state.currentEntry else { return [] }
            return [.save(path: value, body: entry.body)]
        case .filter:
            break
        }
    default:
        state.mode = .prompting(prompt, text: edited(text, by: action, key: key))
    }
    return []
}

private func paste(_ text: String, in state: inout AppState) -> [Effect] {
    switch state.mode {
    case .composing(let current):
        var draft = Draft(text: current, cursor: current.count - state.composerCursor)
        draft.apply(.insert(text))
        state.mode = .composing(text: draft.text)
    case .prompting(let prompt, let current):
        let text = current + text.filter { !$0.isNewline }
        state.mode = .prompting(prompt, text: text)
        if prompt == .filter { setFilter(text, in: &state) }
    case .browsing where state.view == .host:
        break  // the composer belongs to the peer view
    case .browsing:
        startComposing(text, in: &state)
    case .help, .inspecting, .banner:
        break
    }
    return []
}

/// Sends the composer's text to the selected peer, logging it as "sending" until the result.
private func send(_ text: String, in state: inout AppState) -> [Effect] {
    guard let peer = state.target, !text.isEmpty else {
        state.notice = "nothing to send"
        return []
    }
    let body = Array(text.utf8)
    let contentType = ContentTypeGuess.of(body)
    let id = state.nextEntryID
    append(LogEntry(id: id, time: state.now, peer: peer.name, direction: .sent(.sending), body: body, contentType: contentType), to: &state)
    state.peers[state.selectedPeer!].lastActivity = state.now
    state.mode = .browsing
    return [.send(id: id, to: peer.name, body: body, contentType: contentType)]
}

private func startComposing(_ text: String, in state: inout AppState) {
    guard let target = state.target else {
        state.notice = "no peer selected: press n to add one"
        return
    }
    if text.isEmpty, let kept = state.keptDraft, kept.peer == target.name {
        state.keptDraft = nil
        state.mode = .composing(text: kept.text)
        state.composerCursor = kept.cursorFromEnd
        return
    }
    state.mode = .composing(text: text)
    state.composerCursor = 0
}

/// Sets the filter of the view on screen: the message list, or the host's inboxes.
private func setFilter(_ text: String, in state: inout AppState) {
    if state.view == .host, var host = state.host {
        host.filter = text
        let visible = Filter.visibleInboxes(in: host)
        if let selected = host.selectedInbox, !visible.contains(selected) { host.selectedInbox = visible.first }
        state.host = host
    } else {
        state.filter = text
        if let selected = state.selectedEntry, !Filter.visibleEntries(in: state).contains(selected) {
            state.selectedEntry = nil
        }
    }
}

private func append(_ entry: LogEntry, to state: inout AppState) {
    state.log.append(entry)
    state.nextEntryID += 1
}

/// A message from `peer` received at `time` shows that they read their inbox after everything
/// of ours that the server had taken before they wrote it.
private func markRepliedSince(before time: Date, by peer: String, in state: inout AppState) {
    for index in state.log.indices where state.log[index].peer == peer
        && state.log[index].direction == .sent(.queued) && state.log[index].time <= time {
        state.log[index].direction = .sent(.repliedSince)
    }
}

/// The index of the peer named `name`, added if new.
private func peerIndex(_ name: String, in state: inout AppState) -> Int {
    if let index = state.peers.firstIndex(where: { $0.name == name }) { return index }
    state.peers.append(Peer(name: name))
    return state.peers.count - 1
}

/// A prompt's text after a key: typing appends, backspace deletes, ^U clears.
private func edited(_ text: String, by action: Action?, key: Key) -> String {
    switch (action, key) {
    case (.deleteBackward, _): String(text.dropLast())
    case (.deleteToLineStart, _): ""
    case (_, .character(let character)): text + String(character)
    default: text
    }
}

private func fileExtension(for entry: LogEntry) -> String {
    switch entry.kind {
    case .binary: "bin"
    case .offer, .answer, .sdp, .candidate, .bye, .text:
        MessageKind.jsonObject(String(decoding: entry.body, as: UTF8.self)) != nil ? "json"
            : [.offer, .answer, .sdp].contains(entry.kind) ? "sdp" : "txt"
    }
}
