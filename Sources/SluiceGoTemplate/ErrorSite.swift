/// The node an execution error is reported at: its position and Go's rendering of it.
enum ErrorSite {
    case node(Node)
    case argument(Argument)
    case command(Command)
    case pipeline(Pipeline)

    var pos: Int {
        switch self {
        case .node(let node): return node.pos
        case .argument(let argument): return argument.pos
        case .command(let command): return command.pos
        case .pipeline(let pipeline): return pipeline.pos
        }
    }

    var description: String {
        switch self {
        case .node(let node): return node.description
        case .argument(let argument): return argument.description
        case .command(let command): return command.description
        case .pipeline(let pipeline): return pipeline.description
        }
    }
}
