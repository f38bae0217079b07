/// A compiled ``LinearRegex``: instructions of a Thompson NFA, and the simulation that runs every thread in lock step, so the
/// work is at most (text length + 1) × instruction count, whatever the pattern.
struct LinearRegexProgram: Sendable {
    private(set) var instructions: [LinearRegexInstruction] = []

    /// Compiles `node`.
    ///
    /// - Throws: `expression too large` when it needs more than `limit` instructions.
    init(compiling node: LinearRegexNode, limit: Int) throws(LinearRegexSyntaxError) {
        var compiler = Compiler(limit: limit)
        try compiler.emit(node)
        try compiler.append(.match)
        instructions = compiler.instructions
    }

    /// Emits instructions, counting them against the limit.
    private struct Compiler {
        var instructions: [LinearRegexInstruction] = []
        let limit: Int

        init(limit: Int) { self.limit = limit }

        mutating func append(_ instruction: LinearRegexInstruction) throws(LinearRegexSyntaxError) {
            guard instructions.count < limit else { throw LinearRegexSyntaxError("expression too large", "") }
            instructions.append(instruction)
        }

        /// Appends a placeholder to patch later; returns its address.
        mutating func placeholder() throws(LinearRegexSyntaxError) -> Int {
            try append(.jump(-1))
            return instructions.count - 1
        }

        mutating func emit(_ node: LinearRegexNode) throws(LinearRegexSyntaxError) {
            switch node {
            case .empty:
                break
            case .scalar(let set):
                try append(.scalar(set))
            case .assertion(let assertion):
                try append(.assertion(assertion))
            case .concatenation(let nodes):
                for node in nodes { try emit(node) }
            case .alternation(let nodes):
                // split L1, next; L1: a; jump end; next: split L2, next'; ... last: z; end:
                var jumpsToEnd: [Int] = []
                for (index, alternative) in nodes.enumerated() {
                    if index < nodes.count - 1 {
                        let split = try placeholder()
                        try emit(alternative)
                        jumpsToEnd.append(try placeholder())
                        instructions[split] = .split(split + 1, instructions.count)
                    } else {
                        try emit(alternative)
                    }
                }
                for jump in jumpsToEnd { instructions[jump] = .jump(instructions.count) }
            case .capture(let index, let body):
                try append(.save(2 * index))
                try emit(body)
                try append(.save(2 * index + 1))
            case .repetition(let body, let min, let max, let greedy):
                // A greedy split prefers the body, a lazy one what follows.
                func split(_ body: Int, _ after: Int) -> LinearRegexInstruction { greedy ? .split(body, after) : .split(after, body) }
                for _ in 0..<min { try emit(body) }
                if let max {
                    // Each optional copy may be skipped to the end.
                    var skips: [Int] = []
                    for _ in min..<max {
                        skips.append(try placeholder())
                        try emit(body)
                    }
                    for skip in skips { instructions[skip] = split(skip + 1, instructions.count) }
                } else {
                    // loop: split body, end; body; jump loop; end:
                    let loop = try placeholder()
                    try emit(body)
                    try append(.jump(loop))
                    instructions[loop] = split(loop + 1, instructions.count)
                }
            }
        }
    }

    /// Whether the program matches `text` starting anywhere.
    func matches(_ text: [Unicode.Scalar]) -> Bool {
        var current = ThreadList(capacity: instructions.count)
        var next = ThreadList(capacity: instructions.count)
        var stack: [Int] = []
        for position in 0...text.count {
            // A new thread starts at every position: the search is unanchored.
            if add(0, at: position, in: text, to: &current, stack: &stack) { return true }
            if position == text.count { break }
            let scalar = text[position]
            for pc in current.members {
                guard case .scalar(let set) = instructions[pc], set.contains(scalar) else { continue }
                if add(pc + 1, at: position + 1, in: text, to: &next, stack: &stack) { return true }
            }
            swap(&current, &next)
            next.removeAll()
        }
        return false
    }

