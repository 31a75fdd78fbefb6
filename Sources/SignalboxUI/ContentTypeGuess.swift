import Foundation

/// The `Content-Type` to send a message with when the person gave none, judged from the
/// message itself: JSON (an object or an array) as `application/json`, other UTF-8 text as
/// `text/plain; charset=utf-8`, anything else as `application/octet-stream`. The composer and
/// `signalbox send` both use it, so the same text goes out the same way from either.
public enum ContentTypeGuess {
    public static func of(_ message: [UInt8]) -> String {
        if let first = message.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }),
           first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
           (try? JSONSerialization.jsonObject(with: Data(message))) != nil {
            return "application/json"
        }
        return String(validating: message, as: UTF8.self) != nil ? "text/plain; charset=utf-8" : "application/octet-stream"
    }
}
