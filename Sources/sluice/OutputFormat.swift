import ArgumentParser

/// How `get` prints objects.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, yaml, json
}
