import MailboxCore
import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 logic with no I/O: each input (a part of a request, the store's
/// answer, a long poll's end, a write's result, a timer, the client leaving) changes the state
/// and returns the one ``Action`` for the channel glue (``MailboxHTTPHandler``) to perform, in
/// the manner of swift-nio's own state machines.
///
/// Requests are taken one at a time: while one is with the store, waits or loads a file, no
/// part of the next is taken (``acceptsParts``), and a read is held back once the next
/// request is already buffered, which bounds what a client can pipeline into memory.
struct ConnectionStateMachine {
    /// The server's settings a connection acts on.
    struct Settings {
        var maxBodySize: Int
        var longPolling: Bool
        var longPollTimeout: Duration
        var idleTimeout: TimeAmount
        var servesStaticFiles: Bool
        var servesPeerPage: Bool

        init(_ configuration: ServerConfiguration, servesStaticFiles: Bool) {
            maxBodySize = configuration.maxBodySize
            longPolling = configuration.longPolling
            longPollTimeout = configuration.longPollTimeout
            idleTimeout = .nanoseconds(Int64(configuration.idleTimeout.wholeNanoseconds))
            self.servesStaticFiles = servesStaticFiles
            servesPeerPage = configuration.peerPages
        }
    }

    /// A request being handled.
    struct Request: Equatable {
        /// Its place on the connection, so that a late answer cannot reach a newer request.
        let number: UInt64
        let head: RequestHead
        /// When the bytes that completed its head arrived.
        let receivedAt: NIODeadline
        var isInbox: Bool { head.path == Route.inboxPath }
    }

    /// Who a request's Basic credentials name, with the password already hashed.
    struct Caller: Equatable {
        let username: Username
        let password: PasswordDigest
    }

    struct PendingPost: Equatable {
        let caller: Caller
        let recipient: Username
        let contentType: String?
    }

    /// An answer to write, and what comes with it.
    struct Write: Equatable {
        var reply: Reply
        /// Nil for a request that could not be read.
        var request: Request?
        /// Close the connection once the answer is written.
        var closing: Bool
        /// A refusal the front decided, for the store's observer (its origin is the glue's).
        var refusal: RefusedRequest?
    }

    /// What the glue does next.
    enum Action: Equatable {
        case none
        /// Writes the answer; flushed once the parts at hand are taken.
        case write(Write)
        /// Writes a 413 while more of the body comes: it is read and dropped for a while, so
        /// that the client sees the answer rather than a reset, then the connection closes.
        case refuseBody(Write, closeWithin: TimeAmount)
        /// `100 Continue`, written and flushed at once.
        case sendContinue(HTTPVersion)
        /// Asks the store for a message; a `wait` means a waiter that may wait that long.
        case receive(Caller, wait: TimeAmount?, request: UInt64)
        case post(PendingPost, body: ByteBuffer)
        /// Reads a static file off the event loop; the answer comes back as ``fileLoaded(_:request:)``.
        case loadFile(path: String, request: UInt64)
        /// Starts the timer of a waiting long poll; it comes back as ``longPollTimedOut(request:)``.
        case startWait(request: UInt64, timeout: TimeAmount)
        /// Ends a wait with the store; if the store says it was still waiting, the glue feeds
        /// ``longPollFinished(request:delivery:peerHasLeft:)`` with no message.
        case endWait(WaitTicket, request: UInt64)
        case confirmDelivered(Delivery)
        case returnUndelivered(Delivery)
        /// The client of a waiting poll left as its message came: put the message back, close.
        case returnUndeliveredAndClose(Delivery)
        case read
        /// Closes the connection once what was written is on its way.
        case close
        case scheduleIdleCheck(at: NIODeadline)
    }

    /// What the connection is doing with its current request.
    private enum State {
        case idle
        /// Routed at the head; acted on when the request has fully arrived.
        case awaitingEnd(Request, Plan)
        /// The body so far: nil before its first piece, which is kept as it came, uncopied.
        case receivingBody(Request, PendingPost, ByteBuffer?)
        /// A 413 went out before the body ended: drop the rest, then close.
        case discardingBody(budget: Int)
        /// Asked the store, which has not answered yet.
        case askingStore(Request, Question)
        case waiting(Request, WaitTicket)
        case loadingFile(Request)
        case closed
    }

    /// What a request routed at its head does once it has fully arrived.
    private enum Plan {
        case receive(Caller, wait: Duration)
        case answer(HTTPAnswer)
        case staticFile(path: String)
    }

    private enum Question {
        case receive(wait: Duration)
        case post(recipient: Username)
    }

    /// What the store answered.
    enum StoreAnswer: Equatable {
        case received(ReceiveOutcome)
        case posted(PostOutcome)
        /// The store could not be reached.
        case unavailable
    }

    private let settings: Settings
    private let hasher: PasswordHasher
    private var state = State.idle
    private var requestCount: UInt64 = 0
    /// When bytes last arrived: a connection silent for the idle timeout is closed.
    private var lastReadAt = NIODeadline.uptimeNanoseconds(0)
    /// A read the channel asked for while the next request was already buffered.
    private var readHeld = false
    /// The connection's last `Authorization` header and who it named. A keep-alive client sends
    /// the same header with every request, so it is decoded, checked and hashed only once.
    private var lastAuthorization: (header: String, caller: Caller)?

    init(settings: Settings, hasher: PasswordHasher) {
        self.settings = settings
        self.hasher = hasher
    }

    /// Whether the current request can take more of its parts, or the next request can begin.
    var acceptsParts: Bool {
        switch state {
        case .idle, .awaitingEnd, .receivingBody, .discardingBody: true
        case .askingStore, .waiting, .loadingFile, .closed: false
        }
    }

    // MARK: - The connection

    mutating func connected(at now: NIODeadline) -> Action {
        lastReadAt = now
        return .scheduleIdleCheck(at: now + settings.idleTimeout)
    }

    mutating func bytesArrived(at now: NIODeadline) {
        lastReadAt = now
    }

    /// The channel asks for a read; `bufferedBytes` are received and not yet taken as parts.
    /// A client waiting for an answer must still be heard leaving, so reads go on until the
    /// next request is already buffered.
    mutating func readRequested(bufferedBytes: Int) -> Action {
        if acceptsParts || bufferedBytes == 0 { return .read }
        readHeld = true
        return .none
    }

    /// Every part at hand has been taken: a held read goes out if parts are accepted again.
    mutating func partsTaken() -> Action {
        guard readHeld, acceptsParts else { return .none }
        readHeld = false
        return .read
    }

    /// A connection silent for the idle timeout is closed, unless it waits on a long poll, the
    /// store or a file: slow or idle clients cannot hold connections forever.
    mutating func idleCheck(at now: NIODeadline) -> Action {
        let silent = now - lastReadAt
        guard silent >= settings.idleTimeout else { return .scheduleIdleCheck(at: lastReadAt + settings.idleTimeout) }
        switch state {
        case .closed:
            return .none
        case .askingStore, .waiting, .loadingFile:
            return .scheduleIdleCheck(at: now + settings.idleTimeout)
        case .idle, .awaitingEnd, .receivingBody, .discardingBody:
            state = .closed
            return .close
        }
    }

    /// The client left (or the connection was closed).
    mutating func channelInactive() -> Action {
        let previous = state
        state = .closed
        // If a message was already handed to the poll, it comes to longPollFinished, which puts it back.
        if case .waiting(let request, let ticket) = previous { return .endWait(ticket, request: request.number) }
        return .none
    }

    /// The time given to drop the rest of a refused body is up.
    mutating func closeTimerFired() -> Action {
        if case .closed = state { return .none }
        state = .closed
        return .close
    }

    // MARK: - Requests

    /// The next part of a request from the parser. Only fed while ``acceptsParts``.
    mutating func received(_ part: HTTPRequestParser.Part) -> Action {
        switch (part, state) {
        case (.head(let head), .idle):
            requestCount += 1
            return begin(Request(number: requestCount, head: head, receivedAt: lastReadAt))
        case (.body(let chunk), .receivingBody(let request, let post, let body)):
            let received = (body?.readableBytes ?? 0) + chunk.readableBytes
            guard received <= settings.maxBodySize else {
                return refuseOversizedBody(request, received: received, bodyFollows: true)
            }
            guard var body else {
                state = .receivingBody(request, post, chunk)  // the usual case: the whole body in one piece
                return .none
            }
            state = .idle  // drop the buffer's second reference so that writing into it does not copy
            var chunk = chunk
            body.writeBuffer(&chunk)
            state = .receivingBody(request, post, body)
            return .none
        case (.body, .awaitingEnd):
            return .none  // a body on a GET, OPTIONS or any other request that has no use for one
        case (.body(let chunk), .discardingBody(let budget)):
            let left = budget - chunk.readableBytes
            guard left >= 0 else {
                state = .closed
                return .close
            }
            state = .discardingBody(budget: left)
            return .none
        case (.end, .receivingBody(let request, let post, let body)):
            state = .askingStore(request, .post(recipient: post.recipient))
            return .post(post, body: body ?? ByteBuffer())
        case (.end, .awaitingEnd(let request, let plan)):
            return perform(plan, for: request)
        case (.end, .discardingBody):
            state = .closed
            return .close
        case (.head, .awaitingEnd), (.head, .receivingBody), (.head, .discardingBody):
            preconditionFailure("the parser began a request before the end of the one before")
        case (.body, .idle), (.end, .idle):
            preconditionFailure("the parser gave a body or an end before any head")
        case (_, .askingStore), (_, .waiting), (_, .loadingFile), (_, .closed):
            preconditionFailure("a part was fed while the connection takes none (\(state))")
        }
    }

    /// The parser found the bytes malformed: answer, then close, since where the next request
    /// begins cannot be known.
    mutating func malformed(_ error: HTTPRequestError) -> Action {
        switch state {
        case .discardingBody:
            state = .closed
            return .close  // a 413 is already out
        case .idle, .awaitingEnd, .receivingBody:
            state = .closed
            let answer = OutcomeAnswers.answer(to: error)
            return .write(Write(reply: .answer(answer), request: nil, closing: true, refusal: refusal(answer, for: nil)))
        case .askingStore, .waiting, .loadingFile, .closed:
            preconditionFailure("the parser was asked for parts while the connection takes none (\(state))")
        }
    }

    /// Routes a request from its head and checks all that can be checked before its body.
    private mutating func begin(_ request: Request) -> Action {
        let head = request.head
        let route = Route(
            method: head.method, path: head.path, servesStaticFiles: settings.servesStaticFiles,
            servesPeerPage: settings.servesPeerPage)
        let plan: Plan
        switch route {
        case .receive:
            switch (caller(of: head), requestedWait(head)) {
            case (.failure(let answer), _), (_, .failure(let answer)): plan = .answer(answer)
            case (.success(let caller), .success(let wait)): plan = .receive(caller, wait: wait)
            }
        case .send:
            return beginPost(request)
        case .preflight: plan = .answer(OutcomeAnswers.preflight)
        case .health: plan = .answer(OutcomeAnswers.health)
        case .staticFile(let path): plan = .staticFile(path: path)
        case .peerPage: plan = .answer(PeerPage.answer)
        case .methodNotAllowed(let allow): plan = .answer(OutcomeAnswers.methodNotAllowed(head.method, allow: allow))
        case .notFound: plan = .answer(OutcomeAnswers.notFound(head.path))
        }
        state = .awaitingEnd(request, plan)
        return .none
    }

    private mutating func beginPost(_ request: Request) -> Action {
        let head = request.head
        let checked = caller(of: head).flatMap { caller in
            recipient(of: head).map { PendingPost(caller: caller, recipient: $0, contentType: head.contentType) }
        }
        switch checked {
        case .failure(let answer):
            state = .awaitingEnd(request, .answer(answer))
            return .none
        case .success(let post):
            if let declared = head.contentLength, declared > settings.maxBodySize {
                // A client waiting for "100 Continue" sends no body: close as soon as it has the 413.
                return refuseOversizedBody(request, received: declared, bodyFollows: !head.expectsContinue)
            }
            state = .receivingBody(request, post, nil)
            return head.expectsContinue ? .sendContinue(head.version) : .none
        }
    }

    /// Answers 413 and closes. If more of the body is on its way, a little of it is read and
    /// dropped first, for a while, so that the client sees the answer rather than a reset.
    private mutating func refuseOversizedBody(_ request: Request, received: Int, bodyFollows: Bool) -> Action {
        let answer = OutcomeAnswers.oversizedBody(received: received, limit: settings.maxBodySize)
        let refusal = refusal(answer, for: request.head)
        guard bodyFollows else { return write(.answer(answer), for: request, refusal: refusal) }
        state = .discardingBody(budget: max(settings.maxBodySize, 1 << 20))
        return .refuseBody(
            Write(reply: .answer(answer), request: request, closing: false, refusal: refusal), closeWithin: .seconds(2))
    }

    private mutating func perform(_ plan: Plan, for request: Request) -> Action {
        switch plan {
        case .answer(let answer):
            let refused = answer.status.code >= 400
            return write(.answer(answer), for: request, refusal: refused ? refusal(answer, for: request.head) : nil)
        case .receive(let caller, let wait):
            state = .askingStore(request, .receive(wait: wait))
            let waits = wait > .zero ? TimeAmount.nanoseconds(Int64(wait.wholeNanoseconds)) : nil
            return .receive(caller, wait: waits, request: request.number)
        case .staticFile(let path):
            state = .loadingFile(request)
            return .loadFile(path: path, request: request.number)
        }
    }

    // MARK: - Answers

    /// The store answered the request that asked it.
    mutating func storeAnswered(_ answer: StoreAnswer) -> Action {
        switch (state, answer) {
        case (.askingStore(let request, .receive(let wait)), .received(.waiting(let ticket))):
            state = .waiting(request, ticket)
            return .startWait(request: request.number, timeout: .nanoseconds(Int64(wait.wholeNanoseconds)))
        case (.askingStore(let request, .receive), .received(let outcome)):
            let reply = OutcomeAnswers.reply(to: outcome)
            // The store reports its own refusals but for the inbox limit of a GET.
            let reported = outcome == .inboxLimitReached ? refusal(OutcomeAnswers.inboxLimitReached, for: request.head) : nil
            return write(reply, for: request, refusal: reported)
        case (.askingStore(let request, .post(let recipient)), .posted(let outcome)):
            return write(OutcomeAnswers.reply(to: outcome, recipient: recipient), for: request)
        case (.askingStore(let request, _), .unavailable):
            return write(.answer(OutcomeAnswers.storeUnavailable), for: request,
                         refusal: refusal(OutcomeAnswers.storeUnavailable, for: request.head))
        case (.closed, .received(.delivered(let delivery))):
            return .returnUndelivered(delivery)  // the client left before the answer could go out
        case (.closed, .received(.waiting(let ticket))):
            return .endWait(ticket, request: requestCount)  // the client left while the store registered its poll
        case (.closed, _):
            return .none
        case (.askingStore(_, let question), _):
            preconditionFailure("the store gave \(answer) to \(question)")
        default:
            preconditionFailure("the store answered while nothing was asked (\(state))")
        }
    }

    /// A waiting poll was answered by the store (a message, a newer poll, a shutdown) or its
    /// wait ended. `peerHasLeft`: the kernel has seen the client close, though the loop has not
    /// read it yet, so a write would "succeed" into a socket nobody reads.
    mutating func longPollFinished(request number: UInt64, delivery: Delivery?, peerHasLeft: Bool) -> Action {
        switch state {
        case .waiting(let request, _) where request.number == number:
            guard let delivery else { return write(.noMessage, for: request) }
            guard !peerHasLeft else {
                state = .closed
                return .returnUndeliveredAndClose(delivery)
            }
            return write(.message(delivery), for: request)
        case .closed:
            // The client left before the answer could go out: the message must not be lost.
            return delivery.map { .returnUndelivered($0) } ?? .none
        default:
            preconditionFailure("request \(number)'s poll was answered while not waiting (\(state))")
        }
    }

    /// A waiting poll's timer ran out.
    mutating func longPollTimedOut(request number: UInt64) -> Action {
        // Otherwise the poll was answered just before: its timer was cancelled too late.
        guard case .waiting(let request, let ticket) = state, request.number == number else { return .none }
        return .endWait(ticket, request: number)
    }

    mutating func fileLoaded(_ answer: HTTPAnswer, request number: UInt64) -> Action {
        switch state {
        case .loadingFile(let request) where request.number == number:
            return write(.answer(answer), for: request)
        case .closed:
            return .none
        default:
            preconditionFailure("request \(number)'s file came while not loading it (\(state))")
        }
    }

    /// The answer carrying `delivery` was written, or could not be.
    func written(_ delivery: Delivery, succeeded: Bool) -> Action {
        succeeded ? .confirmDelivered(delivery) : .returnUndelivered(delivery)
    }

    /// Writes `reply`, then takes the next request on a kept-alive connection or closes.
    private mutating func write(_ reply: Reply, for request: Request, refusal: RefusedRequest? = nil) -> Action {
        let closing = !request.head.keepAlive || reply.closesConnection
        state = closing ? .closed : .idle
        return .write(Write(reply: reply, request: request, closing: closing, refusal: refusal))
    }

    // MARK: - Checking requests

    /// A refused request's path is told up to this many characters: a scanner's long paths
    /// must not fill the host's log.
    static let longestReportedPath = 100

    /// The observer's record of an answer the front gave on its own.
    private func refusal(_ answer: HTTPAnswer, for head: RequestHead?) -> RefusedRequest {
        var reason = answer.body.map { String(buffer: $0) } ?? ""
        if reason.hasSuffix("\n") { reason.removeLast() }
        let caller = head.flatMap { head in
            lastAuthorization.flatMap { $0.header == head.authorization ? $0.caller.username : nil }
        }
        return RefusedRequest(
            status: Int(answer.status.code), request: head.map { "\($0.method) \($0.path.prefix(Self.longestReportedPath))" },
            caller: caller, origin: nil, reason: reason)
    }

    private mutating func caller(of head: RequestHead) -> Result<Caller, HTTPAnswer> {
        guard let header = head.authorization, !head.hasRepeatedAuthorization else {
            return .failure(OutcomeAnswers.missingCredentials)
        }
        if let last = lastAuthorization, last.header == header {
            return .success(last.caller)
        }
        switch BasicCredentials.parse(header) {
        case .success(let credentials):
            let caller = Caller(username: credentials.username, password: hasher.digest(of: credentials.password))
            lastAuthorization = (header, caller)
            return .success(caller)
        case .failure(let failure):
            return .failure(OutcomeAnswers.answer(to: failure))
        }
    }

    private func recipient(of head: RequestHead) -> Result<Username, HTTPAnswer> {
        guard let parameters = QueryParameters(head.pathAndQuery.query) else { return .failure(OutcomeAnswers.malformedQuery) }
        guard let to = parameters["to"], !to.isEmpty else { return .failure(OutcomeAnswers.missingRecipient) }
        do {
            return .success(try Username(validating: to))
        } catch {
            return .failure(OutcomeAnswers.badRecipient(error))
        }
    }

    /// How long an empty GET may wait: `?wait=SECONDS`, capped by the server's limit.
    private func requestedWait(_ head: RequestHead) -> Result<Duration, HTTPAnswer> {
        guard settings.longPolling else { return .success(.zero) }
        guard let parameters = QueryParameters(head.pathAndQuery.query) else { return .failure(OutcomeAnswers.malformedQuery) }
        guard let raw = parameters["wait"] else { return .success(settings.longPollTimeout) }
        guard let seconds = Double(String(decoding: raw, as: UTF8.self)), seconds >= 0, seconds.isFinite else {
            return .failure(OutcomeAnswers.badWait)
        }
        return .success(min(.nanoseconds(Int64(min(seconds, 1e9) * 1e9)), settings.longPollTimeout))
    }
}
