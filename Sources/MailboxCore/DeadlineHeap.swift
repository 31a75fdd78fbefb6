/// A binary min-heap of inboxes keyed by deadline, each inbox knowing its own position, so
/// that moving or removing one costs O(log n) and expiry never scans every inbox.
///
/// Keys live in the heap's own array as well as in the inbox: sifting compares neighbours
/// without visiting their inboxes, which with a million inboxes are cache misses each.
struct DeadlineHeap<Waiter> {
    private var items: [(key: MailboxInstant, inbox: Inbox<Waiter>)] = []

    /// The inbox with the earliest deadline, and that deadline.
    var first: (key: MailboxInstant, inbox: Inbox<Waiter>)? { items.first }
    var count: Int { items.count }

    mutating func insert(_ inbox: Inbox<Waiter>, key: MailboxInstant) {
        inbox.heapKey = key
        inbox.heapIndex = items.count
        items.append((key, inbox))
        siftUp(from: inbox.heapIndex)
    }

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

    mutating func update(_ inbox: Inbox<Waiter>, key: MailboxInstant) {
        let index = inbox.heapIndex
        precondition(items[index].inbox === inbox, "inbox is not in this heap")
        let earlier = key < inbox.heapKey
        inbox.heapKey = key
        items[index].key = key
        if earlier { siftUp(from: index) } else { siftDown(from: index) }
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].key < items[parent].key else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { return }
            let right = left + 1
            var smallest = left
            if right < items.count, items[right].key < items[left].key { smallest = right }
            guard items[smallest].key < items[parent].key else { return }
            swapAt(parent, smallest)
            parent = smallest
        }
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        items.swapAt(a, b)
        items[a].inbox.heapIndex = a
        items[b].inbox.heapIndex = b
    }
}
