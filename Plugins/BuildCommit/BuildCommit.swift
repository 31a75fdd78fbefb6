import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` before every build: the commit the package is built from, or nil
/// where git or the repository is missing (a source archive). A prebuild command rather than a
/// compiler flag, since a package that others depend on by version may not use unsafe flags;
/// and it rewrites the file only when the commit changed, so that an unchanged tree compiles
/// nothing again.
@main
struct BuildCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        return [
            .prebuildCommand(
                displayName: "Stamping the commit into \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "stamp", context.package.directoryURL.path, output.path],
                environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                outputFilesDirectory: output),
        ]
    }

    /// `$1` is the package's directory, `$2` where the file goes. Only a repository whose top is
    /// the package itself counts: a source archive unpacked inside some other repository must
    /// not report that one's commit. "-dirty" marks changes to tracked files.
    static let script = #"""
        set -u
        mkdir -p "$2"
        value=nil
        if command -v git >/dev/null 2>&1 \
            && top=$(git -C "$1" rev-parse --show-toplevel 2>/dev/null) \
            && [ "$(cd "$top" && pwd -P)" = "$(cd "$1" && pwd -P)" ] \
            && commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null); then
            git -C "$1" diff --quiet HEAD -- 2>/dev/null || commit="$commit-dirty"
            value="\"$commit\""
        fi
        file="$2/BuildCommit.swift"
        printf '/// Written by the BuildCommit plugin: the commit built, nil without git.\nlet buildCommit: String? = %s\n' "$value" > "$file.new"
        if cmp -s "$file.new" "$file"; then rm "$file.new"; else mv "$file.new" "$file"; fi
        """#
}
