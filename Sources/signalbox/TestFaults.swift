import MailboxCore

/// The test faults a mailbox injects, in the words of its start line and the host's header.
enum TestFaults {
    /// "delay 200 ms, drop 10 %", or nil when no fault is on.
    static func describe(_ configuration: MailboxConfiguration) -> String? {
        var faults: [String] = []
        if configuration.delay > .zero {
            faults.append("delay \(Int((configuration.delay.seconds * 1000).rounded())) ms")
        }
        if configuration.dropPercent > 0 {
            faults.append("drop \(configuration.dropPercent) %")
        }
        return faults.isEmpty ? nil : faults.joined(separator: ", ")
    }
}
