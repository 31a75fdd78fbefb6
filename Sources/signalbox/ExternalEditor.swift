import Foundation

/// Runs `$VISUAL` or `$EDITOR` (else `vi`) on a temporary file, for bodies too long to type
/// on one line.
enum ExternalEditor {
    /// The edited text without its final newline, or nil if the editor failed or left it empty.
    static func edit(_ text: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        let editor = environment["VISUAL"] ?? environment["EDITOR"] ?? "vi"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try Data(text.utf8).write(to: file)
            // The editor may carry arguments ("code --wait"): let the shell split them.
            guard run(["/bin/sh", "-c", "\(editor) \"$1\"", "editor", file.path]) == 0 else { return nil }
            var edited = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            if edited.hasSuffix("\n") { edited.removeLast() }
            return edited.isEmpty ? nil : edited
        } catch {
            return nil
        }
    }

    /// Runs a program in this process group, on this terminal, and waits for it. (Foundation's
    /// Process gives the child a group of its own, which the terminal then stops when it reads.)
    private static func run(_ arguments: [String]) -> Int32 {
        var pid = pid_t()
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, arguments[0], nil, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }
}
