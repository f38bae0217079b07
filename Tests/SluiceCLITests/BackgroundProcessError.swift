/// Why a background process could not be started.
struct BackgroundProcessError: Error, CustomStringConvertible {
    var description: String
}
