import NIOCore
import NIOHTTP1

/// An incremental HTTP/1.1 request parser: bytes go in as they arrive, and each request comes
/// out as its head, its body in pieces (never buffered whole), and its end.
///
/// Built for this server instead of NIOHTTP1's: measured on the benchmark machine, NIOHTTP1's
/// decoder, header lists and encoder cost more CPU per request than the whole mailbox
/// (Benchmarks/README.md). It is strict where leniency could let one request be read as two
/// (conflicting lengths, folded lines, bare CRs), and lenient only where RFC 9112 allows a
/// recipient to be: bare LF line ends, and empty lines before a request.
struct HTTPRequestParser {
    /// One piece of a request, in the order they come.
    enum Part: Equatable {
        case head(RequestHead)
        case body(ByteBuffer)
        case end
    }

    private enum State {
        /// Looking for the end of a head; `scanned` bytes are known not to hold it.
        case head(scanned: Int)
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        /// The line end after a chunk's data.
        case chunkDataEnd
        /// The trailer section after the last chunk; `scanned` as in `head`.
        case trailers(scanned: Int)
        /// The request has been read; its end is handed out next.
        case end
        case failed
    }

    /// The largest head, and the largest trailer section, accepted.
    let maxHeadBytes: Int
    private var buffer = ByteBuffer()
    /// An empty buffer of this parser's own: one shared by every connection would have its
    /// reference count bounced between the event loops' cores.
    private let noBytes = ByteBuffer()
    private var state = State.head(scanned: 0)

    /// A chunk-size line longer than this (with extensions) is refused.
    static let maxChunkSizeLineBytes = 1024

    init(maxHeadBytes: Int) {
        self.maxHeadBytes = maxHeadBytes
    }

    /// Bytes received and not yet handed out.
    var bufferedBytes: Int { buffer.readableBytes }

    /// Takes the next bytes of the connection.
    mutating func append(_ bytes: ByteBuffer) {
        if buffer.readableBytes == 0 {
            buffer = bytes  // the usual case: nothing left over, so no copy
        } else {
            if buffer.readerIndex > 0 { buffer.discardReadBytes() }
            var bytes = bytes
            buffer.writeBuffer(&bytes)
        }
    }

    /// The next part of the request, or nil until more bytes arrive. After an error the parser
    /// stays failed: the connection is to be answered and closed.
    mutating func next() throws(HTTPRequestError) -> Part? {
        do {
            let part = try step()
            if part == nil && buffer.readableBytes == 0 {
                // Let go of the bytes read, so that NIO can read the next ones into the same
                // buffer instead of allocating another.
                buffer = noBytes
            }
            return part
        } catch {
            state = .failed
            throw error
        }
    }


    private mutating func step() throws(HTTPRequestError) -> Part? {
        switch state {
        case .failed:
            throw .malformed("the connection already sent a malformed request")
        case .head(let scanned):
            return try nextHead(scanned: scanned)
        case .body(let remaining):
            guard let (piece, left) = bodyPiece(upTo: remaining) else { return nil }
            state = left == 0 ? .end : .body(remaining: left)
            return .body(piece)
        case .chunkSize:
            return try nextChunkSize()
        case .chunkData(let remaining):
            guard let (piece, left) = bodyPiece(upTo: remaining) else { return nil }
            state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
            return .body(piece)
        case .chunkDataEnd:
            return try nextChunkDataEnd()
        case .trailers(let scanned):
            return try nextTrailers(scanned: scanned)
        case .end:
            state = .head(scanned: 0)
            return .end
        }
    }

    /// Up to `remaining` bytes of body from what has arrived (no copy), and how many are left.
    private mutating func bodyPiece(upTo remaining: Int) -> (piece: ByteBuffer, left: Int)? {
        guard buffer.readableBytes > 0 else { return nil }
        let piece = buffer.readSlice(length: min(remaining, buffer.readableBytes))!
        return (piece, remaining - piece.readableBytes)
    }

    // MARK: - Heads

