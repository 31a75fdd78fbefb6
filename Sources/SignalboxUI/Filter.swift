import Foundation

/// What `/` filters on: a message by its peer, type and text; an inbox by its owner and the
/// senders and types of what waits in it. Case does not matter.
public enum Filter {
    public static func matches(_ entry: LogEntry, _ query: String) -> Bool {
        guard !query.isEmpty else { return true }
        return [entry.peer, entry.kind.badge, MessageKind.summary(of: entry.body, kind: entry.kind, glyphs: .unicode),
                String(decoding: entry.body, as: UTF8.self)]
            .contains { contains($0, query) }
    }

    public static func matches(owner: String, messages: [PendingMessage], _ query: String) -> Bool {
        guard !query.isEmpty else { return true }
        return contains(owner, query) || messages.contains { contains($0.sender, query) || contains($0.kind.badge, query) }
    }

    /// The indices into the log of the messages the list shows, oldest first: those that match
    /// the filter and, when following one peer (`f`), belong to the selected peer's conversation.
    public static func visibleEntries(in state: AppState) -> [Int] {
        let peer = state.followsPeer ? state.target?.name : nil
        guard !state.filter.isEmpty || peer != nil else { return Array(state.log.indices) }
        return state.log.indices.filter { index in
            let entry = state.log[index]
            return (peer == nil || entry.peer == peer) && matches(entry, state.filter)
        }
    }

    private static func contains(_ text: String, _ query: String) -> Bool {
        text.range(of: query, options: .caseInsensitive) != nil
    }
}
