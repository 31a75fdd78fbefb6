import Foundation
import PackagePlugin

/// Stops a build at once, in one line that names the package to install, when a C library's
/// headers are missing, instead of the wall of compiler errors that a missing header brings
/// (every file that imports the module fails). SwiftPM's `providers:` hints need pkg-config,
/// which would hand ncurses's cflags to SwiftPM only for them to be dropped with a warning.
///
/// A prebuild command, so that it runs before anything compiles; it writes nothing. The check
/// itself is `scripts/check-system-libraries.sh`, which the scripts run too.
@main
struct SystemLibraryCheck: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "none")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let script = context.package.directoryURL.appending(path: "scripts/check-system-libraries.sh")
        return [
            .prebuildCommand(
                displayName: "Checking for the C libraries' headers",
                executable: URL(fileURLWithPath: "/bin/bash"),
                arguments: [script.path, "--headers-only"],
                environment: ["CPATH": ProcessInfo.processInfo.environment["CPATH"] ?? ""],
                outputFilesDirectory: output),
        ]
    }
}
