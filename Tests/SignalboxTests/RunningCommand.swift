import Foundation

/// The real `signalbox` binary, run as a user would run it.
final class RunningCommand: Sendable {
    let process: Process
    /// Where its output goes: a file rather than a pipe, since a pipe's readability handler
    /// (a libdispatch source) crashed the test process once when the pipe closed under it.
    private let outputPath: String

    /// The built executable, beside the test bundle.
    static let executable = URL(fileURLWithPath: Bundle.main.bundlePath).appendingPathComponent("signalbox")

    init(_ arguments: [String], environment: [String: String] = [:], standardInput: [UInt8]? = nil) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("SIGNALBOX_") }
            .merging(environment) { $1 }
        let input = Pipe()
        process.standardInput = input
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-command-\(UUID())").path
        guard FileManager.default.createFile(atPath: outputPath, contents: nil),
              let output = FileHandle(forWritingAtPath: outputPath)
        else { throw CommandFailure("cannot create \(outputPath)") }
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        self.process = process
        try process.run()
        if let standardInput { input.fileHandleForWriting.write(Data(standardInput)) }
        try input.fileHandleForWriting.close()
    }

    deinit {
        unlink(outputPath)
    }

    /// Everything it printed so far, stdout and stderr together.
    var printed: String {
        String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
    }

    /// Waits (at most 10 s) until it has printed `text`.
    func waitForOutput(containing text: String) async throws -> String {
        for _ in 0..<1000 {
            let printed = self.printed
            if printed.contains(text) { return printed }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CommandFailure("never printed '\(text)'; printed: \(printed)")
    }

    /// Waits (at most 10 s) for it to exit, and returns its exit status.
    func exitStatus() async throws -> Int32 {
        for _ in 0..<1000 where process.isRunning {
            try await Task.sleep(for: .milliseconds(10))
        }
        guard !process.isRunning else {
            process.terminate()
            throw CommandFailure("did not exit; printed: \(printed)")
        }
        return process.terminationStatus
    }

    /// Runs to completion and returns the exit status and everything printed.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], standardInput: [UInt8]? = nil
    ) async throws -> (status: Int32, printed: String) {
        let command = try RunningCommand(arguments, environment: environment, standardInput: standardInput)
        let status = try await command.exitStatus()
        return (status, command.printed)
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
