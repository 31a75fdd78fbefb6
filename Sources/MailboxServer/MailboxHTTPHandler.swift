import Logging
import MailboxCore
import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 front of the mailbox: reads requests off the socket's bytes,
/// routes each one, enforces the body limit while the body streams in, holds long-polls, and
/// hands back any message whose answer could not be written. Requests are taken one at a time:
/// a pipelined request waits, unread, until the answer before it has been written.
final class MailboxHTTPHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What the connection is doing with its current request.
    private enum State {
        case idle
        /// Routed at the head; acted on when the request has fully arrived.
        case awaitingEnd(Request, Action)
        /// The body so far: nil before its first piece, which is kept as it came, uncopied.
        case receivingBody(Request, PendingPost, ByteBuffer?)
        /// A 413 went out before the body ended: drop the rest, then close.
        case discardingBody(budget: Int)
        case waiting(Request, WaitTicket, Scheduled<Void>)
        /// Reading a static file off the event loop.
        case loadingFile(Request)
        case closed
    }

    private enum Action {
        case receive(Caller, wait: Duration)
        case answer(HTTPAnswer)
        case staticFile(path: String)
    }

    private struct Request {
        let number: UInt64
        let head: RequestHead
        let receivedAt: NIODeadline
        var isInbox: Bool { head.path == Route.inboxPath }
    }

    /// Who a request's Basic credentials name, with the password already hashed.
    private struct Caller {
        let username: Username
        let password: PasswordDigest
    }

    private struct PendingPost {
        let caller: Caller
        let recipient: Username
        let contentType: String?
    }

    private let mailbox: Mailbox
    private let configuration: ServerConfiguration
    private let staticFiles: StaticFiles?
    private let logger: Logger
    /// Whether each request is logged: worked out once, as asking the logger costs a copy of it.
    private let logsRequests: Bool
    private var state = State.idle
    private var parser: HTTPRequestParser
    /// Set while the parser's parts are being handled, so that an answer written meanwhile
    /// does not start handling them a second time.
    private var isHandlingParts = false
    /// Answers written and not yet flushed: the flush waits until every part at hand is handled.
    private var needsFlush = false
    /// A read the channel asked for while a request waited for its answer with the next one
    /// already buffered: it is issued once that answer is out, which bounds what a client can
    /// pipeline into memory.
    private var readHeld = false
    private var requestCount: UInt64 = 0
    /// When bytes last arrived, on the event loop's clock (so that an embedded loop's
    /// `advanceTime` drives it): a connection silent for `idleTimeout` is closed (see `checkIdle`).
    private var lastReadAt = NIODeadline.uptimeNanoseconds(0)
    private var idleCheck: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    /// The client's address in words, worked out once per connection: only an authentication
    /// failure's event uses it, but the store needs it at hand.
    private lazy var origin: String? = context?.channel.remoteAddress?.ipAddress
    /// The connection's last `Authorization` header and who it named. A keep-alive client sends
    /// the same header with every request, so it is decoded, checked and hashed only once.
    private var lastAuthorization: (header: String, caller: Caller)?

    init(mailbox: Mailbox, configuration: ServerConfiguration, staticFiles: StaticFiles?, logger: Logger) {
        self.mailbox = mailbox
        self.configuration = configuration
        self.staticFiles = staticFiles
        self.logger = logger
        logsRequests = logger.logLevel <= .debug
        parser = HTTPRequestParser(maxHeadBytes: configuration.maxHeaderBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    // MARK: - Reading requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastReadAt = context.eventLoop.now
        parser.append(unwrapInboundIn(data))
        handleParts(context: context)
    }

    /// Whether the current request can take more of its parts, or the next request can begin.
    private var acceptsParts: Bool {
        switch state {
        case .idle, .awaitingEnd, .receivingBody, .discardingBody: true
        case .waiting, .loadingFile, .closed: false
        }
    }

    /// Takes the parser's parts for as long as the connection accepts them, then flushes what
    /// was written and issues a held read.
    private func handleParts(context: ChannelHandlerContext) {
        guard !isHandlingParts else { return }
        isHandlingParts = true
        while acceptsParts {
            let part: HTTPRequestParser.Part?
            do {
                part = try parser.next()
            } catch {
                refuse(error, context: context)
                break
            }
            guard let part else { break }
            handle(part, context: context)
        }
        isHandlingParts = false
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        if readHeld && acceptsParts {
            readHeld = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        // A client waiting for an answer must still be heard leaving, so reads go on until
        // the next request is already buffered.
        if acceptsParts || parser.bufferedBytes == 0 {
            context.read()
        } else {
            readHeld = true
        }
    }

    private func handle(_ part: HTTPRequestParser.Part, context: ChannelHandlerContext) {
        switch (part, state) {
        case (.head(let head), .idle):
            requestCount += 1
            let request = Request(number: requestCount, head: head, receivedAt: lastReadAt)
            begin(request, context: context)
        case (.body(let chunk), .receivingBody(let request, let post, let body)):
            let received = (body?.readableBytes ?? 0) + chunk.readableBytes
            guard received <= configuration.maxBodySize else {
                refuseOversizedBody(request, alreadyRead: received, bodyFollows: true, context: context)
                return
            }
            guard var body else {
                state = .receivingBody(request, post, chunk)  // the usual case: the whole body in one piece
                return
            }
            state = .idle  // drop the buffer's second reference so that writing into it does not copy
            var chunk = chunk
            body.writeBuffer(&chunk)
            state = .receivingBody(request, post, body)
        case (.body(let chunk), .discardingBody(let budget)):
            let left = budget - chunk.readableBytes
            if left < 0 { close(context: context) } else { state = .discardingBody(budget: left) }
        case (.end, .receivingBody(let request, let post, let body)):
            send(post, body: body ?? ByteBuffer(), for: request, context: context)
        case (.end, .awaitingEnd(let request, let action)):
            perform(action, for: request, context: context)
        case (.end, .discardingBody):
            close(context: context)
        default:
            break  // a body on a GET
        }
    }

    /// Closes the connection once what was written is on its way.
    private func close(context: ChannelHandlerContext) {
        state = .closed
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.close(promise: nil)
    }

    /// Routes a request from its head and checks all that can be checked before its body.
    private func begin(_ request: Request, context: ChannelHandlerContext) {
        let head = request.head
        let path = head.path
        let route = Route(
            method: head.method, path: path, servesStaticFiles: staticFiles != nil,
            servesPeerPage: configuration.peerPages)
        switch route {
        case .receive:
            switch caller(of: head) {
            case .failure(let answer): state = .awaitingEnd(request, .answer(answer))
            case .success(let caller):
                switch requestedWait(head) {
                case .failure(let answer): state = .awaitingEnd(request, .answer(answer))
                case .success(let wait): state = .awaitingEnd(request, .receive(caller, wait: wait))
                }
            }
        case .send:
            beginPost(request, context: context)
        case .preflight:
            state = .awaitingEnd(request, .answer(HTTPAnswer(status: .noContent)))
        case .health:
            state = .awaitingEnd(request, .answer(.text(.ok, "ok")))
        case .staticFile(let path):
            state = .awaitingEnd(request, .staticFile(path: path))
        case .peerPage:
            state = .awaitingEnd(request, .answer(PeerPage.answer))
        case .methodNotAllowed(let allow):
            var answer = HTTPAnswer.text(.methodNotAllowed, "\(head.method) is not allowed here; use \(allow)")
            answer.headers.add(name: "Allow", value: allow)
            state = .awaitingEnd(request, .answer(answer))
        case .notFound:
            state = .awaitingEnd(request, .answer(.text(.notFound, "no such path: \(path)")))
        }
    }

    private func beginPost(_ request: Request, context: ChannelHandlerContext) {
        let head = request.head
        let caller: Caller
        switch self.caller(of: head) {
        case .failure(let answer):
            state = .awaitingEnd(request, .answer(answer))
            return
        case .success(let found):
            caller = found
        }
        guard let parameters = QueryParameters(head.pathAndQuery.query) else {
            state = .awaitingEnd(request, .answer(.text(.badRequest, "malformed query string")))
            return
        }
        guard let to = parameters["to"], !to.isEmpty else {
            state = .awaitingEnd(request, .answer(.text(.badRequest, "missing recipient: add ?to=PEER")))
            return
        }
        let recipient: Username
        do {
            recipient = try Username(validating: to)
        } catch {
            state = .awaitingEnd(request, .answer(.text(.badRequest, "bad recipient: \(error)")))
            return
        }
        if let declared = head.contentLength, declared > configuration.maxBodySize {
            // A client waiting for "100 Continue" sends no body: close as soon as it has the 413.
            refuseOversizedBody(request, alreadyRead: declared, bodyFollows: !head.expectsContinue, context: context)
            return
        }
        if head.expectsContinue {
            var continueHead = context.channel.allocator.buffer(capacity: 32)
            continueHead.writeStatusLine(version: head.version, status: .continue)
            continueHead.writeStaticString("\r\n")
            context.writeAndFlush(wrapOutboundOut(continueHead), promise: nil)
        }
        let post = PendingPost(caller: caller, recipient: recipient, contentType: head.contentType)
        state = .receivingBody(request, post, nil)
    }

    /// Answers 413 and closes. If more of the body is on its way, it first reads (and drops) a
    /// little of it, or waits a moment, so that the client sees the answer rather than a reset.
    private func refuseOversizedBody(_ request: Request, alreadyRead: Int, bodyFollows: Bool, context: ChannelHandlerContext) {
        var answer = HTTPAnswer.text(
            .payloadTooLarge, "message is \(alreadyRead)+ bytes, the limit is \(configuration.maxBodySize) bytes",
            closeConnection: true)
        answer.headers.add(name: "X-Max-Body-Size", value: String(configuration.maxBodySize))
        report(answer, for: request.head)
        guard bodyFollows else {
            write(answer, for: request, context: context)
            return
        }
        state = .discardingBody(budget: max(configuration.maxBodySize, 1 << 20))
        write(answer, for: request, context: context)
        context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(2)) {
            self.close(context: context)
        }
    }

    // MARK: - Acting on requests

    private func perform(_ action: Action, for request: Request, context: ChannelHandlerContext) {
        switch action {
        case .answer(let answer):
            if answer.status.code >= 400 { report(answer, for: request.head) }
            write(answer, for: request, context: context)
        case .receive(let caller, let wait):
            receive(caller, wait: wait, for: request, context: context)
        case .staticFile(let path):
            serveStaticFile(path, for: request, context: context)
        }
    }

    private func receive(_ caller: Caller, wait: Duration, for request: Request, context: ChannelHandlerContext) {
        let waiter = wait > .zero
            ? LongPollWaiter(handler: NIOLoopBound(self, eventLoop: context.eventLoop), requestNumber: request.number)
            : nil
        let outcome = mailbox.receive(
            owner: caller.username, password: caller.password, waiter: waiter, origin: origin)
        switch outcome {
        case .unauthorized:
            write(.unauthorized("wrong password for this inbox"), for: request, context: context)
        case .inboxLimitReached:
            let answer = HTTPAnswer.serviceUnavailable("the server holds its maximum number of inboxes", retryAfterSeconds: 10)
            report(answer, for: request.head)
            write(answer, for: request, context: context)
        case .delivered(let delivery):
            write(.message(delivery, timeouts: mailbox.timeoutHeaders, now: mailbox.clock.now),
                  for: request, carrying: delivery, context: context)
        case .empty:
            writeNoMessage(for: request, context: context)
        case .waiting(let ticket):
            let number = request.number
            let timeout = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(wait.wholeNanoseconds))) {
                self.longPollTimedOut(number, ticket: ticket)
            }
            state = .waiting(request, ticket, timeout)
        }
    }

    private func send(_ post: PendingPost, body: ByteBuffer, for request: Request, context: ChannelHandlerContext) {
        let outcome = mailbox.post(
            sender: post.caller.username, password: post.caller.password, recipient: post.recipient,
            body: Array(body.readableBytesView), contentType: post.contentType, origin: origin)
        let answer: HTTPAnswer
        switch outcome {
        case .accepted:
            writeAccepted(for: request, context: context)
            let delay = mailbox.configuration.delay
            if delay > .zero {
                // Wake the recipient's long-poll when the message comes due, not at the next sweep.
                let mailbox = self.mailbox
                context.eventLoop.scheduleTask(in: .nanoseconds(Int64(delay.wholeNanoseconds))) { mailbox.deliverDue() }
            }
            return
        case .unauthorized: answer = .unauthorized("wrong password for the sender's inbox")
        case .emptyBody: answer = .text(.badRequest, "the message is empty")
        case .recipientNotFound: answer = .text(.notFound, "\(post.recipient.text) has no inbox")
        case .recipientFull where fitsFixedAnswers(request):
            let full = mailbox.fixedAnswers.recipientFull(post.recipient, allocator: context.channel.allocator)
            write(full.bytes, status: .serviceUnavailable, bodyBytes: full.bodyLength, keepAlive: true, for: request, context: context)
            return
        case .recipientFull:
            answer = .recipientFull(post.recipient)
        case .inboxLimitReached:
            answer = .serviceUnavailable("the server holds its maximum number of inboxes", retryAfterSeconds: 10)
        case .byteLimitReached:
            answer = .serviceUnavailable("the server holds its maximum of queued bytes", retryAfterSeconds: 10)
        }
        write(answer, for: request, context: context)
    }

    /// Called on this loop when a message, or a newer poll, claimed the waiting long-poll.
    func finishLongPoll(_ requestNumber: UInt64, with delivery: Delivery?) {
        guard case .waiting(let request, _, let timeout) = state, request.number == requestNumber, let context else {
            // The client left before the answer could go out: the message must not be lost.
            if let delivery { mailbox.returnUndelivered(delivery) }
            return
        }
        timeout.cancel()
        if let delivery, Self.peerHasClosed(context.channel) {
            // The client left but its FIN is still queued behind this task: a write would
            // "succeed" into a socket nobody reads, and the message would be lost.
            mailbox.returnUndelivered(delivery)
            close(context: context)
        } else if let delivery {
            write(.message(delivery, timeouts: mailbox.timeoutHeaders, now: mailbox.clock.now),
                  for: request, carrying: delivery, context: context)
        } else {
            writeNoMessage(for: request, context: context)
        }
        handleParts(context: context)
    }

    private func longPollTimedOut(_ requestNumber: UInt64, ticket: WaitTicket) {
        guard case .waiting(let request, _, _) = state, request.number == requestNumber, let context else { return }
        // If the wait already ended, a message or a newer poll is on its way to finishLongPoll.
        if mailbox.endWait(ticket) {
            writeNoMessage(for: request, context: context)
            handleParts(context: context)
        }
    }

    private func serveStaticFile(_ path: String, for request: Request, context: ChannelHandlerContext) {
        guard let staticFiles else { return }
        state = .loadingFile(request)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let number = request.number
        Task {
            let answer = await staticFiles.answer(for: path)
            handler.eventLoop.execute {
                handler.value.finishStaticFile(number, answer: answer)
            }
        }
    }

    private func finishStaticFile(_ requestNumber: UInt64, answer: HTTPAnswer) {
        guard case .loadingFile(let request) = state, request.number == requestNumber, let context else { return }
        write(answer, for: request, context: context)
        handleParts(context: context)
    }

    // MARK: - Writing answers

    /// Writes a whole answer; it is flushed once the parts at hand are handled. If it carries
    /// a message and cannot be written, the message goes back to the head of its queue.
    private func write(_ answer: HTTPAnswer, for request: Request, carrying delivery: Delivery? = nil, context: ChannelHandlerContext) {
        let keepAlive = request.head.keepAlive && !answer.closeConnection
        let bytes = answer.encoded(
            version: request.head.version, keepAlive: keepAlive, isInbox: request.isInbox, cors: configuration.cors,
            origin: request.head.origin, withBody: request.head.method != .HEAD, allocator: context.channel.allocator)
        write(bytes, status: answer.status, bodyBytes: answer.body?.readableBytes ?? 0, keepAlive: keepAlive,
              for: request, carrying: delivery, context: context)
    }

    /// Whether the answers encoded once per server are byte for byte what this request would get.
    private func fitsFixedAnswers(_ request: Request) -> Bool {
        !configuration.cors && FixedAnswers.fit(request.head)
    }

    /// "No message", from the fixed bytes where they fit.
    private func writeNoMessage(for request: Request, context: ChannelHandlerContext) {
        if fitsFixedAnswers(request) {
            write(mailbox.fixedAnswers.noMessage, status: .noContent, bodyBytes: 0, keepAlive: true, for: request, context: context)
        } else {
            write(.noMessage(mailbox.timeoutHeaders), for: request, context: context)
        }
    }

    /// "Accepted", from the fixed bytes where they fit.
    private func writeAccepted(for request: Request, context: ChannelHandlerContext) {
        if fitsFixedAnswers(request) {
            write(mailbox.fixedAnswers.accepted, status: .ok, bodyBytes: 0, keepAlive: true, for: request, context: context)
        } else {
            write(.accepted(mailbox.timeoutHeaders), for: request, context: context)
        }
    }

    private func write(
        _ bytes: ByteBuffer, status: HTTPResponseStatus, bodyBytes: Int, keepAlive: Bool, for request: Request,
        carrying delivery: Delivery? = nil, context: ChannelHandlerContext
    ) {
        let closeAfterwards: Bool
        if case .discardingBody = state {
            closeAfterwards = false  // refuseOversizedBody closes once the rest of the body is dropped
        } else if keepAlive {
            state = .idle
            closeAfterwards = false
        } else {
            state = .closed
            closeAfterwards = true
        }
        // Only a message, or a close, needs to know how the write went: most answers carry no promise.
        if delivery != nil || closeAfterwards {
            let written = context.eventLoop.makePromise(of: Void.self)
            context.write(wrapOutboundOut(bytes), promise: written)
            let mailbox = self.mailbox
            written.futureResult.assumeIsolated().whenComplete { result in
                if case .failure = result, let delivery { mailbox.returnUndelivered(delivery) }
                if closeAfterwards { context.close(promise: nil) }
            }
        } else {
            context.write(wrapOutboundOut(bytes), promise: nil)
        }
        needsFlush = true
        mailbox.countAnsweredRequest()
        logRequest(request, status: status, bytes: bodyBytes, context: context)
    }

    /// Answers a request that could not be read (400, 431, 501 or 505), then closes: after a
    /// malformed request, where the next one begins cannot be known.
    private func refuse(_ error: HTTPRequestError, context: ChannelHandlerContext) {
        logger.debug("refused a malformed request", metadata: ["error": "\(error)"])
        guard case .discardingBody = state else {
            let answer: HTTPAnswer = switch error {
            case .malformed(let reason): .text(.badRequest, "malformed HTTP request: \(reason)")
            case .headTooLarge: .text(.requestHeaderFieldsTooLarge, "request headers too large")
            case .unsupportedVersion: .text(.httpVersionNotSupported, "only HTTP/1.0 and HTTP/1.1 are spoken here")
            case .unsupportedTransferEncoding: .text(.notImplemented, "the only transfer coding understood is chunked")
            }
            report(answer, for: nil)
            let bytes = answer.encoded(
                version: .http1_1, keepAlive: false, isInbox: false, cors: false, origin: nil, withBody: true,
                allocator: context.channel.allocator)
            state = .closed
            context.writeAndFlush(wrapOutboundOut(bytes)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
            return
        }
        close(context: context)  // a 413 is already out
    }

    /// A refused request's path is told up to this many characters: a scanner's long paths
    /// must not fill the host's log.
    private static let longestReportedPath = 100

    /// Tells the mailbox's observer of a refusal the store did not decide (it reports its own),
    /// so that the host view logs every refused request with its reason.
    private func report(_ answer: HTTPAnswer, for head: RequestHead?) {
        var reason = answer.body.map { String(buffer: $0) } ?? ""
        if reason.hasSuffix("\n") { reason.removeLast() }
        let caller = head.flatMap { head in
            lastAuthorization.flatMap { $0.header == head.authorization ? $0.caller.username : nil }
        }
        mailbox.report(RefusedRequest(
            status: Int(answer.status.code), request: head.map { "\($0.method) \($0.path.prefix(Self.longestReportedPath))" }, caller: caller,
            origin: origin, reason: reason))
    }

    /// One line per request, at debug level: never the credentials or the body.
    private func logRequest(_ request: Request, status: HTTPResponseStatus, bytes: Int, context: ChannelHandlerContext) {
        guard logsRequests else { return }
        let milliseconds = Double((context.eventLoop.now - request.receivedAt).nanoseconds) / 1e6
        let peer = context.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
        let path = request.head.path
        logger.debug("\(request.head.method) \(path) \(status.code) \(bytes) B \((milliseconds * 10).rounded() / 10) ms from \(peer)")
    }

    /// Whether the kernel has already seen the client close its side (TCP state other than
    /// ESTABLISHED), even if the event loop has not yet read the end of the stream.
    /// Linux's TCP_ESTABLISHED (netinet/tcp.h), which Swift does not import.
    private static let tcpEstablished: UInt8 = 1

    private static func peerHasClosed(_ channel: any Channel) -> Bool {
        #if os(Linux)
        guard let socket = channel as? any SocketOptionProvider else { return false }
        var closed = false
        // On its own event loop the option is read synchronously: the future is already complete.
        socket.getTCPInfo().assumeIsolated().whenSuccess { info in
            closed = info.tcpi_state != Self.tcpEstablished
        }
        return closed
        #else
        return false
        #endif
    }

    // MARK: - Connection events

    func channelInactive(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        if case .waiting(_, let ticket, let timeout) = state {
            timeout.cancel()
            // If a message was already handed to this poll, finishLongPoll will put it back.
            _ = mailbox.endWait(ticket)
        }
        state = .closed
        context.fireChannelInactive()
    }

    func channelActive(context: ChannelHandlerContext) {
        lastReadAt = context.eventLoop.now
        scheduleIdleCheck(in: idleTimeout, context: context)
        context.fireChannelActive()
    }

    private var idleTimeout: TimeAmount { .nanoseconds(Int64(configuration.idleTimeout.wholeNanoseconds)) }

    private func scheduleIdleCheck(in delay: TimeAmount, context: ChannelHandlerContext) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { self.checkIdle(context: context) }
    }

    /// A connection silent for the idle timeout is closed, unless it waits on a long poll or
    /// a file: slow or idle clients cannot hold connections forever. Done here rather than by
    /// NIO's IdleStateHandler, which cost every read and write a trip through one more handler.
    private func checkIdle(context: ChannelHandlerContext) {
        let silent = context.eventLoop.now - lastReadAt
        guard silent >= idleTimeout else {
            scheduleIdleCheck(in: idleTimeout - silent, context: context)
            return
        }
        switch state {
        case .closed:
            return
        case .waiting, .loadingFile:
            scheduleIdleCheck(in: idleTimeout, context: context)
        default:
            logger.debug("closing a connection idle for the idle timeout")
            close(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        close(context: context)
    }

    // MARK: - Request parsing

    private func caller(of head: RequestHead) -> Result<Caller, HTTPAnswer> {
        guard let header = head.authorization, !head.hasRepeatedAuthorization else {
            return .failure(.unauthorized("HTTP Basic credentials are required"))
        }
        if let last = lastAuthorization, last.header == header {
            return .success(last.caller)
        }
        switch BasicCredentials.parse(header) {
        case .success(let credentials):
            let caller = Caller(username: credentials.username, password: mailbox.passwordDigest(credentials.password))
            lastAuthorization = (header, caller)
            return .success(caller)
        case .failure(.missingOrMalformed): return .failure(.unauthorized("HTTP Basic credentials are required"))
        case .failure(.invalidUsername(let error)): return .failure(.text(.badRequest, "bad username: \(error)"))
        }
    }

    /// How long an empty GET may wait: `?wait=SECONDS`, capped by the server's limit.
    private func requestedWait(_ head: RequestHead) -> Result<Duration, HTTPAnswer> {
        guard configuration.longPolling else { return .success(.zero) }
        guard let parameters = QueryParameters(head.pathAndQuery.query) else {
            return .failure(.text(.badRequest, "malformed query string"))
        }
        guard let raw = parameters["wait"] else { return .success(configuration.longPollTimeout) }
        guard let seconds = Double(String(decoding: raw, as: UTF8.self)), seconds >= 0, seconds.isFinite else {
            return .failure(.text(.badRequest, "wait must be a number of seconds, 0 or more"))
        }
        return .success(min(.nanoseconds(Int64(min(seconds, 1e9) * 1e9)), configuration.longPollTimeout))
    }
}
