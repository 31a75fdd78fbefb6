import Foundation

/// What a program printed (stdout and stderr together) and how it exited.
public struct ProgramResult: Sendable {
    public let status: Int32
    public let output: String
}

/// Runs a program found on PATH to completion and returns its exit status and output.
///
/// It waits through the termination handler, never `Process.waitUntilExit()`, which spins a run
/// loop and can hang forever when called off the main thread on Linux. A program still running
/// after `timeout` is killed and reported as an error, so no test can wait forever.
public func runProgram(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> ProgramResult {
    // The output goes to a file, not a pipe: a program may leave a daemon behind (tmux starts
    // its server so) that holds the output open long after the program itself has exited.
    let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-program-\(UUID())")
    guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
        throw CocoaError(.fileWriteUnknown)
    }
    defer { try? FileManager.default.removeItem(at: outputURL) }
    let output = try FileHandle(forWritingTo: outputURL)
    defer { try? output.close() }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = output
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()

    let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
    guard exited.wait(timeout: .now() + seconds) == .success else {
        process.terminate()
        throw ProgramTimeout(arguments: arguments, timeout: timeout)
    }
    let printed = try Data(contentsOf: outputURL)
    return ProgramResult(status: process.terminationStatus, output: String(decoding: printed, as: UTF8.self))
}

/// A program that did not finish in its time.
public struct ProgramTimeout: Error, CustomStringConvertible {
    public let arguments: [String]
    public let timeout: Duration
    public var description: String { "\(arguments.joined(separator: " ")) did not finish within \(timeout)" }
}

/// ``runProgram(_:timeout:)`` on a thread of its own, for a program that may run a while (a
/// long poll, say): the test waits for it without holding one of the few threads tests share.
public func runProgramInBackground(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ProgramResult {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try runProgram(arguments, timeout: timeout) })
        }
    }
}
