import NIOCore
import NIOHTTP1

extension ByteBuffer {
    /// Writes an HTTP/1.x status line and header section, ending with the empty line. Header
    /// names and values are the server's own or checked on the way in: none holds CR or LF.
    mutating func writeResponseHead(version: HTTPVersion, status: HTTPResponseStatus, headers: HTTPHeaders) {
        writeStaticString(version.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ")
        let code = status.code
        writeInteger(UInt8(ascii: "0") + UInt8(code / 100 % 10))
        writeInteger(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        writeInteger(UInt8(ascii: "0") + UInt8(code % 10))
        writeInteger(UInt8(ascii: " "))
        writeString(status.reasonPhrase)
        writeStaticString("\r\n")
        for (name, value) in headers {
            writeString(name)
            writeStaticString(": ")
            writeString(value)
            writeStaticString("\r\n")
        }
        writeStaticString("\r\n")
    }
}