    private mutating func nextHead(scanned: Int) throws(HTTPRequestError) -> Part? {
        // Empty lines before a request are ignored (RFC 9112 §2.2): some clients send one after a body.
        while let first = buffer.readableBytesView.first, first == .cr || first == .lf {
            buffer.moveReaderIndex(forwardBy: 1)
        }
        guard buffer.readableBytes > 0 else {
            state = .head(scanned: 0)
            return nil
        }
        let search = Self.findEmptyLine(in: buffer, from: scanned)
        guard let end = search.end else {
            guard buffer.readableBytes <= maxHeadBytes else { throw .headTooLarge }
            state = .head(scanned: search.scanned)
            return nil
        }
        guard end <= maxHeadBytes else { throw .headTooLarge }
        let head = try buffer.withUnsafeReadableBytes { (bytes) throws(HTTPRequestError) -> RequestHead in
            try Self.parseHead(UnsafeRawBufferPointer(rebasing: bytes[..<end]))
        }
        buffer.moveReaderIndex(forwardBy: end)
        if head.isChunked {
            state = .chunkSize
        } else if let length = head.contentLength, length > 0 {
            state = .body(remaining: length)
        } else {
            state = .end
        }
        return .head(head)
    }

    /// Where the first empty line ends (the offset just past it), or how far the search got.
    private static func findEmptyLine(in buffer: ByteBuffer, from start: Int) -> (end: Int?, scanned: Int) {
        buffer.withUnsafeReadableBytes { bytes in
            var index = start
            while index < bytes.count {
                if bytes[index] == .lf {
                    let next = index + 1
                    guard next < bytes.count else { return (nil, index) }
                    if bytes[next] == .lf { return (next + 1, index) }
                    if bytes[next] == .cr {
                        guard next + 1 < bytes.count else { return (nil, index) }
                        if bytes[next + 1] == .lf { return (next + 2, index) }
                    }
                }
                index += 1
            }
            return (nil, index)
        }
    }

    /// Parses a whole head, its empty last line included.
    private static func parseHead(_ bytes: UnsafeRawBufferPointer) throws(HTTPRequestError) -> RequestHead {
        var lines = LineReader(bytes)
        guard let requestLine = try lines.next() else { throw .malformed("no request line") }
        var head = try parseRequestLine(requestLine)
        var connectionTokens = ConnectionTokens()
        while let line = try lines.next(), !line.isEmpty {
            try addHeader(line, to: &head, connection: &connectionTokens)
        }
        if head.isChunked && head.contentLength != nil {
            throw .malformed("both Content-Length and Transfer-Encoding")
        }
        if connectionTokens.close {
            head.keepAlive = false
        } else if connectionTokens.keepAlive {
            head.keepAlive = true
        }
        return head
    }

    /// `METHOD SP target SP HTTP/1.x`, single spaces, as RFC 9112 §3 has it.
    private static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws(HTTPRequestError) -> RequestHead {
        guard let firstSpace = line.firstIndex(of: .space),
              let secondSpace = line[(firstSpace + 1)...].firstIndex(of: .space)
        else { throw .malformed("a request line is METHOD TARGET HTTP/1.1") }
        let method = line[..<firstSpace]
        let target = line[(firstSpace + 1)..<secondSpace]
        let version = line[(secondSpace + 1)...]
        guard !method.isEmpty, method.allSatisfy(\.isTokenCharacter) else { throw .malformed("bad method") }
        guard !target.isEmpty, target.allSatisfy({ $0 > .space && $0 != 0x7F }) else {
            throw .malformed("bad request target")
        }
        let httpVersion: HTTPVersion
        switch Array(version) {
        case Array("HTTP/1.1".utf8): httpVersion = .http1_1
        case Array("HTTP/1.0".utf8): httpVersion = .http1_0
        case let other where other.count == 8 && other.starts(with: "HTTP/".utf8) && other[6] == UInt8(ascii: ".")
            && other[5].isDigit && other[7].isDigit:
            throw .unsupportedVersion
        default: throw .malformed("bad HTTP version")
        }
        guard let text = String(validating: UnsafeRawBufferPointer(rebasing: target), as: UTF8.self) else {
            throw .malformed("the request target is not UTF-8")
        }
        return RequestHead(
            method: HTTPMethod(rawValue: String(decoding: UnsafeRawBufferPointer(rebasing: method), as: UTF8.self)),
            target: originForm(text), version: httpVersion)
    }

