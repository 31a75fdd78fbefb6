import ArgumentParser
import Foundation

/// `signalbox export FILE --curl`: a recording as a shell script of curl commands that sends
/// the same messages, in the same order, to any compatible server.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a recording (--record) as a shell script of curl commands.",
        discussion: """
            The script opens every recipient's inbox, then posts each recorded message in order, \
            to $SIGNALBOX_SERVER (default http://127.0.0.1:3000) with $SIGNALBOX_PASSWORD (default \
            "replay") for every name. Run it against a fresh server: opening an inbox that holds \
            messages would take one.
            """)

    @Argument(help: ArgumentHelp("The recording, as written by --record.", valueName: "file"))
    var file: String

    @Flag(help: "Write curl commands (the one format there is).")
    var curl = false

    func validate() throws {
        guard curl else { throw ValidationError("say which format: --curl") }
    }

    func run() throws {
        let recording = try Recording.readForCommand(file)
        print(Self.script(for: recording, named: file), terminator: "")
    }

    static func script(for recording: Recording, named name: String) -> String {
        let posts = recording.posts
        var lines = [
            "#!/bin/sh",
            "# The \(posts.count) message\(posts.count == 1 ? "" : "s") recorded in \(quoted(name).replacingOccurrences(of: "\n", with: " ")), sent again in order.",
            "set -eu",
            "server=\"${SIGNALBOX_SERVER:-http://127.0.0.1:3000}\"",
            "password=\"${SIGNALBOX_PASSWORD:-replay}\"",
            "# A message to an inbox nobody opened is refused (404): open every recipient's first.",
            "# A server that holds every GET is cut short after 5 s (curl's exit 28).",
        ]
        var opened: Set<String> = []
        for post in posts where opened.insert(post.recipient).inserted {
            lines.append("curl -sS -o /dev/null -m 5 -u \(quoted(post.recipient)):\"$password\" \"$server/inbox?wait=0\" || test $? -eq 28")
        }
        for post in posts {
            let type = post.contentType.map { " -H \(quoted("Content-Type: " + $0))" } ?? ""
            lines.append("printf '%s' '\(Data(post.body).base64EncodedString())' | base64 -d | curl -fsS -o /dev/null"
                + " -u \(quoted(post.sender)):\"$password\"\(type) --data-binary @- \"$server/inbox?to=\(percentEncoded(post.recipient))\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in single quotes for the shell, with its own single quotes escaped.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A query value with everything but unreserved characters percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        text.utf8.map { byte in
            let unreserved = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~")].contains(byte)
            return unreserved ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }.joined()
    }
}
