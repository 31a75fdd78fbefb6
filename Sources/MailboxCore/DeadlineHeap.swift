/// A min-heap of inboxes keyed by deadline, each inbox knowing its own position, so that
/// moving or removing one costs O(log n) and expiry never scans every inbox.
///
/// Built for a million inboxes expiring at once, where every step is a cache miss: keys live
/// in the heap's own array as well as in the inbox, so sifting compares neighbours without
/// visiting their inboxes, and each node has four children, side by side in memory, which
/// halves the depth of a binary heap.
///
/// Inlinable, so that the server's copy of the store's sifting is specialized for its waiter.
@usableFromInline
struct DeadlineHeap<Waiter> {
    @usableFromInline var items: [(key: MailboxInstant, inbox: Inbox<Waiter>)] = []

    /// The inbox with the earliest deadline, and that deadline.
    @inlinable var first: (key: MailboxInstant, inbox: Inbox<Waiter>)? { items.first }
    @inlinable var count: Int { items.count }

    @inlinable
    mutating func insert(_ inbox: Inbox<Waiter>, key: MailboxInstant) {
        inbox.heapKey = key
        inbox.heapIndex = items.count
        items.append((key, inbox))
        siftUp(from: inbox.heapIndex)
    }

    @inlinable
    mutating func remove(_ inbox: Inbox<Waiter>) {
        let index = inbox.heapIndex
        precondition(items[index].inbox === inbox, "inbox is not in this heap")
        let last = items.removeLast()
        guard index < items.count else { return }
        items[index] = last
        last.inbox.heapIndex = index
        siftDown(from: index)
        siftUp(from: last.inbox.heapIndex)
    }

    @inlinable
    mutating func update(_ inbox: Inbox<Waiter>, key: MailboxInstant) {
        let index = inbox.heapIndex
        precondition(items[index].inbox === inbox, "inbox is not in this heap")
        let earlier = key < inbox.heapKey
        inbox.heapKey = key
        items[index].key = key
        if earlier { siftUp(from: index) } else { siftDown(from: index) }
    }

    @inlinable static var arity: Int { 4 }

    @inlinable
    mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / Self.arity
            guard items[child].key < items[parent].key else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    @inlinable
    mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let first = Self.arity * parent + 1
            guard first < items.count else { return }
            var smallest = first
            for child in (first + 1)..<min(first + Self.arity, items.count) where items[child].key < items[smallest].key {
                smallest = child
            }
            guard items[smallest].key < items[parent].key else { return }
            swapAt(parent, smallest)
            parent = smallest
        }
    }

    @inlinable
    mutating func swapAt(_ a: Int, _ b: Int) {
        items.swapAt(a, b)
        items[a].inbox.heapIndex = a
        items[b].inbox.heapIndex = b
    }
}
