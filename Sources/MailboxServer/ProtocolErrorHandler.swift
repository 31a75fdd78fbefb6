import NIOCore
import NIOHTTP1

/// Answers requests the HTTP parser rejects: 431 for an oversized header section, 400 for
/// anything else malformed, then lets the decoder close the connection. The rest of the
/// server keeps serving everyone else.
final class ProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var responseInProgress = false

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        // A response already under way cannot be followed by another: just close.
        if !responseInProgress {
            let status: HTTPResponseStatus =
                parserError == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
            let reason = status == .badRequest ? "malformed HTTP request\n" : "request headers too large\n"
            var headers = HTTPHeaders([("Connection", "close"), ("Content-Type", "text/plain; charset=utf-8")])
            headers.add(name: "Content-Length", value: String(reason.utf8.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reason)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200: responseInProgress = true
        case .end: responseInProgress = false
        default: break
        }
        context.write(data, promise: promise)
    }
}
