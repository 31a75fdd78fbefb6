import Logging
import MailboxCore
import NIOCore

/// One connection's channel glue: feeds the socket's bytes, the store's answers and the timers
/// to its ``ConnectionStateMachine`` and performs the actions it returns.
final class MailboxHTTPHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let shared: ConnectionResources
    private var machine: ConnectionStateMachine
    private var parser: HTTPRequestParser
    /// Answers written and not yet flushed: the flush waits until every part at hand is taken.
    private var needsFlush = false
    private var idleCheck: Scheduled<Void>?
    private var waitTimeout: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    /// The client's address in words, worked out once per connection: only an authentication
    /// failure's event uses it, but the store needs it at hand.
    private lazy var origin: String? = context?.channel.remoteAddress?.ipAddress

    init(_ shared: ConnectionResources) {
        self.shared = shared
        machine = ConnectionStateMachine(settings: shared.settings, hasher: shared.store.passwordHasher)
        parser = HTTPRequestParser(maxHeadBytes: shared.configuration.maxHeaderBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelActive(context: ChannelHandlerContext) {
        perform(machine.connected(at: context.eventLoop.now), context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        machine.bytesArrived(at: context.eventLoop.now)
        parser.append(unwrapInboundIn(data))
        takeParts(context: context)
    }

    func read(context: ChannelHandlerContext) {
        perform(machine.readRequested(bufferedBytes: parser.bufferedBytes), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        waitTimeout?.cancel()
        perform(machine.channelInactive(), context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        shared.logger.debug("connection error", metadata: ["error": "\(error)"])
        close(context: context)
    }

    /// Feeds the parser's parts for as long as the connection takes them, then flushes what was
    /// written and issues a held read. Every input that can end a request's turn calls it.
    private func takeParts(context: ChannelHandlerContext) {
        while machine.acceptsParts {
            do {
                guard let part = try parser.next() else { break }
                perform(machine.received(part), context: context)
            } catch {
                shared.logger.debug("refused a malformed request", metadata: ["error": "\(error)"])
                perform(machine.malformed(error), context: context)
            }
        }
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        perform(machine.partsTaken(), context: context)
    }

    private func perform(_ action: ConnectionStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .write(let write):
            self.write(write, context: context)
        case .refuseBody(let write, let closeWithin):
            self.write(write, context: context)
            context.eventLoop.assumeIsolated().scheduleTask(in: closeWithin) {
                self.perform(self.machine.closeTimerFired(), context: context)
            }
        case .sendContinue(let version):
            var bytes = context.channel.allocator.buffer(capacity: 32)
            bytes.writeStatusLine(version: version, status: .continue)
            bytes.writeStaticString("\r\n")
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
        case .receive(let caller, let wait, let number):
            let waiter = wait.map { _ in LongPollWaiter(handler: NIOLoopBound(self, eventLoop: context.eventLoop), requestNumber: number) }
            let reply = shared.store.receive(
                owner: caller.username, password: caller.password, waiter: waiter, origin: origin, on: context.eventLoop)
            answer(reply.map { .received($0) }, context: context)
        case .post(let post, let body):
            let reply = shared.store.post(
                sender: post.caller.username, password: post.caller.password, recipient: post.recipient, body: body,
                contentType: post.contentType, origin: origin, on: context.eventLoop)
            answer(reply.map { .posted($0) }, context: context)
        case .loadFile(let path, let number):
            guard let staticFiles = shared.staticFiles else { preconditionFailure("a file route without --public") }
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            Task {
                let answer = await staticFiles.answer(for: path)
                handler.eventLoop.execute { handler.value.fileLoaded(answer, request: number) }
            }
        case .startWait(let number, let timeout):
            waitTimeout = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                self.performLate(self.machine.longPollTimedOut(request: number))
            }
        case .endWait(let ticket, let number):
            if shared.store.endWait(ticket) { finishLongPoll(number, with: nil) }
        case .confirmDelivered(let delivery):
            shared.store.confirmDelivered(delivery)
        case .returnUndelivered(let delivery):
            shared.store.returnUndelivered(delivery)
        case .returnUndeliveredAndClose(let delivery):
            shared.store.returnUndelivered(delivery)
            close(context: context)
        case .read:
            context.read()
        case .close:
            close(context: context)
        case .scheduleIdleCheck(let deadline):
            idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
                self.perform(self.machine.idleCheck(at: context.eventLoop.now), context: context)
            }
        }
    }

    /// Feeds the store's answer: at once, or once its future completes. A later answer always
    /// comes in a task of its own, so that it never runs inside the loop that takes parts.
    private func answer(_ reply: StoreReply<ConnectionStateMachine.StoreAnswer>, context: ChannelHandlerContext) {
        switch reply {
        case .ready(let answer):
            perform(machine.storeAnswered(answer), context: context)
        case .pending(let future):
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            future.whenComplete { result in
                let answer = (try? result.get()) ?? .unavailable
                handler.eventLoop.execute { handler.value.performLate(handler.value.machine.storeAnswered(answer)) }
            }
        }
    }

    /// Called on this loop when a message, a newer poll or the end of its wait answered the
    /// waiting long poll.
    func finishLongPoll(_ requestNumber: UInt64, with delivery: Delivery?) {
        waitTimeout?.cancel()
        waitTimeout = nil
        let peerHasLeft = delivery != nil && context.map { $0.channel.peerHasClosed } ?? true
        performLate(machine.longPollFinished(request: requestNumber, delivery: delivery, peerHasLeft: peerHasLeft))
    }

    private func fileLoaded(_ answer: HTTPAnswer, request number: UInt64) {
        performLate(machine.fileLoaded(answer, request: number))
    }

    /// Performs what an input from outside the parts loop asks, then takes the parts that
    /// waited. Once the channel is gone the machine is closed and asks only for the store.
    private func performLate(_ action: ConnectionStateMachine.Action) {
        if let context {
            perform(action, context: context)
            takeParts(context: context)
            return
        }
        switch action {
        case .none: break
        case .returnUndelivered(let delivery): shared.store.returnUndelivered(delivery)
        case .endWait(let ticket, _): _ = shared.store.endWait(ticket)
        default: preconditionFailure("\(action) asked of a connection whose channel is gone")
        }
    }

    /// Writes an answer. Only a message, or a close, needs to know how the write went: most
    /// answers carry no promise.
    private func write(_ write: ConnectionStateMachine.Write, context: ChannelHandlerContext) {
        if var refusal = write.refusal {
            refusal.origin = origin
            shared.store.report(refusal)
        }
        let (bytes, status, bodyBytes) = shared.encode(write, allocator: context.channel.allocator)
        let delivery = write.reply.delivery
        if delivery != nil || write.closing {
            let written = context.eventLoop.makePromise(of: Void.self)
            context.write(wrapOutboundOut(bytes), promise: written)
            let closing = write.closing
            written.futureResult.assumeIsolated().whenComplete { result in
                if let delivery {
                    self.perform(self.machine.written(delivery, succeeded: (try? result.get()) != nil), context: context)
                }
                if closing { context.close(promise: nil) }
            }
        } else {
            context.write(wrapOutboundOut(bytes), promise: nil)
        }
        needsFlush = true
        shared.countAnsweredRequest()
        if shared.logsRequests, let request = write.request { shared.log(request, status: status, bytes: bodyBytes, channel: context.channel) }
    }

    /// Closes the connection once what was written is on its way.
    private func close(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.close(promise: nil)
    }
}
