import Benchmark
import Foundation
import MailboxCore

/// Micro-benchmarks of `MailboxStore`, which the server calls under one lock for every request:
/// what an operation costs here, every request pays, and an expiry sweep holds the lock.
///
/// Stores run on a `ManualClock` that stands still unless a benchmark moves it, so no timer
/// fires by accident. Usernames are UUID strings and bodies 200 bytes, the size of a trickled ICE
/// candidate. The body array is shared, so the counts leave out the copy a server makes of it.
let benchmarks: @Sendable () -> Void = {
    /// Operations per measured iteration, each on a different inbox of the fixture.
    let batch = BenchmarkScalingFactor.kilo

    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: batch
    )

    /// `POST /inbox?to=` without HTTP: a sender posts to an existing, empty inbox. The inboxes
    /// are emptied again outside the measurement.
    Benchmark("put") { benchmark, fixture in
        for index in benchmark.scaledIterations {
            blackHole(fixture.post(to: index))
        }
        benchmark.stopMeasurement()
        precondition(fixture.store.statistics.queuedMessages == batch.rawValue, "a post was refused")
        fixture.takeAll()
    } setup: {
        Fixture(inboxes: batch.rawValue)
    }

    /// `GET /inbox` without HTTP: an owner takes the one message waiting in its inbox. The
    /// inboxes are filled outside the measurement.
    Benchmark("take") { benchmark, fixture in
        fixture.postToAll()
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            blackHole(fixture.take(from: index))
        }
        benchmark.stopMeasurement()
        precondition(fixture.store.statistics.queuedMessages == 0, "a message was not taken")
    } setup: {
        Fixture(inboxes: batch.rawValue)
    }

    /// The handshake's hot path: one post, then its recipient takes it.
    Benchmark("put+take") { benchmark, fixture in
        for index in benchmark.scaledIterations {
            blackHole(fixture.post(to: index))
            blackHole(fixture.take(from: index))
        }
        benchmark.stopMeasurement()
        precondition(fixture.store.statistics.queuedMessages == 0, "a message was not taken")
    } setup: {
        Fixture(inboxes: batch.rawValue)
    }

    /// A new username's first `GET /inbox`, which creates its inbox: a password hash, a
    /// dictionary insert and a heap insert. Each iteration starts from an empty store, so
    /// the dictionary's and the heap's growth is included.
    Benchmark("create inbox") { benchmark, newcomers in
        let store = MailboxStore<Void>(clock: ManualClock())
        benchmark.startMeasurement()
        for owner in newcomers {
            blackHole(store.receive(owner: owner, password: password))
        }
        benchmark.stopMeasurement()
        precondition(store.statistics.inboxes == newcomers.count, "an inbox was not created")
    } setup: {
        uuidUsernames(batch.rawValue)
    }

    let nanosecondsPerInbox = BenchmarkMetric.custom("ns per expired inbox", useScalingFactor: false)

    /// A full store (100,000 inboxes, the default `--max-inboxes`) whose inboxes all went idle
    /// past `--inbox-timeout`, swept by one `removeExpired()`: the lock is held for the whole
    /// sweep. Wall clock is per sweep; the custom metric divides it by the inboxes removed.
    Benchmark(
        "expire 100000 inboxes",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, nanosecondsPerInbox],
            scalingFactor: .one,
            maxDuration: .seconds(10),
            maxIterations: 20
        )
    ) { benchmark, owners in
        let clock = ManualClock()
        let store = MailboxStore<Void>(clock: clock)
        for owner in owners {
            _ = store.receive(owner: owner, password: password)
        }
        clock.advance(by: store.configuration.inboxTimeout + .seconds(1))
        benchmark.startMeasurement()
        let sweep = ContinuousClock().measure { store.removeExpired() }
        benchmark.stopMeasurement()
        precondition(store.statistics.inboxesExpired == owners.count, "an inbox did not expire")
        benchmark.measurement(nanosecondsPerInbox, Int(sweep.wholeNanoseconds) / owners.count)
    } setup: {
        uuidUsernames(MailboxConfiguration().maxInboxes)
    }
}

/// Every owner's password: the store keeps only its keyed hash, so its length barely matters.
let password = Array("correct horse battery staple".utf8)

/// A 200-byte body: an ICE candidate as browsers send it, padded with JSON whitespace.
let body = Array(
    #"{"candidate":"candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host generation 0","sdpMid":"0","sdpMLineIndex":0}"#
        .padding(toLength: 200, withPad: " ", startingAt: 0).utf8
)

/// `count` usernames as WebRTC apps make them up: random UUID strings.
func uuidUsernames(_ count: Int) -> [Username] {
    (0..<count).map { _ in try! Username(validating: UUID().uuidString) }
}

/// A store on a standing clock with `inboxes` empty inboxes, each opened by its owner's first
/// receive as on a server, and a sender with its own inbox that posts to them.
final class Fixture {
    let store = MailboxStore<Void>(clock: ManualClock())
    let owners: [Username]
    let sender = try! Username(validating: UUID().uuidString)

    init(inboxes: Int) {
        owners = uuidUsernames(inboxes)
        for owner in owners + [sender] {
            _ = store.receive(owner: owner, password: password)
        }
    }

    func post(to index: Int) -> PostResult<Void> {
        store.post(sender: sender, password: password, recipient: owners[index], body: body, contentType: "application/json")
    }

    func take(from index: Int) -> ReceiveResult<Void> {
        store.receive(owner: owners[index], password: password)
    }

    /// Puts one message in every inbox.
    func postToAll() {
        for index in owners.indices {
            _ = post(to: index)
        }
    }

    /// Takes one message from every inbox.
    func takeAll() {
        for index in owners.indices {
            _ = take(from: index)
        }
    }
}
