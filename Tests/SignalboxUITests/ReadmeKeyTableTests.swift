import Foundation
import SignalboxUI
import Testing

/// The README's key tables are the key table: generated from it, checked against it. Run with
/// `SIGNALBOX_RECORD_SNAPSHOTS=1` to write them anew after changing a key.
@Suite struct ReadmeKeyTableTests {
    static let begin = "<!-- keys: generated from KeyTable by Tests/SignalboxUITests/ReadmeKeyTableTests.swift -->"
    static let end = "<!-- /keys -->"

    @Test func theReadmeListsExactlyTheKeysOfTheKeyTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(readme.range(of: Self.begin), "README.md has no \(Self.begin)")
        let stop = try #require(readme.range(of: Self.end, range: start.upperBound..<readme.endIndex))
        let generated = "\n" + KeyTable.markdown() + "\n"
        if ProcessInfo.processInfo.environment["SIGNALBOX_RECORD_SNAPSHOTS"] != nil {
            try readme.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: generated)
                .write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(readme[start.upperBound..<stop.lowerBound]) == generated, "README's key table differs from KeyTable:\n\(generated)")
    }
}
