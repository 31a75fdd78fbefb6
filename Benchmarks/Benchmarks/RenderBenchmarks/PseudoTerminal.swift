import Foundation
import Terminal

/// A pseudo-terminal standing in for the user's terminal, so that a benchmark can open the
/// real ncurses screen and time what a frame costs to write: the process's standard input and
/// output become its terminal side, and a thread reads and drops whatever ncurses writes, as
/// a terminal emulator would read it.
final class PseudoTerminal: @unchecked Sendable {
    private let controller: Int32
    private let savedInput: Int32
    private let savedOutput: Int32

    init(width: Int, height: Int) {
        var controller: Int32 = -1
        var terminal: Int32 = -1
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        precondition(openpty(&controller, &terminal, nil, nil, &size) == 0, "no pseudo-terminal")
        self.controller = controller
        savedInput = dup(STDIN_FILENO)
        savedOutput = dup(STDOUT_FILENO)
        dup2(terminal, STDIN_FILENO)
        dup2(terminal, STDOUT_FILENO)
        Foundation.close(terminal)
        setenv("TERM", "xterm-256color", 1)
        let controllerSide = controller
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while read(controllerSide, &buffer, buffer.count) > 0 {}
        }
    }

    /// Gives the process its own input and output back.
    func restore() {
        dup2(savedInput, STDIN_FILENO)
        dup2(savedOutput, STDOUT_FILENO)
    }
}

/// glibc's `openpty` (in libc since 2.34), which Swift's Glibc module does not import.
private let openpty: @convention(c) (
    UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<CChar>?, UnsafeRawPointer?,
    UnsafeRawPointer?
) -> Int32 = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openpty") else {
        fatalError("this libc has no openpty")
    }
    return unsafeBitCast(symbol, to: (@convention(c) (
        UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<CChar>?, UnsafeRawPointer?,
        UnsafeRawPointer?
    ) -> Int32).self)
}()
