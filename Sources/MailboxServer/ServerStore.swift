import MailboxCore
import NIOCore

/// The store behind the HTTP front, as the connections see it. The in-memory store answers
/// every call at once; a store on a database answers from a future. A connection handles both
/// alike (``ConnectionStateMachine``'s "store answered" input), without knowing which it has.
///
/// The rules every implementation keeps, which the front relies on:
/// - A long poll registered by ``receive(owner:password:waiter:origin:on:)`` (it answered
///   ``ReceiveOutcome/waiting(_:)``) is answered exactly once through its ``LongPollWaiter``,
///   with a message or with none (superseded, shut down), unless ``endWait(_:)`` returned true
///   first; and never before the `receive` itself has answered (complete the future first).
/// - A message handed out (``ReceiveOutcome/delivered(_:)`` or through a waiter) is on its way
///   to the client, not gone: the front calls ``confirmDelivered(_:)`` once its answer was
///   written, or ``returnUndelivered(_:)`` if it could not be, and the message then goes back to
///   the head of its queue (DESIGN.md §1, the delivery guarantee).
public protocol ServerStore: AnyObject, Sendable {
    /// The mailbox rules this store keeps; the front reports its timers from them.
    var configuration: MailboxConfiguration { get }
    /// The store's time, in which messages are stamped (for `X-Message-Age`).
    var clock: any MailboxClock { get }
    /// Hashes passwords into what the store checks. The front hashes a connection's password
    /// once, outside any lock, and passes the digest with every request.
    var passwordHasher: PasswordHasher { get }

    /// The owner asks for a message, creating the inbox on first contact. With a `waiter`, an
    /// empty inbox makes the request wait; an older waiting poll of the inbox is answered with
    /// no message. `origin` only labels an authentication failure's event.
    func receive(
        owner: Username, password: PasswordDigest, waiter: LongPollWaiter?, origin: String?, on eventLoop: any EventLoop
    ) -> StoreReply<ReceiveOutcome>

    /// `sender` posts `body` to `recipient`; a waiting poll of the recipient gets it at once.
    func post(
        sender: Username, password: PasswordDigest, recipient: Username, body: ByteBuffer, contentType: String?,
        origin: String?, on eventLoop: any EventLoop
    ) -> StoreReply<PostOutcome>

    /// Ends a long poll's wait (it timed out, or its client left). True if it was still
    /// waiting: nothing will answer its waiter any more. False if a message or a newer poll
    /// already claimed it: its waiter is answered soon.
    func endWait(_ ticket: WaitTicket) -> Bool

    /// The answer carrying `delivery` was written: the message is delivered for good.
    func confirmDelivered(_ delivery: Delivery)

    /// The answer carrying `delivery` could not be written: the message goes back to the head
    /// of its queue, or to a poll that began waiting meanwhile.
    func returnUndelivered(_ delivery: Delivery)

    /// Answers every waiting long poll with no message, for a shutdown; requests that come
    /// after it are answered at once instead of waiting.
    func endAllWaits() async

    /// Tells the store's observer of a request the front refused before the store saw it.
    func report(_ refusal: RefusedRequest)
}

/// A store's answer: at once, or later from a future (on any event loop).
public enum StoreReply<Value: Sendable>: Sendable {
    case ready(Value)
    /// A failed future means the store could not be reached: the request gets a 503.
    case pending(EventLoopFuture<Value>)
}

extension StoreReply {
    func map<Other: Sendable>(_ transform: @escaping @Sendable (Value) -> Other) -> StoreReply<Other> {
        switch self {
        case .ready(let value): .ready(transform(value))
        case .pending(let future): .pending(future.map(transform))
        }
    }
}
