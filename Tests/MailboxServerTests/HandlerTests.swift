import Foundation
import MailboxCore
import NIOCore
import NIOEmbedded
import Testing
@testable import MailboxServer

/// The channel glue without sockets: here a write can be made to fail on demand, which a real
/// socket does only by chance, a store can answer later, and the loop's clock is moved by hand.
@Suite struct HandlerTests {
    /// Fails every write once armed, as a socket whose peer vanished does.
    final class WriteFailer: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        var armed = false
        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if armed {
                promise?.fail(ChannelError.ioOnClosedChannel)
            } else {
                context.write(data, promise: promise)
            }
        }
    }

    let store = InMemoryStore()
    let failer = WriteFailer()
    let channel = EmbeddedChannel()

    init() throws {
        try channel.pipeline.syncOperations.addHandler(failer)
        try channel.pipeline.syncOperations.addHandler(Self.handler(store))
    }

    static func handler(_ store: any ServerStore, _ configuration: ServerConfiguration = ServerConfiguration()) -> MailboxHTTPHandler {
        MailboxHTTPHandler(ConnectionResources(store: store, configuration: configuration, staticFiles: nil, logger: .init(label: "test")))
    }

    /// A connected channel (so that its idle timer runs) whose handler talks to `store`.
    static func connection(_ store: any ServerStore, _ configuration: ServerConfiguration = ServerConfiguration()) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(handler(store, configuration))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    static func get(_ user: String, wait: Int) -> ByteBuffer {
        let authorization = "Basic " + Data("\(user):pw".utf8).base64EncodedString()
        return ByteBuffer(string: "GET /inbox?wait=\(wait) HTTP/1.1\r\nAuthorization: \(authorization)\r\n\r\n")
    }

    func sendGet(_ user: String, wait: Int) throws {
        try channel.writeInbound(Self.get(user, wait: wait))
    }

    func post(_ body: String, to user: String) -> PostOutcome {
        store.post(
            sender: try! Username(validating: "bob"), password: store.passwordDigest(Array("pw".utf8)), recipient: try! Username(validating: user),
            body: Array(body.utf8), contentType: nil)
    }

    /// The status code of the next answer written, if any.
    static func responseStatus(_ channel: EmbeddedChannel) throws -> Int? {
        guard let bytes = try channel.readOutbound(as: ByteBuffer.self) else { return nil }
        let statusLine = String(buffer: bytes).prefix { $0 != "\r" }
        return Int(statusLine.split(separator: " ")[1])
    }

    func responseStatus() throws -> Int? {
        try Self.responseStatus(channel)
    }

    @Test func aMessageWhoseAnswerFailsToWriteGoesBackToItsQueue() throws {
        try sendGet("alice", wait: 20)
        #expect(store.statistics.waitingPolls == 1)

        failer.armed = true
        #expect(post("offer", to: "alice") == .accepted)
        channel.embeddedEventLoop.run()

        let statistics = store.statistics
        #expect(statistics.queuedMessages == 1)
        #expect(statistics.messagesReturned == 1)
        #expect(statistics.messagesDelivered == 0)

        failer.armed = false
        try sendGet("alice", wait: 0)
        #expect(try responseStatus() == 200)
        #expect(store.statistics.messagesDelivered == 1)
    }

    @Test func aMessageForAPollWhoseChannelClosedGoesBackToItsQueue() throws {
        try sendGet("alice", wait: 20)
        _ = try channel.finish()
        #expect(store.statistics.waitingPolls == 0)
        #expect(post("offer", to: "alice") == .accepted)
        #expect(store.statistics.queuedMessages == 1)
    }

    @Test func aTimedOutPollAnswers204() throws {
        try sendGet("alice", wait: 5)
        #expect(try responseStatus() == nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(try responseStatus() == 204)
        #expect(store.statistics.waitingPolls == 0)
    }

    @Test func aPipelinedRequestIsAnsweredOnceThePollBeforeItIs() throws {
        var both = Self.get("alice", wait: 5)
        var health = ByteBuffer(string: "GET /healthz HTTP/1.1\r\n\r\n")
        both.writeBuffer(&health)
        try channel.writeInbound(both)
        #expect(try responseStatus() == nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(try responseStatus() == 204)
        #expect(try responseStatus() == 200)
    }

    /// The idle timer runs on the loop's clock, so it is tested without waiting.
    @Test func anIdleConnectionIsClosedButAWaitingLongPollOutlivesTheIdleTimeout() throws {
        let idle = try Self.connection(store, ServerConfiguration(idleTimeout: .seconds(2)))
        try idle.writeInbound(ByteBuffer(string: "GET /healthz HTTP/1.1\r\n\r\n"))
        #expect(try idle.readOutbound(as: ByteBuffer.self) != nil)
        idle.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(idle.isActive)
        idle.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!idle.isActive)

        let polling = try Self.connection(store, ServerConfiguration(idleTimeout: .seconds(2)))
        try polling.writeInbound(Self.get("alice", wait: 20))
        polling.embeddedEventLoop.advanceTime(by: .seconds(5))  // two idle timeouts and more
        #expect(polling.isActive)
        #expect(store.statistics.waitingPolls == 1)
        #expect(post("late", to: "alice") == .accepted)
        polling.embeddedEventLoop.run()
        let answer = try #require(try polling.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: answer).hasPrefix("HTTP/1.1 200"))
        #expect(String(buffer: answer).hasSuffix("late"))
    }

    @Test func aSilentConnectionIsClosedAtTheIdleTimeout() throws {
        let silent = try Self.connection(store, ServerConfiguration(idleTimeout: .milliseconds(300)))
        silent.embeddedEventLoop.advanceTime(by: .milliseconds(299))
        #expect(silent.isActive)
        silent.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!silent.isActive)
    }

    @Test func aRequestThatStallsHalfwayIsClosedAtTheIdleTimeout() throws {
        let slow = try Self.connection(store, ServerConfiguration(idleTimeout: .seconds(2)))
        slow.embeddedEventLoop.advanceTime(by: .seconds(1))
        try slow.writeInbound(ByteBuffer(string: "GET /inbox HTTP/1.1\r\nHost: x\r\nAuthorization: Ba"))
        // The idle time counts from the last bytes, not from the connection's start.
        slow.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(slow.isActive)
        slow.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!slow.isActive)
        #expect(try slow.readOutbound(as: ByteBuffer.self) == nil)
        #expect(store.statistics.inboxes == 0)
    }

    /// A store that answers later, as one on a database does: the answer is written when its
    /// future completes, and a message's fate is told to the store once its write is done.
    @Test func anAnswerThatComesLaterIsWrittenThenConfirmed() throws {
        let later = LaterStore()
        let channel = try Self.connection(later)
        try channel.writeInbound(Self.get("alice", wait: 0))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        let message = Delivery(
            message: Message(sender: try Username(validating: "bob"), body: Array("offer".utf8), contentType: nil,
                             postedAt: MailboxInstant(nanoseconds: 0)),
            recipient: try Username(validating: "alice"), pending: 0)
        try #require(later.receives.first).succeed(.delivered(message))
        channel.embeddedEventLoop.run()
        let answer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: answer).hasPrefix("HTTP/1.1 200"))
        #expect(String(buffer: answer).hasSuffix("offer"))
        #expect(later.confirmed == [message])
        #expect(later.returned.isEmpty)
    }

    @Test func anAnswerThatComesAfterTheClientLeftGoesBack() throws {
        let later = LaterStore()
        let channel = try Self.connection(later)
        try channel.writeInbound(Self.get("alice", wait: 0))
        _ = try channel.finish()
        let message = Delivery(
            message: Message(sender: try Username(validating: "bob"), body: Array("offer".utf8), contentType: nil,
                             postedAt: MailboxInstant(nanoseconds: 0)),
            recipient: try Username(validating: "alice"), pending: 0)
        try #require(later.receives.first).succeed(.delivered(message))
        channel.embeddedEventLoop.run()
        #expect(later.returned == [message])
        #expect(later.confirmed.isEmpty)
    }

    @Test func aStoreThatFailsToAnswerGets503() throws {
        let later = LaterStore()
        let channel = try Self.connection(later)
        try channel.writeInbound(Self.get("alice", wait: 0))
        try #require(later.receives.first).fail(ChannelError.ioOnClosedChannel)
        channel.embeddedEventLoop.run()
        #expect(try Self.responseStatus(channel) == 503)
        #expect(channel.isActive)
    }
}

