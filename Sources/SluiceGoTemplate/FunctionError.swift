/// The error a template function returns (or Go would panic with); the executor reports it as `error calling NAME: MESSAGE`.
struct FunctionError: Error {
    var message: String

    init(_ message: String) { self.message = message }
}
