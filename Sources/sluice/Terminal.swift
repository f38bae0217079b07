import Foundation

/// Writes to stdout and stderr, with colours and progress only when the stream is a terminal.
enum Terminal {
    /// Whether stderr is a terminal (colours, progress lines).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether stdout is a terminal (colours in reports).
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Writes `text` to stdout as it is (YAML that already ends in a newline).
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Prints `text` and a newline on stdout.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Prints `text` and a newline on stderr.
    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A progress line on stderr, only on a terminal.
    static func progress(_ text: String) {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\u{1B}[2K\r\(text)".utf8))
    }

    /// Ends a progress line, only on a terminal.
    static func endProgress() {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8))
    }

    /// Reports an error as `error: …` and `hint: …` on stderr, red and dim on a terminal.
    static func report(_ error: CLIError) {
        let colour = stderrIsTerminal
        err((colour ? "\u{1B}[31merror:\u{1B}[0m " : "error: ") + error.message)
        if let hint = error.hint {
            err((colour ? "\u{1B}[2mhint:\u{1B}[0m " : "hint: ") + hint)
        }
    }
}
