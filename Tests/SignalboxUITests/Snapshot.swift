import Foundation
import SignalboxUI
import Testing

/// Compares a rendered grid with a golden text file in `Snapshots/`. Run the tests with
/// `SIGNALBOX_RECORD_SNAPSHOTS=1` to write the files anew, then review the diff.
func expectSnapshot(_ grid: Grid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent("\(name).txt")
    let rendered = grid.lines.map { line in
        // Trailing blanks are invisible in a text file: mark the right edge instead.
        line + "|"
    }.joined(separator: "\n") + "\n"
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