    /// `http://host/path?query` becomes `/path?query` (RFC 9112 §3.2.2: servers accept absolute form).
    private static func originForm(_ target: String) -> String {
        guard !target.hasPrefix("/"), let scheme = target.range(of: "://") else { return target }
        let afterAuthority = target[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" }
        guard let afterAuthority else { return "/" }
        let rest = target[afterAuthority...]
        return rest.hasPrefix("?") ? "/" + rest : String(rest)
    }

    private static func addHeader(
        _ line: UnsafeRawBufferPointer, to head: inout RequestHead, connection: inout ConnectionTokens
    ) throws(HTTPRequestError) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw line.first == .space || line.first == .tab
                ? .malformed("folded header lines are not allowed") : .malformed("a header line without a colon")
        }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        guard !name.isEmpty, name.allSatisfy(\.isTokenCharacter) else { throw .malformed("bad header name") }
        var value = line[(colon + 1)...]
        while let first = value.first, first == .space || first == .tab { value = value.dropFirst() }
        while let last = value.last, last == .space || last == .tab { value = value.dropLast() }
        guard value.allSatisfy({ $0 >= .space || $0 == .tab }) && !value.contains(0x7F) else {
            throw .malformed("a control character in a header value")
        }
        let valueBytes = UnsafeRawBufferPointer(rebasing: value)
        switch KnownHeader(name) {
        case .authorization:
            if head.authorization != nil { head.hasRepeatedAuthorization = true }
            head.authorization = String(decoding: valueBytes, as: UTF8.self)
        case .contentLength:
            guard head.contentLength == nil else { throw .malformed("more than one Content-Length") }
            guard !valueBytes.isEmpty, valueBytes.count <= 18, valueBytes.allSatisfy(\.isDigit) else {
                throw .malformed("Content-Length is not a number")
            }
            head.contentLength = valueBytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        case .transferEncoding:
            guard !head.isChunked else { throw .malformed("more than one Transfer-Encoding") }
            guard valueBytes.equalsCaseInsensitively("chunked") else { throw .unsupportedTransferEncoding }
            head.isChunked = true
        case .contentType:
            head.contentType = String(decoding: valueBytes, as: UTF8.self)
        case .origin:
            head.origin = String(decoding: valueBytes, as: UTF8.self)
        case .expect:
            head.expectsContinue = valueBytes.equalsCaseInsensitively("100-continue")
        case .connection:
            connection.add(valueBytes)
        case nil:
            break
        }
    }

    // MARK: - Chunked bodies

    /// `SIZE[;extensions]` and a line end.
    private mutating func nextChunkSize() throws(HTTPRequestError) -> Part? {
        let lineEnd = buffer.readableBytesView.firstIndex(of: .lf).map { $0 - buffer.readerIndex }
        guard let lineEnd else {
            guard buffer.readableBytes <= Self.maxChunkSizeLineBytes else { throw .malformed("chunk size line too long") }
            return nil
        }
        let size = try buffer.withUnsafeReadableBytes { (bytes) throws(HTTPRequestError) -> Int in
            var line = bytes[..<lineEnd]
            if line.last == .cr { line = line.dropLast() }
            let digits = line.prefix { $0 != UInt8(ascii: ";") }
            guard !digits.isEmpty, digits.count <= 15, !line.contains(.cr) else { throw .malformed("bad chunk size") }
            var size = 0
            for digit in digits {
                guard let value = digit.hexDigitValue else { throw .malformed("bad chunk size") }
                size = size << 4 | Int(value)
            }
            return size
        }
        buffer.moveReaderIndex(forwardBy: lineEnd + 1)
        state = size == 0 ? .trailers(scanned: 0) : .chunkData(remaining: size)
        return try step()
    }

    private mutating func nextChunkDataEnd() throws(HTTPRequestError) -> Part? {
        let view = buffer.readableBytesView
        guard let first = view.first else { return nil }
        if first == .lf {
            buffer.moveReaderIndex(forwardBy: 1)
        } else if first == .cr {
            guard view.count >= 2 else { return nil }
            guard view[view.startIndex + 1] == .lf else { throw .malformed("chunk data longer than its size") }
            buffer.moveReaderIndex(forwardBy: 2)
        } else {
            throw .malformed("chunk data longer than its size")
        }
        state = .chunkSize
        return try step()
    }

    /// Trailer fields are read and dropped: nothing in this protocol uses them.
    private mutating func nextTrailers(scanned: Int) throws(HTTPRequestError) -> Part? {
        let view = buffer.readableBytesView
        let end: Int
        switch (view.first, view.dropFirst().first) {
        case (nil, _), (.cr, nil): return nil
        case (.lf, _): end = 1  // no trailers, bare LF
        case (.cr, .lf): end = 2  // no trailers
        case (.cr, _): throw .malformed("bad trailer section")
        default:
            let search = Self.findEmptyLine(in: buffer, from: scanned)
            guard let found = search.end else {
                guard buffer.readableBytes <= maxHeadBytes else { throw .headTooLarge }
                state = .trailers(scanned: search.scanned)
                return nil
            }
            guard found <= maxHeadBytes else { throw .headTooLarge }
            end = found
        }
        buffer.moveReaderIndex(forwardBy: end)
        state = .head(scanned: 0)
        return .end
    }
}

