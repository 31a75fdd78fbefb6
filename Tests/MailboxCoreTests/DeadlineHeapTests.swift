import Testing
@testable import MailboxCore

@Suite struct DeadlineHeapTests {
    @Test func staysOrderedThroughRandomInsertsUpdatesAndRemovals() throws {
        var generator = SplitMix64(seed: 7)
        var heap = DeadlineHeap<Never>()
        var live: [Inbox<Never>] = []
        let password = PasswordHasher().digest(of: [UInt8]())
        for step in 0..<5_000 {
            let key = MailboxInstant(nanoseconds: generator.next() % 1_000)
            let choice = live.isEmpty ? 0 : generator.next() % 3
            switch choice {
            case 0:
                let inbox = Inbox<Never>(owner: try Username(validating: "i\(step)"), password: password, createdAt: key)
                heap.insert(inbox, key: key)
                live.append(inbox)
            case 1:
                heap.update(live[Int(generator.next() % UInt64(live.count))], key: key)
            default:
                let index = Int(generator.next() % UInt64(live.count))
                heap.remove(live.remove(at: index))
            }
            #expect(heap.count == live.count)
            #expect(heap.first?.key == live.map(\.heapKey).min())
            #expect(heap.first?.key == heap.first?.inbox.heapKey)
        }
        var drained: [MailboxInstant] = []
        while let (key, inbox) = heap.first {
            #expect(key == inbox.heapKey)
            drained.append(key)
            heap.remove(inbox)
        }
        #expect(drained == live.map(\.heapKey).sorted())
    }
}

/// A small deterministic generator, so that a failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
