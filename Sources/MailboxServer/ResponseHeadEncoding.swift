import NIOCore
import NIOHTTP1

extension ByteBuffer {
    /// Writes an HTTP/1.x status line.
    mutating func writeStatusLine(version: HTTPVersion, status: HTTPResponseStatus) {
        writeStaticString(version.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ")
        let code = status.code
        writeInteger(UInt8(ascii: "0") + UInt8(code / 100 % 10))
        writeInteger(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        writeInteger(UInt8(ascii: "0") + UInt8(code % 10))
        writeInteger(UInt8(ascii: " "))
        writeString(status.reasonPhrase)
        writeStaticString("\r\n")
    }

    /// Writes one header line. Names and values are the server's own or checked on the way in:
    /// none holds CR or LF.
    mutating func writeHeader(_ name: StaticString, _ value: String) {
        writeStaticString(name)
        writeStaticString(": ")
        writeString(value)
        writeStaticString("\r\n")
    }

    mutating func writeHeaders(_ headers: HTTPHeaders) {
        for (name, value) in headers {
            writeString(name)
            writeStaticString(": ")
            writeString(value)
            writeStaticString("\r\n")
        }
    }
}