/// Why a request could not be read; each has its answer, after which the connection closes.
enum HTTPRequestError: Error, Equatable {
    /// 400, with the reason in words.
    case malformed(String)
    /// 431: the head (or a trailer section) is larger than the server accepts.
    case headTooLarge
    /// 505: an HTTP version other than 1.0 and 1.1.
    case unsupportedVersion
    /// 501: a transfer coding other than chunked.
    case unsupportedTransferEncoding
}

/// The lines of a head: split at LF, a CR before it dropped, a CR anywhere else refused.
private struct LineReader {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func next() throws(HTTPRequestError) -> UnsafeRawBufferPointer? {
        guard position < bytes.count, let lineFeed = bytes[position...].firstIndex(of: .lf) else { return nil }
        var line = bytes[position..<lineFeed]
        position = lineFeed + 1
        if line.last == .cr { line = line.dropLast() }
        guard !line.contains(.cr) else { throw .malformed("a bare CR in the head") }
        return UnsafeRawBufferPointer(rebasing: line)
    }
}

/// The headers the server reads; every other one is checked and skipped.
private enum KnownHeader {
    case authorization, contentLength, transferEncoding, contentType, origin, expect, connection

    init?(_ name: UnsafeRawBufferPointer) {
        switch name.count {
        case 13 where name.equalsCaseInsensitively("authorization"): self = .authorization
        case 14 where name.equalsCaseInsensitively("content-length"): self = .contentLength
        case 17 where name.equalsCaseInsensitively("transfer-encoding"): self = .transferEncoding
        case 12 where name.equalsCaseInsensitively("content-type"): self = .contentType
        case 6 where name.equalsCaseInsensitively("origin"): self = .origin
        case 6 where name.equalsCaseInsensitively("expect"): self = .expect
        case 10 where name.equalsCaseInsensitively("connection"): self = .connection
        default: return nil
        }
    }
}

/// The `close` and `keep-alive` options of `Connection` headers.
private struct ConnectionTokens {
    var close = false
    var keepAlive = false

    mutating func add(_ value: UnsafeRawBufferPointer) {
        for token in value.split(separator: UInt8(ascii: ",")) {
            var token = token[...]
            while let first = token.first, first == .space || first == .tab { token = token.dropFirst() }
            while let last = token.last, last == .space || last == .tab { token = token.dropLast() }
            let bytes = UnsafeRawBufferPointer(rebasing: token)
            if bytes.equalsCaseInsensitively("close") { close = true }
            if bytes.equalsCaseInsensitively("keep-alive") { keepAlive = true }
        }
    }
}

extension UnsafeRawBufferPointer {
    /// Compares with lowercase ASCII `other`, ignoring the case of these bytes.
    fileprivate func equalsCaseInsensitively(_ other: StaticString) -> Bool {
        guard count == other.utf8CodeUnitCount else { return false }
        let expected = other.utf8Start
        for index in 0..<count where self[index].lowercased != expected[index] {
            return false
        }
        return true
    }
}

extension UInt8 {
    fileprivate static let lf = UInt8(ascii: "\n")
    fileprivate static let cr = UInt8(ascii: "\r")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")

    fileprivate var lowercased: UInt8 {
        self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z") ? self | 0x20 : self
    }

    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    /// RFC 9110 §5.6.2 `tchar`.
    fileprivate var isTokenCharacter: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(self)
        }
    }
}
