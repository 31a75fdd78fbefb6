import ArgumentParser
import Foundation
import Logging

/// `--log-format json`: one JSON object per line on stderr, `time`, `level`, `message` and
/// `fields` (the log's metadata) in that order, for log shippers. It writes what the server
/// logs and nothing more: the server never logs a password, an `Authorization` header or a
/// message body, in either format.
struct JSONLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { $1 } }
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        FileHandle.standardError.write(Self.line(
            time: Date(), level: event.level, message: event.message.description, fields: fields))
    }

    /// One log line: an object with its keys in a fixed order, and a newline. A single write
    /// per line keeps lines from two threads whole.
    static func line(time: Date, level: Logger.Level, message: String, fields: Logger.Metadata) -> Data {
        let members: [(String, Any)] = [
            ("time", time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            ("level", level.rawValue),
            ("message", message),
            ("fields", fields.mapValues(Self.plain)),
        ]
        let encoded = members.map { key, value in
            let json = try! JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
            return "\"\(key)\":" + String(decoding: json, as: UTF8.self)
        }
        return Data(("{" + encoded.joined(separator: ",") + "}\n").utf8)
    }

    /// A metadata value as JSONSerialization takes it.
    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(plain)
        case .dictionary(let values): values.mapValues(plain)
        }
    }
}

/// How `serve` writes its log.
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    /// Lines for people: time, level, message.
    case text
    /// One JSON object per line (``JSONLogHandler``).
    case json
}
