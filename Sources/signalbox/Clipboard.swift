import Foundation
import SignalboxUI
import Terminal

/// Where a copy goes: the command in `$SIGNALBOX_COPY` (run by the shell, text on its standard
/// input), else wl-copy under Wayland or xclip/xsel under X when one is installed, else the
/// terminal itself through OSC 52, which nothing confirms.
enum Clipboard {
    static func copy(_ text: String, screen: TerminalScreen, environment: [String: String] = ProcessInfo.processInfo.environment) -> CopyOutcome {
        guard let (executable, arguments, name) = command(in: environment) else {
            screen.sendToClipboard(text)
            return .terminal
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let input = Pipe()
        process.standardInput = input
        // The screen belongs to the UI: the command must not write on it.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
            try input.fileHandleForWriting.close()
        } catch {
            return .failed("\(name) could not be run (\(error.localizedDescription))")
        }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? .command(name) : .failed("\(name) exited with \(process.terminationStatus)")
    }

    /// The copy command to run, if any: its path, arguments and the name to show.
    private static func command(in environment: [String: String]) -> (String, [String], String)? {
        if let custom = environment["SIGNALBOX_COPY"], !custom.isEmpty {
            return ("/bin/sh", ["-c", custom], "$SIGNALBOX_COPY")
        }
        let candidates: [(String, [String], Bool)] = [
            ("wl-copy", [], environment["WAYLAND_DISPLAY"] != nil),
            ("xclip", ["-selection", "clipboard"], environment["DISPLAY"] != nil),
            ("xsel", ["--clipboard", "--input"], environment["DISPLAY"] != nil),
        ]
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for (name, arguments, usable) in candidates where usable {
            if let directory = path.first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }) {
                return ("\(directory)/\(name)", arguments, name)
            }
        }
        return nil
    }
}