    /// Adds the thread at `start` and everything it reaches without consuming input; returns whether that reaches `match`.
    private func add(_ start: Int, at position: Int, in text: [Unicode.Scalar], to list: inout ThreadList,
                     stack: inout [Int]) -> Bool
    {
        stack.append(start)
        while let pc = stack.popLast() {
            guard list.insert(pc) else { continue }
            switch instructions[pc] {
            case .match:
                stack.removeAll()
                return true
            case .scalar:
                break
            case .jump(let target):
                stack.append(target)
            case .save:
                stack.append(pc + 1)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .assertion(let assertion):
                if assertion.holds(at: position, in: text) { stack.append(pc + 1) }
            }
        }
        return false
    }

    /// The leftmost-first match (as RE2 and Go's `regexp` choose it) starting at or after `start`: `slotCount` capture
    /// slots, -1 where a group did not take part; slots 0 and 1 are the whole match. Nil when there is none.
    ///
    /// The Pike VM with captures: threads are kept in priority order, each with its own slots; when the
    /// highest-priority live thread matches, the threads below it are dropped and no new ones start, and the
    /// threads above it run on in case they match longer. Work stays (text length + 1) × instruction count × slots.
    func firstMatch(_ text: [Unicode.Scalar], from start: Int, slotCount: Int) -> [Int]? {
        var current = CaptureThreadList(capacity: instructions.count)
        var next = CaptureThreadList(capacity: instructions.count)
        var matched: [Int]?
        var position = start
        while position <= text.count {
            if matched == nil {
                var slots = [Int](repeating: -1, count: max(2, slotCount))
                slots[0] = position
                addCapturing(0, at: position, slots: slots, in: text, to: &current)
            }
            if current.threads.isEmpty, matched != nil { break }
            for thread in current.threads {
                switch instructions[thread.pc] {
                case .match:
                    var slots = thread.slots
                    slots[1] = position
                    matched = slots
                case .scalar(let set):
                    if position < text.count, set.contains(text[position]) {
                        addCapturing(thread.pc + 1, at: position + 1, slots: thread.slots, in: text, to: &next)
                    }
                    continue
                default:
                    continue
                }
                // A match cuts off every thread of lower priority.
                break
            }
            swap(&current, &next)
            next.removeAll()
            position += 1
        }
        return matched
    }

    /// Adds the thread at `start` and what it reaches without consuming input, in priority order, recording positions in
    /// the slots of the threads that pass `save` instructions.
    private func addCapturing(_ start: Int, at position: Int, slots: [Int], in text: [Unicode.Scalar], to list: inout CaptureThreadList) {
        var stack: [(pc: Int, slots: [Int])] = [(start, slots)]
        while let (pc, slots) = stack.popLast() {
            guard list.visit(pc) else { continue }
            switch instructions[pc] {
            case .match, .scalar:
                list.threads.append((pc, slots))
            case .jump(let target):
                stack.append((target, slots))
            case .save(let slot):
                var saved = slots
                if slot < saved.count { saved[slot] = position }
                stack.append((pc + 1, saved))
            case .split(let first, let second):
                stack.append((second, slots))
                stack.append((first, slots))
            case .assertion(let assertion):
                if assertion.holds(at: position, in: text) { stack.append((pc + 1, slots)) }
            }
        }
    }

    /// The threads at one text position, in priority order, each with its capture slots; every address at most once.
    private struct CaptureThreadList {
        private var visited: ThreadList
        var threads: [(pc: Int, slots: [Int])] = []

        init(capacity: Int) { visited = ThreadList(capacity: capacity) }

        /// Marks `pc` as reached; `false` when it already was.
        mutating func visit(_ pc: Int) -> Bool { visited.insert(pc) }

        mutating func removeAll() {
            visited.removeAll()
            threads.removeAll(keepingCapacity: true)
        }
    }

    /// A sparse set of instruction addresses: constant-time insert, membership and clear, iteration in insertion order.
    fileprivate struct ThreadList {
        private var sparse: [Int]
        private(set) var members: [Int] = []

        init(capacity: Int) { sparse = Array(repeating: 0, count: capacity) }

        /// Inserts `pc`; `false` when it was already there.
        mutating func insert(_ pc: Int) -> Bool {
            let slot = sparse[pc]
            if slot < members.count && members[slot] == pc { return false }
            sparse[pc] = members.count
            members.append(pc)
            return true
        }

        mutating func removeAll() { members.removeAll(keepingCapacity: true) }
    }
}
