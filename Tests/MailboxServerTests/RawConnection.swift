import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A client TCP connection that sends raw bytes and parses the answers by hand, so that tests
/// can do what real clients do wrong: pipeline, split, send garbage, leave mid-request.
final class RawConnection: @unchecked Sendable {
    private let channel: any Channel
    private let chunks: AsyncStream<ByteBuffer>
    private var iterator: AsyncStream<ByteBuffer>.AsyncIterator
    private var received: [UInt8] = []

    static let group = MultiThreadedEventLoopGroup.singleton

    /// Connects to the port on loopback; with `trustedCertificate` (a PEM file), over TLS to a
    /// server that presents that certificate for `serverHostname`, or without a name for the
    /// address connected to, 127.0.0.1.
    init(port: Int, trustedCertificate: String? = nil, serverHostname: String? = "localhost") async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        chunks = stream
        iterator = stream.makeAsyncIterator()
        let sslContext = try trustedCertificate.map { path in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            return try NIOSSLContext(configuration: tls)
        }
        channel = try await ClientBootstrap(group: Self.group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation: continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Sends a request with Basic credentials (when given) and a Content-Length body.
    func sendRequest(
        _ method: String, _ target: String, user: String? = nil, password: String = "pw",
        body: [UInt8]? = nil, headers: [(String, String)] = []
    ) async throws {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        if let user {
            head += "Authorization: Basic \(Data((user + ":" + password).utf8).base64EncodedString())\r\n"
        }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        try await send(Array((head + "\r\n").utf8) + (body ?? []))
    }

    /// Reads one whole response; nil if the server closed the connection first.
    func readResponse(toHeadRequest: Bool = false) async throws -> TestResponse? {
        while true {
            if let (response, length) = TestResponse.parse(received, toHeadRequest: toHeadRequest) {
                received.removeFirst(length)
                return response
            }
            guard let chunk = await iterator.next() else { return nil }
            received += chunk.readableBytesView
        }
    }

    /// True once the server has closed the connection (reading any bytes still in flight).
    func isClosedByServer() async -> Bool {
        while let chunk = await iterator.next() { received += chunk.readableBytesView }
        return true
    }

    func close() async {
        try? await channel.close()
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<ByteBuffer>.Continuation
        init(continuation: AsyncStream<ByteBuffer>.Continuation) { self.continuation = continuation }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            continuation.yield(unwrapInboundIn(data))
        }
        func channelInactive(context: ChannelHandlerContext) {
            continuation.finish()
            context.fireChannelInactive()
        }
        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }
}

/// A parsed HTTP response.
struct TestResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// Parses a response at the start of `bytes`; returns it and its length, or nil if incomplete.
    static func parse(_ bytes: [UInt8], toHeadRequest: Bool) -> (TestResponse, Int)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = bytes.firstRange(of: separator) else { return nil }
        let lines = String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = TestResponse(status: status, headers: headers, body: [])
        if status == 100 {
            return (response, headEnd.upperBound)
        }
        let length = toHeadRequest || status == 204 ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        guard bytes.count >= headEnd.upperBound + length else { return nil }
        response.body = Array(bytes[headEnd.upperBound..<(headEnd.upperBound + length)])
        return (response, headEnd.upperBound + length)
    }
}
