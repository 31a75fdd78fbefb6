extension KeyTable {
    /// The key tables as Markdown, for the README: the same source as the key handling and the
    /// help screen, so the three cannot disagree (a test compares the README with this).
    public static func markdown() -> String {
        let sections: [(String, [KeyBinding])] = [
            ("Messages (the peer view)", browsing), ("Inspector", inspecting), ("Composer", composing), ("Host view", hosting),
            ("Host view in `signalbox demo`, besides", demo),
        ]
        return sections.map { title, table in
            let rows = table.map { binding in
                let keys = binding.label.split(separator: "/")
                let label = keys.isEmpty ? "`\(binding.label)`" : keys.map { "`\($0)`" }.joined(separator: "/")
                return "| \(label) | \(binding.summary.replacingOccurrences(of: "|", with: "\\|")) |"
            }
            return (["**\(title)**", "", "| key | does |", "| --- | --- |"] + rows).joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
