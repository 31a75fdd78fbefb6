import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A stand-in that answers as the Go reference (emad-elsaid/inbox) does: "no message" is a 200
/// with an empty body and an empty `X-From`, no extra headers, and, when `holdsEmptyGets`, an
/// empty GET is never answered at all (the reference holds it until a message comes).
final class ReferenceStandIn: Sendable {
    private struct Inbox {
        var password: String
        var messages: [(from: String, body: ByteBuffer)] = []
    }

    private let inboxes = Mutex<[String: Inbox]>([:])
    private let holdsEmptyGets: Bool
    private let channel: any Channel
    let url: String

    init(holdsEmptyGets: Bool) async throws {
        self.holdsEmptyGets = holdsEmptyGets
        let box = Mutex<ReferenceStandIn?>(nil)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(standIn: { box.withLock { $0! } }))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        url = "http://127.0.0.1:\(channel.localAddress!.port!)"
        box.withLock { $0 = self }
    }

    func stop() async {
        try? await channel.close()
    }

    /// The reference's answer to a request, or nil to hold it.
    func answer(_ head: HTTPRequestHead, body: ByteBuffer) -> (HTTPResponseStatus, HTTPHeaders, ByteBuffer)? {
        guard let auth = head.headers.first(name: "Authorization"), auth.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(auth.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
              let colon = decoded.firstIndex(of: ":")
        else { return (.unauthorized, ["WWW-Authenticate": "Basic"], ByteBuffer()) }
        let user = String(decoded[..<colon])
        let password = String(decoded[decoded.index(after: colon)...])
        let query = URLComponents(string: head.uri)?.queryItems ?? []

        return inboxes.withLock { inboxes in
            if head.method == .POST {
                let to = query.first { $0.name == "to" }?.value ?? ""
                guard inboxes[to] != nil else { return (.notFound, [:], ByteBuffer()) }
                if inboxes[user] == nil { inboxes[user] = Inbox(password: password) }
                guard inboxes[user]!.password == password else { return (.unauthorized, ["WWW-Authenticate": "Basic"], ByteBuffer()) }
                guard inboxes[to]!.messages.count < 100 else { return (.serviceUnavailable, [:], ByteBuffer()) }
                inboxes[to]!.messages.append((user, body))
                return (.ok, [:], ByteBuffer())
            }
            if inboxes[user] == nil { inboxes[user] = Inbox(password: password) }
            guard inboxes[user]!.password == password else { return (.unauthorized, ["WWW-Authenticate": "Basic"], ByteBuffer()) }
            guard !inboxes[user]!.messages.isEmpty else {
                return holdsEmptyGets ? nil : (.ok, ["X-From": ""], ByteBuffer())
            }
            let message = inboxes[user]!.messages.removeFirst()
            return (.ok, ["X-From": message.from], message.body)
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let standIn: () -> ReferenceStandIn
        var head: HTTPRequestHead?
        var body = ByteBuffer()

        init(standIn: @escaping () -> ReferenceStandIn) { self.standIn = standIn }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): self.head = head; body.clear()
            case .body(var chunk): body.writeBuffer(&chunk)
            case .end:
                guard let head, let (status, extra, responseBody) = standIn().answer(head, body: body) else { return }
                var headers = extra
                headers.add(name: "Content-Length", value: String(responseBody.readableBytes))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(responseBody))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
