import Foundation
import PackagePlugin

/// Stops a build at once, in one line that names the package to install, when a C library's
/// headers are missing, instead of the wall of compiler errors that a missing header brings
/// (every file that imports the module fails). SwiftPM's `providers:` hints need pkg-config,
/// which would hand ncurses's cflags to SwiftPM only for them to be dropped with a warning.
///
/// A prebuild command, so that it runs before anything compiles; it writes nothing.
@main
struct SystemLibraryCheck: BuildToolPlugin {
    /// What each target that wraps a C library needs: its header, and the package that brings it.
    static let libraries: [String: (header: String, package: String)] = [
        "Terminal": ("ncursesw/ncurses.h", "libncurses-dev"),
        "QRCode": ("qrencode.h", "libqrencode-dev"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let library = Self.libraries[target.name] else {
            throw PluginError("SystemLibraryCheck knows no C library for target \(target.name)")
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "none")
        return [
            .prebuildCommand(
                displayName: "Checking for <\(library.header)>",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "check", library.header, library.package, output.path],
                environment: ["CPATH": ProcessInfo.processInfo.environment["CPATH"] ?? ""],
                outputFilesDirectory: output),
        ]
    }

    /// `$1` the header, `$2` the Debian package, `$3` an empty output directory. Looks where
    /// the C compiler looks by default on Linux, and in `CPATH`; elsewhere it checks nothing.
    static let script = #"""
        mkdir -p "$3"
        [ "$(uname -s)" = Linux ] || exit 0
        for dir in $(printf '%s' "$CPATH" | tr ':' ' ') /usr/local/include /usr/include/*-linux-gnu* /usr/include; do
            [ -f "$dir/$1" ] && exit 0
        done
        echo "error: <$1> is missing: install it with 'sudo apt-get install $2' (Debian, Ubuntu), or your system's $2 package" >&2
        exit 1
        """#
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
