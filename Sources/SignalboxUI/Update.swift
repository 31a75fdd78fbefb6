import Foundation

/// Applies one event to the state and returns the work the runtime must do for it.
public func update(_ state: inout AppState, _ event: Event) -> [Effect] {
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
        append(LogEntry(id: state.nextEntryID, time: time, peer: sender, direction: .received, body: body, contentType: contentType), to: &state)
        let index = peerIndex(sender, in: &state)
        state.peers[index].lastActivity = time
        if state.selectedPeer == nil { state.selectedPeer = index }
    case .sendFinished(let id, let error):
        guard let index = state.log.firstIndex(where: { $0.id == id }) else { break }
        state.log[index].direction = .sent(error.map { .failed($0) } ?? .delivered)
        if let error { state.notice = "not sent to \(state.log[index].peer): \(error)" }
    case .editorFinished(let text):
        if let text, !text.isEmpty, state.target != nil {
            state.mode = .composing(text: text)
        } else {
            state.notice = "nothing to send: the editor was closed without text"
        }
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
    case .key(let key):
        state.notice = nil
        switch state.mode {
        case .browsing where state.view == .host:
            return KeyTable.action(for: key, in: KeyTable.hosting).map { performHost($0, in: &state) } ?? []
        case .browsing:
            return KeyTable.action(for: key, in: KeyTable.browsing).map { perform($0, in: &state) } ?? []
        case .help:
            state.mode = .browsing  // any key closes the help
            return []
        case .inspecting(let offset):
            return inspect(key, offset: offset, in: &state)
        case .composing(let text):
            return compose(key, text: text, in: &state)
        case .prompting(let prompt, let text):
            return promptKey(key, prompt: prompt, text: text, in: &state)
        }
    }
}

private func perform(_ action: Action, in state: inout AppState) -> [Effect] {
    switch action {
    case .quit:
        return [.quit]
    case .help:
        state.mode = .help
    case .close:
        state.mode = .browsing
    case .previous:
        guard !state.log.isEmpty else { break }
        state.selectedEntry = max(0, (state.selectedEntry ?? state.log.count - 1) - 1)
    case .next:
        guard let selected = state.selectedEntry else { break }
        state.selectedEntry = selected + 1 >= state.log.count - 1 ? nil : selected + 1
    case .first:
        state.selectedEntry = state.log.isEmpty ? nil : 0
    case .last:
        state.selectedEntry = nil
    case .pageUp, .pageDown, .toggleStepMode, .releaseOldest, .releaseAll, .holdInbox, .sequenceDiagram:
        break  // not keys of the message log
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
    case .copy:
        guard let entry = state.currentEntry else { break }
        let text = String(validating: entry.body, as: UTF8.self) ?? Data(entry.body).base64EncodedString()
        state.notice = "copied \(ByteCountText.of(entry.body.count)) to the clipboard"
        return [.copy(text)]
    case .save:
        guard let entry = state.currentEntry else { break }
        state.mode = .prompting(.savePath, text: "message-\(entry.id).\(fileExtension(for: entry))")
    }
    return []
}

private func performHost(_ action: Action, in state: inout AppState) -> [Effect] {
    guard var host = state.host else { return [] }
    switch action {
    case .quit:
        return [.quit]
    case .help:
        state.mode = .help
    case .switchView:
        state.view = .peer
    case .previous:
        host.selectedInbox = max(0, (host.selectedInbox ?? 0) - 1)
    case .next:
        host.selectedInbox = min(max(0, host.inboxes.count - 1), (host.selectedInbox ?? -1) + 1)
    case .copy:
        state.notice = "copied: \(host.join.command)"
        return [.copy(host.join.command)]
    default:
        let effects = controlHost(action, in: &host, notice: &state.notice)
        state.host = host
        return effects
    }
    if host.inboxes.isEmpty { host.selectedInbox = nil }
    state.host = host
    return []
}

private func inspect(_ key: Key, offset: Int, in state: inout AppState) -> [Effect] {
    let page = max(1, state.height - 4)
    switch KeyTable.action(for: key, in: KeyTable.inspecting) {
    case .close: state.mode = .browsing
    case .previous: state.mode = .inspecting(offset: max(0, offset - 1))
    case .next: state.mode = .inspecting(offset: offset + 1)
    case .pageUp: state.mode = .inspecting(offset: max(0, offset - page))
    case .pageDown: state.mode = .inspecting(offset: offset + page)
    case .copy, .save: return perform(KeyTable.action(for: key, in: KeyTable.inspecting)!, in: &state)
    default: break
    }
    return []
}

private func compose(_ key: Key, text: String, in state: inout AppState) -> [Effect] {
    switch KeyTable.action(for: key, in: KeyTable.composing) {
    case .compose:
        return send(text, in: &state)
    case .close:
        state.mode = .browsing
    case .composeInEditor:
        return [.openEditor(text)]
    default:
        state.mode = .composing(text: edited(text, with: key))
    }
    return []
}

private func promptKey(_ key: Key, prompt: AppState.Prompt, text: String, in state: inout AppState) -> [Effect] {
    switch key {
    case .escape:
        state.mode = .browsing
    case .enter:
        state.mode = .browsing
        let value = text.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return [] }
        switch prompt {
        case .newPeer:
            state.selectedPeer = peerIndex(value, in: &state)
        case .savePath:
            guard let entry = state.currentEntry else { return [] }
            return [.save(path: value, body: entry.body)]
        }
    default:
        state.mode = .prompting(prompt, text: edited(text, with: key))
    }
    return []
}

private func paste(_ text: String, in state: inout AppState) -> [Effect] {
    switch state.mode {
    case .composing(let current):
        state.mode = .composing(text: current + text)
    case .prompting(let prompt, let current):
        state.mode = .prompting(prompt, text: current + text.filter { !$0.isNewline })
    case .browsing:
        startComposing(text, in: &state)
    case .help, .inspecting:
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
    let contentType = MessageKind.jsonObject(text) != nil ? "application/json" : "text/plain; charset=utf-8"
    let id = state.nextEntryID
    append(LogEntry(id: id, time: state.now, peer: peer.name, direction: .sent(.sending), body: body, contentType: contentType), to: &state)
    state.peers[state.selectedPeer!].lastActivity = state.now
    state.mode = .browsing
    return [.send(id: id, to: peer.name, body: body, contentType: contentType)]
}

private func startComposing(_ text: String, in state: inout AppState) {
    guard state.target != nil else {
        state.notice = "no peer selected: press n to add one"
        return
    }
    state.mode = .composing(text: text)
}

private func append(_ entry: LogEntry, to state: inout AppState) {
    state.log.append(entry)
    state.nextEntryID += 1
}

/// The index of the peer named `name`, added if new.
private func peerIndex(_ name: String, in state: inout AppState) -> Int {
    if let index = state.peers.firstIndex(where: { $0.name == name }) { return index }
    state.peers.append(Peer(name: name))
    return state.peers.count - 1
}

/// `text` after a key in a one-line editor: typing appends, backspace deletes, ^U clears.
private func edited(_ text: String, with key: Key) -> String {
    switch key {
    case .character(let character): text + String(character)
    case .backspace, .delete: String(text.dropLast())
    case .control("u"): ""
    default: text
    }
}

private func fileExtension(for entry: LogEntry) -> String {
    switch entry.kind {
    case .binary: "bin"
    case .offer, .answer, .candidate, .bye, .text:
        MessageKind.jsonObject(String(decoding: entry.body, as: UTF8.self)) != nil ? "json"
            : entry.kind == .offer || entry.kind == .answer ? "sdp" : "txt"
    }
}
