import Foundation
import MailboxCore
import SignalboxUI

/// The host log's lines for the store's events: each event in plain words, except that past
/// the first few of one kind within a second, the rest of that kind are counted and told in
/// one line when the second is over ("1,201 more inboxes opened in the last second"). A burst
/// of 20,000 new inboxes is then a handful of lines, not 20,000 that push everything else out
/// of the log and cost a line of words each.
struct HostLogDigest {
    /// Events of one kind told one by one in a second before the rest are counted.
    static let individually = 3

    private var windowStart: Date?
    /// Per kind (its plural noun phrase): how many came in this second.
    private var counts: [String: Int] = [:]
    /// The kinds that passed `individually`, in the order they did, with their singular.
    private var overflowing: [(one: String, many: String)] = []

    /// The lines for `events`, which happened at their dates, then the counts of a second
    /// that is over by `now`.
    mutating func lines(for events: [(date: Date, event: MailboxEvent)], now: Date) -> [HostLogLine] {
        var lines: [HostLogLine] = []
        for (date, event) in events {
            lines += closeWindow(ifOverAt: date)
            if windowStart == nil { windowStart = date }
            let kind = HostEventWording.kind(of: event)
            let count = counts[kind.many, default: 0] + 1
            counts[kind.many] = count
            if count <= Self.individually {
                lines.append(HostLogLine(time: date, text: HostEventWording.describe(event)))
            } else if count == Self.individually + 1 {
                overflowing.append(kind)
            }
        }
        return lines + closeWindow(ifOverAt: now)
    }

    private mutating func closeWindow(ifOverAt date: Date) -> [HostLogLine] {
        guard let start = windowStart, date.timeIntervalSince(start) >= 1 else { return [] }
        let lines = overflowing.map { kind in
            let more = counts[kind.many, default: 0] - Self.individually
            return HostLogLine(
                time: date, text: "\(Self.grouped(more)) more \(more == 1 ? kind.one : kind.many) in the last second")
        }
        windowStart = nil
        counts = [:]
        overflowing = []
        return lines
    }

    /// "1,204": a count with its thousands marked, whatever the locale.
    static func grouped(_ count: Int) -> String {
        let digits = String(count)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
