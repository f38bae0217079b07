import Foundation

/// A yes/no question on the terminal, as flux's `promptui` confirmation: only `y` or `Y` confirms; anything else,
/// or no input at all, declines.
enum Confirmation {
    /// Asks `label` on stderr and reads one line from stdin.
    static func ask(_ label: String) -> Bool {
        FileHandle.standardError.write(Data("? \(label) [y/N] ".utf8))
        guard let answer = readLine(strippingNewline: true) else {
            FileHandle.standardError.write(Data("\n".utf8))
            return false
        }
        return answer.trimmingCharacters(in: .whitespaces).lowercased() == "y"
    }
}
