import Foundation
import Testing
import TestSupport

/// `scripts/install.sh PREFIX` with the binary under test, and the systemd unit in docs/
/// checked against what it installed.
@Suite struct InstallTests {
    @Test func installPutsTheBinaryTheManPageAndCompletionsUnderThePrefix() throws {
        let prefix = try temporaryDirectory("install")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let installed = try runProgram(
            ["env", "SIGNALBOX_BINARY=\(RunningCommand.executable.path)", packageRoot.appending(path: "scripts/install.sh").path, prefix.path],
            timeout: .seconds(120))
        #expect(installed.status == 0, "\(installed.output)")

        let version = try runProgram([prefix.appending(path: "bin/signalbox").path, "--version"])
        #expect(version.status == 0 && version.output.hasPrefix("0."), "\(version.output)")
        let page = prefix.appending(path: "share/man/man1/signalbox.1")
        #expect(FileManager.default.contents(atPath: page.path) == FileManager.default.contents(atPath: packageRoot.appending(path: "docs/signalbox.1").path))
        // man finds it by name under the prefix, as it would under /usr/local.
        let found = try runProgram(["env", "MANPATH=\(prefix.path)/share/man", "man", "-w", "signalbox"])
        #expect(found.output.trimmingCharacters(in: .whitespacesAndNewlines) == page.path, "\(found.output)")

        let completions = [
            ("share/bash-completion/completions/signalbox", "complete"),
            ("share/zsh/site-functions/_signalbox", "#compdef signalbox"),
            ("share/fish/vendor_completions.d/signalbox.fish", "complete -c 'signalbox'"),
        ]
        for (path, marker) in completions {
            let text = String(decoding: FileManager.default.contents(atPath: prefix.appending(path: path).path) ?? Data(), as: UTF8.self)
            #expect(text.contains(marker) && text.contains("inbox-timeout"), "\(path)")
        }
        // bash reads the script and registers the completion for signalbox.
        let bash = try runProgram(["bash", "-c", "source '\(prefix.path)/share/bash-completion/completions/signalbox' && complete -p signalbox"])
        #expect(bash.status == 0 && bash.output.contains("signalbox"), "\(bash.output)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func theSystemdUnitVerifies() throws {
        let prefix = try temporaryDirectory("unit")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let installed = try runProgram(
            ["env", "SIGNALBOX_BINARY=\(RunningCommand.executable.path)", packageRoot.appending(path: "scripts/install.sh").path, prefix.path],
            timeout: .seconds(120))
        #expect(installed.status == 0, "\(installed.output)")
        // The unit as shipped names /usr/local/bin; here it names the binary just installed.
        let unit = try String(contentsOf: packageRoot.appending(path: "docs/signalbox.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/signalbox serve"))
        for setting in ["DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes"] {
            #expect(unit.contains("\n\(setting)\n"), "\(setting)")
        }
        let path = prefix.appending(path: "signalbox.service")
        try unit.replacing("/usr/local/bin/signalbox", with: prefix.path + "/bin/signalbox").write(to: path, atomically: true, encoding: .utf8)
        // verify also runs `man signalbox` for Documentation=man:signalbox(1).
        let verified = try runProgram(["env", "MANPATH=\(prefix.path)/share/man", "systemd-analyze", "verify", path.path])
        #expect(verified.status == 0 && verified.output.isEmpty, "\(verified.output)")
    }

    private func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "signalbox-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
