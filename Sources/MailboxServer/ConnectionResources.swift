import Logging
import MailboxCore
import NIOCore
import Synchronization

/// What every connection of one server shares: the store, the settings, the answers encoded
/// once, and the count of requests answered.
final class ConnectionResources: Sendable {
    let store: any ServerStore
    let configuration: ServerConfiguration
    let settings: ConnectionStateMachine.Settings
    let staticFiles: StaticFiles?
    let logger: Logger
    /// Whether each request is logged: worked out once, as asking the logger costs a copy of it.
    let logsRequests: Bool
    /// The timer headers every inbox answer carries.
    let timeoutHeaders: TimeoutHeaders
    let fixedAnswers: FixedAnswers
    private let answered = Atomic<Int>(0)

    init(store: any ServerStore, configuration: ServerConfiguration, staticFiles: StaticFiles?, logger: Logger) {
        self.store = store
        self.configuration = configuration
        settings = ConnectionStateMachine.Settings(configuration, servesStaticFiles: staticFiles != nil)
        self.staticFiles = staticFiles
        self.logger = logger
        logsRequests = logger.logLevel <= .debug
        timeoutHeaders = TimeoutHeaders(store.configuration)
        fixedAnswers = FixedAnswers(timeoutHeaders)
    }

    /// HTTP requests answered since the server started.
    var requestsAnswered: Int { answered.load(ordering: .relaxed) }

    func countAnsweredRequest() {
        answered.add(1, ordering: .relaxed)
    }

    /// The bytes of a write: from the fixed answers where they fit the request, else encoded.
    func encode(_ write: ConnectionStateMachine.Write, allocator: ByteBufferAllocator) -> (bytes: ByteBuffer, status: Int, bodyBytes: Int) {
        guard let request = write.request else {
            let answer = write.reply.httpAnswer(timeouts: timeoutHeaders, now: store.clock.now)
            let bytes = answer.encoded(
                version: .http1_1, keepAlive: false, isInbox: false, cors: false, origin: nil, withBody: true,
                allocator: allocator)
            return (bytes, Int(answer.status.code), answer.body?.readableBytes ?? 0)
        }
        let head = request.head
        if !configuration.cors && FixedAnswers.fit(head) {
            switch write.reply {
            case .noMessage: return (fixedAnswers.noMessage, 204, 0)
            case .accepted: return (fixedAnswers.accepted, 200, 0)
            case .recipientFull(let recipient):
                let full = fixedAnswers.recipientFull(recipient, allocator: allocator)
                return (full.bytes, 503, full.bodyLength)
            case .message, .answer: break
            }
        }
        let answer = write.reply.httpAnswer(timeouts: timeoutHeaders, now: store.clock.now)
        let bytes = answer.encoded(
            version: head.version, keepAlive: head.keepAlive && !answer.closeConnection, isInbox: request.isInbox,
            cors: configuration.cors, origin: head.origin, withBody: head.method != .HEAD, allocator: allocator)
        return (bytes, Int(answer.status.code), answer.body?.readableBytes ?? 0)
    }

    /// One line per request, at debug level: never the credentials or the body.
    func log(_ request: ConnectionStateMachine.Request, status: Int, bytes: Int, channel: any Channel) {
        let milliseconds = Double((channel.eventLoop.now - request.receivedAt).nanoseconds) / 1e6
        let peer = channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
        logger.debug("\(request.head.method) \(request.head.path) \(status) \(bytes) B \((milliseconds * 10).rounded() / 10) ms from \(peer)")
    }
}
