/// The header of one tar archive member: what it is, its name and metadata, and the size of its contents.
public struct TarEntry: Sendable, Hashable {
    /// What a member is, from the header's type flag.
    public enum Kind: Sendable, Hashable {
        /// A regular file (type `0`, NUL, or the obsolete contiguous file `7`).
        case regularFile
        /// A hard link to an earlier member named by ``TarEntry/linkName`` (type `1`).
        case hardLink
        /// A symbolic link whose target is ``TarEntry/linkName`` (type `2`).
        case symbolicLink
        /// A character device (type `3`).
        case characterDevice
        /// A block device (type `4`).
        case blockDevice
        /// A directory (type `5`).
        case directory
        /// A named pipe (type `6`).
        case fifo
        /// Any other type flag, e.g. GNU sparse files (`S`) or volume labels (`V`).
        case other(UInt8)

        /// The kind a header's type flag stands for.
        public init(typeFlag: UInt8) {
            switch typeFlag {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): self = .regularFile
            case UInt8(ascii: "1"): self = .hardLink
            case UInt8(ascii: "2"): self = .symbolicLink
            case UInt8(ascii: "3"): self = .characterDevice
            case UInt8(ascii: "4"): self = .blockDevice
            case UInt8(ascii: "5"): self = .directory
            case UInt8(ascii: "6"): self = .fifo
            default: self = .other(typeFlag)
            }
        }

        /// The type flag written for this kind.
        public var typeFlag: UInt8 {
            switch self {
            case .regularFile: UInt8(ascii: "0")
            case .hardLink: UInt8(ascii: "1")
            case .symbolicLink: UInt8(ascii: "2")
            case .characterDevice: UInt8(ascii: "3")
            case .blockDevice: UInt8(ascii: "4")
            case .directory: UInt8(ascii: "5")
            case .fifo: UInt8(ascii: "6")
            case .other(let flag): flag
            }
        }

        /// A word for messages: "regular file", "fifo", ….
        public var description: String {
            switch self {
            case .regularFile: "regular file"
            case .hardLink: "hard link"
            case .symbolicLink: "symlink"
            case .characterDevice: "character device"
            case .blockDevice: "block device"
            case .directory: "directory"
            case .fifo: "fifo"
            case .other(let flag): "entry of type '\(Character(Unicode.Scalar(flag)))'"
            }
        }
    }

    /// The member's path inside the archive, `/`-separated; directories conventionally end with `/`.
    public var name: String
    /// What the member is.
    public var kind: Kind
    /// The permission bits (e.g. `0o644`).
    public var mode: UInt32
    /// The size of the member's contents in bytes (non-zero for regular files only).
    public var size: Int64
    /// The target of a symbolic link, or the earlier member a hard link refers to; empty otherwise.
    public var linkName: String
    /// The owner's numeric user id.
    public var userID: Int64
    /// The owner's numeric group id.
    public var groupID: Int64
    /// The modification time in seconds since the Unix epoch.
    public var modificationTime: Int64
    /// The owner's user name.
    public var userName: String
    /// The owner's group name.
    public var groupName: String
    /// The major number of a device member.
    public var deviceMajor: Int64
    /// The minor number of a device member.
    public var deviceMinor: Int64

    /// A header; everything but the name and kind defaults to what a deterministic artifact uses (owner 0, mtime 0).
    public init(
        name: String, kind: Kind, mode: UInt32 = 0o644, size: Int64 = 0, linkName: String = "",
        userID: Int64 = 0, groupID: Int64 = 0, modificationTime: Int64 = 0, userName: String = "",
        groupName: String = "", deviceMajor: Int64 = 0, deviceMinor: Int64 = 0
    ) {
        self.name = name
        self.kind = kind
        self.mode = mode
        self.size = size
        self.linkName = linkName
        self.userID = userID
        self.groupID = groupID
        self.modificationTime = modificationTime
        self.userName = userName
        self.groupName = groupName
        self.deviceMajor = deviceMajor
        self.deviceMinor = deviceMinor
    }
}
