import Foundation

/// What a program printed (stdout and stderr together) and how it exited.
public struct ProgramResult: Sendable {
    public let status: Int32
    public let output: String
}

/// Runs a program found on PATH to completion and returns its exit status and output.
///
/// It is spawned and waited for directly (posix_spawnp, waitpid), not with Foundation's
/// `Process`, which here missed the exit of a program that had started a daemon (tmux's
/// client starting its server) and left the test waiting. The child starts with no signal
/// blocked, since the threads tests run on (libdispatch's) block nearly all of them and a
/// daemon started with that mask never hears SIGCHLD, and with none of the test's files or
/// sockets open, which a daemon would otherwise keep open. A program still running after
/// `timeout` is killed and reported as an error, so no test can wait forever.
public func runProgram(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> ProgramResult {
    // The output goes to a file, not a pipe: a program may leave a daemon behind that holds
    // its output open long after the program itself has exited.
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-program-\(UUID())").path
    defer { unlink(outputPath) }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    guard closeFrom(&actions, 3) == 0 else { throw ProgramNotStarted(arguments: arguments, errno: errno) }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

    var pid: pid_t = 0
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
    guard spawned == 0 else { throw ProgramNotStarted(arguments: arguments, errno: spawned) }

    let deadline = ContinuousClock.now + timeout
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
        guard ContinuousClock.now < deadline else {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            throw ProgramTimeout(arguments: arguments, timeout: timeout)
        }
        usleep(5_000)
    }
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let printed = FileManager.default.contents(atPath: outputPath) ?? Data()
    return ProgramResult(status: exitStatus, output: String(decoding: printed, as: UTF8.self))
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
/// module does not import: the child closes every descriptor from `lowest` up.
private let closeFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
        fatalError("this glibc lacks posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later needed)")
    }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
}()

/// A program that could not be started.
public struct ProgramNotStarted: Error, CustomStringConvertible {
    public let arguments: [String]
    public let errno: Int32
    public var description: String { "cannot start \(arguments.joined(separator: " ")): \(String(cString: strerror(errno)))" }
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
