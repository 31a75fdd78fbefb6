import Foundation
import SignalboxUI
import Testing

/// Compares a rendered grid with a golden text file in `Snapshots/`: its text, then its styles,
/// so that a change of color or attribute fails as a change of text does (ratatui's buffer
/// tests compare both). Run the tests with `SIGNALBOX_RECORD_SNAPSHOTS=1` to write the files
/// anew, then review the diff.
func expectSnapshot(_ grid: Grid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent("\(name).txt")
    let rendered = SnapshotText.of(grid)
    if ProcessInfo.processInfo.environment["SIGNALBOX_RECORD_SNAPSHOTS"] != nil {
        try rendered.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no snapshot \(name).txt: record it with SIGNALBOX_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    #expect(rendered == golden, "snapshot \(name) differs:\n\(rendered)", sourceLocation: sourceLocation)
}

/// A grid as a golden file: the text, one line a row; then a row of style codes for each row,
/// one code a cell (`.` plain; the right half of a wide character has its left half's); then
/// what each code means, in the order the codes first appear.
enum SnapshotText {
    static let codes = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func of(_ grid: Grid) -> String {
        // Trailing blanks are invisible in a text file: mark the right edge instead.
        let text = grid.lines.map { $0 + "|" }
        var legend: [Style] = []
        let styles = (0..<grid.height).map { y in
            (0..<grid.width).reduce(into: "") { row, x in
                let style = grid[x, y].style
                guard style != .plain else { return row.append(".") }
                let index = legend.firstIndex(of: style) ?? {
                    legend.append(style)
                    return legend.count - 1
                }()
                row.append(index < codes.count ? codes[index] : "?")
            } + "|"
        }
        let meanings = legend.enumerated().map { index, style in
            "\(index < codes.count ? codes[index] : "?") \(describe(style))"
        }
        return (text + ["", "styles:"] + styles + [""] + meanings).joined(separator: "\n") + "\n"
    }

    /// "fg=red bg=blue bold reverse": only what differs from the terminal's default.
    static func describe(_ style: Style) -> String {
        var parts: [String] = []
        if style.foreground != .default { parts.append("fg=\(style.foreground)") }
        if style.background != .default { parts.append("bg=\(style.background)") }
        let attributes = [(style.bold, "bold"), (style.dim, "dim"), (style.reverse, "reverse"), (style.underline, "underline")]
        parts += attributes.filter(\.0).map(\.1)
        return parts.joined(separator: " ")
    }
}
