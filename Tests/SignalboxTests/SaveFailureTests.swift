import Foundation
import Testing
@testable import signalbox

/// A failed save says why in a few words, not in Foundation's long sentence.
@Suite struct SaveFailureTests {
    @Test func anExistingFileAndAMissingDirectoryAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-save-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let existing = directory.appendingPathComponent("message-1.json")
        try Data("x".utf8).write(to: existing)
        do {
            try Data("y".utf8).write(to: existing, options: .withoutOverwriting)
            Issue.record("overwrote an existing file")
        } catch {
            #expect(SaveFailure.reason(error) == "a file of that name exists already")
        }
        do {
            try Data("y".utf8).write(to: directory.appendingPathComponent("missing/message-1.json"), options: .withoutOverwriting)
            Issue.record("wrote into a missing directory")
        } catch {
            #expect(SaveFailure.reason(error) == "its directory does not exist")
        }
    }
}