/// A store whose receives answer only when a test completes their promises; everything runs
/// on the embedded loop's one thread.
final class LaterStore: ServerStore, @unchecked Sendable {
    private let inner = InMemoryStore()
    var receives: [EventLoopPromise<ReceiveOutcome>] = []
    var confirmed: [Delivery] = []
    var returned: [Delivery] = []

    var configuration: MailboxConfiguration { inner.configuration }
    var clock: any MailboxClock { inner.clock }
    var passwordHasher: PasswordHasher { inner.passwordHasher }

    func receive(
        owner: Username, password: PasswordDigest, waiter: LongPollWaiter?, origin: String?, on eventLoop: any EventLoop
    ) -> StoreReply<ReceiveOutcome> {
        let promise = eventLoop.makePromise(of: ReceiveOutcome.self)
        receives.append(promise)
        return .pending(promise.futureResult)
    }

    func post(
        sender: Username, password: PasswordDigest, recipient: Username, body: ByteBuffer, contentType: String?,
        origin: String?, on eventLoop: any EventLoop
    ) -> StoreReply<PostOutcome> {
        inner.post(sender: sender, password: password, recipient: recipient, body: body, contentType: contentType,
                   origin: origin, on: eventLoop)
    }

    func endWait(_ ticket: WaitTicket) -> Bool { inner.endWait(ticket) }
    func confirmDelivered(_ delivery: Delivery) { confirmed.append(delivery) }
    func returnUndelivered(_ delivery: Delivery) { returned.append(delivery) }
    func endAllWaits() async { await inner.endAllWaits() }
    func report(_ refusal: RefusedRequest) {}
}
