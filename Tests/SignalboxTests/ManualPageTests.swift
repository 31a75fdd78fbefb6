import Foundation
import Testing
import TestSupport

/// docs/signalbox.1, generated from the command definitions by `scripts/manual.sh`, still says
/// what the binary does, and renders cleanly.
///
/// The page is compared with what the binary says of itself (`--experimental-dump-help`, the
/// same description the generator reads): every command, flag and help text must be on the
/// page, and every flag on the page must exist. A flag added, renamed or reworded without
/// regenerating the page fails here.
@Suite struct ManualPageTests {
    static let page = packageRoot.appending(path: "docs/signalbox.1").path

    @Test func manRendersThePageWithoutAWarning() throws {
        let rendered = try runProgram(["sh", "-c", "MANWIDTH=80 man --warnings -l '\(Self.page)' 2>&1 >/dev/null"])
        #expect(rendered.status == 0)
        #expect(rendered.output.isEmpty, "\(rendered.output)")
        let text = try Self.renderedText()
        #expect(text.contains("--inbox-timeout seconds Seconds without a GET"), "\(text.prefix(500))")
    }

    @Test func everyCommandFlagAndHelpTextOfTheBinaryIsOnThePage() async throws {
        let text = try Self.renderedText()
        let (status, printed) = try await RunningCommand.run(["--experimental-dump-help"])
        #expect(status == 0)
        let dump = try #require(JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any])
        let root = try #require(dump["command"] as? [String: Any])

        var missing: [String] = []
        for command in Self.commands(in: root) {
            let name = command["commandName"] as? String ?? "?"
            for key in ["abstract", "discussion"] {
                if let words = command[key] as? String, !text.contains(Self.normalized(words)) {
                    missing.append("\(name) \(key): \(words)")
                }
            }
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool ?? true {
                for flag in Self.longNames(of: argument) where !text.contains("--\(flag)") {
                    missing.append("\(name) --\(flag)")
                }
                if let abstract = argument["abstract"] as? String, !text.contains(Self.normalized(abstract)) {
                    missing.append("\(name) \(Self.longNames(of: argument).first.map { "--\($0)" } ?? "argument"): \(abstract)")
                }
            }
        }
        #expect(missing.isEmpty, "not on the page (run scripts/manual.sh): \(missing)")

        let known = Set(Self.commands(in: root).flatMap { ($0["arguments"] as? [[String: Any]] ?? []).flatMap(Self.longNames) })
        let onThePage = Set(text.matches(of: /--([a-z][a-z0-9-]*)/).map { String($0.1) })
        #expect(onThePage.subtracting(known).isEmpty, "on the page but not in the binary (run scripts/manual.sh): \(onThePage.subtracting(known).sorted())")
    }

    /// The page as `man` shows it, on one long line with single spaces: line breaks and
    /// hyphenation depend on the width, the words do not.
    static func renderedText() throws -> String {
        let rendered = try runProgram(["sh", "-c", "MANWIDTH=1000 MAN_KEEP_FORMATTING= man -l '\(page)' 2>/dev/null | col -b"])
        return normalized(rendered.output)
    }

    /// Text with every run of white space as one space. The generator drops non-ASCII
    /// characters, so they are dropped here too.
    static func normalized(_ text: String) -> String {
        text.filter(\.isASCII).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func commands(in command: [String: Any]) -> [[String: Any]] {
        [command] + (command["subcommands"] as? [[String: Any]] ?? []).flatMap(commands)
    }

    static func longNames(of argument: [String: Any]) -> [String] {
        (argument["names"] as? [[String: Any]] ?? []).compactMap { name in
            name["kind"] as? String == "long" ? name["name"] as? String : nil
        }
    }
}
