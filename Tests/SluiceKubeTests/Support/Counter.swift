/// A counter shared with a server handler.
actor Counter {
    private var value = 0
    func next() -> Int {
        value += 1
        return value
    }
    func peek() -> Int { value }
}
