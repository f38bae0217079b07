/// A switch shared with a server handler.
actor Flag {
    private(set) var value = false
    func set() { value = true }
}
