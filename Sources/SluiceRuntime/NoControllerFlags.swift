import ArgumentParser

/// The flags of a controller that has none of its own.
public struct NoControllerFlags: ParsableArguments, Sendable {
    public init() {}
}
