import ArgumentParser
import Foundation

/// A `--record` file read back: its events in order, or an error naming the line that is not
/// one (a truncated last line included).
struct Recording {
    let events: [RecordedEvent]

    /// A posted message, ready to be sent again.
    struct Post: Equatable {
        var time: Double
        var sender: String
        var recipient: String
        var contentType: String?
        var body: [UInt8]
    }

    static func read(_ path: String) throws(RecordingError) -> Recording {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return try parse(data, path: path)
    }

    /// The recording a command was given, or its error printed (naming the file and line)
    /// and a failing exit.
    static func readForCommand(_ path: String) throws -> Recording {
        do {
            return try read(path)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }

    static func parse(_ data: Data, path: String) throws(RecordingError) -> Recording {
        var events: [RecordedEvent] = []
        let decoder = JSONDecoder()
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { continue }
            guard let event = try? decoder.decode(RecordedEvent.self, from: Data(line)) else {
                throw .corrupt(path: path, line: number, reason: "not a JSON object with a time and a kind (truncated?)")
            }
            guard let kind = RecordedEvent.Kind(rawValue: event.kind) else {
                throw .corrupt(path: path, line: number, reason: "unknown kind '\(event.kind)'")
            }
            guard event.time.isFinite, event.time >= 0, event.time >= (events.last?.time ?? 0) else {
                throw .corrupt(path: path, line: number, reason: "time \(event.time) is not after the line before")
            }
            if kind == .posted {
                guard event.sender != nil, event.inbox != nil else {
                    throw .corrupt(path: path, line: number, reason: "a posted message needs a sender and an inbox")
                }
                guard let body = event.body, let bytes = Data(base64Encoded: body), !bytes.isEmpty else {
                    throw .corrupt(path: path, line: number, reason: "a posted message needs its body in base64")
                }
            }
            events.append(event)
        }
        return Recording(events: events)
    }

    /// Every message posted, in order, with its time.
    var posts: [Post] {
        events.compactMap { event in
            guard event.kind == RecordedEvent.Kind.posted.rawValue, let sender = event.sender, let recipient = event.inbox,
                  let body = event.body.flatMap({ Data(base64Encoded: $0) }) else { return nil }
            return Post(time: event.time, sender: sender, recipient: recipient, contentType: event.contentType, body: Array(body))
        }
    }
}

/// Why a recording cannot be used.
enum RecordingError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case unwritable(String)
    case corrupt(path: String, line: Int, reason: String)

    var description: String {
        switch self {
        case .unreadable(let path): "cannot read the recording \(path)"
        case .unwritable(let path): "cannot write the recording \(path)"
        case .corrupt(let path, let line, let reason): "\(path):\(line): \(reason)"
        }
    }
}
