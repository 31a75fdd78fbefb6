import Foundation
import Testing
import TestSupport
@testable import signalbox

/// `signalbox --version` and `-V`: the version written once in the source, and the commit the
/// binary was built from.
@Suite struct VersionTests {
    @Test(arguments: [["--version"], ["-V"], ["serve", "--version"]])
    func theVersionAndTheCommitItWasBuiltFrom(arguments: [String]) async throws {
        let (status, printed) = try await RunningCommand.run(arguments)
        #expect(status == 0)
        let line = printed.trimmingCharacters(in: .whitespacesAndNewlines)
        let match = try #require(line.wholeMatch(of: /(\d+\.\d+\.\d+) \(commit ([0-9a-f]{12})(-dirty)?\)/), "\(line)")
        #expect(String(match.1) == SignalboxVersion.number)
        // The tests run in the repository that was built: the commit is one of its own.
        let known = try runProgram(["git", "-C", packageRoot.path, "cat-file", "-e", "\(match.2)^{commit}"])
        #expect(known.status == 0, "\(match.2) is not a commit here: \(known.output)")
    }

    @Test func aLoneDashVOnlyStandsForVersionAlone() async throws {
        // Anywhere else -V is not an option of signalbox, and says so.
        let (status, printed) = try await RunningCommand.run(["serve", "-V", "--bind", "127.0.0.1:0"])
        #expect(status == 2)
        #expect(printed.contains("-V"), "\(printed)")
    }
}

/// The repository this test file is in.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
