import CLibGit2
import Foundation

/// A `git_strarray` of C strings owned by Swift, for refspecs and custom headers.
final class CStringArray {
    private var pointers: [UnsafeMutablePointer<CChar>?]
    /// The strings as a `git_strarray`, valid while this object lives (libgit2 copies what it keeps).
    var strarray: git_strarray

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) }
        let buffer = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: max(pointers.count, 1))
        buffer.initialize(from: pointers, count: pointers.count)
        strarray = git_strarray(strings: buffer, count: pointers.count)
    }

    deinit {
        for pointer in pointers { free(pointer) }
        strarray.strings.deallocate()
    }
}
