import Foundation
import MailboxCore
import NIOCore
import NIOEmbedded
import Testing
@testable import MailboxServer

/// The handler without sockets: here a write can be made to fail on demand, which a real
/// socket does only by chance.
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

    let mailbox = Mailbox()
    let failer = WriteFailer()
    let channel = EmbeddedChannel()

    init() throws {
        try channel.pipeline.syncOperations.addHandler(failer)
        try channel.pipeline.syncOperations.addHandler(MailboxHTTPHandler(
            mailbox: mailbox, configuration: ServerConfiguration(), staticFiles: nil, logger: .init(label: "test")))
    }

    func sendGet(_ user: String, wait: Int) throws {
        let authorization = "Basic " + Data("\(user):pw".utf8).base64EncodedString()
        try channel.writeInbound(ByteBuffer(string: "GET /inbox?wait=\(wait) HTTP/1.1\r\nAuthorization: \(authorization)\r\n\r\n"))
    }

    func post(_ body: String, to user: String) -> PostOutcome {
        mailbox.post(
            sender: try! Username(validating: "bob"), password: mailbox.passwordDigest(Array("pw".utf8)), recipient: try! Username(validating: user),
            body: Array(body.utf8), contentType: nil)
    }

    /// The status code of the next answer written, if any.
    func responseStatus() throws -> Int? {
        guard let bytes = try channel.readOutbound(as: ByteBuffer.self) else { return nil }
        let statusLine = String(buffer: bytes).prefix { $0 != "\r" }
        return Int(statusLine.split(separator: " ")[1])
    }

    @Test func aMessageWhoseAnswerFailsToWriteGoesBackToItsQueue() throws {
        try sendGet("alice", wait: 20)
        #expect(mailbox.statistics.waitingPolls == 1)

        failer.armed = true
        #expect(post("offer", to: "alice") == .accepted)
        channel.embeddedEventLoop.run()

        let statistics = mailbox.statistics
        #expect(statistics.queuedMessages == 1)
        #expect(statistics.messagesReturned == 1)
        #expect(statistics.messagesDelivered == 0)

        failer.armed = false
        try sendGet("alice", wait: 0)
        #expect(try responseStatus() == 200)
        #expect(mailbox.statistics.messagesDelivered == 1)
    }

    @Test func aMessageForAPollWhoseChannelClosedGoesBackToItsQueue() throws {
        try sendGet("alice", wait: 20)
        _ = try channel.finish()
        #expect(mailbox.statistics.waitingPolls == 0)
        #expect(post("offer", to: "alice") == .accepted)
        #expect(mailbox.statistics.queuedMessages == 1)
    }

    @Test func aTimedOutPollAnswers204() throws {
        try sendGet("alice", wait: 5)
        #expect(try responseStatus() == nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(try responseStatus() == 204)
        #expect(mailbox.statistics.waitingPolls == 0)
    }

    /// The idle timer runs on the loop's clock, so it is tested without waiting.
    @Test func anIdleConnectionIsClosedButAWaitingLongPollOutlivesTheIdleTimeout() throws {
        let mailbox = Mailbox()
        func connection() throws -> EmbeddedChannel {
            let channel = EmbeddedChannel()
            try channel.pipeline.syncOperations.addHandler(MailboxHTTPHandler(
                mailbox: mailbox, configuration: ServerConfiguration(idleTimeout: .seconds(2)), staticFiles: nil,
                logger: .init(label: "test")))
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
            return channel
        }
        let idle = try connection()
        try idle.writeInbound(ByteBuffer(string: "GET /healthz HTTP/1.1\r\n\r\n"))
        #expect(try idle.readOutbound(as: ByteBuffer.self) != nil)
        idle.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(idle.isActive)
        idle.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!idle.isActive)

        let polling = try connection()
        let authorization = "Basic " + Data("alice:pw".utf8).base64EncodedString()
        try polling.writeInbound(ByteBuffer(string: "GET /inbox?wait=20 HTTP/1.1\r\nAuthorization: \(authorization)\r\n\r\n"))
        polling.embeddedEventLoop.advanceTime(by: .seconds(5))  // two idle timeouts and more
        #expect(polling.isActive)
        #expect(mailbox.statistics.waitingPolls == 1)
        let posted = mailbox.post(
            sender: try Username(validating: "bob"), password: mailbox.passwordDigest(Array("pw".utf8)),
            recipient: try Username(validating: "alice"), body: Array("late".utf8), contentType: nil)
        #expect(posted == .accepted)
        polling.embeddedEventLoop.run()
        let answer = try #require(try polling.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: answer).hasPrefix("HTTP/1.1 200"))
        #expect(String(buffer: answer).hasSuffix("late"))
    }
}
