/// A binary min-heap of inboxes keyed by `heapKey`, each inbox knowing its own position, so
/// that moving or removing one costs O(log n) and expiry never scans every inbox.
struct DeadlineHeap<Waiter> {
    private var items: [Inbox<Waiter>] = []

    var first: Inbox<Waiter>? { items.first }
    var count: Int { items.count }

    mutating func insert(_ inbox: Inbox<Waiter>, key: MailboxInstant) {
        inbox.heapKey = key
        inbox.heapIndex = items.count
        items.append(inbox)
        siftUp(from: inbox.heapIndex)
    }

    mutating func remove(_ inbox: Inbox<Waiter>) {
        let index = inbox.heapIndex
        precondition(items[index] === inbox, "inbox is not in this heap")
        let last = items.removeLast()
        guard index < items.count else { return }
        items[index] = last
        last.heapIndex = index
        siftDown(from: index)
        siftUp(from: last.heapIndex)
    }

    mutating func update(_ inbox: Inbox<Waiter>, key: MailboxInstant) {
        precondition(items[inbox.heapIndex] === inbox, "inbox is not in this heap")
        let earlier = key < inbox.heapKey
        inbox.heapKey = key
        if earlier { siftUp(from: inbox.heapIndex) } else { siftDown(from: inbox.heapIndex) }
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].heapKey < items[parent].heapKey else { return }
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
            if right < items.count, items[right].heapKey < items[left].heapKey { smallest = right }
            guard items[smallest].heapKey < items[parent].heapKey else { return }
            swapAt(parent, smallest)
            parent = smallest
        }
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        items.swapAt(a, b)
        items[a].heapIndex = a
        items[b].heapIndex = b
    }
}
