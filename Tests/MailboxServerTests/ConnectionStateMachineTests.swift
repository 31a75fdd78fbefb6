import Foundation
import NIOCore
import NIOHTTP1
import Testing
@testable import MailboxCore
@testable import MailboxServer

/// The connection's logic without a channel: inputs in, the one action out, compared with `==`.
@Suite struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine
    typealias Write = ConnectionStateMachine.Write

    let hasher = PasswordHasher()
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    let alice = try! Username(validating: "alice")
    let bob = try! Username(validating: "bob")

    func machine(_ configuration: ServerConfiguration = ServerConfiguration(), staticFiles: Bool = false) -> Machine {
        var machine = Machine(settings: .init(configuration, servesStaticFiles: staticFiles), hasher: hasher)
        _ = machine.connected(at: start)
        machine.bytesArrived(at: start)
        return machine
    }

    func head(_ method: HTTPMethod, _ target: String, user: String? = "alice", version: HTTPVersion = .http1_1) -> RequestHead {
        var head = RequestHead(method: method, target: target, version: version)
        if let user { head.authorization = "Basic " + Data("\(user):pw".utf8).base64EncodedString() }
        return head
    }

    func caller(_ name: String) -> Machine.Caller {
        Machine.Caller(username: try! Username(validating: name), password: hasher.digest(of: Array("pw".utf8)))
    }

    func request(_ number: UInt64, _ head: RequestHead) -> Machine.Request {
        Machine.Request(number: number, head: head, receivedAt: start)
    }

    func delivery(_ text: String) -> Delivery {
        Delivery(
            message: Message(sender: bob, body: Array(text.utf8), contentType: nil, postedAt: MailboxInstant(nanoseconds: 0)),
            recipient: alice, pending: 0)
    }

    /// Feeds a whole GET and checks that it goes to the store.
    func get(_ machine: inout Machine, _ target: String = "/inbox", number: UInt64 = 1, wait: TimeAmount? = .seconds(25)) {
        #expect(machine.received(.head(head(.GET, target))) == .none)
        #expect(machine.received(.end) == .receive(caller("alice"), wait: wait, request: number))
        #expect(!machine.acceptsParts)
    }

    @Test func aMessageFoundAtOnceIsWrittenAndItsFateGoesBackToTheStore() {
        var machine = machine()
        get(&machine)
        let message = delivery("offer")
        #expect(machine.storeAnswered(.received(.delivered(message)))
            == .write(Write(reply: .message(message), request: request(1, head(.GET, "/inbox")), closing: false)))
        #expect(machine.acceptsParts)
        #expect(machine.written(message, succeeded: true) == .confirmDelivered(message))
        #expect(machine.written(message, succeeded: false) == .returnUndelivered(message))
        // The next request on the connection has the next number.
        get(&machine, number: 2)
    }

    @Test func anEmptyInboxAnswersNoMessageAndAWaitOfZeroAsksForNoWaiter() {
        var machine = machine()
        get(&machine, "/inbox?wait=0", wait: nil)
        #expect(machine.storeAnswered(.received(.empty))
            == .write(Write(reply: .noMessage, request: request(1, head(.GET, "/inbox?wait=0")), closing: false)))
    }

    @Test func aWaitingPollIsAnsweredByItsMessageAndItsStaleTimerIsIgnored() {
        var machine = machine()
        get(&machine, "/inbox?wait=5", wait: .seconds(5))
        let ticket = WaitTicket(owner: alice, serial: 1)
        #expect(machine.storeAnswered(.received(.waiting(ticket))) == .startWait(request: 1, timeout: .seconds(5)))
        #expect(!machine.acceptsParts)
        let message = delivery("offer")
        #expect(machine.longPollFinished(request: 1, delivery: message, peerHasLeft: false)
            == .write(Write(reply: .message(message), request: request(1, head(.GET, "/inbox?wait=5")), closing: false)))
        #expect(machine.longPollTimedOut(request: 1) == .none)
    }

    @Test func aPollWhoseTimerRunsOutEndsItsWaitThenAnswersNoMessage() {
        var machine = machine()
        get(&machine)
        let ticket = WaitTicket(owner: alice, serial: 1)
        _ = machine.storeAnswered(.received(.waiting(ticket)))
        #expect(machine.longPollTimedOut(request: 1) == .endWait(ticket, request: 1))
        #expect(machine.longPollFinished(request: 1, delivery: nil, peerHasLeft: false)
            == .write(Write(reply: .noMessage, request: request(1, head(.GET, "/inbox")), closing: false)))
    }

    /// The delivery guarantee: a message for a client that has gone goes back to its queue.
    @Test func aMessageForAPollWhoseClientLeftGoesBack() {
        var machine = machine()
        get(&machine)
        let ticket = WaitTicket(owner: alice, serial: 1)
        _ = machine.storeAnswered(.received(.waiting(ticket)))
        #expect(machine.channelInactive() == .endWait(ticket, request: 1))
        let message = delivery("offer")
        #expect(machine.longPollFinished(request: 1, delivery: message, peerHasLeft: false) == .returnUndelivered(message))
        #expect(machine.longPollTimedOut(request: 1) == .none)
    }

    @Test func aMessageForAPollWhoseClientClosedUnseenGoesBackAndTheConnectionCloses() {
        var machine = machine()
        get(&machine)
        _ = machine.storeAnswered(.received(.waiting(WaitTicket(owner: alice, serial: 1))))
        let message = delivery("offer")
        #expect(machine.longPollFinished(request: 1, delivery: message, peerHasLeft: true) == .returnUndeliveredAndClose(message))
        #expect(!machine.acceptsParts)
        #expect(machine.channelInactive() == .none)
    }

    @Test func aStoreAnswerThatComesAfterTheClientLeftGivesBackWhatItHandedOut() {
        var machine = machine()
        get(&machine)
        #expect(machine.channelInactive() == .none)
        let message = delivery("offer")
        #expect(machine.storeAnswered(.received(.delivered(message))) == .returnUndelivered(message))

        var waiting = self.machine()
        get(&waiting)
        _ = waiting.channelInactive()
        let ticket = WaitTicket(owner: alice, serial: 7)
        #expect(waiting.storeAnswered(.received(.waiting(ticket))) == .endWait(ticket, request: 1))
    }

    @Test func aStoreThatCannotBeReachedGets503() {
        var machine = machine()
        get(&machine)
        let answer = OutcomeAnswers.storeUnavailable
        let refusal = RefusedRequest(status: 503, request: "GET /inbox", caller: alice, origin: nil, reason: "the store is unavailable, try again")
        #expect(machine.storeAnswered(.unavailable)
            == .write(Write(reply: .answer(answer), request: request(1, head(.GET, "/inbox")), closing: false, refusal: refusal)))
    }

    @Test func aPostsBodyIsGatheredFromItsPiecesAndItsOutcomeAnswered() {
        var machine = machine()
        var post = head(.POST, "/inbox?to=bob")
        post.contentType = "text/plain"
        #expect(machine.received(.head(post)) == .none)
        #expect(machine.received(.body(ByteBuffer(string: "hello "))) == .none)
        #expect(machine.received(.body(ByteBuffer(string: "world"))) == .none)
        let pending = Machine.PendingPost(caller: caller("alice"), recipient: bob, contentType: "text/plain")
        #expect(machine.received(.end) == .post(pending, body: ByteBuffer(string: "hello world")))
        #expect(!machine.acceptsParts)
        #expect(machine.storeAnswered(.posted(.recipientFull))
            == .write(Write(reply: .recipientFull(bob), request: request(1, post), closing: false)))
    }

    @Test func aClientThatAsksToContinueIsToldTo() {
        var machine = machine()
        var post = head(.POST, "/inbox?to=bob")
        post.expectsContinue = true
        post.contentLength = 5
        #expect(machine.received(.head(post)) == .sendContinue(.http1_1))
    }

    @Test func aDeclaredOversizedBodyIs413WhileTheRestIsDroppedThenTheConnectionCloses() {
        var machine = machine(ServerConfiguration(maxBodySize: 4))
        var post = head(.POST, "/inbox?to=bob")
        post.contentLength = 10
        let answer = OutcomeAnswers.oversizedBody(received: 10, limit: 4)
        let refusal = RefusedRequest(
            status: 413, request: "POST /inbox", caller: alice, origin: nil, reason: "message is 10+ bytes, the limit is 4 bytes")
        #expect(machine.received(.head(post))
            == .refuseBody(Write(reply: .answer(answer), request: request(1, post), closing: false, refusal: refusal),
                           closeWithin: .seconds(2)))
        #expect(machine.received(.body(ByteBuffer(string: "0123456789"))) == .none)
        #expect(machine.received(.end) == .close)
        #expect(machine.closeTimerFired() == .none)
    }

    @Test func anOversizedBodyForAClientWaitingToContinueIsRefusedAtOnceAndCloses() {
        var machine = machine(ServerConfiguration(maxBodySize: 4))
        var post = head(.POST, "/inbox?to=bob")
        post.contentLength = 10
        post.expectsContinue = true
        guard case .write(let write) = machine.received(.head(post)) else {
            Issue.record("no answer")
            return
        }
        #expect(write.closing)
        #expect(write.reply.closesConnection)
        #expect(!machine.acceptsParts)
    }

    @Test func aBodyThatGrowsPastTheLimitWhileStreamingIsRefused() {
        var machine = machine(ServerConfiguration(maxBodySize: 8))
        var post = head(.POST, "/inbox?to=bob")
        post.isChunked = true
        _ = machine.received(.head(post))
        #expect(machine.received(.body(ByteBuffer(string: "12345"))) == .none)
        guard case .refuseBody(let write, _) = machine.received(.body(ByteBuffer(string: "6789"))) else {
            Issue.record("no 413")
            return
        }
        #expect(write.reply == .answer(OutcomeAnswers.oversizedBody(received: 9, limit: 8)))
        #expect(machine.closeTimerFired() == .close)
    }

    @Test func aMalformedRequestIsAnsweredAndTheConnectionCloses() {
        var machine = machine()
        let answer = OutcomeAnswers.answer(to: .headTooLarge)
        let refusal = RefusedRequest(status: 431, request: nil, caller: nil, origin: nil, reason: "request headers too large")
        #expect(machine.malformed(.headTooLarge) == .write(Write(reply: .answer(answer), request: nil, closing: true, refusal: refusal)))
        #expect(!machine.acceptsParts)
    }

    @Test func aClientThatAsksToCloseIsClosedAfterItsAnswer() {
        var machine = machine()
        var health = head(.GET, "/healthz", user: nil)
        health.keepAlive = false
        _ = machine.received(.head(health))
        #expect(machine.received(.end) == .write(Write(reply: .answer(OutcomeAnswers.health), request: request(1, health), closing: true)))
        #expect(!machine.acceptsParts)
    }

    @Test func refusalsTheFrontDecidesAreReportedWithWhoAskedAndWhy() {
        var machine = machine()
        let missing = head(.GET, "/inbox", user: nil)
        _ = machine.received(.head(missing))
        let refusal = RefusedRequest(
            status: 401, request: "GET /inbox", caller: nil, origin: nil, reason: "HTTP Basic credentials are required")
        #expect(machine.received(.end)
            == .write(Write(reply: .answer(OutcomeAnswers.missingCredentials), request: request(1, missing), closing: false, refusal: refusal)))

        let noRecipient = head(.POST, "/inbox")
        _ = machine.received(.head(noRecipient))
        #expect(machine.received(.body(ByteBuffer(string: "ignored"))) == .none)
        let missingRecipient = RefusedRequest(
            status: 400, request: "POST /inbox", caller: alice, origin: nil, reason: "missing recipient: add ?to=PEER")
        #expect(machine.received(.end)
            == .write(Write(reply: .answer(OutcomeAnswers.missingRecipient), request: request(2, noRecipient), closing: false,
                            refusal: missingRecipient)))
    }

    @Test func theInboxLimitIsReportedForAGetButLeftToTheStoreForAPost() {
        var machine = machine()
        get(&machine)
        guard case .write(let write) = machine.storeAnswered(.received(.inboxLimitReached)) else {
            Issue.record("no answer")
            return
        }
        #expect(write.refusal?.status == 503)

        _ = machine.received(.head(head(.POST, "/inbox?to=bob")))
        _ = machine.received(.body(ByteBuffer(string: "x")))
        _ = machine.received(.end)
        guard case .write(let posted) = machine.storeAnswered(.posted(.inboxLimitReached)) else {
            Issue.record("no answer")
            return
        }
        #expect(posted.refusal == nil)
    }

    @Test func anIdleConnectionIsClosedAtItsTimeoutButAWaitingPollIsNot() {
        var machine = machine(ServerConfiguration(idleTimeout: .seconds(2)))
        #expect(machine.idleCheck(at: start + .seconds(1)) == .scheduleIdleCheck(at: start + .seconds(2)))
        machine.bytesArrived(at: start + .seconds(1))
        #expect(machine.idleCheck(at: start + .seconds(2)) == .scheduleIdleCheck(at: start + .seconds(3)))
        #expect(machine.idleCheck(at: start + .seconds(3)) == .close)
        #expect(machine.idleCheck(at: start + .seconds(5)) == .none)

        var polling = self.machine(ServerConfiguration(idleTimeout: .seconds(2)))
        get(&polling)
        _ = polling.storeAnswered(.received(.waiting(WaitTicket(owner: alice, serial: 1))))
        #expect(polling.idleCheck(at: start + .seconds(2)) == .scheduleIdleCheck(at: start + .seconds(4)))
    }

    @Test func aReadIsHeldWhileARequestWaitsWithTheNextBufferedAndIssuedOnceItIsAnswered() {
        var machine = machine()
        get(&machine)
        #expect(machine.readRequested(bufferedBytes: 0) == .read)  // the client must still be heard leaving
        #expect(machine.readRequested(bufferedBytes: 40) == .none)
        #expect(machine.partsTaken() == .none)
        _ = machine.storeAnswered(.received(.empty))
        #expect(machine.partsTaken() == .read)
        #expect(machine.partsTaken() == .none)
    }

    @Test func staticFilesAreLoadedOffTheLoop() {
        var machine = machine(staticFiles: true)
        let file = head(.GET, "/index.html", user: nil)
        _ = machine.received(.head(file))
        #expect(machine.received(.end) == .loadFile(path: "/index.html", request: 1))
        #expect(!machine.acceptsParts)
        let answer = HTTPAnswer.text(.ok, "hi")
        #expect(machine.fileLoaded(answer, request: 1) == .write(Write(reply: .answer(answer), request: request(1, file), closing: false)))
    }
}
