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
            case .repetition(let body, let min, let max):
                for _ in 0..<min { try emit(body) }
                if let max {
                    // Each optional copy may be skipped to the end.
                    var skips: [Int] = []
                    for _ in min..<max {
                        skips.append(try placeholder())
                        try emit(body)
                    }
                    for skip in skips { instructions[skip] = .split(skip + 1, instructions.count) }
                } else {
                    // loop: split body, end; body; jump loop; end:
                    let loop = try placeholder()
                    try emit(body)
                    try append(.jump(loop))
                    instructions[loop] = .split(loop + 1, instructions.count)
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
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .assertion(let assertion):
                if assertion.holds(at: position, in: text) { stack.append(pc + 1) }
            }
        }
        return false
    }

    /// A sparse set of instruction addresses: constant-time insert, membership and clear, iteration in insertion order.
    private struct ThreadList {
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
